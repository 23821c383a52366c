//! The concern under a customer's message, from scored evidence.
//!
//! Owns turning cue hits into a concern, a confidence and the evidence behind them: every cue
//! found in the newest customer message counts with its tier's weight (overlapping cues of one
//! concern count once, the strongest), earlier customer messages add a fraction, sentences that
//! hold a planted instruction count for nothing. `other` is the answer only when no concern
//! has evidence enough. It must not word anything: the analysis texts are the packs'.

use super::doc::Doc;
use super::learned::{Guess, Reader};
use super::lexicon::{Cues, Hit, Lang, MEDIUM, STRONG};
use crate::suggestion::Concern;
use std::collections::HashSet;

/// Evidence a concern needs before it is named: one medium cue, or two weak ones.
pub const THRESHOLD: f32 = MEDIUM;
/// Share of an earlier customer message's evidence (context, not the request being answered).
pub const EARLIER_WEIGHT: f32 = 0.3;
/// Share of a cue's weight inside thanks for something past ("thanks for the pricing sheet"):
/// what a customer thanks for was received, not raised.
pub const THANKED_WEIGHT: f32 = 0.3;
/// Share of a cue's weight wholly inside quotation marks: someone else's words passed on (a
/// client's angry email quoted word for word) are context for the writer's own request. Not
/// when the writer answers on someone's behalf: an assistant quoting the director she writes
/// for passes on the customer's own words.
pub const QUOTED_WEIGHT: f32 = 0.3;
/// Share of a timing or information cue in a sentence that puts off a call or the topic
/// ("I'll come back to you after the board meets", "I'd rather keep this to email"): it says
/// when or how to talk, which is the concern only when nothing else is said; beside an
/// approval, a price or a decision to leave, the other concern is the reason.
pub const DEFERRAL_WEIGHT: f32 = 0.5;
/// Share of a feature-gap cue in a question when the message also asks for facts ("Do you
/// integrate with the trackers we have? Where is the data hosted?"): asking whether a
/// capability exists is one more request for facts until the customer says they need it
/// ("without the webhook we can't go live").
pub const ASKED_WEIGHT: f32 = 0.5;
/// Share of every cue of a concern in a sentence after its strongest: one request worded three
/// ways ("please send through by email anything that helps") is one piece of evidence, not
/// three beside a concern the message states once in each of several sentences.
pub const SAME_SENTENCE_SHARE: f32 = 0.5;
/// When two concerns score the same, the one a rep must address first wins: a decision to
/// leave or to go elsewhere outweighs the reasons given for it, and a concrete blocker (the
/// price, a failure, a missing capability) outweighs the approval or the timing it holds up.
const TIE_ORDER: [Concern; 9] = [
    Concern::Churn,
    Concern::Competitor,
    Concern::ValueGap,
    Concern::Price,
    Concern::Complaint,
    Concern::FeatureGap,
    Concern::Authority,
    Concern::Information,
    Concern::Timing,
];

/// One cue that counted, where it was found.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Evidence {
    pub concern: Concern,
    pub weight: f32,
    pub sentence: usize,
    pub first: usize,
    pub last: usize,
    /// The cue as written in the pack.
    pub cue: String,
    /// The words it matched, verbatim.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ConcernReading {
    pub concern: Concern,
    /// 0..1: how strong the evidence is and how clearly it beats the runner-up.
    pub confidence: f32,
    /// Every cue found in the newest message: those of `concern` first, strongest first,
    /// then the other concerns' (what the concern won against).
    pub evidence: Vec<Evidence>,
    /// Every concern's score, for explanations and tests.
    pub scores: Vec<(Concern, f32)>,
    /// Which reader named `concern`: the pack's cues, or the learned model of the language.
    pub reader: Reader,
    /// The learned model's guess, when the language has a model (see `learned`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub learned: Option<Guess>,
}

