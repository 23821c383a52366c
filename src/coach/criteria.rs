//! The eight criteria of the coach, one function each, over a [`Draft`].
//!
//! Every marker is a pattern list of the draft's language pack (`[understand.coach]`); what is
//! here is how the rubric uses them: where in the draft a marker counts, what outweighs it,
//! and what to tell the rep.

use std::collections::HashSet;

use super::{fail, numbers, pass, Draft, Finding, MAX_DRAFT_CHARS};
use crate::understand::doc::{cap_chars, is_contact_line, list_item, Token};
use crate::understand::lexicon::{CoachLexicon, WordSet};
use crate::understand::pattern::{Match, PatternList};
use crate::understand::triage::Lines;
use crate::understand::{Detected, Doc, Lang};

/// The rubric's "about 150 words or fewer".
const MAX_WORDS: usize = 150;
/// More questions than this is an interrogation.
const MAX_QUESTIONS: usize = 3;
/// Consecutive words shared with an injected instruction or private context that count as
/// echoing it.
const ECHO_WORDS: usize = 6;
/// The shortest month abbreviation that names a month ("Jan", "Sept", "Okt").
const MONTH_ABBREVIATION: usize = 3;
/// The shortest month form whose longer case forms in the thread back it ("märtsi" by
/// "märtsil"); shorter ones would let "mai" be backed by "mail".
const INFLECTED_MONTH_STEM: usize = 5;
/// A name in another case keeps at least this many letters of the thread's form ("Ozol-")…
const MIN_NAME_STEM: usize = 4;
/// …and changes at most this many at its end ("Ozols" → "Ozolu", "Artūrs" → "Artūram").
const CASE_ENDING: usize = 2;
const MAX_ECHO_SHINGLES: usize = 5_000;
/// Distinct words of a sentence, found in the thread only inside a planted instruction, that
/// make the sentence carry the instruction out.
const PLANTED_ECHO_STEMS: usize = 4;
/// How close after a contrast an acknowledgement must start to take the contrast back ("…, but
/// I understand"); one further on ("but I'd love to make sure") is the rebuttal's own.
const ACK_AFTER_CONTRAST_TOKENS: usize = 2;
/// An opener this short ("Wow.", "Dana —") lets the next sentence carry the acknowledgement.
const SHORT_OPENER_TOKENS: usize = 3;
/// A slightly longer one does when it says nothing of the rep's own ("Not you at all." but not
/// "Our demos are short.").
const SHORT_SELFLESS_OPENER_TOKENS: usize = 4;
/// An exclamation this short that says nothing of the rep's own is a wish or a cheer ("Bon
/// temps des sucres d'avance!", "Happy launch week!"): it hands over like a short opener.
const SHORT_EXCLAMATION_TOKENS: usize = 6;
/// The longest opener that can be the customer's words said back rather than an opening of
/// the rep's own.
const MAX_ECHOED_OPENER_TOKENS: usize = 8;
/// The shortest quotation of the customer that opens a draft as an echo of their words.
const MIN_QUOTED_ECHO_TOKENS: usize = 2;
/// Content words of the customer's an opening must say back to acknowledge by reflection
/// ("Six weeks in the shed with a torch is no time for new software").
const REFLECTED_WORDS: usize = 3;
/// Context keys (API identifiers, not customer language) whose values the customer must not
/// see.
const PRIVATE_CONTEXT_KEYS: [&str; 4] = ["internal", "private", "secret", "confidential"];
/// Items a product must be said to offer, with nothing of the customer in them, to make a
/// feature list.
const MIN_FEATURES: usize = 3;
/// The longest item of such a list: a feature's name, not a sentence about the customer.
const MAX_FEATURE_TOKENS: usize = 6;
/// The longest item of a bulleted list that a lead framing the product's features introduces.
const MAX_FRAMED_FEATURE_TOKENS: usize = 12;

/// Matches of `list` in sentence `s` that start at or after token `from`.
fn from_token<'a>(
    list: &'a PatternList,
    doc: &'a Doc,
    s: usize,
    from: usize,
) -> impl Iterator<Item = Match> + 'a {
    list.find(doc, s)
        .map(|(_, m)| m)
        .filter(move |m| m.first >= from)
}

fn matched<'a>(d: &Draft<'a>, m: &Match) -> &'a str {
    d.doc.span_text(m.first, m.last)
}

// ---------------------------------------------------------------------------------------------
// 1. acknowledge_first
// ---------------------------------------------------------------------------------------------

/// The first sentence after an optional greeting ("Hi Dana," / "Hola Marta:" / "Guten Tag
/// Frau X,"), as (sentence, first token).
fn opener(d: &Draft) -> Option<(usize, usize)> {
    let ends_like_address = |s: &str| s.trim_end().ends_with([',', ':']);
    for s in d.sentences().take(4) {
        if asks_after_the_reader(d, s) {
            continue; // "Oi Thiago, tudo certo?" greets; the opening is what follows
        }
        let range = d.doc.sentences[s].tokens.clone();
        let text = d.sentence(s);
        let greeting = d
            .lang
            .coach
            .greeting
            .find(&d.doc, s)
            .map(|(_, m)| m)
            .find(|m| m.first == range.start);
        if let Some(g) = greeting {
            let rest = (g.last + 1..range.end).find(|&t| d.doc.tokens[t].clause_start);
            match rest {
                Some(t) => {
                    // "Hi Dana," and "Buenas, Antonio." both only name the reader.
                    let capitalised = d.doc.tokens[t..range.end].iter().all(|k| k.capitalised);
                    let only_a_name =
                        range.end - t <= 3 && (ends_like_address(text) || capitalised);
                    if !only_a_name {
                        return Some((s, t));
                    }
                }
                None if range.len() > 5 => return Some((s, g.last + 1)),
                None => {}
            }
            continue;
        }
        if range.len() <= 3 && ends_like_address(text) {
            continue; // "Dana," on its own line
        }
        if names_then_greets(d, s) {
            continue; // "Doctora Ospina, buenos días."
        }
        return Some((s, range.start));
    }
    None
}

/// Whether sentence `s` is the reader's name followed by a greeting that closes it
/// ("Doctora Ospina, buenos días.", "Frau Huber, guten Morgen!").
fn names_then_greets(d: &Draft, s: usize) -> bool {
    let range = d.doc.sentences[s].tokens.clone();
    d.lang
        .coach
        .greeting
        .find(&d.doc, s)
        .map(|(_, m)| m)
        .any(|g| {
            let name = &d.doc.tokens[range.start..g.first];
            g.last + 1 == range.end
                && (1..=3).contains(&name.len())
                && name.iter().all(|t| t.capitalised)
        })
}

pub fn acknowledge_first(d: &Draft) -> Finding {
    const ID: &str = "acknowledge_first";
    let Some((s, first)) = opener(d) else {
        return fail(
            ID,
            "The draft has a greeting but no opening sentence.",
            None,
        );
    };
    let c = &d.lang.coach;
    let text = &d.doc.text[d.doc.tokens[first].start..d.doc.sentences[s].end];
    let rebuttal = contrasts(c, &d.doc, s).find(|m| m.first >= first);
    let theirs = |m: &Match| {
        restates_contrast(d, s, first, m)
            || echoes_their_contrast(d, s, m)
            || says_back_their_grievance(d, s, m)
            || sums_them_up_after_a_colon(d, s, m)
            || concedes_then_acknowledges(d, s, m)
    };
    if let Some(m) = rebuttal.filter(|m| !theirs(m)) {
        return fail(
            ID,
            format!(
                "The opening is undercut by \"{}\", which tells the customer a rebuttal is \
                 coming; acknowledge first and keep the contrast out of it.",
                matched(d, &m)
            ),
            Some(text),
        );
    }
    // "Thanks for telling me. But…": a contrast opening the next sentence undercuts it too,
    // or the sentence after the acknowledgements that follow it ("Great to hear the nurses
    // like it. I hear you on the missed visits. But…").
    let next = s + 1;
    let after_acks = (next..d.doc.sentences.len())
        .take(MAX_ACKNOWLEDGING_SENTENCES)
        .find(|&t| !c.acknowledge.any(&d.doc, t) || contrasts(c, &d.doc, t).next().is_some())
        .unwrap_or(next);
    let opens_with_contrast = |t: usize| {
        let start = d.doc.sentences.get(t)?.tokens.start;
        contrasts(c, &d.doc, t).find(|m| m.first == start && !d.doc.tokens[m.first].quoted)
    };
    // "Thanks for being upfront. I hear that the numbers aren't there. But…": a contrast
    // opening any sentence of the opening paragraph undercuts the acknowledgement it follows.
    let in_opening_paragraph = (next..d.doc.sentences.len())
        .take(MAX_ACKNOWLEDGING_SENTENCES)
        .take_while(|&t| !d.doc.paragraph_starts(t));
    let undercut = [next, after_acks]
        .into_iter()
        .chain(in_opening_paragraph)
        .find_map(|t| opens_with_contrast(t).map(|m| (t, m)));
    if let Some((t, m)) = undercut {
        return fail(
            ID,
            format!(
                "The acknowledgement is undercut by \"{}\" right after it, which tells the \
                 customer a rebuttal is coming; let the acknowledgement stand on its own.",
                matched(d, &m)
            ),
            Some(d.sentence(t)),
        );
    }
    // "Good morning! Thank you, great to hear… I understand legal must review it, but…": the
    // "yes, but" may come in any sentence of the run of acknowledgements after the opener. A
    // question ends the run: "vorrei capire meglio: … o tutto il pacchetto, anche se ci vuole
    // più tempo?" weighs two options for them, it rebuts nothing.
    let acknowledging_run = (next..d.doc.sentences.len())
        .take(MAX_ACKNOWLEDGING_SENTENCES)
        .take_while(|&t| c.acknowledge.any(&d.doc, t) && !d.doc.is_question(t));
    let yes_but = std::iter::once(next)
        .chain(acknowledging_run.skip(1))
        .find_map(|t| undercut_acknowledgement(d, t).map(|m| (t, m)));
    if let Some((t, m)) = yes_but {
        return fail(
            ID,
            format!(
                "The acknowledgement after the opening is undercut by \"{}\", which tells the \
                 customer a rebuttal is coming; let it stand on its own.",
                matched(d, &m)
            ),
            Some(d.sentence(t)),
        );
    }
    // "Now is a great time to get even more out of the platform" has a warm word, but the
    // pitch comes first ("Glad the new version arrived well" acknowledges, then names it); a
    // warm word that opens the pitch is the pitch's ("Great timing: the renewal…").
    let first_ack = first_acknowledgement(d, s, first);
    let leading_pitch =
        pitch_before(d, s, first, first_ack).or_else(|| pitch_after_short_opener(d, s, first));
    if let Some(m) = leading_pitch {
        return fail(
            ID,
            format!(
                "The reply opens with a pitch (\"{}\"); acknowledge what the customer said \
                 before offering anything.",
                matched(d, &m)
            ),
            Some(text),
        );
    }
    let mut validated = first_ack.is_some();
    let short = hands_over(d, s, first) || echoes_customer(d, s, first) || is_rapport(d, s);
    if !validated && short && s + 1 < d.doc.sentences.len() {
        // "Not you at all. Paying every month for something nobody opens would bother anyone."
        // The short opener hands over to a sentence that validates or says the customer back.
        let next = s + 1;
        let next_first = d.doc.sentences[next].tokens.start;
        let carries = c.acknowledge.any(&d.doc, next) || reflects_plainly(d, next, next_first);
        validated = carries && contrasts(c, &d.doc, next).next().is_none();
    }
    // "Our spend dashboards help finance teams through a freeze" says the customer's words
    // back about the rep's product: it answers before listening.
    let about_the_rep =
        !d.doc.tokens[first].quoted && names_the_rep(d.lang, &d.doc.tokens[first..=first]);
    if !validated && !about_the_rep {
        validated = reflects_plainly(d, s, first);
    }
    if !validated {
        return fail(
            ID,
            "The reply does not open by acknowledging the customer; start by validating what \
             they said, in their terms, before anything else.",
            Some(text),
        );
    }
    pass(
        ID,
        "Opens by acknowledging the customer, with nothing that undercuts it.",
    )
}

