//! Phrase patterns: the one way a language pack says what to look for in text.
//!
//! Owns the pattern syntax documented in `prompts/builtin/README.md` and matching a compiled
//! pattern against the tokens of one sentence of a [`Doc`]. A pattern is a sequence of word
//! matchers (a stem, an exact word, a prefix/suffix/infix, a class, or alternatives of these)
//! with optional gaps (`…`) of up to [`GAP`] tokens between them. It must not know any word of
//! any language: words come from the packs, stems from the language's stemmer.
//!
//! Matches never cross a sentence. A match whose first token lies in a negation scope ("not a
//! problem", "no es caro") is dropped, unless the pattern itself holds a negator ("not work"),
//! in which case the negation is what it looks for.

use rustc_hash::FxHashMap;

use super::doc::{Doc, Token, Word};
use super::lexicon::Grammar;

/// Tokens a `…` may skip.
pub const GAP: usize = 4;

/// Id of a word or stem in a language's [`Vocab`]: matching compares numbers, not strings.
pub type WordId = u32;
/// The id of a word no pattern of the language names.
pub const UNKNOWN: WordId = WordId::MAX;

/// The words and stems a language's patterns name, numbered. Tokens look their word and stem
/// up once; every pattern step then compares two integers.
#[derive(Debug, Clone, Default)]
pub struct Vocab {
    // Looked up for every token of every text read: a fast hasher matters, and the keys are
    // the packs' own words, not input an attacker chooses.
    ids: FxHashMap<String, WordId>,
}

impl Vocab {
    fn intern(&mut self, word: &str) -> WordId {
        if let Some(id) = self.ids.get(word) {
            return *id;
        }
        let id = self.ids.len() as WordId;
        self.ids.insert(word.to_string(), id);
        id
    }

    pub fn get(&self, word: &str) -> WordId {
        self.ids.get(word).copied().unwrap_or(UNKNOWN)
    }
}

/// One word matcher.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Atom {
    /// Same stem ("cancel" matches "cancelled", "cancellation").
    Stem(WordId),
    /// Same folded word (`=word`): for short words whose stem says too little.
    Exact(WordId),
    /// `word*`, `*word`, `*word*` on the folded word (German compounds, word families).
    Prefix(String),
    Suffix(String),
    Contains(String),
    /// `a|b|@class`: any of these.
    Any(Alternatives),
    /// `@name`: a capitalised word inside a clause, most often a name ("went with Northbeam",
    /// "quedarnos con HubSpot"); not "I", not "Q2". Packs whose language capitalises every
    /// noun do not use it.
    Name,
    /// `@capital`: a capitalised word anywhere, the first of a sentence or clause included: the
    /// product a sentence is about ("Planwerk includes…", "…, LearnSphere offers…"), where
    /// `@name` must skip the first word because every sentence capitalises it.
    Capital,
}

impl Atom {
    pub(super) fn matches(&self, t: &Token) -> bool {
        match self {
            Atom::Stem(id) => t.stem_id == *id,
            Atom::Exact(id) => t.folded_id == *id,
            Atom::Prefix(s) => t.folded.starts_with(s.as_str()),
            Atom::Suffix(s) => t.folded.ends_with(s.as_str()),
            Atom::Contains(s) => t.folded.contains(s.as_str()),
            Atom::Any(all) => all.matches(t),
            Atom::Name => {
                t.capitalised
                    && !t.clause_start
                    && t.folded.chars().nth(1).is_some()
                    && !t.folded.chars().any(|c| c.is_ascii_digit())
            }
            Atom::Capital => t.capitalised && t.folded.chars().nth(1).is_some(),
        }
    }
}

/// The alternatives of one step, flattened: a class holds up to fifty words and is tried at
/// every token a gap allows, so its word and stem ids are kept sorted for a binary search
/// rather than tried one by one; affixes and names are tried in turn.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Alternatives {
    stems: Vec<WordId>,
    exact: Vec<WordId>,
    others: Vec<Atom>,
}

impl Alternatives {
    fn new(atoms: Vec<Atom>) -> Alternatives {
        let mut all = Alternatives::default();
        for atom in atoms {
            match atom {
                Atom::Stem(id) => all.stems.push(id),
                Atom::Exact(id) => all.exact.push(id),
                Atom::Any(inner) => {
                    all.stems.extend(inner.stems);
                    all.exact.extend(inner.exact);
                    all.others.extend(inner.others);
                }
                other => all.others.push(other),
            }
        }
        for ids in [&mut all.stems, &mut all.exact] {
            ids.sort_unstable();
            ids.dedup();
        }
        all
    }

