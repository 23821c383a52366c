//! The `openai` provider: any OpenAI-compatible chat-completions server via `async-openai`.
//!
//! Owns the HTTP conversation with the model server: timeouts, retries with jittered
//! exponential backoff that honour `Retry-After` within a total wait budget, stepping down
//! from `json_schema` to `json_object` to plain text when a server refuses a response format,
//! streaming reassembly, one repair call when the answer is unusable, and usage accounting
//! (upstream figures when given, tiktoken estimates otherwise). It must not render the main
//! prompt or touch the thread; it sends the messages it is given.
//!
//! Requests and responses go through async-openai's `byot` methods into the lenient structs
//! below, because real non-OpenAI servers omit or vary fields (`created`, `id`, `usage`,
//! `finish_reason`) that the typed responses require. async-openai's own retry layer is
//! replaced (see [`StatusService`]) because it has no jitter and no bound on total waiting.

use std::sync::atomic::{AtomicU8, Ordering};
use std::time::Duration;

use async_openai::config::{AzureConfig, Config as ClientConfig, OpenAIConfig};
use async_openai::error::OpenAIError;
use async_openai::middleware::HttpRequestFactory;
use async_openai::Client;
use futures::future::BoxFuture;
use futures::StreamExt;
use serde::Deserialize;
use serde_json::{json, Value};

use super::{Delta, Generation, GenerationRequest, Provider, ProviderError};
use crate::config::{Config, OpenAiSettings, ResponseFormat, Secret};
use crate::model_json::parse_answer;
use crate::prompt::ChatMessage;
use crate::suggestion::{Usage, UsageSource};
use crate::tokens::TokenCounter;

/// Longest backoff between two attempts, whatever the attempt number.
const MAX_BACKOFF: Duration = Duration::from_secs(20);
/// Upstream error text kept in our errors (enough to diagnose, never a whole HTML page).
const MAX_ERROR_TEXT: usize = 300;

enum AnyClient {
    OpenAi(Client<OpenAIConfig>),
    Azure(Client<AzureConfig>),
}

pub struct OpenAiProvider {
    client: AnyClient,
    settings: OpenAiSettings,
    model: String,
    counter: TokenCounter,
    /// The response format that last worked (index into FORMATS); only ever steps down.
    format: AtomicU8,
    key: Option<Secret>,
    /// Readiness probe: a cheap GET that proves the server is up and accepts the key.
    probe: Probe,
}

struct Probe {
    http: reqwest::Client,
    url: String,
    header: Option<(&'static str, String)>,
    /// Where `/embeddings` lives, and the model asked for.
    embeddings_url: String,
    embedding_model: String,
    timeout: Duration,
}

const FORMATS: [ResponseFormat; 3] = [
    ResponseFormat::JsonSchema,
    ResponseFormat::JsonObject,
    ResponseFormat::Text,
];

impl OpenAiProvider {
    pub fn new(config: &Config, counter: TokenCounter) -> Result<OpenAiProvider, ProviderError> {
        let settings = config.openai.clone();
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_millis(settings.connect_timeout_ms))
            .timeout(Duration::from_millis(settings.request_timeout_ms))
            .build()
            .map_err(|e| ProviderError::Config(format!("HTTP client: {e}")))?;
        let key = config.api_key.clone();
        let key_text = key.as_ref().map_or("", |k| k.expose());
        check_header_value("OPENAI_API_KEY", key_text)?;
        let service = StatusService { http: http.clone() };
        let probe = Probe::new(http.clone(), config, key_text);
        let client = match &settings.azure_api_version {
            Some(version) => {
                let base = config.base_url.clone().ok_or_else(|| {
                    ProviderError::Config(
                        "Azure OpenAI needs a base URL (the resource endpoint)".into(),
                    )
                })?;
                let azure = AzureConfig::new()
                    .with_api_base(base)
                    .with_api_version(version.clone())
                    .with_deployment_id(config.model.clone())
                    .with_api_key(key_text);
                AnyClient::Azure(Client::build(http, azure).with_http_service(service))
            }
            None => {
                let mut openai = OpenAIConfig::new().with_api_key(key_text);
                if let Some(base) = &config.base_url {
                    openai = openai.with_api_base(base.trim_end_matches('/'));
                }
                let org = std::env::var("OPENAI_ORG_ID").unwrap_or_default();
                let project = std::env::var("OPENAI_PROJECT_ID").unwrap_or_default();
                check_header_value("OPENAI_ORG_ID", &org)?;
                check_header_value("OPENAI_PROJECT_ID", &project)?;
                openai = openai.with_org_id(org).with_project_id(project);
                AnyClient::OpenAi(Client::build(http, openai).with_http_service(service))
            }
        };
        let start = FORMATS
            .iter()
            .position(|f| *f == settings.response_format)
            .unwrap_or(0);
        Ok(OpenAiProvider {
            client,
            settings,
            model: config.model.clone(),
            counter,
            format: AtomicU8::new(start as u8),
            key,
            probe,
        })
    }

