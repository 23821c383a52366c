//! Running a batch job: read inputs as a stream, answer each conversation that awaits a
//! reply, write every result as soon as it completes, and resume where a previous run stopped.
//!
//! Owns the flow — a reader thread producing work, bounded concurrent workers paced by the
//! job-wide [`Limiter`], one writer owning the durable logs — plus progress and the summary.
//! It must not parse mail (that is [`super::source`] / [`super::threading`]) or talk HTTP.

use std::collections::HashSet;
use std::io::{BufRead, BufReader, IsTerminal};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::StreamExt;
use indicatif::ProgressBar;
use serde::Serialize;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use tokio::sync::mpsc;

use super::limiter::Limiter;
use super::output::{JsonlLog, LogError};
use super::source::{self, ItemError};
use super::threading::{self, Built, RepRules};
use crate::pipeline::{Engine, EngineError, SuggestOptions};
use crate::provider::ProviderError;
use crate::thread::Thread;

#[derive(Debug, Clone)]
pub struct BatchOptions {
    pub inputs: Vec<PathBuf>,
    pub out: PathBuf,
    pub errors: PathBuf,
    pub concurrency: usize,
    pub rpm: Option<u32>,
    pub tpm: Option<u32>,
    pub reps: RepRules,
    pub item_timeout: Duration,
    /// Times an item is put back after a 429 before it is reported as failed.
    pub rate_limit_retries: u32,
    pub progress: bool,
    /// USD per million prompt / completion tokens, for the cost estimate (0: not shown).
    pub prices: (f64, f64),
}

