//! `reframe serve`: the REST service a sales tool calls (SPEC "HTTP (serve)").
//!
//! Owns the HTTP surface: the router, the middleware stack (request ids, metrics and logs,
//! auth, per-key rate limits, load shedding), start-up checks and graceful shutdown. It must
//! not contain product logic: handlers call the [`Engine`], the [`coach`](crate::coach) and
//! the [`feedback`](crate::feedback) store.
//!
//! - [`routes`]: the handlers; [`sse`]: streaming suggestions; [`stream`]: reading a model's
//!   JSON while it is written; [`error`]: the error shape; [`auth`]: keys and quotas;
//!   [`cache`]: response cache and idempotency; [`metrics`]: Prometheus; [`openapi`]: the spec.

pub mod auth;
pub mod cache;
pub mod error;
pub mod metrics;
pub mod openapi;
pub mod routes;
pub mod sse;
pub mod stream;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::{self as mw, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::config::ServerSettings;
use crate::feedback::FeedbackStore;
use crate::pipeline::Engine;
use crate::suggestion::Suggestion;
use auth::{ApiKey, Caller, RateLimits};
use cache::TtlMap;
use error::{ApiError, ErrorBody, ErrorDetail};

#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error(
        "refusing to listen on {0} without API keys: set REFRAME_API_KEYS (or server.api_keys), \
         bind a loopback address, or pass --insecure-no-auth"
    )]
    NoAuthOnPublicAddress(SocketAddr),
    #[error("invalid listen address {0:?}: {1}")]
    BadAddress(String, String),
    #[error("cannot listen on {0}: {1}")]
    Bind(SocketAddr, std::io::Error),
    #[error(transparent)]
    Feedback(#[from] crate::feedback::FeedbackError),
    #[error("server failed: {0}")]
    Io(#[from] std::io::Error),
}

/// A stored answer to an idempotent request.
#[derive(Clone)]
pub enum Idempotent {
    InFlight,
    Done(Box<Suggestion>),
}

/// Everything the handlers share.
pub struct AppState {
    pub engine: Arc<Engine>,
    pub settings: ServerSettings,
    pub keys: Vec<ApiKey>,
    pub feedback: Option<Arc<FeedbackStore>>,
    pub metrics: metrics::Metrics,
    pub limits: RateLimits,
    pub slots: Arc<Semaphore>,
    pub cache: TtlMap<[u8; 32], Suggestion>,
    pub idempotency: TtlMap<(String, String), Idempotent>,
    pub readiness: Mutex<Option<(Instant, Result<(), String>)>>,
    pub started: Instant,
}

/// The request id of the current request (from `x-request-id` or generated).
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

/// Time a handler spent waiting on the model; the rest of the request is overhead.
#[derive(Debug, Clone, Copy)]
pub struct UpstreamTime(pub Duration);

/// A concurrency slot held for the life of a request (or of its SSE stream).
#[derive(Clone)]
pub struct Slot(pub Arc<OwnedSemaphorePermit>);

impl AppState {
    pub fn new(
        engine: Arc<Engine>,
        settings: ServerSettings,
        feedback: Option<Arc<FeedbackStore>>,
    ) -> AppState {
        let keys = settings.api_keys.iter().map(|k| ApiKey::new(k)).collect();
        AppState {
            engine,
            keys,
            feedback,
            metrics: metrics::Metrics::install(),
            limits: RateLimits::new(settings.rate_limit_per_minute),
            slots: Arc::new(Semaphore::new(settings.max_concurrency.max(1))),
            cache: TtlMap::new(
                settings.cache_entries,
                Duration::from_secs(settings.cache_ttl_secs),
            ),
            idempotency: TtlMap::new(10_000, Duration::from_secs(24 * 3600)),
            readiness: Mutex::new(None),
            started: Instant::now(),
            settings,
        }
    }
}

impl AppState {
    /// Bookkeeping of an answered suggestion: metrics, and storage for the feedback export.
    pub fn answered(&self, thread: &crate::thread::Thread, s: &Suggestion, upstream: Duration) {
        let settings = &self.settings;
        self.metrics.suggestion(
            s,
            upstream,
            settings.price_in_per_mtok,
            settings.price_out_per_mtok,
        );
        routes::remember(self, thread, s);
    }

    /// Bookkeeping of a failed suggestion: upstream errors by kind.
    pub fn failed(&self, e: &crate::pipeline::EngineError) {
        if let crate::pipeline::EngineError::Provider(p) = e {
            self.metrics.upstream_error(p.kind());
        }
    }
}

/// The whole application: routes, limits and middleware.
pub fn router(state: Arc<AppState>) -> Router {
    let api = Router::new()
        .route("/v1/suggestions", post(routes::create_suggestion))
        .route("/v1/reviews", post(routes::create_review))
        .route("/v1/feedback", post(routes::create_feedback))
        .route("/v1/feedback/export", get(routes::export_feedback))
        .route_layer(mw::from_fn_with_state(state.clone(), guard));
    Router::new()
        .merge(api)
        .route("/healthz", get(routes::healthz))
        .route("/readyz", get(routes::readyz))
        .route("/metrics", get(routes::metrics))
        .route("/openapi.json", get(openapi::openapi_json))
        .route("/docs", get(openapi::docs))
        .fallback(routes::not_found)
        .method_not_allowed_fallback(routes::method_not_allowed)
        .layer(DefaultBodyLimit::max(state.settings.max_body_bytes))
        .layer(mw::from_fn_with_state(state.clone(), observe))
        .with_state(state)
}

/// Auth, per-key quota and load shedding for the `/v1` routes.
async fn guard(State(state): State<Arc<AppState>>, mut req: Request, next: Next) -> Response {
    let caller = match auth::authenticate(&state.keys, req.headers()) {
        Ok(c) => c,
        Err(e) => return e.into_response(),
    };
    if let Err(e) = state.limits.check(&caller) {
        state.metrics.rate_limited();
        return e.into_response();
    }
    // Shed load rather than queue: a sales tool's user is waiting, and a fast 503 lets its
    // retry policy pick another instance.
    let Ok(permit) = state.slots.clone().try_acquire_owned() else {
        state.metrics.shed();
        return ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "overloaded",
            "too many requests in flight; retry shortly",
        )
        .retry_after(1)
        .into_response();
    };
    req.extensions_mut().insert::<Caller>(caller);
    req.extensions_mut().insert(Slot(Arc::new(permit)));
    next.run(req).await
}

