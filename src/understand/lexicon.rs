//! The understanding half of a language pack: the `[understand]` tables of
//! `prompts/builtin/xx.toml`, parsed, checked and compiled.
//!
//! Owns the schema of every word list reframe reads text with — language identification,
//! grammar (negators, contractions, person), concern cues, triage triggers, listening cues
//! (deferral, planted instructions, emotions) and the coach's markers — and compiling them into
//! [`PatternList`]s with the language's stemmer. It must not match text against them beyond
//! what [`Lang::words_of`] needs, and holds no word of any language itself.

use std::collections::{BTreeMap, HashMap};

use rustc_hash::{FxHashMap, FxHashSet};

use rust_stemmers::{Algorithm, Stemmer};
use serde::Deserialize;

use super::doc::{raw_words, Doc, Token, Word};
use super::fold::{fold, lower, unleet};
use super::pattern::{Atom, Match, Pattern, PatternList, Vocab, WordId};
use crate::suggestion::Concern;

/// Weights of the three cue tiers: one strong cue, or a medium one and a weak one, is
/// evidence enough; weak cues alone are not.
pub const STRONG: f32 = 3.0;
pub const MEDIUM: f32 = 2.0;
pub const WEAK: f32 = 1.0;

// ---------------------------------------------------------------------------------------------
// The TOML schema
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Deserialize)]
struct PackFile {
    language: String,
    understand: Spec,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Spec {
    /// Snowball algorithm name ("english", "spanish"…); none leaves words unstemmed.
    stemmer: Option<String>,
    /// Stem a word again without its accents when the stemmer finds no suffix on it
    /// (Rioplatense "necesitás", "querés" to "necesit", "quer").
    #[serde(default)]
    stem_unaccented: bool,
    /// A capitalised word with a diacritic is a name, never one of the pack's words: in
    /// English "Mr Hùng" and "Mỹ" fold to "hung" and "my", which say nothing here.
    #[serde(default)]
    accented_capitals_are_names: bool,
    stopwords: Vec<String>,
    negators: Vec<String>,
    /// Two-word idioms whose negator negates nothing ("pas mal": quite a lot).
    #[serde(default)]
    not_negating: Vec<String>,
    /// "Negator word" pairs that restrict instead of negating: French "ne … que" (only), where
    /// "vous n'êtes qu'un petit vendeur" says what the reader is. The word ends the negator's
    /// scope, and the words between are not negated either.
    #[serde(default)]
    restrictive: Vec<String>,
    /// Negators that follow what they negate when a language drops its first negator
    /// (spoken French "on vous poursuivra pas": no "ne" before the verb).
    #[serde(default)]
    negates_back: Vec<String>,
    /// Negators that negate the words before them only where they close their clause: a Dutch
    /// or German main clause puts the negator after the verb and its object ("ik bel u niet",
    /// "ich rufe Sie nicht an"), a subordinate one before the verb ("wat niet heeft gewerkt").
    #[serde(default)]
    negates_back_at_end: Vec<String>,
    /// Lowercase titles whose full stop ends no sentence before a name (Italian "il dott.
    /// Rossi", Spanish "la lic. Gómez"): a capitalised title is known by its shape.
    #[serde(default)]
    abbreviations: Vec<String>,
    /// Abbreviations whose full stop ends no sentence before a lowercase word (German "bzw.",
    /// "ca.", English "etc.", "approx."): "In welchem Format brauchen Sie bzw. die Plattform die
    /// Daten?" is one question.
    #[serde(default)]
    inline_abbreviations: Vec<String>,
    #[serde(default)]
    scope_breaks: Vec<String>,
    #[serde(default)]
    contractions: BTreeMap<String, String>,
    #[serde(default)]
    classes: BTreeMap<String, Vec<String>>,
    concerns: BTreeMap<String, CueSpec>,
    #[serde(default)]
    facets: BTreeMap<String, FacetSpec>,
    triage: TriageSpec,
    listening: ListeningSpec,
    person: PersonSpec,
    coach: CoachSpec,
}

/// A triage-only pack (`builtin/triage/xx.toml`): a language reframe does not answer in,
/// read for legal threats, abuse and messages with nothing to answer, and for the concerns
/// it has cues for.
#[derive(Debug, Deserialize)]
struct TriagePackFile {
    language: String,
    understand: TriageOnlySpec,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TriageOnlySpec {
    stemmer: Option<String>,
    stopwords: Vec<String>,
    negators: Vec<String>,
    #[serde(default)]
    classes: BTreeMap<String, Vec<String>>,
    triage: TriageSpec,
    /// Words that address the reader ("vy", "vám"): where a legal trade's own words count.
    #[serde(default)]
    second_person: Vec<String>,
    /// Concern cues, any of them: the concern is read, the reply stays English.
    #[serde(default)]
    concerns: BTreeMap<String, CueSpec>,
    /// The coach's basic markers, so a rep's draft in the language is read in it.
    #[serde(default)]
    coach: TriageCoachSpec,
    /// Deferral cues, so a customer who puts a call off in the language gets no call proposed.
    #[serde(default)]
    listening: TriageListeningSpec,
}

/// The listening cues a triage-only pack may hold: a customer who puts the call or the topic
/// off, one who still welcomes a call, and a planted instruction written in the language. The
/// other listening tables read as empty.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct TriageListeningSpec {
    deferral: Vec<String>,
    call_welcome: Vec<String>,
    /// Text addressed to a machine, in the language ("Uwaga dla asystenta AI: …").
    injection: Vec<String>,
}

/// The coach's markers a triage-only pack may hold: how a draft opens, asks, argues, leads,
/// proposes a call (or rules one out where negation is a suffix: Turkish "önermeyeceğim") and
/// addresses the customer, and what it must not make up (dates, release
/// plans, discounts, other customers' results) or list instead of a benefit. Without them a
/// draft in the language would be read with no acknowledgement or question word at all, and
/// "spustíme ho v dubnu" would pass as a plain promise; the other markers read as empty.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct TriageCoachSpec {
    greeting: Vec<String>,
    pleasantry: Vec<String>,
    acknowledge: Vec<String>,
    contrast: Vec<String>,
    open_words: Vec<String>,
    open_at_clause_start: Vec<String>,
    yes_no_leads: Vec<String>,
    alternative: Vec<String>,
    indirect_ask: Vec<String>,
    urgency: Vec<String>,
    call: Vec<String>,
    call_withdrawn: Vec<String>,
    you_words: Vec<String>,
    me_words: Vec<String>,
    arguing: Vec<String>,
    leading: Vec<String>,
    feature_frame: Vec<String>,
    list_joiners: Vec<String>,
    discount: Vec<String>,
    offer: Vec<String>,
    claims: Vec<String>,
    claims_withheld: Vec<String>,
    stated_facts: Vec<String>,
    open_facts: Vec<String>,
    months: Vec<String>,
    deadlines: Vec<String>,
}

