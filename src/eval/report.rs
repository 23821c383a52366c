//! The eval report: what a run found, as data (serialised as the `json` format and read back
//! as a `--baseline`). Renderers for the other formats live in [`super::render`].
//!
//! Owns the report's shape; it must not run anything or decide gates.

use serde::{Deserialize, Serialize};

/// One scorer's verdict on one reply (or on one suggestion).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoreLine {
    /// `assert:<type>`, `coach`, `judge`, `similarity`, `expect:abstain`, `expect:concern`.
    pub scorer: String,
    /// 0..1.
    pub score: f64,
    /// `pass`, `fail`, `unscored` (a judge answer that could not be read) or `skipped`.
    pub status: Status,
    pub reason: String,
    /// Weight in the case's weighted score.
    #[serde(default = "one")]
    pub weight: f64,
}

fn one() -> f64 {
    1.0
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pass,
    Fail,
    Unscored,
    Skipped,
}

/// One generated sample of a case (one suggestion, possibly several replies).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sample {
    pub index: usize,
    pub passed: bool,
    /// Weighted score of all scorers, 0..1.
    pub score: f64,
    /// The replies' texts (empty when the suggestion abstained).
    pub replies: Vec<String>,
    /// `abstain.reason` when the suggestion abstained.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub abstained: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub concern: Option<String>,
    pub scores: Vec<ScoreLine>,
    /// Set when generating failed (the sample fails).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// `generated`, `cached` or `replayed`.
    pub source: String,
}

/// A case under one variant, over all its samples.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseResult {
    pub id: String,
    pub title: String,
    pub tags: Vec<String>,
    pub variant: String,
    /// True when every sample passed.
    pub passed: bool,
    pub pass_rate: f64,
    /// 95% Wilson score interval of the pass rate.
    pub wilson: [f64; 2],
    /// The samples disagree (some passed, some failed).
    pub flaky: bool,
    /// Mean weighted score over samples.
    pub score: f64,
    /// Mean score per scorer over samples.
    pub scorer_means: Vec<(String, f64)>,
    /// Why it failed, most important first (empty when it passed).
    pub reasons: Vec<String>,
    pub samples: Vec<Sample>,
    /// Against `--baseline`: `regressed`, `fixed`, `flaky`, `new`, `same`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<String>,
}

/// `--references`: one labelled reference reply, scored without generating.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReferenceResult {
    pub case: String,
    /// `good` or `bad`.
    pub label: String,
    pub index: usize,
    pub text: String,
    /// The harness's verdict on the reply (good references should pass, bad ones fail).
    pub passed: bool,
    /// `passed == (label == "good")`.
    pub agrees: bool,
    pub scores: Vec<ScoreLine>,
}

/// How well one scorer separates good from bad references.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Agreement {
    pub scorer: String,
    pub good_total: usize,
    pub good_passed: usize,
    pub bad_total: usize,
    pub bad_failed: usize,
    /// Share of references whose verdict matches the label.
    pub agreement: f64,
    /// Share of bad references this scorer passed.
    pub false_pass_rate: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// `generate` or `references`.
    pub mode: String,
    pub cases: usize,
    pub passed: usize,
    pub pass_rate: f64,
    pub variants: Vec<String>,
    pub flaky: usize,
    #[serde(default)]
    pub regressed: usize,
    #[serde(default)]
    pub fixed: usize,
    #[serde(default)]
    pub new: usize,
    /// Per-scorer agreement (references mode) .
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub agreement: Vec<Agreement>,
    /// Gate verdicts: each says what was required and what was found.
    #[serde(default)]
    pub gates: Vec<Gate>,
    pub passed_gates: bool,
    pub provider: String,
    pub prompt_version: String,
    pub repeat: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Gate {
    pub name: String,
    pub passed: bool,
    pub detail: String,
}

/// The whole report. In `generate` mode `cases` holds [`CaseResult`]s; in `references` mode
/// it holds [`ReferenceResult`]s (SPEC: one entry per labelled reference).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub summary: Summary,
    pub cases: Entries,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Entries {
    Generated(Vec<CaseResult>),
    References(Vec<ReferenceResult>),
}
