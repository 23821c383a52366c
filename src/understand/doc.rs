//! A text as the understanding layer reads it: sentences, tokens, stems and negation scopes.
//!
//! Owns sentence splitting (terminal punctuation, blank lines, short lines such as greetings
//! and sign-offs), word tokenisation with contractions expanded by the language pack, stemming,
//! clause boundaries and negation scope. Every token keeps the byte span of its source word, so
//! whatever a pattern finds can be quoted verbatim. It must not decide what anything means.
//!
//! Work is bounded: only the first [`MAX_CHARS`] characters and [`MAX_SENTENCES`] sentences of
//! a text are read, and every step is linear in that.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::fold::{fold, unify_char};
use super::lexicon::Grammar;
use super::pattern::{WordId, UNKNOWN};

/// Characters of a text that are read; the rest is ignored.
pub const MAX_CHARS: usize = 20_000;
pub const MAX_SENTENCES: usize = 400;
/// A line with at most this many words ends a sentence even without punctuation (greetings,
/// sign-offs, list items); longer unpunctuated lines are taken as hard-wrapped text.
const SHORT_LINE_WORDS: usize = 8;
/// Tokens a negator reaches ("do not have the budget for" — up to "for").
const NEGATION_SCOPE: usize = 5;
/// Words before a `negates_back` negator that it negates ("on vous poursuivra pas").
const BACK_SCOPE: usize = 3;
/// Words a negator may leave after it and still close its clause: a separable particle or an
/// infinitive ("ich rufe Sie nicht an", "we gaan niet verlengen").
const CLOSING_TAIL: usize = 1;

/// One word (or one part of a contraction) of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte span of the source word (the parts of "don't" share it).
    pub start: usize,
    pub end: usize,
    /// Lowercase, no diacritics.
    pub folded: String,
    /// The language's stem of the word, folded.
    pub stem: String,
    /// Ids of `folded` and `stem` in the language's pattern vocabulary.
    pub folded_id: WordId,
    pub stem_id: WordId,
    /// Inside the scope of a negator ("not", "no", "nicht"…).
    pub negated: bool,
    /// First token of a clause (after a comma, colon, semicolon, bracket or dash).
    pub clause_start: bool,
    /// The source word starts with an uppercase letter.
    pub capitalised: bool,
    /// Inside quotation marks: someone else's words, not the writer's own ("you wrote “…”").
    pub quoted: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Byte span in the text, trimmed.
    pub start: usize,
    pub end: usize,
    pub tokens: Range<usize>,
}

/// A tokenised text.
#[derive(Debug, Clone)]
pub struct Doc<'a> {
    pub text: &'a str,
    pub tokens: Vec<Token>,
    pub sentences: Vec<Sentence>,
}

impl<'a> Doc<'a> {
    pub fn new(text: &'a str, lang: &Grammar) -> Doc<'a> {
        let text = cap_chars(text, MAX_CHARS);
        let mut tokens = Vec::new();
        let mut sentences = Vec::new();
        let mut memo = WordMemo::new(lang);
        let titles = |word: &str, before_name: bool| {
            if before_name {
                lang.is_abbreviation(word)
            } else {
                lang.is_inline_abbreviation(word)
            }
        };
        // Asked only of a word after "6." (rare), so reading it as a text of its own is cheap.
        let month = |word: &str| {
            let d = Doc::new(word, lang);
            d.tokens.first().is_some_and(|t| lang.in_class("month", t))
        };
        for (start, end) in split_sentences(text, &titles, &month)
            .into_iter()
            .take(MAX_SENTENCES)
        {
            let first = tokens.len();
            let mut prev_end = start;
            for (at, raw) in raw_words(&text[start..end]) {
                let (s, e) = (start + at, start + at + raw.len());
                let clause_start = tokens.len() == first
                    || (is_clause_gap(&text[prev_end..s]) && !joins_digits(text, prev_end, s));
                let capitalised = is_capitalised(raw);
                for (k, read) in memo.tokens(raw).iter().enumerate() {
                    tokens.push(Token {
                        start: s,
                        end: e,
                        // Only the first part of "don't" starts a clause.
                        clause_start: clause_start && k == 0,
                        capitalised,
                        ..read.clone()
                    });
                }
                prev_end = e;
            }
            join_appositions(&mut tokens[first..], text);
            neutralise_idioms(&mut tokens[first..], lang);
            mark_negation(&mut tokens[first..], lang);
            sentences.push(Sentence {
                start,
                end,
                tokens: first..tokens.len(),
            });
        }
        mark_quoted(&mut tokens, text);
        Doc {
            text,
            tokens,
            sentences,
        }
    }

    pub fn sentence_text(&self, s: usize) -> &'a str {
        self.sentences
            .get(s)
            .map_or("", |x| &self.text[x.start..x.end])
    }

