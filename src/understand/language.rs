//! Which language a text is written in, among the ones reframe has packs for.
//!
//! Owns combining whatlang's trigram guess with the packs' function words: whatlang is reliable
//! on a few sentences and guesses on one short line, where a handful of words such as "the",
//! "nosotros" or "niet" decide better. A text reliably in a language without a pack is
//! reported as such, so the caller answers in English and says so (`language_fallback`).

use whatlang::{Detector, Lang as W};

use super::doc::{cap_chars, raw_words};
use super::fold::fold;
use super::lexicon::Lang;

/// Characters given to detection: plenty for a reliable guess (800 read every set exactly as
/// 1,500 did, at half the trigram work), bounded on hostile input.
const DETECT_CHARS: usize = 800;
/// Function words of a pack that make a guess confident.
const MIN_STOPWORDS: usize = 3;
/// Share of a text's words that must be a pack's function words to overrule whatlang's
/// reliable guess of a language without a pack (Danish shares "en", "kan", "nu" with Dutch).
const OVERRULE_SHARE: f64 = 0.25;
/// What one function word weighs against whatlang's guess (worth 1 to 6).
const STOPWORD_WEIGHT: f64 = 2.0;
/// How many more function words a sibling language's pack needs than the one whatlang saw:
/// at least this many, and this share of the text's words.
const MIN_SIBLING_MARGIN: usize = 3;
const SIBLING_MARGIN_SHARE: f64 = 0.05;
/// Below this many words an unreliable whatlang guess counts for nothing.
const MIN_WORDS_TO_GUESS: usize = 4;

/// The outcome of language detection.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Detected {
    /// A language with a pack (the fallback language when none fits).
    pub code: String,
    /// True when the text is in a language without a pack and `code` is the fallback.
    pub fallback: bool,
    /// What the text seems to be written in (ISO 639-1 when known), even without a pack.
    pub seen: Option<String>,
    /// The guess rests on solid evidence (whatlang is reliable, or several function words of
    /// the pack agree); a short or mixed text may be neither.
    pub confident: bool,
}

/// Detects languages among a set of packs.
pub struct LanguageDetector {
    supported: Detector,
}

impl LanguageDetector {
    pub fn new(langs: &[Lang]) -> LanguageDetector {
        let allow: Vec<W> = langs.iter().filter_map(|l| from_iso(&l.code)).collect();
        LanguageDetector {
            supported: Detector::with_allowlist(allow),
        }
    }

    /// The language of `text`; `fallback` is the code to use when no pack fits.
    pub fn detect(&self, text: &str, langs: &[Lang], fallback: &str) -> Detected {
        let sample = cap_chars(text, DETECT_CHARS);
        let (stop, words) = stopword_counts(sample, langs);
        let best_stop = stop
            .iter()
            .copied()
            .enumerate()
            .max_by_key(|&(i, n)| (n, std::cmp::Reverse(i)));
        let guess = whatlang::detect(sample);
        let has_pack = |code: &str| langs.iter().any(|l| l.code == code);
        // On a few words whatlang guesses at random ("Too pricey." reads as Romanian).
        let short = words < MIN_WORDS_TO_GUESS;
        let unsupported = guess
            .as_ref()
            .filter(|i| i.is_reliable() || !short)
            .map(|i| iso(i.lang()))
            .filter(|c| !has_pack(c));
        if let Some(code) = unsupported {
            // Another language: only a pack whose function words fill the text overrules it
            // (Danish shares "en", "kan", "nu" with Dutch; a Spanish one-liner does not).
            let reliable = guess.as_ref().is_some_and(whatlang::Info::is_reliable);
            let overrules = |n: usize| n >= 2 && n as f64 >= OVERRULE_SHARE * words as f64;
            match best_stop.filter(|&(_, n)| overrules(n)) {
                Some((i, _)) if reliable => return chosen(&langs[i].code, Some(code), true),
                Some(_) => {}
                None => {
                    return Detected {
                        code: fallback.to_string(),
                        fallback: true,
                        seen: Some(code.to_string()),
                        confident: reliable,
                    }
                }
            }
        }
        let any = guess.filter(whatlang::Info::is_reliable);
        let seen = any.as_ref().map(|i| iso(i.lang()).to_string());
        // Function words are the surer sign on short texts, where whatlang can be "reliable"
        // and wrong ("Does it handle multi-currency? We invoice in EUR." reads as German).
        let mut scores: Vec<f64> = stop.iter().map(|&n| STOPWORD_WEIGHT * n as f64).collect();
        let mut reliable_pick = None;
        // A reliable guess of a supported language stands for the restricted one: one
        // trigram pass instead of two in the common case.
        let restricted = match &any {
            Some(info) if langs.iter().any(|l| l.code == iso(info.lang())) => Some(
                whatlang::Info::new(info.script(), info.lang(), info.confidence()),
            ),
            _ => self.supported.detect(sample),
        };
        if let Some(info) = restricted {
            if let Some(i) = langs.iter().position(|l| l.code == iso(info.lang())) {
                scores[i] += match (info.is_reliable(), short) {
                    (true, _) => 4.0 + 2.0 * info.confidence(),
                    (false, false) => 1.0 + 2.0 * info.confidence(),
                    (false, true) => 0.0,
                };
                reliable_pick = info.is_reliable().then_some(i);
            }
        }
        let best = scores
            .iter()
            .enumerate()
            .filter(|(_, s)| **s > 0.0)
            .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(&a.0)));
        match best {
            Some((i, _)) => {
                let confident =
                    any.is_some() || stop[i] >= MIN_STOPWORDS || reliable_pick == Some(i);
                chosen(&langs[i].code, seen.as_deref(), confident)
            }
            None => chosen(fallback, seen.as_deref(), false),
        }
    }
}