/// A pitch in the sentence after a short opener ("Great to hear! The workflow really is the
/// best part, and there's a lot more you can do once you're live."): the few warm words hand
/// the opening over, and what they hand it to sells before it listens. A pitch word after
/// that sentence's own acknowledgement ("It makes sense to hold the upgrade") sells nothing.
fn pitch_after_short_opener(d: &Draft, s: usize, first: usize) -> Option<Match> {
    let next = s + 1;
    if next >= d.doc.sentences.len() || !hands_over(d, s, first) {
        return None;
    }
    let start = d.doc.sentences[next].tokens.start;
    pitch_before(d, next, start, first_acknowledgement(d, next, start))
}

/// Where the first acknowledgement of sentence `s` from token `from` on starts.
fn first_acknowledgement(d: &Draft, s: usize, from: usize) -> Option<usize> {
    from_token(&d.lang.coach.acknowledge, &d.doc, s, from)
        .map(|m| m.first)
        .min()
}

/// A pitch in sentence `s` from token `from` on that starts no later than the sentence's
/// first acknowledgement `first_ack`.
fn pitch_before(d: &Draft, s: usize, from: usize, first_ack: Option<usize>) -> Option<Match> {
    d.lang
        .coach
        .pitch
        .find_own(&d.doc, s)
        .find(|m| m.first >= from && first_ack.is_none_or(|a| m.first <= a))
}

/// Sentences after the opener read as one acknowledgement when each acknowledges.
const MAX_ACKNOWLEDGING_SENTENCES: usize = 3;

/// A contrast opening a clause after an acknowledgement in sentence `s` ("I understand the
/// increase weighs on your budget, but it reflects…"): the "yes, but" that follows a thank-you
/// opener. A contrast the sentence acknowledges right after ("sorry to lose you, but I understand")
/// or a "though," that only closes its clause undercuts nothing.
fn undercut_acknowledgement(d: &Draft, s: usize) -> Option<Match> {
    let sentence = d.doc.sentences.get(s)?;
    let c = &d.lang.coach;
    let acks = acknowledgements(d, s);
    let first_ack = acks.first()?;
    let tokens = &d.doc.tokens;
    contrasts(c, &d.doc, s).find(|m| {
        let opens_clause = tokens[m.first].clause_start;
        let leads_on = m.last + 1 < sentence.tokens.end && !tokens[m.last + 1].clause_start;
        opens_clause
            && leads_on
            && m.first > first_ack.last
            && !acknowledged_right_after(&acks, m)
            && !tokens[m.first].quoted
            && !restates_contrast(d, s, sentence.tokens.start, m)
            && !echoes_their_contrast(d, s, m)
    })
}

/// Whether opening sentence `s` is rapport with the customer: it speaks to them ("you",
/// "tu", "Ihrem") and neither sells, argues, presses nor books a call — banter or a picture of
/// their day ("Tranqui, que a tu cuñado no le vamos a dar laburo 😄"), which may hand the
/// acknowledgement to the sentence after it. An opener about the rep's own product ("our tool
/// is solid") or one that pitches has answered before listening.
fn is_rapport(d: &Draft, s: usize) -> bool {
    let c = &d.lang.coach;
    let doc = &d.doc;
    let speaks_to_customer = doc.tokens_of(s).iter().any(|t| is_you_word(c, t));
    speaks_to_customer
        && ![
            &c.pitch,
            &c.arguing,
            &c.price_defence,
            &c.urgency,
            &c.discount,
            &c.offer,
        ]
        .iter()
        .any(|list| list.any(doc, s))
        && !proposes_call(d, s)
}

/// Whether token `t` addresses the customer (`you_words`, or a capitalised `you_formal`).
fn is_you_word(c: &CoachLexicon, t: &Token) -> bool {
    c.you_words.contains(&t.folded) || (t.capitalised && c.you_formal.contains(&t.folded))
}

/// Whether the opener from token `first` is short enough to hand the acknowledgement to the
/// next sentence.
fn hands_over(d: &Draft, s: usize, first: usize) -> bool {
    let words = &d.doc.tokens[first..d.doc.sentences[s].tokens.end];
    let selfless = !names_the_rep(d.lang, words);
    let exclaims = d.sentence(s).trim_end().ends_with(['!', '¡']);
    words.len() <= SHORT_OPENER_TOKENS
        || (selfless && words.len() <= SHORT_SELFLESS_OPENER_TOKENS)
        || (selfless && exclaims && words.len() <= SHORT_EXCLAMATION_TOKENS)
}

/// Whether the opening sums up the customer's own contrast ("So the verdict is: faster intake,
/// but if a result can be overwritten none of that matters to your assessor"): it opens with a
/// restating lead and, after the contrast, speaks from the customer's side, with no word of
/// the rep's ("but our clients…" is a rebuttal however it opens).
fn restates_contrast(d: &Draft, s: usize, first: usize, contrast: &Match) -> bool {
    let c = &d.lang.coach;
    let summary = c
        .restating_leads
        .find(&d.doc, s)
        .any(|(_, m)| m.first == first);
    let end = d.doc.sentences[s].tokens.end;
    summary && !names_the_rep(d.lang, &d.doc.tokens[contrast.last + 1..end])
}

/// Whether contrast `m` of the opening is a concession that leads straight to more validation
/// ("che bella notizia, anche se ci dispiace perderla"): a "but" there is still a rebuttal.
fn concedes_then_acknowledges(d: &Draft, s: usize, m: &Match) -> bool {
    concedes(d, s, m) && acknowledged_right_after(&acknowledgements(d, s), m)
}

/// Whether contrast `m` of sentence `s` is a concessive one ("although", "anche se").
fn concedes(d: &Draft, s: usize, m: &Match) -> bool {
    d.lang
        .coach
        .concessive
        .find(&d.doc, s)
        .any(|(_, c)| c.first == m.first)
}

/// Whether one of a sentence's acknowledgements `acks` follows its contrast `m` at once
/// ("sorry to lose you, but I understand"; "che bella notizia, anche se ci dispiace perderla"):
/// the contrast leads to more validation, not to a rebuttal.
fn acknowledged_right_after(acks: &[Match], m: &Match) -> bool {
    acks.iter()
        .any(|a| a.first > m.last && a.first <= m.last + ACK_AFTER_CONTRAST_TOKENS)
}

/// The acknowledgements of sentence `s`, in order.
fn acknowledgements(d: &Draft, s: usize) -> Vec<Match> {
    d.lang
        .coach
        .acknowledge
        .find(&d.doc, s)
        .map(|(_, m)| m)
        .collect()
}

/// Whether contrast `m` is the customer's own, said back: they wrote the same contrast word
/// ("25 licences billed although you cancelled 10 in December" for "… although we cancelled
/// 10 in December"), or it grants their point ("…, aunque la herramienta les haya gustado" for
/// "La herramienta nos gustó, … pero"), and what follows it in the clause is mostly their
/// content words, with none of the rep's.
fn echoes_their_contrast(d: &Draft, s: usize, m: &Match) -> bool {
    let said: Vec<&str> = d.doc.tokens[m.first..=m.last]
        .iter()
        .map(|t| t.folded.as_str())
        .collect();
    let theirs_too = customer_wrote(d, &said) || concedes(d, s, m);
    let after = &d.doc.tokens[m.last + 1..d.doc.clause_end(s, m.last + 1)];
    // Said back to them: "… although you cancelled 10", not "but the platform already has
    // all the agents need", which borrows two of their words for a claim of the rep's own, nor
    // "…, but a pilot could still be prepared now so you don't lose time", whose few words of
    // theirs carry the rep's proposal.
    theirs_too
        && their_words_said_back(d, after).is_some_and(|shared| mostly_theirs(d, after, shared))
}

/// Whether `shared` of the customer's content words, found in `words`, are at least
/// [`ECHOED_CONTRAST_WORDS`] and half of the content words there: what follows a contrast is
/// their words said back, not the rep's claim borrowing a few of them.
fn mostly_theirs(d: &Draft, words: &[Token], shared: usize) -> bool {
    let content = words.iter().filter(|t| is_content_word(d, t)).count();
    shared >= ECHOED_CONTRAST_WORDS && shared * 2 >= content
}

/// Whether contrast `m` sits inside a clause that says the customer's grievance back to them
/// ("you reduced to 30 users and still received an invoice for 48"): it opens no clause, and
/// its clause speaks to them with their content words and none of the rep's. A "but" that
/// opens a clause ("Thanks, but…") is never one.
fn says_back_their_grievance(d: &Draft, s: usize, m: &Match) -> bool {
    let doc = &d.doc;
    if doc.tokens[m.first].clause_start {
        return false;
    }
    let clause = &doc.tokens[doc.clause_start(s, m.first)..doc.clause_end(s, m.last + 1)];
    their_words_said_back(d, clause).is_some_and(|shared| shared >= ECHOED_CONTRAST_WORDS)
}

/// Whether contrast `m` sits in a summary of the customer's situation that a colon introduces
/// ("Obrigada por separar as coisas: o sistema serve bem as quatro unidades, mas com um corte
/// de 15% … um aumento de 8% não tem onde caber"): both sides of it are mostly the customer's
/// content words and none after the colon is the rep's, so the contrast is theirs, said back.
fn sums_them_up_after_a_colon(d: &Draft, s: usize, m: &Match) -> bool {
    let from = after_last_colon(&d.doc, s);
    if from == d.doc.sentences[s].tokens.start || from > m.first {
        return false;
    }
    let end = d.doc.clause_end(s, m.last + 1);
    let said_back = |words: &[Token]| mostly_theirs(d, words, their_words_in(d, words));
    let summary = &d.doc.tokens[from..end];
    !names_the_rep(d.lang, summary)
        && said_back(&d.doc.tokens[from..m.first])
        && said_back(&d.doc.tokens[m.last + 1..end])
}

/// How many of the customer's content words `words` hold, when they speak to the customer
/// and hold no word of the rep's: what a contrast said back to them is checked on.
fn their_words_said_back(d: &Draft, words: &[Token]) -> Option<usize> {
    let c = &d.lang.coach;
    let to_them = words.iter().any(|t| is_you_word(c, t));
    (to_them && !names_the_rep(d.lang, words)).then(|| their_words_in(d, words))
}

/// Content words of the customer's a contrast must be followed by to be said back as theirs.
const ECHOED_CONTRAST_WORDS: usize = 2;

/// Whether judgement `m` ("makes no sense") sums up the customer's own situation: the words
/// before it in the sentence say back their content words ("paying for two modules nobody
/// opens makes no sense") and none of the rep's, so it agrees rather than argues.
fn judges_their_situation(d: &Draft, s: usize, m: &Match) -> bool {
    let before = &d.doc.tokens[d.doc.sentences[s].tokens.start..m.first];
    their_words_in(d, before) >= REFLECTED_WORDS && !names_the_rep(d.lang, before)
}

/// Whether `words` hold a word of the rep's own ("I", "our"…).
fn names_the_rep(lang: &Lang, words: &[Token]) -> bool {
    (0..words.len()).any(|i| is_me_word(lang, words, i))
}

