//! The `builtin` provider: reframe's offline, deterministic engine.
//!
//! Owns wording the method from what the understanding layer read (`crate::understand`):
//! abstain where triage says so, otherwise separate what the customer says (their key clause,
//! quoted) from what they mean, say their words back in the second person, and fill the
//! strategy templates of the language pack. Low confidence leans on listening (the first reply
//! asks about the customer's own words); a customer who just deferred gets no call proposed.
//! It must not invent facts: every word comes from a pack or from the thread and its context.
//! It never calls a network.

pub mod pack;

use std::sync::{Arc, Mutex};

use futures::future::BoxFuture;
use minijinja::Value;

use super::{Generation, GenerationRequest, Provider, ProviderError};
use crate::prompt::Prompts;
use crate::suggestion::{Analysis, Concern, ModelAnswer, Reply, Usage, UsageSource};
use crate::thread::Thread;
use crate::tokens::TokenCounter;
use crate::understand::{Reading, FALLBACK_LANGUAGE};
use pack::{Pack, Renderer, STRATEGIES};

/// Names the rules version in `meta.model`.
pub const ENGINE: &str = "reframe-builtin-2";
/// Below this concern confidence, the first reply asks about the customer's own words.
const LISTEN_BELOW: f32 = 0.5;

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

    /// The whole method, as rules, over what the understanding layer read.
    pub fn answer(
        &self,
        thread: &Thread,
        reading: &Reading,
        prompts: &Prompts,
        replies: usize,
    ) -> Result<(ModelAnswer, String), ProviderError> {
        let packs = self.packs(prompts)?;
        let lang = reading.language.code.clone();
        let pack = pick(&packs, &lang)?;
        if let Some(verdict) = reading.verdict {
            let reason = verdict.reason();
            return Ok((
                ModelAnswer::abstention(reason, pack.abstain.detail(reason)),
                lang,
            ));
        }
        let answer = Composer {
            renderer: &self.renderer,
            pack,
            thread,
            reading,
        }
        .compose(replies)?;
        Ok((answer, lang))
    }
}

/// Fills one pack's templates for one reading.
struct Composer<'a> {
    renderer: &'a Renderer,
    pack: &'a Pack,
    thread: &'a Thread,
    reading: &'a Reading,
}

