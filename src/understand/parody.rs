//! Parody: a mock document aimed at the rep, built of laid-out lines that quote the rep's own
//! words back (a menu whose dishes are the rep's excuses, a certificate for a course in
//! announcing call-backs, a sat-nav recalculating round the rep's promises).
//!
//! Owns what makes a message such a document: its lines, which of them are laid out rather
//! than written, and which quotations repeat the rep. It reads shape rather than words, so it
//! works in every language, packed or not; whether the message asks something of the reader
//! is the packs' to say (`triage.request`, read by the caller).
//!
//! Why: the abusive letters the triage lists and the learned reader miss on blind sets are,
//! round after round, borrowed genres whose words are new each time (a brasserie's dishes, a
//! jury's prize, a chess commentary), so no list written before them holds them. What they
//! share is their shape. A customer who quotes the rep in a complaint writes prose round the
//! quotation; one who recaps the rep's promises in a list asks for something ("please
//! confirm", the packs' `triage.request`), and one who lists questions asks them.
//! Measured over the 9,655 labelled messages of round 202 (the unread blind set left out):
//! the reader fires on 7, all abusive, 3 of them letters of heldout-r140 that nothing else
//! caught, and on none of the 8,737 others. A looser first sketch (any line opening with a
//! symbol, signatures included, no request guard) fired on 27 abusive letters and 2 others.
//! Round 203 counted list numbers and field labels as layout (a mock leaflet, recipe or
//! horoscope is a form, not a bulleted list) and a short quotation the rep wrote whole: over
//! the 9,711 messages read (the unread blind set left out) the reader then makes the verdict
//! on 6 letters nothing else caught (Norwegian, Greek, Polish, Czech, Hungarian, Italian) and
//! on no other message. Round 206 counted a line opening with a time or a date as layout (a
//! mock TV guide, an error log) and left out a request written between a form's laid-out lines
//! (a mock receipt's "Please keep this slip"): three letters of heldout-r144 more, no other
//! message of any set.

use std::collections::HashSet;
use std::ops::Range;

use super::doc::{line_offsets, Doc, Token};

/// Laid-out lines of its own a message needs to read as a mock document.
pub const LAID_OUT_LINES: usize = 5;
/// Consecutive words a quotation must share with the rep's messages to quote the rep...
pub const ECHOED_WORDS: usize = 3;
/// ...unless it is a short quotation the rep wrote whole: at least this many words ("new
/// forecast", quoted back from "New forecast: the 20th").
pub const WHOLE_QUOTE_WORDS: usize = 2;
/// Words a field label may have ("Lucky number:", "Storage:").
pub const LABEL_WORDS: usize = 3;

/// Whether `doc` (the newest customer message, its sentences `unsaid` ignored) is a mock
/// document quoting the rep's messages `rep`, unless the message `asks` something of the
/// reader outside the lines it is given (the document's own, see [`inside_the_form`]). The
/// shape is read first: asking and the rep's words are read only for a message laid out as a
/// document, since tokenising every earlier mail of every thread would cost more than the rest
/// of a reading.
pub fn mocks_the_rep<'a>(
    doc: &Doc,
    unsaid: &[bool],
    asks: impl FnOnce(&[Range<usize>]) -> bool,
    rep: impl FnOnce() -> Vec<Doc<'a>>,
) -> bool {
    let said: Vec<usize> = doc.sentences_except(unsaid).collect();
    let quotes = said
        .iter()
        .any(|&s| doc.tokens_of(s).iter().any(|t| t.quoted));
    if !quotes || said.iter().any(|&s| doc.is_question(s)) {
        return false;
    }
    laid_out_lines(doc, &said) >= LAID_OUT_LINES
        && !asks(&inside_the_form(doc.text))
        && quotes_the_rep(doc, &said, &rep())
}

/// Byte spans of the lines written inside a document's layout: those whose nearest lines
/// above and below are both laid out (a rule of "=====" is). A receipt's "Please keep this
/// slip" or a leaflet's "Store below 25 °C" asks the reader as the genre does; a person's own
/// request stands before the document or after it.
fn inside_the_form(text: &str) -> Vec<Range<usize>> {
    let lines: Vec<(Range<usize>, bool)> = line_offsets(text)
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(at, line)| (at..at + line.len(), is_laid_out(line.trim())))
        .collect();
    lines
        .windows(3)
        .filter(|w| w[0].1 && w[2].1 && !w[1].1)
        .map(|w| w[1].0.clone())
        .collect()
}