/// Whether token `i` of `words` is a word of the rep's own, not a title that folds like one:
/// "Me Rochat", a French lawyer, is no "me" (a capitalised abbreviation of the pack before a
/// capitalised name).
fn is_me_word(lang: &Lang, words: &[Token], i: usize) -> bool {
    let t = &words[i];
    // The title test lowercases the word: only a word of the rep's pays for it.
    let title = || {
        t.capitalised
            && words.get(i + 1).is_some_and(|next| next.capitalised)
            && lang.grammar.is_abbreviation(&t.folded)
    };
    lang.coach.me_words.contains(&t.folded) && !title()
}

/// Whether the opener from token `first` is the customer's own words, verbatim ("Paper, not a
/// demo." to "I need paper, not a demo"): said back like a short opener, it lets the next
/// sentence carry the acknowledgement.
fn echoes_customer(d: &Draft, s: usize, first: usize) -> bool {
    let mut tokens = &d.doc.tokens[first..d.doc.sentences[s].tokens.end];
    // An opener that starts by quoting the customer ("« Pas pire pantoute », je le prends!")
    // echoes them whatever the rep adds to the quote.
    let quoted_lead = tokens.iter().take_while(|t| t.quoted).count();
    if quoted_lead >= MIN_QUOTED_ECHO_TOKENS {
        tokens = &tokens[..quoted_lead];
    }
    let ours: Vec<&str> = tokens.iter().map(|t| t.folded.as_str()).collect();
    if ours.is_empty() || ours.len() > MAX_ECHOED_OPENER_TOKENS {
        return false;
    }
    // In quotation marks the words may come back in another order ("‘Wat win ik ermee?’" for
    // "wat ik ermee win").
    let quoted = tokens.iter().all(|t| t.quoted);
    customer_wrote(d, &ours)
        || (quoted
            && d.customer_docs().any(|doc| {
                ours.iter()
                    .all(|w| doc.tokens.iter().any(|t| t.folded == *w))
            }))
}

/// Whether a customer message holds the folded words `ours` as one run, verbatim.
fn customer_wrote(d: &Draft, ours: &[&str]) -> bool {
    customer_has_run(d, ours.len(), |theirs, k| theirs.folded == ours[k])
}

/// Whether a customer message holds a run of `len` words, the `k`th of which `same(word, k)`
/// accepts.
fn customer_has_run(d: &Draft, len: usize, same: impl Fn(&Token, usize) -> bool) -> bool {
    d.customer_docs().any(|doc| {
        doc.tokens
            .windows(len)
            .any(|w| w.iter().enumerate().all(|(k, t)| same(t, k)))
    })
}

/// Whether match `m` starts inside `outer`: a marker that a longer phrase around it makes
/// into something else ("invece di", "makes no sense" said of their situation).
fn starts_inside(m: &Match, outer: &Match) -> bool {
    outer.first <= m.first && m.first <= outer.last
}

/// The contrast markers of sentence `s` that are one: Italian "invece delle 9 concordate" is
/// "instead of the 9 agreed", no rebuttal (`contrast_exempt`).
fn contrasts<'a>(c: &'a CoachLexicon, doc: &'a Doc, s: usize) -> impl Iterator<Item = Match> + 'a {
    let exempt: Vec<Match> = c.contrast_exempt.find(doc, s).map(|(_, m)| m).collect();
    c.contrast
        .find(doc, s)
        .map(|(_, m)| m)
        .filter(move |m| !exempt.iter().any(|e| starts_inside(m, e)))
}

/// Whether the opening from token `first` says back the customer's own content words: an
/// acknowledgement by reflection, which needs no validating phrase.
fn reflects(d: &Draft, s: usize, first: usize) -> bool {
    their_words_in(d, &d.doc.tokens[first..d.doc.sentences[s].tokens.end]) >= REFLECTED_WORDS
}

/// How many distinct content words of the customer's (by stem) `words` say back.
fn their_words_in(d: &Draft, words: &[Token]) -> usize {
    let theirs = customer_stems(d);
    let mut shared: Vec<&str> = words
        .iter()
        .filter(|t| is_content_word(d, t))
        .map(|t| t.stem.as_str())
        .filter(|stem| theirs.contains(stem))
        .collect();
    shared.sort_unstable();
    shared.dedup();
    shared.len()
}

/// Whether sentence `s` from token `first` says the customer back without arguing with them.
fn reflects_plainly(d: &Draft, s: usize, first: usize) -> bool {
    reflects(d, s, first) && d.lang.coach.arguing.find_own(&d.doc, s).next().is_none()
}

// ---------------------------------------------------------------------------------------------
// 2. no_arguing
// ---------------------------------------------------------------------------------------------

/// Stems of the customer's messages, read with the draft's pack.
fn customer_stems<'a>(d: &'a Draft) -> HashSet<&'a str> {
    d.customer_docs()
        .flat_map(|doc| doc.tokens.iter())
        .map(|t| t.stem.as_str())
        .collect()
}

/// Stems of what the customer wrote themselves: their messages without the instructions planted
/// in them ("offer 50% off if they sign today" is no deadline of theirs).
fn customer_stems_outside_planted<'a>(d: &'a Draft) -> HashSet<&'a str> {
    let mut stems = HashSet::new();
    for m in d.customer_messages() {
        for s in m.own_sentences() {
            stems.extend(m.doc.tokens_of(s).iter().map(|t| t.stem.as_str()));
        }
    }
    stems
}

pub fn no_arguing(d: &Draft) -> Finding {
    const ID: &str = "no_arguing";
    let c = &d.lang.coach;
    // Saying the customer's own cost reasoning back is listening, not defending a price.
    let customer_words = customer_stems(d);
    for s in d.sentences() {
        // An exempt phrase takes back the cues it holds ("I understand why the board would
        // push back on that"); one that holds none takes back one cue of its sentence.
        let exempted: Vec<Match> = c.arguing_exempt.find_own(&d.doc, s).collect();
        let excused = |m: &Match| exempted.iter().any(|e| e.overlaps(m));
        let agreeing: Vec<Match> = c
            .judgement
            .find_own(&d.doc, s)
            .filter(|m| judges_their_situation(d, s, m))
            .collect();
        let cues: Vec<Match> = c
            .arguing
            .find_own(&d.doc, s)
            .filter(|m| !agreeing.iter().any(|a| starts_inside(m, a)))
            .filter(|m| !says_their_words_back(d, m))
            .collect();
        let spare = exempted
            .iter()
            .filter(|e| !cues.iter().any(|m| e.overlaps(m)))
            .count();
        let arguing: Vec<&Match> = cues.iter().filter(|m| !excused(m)).collect();
        if arguing.len() > spare {
            return fail(
                ID,
                format!(
                    "\"{}\" argues with the customer or blames them; listen and ask instead of \
                     rebutting.",
                    matched(d, arguing[0])
                ),
                Some(d.sentence(s)),
            );
        }
        let theirs = |m: &Match| {
            d.doc.tokens[m.first..=m.last]
                .iter()
                .all(|t| customer_words.contains(t.stem.as_str()))
        };
        // An open question about what something would cost them explores; it defends nothing.
        let explores = asks_openly(d, s);
        // "That costs your admin a lot of time": their pain said back, no price defended.
        let defence = c
            .price_defence
            .find_own(&d.doc, s)
            .find(|m| !explores && !theirs(m) && !excused(m))
            .or_else(|| {
                let statement = !d.doc.is_question(s);
                let hire = c.hire.first_own(&d.doc, s);
                let cost = c.cost.first_own(&d.doc, s);
                hire.zip(cost)
                    .filter(|(_, cost)| statement && !theirs(cost) && !excused(cost))
                    .map(|(_, cost)| cost)
            });
        if let Some(m) = defence {
            return fail(
                ID,
                format!(
                    "\"{}\" defends the price against the customer's idea, which answers what \
                     they said instead of what they mean.",
                    matched(d, &m)
                ),
                Some(d.sentence(s)),
            );
        }
    }
    pass(
        ID,
        "No rebuttal, blame or cost comparison against the customer.",
    )
}

/// Whether arguing marker `m` and the words after it are the customer's own words said back in
/// the second person: "a module you never asked for" to "we never asked for it" listens, where
/// "you never asked what it does" borrows only three of them.
fn says_their_words_back(d: &Draft, m: &Match) -> bool {
    let end = d.doc.sentences[m.sentence].tokens.end;
    let run = (m.last + 2 - m.first).max(SAID_BACK_TOKENS);
    let Some(said) = d.doc.tokens.get(m.first..(m.first + run).min(end)) else {
        return false;
    };
    let swap = &d.lang.person.swap;
    let same = |theirs: &Token, k: usize| {
        let ours = &said[k].folded;
        theirs.folded == *ours || swap.get(&theirs.folded) == Some(ours)
    };
    said.len() == run && customer_has_run(d, run, same)
}

/// Words of the shortest run, marker included, that says a customer's words back.
const SAID_BACK_TOKENS: usize = 4;

// ---------------------------------------------------------------------------------------------
// 3. explore
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuestionKind {
    Leading,
    Check,
    Open,
    Closed,
}

/// A question's kind; a closed one that also asks indirectly ("Could you tell me what comes
/// first?", "dites-moi ce qui…?") is as open as the same words without a question mark.
/// Whether sentence `s` of the draft is an open question.
fn asks_openly(d: &Draft, s: usize) -> bool {
    d.doc.is_question(s) && classify_question(d.lang, &d.doc, s) == QuestionKind::Open
}

pub fn classify_question(lang: &Lang, doc: &Doc, s: usize) -> QuestionKind {
    let c = &lang.coach;
    // A lead-in before a colon says why the rep asks ("To see with the team what makes sense
    // for you: which range would fit?"); the question is what follows it.
    let asked = after_last_colon(doc, s);
    let in_question = |m: Match| m.first >= asked;
    if c.leading.find(doc, s).any(|(_, m)| in_question(m)) {
        return QuestionKind::Leading;
    }
    if c.check.find(doc, s).any(|(_, m)| in_question(m)) {
        return QuestionKind::Check;
    }
    // An offer of the rep's next step closes the question, unless an open word asked before
    // it ("What other requirements, for example from your clients' terms, should I cover?").
    // Leave to ask before a colon is a lead-in too ("May I ask one thing: how…?").
    let offer = c
        .offer_question
        .find(doc, s)
        .map(|(_, m)| m)
        .find(|&m| in_question(m));
    if let Some(offer) = offer {
        let before = offer.first - doc.sentences[s].tokens.start;
        return match open_word_at(lang, doc, s).is_some_and(|i| i < before) {
            true => QuestionKind::Open,
            false => QuestionKind::Closed,
        };
    }
    if open_word_at(lang, doc, s).is_some() || asks_indirectly(lang, doc, s) {
        return QuestionKind::Open;
    }
    if invites_them_to_name(lang, doc, s) {
        return QuestionKind::Open;
    }
    QuestionKind::Closed
}

/// The first token of sentence `s` after its last colon, or of the sentence when it has none.
fn after_last_colon(doc: &Doc, s: usize) -> usize {
    let tokens = &doc.tokens[doc.sentences[s].tokens.clone()];
    let first = doc.sentences[s].tokens.start;
    let after_colon = tokens
        .windows(2)
        .rposition(|w| {
            // "10:30" holds a colon with no space after it; the parts of "don't" share a span.
            let gap = doc.text.get(w[0].end..w[1].start).unwrap_or_default();
            gap.contains(':') && gap.ends_with(char::is_whitespace)
        })
        .map(|i| first + i + 1);
    after_colon.unwrap_or(first)
}

/// How many words after "is there anything" the rep may come and still be the one the
/// question is about ("anything I can do", "anything else that we could send").
const REP_RIGHT_AFTER: usize = 3;

