//! The learned concern reader: naive Bayes over stems, trained on the labelled sets.
//!
//! Owns the features of a message (the stems, and pairs of neighbouring stems, of the
//! sentences the rules read), the model file (`prompts/builtin/learned/xx.tsv`, written by
//! `reframe learn`, read like any prompt file), training with leave-one-set-out
//! cross-validation, and when the model's guess replaces the rules' reading. It must not read
//! triage verdicts or word anything.
//!
//! Why: hand-written cue lists reach 54–72% on wording nobody tuned them for, and a guess
//! learned from a few hundred labelled messages reaches more in a language with enough of
//! them; so each language's model carries its own cross-validated accuracy, and decides only
//! where that beats the rules. Written by hand because naive Bayes over a few thousand sparse
//! features is a table of counts; the crates that offer it (linfa-bayes, smartcore) bring
//! dense ndarray matrices and a training API for what is a loop.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;

use rustc_hash::FxHashMap;

use super::concern::strong_leaving_phrases;
use super::concern::ConcernReading;
use super::doc::{Doc, Token};
use super::lexicon::{MEDIUM, STRONG};
use crate::suggestion::Concern;

/// Additive smoothing of feature counts.
pub const ALPHA: f32 = 0.5;
/// A feature must occur in this many training messages to be kept (names and one-off words
/// teach nothing and would bloat the file).
pub const MIN_MESSAGES: u32 = 2;
/// A model decides in its language when its cross-validated accuracy reaches this: above the
/// rules' first-run figure on blind sets (54–72% overall, 75–83% in the packs other than
/// English), so the better reader of the language reads it. Below it, its guess is only
/// reported (`reframe read`), never used.
pub const DECIDES_AT: f32 = 0.8;
/// ...and only for messages it is this sure of: naive Bayes is overconfident on short texts
/// with little evidence ("Thanks, all clear now"), where the rules' `other` is the better
/// reading.
pub const SURE_AT: f32 = 0.9;
/// A rules reading this confident stays: an explicit cue that clearly beats every other
/// concern's ("just send me some info", "the office suite we already pay for") is better
/// evidence than word statistics. Measured on messages neither reader had seen (round 36):
/// with models not yet trained on `train5/`, its 240 messages read 90.0% at 0.6, 91.7% at 0.7,
/// 92.1% at 0.8 and 91.7% with no threshold; the unread `heldout-r35/` 84.1%, 90.9% and 95.5%
/// at 0.6, 0.7 and 0.8. Rules readings between 0.6 and 0.8 rest on one or two cues.
pub const RULES_KEEP_AT: f32 = 0.8;
/// Share of the model's confidence kept when no cue of the packs backs its concern.
pub const UNBACKED_SHARE: f32 = 0.5;
/// Most feature lines a model file may hold (a bound on what a prompts directory can load).
pub const MAX_FEATURES: usize = 200_000;

/// Which reader named the concern.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Reader {
    Rules,
    Learned,
}

/// The model's guess for one message.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Guess {
    pub concern: Concern,
    /// Posterior probability of `concern`, 0..1.
    pub probability: f32,
}

/// One language's model, ready to guess.
#[derive(Debug, Clone)]
pub struct Model {
    pub code: String,
    /// Leave-one-set-out accuracy measured when it was trained (none: not measured).
    pub cv_accuracy: Option<f32>,
    concerns: Vec<Concern>,
    log_prior: Vec<f32>,
    /// Row of each feature in `rows`: looked up for every word and word pair read, with a
    /// fast hasher (the keys are the model file's features).
    index: FxHashMap<String, usize>,
    /// Log-probability of each feature per concern, in `concerns` order.
    rows: Vec<Vec<f32>>,
}

/// The features of a document: stems and neighbouring stem pairs of the sentences not
/// `ignored` (signature, footer, planted instruction), each once.
pub fn features(doc: &Doc, ignored: &[bool]) -> Vec<String> {
    let mut out = BTreeSet::new();
    let mut pair = String::new();
    for s in doc.sentences_except(ignored) {
        sentence_features(doc, s, &mut pair, |f| {
            out.insert(f.to_string());
        });
    }
    out.into_iter().collect()
}