/// Reads the concern of `newest` (sentences flagged in `skip` ignored), with `earlier`
/// customer messages as context.
pub fn read(newest: &Doc, skip: &[bool], earlier: &[Doc], lang: &Lang) -> ConcernReading {
    let shares = Shares::new(newest, lang, skip);
    let mut all_evidence = Vec::new();
    let mut context = Vec::new();
    for (concern, cues) in &lang.concerns {
        for s in newest.sentences_except(skip) {
            for hit in strongest_disjoint(cues.hits(newest, s).collect()) {
                all_evidence.push(shares.evidence(newest, *concern, s, &hit));
            }
        }
        context.push((*concern, EARLIER_WEIGHT * earlier_score(earlier, cues)));
    }
    shares.share_asked_capabilities(&mut all_evidence, newest);
    asked_figures_inform(&mut all_evidence, newest);
    let evidence = without_contained(all_evidence);
    let scores = context
        .into_iter()
        .map(|(concern, earlier)| (concern, own_score(&evidence, concern) + earlier))
        .collect();
    decide(scores, evidence)
}

/// What lowers a cue's weight where it stands in the newest message: thanks for something
/// past, quotation marks, a sentence that puts off a call.
struct Shares {
    thanked: Vec<bool>,
    deferring: Vec<bool>,
    /// The writer answers for someone else, whose quoted words count whole.
    on_behalf: bool,
}

impl Shares {
    /// `skip`: sentences not read (a planted instruction saying "I write on behalf of the CEO"
    /// makes no quotation the customer's).
    fn new(newest: &Doc, lang: &Lang, skip: &[bool]) -> Shares {
        Shares {
            thanked: thanked_tokens(newest, lang),
            deferring: (0..newest.sentences.len())
                .map(|s| {
                    lang.listening.deferral_lowers_concerns
                        && lang.listening.deferral.any(newest, s)
                })
                .collect(),
            // A calendar passes on, in quotation marks, the note of whoever answered the
            // invitation ("… has declined this invitation and added a note: « … »"): the
            // calendar's own lines are skipped as boilerplate, yet they say whose words follow.
            on_behalf: newest
                .sentences_except(skip)
                .any(|s| lang.listening.on_behalf.any(newest, s))
                || (0..newest.sentences.len()).any(|s| lang.triage.calendar.any(newest, s)),
        }
    }

    fn evidence(&self, newest: &Doc, concern: Concern, s: usize, hit: &Hit) -> Evidence {
        let (first, last) = (hit.m.first, hit.m.last);
        Evidence {
            concern,
            weight: hit.weight * self.share(newest, concern, s, first, last),
            sentence: s,
            first,
            last,
            cue: hit.pattern.source.clone(),
            text: newest.span_text(first, last).to_string(),
        }
    }

    fn share(&self, newest: &Doc, concern: Concern, s: usize, first: usize, last: usize) -> f32 {
        // Quoted words are someone else's, unless the writer answers for the person they quote.
        let quoted = !self.on_behalf && newest.tokens[first..=last].iter().all(|t| t.quoted);
        if self.thanked[first] {
            THANKED_WEIGHT
        } else if quoted {
            QUOTED_WEIGHT
        } else if matches!(concern, Concern::Timing | Concern::Information) && self.deferring[s] {
            DEFERRAL_WEIGHT
        } else {
            1.0
        }
    }

    /// When the message also asks for facts (any `information` evidence), a capability asked
    /// about in a question is one more fact requested ("Is the API REST? Where is the data
    /// hosted?") and its feature-gap cue counts [`ASKED_WEIGHT`]; asked alone ("Is there an
    /// export to our warehouse?") it is the need. A cue already lowered (thanked, quoted)
    /// stays as it is.
    fn share_asked_capabilities(&self, evidence: &mut [Evidence], newest: &Doc) {
        if !evidence.iter().any(|e| e.concern == Concern::Information) {
            return;
        }
        for e in evidence.iter_mut() {
            let asked = e.concern == Concern::FeatureGap && newest.is_question(e.sentence);
            if asked && self.share(newest, e.concern, e.sentence, e.first, e.last) == 1.0 {
                e.weight *= ASKED_WEIGHT;
            }
        }
    }
}

