//! Threads: what reframe is asked to answer (SPEC "Thread (input)").
//!
//! Owns the Thread types, reading a thread from the three accepted inputs (Thread JSON, a bare
//! text file holding one customer message, an RFC 822 `.eml`), input limits, and producing the
//! cleaned view (quotes and signatures removed, see [`clean`]) that is the only text a model
//! ever sees. It must not render prompts, count tokens or call providers; email text is data
//! here and is never interpreted.

pub mod clean;
mod copied;
mod email;

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

/// Who wrote a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Customer,
    Rep,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Message {
    pub role: Role,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent_at: Option<String>,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Thread {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub messages: Vec<Message>,
    #[serde(default)]
    pub context: BTreeMap<String, String>,
}

/// Bounds on what reframe accepts, so that no input can exhaust memory or time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    pub max_input_bytes: usize,
    pub max_messages: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_input_bytes: 1024 * 1024,
            max_messages: 200,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ThreadError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error(
        "input is {size} bytes, over the limit of {limit} bytes (raise limits.max_input_bytes)"
    )]
    TooLarge { size: usize, limit: usize },
    #[error("input is not valid UTF-8 text (byte {0}); pass email as a .eml file")]
    NotUtf8(usize),
    #[error("not a thread: at `{path}`: {message}")]
    Json { path: String, message: String },
    #[error("thread has {count} messages, over the limit of {limit} (raise limits.max_messages)")]
    TooManyMessages { count: usize, limit: usize },
    #[error("not an email: {0}")]
    Email(String),
}

/// How to interpret input bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    Json,
    Email,
    Text,
    /// Decide from the content: JSON object, RFC 822 headers, else plain text.
    Sniff,
}

impl InputKind {
    /// The kind a file name implies; unknown extensions are sniffed.
    pub fn from_path(path: &Path) -> InputKind {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("json") => InputKind::Json,
            Some("eml") => InputKind::Email,
            Some("txt") | Some("text") => InputKind::Text,
            _ => InputKind::Sniff,
        }
    }
}

/// Reads a thread from a file; `kind = None` decides from the extension, then the content.
pub fn load_path(
    path: &Path,
    kind: Option<InputKind>,
    limits: &Limits,
) -> Result<Thread, ThreadError> {
    let bytes = read_capped(path, limits.max_input_bytes)?;
    parse_bytes(
        &bytes,
        kind.unwrap_or_else(|| InputKind::from_path(path)),
        limits,
    )
}

/// Reads a UTF-8 text file of at most `limit` bytes (a draft reply, for instance).
pub fn read_text_file(path: &Path, limit: usize) -> Result<String, ThreadError> {
    let bytes = read_capped(path, limit)?;
    as_text(&bytes).map(str::to_string)
}

/// Reads at most `limit + 1` bytes, so a huge file is refused without being loaded.
fn read_capped(path: &Path, limit: usize) -> Result<Vec<u8>, ThreadError> {
    use std::io::Read;
    let read_err = |source| ThreadError::Read {
        path: path.display().to_string(),
        source,
    };
    let file = std::fs::File::open(path).map_err(read_err)?;
    let mut bytes = Vec::new();
    file.take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(read_err)?;
    if bytes.len() > limit {
        let size = std::fs::metadata(path).map_or(bytes.len(), |m| m.len() as usize);
        return Err(ThreadError::TooLarge { size, limit });
    }
    Ok(bytes)
}

/// Parses input bytes of the given kind into a validated thread.
pub fn parse_bytes(bytes: &[u8], kind: InputKind, limits: &Limits) -> Result<Thread, ThreadError> {
    if bytes.len() > limits.max_input_bytes {
        return Err(ThreadError::TooLarge {
            size: bytes.len(),
            limit: limits.max_input_bytes,
        });
    }
    let kind = match kind {
        InputKind::Sniff => sniff(bytes),
        other => other,
    };
    let thread = match kind {
        InputKind::Email => email::parse_eml(bytes)?,
        InputKind::Json => parse_json(as_text(bytes)?)?,
        _ => text_thread(as_text(bytes)?)?,
    };
    thread.check_limits(limits)?;
    Ok(thread)
}

