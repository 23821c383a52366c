//! Triage: whether a human must take over before anyone pitches.
//!
//! Owns the verdicts that turn a suggestion into an abstention: no customer message, the rep
//! spoke last (awaiting the customer), nothing to answer once quotes and signatures are gone
//! (empty, or courtesy and a signature only), a legal threat, abuse. Legal and abuse cues come
//! from the message's pack and the English one (a threat in English inside a Spanish email is
//! still one); English text is also checked with `rustrict` for severe profanity and slurs,
//! which it knows in obfuscated spellings too.
//! False positives matter as much as misses: "our legal team must review the contract" is a
//! concern (authority), "this price is insane" is price, and neither is sent to a human.

use rustrict::{Censor, Type};
use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::concern::strongest_disjoint;
use super::doc::{self, Doc, Token};
use super::lexicon::{Cues, Hit, Lang, MEDIUM, STRONG, WEAK};
use super::pattern::Match;

/// Why a human should handle the message (SPEC `abstain.reason`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    NoCustomerMessage,
    AwaitingCustomer,
    Empty,
    LegalThreat,
    Abusive,
}

impl Verdict {
    pub fn reason(self) -> &'static str {
        match self {
            Verdict::NoCustomerMessage => "no_customer_message",
            Verdict::AwaitingCustomer => "awaiting_customer",
            Verdict::Empty => "empty",
            Verdict::LegalThreat => "legal_threat",
            Verdict::Abusive => "abusive",
        }
    }

    /// Verdicts about the thread's shape rather than its words: there is nothing for a model
    /// to answer, whatever the triage mode.
    pub fn is_structural(self) -> bool {
        matches!(
            self,
            Verdict::NoCustomerMessage | Verdict::AwaitingCustomer | Verdict::Empty
        )
    }
}

/// What each sentence of a message is: content (beyond greetings, courtesy and signature
/// lines), and whether it is unsaid (footer or signature). Computed once per reading.
pub struct Lines {
    pub content: Vec<bool>,
    /// Footer or signature block: not what the customer says. No concern is read there and
    /// no triage cue counts there (who signs, "Abogado" or "General Counsel", is no threat).
    pub unsaid: Vec<bool>,
}

impl Lines {
    pub fn new(doc: &Doc, lang: &Lang) -> Lines {
        Lines::new_among(doc, lang, &[])
    }

    /// As [`Lines::new`], where a short closing line that another of `packs` reads as courtesy
    /// only says nothing either: a bilingual sign-off ("Med vänliga hälsningar / Best regards",
    /// "Cordialement / Kind regards") closes messages in the language of the writer's office.
    pub fn new_among(doc: &Doc, lang: &Lang, packs: &[&Lang]) -> Lines {
        let foreign_courtesy = |text: &str| {
            packs
                .iter()
                .any(|other| other.code != lang.code && is_courtesy_line(text, other))
        };
        let n = doc.sentences.len();
        let machine = machine_sections(doc, lang);
        // A disclaimer is one block of boilerplate, and only some of its sentences have a wording a
        // list can know ("Any views expressed are the author's…" after "…received this email in
        // error…"); the blank line that ends it keeps an external-sender banner at the top from
        // swallowing the message under it.
        let disclaimer = doc.blocks_from(|s| lang.triage.footer.any(doc, s));
        // A calendar's answer is read by whole paragraphs: the event's title sits above its
        // "When:" line and reads as prose.
        let calendar = doc.paragraphs_holding(|s| lang.triage.calendar.any(doc, s));
        let footer: Vec<bool> = disclaimer
            .iter()
            .zip(&calendar)
            .map(|(d, c)| *d || *c)
            .collect();
        let mut content: Vec<bool> = (0..n)
            .map(|s| !footer[s] && sentence_has_content(doc, lang, s))
            .collect();
        let person_beside = machine.contains(&true) && (0..n).any(|s| content[s] && !machine[s]);
        if !person_beside && is_notice(doc, lang) {
            return Lines::written_by_machine(n);
        }
        // The automatic reply's section beside a person's lines: neither said nor a signature.
        let by_machine: Vec<bool> = machine.iter().map(|m| person_beside && *m).collect();
        content
            .iter_mut()
            .zip(&by_machine)
            .for_each(|(c, m)| *c &= !m);
        // Only the closing lines are tried (re-reading every short line in every pack cost a
        // Spanish email 40% more time): a sign-off is what the last content line may be.
        while let Some(s) = content.iter().rposition(|c| *c) {
            if !(is_short_statement(doc, s) && foreign_courtesy(doc.sentence_text(s))) {
                break;
            }
            content[s] = false;
        }
        let written_for_them: Vec<bool> = by_machine
            .iter()
            .zip(&footer)
            .map(|(m, f)| *m || *f)
            .collect();
        if opens_with_signature(&content, &written_for_them, doc, lang) {
            content.fill(false);
        }
        if let Some(name) = closing_block(&content, doc) {
            content[name..].fill(false);
        }
        let signature = signature(&content, doc, lang);
        let unsaid: Vec<bool> = (0..n)
            .map(|s| footer[s] || signature[s] || by_machine[s])
            .collect();
        let said: Vec<bool> = (0..n).map(|s| content[s] && !unsaid[s]).collect();
        if !person_beside && is_auto_reply(doc, lang, &said) {
            return Lines::written_by_machine(n);
        }
        Lines { content, unsaid }
    }