    /// Source text from token `first` to token `last` (inclusive).
    pub fn span_text(&self, first: usize, last: usize) -> &'a str {
        match (self.tokens.get(first), self.tokens.get(last)) {
            (Some(a), Some(b)) if a.start <= b.end => &self.text[a.start..b.end],
            _ => "",
        }
    }

    /// The sentences not marked in `skipped` (unsaid, planted, ignored), in order; a sentence
    /// past the end of `skipped` is kept.
    pub fn sentences_except<'s>(&self, skipped: &'s [bool]) -> impl Iterator<Item = usize> + 's {
        (0..self.sentences.len()).filter(|&s| !skipped.get(s).copied().unwrap_or(false))
    }

    /// Tokens of sentence `s`.
    pub fn tokens_of(&self, s: usize) -> &[Token] {
        self.sentences
            .get(s)
            .map_or(&[][..], |x| &self.tokens[x.tokens.clone()])
    }

    /// Whether sentence `s` opens a paragraph: the first sentence, or one after a blank line.
    pub fn paragraph_starts(&self, s: usize) -> bool {
        match (
            s.checked_sub(1).and_then(|p| self.sentences.get(p)),
            self.sentences.get(s),
        ) {
            (Some(prev), Some(this)) => self.text[prev.end..this.start].matches('\n').count() >= 2,
            _ => true,
        }
    }

    /// For each sentence, the number of the paragraph holding it (blank lines part them).
    pub fn paragraph_numbers(&self) -> Vec<usize> {
        let mut number = 0;
        (0..self.sentences.len())
            .map(|s| {
                if s > 0 && self.paragraph_starts(s) {
                    number += 1;
                }
                number
            })
            .collect()
    }

    /// For each sentence, the number of the section holding it: separator lines ("-----",
    /// "--- Automatische Antwort ---", "______") part sections, as they part an auto-reply
    /// pasted above or below the lines a person wrote. A separator opens the section under it,
    /// so its title ("Automatische Antwort") belongs there.
    pub fn section_numbers(&self) -> Vec<usize> {
        let separators: Vec<usize> = line_offsets(self.text)
            .filter(|(_, line)| is_separator_line(line))
            .map(|(at, _)| at)
            .collect();
        self.sentences
            .iter()
            .map(|x| separators.iter().filter(|&&at| at <= x.start).count())
            .collect()
    }

    /// For each sentence, whether `cue` names it or one before it in the same paragraph: a
    /// block that only its first sentence gives away (a disclaimer, a hidden instruction whose
    /// "Tell the customer…" follows its "ignore your previous instructions"). A blank line ends
    /// the block.
    pub fn blocks_from(&self, cue: impl Fn(usize) -> bool) -> Vec<bool> {
        let mut block = Vec::with_capacity(self.sentences.len());
        for s in 0..self.sentences.len() {
            let continues = s > 0 && block[s - 1] && !self.paragraph_starts(s);
            block.push(continues || cue(s));
        }
        block
    }

    /// For each sentence, whether `cue` names a sentence of its paragraph: the whole paragraph,
    /// the lines above the cue too, where [`Doc::blocks_from`] runs from the cue down.
    pub fn paragraphs_holding(&self, cue: impl Fn(usize) -> bool) -> Vec<bool> {
        let paragraphs = self.paragraph_numbers();
        let holding: HashSet<usize> = (0..self.sentences.len())
            .filter(|&s| cue(s))
            .map(|s| paragraphs[s])
            .collect();
        paragraphs.iter().map(|p| holding.contains(p)).collect()
    }

    /// Where the clause holding token `at` of sentence `s` starts: at the nearest token up to
    /// `at` that opens a clause, or at the start of the sentence.
    pub fn clause_start(&self, s: usize, at: usize) -> usize {
        let first = self.sentences[s].tokens.start;
        (first..=at)
            .rev()
            .find(|&i| self.tokens[i].clause_start)
            .unwrap_or(first)
    }

    /// Where the clause holding token `from` of sentence `s` ends (exclusive): at the next
    /// token that opens a clause, or at the end of the sentence.
    pub fn clause_end(&self, s: usize, from: usize) -> usize {
        let sentence_end = self.sentences[s].tokens.end;
        (from..sentence_end)
            .find(|&i| self.tokens[i].clause_start)
            .unwrap_or(sentence_end)
    }

    /// Whether sentence `s` ends with a question mark.
    pub fn is_question(&self, s: usize) -> bool {
        is_question(self.sentence_text(s))
    }

    /// Whether sentence `s` holds a face that laughs or winks (`LAUGHING_FACES`).
    pub fn laughs(&self, s: usize) -> bool {
        self.sentence_text(s)
            .chars()
            .any(|c| LAUGHING_FACES.contains(&c))
    }
}

/// The tokens of each distinct word of a text, not yet placed: a text repeats its words
/// ("the", "we", a product's name), and expanding, folding and stemming a word costs far more
/// than copying what it gave the first time.
struct WordMemo<'a, 'g> {
    lang: &'g Grammar,
    // Keyed by the customer's words, so with the standard hasher, which they cannot aim
    // collisions at.
    seen: HashMap<&'a str, Vec<Token>>,
}

