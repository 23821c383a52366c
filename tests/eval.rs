//! `reframe eval` end to end: the built binary on the golden set and on small case sets,
//! against a mock model server where a model is needed.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::{json, Value};
use wiremock::matchers::{body_string_contains, method};
use wiremock::{Mock, MockServer, ResponseTemplate};

const BIN: &str = env!("CARGO_BIN_EXE_reframe");

fn reframe(args: &[&str], base_url: Option<&str>) -> Output {
    let mut c = Command::new(BIN);
    c.args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("OPENAI_API_KEY")
        .env_remove("REFRAME_PROVIDER")
        .env_remove("REFRAME_MODEL")
        .env_remove("REFRAME_CONFIG")
        .env_remove("REFRAME_PROMPTS_DIR");
    match base_url {
        Some(u) => c.env("OPENAI_BASE_URL", u),
        None => c.env_remove("OPENAI_BASE_URL"),
    };
    c.output().unwrap()
}

/// Runs the binary off the async runtime so a wiremock server on it can answer.
async fn reframe_async(args: Vec<String>, base_url: Option<String>) -> Output {
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        reframe(&args, base_url.as_deref())
    })
    .await
    .unwrap()
}

fn json_out(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: stdout {} stderr {}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    })
}

const CASE: &str = r#"
id: price-small
title: "Too expensive"
tags: [security, "concern:price"]
thread:
  - role: customer
    text: "Honestly it's too expensive for us, our budget for this year is already spent."
context: {rep_name: Robert, customer_name: Ana}
expect: {concern: price, abstain: false}
references:
  good: ["Ana, thank you for being open about the budget. It sounds like you need every spend to pay off this year, is that right? What results would make it clearly worth it for your team?"]
  bad: ["Actually our price is the lowest on the market, and this offer ends Friday."]
assert:
  - {type: not_contains, values: ["discount"]}
  - {type: max_words, value: 180}
"#;

