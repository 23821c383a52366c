//! The `builtin` provider: reframe's offline, deterministic engine.
//!
//! Owns applying the method with rules: abstain where the method says so (no customer
//! message, empty text, legal threat, abuse), detect the language and the concern of the
//! newest customer message, separate what it says (its key sentence, quoted) from what it
//! means, and fill the strategy templates of the language pack. It must not invent facts:
//! every word comes from a pack or from the thread and its context. It never calls a network.

pub mod detect;
pub mod pack;

use std::sync::{Arc, Mutex};

use futures::future::BoxFuture;
use minijinja::Value;

use super::{Generation, GenerationRequest, Provider, ProviderError};
use crate::prompt::Prompts;
use crate::suggestion::{Analysis, Concern, ModelAnswer, Reply, Usage, UsageSource};
use crate::thread::Thread;
use crate::tokens::TokenCounter;
use pack::{Pack, Renderer, STRATEGIES};

/// Names the rules version in `meta.model`.
pub const ENGINE: &str = "reframe-builtin-1";

pub struct BuiltinProvider {
    counter: Option<TokenCounter>,
    /// Packs parsed from the prompt set they came from (keyed by its version).
    packs: Mutex<Option<(String, Arc<Vec<Pack>>)>>,
    renderer: Renderer,
}

impl BuiltinProvider {
    pub fn new() -> BuiltinProvider {
        BuiltinProvider {
            counter: None,
            packs: Mutex::new(None),
            renderer: Renderer::new(),
        }
    }

    /// Adds usage estimates (tiktoken counts of the prompt and the answer) to generations.
    pub fn with_counter(mut self, counter: TokenCounter) -> BuiltinProvider {
        self.counter = Some(counter);
        self
    }

    fn packs(&self, prompts: &Prompts) -> Result<Arc<Vec<Pack>>, ProviderError> {
        let mut cache = self
            .packs
            .lock()
            .map_err(|_| ProviderError::Builtin("pack cache poisoned".into()))?;
        if let Some((version, packs)) = cache.as_ref() {
            if version == prompts.version() {
                return Ok(packs.clone());
            }
        }
        let packs = Arc::new(load_packs(prompts)?);
        *cache = Some((prompts.version().to_string(), packs.clone()));
        Ok(packs)
    }

    /// The whole method, as rules.
    pub fn answer(
        &self,
        thread: &Thread,
        prompts: &Prompts,
        replies: usize,
    ) -> Result<(ModelAnswer, String), ProviderError> {
        let packs = self.packs(prompts)?;
        let english = pick(&packs, "en")?;
        let Some(text) = thread.newest_customer_text() else {
            let a = &english.abstain;
            return Ok((
                ModelAnswer::abstention("no_customer_message", &a.no_customer_message),
                "en".into(),
            ));
        };
        if !text.chars().any(char::is_alphanumeric) {
            return Ok((
                ModelAnswer::abstention("empty", &english.abstain.empty),
                "en".into(),
            ));
        }
        let lang = detect::language(text, &packs);
        let pack = pick(&packs, &lang)?;
        let normalised = detect::normalise(text);
        // Guards from every pack: a legal threat in another language is still one.
        if packs
            .iter()
            .any(|p| detect::any_phrase(&normalised, &p.guards.legal))
        {
            return Ok((
                ModelAnswer::abstention("legal_threat", &pack.abstain.legal_threat),
                lang,
            ));
        }
        if packs
            .iter()
            .any(|p| detect::any_phrase(&normalised, &p.guards.abusive))
        {
            return Ok((
                ModelAnswer::abstention("abusive", &pack.abstain.abusive),
                lang,
            ));
        }
        let (concern, _) = detect::concern(
            &detect::normalise(&detect::without_injections(text, &packs)),
            pack,
        );
        let quote = detect::key_sentence(text, pack, concern);
        let answer = self.compose(thread, pack, concern, &quote, replies)?;
        Ok((answer, lang))
    }