/// The features of each sentence not `ignored` that has any, each once per sentence: where
/// the abuse reader asks how many sentences speak for abuse.
pub fn features_by_sentence(doc: &Doc, ignored: &[bool]) -> Vec<Vec<String>> {
    let mut pair = String::new();
    doc.sentences_except(ignored)
        .map(|s| {
            let mut out = BTreeSet::new();
            sentence_features(doc, s, &mut pair, |f| {
                out.insert(f.to_string());
            });
            out.into_iter().collect::<Vec<String>>()
        })
        .filter(|features| !features.is_empty())
        .collect()
}

/// Calls `each` with every feature of sentence `s`: each stem, then each pair of neighbouring
/// stems ("cancel account"), built in one reused buffer. Training and reading both go
/// through here, so they see the same features. Words inside quotation marks are someone
/// else's (a client's angry email passed on word for word) and make no feature.
pub(super) fn sentence_features(
    doc: &Doc,
    s: usize,
    pair: &mut String,
    mut each: impl FnMut(&str),
) {
    let tokens: Vec<&Token> = doc.tokens_of(s).iter().filter(|t| !t.quoted).collect();
    for (i, t) in tokens.iter().enumerate() {
        each(&t.stem);
        if let Some(next) = tokens.get(i + 1) {
            pair.clear();
            pair.push_str(&t.stem);
            pair.push(' ');
            pair.push_str(&next.stem);
            each(pair);
        }
    }
}

impl Model {
    /// The concern the model finds likeliest, with its probability (none without features).
    pub fn guess(&self, features: &[String]) -> Option<Guess> {
        let mut known: Vec<usize> = features
            .iter()
            .filter_map(|f| self.index.get(f.as_str()).copied())
            .collect();
        known.sort_unstable();
        known.dedup();
        self.guess_known(&known)
    }

    /// [`Model::guess`] for the sentences of `doc` not `ignored`, without building the
    /// features as strings: each stem and stem pair is looked up in place.
    pub fn guess_doc(&self, doc: &Doc, ignored: &[bool]) -> Option<Guess> {
        self.guess_known(&self.known(doc, doc.sentences_except(ignored)))
    }

    fn guess_known(&self, known: &[usize]) -> Option<Guess> {
        let scores = self.log_scores(known)?;
        let best = (0..scores.len()).max_by(|a, b| scores[*a].total_cmp(&scores[*b]))?;
        let total: f32 = scores.iter().map(|s| (s - scores[best]).exp()).sum();
        Some(Guess {
            concern: self.concerns[best],
            probability: 1.0 / total,
        })
    }

    /// The model's features found in `sentences` of `doc`, each once (by row).
    fn known(&self, doc: &Doc, sentences: impl Iterator<Item = usize>) -> Vec<usize> {
        let mut found = Vec::new();
        let mut pair = String::new();
        for s in sentences {
            sentence_features(doc, s, &mut pair, |f| {
                found.extend(self.index.get(f).copied())
            });
        }
        found.sort_unstable();
        found.dedup();
        found
    }

    fn log_scores(&self, known: &[usize]) -> Option<Vec<f32>> {
        if known.is_empty() {
            return None;
        }
        let mut scores = self.log_prior.clone();
        for k in known {
            let p = &self.rows[*k];
            scores.iter_mut().zip(p).for_each(|(s, x)| *s += x);
        }
        Some(scores)
    }

