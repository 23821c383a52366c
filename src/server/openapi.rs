//! The OpenAPI 3 description (generated from the handlers and types by utoipa) and a small
//! human docs page. It must list every route the router serves; a test checks both agree.

use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::routes;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "reframe",
        description = "Suggests how a sales rep should answer a customer: listen first, then reframe to their WIFM."
    ),
    paths(
        routes::create_suggestion,
        routes::create_review,
        routes::create_feedback,
        routes::export_feedback,
        routes::healthz,
        routes::readyz,
        routes::metrics,
    ),
    components(schemas(
        crate::thread::Thread,
        crate::thread::Message,
        crate::thread::Role,
        crate::suggestion::Suggestion,
        crate::suggestion::Analysis,
        crate::suggestion::Concern,
        crate::suggestion::Reply,
        crate::suggestion::Abstain,
        crate::suggestion::Meta,
        crate::suggestion::Usage,
        crate::suggestion::UsageSource,
        crate::coach::Review,
        crate::coach::Finding,
        crate::feedback::FeedbackIn,
        crate::feedback::FeedbackRecord,
        crate::feedback::Outcome,
        super::error::ErrorBody,
        super::error::ErrorDetail,
        routes::SuggestionRequest,
        routes::ReviewRequest,
        routes::ReviewResponse,
        crate::judge::JudgeStatus,
        routes::Health,
    )),
    modifiers(&BearerAuth)
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        if let Some(components) = openapi.components.as_mut() {
            components.add_security_scheme(
                "bearer",
                SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
            );
        }
    }
}

pub async fn openapi_json() -> Response {
    let body = ApiDoc::openapi()
        .to_pretty_json()
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}

pub async fn docs() -> Html<&'static str> {
    Html(include_str!("docs.html"))
}
