//! The method coach: scores a rep's draft reply to a thread against the rubric in
//! `method.md`, deterministically and without a model.
//!
//! Owns the rubric checks that can be decided from the text alone: acknowledging first (no
//! "but"), no arguing or price defence, exploring with one or two open questions, no invented
//! numbers, dates or claims, no false urgency and no call proposed to a customer who just put
//! it off, customer focus ("you" over "I/we"), length and the customer's language, and safety
//! (no prompt talk, no echoed injections, no unauthorised discounts). Criteria that need
//! understanding ("meaning addressed", "reframe") belong to a model judge and are not emitted
//! here. Every marker comes from the language packs through [`crate::understand`]: the draft is
//! read with the pack of the language it is written in.
//!
//! A review holds exactly one [`Finding`] per entry of [`CRITERIA`], in that order. An empty
//! draft fails every Must and Scored criterion ("The draft is empty.") and trivially passes the
//! Must Not ones. A reply in another language than the customer's fails `form` and the review:
//! the customer cannot read it. A bare list of the product's features fails `wifm` and the
//! review: it is what the rubric's point 6 names, and says nothing of what changes for them.
//! Quotes are verbatim spans of the draft (capped at 280 chars).
//!
//! It must not touch the network or a model, must never panic, and must stay linear in the size
//! of its input: the draft is capped at [`MAX_DRAFT_CHARS`] and read once.

mod criteria;
mod numbers;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

use crate::thread::{Role, Thread};
use crate::understand::doc::cap_chars;
use crate::understand::{Detected, Doc, Lang, Reading, Understanding, Verdict, FALLBACK_LANGUAGE};

/// One rubric criterion as judged on one draft.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Finding {
    /// Rubric criterion id, e.g. "no_arguing".
    pub criterion: String,
    pub passed: bool,
    /// One sentence for the rep: what was found and why it matters.
    pub note: String,
    /// The offending span of the draft, verbatim, when there is one.
    pub quote: Option<String>,
}

/// How a draft meets the rubric: one finding per criterion, in [`CRITERIA`] order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Review {
    /// Weighted share of passed findings (Must and Must Not weigh 2, Scored 1), 3 decimals.
    pub score: f64,
    /// False when any Must or Must Not finding failed, the reply is in the wrong language, or
    /// it answers with a bare list of the product's features.
    pub passed: bool,
    pub findings: Vec<Finding>,
}

/// Kind of rubric item: Must hold, Must Not happen, Scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Must,
    MustNot,
    Scored,
}

impl Kind {
    fn weight(self) -> f64 {
        match self {
            Kind::Must | Kind::MustNot => 2.0,
            Kind::Scored => 1.0,
        }
    }
}

/// Every criterion the coach emits, in the order of [`Review::findings`].
pub const CRITERIA: &[(&str, Kind)] = &[
    ("acknowledge_first", Kind::Must),
    ("no_arguing", Kind::MustNot),
    ("explore", Kind::Must),
    ("no_fabrication", Kind::MustNot),
    ("low_pressure", Kind::Must),
    ("wifm", Kind::Scored),
    ("form", Kind::Scored),
    ("safety", Kind::MustNot),
];

/// Only this many characters of a draft are analysed, to bound the work on hostile input.
pub const MAX_DRAFT_CHARS: usize = 20_000;
/// Longest quote returned in a finding.
const MAX_QUOTE_CHARS: usize = 280;

/// A draft as the criteria see it: its text, its reading and the thread it answers.
struct Draft<'a> {
    text: &'a str,
    doc: Doc<'a>,
    lang: &'a Lang,
    language: Detected,
    /// Every pack, for markers that hold whatever the language (number words, months).
    langs: &'a [Lang],
    thread: &'a Thread,
    /// The customer's newest message language (None without a customer message).
    customer_language: Option<Detected>,
    /// The customer just put off a call or the topic.
    deferred: bool,
    /// Triage routes the customer's message to a human (a legal threat or abuse).
    for_a_human: bool,
    /// The draft went past [`MAX_DRAFT_CHARS`].
    truncated: bool,
    /// Every message of the thread read with the draft's pack, in thread order.
    messages: Vec<MessageReading<'a>>,
}