    /// The sentence whose words speak most for `concern` against the others: where the
    /// learned reading comes from, for quoting it back.
    pub fn strongest_sentence(
        &self,
        doc: &Doc,
        ignored: &[bool],
        concern: Concern,
    ) -> Option<usize> {
        let c = self.concerns.iter().position(|x| *x == concern)?;
        let support = |s: usize| {
            self.log_scores(&self.known(doc, std::iter::once(s)))
                .map(|scores| {
                    let others = scores.len().saturating_sub(1).max(1) as f32;
                    let rest: f32 = scores.iter().sum::<f32>() - scores[c];
                    scores[c] - rest / others
                })
        };
        doc.sentences_except(ignored)
            .filter(|s| doc.tokens_of(*s).len() >= 3)
            .filter_map(|s| support(s).map(|v| (s, v)))
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(s, _)| s)
    }

    /// Parses a model file (see [`Counts::render`]).
    pub fn parse(name: &str, text: &str) -> Result<Model, String> {
        let err = |line: usize, what: &str| format!("{name}:{line}: {what}");
        let mut code = None;
        let mut cv_accuracy = None;
        let mut concerns: Vec<Concern> = Vec::new();
        let mut messages: Vec<f32> = Vec::new();
        let mut rows: Vec<(String, Vec<f32>)> = Vec::new();
        for (i, line) in text.lines().enumerate().map(|(i, l)| (i + 1, l)) {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let mut cells = line.split('\t');
            let key = cells.next().unwrap_or_default();
            let rest: Vec<&str> = cells.collect();
            match key {
                "language" => code = rest.first().map(|s| s.to_string()),
                "cv_accuracy" => {
                    let v = rest.first().and_then(|s| s.parse::<f32>().ok());
                    cv_accuracy = Some(v.ok_or_else(|| err(i, "cv_accuracy is not a number"))?);
                }
                "concerns" => {
                    concerns = rest
                        .iter()
                        .map(|c| Concern::parse(c).ok_or_else(|| err(i, "unknown concern")))
                        .collect::<Result<_, _>>()?;
                }
                "messages" => messages = numbers(&rest).ok_or_else(|| err(i, "bad counts"))?,
                "f" => {
                    let (feature, counts) = rest
                        .split_first()
                        .ok_or_else(|| err(i, "a feature line needs a feature"))?;
                    let counts = numbers(counts).ok_or_else(|| err(i, "bad counts"))?;
                    rows.push((feature.to_string(), counts));
                }
                _ => return Err(err(i, "unknown line")),
            }
            if rows.len() > MAX_FEATURES {
                return Err(err(i, "too many features"));
            }
        }
        let code = code.ok_or_else(|| format!("{name}: no language line"))?;
        let width = concerns.len();
        if width < 2 || messages.len() != width || rows.iter().any(|(_, c)| c.len() != width) {
            return Err(format!(
                "{name}: every count line needs one number per concern"
            ));
        }
        Ok(Model::from_counts(
            code,
            cv_accuracy,
            concerns,
            &messages,
            rows,
        ))
    }

    fn from_counts(
        code: String,
        cv_accuracy: Option<f32>,
        concerns: Vec<Concern>,
        messages: &[f32],
        rows: Vec<(String, Vec<f32>)>,
    ) -> Model {
        let all: f32 = messages.iter().sum::<f32>().max(1.0);
        let log_prior = messages
            .iter()
            .map(|n| ((n + ALPHA) / (all + ALPHA)).ln())
            .collect();
        let vocabulary = rows.len() as f32;
        let mut totals = vec![0.0f32; concerns.len()];
        for (_, counts) in &rows {
            totals.iter_mut().zip(counts).for_each(|(t, c)| *t += c);
        }
        let mut index = FxHashMap::with_capacity_and_hasher(rows.len(), Default::default());
        let mut log_rows = Vec::with_capacity(rows.len());
        for (f, counts) in rows {
            index.insert(f, log_rows.len());
            log_rows.push(
                counts
                    .iter()
                    .zip(&totals)
                    .map(|(c, t)| ((c + ALPHA) / (t + ALPHA * vocabulary)).ln())
                    .collect(),
            );
        }
        Model {
            code,
            cv_accuracy,
            concerns,
            log_prior,
            index,
            rows: log_rows,
        }
    }
}

