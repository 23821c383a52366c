//! `reframe batch --via openai-batch`: every thread goes to the model through OpenAI's Batch
//! API — one upload, one batch job, answers within the completion window (up to 24 h) at half
//! the price of direct calls.
//!
//! Owns the conversation with the Files and Batches endpoints — writing the requests JSONL,
//! uploading it, creating the batch, polling it, downloading the results and joining them back
//! to the thread ids — and the state file that makes the job resumable. The state file is
//! written atomically as soon as the batch exists, so a run interrupted after that point polls
//! the same batch again instead of paying for a second one; it is deleted once every result is
//! written and synced. It must not parse mail or decide which threads to answer: the caller
//! passes the items still to do, and only results for those ids are written.

use std::collections::HashSet;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use reqwest::header::HeaderValue;
use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::output::{JsonlLog, LogError};
use crate::config::{Config, Secret};
use crate::model_json::parse_answer;
use crate::pipeline::Engine;
use crate::prompt::ChatMessage;
use crate::suggestion::{Meta, Suggestion, Usage, UsageSource};
use crate::thread::Thread;

/// Where the API lives when no base URL is configured.
pub const DEFAULT_BASE_URL: &str = "https://api.openai.com/v1";
/// The endpoint every request of the batch goes to (as the Batch API names it).
const ENDPOINT: &str = "/v1/chat/completions";
/// `source` of every line this module writes.
const SOURCE: &str = "openai-batch";
/// Statuses after which a batch never changes again.
const TERMINAL: [&str; 4] = ["completed", "failed", "expired", "cancelled"];
/// Upstream error text kept in our errors (enough to diagnose, never a whole HTML page).
const MAX_ERROR_TEXT: usize = 300;
/// Longest an upload or a download of a results file may take.
const TRANSFER_TIMEOUT: Duration = Duration::from_secs(3600);
/// Batch-level error messages quoted when a whole batch failed.
const MAX_BATCH_ERRORS: usize = 3;

#[derive(Debug, Clone)]
pub struct BatchApiOptions {
    /// Records the batch in flight; present means "resume this batch".
    pub state_file: PathBuf,
    /// Time between two status checks.
    pub poll_interval: Duration,
    /// Longest this run waits for the batch to end; re-running resumes it.
    pub max_wait: Duration,
    /// The Batch API's `completion_window` (OpenAI accepts `24h`).
    pub completion_window: String,
}

impl BatchApiOptions {
    /// Polls every 30 s for up to 25 h (the 24 h window plus time to finalise).
    pub fn new(state_file: PathBuf) -> BatchApiOptions {
        BatchApiOptions {
            state_file,
            poll_interval: Duration::from_secs(30),
            max_wait: Duration::from_secs(25 * 3600),
            completion_window: "24h".to_string(),
        }
    }
}

/// Why a Batch API job stopped. Messages never hold the API key.
#[derive(Debug, thiserror::Error)]
pub enum BatchApiError {
    #[error("{0}")]
    Config(String),
    #[error("{step}: cannot reach the server: {message}")]
    Http { step: String, message: String },
    #[error("{step}: the server answered HTTP {status}: {message}")]
    Status {
        step: String,
        status: u16,
        message: String,
    },
    #[error("{step}: unexpected answer from the server: {message}")]
    Protocol { step: String, message: String },
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("state file {path}: {message}")]
    State { path: String, message: String },
    #[error(transparent)]
    Log(#[from] LogError),
    #[error(
        "batch {batch_id} is still {status} after waiting {waited_secs} s; run the same command \
         again to resume it (recorded in {state_file})"
    )]
    StillRunning {
        batch_id: String,
        status: String,
        waited_secs: u64,
        state_file: String,
    },
}

impl BatchApiError {
    /// Worth trying again later: the server was unreachable, busy or failing.
    fn transient(&self) -> bool {
        match self {
            BatchApiError::Http { .. } => true,
            BatchApiError::Status { status, .. } => matches!(status, 408 | 429 | 500..),
            _ => false,
        }
    }
}

/// What a run did.
#[derive(Debug, Default, Clone, Serialize)]
pub struct BatchApiSummary {
    /// Empty when there was nothing to submit.
    pub batch_id: String,
    /// Requests in the batch.
    pub submitted: u64,
    /// Lines written to `out`.
    pub answered: u64,
    /// Lines written to `errors` (unprepared items included).
    pub failed: u64,
    /// The batch was recorded in the state file by an earlier run.
    pub resumed: bool,
    pub prompt_tokens: u64,
    pub completion_tokens: u64,
}

/// The state file: the batch a run is waiting for.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct State {
    batch_id: String,
    #[serde(default)]
    input_file_id: String,
    #[serde(default)]
    submitted: u64,
    /// Unix seconds.
    #[serde(default)]
    created: u64,
}

