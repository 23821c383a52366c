//! `reframe batch` end to end: the built binary on JSONL and mailbox inputs, resume after a
//! crash (a process killed mid-run), the shared 429 cool-down, and the errors file.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const BIN: &str = env!("CARGO_BIN_EXE_reframe");

fn command(args: &[&str], base_url: Option<&str>) -> Command {
    let mut c = Command::new(BIN);
    c.args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("OPENAI_API_KEY")
        .env_remove("REFRAME_PROVIDER")
        .env_remove("REFRAME_CONFIG")
        .env_remove("REFRAME_MODEL");
    match base_url {
        Some(u) => c.env("OPENAI_BASE_URL", u),
        None => c.env_remove("OPENAI_BASE_URL"),
    };
    c
}

fn run(args: &[&str], base_url: Option<&str>) -> Output {
    command(args, base_url)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

async fn run_async(args: Vec<String>, base_url: Option<String>) -> Output {
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        run(&args, base_url.as_deref())
    })
    .await
    .unwrap()
}

fn lines(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("torn line {l:?}: {e}")))
        .collect()
}

fn ids(path: &Path) -> Vec<String> {
    lines(path)
        .iter()
        .map(|v| v["id"].as_str().unwrap().to_string())
        .collect()
}

fn threads_jsonl(dir: &Path, n: usize) -> PathBuf {
    let path = dir.join("threads.jsonl");
    let body: String = (0..n)
        .map(|i| {
            json!({"id": format!("t{i:03}"), "messages": [{"role": "customer", "text": format!("Ticket {i:03}: it is too expensive for our budget this year.")}]})
                .to_string()
                + "\n"
        })
        .collect();
    std::fs::write(&path, body).unwrap();
    path
}

fn p(path: &Path) -> String {
    path.display().to_string()
}

#[test]
fn jsonl_run_then_rerun_resumes_without_resending() {
    let dir = tempfile::tempdir().unwrap();
    let input = threads_jsonl(dir.path(), 5);
    let out = dir.path().join("out.jsonl");
    let o = run(
        &[
            "batch",
            &p(&input),
            "--out",
            &p(&out),
            "--provider",
            "builtin",
        ],
        None,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let first = lines(&out);
    assert_eq!(first.len(), 5);
    assert_eq!(first[0]["suggestion"]["meta"]["provider"], "builtin");
    let summary: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(summary["answered"], 5);
    let o = run(
        &[
            "batch",
            &p(&input),
            "--out",
            &p(&out),
            "--provider",
            "builtin",
        ],
        None,
    );
    let summary: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        (
            summary["answered"].as_u64(),
            summary["already_done"].as_u64()
        ),
        (Some(0), Some(5))
    );
    assert_eq!(lines(&out).len(), 5, "nothing written twice");
}

#[test]
fn bad_lines_go_to_the_errors_file_and_fail_the_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    std::fs::write(&input, "{\"messages\":[{\"role\":\"customer\",\"text\":\"Too pricey.\"}]}\n{not json}\n{\"messages\":[{\"role\":\"boss\",\"text\":\"x\"}]}\n").unwrap();
    let out = dir.path().join("out.jsonl");
    let o = run(
        &[
            "batch",
            &p(&input),
            "--out",
            &p(&out),
            "--provider",
            "builtin",
        ],
        None,
    );
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let mut errors = lines(&dir.path().join("out.errors.jsonl"));
    // Items run concurrently: order the errors by where they came from.
    errors.sort_by_key(|e| e["source"].as_str().unwrap_or_default().to_string());
    assert_eq!(errors.len(), 2);
    assert!(
        errors[0]["source"]
            .as_str()
            .unwrap()
            .ends_with("in.jsonl:2"),
        "{errors:?}"
    );
    assert!(
        errors[1]["error"]
            .as_str()
            .unwrap()
            .contains("messages[0].role"),
        "{errors:?}"
    );
    assert_eq!(lines(&out).len(), 1);
    let o = run(
        &[
            "batch",
            &p(&input),
            "--out",
            &p(&out),
            "--provider",
            "builtin",
            "--allow-failures",
        ],
        None,
    );
    assert!(o.status.success());
}

