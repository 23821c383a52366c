//! Scorers: each turns one reply (or one suggestion) into [`ScoreLine`]s with a score in
//! [0, 1], a status and a reason.
//!
//! Owns the deterministic assertions of the case format, the wrapping of the method coach and
//! the model judge, the `expect` checks and the weighted score. It must not generate replies
//! or decide gates; a scorer that cannot judge says `skipped` or `unscored`, never guesses.

use super::case::{AssertKind, Assertion, Case};
use super::report::{ScoreLine, Status};
use crate::judge::Verdict;
use crate::suggestion::Suggestion;
use crate::thread::Thread;
use crate::understand::Understanding;

/// What is being scored.
pub struct Subject<'a> {
    pub text: &'a str,
    /// How reframe reads text (language detection for `language` assertions).
    pub understanding: &'a Understanding,
    /// The whole suggestion, when scoring a generated reply (None for a reference reply).
    pub suggestion: Option<&'a Suggestion>,
}

fn line(scorer: String, score: f64, passed: bool, reason: String, weight: f64) -> ScoreLine {
    ScoreLine {
        scorer,
        score: round3(score.clamp(0.0, 1.0)),
        status: if passed { Status::Pass } else { Status::Fail },
        reason,
        weight,
    }
}

fn skipped(scorer: String, reason: &str) -> ScoreLine {
    ScoreLine {
        scorer,
        score: 0.0,
        status: Status::Skipped,
        reason: reason.to_string(),
        weight: 0.0,
    }
}

pub fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Runs one assertion.
pub fn assertion(a: &Assertion, subject: &Subject) -> ScoreLine {
    let name = format!("assert:{}", a.kind.name());
    let threshold = a.threshold.unwrap_or(1.0);
    let scored = |score: f64, reason: String| {
        line(name.clone(), score, score >= threshold, reason, a.weight())
    };
    let text = subject.text;
    let lower = text.to_lowercase();
    match a.kind {
        AssertKind::Contains => {
            let wanted = a.strings();
            let missing: Vec<&String> = wanted
                .iter()
                .filter(|v| !lower.contains(&v.to_lowercase()))
                .collect();
            let score = 1.0 - missing.len() as f64 / wanted.len() as f64;
            scored(
                score,
                if missing.is_empty() {
                    "contains every value".into()
                } else {
                    format!("missing {missing:?}")
                },
            )
        }
        AssertKind::NotContains => {
            let banned = a.strings();
            let found: Vec<&String> = banned
                .iter()
                .filter(|v| lower.contains(&v.to_lowercase()))
                .collect();
            let score = if found.is_empty() { 1.0 } else { 0.0 };
            scored(
                score,
                if found.is_empty() {
                    "contains none of the banned values".into()
                } else {
                    format!("contains {found:?}")
                },
            )
        }
        AssertKind::Regex => {
            let pattern = a.text().unwrap_or_default();
            match regex::Regex::new(pattern) {
                Ok(re) if re.is_match(text) => scored(1.0, format!("matches /{pattern}/")),
                Ok(_) => scored(0.0, format!("does not match /{pattern}/")),
                Err(e) => scored(0.0, format!("invalid pattern: {e}")),
            }
        }
        AssertKind::MaxWords => {
            let max = a.number().unwrap_or(0.0);
            let words = text.split_whitespace().count() as f64;
            let score = if words <= max { 1.0 } else { max / words };
            scored(score, format!("{words} words (max {max})"))
        }
        AssertKind::MinQuestions => {
            let min = a.number().unwrap_or(0.0);
            let questions = text.matches('?').count() as f64;
            let score = if min <= 0.0 {
                1.0
            } else {
                (questions / min).min(1.0)
            };
            scored(score, format!("{questions} question(s) (min {min})"))
        }
        AssertKind::Language => language(a, text, name.clone(), subject.understanding),
        AssertKind::JsonSchema => {
            let Some(s) = subject.suggestion else {
                return skipped(name, "a reference reply has no suggestion JSON");
            };
            let schema = a.value.clone().unwrap_or_default();
            let value = serde_json::to_value(s).unwrap_or_default();
            match jsonschema::validator_for(&schema) {
                Ok(v) => {
                    let errors: Vec<String> = v
                        .iter_errors(&value)
                        .take(3)
                        .map(|e| format!("{e} at {}", e.instance_path()))
                        .collect();
                    let ok = errors.is_empty();
                    scored(
                        if ok { 1.0 } else { 0.0 },
                        if ok {
                            "matches the schema".into()
                        } else {
                            errors.join("; ")
                        },
                    )
                }
                Err(e) => scored(0.0, format!("invalid schema: {e}")),
            }
        }
        AssertKind::Abstains => match subject.suggestion {
            None => skipped(name, "a reference reply cannot abstain"),
            Some(s) => {
                let ok = s.abstain.is_some() && s.replies.is_empty();
                scored(
                    if ok { 1.0 } else { 0.0 },
                    if ok {
                        "abstained".into()
                    } else {
                        "did not abstain".into()
                    },
                )
            }
        },
    }
}