/// The fields of a Batch object this module reads.
#[derive(Debug, Clone, Deserialize)]
struct BatchObject {
    id: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    output_file_id: Option<String>,
    #[serde(default)]
    error_file_id: Option<String>,
    #[serde(default)]
    request_counts: Option<RequestCounts>,
    #[serde(default)]
    errors: Option<Value>,
    #[serde(default)]
    created_at: Option<u64>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
struct RequestCounts {
    #[serde(default)]
    total: u64,
    #[serde(default)]
    completed: u64,
    #[serde(default)]
    failed: u64,
}

/// One line of an output or error file.
#[derive(Debug, Deserialize)]
struct ResultLine {
    custom_id: Option<String>,
    #[serde(default)]
    response: Option<ResultResponse>,
    #[serde(default)]
    error: Option<Value>,
}

#[derive(Debug, Deserialize)]
struct ResultResponse {
    #[serde(default)]
    status_code: u16,
    #[serde(default)]
    body: Value,
}

/// Submits `items` (id, thread) as one batch (or resumes the batch recorded in the state
/// file), polls until it ends, downloads the results and writes one
/// `{"id", "source": "openai-batch", "suggestion": Suggestion}` line per answered item to
/// `out` and one `{"id", "source", "kind", "error"}` line per failed item to `errors`.
///
/// Pass only the ids not yet in `out`: results for any other id are dropped, so re-running
/// after a crash in the middle of a download never writes a line twice.
pub async fn run(
    engine: &Engine,
    items: Vec<(String, Thread)>,
    out: &mut JsonlLog,
    errors: &mut JsonlLog,
    options: &BatchApiOptions,
) -> Result<BatchApiSummary, BatchApiError> {
    if engine.provider().name() != "openai" {
        return Err(BatchApiError::Config(
            "the OpenAI Batch API mode needs the openai provider (set OPENAI_API_KEY or a base URL)"
                .into(),
        ));
    }
    let api = Api::new(engine.config())?;
    let mut summary = BatchApiSummary::default();
    let items = answer_by_triage(engine, items, out, errors, &mut summary).await?;
    let (state, pending) = match read_state(&options.state_file)? {
        Some(state) => {
            tracing::info!(
                batch_id = %state.batch_id,
                state_file = %options.state_file.display(),
                "resuming the batch recorded in the state file; nothing is uploaded again"
            );
            summary.resumed = true;
            let pending: HashSet<String> = items.into_iter().map(|(id, _)| id).collect();
            (state, pending)
        }
        None => match submit(engine, &api, items, errors, options, &mut summary).await? {
            Some(submitted) => submitted,
            None => {
                out.sync()?;
                errors.sync()?;
                return Ok(summary);
            }
        },
    };
    summary.batch_id = state.batch_id.clone();
    summary.submitted = state.submitted;
    let finished = finish(
        engine,
        &api,
        &state,
        pending,
        out,
        errors,
        options,
        &mut summary,
    )
    .await;
    if let Err(e) = &finished {
        tracing::error!(
            batch_id = %state.batch_id,
            state_file = %options.state_file.display(),
            error = %e,
            "the batch is kept in the state file: run the same command again to resume it"
        );
    }
    finished?;
    remove_state(&options.state_file)?;
    tracing::info!(
        batch_id = %summary.batch_id,
        answered = summary.answered,
        failed = summary.failed,
        "batch results written"
    );
    Ok(summary)
}

/// Answers locally the items triage decides (an abstention: rep spoke last, empty, legal
/// threat…), as `reframe suggest` would, and returns the others: a batch request for them
/// would pay a model to say the same thing.
async fn answer_by_triage(
    engine: &Engine,
    items: Vec<(String, Thread)>,
    out: &mut JsonlLog,
    errors: &mut JsonlLog,
    summary: &mut BatchApiSummary,
) -> Result<Vec<(String, Thread)>, BatchApiError> {
    let (decided, rest): (Vec<_>, Vec<_>) = items
        .into_iter()
        .partition(|(_, thread)| engine.decided_by_triage(thread));
    for (id, thread) in decided {
        match engine.suggest(&thread, Default::default()).await {
            Ok(suggestion) => {
                summary.answered += 1;
                out.append(&json!({"id": id, "source": SOURCE, "suggestion": suggestion}))?;
            }
            Err(e) => fail(errors, summary, &id, "input", &e.to_string())?,
        }
    }
    Ok(rest)
}

/// Steps 2–4: requests file, upload, create, state file. `None` when nothing was submitted.
async fn submit(
    engine: &Engine,
    api: &Api,
    items: Vec<(String, Thread)>,
    errors: &mut JsonlLog,
    options: &BatchApiOptions,
    summary: &mut BatchApiSummary,
) -> Result<Option<(State, HashSet<String>)>, BatchApiError> {
    let requests = sibling(&options.state_file, ".requests.jsonl");
    let written = write_requests(engine, items, &requests, errors, summary);
    let ids = match written {
        Ok(ids) => ids,
        Err(e) => {
            remove_quietly(&requests);
            return Err(e);
        }
    };
    if ids.is_empty() {
        remove_quietly(&requests);
        tracing::info!("no request to submit: no batch created");
        return Ok(None);
    }
    let created = upload_and_create(api, &requests, options).await;
    remove_quietly(&requests);
    let (input_file_id, batch) = created?;
    let state = State {
        batch_id: batch.id.clone(),
        input_file_id,
        submitted: ids.len() as u64,
        created: batch.created_at.unwrap_or_else(unix_now),
    };
    // The batch is paid for from here: if it cannot be recorded, say which one it is.
    write_state(&options.state_file, &state).map_err(|e| BatchApiError::State {
        path: options.state_file.display().to_string(),
        message: format!(
            "batch {} was created but could not be recorded ({e}); do not re-run before \
             writing {{\"batch_id\": \"{}\"}} to this file, or you will pay for a second batch",
            state.batch_id, state.batch_id
        ),
    })?;
    tracing::info!(
        batch_id = %state.batch_id,
        requests = state.submitted,
        status = %batch.status,
        state_file = %options.state_file.display(),
        "batch created"
    );
    Ok(Some((state, ids)))
}

async fn upload_and_create(
    api: &Api,
    requests: &Path,
    options: &BatchApiOptions,
) -> Result<(String, BatchObject), BatchApiError> {
    let file_id = api.upload(requests).await?;
    tracing::info!(file_id = %file_id, "requests file uploaded");
    let batch = api.create(&file_id, &options.completion_window).await?;
    Ok((file_id, batch))
}

/// Steps 5–6: poll, download, join, fail what is left, sync.
#[allow(clippy::too_many_arguments)]
async fn finish(
    engine: &Engine,
    api: &Api,
    state: &State,
    pending: HashSet<String>,
    out: &mut JsonlLog,
    errors: &mut JsonlLog,
    options: &BatchApiOptions,
    summary: &mut BatchApiSummary,
) -> Result<(), BatchApiError> {
    let batch = poll(api, &state.batch_id, options).await?;
    let mut joiner = Joiner {
        engine,
        pending,
        out,
        errors,
        summary,
        dropped: 0,
        unreadable: 0,
    };
    for file_id in [&batch.output_file_id, &batch.error_file_id]
        .into_iter()
        .flatten()
        .filter(|f| !f.is_empty())
    {
        api.download(file_id, |line| joiner.line(line)).await?;
    }
    if joiner.dropped > 0 {
        tracing::info!(
            results = joiner.dropped,
            "results for ids not asked for (already written by an earlier run) were skipped"
        );
    }
    if joiner.unreadable > 0 {
        tracing::warn!(
            lines = joiner.unreadable,
            "unreadable lines in the batch results"
        );
    }
    let (kind, reason) = if batch.status == "completed" {
        (
            "missing_result".to_string(),
            format!(
                "batch {} completed without a result for this item (if it was not part of that \
                 batch, run again to submit it)",
                batch.id
            ),
        )
    } else {
        (
            format!("batch_{}", batch.status),
            format!(
                "batch {} ended {} before answering this item{}",
                batch.id,
                batch.status,
                batch_errors(&batch)
            ),
        )
    };
    let mut left: Vec<String> = joiner.pending.drain().collect();
    left.sort();
    for id in left {
        joiner.fail(&id, &kind, &reason)?;
    }
    joiner.out.sync()?;
    joiner.errors.sync()?;
    Ok(())
}

/// Writes one request line per item that can be prepared; the others go to `errors`.
fn write_requests(
    engine: &Engine,
    items: Vec<(String, Thread)>,
    path: &Path,
    errors: &mut JsonlLog,
    summary: &mut BatchApiSummary,
) -> Result<HashSet<String>, BatchApiError> {
    let io = |source| BatchApiError::Io {
        path: path.display().to_string(),
        source,
    };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    let mut writer = BufWriter::new(std::fs::File::create(path).map_err(io)?);
    let config = engine.config();
    let schema = engine.prompts().schema();
    let mut ids = HashSet::new();
    for (id, thread) in items {
        if ids.contains(&id) {
            fail(
                errors,
                summary,
                &id,
                "input",
                "the same id appears twice in the inputs; only the first was sent",
            )?;
            continue;
        }
        match engine.prepare(&thread, config.replies) {
            Ok(prepared) => {
                let fitted = prepared.fitted;
                let line = json!({
                    "custom_id": id,
                    "method": "POST",
                    "url": ENDPOINT,
                    "body": request_body(config, schema, &fitted.messages),
                });
                let mut bytes = serde_json::to_vec(&line).map_err(|e| io(e.into()))?;
                bytes.push(b'\n');
                writer.write_all(&bytes).map_err(io)?;
                ids.insert(id);
            }
            Err(e) => fail(errors, summary, &id, "input", &e.to_string())?,
        }
    }
    writer.flush().map_err(io)?;
    Ok(ids)
}

/// The chat-completions body of one request, as the `openai` provider sends it.
fn request_body(config: &Config, schema: &Value, messages: &[ChatMessage]) -> Value {
    json!({
        "model": config.model,
        "messages": messages,
        "temperature": config.openai.temperature,
        "max_tokens": config.openai.max_output_tokens,
        "response_format": {
            "type": "json_schema",
            "json_schema": {"name": "suggestion", "strict": true, "schema": schema},
        },
    })
}

/// Polls until the batch ends or `max_wait` passes. Transient failures are logged and polled
/// through: the batch keeps running on the server meanwhile.
async fn poll(
    api: &Api,
    batch_id: &str,
    options: &BatchApiOptions,
) -> Result<BatchObject, BatchApiError> {
    let started = Instant::now();
    let mut last: Option<(String, Option<RequestCounts>)> = None;
    loop {
        match api.batch(batch_id).await {
            Ok(batch) => {
                let now = (batch.status.clone(), batch.request_counts);
                if last.as_ref() != Some(&now) {
                    let counts = batch.request_counts.unwrap_or_default();
                    tracing::info!(
                        batch_id,
                        status = %batch.status,
                        total = counts.total,
                        completed = counts.completed,
                        failed = counts.failed,
                        "batch progress"
                    );
                }
                last = Some(now);
                if TERMINAL.contains(&batch.status.as_str()) {
                    return Ok(batch);
                }
            }
            Err(e) if e.transient() => {
                tracing::warn!(batch_id, error = %e, "status check failed; will try again");
            }
            Err(e) => return Err(e),
        }
        let waited = started.elapsed();
        if waited >= options.max_wait {
            return Err(BatchApiError::StillRunning {
                batch_id: batch_id.to_string(),
                status: last.map_or_else(|| "unknown".to_string(), |(s, _)| s),
                waited_secs: waited.as_secs(),
                state_file: options.state_file.display().to_string(),
            });
        }
        tokio::time::sleep(options.poll_interval.min(options.max_wait - waited)).await;
    }
}

/// Joins result lines back to the pending ids and writes them out.
struct Joiner<'a> {
    engine: &'a Engine,
    /// Ids asked for and not yet answered or failed.
    pending: HashSet<String>,
    out: &'a mut JsonlLog,
    errors: &'a mut JsonlLog,
    summary: &'a mut BatchApiSummary,
    /// Results for ids not asked for (or seen twice).
    dropped: u64,
    unreadable: u64,
}