/// One message of the thread, read once for every criterion.
struct MessageReading<'a> {
    role: Role,
    doc: Doc<'a>,
    /// For each sentence of a customer message, whether it is an instruction planted for a
    /// machine (empty for the rep's messages).
    planted: Vec<bool>,
}

impl MessageReading<'_> {
    /// Whether sentence `s` is an instruction planted for a machine.
    fn is_planted(&self, s: usize) -> bool {
        self.planted.get(s).copied().unwrap_or(false)
    }

    /// The sentences the writer wrote themselves, without the planted ones.
    fn own_sentences(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.doc.sentences.len()).filter(|&s| !self.is_planted(s))
    }
}

impl<'a> Draft<'a> {
    fn sentence(&self, s: usize) -> &'a str {
        self.doc.sentence_text(s)
    }

    fn sentences(&self) -> std::ops::Range<usize> {
        0..self.doc.sentences.len()
    }
}

/// Scores `draft` as a reply to `thread` (cleaned). Never panics; linear in the input size.
pub fn review(u: &Understanding, thread: &Thread, draft: &str) -> Review {
    let text = cap_chars(draft, MAX_DRAFT_CHARS);
    if text.trim().is_empty() {
        return finish(empty_findings(), false);
    }
    let d = read_draft(u, thread, &u.read(thread), text, draft.len());
    let (form, wrong_language) = criteria::form(&d);
    let (wifm, feature_list) = criteria::wifm(&d);
    let findings = vec![
        criteria::acknowledge_first(&d),
        criteria::no_arguing(&d),
        criteria::explore(&d),
        criteria::no_fabrication(&d),
        criteria::low_pressure(&d),
        wifm,
        form,
        criteria::safety(&d),
    ];
    finish(findings, wrong_language || feature_list)
}

/// Whether any of `replies` to `thread` (cleaned) proposes a call the customer did not speak
/// of first, as `low_pressure` reads it: the eval asks this of the builtin's own replies, so
/// that they and reps' drafts meet one rule. The thread is read once for all of them.
pub fn proposes_own_call<'r>(
    u: &Understanding,
    thread: &Thread,
    replies: impl IntoIterator<Item = &'r str>,
) -> bool {
    let reading = u.read(thread);
    replies.into_iter().any(|reply| {
        let text = cap_chars(reply, MAX_DRAFT_CHARS);
        let d = read_draft(u, thread, &reading, text, reply.len());
        d.sentences()
            .any(|s| criteria::proposes_a_call_of_its_own(&d, s))
    })
}

/// The draft `text` (at most [`MAX_DRAFT_CHARS`] of one `full_len` long) read against the
/// thread it answers, whose `reading` the caller made.
fn read_draft<'a>(
    u: &'a Understanding,
    thread: &'a Thread,
    reading: &Reading,
    text: &'a str,
    full_len: usize,
) -> Draft<'a> {
    let language = u.language(text);
    let lang = u.coaching_lang(&language);
    let customer_language = thread
        .newest_customer_text()
        .map(|_| reading.language.clone());
    let customer = customer_language.as_ref().map(|l| l.code.as_str());
    let messages = thread
        .messages
        .iter()
        .map(|m| read_message(m.role, &m.text, lang, u.langs(), customer))
        .collect();
    Draft {
        text,
        doc: Doc::new(text, &lang.grammar),
        lang,
        language,
        langs: u.langs(),
        thread,
        customer_language,
        deferred: reading.deferred,
        for_a_human: matches!(
            reading.verdict,
            Some(Verdict::LegalThreat | Verdict::Abusive)
        ),
        truncated: text.len() < full_len,
        messages,
    }
}