    /// A message a machine wrote whole (a notice, an out-of-office): nothing in it is said.
    fn written_by_machine(n: usize) -> Lines {
        Lines {
            content: vec![false; n],
            unsaid: vec![true; n],
        }
    }

    /// Whether any sentence says something beyond greetings, thanks, sign-offs, a signature
    /// and a footer.
    pub fn has_content(&self) -> bool {
        self.content.iter().any(|c| *c)
    }
}

/// Whether the message is a notice a machine wrote (a read receipt, a ticket system's
/// acknowledgement): every line of it is then boilerplate, the subject line and the header
/// block above the cue included, where a footer covers only its own paragraph. A cue inside
/// quotation marks is a notice the customer passes on, not one.
fn is_notice(doc: &Doc, lang: &Lang) -> bool {
    (0..doc.sentences.len()).any(|s| lang.triage.notice.any_unquoted(doc, s))
}

/// Whether the message is an automatic reply and nothing else: every sentence with content
/// holds an auto-reply cue ("I am out of the office until…") or what such a reply says beside
/// one ("for urgent matters please contact…"), and none asks anything. An out-of-office has
/// nobody behind it to answer; a person who mentions their leave says or asks something more
/// ("…so could we move the demo?").
fn is_auto_reply(doc: &Doc, lang: &Lang, content: &[bool]) -> bool {
    let said: Vec<usize> = (0..content.len()).filter(|&s| content[s]).collect();
    let cue = |s: usize| lang.triage.auto_reply.any_unquoted(doc, s);
    let aside =
        |s: usize| lang.triage.auto_reply_aside.any_unquoted(doc, s) || routing_line(doc, s);
    said.iter().any(|&s| cue(s))
        && said
            .iter()
            .all(|&s| (cue(s) || aside(s)) && !doc.is_question(s))
}

/// A line that routes a kind of request to an address or a number ("Billing questions:
/// accounts@…", "Für Rechnungen: 0711 …"): in any language, what an automatic reply lists
/// under its notice of absence.
fn routing_line(doc: &Doc, s: usize) -> bool {
    let text = doc.sentence_text(s);
    doc::is_contact_line(text) && doc::raw_words(text).len() <= ROUTING_WORDS
}

/// Words of the longest routing line, its number's groups of digits included.
const ROUTING_WORDS: usize = 8;

/// For each sentence, whether it lies in a section a machine wrote: a separator line parts it
/// from the rest ("-----", "--- Automatische Antwort ---") and it holds a notice or an
/// auto-reply cue. A message of one section has none: an out-of-office on its own names who
/// to ask, and a notice on its own is read whole by [`is_notice`].
fn machine_sections(doc: &Doc, lang: &Lang) -> Vec<bool> {
    let sections = doc.section_numbers();
    if sections.last().is_none_or(|&last| last == 0) {
        return vec![false; sections.len()];
    }
    let mut cue_sentences: HashMap<usize, usize> = HashMap::new();
    for (s, &section) in sections.iter().enumerate() {
        if lang.triage.notice.any_unquoted(doc, s) || lang.triage.auto_reply.any_unquoted(doc, s) {
            *cue_sentences.entry(section).or_default() += 1;
        }
    }
    // The person may name the automatic reply ("ignore the automatic answer below"): where
    // several sections hold a cue, the machine's are those that hold the most.
    let most = cue_sentences.values().copied().max().unwrap_or(0);
    let written_by_machine: HashSet<usize> = cue_sentences
        .iter()
        .filter(|&(_, &count)| count == most)
        .map(|(&section, _)| section)
        .collect();
    sections
        .iter()
        .map(|k| written_by_machine.contains(k))
        .collect()
}

/// The signature: the lines without content after the last courtesy-only line ("Kind
/// regards,") that follows what the customer said, with the title lines under the name that
/// signs there (see [`titles_under_name`]), and the lines without content that close
/// the message when nobody signed off ("Marcus Oyelaran / Director of Operations"). A job
/// title or a department there ("IT Procurement", "Contas a Pagar") is who signs, not what
/// they ask.
fn signature(content: &[bool], doc: &Doc, lang: &Lang) -> Vec<bool> {
    let n = content.len();
    let mut block = vec![false; n];
    let Some(first_content) = content.iter().position(|c| *c) else {
        return block;
    };
    let last_content = content.iter().rposition(|c| *c).unwrap_or(first_content);
    block[last_content + 1..].fill(true);
    let sign_off = (first_content + 1..n)
        .rev()
        .find(|&s| !content[s] && (lang.triage.courtesy.any(doc, s) || dashed_name(doc, s)));
    if let Some(k) = sign_off {
        for s in k + 1..n {
            block[s] = !content[s];
        }
        for s in titles_under_name(doc, k + 1) {
            block[s] = true;
        }
    }
    block
}