#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    #[error(transparent)]
    Log(#[from] LogError),
    #[error("reading inputs: {0}")]
    Input(#[from] std::io::Error),
    #[error("--out and the errors file must be different files")]
    SameFiles,
    #[error(transparent)]
    Api(#[from] super::openai_batch::BatchApiError),
}

/// What a run did.
#[derive(Debug, Default, Clone, Serialize)]
pub struct BatchSummary {
    /// Conversations found in the inputs.
    pub conversations: u64,
    pub answered: u64,
    /// Already in `--out` from an earlier run: not sent again.
    pub already_done: u64,
    /// The newest message is the rep's: nothing to answer.
    pub awaiting_customer: u64,
    pub failed: u64,
    pub rate_limited: u64,
    pub prompt_tokens: u64,
    pub completion_tokens: u64,
    pub elapsed_secs: f64,
    /// Bytes of a torn last line cut from the logs of an interrupted run.
    pub repaired_bytes: u64,
    /// From the configured prices; 0 when none are set.
    pub estimated_cost_usd: f64,
}

/// USD for the tokens at the given prices per million.
fn cost(prompt: u64, completion: u64, (price_in, price_out): (f64, f64)) -> f64 {
    (prompt as f64 * price_in + completion as f64 * price_out) / 1_000_000.0
}

enum Work {
    Total(u64),
    Item {
        id: String,
        source: String,
        thread: Box<Thread>,
    },
    AlreadyDone,
    AwaitingCustomer,
    /// `counted`: the item is one of the conversations in `Total` (an unreadable line or
    /// thread), not a message that never became part of one.
    Failed {
        id: Option<String>,
        source: String,
        reason: String,
        counted: bool,
    },
}

enum Record {
    Done(Value),
    Failed(Value),
}

#[derive(Default)]
struct Counters {
    conversations: AtomicU64,
    answered: AtomicU64,
    already_done: AtomicU64,
    awaiting: AtomicU64,
    failed: AtomicU64,
    rate_limited: AtomicU64,
    prompt_tokens: AtomicU64,
    completion_tokens: AtomicU64,
}

/// Runs the job to the end of its inputs.
pub async fn run(engine: Arc<Engine>, options: &BatchOptions) -> Result<BatchSummary, BatchError> {
    if same_file(&options.out, &options.errors) {
        return Err(BatchError::SameFiles);
    }
    let started = Instant::now();
    let (out_log, existing) = JsonlLog::open(&options.out)?;
    let (err_log, err_existing) = JsonlLog::open(&options.errors)?;
    let done: Arc<HashSet<String>> = Arc::new(existing.ids);
    let counters = Arc::new(Counters::default());
    // Scan before spawning, so a missing input is reported at once.
    let scan = source::scan(&options.inputs)?;
    let (work_tx, work_rx) = mpsc::channel::<Work>(options.concurrency.max(1) * 4);
    let reps = options.reps.clone();
    let reader_done = done.clone();
    let reader = tokio::task::spawn_blocking(move || produce(scan, &reps, &reader_done, &work_tx));
    let (rec_tx, rec_rx) = std::sync::mpsc::channel::<Record>();
    let writer = tokio::task::spawn_blocking(move || write_all(out_log, err_log, rec_rx));
    let bar = progress_bar(options.progress);
    let ticker = spawn_ticker(
        counters.clone(),
        bar.clone(),
        options.progress,
        options.prices,
    );
    let limiter = Arc::new(Limiter::new(options.rpm, options.tpm));
    let ctx = Arc::new(Worker {
        engine,
        limiter,
        records: rec_tx,
        counters: counters.clone(),
        timeout: options.item_timeout,
        retries: options.rate_limit_retries,
        bar: bar.clone(),
    });
    // Each item is its own task, so CPU-bound work (prompt rendering, the builtin engine)
    // spreads over every core instead of sharing one.
    tokio_stream::wrappers::ReceiverStream::new(work_rx)
        .for_each_concurrent(options.concurrency.max(1), |work| {
            let worker = ctx.clone();
            async move {
                if let Err(e) = tokio::spawn(async move { worker.handle(work).await }).await {
                    tracing::error!(error = %e, "a batch item's task failed");
                }
            }
        })
        .await;
    drop(ctx);
    ticker.abort();
    bar.finish_and_clear();
    if let Ok(Err(e)) = reader.await {
        tracing::error!(error = %e, "reading inputs stopped early");
    }
    if let Ok(Err(e)) = writer.await {
        return Err(BatchError::Log(e));
    }
    let c = &counters;
    let get = |a: &AtomicU64| a.load(Ordering::Relaxed);
    Ok(BatchSummary {
        conversations: get(&c.conversations),
        answered: get(&c.answered),
        already_done: get(&c.already_done),
        awaiting_customer: get(&c.awaiting),
        failed: get(&c.failed),
        rate_limited: get(&c.rate_limited),
        prompt_tokens: get(&c.prompt_tokens),
        completion_tokens: get(&c.completion_tokens),
        elapsed_secs: started.elapsed().as_secs_f64(),
        repaired_bytes: existing.repaired_bytes + err_existing.repaired_bytes,
        estimated_cost_usd: cost(
            get(&c.prompt_tokens),
            get(&c.completion_tokens),
            options.prices,
        ),
    })
}

/// `--via openai-batch`: gathers the conversations still to answer, then sends them as one
/// OpenAI batch (or resumes the batch an earlier run recorded in the state file).
pub async fn run_via_batch_api(
    engine: Arc<Engine>,
    options: &BatchOptions,
    api: &super::openai_batch::BatchApiOptions,
) -> Result<BatchSummary, BatchError> {
    if same_file(&options.out, &options.errors) {
        return Err(BatchError::SameFiles);
    }
    let started = Instant::now();
    let (mut out_log, existing) = JsonlLog::open(&options.out)?;
    let (mut err_log, err_existing) = JsonlLog::open(&options.errors)?;
    let done: Arc<HashSet<String>> = Arc::new(existing.ids);
    let scan = source::scan(&options.inputs)?;
    let (work_tx, mut work_rx) = mpsc::channel::<Work>(64);
    let reps = options.reps.clone();
    let reader_done = done.clone();
    let reader = tokio::task::spawn_blocking(move || produce(scan, &reps, &reader_done, &work_tx));
    let mut summary = BatchSummary::default();
    let mut items = Vec::new();
    while let Some(work) = work_rx.recv().await {
        match work {
            Work::Total(_) => {}
            Work::AlreadyDone => summary.already_done += 1,
            Work::AwaitingCustomer => summary.awaiting_customer += 1,
            Work::Failed {
                id,
                source,
                reason,
                counted,
            } => {
                summary.failed += 1;
                summary.conversations += u64::from(counted);
                err_log.append(
                    &json!({"id": id, "source": source, "kind": "input", "error": reason}),
                )?;
            }
            Work::Item { id, thread, .. } => items.push((id, *thread)),
        }
    }
    if let Ok(Err(e)) = reader.await {
        tracing::error!(error = %e, "reading inputs stopped early");
    }
    summary.conversations += summary.already_done + summary.awaiting_customer + items.len() as u64;
    let api_summary =
        super::openai_batch::run(&engine, items, &mut out_log, &mut err_log, api).await?;
    out_log.sync()?;
    err_log.sync()?;
    summary.answered = api_summary.answered;
    summary.failed += api_summary.failed;
    summary.prompt_tokens = api_summary.prompt_tokens;
    summary.completion_tokens = api_summary.completion_tokens;
    summary.elapsed_secs = started.elapsed().as_secs_f64();
    summary.repaired_bytes = existing.repaired_bytes + err_existing.repaired_bytes;
    // The Batch API bills half the synchronous price.
    summary.estimated_cost_usd = cost(
        summary.prompt_tokens,
        summary.completion_tokens,
        options.prices,
    ) / 2.0;
    Ok(summary)
}

fn same_file(a: &Path, b: &Path) -> bool {
    let canon = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    a == b || canon(a) == canon(b)
}

/// The reader: walks inputs once, sending work as it goes (memory stays flat: only the mail
/// index and one item at a time).
fn produce(
    scan: source::Scan,
    reps: &RepRules,
    done: &HashSet<String>,
    tx: &mpsc::Sender<Work>,
) -> std::io::Result<()> {
    let send = |w: Work| tx.blocking_send(w).is_ok();
    for e in scan.errors {
        if !send(failed_item(None, e, false)) {
            return Ok(());
        }
    }
    let groups = threading::group(scan.mails);
    let mut total = groups.len() as u64;
    for path in &scan.jsonl {
        total += count_lines(path)?;
    }
    if !send(Work::Total(total)) {
        return Ok(());
    }
    for path in &scan.jsonl {
        if !read_jsonl(path, done, &send)? {
            return Ok(());
        }
    }
    for group in groups {
        let id = match threading::thread_id(&group) {
            Ok(id) => id,
            Err(e) => {
                if !send(failed_item(None, e, true)) {
                    return Ok(());
                }
                continue;
            }
        };
        let work = if done.contains(&id) {
            Work::AlreadyDone
        } else {
            match threading::build(&group, reps) {
                Ok(Built::AwaitingCustomer) => Work::AwaitingCustomer,
                Ok(Built::Thread(thread)) => Work::Item {
                    source: describe(&group[0].location),
                    id,
                    thread: Box::new(thread),
                },
                Err(e) => failed_item(Some(id), e, true),
            }
        };
        if !send(work) {
            return Ok(());
        }
    }
    Ok(())
}

fn failed_item(id: Option<String>, e: ItemError, counted: bool) -> Work {
    Work::Failed {
        id,
        source: e.source,
        reason: e.reason,
        counted,
    }
}

fn describe(location: &source::Location) -> String {
    match location {
        source::Location::File(p) => p.display().to_string(),
        source::Location::Mbox { path, offset, .. } => format!("{}@{offset}", path.display()),
    }
}

fn count_lines(path: &Path) -> std::io::Result<u64> {
    let mut reader = BufReader::new(std::fs::File::open(path)?);
    let mut line = Vec::new();
    let mut n = 0;
    while reader.read_until(b'\n', &mut line)? > 0 {
        if line.iter().any(|b| !b.is_ascii_whitespace()) {
            n += 1;
        }
        line.clear();
    }
    Ok(n)
}

/// Streams a JSONL file of threads; false when the job stopped listening.
fn read_jsonl(
    path: &Path,
    done: &HashSet<String>,
    send: &dyn Fn(Work) -> bool,
) -> std::io::Result<bool> {
    let mut reader = BufReader::new(std::fs::File::open(path)?);
    let mut line = Vec::new();
    let mut number = 0;
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line)? == 0 {
            return Ok(true);
        }
        number += 1;
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let source = format!("{}:{number}", path.display());
        let parsed = std::str::from_utf8(&line)
            .map_err(|e| format!("not UTF-8: {e}"))
            .and_then(|text| crate::thread::parse_json(text).map_err(|e| e.to_string()));
        let work = match parsed {
            Err(reason) => Work::Failed {
                id: None,
                source,
                reason,
                counted: true,
            },
            Ok(thread) => {
                let id = thread.id.clone().unwrap_or_else(|| content_id(&thread));
                if done.contains(&id) {
                    Work::AlreadyDone
                } else {
                    Work::Item {
                        id,
                        source,
                        thread: Box::new(thread),
                    }
                }
            }
        };
        if !send(work) {
            return Ok(false);
        }
    }
}

