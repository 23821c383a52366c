//! The `reframe` command line (SPEC "CLI").
//!
//! Owns argument parsing (clap), reading input files or stdin, human-readable and JSON output,
//! logging set-up and exit codes: 0 success, 1 failure, 2 usage or configuration error, always
//! with a one-line reason on stderr. This is the binary edge, so errors are `anyhow` here and
//! nowhere else. It must not hold product logic: it calls [`crate::pipeline::Engine`].

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use serde::Serialize;

use crate::config::{Config, Overrides, ProviderKind};
use crate::pipeline::{Engine, SuggestOptions};
use crate::suggestion::Suggestion;
use crate::thread::{self, InputKind, Thread};

#[derive(Parser, Debug)]
#[command(
    name = "reframe",
    version,
    about = "Suggest how to answer a customer: listen first, then reframe to their WIFM.",
    long_about = "reframe reads a customer's message (a Thread JSON, a plain text file or an \
        .eml email), separates what the customer SAYS from what they MEAN, and suggests \
        replies that ask before they argue and reframe to what is in it for the customer.\n\n\
        Without an API key or base URL it uses the offline `builtin` engine; set \
        OPENAI_API_KEY and/or OPENAI_BASE_URL to use any OpenAI-compatible server.",
    after_help = "Examples:\n  reframe suggest examples/robert.json\n  \
        reframe suggest message.eml --json\n  echo 'Too expensive for us.' | reframe suggest -\n  \
        OPENAI_BASE_URL=http://localhost:11434/v1 reframe suggest thread.json --model llama3.1\n  \
        reframe thread examples/gmail-reply.eml\n  reframe prompt examples/robert.json"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Args, Debug, Clone)]
pub struct GlobalArgs {
    /// Engine that answers: `builtin` (offline rules) or `openai` (any OpenAI-compatible
    /// server). Default: openai when an API key or base URL is set, else builtin.
    #[arg(long, global = true, env = "REFRAME_PROVIDER", value_enum)]
    pub provider: Option<ProviderKind>,
    /// Model name (or Azure deployment).
    #[arg(long, global = true, env = "REFRAME_MODEL")]
    pub model: Option<String>,
    /// Base URL of the OpenAI-compatible API, e.g. http://localhost:8000/v1.
    #[arg(long, global = true, env = "OPENAI_BASE_URL")]
    pub base_url: Option<String>,
    /// Config file (TOML). Default: ./reframe.toml if present.
    #[arg(long, global = true, env = "REFRAME_CONFIG")]
    pub config: Option<PathBuf>,
    /// Directory of prompt templates. Default: ./prompts if present, else the built-in copy.
    #[arg(long, global = true, env = "REFRAME_PROMPTS_DIR")]
    pub prompts_dir: Option<PathBuf>,
    /// More logging on stderr (-v info, -vv debug). RUST_LOG overrides.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Suggest how to answer the newest customer message of a thread.
    Suggest(SuggestArgs),
    /// Show the thread as reframe understood it: roles and cleaned text (quotes and
    /// signatures removed), exactly what a model would see.
    Thread(ThreadArgs),
    /// Dry run: print the rendered prompt messages and their token counts; calls no model.
    Prompt(PromptArgs),
    /// Show what reframe read in the newest customer message: language, triage verdict,
    /// concern with its confidence and evidence, the key clause (verbatim and said back),
    /// emotions and deferral. For tuning the language packs in `prompts/builtin/`.
    Read(ThreadArgs),
    /// Score a rep's draft reply against the method's rubric with the offline coach (the
    /// deterministic half of `POST /v1/reviews`): one finding per criterion, quoted.
    Review(ReviewArgs),
    /// Print the effective configuration (flags > env > file > defaults), secrets masked.
    Config,
    /// Run the REST service (POST /v1/suggestions, /v1/reviews, /v1/feedback, /metrics, …).
    Serve(ServeArgs),
    /// Check suggestions against golden cases; exit 0 when every gate passes, 1 when one
    /// fails, 2 on a usage or configuration error.
    Eval(Box<EvalArgs>),
    /// Suggestions for whole mailboxes: JSONL threads, .eml files, mbox, maildir or
    /// directories; resumable (re-run the same command) and rate-limited.
    Batch(Box<BatchArgs>),
    /// Run a mock OpenAI-compatible server (fixed answer, set delay) for demos and benchmarks.
    MockLlm(MockLlmArgs),
    /// Train the learned concern models (`prompts/builtin/learned/xx.tsv`) from labelled
    /// understanding sets: one naive Bayes model per language, measured by leaving one set
    /// out at a time. A model decides concerns in its language when that measure reaches 80%
    /// and it is at least 90% sure of a message; otherwise the packs' cues read. Never train
    /// on a set you mean to measure with afterwards.
    Learn(LearnArgs),
}

