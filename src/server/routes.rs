//! Route handlers. Each parses its input (naming the failing field), calls the library, and
//! maps the outcome to SPEC's shapes; none holds product logic.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Extension, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};

use super::auth::Caller;
use super::cache::suggestion_key;
use super::error::ApiError;
use super::{AppState, Idempotent, RequestId, Slot, UpstreamTime};
use crate::coach::{self, Review};
use crate::feedback::{FeedbackError, FeedbackIn, FeedbackRecord};
use crate::judge::{self, JudgeStatus, Verdict};
use crate::pipeline::SuggestOptions;
use crate::suggestion::{new_suggestion_id, Suggestion};
use crate::thread::Thread;

/// Body of `POST /v1/suggestions`: a Thread plus an optional number of replies.
#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
pub struct SuggestionRequest {
    #[serde(flatten)]
    pub thread: Thread,
    /// Number of replies (1-5), each a different strategy.
    #[serde(default)]
    pub n: Option<usize>,
}

/// Body of `POST /v1/reviews`.
#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
pub struct ReviewRequest {
    pub thread: Thread,
    /// The rep's own draft reply.
    pub draft: String,
}

/// Response of `POST /v1/reviews`: the deterministic coach's findings, plus the model
/// judge's (criteria prefixed `model.`) when a model is configured.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ReviewResponse {
    /// 0..1; the mean of the coach's and, when scored, the judge's score.
    pub score: f64,
    /// False when any must / must-not criterion failed, by either scorer.
    pub passed: bool,
    pub findings: Vec<crate::coach::Finding>,
    pub judge: JudgeStatus,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Health {
    pub status: &'static str,
    pub provider: String,
    pub model: String,
    pub uptime_secs: u64,
}

/// Reads a JSON body, mapping size and shape problems to 413 and 400 with the field named.
pub fn parse_body<T: serde::de::DeserializeOwned>(
    body: Result<Bytes, BytesRejection>,
) -> Result<T, ApiError> {
    let bytes = body.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "body_too_large",
                "request body is over the size limit",
            )
        } else {
            ApiError::bad_request(format!("cannot read request body: {e}"))
        }
    })?;
    let de = &mut serde_json::Deserializer::from_slice(&bytes);
    serde_path_to_error::deserialize(de).map_err(field_error)
}

fn field_error<E: std::fmt::Display>(e: serde_path_to_error::Error<E>) -> ApiError {
    let path = e.path().to_string();
    let message = e.into_inner().to_string();
    ApiError::bad_request(if path == "." {
        format!("invalid JSON body: {message}")
    } else {
        format!("invalid field `{path}`: {message}")
    })
}

/// A Thread with an optional `n`. Parsed in two steps because `#[serde(flatten)]` hides the
/// path of a failing field, and the caller must learn which field is wrong.
fn parse_suggestion_request(
    body: Result<Bytes, BytesRejection>,
) -> Result<SuggestionRequest, ApiError> {
    let value: serde_json::Value = parse_body(body)?;
    let serde_json::Value::Object(mut object) = value else {
        return Err(ApiError::bad_request(
            "invalid JSON body: expected a Thread object",
        ));
    };
    let n = match object.remove("n") {
        None | Some(serde_json::Value::Null) => None,
        Some(v) => Some(
            serde_json::from_value::<usize>(v)
                .map_err(|e| ApiError::bad_request(format!("invalid field `n`: {e}")))?,
        ),
    };
    let thread: Thread =
        serde_path_to_error::deserialize(serde_json::Value::Object(object)).map_err(field_error)?;
    Ok(SuggestionRequest { thread, n })
}

fn wants_sse(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/event-stream"))
}

#[utoipa::path(
    post, path = "/v1/suggestions", tag = "suggestions",
    request_body = SuggestionRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer for the same key and caller for 24 h")),
    responses(
        (status = 200, description = "The suggestion (or, with Accept: text/event-stream, SSE events analysis, delta, done, error)", body = Suggestion),
        (status = 400, body = super::error::ErrorBody), (status = 401, body = super::error::ErrorBody),
        (status = 409, body = super::error::ErrorBody), (status = 413, body = super::error::ErrorBody),
        (status = 422, body = super::error::ErrorBody), (status = 429, body = super::error::ErrorBody),
        (status = 502, body = super::error::ErrorBody), (status = 503, body = super::error::ErrorBody),
        (status = 504, body = super::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn create_suggestion(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    Extension(slot): Extension<Slot>,
    Extension(request_id): Extension<RequestId>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let request = parse_suggestion_request(body)?;
    request
        .thread
        .check_limits(&state.engine.config().limits)
        .map_err(|e| ApiError::bad_request(e.to_string()))?;
    if let Some(n) = request.n {
        if !(1..=crate::config::MAX_REPLIES).contains(&n) {
            return Err(ApiError::bad_request(format!(
                "invalid field `n`: must be between 1 and {}",
                crate::config::MAX_REPLIES
            )));
        }
    }
    if wants_sse(&headers) {
        return Ok(super::sse::stream_suggestion(
            state,
            request,
            slot,
            request_id.0,
        ));
    }
    let idempotency = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(|k| (caller.key_id.clone(), k.to_string()));
    let Some(key) = idempotency else {
        return answer(&state, &request).await;
    };
    match state.idempotency.get(&key) {
        Some(Idempotent::Done(s)) => {
            let mut response = Json(*s).into_response();
            response.headers_mut().insert(
                "idempotent-replayed",
                header::HeaderValue::from_static("true"),
            );
            return Ok(response);
        }
        Some(Idempotent::InFlight) => {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                "idempotency_in_progress",
                "a request with this Idempotency-Key is still in progress",
            ));
        }
        None => {}
    }
    if !state
        .idempotency
        .insert_if_absent(key.clone(), Idempotent::InFlight)
    {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "idempotency_in_progress",
            "a request with this Idempotency-Key is still in progress",
        ));
    }
    let result = answer_suggestion(&state, &request).await;
    match &result {
        Ok((s, _)) => state
            .idempotency
            .insert(key, Idempotent::Done(Box::new(s.clone()))),
        // A failure may be retried with the same key.
        Err(_) => state.idempotency.remove(&key),
    }
    result.map(|(s, upstream)| respond(s, upstream))
}

