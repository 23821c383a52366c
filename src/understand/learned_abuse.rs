//! The learned abuse reader: naive Bayes over the same stems and stem pairs as the learned
//! concern reader, with two classes, abusive or not.
//!
//! Owns the model file (`prompts/builtin/learned/abuse/xx.tsv`, written by
//! `reframe learn --abuse`), its counting and training, leave-one-set-out measurement, and
//! the threshold at which its reading sends a message to a human. It must not read the
//! triage lists: it is the second opinion beside them.
//!
//! Why: the triage lists catch insults by phrase families, and an abusive letter with no rude
//! word invents its own images ("a satnav given bad news", "the curiosity of a coat rack"),
//! which no list written before it holds. What such letters share is the rest of their words:
//! who hired you, your job, your parents, a child who could do better, stop writing to me.
//! Measured by leaving one set out at a time, those words carry most of them; the threshold
//! is set where the same measure finds almost no false abstention among thousands of angry
//! complaints, legal threats and look-alikes. Bernoulli naive Bayes over present features
//! is a table of counts, written by hand for the reason `learned` gives.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use rustc_hash::FxHashMap;

use super::doc::Doc;
use super::learned::{self, ALPHA, MAX_FEATURES, MIN_MESSAGES};

/// Log-odds at which the reader calls a message abusive. Measured by leaving one set out
/// over 6,605 messages in the 7 packs (`reframe learn --abuse`, round 168), with the sentence
/// rule below: at 15 it caught 479 of 528 abusive ones and sent none of the 6,077 others to
/// a human; at 10, 484; at 20, 469; at 30, 449 (without the sentence rule, 485 at 15 and a
/// false alarm at 10).
pub const ABUSIVE_AT: f32 = 15.0;

/// A string of put-downs runs over several sentences: a message is abusive only when this many
/// sentences speak for it on their own words. One line with a vending machine and a brain in it
/// ("We met the vending machine supplier; brain-storming next week") reads 19 on its words,
/// all in one sentence.
pub const SENTENCES_FOR: usize = 2;

/// What a sentence's own words must add to the log-odds to speak for abuse. Measured the same
/// way at 15: 2 caught 482, 3 caught 479, 5 caught 471; three sentences at 3 caught 415.
pub const SENTENCE_AT: f32 = 3.0;

/// Sentences speaking for abuse that make a verdict whatever the sum says. Every word of a
/// long letter counts in the sum, and words seen only in other messages speak against abuse,
/// so a letter of invented images with business around them sums low (the round-168 blind
/// set: an abusive Italian letter read 40, a French one 14 with three put-down sentences).
/// Leaving one set out (round 169, heldout-r1 to r108): the sum alone caught 12 of the 26
/// abusive letters of r104-r107 and 2 of 10 of r108; with this rule 16 and 5, and one false
/// alarm among 6,114 other messages (a French complaint of the training sets, with three
/// sharp sentences about the rep's service).
pub const STRING_OF_SENTENCES: usize = 3;

/// How many messages' worth of weight draws each class's rate of a feature toward its rate
/// over all messages. Additive smoothing (`learned::ALPHA`) lends the small abusive class a
/// large floor, so every word seen only in a complaint or two spoke for abuse (a furious
/// German complaint read 42 in favour, in sample); drawn toward the pooled rate, a word
/// seen only in other messages speaks mildly against it. Measured the same way: 20, 50 and
/// 150 caught 470, 485 and 483 at their best false-alarm-free threshold.
const POOLED_STRENGTH: f32 = 50.0;

/// One language's abuse reader, ready to read.
#[derive(Debug, Clone)]
pub struct AbuseModel {
    pub code: String,
    /// Log of the prior odds of abuse.
    prior: f32,
    /// Row of each feature in `weights`: looked up for every word and word pair read, as
    /// the concern model does, so reading builds no feature strings.
    index: FxHashMap<String, usize>,
    /// Log-likelihood ratio of each feature's presence, abusive against not, in the
    /// features' sorted order (so sums run in the same order however they are looked up).
    weights: Vec<f32>,
}

/// What the reader makes of a message.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AbuseReading {
    /// Log-odds that the message is abusive.
    pub log_odds: f32,
    /// Sentences whose own words speak for abuse by at least [`SENTENCE_AT`].
    pub sentences_for: usize,
}

impl AbuseReading {
    /// Whether the reading sends the message to a human at log-odds `at`: by the whole
    /// message's words, or by a string of sentences that each read as a put-down whatever the
    /// rest says (a long letter's business words outweigh its insults in the sum).
    pub fn is_abusive_at(&self, at: f32) -> bool {
        let by_sum = self.log_odds >= at && self.sentences_for >= SENTENCES_FOR;
        by_sum || self.sentences_for >= STRING_OF_SENTENCES
    }
}

