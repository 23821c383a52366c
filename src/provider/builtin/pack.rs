//! Language packs of the builtin engine (`prompts/builtin/xx.toml`): types, validation and
//! rendering of their minijinja strings.
//!
//! Owns the pack format described in `prompts/builtin/README.md`. It must not detect
//! languages or concerns; it only says what a pack contains and renders it.

use std::collections::BTreeMap;

use minijinja::{Environment, UndefinedBehavior, Value};
use serde::Deserialize;

use crate::suggestion::Concern;

/// The reply strategies, in the order replies are produced.
pub const STRATEGIES: [&str; 3] = ["explore", "reframe", "next_step"];

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pack {
    pub language: String,
    pub product_fallback: String,
    pub greeting: String,
    pub greeting_anonymous: String,
    pub sign_off: String,
    pub sign_off_anonymous: String,
    /// Says the customer's key clause back (`heard`, else `quote`).
    pub echo: String,
    /// The listening question asked first when the concern is unclear.
    pub listen_question: String,
    /// The next step for a customer who has just put off a call or the topic.
    pub deferred_step: String,
    pub abstain: AbstainTexts,
    /// Wording of the emotions the understanding layer names.
    pub emotions: BTreeMap<String, String>,
    pub strategies: BTreeMap<String, Strategy>,
    pub concerns: BTreeMap<String, ConcernPack>,
    /// Wording for a named shape of a concern (`[facets.in_house]`), used when the reading
    /// names that facet; a facet without wording falls back to its concern's.
    #[serde(default)]
    pub facets: BTreeMap<String, ConcernPack>,
    /// The `[understand]` tables belong to the understanding layer (`crate::understand`).
    #[serde(default, rename = "understand")]
    _understand: serde::de::IgnoredAny,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AbstainTexts {
    pub abusive: String,
    pub legal_threat: String,
    pub empty: String,
    pub no_customer_message: String,
    pub awaiting_customer: String,
}

impl AbstainTexts {
    /// The detail text for an abstention reason.
    pub fn detail(&self, reason: &str) -> &str {
        match reason {
            "abusive" => &self.abusive,
            "legal_threat" => &self.legal_threat,
            "empty" => &self.empty,
            "awaiting_customer" => &self.awaiting_customer,
            _ => &self.no_customer_message,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Strategy {
    pub template: String,
    pub wifm: String,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct ConcernPack {
    pub says: String,
    pub means: String,
    pub objective: String,
    pub structure: String,
    pub emotion: String,
    pub acknowledge: String,
    pub meaning_check: String,
    pub alternative: String,
    pub why: String,
    pub next_step: String,
    pub questions: Vec<String>,
    pub wifm: String,
}

impl Pack {
    /// Parses and checks a pack: every concern and strategy present, two questions each.
    pub fn parse(name: &str, text: &str) -> Result<Pack, String> {
        let pack: Pack = toml::from_str(text).map_err(|e| format!("{name}: {}", e.message()))?;
        for concern in Concern::ALL {
            let c = pack
                .concerns
                .get(concern.as_str())
                .ok_or_else(|| format!("{name}: missing [concerns.{}]", concern.as_str()))?;
            if c.questions.len() < 2 {
                return Err(format!(
                    "{name}: [concerns.{}] needs two questions",
                    concern.as_str()
                ));
            }
        }
        if let Some((f, _)) = pack.facets.iter().find(|(_, c)| c.questions.len() < 2) {
            return Err(format!("{name}: [facets.{f}] needs two questions"));
        }
        for strategy in STRATEGIES {
            if !pack.strategies.contains_key(strategy) {
                return Err(format!("{name}: missing [strategies.{strategy}]"));
            }
        }
        Ok(pack)
    }

    /// The wording of an emotion the understanding layer named, if the pack has it.
    pub fn emotion(&self, name: &str) -> Option<&str> {
        self.emotions.get(name).map(String::as_str)
    }

    /// The wording for a concern, or for its facet when the pack words that facet.
    pub fn concern(&self, concern: Concern, facet: Option<&str>) -> &ConcernPack {
        match facet.and_then(|f| self.facets.get(f)) {
            Some(wording) => wording,
            // `parse` guarantees every concern is present.
            None => &self.concerns[concern.as_str()],
        }
    }
}

/// Renders pack strings with strict undefined variables.
pub struct Renderer {
    env: Environment<'static>,
}

impl Renderer {
    pub fn new() -> Renderer {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        Renderer { env }
    }

    pub fn render(&self, what: &str, template: &str, ctx: &Value) -> Result<String, String> {
        self.env
            .render_str(template, ctx)
            .map(|s| tidy(&s))
            .map_err(|e| format!("{what}: {e}"))
    }
}

impl Default for Renderer {
    fn default() -> Self {
        Renderer::new()
    }
}

/// Collapses the blank lines and doubled spaces left by empty variables.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0;
    for line in text.trim().lines() {
        let line = line
            .split(' ')
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        if line.is_empty() {
            blank_run += 1;
            if blank_run > 1 {
                continue;
            }
        } else {
            blank_run = 0;
        }
        out.push_str(&line);
        out.push('\n');
    }
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_collapses_gaps() {
        assert_eq!(
            tidy("Hi,\n\n\n\nText  here.\n\n \n\nBest,"),
            "Hi,\n\nText here.\n\nBest,"
        );
    }

    #[test]
    fn parse_reports_missing_parts() {
        let err = Pack::parse("x.toml", "language = \"x\"").unwrap_err();
        assert!(err.contains("x.toml"), "{err}");
    }
}