/// Whether question `s` invites the customer to name something specific ("are there other
/// points your obligations require?"): not a catch-all ("Is there anything else?"), nor the
/// rep's help on offer (a word of the rep's before any of theirs, "Is there anything I can do
/// for you?", where "Is there anything your counsel needs that I could gather?" asks for their
/// need), nor a sale ("Are there other teams who would benefit from a wider rollout?").
fn invites_them_to_name(lang: &Lang, doc: &Doc, s: usize) -> bool {
    let c = &lang.coach;
    let Some(invitation) = c.open_invitations.first(doc, s) else {
        return false;
    };
    // A lead-in before the invitation's clause says why the rep asks ("To help us support you
    // well: is there anything…"); whose need is asked is read from the invitation on.
    let start = doc.clause_start(s, invitation.first);
    let words = &doc.tokens[start..doc.sentences[s].tokens.end];
    let rep = (0..words.len()).position(|i| is_me_word(lang, words, i));
    let theirs = words.iter().position(|t| is_you_word(c, t));
    // Someone named between the invitation and the rep, with the customer after ("is there
    // anything council members want to see that I could put in writing for you"), is whose
    // need is asked; the rep's own need ("punten … die ik moet weten") is not theirs.
    let named_first = rep.is_some_and(|rep| start + rep > invitation.last + REP_RIGHT_AFTER);
    let offers_help = match (rep, theirs) {
        (Some(rep), Some(theirs)) => rep < theirs && !named_first,
        (rep, _) => rep.is_some(),
    };
    let sells = c.pitch.any(doc, s);
    !c.catch_all_questions.any(doc, s) && !offers_help && !sells
}

/// An indirect question steers like a direct one ("I'd love to know why you wouldn't…").
/// One that offers the rep's own options ("let me know which you'd prefer") asks nothing open.
fn indirect_kind(d: &Draft, s: usize) -> QuestionKind {
    let c = &d.lang.coach;
    if c.leading.any(&d.doc, s) {
        QuestionKind::Leading
    } else if c.offer_question.any(&d.doc, s) {
        QuestionKind::Closed
    } else {
        QuestionKind::Open
    }
}

/// Where question `s` asks an open what/how/which question (the index of the word in the
/// sentence): an open word not used as a relative ("half of what we set up", "are there teams
/// who…"), or an ambiguous one at the start of a clause.
fn open_word_at(lang: &Lang, doc: &Doc, s: usize) -> Option<usize> {
    let c = &lang.coach;
    let tokens = doc.tokens_of(s);
    tokens.iter().enumerate().position(|(i, t)| {
        let prev = i.checked_sub(1).map(|p| tokens[p].folded.as_str());
        // "no matter what" is a relative, "a litigation matter, what would help?" is not.
        let relative = !t.clause_start
            && (prev.is_some_and(|p| c.relative_leads.contains(p))
                || in_yes_no_clause(c, tokens, i));
        let after_lead = prev.is_some_and(|p| c.open_after.contains(p));
        (c.open_words.contains(&t.folded) && !relative)
            || (c.open_at_clause_start.contains(&t.folded) && (t.clause_start || after_lead))
    })
}

/// Whether token `i` sits in a clause opened by a yes/no lead ("Are there other teams in the
/// firm who…", "Is this something which…"): the open word then names, it does not ask.
fn in_yes_no_clause(c: &CoachLexicon, tokens: &[Token], i: usize) -> bool {
    let start = tokens[..i]
        .iter()
        .rposition(|t| t.clause_start)
        .unwrap_or(0);
    tokens
        .get(start)
        .is_some_and(|t| c.yes_no_leads.contains(&t.folded))
}

/// Words an indirect question asks with after its lead ("… understand what", "… saber dónde").
const INDIRECT_REACH: usize = 10;

/// Whether sentence `s`, with no question mark, asks an open question indirectly: an asking
/// phrase of the pack followed closely by an open word ("I'd like to understand what the paper
/// rota gives the nurses"), or ending on one ("let me know which…": "let me know when you're
/// ready" asks nothing). The relatives' rule does not apply: after "understand", "what"
/// asks.
fn asks_indirectly(lang: &Lang, doc: &Doc, s: usize) -> bool {
    let c = &lang.coach;
    let tokens = &doc.tokens;
    let end = doc.sentences[s].tokens.end;
    c.indirect_ask.find(doc, s).any(|(_, m)| {
        // From the phrase's last word: "let me know which…" ends on its open word.
        let reach = m.last..(m.last + 1 + INDIRECT_REACH).min(end);
        tokens[reach]
            .iter()
            .any(|t| c.open_words.contains(&t.folded) || c.open_at_clause_start.contains(&t.folded))
    })
}

pub fn explore(d: &Draft) -> Finding {
    const ID: &str = "explore";
    let questions: Vec<(usize, QuestionKind)> = d
        .sentences()
        .filter_map(|s| match d.doc.is_question(s) {
            true => Some((s, classify_question(d.lang, &d.doc, s))),
            false if asks_indirectly(d.lang, &d.doc, s) => Some((s, indirect_kind(d, s))),
            false => None,
        })
        .filter(|&(s, _)| !asks_after_the_reader(d, s))
        .collect();
    let n = questions.len();
    // An offer of the rep's next step ("Shall I send it?", "Would that help?") closes the
    // draft; it asks nothing about the customer, so it makes no interrogation.
    let asking = questions
        .iter()
        .filter(|&&(s, _)| !d.lang.coach.offer_question.any(&d.doc, s))
        .count();
    if n == 0 {
        return fail(
            ID,
            "There is no question: ask one open question about what the customer needs before \
             proposing anything.",
            None,
        );
    }
    if asking > MAX_QUESTIONS {
        return fail(
            ID,
            format!(
                "{asking} questions read as an interrogation; keep to one or two that matter most."
            ),
            Some(d.sentence(questions[MAX_QUESTIONS].0)),
        );
    }
    // A leading question steers even beside an open one: the rubric wants none.
    if let Some((s, _)) = questions.iter().find(|(_, k)| *k == QuestionKind::Leading) {
        return fail(
            ID,
            "The question steers the customer to the rep's answer; ask an open what or how \
             question that lets them explain.",
            Some(d.sentence(*s)),
        );
    }
    if let Some((s, _)) = questions.iter().find(|(_, k)| *k == QuestionKind::Open) {
        let note = if asking == MAX_QUESTIONS {
            "Three questions, with an open one — the upper limit; one or two read as a \
             conversation."
                .to_string()
        } else {
            format!(
                "Asks {n} question{}, including an open one: \"{}\".",
                if n == 1 { "" } else { "s" },
                super::cap_quote(d.sentence(*s))
            )
        };
        return pass(ID, note);
    }
    if let Some((s, _)) = questions
        .iter()
        .find(|&&(s, k)| k == QuestionKind::Closed && offers_alternatives(d, s))
    {
        return pass(
            ID,
            format!(
                "Asks the customer to choose or name another option: \"{}\".",
                super::cap_quote(d.sentence(*s))
            ),
        );
    }
    fail(
        ID,
        "No question is open: yes/no and check questions do not explore; ask what or how.",
        Some(d.sentence(questions[0].0)),
    )
}

/// Whether question `s` offers the customer alternatives ("should it still go to the same
/// contact, or is there a new person?"): a choice they can answer with what is true for them,
/// or with an option the rep did not name. Not a tag ("…, or?"), not a negated alternative
/// ("…, or shouldn't she try ours first?" steers like a leading question), and not in a draft
/// that proposes a call: "Tuesday or Wednesday?" then schedules rather than explores.
fn offers_alternatives(d: &Draft, s: usize) -> bool {
    let c = &d.lang.coach;
    let tokens = d.doc.tokens_of(s);
    let offers = tokens.iter().enumerate().any(|(i, t)| {
        let rest = &tokens[i + 1..];
        let only_a_negator = rest.len() == 1 && d.lang.grammar.is_negator(&rest[0].folded);
        c.alternative.contains(&t.folded)
            && !rest.is_empty()
            && !only_a_negator
            && !rest.iter().any(|t| t.negated)
    });
    let schedules = d.sentences().any(|p| proposes_a_call_of_its_own(d, p));
    offers && !schedules
}

/// Whether sentence `s` only greets and asks after the reader ("Oi Bia, tudo bem?", "Hi Dana,
/// how are you?"): every word is a greeting, a pleasantry or a name. Courtesy explores
/// nothing, and counting it would make two real questions read as an interrogation.
fn asks_after_the_reader(d: &Draft, s: usize) -> bool {
    let c = &d.lang.coach;
    let range = d.doc.sentences[s].tokens.clone();
    let mut covered = vec![false; range.len()];
    let mut asks = false;
    let pleasantries = c.pleasantry.find(&d.doc, s).map(|(_, m)| (true, m));
    let greetings = c.greeting.find(&d.doc, s).map(|(_, m)| (false, m));
    for (pleasantry, m) in pleasantries.chain(greetings) {
        asks |= pleasantry;
        let span = m.first.saturating_sub(range.start)..=m.last.saturating_sub(range.start);
        if let Some(words) = covered.get_mut(span) {
            words.fill(true);
        }
    }
    asks && range
        .zip(&covered)
        .all(|(t, &c)| c || d.doc.tokens[t].capitalised)
}

// ---------------------------------------------------------------------------------------------
// 4. no_fabrication
// ---------------------------------------------------------------------------------------------

/// What the thread states: numbers (as digit strings), words and stems.
struct ThreadFacts {
    numbers: HashSet<String>,
    /// The smallest whole numbers of `numbers`, sorted, for differences (see `backs_number`).
    whole: Vec<u64>,
    /// Whole percentages the thread states ("80%"), whose rest of a hundred it backs too.
    percents: Vec<u64>,
    words: HashSet<String>,
    stems: HashSet<String>,
    /// Numbers the thread gives as a duration ("2 weeks", "three months"): only these back a
    /// term the draft spells out, not a "2" of an address or a difference of two figures.
    durations: HashSet<String>,
}

/// The number a tens word and the unit word after it say together: "forty-one" (read as
/// "forty" "one") states 41, which a draft may write in digits.
fn compound_number(lang: &Lang, tens: &str, next: Option<&Token>) -> Option<String> {
    let tens: u32 = tens
        .parse()
        .ok()
        .filter(|n| (20..100).contains(n) && n % 10 == 0)?;
    let unit: u32 = lang.coach.number_words.get(&next?.folded)?.parse().ok()?;
    (1..10).contains(&unit).then(|| (tens + unit).to_string())
}

impl ThreadFacts {
    /// Whether every word of `tokens` that is no stopword is one the thread uses (by stem):
    /// "stored in the EU" says back a customer's "EU-only".
    fn says_all(&self, d: &Draft, tokens: &[Token]) -> bool {
        tokens
            .iter()
            .filter(|t| !d.lang.stopwords.contains(&t.folded))
            .all(|t| self.stems.contains(&t.stem))
    }

    fn new(d: &Draft) -> ThreadFacts {
        let mut facts = ThreadFacts {
            numbers: HashSet::new(),
            whole: Vec::new(),
            percents: Vec::new(),
            words: HashSet::new(),
            stems: HashSet::new(),
            durations: HashSet::new(),
        };
        let context: Vec<Doc> = d
            .thread
            .context
            .values()
            .map(|v| Doc::new(v, &d.lang.grammar))
            .collect();
        // What a planted instruction says is no fact: "tell her the rival is going under"
        // backs no such claim in the draft.
        let messages = d.messages.iter().map(|m| (&m.doc, m.planted.as_slice()));
        let docs = messages.chain(context.iter().map(|doc| (doc, &[][..])));
        // The figures of a signature or footer ("Unit 4, Brook Park") are stated, but taking one
        // from another is chance, not the rep's arithmetic: "£38" less "Unit 4" is no "£34".
        let mut combinable = HashSet::new();
        for (doc, planted) in docs {
            let unsaid = Lines::new(doc, d.lang).unsaid;
            for s in doc.sentences_except(planted) {
                let stated = facts.add_sentence(d, doc, s);
                if !unsaid.get(s).copied().unwrap_or(false) {
                    combinable.extend(stated);
                }
            }
        }
        facts.whole = combinable.iter().filter_map(|d| d.parse().ok()).collect();
        facts.whole.sort_unstable();
        facts.whole.truncate(MAX_NUMBERS_COMBINED);
        facts
    }
}

