//! `reframe learn`: trains the learned concern models from labelled understanding sets.
//!
//! Owns turning sets into per-language training examples (the newest customer message of each
//! thread labelled with a concern, read exactly as `reframe read` reads it), measuring each
//! language's model by leaving one set out at a time, and the report of what was written. The
//! counting and the file format are `understand::learned`'s; this part must not decide how a
//! model is used.
//!
//! Messages labelled to abstain teach no concern and are skipped, as are messages in a
//! language without a pack. The abuse readers (`--abuse`) learn from every message whose
//! newest customer text is labelled: abusive, or anything else but empty and awaiting the
//! customer (nothing of the customer's to read) and golden cases whose abstention names no
//! reason. Golden case directories (`evals/cases`) are labelled material
//! too: their `expect.concern` teaches like a set's label.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use super::case;
use super::understanding::{self, MessageCase, Set};
use crate::understand::learned::{cross_validate, Counts};
use crate::understand::learned_abuse::{self, AbuseCheck, AbuseCounts};
use crate::understand::Understanding;

/// One language's model, trained.
#[derive(Debug, Clone, Serialize)]
pub struct Trained {
    pub language: String,
    pub messages: u32,
    /// Leave-one-set-out: right and total (none when the language is in one set only).
    pub cross_validated: Option<(u32, u32)>,
    /// Whether the model decides in its language (`cv_accuracy >= learned::DECIDES_AT`).
    pub decides: bool,
    /// The model file's text.
    #[serde(skip)]
    pub file: String,
}

impl Trained {
    pub fn cv_accuracy(&self) -> Option<f32> {
        self.cross_validated
            .filter(|(_, total)| *total > 0)
            .map(|(right, total)| right as f32 / total as f32)
    }
}

/// Loads labelled material: an understanding set (a directory with `messages.yaml`), or
/// golden case files and directories.
pub fn load(path: &Path) -> Result<Set, String> {
    if path.join("messages.yaml").is_file() {
        return understanding::load(path).map_err(|e| e.to_string());
    }
    let cases = case::load(&[path.to_path_buf()]).map_err(|e| e.to_string())?;
    let messages = cases
        .iter()
        .filter(|c| c.expect.concern.is_some() || c.expects_abstain())
        .map(|c| MessageCase {
            id: c.id.clone(),
            language: String::new(),
            concern: c.expect.concern,
            abstain: c.expects_abstain().then(|| "abstain".to_string()),
            deferred: false,
            note: None,
            context: c.context.clone(),
            thread: c.thread.clone(),
        })
        .collect();
    Ok(Set {
        name: path.display().to_string(),
        messages,
        drafts: Vec::new(),
    })
}

/// Trains one model per language found in `sets`, or only for the languages in `only` when
/// it names any.
pub fn train(sets: &[Set], understanding: &Understanding, only: &[String]) -> Vec<Trained> {
    let label = |case: &MessageCase| case.concern.filter(|_| case.abstain.is_none());
    let by_language = by_language(sets, only, label, |t| understanding.features(t));
    let names: Vec<String> = sets.iter().map(|s| s.name.clone()).collect();
    by_language
        .into_iter()
        .map(|(code, examples)| {
            let mut counts = Counts::default();
            for (_, concern, features) in &examples {
                counts.add(*concern, features);
            }
            let cross_validated = cross_validate(&code, &examples);
            let mut trained = Trained {
                language: code.clone(),
                messages: counts.messages(),
                cross_validated,
                decides: false,
                file: String::new(),
            };
            let cv = trained.cv_accuracy();
            trained.decides = cv.is_some_and(|a| a >= crate::understand::learned::DECIDES_AT);
            trained.file = counts.render(&code, cv, &names);
            trained
        })
        .collect()
}

