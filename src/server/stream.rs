//! Reading a model's JSON answer while it is still being written, for SSE.
//!
//! Owns turning raw output chunks into the two early events a UI wants: the `analysis` object
//! as soon as it is complete, and each reply's `text` as it grows. It must not validate the
//! answer (the pipeline does, at the end) and never fails: text that is not the expected shape
//! simply yields no early events, and the final `done` event carries the truth.
//!
//! Why by hand: no JSON crate parses a prefix of a document and reports partial string values.
//! The answer is small (a few KB), so each call rescans the buffer from the start; this keeps
//! the scanner stateless and obviously correct at the cost of O(n) work per chunk.

use serde_json::Value;

/// What the scanner found new since the last call.
#[derive(Debug, Clone, PartialEq)]
pub enum Early {
    Analysis(Value),
    /// New text of reply `index`, appended to what was sent before.
    ReplyText {
        index: usize,
        text: String,
    },
}

#[derive(Debug, Default)]
pub struct AnswerScanner {
    buffer: String,
    analysis_sent: bool,
    /// Characters of each reply's text already sent.
    sent: Vec<usize>,
}

impl AnswerScanner {
    pub fn new() -> AnswerScanner {
        AnswerScanner::default()
    }

    /// Forgets the output so far (the model starts over after a repair request). Reply text
    /// already sent stays sent; only new text beyond it will be reported.
    pub fn restart(&mut self) {
        self.buffer.clear();
    }

    pub fn analysis_sent(&self) -> bool {
        self.analysis_sent
    }

    /// Characters of reply `index` already reported.
    pub fn sent_chars(&self, index: usize) -> usize {
        self.sent.get(index).copied().unwrap_or(0)
    }

    /// Marks text as reported by the caller (used when flushing the final answer).
    pub fn mark_sent(&mut self, index: usize, chars: usize) {
        if self.sent.len() <= index {
            self.sent.resize(index + 1, 0);
        }
        self.sent[index] = self.sent[index].max(chars);
    }

    pub fn mark_analysis_sent(&mut self) {
        self.analysis_sent = true;
    }

    pub fn push(&mut self, chunk: &str) -> Vec<Early> {
        self.buffer.push_str(chunk);
        let mut out = Vec::new();
        if !self.analysis_sent {
            if let Some(analysis) = complete_object_after(&self.buffer, "\"analysis\"") {
                self.analysis_sent = true;
                out.push(Early::Analysis(analysis));
            }
        }
        let texts = reply_texts(&self.buffer);
        for (index, text) in texts.into_iter().enumerate() {
            let already = self.sent_chars(index);
            let new: String = text.chars().skip(already).collect();
            if !new.is_empty() {
                self.mark_sent(index, already + new.chars().count());
                out.push(Early::ReplyText { index, text: new });
            }
        }
        out
    }
}

/// The JSON object following `key:` once it is complete and parses.
fn complete_object_after(buffer: &str, key: &str) -> Option<Value> {
    let at = buffer.find(key)? + key.len();
    let rest = buffer[at..].trim_start().strip_prefix(':')?.trim_start();
    if !rest.starts_with('{') {
        return None;
    }
    let end = crate::model_json::balanced_object_len(rest)?;
    serde_json::from_str(&rest[..end]).ok()
}

/// The (possibly partial) `text` values of the `replies` array, in order.
fn reply_texts(buffer: &str) -> Vec<String> {
    let Some(start) = buffer.find("\"replies\"") else {
        return Vec::new();
    };
    let mut texts = Vec::new();
    let mut rest = &buffer[start..];
    while let Some(i) = rest.find("\"text\"") {
        let after = rest[i + 6..].trim_start();
        let Some(value) = after.strip_prefix(':').map(str::trim_start) else {
            rest = &rest[i + 6..];
            continue;
        };
        let Some(body) = value.strip_prefix('"') else {
            rest = &rest[i + 6..];
            continue;
        };
        let (text, consumed, closed) = decode_partial_string(body);
        texts.push(text);
        if !closed {
            break;
        }
        rest = &body[consumed..];
    }
    texts
}

/// Decodes a JSON string body up to its closing quote or the end of input. Returns the text,
/// the bytes consumed and whether the string was closed. An escape cut in half is left out
/// until the rest arrives.
fn decode_partial_string(body: &str) -> (String, usize, bool) {
    let mut out = String::new();
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return (out, i + 1, true),
            '\\' => {
                let Some((_, e)) = chars.next() else {
                    return (out, i, false);
                };
                match e {
                    'n' => out.push('\n'),
                    't' => out.push('\t'),
                    'r' => out.push('\r'),
                    'b' => out.push('\u{8}'),
                    'f' => out.push('\u{c}'),
                    'u' => {
                        let hex: String = chars.by_ref().take(4).map(|(_, h)| h).collect();
                        if hex.len() < 4 {
                            return (out, i, false);
                        }
                        match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                            Some(ch) => out.push(ch),
                            // Half of a surrogate pair: the final answer will carry it.
                            None => out.push('\u{fffd}'),
                        }
                    }
                    other => out.push(other),
                }
            }
            c => out.push(c),
        }
    }
    (out, body.len(), false)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ANSWER: &str = r#"{"analysis":{"says":"s","means":"m {x}","objective":"o","structure":"a -> b","concern":"price","emotion":"e"},"questions":["q?"],"replies":[{"strategy":"explore","text":"Hi \"Dana\",\nthanks — é\u00e9!","wifm":"w"},{"strategy":"reframe","text":"Second reply.","wifm":"w2"}],"abstain":null}"#;

    fn feed_in_pieces(size: usize) -> (Vec<Value>, Vec<String>) {
        let mut scanner = AnswerScanner::new();
        let mut analyses = Vec::new();
        let mut texts = vec![String::new(), String::new()];
        let chars: Vec<char> = ANSWER.chars().collect();
        for piece in chars.chunks(size) {
            let piece: String = piece.iter().collect();
            for event in scanner.push(&piece) {
                match event {
                    Early::Analysis(v) => analyses.push(v),
                    Early::ReplyText { index, text } => texts[index].push_str(&text),
                }
            }
        }
        (analyses, texts)
    }

    #[test]
    fn any_chunking_yields_the_same_events() {
        for size in [1, 2, 3, 7, 50, ANSWER.len()] {
            let (analyses, texts) = feed_in_pieces(size);
            assert_eq!(analyses.len(), 1, "size {size}");
            assert_eq!(analyses[0]["concern"], "price");
            assert_eq!(texts[0], "Hi \"Dana\",\nthanks — éé!", "size {size}");
            assert_eq!(texts[1], "Second reply.");
        }
    }

    #[test]
    fn garbage_yields_nothing_and_never_panics() {
        let mut s = AnswerScanner::new();
        assert!(s
            .push("I cannot do that {\"replies\": [{\"text\": 5}]")
            .is_empty());
        assert!(s.push("\\u12").is_empty());
        let mut s = AnswerScanner::new();
        assert!(s.push("{\"replies\":[{\"text\":\"ab\\").len() == 1);
    }
}