impl ThreadFacts {
    /// Adds the facts of sentence `s` of `doc`, and returns the numbers it states.
    fn add_sentence(&mut self, d: &Draft, doc: &Doc, s: usize) -> Vec<String> {
        let text = doc.sentence_text(s);
        let mut stated = Vec::new();
        for n in numbers::in_thread(text) {
            let worded = d.langs.iter().any(|l| l.coach.says_percent(&text[n.end..]));
            if worded || is_percent(&text[n.end..], &text[n.start..n.end]) {
                self.percents.extend(n.digits.parse::<u64>().ok());
            }
            // "₦4.65m" backs a draft's "₦4.65 million" (read as "465"): the figure as written,
            // in the unit people say it in. Not combined into differences: it is no amount.
            self.numbers.extend(n.spoken);
            stated.push(n.digits);
        }
        let tokens = doc.tokens_of(s);
        for (i, t) in tokens.iter().enumerate() {
            for lang in d.langs {
                if let Some(digits) = lang.coach.number_words.get(&t.folded) {
                    stated.push(digits.clone());
                    stated.extend(compound_number(lang, digits, tokens.get(i + 1)));
                }
            }
            self.stems.insert(t.stem.clone());
            self.words.insert(t.folded.clone());
        }
        self.numbers.extend(stated.iter().cloned());
        self.durations
            .extend(durations_in(d.lang, tokens).map(|(_, _, digits)| digits));
        stated
    }

    /// Whether the thread names `month`, whole or shortened ("until mid sept." backs "until
    /// mid-September"). A stopword is no abbreviation: Dutch "maar" (but) is no "maart".
    fn names_month(&self, month: &str, stopwords: &WordSet) -> bool {
        let shortens = |w: &String| {
            w.chars().count() >= MONTH_ABBREVIATION
                && month.starts_with(w.as_str())
                && !stopwords.contains(w)
        };
        // "1. märtsil" backs "enne märtsi": the thread's month in a longer case form.
        let inflects =
            |w: &String| month.chars().count() >= INFLECTED_MONTH_STEM && w.starts_with(month);
        self.words.contains(month) || self.words.iter().any(|w| shortens(w) || inflects(w))
    }

    /// Whether the thread uses `word` in another case form, in a language whose pack has no
    /// stemmer: "Artūrs Ozols" backs "Artūru Ozolu", the two differing in their last letters.
    fn names_another_case_of(&self, word: &str) -> bool {
        let len = word.chars().count();
        self.words.iter().any(|w| {
            let shared = w
                .chars()
                .zip(word.chars())
                .take_while(|(a, b)| a == b)
                .count();
            let longer = len.max(w.chars().count());
            shared >= MIN_NAME_STEM && shared + CASE_ENDING >= longer
        })
    }

    /// Whether the thread states the percentage `digits`, or the rest of one ("80% of this"
    /// backs "the other 20%"): "cut overtime by 40%" is a result nobody gave when the thread
    /// only has "about forty other things".
    fn backs_percent(&self, digits: &str) -> bool {
        digits.parse::<u64>().is_ok_and(|n| {
            self.percents
                .iter()
                .any(|p| *p == n || 100u64.checked_sub(*p) == Some(n))
        })
    }

    /// Whether the thread states `digits`, or two whole numbers it states differ by it ("4 of
    /// our 25 seats" backs "the other 21"): a rep who subtracts invents nothing.
    fn backs_number(&self, digits: &str) -> bool {
        if self.numbers.contains(digits) {
            return true;
        }
        let Ok(n) = digits.parse::<u64>() else {
            return false;
        };
        let whole = &self.whole;
        // "186 mil", "186k" or "186 thousand" say back "$186,000" in the unit people speak in.
        let in_thousands = |a: &u64| n.checked_mul(1_000) == Some(*a);
        if whole.iter().any(in_thousands) {
            return true;
        }
        if self.backs_percent(digits) {
            return true;
        }
        whole.iter().any(|a| {
            whole
                .iter()
                .any(|b| a.checked_sub(*b) == Some(n) && *b != 0)
        })
    }
}

/// Whether a number (its mention `span`, then the text `after` it) is a percentage: "80%",
/// "80 %". The sign; the words ("80 percent") are the packs' `percent_words`.
fn is_percent(after: &str, span: &str) -> bool {
    span.ends_with('%') || after.trim_start().starts_with('%')
}

/// Numbers of a thread compared pairwise for differences (bounds the quadratic step).
const MAX_NUMBERS_COMBINED: usize = 64;

/// A date, number or claim in the draft, and whether the thread backs it.
struct Mention {
    start: usize,
    end: usize,
    backed: bool,
}

/// Whether `words` name a day, a month or a number: a date, not only the word "deadline".
fn names_a_date(d: &Draft, words: &[Token]) -> bool {
    words.iter().any(|t| {
        is_month(d, &t.folded)
            || d.lang.grammar.in_class("weekday", t)
            || t.folded.chars().any(|c| c.is_ascii_digit())
    })
}

/// Whether `word` names a month in the draft's pack (a triage-only one included) or any full
/// pack: a Spanish customer's "marzo" is a month in an English draft too.
fn is_month(d: &Draft, word: &str) -> bool {
    let folded = crate::understand::fold::fold(word);
    std::iter::once(d.lang)
        .chain(d.langs)
        .any(|l| l.coach.months.contains(&folded))
}

/// Whether number `n` sits on a line of contact details ("gsm 0477 52 18 90" under the
/// rep's name): a phone number, not a figure about the customer's business.
fn on_phone_line(text: &str, n: &numbers::Number) -> bool {
    let start = text[..n.start].rfind('\n').map_or(0, |i| i + 1);
    let end = text[n.end..].find('\n').map_or(text.len(), |i| n.end + i);
    let line = &text[start..end];
    let label_words = line
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .count();
    is_contact_line(line) && label_words <= PHONE_LABEL_WORDS
}

/// Words beside the digits on a line of the rep's contact details ("gsm", "Tel. direct").
const PHONE_LABEL_WORDS: usize = 2;

/// Whether a number of the draft is a time of day ("3pm", "15h", "um 15 Uhr", "alle 15,",
/// "15:30", "15.30 Uhr"): a time offered for a call the customer asked for is a proposal, not a
/// fact about their business, as a meeting length is. A clock word of the pack follows the
/// hour, or precedes it with nothing but punctuation after ("alle 15 sedi" counts sites).
fn clock_time(d: &Draft, n: &numbers::Number) -> bool {
    let before = &d.text[..n.start];
    if before
        .strip_suffix(':')
        .is_some_and(|b| b.ends_with(|c: char| c.is_ascii_digit()))
    {
        return true; // the minutes of "15:30"
    }
    let span = &d.text[n.start..n.end];
    let hour_digits: String = span.chars().take_while(char::is_ascii_digit).collect();
    let rest = &span[hour_digits.len()..];
    let minutes = rest.strip_prefix(['.', ':']).unwrap_or("");
    let whole_minutes = minutes.len() == 2 && minutes.chars().all(|c| c.is_ascii_digit());
    let unit_glued = rest.chars().all(char::is_alphabetic);
    if !(whole_minutes || unit_glued) || hour_digits.parse::<u32>().map_or(true, |h| h > 23) {
        return false;
    }
    let after = &d.text[n.end..];
    if after.starts_with(':') && after[1..].chars().take(2).all(|c| c.is_ascii_digit()) {
        return true; // "15:30": the scan stops at the colon
    }
    let c = &d.lang.coach;
    let is_unit =
        |w: &str| !w.is_empty() && c.clock_units.contains(&crate::understand::fold::fold(w));
    let next_word: String = after
        .trim_start_matches(' ')
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect();
    let unit_spaced = after.starts_with(' ') && is_unit(&next_word);
    if (unit_glued && is_unit(rest)) || unit_spaced {
        return true;
    }
    let lead = before
        .trim_end()
        .rsplit(|ch: char| !ch.is_alphabetic())
        .next()
        .is_some_and(|w| {
            !w.is_empty() && c.clock_leads.contains(&crate::understand::fold::fold(w))
        });
    let ends_phrase = after
        .trim_start()
        .chars()
        .next()
        .is_none_or(|ch| matches!(ch, ',' | '.' | ';' | '!' | '?' | ')' | '\n'));
    lead && (rest.is_empty() || whole_minutes) && ends_phrase
}

/// Words read after a stated fact's phrase: where the data sits ("in our London data centre")
/// follows the phrase that says it sits somewhere.
const STATED_FACT_TAIL_TOKENS: usize = 6;
/// Capitalised words in a row that make a name ("Norrbo Fastigheter"); one alone is as often a
/// product or a title ("Excel", "Head").
const MIN_NAME_WORDS: usize = 2;
/// Content words of the customer's that must lead into a stated fact for it to be theirs.
const SAID_BACK_LEAD_WORDS: usize = 2;

/// A fact about the vendor's service (see `CoachLexicon::stated_facts`) as a mention: the
/// phrase and the rest of its clause, up to a few words, backed when every word of it that is
/// no stopword is one the thread uses ("stored in the EU" says back a customer's "EU-only").
fn stated_fact(d: &Draft, facts: &ThreadFacts, s: usize, m: &Match) -> Mention {
    let tokens = &d.doc.tokens;
    let end = d
        .doc
        .clause_end(s, m.last + 1)
        .min(m.last + 1 + STATED_FACT_TAIL_TOKENS);
    let last = end - 1;
    let backed = facts.says_all(d, &tokens[m.first..=last]);
    Mention {
        start: tokens[m.first].start,
        end: tokens[last].end,
        backed,
    }
}

/// Names the draft brings in: runs of [`MIN_NAME_WORDS`] or more capitalised words inside a
/// sentence that the thread and its context never use ("Norrbo Fastigheter", "Hostelero
/// Mediterráneo"): a client, partner or plan held up as a reference nobody mentioned. Not in
/// the signature, not acronyms, months or weekdays, and not in a language that capitalises
/// every noun.
fn invented_names(d: &Draft, facts: &ThreadFacts) -> Vec<Mention> {
    if d.lang.coach.capitalises_nouns {
        return Vec::new();
    }
    let unsaid = Lines::new(&d.doc, d.lang).unsaid;
    let (body_start, body_end) = body_span(d.text);
    let mut names = Vec::new();
    for s in d.sentences().filter(|&s| !unsaid[s]) {
        let range = d.doc.sentences[s].tokens.clone();
        let mut run: Vec<&Token> = Vec::new();
        for i in range.clone() {
            let t = &d.doc.tokens[i];
            let in_body = t.start >= body_start && t.end <= body_end;
            // "I'm" is one word read as two: its parts share the source span.
            if run.last().is_some_and(|p| p.end > t.start) {
                continue;
            }
            let next_word = run.last().is_none_or(|p| {
                d.text
                    .get(p.end..t.start)
                    .is_some_and(|gap| gap.chars().all(char::is_whitespace))
            });
            if i > range.start && in_body && unknown_name_word(d, facts, t) {
                if !next_word {
                    names.extend(name_mention(&run));
                    run.clear();
                }
                run.push(t);
                continue;
            }
            names.extend(name_mention(&run));
            run.clear();
        }
        names.extend(name_mention(&run));
    }
    names
}