#[derive(Args, Debug)]
pub struct LearnArgs {
    /// Labelled material to train on: understanding sets (directories with messages.yaml) and
    /// golden case files or directories (their expect.concern).
    #[arg(value_name = "SET", required = true)]
    pub sets: Vec<PathBuf>,
    /// Prompts directory the models are written under (as `builtin/learned/xx.tsv`).
    #[arg(long, value_name = "DIR", default_value = "prompts")]
    pub out: PathBuf,
    /// Train and write only this language's model (a pack code such as `de`); repeatable.
    /// Default: every language the sets hold. Lets one language leave out a set the others
    /// learn from.
    #[arg(long = "language", value_name = "CODE")]
    pub languages: Vec<String>,
    /// Measure and report only; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Train the learned abuse readers (`builtin/learned/abuse/xx.tsv`) instead: two
    /// classes, abusive or not, from every labelled message but empty and awaiting ones.
    /// The report shows, leaving one set out, the abusive messages caught and the others
    /// falsely sent to a human.
    #[arg(long)]
    pub abuse: bool,
}

#[derive(Args, Debug)]
pub struct BatchArgs {
    /// JSONL files of threads, .eml files, mbox files, maildirs or directories of them.
    #[arg(value_name = "INPUT", required = true)]
    pub inputs: Vec<PathBuf>,
    /// Results, one JSON line per conversation: {"id", "suggestion", …}. Re-running the same
    /// command skips the ids already there.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Failures with their reason. Default: FILE with `.errors.jsonl` in place of `.jsonl`.
    #[arg(long, value_name = "FILE")]
    pub errors: Option<PathBuf>,
    /// Conversations answered at once.
    #[arg(long, default_value_t = 8)]
    pub concurrency: usize,
    /// Requests per minute across the whole job.
    #[arg(long, value_name = "N")]
    pub rpm: Option<u32>,
    /// Tokens per minute across the whole job (estimated with tiktoken before sending).
    #[arg(long, value_name = "N")]
    pub tpm: Option<u32>,
    /// The rep's address; messages from it are the rep's. Repeatable.
    #[arg(long = "rep-address", value_name = "ADDRESS")]
    pub rep_addresses: Vec<String>,
    /// The rep's domain (subdomains included). Repeatable.
    #[arg(long = "rep-domain", value_name = "DOMAIN")]
    pub rep_domains: Vec<String>,
    /// Longest time one conversation may take, in seconds.
    #[arg(long, default_value_t = 180)]
    pub item_timeout: u64,
    /// Times an item is put back after the server answered 429.
    #[arg(long, default_value_t = 8)]
    pub rate_limit_retries: u32,
    /// Exit 0 even when some items failed.
    #[arg(long)]
    pub allow_failures: bool,
    /// `direct`: one call per conversation. `openai-batch`: one OpenAI Batch API job (half the
    /// cost, results within 24 h); re-running resumes the recorded batch.
    #[arg(long, value_enum, default_value = "direct")]
    pub via: Via,
    /// Batch API state (the batch id, for resuming). Default: OUT with `.batch-state.json`.
    #[arg(long, value_name = "FILE")]
    pub state: Option<PathBuf>,
    /// Seconds between two status checks of a Batch API job.
    #[arg(long, default_value_t = 30)]
    pub poll_secs: u64,
}

