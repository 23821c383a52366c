//! The suggestion pipeline: thread in, Suggestion out.
//!
//! Owns the order of work — validate, clean (quotes and signatures out), read the newest
//! customer message (triage, language, concern: [`crate::understand`]), fit the token budget,
//! render the prompt, let triage decide or hint, ask the provider, stamp `id` and `meta` — and
//! the errors a caller can get. It must not know HTTP, files or terminals; the CLI, the server
//! and batch jobs all call [`Engine::suggest`].
//!
//! Triage: a thread with no customer message, where the rep spoke last, or whose newest
//! customer message is empty is always answered by the rules (an abstention, labelled
//! `builtin`): no model can answer nothing. A legal threat or abuse is answered the same way
//! when `triage = "enforce"` (the default), passed to the model as a hint with `"hint"`, and
//! left to the model with `"off"`. The builtin engine always follows the triage.

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::mpsc::UnboundedSender;

use crate::budget::{self, BudgetError, Fitted};
use crate::config::{Config, TriageMode, MAX_REPLIES};
use crate::prompt::{PromptError, Prompts};
use crate::provider::builtin::BuiltinProvider;
use crate::provider::{self, Delta, GenerationRequest, Provider, ProviderError};
use crate::suggestion::{Meta, Suggestion};
use crate::thread::{CleanThread, Thread, ThreadError};
use crate::tokens::TokenCounter;
use crate::understand::{Reading, Understanding, Verdict};

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error(transparent)]
    Thread(#[from] ThreadError),
    #[error(transparent)]
    Prompt(#[from] PromptError),
    #[error(transparent)]
    Budget(#[from] BudgetError),
    #[error(transparent)]
    Provider(#[from] ProviderError),
    #[error("{0}")]
    Setup(String),
    #[error("replies must be between 1 and {MAX_REPLIES}, got {0}")]
    BadReplies(usize),
}

/// Options of one suggestion request.
#[derive(Debug, Clone, Default)]
pub struct SuggestOptions {
    /// Number of replies; `None` uses the configured default.
    pub replies: Option<usize>,
    /// Receives the model's raw output as it is written (see [`Delta`]).
    pub deltas: Option<UnboundedSender<Delta>>,
}

/// Everything needed to answer threads; cheap to share across tasks.
pub struct Engine {
    config: Config,
    prompts: Prompts,
    counter: TokenCounter,
    provider: Arc<dyn Provider>,
    /// Reads every thread before any provider sees it.
    understanding: Arc<Understanding>,
    /// Answers what triage keeps from the provider (abstentions).
    rules: BuiltinProvider,
}

/// A thread made ready for a provider: cleaned, read and fitted into the budget.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub clean: CleanThread,
    pub reading: Reading,
    pub fitted: Fitted,
}

impl Engine {
    /// Loads prompts and builds the configured provider.
    pub fn from_config(config: Config) -> Result<Engine, EngineError> {
        let prompts = Prompts::load(config.prompts_dir.as_deref())?;
        let counter = TokenCounter::for_model(&config.model, config.budget.encoding.as_deref())
            .map_err(EngineError::Setup)?;
        let provider = provider::from_config(&config, counter)?;
        Engine::new(config, prompts, counter, provider)
    }

    /// Loads what the first suggestion would otherwise wait for (the token encoder's table).
    pub fn warm_up(&self) {
        self.counter.load();
    }

    /// Builds an engine; fails when a language pack does not compile.
    pub fn new(
        config: Config,
        prompts: Prompts,
        counter: TokenCounter,
        provider: Arc<dyn Provider>,
    ) -> Result<Engine, EngineError> {
        let understanding = Understanding::from_prompts(&prompts).map_err(EngineError::Setup)?;
        Ok(Engine {
            config,
            prompts,
            counter,
            provider,
            understanding: Arc::new(understanding),
            rules: BuiltinProvider::new().with_counter(counter),
        })
    }

    /// The same engine reading concerns with the packs' cues alone (no learned models): the
    /// baseline `reframe eval --understanding --rules-only` measures them against.
    pub fn reading_rules_only(mut self) -> Result<Engine, EngineError> {
        let understanding = Understanding::from_prompts(&self.prompts)
            .map_err(EngineError::Setup)?
            .rules_only();
        self.understanding = Arc::new(understanding);
        Ok(self)
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn prompts(&self) -> &Prompts {
        &self.prompts
    }

    pub fn provider(&self) -> &dyn Provider {
        self.provider.as_ref()
    }

    /// The language-understanding layer this engine reads with (coach and scorers use it).
    pub fn understanding(&self) -> &Understanding {
        &self.understanding
    }

    /// Cleans, reads and fits a thread: exactly what the model will see.
    pub fn prepare(&self, thread: &Thread, replies: usize) -> Result<Prepared, EngineError> {
        thread.check_limits(&self.config.limits)?;
        let clean = thread.cleaned();
        let reading = self.understanding.read_clean(&clean);
        let hint = self.triage_hint(&reading);
        let fitted = budget::fit(
            &clean.thread,
            &self.prompts,
            &self.counter,
            self.config.budget.prompt_budget(),
            replies,
            hint.map(Verdict::reason),
        )?;
        Ok(Prepared {
            clean,
            reading,
            fitted,
        })
    }

    /// Whether triage answers this thread without the provider (an abstention).
    pub fn decided_by_triage(&self, thread: &Thread) -> bool {
        let reading = self.understanding.read_clean(&thread.cleaned());
        self.triage_decides(&reading).is_some()
    }

    /// The verdict that decides the answer without a model, per the triage mode.
    fn triage_decides(&self, reading: &Reading) -> Option<Verdict> {
        let verdict = reading.verdict?;
        let enforced = verdict.is_structural()
            || self.config.triage == TriageMode::Enforce
            || self.provider.name() == self.rules.name();
        enforced.then_some(verdict)
    }

    /// The verdict passed to the model as a hint (`triage = "hint"`).
    fn triage_hint(&self, reading: &Reading) -> Option<Verdict> {
        reading
            .verdict
            .filter(|_| self.config.triage == TriageMode::Hint)
    }

    /// Answers the newest customer message of `thread`.
    pub async fn suggest(
        &self,
        thread: &Thread,
        options: SuggestOptions,
    ) -> Result<Suggestion, EngineError> {
        self.suggest_timed(thread, options).await.map(|(s, _)| s)
    }

    /// Like [`Engine::suggest`], also returning the time spent waiting on the provider.
    pub async fn suggest_timed(
        &self,
        thread: &Thread,
        options: SuggestOptions,
    ) -> Result<(Suggestion, Duration), EngineError> {
        let started = Instant::now();
        let replies = options.replies.unwrap_or(self.config.replies);
        if !(1..=MAX_REPLIES).contains(&replies) {
            return Err(EngineError::BadReplies(replies));
        }
        let Prepared {
            reading, fitted, ..
        } = self.prepare(thread, replies)?;
        // What triage decides is answered by the rules, whatever the provider: a model call
        // would cost money to say the same thing. The builtin engine answers, labelled so.
        let provider: &dyn Provider = if self.triage_decides(&reading).is_some() {
            &self.rules
        } else {
            self.provider.as_ref()
        };
        let waiting = Instant::now();
        let generation = provider
            .generate(GenerationRequest {
                thread: &fitted.thread,
                messages: &fitted.messages,
                prompt_tokens: fitted.prompt_tokens,
                prompts: &self.prompts,
                reading: &reading,
                replies,
                deltas: options.deltas,
            })
            .await?;
        let upstream = waiting.elapsed();
        let meta = Meta {
            provider: provider.name().to_string(),
            model: generation.model,
            prompt_version: self.prompts.version().to_string(),
            usage: generation.usage,
            usage_source: generation.usage_source,
            truncated: fitted.truncated,
            latency_ms: started.elapsed().as_millis() as u64,
            attempts: generation.attempts,
            language: generation.language,
            cached: false,
            language_fallback: reading.language.fallback && provider.name() == self.rules.name(),
            triage: reading.verdict.map(|v| v.reason().to_string()),
        };
        tracing::info!(
            provider = %meta.provider,
            model = %meta.model,
            latency_ms = meta.latency_ms,
            attempts = meta.attempts,
            truncated = meta.truncated,
            "suggestion ready"
        );
        Ok((Suggestion::new(generation.answer, meta), upstream))
    }
}
