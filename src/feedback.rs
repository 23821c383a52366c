//! The durable feedback store behind `POST /v1/feedback`.
//!
//! When a sales tool reports what the rep did with a suggestion (used it, edited it, rejected
//! it), the report is kept in an embedded SQLite database so that it survives restarts. The
//! service also remembers each suggestion it produced (the thread and the Suggestion JSON), so
//! that [`FeedbackStore::export_jsonl`] can join every feedback with what was suggested for which
//! thread; used and edited suggestions then become eval cases.
//!
//! # What this module owns
//! - The schema: tables `feedback` and `suggestions`, an index on `feedback.suggestion_id`, and
//!   a schema version in `PRAGMA user_version` ([`SCHEMA_VERSION`]) so that later versions can
//!   migrate. A database written by a newer version is refused rather than guessed at.
//! - Durability: `journal_mode=WAL`, `synchronous=FULL` (a feedback is on disk when
//!   [`FeedbackStore::record`] returns) and a 5 s `busy_timeout` for other processes sharing the
//!   file. Timestamps come from SQLite (`strftime('%Y-%m-%dT%H:%M:%fZ','now')`, UTC).
//! - Validation of feedback input ([`FeedbackIn::validate`]): errors name the JSON field.
//! - The JSONL export, streamed row by row.
//!
//! # What it must not do
//! - No HTTP: the server maps [`FeedbackError::Invalid`] to a 400 and
//!   [`FeedbackError::Database`] to a 500.
//! - It is synchronous (SQLite blocks on disk I/O and fsync): async callers run it on a blocking
//!   thread (`tokio::task::spawn_blocking`) and share the store through an `Arc`.
//! - Never store API keys: [`FeedbackStore::record`] takes only an opaque key *id* chosen by
//!   the caller, and the export does not include it.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::{params, Connection, OpenFlags, TransactionBehavior};

/// The schema version this code writes, kept in `PRAGMA user_version`.
pub const SCHEMA_VERSION: i64 = 1;

/// Largest accepted `final_text`, in bytes (UTF-8).
pub const MAX_FINAL_TEXT_BYTES: usize = 64 * 1024;

/// Largest accepted `suggestion_id`, in characters (ids are ASCII, so also bytes).
pub const MAX_SUGGESTION_ID_CHARS: usize = 128;

/// How long a statement waits for another connection's lock before failing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The path shown in errors for an in-memory store.
const MEMORY_PATH: &str = ":memory:";

/// SQLite expression for "now" as an RFC 3339 UTC timestamp with milliseconds.
macro_rules! now_sql {
    () => {
        "strftime('%Y-%m-%dT%H:%M:%fZ','now')"
    };
}

const SCHEMA_SQL: &str = "
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY,
    suggestion_id TEXT NOT NULL,
    outcome TEXT NOT NULL,
    final_text TEXT,
    key_id TEXT,
    received_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS feedback_suggestion_id ON feedback(suggestion_id);
CREATE TABLE IF NOT EXISTS suggestions (
    id TEXT PRIMARY KEY,
    thread TEXT NOT NULL,
    suggestion TEXT NOT NULL,
    created_at TEXT NOT NULL
);
";

/// What the rep did with a suggestion.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// Sent as suggested.
    Used,
    /// Sent after editing; `final_text` holds what was sent.
    Edited,
    /// Not used.
    Rejected,
}

impl Outcome {
    /// The wire and storage spelling: `used`, `edited` or `rejected`.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Used => "used",
            Outcome::Edited => "edited",
            Outcome::Rejected => "rejected",
        }
    }

    fn parse(text: &str) -> Option<Outcome> {
        match text {
            "used" => Some(Outcome::Used),
            "edited" => Some(Outcome::Edited),
            "rejected" => Some(Outcome::Rejected),
            _ => None,
        }
    }
}