#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    Direct,
    OpenaiBatch,
}

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Address to listen on. Default: server.addr (127.0.0.1:8080).
    #[arg(long)]
    pub addr: Option<String>,
    /// Allow listening on a non-loopback address with no API keys configured.
    #[arg(long)]
    pub insecure_no_auth: bool,
    /// SQLite file for feedback; `none` disables feedback storage.
    #[arg(long, value_name = "PATH")]
    pub feedback_db: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct EvalArgs {
    /// Case files or directories (searched for *.yaml / *.yml).
    #[arg(value_name = "PATH", default_value = "evals/cases")]
    pub paths: Vec<PathBuf>,
    /// Score the labelled reference replies instead of generating: shows how well the
    /// scorers separate good from bad (offline with the builtin engine).
    #[arg(long)]
    pub references: bool,
    /// Score how messages are read instead: PATHs are understanding sets (directories with
    /// messages.yaml and drafts.yaml; default evals/understanding/dev). Reports concern
    /// accuracy, abstention precision/recall, reply language, distinct "means", calls after a
    /// deferral and the coach's agreement with labelled drafts (pretty or json).
    #[arg(long, conflicts_with = "references")]
    pub understanding: bool,
    /// With --understanding: read with the language packs' cues only, without the learned
    /// concern models and abuse readers (the baseline they are measured against).
    #[arg(long, requires = "understanding")]
    pub rules_only: bool,
    /// Gate (--understanding): minimum concern accuracy, 0..1.
    #[arg(long, value_name = "RATE")]
    pub min_concern: Option<f64>,
    /// Gate (--understanding): minimum share of replies in the expected language, 0..1.
    #[arg(long, value_name = "RATE")]
    pub min_language: Option<f64>,
    /// Gate (--understanding): minimum share of distinct "means" texts, 0..1.
    #[arg(long, value_name = "RATE")]
    pub min_distinct: Option<f64>,
    /// Gate (--understanding): minimum abstention precision and recall (all reasons), 0..1.
    #[arg(long, value_name = "RATE")]
    pub min_abstain: Option<f64>,
    /// Gate (--understanding): minimum share of customers who deferred whose replies propose
    /// no call or meeting, 0..1.
    #[arg(long, value_name = "RATE")]
    pub min_deferred: Option<f64>,
    /// Samples per case; a case whose samples disagree is reported as flaky.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..=100))]
    pub repeat: u16,
    /// Report format on stdout.
    #[arg(long, value_enum, default_value = "pretty")]
    pub format: crate::eval::render::Format,
    /// Also write the report to FILE, in the format its extension names (.json, .xml junit,
    /// .md markdown, .html, .txt pretty). Repeatable.
    #[arg(long, value_name = "FILE")]
    pub out: Vec<PathBuf>,
    /// Cases scored at once.
    #[arg(long, default_value_t = 4)]
    pub concurrency: usize,
    /// A prompt variant `NAME=PROMPTS_DIR`, run side by side with the others. Repeatable.
    #[arg(long = "variant", value_name = "NAME=DIR", value_parser = crate::eval::parse_variant)]
    pub variants: Vec<(String, PathBuf)>,
    /// Models to run side by side (comma-separated); default: the configured model.
    #[arg(long, value_delimiter = ',')]
    pub models: Vec<String>,
    /// Model judge on every reply: auto (when a model is configured), on, off.
    #[arg(long, value_enum, default_value = "auto")]
    pub judge: Toggle,
    /// Score similarity to the references through the provider's embeddings endpoint.
    #[arg(long)]
    pub similarity: bool,
    /// Write each generated suggestion under DIR (for --replay without a model).
    #[arg(long, value_name = "DIR")]
    pub record: Option<PathBuf>,
    /// Read suggestions recorded with --record instead of calling the model.
    #[arg(long, value_name = "DIR", conflicts_with = "record")]
    pub replay: Option<PathBuf>,
    /// Response cache directory (model answers only; the builtin engine is never cached).
    #[arg(long, value_name = "DIR", default_value = ".reframe-cache/eval")]
    pub cache_dir: PathBuf,
    /// Do not read or write the response cache.
    #[arg(long)]
    pub no_cache: bool,
    /// Gate: minimum share of cases (× variants) that pass, 0..1.
    #[arg(long, value_name = "RATE")]
    pub min_pass_rate: Option<f64>,
    /// Gate: minimum mean score of a scorer, e.g. coach=0.8. Repeatable.
    #[arg(long = "cutoff", value_name = "SCORER=MIN", value_parser = crate::eval::gate::parse_pair)]
    pub cutoffs: Vec<(String, f64)>,
    /// Gate: minimum pass rate of the cases with a tag, e.g. security=1. Repeatable.
    #[arg(long = "tag-min", value_name = "TAG=MIN", value_parser = crate::eval::gate::parse_pair)]
    pub tag_min: Vec<(String, f64)>,
    /// Gate (--references): minimum share of references judged as labelled (default 1);
    /// with --understanding, the minimum coach agreement with the labelled drafts.
    #[arg(long, value_name = "RATE")]
    pub min_agreement: Option<f64>,
    /// Compare with a previous `--format json` report: regressed / fixed / flaky / new.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Do not fail the run when a case regressed against the baseline.
    #[arg(long)]
    pub allow_regressions: bool,
}

#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Toggle {
    Auto,
    On,
    Off,
}

#[derive(Args, Debug)]
pub struct MockLlmArgs {
    #[arg(long, default_value = "127.0.0.1:9090")]
    pub addr: std::net::SocketAddr,
    /// Delay before each answer, in milliseconds (simulates model latency).
    #[arg(long, default_value_t = 0)]
    pub delay_ms: u64,
    /// Answer 429 beyond this many requests per minute.
    #[arg(long)]
    pub rpm: Option<u32>,
}

#[derive(Args, Debug)]
pub struct InputArgs {
    /// Thread JSON, text file (one customer message) or .eml; `-` or nothing reads stdin.
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// How to read the input; default: from the file extension, else from its content.
    #[arg(long, value_enum, default_value = "auto")]
    pub input: InputFormat,
}

#[derive(clap::ValueEnum, Debug, Clone, Copy)]
pub enum InputFormat {
    Auto,
    Json,
    Eml,
    Text,
}

