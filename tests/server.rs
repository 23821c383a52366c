//! `reframe serve` end to end over real HTTP: auth, every error status, SSE, cancellation,
//! durability, metrics, OpenAPI conformance, caching and idempotency.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener as StdListener;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::StreamExt;
use reframe::config::{Config, ProviderKind, Secret, ServerSettings};
use reframe::feedback::FeedbackStore;
use reframe::pipeline::Engine;
use reframe::server::{router, AppState};
use serde_json::{json, Value};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "test-key-123";

struct Server {
    base: String,
    http: reqwest::Client,
    _task: tokio::task::JoinHandle<()>,
}

fn settings() -> ServerSettings {
    ServerSettings {
        api_keys: vec![KEY.to_string()],
        feedback_db: None,
        ..ServerSettings::default()
    }
}

fn builtin_config() -> Config {
    Config {
        provider: Some(ProviderKind::Builtin),
        ..Config::default()
    }
}

fn openai_config(upstream: &str) -> Config {
    let mut c = Config {
        provider: Some(ProviderKind::Openai),
        base_url: Some(format!("{upstream}/v1")),
        api_key: Some(Secret::new("sk-upstream-key-000000".into())),
        ..Config::default()
    };
    c.openai.max_retries = 0;
    c.openai.backoff_base_ms = 5;
    c
}

async fn start(
    config: Config,
    settings: ServerSettings,
    feedback: Option<Arc<FeedbackStore>>,
) -> Server {
    let engine = Arc::new(Engine::from_config(config).unwrap());
    let state = Arc::new(AppState::new(engine, settings, feedback));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let task = tokio::spawn(async move {
        axum::serve(listener, router(state)).await.unwrap();
    });
    Server {
        base: format!("http://{addr}"),
        http: reqwest::Client::new(),
        _task: task,
    }
}

impl Server {
    fn post(&self, path: &str, body: &Value) -> reqwest::RequestBuilder {
        self.http
            .post(format!("{}{path}", self.base))
            .header("authorization", format!("Bearer {KEY}"))
            .header("content-type", "application/json")
            .body(body.to_string())
    }

    fn get(&self, path: &str) -> reqwest::RequestBuilder {
        self.http
            .get(format!("{}{path}", self.base))
            .header("authorization", format!("Bearer {KEY}"))
    }
}

async fn json_of(r: reqwest::Response) -> (u16, reqwest::header::HeaderMap, Value) {
    let status = r.status().as_u16();
    let headers = r.headers().clone();
    let bytes = r.bytes().await.unwrap();
    let v = serde_json::from_slice(&bytes)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into()));
    (status, headers, v)
}

fn robert() -> Value {
    serde_json::from_str(include_str!("../examples/robert.json")).unwrap()
}

fn answer_json() -> Value {
    reframe::mock_llm::canned_answer()
}

fn completion() -> Value {
    json!({"choices": [{"message": {"content": answer_json().to_string()}, "finish_reason": "stop"}],
           "usage": {"prompt_tokens": 10, "completion_tokens": 5}})
}

/// Asserts the SPEC error shape and that its request id matches the header.
fn assert_error(
    status: u16,
    expected: u16,
    headers: &reqwest::header::HeaderMap,
    body: &Value,
    kind: &str,
) {
    assert_eq!(status, expected, "{body}");
    assert_eq!(body["error"]["type"], kind, "{body}");
    assert!(body["error"]["message"]
        .as_str()
        .is_some_and(|m| !m.is_empty()));
    let id = headers["x-request-id"].to_str().unwrap();
    assert_eq!(body["error"]["request_id"], id);
}

