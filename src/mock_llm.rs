//! `reframe mock-llm`: a mock OpenAI-compatible chat server for demos and load benchmarks.
//!
//! Owns answering `POST /v1/chat/completions` (plain and streamed) with one fixed, valid
//! suggestion after a configurable delay, `GET /v1/models`, and optionally enforcing a
//! requests-per-minute limit with 429s, as a real account would. It must not be used as a
//! model: its answer ignores the prompt.

use std::net::SocketAddr;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use serde_json::{json, Value};

#[derive(Debug, Clone)]
pub struct MockOptions {
    pub delay: Duration,
    /// Requests per minute before answering 429 (None: unlimited).
    pub rpm: Option<u32>,
}

struct MockState {
    options: MockOptions,
    limiter: Option<DefaultDirectRateLimiter>,
    answer: String,
}

/// The fixed answer: a complete, valid suggestion for any thread.
pub fn canned_answer() -> Value {
    json!({
        "analysis": {
            "says": "The customer states a request.",
            "means": "The customer wants more value from the work and a say in how to get it.",
            "objective": "getting the full benefit of the work for their business",
            "structure": "value seen -> worry about missing out -> urge to take control",
            "concern": "value_gap",
            "emotion": "interested, a little frustrated"
        },
        "questions": ["What would you most like to get more of?"],
        "replies": [{
            "strategy": "explore",
            "text": "Thank you for telling me this. It sounds like you want to get more out of what we do together. What would make the biggest difference for your team?",
            "wifm": "More of the results you already value."
        }],
        "abstain": null
    })
}

pub fn router(options: MockOptions) -> Router {
    let limiter = options
        .rpm
        .and_then(NonZeroU32::new)
        // Burst of one second's worth, so the limit is enforced per second, not per minute.
        .map(|n| {
            let per_second = NonZeroU32::new((n.get() / 60).max(1)).unwrap_or(NonZeroU32::MIN);
            RateLimiter::direct(Quota::per_minute(n).allow_burst(per_second))
        });
    let state = Arc::new(MockState {
        options,
        limiter,
        answer: canned_answer().to_string(),
    });
    Router::new()
        .route("/v1/chat/completions", post(chat))
        .route("/v1/models", get(models))
        .with_state(state)
}

pub async fn serve(addr: SocketAddr, options: MockOptions) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    eprintln!(
        "reframe mock-llm: http://{}/v1 (delay {} ms, rpm {})",
        listener.local_addr()?,
        options.delay.as_millis(),
        options
            .rpm
            .map_or("unlimited".to_string(), |r| r.to_string())
    );
    axum::serve(listener, router(options)).await
}

async fn models() -> Json<Value> {
    Json(json!({"object": "list", "data": [{"id": "mock", "object": "model"}]}))
}

async fn chat(State(state): State<Arc<MockState>>, body: Bytes) -> Response {
    if let Some(limiter) = &state.limiter {
        if limiter.check().is_err() {
            return (
                StatusCode::TOO_MANY_REQUESTS,
                [(header::RETRY_AFTER, "1")],
                Json(json!({"error": {"message": "mock rate limit", "type": "requests"}})),
            )
                .into_response();
        }
    }
    let request: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    if !state.options.delay.is_zero() {
        tokio::time::sleep(state.options.delay).await;
    }
    let usage = json!({"prompt_tokens": 1000, "completion_tokens": 120, "total_tokens": 1120});
    if request["stream"] == json!(true) {
        return stream(&state.answer, usage);
    }
    Json(json!({
        "id": "chatcmpl-mock",
        "object": "chat.completion",
        "created": 0,
        "model": "mock",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": state.answer}, "finish_reason": "stop"}],
        "usage": usage
    }))
    .into_response()
}

fn stream(answer: &str, usage: Value) -> Response {
    let chars: Vec<char> = answer.chars().collect();
    let mut body = String::new();
    for piece in chars.chunks(24) {
        let text: String = piece.iter().collect();
        let chunk = json!({"object": "chat.completion.chunk", "model": "mock", "choices": [{"index": 0, "delta": {"content": text}}]});
        body.push_str(&format!("data: {chunk}\n\n"));
    }
    let last =
        json!({"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}], "usage": usage});
    body.push_str(&format!("data: {last}\n\ndata: [DONE]\n\n"));
    ([(header::CONTENT_TYPE, "text/event-stream")], body).into_response()
}