    /// One logical completion: retries, format fallback and timeouts handled here.
    async fn complete(
        &self,
        messages: &[ChatMessage],
        call: Call<'_>,
        attempts: &mut u32,
    ) -> Result<Completion, ProviderError> {
        let mut retries = 0u32;
        let mut waited = Duration::ZERO;
        let budget = Duration::from_millis(self.settings.max_retry_wait_ms);
        let mut format_index = self.format.load(Ordering::Relaxed) as usize;
        if call.schema.is_none() {
            format_index = format_index.max(1);
        }
        loop {
            *attempts += 1;
            let body = self.body(messages, call, FORMATS[format_index]);
            let result = self.send(body, call).await;
            let error = match result {
                Ok(done) => {
                    // Remember a step down only once it worked, so a 400 for another reason
                    // (say, a too-long prompt) does not degrade later calls.
                    self.format.fetch_max(format_index as u8, Ordering::Relaxed);
                    return Ok(done);
                }
                Err(e) => e,
            };
            match self.classify(error) {
                Failure::Retryable {
                    error: Upstream::Status(status),
                    ..
                } if status.status == 429 && !self.settings.retry_rate_limits => {
                    return Err(self.finish(Upstream::Status(status), *attempts));
                }
                Failure::FormatRejected(_) if format_index + 1 < FORMATS.len() => {
                    tracing::warn!(
                        from = ?FORMATS[format_index],
                        to = ?FORMATS[format_index + 1],
                        "model server refused the response format; stepping down"
                    );
                    format_index += 1;
                }
                Failure::FormatRejected(e) | Failure::Fatal(e) => {
                    return Err(self.finish(e, *attempts))
                }
                Failure::Retryable { error, retry_after } => {
                    if retries >= self.settings.max_retries {
                        return Err(self.finish(error, *attempts));
                    }
                    let delay = retry_after.unwrap_or_else(|| self.backoff(retries));
                    if waited + delay > budget {
                        return Err(ProviderError::RetryBudget {
                            wait_ms: delay.as_millis() as u64,
                            budget_ms: budget.saturating_sub(waited).as_millis() as u64,
                        });
                    }
                    tracing::warn!(
                        attempt = *attempts,
                        delay_ms = delay.as_millis() as u64,
                        kind = error.kind(),
                        "retrying model call"
                    );
                    tokio::time::sleep(delay).await;
                    waited += delay;
                    retries += 1;
                }
            }
        }
    }

    /// Full jitter in [50%, 100%] of an exponential step, so that clients that failed together
    /// do not retry together.
    fn backoff(&self, retry: u32) -> Duration {
        let step = Duration::from_millis(self.settings.backoff_base_ms)
            .saturating_mul(2u32.saturating_pow(retry))
            .min(MAX_BACKOFF);
        step.mul_f64(0.5 + fastrand::f64() * 0.5)
    }

    fn body(&self, messages: &[ChatMessage], call: Call<'_>, format: ResponseFormat) -> Value {
        let mut body = json!({
            "model": self.model,
            "messages": messages,
            "temperature": self.settings.temperature,
            "max_tokens": self.settings.max_output_tokens,
        });
        match format {
            ResponseFormat::JsonSchema => {
                body["response_format"] = json!({
                    "type": "json_schema",
                    "json_schema": {
                        "name": "suggestion",
                        "strict": true,
                        "schema": call.schema,
                    }
                });
            }
            ResponseFormat::JsonObject => {
                body["response_format"] = json!({"type": "json_object"});
            }
            ResponseFormat::Text => {}
        }
        if self.streams(call) {
            body["stream"] = json!(true);
        }
        body
    }