impl Joiner<'_> {
    fn line(&mut self, bytes: &[u8]) -> Result<(), BatchApiError> {
        let line: ResultLine = match serde_json::from_slice(bytes) {
            Ok(line) => line,
            Err(e) => {
                tracing::warn!(error = %e, "unreadable line in the batch results");
                self.unreadable += 1;
                return Ok(());
            }
        };
        let Some(id) = line.custom_id.clone() else {
            tracing::warn!("a batch result line has no custom_id");
            self.unreadable += 1;
            return Ok(());
        };
        if !self.pending.remove(&id) {
            self.dropped += 1;
            return Ok(());
        }
        match outcome(self.engine, line) {
            Ok(suggestion) => {
                self.summary.answered += 1;
                self.summary.prompt_tokens += suggestion.meta.usage.prompt_tokens;
                self.summary.completion_tokens += suggestion.meta.usage.completion_tokens;
                self.out
                    .append(&json!({"id": id, "source": SOURCE, "suggestion": suggestion}))?;
                Ok(())
            }
            Err((kind, reason)) => self.fail(&id, kind, &reason),
        }
    }

    fn fail(&mut self, id: &str, kind: &str, reason: &str) -> Result<(), BatchApiError> {
        fail(self.errors, self.summary, id, kind, reason)
    }
}

fn fail(
    errors: &mut JsonlLog,
    summary: &mut BatchApiSummary,
    id: &str,
    kind: &str,
    reason: &str,
) -> Result<(), BatchApiError> {
    summary.failed += 1;
    errors.append(&json!({"id": id, "source": SOURCE, "kind": kind, "error": reason}))?;
    Ok(())
}