/// Body of POST /v1/feedback.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct FeedbackIn {
    /// The `id` of the Suggestion the feedback is about (ASCII letters, digits, `_`, `-`; at
    /// most 128 characters).
    pub suggestion_id: String,
    /// What the rep did with it.
    pub outcome: Outcome,
    /// The text the rep finally sent (required when `outcome` is `edited`; at most 64 KiB).
    #[serde(default)]
    pub final_text: Option<String>,
}

impl FeedbackIn {
    /// Checks the input without touching the database; the error's `field` names the JSON
    /// field at fault. [`FeedbackStore::record`] calls this itself.
    pub fn validate(&self) -> Result<(), FeedbackError> {
        validate_suggestion_id(&self.suggestion_id)?;
        if let Some(text) = &self.final_text {
            if text.len() > MAX_FINAL_TEXT_BYTES {
                return Err(invalid(
                    "final_text",
                    format!(
                        "is {} bytes, more than the limit of {MAX_FINAL_TEXT_BYTES}",
                        text.len()
                    ),
                ));
            }
        }
        if self.outcome == Outcome::Edited
            && self
                .final_text
                .as_deref()
                .is_none_or(|t| t.trim().is_empty())
        {
            return Err(invalid(
                "final_text",
                "is required when outcome is \"edited\"".to_string(),
            ));
        }
        Ok(())
    }
}

/// A stored feedback row (also the response of POST /v1/feedback).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct FeedbackRecord {
    /// Row id, increasing in the order feedback was received.
    pub id: i64,
    pub suggestion_id: String,
    pub outcome: Outcome,
    pub final_text: Option<String>,
    /// When the store received it, UTC, e.g. `2025-01-31T09:30:00.123Z`.
    pub received_at: String,
}

/// Errors of the feedback store.
#[derive(Debug, thiserror::Error)]
pub enum FeedbackError {
    /// The input is wrong (the caller's fault); `field` is the JSON field name.
    #[error("invalid feedback: {field}: {message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
    /// The database failed (or the export writer did); `path` is the database file.
    #[error("feedback database {path}: {message}")]
    Database { path: String, message: String },
}

fn invalid(field: &'static str, message: String) -> FeedbackError {
    FeedbackError::Invalid { field, message }
}

fn validate_suggestion_id(id: &str) -> Result<(), FeedbackError> {
    if id.is_empty() {
        return Err(invalid("suggestion_id", "must not be empty".to_string()));
    }
    if let Some(bad) = id
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '_' || *c == '-'))
    {
        return Err(invalid(
            "suggestion_id",
            format!("contains {bad:?}; only ASCII letters, digits, '_' and '-' are allowed"),
        ));
    }
    // Only ASCII is left, so bytes are characters.
    if id.len() > MAX_SUGGESTION_ID_CHARS {
        return Err(invalid(
            "suggestion_id",
            format!(
                "is {} characters, more than the limit of {MAX_SUGGESTION_ID_CHARS}",
                id.len()
            ),
        ));
    }
    Ok(())
}

/// The durable feedback store: one SQLite connection behind a mutex.
///
/// Every method blocks; share it as `Arc<FeedbackStore>` and call it from blocking threads.
pub struct FeedbackStore {
    conn: Mutex<Connection>,
    /// The path as given, for error messages (`:memory:` for an in-memory store).
    display_path: String,
    /// The database file for the export's own read-only connection; `None` in memory.
    file: Option<PathBuf>,
}

impl std::fmt::Debug for FeedbackStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FeedbackStore")
            .field("path", &self.display_path)
            .finish_non_exhaustive()
    }
}