fn as_text(bytes: &[u8]) -> Result<&str, ThreadError> {
    std::str::from_utf8(bytes).map_err(|e| ThreadError::NotUtf8(e.valid_up_to()))
}

fn sniff(bytes: &[u8]) -> InputKind {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    let head = &bytes[start..];
    let json_array = || serde_json::from_slice::<serde::de::IgnoredAny>(head).is_ok();
    // "[EXTERNAL] …" is a common first line of a pasted email, so '[' means JSON only if it is.
    if head.first() == Some(&b'{') || (head.first() == Some(&b'[') && json_array()) {
        InputKind::Json
    } else if email::looks_like_rfc822(head) {
        InputKind::Email
    } else {
        InputKind::Text
    }
}

/// Parses a Thread JSON document, naming the offending field on error.
pub fn parse_json(text: &str) -> Result<Thread, ThreadError> {
    let de = &mut serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize::<_, Thread>(de).map_err(|e| ThreadError::Json {
        path: e.path().to_string(),
        message: e.inner().to_string(),
    })
}

/// One customer message. Empty text is kept: an empty message gets an abstention, not an
/// error, so callers see the same answer for an empty file and an empty email.
fn text_thread(text: &str) -> Result<Thread, ThreadError> {
    Ok(Thread {
        id: None,
        messages: vec![Message {
            role: Role::Customer,
            from: None,
            sent_at: None,
            text: text.to_string(),
        }],
        context: BTreeMap::new(),
    })
}

/// A thread after quote and signature removal, with what was removed from each message.
#[derive(Debug, Clone)]
pub struct CleanThread {
    pub thread: Thread,
    pub removed: Vec<Removed>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Removed {
    pub quote: bool,
    pub signature: bool,
}

impl Thread {
    pub fn check_limits(&self, limits: &Limits) -> Result<(), ThreadError> {
        if self.messages.len() > limits.max_messages {
            return Err(ThreadError::TooManyMessages {
                count: self.messages.len(),
                limit: limits.max_messages,
            });
        }
        Ok(())
    }

    /// Index of the newest customer message: the one to answer.
    pub fn newest_customer_index(&self) -> Option<usize> {
        self.messages.iter().rposition(|m| m.role == Role::Customer)
    }

    pub fn newest_customer_text(&self) -> Option<&str> {
        self.newest_customer_index()
            .map(|i| self.messages[i].text.as_str())
    }

    pub fn context_value(&self, key: &str) -> Option<&str> {
        self.context
            .get(key)
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
    }

    /// The customer's name from the context, else the display name on their newest message.
    pub fn customer_name(&self) -> Option<String> {
        if let Some(name) = self.context_value("customer_name") {
            return Some(name.to_string());
        }
        let from = self.messages[self.newest_customer_index()?]
            .from
            .as_deref()?;
        display_first_name(from)
    }