/// A price named only in a question ("Cost for 3 sites?", "Do you have pricing for
/// charities?"), with no price objection anywhere in the message, asks for the figure: its
/// cue is evidence of a request for facts, not of a price concern.
fn asked_figures_inform(evidence: &mut [Evidence], newest: &Doc) {
    let objects = evidence
        .iter()
        .any(|e| e.concern == Concern::Price && e.weight >= STRONG);
    if objects {
        return;
    }
    for e in evidence.iter_mut() {
        if e.concern == Concern::Price && newest.is_question(e.sentence) {
            e.concern = Concern::Information;
        }
    }
}

/// The evidence of `cues` in earlier customer messages, before [`EARLIER_WEIGHT`].
fn earlier_score(earlier: &[Doc], cues: &Cues) -> f32 {
    earlier
        .iter()
        .flat_map(|d| (0..d.sentences.len()).map(move |s| (d, s)))
        .map(|(d, s)| {
            strongest_disjoint(cues.hits(d, s).collect())
                .iter()
                .map(|h| h.weight)
                .sum::<f32>()
        })
        .sum()
}

/// A concern's score from its evidence in the newest message, each cue counted once: a cue
/// met again is the same evidence ("invoiced in March for what we agreed in January, as in
/// February" names three months, and is no more about timing than one month is); in each
/// sentence the strongest cue counts whole and the others [`SAME_SENTENCE_SHARE`].
fn own_score(evidence: &[Evidence], concern: Concern) -> f32 {
    let mut best: Vec<(&str, usize, f32)> = Vec::new();
    for e in evidence.iter().filter(|e| e.concern == concern) {
        match best.iter_mut().find(|(cue, _, _)| *cue == e.cue) {
            Some((_, s, w)) if e.weight > *w => (*s, *w) = (e.sentence, e.weight),
            Some(_) => {}
            None => best.push((&e.cue, e.sentence, e.weight)),
        }
    }
    let mut by_sentence: Vec<(usize, f32, f32)> = Vec::new();
    for (_, s, w) in best {
        match by_sentence.iter_mut().find(|(at, _, _)| *at == s) {
            Some((_, top, rest)) if w > *top => {
                *rest += *top;
                *top = w;
            }
            Some((_, _, rest)) => *rest += w,
            None => by_sentence.push((s, w, 0.0)),
        }
    }
    by_sentence
        .iter()
        .map(|(_, top, rest)| top + SAME_SENTENCE_SHARE * rest)
        .sum()
}

/// Tokens in a clause of thanks ("thanks for the demo and the pricing", "gracias por la
/// demo"): from the thanks to the end of its clause or the next scope break ("but").
fn thanked_tokens(doc: &Doc, lang: &Lang) -> Vec<bool> {
    let mut thanked = vec![false; doc.tokens.len()];
    for s in 0..doc.sentences.len() {
        let end = doc.sentences[s].tokens.end;
        for m in lang.listening.gratitude.find_own(doc, s) {
            let ends_clause = |(i, t): &(usize, &super::doc::Token)| {
                *i > m.last && (t.clause_start || lang.grammar.breaks_scope(&t.folded))
            };
            let clause = doc.tokens[m.first..end]
                .iter()
                .enumerate()
                .map(|(k, t)| (m.first + k, t))
                .take_while(|it| !ends_clause(it));
            for (i, _) in clause {
                thanked[i] = true;
            }
        }
    }
    thanked
}

