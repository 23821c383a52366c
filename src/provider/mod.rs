//! Providers: who writes the answer.
//!
//! Owns the one small trait every engine implements, the request it receives and the errors it
//! may return, plus the factory that builds the configured provider. It must not render
//! prompts, budget tokens or add `id`/`meta`: that is the pipeline's work.
//!
//! - [`builtin`]: the offline, deterministic rules engine (default when no model is set up).
//! - [`openai`]: any OpenAI-compatible chat-completions server, through `async-openai`.

pub mod builtin;
pub mod openai;

use std::sync::Arc;

use futures::future::BoxFuture;
use tokio::sync::mpsc::UnboundedSender;

use crate::config::{Config, ProviderKind};
use crate::prompt::{ChatMessage, Prompts};
use crate::suggestion::{ModelAnswer, Usage, UsageSource};
use crate::thread::Thread;
use crate::tokens::TokenCounter;
use crate::understand::Reading;

/// Everything a provider may use to answer one thread.
pub struct GenerationRequest<'a> {
    /// The cleaned thread, as fitted into the budget.
    pub thread: &'a Thread,
    /// The rendered prompt (what a model receives) and its token count.
    pub messages: &'a [ChatMessage],
    pub prompt_tokens: usize,
    pub prompts: &'a Prompts,
    /// What the understanding layer read in the thread (triage, language, concern…).
    pub reading: &'a Reading,
    pub replies: usize,
    /// Receives the model's raw output as it is produced; asking for it makes a streaming
    /// provider stream. Engines that do not stream send nothing.
    pub deltas: Option<UnboundedSender<Delta>>,
}

/// A piece of a model's raw output while it streams.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delta {
    Text(String),
    /// The output so far was discarded (a repair call starts over).
    Restart,
}

/// A provider's answer and what it cost.
#[derive(Debug, Clone)]
pub struct Generation {
    pub answer: ModelAnswer,
    pub model: String,
    pub usage: Usage,
    pub usage_source: UsageSource,
    pub attempts: u32,
    pub language: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ProviderError {
    #[error("model server did not answer within {after_ms} ms")]
    Timeout { after_ms: u64 },
    #[error("cannot connect to the model server: {0}")]
    Connect(String),
    #[error("model server kept rate-limiting (HTTP 429) after {attempts} attempts: {message}")]
    RateLimited {
        attempts: u32,
        message: String,
        /// The server's last `Retry-After`, when it sent one.
        retry_after_ms: Option<u64>,
    },
    #[error(
        "model server asked to wait {wait_ms} ms, more than the retry budget of {budget_ms} ms"
    )]
    RetryBudget { wait_ms: u64, budget_ms: u64 },
    #[error("model server answered HTTP {status} after {attempts} attempt(s): {message}")]
    Upstream {
        status: u16,
        attempts: u32,
        message: String,
    },
    #[error("model answer unusable after a repair attempt: {0}")]
    InvalidOutput(String),
    #[error("model server sent a response reframe cannot read: {0}")]
    Protocol(String),
    #[error("provider misconfigured: {0}")]
    Config(String),
    #[error("builtin engine: {0}")]
    Builtin(String),
}

impl ProviderError {
    /// A short stable name for metrics and API errors.
    pub fn kind(&self) -> &'static str {
        match self {
            ProviderError::Timeout { .. } => "timeout",
            ProviderError::Connect(_) => "connect",
            ProviderError::RateLimited { .. } => "rate_limited",
            ProviderError::RetryBudget { .. } => "retry_budget",
            ProviderError::Upstream { .. } => "upstream_status",
            ProviderError::InvalidOutput(_) => "invalid_output",
            ProviderError::Protocol(_) => "protocol",
            ProviderError::Config(_) => "config",
            ProviderError::Builtin(_) => "builtin",
        }
    }
}

/// An engine that answers threads.
pub trait Provider: Send + Sync {
    /// `builtin` or `openai`: the label written into `meta.provider`.
    fn name(&self) -> &'static str;
    /// The model (or engine version) that answers.
    fn model(&self) -> &str;
    fn generate<'a>(
        &'a self,
        request: GenerationRequest<'a>,
    ) -> BoxFuture<'a, Result<Generation, ProviderError>>;
    /// Asks the model for a JSON object (judging a reply, not suggesting one). Engines with no
    /// model answer `None`.
    fn complete_json<'a>(
        &'a self,
        _messages: &'a [ChatMessage],
    ) -> BoxFuture<'a, Result<Option<serde_json::Value>, ProviderError>> {
        Box::pin(async { Ok(None) })
    }
    /// Embeds texts (for similarity scoring). Engines with no embeddings endpoint answer `None`.
    fn embed<'a>(
        &'a self,
        _texts: &'a [String],
    ) -> BoxFuture<'a, Result<Option<Vec<Vec<f32>>>, ProviderError>> {
        Box::pin(async { Ok(None) })
    }
    /// Whether the engine can answer now (for `/readyz`); the reason when it cannot.
    fn ready(&self) -> BoxFuture<'_, Result<(), String>> {
        Box::pin(async { Ok(()) })
    }
}

/// Builds the provider the configuration asks for.
pub fn from_config(
    config: &Config,
    counter: TokenCounter,
) -> Result<Arc<dyn Provider>, ProviderError> {
    match config.effective_provider() {
        ProviderKind::Builtin => Ok(Arc::new(
            builtin::BuiltinProvider::new().with_counter(counter),
        )),
        ProviderKind::Openai => Ok(Arc::new(openai::OpenAiProvider::new(config, counter)?)),
    }
}