fn language(a: &Assertion, text: &str, name: String, u: &Understanding) -> ScoreLine {
    let want = a.text().unwrap_or_default().to_ascii_lowercase();
    let detected = u.language(text);
    let got = detected.seen.unwrap_or(detected.code);
    let ok = got == want;
    if !ok && !detected.confident {
        return skipped(
            name,
            &format!("language unclear (guess {got}, wanted {want})"),
        );
    }
    line(
        name,
        if ok { 1.0 } else { 0.0 },
        ok,
        format!("written in {got} (wanted {want})"),
        a.weight(),
    )
}

/// The method coach on one reply.
pub fn coach(u: &Understanding, thread: &Thread, text: &str) -> ScoreLine {
    let review = crate::coach::review(u, thread, text);
    let failing: Vec<String> = review
        .findings
        .iter()
        .filter(|f| !f.passed)
        .map(|f| match &f.quote {
            Some(q) => format!("{}: {} (\u{201c}{q}\u{201d})", f.criterion, f.note),
            None => format!("{}: {}", f.criterion, f.note),
        })
        .collect();
    let reason = if failing.is_empty() {
        "every rubric check passed".to_string()
    } else {
        failing.join("; ")
    };
    line("coach".into(), review.score, review.passed, reason, 2.0)
}

/// The model judge's verdict as a score line.
pub fn judge_line(verdict: Verdict) -> ScoreLine {
    match verdict {
        Verdict::Scored {
            findings,
            passed,
            score,
        } => {
            let failing: Vec<String> = findings
                .iter()
                .filter(|f| !f.passed)
                .map(|f| format!("{}: {}", f.criterion, f.note))
                .collect();
            let reason = if failing.is_empty() {
                "the judge passed every criterion".into()
            } else {
                failing.join("; ")
            };
            line("judge".into(), score, passed, reason, 2.0)
        }
        Verdict::Unscored(why) => ScoreLine {
            scorer: "judge".into(),
            score: 0.0,
            status: Status::Unscored,
            reason: why,
            weight: 0.0,
        },
        Verdict::NoModel => skipped("judge".into(), "no model configured"),
    }
}

/// Cosine similarity of a reply to the good and bad references.
pub fn similarity(reply: &[f32], good: &[Vec<f32>], bad: &[Vec<f32>]) -> ScoreLine {
    let best = |refs: &[Vec<f32>]| {
        refs.iter()
            .map(|r| cosine(reply, r))
            .fold(f64::MIN, f64::max)
    };
    let (g, b) = (best(good), best(bad));
    let passed = g > b;
    line(
        "similarity".into(),
        g.max(0.0),
        passed,
        format!("closest good reference {g:.3}, closest bad {b:.3}"),
        1.0,
    )
}

fn cosine(a: &[f32], b: &[f32]) -> f64 {
    let dot: f64 = a
        .iter()
        .zip(b)
        .map(|(x, y)| f64::from(*x) * f64::from(*y))
        .sum();
    let norm = |v: &[f32]| v.iter().map(|x| f64::from(*x).powi(2)).sum::<f64>().sqrt();
    let d = norm(a) * norm(b);
    if d == 0.0 {
        0.0
    } else {
        dot / d
    }
}

/// The case's `expect` labels checked against a suggestion.
pub fn expectations(case: &Case, s: &Suggestion) -> Vec<ScoreLine> {
    let mut out = Vec::new();
    let abstained = s.abstain.is_some();
    let want_abstain = case.expects_abstain();
    if case.expect.abstain.is_some() || want_abstain {
        let ok = abstained == want_abstain;
        let reason = match (want_abstain, abstained) {
            (true, true) => "abstained as expected".to_string(),
            (true, false) => "should have abstained (route to a human) but pitched".to_string(),
            (false, true) => format!(
                "abstained ({}) but should have answered",
                s.abstain.as_ref().map_or("", |a| a.reason.as_str())
            ),
            (false, false) => "answered as expected".to_string(),
        };
        out.push(line(
            "expect:abstain".into(),
            if ok { 1.0 } else { 0.0 },
            ok,
            reason,
            2.0,
        ));
    }
    if let (Some(want), Some(analysis)) = (case.expect.concern, &s.analysis) {
        let ok = analysis.concern == want;
        out.push(line(
            "expect:concern".into(),
            if ok { 1.0 } else { 0.0 },
            ok,
            format!(
                "concern {} (expected {})",
                analysis.concern.as_str(),
                want.as_str()
            ),
            1.0,
        ));
    }
    out
}