/// The lines of a signature's paragraph under the name that opens it ("Pagarbiai / Jonas
/// Kazlauskas / Pirkimų skyriaus vadovas / Vilnius"): a title, a company, a town, even
/// where the language writes titles in lowercase words that read as prose. They stop at the
/// first line that is no title, and at the paragraph's end ("P.S. …" below is said).
fn titles_under_name(doc: &Doc, name: usize) -> Vec<usize> {
    let paragraphs = doc.paragraph_numbers();
    if name >= paragraphs.len() || !name_line(doc, name) {
        return Vec::new();
    }
    (name + 1..paragraphs.len())
        .take_while(|&s| paragraphs[s] == paragraphs[name] && title_line(doc, s))
        .collect()
}

/// The verdict on the words of the newest customer message, read as `docs` (the message's
/// language first, then the fallback language when different; `lines` describes the first),
/// with the cues behind it. `english` says the text is written in English (rustrict knows
/// only English: on Dutch or German it takes "hoe" or "kunt" for abuse).
pub fn content_verdict(
    docs: &[(&Lang, Doc)],
    lines: &Lines,
    english: bool,
) -> (Option<Verdict>, Vec<String>) {
    let Some((lang, doc)) = docs.first() else {
        return (None, Vec::new());
    };
    if !lines.has_content() {
        return (Some(Verdict::Empty), Vec::new());
    }
    let unsaid = unsaid_readings(docs, lines);
    let legal: fn(&Lang) -> &Cues = |l| &l.triage.legal;
    if let Some(cues) = convincing(docs, &unsaid, legal, LEGAL_WEAKENED, Seconding::ByWeak) {
        return (Some(Verdict::LegalThreat), cues);
    }
    let abusive: fn(&Lang) -> &Cues = |l| &l.triage.abusive;
    if let Some(cues) = convincing(docs, &unsaid, abusive, ABUSE_WEAKENED, Seconding::ByAny) {
        return (Some(Verdict::Abusive), cues);
    }
    // rustrict knows English profanity and slurs, obfuscated spellings included.
    if english && severe(&unexempted_text(doc, lang, &lines.content)) {
        return (Some(Verdict::Abusive), vec!["rustrict".to_string()]);
    }
    (None, Vec::new())
}