#[derive(Args, Debug)]
pub struct SuggestArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Print exactly the Suggestion JSON object on stdout.
    #[arg(long)]
    pub json: bool,
    /// Number of replies, each a different strategy (1-5; builtin gives at most 3).
    #[arg(short = 'n', long = "replies", value_name = "N")]
    pub replies: Option<usize>,
}

#[derive(Args, Debug)]
pub struct ThreadArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct ReviewArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// The draft reply to score (a text file).
    #[arg(long, value_name = "FILE")]
    pub draft: PathBuf,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct PromptArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Number of replies the prompt asks for.
    #[arg(short = 'n', long = "replies", value_name = "N")]
    pub replies: Option<usize>,
}

/// A failure with the exit code it deserves.
struct Failure {
    code: u8,
    error: anyhow::Error,
}

fn usage(error: impl Into<anyhow::Error>) -> Failure {
    Failure {
        code: 2,
        error: error.into(),
    }
}

fn runtime(error: impl Into<anyhow::Error>) -> Failure {
    Failure {
        code: 1,
        error: error.into(),
    }
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    // A service's logs go to a collector: JSON there, readable text on a terminal.
    let service = matches!(cli.command, Command::Serve(_) | Command::MockLlm(_));
    init_logging(cli.global.verbose, service);
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            // `{:#}` joins the cause chain on one line.
            eprintln!("reframe: error: {:#}", f.error);
            ExitCode::from(f.code)
        }
    }
}

fn init_logging(verbose: u8, service: bool) {
    let level = match (verbose, service) {
        (0, false) => "warn",
        (0, true) | (1, _) => "info",
        _ => "debug",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(level));
    let terminal = std::io::stderr().is_terminal();
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(terminal);
    let _ = if service && !terminal {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
}

fn load_config(global: &GlobalArgs) -> Result<Config, Failure> {
    let overrides = Overrides {
        config: global.config.clone(),
        provider: global.provider,
        model: global.model.clone(),
        base_url: global.base_url.clone(),
        prompts_dir: global.prompts_dir.clone(),
    };
    Config::load(&overrides, &|name| std::env::var(name).ok()).map_err(usage)
}

fn run(cli: Cli) -> Result<(), Failure> {
    let config = load_config(&cli.global)?;
    match cli.command {
        Command::Config => {
            print!("{}", config.display_toml());
            Ok(())
        }
        Command::Thread(args) => show_thread(&config, &args),
        Command::Prompt(args) => show_prompt(config, &args),
        Command::Read(args) => show_reading(config, &args),
        Command::Review(args) => review_draft(config, &args),
        Command::Suggest(args) => suggest(config, &args),
        Command::Serve(args) => serve(config, args),
        Command::Eval(args) => eval(config, *args),
        Command::Batch(args) => batch(config, *args),
        Command::MockLlm(args) => mock_llm(args),
        Command::Learn(args) => learn(config, &args),
    }
}

/// `reframe learn`: trains one model per language and writes it under the prompts directory.
fn learn(config: Config, args: &LearnArgs) -> Result<(), Failure> {
    use crate::eval::learn;
    let sets = args
        .sets
        .iter()
        .map(|path| learn::load(path).map_err(|e| usage(anyhow::anyhow!(e))))
        .collect::<Result<Vec<_>, _>>()?;
    let engine = engine(config)?;
    let packs: Vec<&str> = engine
        .understanding()
        .langs()
        .iter()
        .map(|l| l.code.as_str())
        .collect();
    if let Some(unknown) = args.languages.iter().find(|c| !packs.contains(&c.as_str())) {
        return Err(usage(anyhow::anyhow!(
            "--language {unknown}: no language pack has that code (packs: {})",
            packs.join(", ")
        )));
    }
    let dir = args.out.join("builtin").join("learned");
    if args.abuse {
        let trained = learn::train_abuse(&sets, engine.understanding(), &args.languages);
        let files: Vec<_> = trained.iter().map(|t| (&t.language, &t.file)).collect();
        write_models(&dir.join("abuse"), &files, args.dry_run)?;
        return write_stdout(&learn::pretty_abuse(&trained));
    }
    let trained = learn::train(&sets, engine.understanding(), &args.languages);
    let files: Vec<_> = trained.iter().map(|t| (&t.language, &t.file)).collect();
    write_models(&dir, &files, args.dry_run)?;
    write_stdout(&learn::pretty(&trained))
}

/// Writes each (language, model file) as `<dir>/<language>.tsv`, unless `dry_run`.
fn write_models(dir: &Path, files: &[(&String, &String)], dry_run: bool) -> Result<(), Failure> {
    if dry_run {
        return Ok(());
    }
    std::fs::create_dir_all(dir)
        .with_context(|| format!("creating {}", dir.display()))
        .map_err(runtime)?;
    for (language, file) in files {
        let path = dir.join(format!("{language}.tsv"));
        std::fs::write(&path, file)
            .with_context(|| format!("writing {}", path.display()))
            .map_err(runtime)?;
    }
    Ok(())
}

fn async_runtime() -> Result<tokio::runtime::Runtime, Failure> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")
        .map_err(runtime)
}