/// A text whatlang reads as language `seen`, reread among `packs` (the triage-only packs) by
/// their function words: whatlang takes some Danish for Norwegian, whose trigrams are close,
/// where "hvad", "mig" and "dig" are plain, and short Indonesian for Javanese or Estonian,
/// which have no pack. The pack whose function words clearly outnumber those of `seen`'s pack
/// (of none, when `seen` has no pack), if any.
pub fn sibling_by_function_words<'a>(
    text: &str,
    seen: &str,
    packs: &'a [Lang],
) -> Option<&'a Lang> {
    let (counts, words) = stopword_counts(cap_chars(text, DETECT_CHARS), packs);
    let seen_at = packs.iter().position(|l| l.code == seen);
    let of_seen = seen_at.map_or(0, |i| counts[i]);
    let margin = MIN_SIBLING_MARGIN.max((SIBLING_MARGIN_SHARE * words as f64).ceil() as usize);
    let (best, n) = counts.iter().copied().enumerate().max_by_key(|&(_, n)| n)?;
    (packs[best].code != seen && n >= of_seen + margin).then(|| &packs[best])
}

fn chosen(code: &str, seen: Option<&str>, confident: bool) -> Detected {
    Detected {
        code: code.to_string(),
        fallback: false,
        // A supported pick stands for what was seen: whatlang's guess may be another language.
        seen: Some(seen.filter(|s| *s == code).unwrap_or(code).to_string()),
        confident,
    }
}

/// How many words of `text` are function words of each pack, and how many words it has.
fn stopword_counts(text: &str, langs: &[Lang]) -> (Vec<usize>, usize) {
    let words: Vec<String> = raw_words(text).into_iter().map(|(_, w)| fold(w)).collect();
    let counts = langs
        .iter()
        .map(|l| words.iter().filter(|w| l.stopwords.contains(w)).count())
        .collect();
    (counts, words.len())
}

/// ISO 639-1 (or whatlang's 639-3 code when there is no two-letter one in this table).
pub fn iso(lang: W) -> &'static str {
    match lang {
        W::Eng => "en",
        W::Spa => "es",
        W::Fra => "fr",
        W::Deu => "de",
        W::Ita => "it",
        W::Por => "pt",
        W::Nld => "nl",
        W::Swe => "sv",
        W::Dan => "da",
        W::Nob => "no",
        W::Fin => "fi",
        W::Pol => "pl",
        W::Rus => "ru",
        W::Ukr => "uk",
        W::Ces => "cs",
        W::Slk => "sk",
        W::Slv => "sl",
        W::Hrv => "hr",
        W::Ron => "ro",
        W::Hun => "hu",
        W::Tur => "tr",
        W::Ell => "el",
        W::Jpn => "ja",
        W::Cmn => "zh",
        W::Kor => "ko",
        W::Vie => "vi",
        W::Ind => "id",
        W::Cat => "ca",
        W::Est => "et",
        W::Lav => "lv",
        W::Lit => "lt",
        W::Ara => "ar",
        W::Heb => "he",
        W::Hin => "hi",
        other => other.code(),
    }
}

fn from_iso(code: &str) -> Option<W> {
    W::all().iter().copied().find(|l| iso(*l) == code)
}