/// The cues of a list that make a verdict in one of the readings: one strong cue, or a
/// medium cue with a weak one in the same or the next sentence ("lawyer" needs "breach" or
/// "refund" beside it; two mentions of a court reporting firm's attorneys are not a threat,
/// nor is the general counsel reviewing a contract three sentences before a "statutory body").
/// Where `seconding` allows it (abuse), a different medium cue beside it seconds it too, so
/// does any cue in the same paragraph when both speak to the reader ("You are the human
/// equivalent of… I read it twice. Whoever hired you…": swearing at a bad night, a paragraph
/// apart, is not), by "you" or by likening someone to a `dullard`, and [`STRING_OF_CUES`]
/// different medium cues anywhere make the verdict.
/// A cue inside a question or quotation marks counts as a weak one when `weakened` says so. When the writer says the list's subject is their own trade
/// ("we're a litigation practice"), only sentences that address the reader count: a law
/// firm's days in court are its work, "we will sue you" is still a threat. So with a sentence
/// where the writer is the one acted on: "we could sue ourselves" is a joke, "I'll take you
/// to court myself" is not. Likewise a sentence about the writer's own dispute with a third
/// party: "our landlord wants us out, so a lawyer is involved" is no threat to the reader.
fn convincing(
    docs: &[(&Lang, Doc)],
    unsaid: &[Vec<bool>],
    pick: fn(&Lang) -> &Cues,
    weakened: Weakened,
    seconding: Seconding,
) -> Option<Vec<String>> {
    docs.iter().zip(unsaid).find_map(|((l, d), unsaid)| {
        let trade = pick(l).trade_sentences(d);
        let writers_trade = trade.contains(&true);
        let softened = pick(l).softened_sentences(d);
        let hits: Vec<(usize, Hit)> = d
            .sentences_except(unsaid)
            .filter(|&s| !writers_trade || (!trade[s] && addresses_reader(d, s, l)))
            .filter(|&s| !pick(l).reflexive_in(d, s) || addresses_reader(d, s, l))
            .filter(|&s| !pick(l).third_party_in(d, s) || addresses_reader(d, s, l))
            .flat_map(|s| {
                // Asked, laughed off, or taken back by a jest or a disclaimer.
                let asked = weakened.in_question && d.is_question(s)
                    || weakened.in_laughter && d.laughs(s)
                    || softened[s];
                strongest_disjoint(pick(l).hits(d, s).collect())
                    .into_iter()
                    .filter(move |h| !writers_trade || clause_addresses_reader(d, s, l, &h.m))
                    .map(move |h| {
                        let relayed = weakened.in_quotes && quoted(d, &h);
                        let weight = if asked || relayed { WEAK } else { h.weight };
                        (s, Hit { weight, ..h })
                    })
            })
            .collect();
        let at = |w: f32| {
            hits.iter()
                .filter(move |(_, h)| h.weight == w)
                .map(|(s, _)| *s)
        };
        // Only abuse seconds across a paragraph, so only abuse asks who a cue is aimed at.
        let by_paragraph = seconding == Seconding::ByAny;
        // Each medium cue with its sentence, and whether it is aimed at the reader.
        let medium: Vec<(usize, &str, bool)> = hits
            .iter()
            .filter(|(_, h)| h.weight == MEDIUM)
            .map(|(s, h)| {
                let aimed = by_paragraph
                    && (addresses_reader(d, *s, l) || compares_to_a_dullard(d, l, &h.m));
                (*s, h.pattern.source.as_str(), aimed)
            })
            .collect();
        let paragraphs = match by_paragraph {
            true => d.paragraph_numbers(),
            false => Vec::new(),
        };
        let seconded = medium.iter().any(|&(m, cue, aimed)| {
            let near = |s: usize| m.abs_diff(s) <= NEAR_SENTENCES;
            // Only ever true for abuse: `aimed` is false for the other lists.
            let aimed_in_paragraph = |s: usize, other_aimed: bool| {
                aimed && other_aimed && paragraphs[s] == paragraphs[m]
            };
            // "Stupid, stupid." says one thing twice; a second insult must be another cue.
            let by_medium = || {
                medium.iter().any(|&(o, other, o_aimed)| {
                    other != cue && (near(o) || aimed_in_paragraph(o, o_aimed))
                })
            };
            // The weak cue's sentence is asked about the reader only when the medium is aimed.
            let weak_seconds =
                |s: usize| near(s) || (aimed && aimed_in_paragraph(s, addresses_reader(d, s, l)));
            at(WEAK).any(weak_seconds) || (by_paragraph && by_medium())
        });
        let distinct: HashSet<&str> = medium.iter().map(|&(_, cue, _)| cue).collect();
        let string_of_insults = seconding == Seconding::ByAny && distinct.len() >= STRING_OF_CUES;
        let verdict = at(STRONG).next().is_some() || seconded || string_of_insults;
        verdict.then(|| hits.iter().map(|(_, h)| h.pattern.source.clone()).collect())
    })
}

/// Whether a cue lies wholly inside quotation marks: someone else's words passed on ("my
/// foreman calls your app “useless garbage”, his words, not mine"), which alone make no abuse.
fn quoted(doc: &Doc, hit: &Hit) -> bool {
    doc.tokens[hit.m.first..=hit.m.last]
        .iter()
        .all(|t| t.quoted)
}

/// Whether sentence `s` speaks to the reader ("you", "your"): where a litigation firm's
/// words about lawsuits can be aimed at the vendor rather than describe its own work.
fn addresses_reader(doc: &Doc, s: usize, lang: &Lang) -> bool {
    names_the_reader(doc.tokens_of(s), lang)
}

/// Whether match `m` likens someone to a `dullard` ("I have seen houseplants with more
/// initiative"): a comparison that needs no "you" to be aimed at the one it is written to.
fn compares_to_a_dullard(doc: &Doc, lang: &Lang, m: &Match) -> bool {
    doc.tokens[m.first..=m.last]
        .iter()
        .any(|t| lang.grammar.in_class("dullard", t))
}

/// Whether `tokens` hold a word that addresses the reader (`person.second_person`).
fn names_the_reader(tokens: &[Token], lang: &Lang) -> bool {
    let reader = &lang.person.second_person;
    tokens.iter().any(|t| reader.contains(&t.folded))
}

/// Whether the clause holding match `m` of sentence `s` speaks to the reader. A law firm's
/// "Your task module is fine, but we must compute court deadlines from a file" addresses the
/// reader in its first clause only: the deadlines in the second are still its trade.
fn clause_addresses_reader(doc: &Doc, s: usize, lang: &Lang, m: &Match) -> bool {
    let clause = doc.clause_start(s, m.first)..doc.clause_end(s, m.last + 1);
    names_the_reader(&doc.tokens[clause], lang)
}

/// How many sentences apart a medium cue and the weak one that seconds it may be.
const NEAR_SENTENCES: usize = 1;

