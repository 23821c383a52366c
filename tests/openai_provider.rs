//! The openai provider against a mock OpenAI-compatible server over real HTTP (wiremock).
//! Each test pins one failure mode of the issue: if the behaviour breaks, the test fails.

use std::time::{Duration, Instant};

use reframe::config::{Config, ProviderKind, ResponseFormat, Secret};
use reframe::pipeline::{Engine, EngineError, SuggestOptions};
use reframe::provider::{Delta, ProviderError};
use reframe::suggestion::{Concern, UsageSource};
use reframe::thread::{parse_json, Thread};
use serde_json::{json, Value};
use wiremock::matchers::{body_string_contains, header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const KEY: &str = "sk-test-secret-key-0123456789";

fn answer_json() -> Value {
    json!({
        "analysis": {
            "says": "We need a full-time person in-house.",
            "means": "We see the value and want to get more of it.",
            "objective": "Get the full benefit of the program.",
            "structure": "value proven -> fear of under-using -> urge to hire",
            "concern": "value_gap",
            "emotion": "pleased but frustrated"
        },
        "questions": ["What would you most like to get more of?"],
        "replies": [
            {"strategy": "explore", "text": "Dana, this is great to hear. What would you most like more of?", "wifm": "More results"}
        ],
        "abstain": null
    })
}

fn completion(content: &str) -> Value {
    json!({
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 1_790_000_000,
        "model": "mock-model-2026",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 321, "completion_tokens": 54, "total_tokens": 375}
    })
}

fn config(server: &MockServer) -> Config {
    let mut c = Config {
        provider: Some(ProviderKind::Openai),
        base_url: Some(format!("{}/v1", server.uri())),
        api_key: Some(Secret::new(KEY.to_string())),
        model: "mock-model".into(),
        ..Config::default()
    };
    c.openai.backoff_base_ms = 10;
    c.openai.max_retries = 2;
    c.openai.request_timeout_ms = 5_000;
    c
}

fn robert() -> Thread {
    parse_json(include_str!("../examples/robert.json")).unwrap()
}

async fn suggest(config: Config) -> Result<reframe::suggestion::Suggestion, EngineError> {
    let engine = Engine::from_config(config).unwrap();
    engine.suggest(&robert(), SuggestOptions::default()).await
}

fn body(req: &Request) -> Value {
    serde_json::from_slice(&req.body).unwrap()
}

#[tokio::test]
async fn good_structured_answer() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .and(header("authorization", format!("Bearer {KEY}").as_str()))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(completion(&answer_json().to_string())),
        )
        .expect(1)
        .mount(&server)
        .await;
    let s = suggest(config(&server)).await.unwrap();
    assert_eq!(s.meta.provider, "openai");
    assert_eq!(s.meta.model, "mock-model-2026");
    assert_eq!(s.meta.usage.prompt_tokens, 321);
    assert_eq!(s.meta.usage.completion_tokens, 54);
    assert_eq!(s.meta.usage_source, UsageSource::Upstream);
    assert_eq!(s.meta.attempts, 1);
    assert_eq!(s.analysis.unwrap().concern, Concern::ValueGap);
    assert!(s.id.starts_with("sug_"));

    let sent = &server.received_requests().await.unwrap()[0];
    let b = body(sent);
    assert_eq!(b["model"], "mock-model");
    assert_eq!(b["response_format"]["type"], "json_schema");
    assert_eq!(b["messages"][0]["role"], "system");
    let user = b["messages"][1]["content"].as_str().unwrap();
    assert!(user.contains("full-time person in-house"));
    assert!(
        !user.contains("here is the October report.\n>") && !user.contains("> Hi Dana"),
        "quoted history must never reach the model"
    );
}

#[tokio::test]
async fn answer_in_prose_and_code_fence_is_extracted() {
    let server = MockServer::start().await;
    let wrapped = format!(
        "Sure, here it is:\n```json\n{}\n```\nLet me know!",
        answer_json()
    );
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(completion(&wrapped)))
        .mount(&server)
        .await;
    let s = suggest(config(&server)).await.unwrap();
    assert_eq!(s.replies.len(), 1);
    assert_eq!(s.meta.attempts, 1);
}

#[tokio::test]
async fn invalid_json_is_repaired_once_with_the_error_fed_back() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(completion("{\"analysis\": oops")))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(completion(&answer_json().to_string())),
        )
        .with_priority(2)
        .mount(&server)
        .await;
    let s = suggest(config(&server)).await.unwrap();
    assert_eq!(s.meta.attempts, 2);
    assert_eq!(s.meta.usage.prompt_tokens, 642, "usage sums both calls");
    let requests = server.received_requests().await.unwrap();
    let second = body(&requests[1]);
    let messages = second["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 4);
    assert_eq!(messages[2]["role"], "assistant");
    assert_eq!(messages[2]["content"], "{\"analysis\": oops");
    let repair = messages[3]["content"].as_str().unwrap();
    assert!(
        repair.contains("could not be used: no JSON object found"),
        "{repair}"
    );
}