fn numbers(cells: &[&str]) -> Option<Vec<f32>> {
    cells
        .iter()
        .map(|c| c.parse::<u32>().ok().map(|n| n as f32))
        .collect()
}

/// Puts the model's guess in place of the rules' reading where the model reads the language
/// better than the rules and is sure of the message, unless the rules are sure of theirs (see
/// [`DECIDES_AT`], [`SURE_AT`], [`RULES_KEEP_AT`]).
pub fn combine(mut rules: ConcernReading, model: &Model, guess: Option<Guess>) -> ConcernReading {
    rules.learned = guess;
    let Some(g) = guess else { return rules };
    let cv = model.cv_accuracy.unwrap_or(0.0);
    let takes = cv >= DECIDES_AT && g.probability >= SURE_AT && rules.confidence < RULES_KEEP_AT;
    if !takes || g.concern == rules.concern {
        return rules;
    }
    if says_they_leave_over_a_grievance(&rules, g)
        || someone_leaves_not_the_customer(&rules, g)
        || housekeeping_the_guess_has_no_cue_for(&rules, g)
    {
        return rules;
    }
    // A guess no cue of the packs backs is word statistics alone ("Can we catch up about the
    // account at some point?" reads 0.99 as a value gap): its confidence is halved, so the
    // replies lean on listening.
    let backed = rules.evidence.iter().any(|e| e.concern == g.concern);
    let share = if backed { 1.0 } else { UNBACKED_SHARE };
    rules.concern = g.concern;
    rules.reader = Reader::Learned;
    rules.confidence = ((g.probability * cv.max(0.5) * share) * 100.0).round() / 100.0;
    rules
        .evidence
        .sort_by_key(|e| std::cmp::Reverse(e.concern == g.concern));
    rules
}

/// Whether the rules read a cancellation from a strong cue ("we are not renewing") where the
/// model reads the grievances around it as a complaint: the customer has said they are
/// leaving, and that is what the reply must address first (the grievance is the reason).
fn says_they_leave_over_a_grievance(rules: &ConcernReading, g: Guess) -> bool {
    rules.concern == Concern::Churn
        && g.concern == Concern::Complaint
        && strong_leaving_phrases(&rules.evidence) >= 1
}

/// Whether the model reads a cancellation where the rules read housekeeping from a strong
/// cue and no phrase of leaving the vendor: a contact moving to a new job ("my last day at
/// Kampala Agro… the renewal paperwork goes to Grace") uses the words of leaving and names
/// the renewal, which is what the model learned churn from.
fn someone_leaves_not_the_customer(rules: &ConcernReading, g: Guess) -> bool {
    g.concern == Concern::Churn
        && rules.concern == Concern::Other
        && strongest(rules, Concern::Other) >= STRONG
        && strongest(rules, Concern::Churn) < MEDIUM
}

/// Whether the rules read housekeeping from two strong cues ("mon mail de ce matin ne vous était
/// pas destiné") and no cue of the packs backs the model's guess: an apology or a misdirected
/// mail carries the words the model learned complaints from, and nothing else in it does.
fn housekeeping_the_guess_has_no_cue_for(rules: &ConcernReading, g: Guess) -> bool {
    let strong_housekeeping = rules
        .evidence
        .iter()
        .filter(|e| e.concern == Concern::Other && e.weight >= STRONG)
        .count();
    rules.concern == Concern::Other
        && strong_housekeeping >= 2
        && strongest(rules, g.concern) == 0.0
}

/// The weight of the strongest cue of `concern` the rules counted.
fn strongest(rules: &ConcernReading, concern: Concern) -> f32 {
    rules
        .evidence
        .iter()
        .filter(|e| e.concern == concern)
        .map(|e| e.weight)
        .fold(0.0, f32::max)
}

/// Labelled training messages of one language, counted.
#[derive(Debug, Clone, Default)]
pub struct Counts {
    messages: HashMap<Concern, u32>,
    features: BTreeMap<String, HashMap<Concern, u32>>,
}

