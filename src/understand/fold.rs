//! Folding text for matching: lowercase, one apostrophe, one hyphen, no diacritics.
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
}