/// A result line as a Suggestion, or the kind and reason of its failure.
fn outcome(engine: &Engine, line: ResultLine) -> Result<Suggestion, (&'static str, String)> {
    if let Some(error) = line.error.filter(|e| !e.is_null()) {
        return Err(("batch_request", error_text(&json!({ "error": error }))));
    }
    let Some(response) = line.response else {
        return Err((
            "protocol",
            "the result has neither a response nor an error".into(),
        ));
    };
    if response.status_code != 200 {
        return Err((
            "upstream_status",
            format!(
                "HTTP {}: {}",
                response.status_code,
                error_text(&response.body)
            ),
        ));
    }
    let body = response.body;
    let choice = &body["choices"][0];
    let message = &choice["message"];
    if let Some(refusal) = message["refusal"].as_str().filter(|r| !r.trim().is_empty()) {
        return Err(("invalid_output", format!("the model refused: {refusal}")));
    }
    let Some(content) = message["content"].as_str() else {
        return Err((
            "invalid_output",
            "the response has no choices[0].message.content".into(),
        ));
    };
    let answer = parse_answer(content).map_err(|e| {
        let cut = if choice["finish_reason"] == "length" {
            " (the answer was cut at max_tokens)"
        } else {
            ""
        };
        ("invalid_output", format!("unusable answer: {e}{cut}"))
    })?;
    let config = engine.config();
    let (usage, usage_source) = match body["usage"].as_object() {
        Some(u) => (
            Usage {
                prompt_tokens: u.get("prompt_tokens").and_then(Value::as_u64).unwrap_or(0),
                completion_tokens: u
                    .get("completion_tokens")
                    .and_then(Value::as_u64)
                    .unwrap_or(0),
            },
            UsageSource::Upstream,
        ),
        None => (Usage::default(), UsageSource::Estimate),
    };
    let meta = Meta {
        provider: "openai".to_string(),
        model: body["model"]
            .as_str()
            .filter(|m| !m.is_empty())
            .unwrap_or(&config.model)
            .to_string(),
        prompt_version: engine.prompts().version().to_string(),
        usage,
        usage_source,
        truncated: false,
        latency_ms: 0,
        attempts: 1,
        language: None,
        cached: false,
        language_fallback: false,
        triage: None,
    };
    Ok(Suggestion::new(answer, meta))
}

/// ` (code: message; …)` from a failed batch's `errors.data`, or nothing.
fn batch_errors(batch: &BatchObject) -> String {
    let Some(data) = batch
        .errors
        .as_ref()
        .and_then(|e| e.get("data"))
        .and_then(Value::as_array)
    else {
        return String::new();
    };
    let texts: Vec<String> = data
        .iter()
        .take(MAX_BATCH_ERRORS)
        .map(|e| {
            let message = e.get("message").and_then(Value::as_str).unwrap_or("");
            let mut text = match e.get("code").and_then(Value::as_str) {
                Some(code) => format!("{code}: {message}"),
                None => message.to_string(),
            };
            if let Some(line) = e.get("line").and_then(Value::as_u64) {
                text.push_str(&format!(" (line {line})"));
            }
            text
        })
        .collect();
    if texts.is_empty() {
        return String::new();
    }
    let more = data.len().saturating_sub(MAX_BATCH_ERRORS);
    let more = if more > 0 {
        format!("; {more} more")
    } else {
        String::new()
    };
    cap(&format!(" ({}{more})", texts.join("; ")))
}

/// The HTTP conversation: base URL, authentication and status handling.
struct Api {
    http: reqwest::Client,
    base: String,
    key: Option<Secret>,
    headers: Vec<(&'static str, HeaderValue)>,
    timeout: Duration,
}

impl Api {
    fn new(config: &Config) -> Result<Api, BatchApiError> {
        if config.openai.azure_api_version.is_some() {
            return Err(BatchApiError::Config(
                "the OpenAI Batch API mode does not support Azure OpenAI".into(),
            ));
        }
        let base = config
            .base_url
            .as_deref()
            .map(str::trim)
            .filter(|b| !b.is_empty())
            .unwrap_or(DEFAULT_BASE_URL)
            .trim_end_matches('/')
            .to_string();
        let mut headers = Vec::new();
        let key = config.api_key.clone().filter(|k| !k.expose().is_empty());
        if let Some(k) = &key {
            let mut value = header_value("OPENAI_API_KEY", &format!("Bearer {}", k.expose()))?;
            value.set_sensitive(true);
            headers.push(("authorization", value));
        }
        for (var, name) in [
            ("OPENAI_ORG_ID", "openai-organization"),
            ("OPENAI_PROJECT_ID", "openai-project"),
        ] {
            if let Some(v) = std::env::var(var).ok().filter(|v| !v.trim().is_empty()) {
                headers.push((name, header_value(var, v.trim())?));
            }
        }
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_millis(config.openai.connect_timeout_ms))
            .read_timeout(Duration::from_millis(config.openai.request_timeout_ms))
            .build()
            .map_err(|e| BatchApiError::Config(format!("HTTP client: {e}")))?;
        Ok(Api {
            http,
            base,
            key,
            headers,
            timeout: Duration::from_millis(config.openai.request_timeout_ms),
        })
    }

    fn request(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        let mut request = self.http.request(method, format!("{}{path}", self.base));
        for (name, value) in &self.headers {
            request = request.header(*name, value.clone());
        }
        request
    }

    /// Sends; a non-2xx answer becomes [`BatchApiError::Status`] with the server's message.
    async fn send(
        &self,
        step: &str,
        request: reqwest::RequestBuilder,
    ) -> Result<reqwest::Response, BatchApiError> {
        let response = request
            .send()
            .await
            .map_err(|e| self.http_error(step, &e))?;
        let status = response.status().as_u16();
        if !(200..300).contains(&status) {
            let text = response.text().await.unwrap_or_default();
            let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
            return Err(BatchApiError::Status {
                step: step.to_string(),
                status,
                message: self.scrub(&error_text(&body)),
            });
        }
        Ok(response)
    }

    async fn json<T: serde::de::DeserializeOwned>(
        &self,
        step: &str,
        request: reqwest::RequestBuilder,
    ) -> Result<T, BatchApiError> {
        let response = self.send(step, request).await?;
        let text = response
            .text()
            .await
            .map_err(|e| self.http_error(step, &e))?;
        serde_json::from_str(&text).map_err(|e| BatchApiError::Protocol {
            step: step.to_string(),
            message: self.scrub(&cap(&format!("{e} in {}", text.trim()))),
        })
    }

    /// `POST /files` with `purpose=batch`; the file is streamed from disk.
    async fn upload(&self, path: &Path) -> Result<String, BatchApiError> {
        #[derive(Deserialize)]
        struct FileObject {
            id: String,
        }
        let io = |source| BatchApiError::Io {
            path: path.display().to_string(),
            source,
        };
        let file = tokio::fs::File::open(path).await.map_err(io)?;
        let length = file.metadata().await.map_err(io)?.len();
        let part = reqwest::multipart::Part::stream_with_length(file, length)
            .file_name("requests.jsonl")
            .mime_str("application/octet-stream")
            .map_err(|e| BatchApiError::Config(format!("multipart: {e}")))?;
        let form = reqwest::multipart::Form::new()
            .text("purpose", "batch")
            .part("file", part);
        let request = self
            .request(Method::POST, "/files")
            .timeout(TRANSFER_TIMEOUT)
            .multipart(form);
        let step = "uploading the requests file";
        let file: FileObject = self.json(step, request).await?;
        non_empty(step, "file id", file.id)
    }

