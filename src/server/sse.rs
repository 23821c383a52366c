//! Streaming a suggestion as server-sent events: `analysis`, `delta`, `done`, `error`.
//!
//! Owns the event order and the cancellation rule: the model call runs in a task that the
//! response stream owns, so when the client disconnects the stream is dropped, the task is
//! aborted and the upstream HTTP request is closed — nobody pays for an answer no one reads.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures::StreamExt;
use serde_json::json;
use tokio::sync::mpsc;
use tokio_stream::wrappers::ReceiverStream;
use tokio_util::task::AbortOnDropHandle;

use super::error::{ApiError, ErrorBody, ErrorDetail};
use super::routes::SuggestionRequest;
use super::stream::{AnswerScanner, Early};
use super::{AppState, Slot};
use crate::pipeline::SuggestOptions;
use crate::provider::Delta;
use crate::suggestion::Suggestion;

pub fn stream_suggestion(
    state: Arc<AppState>,
    request: SuggestionRequest,
    slot: Slot,
    request_id: String,
) -> Response {
    let (events_tx, events_rx) = mpsc::channel::<Event>(64);
    let producer = tokio::spawn(produce(state, request, events_tx, request_id));
    let guard = AbortOnDropHandle::new(producer);
    // The stream owns the producer (and the concurrency slot): dropping it cancels both.
    let stream = ReceiverStream::new(events_rx).map(move |event| {
        let _owned = (&guard, &slot);
        Ok::<Event, Infallible>(event)
    });
    Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response()
}

async fn produce(
    state: Arc<AppState>,
    request: SuggestionRequest,
    events: mpsc::Sender<Event>,
    request_id: String,
) {
    let (delta_tx, mut delta_rx) = mpsc::unbounded_channel::<Delta>();
    let engine = state.engine.clone();
    let options = SuggestOptions {
        replies: request.n,
        deltas: Some(delta_tx),
    };
    let timeout = Duration::from_millis(state.settings.request_timeout_ms);
    let suggest = tokio::time::timeout(timeout, engine.suggest_timed(&request.thread, options));
    tokio::pin!(suggest);
    let mut scanner = AnswerScanner::new();
    let outcome = loop {
        tokio::select! {
            Some(delta) = delta_rx.recv() => {
                if !forward(&mut scanner, delta, &events).await {
                    return;
                }
            }
            outcome = &mut suggest => break outcome,
        }
    };
    while let Ok(delta) = delta_rx.try_recv() {
        if !forward(&mut scanner, delta, &events).await {
            return;
        }
    }
    match outcome {
        Ok(Ok((suggestion, upstream))) => {
            state.answered(&request.thread, &suggestion, upstream);
            finish(&mut scanner, &suggestion, &events).await;
        }
        Ok(Err(e)) => {
            state.failed(&e);
            send_error(ApiError::from(e), &request_id, &events).await;
        }
        Err(_) => {
            state.metrics.upstream_error("request_timeout");
            let e = ApiError::new(
                axum::http::StatusCode::GATEWAY_TIMEOUT,
                "request_timeout",
                format!("no answer within {} ms", timeout.as_millis()),
            );
            send_error(e, &request_id, &events).await;
        }
    }
}

/// Turns raw model output into early events. False when the client is gone.
async fn forward(scanner: &mut AnswerScanner, delta: Delta, events: &mpsc::Sender<Event>) -> bool {
    let early = match delta {
        Delta::Text(text) => scanner.push(&text),
        Delta::Restart => {
            scanner.restart();
            Vec::new()
        }
    };
    for e in early {
        let event = match e {
            Early::Analysis(a) => json_event("analysis", &a),
            Early::ReplyText { index, text } => {
                json_event("delta", &json!({"index": index, "text": text}))
            }
        };
        if events.send(event).await.is_err() {
            return false;
        }
    }
    true
}

/// Sends whatever the early events missed (all of it for engines that do not stream), then
/// `done` with the validated suggestion.
async fn finish(scanner: &mut AnswerScanner, s: &Suggestion, events: &mpsc::Sender<Event>) {
    let mut out = Vec::new();
    if !scanner.analysis_sent() {
        if let Some(a) = &s.analysis {
            out.push(json_event("analysis", a));
        }
    }
    for (index, reply) in s.replies.iter().enumerate() {
        let sent = scanner.sent_chars(index);
        let rest: String = reply.text.chars().skip(sent).collect();
        if !rest.is_empty() {
            out.push(json_event("delta", &json!({"index": index, "text": rest})));
        }
    }
    out.push(json_event("done", s));
    for event in out {
        if events.send(event).await.is_err() {
            return;
        }
    }
}

async fn send_error(e: ApiError, request_id: &str, events: &mpsc::Sender<Event>) {
    let body = ErrorBody {
        error: ErrorDetail {
            kind: e.kind.to_string(),
            message: e.message,
            request_id: request_id.to_string(),
        },
    };
    let _ = events.send(json_event("error", &body)).await;
}

fn json_event<T: serde::Serialize>(name: &str, value: &T) -> Event {
    let data = serde_json::to_string(value).unwrap_or_else(|_| "{}".to_string());
    Event::default().event(name).data(data)
}