    fn matches(&self, t: &Token) -> bool {
        self.stems.binary_search(&t.stem_id).is_ok()
            || self.exact.binary_search(&t.folded_id).is_ok()
            || self.others.iter().any(|a| a.matches(t))
    }
}

#[derive(Debug, Clone)]
struct Step {
    atom: Atom,
    /// Tokens allowed between the previous step and this one.
    gap: usize,
}

/// A compiled pattern.
#[derive(Debug, Clone)]
pub struct Pattern {
    steps: Vec<Step>,
    /// The pattern names a negation itself, so a negated context is what it matches.
    negates: bool,
    /// Written with a leading `^`: matches only where a clause starts ("^ actually" is a
    /// rebuttal; "what your team actually uses" is emphasis).
    anchored: bool,
    /// The pattern as written in the pack, for evidence and error messages.
    pub source: String,
}

/// A word two neighbouring word groups of `source` both offer ("ons werk|dagelijks werk"):
/// the sign of a phrase written as an alternative, which `|` cannot express because it
/// separates single words ("werk|dagelijks werk" reads as "werk|dagelijks" then "werk").
fn shared_alternative(source: &str) -> Option<&str> {
    let pieces: Vec<&str> = source.split_whitespace().collect();
    pieces.windows(2).find_map(|pair| {
        let [a, b] = pair else { return None };
        if a.contains('|') || b.contains('|') {
            a.split('|')
                .find(|w| !w.is_empty() && b.split('|').any(|v| v == *w))
        } else {
            None
        }
    })
}

/// A pattern found in a document: token indices (inclusive) within one sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    pub sentence: usize,
    pub first: usize,
    pub last: usize,
}

impl Match {
    /// Whether the two matches share a token (both in one sentence).
    pub fn overlaps(&self, other: &Match) -> bool {
        self.first <= other.last && other.first <= self.last
    }
}

impl Pattern {
    /// Compiles one pattern with the words, classes and stemmer of `lang`, numbering its
    /// words in `vocab`.
    pub fn parse(source: &str, lang: &Grammar, vocab: &mut Vocab) -> Result<Pattern, String> {
        if let Some(word) = shared_alternative(source) {
            return Err(format!(
                "pattern {source:?}: neighbouring words share the alternative {word:?}; \
                 alternatives are single words, so write a phrase alternative \
                 (\"werk|dagelijks werk\") as a pattern of its own"
            ));
        }
        if let Some(idiom) = names_idiom(source, lang) {
            return Err(format!(
                "pattern {source:?}: \"{idiom}\" is listed in `not_negating`, so a message's \
                 words never read as it; name the idiom's other words instead"
            ));
        }
        let mut steps: Vec<Step> = Vec::new();
        let mut gap = 0;
        let mut negates = false;
        let mut pieces = source.split_whitespace().peekable();
        let anchored = pieces.next_if_eq(&"^").is_some();
        for piece in pieces {
            if piece == "…" || piece == "..." {
                if steps.is_empty() {
                    return Err(format!("pattern {source:?} starts with a gap"));
                }
                gap = GAP;
                continue;
            }
            if piece.contains('|') || piece.starts_with(['@', '=', '*']) || piece.ends_with('*') {
                negates |= piece
                    .split('|')
                    .any(|alt| lang.is_negator(&super::fold::fold(alt.trim_start_matches('='))));
                let atom = parse_alternatives(piece, lang, vocab)
                    .map_err(|e| format!("pattern {source:?}: {e}"))?;
                steps.push(Step { atom, gap });
            } else {
                let words = lang.words_of(piece);
                if words.is_empty() {
                    return Err(format!("pattern {source:?}: {piece:?} holds no word"));
                }
                for word in words {
                    negates |= lang.is_negator(&word.folded);
                    let atom = word_atom(&word, lang, vocab);
                    steps.push(Step { atom, gap });
                    gap = 0;
                }
            }
            gap = 0;
        }
        if steps.is_empty() {
            return Err(format!("pattern {source:?} has no word"));
        }
        Ok(Pattern {
            steps,
            negates,
            anchored,
            source: source.to_string(),
        })
    }

