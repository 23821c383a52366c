//! End-to-end: the built `reframe` binary on the examples, with a clean environment.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_reframe");

/// A command with none of the caller's model settings, run from the repository root.
fn reframe(args: &[&str]) -> Command {
    let mut c = Command::new(BIN);
    c.args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("OPENAI_API_KEY")
        .env_remove("OPENAI_BASE_URL")
        .env_remove("REFRAME_PROVIDER")
        .env_remove("REFRAME_MODEL")
        .env_remove("REFRAME_CONFIG")
        .env_remove("REFRAME_PROMPTS_DIR")
        .env_remove("RUST_LOG");
    c
}

fn run(args: &[&str]) -> Output {
    reframe(args).stdin(Stdio::null()).output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn suggest_robert_human_output() {
    let o = run(&["suggest", "examples/robert.json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    for part in [
        "provider: builtin",
        "concern: value_gap",
        "WHAT THEY SAY",
        "WHAT THEY MEAN",
        "ASK FIRST",
        "REPLY 1 — explore",
        "REPLY 3 — next_step",
    ] {
        assert!(out.contains(part), "missing {part:?} in\n{out}");
    }
    assert!(!out.contains("$80,000"));
}

#[test]
fn suggest_json_is_exactly_a_suggestion() {
    let o = run(&["suggest", "examples/robert.json", "--json", "-n", "2"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).expect("stdout is one JSON document");
    let s: reframe::suggestion::Suggestion = serde_json::from_value(v.clone()).unwrap();
    assert_eq!(s.meta.provider, "builtin");
    assert_eq!(s.replies.len(), 2);
    for key in ["id", "analysis", "questions", "replies", "abstain", "meta"] {
        assert!(v.get(key).is_some(), "{key}");
    }
    assert!(v["abstain"].is_null());
    assert!(v["meta"]["prompt_version"]
        .as_str()
        .unwrap()
        .starts_with("p-"));
}

#[test]
fn suggest_reads_eml_and_stdin() {
    let o = run(&["suggest", "examples/gmail-reply.eml", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["meta"]["language"], "es");
    assert_eq!(v["analysis"]["concern"], "price");

    let mut child = reframe(&["suggest", "-", "--json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"We'll revisit this next quarter.")
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["analysis"]["concern"], "timing");
}

#[test]
fn failures_exit_non_zero_with_one_line() {
    let missing = run(&["suggest", "no/such/file.json"]);
    assert_eq!(missing.status.code(), Some(2));
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, r#"{"messages":[{"role":"boss","text":"hi"}]}"#).unwrap();
    let o = run(&["suggest", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("reframe: error:") && err.contains("messages[0].role"),
        "{err}"
    );
    assert!(o.stdout.is_empty());

    let o = run(&["suggest", "examples/robert.json", "-n", "9"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let o = run(&["suggest", "examples/robert.json", "--provider", "gpt"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn openai_base_url_switches_to_the_server() {
    // A one-shot OpenAI-compatible server on a real socket.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let server = std::thread::spawn(move || {
        use std::io::{BufRead, BufReader, Read};
        let (stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut length = 0;
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
        let answer = serde_json::json!({
            "analysis": {"says": "s", "means": "m", "objective": "o", "structure": "x", "concern": "value_gap", "emotion": "e"},
            "questions": ["q?"],
            "replies": [{"strategy": "explore", "text": "From the server.", "wifm": "w"}],
            "abstain": null
        });
        let response =
            serde_json::json!({"choices": [{"message": {"content": answer.to_string()}}]})
                .to_string();
        let mut stream = stream;
        write!(stream, "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{response}", response.len()).unwrap();
        String::from_utf8(body).unwrap()
    });
    let o = reframe(&["suggest", "examples/robert.json", "--json"])
        .env("OPENAI_BASE_URL", format!("http://{addr}/v1"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["meta"]["provider"], "openai");
    assert_eq!(v["replies"][0]["text"], "From the server.");
    let sent = server.join().unwrap();
    assert!(sent.contains("full-time person in-house"));
}

#[test]
fn thread_shows_cleaned_text() {
    let o = run(&["thread", "examples/gmail-reply.eml"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("demasiado caro"));
    assert!(
        out.contains("quoted history removed") && out.contains("signature removed"),
        "{out}"
    );
    assert!(
        !out.contains("le envío la propuesta") && !out.contains("Directora"),
        "{out}"
    );

    let o = run(&["thread", "examples/robert.json", "--json"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["messages"][1]["removed_quote"], true);
    assert!(!v["messages"][1]["text"]
        .as_str()
        .unwrap()
        .contains("> Hi Dana"));
}

#[test]
fn prompt_dry_run_counts_tokens() {
    let o = run(&["prompt", "examples/robert.json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("===== system (") && out.contains("===== user ("));
    assert!(out.contains("prompt tokens: ") && out.contains("o200k_base"));
    assert!(out.contains("NEWEST, answer this one"));
}

#[test]
fn config_masks_the_key() {
    let o = reframe(&["config"])
        .env("OPENAI_API_KEY", "sk-live-abcdefghijklmnopqrstuvwxyz")
        .output()
        .unwrap();
    assert!(o.status.success());
    let out = stdout(&o);
    assert!(
        out.contains("provider = \"openai\"") && out.contains("****wxyz"),
        "{out}"
    );
    assert!(!out.contains("sk-live-abcdefghijklmnopqrstuvwxyz"));
}

#[test]
fn help_explains_every_subcommand() {
    let o = run(&["--help"]);
    let out = stdout(&o);
    for cmd in ["suggest", "thread", "prompt", "config"] {
        assert!(out.contains(cmd), "{out}");
    }
    let o = run(&["suggest", "--help"]);
    let out = stdout(&o);
    for flag in ["--json", "--replies", "--provider", "--model", "--base-url"] {
        assert!(out.contains(flag), "{flag} missing from\n{out}");
    }
}

#[test]
fn learn_writes_only_the_languages_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path();
    let out_arg = out.to_string_lossy().into_owned();
    let o = run(&[
        "learn",
        "evals/understanding/dev",
        "--language",
        "fr",
        "--out",
        &out_arg,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let written: Vec<String> = std::fs::read_dir(out.join("builtin/learned"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(written, ["fr.tsv"], "{}", stdout(&o));
    assert!(stdout(&o).starts_with("fr "), "{}", stdout(&o));

    let o = run(&[
        "learn",
        "evals/understanding/dev",
        "--language",
        "xx",
        "--dry-run",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--language xx"), "{}", stderr(&o));
}
