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

use tiktoken_rs::CoreBPE;

/// Largest slice handed to the encoder at once.
pub const MAX_PIECE_BYTES: usize = 384;

/// Tokens a chat message costs beyond its text (role and separators), as OpenAI documents.
pub const PER_MESSAGE_OVERHEAD: usize = 4;

/// A shared BPE encoder chosen for a model.
#[derive(Clone, Copy)]
pub struct TokenCounter {
    bpe: &'static CoreBPE,
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
        let bpe = match name {
            "o200k_base" => tiktoken_rs::o200k_base_singleton(),
            "cl100k_base" => tiktoken_rs::cl100k_base_singleton(),
            _ => return None,
        };
        let encoding = if name == "o200k_base" {
            "o200k_base"
        } else {
            "cl100k_base"
        };
        Some(TokenCounter { bpe, encoding })
    }

    pub fn encoding(&self) -> &'static str {
        self.encoding
    }

    /// Tokens in `text`, counted piece by piece (see the module doc).
    pub fn count(&self, text: &str) -> usize {
        pieces(text)
            .map(|p| self.bpe.encode_ordinary(p).len())
            .sum()
    }

    /// Tokens a list of chat messages costs as a prompt.
    pub fn count_chat<'a>(&self, contents: impl IntoIterator<Item = &'a str>) -> usize {
        let messages: usize = contents
            .into_iter()
            .map(|c| self.count(c) + PER_MESSAGE_OVERHEAD)
            .sum();
        messages + 3 // every reply is primed with an assistant header
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
