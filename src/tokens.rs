//! Token counting with `tiktoken-rs`, safe on hostile input.
//!
//! Owns choosing the BPE encoding for a model name, the shared (built once per process)
//! encoders, and counting in bounded pieces. It must not decide what to cut; that is
//! [`crate::budget`].
//!
//! Why pre-split by hand: tiktoken's pre-tokenizer turns a long run without whitespace (100 KB
//! of base64 or "aaaa…") into one piece, and BPE merging on one piece grows faster than
//! linearly. Cutting the text into windows of at most [`MAX_PIECE_BYTES`], at whitespace when
//! there is any, keeps counting linear; on ordinary prose the count is unchanged because cuts
//! fall where tiktoken would split anyway.

use std::sync::Mutex;

use tiktoken_rs::CoreBPE;

/// Largest slice handed to the encoder at once.
pub const MAX_PIECE_BYTES: usize = 384;

/// Tokens a chat message costs beyond its text (role and separators), as OpenAI documents.
pub const PER_MESSAGE_OVERHEAD: usize = 4;

/// Texts [`TokenCounter::count_recurring`] remembers: one system prompt per reply count and
/// encoding in use is a handful.
const RECURRING_ENTRIES: usize = 16;

/// Remembered counts of recurring texts: (encoding, text, tokens), oldest first. A short list
/// searched in order: with so few entries a map would not be faster.
static RECURRING: Mutex<Vec<(&'static str, String, usize)>> = Mutex::new(Vec::new());

/// A shared BPE encoder chosen for a model.
#[derive(Clone, Copy)]
pub struct TokenCounter {
    /// The shared encoder, loaded on the first count: building o200k's table takes about
    /// 130 ms, which commands that count nothing (`read`, `review`) need not pay.
    bpe: fn() -> &'static CoreBPE,
    encoding: &'static str,
}

impl std::fmt::Debug for TokenCounter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenCounter")
            .field("encoding", &self.encoding)
            .finish()
    }
}

impl TokenCounter {
    /// The encoder for `model`, or for an explicit encoding name. Models tiktoken does not
    /// know (Llama, Mistral, Qwen…) are estimated with o200k, the closest modern vocabulary.
    pub fn for_model(model: &str, encoding: Option<&str>) -> Result<TokenCounter, String> {
        if let Some(name) = encoding {
            return TokenCounter::by_encoding(name).ok_or_else(|| {
                format!("unknown encoding {name:?} (use o200k_base or cl100k_base)")
            });
        }
        let name = match tiktoken_rs::tokenizer::get_tokenizer(model) {
            Some(tiktoken_rs::tokenizer::Tokenizer::Cl100kBase) => "cl100k_base",
            _ => "o200k_base",
        };
        TokenCounter::by_encoding(name).ok_or_else(|| format!("encoding {name} unavailable"))
    }

    fn by_encoding(name: &str) -> Option<TokenCounter> {
        let bpe: fn() -> &'static CoreBPE = match name {
            "o200k_base" => tiktoken_rs::o200k_base_singleton,
            "cl100k_base" => tiktoken_rs::cl100k_base_singleton,
            _ => return None,
        };
        let encoding = if name == "o200k_base" {
            "o200k_base"
        } else {
            "cl100k_base"
        };
        Some(TokenCounter { bpe, encoding })
    }

    /// Builds the encoder's table now rather than on the first count: a server pays it before
    /// it listens, not on its first request.
    pub fn load(&self) {
        (self.bpe)();
    }

    pub fn encoding(&self) -> &'static str {
        self.encoding
    }

    /// Tokens in `text`, counted piece by piece (see the module doc).
    pub fn count(&self, text: &str) -> usize {
        pieces(text)
            .map(|p| (self.bpe)().encode_ordinary(p).len())
            .sum()
    }

    /// Tokens a list of chat messages costs as a prompt.
    pub fn count_chat<'a>(&self, contents: impl IntoIterator<Item = &'a str>) -> usize {
        self.count_prompt(None, contents)
    }

    /// Tokens a chat prompt costs: a system message, then the others. The system message is
    /// rendered from settings alone, so the same text recurs on every request; its count is
    /// remembered ([`TokenCounter::count_recurring`]), the others are counted each time.
    pub fn count_prompt<'a>(
        &self,
        system: Option<&str>,
        others: impl IntoIterator<Item = &'a str>,
    ) -> usize {
        let system = system.map_or(0, |s| self.count_recurring(s) + PER_MESSAGE_OVERHEAD);
        let others: usize = others
            .into_iter()
            .map(|c| self.count(c) + PER_MESSAGE_OVERHEAD)
            .sum();
        system + others + 3 // every reply is primed with an assistant header
    }

    /// Tokens in `text`, remembered for the next call with the same text: encoding a
    /// 2,000-token system prompt on every request cost more than reading the customer's
    /// message. The memo keeps what it is given, so it must never be given customer text.
    pub fn count_recurring(&self, text: &str) -> usize {
        let key = (self.encoding, text);
        // A poisoned memo only loses remembered counts; counting is still right.
        if let Ok(memo) = RECURRING.lock() {
            if let Some((_, _, n)) = memo.iter().find(|(e, t, _)| (*e, t.as_str()) == key) {
                return *n;
            }
        }
        let n = self.count(text);
        if let Ok(mut memo) = RECURRING.lock() {
            if memo.len() == RECURRING_ENTRIES {
                memo.remove(0);
            }
            memo.push((self.encoding, text.to_string(), n));
        }
        n
    }
}