fn serve(mut config: Config, args: ServeArgs) -> Result<(), Failure> {
    if let Some(db) = args.feedback_db {
        config.server.feedback_db = (db.as_os_str() != "none").then_some(db);
    }
    let addr = args.addr.unwrap_or_else(|| config.server.addr.clone());
    let engine = engine(config)?;
    let options = crate::server::ServeOptions {
        addr,
        insecure_no_auth: args.insecure_no_auth,
    };
    async_runtime()?
        .block_on(crate::server::serve(engine, options))
        .map_err(|e| match e {
            crate::server::ServerError::NoAuthOnPublicAddress(_)
            | crate::server::ServerError::BadAddress(..) => usage(e),
            other => runtime(other),
        })
}

fn eval(config: Config, args: EvalArgs) -> Result<(), Failure> {
    use crate::eval::render::{render, Format};
    let rates = [
        args.min_pass_rate,
        args.min_agreement,
        args.min_concern,
        args.min_language,
        args.min_distinct,
        args.min_abstain,
        args.min_deferred,
    ];
    for rate in rates.into_iter().flatten() {
        if !(0.0..=1.0).contains(&rate) {
            return Err(usage(anyhow::anyhow!(
                "rates must be between 0 and 1, got {rate}"
            )));
        }
    }
    if args.understanding {
        return eval_understanding(config, &args);
    }
    let model_configured = config.effective_provider() == ProviderKind::Openai;
    let options = crate::eval::EvalOptions {
        paths: args.paths,
        references: args.references,
        variants: args.variants,
        models: args.models,
        run: crate::eval::run::RunOptions {
            repeat: usize::from(args.repeat),
            concurrency: args.concurrency.max(1),
            judge: match args.judge {
                Toggle::Auto => model_configured,
                Toggle::On => true,
                Toggle::Off => false,
            },
            similarity: args.similarity,
            cache_dir: (!args.no_cache).then_some(args.cache_dir),
            record: args.record,
            replay: args.replay,
            progress: true,
        },
        gates: crate::eval::gate::GateOptions {
            min_pass_rate: args.min_pass_rate,
            cutoffs: args.cutoffs,
            tag_min: args.tag_min,
            min_agreement: args.min_agreement,
            allow_regressions: args.allow_regressions,
        },
        baseline: args.baseline,
    };
    let report = async_runtime()?
        .block_on(crate::eval::evaluate(&config, &options))
        .map_err(usage)?;
    for path in &args.out {
        let format = match path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default()
        {
            "json" => Format::Json,
            "xml" => Format::Junit,
            "md" => Format::Markdown,
            "html" | "htm" => Format::Html,
            _ => Format::Pretty,
        };
        std::fs::write(path, render(&report, format, false))
            .with_context(|| format!("writing {}", path.display()))
            .map_err(runtime)?;
    }
    let color = args.format == Format::Pretty && std::io::stdout().is_terminal();
    write_stdout(&render(&report, args.format, color))?;
    if report.summary.passed_gates {
        Ok(())
    } else {
        let failed: Vec<&str> = report
            .summary
            .gates
            .iter()
            .filter(|g| !g.passed)
            .map(|g| g.name.as_str())
            .collect();
        Err(runtime(anyhow::anyhow!(
            "gate(s) failed: {}",
            failed.join(", ")
        )))
    }
}

fn batch(mut config: Config, args: BatchArgs) -> Result<(), Failure> {
    use crate::batch::run::{run, BatchOptions};
    // 429s pace the whole job (a shared cool-down), so the provider must not retry them alone.
    config.openai.retry_rate_limits = false;
    let errors = args
        .errors
        .clone()
        .unwrap_or_else(|| sibling(&args.out, "errors.jsonl"));
    let options = BatchOptions {
        inputs: args.inputs.clone(),
        out: args.out,
        errors,
        concurrency: args.concurrency.clamp(1, 1024),
        rpm: args.rpm,
        tpm: args.tpm,
        reps: crate::batch::threading::RepRules {
            addresses: args
                .rep_addresses
                .iter()
                .map(|a| a.to_lowercase())
                .collect(),
            domains: args
                .rep_domains
                .iter()
                .map(|d| d.trim_start_matches('@').to_lowercase())
                .collect(),
        },
        item_timeout: std::time::Duration::from_secs(args.item_timeout.max(1)),
        rate_limit_retries: args.rate_limit_retries,
        progress: true,
        prices: (
            config.server.price_in_per_mtok,
            config.server.price_out_per_mtok,
        ),
    };
    let engine = std::sync::Arc::new(engine(config)?);
    let job = async {
        match args.via {
            Via::Direct => run(engine, &options).await,
            Via::OpenaiBatch => {
                let state = args
                    .state
                    .clone()
                    .unwrap_or_else(|| sibling(&options.out, "batch-state.json"));
                let mut api = crate::batch::openai_batch::BatchApiOptions::new(state);
                api.poll_interval = std::time::Duration::from_secs(args.poll_secs.max(1));
                crate::batch::run::run_via_batch_api(engine, &options, &api).await
            }
        }
    };
    let summary = async_runtime()?.block_on(job).map_err(|e| match e {
        crate::batch::run::BatchError::Input(_) | crate::batch::run::BatchError::SameFiles => {
            usage(e)
        }
        other => runtime(other),
    })?;
    eprintln!(
        "reframe batch: {} conversations · {} answered · {} already done · {} awaiting the customer · {} failed · {} tokens · {:.1} s",
        summary.conversations,
        summary.answered,
        summary.already_done,
        summary.awaiting_customer,
        summary.failed,
        summary.prompt_tokens + summary.completion_tokens,
        summary.elapsed_secs
    );
    write_stdout(&(serde_json::to_string_pretty(&summary).map_err(runtime)? + "\n"))?;
    if summary.failed > 0 && !args.allow_failures {
        return Err(runtime(anyhow::anyhow!(
            "{} item(s) failed; see {} (re-run to retry them, or pass --allow-failures)",
            summary.failed,
            options.errors.display()
        )));
    }
    Ok(())
}