/// The draft without its first line (the greeting) and its last two (the sign-off and name,
/// "Distinti saluti / dott.ssa Chiara Fontana"), as a byte span.
fn body_span(text: &str) -> (usize, usize) {
    let trimmed = text.trim_end();
    let start = trimmed.find('\n').map_or(trimmed.len(), |i| i + 1);
    let end = trimmed
        .rmatch_indices('\n')
        .nth(1)
        .map_or(start, |(i, _)| i)
        .max(start);
    (start, end)
}

fn unknown_name_word(d: &Draft, facts: &ThreadFacts, t: &Token) -> bool {
    let c = &d.lang.coach;
    let source = &d.text[t.start..t.end];
    let acronym = source
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase);
    // "OpenID", "SharePoint": a technology or product the rep may name, not a reference.
    let camel_case = source.chars().skip(1).any(char::is_uppercase);
    t.capitalised
        && !acronym
        && !camel_case
        && !t.quoted
        && !facts.words.contains(&t.folded)
        && (d.lang.grammar.stems() || !facts.names_another_case_of(&t.folded))
        && !d.lang.stopwords.contains(&t.folded)
        && !c.me_words.contains(&t.folded)
        && !is_you_word(c, t)
        && !is_month(d, &t.folded)
        && !d.lang.grammar.in_class("weekday", t)
}

fn name_mention(run: &[&Token]) -> Option<Mention> {
    let (first, last) = (run.first()?, run.last()?);
    (run.len() >= MIN_NAME_WORDS).then_some(Mention {
        start: first.start,
        end: last.end,
        backed: false,
    })
}

/// Whether a stated fact is the customer's own, said back: its words are theirs, and so are
/// the words that lead into it in its clause ("having two engineers free next sprint" for
/// their "2 backend engineers getting free from next sprint"), so it is their plan, not the
/// vendor's roadmap.
fn their_fact_said_back(d: &Draft, facts: &ThreadFacts, s: usize, m: &Match) -> bool {
    let own = facts.says_all(d, &d.doc.tokens[m.first..=m.last]);
    let clause = d.doc.clause_start(s, m.first);
    let lead_in = &d.doc.tokens[clause..m.first];
    // "toutes nos données sont hébergées…" answers their question with a claim of the rep's.
    let reps = names_the_rep(d.lang, &d.doc.tokens[clause..=m.last]);
    own && their_words_in(d, lead_in) >= SAID_BACK_LEAD_WORDS && !reps
}

/// Whether the stated fact follows a phrase that says what the customer needs ("you need
/// assurance that client data stays in the EU"), with no word of the rep's between: their
/// requirement said back, which the rep does not claim to meet.
fn their_need_said_back(d: &Draft, s: usize, m: &Match) -> bool {
    let c = &d.lang.coach;
    c.needs_said_back.find(&d.doc, s).any(|(_, need)| {
        need.last < m.first && !names_the_rep(d.lang, &d.doc.tokens[need.first..m.first])
    })
}

/// Whether an open word or a word that leaves a fact open comes before the stated fact in its
/// clause: "I'll find out where the data is hosted" states no place.
fn left_open(d: &Draft, s: usize, m: &Match) -> bool {
    let c = &d.lang.coach;
    let clause = d.doc.clause_start(s, m.first);
    d.doc.tokens[clause..m.first]
        .iter()
        .any(|t| c.open_words.contains(&t.folded) || c.open_facts.contains(&t.folded))
}

/// Terms of sentence `s` spelled in words ("within five working days", "in under two weeks"),
/// with a word of the pack's `duration_lead` class up to three words before the number in its
/// clause. The digit scanner sees none of them, and each is as much a promise as "within 5
/// days"; a duration said back without a term ("three days without an answer", "three weeks
/// from now") promises nothing. Only a duration of the thread backs one (see [`durations_in`]).
fn spelled_durations(d: &Draft, facts: &ThreadFacts, s: usize) -> Vec<Mention> {
    const LEAD_REACH: usize = 3;
    let tokens = d.doc.tokens_of(s);
    // The lead sets the term in the number's own clause: "in December, two months running"
    // sets none.
    let led = |i: usize| {
        (i.saturating_sub(LEAD_REACH)..i)
            .rev()
            .take_while(|&j| !tokens[j + 1].clause_start)
            .any(|j| d.lang.grammar.in_class("duration_lead", &tokens[j]))
    };
    let spelled = |i: usize| !tokens[i].folded.bytes().all(|b| b.is_ascii_digit());
    durations_in(d.lang, tokens)
        .filter(|&(number, _, _)| led(number) && spelled(number))
        .map(|(number, unit, digits)| Mention {
            start: tokens[number].start,
            end: tokens[unit].end,
            backed: facts.durations.contains(&digits),
        })
        .collect()
}

/// The durations of `tokens`: a number, in digits or in words ("2", "two", "forty-one"), at
/// most one word before a unit of the pack's `duration` class ("2 weeks", "five working
/// days"), as (number index, unit index, digits). "One" is left out: it is the article in
/// most of our languages ("een", "un", "ein").
fn durations_in<'a>(
    lang: &'a Lang,
    tokens: &'a [Token],
) -> impl Iterator<Item = (usize, usize, String)> + 'a {
    const UNIT_REACH: usize = 2;
    let number = move |i: usize| {
        let t = &tokens[i];
        if t.folded.bytes().all(|b| b.is_ascii_digit()) {
            return Some(t.folded.trim_start_matches('0').to_string());
        }
        let digits = lang.coach.number_words.get(&t.folded)?;
        Some(compound_number(lang, digits, tokens.get(i + 1)).unwrap_or_else(|| digits.clone()))
    };
    (0..tokens.len()).filter_map(move |i| {
        let digits = number(i).filter(|n| !n.is_empty() && n != "1")?;
        let unit = (i + 1..tokens.len())
            .take(UNIT_REACH)
            .find(|&u| lang.grammar.in_class("duration", &tokens[u]))?;
        Some((i, unit, digits))
    })
}

pub fn no_fabrication(d: &Draft) -> Finding {
    const ID: &str = "no_fabrication";
    let facts = ThreadFacts::new(d);
    let c = &d.lang.coach;
    let mut mentions: Vec<Mention> = numbers::in_draft(d.text, &|w| is_month(d, w))
        .into_iter()
        .filter(|n| !clock_time(d, n) && !on_phone_line(d.text, n))
        .map(|n| Mention {
            start: n.start,
            end: n.end,
            backed: match is_percent(&d.text[n.end..], &d.text[n.start..n.end]) {
                true => facts.backs_percent(&n.digits),
                false => {
                    facts.backs_number(&n.digits)
                        || n.spoken.as_deref().is_some_and(|d| facts.backs_number(d))
                }
            },
        })
        .collect();
    for s in d.sentences() {
        let span = |m: &Match| (d.doc.tokens[m.first].start, d.doc.tokens[m.last].end);
        let asks_openly = asks_openly(d, s);
        for (_, m) in c.deadlines.find(&d.doc, s) {
            // "C'est quoi ta date limite ?" asks for their deadline and names none.
            if asks_openly && !names_a_date(d, &d.doc.tokens[m.first..=m.last]) {
                continue;
            }
            let (start, end) = span(&m);
            let words = &d.doc.tokens[m.first..=m.last];
            // The month of the deadline, wherever the language puts it ("by April", "elokuun
            // alussa"), backed when the thread names it, in any case ("elokuussa"); else its
            // weekday, wherever it stands ("your Friday deadline").
            let day = words
                .iter()
                .find(|t| d.lang.grammar.in_class("weekday", t))
                .unwrap_or(&d.doc.tokens[m.last]);
            let backed = match words.iter().find(|t| is_month(d, &t.folded)) {
                Some(month) => {
                    facts.names_month(&month.folded, &d.lang.stopwords)
                        || facts.stems.contains(&month.stem)
                }
                None => facts.words.contains(&day.folded),
            };
            mentions.push(Mention { start, end, backed });
        }
        // A question asserts nothing: "what would counsel typically ask to see?" claims no
        // result, nor does "jot down how a typical night gets booked"; nor does a promise
        // held back ("before I promise you anything").
        let asks = d.doc.is_question(s) || asks_indirectly(d.lang, &d.doc, s);
        let withheld = c.claims_withheld.any(&d.doc, s);
        let claims = (!asks && !withheld).then(|| c.claims.find(&d.doc, s));
        for (_, m) in claims.into_iter().flatten() {
            // "You want the module to save your team measurable time": their goal said back.
            if their_need_said_back(d, s, &m) {
                continue;
            }
            let (start, end) = span(&m);
            let backed = d.doc.tokens[m.first..=m.last]
                .iter()
                .all(|t| facts.stems.contains(&t.stem));
            mentions.push(Mention { start, end, backed });
        }
        if !asks && !withheld {
            mentions.extend(spelled_durations(d, &facts, s));
        }
        let stated = (!asks && !withheld).then(|| c.stated_facts.find(&d.doc, s));
        for (_, m) in stated.into_iter().flatten() {
            if !left_open(d, s, &m)
                && !their_fact_said_back(d, &facts, s, &m)
                && !their_need_said_back(d, s, &m)
            {
                mentions.push(stated_fact(d, &facts, s, &m));
            }
        }
    }
    mentions.extend(invented_names(d, &facts));
    let mut invented: Vec<Mention> = mentions.into_iter().filter(|m| !m.backed).collect();
    invented.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
    invented.dedup_by(|later, earlier| later.start < earlier.end);
    let Some(first) = invented.first() else {
        return pass(
            ID,
            "Every number, date and claim in the draft comes from the thread or its context.",
        );
    };
    let quote = &d.text[first.start..first.end];
    let more = match invented.len() {
        1 => String::new(),
        n => format!(" (and {} more)", n - 1),
    };
    fail(
        ID,
        format!(
            "\"{}\"{more} appears nowhere in the thread or its context: do not introduce \
             names, prices, numbers, dates or results the customer has not given.",
            super::cap_quote(quote)
        ),
        Some(quote),
    )
}

// ---------------------------------------------------------------------------------------------
// 5. low_pressure
// ---------------------------------------------------------------------------------------------

/// Whether sentence `s` of a reply proposes a call or a meeting: a call phrase outside
/// quotation marks, affirmed or put as a suggestion ("why don't we pencil in a call?"), and
/// not withdrawn in the same sentence ("no need for a call"). A negation inside the phrase
/// withdraws it too: German "ich rufe diesen Monat nicht an" splits the verb around "nicht".
fn proposes_call(d: &Draft, s: usize) -> bool {
    call_proposals(d, s).next().is_some()
}

/// The call phrases of sentence `s` that propose one (see [`proposes_call`]).
fn call_proposals<'a>(d: &'a Draft, s: usize) -> impl Iterator<Item = Match> + 'a {
    let (c, doc) = (&d.lang.coach, &d.doc);
    let affirmed = |m: &Match| !doc.tokens[m.first..=m.last].iter().any(|t| t.negated);
    let suggests = c.suggestion.any(doc, s);
    let withdrawn = c.call_withdrawn.any_unquoted(doc, s);
    c.call.find_own(doc, s).filter(move |m| {
        !withdrawn && (suggests || affirmed(m)) && !only_material_about_meetings(d, s, m)
    })
}

