//! The durable JSONL logs of a batch job: results (`--out`) and errors.
//!
//! Owns appending one JSON object per line, flushing and fsyncing in small groups, reading an
//! existing log back to learn which ids are done (resume), and repairing a torn last line left
//! by a crash so that a resumed job never trips over it. It must not decide what to write.

use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::Value;

/// Lines written between two fsyncs, at most.
const SYNC_EVERY_LINES: usize = 16;
/// Longest time a written line waits for its fsync.
const SYNC_EVERY: Duration = Duration::from_millis(250);

#[derive(Debug, thiserror::Error)]
#[error("{path}: {source}")]
pub struct LogError {
    pub path: String,
    pub source: std::io::Error,
}

/// An append-only JSONL file.
pub struct JsonlLog {
    path: PathBuf,
    writer: BufWriter<File>,
    unsynced: usize,
    last_sync: Instant,
}

/// What an existing log holds.
#[derive(Debug, Default)]
pub struct Existing {
    /// `id` of every complete line.
    pub ids: HashSet<String>,
    /// Bytes of a torn last line that were cut off (0 when the file was whole).
    pub repaired_bytes: u64,
}

impl JsonlLog {
    /// Opens (creating) a log for appending, after reading the ids it already holds and
    /// cutting a torn last line.
    pub fn open(path: &Path) -> Result<(JsonlLog, Existing), LogError> {
        let err = |source| LogError {
            path: path.display().to_string(),
            source,
        };
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(err)?;
        }
        let mut file = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(path)
            .map_err(err)?;
        let existing = read_existing(&mut file).map_err(err)?;
        if existing.repaired_bytes > 0 {
            tracing::warn!(
                path = %path.display(),
                bytes = existing.repaired_bytes,
                "cut a torn last line left by an interrupted run"
            );
        }
        file.seek(SeekFrom::End(0)).map_err(err)?;
        Ok((
            JsonlLog {
                path: path.to_path_buf(),
                writer: BufWriter::new(file),
                unsynced: 0,
                last_sync: Instant::now(),
            },
            existing,
        ))
    }

    /// Appends one line; syncs when enough lines or time have gone by.
    pub fn append(&mut self, value: &Value) -> Result<(), LogError> {
        let mut line = serde_json::to_vec(value).map_err(|e| self.err(e.into()))?;
        line.push(b'\n');
        // One write per line keeps a crash from interleaving halves of two lines, and handing
        // it to the OS at once means a killed process loses nothing it finished; fsync (which
        // protects against a machine crash) is what is grouped.
        self.writer.write_all(&line).map_err(|e| self.err(e))?;
        self.writer.flush().map_err(|e| self.err(e))?;
        self.unsynced += 1;
        self.sync_if_due()
    }

    /// Fsyncs when enough lines or time have gone by since the last sync.
    pub fn sync_if_due(&mut self) -> Result<(), LogError> {
        let due = self.unsynced >= SYNC_EVERY_LINES
            || (self.unsynced > 0 && self.last_sync.elapsed() >= SYNC_EVERY);
        if due {
            self.sync()?;
        }
        Ok(())
    }

    /// Flushes and fsyncs everything written so far.
    pub fn sync(&mut self) -> Result<(), LogError> {
        self.writer.flush().map_err(|e| self.err(e))?;
        self.writer.get_ref().sync_data().map_err(|e| self.err(e))?;
        self.unsynced = 0;
        self.last_sync = Instant::now();
        Ok(())
    }

    fn err(&self, source: std::io::Error) -> LogError {
        LogError {
            path: self.path.display().to_string(),
            source,
        }
    }
}

impl Drop for JsonlLog {
    fn drop(&mut self) {
        if let Err(e) = self.sync() {
            tracing::error!(error = %e, "could not sync the batch log");
        }
    }
}

/// Reads complete lines' ids and truncates a last line that is not complete JSON.
fn read_existing(file: &mut File) -> std::io::Result<Existing> {
    file.seek(SeekFrom::Start(0))?;
    let mut reader = BufReader::new(&mut *file);
    let mut existing = Existing::default();
    let mut good_end: u64 = 0;
    let mut position: u64 = 0;
    let mut line = Vec::new();
    loop {
        line.clear();
        let n = reader.read_until(b'\n', &mut line)?;
        if n == 0 {
            break;
        }
        position += n as u64;
        let complete = line.last() == Some(&b'\n');
        match serde_json::from_slice::<Value>(&line) {
            Ok(v) if complete => {
                if let Some(id) = v.get("id").and_then(Value::as_str) {
                    existing.ids.insert(id.to_string());
                }
                good_end = position;
            }
            // A bad line in the middle (not the last) is kept: it is not ours to delete.
            Err(_) if complete => good_end = position,
            _ => {}
        }
    }
    drop(reader);
    let len = file.metadata()?.len();
    if good_end < len {
        existing.repaired_bytes = len - good_end;
        file.set_len(good_end)?;
    }
    Ok(existing)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn appends_and_reads_back_ids() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/out.jsonl");
        {
            let (mut log, existing) = JsonlLog::open(&path).unwrap();
            assert!(existing.ids.is_empty());
            for i in 0..40 {
                log.append(&json!({"id": format!("t{i}"), "suggestion": {}}))
                    .unwrap();
            }
        }
        let (_, existing) = JsonlLog::open(&path).unwrap();
        assert_eq!(existing.ids.len(), 40);
        assert!(existing.ids.contains("t39"));
        assert_eq!(std::fs::read_to_string(&path).unwrap().lines().count(), 40);
    }

    #[test]
    fn torn_last_line_is_cut_and_the_rest_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.jsonl");
        std::fs::write(
            &path,
            "{\"id\":\"a\"}\n{\"id\":\"b\"}\n{\"id\":\"c\",\"sugg",
        )
        .unwrap();
        let (mut log, existing) = JsonlLog::open(&path).unwrap();
        assert_eq!(existing.repaired_bytes, 15);
        assert_eq!(existing.ids.len(), 2);
        log.append(&json!({"id": "c"})).unwrap();
        drop(log);
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text, "{\"id\":\"a\"}\n{\"id\":\"b\"}\n{\"id\":\"c\"}\n");
        // A complete JSON object without its newline is also torn: the crash hit mid-write.
        std::fs::write(&path, "{\"id\":\"a\"}\n{\"id\":\"b\"}").unwrap();
        let (_, existing) = JsonlLog::open(&path).unwrap();
        assert_eq!(existing.ids.len(), 1);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "{\"id\":\"a\"}\n");
    }
}