/// A stable id for a thread without one: a hash of its messages.
pub fn content_id(thread: &Thread) -> String {
    let digest = Sha256::digest(serde_json::to_vec(&thread.messages).unwrap_or_default());
    let hex: String = digest[..10].iter().map(|b| format!("{b:02x}")).collect();
    format!("thr_{hex}")
}

/// The writer: the only owner of the logs; syncs on exit.
fn write_all(
    mut out: JsonlLog,
    mut errors: JsonlLog,
    rx: std::sync::mpsc::Receiver<Record>,
) -> Result<(), LogError> {
    use std::sync::mpsc::RecvTimeoutError;
    loop {
        match rx.recv_timeout(Duration::from_millis(100)) {
            Ok(Record::Done(v)) => out.append(&v)?,
            Ok(Record::Failed(v)) => errors.append(&v)?,
            // Quiet moment: make sure the last lines reach the disk within the sync interval.
            Err(RecvTimeoutError::Timeout) => {
                out.sync_if_due()?;
                errors.sync_if_due()?;
            }
            Err(RecvTimeoutError::Disconnected) => break,
        }
    }
    out.sync()?;
    errors.sync()
}

struct Worker {
    engine: Arc<Engine>,
    limiter: Arc<Limiter>,
    records: std::sync::mpsc::Sender<Record>,
    counters: Arc<Counters>,
    timeout: Duration,
    retries: u32,
    bar: ProgressBar,
}