/// Splits `text` into consecutive slices of at most [`MAX_PIECE_BYTES`] bytes, each ending
/// before a whitespace character when the window has one, always on a char boundary.
pub fn pieces(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let cut = cut_point(rest);
        let (piece, tail) = rest.split_at(cut);
        rest = tail;
        Some(piece)
    })
}

fn cut_point(text: &str) -> usize {
    if text.len() <= MAX_PIECE_BYTES {
        return text.len();
    }
    let mut limit = MAX_PIECE_BYTES;
    while !text.is_char_boundary(limit) {
        limit -= 1;
    }
    let window = &text[..limit];
    match window.rfind(char::is_whitespace) {
        Some(i) if i > 0 => i,
        // No whitespace: cut at the boundary. A char is at most 4 bytes, so limit > 0.
        _ => limit.max(text.chars().next().map_or(1, char::len_utf8)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counter() -> TokenCounter {
        TokenCounter::for_model("gpt-4.1-mini", None).unwrap()
    }

    #[test]
    fn recurring_counts_equal_fresh_counts_per_encoding() {
        let o200k = counter();
        let cl100k = TokenCounter::for_model("x", Some("cl100k_base")).unwrap();
        let system = "You are a coach. Answer with one JSON object. ".repeat(40);
        for c in [o200k, cl100k] {
            assert_eq!(c.count_recurring(&system), c.count(&system));
            assert_eq!(c.count_recurring(&system), c.count(&system), "remembered");
        }
        // The same text under two encodings is two entries, not one.
        let (a, b) = (
            o200k.count_recurring("naïve café"),
            cl100k.count_recurring("naïve café"),
        );
        assert_eq!(
            (a, b),
            (o200k.count("naïve café"), cl100k.count("naïve café"))
        );
        // Many distinct texts evict the oldest and stay right.
        for i in 0..(2 * RECURRING_ENTRIES) {
            let text = format!("system prompt number {i}");
            assert_eq!(o200k.count_recurring(&text), o200k.count(&text));
        }
        assert!(RECURRING.lock().unwrap().len() <= RECURRING_ENTRIES);
        assert_eq!(
            o200k.count_prompt(Some(&system), ["hi"]),
            o200k.count_chat([system.as_str(), "hi"])
        );
    }

    #[test]
    fn pieces_cover_text_and_respect_bounds() {
        let samples = [
            "a".repeat(100_000),
            "é".repeat(50_000),
            "word ".repeat(20_000),
            "日本語のテキスト".repeat(3_000),
            "🙂x".repeat(10_000),
            String::new(),
        ];
        for s in &samples {
            let parts: Vec<&str> = pieces(s).collect();
            assert_eq!(parts.concat(), *s);
            assert!(parts
                .iter()
                .all(|p| p.len() <= MAX_PIECE_BYTES && !p.is_empty()));
        }
    }

    #[test]
    fn prose_counts_match_unsplit_encoding() {
        let prose = "Thanks for the update on the rollout. Your team has been great, and we are \
                     seeing results we did not expect this early.\n\nThat said, we now think we \
                     need someone in-house, full time, to run it going forward.\n"
            .repeat(40);
        let c = counter();
        let whole = tiktoken_rs::o200k_base_singleton()
            .encode_ordinary(&prose)
            .len();
        let split = c.count(&prose);
        let diff = whole.abs_diff(split) as f64 / whole as f64;
        assert!(diff < 0.01, "whole {whole} vs split {split}");
    }

    #[test]
    fn hostile_input_is_counted_in_bounded_pieces() {
        let hostile = "x".repeat(100 * 1024);
        let n = counter().count(&hostile);
        // Every piece is short, so the count is at least one token per piece and at most one
        // per byte.
        let pieces = hostile.len().div_ceil(MAX_PIECE_BYTES);
        assert!(n >= pieces && n <= hostile.len(), "{n}");
    }

    #[test]
    fn model_names_pick_encodings() {
        assert_eq!(
            TokenCounter::for_model("gpt-4o", None).unwrap().encoding(),
            "o200k_base"
        );
        assert_eq!(
            TokenCounter::for_model("gpt-4", None).unwrap().encoding(),
            "cl100k_base"
        );
        assert_eq!(
            TokenCounter::for_model("llama3.1:8b", None)
                .unwrap()
                .encoding(),
            "o200k_base"
        );
        assert!(TokenCounter::for_model("x", Some("p50k")).is_err());
    }
}
