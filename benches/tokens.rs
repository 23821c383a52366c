//! Token counting and budgeting throughput (results in BENCHMARKS.md).
//!
//! `cargo bench --bench tokens` — email-like prose, 100 KB without whitespace (hostile), the
//! same hostile input through tiktoken unsplit (what reframe avoids), fitting a long thread into
//! a small budget, and one builtin suggestion end to end.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use reframe::budget;
use reframe::config::{Config, ProviderKind};
use reframe::pipeline::{Engine, SuggestOptions};
use reframe::prompt::Prompts;
use reframe::thread::{parse_json, Message, Role, Thread};
use reframe::tokens::TokenCounter;

/// Deterministic email-like text: greetings, business sentences, numbers, URLs, signatures.
fn email_text(bytes: usize) -> String {
    const PARTS: &[&str] = &[
        "Hi Robert,\n\n",
        "Thanks for sending the October report over so quickly. ",
        "Leads from the new campaign are up again and the team is pleased with the results. ",
        "That said, we think we need a full-time person in-house to run this going forward. ",
        "Could you share the invoice for PO-2026-0412 and the onboarding checklist? ",
        "Our finance committee meets on 14 November, and I'll need approval before then. ",
        "The dashboard at https://portal.client.example/reports?id=8842&view=weekly was slow. ",
        "Also, la propuesta nos parece un poco cara; le budget est serré cette année. ",
        "\n\nBest regards,\nDana Whitfield\nHead of Operations | Client Example Ltd.\n+1 555 0100\n\n",
        "> On Tue, 28 Oct 2026 at 15:00, Robert <robert@outsourced.example> wrote:\n",
    ];
    let mut out = String::with_capacity(bytes + 200);
    let mut i = 0usize;
    while out.len() < bytes {
        out.push_str(PARTS[i % PARTS.len()]);
        i = i.wrapping_mul(31).wrapping_add(7);
    }
    out
}

fn counting(c: &mut Criterion) {
    let counter = TokenCounter::for_model("gpt-4.1-mini", None).unwrap();
    black_box(counter.count("warm up the shared vocabulary"));
    let mut group = c.benchmark_group("count");
    group.sample_size(20);
    let prose = email_text(1 << 20);
    group.throughput(Throughput::Bytes(prose.len() as u64));
    group.bench_function("email_1MB", |b| b.iter(|| counter.count(black_box(&prose))));
    let email = email_text(5_400);
    group.throughput(Throughput::Bytes(email.len() as u64));
    group.bench_function("email_5KB", |b| b.iter(|| counter.count(black_box(&email))));
    let hostile = "Q".repeat(100 * 1024);
    group.throughput(Throughput::Bytes(hostile.len() as u64));
    group.bench_function("hostile_100KB", |b| {
        b.iter(|| counter.count(black_box(&hostile)))
    });
    let base64ish: String = (0..100 * 1024)
        .map(|i| b"A9+/bcXz"[i % 8] as char)
        .collect();
    group.bench_function("base64_100KB", |b| {
        b.iter(|| counter.count(black_box(&base64ish)))
    });
    let hostile_1mb = "Q".repeat(1 << 20);
    group.throughput(Throughput::Bytes(hostile_1mb.len() as u64));
    group.bench_function("hostile_1MB", |b| {
        b.iter(|| counter.count(black_box(&hostile_1mb)))
    });
    // The same inputs through tiktoken without pre-splitting: what reframe avoids.
    group.throughput(Throughput::Bytes(hostile.len() as u64));
    let bpe = tiktoken_rs::o200k_base_singleton();
    group.bench_function("hostile_100KB_unsplit_tiktoken", |b| {
        b.iter(|| bpe.encode_ordinary(black_box(&hostile)).len())
    });
    group.bench_function("base64_100KB_unsplit_tiktoken", |b| {
        b.iter(|| bpe.encode_ordinary(black_box(&base64ish)).len())
    });
    group.finish();
}

fn long_thread(messages: usize) -> Thread {
    let mut all: Vec<Message> = (0..messages)
        .map(|i| Message {
            role: if i % 2 == 0 {
                Role::Customer
            } else {
                Role::Rep
            },
            from: None,
            sent_at: None,
            text: email_text(2_000),
        })
        .collect();
    all.push(Message {
        role: Role::Customer,
        from: None,
        sent_at: None,
        text: "We need someone in-house.".into(),
    });
    Thread {
        id: None,
        messages: all,
        context: Default::default(),
    }
}

fn budgeting(c: &mut Criterion) {
    let prompts = Prompts::load(None).unwrap();
    let counter = TokenCounter::for_model("gpt-4.1-mini", None).unwrap();
    let mut group = c.benchmark_group("budget");
    group.sample_size(20);
    for messages in [10usize, 200] {
        let thread = long_thread(messages);
        group.bench_with_input(
            BenchmarkId::new("fit_into_8k", messages),
            &thread,
            |b, t| {
                b.iter(|| budget::fit(black_box(t), &prompts, &counter, 8_000, 3, None).unwrap())
            },
        );
    }
    group.finish();
}

fn builtin_suggestion(c: &mut Criterion) {
    let config = Config {
        provider: Some(ProviderKind::Builtin),
        ..Config::default()
    };
    let engine = Engine::from_config(config).unwrap();
    let thread = parse_json(include_str!("../examples/robert.json")).unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    c.bench_function("builtin_suggest_robert", |b| {
        b.iter(|| {
            rt.block_on(engine.suggest(black_box(&thread), SuggestOptions::default()))
                .unwrap()
        })
    });
}

criterion_group!(benches, counting, budgeting, builtin_suggestion);
criterion_main!(benches);