    /// Streams when configured to, or when the caller listens for deltas.
    fn streams(&self, call: Call<'_>) -> bool {
        self.settings.stream || call.deltas.is_some()
    }

    async fn send(&self, body: Value, call: Call<'_>) -> Result<Completion, OpenAIError> {
        let stream = self.streams(call);
        match &self.client {
            AnyClient::OpenAi(c) => send_with(c, body, stream, call.deltas).await,
            AnyClient::Azure(c) => send_with(c, body, stream, call.deltas).await,
        }
    }

    fn classify(&self, error: OpenAIError) -> Failure {
        match error {
            OpenAIError::Boxed(boxed) => match boxed.downcast::<HttpStatus>() {
                Ok(status) => classify_status(*status),
                Err(other) => Failure::Fatal(Upstream::Other(other.to_string())),
            },
            OpenAIError::Reqwest(e) if e.is_timeout() => Failure::Fatal(Upstream::Timeout),
            OpenAIError::Reqwest(e) if e.is_connect() => Failure::Retryable {
                error: Upstream::Connect(e.to_string()),
                retry_after: None,
            },
            OpenAIError::Reqwest(e) => Failure::Fatal(Upstream::Other(e.to_string())),
            OpenAIError::StreamError(e) => Failure::Fatal(Upstream::Other(e.to_string())),
            other => Failure::Fatal(Upstream::Other(other.to_string())),
        }
    }

    /// Turns the last failure into the error callers see, scrubbed of the key.
    fn finish(&self, error: Upstream, attempts: u32) -> ProviderError {
        let scrub = |text: String| scrub_secret(&text, self.key.as_ref());
        match error {
            Upstream::Timeout => ProviderError::Timeout {
                after_ms: self.settings.request_timeout_ms,
            },
            Upstream::Connect(m) => ProviderError::Connect(scrub(m)),
            Upstream::Status(s) if s.status == 429 => ProviderError::RateLimited {
                attempts,
                retry_after_ms: s.retry_after.map(|d| d.as_millis() as u64),
                message: scrub(s.message),
            },
            Upstream::Status(s) => ProviderError::Upstream {
                status: s.status,
                attempts,
                message: scrub(s.message),
            },
            Upstream::Other(m) => ProviderError::Protocol(scrub(m)),
        }
    }
}

impl Probe {
    fn new(http: reqwest::Client, config: &Config, key: &str) -> Probe {
        let base = config
            .base_url
            .clone()
            .unwrap_or_else(|| "https://api.openai.com/v1".to_string());
        let base = base.trim_end_matches('/');
        let embedding_model = config.openai.embedding_model.clone();
        let (url, embeddings_url, header) = match &config.openai.azure_api_version {
            Some(v) => (
                format!("{base}/openai/models?api-version={v}"),
                format!("{base}/openai/deployments/{embedding_model}/embeddings?api-version={v}"),
                Some(("api-key", key.to_string())),
            ),
            None => (
                format!("{base}/models"),
                format!("{base}/embeddings"),
                (!key.is_empty()).then(|| ("authorization", format!("Bearer {key}"))),
            ),
        };
        Probe {
            http,
            url,
            header,
            embeddings_url,
            embedding_model,
            timeout: Duration::from_millis(config.openai.request_timeout_ms),
        }
    }

    /// POSTs texts to `/embeddings`; vectors come back in input order.
    async fn embed(&self, texts: &[String]) -> Result<Vec<Vec<f32>>, ProviderError> {
        #[derive(Deserialize)]
        struct Item {
            #[serde(default)]
            index: usize,
            embedding: Vec<f32>,
        }
        #[derive(Deserialize)]
        struct Embeddings {
            data: Vec<Item>,
        }
        let body = json!({"model": self.embedding_model, "input": texts});
        let mut request = self
            .http
            .post(&self.embeddings_url)
            .timeout(self.timeout)
            .header("content-type", "application/json")
            .body(body.to_string());
        if let Some((name, value)) = &self.header {
            request = request.header(*name, value);
        }
        let response = request.send().await.map_err(|e| {
            if e.is_timeout() {
                ProviderError::Timeout {
                    after_ms: self.timeout.as_millis() as u64,
                }
            } else {
                ProviderError::Connect("embeddings endpoint unreachable".into())
            }
        })?;
        let status = response.status().as_u16();
        let text = response.text().await.unwrap_or_default();
        if !(200..300).contains(&status) {
            return Err(ProviderError::Upstream {
                status,
                attempts: 1,
                message: error_message(&text),
            });
        }
        let mut parsed: Embeddings = serde_json::from_str(&text)
            .map_err(|e| ProviderError::Protocol(format!("embeddings answer: {e}")))?;
        parsed.data.sort_by_key(|i| i.index);
        if parsed.data.len() != texts.len() {
            return Err(ProviderError::Protocol(format!(
                "asked for {} embeddings, got {}",
                texts.len(),
                parsed.data.len()
            )));
        }
        Ok(parsed.data.into_iter().map(|i| i.embedding).collect())
    }

