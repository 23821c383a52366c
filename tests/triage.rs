//! Triage in front of every provider, end to end: the deterministic verdict decides, hints or
//! stays out of the way per `triage = "enforce" | "hint" | "off"`, against a mock
//! OpenAI-compatible server over real HTTP; false alarms go to the model untouched.

use reframe::config::{Config, ProviderKind, Secret, TriageMode};
use reframe::pipeline::{Engine, SuggestOptions};
use reframe::suggestion::Suggestion;
use reframe::thread::{parse_bytes, parse_json, InputKind, Limits, Thread};
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const LEGAL: &str = "Hi Sam,\n\nOur counsel has advised us to withhold the remaining payment and \
    to pursue a claim for breach of contract. You will hear from them this week.\n\nMarta";

fn completion(content: &Value) -> Value {
    json!({
        "id": "chatcmpl-1", "object": "chat.completion", "created": 1_790_000_000,
        "model": "mock-model",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content.to_string()},
                     "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120}
    })
}

fn model_abstains() -> Value {
    json!({"analysis": null, "questions": [], "replies": [],
           "abstain": {"reason": "legal_threat", "detail": "route to a human"}})
}

fn model_answers() -> Value {
    json!({
        "analysis": {"says": "s", "means": "m", "objective": "o", "structure": "a -> b",
                     "concern": "authority", "emotion": "e"},
        "questions": ["What will your legal team look at first?"],
        "replies": [{"strategy": "explore", "text": "Of course. What will they look at first?",
                     "wifm": "w"}],
        "abstain": null
    })
}

async fn mock(answer: Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .respond_with(ResponseTemplate::new(200).set_body_json(completion(&answer)))
        .mount(&server)
        .await;
    server
}

fn openai(server: &MockServer, triage: TriageMode) -> Engine {
    let config = Config {
        provider: Some(ProviderKind::Openai),
        base_url: Some(format!("{}/v1", server.uri())),
        api_key: Some(Secret::new("sk-test-0123456789abcdef".into())),
        model: "mock-model".into(),
        triage,
        ..Config::default()
    };
    Engine::from_config(config).unwrap()
}

fn text(message: &str) -> Thread {
    parse_bytes(message.as_bytes(), InputKind::Text, &Limits::default()).unwrap()
}

async fn suggest(engine: &Engine, thread: &Thread) -> Suggestion {
    engine
        .suggest(thread, SuggestOptions::default())
        .await
        .unwrap()
}

/// The user message of every request the mock received.
async fn prompts_sent(server: &MockServer) -> Vec<String> {
    let requests = server.received_requests().await.unwrap_or_default();
    requests
        .iter()
        .map(|r| {
            let body: Value = serde_json::from_slice(&r.body).unwrap();
            body["messages"][1]["content"]
                .as_str()
                .unwrap_or_default()
                .to_string()
        })
        .collect()
}

#[tokio::test]
async fn enforce_answers_a_legal_threat_without_calling_the_model() {
    let server = mock(model_answers()).await;
    let s = suggest(&openai(&server, TriageMode::Enforce), &text(LEGAL)).await;
    assert_eq!(s.abstain.as_ref().unwrap().reason, "legal_threat");
    assert!(s.replies.is_empty());
    assert_eq!(s.meta.provider, "builtin", "the rules answered, and say so");
    assert_eq!(s.meta.triage.as_deref(), Some("legal_threat"));
    assert!(prompts_sent(&server).await.is_empty(), "no model call");
}

#[tokio::test]
async fn hint_passes_the_verdict_to_the_model_which_decides() {
    let server = mock(model_abstains()).await;
    let s = suggest(&openai(&server, TriageMode::Hint), &text(LEGAL)).await;
    assert_eq!(s.meta.provider, "openai");
    assert_eq!(s.abstain.as_ref().unwrap().reason, "legal_threat");
    let sent = prompts_sent(&server).await;
    assert_eq!(sent.len(), 1);
    assert!(
        sent[0].contains("triage reads the newest customer message as \"legal_threat\""),
        "{}",
        sent[0]
    );
}

#[tokio::test]
async fn off_leaves_the_model_alone() {
    let server = mock(model_abstains()).await;
    let s = suggest(&openai(&server, TriageMode::Off), &text(LEGAL)).await;
    assert_eq!(s.meta.provider, "openai");
    let sent = prompts_sent(&server).await;
    assert_eq!(sent.len(), 1);
    assert!(!sent[0].contains("triage reads"), "{}", sent[0]);
}

#[tokio::test]
async fn a_false_alarm_reaches_the_model_without_a_hint() {
    let server = mock(model_answers()).await;
    let engine = openai(&server, TriageMode::Enforce);
    let review = text("Our legal team needs to review the contract before we sign.");
    let s = suggest(&engine, &review).await;
    assert_eq!(s.meta.provider, "openai");
    assert!(s.abstain.is_none());
    assert_eq!(s.meta.triage, None);
    assert_eq!(prompts_sent(&server).await.len(), 1);
}

#[tokio::test]
async fn structural_verdicts_never_reach_the_model_whatever_the_mode() {
    let server = mock(model_answers()).await;
    let rep_last = parse_json(
        r#"{"messages":[{"role":"customer","text":"Could you send the revised quote?"},
                        {"role":"rep","text":"Sent it this morning, let me know what you think."}]}"#,
    )
    .unwrap();
    let empty = text("Sent from my iPhone");
    for mode in [TriageMode::Enforce, TriageMode::Hint, TriageMode::Off] {
        let engine = openai(&server, mode);
        let s = suggest(&engine, &rep_last).await;
        assert_eq!(s.abstain.as_ref().unwrap().reason, "awaiting_customer");
        assert_eq!(s.meta.provider, "builtin");
        let s = suggest(&engine, &empty).await;
        assert_eq!(s.abstain.as_ref().unwrap().reason, "empty");
    }
    assert!(prompts_sent(&server).await.is_empty());
}

#[test]
fn triage_mode_comes_from_the_environment_and_rejects_typos() {
    use reframe::config::Overrides;
    let env = |v: &'static str| move |k: &str| (k == "REFRAME_TRIAGE").then(|| v.to_string());
    let c = Config::load(&Overrides::default(), &env("hint")).unwrap();
    assert_eq!(c.triage, TriageMode::Hint);
    let err = Config::load(&Overrides::default(), &env("enforced")).unwrap_err();
    assert!(err.to_string().contains("enforce, hint, off"), "{err}");
}