async fn answer(state: &Arc<AppState>, request: &SuggestionRequest) -> Result<Response, ApiError> {
    let (s, upstream) = answer_suggestion(state, request).await?;
    Ok(respond(s, upstream))
}

fn respond(s: Suggestion, upstream: Duration) -> Response {
    let mut response = Json(s).into_response();
    response.extensions_mut().insert(UpstreamTime(upstream));
    response
}

/// Cache lookup, then the engine under the request timeout; records metrics and the stored
/// suggestion for feedback export.
pub async fn answer_suggestion(
    state: &Arc<AppState>,
    request: &SuggestionRequest,
) -> Result<(Suggestion, Duration), ApiError> {
    let engine = &state.engine;
    let replies = request.n.unwrap_or(engine.config().replies);
    let key = suggestion_key(
        engine.prompts().version(),
        engine.provider().name(),
        engine.provider().model(),
        replies,
        &request.thread,
    );
    if state.cache.enabled() {
        if let Some(mut hit) = state.cache.get(&key) {
            state.metrics.cache_hit();
            hit.id = new_suggestion_id();
            hit.meta.cached = true;
            hit.meta.latency_ms = 0;
            remember(state, &request.thread, &hit);
            return Ok((hit, Duration::ZERO));
        }
    }
    let timeout = Duration::from_millis(state.settings.request_timeout_ms);
    let options = SuggestOptions {
        replies: request.n,
        deltas: None,
    };
    let outcome =
        tokio::time::timeout(timeout, engine.suggest_timed(&request.thread, options)).await;
    let (suggestion, upstream) = match outcome {
        Err(_) => {
            state.metrics.upstream_error("request_timeout");
            return Err(ApiError::new(
                StatusCode::GATEWAY_TIMEOUT,
                "request_timeout",
                format!("no answer within {} ms", timeout.as_millis()),
            ));
        }
        Ok(Err(e)) => {
            state.failed(&e);
            return Err(e.into());
        }
        Ok(Ok(done)) => done,
    };
    state.cache.insert(key, suggestion.clone());
    state.answered(&request.thread, &suggestion, upstream);
    Ok((suggestion, upstream))
}

/// Stores the thread and suggestion for the feedback export, off the request path.
pub fn remember(state: &AppState, thread: &Thread, suggestion: &Suggestion) {
    let Some(store) = state.feedback.clone() else {
        return;
    };
    if !state.settings.record_suggestions {
        return;
    }
    let (Ok(thread), Ok(json)) = (
        serde_json::to_string(thread),
        serde_json::to_string(suggestion),
    ) else {
        return;
    };
    let id = suggestion.id.clone();
    tokio::task::spawn_blocking(move || {
        if let Err(e) = store.record_suggestion(&id, &thread, &json) {
            tracing::warn!(error = %e, "could not store suggestion for feedback export");
        }
    });
}

