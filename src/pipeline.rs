//! The suggestion pipeline: thread in, Suggestion out.
//!
//! Owns the order of work — validate, clean (quotes and signatures out), fit the token
//! budget, render the prompt, ask the provider, stamp `id` and `meta` — and the errors a
//! caller can get. It must not know HTTP, files or terminals; the CLI, the server and batch
//! jobs all call [`Engine::suggest`].

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::mpsc::UnboundedSender;

use crate::budget::{self, BudgetError, Fitted};
use crate::config::{Config, MAX_REPLIES};
use crate::prompt::{PromptError, Prompts};
use crate::provider::builtin::BuiltinProvider;
use crate::provider::{self, Delta, GenerationRequest, Provider, ProviderError};
use crate::suggestion::{Meta, Suggestion};
use crate::thread::{CleanThread, Thread, ThreadError};
use crate::tokens::TokenCounter;

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
    /// Answers the inputs no provider should see (no customer message, empty text).
    rules: BuiltinProvider,
}

/// No customer message, or a newest customer message with no words once cleaned.
fn nothing_to_answer(thread: &Thread) -> bool {
    thread
        .newest_customer_text()
        .is_none_or(|t| !t.chars().any(char::is_alphanumeric))
}

impl Engine {
    /// Loads prompts and builds the configured provider.
    pub fn from_config(config: Config) -> Result<Engine, EngineError> {
        let prompts = Prompts::load(config.prompts_dir.as_deref())?;
        let counter = TokenCounter::for_model(&config.model, config.budget.encoding.as_deref())
            .map_err(EngineError::Setup)?;
        let provider = provider::from_config(&config, counter)?;
        Ok(Engine::new(config, prompts, counter, provider))
    }

    pub fn new(
        config: Config,
        prompts: Prompts,
        counter: TokenCounter,
        provider: Arc<dyn Provider>,
    ) -> Engine {
        Engine {
            config,
            prompts,
            counter,
            provider,
            rules: BuiltinProvider::new().with_counter(counter),
        }
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

    /// Cleans and fits a thread: exactly what the model will see.
    pub fn prepare(
        &self,
        thread: &Thread,
        replies: usize,
    ) -> Result<(CleanThread, Fitted), EngineError> {
        thread.check_limits(&self.config.limits)?;
        let clean = thread.cleaned();
        let fitted = budget::fit(
            &clean.thread,
            &self.prompts,
            &self.counter,
            self.config.budget.prompt_budget(),
            replies,
        )?;
        Ok((clean, fitted))
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
        let (clean, fitted) = self.prepare(thread, replies)?;
        // Nothing to answer is decided by rules, whatever the provider: a model call would
        // cost money to say the same thing. The builtin engine answers and is labelled so.
        let provider: &dyn Provider = if nothing_to_answer(&clean.thread) {
            &self.rules
        } else {
            self.provider.as_ref()
        };
        let waiting = Instant::now();
        let generation = provider
            .generate(GenerationRequest {
                thread: &fitted.thread,
                messages: &fitted.messages,
                prompts: &self.prompts,
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