impl Worker {
    async fn handle(&self, work: Work) {
        let c = &self.counters;
        match work {
            Work::Total(n) => self.bar.set_length(n),
            Work::AlreadyDone => {
                c.conversations.fetch_add(1, Ordering::Relaxed);
                c.already_done.fetch_add(1, Ordering::Relaxed);
                self.bar.inc(1);
            }
            Work::AwaitingCustomer => {
                c.conversations.fetch_add(1, Ordering::Relaxed);
                c.awaiting.fetch_add(1, Ordering::Relaxed);
                self.bar.inc(1);
            }
            Work::Failed {
                id,
                source,
                reason,
                counted,
            } => {
                if counted {
                    c.conversations.fetch_add(1, Ordering::Relaxed);
                    self.bar.inc(1);
                }
                self.fail(id.as_deref(), &source, "input", &reason);
            }
            Work::Item { id, source, thread } => {
                c.conversations.fetch_add(1, Ordering::Relaxed);
                self.answer(&id, &source, &thread).await;
                self.bar.inc(1);
            }
        }
    }

    async fn answer(&self, id: &str, source: &str, thread: &Thread) {
        let estimate = match self.engine.prepare(thread, self.engine.config().replies) {
            Ok(prepared) => {
                prepared.fitted.prompt_tokens as u64
                    + u64::from(self.engine.config().openai.max_output_tokens)
            }
            Err(e) => return self.fail(Some(id), source, "input", &e.to_string()),
        };
        let mut attempt = 0;
        loop {
            self.limiter
                .acquire(estimate.min(u64::from(u32::MAX)) as u32)
                .await;
            let outcome = tokio::time::timeout(
                self.timeout,
                self.engine.suggest(thread, SuggestOptions::default()),
            )
            .await;
            match outcome {
                Ok(Ok(s)) => {
                    self.limiter.succeeded();
                    let c = &self.counters;
                    c.answered.fetch_add(1, Ordering::Relaxed);
                    c.prompt_tokens
                        .fetch_add(s.meta.usage.prompt_tokens, Ordering::Relaxed);
                    c.completion_tokens
                        .fetch_add(s.meta.usage.completion_tokens, Ordering::Relaxed);
                    let _ = self.records.send(Record::Done(
                        json!({"id": id, "source": source, "suggestion": s}),
                    ));
                    return;
                }
                Ok(Err(EngineError::Provider(ProviderError::RateLimited {
                    retry_after_ms,
                    message,
                    ..
                }))) => {
                    self.counters.rate_limited.fetch_add(1, Ordering::Relaxed);
                    self.limiter
                        .rate_limited(retry_after_ms.map(Duration::from_millis));
                    attempt += 1;
                    if attempt > self.retries {
                        return self.fail(
                            Some(id),
                            source,
                            "rate_limited",
                            &format!("still rate-limited after {attempt} tries: {message}"),
                        );
                    }
                }
                Ok(Err(e)) => {
                    let kind = match &e {
                        EngineError::Provider(p) => p.kind(),
                        _ => "input",
                    };
                    return self.fail(Some(id), source, kind, &e.to_string());
                }
                Err(_) => {
                    return self.fail(
                        Some(id),
                        source,
                        "timeout",
                        &format!("no answer within {} s", self.timeout.as_secs_f64()),
                    );
                }
            }
        }
    }

