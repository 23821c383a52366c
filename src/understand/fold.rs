//! Folding text for matching: lowercase, one apostrophe, one hyphen, no diacritics, letters
//! for the digits written in their place ("g0bsh1te").
//!
//! Owns the character-level rules that make "Don’t", "DON'T" and "don't" one word and "está"
//! match "esta". It must not know any language's words: contractions and stems are the
//! lexicon's and the stemmer's work.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// One apostrophe and one hyphen for the many a keyboard or a mail client produces.
pub fn unify_char(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{02bc}' | '`' | '\u{00b4}' => '\'',
        '\u{2010}'..='\u{2015}' => '-',
        '\u{00a0}' | '\u{202f}' => ' ',
        c => c,
    }
}

/// Lowercase with unified apostrophes and dashes, diacritics kept (stemmers want them).
pub fn lower(text: &str) -> String {
    text.chars()
        .map(unify_char)
        .flat_map(char::to_lowercase)
        .collect()
}

/// The letter a digit stands for when written inside a word to dodge a filter.
fn letter_for(c: char) -> Option<char> {
    match c {
        '0' => Some('o'),
        '1' => Some('i'),
        '3' => Some('e'),
        '4' => Some('a'),
        '5' => Some('s'),
        '7' => Some('t'),
        _ => None,
    }
}

/// A word with digits written for letters ("g0bsh1te", "1d10t", "sh1t") read with the
/// letters: when a digit that can stand for a letter sits between a letter and a letter (or
/// another such digit), every such digit is read as its letter. Numbers, quarters, times and
/// product names ("q3", "4pm", "covid19", "b2b", "mp3") keep their digits.
pub fn unleet(word: &str) -> std::borrow::Cow<'_, str> {
    let letterish = |c: char| c.is_alphabetic() || letter_for(c).is_some();
    // Every word read comes through here: three offset iterators, not a Vec of its chars.
    let mut triples = word
        .chars()
        .zip(word.chars().skip(1))
        .zip(word.chars().skip(2));
    let disguised = triples
        .any(|((a, b), c)| a.is_alphabetic() && letter_for(b).is_some() && letterish(c))
        && word.chars().filter(|c| c.is_alphabetic()).count() >= 2;
    if !disguised {
        return std::borrow::Cow::Borrowed(word);
    }
    word.chars()
        .map(|c| letter_for(c).unwrap_or(c))
        .collect::<String>()
        .into()
}

/// Lowercase without diacritics: "Está" -> "esta", "Kündigung" -> "kundigung".
pub fn fold(text: &str) -> String {
    let lowered = lower(text);
    if lowered.is_ascii() {
        return lowered;
    }
    lowered
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(|c| match c {
            'ß' => ['s', 's'].into_iter().take(2),
            c => [c, c].into_iter().take(1),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_accents_and_punctuation_variants() {
        assert_eq!(fold("Don’t"), "don't");
        assert_eq!(fold("Está CARO"), "esta caro");
        assert_eq!(fold("Kündigung"), "kundigung");
        assert_eq!(fold("Grüße"), "grusse");
        assert_eq!(fold("e\u{2011}mail"), "e-mail");
        assert_eq!(lower("Está"), "está");
    }

    #[test]
    fn digits_written_for_letters_read_as_letters_and_numbers_stay() {
        assert_eq!(unleet("g0bsh1te"), "gobshite");
        assert_eq!(unleet("1d10t"), "idiot");
        assert_eq!(unleet("sh1t"), "shit");
        for kept in [
            "q3",
            "4pm",
            "covid19",
            "b2b",
            "mp3",
            "2025",
            "h2",
            "office365",
            "5g",
        ] {
            assert_eq!(unleet(kept), kept);
        }
    }
}