impl FeedbackStore {
    /// Opens or creates the database (and its parent directory), creating tables if needed.
    pub fn open(path: &Path) -> Result<FeedbackStore, FeedbackError> {
        let display_path = path.display().to_string();
        let err = |message: String| FeedbackError::Database {
            path: display_path.clone(),
            message,
        };
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .map_err(|e| err(format!("cannot create directory {}: {e}", parent.display())))?;
        }
        // No SQLITE_OPEN_URI: the path is a file name, never a `file:` URI with options.
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn =
            Connection::open_with_flags(path, flags).map_err(|e| err(format!("open: {e}")))?;
        let conn = init(conn, true).map_err(err)?;
        // Canonical, so the export's reader finds the file even if the working directory moves.
        let file = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        Ok(FeedbackStore {
            conn: Mutex::new(conn),
            display_path,
            file: Some(file),
        })
    }

    /// Opens a private, empty in-memory store (nothing survives the process; for tests).
    pub fn open_in_memory() -> Result<FeedbackStore, FeedbackError> {
        let err = |message: String| FeedbackError::Database {
            path: MEMORY_PATH.to_string(),
            message,
        };
        let conn = Connection::open_in_memory().map_err(|e| err(format!("open: {e}")))?;
        let conn = init(conn, false).map_err(err)?;
        Ok(FeedbackStore {
            conn: Mutex::new(conn),
            display_path: MEMORY_PATH.to_string(),
            file: None,
        })
    }

    /// Validates and stores one feedback; `key_id` is an opaque caller id (never a secret).
    pub fn record(
        &self,
        feedback: &FeedbackIn,
        key_id: Option<&str>,
    ) -> Result<FeedbackRecord, FeedbackError> {
        feedback.validate()?;
        let conn = self.lock()?;
        let (id, received_at) = conn
            .query_row(
                concat!(
                    "INSERT INTO feedback (suggestion_id, outcome, final_text, key_id, received_at) ",
                    "VALUES (?1, ?2, ?3, ?4, ",
                    now_sql!(),
                    ") RETURNING id, received_at"
                ),
                params![
                    feedback.suggestion_id,
                    feedback.outcome.as_str(),
                    feedback.final_text,
                    key_id
                ],
                |row| Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?)),
            )
            .map_err(|e| self.db_err("storing feedback", e))?;
        Ok(FeedbackRecord {
            id,
            suggestion_id: feedback.suggestion_id.clone(),
            outcome: feedback.outcome,
            final_text: feedback.final_text.clone(),
            received_at,
        })
    }

    /// Remembers a suggestion the service produced: its id, the thread JSON and suggestion JSON.
    ///
    /// The id must follow the same rules as `suggestion_id` in feedback. Recording an id again
    /// replaces the earlier entry and makes it the newest (for [`Self::prune_suggestions`]).
    pub fn record_suggestion(
        &self,
        suggestion_id: &str,
        thread_json: &str,
        suggestion_json: &str,
    ) -> Result<(), FeedbackError> {
        validate_suggestion_id(suggestion_id)?;
        let conn = self.lock()?;
        conn.execute(
            concat!(
                "INSERT OR REPLACE INTO suggestions (id, thread, suggestion, created_at) ",
                "VALUES (?1, ?2, ?3, ",
                now_sql!(),
                ")"
            ),
            params![suggestion_id, thread_json, suggestion_json],
        )
        .map_err(|e| self.db_err("storing suggestion", e))?;
        Ok(())
    }

    /// Writes one JSON object per line for every feedback, oldest first:
    /// `{"id","suggestion_id","outcome","final_text","received_at","thread": <thread JSON or
    /// null>, "suggestion": <suggestion JSON or null>}`. Returns the number of lines written.
    ///
    /// Rows are streamed, never collected. A file-backed store reads through its own read-only
    /// connection (a consistent WAL snapshot), so a long export does not hold up `record`.
    /// Stored thread/suggestion text that is not valid JSON is exported as `null`.
    pub fn export_jsonl(&self, out: &mut dyn Write) -> Result<usize, FeedbackError> {
        match &self.file {
            Some(file) => {
                let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
                let reader = Connection::open_with_flags(file, flags)
                    .map_err(|e| self.db_err("opening export reader", e))?;
                reader
                    .busy_timeout(BUSY_TIMEOUT)
                    .map_err(|e| self.db_err("opening export reader", e))?;
                self.export_with(&reader, out)
            }
            None => {
                let conn = self.lock()?;
                self.export_with(&conn, out)
            }
        }
    }

    fn export_with(&self, conn: &Connection, out: &mut dyn Write) -> Result<usize, FeedbackError> {
        let mut stmt = conn
            .prepare(
                "SELECT f.id, f.suggestion_id, f.outcome, f.final_text, f.received_at, \
                        s.thread, s.suggestion \
                 FROM feedback f LEFT JOIN suggestions s ON s.id = f.suggestion_id \
                 ORDER BY f.id",
            )
            .map_err(|e| self.db_err("export", e))?;
        let mut rows = stmt.query([]).map_err(|e| self.db_err("export", e))?;
        let mut lines = 0usize;
        while let Some(row) = rows.next().map_err(|e| self.db_err("export", e))? {
            let read = |e| self.db_err("export", e);
            let id: i64 = row.get(0).map_err(read)?;
            let suggestion_id: String = row.get(1).map_err(read)?;
            let outcome_text: String = row.get(2).map_err(read)?;
            let final_text: Option<String> = row.get(3).map_err(read)?;
            let received_at: String = row.get(4).map_err(read)?;
            let thread: Option<String> = row.get(5).map_err(read)?;
            let suggestion: Option<String> = row.get(6).map_err(read)?;
            let outcome = Outcome::parse(&outcome_text).ok_or_else(|| FeedbackError::Database {
                path: self.display_path.clone(),
                message: format!("export: feedback {id} has unknown outcome {outcome_text:?}"),
            })?;
            let line = serde_json::json!({
                "id": id,
                "suggestion_id": suggestion_id,
                "outcome": outcome,
                "final_text": final_text,
                "received_at": received_at,
                "thread": embed_json(thread.as_deref()),
                "suggestion": embed_json(suggestion.as_deref()),
            });
            let write_err = |e: String| FeedbackError::Database {
                path: self.display_path.clone(),
                message: format!("export: writing output: {e}"),
            };
            serde_json::to_writer(&mut *out, &line).map_err(|e| write_err(e.to_string()))?;
            out.write_all(b"\n").map_err(|e| write_err(e.to_string()))?;
            lines += 1;
        }
        out.flush().map_err(|e| FeedbackError::Database {
            path: self.display_path.clone(),
            message: format!("export: flushing output: {e}"),
        })?;
        Ok(lines)
    }

    /// Number of stored feedback rows.
    pub fn feedback_count(&self) -> Result<u64, FeedbackError> {
        let conn = self.lock()?;
        let count: i64 = conn
            .query_row("SELECT COUNT(*) FROM feedback", [], |row| row.get(0))
            .map_err(|e| self.db_err("counting feedback", e))?;
        Ok(u64::try_from(count).unwrap_or(0))
    }

    /// Deletes the oldest stored suggestions beyond `keep` (feedback rows are never deleted).
    /// "Oldest" is insertion order. Returns how many suggestions were deleted.
    pub fn prune_suggestions(&self, keep: u64) -> Result<u64, FeedbackError> {
        let keep = i64::try_from(keep).unwrap_or(i64::MAX);
        let conn = self.lock()?;
        let deleted = conn
            .execute(
                "DELETE FROM suggestions WHERE rowid NOT IN \
                 (SELECT rowid FROM suggestions ORDER BY rowid DESC LIMIT ?1)",
                params![keep],
            )
            .map_err(|e| self.db_err("pruning suggestions", e))?;
        Ok(deleted as u64)
    }

    fn lock(&self) -> Result<MutexGuard<'_, Connection>, FeedbackError> {
        self.conn.lock().map_err(|_| FeedbackError::Database {
            path: self.display_path.clone(),
            message: "connection lock poisoned (a thread panicked while using it)".to_string(),
        })
    }

    fn db_err(&self, what: &str, e: rusqlite::Error) -> FeedbackError {
        FeedbackError::Database {
            path: self.display_path.clone(),
            message: format!("{what}: {e}"),
        }
    }
}