    /// `POST /batches`.
    async fn create(
        &self,
        input_file_id: &str,
        completion_window: &str,
    ) -> Result<BatchObject, BatchApiError> {
        let body = json!({
            "input_file_id": input_file_id,
            "endpoint": ENDPOINT,
            "completion_window": completion_window,
        });
        let request = self
            .request(Method::POST, "/batches")
            .timeout(self.timeout)
            .header("content-type", "application/json")
            .body(body.to_string());
        let step = "creating the batch";
        let batch: BatchObject = self.json(step, request).await?;
        non_empty(step, "batch id", batch.id.clone())?;
        Ok(batch)
    }

    /// `GET /batches/{id}`.
    async fn batch(&self, batch_id: &str) -> Result<BatchObject, BatchApiError> {
        let request = self
            .request(Method::GET, &format!("/batches/{batch_id}"))
            .timeout(self.timeout);
        self.json(&format!("checking batch {batch_id}"), request)
            .await
    }

    /// `GET /files/{id}/content`, handed to `on_line` one line at a time as it arrives.
    async fn download(
        &self,
        file_id: &str,
        mut on_line: impl FnMut(&[u8]) -> Result<(), BatchApiError>,
    ) -> Result<(), BatchApiError> {
        let step = format!("downloading batch results {file_id}");
        let request = self
            .request(Method::GET, &format!("/files/{file_id}/content"))
            .timeout(TRANSFER_TIMEOUT);
        let mut response = self.send(&step, request).await?;
        let mut buffer: Vec<u8> = Vec::new();
        let mut handle = |line: &[u8]| match line.trim_ascii() {
            [] => Ok(()),
            line => on_line(line),
        };
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| self.http_error(&step, &e))?
        {
            buffer.extend_from_slice(&chunk);
            let mut start = 0;
            while let Some(end) = buffer[start..].iter().position(|b| *b == b'\n') {
                handle(&buffer[start..start + end])?;
                start += end + 1;
            }
            buffer.drain(..start);
        }
        handle(&buffer)
    }

    fn http_error(&self, step: &str, error: &reqwest::Error) -> BatchApiError {
        let mut message = if error.is_timeout() {
            "timed out".to_string()
        } else {
            error.to_string()
        };
        let mut source = std::error::Error::source(error);
        while let Some(cause) = source {
            message.push_str(": ");
            message.push_str(&cause.to_string());
            source = cause.source();
        }
        BatchApiError::Http {
            step: step.to_string(),
            message: self.scrub(&cap(&message)),
        }
    }

    fn scrub(&self, text: &str) -> String {
        match &self.key {
            Some(k) if k.expose().len() >= 8 => text.replace(k.expose(), "****"),
            _ => text.to_string(),
        }
    }
}

fn header_value(name: &str, value: &str) -> Result<HeaderValue, BatchApiError> {
    HeaderValue::from_str(value).map_err(|_| {
        BatchApiError::Config(format!(
            "{name} contains characters that cannot be sent in an HTTP header"
        ))
    })
}

fn non_empty(step: &str, what: &str, value: String) -> Result<String, BatchApiError> {
    if value.trim().is_empty() {
        return Err(BatchApiError::Protocol {
            step: step.to_string(),
            message: format!("the answer has an empty {what}"),
        });
    }
    Ok(value)
}

/// The message of an OpenAI-style error body (`{"error": {"message", "type"|"code"}}`), or the
/// body itself, capped.
fn error_text(body: &Value) -> String {
    let from_json = body.get("error").and_then(|e| {
        let message = e
            .get("message")
            .and_then(Value::as_str)
            .or_else(|| e.as_str())?;
        let kind = e
            .get("code")
            .or_else(|| e.get("type"))
            .and_then(Value::as_str);
        Some(match kind {
            Some(k) => format!("{message} ({k})"),
            None => message.to_string(),
        })
    });
    let text = from_json.unwrap_or_else(|| match body {
        Value::String(s) => s.trim().to_string(),
        Value::Null => "no details".to_string(),
        other => other.to_string(),
    });
    cap(&text)
}

fn cap(text: &str) -> String {
    let mut cut = text.len().min(MAX_ERROR_TEXT);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    text[..cut].to_string()
}

/// `path` with `suffix` appended to its file name.
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn remove_quietly(path: &Path) {
    if let Err(e) = std::fs::remove_file(path) {
        if e.kind() != std::io::ErrorKind::NotFound {
            tracing::warn!(path = %path.display(), error = %e, "could not remove a temporary file");
        }
    }
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// The recorded batch, if the state file exists.
fn read_state(path: &Path) -> Result<Option<State>, BatchApiError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(BatchApiError::Io {
                path: path.display().to_string(),
                source,
            })
        }
    };
    let bad = |message: String| BatchApiError::State {
        path: path.display().to_string(),
        message: format!(
            "{message}; it is not safe to submit a new batch (it may pay twice): check it, or \
             delete it to start over"
        ),
    };
    let state: State = serde_json::from_str(&text).map_err(|e| bad(format!("unreadable: {e}")))?;
    if state.batch_id.trim().is_empty() {
        return Err(bad("holds no batch id".into()));
    }
    Ok(Some(state))
}