#[tokio::test]
async fn still_invalid_after_repair_is_a_clear_error() {
    let server = MockServer::start().await;
    let bad = json!({"analysis": null, "questions": [], "replies": [], "abstain": null});
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(completion(&bad.to_string())))
        .expect(2)
        .mount(&server)
        .await;
    let err = suggest(config(&server)).await.unwrap_err();
    assert!(
        matches!(err, EngineError::Provider(ProviderError::InvalidOutput(_))),
        "{err}"
    );
    assert!(
        err.to_string()
            .contains("give at least one reply or abstain"),
        "{err}"
    );
}

#[tokio::test]
async fn rate_limit_honours_retry_after_then_succeeds() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "1")
                .set_body_json(
                    json!({"error": {"message": "Rate limit reached", "type": "requests"}}),
                ),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(completion(&answer_json().to_string())),
        )
        .with_priority(2)
        .mount(&server)
        .await;
    let started = Instant::now();
    let s = suggest(config(&server)).await.unwrap();
    let waited = started.elapsed();
    assert_eq!(s.meta.attempts, 2);
    // Backoff alone would wait ~10 ms; only honouring Retry-After waits a second.
    assert!(waited >= Duration::from_millis(950), "{waited:?}");
}

#[tokio::test]
async fn retry_after_beyond_the_budget_gives_up_at_once() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "3600"))
        .expect(1)
        .mount(&server)
        .await;
    let mut c = config(&server);
    c.openai.max_retry_wait_ms = 2_000;
    // Built before the clock starts: compiling the language packs is not what is timed.
    let engine = Engine::from_config(c).unwrap();
    let started = Instant::now();
    let err = engine
        .suggest(&robert(), SuggestOptions::default())
        .await
        .unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(2));
    assert!(
        matches!(
            err,
            EngineError::Provider(ProviderError::RetryBudget {
                wait_ms: 3_600_000,
                ..
            })
        ),
        "{err}"
    );
}

#[tokio::test]
async fn persistent_server_errors_end_with_a_clear_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503).set_body_string("upstream overloaded"))
        .expect(3)
        .mount(&server)
        .await;
    let err = suggest(config(&server)).await.unwrap_err();
    match &err {
        EngineError::Provider(ProviderError::Upstream {
            status,
            attempts,
            message,
        }) => {
            assert_eq!((*status, *attempts), (503, 3));
            assert_eq!(message, "upstream overloaded");
        }
        other => panic!("unexpected {other}"),
    }
    assert_eq!(
        err.to_string(),
        "model server answered HTTP 503 after 3 attempt(s): upstream overloaded"
    );
}

#[tokio::test]
async fn auth_errors_are_not_retried_and_never_show_the_key() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(401).set_body_json(
            json!({"error": {"message": format!("Incorrect API key provided: {KEY}"), "type": "invalid_request_error"}}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let err = suggest(config(&server)).await.unwrap_err().to_string();
    assert!(
        err.contains("HTTP 401") && err.contains("Incorrect API key"),
        "{err}"
    );
    assert!(!err.contains(KEY), "{err}");
}

#[tokio::test]
async fn server_rejecting_json_schema_gets_json_object_and_it_is_remembered() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(body_string_contains("\"json_schema\""))
        .respond_with(ResponseTemplate::new(400).set_body_json(
            json!({"error": {"message": "response_format type json_schema is not supported", "type": "invalid_request_error"}}),
        ))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(body_string_contains("\"json_object\""))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(completion(&answer_json().to_string())),
        )
        .mount(&server)
        .await;
    let engine = Engine::from_config(config(&server)).unwrap();
    let first = engine
        .suggest(&robert(), SuggestOptions::default())
        .await
        .unwrap();
    assert_eq!(first.meta.attempts, 2);
    let second = engine
        .suggest(&robert(), SuggestOptions::default())
        .await
        .unwrap();
    assert_eq!(second.meta.attempts, 1, "the step down is remembered");
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 3);
    assert_eq!(body(&requests[2])["response_format"]["type"], "json_object");
}

#[tokio::test]
async fn server_rejecting_every_format_gets_plain_text() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(body_string_contains("response_format"))
        .respond_with(ResponseTemplate::new(422).set_body_string("unknown field response_format"))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(completion(&answer_json().to_string())),
        )
        .mount(&server)
        .await;
    let s = suggest(config(&server)).await.unwrap();
    assert_eq!(s.meta.attempts, 3);
}

#[tokio::test]
async fn slow_server_times_out_with_a_clear_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(completion(&answer_json().to_string()))
                .set_delay(Duration::from_secs(10)),
        )
        .mount(&server)
        .await;
    let mut c = config(&server);
    c.openai.request_timeout_ms = 300;
    let engine = Engine::from_config(c).unwrap();
    let started = Instant::now();
    let err = engine
        .suggest(&robert(), SuggestOptions::default())
        .await
        .unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(
        matches!(
            err,
            EngineError::Provider(ProviderError::Timeout { after_ms: 300 })
        ),
        "{err}"
    );
    assert_eq!(err.to_string(), "model server did not answer within 300 ms");
}