    /// Removes quoted history and signatures from every message, and from a customer's message
    /// the lines copied from the rep's earlier mail (see [`copied`]).
    pub fn cleaned(&self) -> CleanThread {
        let mut thread = self.clone();
        let mut removed: Vec<Removed> = thread
            .messages
            .iter_mut()
            .map(|m| {
                let c = clean::clean_body(&m.text);
                m.text = c.text;
                Removed {
                    quote: c.removed_quote,
                    signature: c.removed_signature,
                }
            })
            .collect();
        let copied = copied::remove_copied_lines(&mut thread.messages, &self.messages);
        for (r, copied) in removed.iter_mut().zip(copied) {
            r.quote |= copied;
        }
        CleanThread { thread, removed }
    }
}

/// "Dana Smith <dana@x.example>" -> "Dana"; a bare address gives nothing (no name to use).
fn display_first_name(from: &str) -> Option<String> {
    let name = match from.find('<') {
        Some(i) => &from[..i],
        None if from.contains('@') => return None,
        None => from,
    };
    let name = name.trim().trim_matches('"').trim();
    // Directory-style "Last, First" puts the given name after the comma.
    let given = name.split_once(',').map_or(name, |(_, first)| first);
    given.split_whitespace().next().map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> Limits {
        Limits::default()
    }

    #[test]
    fn parses_spec_thread_json() {
        let json = r#"{"id":"t1","messages":[
            {"role":"customer","from":"Dana <dana@client.example>","sent_at":"2026-11-02T10:00:00Z","text":"Hello"},
            {"role":"rep","text":"Hi"}],
            "context":{"rep_name":"Robert"}}"#;
        let t = parse_bytes(json.as_bytes(), InputKind::Sniff, &limits()).unwrap();
        assert_eq!(t.id.as_deref(), Some("t1"));
        assert_eq!(t.messages.len(), 2);
        assert_eq!(t.newest_customer_index(), Some(0));
        assert_eq!(t.customer_name().as_deref(), Some("Dana"));
        assert_eq!(t.context_value("rep_name"), Some("Robert"));
    }

    #[test]
    fn json_errors_name_the_field() {
        let json = r#"{"messages":[{"role":"customer","text":"a"},{"role":"boss","text":"b"}]}"#;
        let err = parse_json(json).unwrap_err().to_string();
        assert!(err.contains("messages[1].role"), "{err}");
        let err = parse_json(r#"{"msgs":[]}"#).unwrap_err().to_string();
        assert!(err.contains("missing field `messages`"), "{err}");
        let err = parse_json(r#"{"messages":[],"context":{"n":3}}"#)
            .unwrap_err()
            .to_string();
        assert!(err.contains("context.n"), "{err}");
    }

    #[test]
    fn bare_text_is_one_customer_message() {
        let t = parse_bytes(b"We need someone in-house.", InputKind::Sniff, &limits()).unwrap();
        assert_eq!(t.messages.len(), 1);
        assert_eq!(t.messages[0].role, Role::Customer);
        let empty = parse_bytes(b"  \n ", InputKind::Text, &limits()).unwrap();
        assert_eq!(empty.messages[0].text.trim(), "");
    }

    #[test]
    fn sniffing_tells_json_from_text() {
        let err = parse_bytes(b"[1, 2]", InputKind::Sniff, &limits()).unwrap_err();
        assert!(err.to_string().starts_with("not a thread"), "{err}");
        let t = parse_bytes(b"[EXTERNAL] We need to talk.", InputKind::Sniff, &limits()).unwrap();
        assert_eq!(t.messages[0].text, "[EXTERNAL] We need to talk.");
    }

    #[test]
    fn limits_are_enforced() {
        let small = Limits {
            max_input_bytes: 10,
            max_messages: 1,
        };
        assert!(matches!(
            parse_bytes(b"01234567890", InputKind::Text, &small),
            Err(ThreadError::TooLarge { size: 11, .. })
        ));
        let two = br#"{"messages":[{"role":"customer","text":"a"},{"role":"rep","text":"b"}]}"#;
        let big = Limits {
            max_input_bytes: 1000,
            max_messages: 1,
        };
        assert!(matches!(
            parse_bytes(two, InputKind::Json, &big),
            Err(ThreadError::TooManyMessages { count: 2, .. })
        ));
    }

    #[test]
    fn invalid_utf8_text_is_refused() {
        let err = parse_bytes(b"caf\xe9", InputKind::Text, &limits()).unwrap_err();
        assert!(matches!(err, ThreadError::NotUtf8(3)));
    }

    #[test]
    fn display_names() {
        assert_eq!(
            display_first_name("\"Dana Smith\" <d@x>").as_deref(),
            Some("Dana")
        );
        assert_eq!(display_first_name("dana@x.example"), None);
        assert_eq!(display_first_name("<d@x>"), None);
        assert_eq!(display_first_name("Smith, Dana").as_deref(), Some("Dana"));
    }

    #[test]
    fn cleaning_reports_what_was_removed() {
        let t = text_thread(
            "Thanks.\n\nOn Mon, 3 Nov 2026 at 10:02, Rob <r@x.example> wrote:\n> old text\n",
        )
        .unwrap();
        let c = t.cleaned();
        assert_eq!(c.thread.messages[0].text, "Thanks.");
        assert!(c.removed[0].quote);
    }
}