/// Where a list's cue counts only as a weak one.
#[derive(Clone, Copy)]
struct Weakened {
    /// Inside a question.
    in_question: bool,
    /// Wholly inside quotation marks (`quoted`).
    in_quotes: bool,
    /// In a sentence that laughs or winks (`Doc::laughs`).
    in_laughter: bool,
}

/// How many different medium cues make a verdict wherever they sit in the message, when
/// medium cues second each other: a letter that insults three ways, a paragraph apart, is a
/// string of insults.
const STRING_OF_CUES: usize = 3;

/// What may second a medium cue in a neighbouring sentence.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Seconding {
    /// Only a weak cue: "our lawyer" beside "the court's deadlines" is a law firm's day, two
    /// medium legal words threaten nobody without a weak word of dispute.
    ByWeak,
    /// A weak cue or another medium one: two insults by comparison in neighbouring sentences
    /// ("the intellect of a damp sponge … a bright Labrador could have grasped it") convince as
    /// one does with a rude word beside it.
    ByAny,
}

/// "If you are served with a subpoena, do you tell us?" asks, it does not threaten; an angry
/// client's "I will be taking this to small claims", quoted word for word, is not the writer's.
/// "If this goes on I'll have to sue you for leaving me nothing to moan about 😄" jokes.
const LEGAL_WEAKENED: Weakened = Weakened {
    in_question: true,
    in_quotes: true,
    in_laughter: true,
};

/// "How does a moron like you keep a job?" insults all the same, and so does a sneer with a
/// laughing face; insults passed on in quotation marks are not the writer's.
const ABUSE_WEAKENED: Weakened = Weakened {
    in_question: false,
    in_quotes: true,
    in_laughter: false,
};

/// Whether any reading of the message asks something of the reader in its pack's words
/// (`triage.request`, "please confirm"), outside its unsaid sentences, outside quotation
/// marks (a parody may quote the rep's own "let me know") and outside the byte spans `aside`.
pub fn asks_the_reader(docs: &[(&Lang, Doc)], lines: &Lines, aside: &[Range<usize>]) -> bool {
    let unsaid = unsaid_readings(docs, lines);
    docs.iter().zip(&unsaid).any(|((lang, doc), unsaid)| {
        doc.sentences_except(unsaid)
            .filter(|&s| {
                let sentence = &doc.sentences[s];
                !aside
                    .iter()
                    .any(|r| r.start <= sentence.start && sentence.end <= r.end)
            })
            .any(|s| lang.triage.request.any_unquoted(doc, s))
    })
}

/// For each reading, the sentences that are not what the customer says (`Lines::unsaid`).
/// The first reading's lines are known; a fallback reading splits its own sentences and
/// finds its own.
fn unsaid_readings(docs: &[(&Lang, Doc)], lines: &Lines) -> Vec<Vec<bool>> {
    docs.iter()
        .enumerate()
        .map(|(k, (l, d))| match k {
            0 => lines.unsaid.clone(),
            _ => Lines::new(d, l).unsaid,
        })
        .collect()
}

/// rustrict's reading, severe only: its moderate level flags business idioms ("on the other
/// side of it"), and the packs catch ordinary insults themselves. Abuse opens a message or
/// closes a rant, so only its start and its end are read: the censor reads about 3 MB/s, the
/// costliest step of a reading. rustrict also joins neighbouring words to see through
/// spaced-out spellings, and so finds a slur in "not the .co one"; a verdict stands only when
/// one whitespace-separated chunk ("f*ck", "sh1t") is severe on its own. Its fuzzy matching
/// also hears slurs in people's names (the Māori surname "Ngata"): a capitalised word of
/// letters only reads as a name, and the packs' insult lists still catch a capitalised insult.
/// Its leetspeak reading hears slurs in reference codes too ("INV-NG-40872"), so a code is
/// no word either, nor is an address that holds a lower-case name, nor a figure: it reads an
/// amount as leetspeak ("£435").
fn severe(text: &str) -> bool {
    let (head, tail) = ends(text);
    [head, tail].into_iter().any(|part| {
        censored(part)
            && part
                .split_whitespace()
                .filter(|chunk| {
                    !reads_as_a_name(chunk)
                        && !reads_as_a_code(chunk)
                        && !reads_as_a_figure(chunk)
                        && !doc::is_address(chunk)
                })
                .any(censored)
    })
}

/// A chunk written as a figure: digits and no letter, with the separators and signs an
/// amount or a count takes ("£435", "1,200.50", "+44").
fn reads_as_a_figure(chunk: &str) -> bool {
    chunk.chars().any(|c| c.is_ascii_digit()) && !chunk.chars().any(char::is_alphabetic)
}

/// A chunk written as a reference code: capitals and digits joined by a separator, with a
/// digit ("INV-NG-40872", "PO-4471", "AB/12").
fn reads_as_a_code(chunk: &str) -> bool {
    let code = chunk.trim_matches(|c: char| !c.is_ascii_alphanumeric());
    let separator = |c: char| matches!(c, '-' | '/' | '_' | '#' | '.');
    code.chars().any(|c| c.is_ascii_digit())
        && code.chars().any(separator)
        && code
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || separator(c))
}