impl<'a, 'g> WordMemo<'a, 'g> {
    fn new(lang: &'g Grammar) -> WordMemo<'a, 'g> {
        WordMemo {
            lang,
            seen: HashMap::new(),
        }
    }

    /// The tokens of `raw`, a word of [`raw_words`], with no place or position flags set.
    fn tokens(&mut self, raw: &'a str) -> &[Token] {
        let lang = self.lang;
        self.seen.entry(raw).or_insert_with(|| {
            let name = lang.is_accented_name(raw);
            let id = |w: &str| if name { UNKNOWN } else { lang.word_id(w) };
            lang.words_of_raw(raw)
                .map(|word| Token {
                    start: 0,
                    end: 0,
                    folded_id: id(&word.folded),
                    stem_id: id(&word.stem),
                    folded: word.folded,
                    stem: word.stem,
                    negated: false,
                    clause_start: false,
                    capitalised: false,
                    quoted: false,
                })
                .collect()
        })
    }
}

/// Whether a raw word starts with a capital, after a lowercase elided particle too: "d'Uixó",
/// "dell'Orso" and "l'Oréal" are parts of names, not lowercase prose.
fn is_capitalised(raw: &str) -> bool {
    let initial = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    initial(raw)
        || raw.split_once(['\'', '’']).is_some_and(|(particle, rest)| {
            particle.chars().count() <= MAX_ELIDED_PARTICLE_CHARS
                && particle.chars().all(char::is_lowercase)
                && initial(rest)
        })
}

/// The longest elided particle before a name ("dell'", "dall'", "d'", "l'").
const MAX_ELIDED_PARTICLE_CHARS: usize = 4;

/// Words a name between commas may have: "our lawyer, Ms Pohl, has the file" is one clause.
const APPOSITION_WORDS: usize = 3;

/// Takes back the clause breaks around a name set off by commas ("unserer Rechtsanwältin, Frau
/// RAin Pohl, übergeben"): one to three capitalised words between two commas name the word
/// before them, so a gap may run across them as it does across the name itself.
fn join_appositions(tokens: &mut [Token], text: &str) {
    let comma_before = |tokens: &[Token], i: usize| {
        i > 0
            && text
                .get(tokens[i - 1].end..tokens[i].start)
                .is_some_and(|gap| gap.trim() == ",")
    };
    let mut i = 1;
    while i < tokens.len() {
        let close = (i + 1..tokens.len().min(i + 1 + APPOSITION_WORDS))
            .find(|&k| tokens[k].clause_start)
            .filter(|&j| {
                tokens[i].clause_start
                    && comma_before(tokens, i)
                    && comma_before(tokens, j)
                    && tokens[i..j].iter().all(|t| t.capitalised)
            });
        match close {
            Some(j) => {
                tokens[i].clause_start = false;
                tokens[j].clause_start = false;
                i = j + 1;
            }
            None => i += 1,
        }
    }
}

/// A lone comma or point between digits ("$1,150", "2.5") groups a number; it opens no clause.
fn joins_digits(text: &str, prev_end: usize, start: usize) -> bool {
    matches!(&text[prev_end..start], "," | ".")
        && text[..prev_end].ends_with(|c: char| c.is_ascii_digit())
        && text[start..].starts_with(|c: char| c.is_ascii_digit())
}

fn is_clause_gap(gap: &str) -> bool {
    gap.contains([
        ',', ';', ':', '(', ')', '[', ']', '—', '–', '"', '«', '»', '“', '”',
    ]) || gap.contains(" - ")
}

/// Marks the tokens that lie between quotation marks (“…”, «…», »…«, „…“, „…" as German
/// keyboards often close it, ‚…‘, "…", ‘…’). A quotation may
/// run over several sentences (an angry client's email passed on word for word) but not past
/// a blank line, where an unclosed mark is dropped: a stray inch sign quotes nothing. A ’
/// followed by a letter is an apostrophe ("Da’s"), not the end of a single-quoted phrase.
fn mark_quoted(tokens: &mut [Token], text: &str) {
    let mut spans = Vec::new();
    let mut open: Option<(usize, char)> = None;
    let mut prev_newline = false;
    for (i, c) in text.char_indices() {
        if c == '\n' {
            if prev_newline {
                open = None;
            }
            prev_newline = true;
            continue;
        }
        if !c.is_whitespace() {
            prev_newline = false;
        }
        let apostrophe = c == '’' && text[i + c.len_utf8()..].starts_with(char::is_alphanumeric);
        match (open, c) {
            (None, '“' | '«' | '»' | '„' | '‚' | '"' | '‘') => open = Some((i, c)),
            (Some((at, o)), '”' | '»' | '«' | '“' | '"' | '‘' | '’')
                if closes(o, c) && !apostrophe =>
            {
                spans.push((at, i));
                open = None;
            }
            _ => {}
        }
    }
    for t in tokens {
        t.quoted = spans.iter().any(|&(a, b)| a < t.start && t.end <= b);
    }
}