/// `out.jsonl` -> `out.SUFFIX` beside it (`out.errors.jsonl`, `out.batch-state.json`).
fn sibling(out: &std::path::Path, suffix: &str) -> PathBuf {
    let stem = out.file_stem().and_then(|s| s.to_str()).unwrap_or("out");
    out.with_file_name(format!("{stem}.{suffix}"))
}

fn mock_llm(args: MockLlmArgs) -> Result<(), Failure> {
    let options = crate::mock_llm::MockOptions {
        delay: std::time::Duration::from_millis(args.delay_ms),
        rpm: args.rpm,
    };
    async_runtime()?
        .block_on(crate::mock_llm::serve(args.addr, options))
        .with_context(|| format!("mock server on {}", args.addr))
        .map_err(runtime)
}

fn read_input(args: &InputArgs, config: &Config) -> Result<Thread, Failure> {
    let limits = &config.limits;
    let forced = match args.input {
        InputFormat::Auto => None,
        InputFormat::Json => Some(InputKind::Json),
        InputFormat::Eml => Some(InputKind::Email),
        InputFormat::Text => Some(InputKind::Text),
    };
    match args.file.as_deref() {
        Some(path) if path.as_os_str() != "-" => thread::load_path(path, forced, limits)
            .with_context(|| format!("reading {}", path.display()))
            .map_err(|e| match e.downcast_ref::<thread::ThreadError>() {
                Some(thread::ThreadError::Read { .. }) => usage(e),
                _ => runtime(e),
            }),
        _ => {
            if std::io::stdin().is_terminal() {
                return Err(usage(anyhow::anyhow!(
                    "no input: give a FILE, or pipe a message on stdin (see --help)"
                )));
            }
            let mut bytes = Vec::new();
            std::io::stdin()
                .take(limits.max_input_bytes as u64 + 1)
                .read_to_end(&mut bytes)
                .context("reading stdin")
                .map_err(runtime)?;
            thread::parse_bytes(&bytes, forced.unwrap_or(InputKind::Sniff), limits)
                .context("reading stdin")
                .map_err(runtime)
        }
    }
}

fn engine(config: Config) -> Result<Engine, Failure> {
    Engine::from_config(config)
        .context("setting up")
        .map_err(usage)
}

fn suggest(config: Config, args: &SuggestArgs) -> Result<(), Failure> {
    let thread = read_input(&args.input, &config)?;
    let engine = engine(config)?;
    let runtime_rt = async_runtime()?;
    let options = SuggestOptions {
        replies: args.replies,
        deltas: None,
    };
    let suggestion = runtime_rt
        .block_on(engine.suggest(&thread, options))
        .map_err(|e| match e {
            crate::pipeline::EngineError::BadReplies(_) => usage(e),
            other => runtime(other),
        })?;
    let text = if args.json {
        serde_json::to_string_pretty(&suggestion).map_err(runtime)? + "\n"
    } else {
        render_human(&suggestion)
    };
    write_stdout(&text)
}

fn write_stdout(text: &str) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        // A closed pipe (`| head`) is the reader's choice, not our failure.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("writing to stdout").map_err(runtime),
    }
}