/// A chunk written as a name: an uppercase letter, then lowercase letters only ("Ngata,").
fn reads_as_a_name(chunk: &str) -> bool {
    let word = chunk.trim_matches(|c: char| !c.is_alphanumeric());
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase)
        && word.chars().count() > 1
        && chars.all(char::is_lowercase)
}

/// The first [`RUSTRICT_HEAD_CHARS`] and the last [`RUSTRICT_TAIL_CHARS`] characters of
/// `text` (the tail empty when the head holds it all).
fn ends(text: &str) -> (&str, &str) {
    let head = super::doc::cap_chars(text, RUSTRICT_HEAD_CHARS);
    let rest = &text[head.len()..];
    let skip = rest.chars().count().saturating_sub(RUSTRICT_TAIL_CHARS);
    let tail = rest
        .char_indices()
        .nth(skip)
        .map_or("", |(i, _)| &rest[i..]);
    // A word cut in two can read as another word ("…horpe"): the tail starts at a whole one.
    let before = &text[..text.len() - tail.len()];
    let cut_word = !before.is_empty()
        && !before.ends_with(char::is_whitespace)
        && !tail.starts_with(char::is_whitespace);
    let tail = match tail.split_once(char::is_whitespace) {
        Some((_, whole)) if cut_word => whole,
        Some(_) | None if cut_word => "",
        _ => tail,
    };
    (head, tail)
}

fn censored(text: &str) -> bool {
    Censor::from_str(text)
        .analyze()
        .is((Type::MEAN | Type::OFFENSIVE | Type::PROFANE) & Type::SEVERE)
}