impl Composer<'_> {
    fn render(&self, what: &str, template: &str, ctx: &Value) -> Result<String, ProviderError> {
        self.renderer
            .render(what, template, ctx)
            .map_err(|e| ProviderError::Builtin(format!("{}.toml: {e}", self.pack.language)))
    }

    /// The variables every string of the pack may use.
    fn base(&self) -> Result<Value, ProviderError> {
        let pack = self.pack;
        let thread = self.thread;
        let key = self.reading.key.as_ref();
        let quote = key.map_or("", |k| k.quote.as_str());
        // In a fallback language the customer's words would mix languages into the reply;
        // the analysis still quotes them for the rep.
        let fallback = self.reading.language.fallback;
        let heard = key
            .and_then(|k| k.heard.as_deref())
            .filter(|_| !fallback)
            .unwrap_or("");
        let reply_quote = if fallback { "" } else { quote };
        let product = thread
            .context_value("product")
            .map_or_else(|| pack.product_fallback.clone(), str::to_string);
        let vars = minijinja::context! {
            customer_name => thread.customer_name().unwrap_or_default(),
            rep_name => thread.context_value("rep_name").unwrap_or_default(),
            product => product,
            quote => reply_quote,
            heard => heard,
        };
        let echo = self.render("echo", &pack.echo, &vars)?;
        Ok(minijinja::context! { ..vars, ..minijinja::context! { echo => echo, said => quote } })
    }

    fn compose(&self, replies: usize) -> Result<ModelAnswer, ProviderError> {
        let pack = self.pack;
        let concern = self.reading.concern.concern;
        let base = self.base()?;
        let wording = pack.concern(concern, self.reading.facet.as_deref());
        let c = render_concern(wording, &base, &|w, t, v| self.render(w, t, v))?;
        let r = |what: &str, template: &str, ctx: &Value| self.render(what, template, ctx);
        let named = |key: &str| base.get_attr(key).ok().filter(|v| v.is_true());
        let greeting = match named("customer_name") {
            Some(_) => r("greeting", &pack.greeting, &base)?,
            None => r("greeting_anonymous", &pack.greeting_anonymous, &base)?,
        };
        let sign_off = match named("rep_name") {
            Some(_) => r("sign_off", &pack.sign_off, &base)?,
            None => r("sign_off_anonymous", &pack.sign_off_anonymous, &base)?,
        };
        let listening = concern == Concern::Other || self.reading.concern.confidence < LISTEN_BELOW;
        let has_quote = named("quote").is_some();
        let question = if listening && has_quote {
            r("listen_question", &pack.listen_question, &base)?
        } else {
            c.questions[0].clone()
        };
        // A customer who just put things off gets no call proposed; nor does one writing in a
        // language reframe cannot read closely enough to tell.
        let next_step = if self.reading.deferred || self.reading.language.fallback {
            r("deferred_step", &pack.deferred_step, &base)?
        } else {
            c.next_step.clone()
        };
        let ctx = minijinja::context! {
            ..base.clone(),
            ..minijinja::context! {
                greeting => greeting,
                sign_off => sign_off,
                question => &question,
                question2 => &c.questions[1],
                next_step => next_step,
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
        let mut questions = vec![question.clone()];
        questions.extend(
            c.questions
                .iter()
                .filter(|q| **q != question)
                .take(1)
                .cloned(),
        );
        Ok(ModelAnswer {
            analysis: Some(Analysis {
                says: c.says.clone(),
                means: c.means.clone(),
                objective: c.objective.clone(),
                structure: c.structure.clone(),
                concern,
                emotion: self.emotion(&c.emotion),
                confidence: Some(self.reading.concern.confidence),
            }),
            questions,
            replies: out,
            abstain: None,
        })
    }

    /// The emotions read in the message, in the pack's words; the concern's usual one else.
    fn emotion(&self, usual: &str) -> String {
        let named: Vec<&str> = self
            .reading
            .emotions
            .iter()
            .filter_map(|e| self.pack.emotion(e))
            .take(2)
            .collect();
        match named.as_slice() {
            [] => usual.to_string(),
            [one] => one.to_string(),
            [first, rest @ ..] => {
                let rest: Vec<String> = rest.iter().map(|e| e.to_lowercase()).collect();
                format!("{first}, {}", rest.join(", "))
            }
        }
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
        .or_else(|| packs.iter().find(|p| p.language == FALLBACK_LANGUAGE))
        .ok_or_else(|| {
            ProviderError::Builtin(format!(
                "no {FALLBACK_LANGUAGE} pack (builtin/{FALLBACK_LANGUAGE}.toml)"
            ))
        })
}

/// The base variables with `quote` set to the customer's words whatever the reply language.
fn analysis_vars(base: &Value) -> Value {
    let said = base.get_attr("said").unwrap_or_default();
    minijinja::context! { ..minijinja::context! { quote => said }, ..base.clone() }
}

/// Renders every string of a concern table with the base variables.
fn render_concern(
    c: &pack::ConcernPack,
    base: &Value,
    r: &dyn Fn(&str, &str, &Value) -> Result<String, ProviderError>,
) -> Result<pack::ConcernPack, ProviderError> {
    let one = |what: &str, s: &str| r(what, s, base);
    // The analysis is for the rep: it quotes the customer even in a fallback language.
    let analysis = analysis_vars(base);
    Ok(pack::ConcernPack {
        says: r("says", &c.says, &analysis)?,
        means: r("means", &c.means, &analysis)?,
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
            let (answer, lang) =
                self.answer(request.thread, request.reading, request.prompts, replies)?;
            // What a model call would have cost: the prompt as fitted, and this answer.
            let usage = self.counter.map_or(Usage::default(), |counter| Usage {
                prompt_tokens: request.prompt_tokens as u64,
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