/// Writes the state file atomically: a crash leaves the old file or the new one, never half.
fn write_state(path: &Path, state: &State) -> Result<(), BatchApiError> {
    let io = |source| BatchApiError::Io {
        path: path.display().to_string(),
        source,
    };
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
    if let Some(parent) = parent {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    let temp = sibling(path, ".tmp");
    let mut text = serde_json::to_vec_pretty(state).map_err(|e| io(e.into()))?;
    text.push(b'\n');
    {
        let mut file = std::fs::File::create(&temp).map_err(io)?;
        file.write_all(&text).map_err(io)?;
        file.sync_all().map_err(io)?;
    }
    std::fs::rename(&temp, path).map_err(io)?;
    sync_dir(parent.unwrap_or(Path::new(".")));
    Ok(())
}

fn remove_state(path: &Path) -> Result<(), BatchApiError> {
    match std::fs::remove_file(path) {
        Ok(()) => {
            sync_dir(
                path.parent()
                    .filter(|p| !p.as_os_str().is_empty())
                    .unwrap_or(Path::new(".")),
            );
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(BatchApiError::Io {
            path: path.display().to_string(),
            source,
        }),
    }
}

/// Makes a rename or removal durable (best effort: not every platform can open a directory).
fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ProviderKind;
    use wiremock::matchers::{body_partial_json, header, method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    const KEY: &str = "sk-test-secret-0123456789";

    fn engine(server: &MockServer, config: Config) -> Engine {
        Engine::from_config(Config {
            provider: Some(ProviderKind::Openai),
            base_url: Some(format!("{}/v1", server.uri())),
            api_key: Some(Secret::new(KEY.into())),
            ..config
        })
        .unwrap()
    }

    fn thread(text: &str) -> Thread {
        crate::thread::parse_json(
            &json!({"messages": [{"role": "customer", "text": text}]}).to_string(),
        )
        .unwrap()
    }

    fn items() -> Vec<(String, Thread)> {
        vec![
            ("t1".into(), thread("Your price is too high for us.")),
            ("t2".into(), thread("Can you send me the contract?")),
        ]
    }

    struct Files {
        dir: tempfile::TempDir,
        out: JsonlLog,
        errors: JsonlLog,
        options: BatchApiOptions,
    }

    fn files(max_wait: Duration) -> Files {
        let dir = tempfile::tempdir().unwrap();
        let (out, _) = JsonlLog::open(&dir.path().join("out.jsonl")).unwrap();
        let (errors, _) = JsonlLog::open(&dir.path().join("errors.jsonl")).unwrap();
        let options = BatchApiOptions {
            state_file: dir.path().join("state.json"),
            poll_interval: Duration::from_millis(10),
            max_wait,
            completion_window: "24h".into(),
        };
        Files {
            dir,
            out,
            errors,
            options,
        }
    }

    impl Files {
        fn lines(&self, name: &str) -> Vec<Value> {
            std::fs::read_to_string(self.dir.path().join(name))
                .unwrap_or_default()
                .lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect()
        }
    }

    fn answer() -> String {
        json!({
            "analysis": {"says": "too expensive", "means": "unsure of the value",
                "objective": "pay less", "structure": "price vs value", "concern": "price",
                "emotion": "doubt"},
            "questions": ["What would make it worth it?"],
            "replies": [{"strategy": "explore", "text": "Fair point: what matters most to you?",
                "wifm": "a price that matches the value"}],
            "abstain": null
        })
        .to_string()
    }

    fn ok_line(id: &str) -> Value {
        json!({
            "id": format!("batch_req_{id}"),
            "custom_id": id,
            "response": {"status_code": 200, "request_id": "req", "body": {
                "id": "chatcmpl-1", "object": "chat.completion", "model": "gpt-4.1-mini-2025",
                "choices": [{"index": 0, "finish_reason": "stop",
                    "message": {"role": "assistant", "content": answer(), "refusal": null}}],
                "usage": {"prompt_tokens": 11, "completion_tokens": 22, "total_tokens": 33}
            }},
            "error": null
        })
    }

    fn jsonl(lines: &[Value]) -> String {
        lines.iter().map(|l| format!("{l}\n")).collect()
    }

    fn batch(id: &str, status: &str, extra: Value) -> Value {
        let mut b = json!({
            "id": id, "object": "batch", "endpoint": ENDPOINT, "status": status,
            "input_file_id": "file-in", "completion_window": "24h", "created_at": 1_700_000_000,
            "output_file_id": null, "error_file_id": null,
            "request_counts": {"total": 2, "completed": 0, "failed": 0}
        });
        for (k, v) in extra.as_object().unwrap() {
            b[k] = v.clone();
        }
        b
    }

    async fn mount_submit(server: &MockServer, batch_id: &str, times: u64) {
        Mock::given(method("POST"))
            .and(path("/v1/files"))
            .and(header("authorization", format!("Bearer {KEY}").as_str()))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(json!({"id": "file-in", "object": "file", "purpose": "batch"})),
            )
            .expect(times)
            .mount(server)
            .await;
        Mock::given(method("POST"))
            .and(path("/v1/batches"))
            .and(body_partial_json(json!({
                "input_file_id": "file-in",
                "endpoint": "/v1/chat/completions",
                "completion_window": "24h"
            })))
            .respond_with(ResponseTemplate::new(200).set_body_json(batch(
                batch_id,
                "validating",
                json!({}),
            )))
            .expect(times)
            .mount(server)
            .await;
    }

    async fn mount_status(server: &MockServer, batch_id: &str, body: Value, once: bool) {
        let mut mock = Mock::given(method("GET"))
            .and(path(format!("/v1/batches/{batch_id}")))
            .respond_with(ResponseTemplate::new(200).set_body_json(body));
        if once {
            mock = mock.up_to_n_times(1).with_priority(1).expect(1);
        }
        mock.mount(server).await;
    }

    async fn mount_file(server: &MockServer, file_id: &str, content: String) {
        Mock::given(method("GET"))
            .and(path(format!("/v1/files/{file_id}/content")))
            .respond_with(ResponseTemplate::new(200).set_body_string(content))
            .expect(1)
            .mount(server)
            .await;
    }

    /// The request lines of the uploaded multipart body.
    async fn uploaded_requests(server: &MockServer) -> Vec<Value> {
        let requests = server.received_requests().await.unwrap();
        let upload = requests
            .iter()
            .find(|r| r.method.as_str() == "POST" && r.url.path() == "/v1/files")
            .expect("an upload");
        let body = String::from_utf8_lossy(&upload.body).to_string();
        assert!(body.contains("name=\"purpose\""), "{body}");
        assert!(body.contains("filename=\"requests.jsonl\""), "{body}");
        body.lines()
            .filter(|l| l.starts_with('{') && l.contains("\"custom_id\""))
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    #[tokio::test]
    async fn submits_polls_downloads_and_joins_results() {
        let server = MockServer::start().await;
        mount_submit(&server, "batch_1", 1).await;
        mount_status(
            &server,
            "batch_1",
            batch("batch_1", "in_progress", json!({})),
            true,
        )
        .await;
        let done = json!({"output_file_id": "file-out",
            "request_counts": {"total": 2, "completed": 2, "failed": 0}});
        mount_status(
            &server,
            "batch_1",
            batch("batch_1", "completed", done),
            false,
        )
        .await;
        let failed = json!({"id": "batch_req_t2", "custom_id": "t2", "response": {
            "status_code": 500,
            "body": {"error": {"message": "server exploded", "type": "server_error"}}},
            "error": null});
        mount_file(&server, "file-out", jsonl(&[ok_line("t1"), failed])).await;
        let engine = engine(&server, Config::default());
        let mut f = files(Duration::from_secs(10));

        let summary = run(&engine, items(), &mut f.out, &mut f.errors, &f.options)
            .await
            .unwrap();

        assert_eq!(summary.batch_id, "batch_1");
        assert_eq!(
            (summary.submitted, summary.answered, summary.failed),
            (2, 1, 1)
        );
        assert!(!summary.resumed);
        assert_eq!((summary.prompt_tokens, summary.completion_tokens), (11, 22));
        let out = f.lines("out.jsonl");
        assert_eq!(out.len(), 1);
        assert_eq!(out[0]["id"], "t1");
        assert_eq!(out[0]["source"], "openai-batch");
        let s: Suggestion = serde_json::from_value(out[0]["suggestion"].clone()).unwrap();
        assert_eq!(s.meta.provider, "openai");
        assert_eq!(s.meta.model, "gpt-4.1-mini-2025");
        assert_eq!(s.meta.usage_source, UsageSource::Upstream);
        assert_eq!(s.meta.prompt_version, engine.prompts().version());
        assert_eq!(s.replies[0].strategy, "explore");
        let errors = f.lines("errors.jsonl");
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0]["id"], "t2");
        assert_eq!(errors[0]["kind"], "upstream_status");
        let reason = errors[0]["error"].as_str().unwrap();
        assert!(
            reason.contains("HTTP 500") && reason.contains("server exploded"),
            "{reason}"
        );

        let uploaded = uploaded_requests(&server).await;
        let ids: Vec<&str> = uploaded
            .iter()
            .map(|r| r["custom_id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, ["t1", "t2"]);
        for request in &uploaded {
            assert_eq!(request["method"], "POST");
            assert_eq!(request["url"], "/v1/chat/completions");
            let body = &request["body"];
            assert_eq!(body["model"], engine.config().model);
            assert!(body["messages"].as_array().is_some_and(|m| !m.is_empty()));
            let format = &body["response_format"];
            assert_eq!(format["type"], "json_schema");
            assert_eq!(format["json_schema"]["name"], "suggestion");
            assert_eq!(format["json_schema"]["strict"], true);
            assert_eq!(&format["json_schema"]["schema"], engine.prompts().schema());
        }
        assert!(
            !f.options.state_file.exists(),
            "state file removed at the end"
        );
        assert!(!sibling(&f.options.state_file, ".requests.jsonl").exists());
        server.verify().await;
    }

    #[tokio::test]
    async fn what_triage_decides_is_answered_locally_and_never_submitted() {
        let server = MockServer::start().await;
        mount_submit(&server, "never", 0).await;
        let engine = engine(&server, Config::default());
        let mut f = files(Duration::from_secs(1));
        let rep_last = crate::thread::parse_json(
            &json!({"messages": [
                {"role": "customer", "text": "Can you send me the contract?"},
                {"role": "rep", "text": "Attached, let me know."}]})
            .to_string(),
        )
        .unwrap();
        let items = vec![
            ("t1".to_string(), rep_last),
            (
                "t2".to_string(),
                thread("Our lawyers will be in touch about damages."),
            ),
        ];
        let summary = run(&engine, items, &mut f.out, &mut f.errors, &f.options)
            .await
            .unwrap();
        assert_eq!(
            (summary.answered, summary.failed, summary.submitted),
            (2, 0, 0)
        );
        let out = f.lines("out.jsonl");
        let reasons: Vec<&str> = out
            .iter()
            .map(|l| l["suggestion"]["abstain"]["reason"].as_str().unwrap())
            .collect();
        assert_eq!(reasons, ["awaiting_customer", "legal_threat"]);
        assert!(out
            .iter()
            .all(|l| l["suggestion"]["meta"]["provider"] == "builtin"));
    }

    #[tokio::test]
    async fn resumes_the_recorded_batch_without_uploading_again() {
        let server = MockServer::start().await;
        mount_submit(&server, "never", 0).await;
        let done = json!({"output_file_id": "file-out"});
        mount_status(
            &server,
            "batch_9",
            batch("batch_9", "completed", done),
            false,
        )
        .await;
        // t0 was written by the earlier run: the caller no longer asks for it.
        let lines = [ok_line("t0"), ok_line("t2"), ok_line("t1")];
        mount_file(&server, "file-out", jsonl(&lines)).await;
        let engine = engine(&server, Config::default());
        let mut f = files(Duration::from_secs(10));
        let state = State {
            batch_id: "batch_9".into(),
            input_file_id: "file-in".into(),
            submitted: 3,
            created: 1,
        };
        write_state(&f.options.state_file, &state).unwrap();

        let summary = run(&engine, items(), &mut f.out, &mut f.errors, &f.options)
            .await
            .unwrap();

        assert!(summary.resumed);
        assert_eq!(summary.batch_id, "batch_9");
        assert_eq!(
            (summary.submitted, summary.answered, summary.failed),
            (3, 2, 0)
        );
        let ids: Vec<String> = f
            .lines("out.jsonl")
            .iter()
            .map(|l| l["id"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(ids, ["t2", "t1"]);
        assert!(f.lines("errors.jsonl").is_empty());
        assert!(!f.options.state_file.exists());
        server.verify().await;
    }

    #[tokio::test]
    async fn a_failed_batch_marks_its_items_failed_and_unprepared_items_never_leave() {
        let server = MockServer::start().await;
        mount_submit(&server, "batch_f", 1).await;
        let errors = json!({"errors": {"object": "list", "data": [
            {"code": "invalid_json_line", "message": "This line is not parseable", "line": 1}]}});
        mount_status(
            &server,
            "batch_f",
            batch("batch_f", "failed", errors),
            false,
        )
        .await;
        let config = Config {
            limits: crate::thread::Limits {
                max_messages: 1,
                ..Default::default()
            },
            ..Config::default()
        };
        let engine = engine(&server, config);
        let too_long = crate::thread::parse_json(
            r#"{"messages":[{"role":"rep","text":"Hi"},{"role":"customer","text":"Too pricey"}]}"#,
        )
        .unwrap();
        let mut all = items();
        all.push(("t3".into(), too_long));
        let mut f = files(Duration::from_secs(10));

        let summary = run(&engine, all, &mut f.out, &mut f.errors, &f.options)
            .await
            .unwrap();

        assert_eq!(
            (summary.submitted, summary.answered, summary.failed),
            (2, 0, 3)
        );
        let errors = f.lines("errors.jsonl");
        assert_eq!(errors.len(), 3);
        assert_eq!(
            (&errors[0]["id"], &errors[0]["kind"]),
            (&json!("t3"), &json!("input"))
        );
        for (e, id) in errors[1..].iter().zip(["t1", "t2"]) {
            assert_eq!(e["id"], id);
            assert_eq!(e["kind"], "batch_failed");
            let reason = e["error"].as_str().unwrap();
            assert!(reason.contains("batch_f ended failed"), "{reason}");
            assert!(reason.contains("invalid_json_line: This line is not parseable (line 1)"));
        }
        let uploaded = uploaded_requests(&server).await;
        assert_eq!(uploaded.len(), 2, "the unprepared item is not sent");
        assert!(f.lines("out.jsonl").is_empty());
        assert!(!f.options.state_file.exists());
    }

    #[tokio::test]
    async fn an_expired_batch_keeps_its_partial_results_and_error_file() {
        let server = MockServer::start().await;
        mount_submit(&server, "batch_e", 1).await;
        let ended = json!({"output_file_id": "file-out", "error_file_id": "file-err"});
        mount_status(
            &server,
            "batch_e",
            batch("batch_e", "expired", ended),
            false,
        )
        .await;
        mount_file(&server, "file-out", jsonl(&[ok_line("t1")])).await;
        let rejected = json!({"id": "batch_req_t2", "custom_id": "t2", "response": null,
            "error": {"code": "batch_expired",
                "message": "This request could not be executed before the window expired."}});
        mount_file(&server, "file-err", jsonl(&[rejected])).await;
        let engine = engine(&server, Config::default());
        let mut all = items();
        all.push(("t3".into(), thread("Do you integrate with Salesforce?")));
        let mut f = files(Duration::from_secs(10));

        let summary = run(&engine, all, &mut f.out, &mut f.errors, &f.options)
            .await
            .unwrap();

        assert_eq!(
            (summary.submitted, summary.answered, summary.failed),
            (3, 1, 2)
        );
        assert_eq!(f.lines("out.jsonl")[0]["id"], "t1");
        let errors = f.lines("errors.jsonl");
        assert_eq!(
            (&errors[0]["id"], &errors[0]["kind"]),
            (&json!("t2"), &json!("batch_request"))
        );
        assert!(errors[0]["error"]
            .as_str()
            .unwrap()
            .contains("(batch_expired)"));
        assert_eq!(
            (&errors[1]["id"], &errors[1]["kind"]),
            (&json!("t3"), &json!("batch_expired"))
        );
        server.verify().await;
    }

    #[tokio::test]
    async fn a_crash_after_create_resumes_the_same_batch() {
        let server = MockServer::start().await;
        mount_submit(&server, "batch_c", 1).await;
        mount_status(
            &server,
            "batch_c",
            batch("batch_c", "in_progress", json!({})),
            false,
        )
        .await;
        let engine = engine(&server, Config::default());
        let mut f = files(Duration::from_millis(60));

        // The first run gives up while the batch is still running, as a crash would.
        let err = run(&engine, items(), &mut f.out, &mut f.errors, &f.options)
            .await
            .unwrap_err();
        let text = err.to_string();
        assert!(matches!(err, BatchApiError::StillRunning { .. }), "{text}");
        assert!(
            text.contains("batch_c") && text.contains("resume"),
            "{text}"
        );
        let state = read_state(&f.options.state_file)
            .unwrap()
            .expect("state kept");
        assert_eq!(state.batch_id, "batch_c");
        assert_eq!(state.input_file_id, "file-in");
        assert_eq!(state.submitted, 2);
        assert!(f.lines("out.jsonl").is_empty() && f.lines("errors.jsonl").is_empty());
        server.verify().await;

        // The batch finishes meanwhile; the rerun must not upload or create anything.
        server.reset().await;
        mount_submit(&server, "never", 0).await;
        let done = json!({"output_file_id": "file-out"});
        mount_status(
            &server,
            "batch_c",
            batch("batch_c", "completed", done),
            false,
        )
        .await;
        mount_file(&server, "file-out", jsonl(&[ok_line("t1"), ok_line("t2")])).await;
        f.options.max_wait = Duration::from_secs(10);

        let summary = run(&engine, items(), &mut f.out, &mut f.errors, &f.options)
            .await
            .unwrap();

        assert!(summary.resumed);
        assert_eq!(summary.batch_id, "batch_c");
        assert_eq!((summary.submitted, summary.answered), (2, 2));
        assert_eq!(f.lines("out.jsonl").len(), 2);
        assert!(!f.options.state_file.exists());
        server.verify().await;
    }

    #[tokio::test]
    async fn errors_name_the_status_and_never_the_key() {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/v1/files"))
            .respond_with(ResponseTemplate::new(401).set_body_json(json!({"error": {
                "message": format!("Incorrect API key provided: {KEY}"),
                "type": "invalid_request_error", "code": "invalid_api_key"}})))
            .mount(&server)
            .await;
        let engine = engine(&server, Config::default());
        let mut f = files(Duration::from_secs(10));

        let err = run(&engine, items(), &mut f.out, &mut f.errors, &f.options)
            .await
            .unwrap_err();

        let text = err.to_string();
        assert!(
            matches!(err, BatchApiError::Status { status: 401, .. }),
            "{text}"
        );
        assert!(
            text.contains("uploading") && text.contains("invalid_api_key"),
            "{text}"
        );
        assert!(!text.contains(KEY), "{text}");
        assert!(!f.options.state_file.exists(), "no batch, no state");
        assert!(!sibling(&f.options.state_file, ".requests.jsonl").exists());
    }

    #[test]
    fn a_state_file_without_a_batch_id_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        std::fs::write(&path, "{\"batch_id\": \"\"}").unwrap();
        let err = read_state(&path).unwrap_err().to_string();
        assert!(
            err.contains("no batch id") && err.contains("delete it"),
            "{err}"
        );
        std::fs::write(&path, "{").unwrap();
        assert!(read_state(&path).is_err());
        assert!(read_state(&dir.path().join("absent.json"))
            .unwrap()
            .is_none());
    }
}
