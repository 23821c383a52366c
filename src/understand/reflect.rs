//! Reflecting the customer's own words: the key clause, and the same clause said back to them.
//!
//! Owns choosing the clause that carries the evidence (widened to a readable length, trimmed of
//! empty openers such as "honestly"), quoting it verbatim, and turning its first person into
//! the second person of a reply with the pack's `[understand.person]` rules ("our board has
//! frozen new spend" -> "your board has frozen new spend"). A clause that addresses the reader
//! ("you promised us…") or asks a question is not rewritten: a wrong pronoun would put words in
//! the customer's mouth, so only the verbatim quote is offered then.

use super::doc::{raw_words, Doc};
use super::fold::{fold, lower};
use super::lexicon::Lang;

/// A clause shorter than this is widened with its neighbours.
const MIN_CLAUSE_TOKENS: usize = 5;
/// A clause longer than this is cut at a linking word before the evidence, when it has one.
const LONG_CLAUSE_TOKENS: usize = 16;
/// Longest clause quoted back.
const MAX_CLAUSE_TOKENS: usize = 24;

/// The customer's key clause.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct KeyClause {
    /// Verbatim from the message.
    pub quote: String,
    /// The clause in the second person, ready to say back ("your board has frozen…"), when
    /// it could be rewritten safely.
    pub heard: Option<String>,
    pub sentence: usize,
}

/// The clause of sentence `s` around tokens `focus` (inclusive), or the whole sentence's
/// first clauses when there is no focus.
pub fn key_clause(
    doc: &Doc,
    lang: &Lang,
    s: usize,
    focus: Option<(usize, usize)>,
) -> Option<KeyClause> {
    let range = doc.sentences.get(s)?.tokens.clone();
    if range.is_empty() {
        return None;
    }
    let (f0, f1) = focus.unwrap_or((range.start, range.start));
    let clause_start = |i: usize| i == range.start || doc.tokens[i].clause_start;
    let mut first = doc.clause_start(s, f0);
    let mut last = doc.clause_end(s, f1 + 1) - 1;
    // Widen a short clause with the next clause, then the previous one.
    while last + 1 - first < MIN_CLAUSE_TOKENS {
        if last + 1 < range.end {
            last = doc.clause_end(s, last + 2) - 1;
        } else if first > range.start {
            first = doc.clause_start(s, first - 1);
        } else {
            break;
        }
    }
    first = skip_openers(doc, lang, s, first, f0);
    // A lone word opening the sentence before a comma or dash names the reader or clears the
    // throat ("Sam, this price is insane", "Hannah - got them", "Olha, vou ser sincero"): it
    // is not what the customer says.
    let vocative = first == range.start
        && first < last
        && doc.tokens[first + 1].clause_start
        && focus.is_none_or(|f| first < f.0);
    if vocative {
        first += 1;
    }
    if last + 1 - first > LONG_CLAUSE_TOKENS {
        // "…so central for us that I think we need a person in-house": start after the last
        // linking word before the evidence.
        first = after_last_link(doc, lang, s, first, f0);
        first = skip_openers(doc, lang, s, first, f0);
    }
    let mut cut = false;
    if last + 1 - first > MAX_CLAUSE_TOKENS {
        // Keep the evidence, with what follows it first (the object of the cue).
        first = first.max(f0.saturating_sub(4));
        let end = (first + MAX_CLAUSE_TOKENS - 1).min(last);
        // End at a clause boundary after the evidence when there is one in reach.
        let boundary = (f1.max(first + MIN_CLAUSE_TOKENS) + 1..=end)
            .rev()
            .find(|&i| clause_start(i));
        cut = boundary.is_none() && end < last;
        last = boundary.map_or(end, |b| b - 1);
    }
    let mut quote = doc.span_text(first, last).trim().to_string();
    if cut {
        // A clause cut mid-phrase says so ("…would send the whole…"), never passes for
        // what the customer wrote in full.
        quote.push('…');
    }
    if quote.is_empty() {
        return None;
    }
    let rewrite = !doc.is_question(s) || last + 1 < range.end;
    let heard = rewrite
        .then(|| second_person(&quote, lang, doc.text))
        .flatten();
    Some(KeyClause {
        quote,
        heard,
        sentence: s,
    })
}

/// The token after the last opener or linking word ("that", "because", "so") that starts
/// between `first` and the evidence at `focus`; `first` when there is none.
fn after_last_link(doc: &Doc, lang: &Lang, s: usize, first: usize, focus: usize) -> usize {
    lang.listening
        .discourse
        .find(doc, s)
        .map(|(_, m)| m)
        .filter(|m| m.first > first && m.last < focus)
        .max_by_key(|m| m.first)
        .map_or(first, |m| m.last + 1)
}