/// The labelled messages of `sets` (those `label` names) as (set index, label, what `read`
/// makes of the newest customer message), by the language of the pack that read them; only
/// the languages in `only` when it names any.
fn by_language<L, F>(
    sets: &[Set],
    only: &[String],
    label: impl Fn(&MessageCase) -> Option<L>,
    read: impl Fn(&crate::thread::Thread) -> Option<(String, F)>,
) -> BTreeMap<String, Vec<(usize, L, F)>> {
    let wanted = |code: &str| only.is_empty() || only.iter().any(|o| o == code);
    let mut by_language: BTreeMap<String, Vec<(usize, L, F)>> = BTreeMap::new();
    for (i, set) in sets.iter().enumerate() {
        for case in &set.messages {
            let Some(l) = label(case) else { continue };
            let read = read(&case.thread().cleaned().thread);
            if let Some((code, features)) = read.filter(|(code, _)| wanted(code)) {
                by_language.entry(code).or_default().push((i, l, features));
            }
        }
    }
    by_language
}

/// One line per language: messages, cross-validated accuracy, and whether it decides.
pub fn pretty(trained: &[Trained]) -> String {
    let mut out = String::new();
    for t in trained {
        let cv = match t.cross_validated {
            Some((right, total)) => format!(
                "{:.1}% ({right}/{total}) leaving one set out",
                100.0 * right as f32 / total.max(1) as f32
            ),
            None => "not measured (one set)".to_string(),
        };
        let role = if t.decides {
            "decides when sure"
        } else {
            "reported only (the rules read this language)"
        };
        out.push_str(&format!(
            "{:<4} {:>4} messages  {cv}  {role}\n",
            t.language, t.messages
        ));
    }
    out
}

/// One language's abuse reader, trained.
#[derive(Debug, Clone, Serialize)]
pub struct TrainedAbuse {
    pub language: String,
    pub messages: u32,
    pub abusive: u32,
    /// Leave-one-set-out figures at a few thresholds, the one in use first (none when the
    /// language is in one set only).
    pub cross_validated: Vec<AbuseCheck>,
    /// The model file's text.
    #[serde(skip)]
    pub file: String,
}

/// Thresholds the report shows beside [`learned_abuse::ABUSIVE_AT`], to see what moving it
/// would cost.
const ABUSE_THRESHOLDS_SHOWN: [f32; 4] = [10.0, 20.0, 25.0, 30.0];

/// Trains one abuse reader per language found in `sets` (or in `only`).
pub fn train_abuse(
    sets: &[Set],
    understanding: &Understanding,
    only: &[String],
) -> Vec<TrainedAbuse> {
    let label = |case: &MessageCase| match case.abstain.as_deref() {
        Some("abusive") => Some(true),
        Some("legal_threat") | None => Some(false),
        Some(_) => None,
    };
    let by_language = by_language(sets, only, label, |t| understanding.features_by_sentence(t));
    let names: Vec<String> = sets.iter().map(|s| s.name.clone()).collect();
    by_language
        .into_iter()
        .map(|(code, examples)| {
            let mut counts = AbuseCounts::default();
            for (_, abusive, sentences) in &examples {
                counts.add(*abusive, &learned_abuse::union(sentences));
            }
            let (messages, abusive) = counts.messages();
            let held_out = learned_abuse::read_held_out(&code, &examples).unwrap_or_default();
            let thresholds =
                std::iter::once(learned_abuse::ABUSIVE_AT).chain(ABUSE_THRESHOLDS_SHOWN);
            let cross_validated = match held_out.is_empty() {
                true => Vec::new(),
                false => thresholds.map(|at| AbuseCheck::at(at, &held_out)).collect(),
            };
            TrainedAbuse {
                file: counts.render(&code, &names),
                language: code,
                messages,
                abusive,
                cross_validated,
            }
        })
        .collect()
}

/// One line per language: messages, and what leaving one set out catches and falsely flags.
pub fn pretty_abuse(trained: &[TrainedAbuse]) -> String {
    let mut out = String::new();
    for t in trained {
        let figures: Vec<String> = t
            .cross_validated
            .iter()
            .map(|c| {
                format!(
                    "at {:.0}: caught {}/{}, false {}/{}",
                    c.at, c.caught, c.abusive, c.false_alarms, c.other
                )
            })
            .collect();
        let cv = match figures.is_empty() {
            true => "not measured (one set)".to_string(),
            false => format!("leaving one set out, {}", figures.join("; ")),
        };
        out.push_str(&format!(
            "{:<4} {:>4} messages ({:>3} abusive)  {cv}\n",
            t.language, t.messages, t.abusive
        ));
    }
    out
}
