//! Finding mail in batch inputs and reading it back.
//!
//! Owns walking the inputs (directories recursively, maildir `cur/` and `new/`, `.eml` files,
//! mbox files, JSONL files which are only listed) and recording, for each email, a small
//! [`MailRef`]: 64-bit hashes of its threading keys, its date and its [`Location`] — never its
//! body, nor any header text. [`read`] fetches one email's bytes again and [`read_headers`] its
//! header fields ([`Headers`]) when its thread is built, so the index costs under ~120 bytes per
//! message (see [`MailRef`]) whatever the size of the input. Mbox files are streamed: at most
//! one message's header block (capped at [`MAX_HEADER_BYTES`]) is held in memory while
//! scanning.
//!
//! It must not thread messages nor decide who is the rep (that is [`super::threading`]).
//! A bad individual message is an [`ItemError`] in [`Scan::errors`], never fatal; a missing or
//! unreadable input path is an `Err` (a typo on the command line must stop the job).

use std::fmt;
use std::fs::File;
use std::hash::{Hash, Hasher};
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom};
use std::num::NonZeroU64;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use mail_parser::{Address, HeaderName, HeaderValue, Message, MessageParser};

/// Where one email's bytes are. The path is shared (one allocation per file, however many
/// messages an mbox holds); `Deref` makes `path.display()` work as on a `PathBuf`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A whole file is one email (`.eml`, a maildir entry).
    File(Arc<PathBuf>),
    /// One message inside an mbox: `offset`/`len` cover the message after its `From ` separator
    /// line, without the blank line that separates it from the next one.
    Mbox {
        path: Arc<PathBuf>,
        offset: u64,
        len: u64,
    },
}

impl Location {
    /// The file the email is in.
    pub fn path(&self) -> &Path {
        match self {
            Location::File(path) | Location::Mbox { path, .. } => path,
        }
    }
}

impl fmt::Display for Location {
    /// `path` for a file, `path@offset` for an mbox message (the form used in [`ItemError`]).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::File(path) => write!(f, "{}", path.display()),
            Location::Mbox { path, offset, .. } => write!(f, "{}@{offset}", path.display()),
        }
    }
}

/// A 64-bit hash of a threading key (see [`key_hash`]).
pub type KeyHash = NonZeroU64;

/// One email as threading needs it: hashes of its keys, its date, where it is — no text.
///
/// 88 bytes inline plus 8 bytes per References entry and per In-Reply-To id not already in
/// References: a typical reply with three References is 112 bytes (the path is shared by every
/// message of an mbox). Everything else ([`Headers`]) is re-read when the thread is built.
#[derive(Debug, Clone)]
pub struct MailRef {
    pub location: Location,
    /// Unix seconds.
    pub date: Option<i64>,
    /// Hash of the Message-ID (without `<` `>`).
    pub message_id: Option<KeyHash>,
    /// Hashes of the In-Reply-To ids that [`references`](Self::references) does not already
    /// list: threading treats both fields alike, so a repeat would only cost memory.
    pub in_reply_to: Box<[KeyHash]>,
    /// Hashes of the References ids, in header order.
    pub references: Box<[KeyHash]>,
    /// Hash of ([`subject_key`], participants) for the subject fallback; `None` when the
    /// subject key is empty (such a message never joins by subject).
    pub fallback: Option<KeyHash>,
}

impl MailRef {
    /// The index entry for an email whose header fields are `headers`.
    pub fn new(location: Location, headers: &Headers) -> MailRef {
        let references: Box<[KeyHash]> = headers.references.iter().map(|id| key_hash(id)).collect();
        let in_reply_to = headers
            .in_reply_to
            .iter()
            .map(|id| key_hash(id))
            .filter(|h| !references.contains(h))
            .collect();
        MailRef {
            location,
            date: headers.date,
            message_id: headers.message_id.as_deref().map(key_hash),
            in_reply_to,
            references,
            fallback: fallback_hash(&headers.subject_key, &headers.participants),
        }
    }
}

/// A threading key's 64-bit hash: std's `DefaultHasher::new()` (fixed keys), deterministic
/// within a Rust version — enough, as these hashes live only in memory and are never persisted
/// (thread ids are built from the header text, see `threading::thread_id`). With n distinct ids
/// two collide with probability about n²/2⁶⁵ (3·10⁻⁸ for a million ids): negligible, and a
/// collision would only merge two conversations.
pub fn key_hash(id: &str) -> KeyHash {
    let mut hasher = std::hash::DefaultHasher::new();
    hasher.write(id.as_bytes());
    non_zero(hasher.finish())
}

/// The subject fallback's key: `None` for an empty subject key.
pub fn fallback_hash(subject_key: &str, participants: &[String]) -> Option<KeyHash> {
    if subject_key.is_empty() {
        return None;
    }
    let mut hasher = std::hash::DefaultHasher::new();
    // `str` and slice hashing are prefix-free: ("a b", []) and ("a", ["b"]) differ.
    (subject_key, participants).hash(&mut hasher);
    Some(non_zero(hasher.finish()))
}