#[tokio::test]
async fn auth_missing_wrong_and_right_key() {
    let s = start(builtin_config(), settings(), None).await;
    let url = format!("{}/v1/suggestions", s.base);
    let (st, h, b) = json_of(
        s.http
            .post(&url)
            .body(robert().to_string())
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_error(st, 401, &h, &b, "unauthorized");
    let wrong = s
        .http
        .post(&url)
        .header("authorization", "Bearer nope")
        .body(robert().to_string());
    let (st, h, b) = json_of(wrong.send().await.unwrap()).await;
    assert_error(st, 401, &h, &b, "unauthorized");
    let (st, h, b) = json_of(s.post("/v1/suggestions", &robert()).send().await.unwrap()).await;
    assert_eq!(st, 200, "{b}");
    assert!(h["x-request-id"].to_str().unwrap().starts_with("req_"));
    assert_eq!(b["meta"]["provider"], "builtin");
    assert_eq!(b["analysis"]["concern"], "value_gap");
    // Health and metrics stay open for probes and scrapers.
    assert_eq!(
        s.http
            .get(format!("{}/healthz", s.base))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
}

#[tokio::test]
async fn caller_request_id_is_echoed() {
    let s = start(builtin_config(), settings(), None).await;
    let r = s
        .post("/v1/suggestions", &json!({"messages": "no"}))
        .header("x-request-id", "crm-42.a")
        .send()
        .await
        .unwrap();
    let (st, h, b) = json_of(r).await;
    assert_error(st, 400, &h, &b, "invalid_request");
    assert_eq!(b["error"]["request_id"], "crm-42.a");
}

#[tokio::test]
async fn bad_input_statuses_name_the_problem() {
    let mut st_settings = settings();
    st_settings.max_body_bytes = 2_000;
    let s = start(builtin_config(), st_settings, None).await;
    let r = s
        .post("/v1/suggestions", &json!(null))
        .body("{not json")
        .send()
        .await
        .unwrap();
    let (st, h, b) = json_of(r).await;
    assert_error(st, 400, &h, &b, "invalid_request");
    let bad_role = json!({"messages": [{"role": "boss", "text": "hi"}]});
    let (st, h, b) = json_of(s.post("/v1/suggestions", &bad_role).send().await.unwrap()).await;
    assert_error(st, 400, &h, &b, "invalid_request");
    assert!(
        b["error"]["message"]
            .as_str()
            .unwrap()
            .contains("messages[0].role"),
        "{b}"
    );
    let bad_n = json!({"messages": [{"role": "customer", "text": "hi"}], "n": 9});
    let (st, _, b) = json_of(s.post("/v1/suggestions", &bad_n).send().await.unwrap()).await;
    assert_eq!(st, 400);
    assert!(b["error"]["message"].as_str().unwrap().contains("`n`"));
    let big = json!({"messages": [{"role": "customer", "text": "x".repeat(5_000)}]});
    let (st, h, b) = json_of(s.post("/v1/suggestions", &big).send().await.unwrap()).await;
    assert_error(st, 413, &h, &b, "body_too_large");
    let (st, h, b) = json_of(s.get("/v1/nope").send().await.unwrap()).await;
    assert_error(st, 404, &h, &b, "not_found");
    let (st, h, b) = json_of(s.get("/v1/suggestions").send().await.unwrap()).await;
    assert_error(st, 405, &h, &b, "method_not_allowed");
}

#[tokio::test]
async fn rate_limit_answers_429_with_retry_after() {
    let mut st_settings = settings();
    st_settings.rate_limit_per_minute = 2;
    let s = start(builtin_config(), st_settings, None).await;
    for _ in 0..2 {
        assert_eq!(
            s.post("/v1/suggestions", &robert())
                .send()
                .await
                .unwrap()
                .status(),
            200
        );
    }
    let (st, h, b) = json_of(s.post("/v1/suggestions", &robert()).send().await.unwrap()).await;
    assert_error(st, 429, &h, &b, "rate_limited");
    assert!(h["retry-after"].to_str().unwrap().parse::<u64>().unwrap() >= 1);
}

#[tokio::test]
async fn upstream_failure_is_502_with_its_kind_and_timeout_is_504() {
    let upstream = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500).set_body_string("boom"))
        .mount(&upstream)
        .await;
    let s = start(openai_config(&upstream.uri()), settings(), None).await;
    let (st, h, b) = json_of(s.post("/v1/suggestions", &robert()).send().await.unwrap()).await;
    assert_error(st, 502, &h, &b, "upstream_status");
    assert!(b["error"]["message"].as_str().unwrap().contains("HTTP 500"));
    assert!(!b.to_string().contains("sk-upstream-key"));

    let slow = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(completion())
                .set_delay(Duration::from_secs(5)),
        )
        .mount(&slow)
        .await;
    let mut st_settings = settings();
    st_settings.request_timeout_ms = 300;
    let s = start(openai_config(&slow.uri()), st_settings, None).await;
    let (st, h, b) = json_of(s.post("/v1/suggestions", &robert()).send().await.unwrap()).await;
    assert_error(st, 504, &h, &b, "request_timeout");
}