    /// Up means: the server answers, and not with an auth failure or a server error. A 404
    /// counts as up, since some local servers do not implement `/models`.
    async fn check(&self) -> Result<(), String> {
        let mut request = self.http.get(&self.url).timeout(Duration::from_secs(3));
        if let Some((name, value)) = &self.header {
            request = request.header(*name, value);
        }
        match request.send().await {
            Ok(r) if r.status().is_success() || r.status().as_u16() == 404 => Ok(()),
            Ok(r) if matches!(r.status().as_u16(), 401 | 403) => Err(format!(
                "the model server refused the API key (HTTP {})",
                r.status().as_u16()
            )),
            Ok(r) => Err(format!(
                "the model server answered HTTP {}",
                r.status().as_u16()
            )),
            Err(e) if e.is_timeout() => Err("the model server did not answer within 3 s".into()),
            Err(_) => Err("cannot connect to the model server".into()),
        }
    }
}

/// What one upstream call asks for, apart from the messages.
#[derive(Clone, Copy)]
struct Call<'a> {
    /// The JSON schema for `json_schema` mode; `None` asks for `json_object` at most.
    schema: Option<&'a Value>,
    deltas: Option<&'a tokio::sync::mpsc::UnboundedSender<Delta>>,
}

impl<'a> Call<'a> {
    fn of(request: &'a GenerationRequest<'a>) -> Call<'a> {
        Call {
            schema: Some(request.prompts.schema()),
            deltas: request.deltas.as_ref(),
        }
    }
}

/// What one completion produced.
struct Completion {
    content: String,
    finish_reason: Option<String>,
    usage: Option<Usage>,
    model: Option<String>,
}

enum Upstream {
    Timeout,
    Connect(String),
    Status(HttpStatus),
    Other(String),
}

impl Upstream {
    fn kind(&self) -> &'static str {
        match self {
            Upstream::Timeout => "timeout",
            Upstream::Connect(_) => "connect",
            Upstream::Status(_) => "status",
            Upstream::Other(_) => "other",
        }
    }
}

enum Failure {
    Retryable {
        error: Upstream,
        retry_after: Option<Duration>,
    },
    FormatRejected(Upstream),
    Fatal(Upstream),
}

fn classify_status(status: HttpStatus) -> Failure {
    match status.status {
        429 if status.message.contains("insufficient_quota") => {
            Failure::Fatal(Upstream::Status(status))
        }
        408 | 409 | 429 | 500 | 502 | 503 | 504 | 520..=529 => Failure::Retryable {
            retry_after: status.retry_after,
            error: Upstream::Status(status),
        },
        // Servers refuse an unsupported `response_format` with 400 or 422 (some with 404 or
        // 501); stepping down costs one fast call, and a real 400 fails again at `Text`.
        400 | 422 | 501 => Failure::FormatRejected(Upstream::Status(status)),
        _ => Failure::Fatal(Upstream::Status(status)),
    }
}