fn non_zero(hash: u64) -> KeyHash {
    NonZeroU64::new(hash).unwrap_or(NonZeroU64::MIN)
}

/// An email's header fields, parsed from its header block: what the index does not keep.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Headers {
    /// Without `<` `>`.
    pub message_id: Option<String>,
    pub in_reply_to: Vec<String>,
    pub references: Vec<String>,
    /// As written (decoded).
    pub subject: Option<String>,
    /// See [`subject_key`].
    pub subject_key: String,
    /// Sorted, deduplicated lowercase addresses of From, To and Cc.
    pub participants: Vec<String>,
    /// Lowercase.
    pub from_address: Option<String>,
    /// `Name <addr>`, as a single `.eml` gives it.
    pub from_display: Option<String>,
    /// Unix seconds.
    pub date: Option<i64>,
}

impl Headers {
    pub(crate) fn from_message(message: &Message<'_>) -> Headers {
        let subject = message.subject().map(str::to_string);
        Headers {
            message_id: message.message_id().and_then(clean_id),
            in_reply_to: id_list(message.in_reply_to()),
            references: id_list(message.references()),
            subject_key: subject_key(subject.as_deref().unwrap_or_default()),
            subject,
            participants: participants(message),
            from_address: message
                .from()
                .and_then(Address::first)
                .and_then(|a| a.address())
                .map(|a| a.trim().to_lowercase())
                .filter(|a| !a.is_empty()),
            from_display: from_display(message),
            date: message
                .date()
                .filter(|d| d.is_valid())
                .map(|d| d.to_timestamp()),
        }
    }

    fn is_plausible_mail(&self) -> bool {
        self.from_address.is_some() || self.message_id.is_some() || self.date.is_some()
    }
}

/// A problem with one input item; never fatal to the job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemError {
    /// `path`, or `path@offset` for an mbox message.
    pub source: String,
    pub reason: String,
}

impl ItemError {
    pub fn new(source: impl fmt::Display, reason: impl Into<String>) -> ItemError {
        ItemError {
            source: source.to_string(),
            reason: reason.into(),
        }
    }
}

impl fmt::Display for ItemError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.source, self.reason)
    }
}

impl std::error::Error for ItemError {}

/// What scanning found.
#[derive(Debug, Default)]
pub struct Scan {
    pub mails: Vec<MailRef>,
    /// JSONL / NDJSON files of threads, listed in walk order and not read here.
    pub jsonl: Vec<PathBuf>,
    pub errors: Vec<ItemError>,
}

/// Larger emails are skipped with an [`ItemError`].
pub const MAX_MESSAGE_BYTES: u64 = 25 * 1024 * 1024;

/// At most this much of a message's header block is kept and parsed while scanning.
pub const MAX_HEADER_BYTES: usize = 256 * 1024;

/// Longest line prefix kept while streaming an mbox; the rest of a longer line is skipped.
const MAX_LINE_KEEP: usize = 64 * 1024;

/// Walks the inputs, in order: directories recursively (every regular file that is an `*.eml`,
/// a maildir `cur/` or `new/` entry, an mbox, a JSONL file, or that looks like RFC 822; other
/// files, hidden entries and maildir `tmp/` are passed over silently; symlinked directories are
/// not followed), `.jsonl`/`.ndjson` files (listed, not read), mbox files (`.mbox`, `.mbx`, or
/// content starting with `From `) and single `.eml` files. A file named on the command line that
/// is none of these is an [`ItemError`].
///
/// A missing or unreadable path (input, directory or file met in the walk) is `Err`, its message
/// naming the path; bad individual messages go to [`Scan::errors`].
pub fn scan(inputs: &[PathBuf]) -> Result<Scan, io::Error> {
    let mut scan = Scan::default();
    for input in inputs {
        let meta = std::fs::metadata(input).map_err(|e| path_error(input, e))?;
        if meta.is_dir() {
            walk_dir(input, &mut scan)?;
        } else {
            scan_file(input, true, &mut scan)?;
        }
    }
    // The index lives for the whole job: drop the growth slack.
    scan.mails.shrink_to_fit();
    Ok(scan)
}

/// Reads one email's bytes back (an mbox message with one `>` removed from `>…From ` lines).
pub fn read(location: &Location) -> Result<Vec<u8>, ItemError> {
    let err = |reason: String| ItemError::new(location, reason);
    match location {
        Location::File(path) => {
            let mut file =
                File::open(path.as_path()).map_err(|e| err(format!("cannot read: {e}")))?;
            let size = file
                .metadata()
                .map_err(|e| err(format!("cannot read: {e}")))?
                .len();
            check_size(size).map_err(err)?;
            let mut bytes = Vec::with_capacity(size as usize);
            file.read_to_end(&mut bytes)
                .map_err(|e| err(format!("cannot read: {e}")))?;
            Ok(bytes)
        }
        Location::Mbox { path, offset, len } => {
            check_size(*len).map_err(err)?;
            let mut file =
                File::open(path.as_path()).map_err(|e| err(format!("cannot read: {e}")))?;
            file.seek(SeekFrom::Start(*offset))
                .map_err(|e| err(format!("cannot read: {e}")))?;
            let mut bytes = Vec::with_capacity(*len as usize);
            file.take(*len)
                .read_to_end(&mut bytes)
                .map_err(|e| err(format!("cannot read: {e}")))?;
            if bytes.len() as u64 != *len {
                return Err(err(format!(
                    "mbox changed since it was scanned: expected {len} bytes, found {}",
                    bytes.len()
                )));
            }
            Ok(unescape_mboxrd(&bytes))
        }
    }
}