#[utoipa::path(
    post, path = "/v1/reviews", tag = "reviews", request_body = ReviewRequest,
    responses((status = 200, body = ReviewResponse), (status = 400, body = super::error::ErrorBody), (status = 401, body = super::error::ErrorBody)),
    security(("bearer" = []))
)]
pub async fn create_review(
    State(state): State<Arc<AppState>>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<ReviewResponse>, ApiError> {
    let request: ReviewRequest = parse_body(body)?;
    request
        .thread
        .check_limits(&state.engine.config().limits)
        .map_err(|e| ApiError::bad_request(e.to_string()))?;
    if request.draft.len() > state.settings.max_body_bytes {
        return Err(ApiError::bad_request("invalid field `draft`: too long"));
    }
    let clean = request.thread.cleaned();
    let coached: Review =
        coach::review(state.engine.understanding(), &clean.thread, &request.draft);
    let timeout = Duration::from_millis(state.settings.request_timeout_ms);
    let verdict = tokio::time::timeout(
        timeout,
        judge::judge(&state.engine, &clean.thread, &request.draft),
    )
    .await
    .unwrap_or_else(|_| Verdict::Unscored("the judge did not answer in time".into()));
    let status = verdict.status();
    let mut response = ReviewResponse {
        score: coached.score,
        passed: coached.passed,
        findings: coached.findings,
        judge: status,
    };
    if let Verdict::Scored {
        findings,
        passed,
        score,
    } = verdict
    {
        response.score = ((response.score + score) / 2.0 * 1000.0).round() / 1000.0;
        response.passed &= passed;
        response.findings.extend(findings);
    }
    Ok(Json(response))
}

#[utoipa::path(
    post, path = "/v1/feedback", tag = "feedback", request_body = FeedbackIn,
    responses((status = 201, body = FeedbackRecord), (status = 400, body = super::error::ErrorBody), (status = 401, body = super::error::ErrorBody), (status = 503, body = super::error::ErrorBody)),
    security(("bearer" = []))
)]
pub async fn create_feedback(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<FeedbackRecord>), ApiError> {
    let feedback: FeedbackIn = parse_body(body)?;
    let store = feedback_store(&state)?;
    feedback.validate().map_err(feedback_error)?;
    let record = tokio::task::spawn_blocking(move || store.record(&feedback, Some(&caller.key_id)))
        .await
        .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", e.to_string()))?
        .map_err(feedback_error)?;
    Ok((StatusCode::CREATED, Json(record)))
}

#[utoipa::path(
    get, path = "/v1/feedback/export", tag = "feedback",
    responses((status = 200, description = "JSONL: one feedback per line with its thread and suggestion", content_type = "application/x-ndjson", body = String), (status = 401, body = super::error::ErrorBody), (status = 503, body = super::error::ErrorBody)),
    security(("bearer" = []))
)]
pub async fn export_feedback(State(state): State<Arc<AppState>>) -> Result<Response, ApiError> {
    let store = feedback_store(&state)?;
    let lines = tokio::task::spawn_blocking(move || {
        let mut out = Vec::new();
        store.export_jsonl(&mut out).map(|_| out)
    })
    .await
    .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", e.to_string()))?
    .map_err(feedback_error)?;
    Ok(([(header::CONTENT_TYPE, "application/x-ndjson")], lines).into_response())
}

fn feedback_store(state: &AppState) -> Result<Arc<crate::feedback::FeedbackStore>, ApiError> {
    state.feedback.clone().ok_or_else(|| {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "feedback_disabled",
            "feedback storage is disabled (server.feedback_db is unset)",
        )
    })
}

fn feedback_error(e: FeedbackError) -> ApiError {
    match e {
        FeedbackError::Invalid { .. } => ApiError::bad_request(e.to_string()),
        FeedbackError::Database { .. } => {
            tracing::error!(error = %e, "feedback store failed");
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "storage",
                "feedback could not be stored",
            )
        }
    }
}

#[utoipa::path(get, path = "/healthz", tag = "operations", responses((status = 200, body = Health)))]
pub async fn healthz(State(state): State<Arc<AppState>>) -> Json<Health> {
    Json(health(&state, "ok"))
}

fn health(state: &AppState, status: &'static str) -> Health {
    Health {
        status,
        provider: state.engine.provider().name().to_string(),
        model: state.engine.provider().model().to_string(),
        uptime_secs: state.started.elapsed().as_secs(),
    }
}

#[utoipa::path(get, path = "/readyz", tag = "operations", responses((status = 200, body = Health), (status = 503, body = super::error::ErrorBody)))]
pub async fn readyz(State(state): State<Arc<AppState>>) -> Result<Json<Health>, ApiError> {
    let ttl = Duration::from_millis(state.settings.ready_cache_ms);
    let cached = state
        .readiness
        .lock()
        .ok()
        .and_then(|r| r.clone())
        .filter(|(at, _)| at.elapsed() < ttl)
        .map(|(_, result)| result);
    let result = match cached {
        Some(r) => r,
        None => {
            let r = state.engine.provider().ready().await;
            if let Ok(mut slot) = state.readiness.lock() {
                *slot = Some((Instant::now(), r.clone()));
            }
            r
        }
    };
    result
        .map(|()| Json(health(&state, "ready")))
        .map_err(|reason| {
            ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "not_ready",
                format!("model not reachable: {reason}"),
            )
        })
}

#[utoipa::path(get, path = "/metrics", tag = "operations", responses((status = 200, description = "Prometheus text format", content_type = "text/plain", body = String)))]
pub async fn metrics(State(state): State<Arc<AppState>>) -> Response {
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        state.metrics.render(),
    )
        .into_response()
}

pub async fn not_found() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        "no such route; see GET /openapi.json",
    )
}

pub async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "this route does not accept that method; see GET /openapi.json",
    )
}