impl Provider for OpenAiProvider {
    fn name(&self) -> &'static str {
        "openai"
    }

    fn model(&self) -> &str {
        &self.model
    }

    fn ready(&self) -> BoxFuture<'_, Result<(), String>> {
        Box::pin(self.probe.check())
    }

    fn embed<'a>(
        &'a self,
        texts: &'a [String],
    ) -> BoxFuture<'a, Result<Option<Vec<Vec<f32>>>, ProviderError>> {
        Box::pin(async move {
            let vectors = self.probe.embed(texts).await?;
            Ok(Some(vectors))
        })
    }

    fn complete_json<'a>(
        &'a self,
        messages: &'a [ChatMessage],
    ) -> BoxFuture<'a, Result<Option<Value>, ProviderError>> {
        Box::pin(async move {
            let mut attempts = 0;
            let call = Call {
                schema: None,
                deltas: None,
            };
            let done = self.complete(messages, call, &mut attempts).await?;
            crate::model_json::extract_object(&done.content)
                .map(Some)
                .ok_or_else(|| ProviderError::InvalidOutput("no JSON object in the answer".into()))
        })
    }

    fn generate<'a>(
        &'a self,
        request: GenerationRequest<'a>,
    ) -> BoxFuture<'a, Result<Generation, ProviderError>> {
        Box::pin(async move {
            let mut attempts = 0;
            let mut messages = request.messages.to_vec();
            let first = self
                .complete(&messages, Call::of(&request), &mut attempts)
                .await?;
            let mut usage = self.usage_of(&messages, &first);
            let error = match parse_completion(&first) {
                Ok(answer) => return Ok(self.generation(answer, &first, usage, attempts)),
                Err(e) => e,
            };
            tracing::warn!(error = %error, "model answer unusable; asking once for a repair");
            let repair = request
                .prompts
                .render_repair(&error)
                .map_err(|e| ProviderError::Config(e.to_string()))?;
            if let Some(tx) = &request.deltas {
                let _ = tx.send(Delta::Restart);
            }
            messages.push(ChatMessage::new("assistant", first.content.clone()));
            messages.push(ChatMessage::new("user", repair));
            let second = self
                .complete(&messages, Call::of(&request), &mut attempts)
                .await?;
            usage = usage.add_to(self.usage_of(&messages, &second));
            match parse_completion(&second) {
                Ok(answer) => Ok(self.generation(answer, &second, usage, attempts)),
                Err(e) => Err(ProviderError::InvalidOutput(e)),
            }
        })
    }
}

/// Usage with its source, summed over the calls of one generation.
#[derive(Clone, Copy)]
struct Accounted {
    usage: Usage,
    all_upstream: bool,
}

impl Accounted {
    fn add_to(self, other: Accounted) -> Accounted {
        Accounted {
            usage: self.usage.plus(other.usage),
            all_upstream: self.all_upstream && other.all_upstream,
        }
    }
}

impl OpenAiProvider {
    fn usage_of(&self, messages: &[ChatMessage], completion: &Completion) -> Accounted {
        match completion.usage {
            Some(usage) => Accounted {
                usage,
                all_upstream: true,
            },
            None => Accounted {
                usage: Usage {
                    prompt_tokens: crate::budget::prompt_tokens(&self.counter, messages) as u64,
                    completion_tokens: self.counter.count(&completion.content) as u64,
                },
                all_upstream: false,
            },
        }
    }

    fn generation(
        &self,
        answer: crate::suggestion::ModelAnswer,
        completion: &Completion,
        accounted: Accounted,
        attempts: u32,
    ) -> Generation {
        Generation {
            answer,
            model: completion
                .model
                .clone()
                .unwrap_or_else(|| self.model.clone()),
            usage: accounted.usage,
            usage_source: if accounted.all_upstream {
                UsageSource::Upstream
            } else {
                UsageSource::Estimate
            },
            attempts,
            language: None,
        }
    }
}

fn parse_completion(completion: &Completion) -> Result<crate::suggestion::ModelAnswer, String> {
    parse_answer(&completion.content).map_err(|e| {
        if completion.finish_reason.as_deref() == Some("length") {
            format!("{e}; the answer was cut off at the token limit, so write shorter replies")
        } else {
            e.to_string()
        }
    })
}