/// Reads one email's header block back (as scanning read it: capped at [`MAX_HEADER_BYTES`])
/// and parses its fields.
pub fn read_headers(location: &Location) -> Result<Headers, ItemError> {
    let err = |reason: String| ItemError::new(location, reason);
    let cannot = |e: io::Error| err(format!("cannot read: {e}"));
    let mut file = File::open(location.path()).map_err(cannot)?;
    let header = match location {
        Location::File(_) => read_header_block(&mut BufReader::new(file)).map_err(cannot)?,
        Location::Mbox { offset, len, .. } => {
            let size = file.metadata().map_err(cannot)?.len();
            if offset.saturating_add(*len) > size {
                return Err(err(format!(
                    "mbox changed since it was scanned: it is {size} bytes, the message ends at {}",
                    offset.saturating_add(*len)
                )));
            }
            file.seek(SeekFrom::Start(*offset)).map_err(cannot)?;
            read_header_block(&mut BufReader::new(file.take(*len))).map_err(cannot)?
        }
    };
    parse_header_block(&header).map_err(err)
}

/// Normalises a subject for the threading fallback: lowercase, reply/forward prefixes (`Re:`,
/// `Fwd:`, `Fw:`, `AW:`, `WG:`, `RV:`, `TR:`, `SV:`, also `Re[2]:`) and `[tags]` removed from
/// the front, whitespace collapsed.
pub fn subject_key(subject: &str) -> String {
    const PREFIXES: [&str; 8] = ["re", "fwd", "fw", "aw", "wg", "rv", "tr", "sv"];
    let lower = subject.to_lowercase();
    let mut rest = lower.trim();
    loop {
        let before = rest;
        if let Some(tail) = rest.strip_prefix('[') {
            if let Some(end) = tail.find(']') {
                rest = tail[end + 1..].trim_start();
            }
        }
        for prefix in PREFIXES {
            let Some(tail) = rest.strip_prefix(prefix) else {
                continue;
            };
            // An optional counter, "Re[2]:" or "Re(2):", then the colon (also full-width).
            let tail = strip_counter(tail);
            let tail = tail.trim_start();
            if let Some(t) = tail.strip_prefix(':').or_else(|| tail.strip_prefix('：')) {
                rest = t.trim_start();
                break;
            }
        }
        if rest == before {
            break;
        }
    }
    rest.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn strip_counter(s: &str) -> &str {
    for (open, close) in [('[', ']'), ('(', ')')] {
        if let Some(inner) = s.strip_prefix(open) {
            if let Some(end) = inner.find(close) {
                if inner[..end].chars().all(|c| c.is_ascii_digit()) {
                    return &inner[end + 1..];
                }
            }
        }
    }
    s
}

fn path_error(path: &Path, e: io::Error) -> io::Error {
    io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}

fn check_size(size: u64) -> Result<(), String> {
    if size > MAX_MESSAGE_BYTES {
        Err(format!(
            "message is {size} bytes, over the limit of {MAX_MESSAGE_BYTES} bytes"
        ))
    } else {
        Ok(())
    }
}

fn walk_dir(dir: &Path, scan: &mut Scan) -> io::Result<()> {
    let mut entries = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| path_error(dir, e))? {
        let entry = entry.map_err(|e| path_error(dir, e))?;
        entries.push(entry.path());
    }
    entries.sort();
    let is_maildir = entries
        .iter()
        .any(|p| matches!(file_name(p), Some("cur" | "new")));
    for path in entries {
        let name = file_name(&path).unwrap_or_default();
        if name.starts_with('.') {
            continue;
        }
        let link = std::fs::symlink_metadata(&path).map_err(|e| path_error(&path, e))?;
        if link.is_dir() {
            // Messages still being delivered: never complete, never meant to be read.
            if !(is_maildir && name == "tmp") {
                walk_dir(&path, scan)?;
            }
            continue;
        }
        // A symlink is followed to a file, never to a directory (no cycles).
        let meta = if link.file_type().is_symlink() {
            match std::fs::metadata(&path) {
                Ok(m) => m,
                // A dangling link inside an export is not a typo on the command line.
                Err(_) => continue,
            }
        } else {
            link
        };
        if meta.is_file() {
            scan_file(&path, false, scan)?;
        }
    }
    Ok(())
}

fn file_name(path: &Path) -> Option<&str> {
    path.file_name().and_then(|n| n.to_str())
}

fn extension(path: &Path) -> Option<String> {
    path.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
}

fn in_maildir_folder(path: &Path) -> bool {
    matches!(path.parent().and_then(file_name), Some("cur") | Some("new"))
}