fn closes(open: char, close: char) -> bool {
    matches!(
        (open, close),
        ('“', '”')
            | ('«', '»')
            | ('»', '«')
            | ('„', '“')
            | ('„', '”')
            | ('„', '"')
            | ('‚', '‘')
            | ('‚', '’')
            | ('"', '"')
            | ('‘', '’')
    )
}

/// Renames the negator of an idiom that negates nothing ("on fait pas mal tout au
/// téléphone": quite a lot) to the two words together, so it neither negates what follows
/// nor matches a pattern's literal negator ("pas … téléphone" is a refused call).
fn neutralise_idioms(tokens: &mut [Token], lang: &Grammar) {
    for i in 1..tokens.len() {
        let (before, after) = tokens.split_at_mut(i);
        let (negator, next) = (&mut before[i - 1], &after[0]);
        if lang.idiom_not_negating(&negator.folded, &next.folded) {
            negator.folded = format!("{} {}", negator.folded, next.folded);
            negator.stem = negator.folded.clone();
            negator.folded_id = lang.word_id(&negator.folded);
            negator.stem_id = negator.folded_id;
        }
    }
}

fn mark_negation(tokens: &mut [Token], lang: &Grammar) {
    mark_back_negation(tokens, lang);
    let mut scope = 0;
    let mut opener = 0;
    for i in 0..tokens.len() {
        if tokens[i].clause_start {
            scope = 0;
        }
        if lang.is_negator(&tokens[i].folded) {
            scope = NEGATION_SCOPE;
            opener = i;
            continue;
        }
        if lang.breaks_scope(&tokens[i].folded) {
            scope = 0;
            continue;
        }
        if scope > 0 && lang.restricts(&tokens[opener].folded, &tokens[i].folded) {
            // "Vous n'êtes qu'un vendeur": "ne … que" restricts, so nothing here is negated.
            tokens[opener + 1..i]
                .iter_mut()
                .for_each(|t| t.negated = false);
            scope = 0;
            continue;
        }
        if scope > 0 {
            tokens[i].negated = true;
            scope -= 1;
        }
    }
}

/// Negates, for a negator that follows its verb (`negates_back`: "on vous poursuivra pas"), the
/// words of its clause before it, up to [`BACK_SCOPE`]; a clause that already holds a negator
/// ("on ne vous poursuivra pas") is left to the forward scope.
fn mark_back_negation(tokens: &mut [Token], lang: &Grammar) {
    for i in 0..tokens.len() {
        // Counted only for a negator: a long unpunctuated text would otherwise be quadratic.
        let closes_clause = || {
            let tail = tokens[i + 1..].iter().take_while(|t| !t.clause_start);
            tail.take(CLOSING_TAIL + 1).count() <= CLOSING_TAIL
        };
        if !lang.negates_back(&tokens[i].folded, closes_clause) {
            continue;
        }
        let clause = tokens[..i]
            .iter()
            .rposition(|t| t.clause_start)
            .unwrap_or(0);
        let from = clause.max(i.saturating_sub(BACK_SCOPE));
        if tokens[from..i].iter().any(|t| lang.is_negator(&t.folded)) {
            continue;
        }
        for t in &mut tokens[from..i] {
            t.negated = true;
        }
    }
}

/// Each line of `text` with the byte offset it starts at.
pub fn line_offsets(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_inclusive('\n').scan(0, |at, line| {
        let start = *at;
        *at += line.len();
        Some((start, line))
    })
}

/// Shortest run of rule characters that makes a line a separator ("---", "___").
const MIN_RULE_CHARS: usize = 3;

/// A line that rules off a section: a run of dashes, underscores, equals signs, stars or
/// tildes, alone or on both sides of a title ("--- Automatische Antwort ---").
fn is_separator_line(line: &str) -> bool {
    let rule = |c: char| matches!(c, '-' | '_' | '=' | '*' | '~' | '—' | '–');
    let line = line.trim();
    let leading = line.chars().take_while(|&c| rule(c)).count();
    let trailing = line.chars().rev().take_while(|&c| rule(c)).count();
    let whole = leading == line.chars().count();
    leading >= MIN_RULE_CHARS && (whole || trailing >= MIN_RULE_CHARS)
}

/// The first `max` characters of `text`.
pub fn cap_chars(text: &str, max: usize) -> &str {
    match text.char_indices().nth(max) {
        Some((i, _)) => &text[..i],
        None => text,
    }
}

/// Words of `text` with their byte offsets, addresses and links left out: runs of letters and
/// digits, joined by an apostrophe between two of them ("don't", "l'équipe"); a percent sign and a currency sign
/// are words of their own ("20% off" is three words, "€14.500" three), because discounts and
/// prices are written with them.
pub fn raw_words(text: &str) -> Vec<(usize, &str)> {
    let addresses = address_spans(text);
    let mut words = words_of_text(text);
    words.retain(|(at, _)| !addresses.iter().any(|r| r.contains(at)));
    words
}

/// Whether a line is contact details: it holds an e-mail address or a link, or a phone
/// number's seven digits or more.
pub fn is_contact_line(text: &str) -> bool {
    let digits = text.chars().filter(char::is_ascii_digit).count();
    digits >= MIN_PHONE_DIGITS || !address_spans(text).is_empty()
}