/// The sentences of `doc` with content and without an exempt phrase of the abuse list:
/// rustrict reads "I'm an idiot" as abuse, the packs know an insult the writer aims at
/// themselves; and it reads greetings, sign-offs and signatures it does not know ("Ngā mihi"
/// as a slur), where an insult would be content anyway.
fn unexempted_text(doc: &Doc, lang: &Lang, content: &[bool]) -> String {
    (0..doc.sentences.len())
        .filter(|&s| content.get(s).copied().unwrap_or(true))
        .filter(|&s| !lang.triage.abusive.exempts_in(doc, s))
        .map(|s| doc.sentence_text(s))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Characters of a message's start and end given to rustrict.
const RUSTRICT_HEAD_CHARS: usize = 800;
const RUSTRICT_TAIL_CHARS: usize = 400;

/// Whether the message opens with its writer's signature block, before anything is said: two
/// or more lines without content and without a greeting, one of them the name that signs and
/// one contact details (a calendar's "Declined: Walkthrough (Thu Feb 13, 3:45 p.m.)" above a
/// reason has figures, but names nobody, and is no signature). What
/// follows such a block is the signature's too (a tagline, a "think before you print" line):
/// the reply's body above it was left empty. What a machine wrote above a person's lines
/// (`written_for_them`: an automatic reply's section, a calendar's answer with the event's
/// title and date, a banner) is no signature, whatever names and figures it holds.
fn opens_with_signature(
    content: &[bool],
    written_for_them: &[bool],
    doc: &Doc,
    lang: &Lang,
) -> bool {
    let Some(first_content) = content.iter().position(|c| *c) else {
        return false;
    };
    let block: Vec<usize> = (0..first_content)
        .filter(|&s| !written_for_them[s])
        .collect();
    block.len() >= MIN_SIGNATURE_LINES
        && block.iter().all(|&s| !lang.triage.courtesy.any(doc, s))
        && block.iter().any(|&s| name_line(doc, s))
        && block
            .iter()
            .any(|&s| doc::is_contact_line(doc.sentence_text(s)))
}

/// Where a closing block nobody signed off before starts: a name line ("Nathalie Rochat"),
/// then short lines without a full stop (a title, a department, an organisation) and contact
/// details among them. Its lowercase titles ("Juriste – Service juridique et conformité",
/// "Jefa de proyectos") read like prose, but they say who writes, not what they ask.
fn closing_block(content: &[bool], doc: &Doc) -> Option<usize> {
    let n = content.len();
    let mut start = n;
    while start > 0 && (!content[start - 1] || title_line(doc, start - 1)) {
        start -= 1;
    }
    let name = (start..n).find(|&s| name_line(doc, s))?;
    (name + 1..n)
        .any(|s| doc::is_contact_line(doc.sentence_text(s)))
        .then_some(name)
}

/// Words of the longest job title, department or organisation line of a signature.
const MAX_TITLE_TOKENS: usize = 8;

/// A line that may sit in a signature: short, capitalised, with no full stop or question.
fn title_line(doc: &Doc, s: usize) -> bool {
    let tokens = doc.tokens_of(s);
    let text = doc.sentence_text(s).trim_end();
    tokens.len() <= MAX_TITLE_TOKENS
        && tokens.first().is_some_and(|t| t.capitalised)
        && (!text.ends_with(['.', '!', '?', '…', ':', ';']) || ends_abbreviated(text))
        && !doc.is_question(s)
}

/// Whether a line's closing full stop ends an abbreviation ("Transport Boréal inc.", "Acme
/// Ltd.", "S.A."): a company's suffix closes its name, not a sentence.
fn ends_abbreviated(text: &str) -> bool {
    let Some(before) = text.strip_suffix('.') else {
        return false;
    };
    let last = before
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or_default();
    (1..=MAX_ABBREVIATION_CHARS).contains(&last.chars().count())
}

/// Letters of the longest abbreviation that may close a signature line ("Ltda.").
const MAX_ABBREVIATION_CHARS: usize = 4;

/// A line of two to four capitalised words: who signs.
fn name_line(doc: &Doc, s: usize) -> bool {
    let tokens = doc.tokens_of(s);
    (2..=4).contains(&tokens.len()) && tokens.iter().all(|t| t.capitalised)
}

/// Lines of a signature block above the body: a name and a contact line.
const MIN_SIGNATURE_LINES: usize = 2;

/// Words of a line that may be only another language's sign-off.
const SIGN_OFF_WORDS: usize = 6;

fn is_short_statement(doc: &Doc, s: usize) -> bool {
    doc.tokens_of(s).len() <= SIGN_OFF_WORDS && !doc.is_question(s)
}

/// Whether `text` is, read in `lang`, courtesy with nothing else said.
fn is_courtesy_line(text: &str, lang: &Lang) -> bool {
    let doc = Doc::new(text, &lang.grammar);
    let sentences = 0..doc.sentences.len();
    sentences.clone().any(|s| lang.triage.courtesy.any(&doc, s))
        && sentences
            .clone()
            .all(|s| !sentence_has_content(&doc, lang, s))
}

/// A signature delimiter with the name on it ("-- Tom", "— Ana Ruiz"): the usenet "-- " line
/// many people still type before their name.
fn dashed_name(doc: &Doc, s: usize) -> bool {
    let text = doc.sentence_text(s);
    text.starts_with(['-', '—', '–']) && (1..=3).contains(&doc.tokens_of(s).len())
}

/// A sentence (not a footer) has content when, once courtesy phrases are set aside, it asks
/// something, or reads as prose: a signature block is short, capitalised lines ("Head of Operations",
/// "Harbour Foods Ltd") and contact details, where prose is mostly lowercase words.
fn sentence_has_content(doc: &Doc, lang: &Lang, s: usize) -> bool {
    let courtesy: Vec<(usize, usize)> = lang
        .triage
        .courtesy
        .find(doc, s)
        .map(|(_, m)| (m.first, m.last))
        .collect();
    let range = doc.sentences[s].tokens.clone();
    let words: Vec<usize> = range
        .filter(|i| !courtesy.iter().any(|(a, b)| a <= i && i <= b))
        // Single letters are initials and legal forms ("S.r.l.", "J. Smith"), not prose.
        .filter(|&i| {
            let w = &doc.tokens[i].folded;
            w.chars().any(char::is_alphabetic) && w.chars().nth(1).is_some()
        })
        .collect();
    let text = doc.sentence_text(s);
    if words.is_empty() {
        return false;
    }
    // Addresses and links are no words (see `raw_words`): a contact line ("Jo Marsh |
    // jo@acme.example") keeps only capitalised names, while "please write to jo@… today"
    // still reads as prose.
    if doc.is_question(s) {
        return true;
    }
    // Lowercase articles inside names and addresses ("Via dell'Artigianato", "van der Berg")
    // are no sign of prose, nor are the working days under a phone number ("Werkdagen: ma,
    // di, do"); lowercase content words are.
    // A sentence with a number may be an address, whose names hold particles.
    let address = doc.sentence_text(s).chars().any(|c| c.is_ascii_digit());
    let (tokens, first) = (doc.tokens_of(s), doc.sentences[s].tokens.start);
    let lowercase_words: Vec<&str> = words
        .iter()
        .filter(|&&i| !(address && name_particle(tokens, i - first)))
        .map(|&i| &doc.tokens[i])
        .filter(|t| !t.capitalised && !lang.stopwords.contains(&t.folded))
        .filter(|t| !lang.triage.weekday_abbreviations.contains(&t.folded))
        .map(|t| t.folded.as_str())
        .collect();
    let lowercase = lowercase_words.len();
    let uncapitalised = words
        .iter()
        .filter(|&&i| !doc.tokens[i].capitalised)
        .count();
    // The full stop of an abbreviation ends no sentence: an initial ("Pastificio Rinaldi
    // S.r.l."), or a company's legal form closing a line of names ("Orion Medical Devices
    // Inc.", "Huber Bau AG.", "Distribuidora Serra Azul Ltda.").
    // A title's short particles ("Coordenador de Logística", "Head of Sales") are no prose.
    let prose_words = lowercase_words
        .iter()
        .filter(|w| w.chars().count() > 3)
        .count();
    let abbreviated = doc.tokens_of(s).last().is_some_and(|t| {
        // A short capitalised word closes "We use SAP." as well as "Huber Bau AG.": only a
        // line without any lowercase word ends in a short legal form.
        let short_form = t.folded.chars().count() <= 3 && lowercase == 0;
        let listed_form = lang.triage.legal_forms.contains(&t.folded) && prose_words == 0;
        // A listed form closes a line of names in any case ("Quincaillerie Boréal inc.").
        let legal_form = listed_form || (t.capitalised && short_form);
        // A short lowercase word closing a line with a number, its only lowercase word, is
        // an address's abbreviation ("Apoquindo 4501, of. 1203", "ul. 3 Maja 12", "int. 4").
        let address_abbreviation = !t.capitalised
            && t.folded.chars().count() <= 3
            && uncapitalised == 1
            && text.chars().any(|c| c.is_ascii_digit());
        t.folded.chars().nth(1).is_none() || legal_form || address_abbreviation
    });
    let ends_sentence = text.ends_with(['.', '!', '?', '…']) && !abbreviated;
    // German capitalises every noun: "Keine Zeit." is a sentence, not a signature line.
    // Typed without a full stop, its prose lives in the small words a stopword list holds
    // ("die unten beim Hof weiss ich noch nicht genau"), where a title or an address has a
    // particle or two among capitalised names ("on behalf of the Evaluation Panel").
    let mostly_small_words =
        words.len() >= 6 && lowercase >= 2 && uncapitalised * 5 >= words.len() * 3;
    (words.len() >= 3 && lowercase * 5 >= words.len() * 2)
        || mostly_small_words
        || (ends_sentence && (lowercase >= 1 || words.len() >= 2))
        || (lowercase >= 1 && insults(doc, lang, s))
}

/// Whether token `i` is a short lowercase word between two capitalised ones: in an address it
/// is a name's particle ("Av. da Liberdade, 144", "Kerkstraat van Dijk 3"), in any language,
/// where a pack's stopwords list only the particles that tell its language apart. The caller
/// asks only of a sentence with a number: elsewhere such a word may be a verb ("We use SAP.").
fn name_particle(tokens: &[Token], i: usize) -> bool {
    let capitalised =
        |j: Option<usize>| j.and_then(|j| tokens.get(j)).is_some_and(|t| t.capitalised);
    tokens.get(i).is_some_and(|t| {
        !t.capitalised
            && t.folded.chars().count() <= doc::MAX_PARTICLE_CHARS
            && capitalised(i.checked_sub(1))
            && capitalised(Some(i + 1))
    })
}

/// Whether sentence `s` holds an abuse cue of the medium tier or above: an insult on a line of
/// its own ("stupid cow" closing a rant) is said to the reader, where a short unpunctuated
/// line is otherwise a name.
fn insults(doc: &Doc, lang: &Lang, s: usize) -> bool {
    lang.triage.abusive.hits(doc, s).any(|h| h.weight >= MEDIUM)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rustrict_reads_both_ends_of_a_long_message_in_whole_words() {
        let short = "Thanks, that works for us.";
        assert_eq!(ends(short), (short, ""));
        let middle = "word ".repeat(400);
        let text = format!("Opening line. {middle}and the closing line.");
        let (head, tail) = ends(&text);
        assert!(head.starts_with("Opening line.") && head.chars().count() == RUSTRICT_HEAD_CHARS);
        assert!(tail.ends_with("the closing line.") && tail.chars().count() <= RUSTRICT_TAIL_CHARS);
        assert!(
            tail.starts_with("word "),
            "the tail starts at a whole word: {tail:?}"
        );
        assert!(!severe(&text));
        // rustrict's severe level is narrow (slurs, "kys"); the packs read ordinary insults.
        let rant = format!("We waited all week. {middle}Honestly, kys.");
        assert!(severe(&rant), "abuse closing a long rant is read");
        let opening = format!("kys. {middle}{middle}Regards");
        assert!(severe(&opening), "abuse opening a long message is read");
    }

    #[test]
    fn an_invoice_reference_is_no_slur_to_rustrict() {
        let billed = "Invoice NG-40872 billed us for 45 users, we have 30 users.";
        assert!(!severe(billed));
        assert!(reads_as_a_code("(INV-NG-40872)") && reads_as_a_code("PO-4471,"));
        assert!(!reads_as_a_code("sh1t") && !reads_as_a_code("NG") && !reads_as_a_code("f-ing"));
    }
}