/// The terminal view of a suggestion.
pub fn render_human(s: &Suggestion) -> String {
    let mut out = String::new();
    let mut line = |text: String| {
        out.push_str(&text);
        out.push('\n');
    };
    let concern = s.analysis.as_ref().map_or("-", |a| a.concern.as_str());
    line(format!(
        "reframe · concern: {concern} · provider: {} ({}) · prompts {}",
        s.meta.provider, s.meta.model, s.meta.prompt_version
    ));
    if let Some(a) = &s.abstain {
        line(String::new());
        line(format!("NO PITCH — hand this to a person ({})", a.reason));
        line(indent(&a.detail));
    }
    if let Some(a) = &s.analysis {
        line(String::new());
        for (label, value) in [
            ("WHAT THEY SAY", &a.says),
            ("WHAT THEY MEAN", &a.means),
            ("THEIR OBJECTIVE", &a.objective),
            ("THE STRUCTURE", &a.structure),
            ("HOW THEY FEEL", &a.emotion),
        ] {
            line(label.to_string());
            line(indent(value));
        }
    }
    if !s.questions.is_empty() {
        line(String::new());
        line("ASK FIRST".to_string());
        for (i, q) in s.questions.iter().enumerate() {
            line(format!("  {}. {q}", i + 1));
        }
    }
    for (i, r) in s.replies.iter().enumerate() {
        line(String::new());
        line(format!("REPLY {} — {}", i + 1, r.strategy));
        line(indent(&r.text));
        line(format!("  → for them: {}", r.wifm));
    }
    line(String::new());
    line(format!(
        "tokens: {} in / {} out ({}) · {} ms{}",
        s.meta.usage.prompt_tokens,
        s.meta.usage.completion_tokens,
        if s.meta.usage_source == crate::suggestion::UsageSource::Upstream {
            "reported"
        } else {
            "estimated"
        },
        s.meta.latency_ms,
        if s.meta.truncated {
            " · thread shortened to fit the context window"
        } else {
            ""
        }
    ));
    out
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!("  {l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[derive(Serialize)]
struct ThreadView<'a> {
    id: Option<&'a str>,
    messages: Vec<MessageView<'a>>,
    context: &'a std::collections::BTreeMap<String, String>,
}

#[derive(Serialize)]
struct MessageView<'a> {
    role: thread::Role,
    #[serde(skip_serializing_if = "Option::is_none")]
    from: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sent_at: Option<&'a str>,
    text: &'a str,
    removed_quote: bool,
    removed_signature: bool,
}

fn show_thread(config: &Config, args: &ThreadArgs) -> Result<(), Failure> {
    let thread = read_input(&args.input, config)?;
    let clean = thread.cleaned();
    let view = ThreadView {
        id: clean.thread.id.as_deref(),
        messages: clean
            .thread
            .messages
            .iter()
            .zip(&clean.removed)
            .map(|(m, r)| MessageView {
                role: m.role,
                from: m.from.as_deref(),
                sent_at: m.sent_at.as_deref(),
                text: &m.text,
                removed_quote: r.quote,
                removed_signature: r.signature,
            })
            .collect(),
        context: &clean.thread.context,
    };
    if args.json {
        return write_stdout(&(serde_json::to_string_pretty(&view).map_err(runtime)? + "\n"));
    }
    let newest = clean.thread.newest_customer_index();
    let mut out = String::new();
    for (i, m) in view.messages.iter().enumerate() {
        let mut notes = Vec::new();
        if Some(i) == newest {
            notes.push("newest customer message");
        }
        if m.removed_quote {
            notes.push("quoted history removed");
        }
        if m.removed_signature {
            notes.push("signature removed");
        }
        let role = match m.role {
            thread::Role::Customer => "customer",
            thread::Role::Rep => "rep",
        };
        let from = m.from.map(|f| format!(" {f}")).unwrap_or_default();
        let notes = if notes.is_empty() {
            String::new()
        } else {
            format!(" [{}]", notes.join(", "))
        };
        out.push_str(&format!("--- {} · {role}{from}{notes}\n", i + 1));
        out.push_str(if m.text.is_empty() { "(empty)" } else { m.text });
        out.push_str("\n\n");
    }
    if view.messages.is_empty() {
        out.push_str("(no messages)\n");
    }
    write_stdout(&out)
}

/// `reframe eval --understanding`: every set, its report, then the gates.
fn eval_understanding(config: Config, args: &EvalArgs) -> Result<(), Failure> {
    use crate::eval::render::Format;
    use crate::eval::understanding as u;
    if !matches!(args.format, Format::Pretty | Format::Json) {
        return Err(usage(anyhow::anyhow!(
            "--understanding reports in pretty or json only"
        )));
    }
    let default = [PathBuf::from("evals/cases")];
    let dirs: Vec<PathBuf> = if args.paths == default {
        vec![PathBuf::from("evals/understanding/dev")]
    } else {
        args.paths.clone()
    };
    let mut engine = engine(config)?;
    if args.rules_only {
        engine = engine.reading_rules_only().map_err(usage)?;
    }
    let rt = async_runtime()?;
    let mut reports = Vec::new();
    for dir in &dirs {
        let set = u::load(dir).map_err(usage)?;
        reports.push(rt.block_on(u::run(&set, &engine)));
    }
    let text = match args.format {
        Format::Json => serde_json::to_string_pretty(&reports).map_err(runtime)? + "\n",
        _ => reports.iter().map(u::pretty).collect::<Vec<_>>().join("\n"),
    };
    for path in &args.out {
        std::fs::write(path, &text)
            .with_context(|| format!("writing {}", path.display()))
            .map_err(runtime)?;
    }
    write_stdout(&text)?;
    let failed: Vec<String> = reports
        .iter()
        .flat_map(|r| understanding_gates(&r.summary, args))
        .collect();
    if failed.is_empty() {
        return Ok(());
    }
    Err(Failure {
        code: 1,
        error: anyhow::anyhow!("gate failed: {}", failed.join("; ")),
    })
}