/// `fatal`: a Scored finding failed in the way that fails the review whatever the score (a
/// reply in a language the customer did not write in, a bare feature list).
fn finish(findings: Vec<Finding>, fatal: bool) -> Review {
    let mut total = 0.0;
    let mut earned = 0.0;
    let mut passed = !fatal;
    for (finding, (_, kind)) in findings.iter().zip(CRITERIA) {
        total += kind.weight();
        if finding.passed {
            earned += kind.weight();
        } else if *kind != Kind::Scored {
            passed = false;
        }
    }
    let score = if total > 0.0 {
        (earned / total * 1000.0).round() / 1000.0
    } else {
        0.0
    };
    Review {
        score,
        passed,
        findings,
    }
}

fn empty_findings() -> Vec<Finding> {
    CRITERIA
        .iter()
        .map(|(id, kind)| match kind {
            Kind::MustNot => pass(id, "Nothing to check: the draft is empty."),
            Kind::Must | Kind::Scored => fail(id, "The draft is empty.", None),
        })
        .collect()
}

fn pass(criterion: &str, note: impl Into<String>) -> Finding {
    Finding {
        criterion: criterion.to_string(),
        passed: true,
        note: note.into(),
        quote: None,
    }
}

fn fail(criterion: &str, note: impl Into<String>, quote: Option<&str>) -> Finding {
    Finding {
        criterion: criterion.to_string(),
        passed: false,
        note: note.into(),
        quote: quote.map(cap_quote),
    }
}

fn cap_quote(text: &str) -> String {
    let text = text.trim();
    let head = cap_chars(text, MAX_QUOTE_CHARS);
    if head.len() < text.len() {
        format!("{}…", head.trim_end())
    } else {
        head.to_string()
    }
}

impl Draft<'_> {
    /// The customer's messages, read with the draft's pack, with their planted sentences.
    fn customer_messages(&self) -> impl Iterator<Item = &MessageReading<'_>> {
        self.messages.iter().filter(|m| m.role == Role::Customer)
    }

    /// The customer's messages, read with the draft's pack.
    fn customer_docs(&self) -> impl Iterator<Item = &Doc<'_>> {
        self.customer_messages().map(|m| &m.doc)
    }
}

fn read_message<'a>(
    role: Role,
    text: &'a str,
    lang: &'a Lang,
    langs: &[Lang],
    customer: Option<&str>,
) -> MessageReading<'a> {
    let doc = Doc::new(text, &lang.grammar);
    let planted = match role {
        Role::Customer => planted_sentences(&doc, lang, langs, customer),
        Role::Rep => Vec::new(),
    };
    MessageReading { role, doc, planted }
}

/// For each sentence of a customer message, whether it is an instruction planted for a machine
/// (read with the customer's pack and the fallback pack: planted text is often English).
fn planted_sentences(ours: &Doc, lang: &Lang, langs: &[Lang], customer: Option<&str>) -> Vec<bool> {
    let customer = customer.unwrap_or(FALLBACK_LANGUAGE);
    let mut cued = vec![false; ours.sentences.len()];
    let readers = langs
        .iter()
        .filter(|l| l.code == customer || l.code == FALLBACK_LANGUAGE);
    for reader in readers {
        // The sentences are the same whatever the pack: only the words differ.
        let theirs;
        let doc = if reader.code == lang.code {
            ours
        } else {
            theirs = Doc::new(ours.text, &reader.grammar);
            &theirs
        };
        for (s, p) in cued.iter_mut().enumerate() {
            *p = *p || reader.listening.injection.any(doc, s);
        }
    }
    // A hidden block gives itself away in its first sentence only, so what follows it in its
    // paragraph backs no fact and must not be echoed either. The reading of the message
    // (`Understanding::read`) stays with the cued sentences: there, a cue that misfires on a
    // one-paragraph message ("do you just pretend to be?") would hide all of it.
    ours.blocks_from(|s| cued[s])
}