#[tokio::test]
async fn unreachable_server_is_a_connect_error() {
    // Port 9 (discard) on loopback: nothing listens there in CI.
    let mut c = Config {
        provider: Some(ProviderKind::Openai),
        base_url: Some("http://127.0.0.1:9/v1".into()),
        ..Config::default()
    };
    c.openai.max_retries = 1;
    c.openai.backoff_base_ms = 5;
    let err = suggest(c).await.unwrap_err();
    assert!(
        matches!(err, EngineError::Provider(ProviderError::Connect(_))),
        "{err}"
    );
}

#[tokio::test]
async fn streamed_chunks_are_reassembled_and_forwarded() {
    let server = MockServer::start().await;
    let text = answer_json().to_string();
    let (a, rest) = text.split_at(40);
    let (b, c) = rest.split_at(rest.len() / 2);
    // Chunks as non-OpenAI servers send them: no `created`/`object`, one with an odd
    // finish_reason, usage absent.
    let events: String = [a, b, c]
        .iter()
        .map(|piece| {
            format!(
                "data: {}\n\n",
                json!({"choices": [{"delta": {"content": piece}}]})
            )
        })
        .chain([
            format!(
                "data: {}\n\n",
                json!({"choices": [{"delta": {}, "finish_reason": "eos"}]})
            ),
            "data: [DONE]\n\n".to_string(),
        ])
        .collect();
    Mock::given(method("POST"))
        .and(body_string_contains("\"stream\":true"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(events, "text/event-stream"))
        .expect(1)
        .mount(&server)
        .await;
    let mut c = config(&server);
    c.openai.stream = true;
    let engine = Engine::from_config(c).unwrap();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let s = engine
        .suggest(
            &robert(),
            SuggestOptions {
                replies: None,
                deltas: Some(tx),
            },
        )
        .await
        .unwrap();
    assert_eq!(s.replies[0].strategy, "explore");
    let mut streamed = String::new();
    while let Ok(piece) = rx.try_recv() {
        match piece {
            Delta::Text(t) => streamed.push_str(&t),
            Delta::Restart => panic!("no repair happened"),
        }
    }
    assert_eq!(streamed, text);
    assert_eq!(s.meta.usage_source, UsageSource::Estimate);
}

#[tokio::test]
async fn missing_usage_and_fields_fall_back_to_estimates() {
    let server = MockServer::start().await;
    // What llama.cpp-style servers send: no id/object/created/usage, finish_reason "eos".
    let sparse = json!({"choices": [{"message": {"content": answer_json().to_string()}, "finish_reason": "eos"}], "service_tier": "on_demand"});
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(sparse))
        .mount(&server)
        .await;
    let s = suggest(config(&server)).await.unwrap();
    assert_eq!(s.meta.usage_source, UsageSource::Estimate);
    assert!(s.meta.usage.prompt_tokens > 500, "{:?}", s.meta.usage);
    assert!(s.meta.usage.completion_tokens > 20, "{:?}", s.meta.usage);
    assert_eq!(
        s.meta.model, "mock-model",
        "the configured model when the server names none"
    );
}

#[tokio::test]
async fn response_format_setting_is_respected() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(completion(&answer_json().to_string())),
        )
        .mount(&server)
        .await;
    let mut c = config(&server);
    c.openai.response_format = ResponseFormat::Text;
    suggest(c).await.unwrap();
    let b = body(&server.received_requests().await.unwrap()[0]);
    assert!(b.get("response_format").is_none());
}

#[tokio::test]
async fn nothing_to_answer_never_reaches_the_model() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&server)
        .await;
    let engine = Engine::from_config(config(&server)).unwrap();
    let quote_only = parse_json(
        r#"{"messages":[{"role":"customer","text":"On Mon, 3 Nov 2026 at 10:02, Rob <r@x.example> wrote:\n> hello"}]}"#,
    )
    .unwrap();
    let s = engine
        .suggest(&quote_only, SuggestOptions::default())
        .await
        .unwrap();
    assert_eq!(s.abstain.unwrap().reason, "empty");
    assert_eq!(
        s.meta.provider, "builtin",
        "labelled with the engine that answered"
    );
    let rep_only = parse_json(r#"{"messages":[{"role":"rep","text":"Any news?"}]}"#).unwrap();
    let s = engine
        .suggest(&rep_only, SuggestOptions::default())
        .await
        .unwrap();
    assert_eq!(s.abstain.unwrap().reason, "no_customer_message");
}

#[tokio::test]
async fn azure_openai_uses_deployment_path_and_api_version() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/openai/deployments/my-deploy/chat/completions"))
        .and(wiremock::matchers::query_param("api-version", "2024-10-21"))
        .and(header("api-key", KEY))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(completion(&answer_json().to_string())),
        )
        .expect(1)
        .mount(&server)
        .await;
    let mut c = config(&server);
    c.base_url = Some(server.uri());
    c.model = "my-deploy".into();
    c.openai.azure_api_version = Some("2024-10-21".into());
    let s = suggest(c).await.unwrap();
    assert_eq!(s.meta.provider, "openai");
}