async fn send_with<C: ClientConfig>(
    client: &Client<C>,
    body: Value,
    stream: bool,
    deltas: Option<&tokio::sync::mpsc::UnboundedSender<Delta>>,
) -> Result<Completion, OpenAIError> {
    if !stream {
        let response: ChatResponse = client.chat().create_byot(body).await?;
        let choice = response.choices.into_iter().next();
        let (content, finish_reason) = match choice {
            Some(c) => (
                c.message
                    .and_then(|m| m.content.or(m.refusal))
                    .unwrap_or_default(),
                c.finish_reason,
            ),
            None => (String::new(), None),
        };
        return Ok(Completion {
            content,
            finish_reason,
            usage: response.usage.and_then(UsageIn::into_usage),
            model: response.model,
        });
    }
    let mut chunks = client
        .chat()
        .create_stream_byot::<Value, ChatChunk>(body)
        .await?;
    let mut done = Completion {
        content: String::new(),
        finish_reason: None,
        usage: None,
        model: None,
    };
    while let Some(chunk) = chunks.next().await {
        let chunk = match chunk {
            Ok(c) => c,
            // One malformed event must not lose the answer; the rest still reassembles.
            Err(OpenAIError::JSONDeserialize(e, _)) => {
                tracing::warn!(error = %e, "skipping unreadable stream chunk");
                continue;
            }
            Err(e) => return Err(e),
        };
        done.model = done.model.or(chunk.model);
        if let Some(u) = chunk.usage.and_then(UsageIn::into_usage) {
            done.usage = Some(u);
        }
        for choice in chunk.choices {
            if let Some(text) = choice.delta.and_then(|d| d.content) {
                if let Some(tx) = deltas {
                    // A closed receiver only means the caller stopped listening.
                    let _ = tx.send(Delta::Text(text.clone()));
                }
                done.content.push_str(&text);
            }
            done.finish_reason = choice.finish_reason.or(done.finish_reason);
        }
    }
    Ok(done)
}

// Lenient response shapes: every field optional, unknown fields ignored.

#[derive(Deserialize)]
struct ChatResponse {
    #[serde(default)]
    choices: Vec<Choice>,
    #[serde(default)]
    usage: Option<UsageIn>,
    #[serde(default)]
    model: Option<String>,
}

#[derive(Deserialize)]
struct Choice {
    #[serde(default)]
    message: Option<MessageIn>,
    #[serde(default)]
    finish_reason: Option<String>,
}

#[derive(Deserialize)]
struct MessageIn {
    #[serde(default)]
    content: Option<String>,
    #[serde(default)]
    refusal: Option<String>,
}

#[derive(Deserialize)]
struct ChatChunk {
    #[serde(default)]
    choices: Vec<ChunkChoice>,
    #[serde(default)]
    usage: Option<UsageIn>,
    #[serde(default)]
    model: Option<String>,
}

#[derive(Deserialize)]
struct ChunkChoice {
    #[serde(default)]
    delta: Option<ChunkDelta>,
    #[serde(default)]
    finish_reason: Option<String>,
}

#[derive(Deserialize)]
struct ChunkDelta {
    #[serde(default)]
    content: Option<String>,
}

#[derive(Deserialize)]
struct UsageIn {
    #[serde(default)]
    prompt_tokens: Option<u64>,
    #[serde(default)]
    completion_tokens: Option<u64>,
}

impl UsageIn {
    fn into_usage(self) -> Option<Usage> {
        Some(Usage {
            prompt_tokens: self.prompt_tokens?,
            completion_tokens: self.completion_tokens.unwrap_or(0),
        })
    }
}

/// A non-2xx answer, carried through async-openai as a boxed error so that the status and
/// `Retry-After` survive (async-openai's own error type drops the headers).
#[derive(Debug)]
struct HttpStatus {
    status: u16,
    retry_after: Option<Duration>,
    message: String,
}

impl std::fmt::Display for HttpStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "HTTP {}: {}", self.status, self.message)
    }
}

impl std::error::Error for HttpStatus {}

/// The HTTP transport under async-openai: sends the request and turns every non-2xx response
/// into [`HttpStatus`], with no retry of its own.
#[derive(Clone)]
struct StatusService {
    http: reqwest::Client,
}

impl tower::Service<HttpRequestFactory> for StatusService {
    type Response = reqwest::Response;
    type Error = OpenAIError;
    type Future = BoxFuture<'static, Result<reqwest::Response, OpenAIError>>;

    fn poll_ready(
        &mut self,
        _cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Result<(), Self::Error>> {
        std::task::Poll::Ready(Ok(()))
    }

    fn call(&mut self, factory: HttpRequestFactory) -> Self::Future {
        let http = self.http.clone();
        Box::pin(async move {
            let request = factory.build().await?;
            let response = http.execute(request).await.map_err(OpenAIError::Reqwest)?;
            if response.status().is_success() {
                return Ok(response);
            }
            let status = response.status().as_u16();
            let retry_after = retry_after(response.headers());
            let body = response.text().await.unwrap_or_default();
            Err(OpenAIError::Boxed(Box::new(HttpStatus {
                status,
                retry_after,
                message: error_message(&body),
            })))
        })
    }
}

/// `retry-after-ms` (OpenAI) or `Retry-After` in seconds. HTTP-date values are ignored and
/// the normal backoff applies: no model server we know sends them.
fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let get = |name: &str| headers.get(name)?.to_str().ok()?.trim().parse::<f64>().ok();
    let valid = |v: f64| v.is_finite() && v >= 0.0;
    if let Some(ms) = get("retry-after-ms").filter(|v| valid(*v)) {
        return Some(Duration::from_secs_f64(ms / 1000.0));
    }
    get("retry-after")
        .filter(|v| valid(*v) && *v < 1e9)
        .map(Duration::from_secs_f64)
}