impl Counts {
    pub fn add(&mut self, concern: Concern, features: &[String]) {
        *self.messages.entry(concern).or_default() += 1;
        for f in features {
            *self
                .features
                .entry(f.clone())
                .or_default()
                .entry(concern)
                .or_default() += 1;
        }
    }

    pub fn messages(&self) -> u32 {
        self.messages.values().sum()
    }

    /// Every concern in a fixed order (all of them, so a model can name any).
    fn concerns() -> Vec<Concern> {
        Concern::ALL.to_vec()
    }

    fn kept(&self) -> impl Iterator<Item = (&String, &HashMap<Concern, u32>)> {
        self.features
            .iter()
            .filter(|(_, by)| by.values().sum::<u32>() >= MIN_MESSAGES)
    }

    /// The model these counts make, with the accuracy measured for it.
    pub fn model(&self, code: &str, cv_accuracy: Option<f32>) -> Model {
        let concerns = Counts::concerns();
        let messages: Vec<f32> = concerns
            .iter()
            .map(|c| self.messages.get(c).copied().unwrap_or(0) as f32)
            .collect();
        let rows = self
            .kept()
            .map(|(f, by)| {
                let counts = concerns
                    .iter()
                    .map(|c| by.get(c).copied().unwrap_or(0) as f32)
                    .collect();
                (f.clone(), counts)
            })
            .collect();
        Model::from_counts(code.to_string(), cv_accuracy, concerns, &messages, rows)
    }

    /// The model file: a header, then one line per kept feature with its count per concern.
    pub fn render(&self, code: &str, cv_accuracy: Option<f32>, trained_on: &[String]) -> String {
        let concerns = Counts::concerns();
        let row = |by: &dyn Fn(Concern) -> u32| {
            concerns
                .iter()
                .map(|c| by(*c).to_string())
                .collect::<Vec<_>>()
                .join("\t")
        };
        let mut out = String::new();
        let _ = writeln!(
            out,
            "# The learned concern reader for `{code}`: naive Bayes counts written by `reframe learn`."
        );
        let _ = writeln!(
            out,
            "# Trained on {} labelled messages of: {}.",
            self.messages(),
            trained_on.join(", ")
        );
        let _ = writeln!(
            out,
            "# Change the labelled sets and run `reframe learn` again rather than editing counts."
        );
        let _ = writeln!(out, "language\t{code}");
        if let Some(cv) = cv_accuracy {
            let _ = writeln!(out, "cv_accuracy\t{cv:.3}");
        }
        let names: Vec<&str> = concerns.iter().map(|c| c.as_str()).collect();
        let _ = writeln!(out, "concerns\t{}", names.join("\t"));
        let _ = writeln!(
            out,
            "messages\t{}",
            row(&|c| self.messages.get(&c).copied().unwrap_or(0))
        );
        for (f, by) in self.kept() {
            let _ = writeln!(
                out,
                "f\t{f}\t{}",
                row(&|c| by.get(&c).copied().unwrap_or(0))
            );
        }
        out
    }
}

