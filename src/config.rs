//! Effective configuration: `reframe.toml` < environment < command-line flags < nothing else.
//!
//! Owns the settings types, their defaults, the precedence rules of SPEC "Model configuration"
//! and masking secrets for display. It must not open network connections or read prompts; the
//! API key lives only in memory and is never serialised in clear.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::thread::Limits;

/// A current small OpenAI chat model that supports structured outputs.
pub const DEFAULT_MODEL: &str = "gpt-4.1-mini";
pub const DEFAULT_CONFIG_FILE: &str = "reframe.toml";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum ProviderKind {
    /// Offline, deterministic rules engine; needs no model.
    Builtin,
    /// Any OpenAI-compatible chat-completions server.
    Openai,
}

impl ProviderKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ProviderKind::Builtin => "builtin",
            ProviderKind::Openai => "openai",
        }
    }
}

/// How the openai provider asks for JSON; it steps down this list when a server refuses one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResponseFormat {
    JsonSchema,
    JsonObject,
    Text,
}

/// What the deterministic triage (legal threat, abuse) does in front of a model provider.
/// Structural verdicts (no customer message, rep spoke last, empty) always decide: there is
/// nothing for a model to answer. The builtin engine always follows the triage.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum TriageMode {
    /// A flagged message is answered with an abstention; the model is not called.
    #[default]
    Enforce,
    /// The verdict is passed to the model as a hint; the model decides.
    Hint,
    /// The model is not told; it decides alone.
    Off,
}

impl TriageMode {
    pub fn as_str(self) -> &'static str {
        match self {
            TriageMode::Enforce => "enforce",
            TriageMode::Hint => "hint",
            TriageMode::Off => "off",
        }
    }
}