/// `explicit`: the file was named on the command line (an unrecognised file is then reported).
fn scan_file(path: &Path, explicit: bool, scan: &mut Scan) -> io::Result<()> {
    match extension(path).as_deref() {
        Some("jsonl" | "ndjson") => {
            scan.jsonl.push(path.to_path_buf());
            return Ok(());
        }
        Some("mbox" | "mbx") => return scan_mbox(path, scan),
        Some("eml") => return scan_eml(path, true, scan),
        _ => {}
    }
    if in_maildir_folder(path) {
        return scan_eml(path, true, scan);
    }
    let mut head = [0u8; 512];
    let n = read_prefix(path, &mut head)?;
    let head = &head[..n];
    if head.starts_with(b"From ") {
        scan_mbox(path, scan)
    } else if looks_like_header_line(head) {
        // In a directory a stray "Note: …" text file is not mail: require real mail headers.
        scan_eml(path, explicit, scan)
    } else {
        if explicit {
            scan.errors.push(ItemError::new(
                path.display(),
                "not recognised as an email, an mbox or a JSONL file",
            ));
        }
        Ok(())
    }
}

fn read_prefix(path: &Path, buf: &mut [u8]) -> io::Result<usize> {
    let mut file = File::open(path).map_err(|e| path_error(path, e))?;
    let mut n = 0;
    while n < buf.len() {
        match file.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(path_error(path, e)),
        }
    }
    Ok(n)
}

/// First line is `Name: value` with an RFC 5322 field name.
fn looks_like_header_line(head: &[u8]) -> bool {
    let line = head.split(|b| *b == b'\n').next().unwrap_or_default();
    let Some(colon) = line.iter().position(|b| *b == b':') else {
        return false;
    };
    colon > 0
        && line[..colon]
            .iter()
            .all(|b| b.is_ascii_graphic() && *b != b':')
}

/// One email in its own file. `trusted`: named `.eml`, in a maildir, or on the command line —
/// any parseable header block makes it mail; otherwise From, Date or Message-ID is required
/// and a file without them is passed over silently.
fn scan_eml(path: &Path, trusted: bool, scan: &mut Scan) -> io::Result<()> {
    let file = File::open(path).map_err(|e| path_error(path, e))?;
    let size = file.metadata().map_err(|e| path_error(path, e))?.len();
    let source = path.display();
    if let Err(reason) = check_size(size) {
        scan.errors.push(ItemError::new(source, reason));
        return Ok(());
    }
    let header = read_header_block(&mut BufReader::new(file)).map_err(|e| path_error(path, e))?;
    match parse_header_block(&header) {
        Ok(headers) if trusted || headers.is_plausible_mail() => {
            let location = Location::File(Arc::new(path.to_path_buf()));
            scan.mails.push(MailRef::new(location, &headers));
        }
        Ok(_) => {}
        Err(reason) if trusted => scan.errors.push(ItemError::new(source, reason)),
        Err(_) => {}
    }
    Ok(())
}

/// Reads lines up to and including the blank line that ends a header block (or to EOF),
/// keeping at most [`MAX_LINE_KEEP`] bytes of a line and [`MAX_HEADER_BYTES`] in all.
fn read_header_block(reader: &mut impl BufRead) -> io::Result<Vec<u8>> {
    let mut header = Vec::new();
    let mut line = Vec::new();
    loop {
        let (n, _) = read_line_capped(reader, &mut line, MAX_LINE_KEEP)?;
        if n == 0 {
            break;
        }
        push_capped(&mut header, &line, MAX_HEADER_BYTES);
        if is_blank(&line) || header.len() >= MAX_HEADER_BYTES {
            break;
        }
    }
    Ok(header)
}

/// A message being accumulated while streaming an mbox.
struct Pending {
    offset: u64,
    header: Vec<u8>,
    in_header: bool,
}

fn scan_mbox(path: &Path, scan: &mut Scan) -> io::Result<()> {
    let file = File::open(path).map_err(|e| path_error(path, e))?;
    // One allocation for the path, shared by every message of the file.
    let shared = Arc::new(path.to_path_buf());
    let mut reader = BufReader::with_capacity(64 * 1024, file);
    let mut line = Vec::new();
    let mut pos: u64 = 0;
    // Length of the previous line if it was blank (the separator before a `From ` line), else 0;
    // `None` at the start of the file, where a `From ` line needs no blank line before it.
    let mut prev_blank: Option<u64> = None;
    let mut current: Option<Pending> = None;
    let mut leading_garbage = false;
    loop {
        let (n, _) = read_line_capped(&mut reader, &mut line, MAX_LINE_KEEP)
            .map_err(|e| path_error(path, e))?;
        if n == 0 {
            break;
        }
        let separator = match prev_blank {
            None => Some(0),
            Some(0) => None,
            Some(blank) => Some(blank),
        };
        if let (Some(blank), true) = (separator, line.starts_with(b"From ")) {
            if let Some(done) = current.take() {
                finish_mbox_message(&shared, done, pos - blank, scan);
            }
            current = Some(Pending {
                offset: pos + n,
                header: Vec::new(),
                in_header: true,
            });
        } else if let Some(p) = current.as_mut() {
            if p.in_header {
                push_capped(&mut p.header, &line, MAX_HEADER_BYTES);
                if is_blank(&line) {
                    p.in_header = false;
                }
            }
        } else if !line.iter().all(u8::is_ascii_whitespace) {
            leading_garbage = true;
        }
        prev_blank = Some(if is_blank(&line) { n } else { 0 });
        pos += n;
    }
    if let Some(done) = current.take() {
        // The blank line that ends the last message is the separator mbox writers append.
        finish_mbox_message(&shared, done, pos - prev_blank.unwrap_or(0), scan);
    }
    if leading_garbage {
        scan.errors.push(ItemError::new(
            path.display(),
            "text before the first `From ` line of the mbox was ignored",
        ));
    }
    Ok(())
}