/// `rows` sorted, each once.
fn sorted_once(mut rows: Vec<usize>) -> Vec<usize> {
    rows.sort_unstable();
    rows.dedup();
    rows
}

/// Every feature of `sentences`, each once.
pub fn union(sentences: &[Vec<String>]) -> Vec<String> {
    let mut all: Vec<String> = sentences.iter().flatten().cloned().collect();
    all.sort_unstable();
    all.dedup();
    all
}

impl AbuseModel {
    /// Whether the sentences of `doc` not `ignored` read as abusive (see [`ABUSIVE_AT`]).
    pub fn is_abusive(&self, doc: &Doc, ignored: &[bool]) -> bool {
        let mut pair = String::new();
        let sentences: Vec<Vec<usize>> = doc
            .sentences_except(ignored)
            .map(|s| {
                let mut known = Vec::new();
                learned::sentence_features(doc, s, &mut pair, |f| {
                    known.extend(self.index.get(f).copied())
                });
                sorted_once(known)
            })
            .collect();
        self.read_known(&sentences)
            .is_some_and(|r| r.is_abusive_at(ABUSIVE_AT))
    }

    /// The reading of a message given as the features of each of its sentences (none
    /// without a feature the model knows).
    pub fn read(&self, sentences: &[Vec<String>]) -> Option<AbuseReading> {
        let known: Vec<Vec<usize>> = sentences
            .iter()
            .map(|s| {
                sorted_once(
                    s.iter()
                        .filter_map(|f| self.index.get(f).copied())
                        .collect(),
                )
            })
            .collect();
        self.read_known(&known)
    }

    /// [`AbuseModel::read`] over the rows of each sentence's known features.
    fn read_known(&self, sentences: &[Vec<usize>]) -> Option<AbuseReading> {
        let all = sorted_once(sentences.concat());
        if all.is_empty() {
            return None;
        }
        let sentences_for = sentences
            .iter()
            .filter(|s| self.support(s) >= SENTENCE_AT)
            .count();
        Some(AbuseReading {
            log_odds: self.prior + self.support(&all),
            sentences_for,
        })
    }

    /// The summed weights of `rows` (each once, in order).
    fn support(&self, rows: &[usize]) -> f32 {
        rows.iter().map(|&r| self.weights[r]).sum()
    }

    /// Parses a model file (see [`AbuseCounts::render`]).
    pub fn parse(name: &str, text: &str) -> Result<AbuseModel, String> {
        let err = |line: usize, what: &str| format!("{name}:{line}: {what}");
        let mut code = None;
        let mut counts = AbuseCounts::default();
        let mut messages = None;
        for (i, line) in text.lines().enumerate().map(|(i, l)| (i + 1, l)) {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let cells: Vec<&str> = line.split('\t').collect();
            match cells.as_slice() {
                ["language", c] => code = Some(c.to_string()),
                ["messages", not, abusive] => {
                    messages = Some(pair(not, abusive).ok_or_else(|| err(i, "bad counts"))?)
                }
                ["f", feature, not, abusive] => {
                    let by = pair(not, abusive).ok_or_else(|| err(i, "bad counts"))?;
                    counts.features.insert(feature.to_string(), by);
                }
                _ => return Err(err(i, "unknown line")),
            }
            if counts.features.len() > MAX_FEATURES {
                return Err(err(i, "too many features"));
            }
        }
        let code = code.ok_or_else(|| format!("{name}: no language line"))?;
        counts.messages = messages.ok_or_else(|| format!("{name}: no messages line"))?;
        Ok(counts.model(&code))
    }
}

fn pair(a: &str, b: &str) -> Option<[u32; 2]> {
    Some([a.parse().ok()?, b.parse().ok()?])
}

/// Labelled training messages of one language, counted: `[not abusive, abusive]`.
#[derive(Debug, Clone, Default)]
pub struct AbuseCounts {
    messages: [u32; 2],
    features: BTreeMap<String, [u32; 2]>,
}

impl AbuseCounts {
    pub fn add(&mut self, abusive: bool, features: &[String]) {
        self.count(abusive, features, 1);
    }

    /// Takes back what [`AbuseCounts::add`] counted: the model without one set.
    pub fn remove(&mut self, abusive: bool, features: &[String]) {
        self.count(abusive, features, -1);
    }

    fn count(&mut self, abusive: bool, features: &[String], by: i64) {
        let k = usize::from(abusive);
        let shift = |n: &mut u32| *n = (i64::from(*n) + by).max(0) as u32;
        shift(&mut self.messages[k]);
        for f in features {
            shift(&mut self.features.entry(f.clone()).or_default()[k]);
        }
    }