/// Digits of the shortest phone number written with its area code.
const MIN_PHONE_DIGITS: usize = 7;

/// Byte spans of e-mail addresses and links ("ravi@acme.example", "https://…", "www.…"):
/// their parts ("example", "accounts") are no words of the writer's.
fn address_spans(text: &str) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    if !text.contains('@') && !text.contains("://") && !text.contains("www.") {
        return spans;
    }
    for chunk in text.split_whitespace() {
        // `chunk` is a slice of `text`: its offset is the distance between their starts.
        let start = chunk.as_ptr() as usize - text.as_ptr() as usize;
        let at = start + chunk.len();
        if is_address(chunk) {
            spans.push(start..at);
        }
    }
    spans
}

/// Whether a whitespace-separated chunk is an e-mail address or a link
/// ("ravi@acme.example", "https://…", "(www.…").
pub fn is_address(chunk: &str) -> bool {
    let lower = chunk.to_ascii_lowercase();
    let email = chunk
        .split_once('@')
        .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'));
    let link = lower.contains("://") || lower.trim_start_matches(['<', '(']).starts_with("www.");
    email || link
}

fn words_of_text(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '%' || is_currency(c) {
            if let Some(s) = start.take() {
                out.push((s, &text[s..i]));
            }
            out.push((i, &text[i..i + c.len_utf8()]));
            continue;
        }
        let inner_apostrophe = unify_char(c) == '\''
            && start.is_some()
            && chars.peek().is_some_and(|(_, n)| n.is_alphanumeric());
        if c.is_alphanumeric() || inner_apostrophe {
            start.get_or_insert(i);
            continue;
        }
        if let Some(s) = start.take() {
            out.push((s, &text[s..i]));
        }
    }
    if let Some(s) = start {
        out.push((s, &text[s..]));
    }
    out
}

/// A currency sign (Unicode category Sc holds these and a few rare others).
fn is_currency(c: char) -> bool {
    matches!(
        c,
        '$' | '€' | '£' | '¥' | '₹' | '₩' | '₽' | '₺' | '₪' | '₫' | '₱' | '₦' | '¢'
    )
}

/// A word as the lexicon sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub folded: String,
    pub stem: String,
}

impl Word {
    pub fn new(lowercase: &str, lang: &Grammar) -> Word {
        Word {
            folded: fold(lowercase),
            stem: lang.stem(lowercase),
        }
    }
}

fn is_terminator(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | '…' | '。' | '！' | '？' | GREEK_QUESTION_MARK
    )
}

/// Greek asks with ";" (U+037E, usually typed as the ASCII semicolon): after a Greek letter a
/// semicolon is a question mark, and ends a sentence as one.
const GREEK_QUESTION_MARK: char = '\u{037E}';

fn is_greek(c: char) -> bool {
    matches!(c, '\u{0370}'..='\u{03FF}' | '\u{1F00}'..='\u{1FFF}')
}

/// Whether `c`, written after `before`, asks a question.
fn is_question_mark(before: Option<char>, c: char) -> bool {
    matches!(c, '?' | '？' | GREEK_QUESTION_MARK) || c == ';' && before.is_some_and(is_greek)
}

fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '”' | '’' | ')' | ']' | '»' | '*' | '_' | '“'
    )
}

/// A sentence whose closing punctuation holds a question mark ("…?", "…?!", "…?»").
pub fn is_question(sentence: &str) -> bool {
    let mut tail = sentence.chars().rev().peekable();
    while let Some(c) = tail.next() {
        if is_question_mark(tail.peek().copied(), c) {
            return true;
        }
        if !(is_terminator(c) || is_closer(c) || c.is_whitespace()) {
            return false;
        }
    }
    false
}