/// Drops a cue that lies strictly inside another concern's cue, and a one-word cue that is
/// part of another concern's phrase: those words belong to the longer phrase ("budget frozen
/// until January" is a price cue, and its "until January" is not also a timing one; "wind
/// down" is churn, not a "down" failure). Phrases that share an end word ("the board decided
/// for Acme": who decided, and for whom) both count.
fn without_contained(evidence: Vec<Evidence>) -> Vec<Evidence> {
    let inside = |e: &Evidence, f: &Evidence| {
        let strictly = f.first < e.first && e.last < f.last;
        let one_word_of = e.first == e.last && f.first <= e.first && e.last <= f.last;
        e.concern != f.concern
            && e.sentence == f.sentence
            && f.first < f.last
            && (strictly || one_word_of)
    };
    evidence
        .iter()
        .filter(|e| !evidence.iter().any(|f| inside(e, f)))
        .cloned()
        .collect()
}

/// How many different strong phrases of leaving the evidence holds ("we will not be renewing",
/// "close the account"): with two, the customer has said they are leaving whatever grievances
/// outscore it; with one, the rules' churn stands against a learned complaint
/// (`learned::combine`). Either way the decision is what the reply must address first.
pub(super) fn strong_leaving_phrases(evidence: &[Evidence]) -> usize {
    let strong: HashSet<&str> = evidence
        .iter()
        .filter(|e| e.concern == Concern::Churn && e.weight >= STRONG)
        .map(|e| e.cue.as_str())
        .collect();
    strong.len()
}

fn score_of(scores: &[(Concern, f32)], concern: Concern) -> f32 {
    scores
        .iter()
        .find(|(c, _)| *c == concern)
        .map_or(0.0, |(_, s)| *s)
}

fn decide(scores: Vec<(Concern, f32)>, all_evidence: Vec<Evidence>) -> ConcernReading {
    let rank = |c: Concern| {
        TIE_ORDER
            .iter()
            .position(|x| *x == c)
            .unwrap_or(TIE_ORDER.len())
    };
    let mut ranked = scores.clone();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(rank(a.0).cmp(&rank(b.0))));
    let (mut top, mut s1) = ranked.first().copied().unwrap_or((Concern::Other, 0.0));
    let mut s2 = ranked.get(1).map_or(0.0, |x| x.1);
    if top == Concern::Complaint && strong_leaving_phrases(&all_evidence) >= 2 {
        // The decision outranks the grievances without outscoring them: no margin to be sure of.
        top = Concern::Churn;
        s1 = score_of(&scores, Concern::Churn);
        s2 = s1;
    }
    let mut evidence = all_evidence;
    evidence.sort_by(|a, b| {
        (b.concern == top)
            .cmp(&(a.concern == top))
            .then(b.weight.total_cmp(&a.weight))
            .then(a.first.cmp(&b.first))
    });
    if s1 < THRESHOLD {
        return ConcernReading {
            concern: Concern::Other,
            // Sure only that nothing stood out; weak hints lower it further.
            confidence: round2(0.4 - 0.1 * s1),
            evidence,
            scores,
            reader: Reader::Rules,
            learned: None,
        };
    }
    let strength = 1.0 - (-s1 / 3.0).exp();
    let margin = (s1 - s2) / s1;
    ConcernReading {
        concern: top,
        confidence: round2((strength * (0.5 + 0.5 * margin)).clamp(0.05, 0.99)),
        evidence,
        scores,
        reader: Reader::Rules,
        learned: None,
    }
}

/// The hits of one concern in one sentence that do not overlap, strongest (then longest)
/// first: "too expensive" counts once, not as "too expensive" plus "expensive".
pub(crate) fn strongest_disjoint(mut hits: Vec<Hit<'_>>) -> Vec<Hit<'_>> {
    hits.sort_by(|a, b| {
        b.weight
            .total_cmp(&a.weight)
            .then((b.m.last - b.m.first).cmp(&(a.m.last - a.m.first)))
            .then(a.m.first.cmp(&b.m.first))
    });
    let mut kept: Vec<Hit> = Vec::new();
    for hit in hits {
        let overlaps = kept.iter().any(|k| hit.m.overlaps(&k.m));
        if !overlaps {
            kept.push(hit);
        }
    }
    kept
}

fn round2(x: f32) -> f32 {
    (x * 100.0).round() / 100.0
}