/// Moves `first` past openers that carry no content ("Honestly,", "And so", "To be fair").
fn skip_openers(doc: &Doc, lang: &Lang, s: usize, mut first: usize, focus: usize) -> usize {
    loop {
        let opener = lang
            .listening
            .discourse
            .find(doc, s)
            .map(|(_, m)| m)
            .filter(|m| m.first == first && m.last < focus)
            .max_by_key(|m| m.last);
        match opener {
            Some(m) => first = m.last + 1,
            None => return first,
        }
    }
}

/// A clause is said back only when it is the customer speaking of themselves: a first-person
/// word among its first words ("our board…", "we've signed…", "hemos decidido…"). Otherwise
/// ("not a good week for a call") it reads better quoted.
const FIRST_PERSON_WITHIN: usize = 3;

/// `clause` with its first person turned into the second, or None when it addresses the
/// reader (and so cannot be turned safely) or does not open with the customer's first person.
/// `message` is the text the clause comes from: a capital that only opens a sentence ("La
/// junta…", "Realistically…") is lowered when the word appears in lowercase elsewhere in it.
pub fn second_person(clause: &str, lang: &Lang, message: &str) -> Option<String> {
    // Said back in capitals, a clause typed in capitals (on a phone, in a hurry) would shout.
    let lowered;
    let clause = match in_capitals(clause) && !lang.coach.capitalises_nouns {
        true => {
            lowered = lowered_but_names(clause, lang);
            lowered.as_str()
        }
        false => clause,
    };
    let p = &lang.person;
    let words = raw_words(clause);
    if words
        .iter()
        .any(|(_, w)| p.second_person.contains(&fold(w)))
    {
        return None;
    }
    let mut out = String::with_capacity(clause.len() + 16);
    let mut copied = 0;
    let mut i = 0;
    let mut prev: Option<String> = None;
    let mut first_swap: Option<usize> = None;
    while i < words.len() {
        let (at, raw) = words[i];
        out.push_str(&clause[copied..at]);
        let folded = fold(raw);
        if let Some((next_at, next)) = words.get(i + 1) {
            let joined_by_space = clause[at + raw.len()..*next_at].trim().is_empty();
            if let Some(with) = p
                .pairs
                .get(&(folded.clone(), fold(next)))
                .filter(|_| joined_by_space)
            {
                out.push_str(with);
                first_swap.get_or_insert(i);
                copied = next_at + next.len();
                prev = Some(fold(next));
                i += 2;
                continue;
            }
        }
        let replaced = p
            .swap
            .get(&folded)
            .cloned()
            .or_else(|| verb_ending(raw, &folded, prev.as_deref(), lang));
        match replaced {
            Some(with) => {
                first_swap.get_or_insert(i);
                out.push_str(&with)
            }
            None if i == 0 && (lang.stopwords.contains(&folded) || lowercase_in(message, raw)) => {
                out.push_str(&lower_first(raw))
            }
            None => out.push_str(raw),
        }
        copied = at + raw.len();
        prev = Some(folded);
        i += 1;
    }
    out.push_str(&clause[copied..]);
    first_swap.filter(|&i| i < FIRST_PERSON_WITHIN).map(|_| out)
}

/// Whether `clause` is typed in capitals: several letters, none of them lowercase.
fn in_capitals(clause: &str) -> bool {
    let letters = || clause.chars().filter(|c| c.is_alphabetic());
    letters().count() >= MIN_CAPITALS && !letters().any(char::is_lowercase)
}

/// `clause` in lowercase, but for the words the language always capitalises ("april").
fn lowered_but_names(clause: &str, lang: &Lang) -> String {
    let lowered = lower(clause);
    let mut out = String::with_capacity(lowered.len());
    let mut copied = 0;
    for (at, word) in raw_words(&lowered) {
        if lang.person.capitalised.contains(&fold(word)) {
            out.push_str(&lowered[copied..at]);
            out.push_str(&upper_first(word));
            copied = at + word.len();
        }
    }
    out.push_str(&lowered[copied..]);
    out
}

fn upper_first(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Letters a clause needs before its capitals read as typed so rather than as an acronym.
const MIN_CAPITALS: usize = 8;

/// The second-person form of a first-person verb ending ("decidimos" -> "deciden").
fn verb_ending(raw: &str, folded: &str, prev: Option<&str>, lang: &Lang) -> Option<String> {
    let p = &lang.person;
    if p.keep.contains(folded) {
        return None;
    }
    let allowed_here = p.after.is_empty() || prev.is_some_and(|w| p.after.contains(w));
    if !allowed_here {
        return None;
    }
    let word = lower(raw);
    p.suffixes.iter().find_map(|(ending, with)| {
        let stem = word.strip_suffix(ending.as_str())?;
        (stem.chars().count() >= 2).then(|| format!("{stem}{with}"))
    })
}

/// Whether `word`, lowercased, stands as a word of its own in `text`.
fn lowercase_in(text: &str, word: &str) -> bool {
    let lowered = lower_first(word);
    lowered != word && raw_words(text).iter().any(|(_, w)| *w == lowered)
}

fn lower_first(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}