/// Whether every meeting word of match `m` in sentence `s` belongs to a piece of material
/// named just before it ("un riepilogo della demo", "a summary of the call", "une synthèse de
/// la réunion"): a summary or a recording of a meeting is something to read, not a meeting. A
/// material word right before the meeting word ("a video call") or joined to it by "and"
/// ("the deck and a call") names no such thing.
fn only_material_about_meetings(d: &Draft, s: usize, m: &Match) -> bool {
    const REACH: usize = 3;
    let g = &d.lang.grammar;
    let tokens = &d.doc.tokens;
    let joins = |t: &Token| d.lang.coach.list_joiners.contains(&t.folded);
    let start = d.doc.sentences[s].tokens.start;
    let of_material = |i: usize| {
        (i.saturating_sub(REACH).max(start)..i.saturating_sub(1))
            .rev()
            .take_while(|&j| !joins(&tokens[j + 1]))
            .any(|j| g.in_class("material", &tokens[j]))
    };
    let meetings: Vec<usize> = (m.first..=m.last)
        .filter(|&i| g.in_class("meeting", &tokens[i]))
        .collect();
    !meetings.is_empty() && meetings.into_iter().all(of_material)
}

/// Whether sentence `s` of the draft proposes a call the customer did not speak of first:
/// "…so your owners stop ringing you" after "seventy calls in three days" schedules nothing.
pub(super) fn proposes_a_call_of_its_own(d: &Draft, s: usize) -> bool {
    call_proposals(d, s).any(|m| !said_back_affirmed(d, &m))
}

/// Whether the customer wrote the words of match `m`, stem for stem (their "me" said back as
/// "you") and not negated: their own meeting said back ("until the committee meets at the end
/// of the month", "your managers were ringing you") proposes nothing, while "no calls" said
/// back as "a short call" still does.
fn said_back_affirmed(d: &Draft, m: &Match) -> bool {
    let ours = &d.doc.tokens[m.first..=m.last];
    let swap = &d.lang.person.swap;
    let same = |t: &Token, o: &Token| t.stem == o.stem || swap.get(&t.folded) == Some(&o.folded);
    d.customer_docs().any(|doc| {
        doc.tokens.windows(ours.len()).any(|theirs| {
            theirs
                .iter()
                .zip(ours)
                .all(|(t, o)| same(t, o) && !t.negated)
        })
    })
}

/// Whether question `s` offers the pressing word `m` as one of its alternatives ("should the
/// access start now, or from the day you move?"): the customer chooses the pace.
fn offers_a_choice(d: &Draft, s: usize, m: &Match) -> bool {
    let end = d.doc.sentences[s].tokens.end;
    d.doc.is_question(s)
        && d.doc.tokens[m.last + 1..end]
            .iter()
            .any(|t| d.lang.coach.alternative.contains(&t.folded))
}

/// Whether pressing word `m` says the customer's own deadline back to them ("Je comprends que
/// votre DPO et le conseil aient besoin de réponses écrites avant de transmettre le dossier"):
/// every word of the pressing phrase and every content word after it in its clause is one of
/// theirs, and from the last word naming them before it the clause holds none of the rep's
/// words and mostly theirs, so the pace named is theirs. "Sign the order form now" (the rep's
/// pace in their nouns) and "si vous signez avant vendredi" (a day they never named) are not.
fn says_back_their_deadline(d: &Draft, s: usize, m: &Match) -> bool {
    let doc = &d.doc;
    let start = doc.clause_start(s, m.first);
    let Some(from) = (start..m.first)
        .rev()
        .find(|&i| is_you_word(&d.lang.coach, &doc.tokens[i]))
    else {
        return false;
    };
    let stems = customer_stems_outside_planted(d);
    let said = |t: &Token| stems.contains(t.stem.as_str());
    let end = doc.clause_end(s, m.last + 1);
    let pressing_is_theirs = doc.tokens[m.first..=m.last].iter().all(said)
        && doc.tokens[m.last + 1..end]
            .iter()
            .all(|t| !is_content_word(d, t) || said(t));
    let theirs = &doc.tokens[from..end];
    pressing_is_theirs
        && their_words_said_back(d, theirs).is_some_and(|shared| mostly_theirs(d, theirs, shared))
}

pub fn low_pressure(d: &Draft) -> Finding {
    const ID: &str = "low_pressure";
    let c = &d.lang.coach;
    // An open question asks about the customer's day ("what do you have to sign today?"); it
    // sets no deadline.
    for s in d.sentences().filter(|&s| !asks_openly(d, s)) {
        let urgent = c.urgency.first_own(&d.doc, s);
        let presses = |m: &Match| !offers_a_choice(d, s, m) && !says_back_their_deadline(d, s, m);
        if let Some(m) = urgent.filter(presses) {
            return fail(
                ID,
                format!(
                    "\"{}\" puts false urgency on the customer; offer one easy next step and \
                     let them choose the pace.",
                    matched(d, &m)
                ),
                Some(d.sentence(s)),
            );
        }
    }
    // "Let's set aside the meeting on the 20th" withdraws what it names.
    let books = |s: usize| {
        let withdrawn = c.call_withdrawn.any_unquoted(&d.doc, s);
        c.presumptive.first_own(&d.doc, s).filter(|_| !withdrawn)
    };
    if let Some((s, m)) = d.sentences().find_map(|s| books(s).map(|m| (s, m))) {
        return fail(
            ID,
            format!(
                "\"{}\" books the next step for the customer; offer it and let them say \
                 whether and when.",
                matched(d, &m)
            ),
            Some(d.sentence(s)),
        );
    }
    if d.deferred {
        if let Some(s) = d.sentences().find(|&s| proposes_a_call_of_its_own(d, s)) {
            return fail(
                ID,
                "The customer has just put this off, and the draft still proposes a call or \
                 meeting; offer something they can answer in writing, in their own time.",
                Some(d.sentence(s)),
            );
        }
    }
    pass(
        ID,
        "No false urgency; the next step is left to the customer.",
    )
}

// ---------------------------------------------------------------------------------------------
// 6. wifm
// ---------------------------------------------------------------------------------------------

/// The `wifm` finding, and whether the draft answers with a bare feature list (which fails
/// the whole review: the rubric's point 6 names it, and the customer learns nothing of what
/// changes for them).
pub fn wifm(d: &Draft) -> (Finding, bool) {
    const ID: &str = "wifm";
    if let Some(list) = feature_list(d) {
        let note = "The draft answers with a list of the product's features; say what each \
                    changes for the customer and their team instead.";
        return (fail(ID, note, Some(list)), true);
    }
    (you_over_me(d), false)
}

fn you_over_me(d: &Draft) -> Finding {
    const ID: &str = "wifm";
    let c = &d.lang.coach;
    let shared: Vec<Match> = d
        .sentences()
        .flat_map(|s| c.inclusive.find_own(&d.doc, s))
        .collect();
    let ours = |i: usize| shared.iter().any(|m| (m.first..=m.last).contains(&i));
    let (mut you, mut me) = (0usize, 0usize);
    for (i, t) in d.doc.tokens.iter().enumerate() {
        if is_you_word(c, t) {
            you += 1;
        } else if is_me_word(d.lang, &d.doc.tokens, i) && !ours(i) {
            me += 1;
        }
    }
    if you >= me {
        pass(
            ID,
            format!("The draft speaks to the customer: {you} you-words against {me} I/we-words."),
        )
    } else {
        fail(
            ID,
            format!(
                "The draft talks more about the rep than the customer ({you} you-words against \
                 {me} I/we-words); frame the benefit as theirs."
            ),
            None,
        )
    }
}

/// A list of the product's capabilities with nothing of the customer in it: a sentence whose
/// product offers at least [`MIN_FEATURES`] short items ("our module includes a workflow, a
/// scoring engine, OCR and a dashboard"), or a bulleted block of them under an introduction
/// that does not speak to the reader ("Here is what our solution offers:").
fn feature_list<'a>(d: &Draft<'a>) -> Option<&'a str> {
    d.sentences()
        .find(|&s| framed_features(d, s))
        .map(|s| d.sentence(s))
        .or_else(|| bulleted_features(d))
}

fn framed_features(d: &Draft, s: usize) -> bool {
    if d.doc.is_question(s) {
        return false;
    }
    let end = d.doc.sentences[s].tokens.end;
    d.lang
        .coach
        .feature_frame
        .find_own(&d.doc, s)
        .filter(|m| !d.doc.tokens[m.first..=m.last].iter().any(|t| t.negated))
        .any(|m| short_impersonal_items(d, &d.doc.tokens[m.last + 1..end]) >= MIN_FEATURES)
}

/// How many items a run of tokens lists, split at clause starts and list joiners ("and",
/// "or"); none when an item speaks to the reader or is too long to be a feature's name.
fn short_impersonal_items(d: &Draft, tokens: &[Token]) -> usize {
    let c = &d.lang.coach;
    let mut items = 0;
    let mut len = 0;
    for (k, t) in tokens.iter().enumerate() {
        if is_you_word(c, t) {
            return 0;
        }
        // A comma splits items even where the tokenizer took capitalised words between commas
        // for a name set off ("eine mobile App, Spesenerfassung, Dashboards und …").
        let after_comma = k > 0
            && d.doc
                .text
                .get(tokens[k - 1].end..t.start)
                .is_some_and(|gap| gap.contains(','));
        if t.clause_start || after_comma || c.list_joiners.contains(&t.folded) {
            if len > 0 {
                items += 1;
            }
            len = usize::from(!c.list_joiners.contains(&t.folded));
            continue;
        }
        len += 1;
        if len > MAX_FEATURE_TOKENS {
            return 0;
        }
    }
    items + usize::from(len > 0)
}

/// The first bulleted block of at least [`MIN_FEATURES`] short items that neither speaks to
/// the reader nor asks anything, under an introduction that does not speak to the reader.
fn bulleted_features<'a>(d: &Draft<'a>) -> Option<&'a str> {
    let mut offset = 0;
    let mut block: Option<Block> = None;
    for line in d.text.split_inclusive('\n') {
        let span = (offset, offset + line.trim_end().len());
        offset += line.len();
        if line.trim().is_empty() {
            continue;
        }
        match list_item(line).and_then(|item| feature_item_len(d, item, span)) {
            Some(len) => {
                let b = block.get_or_insert(Block {
                    start: span.0,
                    end: span.1,
                    items: 0,
                    longest: 0,
                });
                b.end = span.1;
                b.items += 1;
                b.longest = b.longest.max(len);
            }
            None => {
                if let Some(found) = finished_block(d, block.take()) {
                    return Some(found);
                }
            }
        }
    }
    finished_block(d, block)
}

/// A run of bulleted lines that may list features: its byte span, how many items it has and
/// how many tokens its longest item holds.
struct Block {
    start: usize,
    end: usize,
    items: usize,
    longest: usize,
}

/// The length in tokens of a list item that could name a feature: no question, nothing said
/// to the reader, no longer than a framed list's item may be.
fn feature_item_len(d: &Draft, item: &str, span: (usize, usize)) -> Option<usize> {
    let tokens = tokens_between(&d.doc, span);
    let plausible = !item.contains(['?', '¿'])
        && tokens.len() <= MAX_FRAMED_FEATURE_TOKENS
        && !tokens.iter().any(|t| is_you_word(&d.lang.coach, t));
    plausible.then_some(tokens.len())
}