/// Request id, metrics, access log, and the request id inside error bodies.
async fn observe(State(state): State<Arc<AppState>>, mut req: Request, next: Next) -> Response {
    let started = Instant::now();
    let id = incoming_request_id(&req).unwrap_or_else(new_request_id);
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_string(), |p| p.as_str().to_string());
    let method = req.method().clone();
    req.extensions_mut().insert(RequestId(id.clone()));
    let _in_flight = state.metrics.in_flight();
    let mut response = next.run(req).await;
    if let Some(error) = response.extensions().get::<ApiError>().cloned() {
        response = with_request_id(error, &id);
    }
    if let Ok(v) = HeaderValue::from_str(&id) {
        response.headers_mut().insert("x-request-id", v);
    }
    let elapsed = started.elapsed();
    let upstream = response.extensions().get::<UpstreamTime>().map(|u| u.0);
    let status = response.status().as_u16();
    state
        .metrics
        .request(&route, method.as_str(), status, elapsed, upstream);
    tracing::info!(
        request_id = %id,
        method = %method,
        route = %route,
        status,
        latency_ms = elapsed.as_secs_f64() * 1000.0,
        "request"
    );
    response
}

/// Rebuilds an error response with the request id in its body, keeping its headers.
fn with_request_id(error: ApiError, id: &str) -> Response {
    let body = ErrorBody {
        error: ErrorDetail {
            kind: error.kind.to_string(),
            message: error.message.clone(),
            request_id: id.to_string(),
        },
    };
    let mut response = (error.status, axum::Json(body)).into_response();
    if let Some(secs) = error.retry_after_secs {
        if let Ok(v) = HeaderValue::from_str(&secs.to_string()) {
            response.headers_mut().insert("retry-after", v);
        }
    }
    response
}

/// A caller's own id is kept when it is short and plain, so logs join across systems.
fn incoming_request_id(req: &Request) -> Option<String> {
    let v = req.headers().get("x-request-id")?.to_str().ok()?;
    let plain = !v.is_empty()
        && v.len() <= 64
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b));
    plain.then(|| v.to_string())
}

fn new_request_id() -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz234567";
    let tail: String = (0..16)
        .map(|_| ALPHABET[fastrand::usize(..ALPHABET.len())] as char)
        .collect();
    format!("req_{tail}")
}

/// How `reframe serve` was asked to run.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub addr: String,
    pub insecure_no_auth: bool,
}

/// Binds, serves until SIGINT/SIGTERM, then drains in-flight requests for at most
/// `server.drain_secs`.
pub async fn serve(engine: Engine, options: ServeOptions) -> Result<(), ServerError> {
    let settings = engine.config().server.clone();
    let addr: SocketAddr = options
        .addr
        .parse()
        .map_err(|e: std::net::AddrParseError| {
            ServerError::BadAddress(options.addr.clone(), e.to_string())
        })?;
    if settings.api_keys.is_empty() && !addr.ip().is_loopback() && !options.insecure_no_auth {
        return Err(ServerError::NoAuthOnPublicAddress(addr));
    }
    let feedback = match &settings.feedback_db {
        Some(path) => Some(Arc::new(FeedbackStore::open(path)?)),
        None => None,
    };
    engine.warm_up();
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| ServerError::Bind(addr, e))?;
    let local = listener.local_addr()?;
    let drain = Duration::from_secs(settings.drain_secs);
    let state = Arc::new(AppState::new(Arc::new(engine), settings, feedback));
    spawn_housekeeping(state.clone());
    tracing::info!(
        addr = %local,
        provider = state.engine.provider().name(),
        model = state.engine.provider().model(),
        auth = !state.keys.is_empty(),
        "reframe serve listening"
    );
    eprintln!(
        "reframe: listening on http://{local} (provider {}, auth {})",
        state.engine.provider().name(),
        if state.keys.is_empty() { "off" } else { "on" }
    );
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = axum::serve(listener, router(state)).with_graceful_shutdown(async move {
        shutdown_signal().await;
        let _ = stop_tx.send(());
    });
    let handle = tokio::spawn(async move { server.await });
    let _ = stop_rx.await;
    tracing::info!(
        drain_secs = drain.as_secs(),
        "shutting down: draining in-flight requests"
    );
    match tokio::time::timeout(drain, handle).await {
        Ok(Ok(result)) => result.map_err(ServerError::Io),
        Ok(Err(join)) => Err(ServerError::Io(std::io::Error::other(join.to_string()))),
        Err(_) => {
            tracing::warn!("drain time exceeded; closing remaining connections");
            Ok(())
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}

/// Periodic upkeep: metric summaries, idle rate-limit state, stored-suggestion retention.
fn spawn_housekeeping(state: Arc<AppState>) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(10));
        loop {
            tick.tick().await;
            state.metrics.upkeep();
            state.limits.shrink();
            if let Some(store) = state.feedback.clone() {
                let keep = state.settings.keep_suggestions;
                let _ = tokio::task::spawn_blocking(move || store.prune_suggestions(keep)).await;
            }
        }
    });
}