fn finish_mbox_message(path: &Arc<PathBuf>, pending: Pending, end: u64, scan: &mut Scan) {
    let len = end.saturating_sub(pending.offset);
    let location = Location::Mbox {
        path: path.clone(),
        offset: pending.offset,
        len,
    };
    let result = check_size(len).and_then(|()| parse_header_block(&pending.header));
    match result {
        Ok(headers) => scan.mails.push(MailRef::new(location, &headers)),
        Err(reason) => scan.errors.push(ItemError::new(&location, reason)),
    }
}

/// Reads one line (through `\n` or to EOF), consuming it whole but keeping at most `keep`
/// bytes of it in `buf`, so one enormous line cannot grow memory. Returns the line's full
/// length and whether it was truncated.
fn read_line_capped(
    reader: &mut impl BufRead,
    buf: &mut Vec<u8>,
    keep: usize,
) -> io::Result<(u64, bool)> {
    buf.clear();
    let mut total: u64 = 0;
    let mut truncated = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok((total, truncated));
        }
        let (chunk, done) = match available.iter().position(|b| *b == b'\n') {
            Some(i) => (&available[..=i], true),
            None => (available, false),
        };
        let room = keep.saturating_sub(buf.len());
        if chunk.len() > room {
            truncated = true;
        }
        buf.extend_from_slice(&chunk[..chunk.len().min(room)]);
        let used = chunk.len();
        total += used as u64;
        reader.consume(used);
        if done {
            return Ok((total, truncated));
        }
    }
}

fn push_capped(dst: &mut Vec<u8>, src: &[u8], cap: usize) {
    let room = cap.saturating_sub(dst.len());
    dst.extend_from_slice(&src[..src.len().min(room)]);
}

fn is_blank(line: &[u8]) -> bool {
    line == b"\n" || line == b"\r\n"
}

/// mboxrd: a body line `>From `, `>>From `, … was escaped by adding one `>`; remove it.
fn unescape_mboxrd(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    for line in bytes.split_inclusive(|b| *b == b'\n') {
        let quotes = line.iter().take_while(|b| **b == b'>').count();
        if quotes > 0 && line[quotes..].starts_with(b"From ") {
            out.extend_from_slice(&line[1..]);
        } else {
            out.extend_from_slice(line);
        }
    }
    out
}

/// Parses a header block's fields.
fn parse_header_block(header: &[u8]) -> Result<Headers, String> {
    let message = MessageParser::default()
        .parse_headers(header)
        // mail-parser takes any "text:" line, even binary, for a header: require a standard one.
        .filter(|m| {
            m.headers()
                .iter()
                .any(|h| !matches!(h.name, HeaderName::Other(_)))
        })
        .ok_or("no parseable RFC 822 header block")?;
    Ok(Headers::from_message(&message))
}

fn clean_id(id: &str) -> Option<String> {
    let id = id
        .trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .trim();
    (!id.is_empty()).then(|| id.to_string())
}