/// Weighted mean over the lines that count (skipped and unscored lines weigh nothing).
pub fn weighted(lines: &[ScoreLine]) -> f64 {
    let counted = lines
        .iter()
        .filter(|l| matches!(l.status, Status::Pass | Status::Fail));
    let (sum, weight) = counted.fold((0.0, 0.0), |(s, w), l| {
        (s + l.score * l.weight, w + l.weight)
    });
    if weight == 0.0 {
        1.0
    } else {
        round3(sum / weight)
    }
}

/// True when no line failed.
pub fn all_pass(lines: &[ScoreLine]) -> bool {
    lines.iter().all(|l| l.status != Status::Fail)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(kind: AssertKind, value: serde_json::Value, values: &[&str]) -> Assertion {
        Assertion {
            kind,
            value: (!value.is_null()).then_some(value),
            values: values.iter().map(|s| s.to_string()).collect(),
            weight: None,
            threshold: None,
        }
    }

    fn understanding() -> &'static Understanding {
        static U: std::sync::OnceLock<Understanding> = std::sync::OnceLock::new();
        U.get_or_init(|| {
            let prompts = crate::prompt::Prompts::load(None).expect("prompts load");
            Understanding::from_prompts(&prompts).expect("packs compile")
        })
    }

    fn on(text: &str) -> Subject<'_> {
        Subject {
            text,
            understanding: understanding(),
            suggestion: None,
        }
    }

    #[test]
    fn text_assertions() {
        use serde_json::json;
        let r = assertion(
            &a(AssertKind::NotContains, json!(null), &["$", "discount"]),
            &on("A 10% DISCOUNT today"),
        );
        assert_eq!((r.status, r.score), (Status::Fail, 0.0));
        assert!(r.reason.contains("discount"));
        let r = assertion(
            &a(AssertKind::Contains, json!(null), &["dana", "value"]),
            &on("Dana, we see value"),
        );
        assert_eq!(r.status, Status::Pass);
        let r = assertion(
            &a(AssertKind::Contains, json!(null), &["dana", "budget"]),
            &on("Dana"),
        );
        assert_eq!((r.status, r.score), (Status::Fail, 0.5));
        let r = assertion(
            &a(AssertKind::MaxWords, json!(3), &[]),
            &on("one two three four five six"),
        );
        assert_eq!((r.status, r.score), (Status::Fail, 0.5));
        let r = assertion(
            &a(AssertKind::MinQuestions, json!(1), &[]),
            &on("What matters most?"),
        );
        assert_eq!(r.status, Status::Pass);
        let r = assertion(&a(AssertKind::Regex, json!("^Hi"), &[]), &on("Hello"));
        assert_eq!(r.status, Status::Fail);
        let r = assertion(&a(AssertKind::Abstains, json!(null), &[]), &on("x"));
        assert_eq!(r.status, Status::Skipped);
    }

    #[test]
    fn language_assertion() {
        use serde_json::json;
        let es = "Gracias por contarnos cómo lo ve. Entiendo que el presupuesto de este año ya está comprometido y que necesitan justificar cada gasto.";
        let r = assertion(&a(AssertKind::Language, json!("es"), &[]), &on(es));
        assert_eq!(r.status, Status::Pass, "{}", r.reason);
        let r = assertion(&a(AssertKind::Language, json!("en"), &[]), &on(es));
        assert_eq!(r.status, Status::Fail);
    }

    #[test]
    fn thresholds_and_weights() {
        use serde_json::json;
        let mut half = a(AssertKind::Contains, json!(null), &["a", "zzz"]);
        half.threshold = Some(0.5);
        assert_eq!(assertion(&half, &on("a")).status, Status::Pass);
        let lines = vec![
            line("x".into(), 1.0, true, String::new(), 3.0),
            line("y".into(), 0.0, false, String::new(), 1.0),
            skipped("z".into(), "n/a"),
        ];
        assert_eq!(weighted(&lines), 0.75);
        assert!(!all_pass(&lines));
    }

    #[test]
    fn similarity_prefers_the_closer_label() {
        let good = vec![vec![1.0, 0.0]];
        let bad = vec![vec![0.0, 1.0]];
        assert_eq!(similarity(&[0.9, 0.1], &good, &bad).status, Status::Pass);
        assert_eq!(similarity(&[0.1, 0.9], &good, &bad).status, Status::Fail);
    }
}