    /// The pattern's only word matcher, when it has exactly one (word classes).
    pub fn single_atom(&self) -> Option<Atom> {
        match self.steps.as_slice() {
            [only] => Some(only.atom.clone()),
            _ => None,
        }
    }

    /// The first match starting at token `start` of its sentence, if any.
    fn match_at(&self, doc: &Doc, start: usize, end: usize) -> Option<usize> {
        let first = &doc.tokens[start];
        if (self.anchored && !first.clause_start) || !self.steps[0].atom.matches(first) {
            return None;
        }
        self.rest(doc, 1, start, end)
    }

    /// Matches steps `from..` after token `prev`, trying each position a gap allows.
    fn rest(&self, doc: &Doc, from: usize, prev: usize, end: usize) -> Option<usize> {
        let Some(step) = self.steps.get(from) else {
            return Some(prev);
        };
        let last_try = (prev + 1 + step.gap).min(end.saturating_sub(1));
        // A gap stays inside its clause: "not gonna sugarcoat it, this quarter…" is no "not …
        // this quarter". A word right after the previous one may open a clause.
        let mut clause_opened = false;
        (prev + 1..=last_try)
            .filter(|&t| t < end)
            .take_while(|&t| {
                clause_opened |= doc.tokens[t].clause_start;
                t == prev + 1 || !clause_opened
            })
            .filter(|&t| step.atom.matches(&doc.tokens[t]))
            .find_map(|t| self.rest(doc, from + 1, t, end))
    }

    /// Every match in sentence `s`, negated contexts dropped (see the module doc).
    pub fn find<'a>(&'a self, doc: &'a Doc, s: usize) -> impl Iterator<Item = Match> + 'a {
        let range = doc.sentences.get(s).map_or(0..0, |x| x.tokens.clone());
        let end = range.end;
        let tokens = &doc.tokens;
        range.filter_map(move |i| {
            let last = self.match_at(doc, i, end)?;
            if !self.negates && tokens[i].negated {
                return None;
            }
            Some(Match {
                sentence: s,
                first: i,
                last,
            })
        })
    }
}

/// The first "negator next-word" idiom of the language's `not_negating` list that `source`
/// names word for word: documents read it as one word, so the pattern could never match.
fn names_idiom(source: &str, lang: &Grammar) -> Option<String> {
    let words: Vec<String> = source
        .split_whitespace()
        .map(|p| super::fold::fold(p.trim_start_matches('=')))
        .collect();
    words
        .windows(2)
        .find(|w| lang.idiom_not_negating(&w[0], &w[1]))
        .map(|w| w.join(" "))
}

fn parse_alternatives(piece: &str, lang: &Grammar, vocab: &mut Vocab) -> Result<Atom, String> {
    let mut all = Vec::new();
    for alt in piece.split('|').filter(|a| !a.is_empty()) {
        all.push(parse_atom(alt, lang, vocab)?);
    }
    match all.len() {
        0 => Err(format!("empty alternative in {piece:?}")),
        1 => Ok(all.remove(0)),
        _ => Ok(Atom::Any(Alternatives::new(all))),
    }
}

fn parse_atom(text: &str, lang: &Grammar, vocab: &mut Vocab) -> Result<Atom, String> {
    let fold = super::fold::fold;
    if let Some(name) = text.strip_prefix('@') {
        match name {
            "name" if lang.class(name).is_none() => return Ok(Atom::Name),
            "capital" if lang.class(name).is_none() => return Ok(Atom::Capital),
            _ => {}
        }
        return lang
            .class(name)
            .cloned()
            .ok_or_else(|| format!("unknown class @{name}"));
    }
    if let Some(word) = text.strip_prefix('=') {
        return Ok(Atom::Exact(vocab.intern(&fold(word))));
    }
    let (starts, ends) = (text.starts_with('*'), text.ends_with('*'));
    let core = fold(text.trim_matches('*'));
    if core.is_empty() || core.contains(char::is_whitespace) {
        return Err(format!("{text:?} is not one word"));
    }
    Ok(match (starts, ends) {
        (true, true) => Atom::Contains(core),
        (false, true) => Atom::Prefix(core),
        (true, false) => Atom::Suffix(core),
        (false, false) => {
            let mut words = lang.words_of(text);
            if words.len() != 1 {
                return Err(format!(
                    "{text:?} is several words; alternatives must be single words"
                ));
            }
            word_atom(&words.remove(0), lang, vocab)
        }
    })
}