#[tokio::test]
async fn load_is_shed_with_503_instead_of_queueing() {
    let slow = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(completion())
                .set_delay(Duration::from_millis(2_500)),
        )
        .mount(&slow)
        .await;
    let mut st_settings = settings();
    st_settings.max_concurrency = 1;
    st_settings.cache_entries = 0;
    let s = Arc::new(start(openai_config(&slow.uri()), st_settings, None).await);
    let first = {
        let s = s.clone();
        tokio::spawn(async move {
            s.post("/v1/suggestions", &robert())
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        })
    };
    // Give the first request time to take the only slot, even on a busy machine.
    tokio::time::sleep(Duration::from_millis(700)).await;
    let (st, h, b) = json_of(s.post("/v1/suggestions", &robert()).send().await.unwrap()).await;
    assert_error(st, 503, &h, &b, "overloaded");
    assert_eq!(first.await.unwrap(), 200);
}

async fn sse_events(r: reqwest::Response) -> Vec<(String, Value)> {
    let text = String::from_utf8(r.bytes().await.unwrap().to_vec()).unwrap();
    let mut events = Vec::new();
    for block in text.split("\n\n") {
        let mut name = None;
        let mut data = String::new();
        for line in block.lines() {
            if let Some(n) = line
                .strip_prefix("event: ")
                .or_else(|| line.strip_prefix("event:"))
            {
                name = Some(n.trim().to_string());
            } else if let Some(d) = line
                .strip_prefix("data: ")
                .or_else(|| line.strip_prefix("data:"))
            {
                data.push_str(d);
            }
        }
        if let Some(n) = name {
            events.push((n, serde_json::from_str(&data).unwrap()));
        }
    }
    events
}

fn check_event_order(events: &[(String, Value)]) -> Value {
    let names: Vec<&str> = events.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names.first(), Some(&"analysis"), "{names:?}");
    assert_eq!(names.last(), Some(&"done"), "{names:?}");
    assert!(
        names[1..names.len() - 1].iter().all(|n| *n == "delta"),
        "{names:?}"
    );
    let done = events.last().unwrap().1.clone();
    let replies = done["replies"].as_array().unwrap();
    for (i, reply) in replies.iter().enumerate() {
        let streamed: String = events
            .iter()
            .filter(|(n, v)| n == "delta" && v["index"] == i)
            .map(|(_, v)| v["text"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(streamed, reply["text"].as_str().unwrap());
    }
    assert_eq!(events[0].1, done["analysis"]);
    done
}

#[tokio::test]
async fn sse_events_in_order_builtin_and_streaming_upstream() {
    let s = start(builtin_config(), settings(), None).await;
    let r = s
        .post("/v1/suggestions", &robert())
        .header("accept", "text/event-stream")
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["content-type"], "text/event-stream");
    let done = check_event_order(&sse_events(r).await);
    assert_eq!(done["replies"].as_array().unwrap().len(), 3);

    let upstream = MockServer::start().await;
    let answer = answer_json().to_string();
    let chars: Vec<char> = answer.chars().collect();
    let body: String = chars
        .chunks(9)
        .map(|c| {
            format!(
                "data: {}\n\n",
                json!({"choices": [{"delta": {"content": c.iter().collect::<String>()}}]})
            )
        })
        .chain(["data: [DONE]\n\n".to_string()])
        .collect();
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "text/event-stream"))
        .expect(1)
        .mount(&upstream)
        .await;
    let s = start(openai_config(&upstream.uri()), settings(), None).await;
    let r = s
        .post("/v1/suggestions", &robert())
        .header("accept", "text/event-stream")
        .send()
        .await
        .unwrap();
    let events = sse_events(r).await;
    let deltas = events.iter().filter(|(n, _)| n == "delta").count();
    assert!(deltas > 3, "reply text arrives in pieces: {deltas}");
    let done = check_event_order(&events);
    assert_eq!(done["meta"]["provider"], "openai");
    let sent: Value =
        serde_json::from_slice(&upstream.received_requests().await.unwrap()[0].body).unwrap();
    assert_eq!(sent["stream"], true);
}