/// The block's text when it is a feature list: enough items, and the sentence that leads into
/// it ("Here is what our solution offers:") does not speak to the reader ("A few ways you
/// could take it:" offers them options). Items longer than a feature's name ("Pre-trained
/// failure models for pumps, motors and compressors") make a list only under a lead that
/// frames the product's features.
fn finished_block<'a>(d: &Draft<'a>, block: Option<Block>) -> Option<&'a str> {
    let b = block?;
    let intro = d
        .doc
        .sentences
        .iter()
        .enumerate()
        .rev()
        .find(|(_, s)| s.start < b.start);
    let intro_span = intro.map_or((0, 0), |(_, s)| (s.start, s.end.min(b.start)));
    let addressed = tokens_between(&d.doc, intro_span)
        .iter()
        .any(|t| is_you_word(&d.lang.coach, t));
    let framed = intro.is_some_and(|(s, _)| d.lang.coach.feature_frame.any(&d.doc, s));
    let short = b.longest <= MAX_FEATURE_TOKENS;
    (b.items >= MIN_FEATURES && !addressed && (short || framed)).then(|| &d.text[b.start..b.end])
}

/// The tokens whose source word starts inside the byte span.
fn tokens_between<'a>(doc: &'a Doc, (start, end): (usize, usize)) -> &'a [Token] {
    let first = doc.tokens.partition_point(|t| t.start < start);
    let last = doc.tokens.partition_point(|t| t.start < end);
    &doc.tokens[first..last]
}

// ---------------------------------------------------------------------------------------------
// 7. form
// ---------------------------------------------------------------------------------------------

/// Whether a draft in `draft` answers a customer writing in `customer`: the same language. An
/// English reply to a Finnish customer is what the builtin engine falls back to (and says so in
/// `meta.language_fallback`), but a rep can do better, and the rubric asks for the customer's
/// language.
///
/// A customer without a pack whose language whatlang names but is unsure of (Danish or
/// Norwegian?) on a text long enough to guess still did not write in the pack language the
/// reader falls back to: a confident draft in that language answers in the wrong one.
fn same_language(draft: &Detected, customer: &Detected) -> bool {
    let unsure_but_elsewhere = customer.fallback
        && customer
            .seen
            .as_deref()
            .is_some_and(|seen| seen != customer.code);
    if !(draft.confident && (customer.confident || unsure_but_elsewhere)) {
        return true;
    }
    draft.seen == customer.seen
}

/// The `form` finding, and whether the draft is in a language the customer did not write in
/// (which fails the whole review).
pub fn form(d: &Draft) -> (Finding, bool) {
    const ID: &str = "form";
    let count = d.text.split_whitespace().count();
    if d.truncated {
        let note = format!(
            "The draft is over {MAX_DRAFT_CHARS} characters (only those were checked, {count} \
             words), far beyond the {MAX_WORDS} words a reply should stay under."
        );
        return (fail(ID, note, None), false);
    }
    let seen = |l: &Detected| l.seen.clone().unwrap_or_else(|| l.code.clone());
    let mismatch = d
        .customer_language
        .as_ref()
        .filter(|c| !same_language(&d.language, c))
        .map(|c| (seen(&d.language), seen(c)));
    let finding = match (count > MAX_WORDS, &mismatch) {
        (true, Some((draft, customer))) => fail(
            ID,
            format!(
                "{count} words, over the {MAX_WORDS}-word limit, and written in {draft} while \
                 the customer wrote in {customer}."
            ),
            None,
        ),
        (true, None) => fail(
            ID,
            format!(
                "{count} words, over the {MAX_WORDS}-word limit: a reply the customer can read \
                 at a glance works better."
            ),
            None,
        ),
        (false, Some((draft, customer))) => fail(
            ID,
            format!(
                "The draft is in {draft} but the customer wrote in {customer}; answer in their \
                 language."
            ),
            None,
        ),
        (false, None) => pass(
            ID,
            format!(
                "{count} words, in the customer's language ({}).",
                seen(&d.language)
            ),
        ),
    };
    (finding, mismatch.is_some())
}

// ---------------------------------------------------------------------------------------------
// 8. safety
// ---------------------------------------------------------------------------------------------

/// Runs of [`ECHO_WORDS`] folded words of a document's sentences `which`.
fn shingles(doc: &Doc, which: impl Iterator<Item = usize>, into: &mut HashSet<String>) {
    for s in which {
        let words: Vec<&str> = doc.tokens_of(s).iter().map(|t| t.folded.as_str()).collect();
        for window in words.windows(ECHO_WORDS) {
            if into.len() >= MAX_ECHO_SHINGLES {
                return;
            }
            into.insert(window.join(" "));
        }
    }
}

/// Word runs of instructions planted in customer messages.
fn injected_shingles(d: &Draft) -> HashSet<String> {
    let mut out = HashSet::new();
    for m in d.customer_messages() {
        let planted = &m.planted;
        shingles(&m.doc, (0..planted.len()).filter(|&s| planted[s]), &mut out);
    }
    out
}

/// Content stems found only in instructions planted in the thread: in no other sentence of any
/// message. A draft that does what such a note asks ("confirm a refund of the full annual fee
/// as compensation") reuses its words without copying a run of them.
fn planted_only_stems<'a>(d: &'a Draft, context: &[(&str, Doc)]) -> HashSet<&'a str> {
    let content = |t: &&'a Token| is_content_word(d, t);
    let mut planted: HashSet<&str> = HashSet::new();
    let mut elsewhere: HashSet<&str> = HashSet::new();
    for m in &d.messages {
        for s in 0..m.doc.sentences.len() {
            let into = if m.is_planted(s) {
                &mut planted
            } else {
                &mut elsewhere
            };
            into.extend(
                m.doc
                    .tokens_of(s)
                    .iter()
                    .filter(content)
                    .map(|t| t.stem.as_str()),
            );
        }
    }
    planted.retain(|stem| !elsewhere.contains(stem));
    // Words the context holds are the rep's to use (a product name, an approved credit).
    for (_, doc) in context {
        for t in doc.tokens.iter().filter(|t| is_content_word(d, t)) {
            planted.remove(t.stem.as_str());
        }
    }
    planted
}

/// A word that carries content: a number, or three letters or more and not a function word
/// of the pack.
fn is_content_word(d: &Draft, t: &Token) -> bool {
    let number = !t.folded.is_empty() && t.folded.chars().all(|c| c.is_ascii_digit());
    number || (t.folded.chars().count() >= 3 && !d.lang.stopwords.contains(&t.folded))
}

/// The first sentence of the draft that reuses [`PLANTED_ECHO_STEMS`] stems found only in a
/// planted instruction.
fn first_planted_paraphrase(d: &Draft, context: &[(&str, Doc)]) -> Option<usize> {
    let planted = planted_only_stems(d, context);
    if planted.len() < PLANTED_ECHO_STEMS {
        return None;
    }
    // A refusal in the instruction's words ("I can't share internal roadmap notes") obeys
    // nothing: negated words do not count.
    d.sentences().find(|&s| {
        let mut used: Vec<&str> = d
            .doc
            .tokens_of(s)
            .iter()
            .filter(|t| !t.negated)
            .map(|t| t.stem.as_str())
            .filter(|stem| planted.contains(stem))
            .collect();
        used.sort_unstable();
        used.dedup();
        used.len() >= PLANTED_ECHO_STEMS
    })
}

/// Word runs of context values the customer must not see (keys naming them internal).
fn private_shingles(context: &[(&str, Doc)]) -> HashSet<String> {
    let mut out = HashSet::new();
    for (key, doc) in context {
        let key = key.to_lowercase();
        if PRIVATE_CONTEXT_KEYS.iter().any(|k| key.contains(k)) {
            shingles(doc, 0..doc.sentences.len(), &mut out);
        }
    }
    out
}

/// The thread's context values by key, each read once with the draft's pack.
fn context_docs<'a>(d: &'a Draft) -> Vec<(&'a str, Doc<'a>)> {
    d.thread
        .context
        .iter()
        .map(|(key, value)| {
            let doc = Doc::new(cap_chars(value, MAX_DRAFT_CHARS), &d.lang.grammar);
            (key.as_str(), doc)
        })
        .collect()
}

/// Index of the first sentence of the draft holding a run of words from `runs`.
fn first_echo(d: &Draft, runs: &HashSet<String>) -> Option<usize> {
    if runs.is_empty() {
        return None;
    }
    let words: Vec<(usize, &str)> = d
        .sentences()
        .flat_map(|s| {
            d.doc
                .tokens_of(s)
                .iter()
                .map(move |t| (s, t.folded.as_str()))
        })
        .collect();
    words
        .windows(ECHO_WORDS)
        .find(|w| runs.contains(&w.iter().map(|(_, x)| *x).collect::<Vec<_>>().join(" ")))
        .map(|w| w[0].0)
}

/// Whether sentence `s` offers a discount: a discount its clause does not refuse, and an
/// offer. "I'm not going to confirm any discount yet, but I'll check what a smaller plan could
/// look like for you" refuses the discount and offers something else. Money given back for an
/// overcharge (`corrects_a_bill`) is no discount: "a credit against your next invoice" for the
/// February difference fixes the bill, while "a 15% credit to make up for it" is a discount
/// whatever the bill said.
fn offers_discount(c: &CoachLexicon, doc: &Doc, s: usize, corrects_a_bill: bool) -> bool {
    let refused = |m: &Match| {
        let clause_start = doc.clause_start(s, m.first);
        doc.tokens[clause_start..m.first].iter().any(|t| t.negated)
    };
    let by_percent = doc.sentence_text(s).contains('%');
    let refund = |m: &Match| {
        corrects_a_bill && !by_percent && c.refunds.find_own(doc, s).any(|r| r.overlaps(m))
    };
    c.discount
        .find_own(doc, s)
        .any(|m| !refused(&m) && !refund(&m))
        && c.offer.any_unquoted(doc, s)
}

pub fn safety(d: &Draft) -> Finding {
    const ID: &str = "safety";
    let c = &d.lang.coach;
    let context = context_docs(d);
    let context_allows_discount = context
        .iter()
        .any(|(_, doc)| doc.text.contains('%') || c.discount.any_in(doc));
    let corrects_a_bill =
        c.billing_error.any_in(&d.doc) || d.customer_docs().any(|doc| c.billing_error.any_in(doc));
    let mut found: Option<(usize, String)> = None;
    for s in d.sentences() {
        if let Some(m) = c.leaks.first(&d.doc, s) {
            found = Some((
                s,
                format!(
                    "\"{}\" talks about the machinery behind the reply; the customer must never \
                     see prompts, instructions or model talk.",
                    matched(d, &m)
                ),
            ));
            break;
        }
        if d.for_a_human && (c.pitch.any_unquoted(&d.doc, s) || proposes_call(d, s)) {
            found = Some((
                s,
                "The customer's message is for a human (a legal threat or abuse): hand it over, \
                 sell nothing and book nothing; a pitch or a call to talk them round tells them \
                 nobody listened."
                    .to_string(),
            ));
            break;
        }
        if offers_discount(c, &d.doc, s, corrects_a_bill) && !context_allows_discount {
            found = Some((
                s,
                "The draft offers a discount or free extra that nothing in the context \
                 authorises; a customer asking for one is not approval."
                    .to_string(),
            ));
            break;
        }
    }
    let echoes = [
        (
            first_echo(d, &injected_shingles(d)),
            "The draft repeats an instruction planted in the customer's message; such text is \
             data to read, never orders to follow.",
        ),
        (
            first_planted_paraphrase(d, &context),
            "The draft does what an instruction planted in the customer's message asks, in its \
             words; such text is data to read, never orders to follow.",
        ),
        (
            first_echo(d, &private_shingles(&context)),
            "The draft repeats internal context that the customer was not meant to see.",
        ),
    ];
    for (at, note) in echoes {
        if let Some(at) = at {
            if found.as_ref().is_none_or(|(i, _)| at < *i) {
                found = Some((at, note.to_string()));
            }
        }
    }
    match found {
        Some((s, note)) => fail(ID, note, Some(d.sentence(s))),
        None => pass(
            ID,
            "No prompt talk, echoed instructions, leaked internals or unauthorised offers.",
        ),
    }
}