fn understanding_gates(s: &crate::eval::understanding::Summary, args: &EvalArgs) -> Vec<String> {
    let any = s.abstain.iter().find(|a| a.reason == "any");
    let abstain = any.map_or(1.0, |a| a.precision.min(a.recall));
    [
        ("concern accuracy", args.min_concern, s.concern_accuracy),
        ("reply language", args.min_language, s.language_accuracy),
        ("distinct means", args.min_distinct, s.means_distinct_rate),
        ("abstention precision/recall", args.min_abstain, abstain),
        (
            "deferred without a call",
            args.min_deferred,
            s.deferred_without_call_rate,
        ),
        ("coach agreement", args.min_agreement, s.coach_agreement),
    ]
    .into_iter()
    .filter_map(|(name, min, got)| {
        let min = min?;
        (got < min).then(|| format!("{} {name} {got:.3} < {min}", s.set))
    })
    .collect()
}

fn review_draft(config: Config, args: &ReviewArgs) -> Result<(), Failure> {
    let thread = read_input(&args.input, &config)?;
    let draft = crate::thread::read_text_file(&args.draft, config.limits.max_input_bytes)
        .with_context(|| format!("reading {}", args.draft.display()))
        .map_err(usage)?;
    let engine = engine(config)?;
    let review = crate::coach::review(engine.understanding(), &thread.cleaned().thread, &draft);
    if args.json {
        return write_stdout(&(serde_json::to_string_pretty(&review).map_err(runtime)? + "\n"));
    }
    let mut out = format!(
        "{} · score {:.3}\n",
        if review.passed { "passed" } else { "failed" },
        review.score
    );
    for f in &review.findings {
        out.push_str(&format!(
            "  {} {:<18} {}\n",
            if f.passed { "ok  " } else { "FAIL" },
            f.criterion,
            f.note
        ));
        if let Some(q) = &f.quote {
            out.push_str(&format!("       \u{201c}{q}\u{201d}\n"));
        }
    }
    write_stdout(&out)
}

fn show_reading(config: Config, args: &ThreadArgs) -> Result<(), Failure> {
    let thread = read_input(&args.input, &config)?;
    let engine = engine(config)?;
    let reading = engine.understanding().read_clean(&thread.cleaned());
    if args.json {
        return write_stdout(&(serde_json::to_string_pretty(&reading).map_err(runtime)? + "\n"));
    }
    write_stdout(&crate::understand::explain(&reading))
}

fn show_prompt(config: Config, args: &PromptArgs) -> Result<(), Failure> {
    let thread = read_input(&args.input, &config)?;
    let replies = args.replies.unwrap_or(config.replies);
    if !(1..=crate::config::MAX_REPLIES).contains(&replies) {
        return Err(usage(anyhow::anyhow!("--replies must be between 1 and 5")));
    }
    let budget = config.budget.prompt_budget();
    let engine = engine(config)?;
    let fitted = engine.prepare(&thread, replies).map_err(runtime)?.fitted;
    let counter = crate::tokens::TokenCounter::for_model(
        &engine.config().model,
        engine.config().budget.encoding.as_deref(),
    )
    .map_err(|e| usage(anyhow::anyhow!(e)))?;
    let mut out = String::new();
    for m in &fitted.messages {
        let n = counter.count(&m.content);
        out.push_str(&format!(
            "===== {} ({n} tokens) =====\n{}\n\n",
            m.role, m.content
        ));
    }
    out.push_str(&format!(
        "prompt tokens: {} of a budget of {budget} ({}, model {}) · prompts {}{}\n",
        fitted.prompt_tokens,
        counter.encoding(),
        engine.config().model,
        engine.prompts().version(),
        if fitted.truncated {
            format!(" · truncated: {} middle message(s) left out", fitted.elided)
        } else {
            String::new()
        }
    ));
    if engine.config().effective_provider() == ProviderKind::Builtin {
        out.push_str(
            "note: the configured provider is builtin, which does not send this prompt anywhere\n",
        );
    }
    write_stdout(&out)
}