#[tokio::test]
async fn sse_error_event_on_upstream_failure() {
    let upstream = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&upstream)
        .await;
    let s = start(openai_config(&upstream.uri()), settings(), None).await;
    let r = s
        .post("/v1/suggestions", &robert())
        .header("accept", "text/event-stream")
        .send()
        .await
        .unwrap();
    let events = sse_events(r).await;
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0].0, "error");
    assert_eq!(events[0].1["error"]["type"], "upstream_status");
    assert!(events[0].1["error"]["request_id"]
        .as_str()
        .unwrap()
        .starts_with("req_"));
}

/// An upstream that streams one chunk, then waits; it reports when its client hangs up.
fn slow_streaming_upstream() -> (String, Arc<AtomicBool>) {
    let listener = StdListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let dropped = Arc::new(AtomicBool::new(false));
    let flag = dropped.clone();
    std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut length = 0usize;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                length = v.trim().parse().unwrap();
            }
            if line == "\r\n" {
                break;
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).unwrap();
        let chunk = json!({"choices": [{"delta": {"content": "{\"analysis\": "}}]});
        let first = format!("data: {chunk}\n\n");
        write!(stream, "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n{:x}\r\n{first}\r\n", first.len()).unwrap();
        stream.flush().unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        let mut buf = [0u8; 64];
        // The client never sends more; a read returning 0 means it closed the connection.
        if matches!(stream.read(&mut buf), Ok(0)) {
            flag.store(true, Ordering::SeqCst);
        }
    });
    (format!("http://{addr}"), dropped)
}

#[tokio::test]
async fn client_disconnect_cancels_the_upstream_call() {
    let (upstream, dropped) = slow_streaming_upstream();
    let s = start(openai_config(&upstream), settings(), None).await;
    let r = s
        .post("/v1/suggestions", &robert())
        .header("accept", "text/event-stream")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let mut body = r.bytes_stream();
    // Wait until the upstream call is under way, then hang up.
    tokio::time::sleep(Duration::from_millis(300)).await;
    drop(body.next());
    drop(body);
    let deadline = Instant::now() + Duration::from_secs(5);
    while !dropped.load(Ordering::SeqCst) && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        dropped.load(Ordering::SeqCst),
        "the upstream connection was not closed"
    );
}

