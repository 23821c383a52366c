//! `reframe eval --understanding`: how well reframe reads messages nobody tuned it for.
//!
//! Owns the understanding sets (`evals/understanding/<set>/messages.yaml` and `drafts.yaml`),
//! running them through the configured engine and the coach, and the figures the method is
//! judged by: concern accuracy, abstention precision and recall (legal threat, abuse, empty,
//! awaiting the customer), replies in the customer's language, distinct "means" texts, no call
//! proposed to a customer who deferred, and the coach's agreement with labelled drafts. It
//! renders its own small report (pretty and JSON): the golden-case reports do not fit it.
//!
//! A set is written once and labelled by hand; `dev` is tuned on, a held-out round is run once before anyone reads it (see
//! `evals/understanding/README.md`). The gap between the two is the honest figure.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::pipeline::{Engine, SuggestOptions};
use crate::suggestion::{Concern, Suggestion};
use crate::thread::{Message, Thread};

const MAX_SET_BYTES: u64 = 4 * 1024 * 1024;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MessageCase {
    pub id: String,
    /// ISO 639-1 of the customer's newest message (a language without a pack expects English).
    pub language: String,
    #[serde(default)]
    pub concern: Option<Concern>,
    /// Expected abstention reason; none means reframe must not abstain.
    #[serde(default)]
    pub abstain: Option<String>,
    #[serde(default)]
    pub deferred: bool,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub context: BTreeMap<String, String>,
    pub thread: Vec<Message>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Label {
    Good,
    Bad,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DraftCase {
    pub id: String,
    /// Id of the message (in the same set) the draft answers.
    pub message: String,
    pub label: Label,
    #[serde(default)]
    pub why: Option<String>,
    pub text: String,
}

#[derive(Debug, thiserror::Error)]
pub enum SetError {
    #[error("{path}: {message}")]
    Read { path: String, message: String },
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
}

/// One understanding set, loaded and checked.
#[derive(Debug, Clone)]
pub struct Set {
    pub name: String,
    pub messages: Vec<MessageCase>,
    pub drafts: Vec<DraftCase>,
}

/// Loads a set directory: `messages.yaml` (required) and `drafts.yaml` (optional).
pub fn load(dir: &Path) -> Result<Set, SetError> {
    let messages: Vec<MessageCase> = read_yaml(&dir.join("messages.yaml"))?;
    let drafts_path = dir.join("drafts.yaml");
    let drafts: Vec<DraftCase> = if drafts_path.is_file() {
        read_yaml(&drafts_path)?
    } else {
        Vec::new()
    };
    let invalid = |message: String| SetError::Invalid {
        path: dir.display().to_string(),
        message,
    };
    let mut ids = HashSet::new();
    for m in &messages {
        if !ids.insert(m.id.as_str()) {
            return Err(invalid(format!("message id {} is used twice", m.id)));
        }
        if m.concern.is_none() && m.abstain.is_none() {
            return Err(invalid(format!(
                "message {} has neither a concern nor an abstain label",
                m.id
            )));
        }
    }
    for d in &drafts {
        if !ids.contains(d.message.as_str()) {
            return Err(invalid(format!(
                "draft {} answers unknown message {}",
                d.id, d.message
            )));
        }
    }
    let name = dir.file_name().map_or_else(
        || dir.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    Ok(Set {
        name,
        messages,
        drafts,
    })
}

fn read_yaml<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, SetError> {
    let err = |message: String| SetError::Read {
        path: path.display().to_string(),
        message,
    };
    let size = std::fs::metadata(path)
        .map_err(|e| err(e.to_string()))?
        .len();
    if size > MAX_SET_BYTES {
        return Err(err(format!(
            "{size} bytes, over the limit of {MAX_SET_BYTES}"
        )));
    }
    let text = std::fs::read_to_string(path).map_err(|e| err(e.to_string()))?;
    serde_yaml_ng::from_str(&text).map_err(|e| err(e.to_string()))
}

impl MessageCase {
    pub fn thread(&self) -> Thread {
        Thread {
            id: Some(self.id.clone()),
            messages: self.thread.clone(),
            context: self.context.clone(),
        }
    }
}

/// How one message was read.
#[derive(Debug, Clone, Serialize)]
pub struct MessageResult {
    pub id: String,
    pub language: String,
    pub expected_concern: Option<Concern>,
    pub concern: Option<Concern>,
    pub confidence: Option<f32>,
    pub expected_abstain: Option<String>,
    pub abstain: Option<String>,
    /// Language of the replies (meta.language) and whether every reply reads as it.
    pub reply_language: Option<String>,
    pub language_ok: bool,
    pub deferred: bool,
    /// A reply proposes a call or meeting (a failure when the customer deferred).
    pub proposes_call: bool,
    pub means: Option<String>,
    pub error: Option<String>,
}

impl MessageResult {
    pub fn concern_ok(&self) -> bool {
        self.expected_concern.is_some()
            && self.expected_abstain.is_none()
            && self.abstain.is_none()
            && self.concern == self.expected_concern
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct DraftResult {
    pub id: String,
    pub message: String,
    pub label: Label,
    pub passed: bool,
    pub agrees: bool,
    /// The criteria the coach failed.
    pub failed: Vec<String>,
}

/// Abstention figures for one reason (or all).
#[derive(Debug, Clone, Serialize)]
pub struct AbstainFigures {
    pub reason: String,
    pub expected: usize,
    pub predicted: usize,
    pub correct: usize,
    pub precision: f64,
    pub recall: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub set: String,
    pub provider: String,
    pub messages: usize,
    pub concern_cases: usize,
    pub concern_correct: usize,
    pub concern_accuracy: f64,
    /// Messages labelled with a concern that got an abstention.
    pub false_abstentions: usize,
    pub abstain: Vec<AbstainFigures>,
    pub language_cases: usize,
    pub language_correct: usize,
    pub language_accuracy: f64,
    pub means_total: usize,
    pub means_distinct: usize,
    pub means_distinct_rate: f64,
    pub deferred_cases: usize,
    pub deferred_without_call: usize,
    pub deferred_without_call_rate: f64,
    pub drafts: usize,
    pub drafts_agreeing: usize,
    pub coach_agreement: f64,
    pub errors: usize,
    /// Per expected concern: (cases, correct).
    pub by_concern: BTreeMap<String, (usize, usize)>,
    /// Per language: (concern cases, correct).
    pub by_language: BTreeMap<String, (usize, usize)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub summary: Summary,
    pub messages: Vec<MessageResult>,
    pub drafts: Vec<DraftResult>,
}

/// Runs every message through the engine and every draft through the coach.
pub async fn run(set: &Set, engine: &Engine) -> Report {
    let mut messages = Vec::with_capacity(set.messages.len());
    for case in &set.messages {
        messages.push(read_message(case, engine).await);
    }
    let by_id: BTreeMap<&str, &MessageCase> =
        set.messages.iter().map(|m| (m.id.as_str(), m)).collect();
    let drafts: Vec<DraftResult> = set
        .drafts
        .iter()
        .filter_map(|d| Some(review_draft(d, by_id.get(d.message.as_str())?, engine)))
        .collect();
    let summary = summarise(&set.name, engine.provider().name(), &messages, &drafts);
    Report {
        summary,
        messages,
        drafts,
    }
}

async fn read_message(case: &MessageCase, engine: &Engine) -> MessageResult {
    let mut result = MessageResult {
        id: case.id.clone(),
        language: case.language.clone(),
        expected_concern: case.concern,
        concern: None,
        confidence: None,
        expected_abstain: case.abstain.clone(),
        abstain: None,
        reply_language: None,
        language_ok: false,
        deferred: case.deferred,
        proposes_call: false,
        means: None,
        error: None,
    };
    let suggestion = match engine
        .suggest(&case.thread(), SuggestOptions::default())
        .await
    {
        Ok(s) => s,
        Err(e) => {
            result.error = Some(e.to_string());
            return result;
        }
    };
    result.abstain = suggestion.abstain.as_ref().map(|a| a.reason.clone());
    if let Some(a) = &suggestion.analysis {
        result.concern = Some(a.concern);
        result.confidence = a.confidence;
        result.means = Some(a.means.clone());
    }
    result.reply_language = suggestion.meta.language.clone();
    result.language_ok =
        replies_in_language(&suggestion, &expected_reply_language(case, engine), engine);
    result.proposes_call = proposes_call(&suggestion, case, engine);
    result
}

/// The language replies must be in: the customer's, or English when it has no pack.
fn expected_reply_language(case: &MessageCase, engine: &Engine) -> String {
    let supported = engine
        .understanding()
        .langs()
        .iter()
        .any(|l| l.code == case.language);
    if supported {
        case.language.clone()
    } else {
        crate::understand::FALLBACK_LANGUAGE.to_string()
    }
}

/// `meta.language` is the expected one and every reply reads as it.
fn replies_in_language(s: &Suggestion, want: &str, engine: &Engine) -> bool {
    if s.replies.is_empty() {
        return true;
    }
    s.meta.language.as_deref() == Some(want)
        && s.replies
            .iter()
            .all(|r| engine.understanding().language(&r.text).code == want)
}

/// Whether any reply proposes a call, read as the coach's `low_pressure` reads a draft (so the
/// builtin's own replies and reps' drafts meet one rule): the customer's "we talked it over
/// with the partners" said back proposes nothing.
fn proposes_call(s: &Suggestion, case: &MessageCase, engine: &Engine) -> bool {
    let thread = case.thread().cleaned().thread;
    let replies = s.replies.iter().map(|r| r.text.as_str());
    crate::coach::proposes_own_call(engine.understanding(), &thread, replies)
}

fn review_draft(d: &DraftCase, message: &MessageCase, engine: &Engine) -> DraftResult {
    let thread = message.thread().cleaned().thread;
    let review = crate::coach::review(engine.understanding(), &thread, &d.text);
    DraftResult {
        id: d.id.clone(),
        message: d.message.clone(),
        label: d.label,
        passed: review.passed,
        agrees: review.passed == (d.label == Label::Good),
        failed: review
            .findings
            .iter()
            .filter(|f| !f.passed)
            .map(|f| f.criterion.clone())
            .collect(),
    }
}

fn rate(k: usize, n: usize) -> f64 {
    if n == 0 {
        1.0
    } else {
        (k as f64 / n as f64 * 1000.0).round() / 1000.0
    }
}

fn summarise(
    set: &str,
    provider: &str,
    messages: &[MessageResult],
    drafts: &[DraftResult],
) -> Summary {
    let concern_cases: Vec<&MessageResult> = messages
        .iter()
        .filter(|m| m.expected_concern.is_some() && m.expected_abstain.is_none())
        .collect();
    let concern_correct = concern_cases.iter().filter(|m| m.concern_ok()).count();
    let mut by_concern: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut by_language: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for m in &concern_cases {
        let ok = usize::from(m.concern_ok());
        let key = m.expected_concern.map_or("?", Concern::as_str).to_string();
        let e = by_concern.entry(key).or_default();
        e.0 += 1;
        e.1 += ok;
        let e = by_language.entry(m.language.clone()).or_default();
        e.0 += 1;
        e.1 += ok;
    }
    let answered: Vec<&MessageResult> = messages
        .iter()
        .filter(|m| m.abstain.is_none() && m.error.is_none())
        .collect();
    let language_cases: Vec<&&MessageResult> = answered
        .iter()
        .filter(|m| m.expected_abstain.is_none())
        .collect();
    let means: Vec<&str> = answered.iter().filter_map(|m| m.means.as_deref()).collect();
    let distinct: HashSet<&str> = means.iter().copied().collect();
    let deferred: Vec<&&MessageResult> = answered.iter().filter(|m| m.deferred).collect();
    let deferred_without_call = deferred.iter().filter(|m| !m.proposes_call).count();
    Summary {
        set: set.to_string(),
        provider: provider.to_string(),
        messages: messages.len(),
        concern_cases: concern_cases.len(),
        concern_correct,
        concern_accuracy: rate(concern_correct, concern_cases.len()),
        false_abstentions: concern_cases.iter().filter(|m| m.abstain.is_some()).count(),
        abstain: abstain_figures(messages),
        language_cases: language_cases.len(),
        language_correct: language_cases.iter().filter(|m| m.language_ok).count(),
        language_accuracy: rate(
            language_cases.iter().filter(|m| m.language_ok).count(),
            language_cases.len(),
        ),
        means_total: means.len(),
        means_distinct: distinct.len(),
        means_distinct_rate: rate(distinct.len(), means.len()),
        deferred_cases: deferred.len(),
        deferred_without_call,
        deferred_without_call_rate: rate(deferred_without_call, deferred.len()),
        drafts: drafts.len(),
        drafts_agreeing: drafts.iter().filter(|d| d.agrees).count(),
        coach_agreement: rate(drafts.iter().filter(|d| d.agrees).count(), drafts.len()),
        errors: messages.iter().filter(|m| m.error.is_some()).count(),
        by_concern,
        by_language,
    }
}

/// Precision and recall per abstention reason, and over all reasons ("any").
fn abstain_figures(messages: &[MessageResult]) -> Vec<AbstainFigures> {
    let mut reasons: Vec<String> = messages
        .iter()
        .flat_map(|m| m.expected_abstain.iter().chain(m.abstain.iter()))
        .cloned()
        .collect();
    reasons.sort();
    reasons.dedup();
    let figures = |reason: &str, matches: &dyn Fn(Option<&String>) -> bool| {
        let expected = messages
            .iter()
            .filter(|m| matches(m.expected_abstain.as_ref()))
            .count();
        let predicted = messages
            .iter()
            .filter(|m| matches(m.abstain.as_ref()))
            .count();
        let correct = messages
            .iter()
            .filter(|m| matches(m.abstain.as_ref()) && m.abstain == m.expected_abstain)
            .count();
        AbstainFigures {
            reason: reason.to_string(),
            expected,
            predicted,
            correct,
            precision: rate(correct, predicted),
            recall: rate(correct, expected),
        }
    };
    let mut out: Vec<AbstainFigures> = reasons
        .iter()
        .map(|r| figures(r, &|x: Option<&String>| x == Some(r)))
        .collect();
    out.push(figures("any", &|x: Option<&String>| x.is_some()));
    out
}

/// The report as text: the figures first, then every miss.
pub fn pretty(r: &Report) -> String {
    let s = &r.summary;
    let pct = |x: f64| format!("{:.1}%", x * 100.0);
    let mut out = format!(
        "understanding · set {} · provider {} · {} messages, {} drafts\n\n",
        s.set, s.provider, s.messages, s.drafts
    );
    out.push_str(&format!(
        "concern accuracy      {:>7}  ({}/{}; {} false abstentions)\n",
        pct(s.concern_accuracy),
        s.concern_correct,
        s.concern_cases,
        s.false_abstentions
    ));
    for a in &s.abstain {
        out.push_str(&format!(
            "abstain {:<14} precision {:>7} recall {:>7}  ({} expected, {} predicted, {} right)\n",
            a.reason,
            pct(a.precision),
            pct(a.recall),
            a.expected,
            a.predicted,
            a.correct
        ));
    }
    out.push_str(&format!(
        "reply language        {:>7}  ({}/{})\n",
        pct(s.language_accuracy),
        s.language_correct,
        s.language_cases
    ));
    out.push_str(&format!(
        "distinct means        {:>7}  ({}/{})\n",
        pct(s.means_distinct_rate),
        s.means_distinct,
        s.means_total
    ));
    out.push_str(&format!(
        "deferred, no call     {:>7}  ({}/{})\n",
        pct(s.deferred_without_call_rate),
        s.deferred_without_call,
        s.deferred_cases
    ));
    out.push_str(&format!(
        "coach agreement       {:>7}  ({}/{})\n",
        pct(s.coach_agreement),
        s.drafts_agreeing,
        s.drafts
    ));
    if s.errors > 0 {
        out.push_str(&format!("errors                {}\n", s.errors));
    }
    out.push_str("\nby concern: ");
    let parts: Vec<String> = s
        .by_concern
        .iter()
        .map(|(k, (n, ok))| format!("{k} {ok}/{n}"))
        .collect();
    out.push_str(&parts.join(", "));
    out.push_str("\nby language: ");
    let parts: Vec<String> = s
        .by_language
        .iter()
        .map(|(k, (n, ok))| format!("{k} {ok}/{n}"))
        .collect();
    out.push_str(&parts.join(", "));
    out.push_str("\n\nmisses:\n");
    for m in &r.messages {
        let concern_miss = m.expected_abstain.is_none() && !m.concern_ok();
        let abstain_miss = m.abstain != m.expected_abstain;
        let call_miss = m.deferred && m.proposes_call;
        if concern_miss || abstain_miss || !m.language_ok && m.abstain.is_none() || call_miss {
            let name = |c: Option<Concern>| c.map_or("-", Concern::as_str);
            out.push_str(&format!(
                "  {:<28} concern {} -> {} ({:.2}) · abstain {} -> {} · language {}{}{}\n",
                m.id,
                name(m.expected_concern),
                name(m.concern),
                m.confidence.unwrap_or(0.0),
                m.expected_abstain.as_deref().unwrap_or("-"),
                m.abstain.as_deref().unwrap_or("-"),
                if m.language_ok { "ok" } else { "WRONG" },
                if call_miss {
                    " · proposes a call after a deferral"
                } else {
                    ""
                },
                m.error
                    .as_deref()
                    .map(|e| format!(" · error: {e}"))
                    .unwrap_or_default(),
            ));
        }
    }
    for d in r.drafts.iter().filter(|d| !d.agrees) {
        out.push_str(&format!(
            "  draft {:<22} labelled {:?}, coach {} [{}]\n",
            d.id,
            d.label,
            if d.passed { "passed" } else { "failed" },
            d.failed.join(", ")
        ));
    }
    out
}