/// Lines of the said text laid out as a document rather than written as prose: those that
/// open with a symbol (a bullet, an arrow, an emoji, a rule), a list number ("1.", "b)") or a
/// field label ("Dosage:", "Lucky number:"), run leader dots or underscores, or are written in
/// capitals. A line of a quoted reply (`>`) is someone else's layout.
fn laid_out_lines(doc: &Doc, said: &[usize]) -> usize {
    let (Some(&first), Some(&last)) = (said.first(), said.last()) else {
        return 0;
    };
    let body = doc.sentences[first].start..doc.sentences[last].end;
    let said_spans: Vec<(usize, usize)> = said
        .iter()
        .map(|&s| (doc.sentences[s].start, doc.sentences[s].end))
        .collect();
    let mut count = 0;
    for (start, line) in line_offsets(doc.text) {
        let end = start + line.len();
        let wordless = !line.chars().any(char::is_alphanumeric);
        let said_line = said_spans.iter().any(|&(a, b)| a < end && start < b)
            || (wordless && body.start <= start && end <= body.end);
        if said_line && is_laid_out(line.trim()) {
            count += 1;
        }
    }
    count
}

fn is_laid_out(line: &str) -> bool {
    let Some(opening) = line.chars().next() else {
        return false;
    };
    let symbol = !opening.is_alphanumeric() && !"\"“„«‘'(>[".contains(opening);
    let leaders = line.contains("....") || line.contains("……") || line.contains("____");
    let letters: Vec<char> = line.chars().filter(|c| c.is_alphabetic()).collect();
    let capitals = letters.len() >= 4 && letters.iter().all(|c| !c.is_lowercase());
    symbol || leaders || capitals || numbered(line) || labelled(line) || timed(line)
}

/// A schedule's or a log's entry: the line opens with a time or a date ("07:00 News",
/// "2024-11-04 07:02:11 ERROR …", "12/03 Delivery").
fn timed(line: &str) -> bool {
    let stamp: String = line
        .chars()
        .take_while(|c| c.is_ascii_digit() || ":./-".contains(*c))
        .collect();
    let digits = stamp.chars().filter(char::is_ascii_digit).count();
    let rest = &line[stamp.len()..];
    digits >= 3
        && stamp.chars().any(|c| ":./-".contains(c))
        && stamp.chars().next().is_some_and(|c| c.is_ascii_digit())
        && rest.starts_with(char::is_whitespace)
}

/// A list item's number or letter: one or two digits, or one letter, then "." or ")" and a
/// space ("3. Stir", "b) Serve").
fn numbered(line: &str) -> bool {
    let mark: String = line.chars().take_while(|c| c.is_alphanumeric()).collect();
    let digits =
        (1..=2).contains(&mark.chars().count()) && mark.chars().all(|c| c.is_ascii_digit());
    let letter = mark.chars().count() == 1 && mark.chars().all(char::is_alphabetic);
    let rest = &line[mark.len()..];
    (digits || letter) && (rest.starts_with(". ") || rest.starts_with(") "))
}

/// A form's field: a capitalised label of at most [`LABEL_WORDS`] words, a colon, then text
/// ("Side effects: none recorded").
fn labelled(line: &str) -> bool {
    let Some((label, value)) = line.split_once(':') else {
        return false;
    };
    let words: Vec<&str> = label.split_whitespace().collect();
    let worded = words
        .iter()
        .all(|w| w.chars().all(|c| c.is_alphabetic() || c == '-'));
    let capitalised = label.chars().next().is_some_and(char::is_uppercase);
    (1..=LABEL_WORDS).contains(&words.len())
        && worded
        && capitalised
        && value.starts_with(' ')
        && value.chars().any(char::is_alphanumeric)
}

/// Whether a quotation among the `said` sentences repeats [`ECHOED_WORDS`] consecutive words
/// of the rep's messages, or is a quotation of [`WHOLE_QUOTE_WORDS`] or more words the rep
/// wrote whole.
fn quotes_the_rep(doc: &Doc, said: &[usize], rep: &[Doc]) -> bool {
    let runs_of = |n: usize| -> HashSet<Vec<&str>> {
        rep.iter()
            .flat_map(|d| d.tokens.windows(n).map(folded))
            .collect()
    };
    let (long_runs, short_runs) = (runs_of(ECHOED_WORDS), runs_of(WHOLE_QUOTE_WORDS));
    said.iter().any(|&s| {
        doc.tokens_of(s)
            .chunk_by(|a, b| a.quoted == b.quoted)
            .filter(|run| run.first().is_some_and(|t| t.quoted))
            .any(|quotation| {
                if quotation.len() < ECHOED_WORDS {
                    quotation.len() >= WHOLE_QUOTE_WORDS && short_runs.contains(&folded(quotation))
                } else {
                    quotation
                        .windows(ECHOED_WORDS)
                        .any(|w| long_runs.contains(&folded(w)))
                }
            })
    })
}

fn folded(words: &[Token]) -> Vec<&str> {
    words.iter().map(|t| t.folded.as_str()).collect()
}