/// The upstream's `error.message` when it sent OpenAI's error shape, else the body's start.
fn error_message(body: &str) -> String {
    let from_json = serde_json::from_str::<Value>(body).ok().and_then(|v| {
        let e = v.get("error")?;
        let message = e
            .get("message")
            .and_then(Value::as_str)
            .or_else(|| e.as_str())?;
        let kind = e
            .get("type")
            .or_else(|| e.get("code"))
            .and_then(Value::as_str);
        Some(match kind {
            Some(k) => format!("{message} ({k})"),
            None => message.to_string(),
        })
    });
    let text = from_json.unwrap_or_else(|| body.trim().to_string());
    let mut cut = text.len().min(MAX_ERROR_TEXT);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    text[..cut].to_string()
}

fn scrub_secret(text: &str, key: Option<&Secret>) -> String {
    match key {
        Some(k) if k.expose().len() >= 8 => text.replace(k.expose(), "****"),
        _ => text.to_string(),
    }
}

/// async-openai builds headers with `.parse().unwrap()`; refuse values that would panic there.
fn check_header_value(name: &str, value: &str) -> Result<(), ProviderError> {
    if value.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        Ok(())
    } else {
        Err(ProviderError::Config(format!(
            "{name} contains characters that cannot be sent in an HTTP header"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::{HeaderMap, HeaderValue};

    #[test]
    fn retry_after_headers() {
        let mut h = HeaderMap::new();
        assert_eq!(retry_after(&h), None);
        h.insert("retry-after", HeaderValue::from_static("2"));
        assert_eq!(retry_after(&h), Some(Duration::from_secs(2)));
        h.insert("retry-after-ms", HeaderValue::from_static("150"));
        assert_eq!(retry_after(&h), Some(Duration::from_millis(150)));
        let mut h = HeaderMap::new();
        h.insert(
            "retry-after",
            HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT"),
        );
        assert_eq!(retry_after(&h), None);
        h.insert("retry-after", HeaderValue::from_static("-5"));
        assert_eq!(retry_after(&h), None);
    }

    #[test]
    fn error_messages_are_extracted_and_capped() {
        assert_eq!(
            error_message(r#"{"error":{"message":"Rate limit reached","type":"requests"}}"#),
            "Rate limit reached (requests)"
        );
        assert_eq!(
            error_message(r#"{"error":"model not loaded"}"#),
            "model not loaded"
        );
        let html = format!("<html>{}</html>", "é".repeat(1000));
        let m = error_message(&html);
        assert!(m.len() <= MAX_ERROR_TEXT && m.starts_with("<html>"));
    }

    #[test]
    fn secrets_are_scrubbed_and_bad_header_values_refused() {
        let key = Secret::new("sk-test-1234567890".into());
        assert_eq!(
            scrub_secret("Incorrect API key sk-test-1234567890 given", Some(&key)),
            "Incorrect API key **** given"
        );
        assert!(check_header_value("K", "sk-abc").is_ok());
        assert!(check_header_value("K", "sk-abc\n").is_err());
    }

    #[test]
    fn statuses_are_classified() {
        let s = |status, message: &str| HttpStatus {
            status,
            retry_after: None,
            message: message.into(),
        };
        assert!(matches!(
            classify_status(s(429, "slow down")),
            Failure::Retryable { .. }
        ));
        assert!(matches!(
            classify_status(s(429, "insufficient_quota")),
            Failure::Fatal(_)
        ));
        assert!(matches!(
            classify_status(s(503, "")),
            Failure::Retryable { .. }
        ));
        assert!(matches!(
            classify_status(s(400, "bad response_format")),
            Failure::FormatRejected(_)
        ));
        assert!(matches!(
            classify_status(s(401, "bad key")),
            Failure::Fatal(_)
        ));
    }
}