/// How a plain word of a pattern matches: a negator by the language's negators of its stem,
/// a word the stemmer cuts too short by itself, any other word by its stem.
fn word_atom(word: &Word, lang: &Grammar, vocab: &mut Vocab) -> Atom {
    if lang.is_negator(&word.folded) {
        negator_atom(&word.folded, lang, vocab)
    } else if stem_too_short(&word.folded, &word.stem) {
        Atom::Exact(vocab.intern(&word.folded))
    } else {
        Atom::Stem(vocab.intern(&word.stem))
    }
}

/// Whether the stemmer cut `folded` down to a stem too short to name its word: Turkish "oysa"
/// and "önce" both stem to "o" once folded, as does the pronoun "o", so a contrast written
/// "oysa" read every "önce" ("before") as a "but". Such a word matches only itself.
fn stem_too_short(folded: &str, stem: &str) -> bool {
    let length = stem.chars().count();
    length <= MEANINGLESS_STEM_CHARS && length < folded.chars().count()
}

/// The longest stem that says too little about its word to stand for it (see `stem_too_short`).
const MEANINGLESS_STEM_CHARS: usize = 2;

/// A negator of a pattern matches the language's negators of its stem, never another word
/// that happens to share the stem (see `Grammar::negator_forms`).
fn negator_atom(folded: &str, lang: &Grammar, vocab: &mut Vocab) -> Atom {
    let forms = lang.negator_forms(folded);
    Atom::Any(Alternatives::new(
        forms.iter().map(|f| Atom::Exact(vocab.intern(f))).collect(),
    ))
}

/// Compiled patterns of one list of a pack, indexed by their first word so that a token is
/// only tried against the patterns that can start with it.
#[derive(Debug, Clone, Default)]
pub struct PatternList {
    patterns: Vec<Pattern>,
    /// Patterns whose first step is a known word or stem, by its id.
    by_first: FxHashMap<WordId, Vec<usize>>,
    /// Bit `id` is set when `by_first` holds `id`: most tokens start no pattern of a list,
    /// and every list visits every token, so a bit test turns them away before a lookup.
    first_bits: Vec<u64>,
    /// Patterns whose first step holds an affix: tried at every token.
    scan: Vec<usize>,
}

/// The ids a first step can match, or None when it holds an affix.
fn first_ids(atom: &Atom, out: &mut Vec<WordId>) -> bool {
    match atom {
        Atom::Stem(id) | Atom::Exact(id) => {
            out.push(*id);
            true
        }
        Atom::Any(all) => {
            out.extend(&all.stems);
            out.extend(&all.exact);
            all.others.is_empty()
        }
        Atom::Prefix(_) | Atom::Suffix(_) | Atom::Contains(_) | Atom::Name | Atom::Capital => false,
    }
}

impl PatternList {
    pub fn parse(
        what: &str,
        sources: &[String],
        lang: &Grammar,
        vocab: &mut Vocab,
    ) -> Result<PatternList, String> {
        let mut list = PatternList::default();
        for source in sources {
            let pattern =
                Pattern::parse(source, lang, vocab).map_err(|e| format!("{what}: {e}"))?;
            let index = list.patterns.len();
            let mut ids = Vec::new();
            if first_ids(&pattern.steps[0].atom, &mut ids) {
                ids.sort_unstable();
                ids.dedup();
                for id in ids {
                    list.by_first.entry(id).or_default().push(index);
                    list.mark_first(id);
                }
            } else {
                list.scan.push(index);
            }
            list.patterns.push(pattern);
        }
        Ok(list)
    }

    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    fn mark_first(&mut self, id: WordId) {
        let (word, bit) = (id as usize / 64, id % 64);
        if self.first_bits.len() <= word {
            self.first_bits.resize(word + 1, 0);
        }
        self.first_bits[word] |= 1 << bit;
    }

    /// Whether any pattern's first step matches token `t`: every list visits every token of
    /// the sentences it reads, and most tokens start none of its patterns.
    fn may_start_at(&self, t: &Token) -> bool {
        self.may_start(t.stem_id)
            || self.may_start(t.folded_id)
            || self
                .scan
                .iter()
                .any(|&p| self.patterns[p].steps[0].atom.matches(t))
    }