/// Sentence byte ranges of `text`: ends at terminal punctuation followed by space, at blank
/// lines, and at the end of short lines (greetings, sign-offs, list items); a full stop after
/// a title (by its shape, or a word `titles` knows: "dott.") ends none before a capitalised
/// word, nor does one after a listed abbreviation before a lowercase word ("bzw. die"). Ranges
/// are trimmed and hold at least one letter or digit.
fn split_sentences(
    text: &str,
    titles: &dyn Fn(&str, bool) -> bool,
    month: &dyn Fn(&str) -> bool,
) -> Vec<(usize, usize)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut push = |start: usize, end: usize| {
        let piece = &text[start..end];
        let trimmed = piece.trim_start();
        let s = start + (piece.len() - trimmed.len());
        let e = s + trimmed.trim_end().len();
        if text[s..e].chars().any(char::is_alphanumeric) {
            out.push((s, e));
        }
    };
    let mut start = 0;
    let mut line_start = 0;
    let mut i = 0;
    while i < chars.len() {
        let (pos, c) = chars[i];
        let before = i.checked_sub(1).map(|b| chars[b].1);
        if is_terminator(c) || is_question_mark(before, c) {
            let mut j = i + 1;
            while j < chars.len() && (is_terminator(chars[j].1) || is_closer(chars[j].1)) {
                j += 1;
            }
            let ends = j == chars.len() || chars[j].1.is_whitespace();
            let abbreviated = is_title_abbreviation(text, pos, c)
                || is_label_abbreviation(text, pos, c)
                || is_abbreviation_run(text, pos, c)
                || is_ordinal(text, pos, c)
                || is_date_ordinal(text, pos, c, month)
                || is_listed_abbreviation(text, pos, c, titles);
            if ends && !abbreviated {
                let end = chars.get(j).map_or(text.len(), |&(p, _)| p);
                push(start, end);
                start = end;
            }
            i = j;
            continue;
        }
        if c == '\n' {
            let blank_next = chars[i + 1..]
                .iter()
                .map(|&(_, c)| c)
                .find(|c| !matches!(c, ' ' | '\t' | '\r'))
                .is_none_or(|c| c == '\n');
            let line = &text[line_start..pos];
            let short = line.split_whitespace().count() <= SHORT_LINE_WORDS;
            let item_next =
                starts_list_item(&text[pos + 1..]) && !dash_goes_on(line, &text[pos + 1..]);
            if blank_next || short || ends_with_emoji(line) || item_next {
                push(start, pos);
                start = pos;
            }
            line_start = pos + 1;
        }
        i += 1;
    }
    push(start, text.len());
    out
}

/// A full stop after a title of two or three letters or an initial before a name ("Dr. Klaus
/// Brandt", "Mr. Lee", "Arq. Méndez", "D. Teresa", "J. Smith"): a shape, not a list, so it
/// holds in every language.
fn is_title_abbreviation(text: &str, pos: usize, c: char) -> bool {
    if c != '.' {
        return false;
    }
    let before = &text[..pos];
    let start = word_start(before);
    let word = &before[start..];
    let mut letters = word.chars();
    // An initial stands alone: the "T" of "SAF-T. Or…" ends a sentence.
    let alone = before[..start]
        .chars()
        .next_back()
        .is_none_or(char::is_whitespace);
    let count = word.chars().count();
    let title = ((2..=3).contains(&count) || (count == 1 && alone))
        && letters.next().is_some_and(char::is_uppercase)
        && letters.all(char::is_lowercase);
    title && name_follows(text, pos)
}

/// A full stop that makes a number an ordinal before a lowercase word ("otsus 18. kuupäeval",
/// "od 1. mája", "15. päivänä"): Estonian, Finnish, the Nordic and Slavic languages write
/// ordinals so, and a sentence that ends on a number is not followed by a lowercase word.
fn is_ordinal(text: &str, pos: usize, c: char) -> bool {
    c == '.' && number_before(text, pos, 4) && lowercase_follows(text, pos)
}

/// Whether the word before byte `pos` is a number of 1 to `most` digits.
fn number_before(text: &str, pos: usize, most: usize) -> bool {
    let before = &text[..pos];
    let word = &before[word_start(before)..];
    (1..=most).contains(&word.len()) && word.bytes().all(|b| b.is_ascii_digit())
}

/// A full stop that makes a day an ordinal before a month's name ("bis 6. Januar", "den 3.
/// Mai"): German and the Nordic and Slavic languages write dates so, capital and all.
fn is_date_ordinal(text: &str, pos: usize, c: char, month: &dyn Fn(&str) -> bool) -> bool {
    if c != '.' || !number_before(text, pos, 2) {
        return false;
    }
    let Some(after) = text[pos + 1..].strip_prefix(' ') else {
        return false;
    };
    let next = after
        .split(|ch: char| !ch.is_alphabetic())
        .next()
        .unwrap_or("");
    !next.is_empty() && month(next)
}

/// Where the word that ends at the end of `before` starts.
fn word_start(before: &str) -> usize {
    before
        .char_indices()
        .rev()
        .find(|(_, c)| !c.is_alphanumeric())
        .map_or(0, |(i, c)| i + c.len_utf8())
}

/// Whether a space and a capitalised word follow the full stop at `pos`.
fn name_follows(text: &str, pos: usize) -> bool {
    let mut after = text[pos + 1..].chars();
    after.next() == Some(' ') && after.next().is_some_and(char::is_uppercase)
}

/// A full stop after a title of the language's list before a capitalised word ("il dott.
/// Lanfranchi"): lowercase titles have no shape to know them by. `titles` is also asked, with
/// `before_name` false, about an abbreviation before a lowercase word ("bzw. die", "etc. and").
fn is_listed_abbreviation(
    text: &str,
    pos: usize,
    c: char,
    titles: &dyn Fn(&str, bool) -> bool,
) -> bool {
    let before = &text[..pos];
    let start = word_start(before);
    if c != '.' || start >= pos {
        return false;
    }
    let word = &before[start..];
    (name_follows(text, pos) && titles(word, true))
        || (lowercase_follows(text, pos) && titles(word, false))
}

/// Whether a space and a lowercase word follow the full stop at `pos`.
fn lowercase_follows(text: &str, pos: usize) -> bool {
    let mut after = text[pos + 1..].chars();
    after.next() == Some(' ') && after.next().is_some_and(char::is_lowercase)
}