#[test]
fn mailbox_inputs_are_threaded_and_rep_last_threads_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.jsonl");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mail");
    let o = run(
        &[
            "batch",
            &p(&fixtures),
            "--out",
            &p(&out),
            "--provider",
            "builtin",
            "--rep-domain",
            "vendor.example",
            "--allow-failures",
        ],
        None,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let summary: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(summary["answered"].as_u64().unwrap() >= 2, "{summary}");
    assert!(
        summary["awaiting_customer"].as_u64().unwrap() >= 1,
        "{summary}"
    );
    for line in lines(&out) {
        let s = &line["suggestion"];
        assert!(s["replies"].as_array().is_some());
        let id = line["id"].as_str().unwrap();
        assert!(!id.is_empty());
    }
    let unique: HashSet<String> = ids(&out).into_iter().collect();
    assert_eq!(unique.len(), ids(&out).len());
}

/// Answers every chat call after a delay, remembering which ticket each request was for.
struct Slow {
    seen: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl Respond for Slow {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body = String::from_utf8_lossy(&request.body);
        if let Some(i) = body.find("Ticket ") {
            self.seen
                .lock()
                .unwrap()
                .push(body[i + 7..i + 10].to_string());
        }
        let answer = json!({
            "analysis": {"says": "s", "means": "m", "objective": "o", "structure": "a -> b", "concern": "price", "emotion": "e"},
            "questions": ["q?"], "replies": [{"strategy": "explore", "text": "What matters most to you?", "wifm": "w"}], "abstain": null
        });
        ResponseTemplate::new(200)
            .set_body_json(json!({"choices": [{"message": {"content": answer.to_string()}}], "usage": {"prompt_tokens": 10, "completion_tokens": 5}}))
            .set_delay(Duration::from_millis(150))
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_mid_run_then_resumed_loses_nothing_and_resends_nothing_done() {
    let dir = tempfile::tempdir().unwrap();
    let input = threads_jsonl(dir.path(), 30);
    let out = dir.path().join("out.jsonl");
    let first = MockServer::start().await;
    let seen_first = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    Mock::given(method("POST"))
        .respond_with(Slow {
            seen: seen_first.clone(),
        })
        .mount(&first)
        .await;
    let mut child = command(
        &["batch", &p(&input), "--out", &p(&out), "--concurrency", "3"],
        Some(&format!("{}/v1", first.uri())),
    )
    .stdout(Stdio::null())
    .stderr(Stdio::null())
    .spawn()
    .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while ids(&out).len() < 8 {
        assert!(Instant::now() < deadline, "no progress");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    child.kill().unwrap(); // SIGKILL: no chance to flush or clean up
    child.wait().unwrap();
    let done_before: HashSet<String> = ids(&out).into_iter().collect();
    assert!(done_before.len() < 30, "killed before the end");

    let second = MockServer::start().await;
    let seen_second = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    Mock::given(method("POST"))
        .respond_with(Slow {
            seen: seen_second.clone(),
        })
        .mount(&second)
        .await;
    let args: Vec<String> = ["batch", &p(&input), "--out", &p(&out), "--concurrency", "3"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let o = run_async(args, Some(format!("{}/v1", second.uri()))).await;
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    let all = ids(&out);
    let unique: HashSet<&String> = all.iter().collect();
    assert_eq!(all.len(), 30, "every item exactly once");
    assert_eq!(unique.len(), 30, "no duplicates");
    let resent: Vec<String> = seen_second
        .lock()
        .unwrap()
        .iter()
        .filter(|t| done_before.contains(&format!("t{t}")))
        .cloned()
        .collect();
    assert!(
        resent.is_empty(),
        "items already in --out were sent again: {resent:?}"
    );
    // At most the items in flight at the kill were paid for twice.
    let first_calls = seen_first.lock().unwrap().len();
    let second_calls = seen_second.lock().unwrap().len();
    assert!(
        first_calls + second_calls <= 30 + 3,
        "{first_calls} + {second_calls}"
    );
}

/// 429 for the first few calls, with Retry-After, then answers.
struct Storm {
    calls: std::sync::atomic::AtomicUsize,
}

impl Respond for Storm {
    fn respond(&self, _request: &Request) -> ResponseTemplate {
        let n = self.calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        if n < 3 {
            return ResponseTemplate::new(429)
                .insert_header("retry-after", "1")
                .set_body_json(json!({"error": {"message": "slow down", "type": "requests"}}));
        }
        let answer = json!({
            "analysis": {"says": "s", "means": "m", "objective": "o", "structure": "a -> b", "concern": "price", "emotion": "e"},
            "questions": ["q?"], "replies": [{"strategy": "explore", "text": "What matters most to you?", "wifm": "w"}], "abstain": null
        });
        ResponseTemplate::new(200)
            .set_body_json(json!({"choices": [{"message": {"content": answer.to_string()}}]}))
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_429_storm_pauses_the_job_and_every_item_still_completes() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(Storm {
            calls: Default::default(),
        })
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let input = threads_jsonl(dir.path(), 6);
    let out = dir.path().join("out.jsonl");
    let args: Vec<String> = ["batch", &p(&input), "--out", &p(&out), "--concurrency", "3"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let started = Instant::now();
    let o = run_async(args, Some(format!("{}/v1", server.uri()))).await;
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let summary: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(summary["answered"], 6);
    assert!(summary["rate_limited"].as_u64().unwrap() >= 1);
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "the job paused for Retry-After"
    );
    let counts: HashMap<String, usize> = ids(&out).into_iter().fold(HashMap::new(), |mut m, id| {
        *m.entry(id).or_default() += 1;
        m
    });
    assert!(counts.values().all(|c| *c == 1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn via_openai_batch_submits_once_and_joins_results_by_id() {
    use wiremock::matchers::path;
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/files"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"id": "file-in", "object": "file"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/batches"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"id": "batch_1", "status": "validating"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/batches/batch_1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"id": "batch_1", "status": "completed", "output_file_id": "file-out"}),
        ))
        .mount(&server)
        .await;
    let answer = json!({
        "analysis": {"says": "s", "means": "m", "objective": "o", "structure": "a -> b", "concern": "price", "emotion": "e"},
        "questions": ["q?"], "replies": [{"strategy": "explore", "text": "What matters most to you?", "wifm": "w"}], "abstain": null
    });
    let results: String = ["t000", "t001"]
        .iter()
        .map(|id| {
            json!({"custom_id": id, "response": {"status_code": 200, "body": {"model": "gpt-x", "choices": [{"message": {"content": answer.to_string()}}], "usage": {"prompt_tokens": 100, "completion_tokens": 20}}}, "error": null}).to_string() + "\n"
        })
        .collect();
    Mock::given(method("GET"))
        .and(path("/v1/files/file-out/content"))
        .respond_with(ResponseTemplate::new(200).set_body_string(results))
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let input = threads_jsonl(dir.path(), 2);
    let out = dir.path().join("out.jsonl");
    let args: Vec<String> = [
        "batch",
        &p(&input),
        "--out",
        &p(&out),
        "--via",
        "openai-batch",
        "--poll-secs",
        "1",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let o = run_async(args, Some(format!("{}/v1", server.uri()))).await;
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let written = lines(&out);
    assert_eq!(written.len(), 2);
    assert_eq!(written[0]["source"], "openai-batch");
    assert_eq!(
        written[0]["suggestion"]["meta"]["usage"]["prompt_tokens"],
        100
    );
    assert!(
        !dir.path().join("out.batch-state.json").exists(),
        "state is removed once the job is done"
    );
    let uploaded = &server.received_requests().await.unwrap()[0];
    let body = String::from_utf8_lossy(&uploaded.body);
    assert!(body.contains("\"custom_id\":\"t000\"") && body.contains("\"custom_id\":\"t001\""));
}

#[test]
fn cost_is_estimated_from_configured_prices() {
    let dir = tempfile::tempdir().unwrap();
    let input = threads_jsonl(dir.path(), 2);
    let config = dir.path().join("reframe.toml");
    std::fs::write(
        &config,
        "[server]\nprice_in_per_mtok = 1.0\nprice_out_per_mtok = 4.0\n",
    )
    .unwrap();
    let out = dir.path().join("out.jsonl");
    let o = run(
        &[
            "batch",
            &p(&input),
            "--out",
            &p(&out),
            "--provider",
            "builtin",
            "--config",
            &p(&config),
        ],
        None,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let s: Value = serde_json::from_slice(&o.stdout).unwrap();
    let (prompt, completion) = (
        s["prompt_tokens"].as_f64().unwrap(),
        s["completion_tokens"].as_f64().unwrap(),
    );
    let expected = (prompt + 4.0 * completion) / 1_000_000.0;
    assert!(
        (s["estimated_cost_usd"].as_f64().unwrap() - expected).abs() < 1e-9,
        "{s}"
    );
    assert!(expected > 0.0);
}