#[tokio::test]
async fn feedback_survives_a_restart_and_exports_with_its_thread() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("feedback.sqlite3");
    let suggestion_id;
    {
        let store = Arc::new(FeedbackStore::open(&db).unwrap());
        let s = start(builtin_config(), settings(), Some(store)).await;
        let (_, _, sug) = json_of(s.post("/v1/suggestions", &robert()).send().await.unwrap()).await;
        suggestion_id = sug["id"].as_str().unwrap().to_string();
        let fb = json!({"suggestion_id": suggestion_id, "outcome": "edited", "final_text": "Dana, great to hear! What would you like more of?"});
        let (st, _, rec) = json_of(s.post("/v1/feedback", &fb).send().await.unwrap()).await;
        assert_eq!(st, 201, "{rec}");
        assert_eq!(rec["outcome"], "edited");
        let bad = json!({"suggestion_id": suggestion_id, "outcome": "edited"});
        let (st, h, b) = json_of(s.post("/v1/feedback", &bad).send().await.unwrap()).await;
        assert_error(st, 400, &h, &b, "invalid_request");
        assert!(b["error"]["message"]
            .as_str()
            .unwrap()
            .contains("final_text"));
        tokio::time::sleep(Duration::from_millis(200)).await; // the suggestion is stored off the request path
    }
    let store = Arc::new(FeedbackStore::open(&db).unwrap());
    let s = start(builtin_config(), settings(), Some(store)).await;
    let r = s.get("/v1/feedback/export").send().await.unwrap();
    assert_eq!(r.headers()["content-type"], "application/x-ndjson");
    let text = r.text().await.unwrap();
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["suggestion_id"], suggestion_id.as_str());
    assert_eq!(lines[0]["suggestion"]["id"], suggestion_id.as_str());
    assert_eq!(lines[0]["thread"]["messages"][1]["role"], "customer");
}

#[tokio::test]
async fn feedback_disabled_is_503() {
    let s = start(builtin_config(), settings(), None).await;
    let fb = json!({"suggestion_id": "sug_x", "outcome": "used"});
    let (st, h, b) = json_of(s.post("/v1/feedback", &fb).send().await.unwrap()).await;
    assert_error(st, 503, &h, &b, "feedback_disabled");
}

