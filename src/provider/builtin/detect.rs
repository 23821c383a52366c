//! Reading a customer message for the builtin engine: language, guards, concern, key sentence.
//!
//! Owns text normalisation and whole-phrase matching against pack lexicons. It must not
//! produce wording (that is the packs') and must stay linear in the message length: lexicons
//! are small and every match is a substring search.

use super::pack::Pack;
use crate::suggestion::Concern;

/// Longest key sentence quoted back in the analysis.
const MAX_QUOTE_CHARS: usize = 240;

/// Lowercases and unifies apostrophes and dashes, so "Don’t" matches "don't".
pub fn normalise(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' | '\u{02bc}' | '`' => '\'',
            '\u{2010}'..='\u{2015}' => '-',
            '\u{00a0}' => ' ',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Occurrences of `phrase` in `haystack` (both normalised) that stand as whole words.
pub fn count_phrase(haystack: &str, phrase: &str) -> usize {
    if phrase.is_empty() {
        return 0;
    }
    let is_word = |c: char| c.is_alphanumeric();
    haystack
        .match_indices(phrase)
        .filter(|(i, _)| {
            let before = haystack[..*i].chars().next_back();
            let after = haystack[i + phrase.len()..].chars().next();
            // A phrase that itself starts or ends with a non-word char needs no boundary there.
            let starts_wordy = phrase.chars().next().is_some_and(is_word);
            let ends_wordy = phrase.chars().next_back().is_some_and(is_word);
            let glued_before = starts_wordy && before.is_some_and(is_word);
            let glued_after = ends_wordy && after.is_some_and(is_word);
            !glued_before && !glued_after
        })
        .count()
}

pub fn any_phrase(haystack: &str, phrases: &[String]) -> bool {
    phrases.iter().any(|p| count_phrase(haystack, p) > 0)
}

/// Score of a lexicon: each hit weighs as many words as the phrase has, because longer
/// phrases are more specific ("full time person" says more than "cost").
pub fn lexicon_score(haystack: &str, phrases: &[String]) -> usize {
    phrases
        .iter()
        .map(|p| count_phrase(haystack, p) * p.split_whitespace().count().max(1))
        .sum()
}

/// ISO 639-1 code of the message's language, among those with a pack.
///
/// whatlang is reliable on a few sentences but guesses on one short line, so when it is not
/// confident the packs' own lexicons (concern keywords and guards) break the tie.
pub fn language(text: &str, packs: &[Pack]) -> String {
    let detected = whatlang::detect(text);
    let code = detected.as_ref().and_then(|info| iso_639_1(info.lang()));
    let has_pack = |c: &str| packs.iter().any(|p| p.language == c);
    if let (Some(info), Some(code)) = (detected, code) {
        if info.is_reliable() && has_pack(code) {
            return code.to_string();
        }
    }
    let normalised = normalise(text);
    let by_lexicon = packs
        .iter()
        .map(|p| {
            let score: usize = p
                .concerns
                .values()
                .map(|c| lexicon_score(&normalised, &c.keywords))
                .sum();
            (score, p.language.as_str())
        })
        .filter(|(score, _)| *score > 0)
        .max_by_key(|(score, _)| *score);
    match (by_lexicon, code) {
        (Some((_, lang)), _) => lang.to_string(),
        (None, Some(code)) if has_pack(code) => code.to_string(),
        _ => "en".to_string(),
    }
}

/// ISO 639-1 code of a whatlang language, for the languages reframe has packs or checks for.
pub fn iso_639_1(lang: whatlang::Lang) -> Option<&'static str> {
    use whatlang::Lang::*;
    Some(match lang {
        Eng => "en",
        Spa => "es",
        Fra => "fr",
        Deu => "de",
        Ita => "it",
        Por => "pt",
        Nld => "nl",
        Swe => "sv",
        Dan => "da",
        Pol => "pl",
        _ => return None,
    })
}

/// The concern whose lexicon scores highest; ties go to the earlier concern in
/// [`Concern::ALL`]. No hit at all is `Other`.
pub fn concern(normalised: &str, pack: &Pack) -> (Concern, usize) {
    let mut best = (Concern::Other, 0);
    for concern in Concern::ALL {
        let score = lexicon_score(normalised, &pack.concern(concern).keywords);
        if score > best.1 {
            best = (concern, score);
        }
    }
    best
}

/// The sentence that best carries the concern, quoted back verbatim (capped), skipping any
/// sentence that looks like an instruction to a machine.
pub fn key_sentence(text: &str, pack: &Pack, concern: Concern) -> String {
    let keywords = &pack.concern(concern).keywords;
    let injection = &pack.guards.injection;
    let candidates: Vec<&str> = sentences(text)
        .filter(|s| !any_phrase(&normalise(s), injection))
        .collect();
    let best = candidates
        .iter()
        .map(|s| (lexicon_score(&normalise(s), keywords), *s))
        .filter(|(score, _)| *score > 0)
        .max_by_key(|(score, _)| *score)
        .map(|(_, s)| s)
        .or_else(|| {
            candidates
                .iter()
                .copied()
                .find(|s| s.split_whitespace().count() >= 4)
        })
        .or_else(|| candidates.first().copied())
        .unwrap_or("");
    cap_chars(best.trim(), MAX_QUOTE_CHARS)
}

/// The message without its instruction-like sentences (see `guards.injection`), so planted
/// text neither steers the concern nor gets quoted back.
pub fn without_injections(text: &str, packs: &[Pack]) -> String {
    sentences(text)
        .filter(|s| {
            let n = normalise(s);
            !packs.iter().any(|p| any_phrase(&n, &p.guards.injection))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Sentences and lines of a message (bounded: at most 200 are considered).
fn sentences(text: &str) -> impl Iterator<Item = &str> {
    text.split_inclusive(['.', '!', '?', '\n', '。', '¿', '¡'])
        .map(str::trim)
        .filter(|s| s.chars().any(char::is_alphanumeric))
        .take(200)
}

fn cap_chars(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let at_word = cut.rfind(' ').map_or(cut.as_str(), |i| &cut[..i]);
    format!("{at_word}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_match_whole_words_only() {
        let h = normalise("We’re thinking of hiring someone IN-HOUSE; the cost is fine.");
        assert_eq!(count_phrase(&h, "in-house"), 1);
        assert_eq!(count_phrase(&h, "we're"), 1);
        assert_eq!(count_phrase(&h, "cost"), 1);
        assert_eq!(count_phrase(&h, "costs"), 0);
        assert_eq!(count_phrase(&h, "house"), 1, "a hyphen is a word boundary");
        assert_eq!(count_phrase(&h, "hiring some"), 0);
        assert_eq!(count_phrase("discount", "count"), 0);
        assert_eq!(count_phrase("sue you!", "sue you"), 1);
    }

    #[test]
    fn caps_quotes_on_word_boundaries() {
        let long = "word ".repeat(100);
        let q = cap_chars(long.trim(), 20);
        assert!(q.ends_with('…') && q.chars().count() <= 21);
    }
}