    fn fail(&self, id: Option<&str>, source: &str, kind: &str, reason: &str) {
        self.counters.failed.fetch_add(1, Ordering::Relaxed);
        let _ = self.records.send(Record::Failed(
            json!({"id": id, "source": source, "kind": kind, "error": reason}),
        ));
    }
}

fn progress_bar(enabled: bool) -> ProgressBar {
    crate::progress::bar(
        0,
        enabled,
        "[{elapsed_precise}] [{bar:30}] {pos}/{len} {msg} (eta {eta})",
    )
}

/// Refreshes the bar's counts; without a terminal, logs one progress line every 10 s.
fn spawn_ticker(
    c: Arc<Counters>,
    bar: ProgressBar,
    enabled: bool,
    prices: (f64, f64),
) -> tokio::task::JoinHandle<()> {
    let terminal = std::io::stderr().is_terminal();
    tokio::spawn(async move {
        let mut last_log = Instant::now();
        loop {
            tokio::time::sleep(Duration::from_millis(250)).await;
            let get = |a: &AtomicU64| a.load(Ordering::Relaxed);
            let (prompt, completion) = (get(&c.prompt_tokens), get(&c.completion_tokens));
            let mut line = format!(
                "done {} · failed {} · skipped {} · tokens {}",
                get(&c.answered),
                get(&c.failed),
                get(&c.already_done) + get(&c.awaiting),
                prompt + completion,
            );
            if prices != (0.0, 0.0) {
                line.push_str(&format!(" · est. ${:.2}", cost(prompt, completion, prices)));
            }
            bar.set_message(line.clone());
            if enabled && !terminal && last_log.elapsed() >= Duration::from_secs(10) {
                // Not a terminal: one plain line every 10 s for the job's log.
                eprintln!(
                    "reframe batch: {}/{} · {line}",
                    bar.position(),
                    bar.length().unwrap_or(0)
                );
                last_log = Instant::now();
            }
        }
    })
}