#[tokio::test]
async fn metrics_reflect_requests() {
    let s = start(builtin_config(), settings(), None).await;
    assert_eq!(
        s.post("/v1/suggestions", &robert())
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let text = s
        .http
        .get(format!("{}/metrics", s.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let line = text
        .lines()
        .find(|l| {
            l.starts_with("reframe_http_requests_total")
                && l.contains("route=\"/v1/suggestions\"")
                && l.contains("status=\"200\"")
        })
        .unwrap_or_else(|| panic!("no request counter in\n{text}"));
    let count: f64 = line.rsplit(' ').next().unwrap().parse().unwrap();
    assert!(count >= 1.0);
    for name in [
        "reframe_http_request_duration_seconds_bucket",
        "reframe_overhead_seconds",
        "reframe_tokens_total",
        "reframe_upstream_duration_seconds",
        "reframe_http_requests_in_flight",
    ] {
        assert!(text.contains(name), "{name} missing");
    }
}

#[tokio::test]
async fn cache_and_idempotency_never_pay_twice() {
    let upstream = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(completion()))
        .expect(2)
        .mount(&upstream)
        .await;
    let s = start(openai_config(&upstream.uri()), settings(), None).await;
    let (_, _, a) = json_of(s.post("/v1/suggestions", &robert()).send().await.unwrap()).await;
    let (_, _, b) = json_of(s.post("/v1/suggestions", &robert()).send().await.unwrap()).await;
    assert_eq!(a["meta"]["cached"], false);
    assert_eq!(b["meta"]["cached"], true);
    assert_ne!(a["id"], b["id"]);
    assert_eq!(a["replies"], b["replies"]);

    let other = json!({"messages": [{"role": "customer", "text": "Too expensive for us."}]});
    let first = s
        .post("/v1/suggestions", &other)
        .header("idempotency-key", "k-1")
        .send()
        .await
        .unwrap();
    let (_, _, x) = json_of(first).await;
    let again = s
        .post("/v1/suggestions", &other)
        .header("idempotency-key", "k-1")
        .send()
        .await
        .unwrap();
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    let (_, _, y) = json_of(again).await;
    assert_eq!(x["id"], y["id"], "the very same answer is replayed");
}

#[tokio::test]
async fn readiness_follows_the_model_server() {
    let s = start(builtin_config(), settings(), None).await;
    let (st, _, b) = json_of(
        s.http
            .get(format!("{}/readyz", s.base))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!((st, b["status"].as_str()), (200, Some("ready")));

    let upstream = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&upstream)
        .await;
    let s = start(openai_config(&upstream.uri()), settings(), None).await;
    let (st, h, b) = json_of(
        s.http
            .get(format!("{}/readyz", s.base))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_error(st, 503, &h, &b, "not_ready");
    assert!(b["error"]["message"].as_str().unwrap().contains("API key"));
}

#[tokio::test]
async fn review_scores_a_draft_against_the_method() {
    let s = start(builtin_config(), settings(), None).await;
    let thread = robert();
    let bad = "Really? You haven't even used half of what we built. A full-time hire would cost you $80,000 a year in salary, plus all the infrastructure.";
    let (st, _, b) = json_of(
        s.post("/v1/reviews", &json!({"thread": thread, "draft": bad}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(st, 200, "{b}");
    assert_eq!(b["passed"], false);
    let findings = b["findings"].as_array().unwrap();
    let arguing = findings
        .iter()
        .find(|f| f["criterion"] == "no_arguing")
        .unwrap();
    assert_eq!(arguing["passed"], false);
    assert!(
        arguing["quote"].as_str().is_some_and(|q| bad.contains(q)),
        "{arguing}"
    );
    let fabricated = findings
        .iter()
        .find(|f| f["criterion"] == "no_fabrication")
        .unwrap();
    assert_eq!(fabricated["passed"], false);
    let good = "Hi Dana, this is wonderful to hear: you can see how much value the program brings. It sounds like you want to get even more out of it, and sooner. Is that right? What results would you most like to see more of?";
    let (_, _, b) = json_of(
        s.post("/v1/reviews", &json!({"thread": robert(), "draft": good}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(b["passed"], true, "{b}");
}

#[tokio::test]
async fn openapi_lists_every_route_and_responses_conform() {
    let s = start(
        builtin_config(),
        settings(),
        Some(Arc::new(FeedbackStore::open_in_memory().unwrap())),
    )
    .await;
    let spec: Value = s
        .http
        .get(format!("{}/openapi.json", s.base))
        .send()
        .await
        .unwrap()
        .json_value()
        .await;
    assert!(spec["openapi"].as_str().unwrap().starts_with("3."));
    let paths = spec["paths"].as_object().unwrap();
    for route in [
        "/v1/suggestions",
        "/v1/reviews",
        "/v1/feedback",
        "/v1/feedback/export",
        "/healthz",
        "/readyz",
        "/metrics",
    ] {
        assert!(paths.contains_key(route), "{route} missing from OpenAPI");
    }
    let validate = |schema: &str, value: &Value| {
        let mut root = spec.clone();
        root["$ref"] = json!(format!("#/components/schemas/{schema}"));
        let validator = jsonschema::validator_for(&root).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(value)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{schema}: {errors:?}\n{value}");
    };
    let (_, _, sug) = json_of(s.post("/v1/suggestions", &robert()).send().await.unwrap()).await;
    validate("Suggestion", &sug);
    let abstain =
        json!({"messages": [{"role": "customer", "text": "Our lawyers will take legal action."}]});
    let (_, _, ab) = json_of(s.post("/v1/suggestions", &abstain).send().await.unwrap()).await;
    validate("Suggestion", &ab);
    let (_, _, rev) = json_of(
        s.post(
            "/v1/reviews",
            &json!({"thread": robert(), "draft": "Thanks Dana. What matters most to you?"}),
        )
        .send()
        .await
        .unwrap(),
    )
    .await;
    validate("ReviewResponse", &rev);
    assert_eq!(rev["judge"]["status"], "none");
    let (_, _, fb) = json_of(
        s.post(
            "/v1/feedback",
            &json!({"suggestion_id": sug["id"], "outcome": "used"}),
        )
        .send()
        .await
        .unwrap(),
    )
    .await;
    validate("FeedbackRecord", &fb);
    let (_, _, err) = json_of(s.post("/v1/suggestions", &json!({})).send().await.unwrap()).await;
    validate("ErrorBody", &err);
    let (_, _, health) = json_of(
        s.http
            .get(format!("{}/healthz", s.base))
            .send()
            .await
            .unwrap(),
    )
    .await;
    validate("Health", &health);
    let docs = s
        .http
        .get(format!("{}/docs", s.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(docs.contains("/openapi.json"));
}

trait JsonValue {
    async fn json_value(self) -> Value;
}

impl JsonValue for reqwest::Response {
    async fn json_value(self) -> Value {
        serde_json::from_slice(&self.bytes().await.unwrap()).unwrap()
    }
}

#[tokio::test]
async fn refuses_public_address_without_keys() {
    let engine = Engine::from_config(builtin_config()).unwrap();
    let options = reframe::server::ServeOptions {
        addr: "0.0.0.0:0".into(),
        insecure_no_auth: false,
    };
    let err = reframe::server::serve(engine, options).await.unwrap_err();
    assert!(err.to_string().contains("without API keys"), "{err}");
}

#[test]
fn sigterm_drains_in_flight_requests() {
    use std::process::{Command, Stdio};
    let rt = tokio::runtime::Runtime::new().unwrap();
    let upstream = rt.block_on(async {
        let upstream = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(completion())
                    .set_delay(Duration::from_millis(1500)),
            )
            .mount(&upstream)
            .await;
        upstream
    });
    let port = StdListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_reframe"))
        .args([
            "serve",
            "--addr",
            &format!("127.0.0.1:{port}"),
            "--feedback-db",
            "none",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("OPENAI_BASE_URL", format!("{}/v1", upstream.uri()))
        .env("REFRAME_API_KEYS", KEY)
        .env_remove("OPENAI_API_KEY")
        .env_remove("REFRAME_CONFIG")
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "server did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let in_flight = rt.spawn(async move {
        reqwest::Client::new()
            .post(format!("{base}/v1/suggestions"))
            .header("authorization", format!("Bearer {KEY}"))
            .body(robert().to_string())
            .send()
            .await
            .map(|r| r.status().as_u16())
    });
    std::thread::sleep(Duration::from_millis(400));
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = rt.block_on(in_flight).unwrap().unwrap();
    assert_eq!(status, 200, "the in-flight request finished");
    let exit = child.wait().unwrap();
    assert!(exit.success(), "{exit:?}");
}

#[tokio::test]
async fn review_adds_the_model_judge_when_a_model_is_configured() {
    let verdicts: Vec<Value> = reframe::judge::CRITERIA
        .iter()
        .map(|(id, _)| json!({"criterion": id, "passed": *id != "no_arguing", "note": "n", "quote": if *id == "no_arguing" { json!("cost you") } else { json!(null) }}))
        .collect();
    let content = json!({"criteria": verdicts}).to_string();
    let upstream = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"choices": [{"message": {"content": content}}]})),
        )
        .expect(1)
        .mount(&upstream)
        .await;
    let s = start(openai_config(&upstream.uri()), settings(), None).await;
    let draft = "Hi Dana, thanks for telling me. What would you most like more of?";
    let (st, _, b) = json_of(
        s.post("/v1/reviews", &json!({"thread": robert(), "draft": draft}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(st, 200, "{b}");
    assert_eq!(b["judge"]["status"], "scored");
    assert_eq!(
        b["passed"], false,
        "a model must-not failure fails the review"
    );
    let model = b["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["criterion"] == "model.no_arguing")
        .unwrap();
    assert_eq!(model["passed"], false);
    let sent: Value =
        serde_json::from_slice(&upstream.received_requests().await.unwrap()[0].body).unwrap();
    assert_eq!(sent["response_format"]["type"], "json_object");
    assert!(sent["messages"][0]["content"]
        .as_str()
        .unwrap()
        .contains(draft));

    let garbled = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"choices": [{"message": {"content": "{\"verdict\": \"fine\"}"}}]}),
        ))
        .mount(&garbled)
        .await;
    let s = start(openai_config(&garbled.uri()), settings(), None).await;
    let (_, _, b) = json_of(
        s.post("/v1/reviews", &json!({"thread": robert(), "draft": draft}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(b["judge"]["status"], "unscored");
    assert!(b["findings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| !f["criterion"].as_str().unwrap().starts_with("model.")));
}