    /// Whether some pattern's first step names word or stem `id` (`UNKNOWN` lies past the
    /// end of every list's bits).
    fn may_start(&self, id: WordId) -> bool {
        let (word, bit) = (id as usize / 64, id % 64);
        self.first_bits.get(word).is_some_and(|w| w >> bit & 1 == 1)
    }

    /// Patterns that may start at token `t`, each once.
    fn candidates<'a>(&'a self, t: &Token) -> impl Iterator<Item = usize> + 'a {
        let none: &[usize] = &[];
        let lookup = |id: WordId| {
            self.may_start(id)
                .then(|| self.by_first.get(&id))
                .flatten()
                .map_or(none, Vec::as_slice)
        };
        let by_stem = lookup(t.stem_id);
        let by_word = if t.folded_id == t.stem_id {
            none
        } else {
            lookup(t.folded_id)
        };
        self.scan
            .iter()
            .chain(by_stem)
            .chain(by_word.iter().filter(move |p| !by_stem.contains(p)))
            .copied()
    }

    /// Every match in sentence `s`, with the pattern that made it (negated contexts dropped,
    /// see the module doc), in token order.
    pub fn find<'a>(
        &'a self,
        doc: &'a Doc,
        s: usize,
    ) -> impl Iterator<Item = (&'a Pattern, Match)> + 'a {
        let range = doc.sentences.get(s).map_or(0..0, |x| x.tokens.clone());
        let end = range.end;
        range
            .filter(move |&i| self.may_start_at(&doc.tokens[i]))
            .flat_map(move |i| self.found_at(doc, s, i, end))
    }

    /// The matches of the patterns that start at token `i` of sentence `s`.
    fn found_at<'a>(
        &'a self,
        doc: &'a Doc,
        s: usize,
        i: usize,
        end: usize,
    ) -> impl Iterator<Item = (&'a Pattern, Match)> + 'a {
        let token = &doc.tokens[i];
        self.candidates(token).filter_map(move |p| {
            let pattern = &self.patterns[p];
            // A negated token starts no match of a pattern without a negator: no need to
            // try one.
            if !pattern.negates && token.negated {
                return None;
            }
            let last = pattern.match_at(doc, i, end)?;
            Some((
                pattern,
                Match {
                    sentence: s,
                    first: i,
                    last,
                },
            ))
        })
    }

    /// The earliest match in sentence `s` (longest first at the same start).
    pub fn first(&self, doc: &Doc, s: usize) -> Option<Match> {
        self.find(doc, s)
            .map(|(_, m)| m)
            .min_by_key(|m| (m.first, std::cmp::Reverse(m.last)))
    }

    pub fn any(&self, doc: &Doc, s: usize) -> bool {
        self.find(doc, s).next().is_some()
    }

    pub fn count(&self, doc: &Doc, s: usize) -> usize {
        self.find(doc, s).count()
    }

    /// The earliest match anywhere in the document.
    pub fn first_in(&self, doc: &Doc) -> Option<Match> {
        (0..doc.sentences.len()).find_map(|s| self.first(doc, s))
    }

    pub fn any_in(&self, doc: &Doc) -> bool {
        (0..doc.sentences.len()).any(|s| self.any(doc, s))
    }

    /// Matches in sentence `s` outside quotation marks: the writer's own words, not someone
    /// else's quoted back ("you wrote “we can't spend more”").
    pub fn find_own<'a>(&'a self, doc: &'a Doc, s: usize) -> impl Iterator<Item = Match> + 'a {
        self.find(doc, s)
            .map(|(_, m)| m)
            .filter(move |m| !doc.tokens[m.first].quoted)
    }

    /// Whether sentence `s` has a match outside quotation marks.
    pub fn any_unquoted(&self, doc: &Doc, s: usize) -> bool {
        self.find_own(doc, s).next().is_some()
    }

    /// The earliest match of sentence `s` outside quotation marks.
    pub fn first_own(&self, doc: &Doc, s: usize) -> Option<Match> {
        self.find_own(doc, s)
            .min_by_key(|m| (m.first, std::cmp::Reverse(m.last)))
    }
}