    /// How many messages were counted, and how many of them abusive.
    pub fn messages(&self) -> (u32, u32) {
        (self.messages[0] + self.messages[1], self.messages[1])
    }

    fn kept(&self) -> impl Iterator<Item = (&String, &[u32; 2])> {
        self.features
            .iter()
            .filter(|(_, by)| by[0] + by[1] >= MIN_MESSAGES)
    }

    /// The reader these counts make.
    pub fn model(&self, code: &str) -> AbuseModel {
        let [not, abusive] = self.messages.map(|n| n as f32);
        let all = (not + abusive).max(1.0);
        let mut index = FxHashMap::default();
        let mut weights = Vec::new();
        for (f, by) in self.kept() {
            // Each class's rate is drawn toward the feature's rate over all messages.
            let pooled = (by[0] + by[1]) as f32 / all;
            let rate =
                |c: u32, n: f32| (c as f32 + POOLED_STRENGTH * pooled) / (n + POOLED_STRENGTH);
            index.insert(f.clone(), weights.len());
            weights.push((rate(by[1], abusive) / rate(by[0], not)).ln());
        }
        AbuseModel {
            code: code.to_string(),
            prior: ((abusive + ALPHA) / (not + ALPHA)).ln(),
            index,
            weights,
        }
    }

    /// The model file: a header, then one line per kept feature with its two counts.
    pub fn render(&self, code: &str, trained_on: &[String]) -> String {
        let (all, abusive) = self.messages();
        let mut out = String::new();
        let _ = writeln!(
            out,
            "# The learned abuse reader for `{code}`: naive Bayes counts written by \
             `reframe learn --abuse`."
        );
        let _ = writeln!(
            out,
            "# Trained on {all} labelled messages ({abusive} abusive) of: {}.",
            trained_on.join(", ")
        );
        let _ = writeln!(
            out,
            "# Change the labelled sets and run `reframe learn --abuse` again rather than \
             editing counts."
        );
        let _ = writeln!(out, "language\t{code}");
        let _ = writeln!(out, "messages\t{}\t{}", self.messages[0], self.messages[1]);
        for (f, by) in self.kept() {
            let _ = writeln!(out, "f\t{f}\t{}\t{}", by[0], by[1]);
        }
        out
    }
}

/// What leaving one set out at a time measures: each message read by a model trained
/// without its set.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct AbuseCheck {
    /// Log-odds threshold the figures are for.
    pub at: f32,
    /// Abusive messages the reader caught, of `abusive`.
    pub caught: u32,
    pub abusive: u32,
    /// Other messages the reader would send to a human, of `other`.
    pub false_alarms: u32,
    pub other: u32,
}

impl AbuseCheck {
    /// The figures at log-odds `at` for messages read as (abusive, reading).
    pub fn at(at: f32, read: &[(bool, Option<AbuseReading>)]) -> AbuseCheck {
        let mut check = AbuseCheck {
            at,
            ..AbuseCheck::default()
        };
        for (abusive, reading) in read {
            let flagged = u32::from(reading.is_some_and(|r| r.is_abusive_at(at)));
            match abusive {
                true => {
                    check.abusive += 1;
                    check.caught += flagged;
                }
                false => {
                    check.other += 1;
                    check.false_alarms += flagged;
                }
            }
        }
        check
    }
}

/// A labelled training message: its set's index, whether it is abusive, and the features of
/// each of its sentences.
pub type Example = (usize, bool, Vec<Vec<String>>);

