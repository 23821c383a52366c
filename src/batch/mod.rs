//! `reframe batch`: suggestions for whole mailboxes, resumable and rate-limited.
//!
//! - [`source`]: finding mail in inputs (JSONL, .eml, mbox, maildir, directories), streaming.
//! - [`threading`]: grouping mail into conversations, ordering, rep detection, Thread building.
//! - [`run`]: the job — reader, paced workers, durable writer, progress, resume.
//! - [`limiter`]: requests/tokens per minute and the shared 429 cool-down.
//! - [`output`]: the durable JSONL logs (results and errors) and their repair after a crash.
//! - [`openai_batch`]: `--via openai-batch`, through OpenAI's Files and Batches APIs.

pub mod limiter;
pub mod openai_batch;
pub mod output;
pub mod run;
pub mod source;
pub mod threading;