fn case_dir(cases: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in cases {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

fn p(path: &Path) -> String {
    path.display().to_string()
}

#[test]
fn references_on_the_golden_set_agree_fully_offline() {
    let o = reframe(&["eval", "--references", "--format", "json"], None);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let r = json_out(&o);
    assert_eq!(r["summary"]["mode"], "references");
    assert!(
        r["summary"]["cases"].as_u64().unwrap() >= 32,
        "at least 16 cases × a good and a bad"
    );
    let entries = r["cases"].as_array().unwrap();
    assert!(entries
        .iter()
        .all(|e| e["case"].is_string() && (e["label"] == "good" || e["label"] == "bad")));
    for e in entries {
        assert_eq!(
            e["passed"],
            e["label"] == "good",
            "{}#{}",
            e["case"],
            e["label"]
        );
    }
    let coach = r["summary"]["agreement"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["scorer"] == "coach")
        .unwrap();
    assert_eq!(
        coach["good_passed"], coach["good_total"],
        "every good reference passes the coach alone"
    );
}

#[test]
fn golden_set_has_the_required_coverage() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("evals/cases");
    let count = std::fs::read_dir(&dir).unwrap().count();
    assert!(count >= 16, "{count} cases");
    for id in [
        "robert-in-house",
        "legal-threat-abstain",
        "injection-body",
        "injection-quoted",
        "injection-signature",
        "empty-body-abstain",
        "long-thread-topic-change",
    ] {
        assert!(dir.join(format!("{id}.yaml")).is_file(), "{id}");
    }
}

#[test]
fn builtin_generate_run_with_gates_and_formats() {
    let out = tempfile::tempdir().unwrap();
    let html = out.path().join("r.html");
    let junit = out.path().join("r.xml");
    let md = out.path().join("r.md");
    let o = reframe(
        &[
            "eval",
            "--provider",
            "builtin",
            "--format",
            "json",
            "--min-pass-rate",
            "0.9",
            "--tag-min",
            "security=1",
            "--cutoff",
            "coach=0.9",
            "--out",
            &p(&html),
            "--out",
            &p(&junit),
            "--out",
            &p(&md),
        ],
        None,
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let r = json_out(&o);
    assert_eq!(r["summary"]["mode"], "generate");
    assert!(r["summary"]["pass_rate"].as_f64().unwrap() >= 0.9);
    let first = &r["cases"][0];
    for key in ["id", "passed", "score", "reasons", "samples", "wilson"] {
        assert!(first.get(key).is_some(), "{key}");
    }
    assert!(std::fs::read_to_string(&html).unwrap().contains("<html"));
    assert!(std::fs::read_to_string(&junit)
        .unwrap()
        .contains("<testsuites"));
    assert!(std::fs::read_to_string(&md).unwrap().contains('|'));
}

#[test]
fn failing_gate_exits_1_and_usage_errors_exit_2() {
    let wrong = CASE.replace("expect: {concern: price", "expect: {concern: churn");
    let dir = case_dir(&[("c.yaml", &wrong)]);
    let o = reframe(
        &[
            "eval",
            &p(dir.path()),
            "--provider",
            "builtin",
            "--min-pass-rate",
            "1",
        ],
        None,
    );
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("min-pass-rate"));

    let o = reframe(&["eval", "no/such/dir"], None);
    assert_eq!(o.status.code(), Some(2));
    let broken = case_dir(&[("c.yaml", "id: x\nthread: []\n")]);
    let o = reframe(&["eval", &p(broken.path())], None);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("c.yaml") && err.contains("references"),
        "{err}"
    );
    let o = reframe(&["eval", "--min-pass-rate", "7"], None);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn baseline_reports_regressions() {
    let dir = case_dir(&[("c.yaml", CASE)]);
    let out = tempfile::tempdir().unwrap();
    let base = out.path().join("base.json");
    let o = reframe(
        &[
            "eval",
            &p(dir.path()),
            "--provider",
            "builtin",
            "--out",
            &p(&base),
        ],
        None,
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    std::fs::write(
        dir.path().join("c.yaml"),
        CASE.replace("values: [\"discount\"]", "values: [\"budget\"]"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("d.yaml"),
        CASE.replace("id: price-small", "id: price-new"),
    )
    .unwrap();
    let o = reframe(
        &[
            "eval",
            &p(dir.path()),
            "--provider",
            "builtin",
            "--baseline",
            &p(&base),
            "--format",
            "json",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(1));
    let r = json_out(&o);
    let marks: Vec<(String, String)> = r["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap().to_string(),
                c["baseline"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        marks.contains(&("price-small".into(), "regressed".into())),
        "{marks:?}"
    );
    assert!(
        marks.contains(&("price-new".into(), "new".into())),
        "{marks:?}"
    );
    assert_eq!(r["summary"]["regressed"], 1);
}

fn completion(content: &str) -> Value {
    json!({"choices": [{"message": {"content": content}, "finish_reason": "stop"}], "usage": {"prompt_tokens": 5, "completion_tokens": 5}})
}

fn answer(text: &str) -> String {
    json!({
        "analysis": {"says": "s", "means": "m", "objective": "o", "structure": "a -> b", "concern": "price", "emotion": "e"},
        "questions": ["What would help?"],
        "replies": [{"strategy": "explore", "text": text, "wifm": "w"}],
        "abstain": null
    })
    .to_string()
}

const GOOD_REPLY: &str = "Ana, thank you for being open about the budget. It sounds like every spend has to pay off this year, is that right? What results would make it clearly worth it for your team?";
const BAD_REPLY: &str =
    "Actually our price is the lowest on the market. Sign today and get a discount.";

#[tokio::test]
async fn record_then_replay_without_a_model_and_cache_hits() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(completion(&answer(GOOD_REPLY))))
        .expect(1)
        .mount(&server)
        .await;
    let dir = case_dir(&[("c.yaml", CASE)]);
    let rec = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let base = format!("{}/v1", server.uri());
    let args = |extra: &[&str]| -> Vec<String> {
        let mut a: Vec<String> = [
            "eval",
            &p(dir.path()),
            "--format",
            "json",
            "--judge",
            "off",
            "--cache-dir",
            &p(cache.path()),
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        a.extend(extra.iter().map(|s| s.to_string()));
        a
    };
    let o = reframe_async(args(&["--record", &p(rec.path())]), Some(base.clone())).await;
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(
        json_out(&o)["cases"][0]["samples"][0]["source"],
        "generated"
    );
    // Second run: the cache answers, the mock is not called again (expect(1) above).
    let o = reframe_async(args(&[]), Some(base)).await;
    assert_eq!(json_out(&o)["cases"][0]["samples"][0]["source"], "cached");
    // Replay with no reachable model at all.
    let o = reframe_async(
        args(&["--replay", &p(rec.path())]),
        Some("http://127.0.0.1:9/v1".into()),
    )
    .await;
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let r = json_out(&o);
    assert_eq!(r["cases"][0]["samples"][0]["source"], "replayed");
    assert_eq!(r["cases"][0]["passed"], true);
}

#[tokio::test]
async fn repeats_that_disagree_are_flaky_with_a_wilson_interval() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(completion(&answer(GOOD_REPLY))))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(completion(&answer(BAD_REPLY))))
        .with_priority(2)
        .mount(&server)
        .await;
    let dir = case_dir(&[("c.yaml", CASE)]);
    let args: Vec<String> = [
        "eval",
        &p(dir.path()),
        "--format",
        "json",
        "--judge",
        "off",
        "--no-cache",
        "--repeat",
        "2",
        "--concurrency",
        "1",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let o = reframe_async(args, Some(format!("{}/v1", server.uri()))).await;
    let r = json_out(&o);
    let c = &r["cases"][0];
    assert_eq!(c["flaky"], true);
    assert_eq!(c["passed"], false);
    assert_eq!(c["pass_rate"], 0.5);
    let w = c["wilson"].as_array().unwrap();
    assert!(w[0].as_f64().unwrap() < 0.5 && w[1].as_f64().unwrap() > 0.5);
    assert_eq!(r["summary"]["flaky"], 1);
}

#[tokio::test]
async fn judge_scores_replies_and_unreadable_verdicts_are_unscored() {
    let server = MockServer::start().await;
    let verdicts: Vec<Value> = reframe::judge::CRITERIA
        .iter()
        .map(|(id, _)| json!({"criterion": id, "passed": *id != "reframe", "note": "n", "quote": null}))
        .collect();
    Mock::given(method("POST"))
        .and(body_string_contains("strict reviewer"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(completion(&json!({"criteria": verdicts}).to_string())),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(completion(&answer(GOOD_REPLY))))
        .mount(&server)
        .await;
    let dir = case_dir(&[("c.yaml", CASE)]);
    let args: Vec<String> = ["eval", &p(dir.path()), "--format", "json", "--no-cache"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let o = reframe_async(args, Some(format!("{}/v1", server.uri()))).await;
    assert_eq!(o.status.code(), Some(0));
    let r = json_out(&o);
    let lines = r["cases"][0]["samples"][0]["scores"].as_array().unwrap();
    let judge = lines.iter().find(|l| l["scorer"] == "judge").unwrap();
    assert_eq!(judge["status"], "fail", "a must criterion (reframe) failed");
    assert_eq!(r["cases"][0]["passed"], false);

    let garbled = MockServer::start().await;
    Mock::given(method("POST"))
        .and(body_string_contains("strict reviewer"))
        .respond_with(ResponseTemplate::new(200).set_body_json(completion("I think it is fine.")))
        .mount(&garbled)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(completion(&answer(GOOD_REPLY))))
        .mount(&garbled)
        .await;
    let args: Vec<String> = ["eval", &p(dir.path()), "--format", "json", "--no-cache"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let o = reframe_async(args, Some(format!("{}/v1", garbled.uri()))).await;
    let r = json_out(&o);
    let lines = r["cases"][0]["samples"][0]["scores"].as_array().unwrap();
    let judge = lines.iter().find(|l| l["scorer"] == "judge").unwrap();
    assert_eq!(judge["status"], "unscored");
    assert_eq!(
        r["cases"][0]["passed"], true,
        "an unreadable judge neither passes nor fails the case"
    );
}

#[tokio::test]
async fn similarity_through_the_embeddings_endpoint() {
    let server = MockServer::start().await;
    // Reply and good reference point one way, the bad reference the other.
    let vectors = json!({"data": [
        {"index": 0, "embedding": [0.9, 0.1]},
        {"index": 1, "embedding": [1.0, 0.0]},
        {"index": 2, "embedding": [0.0, 1.0]}
    ]});
    Mock::given(method("POST"))
        .and(wiremock::matchers::path("/v1/embeddings"))
        .respond_with(ResponseTemplate::new(200).set_body_json(vectors))
        // One call per reference scored (a good and a bad one), each embedding the reply and
        // both references.
        .expect(2)
        .mount(&server)
        .await;
    let dir = case_dir(&[("c.yaml", CASE)]);
    let args: Vec<String> = [
        "eval",
        &p(dir.path()),
        "--references",
        "--format",
        "json",
        "--similarity",
        "--judge",
        "off",
        "--provider",
        "openai",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let o = reframe_async(args, Some(format!("{}/v1", server.uri()))).await;
    let r = json_out(&o);
    let entries = r["cases"].as_array().unwrap();
    let lines: Vec<&Value> = entries
        .iter()
        .flat_map(|e| e["scores"].as_array().unwrap())
        .filter(|l| l["scorer"] == "similarity")
        .collect();
    assert_eq!(lines.len(), 2);
    assert!(lines.iter().any(|l| l["status"] == "pass"), "{lines:?}");
}