/// Each of `examples` read by a model trained without its set, as (abusive, reading); none
/// when they come from one set only.
pub fn read_held_out(
    code: &str,
    examples: &[Example],
) -> Option<Vec<(bool, Option<AbuseReading>)>> {
    let mut sets: Vec<usize> = examples.iter().map(|(s, _, _)| *s).collect();
    sets.sort_unstable();
    sets.dedup();
    if sets.len() < 2 {
        return None;
    }
    let unions: Vec<Vec<String>> = examples.iter().map(|(_, _, s)| union(s)).collect();
    let mut all = AbuseCounts::default();
    for ((_, abusive, _), features) in examples.iter().zip(&unions) {
        all.add(*abusive, features);
    }
    let mut read = Vec::with_capacity(examples.len());
    for set in sets {
        let held: Vec<usize> = (0..examples.len())
            .filter(|&i| examples[i].0 == set)
            .collect();
        let mut counts = all.clone();
        for &i in &held {
            counts.remove(examples[i].1, &unions[i]);
        }
        let model = counts.model(code);
        read.extend(
            held.iter()
                .map(|&i| (examples[i].1, model.read(&examples[i].2))),
        );
    }
    Some(read)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        text.split(' ').map(str::to_string).collect()
    }

    const PUT_DOWNS: &str = "you hired job parents nephew brain pity school";
    const COMPLAINT: &str = "you invoice export late";

    /// A hundred abusive letters and four hundred others, each with a word of its own beside
    /// the shared ones.
    fn counts() -> AbuseCounts {
        let mut c = AbuseCounts::default();
        for i in 0..100 {
            c.add(true, &words(&format!("{PUT_DOWNS} own{i}")));
        }
        for i in 0..400 {
            c.add(false, &words(&format!("{COMPLAINT} own{i}")));
        }
        c
    }

    #[test]
    fn one_sentence_of_put_down_words_is_not_a_string_of_put_downs() {
        let m = counts().model("en");
        let one = m.read(&[words(PUT_DOWNS)]).unwrap();
        assert!(
            one.log_odds > ABUSIVE_AT && !one.is_abusive_at(ABUSIVE_AT),
            "{one:?}"
        );
        let two = m.read(&[
            words("you hired job parents"),
            words("nephew brain pity school"),
        ]);
        assert!(two.unwrap().is_abusive_at(ABUSIVE_AT), "{two:?}");
    }

    #[test]
    fn three_put_down_sentences_make_a_verdict_whatever_the_business_around_them_sums() {
        let business = [
            "freight terms pallet",
            "quote renewal invoice",
            "delivery depot route",
        ];
        let mut c = counts();
        for i in 0..400 {
            c.add(false, &words(&format!("{} own{i}", business.join(" "))));
        }
        let m = c.model("en");
        let put_down = |w: &str| words(&format!("{w} hired job parents"));
        let mut letter: Vec<Vec<String>> = business.iter().map(|b| words(b)).collect();
        letter.extend([put_down("nephew"), put_down("brain")]);
        let two = m.read(&letter).unwrap();
        assert!(!two.is_abusive_at(ABUSIVE_AT), "{two:?}");
        letter.push(put_down("pity"));
        let three = m.read(&letter).unwrap();
        let out_of_reach = three.log_odds + 1.0;
        assert!(
            three.is_abusive_at(out_of_reach),
            "the string decides, not the sum: {three:?}"
        );
    }

    #[test]
    fn words_of_abusive_letters_speak_for_abuse_and_words_of_others_against_it() {
        let m = counts().model("en");
        let abusive = m.read(&[words(PUT_DOWNS)]).unwrap().log_odds;
        let other = m.read(&[words(COMPLAINT)]).unwrap().log_odds;
        assert!(abusive > ABUSIVE_AT, "{abusive}");
        assert!(other < 0.0, "{other}");
        assert_eq!(
            m.read(&[words("unheard of")]),
            None,
            "no known word, no reading"
        );
    }

    #[test]
    fn a_word_seen_in_a_few_other_messages_only_does_not_speak_for_abuse() {
        let mut c = counts();
        c.add(false, &words("you ticket"));
        c.add(false, &words("you ticket"));
        let m = c.model("en");
        let shared = m.read(&[words("you")]).unwrap().log_odds;
        let with_ticket = m.read(&[words("you ticket")]).unwrap().log_odds;
        assert!(with_ticket < shared, "{with_ticket} vs {shared}");
    }

    #[test]
    fn a_model_file_reads_back_as_the_model_it_was_written_from() {
        let c = counts();
        let file = c.render("en", &["dev".to_string()]);
        let parsed = AbuseModel::parse("abuse/en.tsv", &file).unwrap();
        let built = c.model("en");
        let probe = [words("you hired"), words("invoice parents")];
        assert_eq!(parsed.code, "en");
        assert_eq!(parsed.read(&probe), built.read(&probe));
        assert!(AbuseModel::parse("x", "language\ten\nf\tyou\t1\n").is_err());
        assert!(AbuseModel::parse("x", "f\tyou\t1\t2\n").is_err());
    }

    #[test]
    fn leaving_a_set_out_reads_its_messages_without_them() {
        let mut examples = Vec::new();
        let letter = || {
            vec![
                words(PUT_DOWNS),
                words("hired job parents"),
                words("thanks"),
            ]
        };
        for set in 0..2 {
            for _ in 0..50 {
                examples.push((set, true, letter()));
            }
            for _ in 0..200 {
                examples.push((set, false, vec![words(COMPLAINT)]));
            }
        }
        let read = read_held_out("en", &examples).unwrap();
        let check = AbuseCheck::at(ABUSIVE_AT, &read);
        assert_eq!((check.abusive, check.other), (100, 400));
        assert_eq!((check.caught, check.false_alarms), (100, 0));
        assert_eq!(
            read_held_out("en", &examples[..2]),
            None,
            "one set measures nothing"
        );
        let mut c = AbuseCounts::default();
        c.add(true, &words("a b"));
        c.remove(true, &words("a b"));
        assert_eq!(c.messages(), (0, 0));
    }
}
