//! The Suggestion: reframe's output shape (SPEC "Suggestion (output)").
//!
//! Owns the serde types of a suggestion, the `ModelAnswer` a provider must produce (the same
//! top-level names minus `id` and `meta`), and the rules that make an answer valid. It must not
//! know how an answer was produced: no HTTP, no prompts, no templates.

use serde::{Deserialize, Serialize};

/// The concern under a customer's message (SPEC `analysis.concern`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Concern {
    ValueGap,
    Price,
    Competitor,
    Timing,
    Authority,
    Information,
    Complaint,
    FeatureGap,
    Churn,
    Other,
}

impl Concern {
    pub const ALL: [Concern; 10] = [
        Concern::ValueGap,
        Concern::Price,
        Concern::Competitor,
        Concern::Timing,
        Concern::Authority,
        Concern::Information,
        Concern::Complaint,
        Concern::FeatureGap,
        Concern::Churn,
        Concern::Other,
    ];

    /// The snake_case name used in JSON, prompts and language packs.
    pub fn as_str(self) -> &'static str {
        match self {
            Concern::ValueGap => "value_gap",
            Concern::Price => "price",
            Concern::Competitor => "competitor",
            Concern::Timing => "timing",
            Concern::Authority => "authority",
            Concern::Information => "information",
            Concern::Complaint => "complaint",
            Concern::FeatureGap => "feature_gap",
            Concern::Churn => "churn",
            Concern::Other => "other",
        }
    }

    pub fn parse(name: &str) -> Option<Concern> {
        Concern::ALL
            .into_iter()
            .find(|c| c.as_str() == name.trim().to_ascii_lowercase())
    }
}

/// Says vs means, and the structure that links them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Analysis {
    pub says: String,
    pub means: String,
    pub objective: String,
    pub structure: String,
    pub concern: Concern,
    pub emotion: String,
    /// How sure the concern is (0..1), when the engine can tell (the builtin engine does).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Reply {
    pub strategy: String,
    pub text: String,
    pub wifm: String,
}

/// Why reframe declined to pitch (abusive, legal threat, empty, no customer message).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Abstain {
    pub reason: String,
    pub detail: String,
}

/// What a provider returns: the Suggestion without `id` and `meta`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ModelAnswer {
    pub analysis: Option<Analysis>,
    #[serde(default)]
    pub questions: Vec<String>,
    #[serde(default)]
    pub replies: Vec<Reply>,
    #[serde(default)]
    pub abstain: Option<Abstain>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Usage {
    pub prompt_tokens: u64,
    pub completion_tokens: u64,
}

impl Usage {
    pub fn plus(self, other: Usage) -> Usage {
        Usage {
            prompt_tokens: self.prompt_tokens + other.prompt_tokens,
            completion_tokens: self.completion_tokens + other.completion_tokens,
        }
    }
}

/// Whether `usage` is what the upstream reported or reframe's tiktoken estimate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum UsageSource {
    Upstream,
    Estimate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Meta {
    /// Which engine answered: `builtin` or `openai`. Never a guess.
    pub provider: String,
    pub model: String,
    pub prompt_version: String,
    pub usage: Usage,
    pub usage_source: UsageSource,
    pub truncated: bool,
    pub latency_ms: u64,
    /// Calls made to the upstream, counting retries and the repair call (0 for builtin).
    pub attempts: u32,
    /// Language the reply was written in (ISO 639-1), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// True when this answer was served from the service's response cache (no model call).
    #[serde(default)]
    pub cached: bool,
    /// True when the customer's language has no pack and the reply is in English.
    #[serde(default)]
    pub language_fallback: bool,
    /// What the deterministic triage read in the message (an abstention reason), when it
    /// flagged anything, whether or not it decided the answer (see `triage` in the config).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub triage: Option<String>,
}

/// The full Suggestion object of SPEC.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Suggestion {
    pub id: String,
    pub analysis: Option<Analysis>,
    pub questions: Vec<String>,
    pub replies: Vec<Reply>,
    pub abstain: Option<Abstain>,
    pub meta: Meta,
}

impl Suggestion {
    pub fn new(answer: ModelAnswer, meta: Meta) -> Suggestion {
        Suggestion {
            id: new_suggestion_id(),
            analysis: answer.analysis,
            questions: answer.questions,
            replies: answer.replies,
            abstain: answer.abstain,
            meta,
        }
    }
}

/// `sug_` + 20 random lowercase base-32 characters (100 bits): unique enough to key feedback.
pub fn new_suggestion_id() -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz234567";
    let tail: String = (0..20)
        .map(|_| ALPHABET[fastrand::usize(..ALPHABET.len())] as char)
        .collect();
    format!("sug_{tail}")
}