/// Whether a line ends with an emoji ("… per manifesta incapacità 😅"): in chat-style writing
/// it closes the sentence as a full stop would, so the next line is a sentence of its own.
/// Faces that laugh or wink: what a sentence holding one says is said in jest. Characters, like
/// the sentence terminators, not words of any language.
const LAUGHING_FACES: [char; 14] = [
    '😀', '😁', '😂', '🤣', '😃', '😄', '😅', '😆', '😉', '😜', '😝', '😛', '🙃', '😹',
];

fn ends_with_emoji(line: &str) -> bool {
    line.trim_end()
        .chars()
        .next_back()
        .is_some_and(|c| matches!(c as u32, 0x1F300..=0x1FAFF | 0x2600..=0x27BF))
}

/// Whether a line opens a list item ("- where is it hosted", "• retention", "2) export"):
/// each item is a sentence of its own, not a wrapped line of the one before.
fn starts_list_item(line: &str) -> bool {
    list_item(line).is_some()
}

/// Whether a line opening with a dash ("- per course, with dates?") goes on with the
/// hard-wrapped sentence above it rather than opening a list: the line above is no list item
/// itself and ends with no punctuation, so nothing introduced a list. (A short line above ends
/// its sentence anyway, so only long ones get here.) Only dashes are read so: a writer's " - "
/// lands at a line start when the text wraps, a "•" or "2)" never does.
fn dash_goes_on(line: &str, next: &str) -> bool {
    let next = next.trim_start_matches([' ', '\t']);
    let dash = ['-', '–', '—'].iter().any(|d| next.starts_with(*d));
    let last = line.trim_end().chars().next_back();
    dash && list_item(line).is_none() && last.is_some_and(char::is_alphanumeric)
}

/// The text of a list item after its bullet or number ("- where is it hosted" -> "where is it
/// hosted"), or None for a line that opens no item. Bullets are typography, not words of a
/// language.
pub fn list_item(line: &str) -> Option<&str> {
    let line = line.trim_start_matches([' ', '\t']);
    let bullet = ['-', '*', '•', '–', '—', '·']
        .iter()
        .find_map(|b| line.strip_prefix(*b)?.strip_prefix(' '));
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let numbered = (1..=2)
        .contains(&digits)
        .then(|| {
            [". ", ") "]
                .iter()
                .find_map(|m| line[digits..].strip_prefix(m))
        })
        .flatten();
    bullet.or(numbered).map(str::trim)
}

/// A short lowercase abbreviation: one to four letters ("lic", "iur", "dipl", "z").
fn is_short_lowercase(word: &str) -> bool {
    (1..=4).contains(&word.chars().count()) && word.chars().all(char::is_lowercase)
}

/// A full stop inside a run of short lowercase abbreviations ("lic. iur. Martin Keller",
/// "dipl. ing. Huber"): a degree or a title before a name, not two sentences. A shape, not a
/// list: the run needs two of them in a row.
fn is_abbreviation_run(text: &str, pos: usize, c: char) -> bool {
    if c != '.' {
        return false;
    }
    let before = &text[..pos];
    let word = before
        .rsplit(|ch: char| !ch.is_alphabetic())
        .next()
        .unwrap_or("");
    if !is_short_lowercase(word) {
        return false;
    }
    let after = &text[pos + 1..];
    let next_is_one = after.strip_prefix(' ').is_some_and(|rest| {
        let next: String = rest.chars().take_while(|c| c.is_alphabetic()).collect();
        is_short_lowercase(&next) && rest[next.len()..].starts_with('.')
    });
    let head = &before[..before.len() - word.len()];
    let prev_is_one = head.strip_suffix(' ').is_some_and(|h| {
        h.strip_suffix('.').is_some_and(|h| {
            let prev = h
                .rsplit(|ch: char| !ch.is_alphabetic())
                .next()
                .unwrap_or("");
            is_short_lowercase(prev)
        })
    });
    next_is_one || prev_is_one
}

/// A full stop after a short word that opens its line and precedes a number: the label of a
/// contact line ("Tel. 02 555", "puh. 040 000", "Tlf. 22 33"), not the end of a sentence; so
/// after a lowercase one before a name, the street of an address ("ul. Portowa 14", "av.
/// Paulista 1000"), and after a capitalised one before a name's particle ("Av. da Liberdade",
/// "Pç. do Comércio").
fn is_label_abbreviation(text: &str, pos: usize, c: char) -> bool {
    if c != '.' {
        return false;
    }
    let line = &text[text[..pos].rfind('\n').map_or(0, |i| i + 1)..pos];
    let label = line.trim_start();
    let short = (2..=4).contains(&label.chars().count()) && label.chars().all(char::is_alphabetic);
    let lowercase = label.chars().all(char::is_lowercase);
    let mut after = text[pos + 1..].chars();
    short
        && after.next() == Some(' ')
        && (after
            .next()
            .is_some_and(|c| c.is_ascii_digit() || c == '+' || (lowercase && c.is_uppercase()))
            || particle_then_name(&text[pos + 1..]))
}

