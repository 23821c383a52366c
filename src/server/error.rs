//! API errors: SPEC's `{"error": {"type", "message", "request_id"}}` with a fitting status.
//!
//! Owns the mapping from every failure (bad input, auth, limits, engine and provider errors)
//! to an HTTP status and a stable `type`. It must not log customer text or secrets: messages
//! name fields and kinds, never echo bodies. The request id is filled in by the request-id
//! middleware, which is the one place that knows it.

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::pipeline::EngineError;
use crate::provider::ProviderError;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// Stable machine-readable kind, e.g. `invalid_request`, `upstream_timeout`.
    #[serde(rename = "type")]
    pub kind: String,
    pub message: String,
    pub request_id: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

/// An error on its way to becoming a response.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: StatusCode,
    pub kind: &'static str,
    pub message: String,
    pub retry_after_secs: Option<u64>,
}

impl ApiError {
    pub fn new(status: StatusCode, kind: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            kind,
            message: message.into(),
            retry_after_secs: None,
        }
    }

    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "invalid_request", message)
    }

    pub fn retry_after(mut self, secs: u64) -> ApiError {
        self.retry_after_secs = Some(secs.max(1));
        self
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ErrorDetail {
                kind: self.kind.to_string(),
                message: self.message.clone(),
                // Filled in by the request-id middleware from the response extension.
                request_id: String::new(),
            },
        };
        let mut response = (self.status, axum::Json(body)).into_response();
        if let Some(secs) = self.retry_after_secs {
            if let Ok(v) = HeaderValue::from_str(&secs.to_string()) {
                response.headers_mut().insert("retry-after", v);
            }
        }
        response.extensions_mut().insert(self);
        response
    }
}

impl From<EngineError> for ApiError {
    fn from(e: EngineError) -> ApiError {
        let message = e.to_string();
        match e {
            EngineError::Thread(_) | EngineError::BadReplies(_) => ApiError::bad_request(message),
            EngineError::Budget(_) => {
                ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "thread_too_long", message)
            }
            EngineError::Provider(p) => provider_error(p, message),
            EngineError::Prompt(_) | EngineError::Setup(_) => {
                ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", message)
            }
        }
    }
}

fn provider_error(e: ProviderError, message: String) -> ApiError {
    let kind: &'static str = match e.kind() {
        "timeout" => "upstream_timeout",
        "connect" => "upstream_connect",
        "rate_limited" => "upstream_rate_limited",
        "retry_budget" => "upstream_retry_budget",
        "upstream_status" => "upstream_status",
        "invalid_output" => "upstream_invalid_output",
        "protocol" => "upstream_protocol",
        _ => "internal",
    };
    let status = match e {
        ProviderError::Timeout { .. } => StatusCode::GATEWAY_TIMEOUT,
        ProviderError::Config(_) | ProviderError::Builtin(_) => StatusCode::INTERNAL_SERVER_ERROR,
        _ => StatusCode::BAD_GATEWAY,
    };
    ApiError::new(status, kind, message)
}