/// Why a model answer is not a usable suggestion; the text is fed back to the model verbatim
/// in the repair request, so it names the field and the rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnswerError {
    #[error("`replies` is empty and `abstain` is null: give at least one reply or abstain")]
    NothingToSay,
    #[error("`abstain` is set but `replies` is not empty: abstain with no replies, or reply without abstaining")]
    AbstainWithReplies,
    #[error("`analysis` is missing: it is required unless you abstain")]
    MissingAnalysis,
    #[error("`replies[{0}].text` is empty")]
    EmptyReply(usize),
    #[error("`replies[{0}].strategy` is empty")]
    EmptyStrategy(usize),
    #[error("`abstain.reason` is empty")]
    EmptyAbstainReason,
    #[error("`analysis.{0}` is empty")]
    EmptyAnalysisField(&'static str),
}

impl ModelAnswer {
    /// Checks the rules a JSON schema cannot express.
    pub fn validate(&self) -> Result<(), AnswerError> {
        match (&self.abstain, self.replies.is_empty()) {
            (Some(_), false) => return Err(AnswerError::AbstainWithReplies),
            (None, true) => return Err(AnswerError::NothingToSay),
            (Some(a), true) if a.reason.trim().is_empty() => {
                return Err(AnswerError::EmptyAbstainReason)
            }
            (Some(_), true) => return Ok(()),
            (None, false) => {}
        }
        let analysis = self.analysis.as_ref().ok_or(AnswerError::MissingAnalysis)?;
        for (name, value) in [
            ("says", &analysis.says),
            ("means", &analysis.means),
            ("objective", &analysis.objective),
        ] {
            if value.trim().is_empty() {
                return Err(AnswerError::EmptyAnalysisField(name));
            }
        }
        for (i, reply) in self.replies.iter().enumerate() {
            if reply.text.trim().is_empty() {
                return Err(AnswerError::EmptyReply(i));
            }
            if reply.strategy.trim().is_empty() {
                return Err(AnswerError::EmptyStrategy(i));
            }
        }
        Ok(())
    }

    /// An abstention with no analysis, for inputs that must never reach a pitch.
    pub fn abstention(reason: &str, detail: &str) -> ModelAnswer {
        ModelAnswer {
            analysis: None,
            questions: Vec::new(),
            replies: Vec::new(),
            abstain: Some(Abstain {
                reason: reason.to_string(),
                detail: detail.to_string(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analysis() -> Analysis {
        Analysis {
            says: "s".into(),
            means: "m".into(),
            objective: "o".into(),
            structure: "x".into(),
            concern: Concern::Price,
            emotion: "e".into(),
            confidence: None,
        }
    }

    fn reply(text: &str) -> Reply {
        Reply {
            strategy: "explore".into(),
            text: text.into(),
            wifm: "w".into(),
        }
    }

    #[test]
    fn concern_names_round_trip() {
        for c in Concern::ALL {
            assert_eq!(Concern::parse(c.as_str()), Some(c));
            let json = serde_json::to_string(&c).unwrap();
            assert_eq!(json, format!("\"{}\"", c.as_str()));
        }
        assert_eq!(Concern::parse(" Value_Gap "), Some(Concern::ValueGap));
        assert_eq!(Concern::parse("nonsense"), None);
    }

    #[test]
    fn valid_answer_passes() {
        let answer = ModelAnswer {
            analysis: Some(analysis()),
            questions: vec!["q?".into()],
            replies: vec![reply("hello")],
            abstain: None,
        };
        assert_eq!(answer.validate(), Ok(()));
    }

    #[test]
    fn rules_name_the_field() {
        let mut answer = ModelAnswer {
            analysis: Some(analysis()),
            questions: vec![],
            replies: vec![reply("  ")],
            abstain: None,
        };
        assert_eq!(answer.validate(), Err(AnswerError::EmptyReply(0)));
        answer.replies.clear();
        assert_eq!(answer.validate(), Err(AnswerError::NothingToSay));
        answer.abstain = Some(Abstain {
            reason: "abusive".into(),
            detail: "d".into(),
        });
        assert_eq!(answer.validate(), Ok(()));
        answer.replies.push(reply("x"));
        assert_eq!(answer.validate(), Err(AnswerError::AbstainWithReplies));
        let no_analysis = ModelAnswer {
            analysis: None,
            questions: vec![],
            replies: vec![reply("x")],
            abstain: None,
        };
        assert_eq!(no_analysis.validate(), Err(AnswerError::MissingAnalysis));
    }

    #[test]
    fn ids_are_prefixed_and_distinct() {
        let a = new_suggestion_id();
        let b = new_suggestion_id();
        assert!(a.starts_with("sug_") && a.len() == 24);
        assert_ne!(a, b);
    }
}