    fn compose(
        &self,
        thread: &Thread,
        pack: &Pack,
        concern: Concern,
        quote: &str,
        replies: usize,
    ) -> Result<ModelAnswer, ProviderError> {
        let r = |what: &str, template: &str, ctx: &Value| {
            self.renderer
                .render(what, template, ctx)
                .map_err(|e| ProviderError::Builtin(format!("{}.toml: {e}", pack.language)))
        };
        let customer_name = thread.customer_name().unwrap_or_default();
        let rep_name = thread
            .context_value("rep_name")
            .unwrap_or_default()
            .to_string();
        let product = thread
            .context_value("product")
            .map_or_else(|| pack.product_fallback.clone(), str::to_string);
        let base = minijinja::context! {
            customer_name => &customer_name, rep_name => &rep_name, product => product, quote => quote,
        };
        let c = render_concern(pack.concern(concern), &base, &r)?;
        let greeting = if customer_name.is_empty() {
            r("greeting_anonymous", &pack.greeting_anonymous, &base)?
        } else {
            r("greeting", &pack.greeting, &base)?
        };
        let sign_off = if rep_name.is_empty() {
            r("sign_off_anonymous", &pack.sign_off_anonymous, &base)?
        } else {
            r("sign_off", &pack.sign_off, &base)?
        };
        let ctx = minijinja::context! {
            ..base.clone(),
            ..minijinja::context! {
                greeting => greeting,
                sign_off => sign_off,
                question => &c.questions[0],
                question2 => &c.questions[1],
                c => Value::from(minijinja::value::Serde(&c)),
            }
        };
        let mut out = Vec::new();
        for name in STRATEGIES.iter().take(replies) {
            let s = &pack.strategies[*name];
            out.push(Reply {
                strategy: name.to_string(),
                text: r(name, &s.template, &ctx)?,
                wifm: r(name, &s.wifm, &ctx)?,
            });
        }
        // A pack may quote the customer itself; otherwise the quote follows its summary.
        let says = if quote.is_empty() || c.says.contains(quote) {
            c.says.clone()
        } else {
            format!("{} \u{201c}{quote}\u{201d}", c.says)
        };
        Ok(ModelAnswer {
            analysis: Some(Analysis {
                says,
                means: c.means.clone(),
                objective: c.objective.clone(),
                structure: c.structure.clone(),
                concern,
                emotion: c.emotion.clone(),
            }),
            questions: c.questions.clone(),
            replies: out,
            abstain: None,
        })
    }
}

impl Default for BuiltinProvider {
    fn default() -> Self {
        BuiltinProvider::new()
    }
}

fn load_packs(prompts: &Prompts) -> Result<Vec<Pack>, ProviderError> {
    let mut packs = Vec::new();
    for lang in prompts.builtin_languages() {
        let text = prompts.builtin_pack(lang).unwrap_or_default();
        let pack =
            Pack::parse(&format!("builtin/{lang}.toml"), text).map_err(ProviderError::Builtin)?;
        packs.push(pack);
    }
    Ok(packs)
}

fn pick<'p>(packs: &'p [Pack], lang: &str) -> Result<&'p Pack, ProviderError> {
    packs
        .iter()
        .find(|p| p.language == lang)
        .or_else(|| packs.iter().find(|p| p.language == "en"))
        .ok_or_else(|| ProviderError::Builtin("no English pack (builtin/en.toml)".into()))
}

/// Renders every string of a concern table with the base variables.
fn render_concern(
    c: &pack::ConcernPack,
    base: &Value,
    r: &dyn Fn(&str, &str, &Value) -> Result<String, ProviderError>,
) -> Result<pack::ConcernPack, ProviderError> {
    let one = |what: &str, s: &str| r(what, s, base);
    Ok(pack::ConcernPack {
        keywords: Vec::new(),
        says: one("says", &c.says)?,
        means: one("means", &c.means)?,
        objective: one("objective", &c.objective)?,
        structure: one("structure", &c.structure)?,
        emotion: one("emotion", &c.emotion)?,
        acknowledge: one("acknowledge", &c.acknowledge)?,
        meaning_check: one("meaning_check", &c.meaning_check)?,
        alternative: one("alternative", &c.alternative)?,
        why: one("why", &c.why)?,
        next_step: one("next_step", &c.next_step)?,
        questions: c
            .questions
            .iter()
            .map(|q| one("questions", q))
            .collect::<Result<_, _>>()?,
        wifm: one("wifm", &c.wifm)?,
    })
}

impl Provider for BuiltinProvider {
    fn name(&self) -> &'static str {
        "builtin"
    }

    fn model(&self) -> &str {
        ENGINE
    }

    fn generate<'a>(
        &'a self,
        request: GenerationRequest<'a>,
    ) -> BoxFuture<'a, Result<Generation, ProviderError>> {
        Box::pin(async move {
            let replies = request.replies.min(STRATEGIES.len());
            let (answer, lang) = self.answer(request.thread, request.prompts, replies)?;
            let usage = self.counter.map_or(Usage::default(), |counter| Usage {
                prompt_tokens: counter
                    .count_chat(request.messages.iter().map(|m| m.content.as_str()))
                    as u64,
                completion_tokens: counter
                    .count(&serde_json::to_string(&answer).unwrap_or_default())
                    as u64,
            });
            Ok(Generation {
                answer,
                model: ENGINE.to_string(),
                usage,
                usage_source: UsageSource::Estimate,
                attempts: 0,
                language: Some(lang),
            })
        })
    }
}
