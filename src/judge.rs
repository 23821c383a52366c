//! The model judge: a configured model scores a reply against the rubric of `method.md`.
//!
//! Owns asking the provider (template `prompts/judge.j2`), reading its per-criterion verdicts
//! and the M/N/S arithmetic. It must never turn an unreadable judge answer into a pass or a
//! fail: such an answer is [`Verdict::Unscored`], with the reason. With the builtin engine
//! there is no model, and the verdict is [`Verdict::NoModel`].

use serde::{Deserialize, Serialize};

use crate::coach::Finding;
use crate::pipeline::Engine;
use crate::thread::Thread;

/// The rubric's criteria as the judge prompt names them, with their kind.
pub const CRITERIA: &[(&str, Kind)] = &[
    ("meaning_addressed", Kind::Must),
    ("acknowledge_first", Kind::Must),
    ("no_arguing", Kind::MustNot),
    ("explore", Kind::Must),
    ("reframe", Kind::Must),
    ("wifm", Kind::Scored),
    ("no_fabrication", Kind::MustNot),
    ("low_pressure", Kind::Must),
    ("form", Kind::Scored),
    ("safety", Kind::MustNot),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Must,
    MustNot,
    Scored,
}

/// What the judge concluded.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    Scored {
        findings: Vec<Finding>,
        passed: bool,
        score: f64,
    },
    /// The model answered, but not in a form that can be trusted.
    Unscored(String),
    NoModel,
}

/// The verdict as API clients see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct JudgeStatus {
    /// `scored`, `unscored` (the model's answer could not be read) or `none` (no model).
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

impl Verdict {
    pub fn status(&self) -> JudgeStatus {
        let (status, detail) = match self {
            Verdict::Scored { .. } => ("scored", None),
            Verdict::Unscored(why) => ("unscored", Some(why.clone())),
            Verdict::NoModel => ("none", None),
        };
        JudgeStatus {
            status: status.to_string(),
            detail,
        }
    }
}

#[derive(Deserialize)]
struct RawVerdicts {
    criteria: Vec<RawVerdict>,
}

#[derive(Deserialize)]
struct RawVerdict {
    criterion: String,
    passed: bool,
    #[serde(default)]
    note: String,
    #[serde(default)]
    quote: Option<String>,
}

/// Asks the engine's model to judge `draft`; transport errors are `Unscored` too, since the
/// review must still return the deterministic findings.
pub async fn judge(engine: &Engine, thread: &Thread, draft: &str) -> Verdict {
    let messages = match engine.prompts().render_judge(thread, draft) {
        Ok(m) => m,
        Err(e) => return Verdict::Unscored(e.to_string()),
    };
    match engine.provider().complete_json(&messages).await {
        Ok(None) => Verdict::NoModel,
        Ok(Some(value)) => read_verdicts(value),
        Err(e) => Verdict::Unscored(format!("judge call failed: {e}")),
    }
}

/// Reads the judge's JSON: exactly one verdict per criterion, or `Unscored`.
pub fn read_verdicts(value: serde_json::Value) -> Verdict {
    let raw: RawVerdicts = match serde_json::from_value(value) {
        Ok(r) => r,
        Err(e) => return Verdict::Unscored(format!("judge answer has the wrong shape: {e}")),
    };
    let mut findings = Vec::new();
    let (mut earned, mut total, mut passed) = (0.0, 0.0, true);
    for (id, kind) in CRITERIA {
        let Some(v) = raw.criteria.iter().find(|v| v.criterion == *id) else {
            return Verdict::Unscored(format!("judge gave no verdict for `{id}`"));
        };
        let weight = if *kind == Kind::Scored { 1.0 } else { 2.0 };
        total += weight;
        if v.passed {
            earned += weight;
        } else if *kind != Kind::Scored {
            passed = false;
        }
        findings.push(Finding {
            criterion: format!("model.{id}"),
            passed: v.passed,
            note: v.note.clone(),
            quote: v.quote.clone().filter(|q| !q.trim().is_empty()),
        });
    }
    Verdict::Scored {
        findings,
        passed,
        score: ((earned / total) * 1000.0_f64).round() / 1000.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn all(passed: bool) -> serde_json::Value {
        let criteria: Vec<_> = CRITERIA
            .iter()
            .map(|(id, _)| json!({"criterion": id, "passed": passed, "note": "n", "quote": null}))
            .collect();
        json!({ "criteria": criteria })
    }

    #[test]
    fn full_verdicts_are_scored() {
        match read_verdicts(all(true)) {
            Verdict::Scored {
                passed,
                score,
                findings,
            } => {
                assert!(passed);
                assert_eq!(score, 1.0);
                assert_eq!(findings.len(), CRITERIA.len());
                assert_eq!(findings[0].criterion, "model.meaning_addressed");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_scored_failure_lowers_the_score_but_not_the_pass() {
        let mut v = all(true);
        v["criteria"][5]["passed"] = json!(false); // wifm (S)
        match read_verdicts(v) {
            Verdict::Scored { passed, score, .. } => {
                assert!(passed);
                assert_eq!(score, 0.944); // 17 of 18
            }
            other => panic!("{other:?}"),
        }
        let mut v = all(true);
        v["criteria"][2]["passed"] = json!(false); // no_arguing (N)
        assert!(matches!(
            read_verdicts(v),
            Verdict::Scored { passed: false, .. }
        ));
    }

    #[test]
    fn unreadable_answers_are_unscored_never_pass_or_fail() {
        assert!(matches!(
            read_verdicts(json!({"verdict": "good"})),
            Verdict::Unscored(_)
        ));
        let mut v = all(true);
        v["criteria"].as_array_mut().unwrap().pop();
        match read_verdicts(v) {
            Verdict::Unscored(why) => assert!(why.contains("safety")),
            other => panic!("{other:?}"),
        }
        let mut v = all(true);
        v["criteria"][0]["passed"] = json!("yes");
        assert!(matches!(read_verdicts(v), Verdict::Unscored(_)));
    }
}