fn id_list(value: &HeaderValue<'_>) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for id in value.as_text_list().unwrap_or_default() {
        if let Some(id) = clean_id(id) {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    ids
}

fn participants(message: &Message<'_>) -> Vec<String> {
    let mut all: Vec<String> = message
        .from()
        .into_iter()
        .chain(message.all_to())
        .chain(message.all_cc())
        .flat_map(|a| a.iter())
        .filter_map(|a| a.address())
        .map(|a| a.trim().to_lowercase())
        .filter(|a| !a.is_empty())
        .collect();
    all.sort();
    all.dedup();
    all
}

/// "Name <addr>" as `thread::email` writes it; a bare address or a bare name otherwise.
fn from_display(message: &Message<'_>) -> Option<String> {
    let addr = message.from().and_then(Address::first)?;
    let display = match (addr.name(), addr.address()) {
        (Some(n), Some(a)) => format!("{n} <{a}>"),
        (Some(n), None) => n.to_string(),
        (None, Some(a)) => a.to_string(),
        (None, None) => String::new(),
    };
    (!display.is_empty()).then_some(display)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixtures() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mail")
    }

    fn by_id<'a>(scan: &'a Scan, id: &str) -> &'a MailRef {
        scan.mails
            .iter()
            .find(|m| m.message_id == Some(key_hash(id)))
            .unwrap_or_else(|| panic!("no message {id}"))
    }

    #[test]
    fn subject_keys() {
        assert_eq!(subject_key("Re: Pricing"), "pricing");
        assert_eq!(
            subject_key("  RE: Fwd:  Pricing   for Q3 "),
            "pricing for q3"
        );
        assert_eq!(subject_key("AW: WG: Angebot"), "angebot");
        assert_eq!(subject_key("[EXTERNAL] Re: [acme] SV: Offert"), "offert");
        assert_eq!(subject_key("Re[2]: TR: RV: Devis"), "devis");
        assert_eq!(subject_key("Fw: Réunion"), "réunion");
        assert_eq!(
            subject_key("Regarding the renewal"),
            "regarding the renewal"
        );
        assert_eq!(subject_key(""), "");
    }

    #[test]
    fn scanning_the_mbox_finds_every_message_at_its_offset() {
        let path = fixtures().join("sales.mbox");
        let scan = scan(std::slice::from_ref(&path)).unwrap();
        assert_eq!(scan.mails.len(), 10, "{:?}", scan.errors);
        assert!(scan.errors.is_empty(), "{:?}", scan.errors);
        assert!(scan.jsonl.is_empty());

        let raw = std::fs::read(&path).unwrap();
        for mail in &scan.mails {
            let Location::Mbox { offset, len, .. } = &mail.location else {
                panic!("not an mbox location");
            };
            let (offset, len) = (*offset as usize, *len as usize);
            // Each message starts right after its `From ` line, ends before the blank separator.
            let before = &raw[..offset];
            let from_line_start = before[..before.len() - 1]
                .iter()
                .rposition(|b| *b == b'\n')
                .map_or(0, |i| i + 1);
            assert!(raw[from_line_start..].starts_with(b"From "));
            let after = &raw[offset + len..];
            assert!(
                after.is_empty() || after.starts_with(b"\nFrom ") || after == b"\n",
                "{:?}",
                String::from_utf8_lossy(&after[..after.len().min(20)])
            );
            assert!(
                raw[offset..].starts_with(b"From: ") || raw[offset..].starts_with(b"Return-Path")
            );
        }

        let first = &scan.mails[0];
        assert_eq!(
            first.message_id,
            Some(key_hash("pricing-1@northwind.example"))
        );
        assert_eq!(first.date, Some(1_772_442_000)); // Mon, 2 Mar 2026 09:00:00 +0000
                                                     // The text fields are read back from the header block.
        let headers = read_headers(&first.location).unwrap();
        assert_eq!(
            headers.message_id.as_deref(),
            Some("pricing-1@northwind.example")
        );
        assert_eq!(headers.subject.as_deref(), Some("Pricing"));
        assert_eq!(headers.subject_key, "pricing");
        assert_eq!(
            headers.participants,
            vec!["dana.reyes@northwind.example", "rob.miller@vendor.example"]
        );
        assert_eq!(
            headers.from_address.as_deref(),
            Some("dana.reyes@northwind.example")
        );
        assert_eq!(
            headers.from_display.as_deref(),
            Some("Dana Reyes <dana.reyes@northwind.example>")
        );
        assert_eq!(headers.date, first.date);
        assert_eq!(
            first.fallback,
            fallback_hash(&headers.subject_key, &headers.participants)
        );

        // Reading back gives the exact message, with the mboxrd escape removed.
        let escaped = by_id(&scan, "pricing-2@vendor.example");
        let bytes = read(&escaped.location).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.starts_with("From: Rob Miller <rob.miller@vendor.example>\n"));
        assert!(text.contains("\nFrom the start of the pilot"), "{text}");
        assert!(text.contains("\n>From the desk of"), "{text}");
        assert!(!text.contains("\n>From the start"), "{text}");
        assert!(text.ends_with("Rob\n"), "{text:?}");

        let refs = by_id(&scan, "pricing-3@northwind.example");
        let headers = read_headers(&refs.location).unwrap();
        assert_eq!(headers.in_reply_to, vec!["pricing-2@vendor.example"]);
        assert_eq!(
            headers.references,
            vec!["pricing-1@northwind.example", "pricing-2@vendor.example"]
        );
        assert_eq!(
            *refs.references,
            [
                key_hash("pricing-1@northwind.example"),
                key_hash("pricing-2@vendor.example")
            ]
        );
        // In-Reply-To repeats the last reference: not stored twice.
        assert!(refs.in_reply_to.is_empty());
        // An In-Reply-To id that References lacks is kept.
        let headers =
            parse_header_block(b"From: a@x\nIn-Reply-To: <p@x> <q@x>\nReferences: <q@x>\n\n")
                .unwrap();
        let reply = MailRef::new(refs.location.clone(), &headers);
        assert_eq!(*reply.in_reply_to, [key_hash("p@x")]);
        assert_eq!(*reply.references, [key_hash("q@x")]);
    }

    #[test]
    fn reading_back_latin1_keeps_raw_bytes() {
        let scan = scan(&[fixtures().join("sales.mbox")]).unwrap();
        let mail = by_id(&scan, "devis-1@fromagerie.example");
        let bytes = read(&mail.location).unwrap();
        // "Très" in ISO-8859-1: 0xE8 for è, not UTF-8.
        assert!(bytes.windows(4).any(|w| w == b"Tr\xe8s"));
        let headers = read_headers(&mail.location).unwrap();
        assert_eq!(headers.subject_key, "devis pour la saison d'été");
    }

    #[test]
    fn maildir_and_single_eml() {
        let scan = scan(&[fixtures().join("maildir"), fixtures().join("single.eml")]).unwrap();
        assert!(scan.errors.is_empty(), "{:?}", scan.errors);
        assert_eq!(scan.mails.len(), 4);
        // Walk order is sorted: cur/ before new/, tmp/ skipped, then the explicit file.
        let names: Vec<String> = scan
            .mails
            .iter()
            .map(|m| match &m.location {
                Location::File(p) => p.parent().and_then(file_name).unwrap().to_string(),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(names, ["cur", "cur", "new", "mail"]);
        let single = scan.mails.last().unwrap();
        assert_eq!(
            single.message_id,
            Some(key_hash("single-1@brightlabs.example"))
        );
        assert_eq!(
            read_headers(&single.location)
                .unwrap()
                .message_id
                .as_deref(),
            Some("single-1@brightlabs.example")
        );
        let bytes = read(&single.location).unwrap();
        assert_eq!(bytes, std::fs::read(fixtures().join("single.eml")).unwrap());
    }

    #[test]
    fn walking_a_directory_sorts_kinds_and_reports_bad_items() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("threads.jsonl"), "{}\n").unwrap();
        std::fs::write(root.join("notes.txt"), "Note: call Dana back\n").unwrap();
        std::fs::write(root.join("readme"), "just text\n").unwrap();
        std::fs::write(root.join(".hidden.eml"), "From: a@x.example\n\nhi\n").unwrap();
        std::fs::write(root.join("broken.eml"), "\u{0}\u{1}binary garbage").unwrap();
        std::fs::create_dir(root.join("sub")).unwrap();
        std::fs::write(
            root.join("sub/no-ext"),
            "Received: by mx\nFrom: b@y.example\nMessage-ID: <n@y>\n\nbody\n",
        )
        .unwrap();
        std::fs::write(
            root.join("sub/archive"),
            "From a@x Mon Mar  2 09:00:00 2026\nFrom: a@x.example\nSubject: hi\n\nbody\n",
        )
        .unwrap();
        let scan = scan(&[root.to_path_buf()]).unwrap();
        assert_eq!(scan.jsonl, vec![root.join("threads.jsonl")]);
        let ids: Vec<_> = scan.mails.iter().map(|m| m.location.to_string()).collect();
        assert_eq!(ids.len(), 2, "{ids:?}");
        assert!(ids[0].ends_with("archive@34"), "{ids:?}");
        assert!(ids[1].ends_with("no-ext"), "{ids:?}");
        assert_eq!(scan.errors.len(), 1, "{:?}", scan.errors);
        assert!(scan.errors[0].source.ends_with("broken.eml"));
        assert!(scan.errors[0].reason.contains("header"));
    }

    #[test]
    fn a_missing_input_is_fatal() {
        let missing = fixtures().join("no-such-mailbox.mbox");
        let err = scan(&[missing]).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::NotFound);
        assert!(err.to_string().contains("no-such-mailbox.mbox"), "{err}");
    }

    #[test]
    fn an_explicit_unrecognised_file_is_an_item_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.txt");
        std::fs::write(&path, "Call Dana on Monday.\n").unwrap();
        let scan = scan(&[path]).unwrap();
        assert!(scan.mails.is_empty());
        assert_eq!(scan.errors.len(), 1);
    }

    #[test]
    fn oversized_and_headerless_mbox_messages_are_item_errors() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("odd.mbox");
        let mut data = Vec::new();
        data.extend_from_slice(b"junk before\n\nFrom a Mon Mar  2 09:00:00 2026\n");
        data.extend_from_slice(b"this is not a header block\n\n");
        data.extend_from_slice(b"From b Mon Mar  2 09:00:00 2026\n");
        data.extend_from_slice(b"From: b@x.example\nMessage-ID: <big@x>\n\n");
        // One enormous line: streamed past, never buffered whole.
        data.extend(std::iter::repeat_n(b'a', MAX_MESSAGE_BYTES as usize + 10));
        data.extend_from_slice(b"\n\nFrom c Mon Mar  2 09:00:00 2026\n");
        data.extend_from_slice(b"From: c@x.example\r\nMessage-ID: <ok@x>\r\n\r\nfine\r\n");
        std::fs::write(&path, &data).unwrap();
        let scan = scan(std::slice::from_ref(&path)).unwrap();
        assert_eq!(scan.mails.len(), 1);
        assert_eq!(scan.mails[0].message_id, Some(key_hash("ok@x")));
        assert_eq!(
            read(&scan.mails[0].location).unwrap(),
            b"From: c@x.example\r\nMessage-ID: <ok@x>\r\n\r\nfine\r\n"
        );
        let reasons: Vec<_> = scan.errors.iter().map(|e| e.reason.as_str()).collect();
        assert_eq!(reasons.len(), 3, "{reasons:?}");
        assert!(reasons[0].contains("header"), "{reasons:?}");
        assert!(reasons[1].contains("over the limit"), "{reasons:?}");
        assert!(reasons[2].contains("before the first"), "{reasons:?}");
        assert!(scan.errors[0].source.contains("odd.mbox@"));
    }

    #[test]
    fn unescaping_mboxrd() {
        assert_eq!(
            unescape_mboxrd(b"a\n>From x\n>>From y\n> From z\n>Fromage\nFrom w"),
            b"a\nFrom x\n>From y\n> From z\n>Fromage\nFrom w"
        );
    }

    #[test]
    fn a_big_mbox_is_scanned_into_small_index_entries() {
        use std::io::Write;
        const COUNT: usize = 20_000;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.mbox");
        let mut out = io::BufWriter::new(File::create(&path).unwrap());
        for i in 0..COUNT {
            write!(
                out,
                "From sender{i}@client.example Mon Mar  2 09:00:00 2026\n\
                 From: Sender {i} <sender{i}@client.example>\n\
                 To: rep@vendor.example\n\
                 Subject: Question {i}\n\
                 Date: Mon, 2 Mar 2026 09:{:02}:{:02} +0000\n\
                 Message-ID: <q{i}@client.example>\n\
                 \n\
                 Hello, question number {i}.\n\
                 >From the archive: line {i}\n\
                 \n",
                (i / 60) % 60,
                i % 60
            )
            .unwrap();
        }
        out.flush().unwrap();
        drop(out);
        let scan = scan(std::slice::from_ref(&path)).unwrap();
        assert!(scan.errors.is_empty(), "{:?}", &scan.errors[..1]);
        assert_eq!(scan.mails.len(), COUNT);
        let last = &scan.mails[COUNT - 1];
        assert_eq!(last.message_id, Some(key_hash("q19999@client.example")));
        // One path allocation for the whole file.
        let Location::Mbox {
            path: last_path, ..
        } = &last.location
        else {
            panic!("not an mbox location");
        };
        let Location::Mbox {
            path: first_path, ..
        } = &scan.mails[0].location
        else {
            panic!("not an mbox location");
        };
        assert!(Arc::ptr_eq(first_path, last_path));
        let body = String::from_utf8(read(&last.location).unwrap()).unwrap();
        assert!(body.ends_with("question number 19999.\nFrom the archive: line 19999\n"));
    }

    /// The index must stay small whatever the number of messages: inline size plus the
    /// hashes' boxed slices for a typical reply (three References, In-Reply-To repeating the
    /// last one, To and Cc), the mbox path being shared by all of the file's messages.
    #[test]
    fn an_index_entry_takes_at_most_120_bytes() {
        let header = b"From: Dana Reyes <dana.reyes@northwind.example>\n\
            To: Rob Miller <rob.miller@vendor.example>\n\
            Cc: Sam Lee <sam.lee@northwind.example>, finance@northwind.example\n\
            Subject: Re: Re: Pricing for the 2026 renewal of our fifty seats\n\
            Date: Thu, 5 Mar 2026 16:45:00 +0000\n\
            Message-ID: <CAH7x9q2-4bLk0@mail.northwind.example>\n\
            In-Reply-To: <20260304.0912.rob@vendor.example>\n\
            References: <CAH7x9q2-1aaa@mail.northwind.example>\n\
            \t<20260303.1715.rob@vendor.example> <20260304.0912.rob@vendor.example>\n\
            \n";
        let headers = parse_header_block(header).unwrap();
        assert_eq!(headers.references.len(), 3);
        let location = Location::Mbox {
            path: Arc::new(PathBuf::from("/exports/2026/customers.mbox")),
            offset: 123_456_789,
            len: 5_000,
        };
        let mail = MailRef::new(location, &headers);
        let heap =
            std::mem::size_of_val(&*mail.references) + std::mem::size_of_val(&*mail.in_reply_to);
        let total = std::mem::size_of::<MailRef>() + heap;
        assert_eq!(heap, 3 * 8, "{mail:?}");
        assert!(total <= 120, "{total} bytes per message");
        // Without the In-Reply-To deduplication it would still fit.
        assert!(total + 8 <= 120, "{total} bytes per message");
        assert!(mail.message_id.is_some() && mail.fallback.is_some() && mail.date.is_some());
    }

    #[test]
    fn key_hashes_are_stable_and_distinguish_keys() {
        assert_eq!(key_hash("a@x"), key_hash("a@x"));
        assert_ne!(key_hash("a@x"), key_hash("b@x"));
        let people = |p: &[&str]| p.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(fallback_hash("", &people(&["a@x"])), None);
        let base = fallback_hash("pricing", &people(&["a@x", "b@x"]));
        assert!(base.is_some());
        assert_eq!(base, fallback_hash("pricing", &people(&["a@x", "b@x"])));
        assert_ne!(base, fallback_hash("pricing", &people(&["a@x"])));
        assert_ne!(base, fallback_hash("pricing 2", &people(&["a@x", "b@x"])));
        assert_ne!(
            fallback_hash("a b", &people(&[])),
            fallback_hash("a", &people(&["b"]))
        );
    }
}