/// Leave-one-set-out accuracy: each set is guessed by a model counted from the others.
/// `examples` are (set index, concern, features). None when fewer than two sets hold some.
pub fn cross_validate(
    code: &str,
    examples: &[(usize, Concern, Vec<String>)],
) -> Option<(u32, u32)> {
    let sets: BTreeSet<usize> = examples.iter().map(|e| e.0).collect();
    if sets.len() < 2 {
        return None;
    }
    let (mut right, mut total) = (0, 0);
    for held in &sets {
        let mut counts = Counts::default();
        for (_, c, f) in examples.iter().filter(|e| e.0 != *held) {
            counts.add(*c, f);
        }
        let model = counts.model(code, None);
        for (_, c, f) in examples.iter().filter(|e| e.0 == *held) {
            total += 1;
            right += u32::from(model.guess(f).is_some_and(|g| g.concern == *c));
        }
    }
    Some((right, total))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::understand::concern::Evidence;

    fn f(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    fn toy() -> Counts {
        let mut c = Counts::default();
        c.add(Concern::Price, &f(&["expens", "budget", "quot"]));
        c.add(Concern::Price, &f(&["expens", "quot", "renew"]));
        c.add(Concern::Churn, &f(&["cancel", "renew", "account"]));
        c.add(Concern::Churn, &f(&["cancel", "account", "close"]));
        c
    }

    #[test]
    fn guesses_the_concern_whose_words_it_saw() {
        let model = toy().model("en", None);
        let g = model.guess(&f(&["expens", "quot"])).unwrap();
        assert_eq!(g.concern, Concern::Price);
        assert!(g.probability > 0.5 && g.probability <= 1.0);
        assert_eq!(
            model.guess(&f(&["cancel", "account"])).unwrap().concern,
            Concern::Churn
        );
        assert!(
            model.guess(&f(&["unheard"])).is_none(),
            "no known word, no guess"
        );
    }

    #[test]
    fn a_rendered_model_parses_back_to_the_same_guesses() {
        let counts = toy();
        let text = counts.render("en", Some(0.75), &["dev".into()]);
        assert!(text.contains("cv_accuracy\t0.750"));
        assert!(!text.contains("\tclose\t"), "a word seen once is not kept");
        let model = Model::parse("en.tsv", &text).unwrap();
        assert_eq!(model.cv_accuracy, Some(0.75));
        let direct = counts.model("en", None).guess(&f(&["renew", "cancel"]));
        assert_eq!(model.guess(&f(&["renew", "cancel"])), direct);
        assert_eq!(direct.unwrap().concern, Concern::Churn);
    }

    #[test]
    fn bad_model_files_are_clear_errors() {
        let e = Model::parse("x.tsv", "language\ten\nconcerns\tprice\tnope\n").unwrap_err();
        assert!(
            e.contains("x.tsv:2") && e.contains("unknown concern"),
            "{e}"
        );
        let e = Model::parse(
            "x.tsv",
            "language\ten\nconcerns\tprice\tchurn\nmessages\t1\n",
        )
        .unwrap_err();
        assert!(e.contains("one number per concern"), "{e}");
        let e = Model::parse("x.tsv", "wat\n").unwrap_err();
        assert!(e.contains("unknown line"), "{e}");
        assert!(Model::parse("x.tsv", "concerns\tprice\tchurn\n").is_err());
    }

    #[test]
    fn cross_validation_holds_each_set_out() {
        let set = |i: usize, price: &str, churn: &str| {
            vec![
                (i, Concern::Price, f(&["expens", price])),
                (i, Concern::Price, f(&["expens", "quot"])),
                (i, Concern::Churn, f(&["cancel", churn])),
                (i, Concern::Churn, f(&["cancel", "account"])),
            ]
        };
        let mut ex = set(0, "budget", "close");
        ex.extend(set(1, "steep", "leav"));
        assert_eq!(cross_validate("en", &ex), Some((8, 8)));
        // Labels that contradict the other set are guessed wrong.
        for e in ex.iter_mut().filter(|e| e.0 == 1) {
            e.1 = if e.1 == Concern::Price {
                Concern::Churn
            } else {
                Concern::Price
            };
        }
        assert_eq!(cross_validate("en", &ex), Some((0, 8)));
        assert!(
            cross_validate("en", &ex[..4]).is_none(),
            "one set cannot be held out"
        );
    }

    fn rules_reading(concern: Concern) -> ConcernReading {
        ConcernReading {
            concern,
            confidence: 0.5,
            evidence: Vec::new(),
            scores: Vec::new(),
            reader: Reader::Rules,
            learned: None,
        }
    }

    #[test]
    fn a_model_decides_only_where_it_reads_better_and_is_sure() {
        let sure = Some(Guess {
            concern: Concern::Churn,
            probability: 0.95,
        });
        let unsure = Some(Guess {
            concern: Concern::Churn,
            probability: 0.7,
        });
        let good = toy().model("en", Some(0.85));
        let r = combine(rules_reading(Concern::Price), &good, sure);
        assert_eq!((r.concern, r.reader), (Concern::Churn, Reader::Learned));
        assert_eq!(r.confidence, 0.4, "no churn cue backs the guess: halved");
        let mut backed = rules_reading(Concern::Price);
        backed.evidence.push(Evidence {
            concern: Concern::Churn,
            weight: 1.0,
            sentence: 0,
            first: 0,
            last: 0,
            cue: "end".to_string(),
            text: "end".to_string(),
        });
        let r = combine(backed, &good, sure);
        assert_eq!((r.concern, r.confidence), (Concern::Churn, 0.81));
        let mut sure_rules = rules_reading(Concern::Price);
        sure_rules.confidence = 0.8;
        let r = combine(sure_rules, &good, sure);
        assert_eq!((r.concern, r.reader), (Concern::Price, Reader::Rules));
        let r = combine(rules_reading(Concern::Price), &good, unsure);
        assert_eq!((r.concern, r.reader), (Concern::Price, Reader::Rules));
        assert_eq!(r.learned, unsure, "the guess is reported even when unused");
        let weak = toy().model("pt", Some(0.6));
        let r = combine(rules_reading(Concern::Other), &weak, sure);
        assert_eq!((r.concern, r.reader), (Concern::Other, Reader::Rules));
        let unmeasured = toy().model("nl", None);
        let r = combine(rules_reading(Concern::Price), &unmeasured, sure);
        assert_eq!(r.concern, Concern::Price);
    }

    #[test]
    fn housekeeping_read_from_two_strong_cues_stands_against_an_unbacked_guess() {
        let sure = Some(Guess {
            concern: Concern::Complaint,
            probability: 0.99,
        });
        let good = toy().model("en", Some(0.85));
        let cue = |concern: Concern, weight: f32, first: usize| Evidence {
            concern,
            weight,
            sentence: 0,
            first,
            last: first,
            cue: "cue".to_string(),
            text: "cue".to_string(),
        };
        let housekeeping = |evidence: Vec<Evidence>| ConcernReading {
            evidence,
            ..rules_reading(Concern::Other)
        };
        let two = housekeeping(vec![
            cue(Concern::Other, STRONG, 0),
            cue(Concern::Other, STRONG, 5),
        ]);
        assert_eq!(combine(two.clone(), &good, sure).concern, Concern::Other);
        let one = housekeeping(vec![cue(Concern::Other, STRONG, 0)]);
        assert_eq!(combine(one, &good, sure).concern, Concern::Complaint);
        let mut backed = two;
        backed.evidence.push(cue(Concern::Complaint, MEDIUM, 9));
        assert_eq!(combine(backed, &good, sure).concern, Concern::Complaint);
    }

    #[test]
    fn the_strongest_sentence_is_the_one_whose_words_speak_for_the_concern() {
        let text = std::fs::read_to_string("prompts/builtin/en.toml").expect("en pack");
        let lang = super::super::Lang::parse("en.toml", &text).expect("en pack compiles");
        let doc = Doc::new(
            "Thanks for the demo last week. We will cancel the account in May.",
            &lang.grammar,
        );
        let mut counts = toy();
        let mut cancel = features(&Doc::new("cancel the account", &lang.grammar), &[]);
        cancel.push("noise".into());
        counts.add(Concern::Churn, &cancel);
        counts.add(Concern::Churn, &cancel);
        let model = counts.model("en", None);
        assert_eq!(
            model.strongest_sentence(&doc, &[false, false], Concern::Churn),
            Some(1)
        );
        assert_eq!(
            model.strongest_sentence(&doc, &[false, true], Concern::Churn),
            Some(0)
        );
    }
}