/// An API key: printed masked, never in clear.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: String) -> Secret {
        Secret(value)
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
    pub fn masked(&self) -> String {
        let chars: Vec<char> = self.0.chars().collect();
        if chars.len() < 12 {
            return "****".to_string();
        }
        let tail: String = chars[chars.len() - 4..].iter().collect();
        format!("****{tail}")
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OpenAiSettings {
    pub connect_timeout_ms: u64,
    /// Whole-request timeout for one upstream call (streaming included).
    pub request_timeout_ms: u64,
    /// Retries after the first call, for 429, 5xx and connection failures.
    pub max_retries: u32,
    /// Whether a 429 is retried here. Batch jobs turn this off and pace the whole job instead.
    pub retry_rate_limits: bool,
    /// Total time the retries of one call may spend waiting; a longer Retry-After gives up.
    pub max_retry_wait_ms: u64,
    pub backoff_base_ms: u64,
    pub response_format: ResponseFormat,
    pub stream: bool,
    pub temperature: f32,
    pub max_output_tokens: u32,
    /// Set to use Azure OpenAI: `base_url` is the resource endpoint, `model` the deployment.
    pub azure_api_version: Option<String>,
    /// Model (or Azure deployment) for `/embeddings`, used by `reframe eval --similarity`.
    pub embedding_model: String,
}

impl Default for OpenAiSettings {
    fn default() -> Self {
        OpenAiSettings {
            connect_timeout_ms: 5_000,
            request_timeout_ms: 60_000,
            max_retries: 3,
            retry_rate_limits: true,
            max_retry_wait_ms: 60_000,
            backoff_base_ms: 500,
            response_format: ResponseFormat::JsonSchema,
            stream: false,
            temperature: 0.4,
            max_output_tokens: 1_500,
            azure_api_version: None,
            embedding_model: "text-embedding-3-small".into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BudgetSettings {
    /// The model's context window in tokens.
    pub context_window: usize,
    /// Tokens kept free for the answer; the prompt may use the rest.
    pub reserve_output: usize,
    /// Force a tiktoken encoding (`o200k_base`, `cl100k_base`); default: from the model name.
    pub encoding: Option<String>,
}

impl Default for BudgetSettings {
    fn default() -> Self {
        BudgetSettings {
            context_window: 128_000,
            reserve_output: 2_000,
            encoding: None,
        }
    }
}

impl BudgetSettings {
    pub fn prompt_budget(&self) -> usize {
        self.context_window.saturating_sub(self.reserve_output)
    }
}

/// Settings of `reframe serve`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServerSettings {
    pub addr: String,
    /// Bearer keys accepted by the API (also `REFRAME_API_KEYS`, comma-separated). Never
    /// printed: `reframe config` shows only how many there are.
    #[serde(skip_serializing)]
    pub api_keys: Vec<String>,
    /// SQLite file for feedback and produced suggestions; unset disables `/v1/feedback`.
    pub feedback_db: Option<PathBuf>,
    /// Store each produced suggestion (with its thread) so feedback export can join them.
    pub record_suggestions: bool,
    /// Stored suggestions kept (oldest are pruned); feedback rows are never pruned.
    pub keep_suggestions: u64,
    /// Whole-request timeout, model time included (504 after it).
    pub request_timeout_ms: u64,
    /// Requests handled at once; beyond it the service answers 503 at once.
    pub max_concurrency: usize,
    pub max_body_bytes: usize,
    /// Requests per minute per API key; 0 turns the limit off.
    pub rate_limit_per_minute: u32,
    /// Cached answers (0 turns the cache off) and how long they live.
    pub cache_entries: usize,
    pub cache_ttl_secs: u64,
    /// Time given to in-flight requests after SIGTERM/SIGINT.
    pub drain_secs: u64,
    /// How long a readiness probe result is reused.
    pub ready_cache_ms: u64,
    /// USD per million tokens, for the estimated-cost metric (0: not estimated).
    pub price_in_per_mtok: f64,
    pub price_out_per_mtok: f64,
}

impl Default for ServerSettings {
    fn default() -> Self {
        ServerSettings {
            addr: "127.0.0.1:8080".into(),
            api_keys: Vec::new(),
            feedback_db: Some(PathBuf::from("reframe-feedback.sqlite3")),
            record_suggestions: true,
            keep_suggestions: 100_000,
            request_timeout_ms: 120_000,
            max_concurrency: 512,
            max_body_bytes: 1024 * 1024,
            rate_limit_per_minute: 600,
            cache_entries: 1_000,
            cache_ttl_secs: 3_600,
            drain_secs: 10,
            ready_cache_ms: 5_000,
            price_in_per_mtok: 0.0,
            price_out_per_mtok: 0.0,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Unset means: `openai` when an API key or base URL is configured, else `builtin`.
    pub provider: Option<ProviderKind>,
    pub model: String,
    pub base_url: Option<String>,
    /// Directory of prompt templates; unset: `./prompts` if present, else the embedded copy.
    pub prompts_dir: Option<PathBuf>,
    /// Default number of replies (strategies) per suggestion.
    pub replies: usize,
    /// What triage does in front of the openai provider (also `REFRAME_TRIAGE`).
    pub triage: TriageMode,
    pub openai: OpenAiSettings,
    pub budget: BudgetSettings,
    pub limits: Limits,
    pub server: ServerSettings,
    #[serde(skip)]
    pub api_key: Option<Secret>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            provider: None,
            model: DEFAULT_MODEL.to_string(),
            base_url: None,
            prompts_dir: None,
            replies: 3,
            triage: TriageMode::Enforce,
            openai: OpenAiSettings::default(),
            budget: BudgetSettings::default(),
            limits: Limits::default(),
            server: ServerSettings::default(),
            api_key: None,
        }
    }
}

/// Values given on the command line; `None` means "not given".
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub config: Option<PathBuf>,
    pub provider: Option<ProviderKind>,
    pub model: Option<String>,
    pub base_url: Option<String>,
    pub prompts_dir: Option<PathBuf>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("invalid config file {path}: {message}")]
    Parse { path: String, message: String },
    #[error("invalid {name}={value:?}: expected one of builtin, openai")]
    BadProvider { name: &'static str, value: String },
    #[error("invalid setting: {0}")]
    Invalid(String),
    #[error("invalid REFRAME_TRIAGE={0:?}: expected one of enforce, hint, off")]
    BadTriage(String),
}

/// Upper bound on replies per suggestion: each is another strategy, and more is noise.
pub const MAX_REPLIES: usize = 5;

impl Config {
    /// Builds the effective configuration. `env` looks up environment variables (injected so
    /// tests do not depend on the process environment).
    pub fn load(
        overrides: &Overrides,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Config, ConfigError> {
        let env = |name: &str| env(name).filter(|v| !v.trim().is_empty());
        let explicit_path = overrides
            .config
            .clone()
            .or_else(|| env("REFRAME_CONFIG").map(PathBuf::from));
        let mut config = match explicit_path {
            Some(path) => Config::from_file(&path)?,
            None if Path::new(DEFAULT_CONFIG_FILE).is_file() => {
                Config::from_file(Path::new(DEFAULT_CONFIG_FILE))?
            }
            None => Config::default(),
        };
        if let Some(value) = env("REFRAME_PROVIDER") {
            config.provider = Some(parse_provider("REFRAME_PROVIDER", &value)?);
        }
        if let Some(value) = env("REFRAME_MODEL") {
            config.model = value;
        }
        if let Some(value) = env("OPENAI_BASE_URL") {
            config.base_url = Some(value);
        }
        if let Some(value) = env("REFRAME_TRIAGE") {
            config.triage = parse_triage(&value)?;
        }
        if let Some(value) = env("REFRAME_PROMPTS_DIR") {
            config.prompts_dir = Some(PathBuf::from(value));
        }
        config.api_key = env("OPENAI_API_KEY").map(Secret::new);
        if let Some(keys) = env("REFRAME_API_KEYS") {
            config.server.api_keys = keys
                .split(',')
                .map(str::trim)
                .filter(|k| !k.is_empty())
                .map(str::to_string)
                .collect();
        }
        config.apply(overrides);
        config.validate()?;
        Ok(config)
    }

    fn from_file(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.display().to_string(),
            source,
        })?;
        toml::from_str(&text).map_err(|e| ConfigError::Parse {
            path: path.display().to_string(),
            message: e.message().to_string(),
        })
    }

    fn apply(&mut self, o: &Overrides) {
        if let Some(p) = o.provider {
            self.provider = Some(p);
        }
        if let Some(m) = &o.model {
            self.model = m.clone();
        }
        if let Some(u) = &o.base_url {
            self.base_url = Some(u.clone());
        }
        if let Some(d) = &o.prompts_dir {
            self.prompts_dir = Some(d.clone());
        }
    }

    fn validate(&self) -> Result<(), ConfigError> {
        let invalid = |m: &str| Err(ConfigError::Invalid(m.to_string()));
        if self.model.trim().is_empty() {
            return invalid("model is empty");
        }
        if !(1..=MAX_REPLIES).contains(&self.replies) {
            return invalid("replies must be between 1 and 5");
        }
        if self.budget.prompt_budget() < 256 {
            return invalid("budget.context_window - budget.reserve_output must be at least 256");
        }
        if self.openai.request_timeout_ms == 0 || self.openai.connect_timeout_ms == 0 {
            return invalid("openai timeouts must be greater than 0");
        }
        if let Some(url) = &self.base_url {
            if !(url.starts_with("http://") || url.starts_with("https://")) {
                return Err(ConfigError::Invalid(format!(
                    "base URL {url:?} must start with http:// or https://"
                )));
            }
        }
        Ok(())
    }

    /// The provider that will answer, after applying the default rule.
    pub fn effective_provider(&self) -> ProviderKind {
        self.provider
            .unwrap_or(if self.api_key.is_some() || self.base_url.is_some() {
                ProviderKind::Openai
            } else {
                ProviderKind::Builtin
            })
    }

    /// The configuration as TOML, with the provider resolved and the key masked.
    pub fn display_toml(&self) -> String {
        let mut shown = self.clone();
        shown.provider = Some(self.effective_provider());
        let body = toml::to_string_pretty(&shown)
            .unwrap_or_else(|e| format!("# cannot render configuration: {e}\n"));
        let key = match &self.api_key {
            Some(k) => format!("# api key (OPENAI_API_KEY): {}\n", k.masked()),
            None => "# api key (OPENAI_API_KEY): not set\n".to_string(),
        };
        let server_keys = format!(
            "# server API keys (REFRAME_API_KEYS): {} configured\n",
            self.server.api_keys.len()
        );
        format!("{key}{server_keys}{body}")
    }
}

fn parse_provider(name: &'static str, value: &str) -> Result<ProviderKind, ConfigError> {
    match value.trim().to_ascii_lowercase().as_str() {
        "builtin" => Ok(ProviderKind::Builtin),
        "openai" => Ok(ProviderKind::Openai),
        _ => Err(ConfigError::BadProvider {
            name,
            value: value.to_string(),
        }),
    }
}

fn parse_triage(value: &str) -> Result<TriageMode, ConfigError> {
    match value.trim().to_ascii_lowercase().as_str() {
        "enforce" => Ok(TriageMode::Enforce),
        "hint" => Ok(TriageMode::Hint),
        "off" => Ok(TriageMode::Off),
        _ => Err(ConfigError::BadTriage(value.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn defaults_to_builtin_without_key_or_url() {
        let c = Config::load(&Overrides::default(), &env_of(&[])).unwrap();
        assert_eq!(c.effective_provider(), ProviderKind::Builtin);
        assert_eq!(c.model, DEFAULT_MODEL);
    }

    #[test]
    fn key_or_base_url_selects_openai() {
        let c = Config::load(
            &Overrides::default(),
            &env_of(&[("OPENAI_API_KEY", "sk-x")]),
        )
        .unwrap();
        assert_eq!(c.effective_provider(), ProviderKind::Openai);
        let c = Config::load(
            &Overrides::default(),
            &env_of(&[("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")]),
        )
        .unwrap();
        assert_eq!(c.effective_provider(), ProviderKind::Openai);
    }

    #[test]
    fn precedence_is_flags_then_env_then_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.toml");
        std::fs::write(
            &path,
            "model = \"file-model\"\nprovider = \"openai\"\nreplies = 2\n[openai]\nmax_retries = 7\n",
        )
        .unwrap();
        let flags = Overrides {
            config: Some(path.clone()),
            ..Overrides::default()
        };
        let c = Config::load(&flags, &env_of(&[])).unwrap();
        assert_eq!(c.model, "file-model");
        assert_eq!(c.replies, 2);
        assert_eq!(c.openai.max_retries, 7);
        let env = env_of(&[
            ("REFRAME_MODEL", "env-model"),
            ("REFRAME_PROVIDER", "builtin"),
        ]);
        let c = Config::load(&flags, &env).unwrap();
        assert_eq!(c.model, "env-model");
        assert_eq!(c.effective_provider(), ProviderKind::Builtin);
        let flags = Overrides {
            model: Some("flag-model".into()),
            provider: Some(ProviderKind::Openai),
            ..flags
        };
        let c = Config::load(&flags, &env).unwrap();
        assert_eq!(c.model, "flag-model");
        assert_eq!(c.effective_provider(), ProviderKind::Openai);
    }

    #[test]
    fn bad_values_are_clear_errors() {
        let err = Config::load(
            &Overrides::default(),
            &env_of(&[("REFRAME_PROVIDER", "gpt")]),
        )
        .unwrap_err();
        assert!(err.to_string().contains("REFRAME_PROVIDER"), "{err}");
        let err = Config::load(
            &Overrides::default(),
            &env_of(&[("OPENAI_BASE_URL", "localhost:8000")]),
        )
        .unwrap_err();
        assert!(err.to_string().contains("http://"), "{err}");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.toml");
        std::fs::write(&path, "modle = \"typo\"\n").unwrap();
        let flags = Overrides {
            config: Some(path),
            ..Overrides::default()
        };
        let err = Config::load(&flags, &env_of(&[])).unwrap_err().to_string();
        assert!(err.contains("modle"), "{err}");
    }

    #[test]
    fn secrets_are_masked_in_display() {
        let c = Config::load(
            &Overrides::default(),
            &env_of(&[("OPENAI_API_KEY", "sk-proj-abcdefghijklmnop1234")]),
        )
        .unwrap();
        let shown = c.display_toml();
        assert!(!shown.contains("sk-proj-abcdefghijklmnop1234"));
        assert!(shown.contains("****1234"));
        assert!(shown.contains("provider = \"openai\""));
        assert_eq!(format!("{:?}", c.api_key), "Some(****1234)");
    }
}