/// Letters of the longest particle inside a name ("da", "van", "von", "del", "des").
pub const MAX_PARTICLE_CHARS: usize = 3;

/// Whether `after` is a space, a lowercase particle of one to three letters, a space and a
/// capitalised word: " da Liberdade", " do Comércio".
fn particle_then_name(after: &str) -> bool {
    let mut words = after.split(' ').skip(1);
    let particle = words.next().unwrap_or("");
    let name = words.next().unwrap_or("");
    (1..=MAX_PARTICLE_CHARS).contains(&particle.chars().count())
        && particle.chars().all(char::is_lowercase)
        && name.chars().next().is_some_and(char::is_uppercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The splitter with no language's title list.
    fn sentence_spans(text: &str) -> Vec<(usize, usize)> {
        split_sentences(text, &|_, _| false, &|_| false)
    }

    #[test]
    fn words_keep_inner_apostrophes_only() {
        let w: Vec<&str> = raw_words("Don't 'quote' l’équipe in-house 20%off")
            .iter()
            .map(|x| x.1)
            .collect();
        assert_eq!(
            w,
            [
                "Don't",
                "quote",
                "l’équipe",
                "in",
                "house",
                "20",
                "%",
                "off"
            ]
        );
        let w: Vec<&str> = raw_words("R$ 4.200, €90 and £5")
            .iter()
            .map(|x| x.1)
            .collect();
        assert_eq!(w, ["R", "$", "4", "200", "€", "90", "and", "£", "5"]);
        let w: Vec<&str> = raw_words("mail ana@x.example or <https://x.example/a> today")
            .iter()
            .map(|x| x.1)
            .collect();
        assert_eq!(w, ["mail", "or", "today"]);
        assert_eq!(
            sentence_spans("Geschäftsführer: Dr. Jan Kunz. Danke.").len(),
            2,
            "a title's full stop ends no sentence"
        );
        assert_eq!(sentence_spans("Hola Arq. Méndez, gracias.").len(), 1);
        assert_eq!(
            sentence_spans("Mikko\npuh. 040 000 1234\nTel. +39 02 555").len(),
            3,
            "a contact line's label ends no sentence"
        );
        assert_eq!(sentence_spans("We need ten. 300 came.").len(), 2);
    }

    #[test]
    fn each_word_is_its_own_only_word() {
        // `Grammar::words_of_raw` reads a word of `raw_words` without splitting it again.
        let text = "Don't e-mail ana@x.example; l’équipe's 20%off, R$ 4.200 or €90 at \
                    www.x.example/a'b, 'quoted' rock'n'roll x'' 'y";
        for (_, raw) in raw_words(text) {
            assert_eq!(raw_words(raw), [(0, raw)], "{raw}");
        }
    }

    #[test]
    fn sentences_end_at_punctuation_blank_and_short_lines() {
        let text = "Hi Dana,\n\nThanks for the pack. It helps!\nBest,\nRob";
        let s: Vec<&str> = sentence_spans(text)
            .into_iter()
            .map(|(a, b)| &text[a..b])
            .collect();
        assert_eq!(
            s,
            [
                "Hi Dana,",
                "Thanks for the pack.",
                "It helps!",
                "Best,",
                "Rob"
            ]
        );
    }

    #[test]
    fn a_run_of_short_lowercase_abbreviations_ends_no_sentence() {
        let text = "I have instructed our lawyer, lic. iur. Martin Keller, to act. He writes soon.";
        assert_eq!(sentence_spans(text).len(), 2);
        let text = "it broke again. we are fed up. who can fix it?";
        assert_eq!(
            sentence_spans(text).len(),
            3,
            "lowercase writers keep their sentences"
        );
    }

    #[test]
    fn each_list_item_is_a_sentence_of_its_own() {
        let text = "I need to know:\n- where the files are hosted and under which law\n• how long we can keep them\n2) what evidence export a judge would accept";
        assert_eq!(sentence_spans(text).len(), 4);
        assert!(!starts_list_item("—no space after the dash"));
        assert!(!starts_list_item("2025 was a good year"));
    }

    #[test]
    fn wrapped_lines_stay_one_sentence() {
        let text =
            "we are starting to think we should have somebody on staff\nwho runs it full time.";
        assert_eq!(sentence_spans(text).len(), 1);
    }

    #[test]
    fn questions_are_recognised_by_their_closing_marks() {
        assert!(is_question("Is that right?"));
        assert!(is_question("Really?!”"));
        assert!(!is_question("Why not."));
    }

    #[test]
    fn a_greek_semicolon_asks_and_ends_a_sentence() {
        assert!(is_question("Τι ακριβώς χρειάζεστε;"));
        assert!(is_question("Πότε σας βολεύει\u{037E}"));
        assert!(!is_question("Three things; see below"));
        assert_eq!(sentence_spans("Τι χρειάζεστε; Πείτε μου.").len(), 2);
    }
}