impl From<TriageCoachSpec> for CoachSpec {
    fn from(c: TriageCoachSpec) -> Self {
        CoachSpec {
            greeting: c.greeting,
            pleasantry: c.pleasantry,
            acknowledge: c.acknowledge,
            contrast: c.contrast,
            open_words: c.open_words,
            open_at_clause_start: c.open_at_clause_start,
            yes_no_leads: c.yes_no_leads,
            alternative: c.alternative,
            indirect_ask: c.indirect_ask,
            urgency: c.urgency,
            call: c.call,
            call_withdrawn: c.call_withdrawn,
            you_words: c.you_words,
            me_words: c.me_words,
            arguing: c.arguing,
            leading: c.leading,
            feature_frame: c.feature_frame,
            list_joiners: c.list_joiners,
            discount: c.discount,
            offer: c.offer,
            claims: c.claims,
            claims_withheld: c.claims_withheld,
            stated_facts: c.stated_facts,
            open_facts: c.open_facts,
            months: c.months,
            deadlines: c.deadlines,
            ..CoachSpec::default()
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FacetSpec {
    concern: String,
    cues: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct CueSpec {
    strong: Vec<String>,
    medium: Vec<String>,
    weak: Vec<String>,
    /// Phrases whose words are no cue of this list ("look like an idiot" is no insult to
    /// the reader; "not sure what the answer is" is no unanswered ticket).
    exempt: Vec<String>,
    /// Sentences where no cue of this list counts at all ("we're a litigation firm, court
    /// filings are our day-to-day" describes a trade, not a threat).
    exempt_sentences: Vec<String>,
    /// Phrases by which writers say this list's subject is their own trade ("as a litigation
    /// practice", "we're a claims handler"): in a message holding one, a cue counts only in a
    /// sentence that addresses the reader.
    trade: Vec<String>,
    /// Phrases by which the writer is the one the cue acts on ("we could sue ourselves",
    /// "onszelf aanklagen"): a sentence holding one counts only when it addresses the reader.
    reflexive: Vec<String>,
    /// Third parties a writer has their own dispute with (a landlord, a neighbour, a builder):
    /// a sentence naming one counts only when it addresses the reader ("our landlord wants us
    /// out and we've had to get a lawyer involved" is no threat to the vendor).
    third_party: Vec<String>,
    /// Phrases that take back what is said beside them ("just kidding", "jaja", "je rigole"):
    /// a cue in the sentence holding one, or in the sentence before it, counts as a weak one.
    jest: Vec<String>,
    /// Phrases by which the writer says this list's subject is not aimed at the reader ("not
    /// having a go at you", "niks met jullie te maken"): in the paragraph holding one, a cue
    /// counts as a weak one.
    disclaimer: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TriageSpec {
    legal: CueSpec,
    abusive: CueSpec,
    courtesy: Vec<String>,
    #[serde(default)]
    footer: Vec<String>,
    #[serde(default)]
    notice: Vec<String>,
    #[serde(default)]
    calendar: Vec<String>,
    #[serde(default)]
    auto_reply: Vec<String>,
    #[serde(default)]
    auto_reply_aside: Vec<String>,
    #[serde(default)]
    request: Vec<String>,
    /// Company legal forms longer than three letters ("Ltda.", "GmbH."): their full stop
    /// closes a signature line, not a sentence.
    #[serde(default)]
    legal_forms: Vec<String>,
    /// Weekday abbreviations ("ma", "di", "do"; "mon", "tue"): a signature's line of working
    /// days ("Werkdagen: ma, di, do") says when the writer works, not what they ask.
    #[serde(default)]
    weekday_abbreviations: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ListeningSpec {
    deferral: Vec<String>,
    /// Phrases by which a customer who puts the topic off still welcomes a call ("bellen mag
    /// altijd", "feel free to ring me"): the deferral then forbids no call.
    #[serde(default)]
    call_welcome: Vec<String>,
    injection: Vec<String>,
    discourse: Vec<String>,
    #[serde(default)]
    gratitude: Vec<String>,
    #[serde(default)]
    on_behalf: Vec<String>,
    emotions: BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct PersonSpec {
    swap: BTreeMap<String, String>,
    #[serde(default)]
    pairs: BTreeMap<String, String>,
    #[serde(default)]
    suffixes: BTreeMap<String, String>,
    #[serde(default)]
    keep: Vec<String>,
    #[serde(default)]
    after: Vec<String>,
    second_person: Vec<String>,
    #[serde(default)]
    capitalised: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct CoachSpec {
    greeting: Vec<String>,
    #[serde(default)]
    pleasantry: Vec<String>,
    acknowledge: Vec<String>,
    contrast: Vec<String>,
    #[serde(default)]
    contrast_exempt: Vec<String>,
    arguing: Vec<String>,
    arguing_exempt: Vec<String>,
    #[serde(default)]
    judgement: Vec<String>,
    price_defence: Vec<String>,
    hire: Vec<String>,
    cost: Vec<String>,
    open_words: Vec<String>,
    #[serde(default)]
    open_at_clause_start: Vec<String>,
    #[serde(default)]
    open_after: Vec<String>,
    #[serde(default)]
    relative_leads: Vec<String>,
    #[serde(default)]
    yes_no_leads: Vec<String>,
    #[serde(default)]
    alternative: Vec<String>,
    leading: Vec<String>,
    check: Vec<String>,
    #[serde(default)]
    offer_question: Vec<String>,
    #[serde(default)]
    claims_withheld: Vec<String>,
    #[serde(default)]
    restating_leads: Vec<String>,
    #[serde(default)]
    concessive: Vec<String>,
    #[serde(default)]
    inclusive: Vec<String>,
    #[serde(default)]
    billing_error: Vec<String>,
    #[serde(default)]
    refunds: Vec<String>,
    #[serde(default)]
    needs_said_back: Vec<String>,
    #[serde(default)]
    open_invitations: Vec<String>,
    #[serde(default)]
    catch_all_questions: Vec<String>,
    #[serde(default)]
    suggestion: Vec<String>,
    #[serde(default)]
    indirect_ask: Vec<String>,
    urgency: Vec<String>,
    #[serde(default)]
    presumptive: Vec<String>,
    call: Vec<String>,
    #[serde(default)]
    call_withdrawn: Vec<String>,
    you_words: Vec<String>,
    #[serde(default)]
    you_formal: Vec<String>,
    #[serde(default)]
    feature_frame: Vec<String>,
    #[serde(default)]
    list_joiners: Vec<String>,
    me_words: Vec<String>,
    leaks: Vec<String>,
    discount: Vec<String>,
    offer: Vec<String>,
    /// Selling words ("our fleet bundle", "the new Pro plan"): never an answer to a message
    /// that is for a human.
    #[serde(default)]
    pitch: Vec<String>,
    claims: Vec<String>,
    #[serde(default)]
    stated_facts: Vec<String>,
    #[serde(default)]
    open_facts: Vec<String>,
    months: Vec<String>,
    #[serde(default)]
    clock_units: Vec<String>,
    #[serde(default)]
    clock_leads: Vec<String>,
    deadlines: Vec<String>,
    number_words: BTreeMap<String, String>,
    #[serde(default)]
    percent_words: Vec<String>,
    #[serde(default)]
    capitalises_nouns: bool,
}

// ---------------------------------------------------------------------------------------------
// Compiled lists
// ---------------------------------------------------------------------------------------------

/// Weighted cues: strong, medium and weak patterns.
#[derive(Debug, Clone, Default)]
pub struct Cues {
    tiers: Vec<(PatternList, f32)>,
    exempt: PatternList,
    exempt_sentences: PatternList,
    trade: PatternList,
    reflexive: PatternList,
    third_party: PatternList,
    jest: PatternList,
    disclaimer: PatternList,
}

/// One piece of evidence: a cue found in a sentence.
#[derive(Debug, Clone)]
pub struct Hit<'a> {
    pub m: Match,
    pub weight: f32,
    pub pattern: &'a Pattern,
}

impl Cues {
    /// Whether sentence `s` holds a phrase this list exempts ("I'm such an idiot").
    pub fn exempts_in(&self, doc: &Doc, s: usize) -> bool {
        self.exempt.any(doc, s)
    }

    /// For each sentence of `doc`, whether the writer says there that this list's subject is
    /// their own trade.
    pub fn trade_sentences(&self, doc: &Doc) -> Vec<bool> {
        (0..doc.sentences.len())
            .map(|s| self.trade.any(doc, s))
            .collect()
    }

    /// Whether the writer is, in sentence `s`, the one this list's action falls on ("sue
    /// ourselves").
    pub fn reflexive_in(&self, doc: &Doc, s: usize) -> bool {
        self.reflexive.any(doc, s)
    }

    /// Whether sentence `s` names a third party the writer has their own dispute with.
    pub fn third_party_in(&self, doc: &Doc, s: usize) -> bool {
        self.third_party.any(doc, s)
    }

    /// For each sentence of `doc`, whether the writer takes its cues back: a jest in it or in
    /// the next sentence ("I'll sue the lot of you. Kidding!"), or a disclaimer anywhere in its
    /// paragraph ("Not having a go at you").
    pub fn softened_sentences(&self, doc: &Doc) -> Vec<bool> {
        let n = doc.sentences.len();
        // "Not kidding." insists.
        let jest: Vec<bool> = (0..n)
            .map(|s| {
                self.jest
                    .find(doc, s)
                    .any(|(_, m)| !doc.tokens[m.first].negated)
            })
            .collect();
        let mut softened: Vec<bool> = (0..n)
            .map(|s| jest[s] || jest.get(s + 1).copied().unwrap_or(false))
            .collect();
        let mut start = 0;
        for end in 1..=n {
            if end == n || doc.paragraph_starts(end) {
                if (start..end).any(|s| self.disclaimer.any(doc, s)) {
                    softened[start..end].fill(true);
                }
                start = end;
            }
        }
        softened
    }

    /// Every cue in sentence `s` (negated contexts and exempt phrases dropped), strongest
    /// tiers first.
    pub fn hits<'a>(&'a self, doc: &'a Doc, s: usize) -> impl Iterator<Item = Hit<'a>> + 'a {
        let exempt: Vec<(usize, usize)> = self
            .exempt
            .find(doc, s)
            .map(|(_, m)| (m.first, m.last))
            .collect();
        // A cue that starts inside an exempt phrase belongs to it: "I looked like a complete
        // amateur in front of people" is no "amateur … people" aimed at anyone.
        let kept = move |m: &Match| !exempt.iter().any(|(a, b)| *a <= m.first && m.first <= *b);
        let tiers = if self.exempt_sentences.any(doc, s) {
            &self.tiers[..0]
        } else {
            &self.tiers[..]
        };
        tiers
            .iter()
            .flat_map(move |(list, weight)| {
                list.find(doc, s).map(move |(pattern, m)| Hit {
                    m,
                    weight: *weight,
                    pattern,
                })
            })
            .filter(move |h| kept(&h.m))
    }
}

/// Words matched exactly (folded), for lists that are about single words.
#[derive(Debug, Clone, Default)]
pub struct WordSet(FxHashSet<String>);

impl WordSet {
    fn new(words: &[String]) -> WordSet {
        WordSet(words.iter().map(|w| fold(w.trim())).collect())
    }
    pub fn contains(&self, folded: &str) -> bool {
        self.0.contains(folded)
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[derive(Debug, Clone)]
pub struct Triage {
    pub legal: Cues,
    pub abusive: Cues,
    /// Greetings, thanks, sign-offs and mobile footers: text that says nothing to answer.
    pub courtesy: PatternList,
    /// Legal and confidentiality footers ("if you are not the intended recipient…"): boilerplate
    /// under a message, never what the customer says.
    pub footer: PatternList,
    /// What only a machine writes ("this is an automatically generated message", "your
    /// message … was read on"): a message holding one is a notice, with nothing to answer.
    pub notice: PatternList,
    /// What a calendar writes into an invitation's answer ("… has accepted this invitation",
    /// "Joining info", "you are receiving this because you are a guest"): the paragraph holding
    /// one is the calendar's, and what the person typed beside it (a decline's reason) stays.
    pub calendar: PatternList,
    /// An out-of-office or automatic reply's own words ("out of the office until", "risposta
    /// automatica"): pasted beside the lines a person wrote, its section is not what they say.
    pub auto_reply: PatternList,
    /// What an automatic reply says beside its cue ("for urgent matters please contact…", "I
    /// will reply on my return", "your message will not be forwarded"): a message made of
    /// these and auto-reply cues alone is a machine's, with nothing to answer.
    pub auto_reply_aside: PatternList,
    /// What a person writes to ask something of the reader without a question mark ("please
    /// confirm", "let me know"): a laid-out document holding one is business, not a parody.
    pub request: PatternList,
    /// Company legal forms of more than three letters ("ltda", "gmbh"), folded.
    pub legal_forms: WordSet,
    /// Weekday abbreviations, folded: no prose words in a signature line ("ma, di, do").
    pub weekday_abbreviations: WordSet,
}

#[derive(Debug, Clone)]
pub struct Listening {
    /// The customer puts off a call, a meeting or the topic itself.
    pub deferral: PatternList,
    pub call_welcome: PatternList,
    /// Instruction-like text addressed to a machine.
    pub injection: PatternList,
    /// Openers that carry no content ("honestly", "to be fair"), trimmed off quoted clauses.
    pub discourse: PatternList,
    /// Thanks for something past ("thanks for the demo"): what the clause names was received,
    /// not raised, so its cues count for little.
    pub gratitude: PatternList,
    /// The writer answers for someone else ("I write on behalf of Dr Osei", "je vous écris au
    /// nom de M. Delvaux"): the quotations in that message, the words of the person they
    /// answer for, count as the customer's own.
    pub on_behalf: PatternList,
    /// Emotion name (as in the wording pack's `[emotions]`) and its cues.
    pub emotions: Vec<(String, PatternList)>,
    /// Whether a deferring sentence's timing and information cues count for less. Full packs
    /// only: a triage-only pack's concern tables read "we'll come back to it after the summer"
    /// as the timing it is, with no other cue to lean on.
    pub deferral_lowers_concerns: bool,
}

/// Turning the customer's first person into the second person of a reply.
#[derive(Debug, Clone, Default)]
pub struct Person {
    /// Folded word -> replacement ("our" -> "your").
    pub swap: HashMap<String, String>,
    /// Folded two-word sequences -> replacement ("i was" -> "you were").
    pub pairs: HashMap<(String, String), String>,
    /// Verb endings of the first person -> the second ("amos" -> "an"), longest first.
    pub suffixes: Vec<(String, String)>,
    /// Words the suffix rules must leave alone ("préstamos").
    pub keep: WordSet,
    /// When set, suffix rules apply only right after one of these words (French "nous").
    pub after: WordSet,
    /// Words that address the reader: a clause holding one is quoted, never rewritten.
    pub second_person: WordSet,
    /// Words the language always writes with a capital ("April", "Monday"): a clause typed in
    /// capitals is said back in lowercase, but for these.
    pub capitalised: WordSet,
}

/// The coach's markers (see `coach.rs` for what each criterion does with them).
#[derive(Debug, Clone)]
pub struct CoachLexicon {
    pub greeting: PatternList,
    /// Questions that only ask after the reader ("how are you?", "tudo bem?"): courtesy, not
    /// a question that explores.
    pub pleasantry: PatternList,
    pub acknowledge: PatternList,
    pub contrast: PatternList,
    /// Phrases in which a contrast word contrasts nothing ("invece di": instead of).
    pub contrast_exempt: PatternList,
    pub arguing: PatternList,
    pub arguing_exempt: PatternList,
    /// Judgements among the arguing markers ("makes no sense") that agree with the customer
    /// when what they judge is the customer's own situation, said back.
    pub judgement: PatternList,
    pub price_defence: PatternList,
    pub hire: PatternList,
    pub cost: PatternList,
    pub open_words: WordSet,
    pub open_at_clause_start: WordSet,
    pub open_after: WordSet,
    pub relative_leads: WordSet,
    /// Words that open a yes/no question ("Are there teams who…"): an open word later in
    /// their clause is a relative, not the question.
    pub yes_no_leads: WordSet,
    /// Words that offer alternatives in a question ("or"): "should it go to you, or to the
    /// finance team?" lets the customer choose or name another option.
    pub alternative: WordSet,
    pub leading: PatternList,
    pub check: PatternList,
    /// Questions that offer the rep's next step ("Shall I send the agreement over so it's
    /// ready when you are?"): closed whatever open word a later clause holds.
    pub offer_question: PatternList,
    /// Phrases that hold a claim back ("before I promise you anything", "sin prometer"): a
    /// sentence holding one makes no claim.
    pub claims_withheld: PatternList,
    /// Openers that sum up what the customer said ("So the verdict is: …"): a contrast inside
    /// such a summary, told from the customer's side, is their own, not a rebuttal.
    pub restating_leads: PatternList,
    /// Contrasts that grant a point rather than answer it ("although", "aunque", "obwohl"):
    /// one followed by the customer's own words, said back to them, concedes their point.
    pub concessive: PatternList,
    /// The rep and the customer as one "we" ("let's", "we could look at it together"): its
    /// first-person words speak of both, so `wifm` counts them for neither side.
    pub inclusive: PatternList,
    /// An overcharge named ("charged twice", "the wrong amount", "the overpayment", "cobrado
    /// dos veces"): with one in the thread or the draft, crediting it back corrects a bill.
    pub billing_error: PatternList,
    /// The `discount` phrases that give money back ("credit … your invoice", "un avoir"): no
    /// discount when they correct a `billing_error`.
    pub refunds: PatternList,
    /// Phrases that say what the customer needs or values ("you need assurance that", "ce qui
    /// compte pour vous :"): a stated fact after one, with no word of the rep's between, is
    /// their requirement said back, not the rep's claim.
    pub needs_said_back: PatternList,
    /// Yes/no questions that invite the customer to name things ("Is there anything about the
    /// merged team that might change…?", "¿Hay algo de las liquidaciones…?"): open, unless
    /// they offer the rep's help ("Is there anything else I can help with?").
    pub open_invitations: PatternList,
    /// Catch-all closers ("anything else", "noch etwas", "nog iets"): an invitation with one
    /// names nothing the customer could be asked about, so it stays closed.
    pub catch_all_questions: PatternList,
    /// Suggestions phrased with a negation ("Why don't we pencil in a call?", "¿Por qué no
    /// hablamos?"): the negation withdraws nothing they propose.
    pub suggestion: PatternList,
    /// Phrases that ask without a question mark ("I'd like to understand", "me ayudaría
    /// saber"): followed by an open word, the sentence is an open question.
    pub indirect_ask: PatternList,
    pub urgency: PatternList,
    /// Next steps the rep books for the customer ("Let's book a demo next week"): a meeting
    /// decided for them, however politely, leaves them no say in whether there is one.
    pub presumptive: PatternList,
    pub call: PatternList,
    /// A meeting taken off the calendar ("I've cancelled Tuesday's call"): not a proposal.
    pub call_withdrawn: PatternList,
    pub you_words: WordSet,
    pub you_formal: WordSet,
    /// The product said to offer things ("our platform includes", "notre solution propose"):
    /// followed by short items with nothing of the reader in them, a feature list.
    pub feature_frame: PatternList,
    /// Words that join the last items of a list ("and", "or").
    pub list_joiners: WordSet,
    pub me_words: WordSet,
    pub leaks: PatternList,
    pub discount: PatternList,
    pub offer: PatternList,
    pub pitch: PatternList,
    pub claims: PatternList,
    /// Facts about the vendor's service stated as settled ("your data is stored in our London
    /// data centre", "we're ISO 27001 certified", "happy to sign your addendum"): the words of
    /// the clause they open must come from the thread, not only the phrase itself.
    pub stated_facts: PatternList,
    /// Words besides `open_words` that leave a fact open earlier in its clause ("whether the
    /// data stays onshore", "if your files are hosted in the EU"): the rep asks or reports a
    /// question, and states nothing.
    pub open_facts: WordSet,
    pub months: WordSet,
    /// Words after an hour that make it a time of day ("pm", "Uhr", "uur").
    pub clock_units: WordSet,
    /// Words before an hour that make it a time of day ("alle", "um", "às").
    pub clock_leads: WordSet,
    pub deadlines: PatternList,
    /// Folded number word -> its digits ("three" -> "3").
    pub number_words: HashMap<String, String>,
    /// Words that make the number before them a percentage ("18 percent", "18 por ciento"),
    /// folded.
    pub percent_words: Vec<String>,
    /// The language capitalises every noun (German): a capitalised word inside a sentence is
    /// no sign of a name.
    pub capitalises_nouns: bool,
}

impl CoachLexicon {
    /// Whether `after`, the text after a number, opens with a percent word ("18 percent").
    pub fn says_percent(&self, after: &str) -> bool {
        let head: String = after
            .trim_start()
            .chars()
            .take(MAX_PERCENT_WORD_CHARS)
            .collect();
        let head = fold(&head);
        self.percent_words.iter().any(|w| {
            head.strip_prefix(w.as_str())
                .is_some_and(|rest| !rest.starts_with(char::is_alphanumeric))
        })
    }
}

/// Characters after a number read for a percent word ("por ciento", "procento").
const MAX_PERCENT_WORD_CHARS: usize = 16;

#[derive(Debug, Clone, Default)]
struct Contractions {
    /// Asked for every word read: a fast hasher, over the pack's own words.
    whole: FxHashMap<String, Vec<String>>,
    prefixes: Vec<(String, Vec<String>)>,
    suffixes: Vec<(String, Vec<String>)>,
}

/// How a language turns text into tokens: stemmer, contractions, negation and word classes.
/// Patterns are compiled with it and documents are read with it.
pub struct Grammar {
    stemmer: Option<Stemmer>,
    stem_unaccented: bool,
    accented_capitals_are_names: bool,
    contractions: Contractions,
    // Asked for every token of every text read, like the vocabulary: a fast hasher matters,
    // and the keys are the packs' words.
    negators: FxHashSet<String>,
    /// Folded "negator next-word" pairs in which the negator is no negation (a handful per
    /// language, scanned without allocating: every token pair of every message asks).
    not_negating: Vec<(String, String)>,
    /// Folded "negator word" pairs where the word turns the negator into a restriction.
    restrictive: Vec<(String, String)>,
    negates_back: FxHashSet<String>,
    negates_back_at_end: FxHashSet<String>,
    abbreviations: FxHashSet<String>,
    inline_abbreviations: FxHashSet<String>,
    scope_breaks: FxHashSet<String>,
    classes: HashMap<String, Atom>,
    /// Every word and stem the language's patterns name, numbered.
    vocab: Vocab,
}

/// One language, compiled.
pub struct Lang {
    pub code: String,
    pub grammar: Grammar,
    pub stopwords: WordSet,
    pub concerns: Vec<(Concern, Cues)>,
    /// Named shapes of a concern ("in_house": a value gap the customer means to close with a
    /// hire), for wording that fits the shape; in name order.
    pub facets: Vec<Facet>,
    pub triage: Triage,
    pub listening: Listening,
    pub person: Person,
    pub coach: CoachLexicon,
}

/// Which tables a pack must hold: all of them, or grammar and triage (concerns optional).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Coverage {
    Full,
    TriageOnly,
}

/// A named shape of one concern and the cues that show it.
#[derive(Debug, Clone)]
pub struct Facet {
    pub name: String,
    pub concern: Concern,
    pub cues: PatternList,
}

impl std::fmt::Debug for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lang")
            .field("code", &self.code)
            .finish_non_exhaustive()
    }
}

impl Lang {
    /// Parses the `[understand]` tables of the pack `name` and compiles them.
    pub fn parse(name: &str, text: &str) -> Result<Lang, String> {
        let file: PackFile =
            toml::from_str(text).map_err(|e| format!("{name}: {}", e.message()))?;
        Lang::compile(file.language, file.understand, Coverage::Full)
            .map_err(|e| format!("{name}: {e}"))
    }

    /// Parses a triage-only pack `name`: grammar, triage lists, any concern tables, deferral
    /// cues and the coach's basic markers; the other listening and person tables read as empty.
    pub fn parse_triage_only(name: &str, text: &str) -> Result<Lang, String> {
        let file: TriagePackFile =
            toml::from_str(text).map_err(|e| format!("{name}: {}", e.message()))?;
        let t = file.understand;
        let spec = Spec {
            stemmer: t.stemmer,
            stem_unaccented: false,
            accented_capitals_are_names: false,
            stopwords: t.stopwords,
            negators: t.negators,
            not_negating: Vec::new(),
            restrictive: Vec::new(),
            negates_back: Vec::new(),
            negates_back_at_end: Vec::new(),
            abbreviations: Vec::new(),
            inline_abbreviations: Vec::new(),
            scope_breaks: Vec::new(),
            contractions: BTreeMap::new(),
            classes: t.classes,
            concerns: t.concerns,
            facets: BTreeMap::new(),
            triage: t.triage,
            listening: ListeningSpec {
                deferral: t.listening.deferral,
                call_welcome: t.listening.call_welcome,
                injection: t.listening.injection,
                ..ListeningSpec::default()
            },
            person: PersonSpec {
                second_person: t.second_person,
                ..PersonSpec::default()
            },
            coach: t.coach.into(),
        };
        Lang::compile(file.language, spec, Coverage::TriageOnly).map_err(|e| format!("{name}: {e}"))
    }

    fn compile(code: String, spec: Spec, coverage: Coverage) -> Result<Lang, String> {
        let (mut grammar, vocab) = Grammar::compile(&spec)?;
        let mut c = Compiler { g: &grammar, vocab };
        let mut concerns = Vec::new();
        // A full pack reads every concern; a triage-only pack those it has cues for.
        for concern in Concern::ALL.into_iter().filter(|c| *c != Concern::Other) {
            let name = concern.as_str();
            match spec.concerns.get(name) {
                Some(cues) => concerns.push((concern, c.cues(&format!("concerns.{name}"), cues)?)),
                None if coverage == Coverage::Full => {
                    return Err(format!("missing [understand.concerns.{name}]"))
                }
                None => {}
            }
        }
        // `other` may have cues of its own: housekeeping (a new invoice address, a moved
        // meeting, a new contact) is a reading, not just the absence of one.
        if let Some(cues) = spec.concerns.get(Concern::Other.as_str()) {
            concerns.push((Concern::Other, c.cues("concerns.other", cues)?));
        }
        if let Some(unknown) = spec.concerns.keys().find(|k| Concern::parse(k).is_none()) {
            return Err(format!("[understand.concerns.{unknown}] is not a concern"));
        }
        let mut facets = Vec::new();
        for (name, f) in &spec.facets {
            let concern = Concern::parse(&f.concern).ok_or_else(|| {
                format!("[understand.facets.{name}]: {} is not a concern", f.concern)
            })?;
            let cues = c.list(&format!("facets.{name}"), &f.cues)?;
            facets.push(Facet {
                name: name.clone(),
                concern,
                cues,
            });
        }
        let triage = Triage {
            legal: c.cues("triage.legal", &spec.triage.legal)?,
            abusive: c.cues("triage.abusive", &spec.triage.abusive)?,
            courtesy: c.list("triage.courtesy", &spec.triage.courtesy)?,
            footer: c.list("triage.footer", &spec.triage.footer)?,
            notice: c.list("triage.notice", &spec.triage.notice)?,
            calendar: c.list("triage.calendar", &spec.triage.calendar)?,
            auto_reply: c.list("triage.auto_reply", &spec.triage.auto_reply)?,
            auto_reply_aside: c.list("triage.auto_reply_aside", &spec.triage.auto_reply_aside)?,
            request: c.list("triage.request", &spec.triage.request)?,
            legal_forms: WordSet::new(&spec.triage.legal_forms),
            weekday_abbreviations: WordSet::new(&spec.triage.weekday_abbreviations),
        };
        let l = &spec.listening;
        let mut emotions = Vec::new();
        for (name, cues) in &l.emotions {
            emotions.push((name.clone(), c.list(&format!("emotions.{name}"), cues)?));
        }
        let listening = Listening {
            deferral: c.list("listening.deferral", &l.deferral)?,
            call_welcome: c.list("listening.call_welcome", &l.call_welcome)?,
            injection: c.list("listening.injection", &l.injection)?,
            discourse: c.list("listening.discourse", &l.discourse)?,
            gratitude: c.list("listening.gratitude", &l.gratitude)?,
            on_behalf: c.list("listening.on_behalf", &l.on_behalf)?,
            emotions,
            deferral_lowers_concerns: coverage == Coverage::Full,
        };
        let coach = c.coach_lexicon(&spec.coach)?;
        grammar.vocab = c.vocab;
        Ok(Lang {
            code,
            stopwords: WordSet::new(&spec.stopwords),
            concerns,
            facets,
            triage,
            listening,
            person: person(&spec.person),
            coach,
            grammar,
        })
    }

    /// The words of `text` as tokens see them: contractions expanded, folded and stemmed.
    pub fn words_of(&self, text: &str) -> Vec<Word> {
        self.grammar.words_of(text)
    }

    /// Compiles one more pattern for this language (tools and tests; packs compile at load).
    pub fn pattern(&mut self, source: &str) -> Result<Pattern, String> {
        let mut vocab = std::mem::take(&mut self.grammar.vocab);
        let parsed = Pattern::parse(source, &self.grammar, &mut vocab);
        self.grammar.vocab = vocab;
        parsed
    }
}

/// Compiles pattern lists with one grammar, numbering their words in one vocabulary.
struct Compiler<'a> {
    g: &'a Grammar,
    vocab: Vocab,
}

impl Compiler<'_> {
    fn list(&mut self, what: &str, sources: &[String]) -> Result<PatternList, String> {
        PatternList::parse(what, sources, self.g, &mut self.vocab)
    }

    fn cues(&mut self, what: &str, spec: &CueSpec) -> Result<Cues, String> {
        Ok(Cues {
            tiers: vec![
                (self.list(&format!("{what}.strong"), &spec.strong)?, STRONG),
                (self.list(&format!("{what}.medium"), &spec.medium)?, MEDIUM),
                (self.list(&format!("{what}.weak"), &spec.weak)?, WEAK),
            ],
            exempt: self.list(&format!("{what}.exempt"), &spec.exempt)?,
            exempt_sentences: self
                .list(&format!("{what}.exempt_sentences"), &spec.exempt_sentences)?,
            trade: self.list(&format!("{what}.trade"), &spec.trade)?,
            reflexive: self.list(&format!("{what}.reflexive"), &spec.reflexive)?,
            third_party: self.list(&format!("{what}.third_party"), &spec.third_party)?,
            jest: self.list(&format!("{what}.jest"), &spec.jest)?,
            disclaimer: self.list(&format!("{what}.disclaimer"), &spec.disclaimer)?,
        })
    }

    fn coach_lexicon(&mut self, c: &CoachSpec) -> Result<CoachLexicon, String> {
        let mut l = |what: &str, list: &[String]| self.list(&format!("coach.{what}"), list);
        Ok(CoachLexicon {
            greeting: l("greeting", &c.greeting)?,
            pleasantry: l("pleasantry", &c.pleasantry)?,
            acknowledge: l("acknowledge", &c.acknowledge)?,
            contrast: l("contrast", &c.contrast)?,
            contrast_exempt: l("contrast_exempt", &c.contrast_exempt)?,
            arguing: l("arguing", &c.arguing)?,
            arguing_exempt: l("arguing_exempt", &c.arguing_exempt)?,
            judgement: l("judgement", &c.judgement)?,
            price_defence: l("price_defence", &c.price_defence)?,
            hire: l("hire", &c.hire)?,
            cost: l("cost", &c.cost)?,
            open_words: WordSet::new(&c.open_words),
            open_at_clause_start: WordSet::new(&c.open_at_clause_start),
            open_after: WordSet::new(&c.open_after),
            relative_leads: WordSet::new(&c.relative_leads),
            yes_no_leads: WordSet::new(&c.yes_no_leads),
            alternative: WordSet::new(&c.alternative),
            leading: l("leading", &c.leading)?,
            check: l("check", &c.check)?,
            offer_question: l("offer_question", &c.offer_question)?,
            claims_withheld: l("claims_withheld", &c.claims_withheld)?,
            restating_leads: l("restating_leads", &c.restating_leads)?,
            concessive: l("concessive", &c.concessive)?,
            inclusive: l("inclusive", &c.inclusive)?,
            billing_error: l("billing_error", &c.billing_error)?,
            refunds: l("refunds", &c.refunds)?,
            needs_said_back: l("needs_said_back", &c.needs_said_back)?,
            open_invitations: l("open_invitations", &c.open_invitations)?,
            catch_all_questions: l("catch_all_questions", &c.catch_all_questions)?,
            suggestion: l("suggestion", &c.suggestion)?,
            indirect_ask: l("indirect_ask", &c.indirect_ask)?,
            urgency: l("urgency", &c.urgency)?,
            presumptive: l("presumptive", &c.presumptive)?,
            call: l("call", &c.call)?,
            call_withdrawn: l("call_withdrawn", &c.call_withdrawn)?,
            you_words: WordSet::new(&c.you_words),
            you_formal: WordSet::new(&c.you_formal),
            feature_frame: l("feature_frame", &c.feature_frame)?,
            list_joiners: WordSet::new(&c.list_joiners),
            me_words: WordSet::new(&c.me_words),
            leaks: l("leaks", &c.leaks)?,
            discount: l("discount", &c.discount)?,
            offer: l("offer", &c.offer)?,
            pitch: l("pitch", &c.pitch)?,
            claims: l("claims", &c.claims)?,
            stated_facts: l("stated_facts", &c.stated_facts)?,
            open_facts: WordSet::new(&c.open_facts),
            months: WordSet::new(&c.months),
            clock_units: WordSet::new(&c.clock_units),
            clock_leads: WordSet::new(&c.clock_leads),
            deadlines: l("deadlines", &c.deadlines)?,
            number_words: c
                .number_words
                .iter()
                .map(|(w, d)| (fold(w), d.clone()))
                .collect(),
            percent_words: c.percent_words.iter().map(|w| fold(w)).collect(),
            capitalises_nouns: c.capitalises_nouns,
        })
    }
}

impl Grammar {
    /// Whether the pack stems its words; without a stemmer a word matches only its own form.
    pub fn stems(&self) -> bool {
        self.stemmer.is_some()
    }

    /// Whether `word` (as written, before its full stop) is one of the pack's lowercase titles.
    pub fn is_abbreviation(&self, word: &str) -> bool {
        holds_lowercased(&self.abbreviations, word)
    }

    /// Whether `word` is an abbreviation whose full stop ends no sentence before a lowercase
    /// word ("bzw.", "etc.").
    pub fn is_inline_abbreviation(&self, word: &str) -> bool {
        holds_lowercased(&self.inline_abbreviations, word)
    }

    /// Whether token `t` belongs to the pack's word class `name` (`[understand.classes]`);
    /// false for a class the pack does not define.
    pub fn in_class(&self, name: &str, t: &Token) -> bool {
        self.classes.get(name).is_some_and(|atom| atom.matches(t))
    }

    fn compile(spec: &Spec) -> Result<(Grammar, Vocab), String> {
        let stemmer = spec.stemmer.as_deref().map(algorithm).transpose()?;
        let mut g = Grammar {
            stemmer: stemmer.map(Stemmer::create),
            stem_unaccented: spec.stem_unaccented,
            accented_capitals_are_names: spec.accented_capitals_are_names,
            contractions: contractions(&spec.contractions),
            negators: FxHashSet::default(),
            not_negating: Vec::new(),
            restrictive: Vec::new(),
            negates_back: FxHashSet::default(),
            negates_back_at_end: FxHashSet::default(),
            abbreviations: lowercased(&spec.abbreviations),
            inline_abbreviations: lowercased(&spec.inline_abbreviations),
            scope_breaks: FxHashSet::default(),
            classes: HashMap::new(),
            vocab: Vocab::default(),
        };
        let mut vocab = Vocab::default();
        // Negators and scope breaks are compared with folded tokens, after contractions.
        g.negators = spec
            .negators
            .iter()
            .flat_map(|w| g.folded_words(w))
            .collect();
        g.not_negating = g.word_pairs("not_negating", &spec.not_negating)?;
        g.restrictive = g.word_pairs("restrictive", &spec.restrictive)?;
        g.negates_back = spec
            .negates_back
            .iter()
            .flat_map(|w| g.folded_words(w))
            .collect();
        g.negates_back_at_end = spec
            .negates_back_at_end
            .iter()
            .flat_map(|w| g.folded_words(w))
            .collect();
        g.scope_breaks = spec
            .scope_breaks
            .iter()
            .flat_map(|w| g.folded_words(w))
            .collect();
        for (name, members) in &spec.classes {
            let pattern = Pattern::parse(&members.join("|"), &g, &mut vocab)
                .map_err(|e| format!("class @{name}: {e}"))?;
            let atom = pattern
                .single_atom()
                .ok_or_else(|| format!("class @{name}: members must be single words"))?;
            g.classes.insert(name.clone(), atom);
        }
        Ok((g, vocab))
    }

    /// The id of a word or stem in the patterns' vocabulary (`UNKNOWN` when none names it).
    pub fn word_id(&self, word: &str) -> WordId {
        self.vocab.get(word)
    }

    /// Whether raw word `raw` is a name the pack's words must not read (see
    /// `accented_capitals_are_names`).
    pub fn is_accented_name(&self, raw: &str) -> bool {
        self.accented_capitals_are_names
            && raw.chars().next().is_some_and(char::is_uppercase)
            && fold(raw) != lower(raw)
    }

    /// The words of `text` as tokens see them: contractions expanded, folded and stemmed.
    pub fn words_of(&self, text: &str) -> Vec<Word> {
        raw_words(text)
            .into_iter()
            .flat_map(|(_, raw)| self.words_of_raw(raw))
            .collect()
    }

    /// The words of one word of [`raw_words`], which is its own only word: documents split
    /// their text once and need not split each word again.
    pub fn words_of_raw(&self, raw: &str) -> impl Iterator<Item = Word> + '_ {
        self.expand(&unleet(&lower(raw)), 2)
            .into_iter()
            .filter(|w| !w.is_empty())
            .map(|w| Word::new(&w, self))
    }

    fn folded_words(&self, text: &str) -> Vec<String> {
        self.words_of(text).into_iter().map(|w| w.folded).collect()
    }

    /// Folded "negator word" pairs of the list `key`; an entry of another length is an error.
    fn word_pairs(&self, key: &str, entries: &[String]) -> Result<Vec<(String, String)>, String> {
        entries
            .iter()
            .map(|entry| match self.folded_words(entry).as_slice() {
                [negator, word] => Ok((negator.clone(), word.clone())),
                _ => Err(format!("{key}: \"{entry}\" must be two words")),
            })
            .collect()
    }

    /// Stem of a lowercase word, folded.
    pub fn stem(&self, lowercase: &str) -> String {
        let Some(stemmer) = &self.stemmer else {
            return fold(lowercase);
        };
        let stem = fold(&stemmer.stem(lowercase));
        let folded = fold(lowercase);
        match self.stem_unaccented && stem == folded && folded != lowercase {
            true => fold(&stemmer.stem(&folded)),
            false => stem,
        }
    }

    pub fn is_negator(&self, folded: &str) -> bool {
        self.negators.contains(folded)
    }

    /// The language's negators (folded) of the same stem as the negator `folded` ("kein":
    /// kein, keine, keinen…). A pattern's negator matches only these: by stem alone,
    /// Portuguese "não" (stem "na" once folded) would also match the article "na".
    pub fn negator_forms(&self, folded: &str) -> Vec<String> {
        let stem = self.stem(folded);
        self.negators
            .iter()
            .filter(|n| self.stem(n) == stem)
            .cloned()
            .collect()
    }

    /// Whether a negator also negates the words of its clause before it: always
    /// (`negates_back`), or where it closes its clause (`negates_back_at_end`).
    pub fn negates_back(&self, folded: &str, closes_clause: impl FnOnce() -> bool) -> bool {
        self.negates_back.contains(folded)
            || (self.negates_back_at_end.contains(folded) && closes_clause())
    }

    /// Whether `negator` followed by `next` is an idiom that negates nothing ("pas mal").
    pub fn idiom_not_negating(&self, negator: &str, next: &str) -> bool {
        self.not_negating
            .iter()
            .any(|(n, w)| n == negator && w == next)
    }

    /// Whether `word` turns the negator `negator` into a restriction ("ne … que").
    pub fn restricts(&self, negator: &str, word: &str) -> bool {
        self.restrictive
            .iter()
            .any(|(n, w)| n == negator && w == word)
    }

    pub fn breaks_scope(&self, folded: &str) -> bool {
        self.scope_breaks.contains(folded)
    }

    pub fn class(&self, name: &str) -> Option<&Atom> {
        self.classes.get(name)
    }

    /// Expands contractions of one lowercase word: "don't" -> ["do", "not"].
    fn expand(&self, word: &str, depth: u8) -> Vec<String> {
        let c = &self.contractions;
        if let Some(whole) = c.whole.get(&fold(word)) {
            return whole.clone();
        }
        if depth > 0 {
            for (prefix, with) in &c.prefixes {
                if let Some(rest) = word.strip_prefix(prefix.as_str()).filter(|r| !r.is_empty()) {
                    let mut out = with.clone();
                    out.extend(self.expand(rest, depth - 1));
                    return out;
                }
            }
            for (suffix, with) in &c.suffixes {
                if let Some(head) = word.strip_suffix(suffix.as_str()).filter(|h| !h.is_empty()) {
                    let mut out = self.expand(head, depth - 1);
                    out.extend(with.iter().cloned());
                    return out;
                }
            }
        }
        word.split('\'')
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .collect()
    }
}

fn algorithm(name: &str) -> Result<Algorithm, String> {
    Ok(match name.to_ascii_lowercase().as_str() {
        "danish" => Algorithm::Danish,
        "dutch" => Algorithm::Dutch,
        "english" => Algorithm::English,
        "finnish" => Algorithm::Finnish,
        "french" => Algorithm::French,
        "german" => Algorithm::German,
        "greek" => Algorithm::Greek,
        "hungarian" => Algorithm::Hungarian,
        "italian" => Algorithm::Italian,
        "norwegian" => Algorithm::Norwegian,
        "portuguese" => Algorithm::Portuguese,
        "romanian" => Algorithm::Romanian,
        "russian" => Algorithm::Russian,
        "spanish" => Algorithm::Spanish,
        "swedish" => Algorithm::Swedish,
        "turkish" => Algorithm::Turkish,
        other => return Err(format!("unknown stemmer {other:?}")),
    })
}

fn contractions(spec: &BTreeMap<String, String>) -> Contractions {
    let mut c = Contractions::default();
    for (key, value) in spec {
        let words: Vec<String> = value.split_whitespace().map(lower).collect();
        let key = lower(key.trim());
        if let Some(suffix) = key.strip_prefix('*') {
            c.suffixes.push((suffix.to_string(), words));
        } else if let Some(prefix) = key.strip_suffix('*') {
            c.prefixes.push((prefix.to_string(), words));
        } else {
            c.whole.insert(fold(&key), words);
        }
    }
    // Longest first, so "n't" is tried before "t".
    c.prefixes.sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
    c.suffixes.sort_by_key(|(s, _)| std::cmp::Reverse(s.len()));
    c
}

fn person(spec: &PersonSpec) -> Person {
    let mut suffixes: Vec<(String, String)> = spec
        .suffixes
        .iter()
        .map(|(k, v)| (lower(k), v.clone()))
        .collect();
    suffixes.sort_by_key(|(s, _)| std::cmp::Reverse(s.len()));
    Person {
        swap: spec
            .swap
            .iter()
            .map(|(k, v)| (fold(k), v.clone()))
            .collect(),
        pairs: spec
            .pairs
            .iter()
            .filter_map(|(k, v)| {
                let mut words = k.split_whitespace().map(fold);
                Some(((words.next()?, words.next()?), v.clone()))
            })
            .collect(),
        suffixes,
        keep: WordSet::new(&spec.keep),
        after: WordSet::new(&spec.after),
        second_person: WordSet::new(&spec.second_person),
        capitalised: WordSet::new(&spec.capitalised),
    }
}

/// A pack's abbreviation list, lowercased for lookup.
fn lowercased(words: &[String]) -> FxHashSet<String> {
    words.iter().map(|w| w.to_lowercase()).collect()
}

/// Whether `set` holds `word` lowercased; an empty set is asked without allocating (most packs
/// list no abbreviations, and every full stop asks).
fn holds_lowercased(set: &FxHashSet<String>, word: &str) -> bool {
    !set.is_empty() && set.contains(&word.to_lowercase())
}
