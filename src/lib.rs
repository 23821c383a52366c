//! reframe suggests how a sales rep should answer a customer's message, following one method:
//! listen first (separate what the customer says from what they mean, ask, do not argue), then
//! reframe to the customer's "What's In It For Me".
//!
//! # Layout
//! - [`thread`]: Thread input — JSON, bare text, `.eml` — limits, and quote/signature removal.
//! - [`prompt`]: the `prompts/` templates (minijinja), rendering, schema, prompt version.
//! - [`tokens`]: tiktoken counting that stays linear on hostile input.
//! - [`understand`]: the language-understanding layer (packs, triage, concern, listening).
//! - [`budget`]: fitting a thread into the context window (elide the middle, keep the newest).
//! - [`provider`]: the engines behind one trait — `builtin` (offline rules) and `openai`.
//! - [`model_json`]: finding, decoding and validating the JSON a model wrote.
//! - [`suggestion`]: the output types (Suggestion, analysis, replies, meta) and their rules.
//! - [`pipeline`]: thread in, Suggestion out; the one entry point every front end calls.
//! - [`config`]: `reframe.toml` < env < flags, defaults, secret masking.
//! - [`coach`]: the deterministic rubric coach that scores a draft reply (reviews, evals).
//! - [`eval`]: `reframe eval` — golden cases, scorers, repeats, gates, baselines, reports.
//! - [`judge`]: a configured model scores a reply against the rubric (unscored, never guessed).
//! - [`feedback`]: the SQLite store of feedback and produced suggestions, with JSONL export.
//! - [`server`]: `reframe serve`, the REST service (axum): routes, auth, limits, SSE, metrics.
//! - [`mock_llm`]: a mock OpenAI-compatible server for demos and load benchmarks.
//! - [`batch`]: `reframe batch` — mailboxes and JSONL to suggestions, resumable and paced.
//! - [`progress`]: progress bars on a terminal, nothing elsewhere.
//! - [`cli`]: the `reframe` command line (subcommands, human and JSON output, exit codes).

pub mod batch;
pub mod budget;
pub mod cli;
pub mod coach;
pub mod config;
pub mod eval;
pub mod feedback;
pub mod judge;
pub mod mock_llm;
pub mod model_json;
pub mod pipeline;
pub mod progress;
pub mod prompt;
pub mod provider;
pub mod server;
pub mod suggestion;
pub mod thread;
pub mod tokens;
pub mod understand;