/// Parses stored JSON text for embedding in the export; missing or invalid text becomes null.
fn embed_json(text: Option<&str>) -> serde_json::Value {
    text.and_then(|t| serde_json::from_str(t).ok())
        .unwrap_or(serde_json::Value::Null)
}

/// Applies the connection settings and brings the schema to [`SCHEMA_VERSION`].
fn init(mut conn: Connection, on_disk: bool) -> Result<Connection, String> {
    conn.busy_timeout(BUSY_TIMEOUT)
        .map_err(|e| format!("setting busy_timeout: {e}"))?;
    if on_disk {
        let mode: String = conn
            .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))
            .map_err(|e| format!("setting journal_mode=WAL: {e}"))?;
        if !mode.eq_ignore_ascii_case("wal") {
            // Some file systems cannot do WAL; SQLite then keeps a rollback journal, which with
            // synchronous=FULL is just as durable, only less concurrent.
            tracing::warn!(journal_mode = %mode, "feedback database: WAL not available");
        }
    }
    conn.pragma_update(None, "synchronous", "FULL")
        .map_err(|e| format!("setting synchronous=FULL: {e}"))?;

    // IMMEDIATE: two processes opening a new file at once must not both create the schema.
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(|e| format!("schema: {e}"))?;
    let version: i64 = tx
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .map_err(|e| format!("reading user_version: {e}"))?;
    if version > SCHEMA_VERSION {
        return Err(format!(
            "schema version {version} is newer than this reframe supports ({SCHEMA_VERSION})"
        ));
    }
    // Version 0 is a new file; later versions add their migrations here, step by step.
    tx.execute_batch(SCHEMA_SQL)
        .map_err(|e| format!("creating tables: {e}"))?;
    if version < SCHEMA_VERSION {
        tx.pragma_update(None, "user_version", SCHEMA_VERSION)
            .map_err(|e| format!("setting user_version: {e}"))?;
    }
    tx.commit().map_err(|e| format!("schema: {e}"))?;
    Ok(conn)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn fb(id: &str, outcome: Outcome, text: Option<&str>) -> FeedbackIn {
        FeedbackIn {
            suggestion_id: id.to_string(),
            outcome,
            final_text: text.map(str::to_string),
        }
    }

    fn export_lines(store: &FeedbackStore) -> Vec<serde_json::Value> {
        let mut buf = Vec::new();
        let n = store.export_jsonl(&mut buf).unwrap();
        let text = String::from_utf8(buf).unwrap();
        let lines: Vec<serde_json::Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(n, lines.len());
        assert!(text.is_empty() || text.ends_with('\n'));
        lines
    }

    fn invalid_field(result: Result<FeedbackRecord, FeedbackError>) -> &'static str {
        match result {
            Err(FeedbackError::Invalid { field, .. }) => field,
            other => panic!("expected Invalid, got {other:?}"),
        }
    }

    #[test]
    fn record_and_export_round_trip() {
        let store = FeedbackStore::open_in_memory().unwrap();
        let a = store
            .record(&fb("sug_a", Outcome::Used, None), Some("key1"))
            .unwrap();
        let b = store
            .record(&fb("sug_b", Outcome::Edited, Some("Hi Ann, …")), None)
            .unwrap();
        let c = store
            .record(&fb("sug-c", Outcome::Rejected, None), None)
            .unwrap();
        assert!(a.id < b.id && b.id < c.id);
        assert_eq!(b.outcome, Outcome::Edited);
        assert_eq!(b.final_text.as_deref(), Some("Hi Ann, …"));
        assert!(a.received_at.ends_with('Z') && a.received_at.contains('T'));
        assert_eq!(a.received_at.len(), "2025-01-31T09:30:00.123Z".len());
        assert_eq!(store.feedback_count().unwrap(), 3);

        let lines = export_lines(&store);
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0]["id"], a.id);
        assert_eq!(lines[0]["suggestion_id"], "sug_a");
        assert_eq!(lines[0]["outcome"], "used");
        assert_eq!(lines[0]["final_text"], serde_json::Value::Null);
        assert_eq!(lines[0]["received_at"], a.received_at.as_str());
        assert_eq!(lines[1]["outcome"], "edited");
        assert_eq!(lines[1]["final_text"], "Hi Ann, …");
        assert_eq!(lines[2]["outcome"], "rejected");
        // The key id is stored but never exported.
        assert!(lines[0].get("key_id").is_none());
        let keys: Vec<&str> = lines[0]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys.len(), 7, "{keys:?}");
    }

    #[test]
    fn feedback_in_json_shape() {
        let parsed: FeedbackIn =
            serde_json::from_str(r#"{"suggestion_id":"sug_1","outcome":"rejected"}"#).unwrap();
        assert_eq!(parsed, fb("sug_1", Outcome::Rejected, None));
        assert!(serde_json::from_str::<FeedbackIn>(
            r#"{"suggestion_id":"sug_1","outcome":"Used"}"#
        )
        .is_err());
        let record = FeedbackRecord {
            id: 1,
            suggestion_id: "s".into(),
            outcome: Outcome::Edited,
            final_text: None,
            received_at: "t".into(),
        };
        let json = serde_json::to_value(&record).unwrap();
        assert_eq!(json["outcome"], "edited");
    }

    #[test]
    fn validation_errors_name_the_field() {
        let store = FeedbackStore::open_in_memory().unwrap();
        let f = |x| invalid_field(store.record(&x, None));
        assert_eq!(f(fb("", Outcome::Used, None)), "suggestion_id");
        assert_eq!(f(fb("sug 1", Outcome::Used, None)), "suggestion_id");
        assert_eq!(f(fb("sug/../x", Outcome::Used, None)), "suggestion_id");
        assert_eq!(f(fb("sugé", Outcome::Used, None)), "suggestion_id");
        assert_eq!(
            f(fb(&"a".repeat(129), Outcome::Used, None)),
            "suggestion_id"
        );
        let big = "x".repeat(MAX_FINAL_TEXT_BYTES + 1);
        assert_eq!(f(fb("sug_1", Outcome::Used, Some(&big))), "final_text");
        assert_eq!(f(fb("sug_1", Outcome::Edited, None)), "final_text");
        assert_eq!(
            f(fb("sug_1", Outcome::Edited, Some("  \n\t"))),
            "final_text"
        );
        assert_eq!(store.feedback_count().unwrap(), 0);

        // The limits themselves are accepted.
        let max = "x".repeat(MAX_FINAL_TEXT_BYTES);
        store
            .record(&fb(&"a".repeat(128), Outcome::Edited, Some(&max)), None)
            .unwrap();
        assert_eq!(store.feedback_count().unwrap(), 1);

        let err = store
            .record(&fb("", Outcome::Used, None), None)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("invalid feedback: suggestion_id: "),
            "{err}"
        );
        match store.record_suggestion("bad id", "{}", "{}") {
            Err(FeedbackError::Invalid { field, .. }) => assert_eq!(field, "suggestion_id"),
            other => panic!("expected Invalid, got {other:?}"),
        }
    }

    #[test]
    fn data_survives_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested").join("feedback.sqlite3");
        {
            let store = FeedbackStore::open(&path).unwrap();
            store
                .record_suggestion("sug_1", r#"{"messages":[]}"#, r#"{"id":"sug_1"}"#)
                .unwrap();
            store
                .record(&fb("sug_1", Outcome::Edited, Some("final")), Some("k1"))
                .unwrap();
        }
        let store = FeedbackStore::open(&path).unwrap();
        assert_eq!(store.feedback_count().unwrap(), 1);
        store
            .record(&fb("sug_2", Outcome::Used, None), None)
            .unwrap();
        let lines = export_lines(&store);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0]["final_text"], "final");
        assert_eq!(lines[0]["suggestion"]["id"], "sug_1");

        let conn = Connection::open(&path).unwrap();
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(version, SCHEMA_VERSION);
        let mode: String = conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .unwrap();
        assert_eq!(mode.to_ascii_lowercase(), "wal");
        let key: Option<String> = conn
            .query_row("SELECT key_id FROM feedback WHERE id = 1", [], |r| r.get(0))
            .unwrap();
        assert_eq!(key.as_deref(), Some("k1"));
    }

    #[test]
    fn newer_schema_version_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("feedback.db");
        drop(FeedbackStore::open(&path).unwrap());
        Connection::open(&path)
            .unwrap()
            .pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        match FeedbackStore::open(&path) {
            Err(FeedbackError::Database { path: p, message }) => {
                assert_eq!(p, path.display().to_string());
                assert!(message.contains("newer"), "{message}");
            }
            other => panic!("expected Database error, got {other:?}"),
        }
    }

    #[test]
    fn export_joins_suggestions_or_gives_null() {
        let store = FeedbackStore::open_in_memory().unwrap();
        store
            .record_suggestion(
                "sug_1",
                r#"{"messages":[{"role":"customer","text":"Too expensive."}]}"#,
                r#"{"id":"sug_1","replies":[{"text":"What would make it worth it?"}]}"#,
            )
            .unwrap();
        store
            .record_suggestion("sug_bad", "not json {", "{\"id\":\"sug_bad\"}")
            .unwrap();
        store
            .record(&fb("sug_1", Outcome::Used, None), None)
            .unwrap();
        store
            .record(&fb("sug_unknown", Outcome::Rejected, None), None)
            .unwrap();
        store
            .record(&fb("sug_bad", Outcome::Rejected, None), None)
            .unwrap();
        let lines = export_lines(&store);
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0]["thread"]["messages"][0]["text"], "Too expensive.");
        assert_eq!(lines[0]["suggestion"]["id"], "sug_1");
        assert!(lines[1]["thread"].is_null());
        assert!(lines[1]["suggestion"].is_null());
        assert!(lines[1].as_object().unwrap().contains_key("thread"));
        assert!(lines[2]["thread"].is_null(), "invalid JSON embeds null");
        assert_eq!(lines[2]["suggestion"]["id"], "sug_bad");
    }

    #[test]
    fn export_of_file_store_and_empty_store() {
        let dir = tempfile::tempdir().unwrap();
        let store = FeedbackStore::open(&dir.path().join("f.db")).unwrap();
        let mut buf = Vec::new();
        assert_eq!(store.export_jsonl(&mut buf).unwrap(), 0);
        assert!(buf.is_empty());
        store
            .record_suggestion("sug_1", "{\"t\":1}", "{\"s\":1}")
            .unwrap();
        store
            .record(&fb("sug_1", Outcome::Used, None), None)
            .unwrap();
        let lines = export_lines(&store);
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0]["thread"]["t"], 1);
        assert_eq!(lines[0]["suggestion"]["s"], 1);
    }

    #[test]
    fn file_export_does_not_hold_up_recording() {
        // The writer records while the export is still streaming: with the shared connection
        // this would deadlock; the export's own snapshot also leaves the new row out.
        struct RecordingWriter {
            store: Arc<FeedbackStore>,
            buf: Vec<u8>,
            recorded: bool,
        }
        impl Write for RecordingWriter {
            fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
                if !self.recorded {
                    self.recorded = true;
                    self.store
                        .record(&fb("sug_late", Outcome::Used, None), None)
                        .map_err(std::io::Error::other)?;
                }
                self.buf.extend_from_slice(data);
                Ok(data.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(FeedbackStore::open(&dir.path().join("f.db")).unwrap());
        for i in 0..3 {
            store
                .record(&fb(&format!("sug_{i}"), Outcome::Used, None), None)
                .unwrap();
        }
        let mut out = RecordingWriter {
            store: Arc::clone(&store),
            buf: Vec::new(),
            recorded: false,
        };
        assert_eq!(store.export_jsonl(&mut out).unwrap(), 3);
        assert_eq!(String::from_utf8(out.buf).unwrap().lines().count(), 3);
        assert_eq!(store.feedback_count().unwrap(), 4);
    }

    #[test]
    fn export_write_failure_is_a_database_error() {
        struct Failing;
        impl Write for Failing {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(std::io::Error::other("disk full"))
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let store = FeedbackStore::open_in_memory().unwrap();
        store
            .record(&fb("sug_1", Outcome::Used, None), None)
            .unwrap();
        match store.export_jsonl(&mut Failing) {
            Err(FeedbackError::Database { message, .. }) => {
                assert!(message.contains("disk full"), "{message}")
            }
            other => panic!("expected Database error, got {other:?}"),
        }
    }

    #[test]
    fn prune_keeps_the_newest_suggestions() {
        let store = FeedbackStore::open_in_memory().unwrap();
        for i in 0..5 {
            store
                .record_suggestion(&format!("sug_{i}"), "{}", &format!("{{\"n\":{i}}}"))
                .unwrap();
            store
                .record(&fb(&format!("sug_{i}"), Outcome::Used, None), None)
                .unwrap();
        }
        assert_eq!(store.prune_suggestions(10).unwrap(), 0);
        assert_eq!(store.prune_suggestions(2).unwrap(), 3);
        assert_eq!(store.prune_suggestions(2).unwrap(), 0);
        assert_eq!(
            store.feedback_count().unwrap(),
            5,
            "feedback is never pruned"
        );
        let lines = export_lines(&store);
        let kept: Vec<bool> = lines.iter().map(|l| !l["suggestion"].is_null()).collect();
        assert_eq!(kept, [false, false, false, true, true]);
        assert_eq!(lines[4]["suggestion"]["n"], 4);
        assert_eq!(store.prune_suggestions(u64::MAX).unwrap(), 0);
        assert_eq!(store.prune_suggestions(0).unwrap(), 2);
    }

    #[test]
    fn concurrent_recording_stores_every_row() {
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(FeedbackStore::open(&dir.path().join("f.db")).unwrap());
        let handles: Vec<_> = (0..4)
            .map(|t| {
                let store = Arc::clone(&store);
                std::thread::spawn(move || {
                    let mut ids = Vec::new();
                    for i in 0..25 {
                        let id = format!("sug_{t}_{i}");
                        store.record_suggestion(&id, "{}", "{}").unwrap();
                        ids.push(
                            store
                                .record(&fb(&id, Outcome::Used, None), None)
                                .unwrap()
                                .id,
                        );
                    }
                    ids
                })
            })
            .collect();
        let mut ids: Vec<i64> = handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), 100);
        assert_eq!(store.feedback_count().unwrap(), 100);
        let lines = export_lines(&store);
        assert_eq!(lines.len(), 100);
        assert!(lines.iter().all(|l| l["suggestion"].is_object()));
    }

    #[test]
    fn open_under_a_file_is_a_database_error_with_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("not-a-dir");
        std::fs::write(&file, b"x").unwrap();
        let path = file.join("feedback.db");
        match FeedbackStore::open(&path) {
            Err(err @ FeedbackError::Database { .. }) => {
                let text = err.to_string();
                assert!(text.contains(&path.display().to_string()), "{text}");
            }
            other => panic!("expected Database error, got {other:?}"),
        }
    }

    #[test]
    fn poisoned_lock_is_an_error_not_a_panic() {
        let store = Arc::new(FeedbackStore::open_in_memory().unwrap());
        let s = Arc::clone(&store);
        let _ = std::thread::spawn(move || {
            let _guard = s.conn.lock().unwrap();
            panic!("poison the lock");
        })
        .join();
        match store.record(&fb("sug_1", Outcome::Used, None), None) {
            Err(FeedbackError::Database { path, message }) => {
                assert_eq!(path, MEMORY_PATH);
                assert!(message.contains("poisoned"), "{message}");
            }
            other => panic!("expected Database error, got {other:?}"),
        }
    }
}
