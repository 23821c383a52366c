//! Gates and the baseline: what makes `reframe eval` exit 1.
//!
//! Owns comparing a run with a previous JSON report (regressed / fixed / flaky / new) and the
//! gate checks (minimum pass rate, per-scorer cutoffs, per-tag pass rates, agreement in
//! references mode, no regressions). It must not run or score anything.

use std::collections::BTreeMap;

use super::report::{CaseResult, Entries, Gate, ReferenceResult, Report};

#[derive(Debug, Clone, Default)]
pub struct GateOptions {
    pub min_pass_rate: Option<f64>,
    /// Mean score a scorer must reach over all samples, e.g. `coach=0.8`.
    pub cutoffs: Vec<(String, f64)>,
    /// Pass rate the cases with a tag must reach, e.g. `security=1.0`.
    pub tag_min: Vec<(String, f64)>,
    /// References mode: share of references whose verdict matches the label (default 1.0).
    pub min_agreement: Option<f64>,
    pub allow_regressions: bool,
}

/// Marks each case against the baseline's results for the same case and variant.
pub fn compare(results: &mut [CaseResult], baseline: &Report) -> (usize, usize, usize) {
    let Entries::Generated(old) = &baseline.cases else {
        return (0, 0, 0);
    };
    let before: BTreeMap<(&str, &str), bool> = old
        .iter()
        .map(|c| ((c.id.as_str(), c.variant.as_str()), c.passed))
        .collect();
    let (mut regressed, mut fixed, mut new) = (0, 0, 0);
    for r in results.iter_mut() {
        let mark = match before.get(&(r.id.as_str(), r.variant.as_str())) {
            None => {
                new += 1;
                "new"
            }
            Some(_) if r.flaky => "flaky",
            Some(true) if !r.passed => {
                regressed += 1;
                "regressed"
            }
            Some(false) if r.passed => {
                fixed += 1;
                "fixed"
            }
            Some(_) => "same",
        };
        r.baseline = Some(mark.to_string());
    }
    (regressed, fixed, new)
}

/// Gates of a generate run.
pub fn generated_gates(
    results: &[CaseResult],
    options: &GateOptions,
    regressed: usize,
) -> Vec<Gate> {
    let mut gates = Vec::new();
    if let Some(min) = options.min_pass_rate {
        let rate = pass_rate(results.iter());
        gates.push(gate(
            "min-pass-rate",
            rate >= min,
            format!(
                "pass rate {:.1}% (required {:.1}%)",
                rate * 100.0,
                min * 100.0
            ),
        ));
    }
    for (scorer, min) in &options.cutoffs {
        let means: Vec<f64> = results
            .iter()
            .filter_map(|r| {
                r.scorer_means
                    .iter()
                    .find(|(s, _)| s == scorer)
                    .map(|(_, m)| *m)
            })
            .collect();
        let mean = if means.is_empty() {
            0.0
        } else {
            means.iter().sum::<f64>() / means.len() as f64
        };
        let detail = if means.is_empty() {
            format!("scorer `{scorer}` produced no scores")
        } else {
            format!(
                "mean {mean:.3} over {} cases (required {min:.3})",
                means.len()
            )
        };
        gates.push(gate(
            &format!("cutoff:{scorer}"),
            !means.is_empty() && mean >= *min,
            detail,
        ));
    }
    for (tag, min) in &options.tag_min {
        let tagged: Vec<&CaseResult> = results
            .iter()
            .filter(|r| r.tags.iter().any(|t| t == tag))
            .collect();
        let rate = pass_rate(tagged.iter().copied());
        let failing: Vec<&str> = tagged
            .iter()
            .filter(|r| !r.passed)
            .map(|r| r.id.as_str())
            .collect();
        let mut detail = format!(
            "{} cases, pass rate {:.1}% (required {:.1}%)",
            tagged.len(),
            rate * 100.0,
            min * 100.0
        );
        if !failing.is_empty() {
            detail.push_str(&format!("; failing: {}", failing.join(", ")));
        }
        gates.push(gate(
            &format!("tag:{tag}"),
            !tagged.is_empty() && rate >= *min,
            detail,
        ));
    }
    if !options.allow_regressions {
        let which: Vec<String> = results
            .iter()
            .filter(|r| r.baseline.as_deref() == Some("regressed"))
            .map(|r| format!("{}@{}", r.id, r.variant))
            .collect();
        gates.push(gate(
            "no-regressions",
            regressed == 0,
            if which.is_empty() {
                "no case regressed against the baseline".into()
            } else {
                format!("regressed: {}", which.join(", "))
            },
        ));
    }
    gates
}

/// Gates of a references run: good references must pass and bad ones fail.
pub fn reference_gates(results: &[ReferenceResult], options: &GateOptions) -> Vec<Gate> {
    let min = options.min_agreement.unwrap_or(1.0);
    let agree = results.iter().filter(|r| r.agrees).count();
    let rate = agree as f64 / results.len().max(1) as f64;
    let wrong: Vec<String> = results
        .iter()
        .filter(|r| !r.agrees)
        .map(|r| format!("{}#{}-{}", r.case, r.label, r.index + 1))
        .collect();
    let mut detail = format!(
        "{agree}/{} references judged as labelled ({:.1}%, required {:.1}%)",
        results.len(),
        rate * 100.0,
        min * 100.0
    );
    if !wrong.is_empty() {
        detail.push_str(&format!("; wrong: {}", wrong.join(", ")));
    }
    vec![gate("min-agreement", rate >= min, detail)]
}

fn pass_rate<'a>(results: impl Iterator<Item = &'a CaseResult>) -> f64 {
    let (mut passed, mut total) = (0usize, 0usize);
    for r in results {
        total += 1;
        passed += usize::from(r.passed);
    }
    if total == 0 {
        0.0
    } else {
        passed as f64 / total as f64
    }
}

fn gate(name: &str, passed: bool, detail: String) -> Gate {
    Gate {
        name: name.to_string(),
        passed,
        detail,
    }
}

/// Parses `NAME=NUMBER` (for `--cutoff` and `--tag-min`).
pub fn parse_pair(text: &str) -> Result<(String, f64), String> {
    let (name, value) = text
        .split_once('=')
        .ok_or_else(|| format!("expected NAME=NUMBER, got {text:?}"))?;
    let value: f64 = value
        .trim()
        .parse()
        .map_err(|_| format!("not a number in {text:?}"))?;
    if !(0.0..=1.0).contains(&value) {
        return Err(format!("{text:?}: the number must be between 0 and 1"));
    }
    Ok((name.trim().to_string(), value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::report::Summary;

    fn result(id: &str, passed: bool, flaky: bool, tags: &[&str]) -> CaseResult {
        CaseResult {
            id: id.into(),
            title: String::new(),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            variant: "default".into(),
            passed,
            pass_rate: if passed { 1.0 } else { 0.0 },
            wilson: [0.0, 1.0],
            flaky,
            score: 1.0,
            scorer_means: vec![("coach".into(), if passed { 1.0 } else { 0.5 })],
            reasons: vec![],
            samples: vec![],
            baseline: None,
        }
    }

    fn report(cases: Vec<CaseResult>) -> Report {
        Report {
            summary: Summary {
                mode: "generate".into(),
                cases: cases.len(),
                passed: 0,
                pass_rate: 0.0,
                variants: vec!["default".into()],
                flaky: 0,
                regressed: 0,
                fixed: 0,
                new: 0,
                agreement: vec![],
                gates: vec![],
                passed_gates: true,
                provider: "builtin".into(),
                prompt_version: "p".into(),
                repeat: 1,
            },
            cases: Entries::Generated(cases),
        }
    }

    #[test]
    fn baseline_marks() {
        let base = report(vec![
            result("a", true, false, &[]),
            result("b", false, false, &[]),
            result("c", true, false, &[]),
        ]);
        let mut now = vec![
            result("a", false, false, &[]),
            result("b", true, false, &[]),
            result("c", true, true, &[]),
            result("d", true, false, &[]),
        ];
        let (regressed, fixed, new) = compare(&mut now, &base);
        assert_eq!((regressed, fixed, new), (1, 1, 1));
        let marks: Vec<_> = now.iter().map(|r| r.baseline.clone().unwrap()).collect();
        assert_eq!(marks, ["regressed", "fixed", "flaky", "new"]);
        let gates = generated_gates(&now, &GateOptions::default(), regressed);
        assert!(!gates[0].passed && gates[0].detail.contains("a@default"));
    }

    #[test]
    fn thresholds() {
        let results = vec![
            result("a", true, false, &["security"]),
            result("b", false, false, &["security"]),
            result("c", true, false, &[]),
        ];
        let options = GateOptions {
            min_pass_rate: Some(0.6),
            cutoffs: vec![("coach".into(), 0.9), ("judge".into(), 0.5)],
            tag_min: vec![("security".into(), 1.0)],
            ..GateOptions::default()
        };
        let gates = generated_gates(&results, &options, 0);
        let by = |n: &str| gates.iter().find(|g| g.name == n).unwrap().clone();
        assert!(by("min-pass-rate").passed);
        assert!(!by("cutoff:coach").passed);
        assert!(!by("cutoff:judge").passed && by("cutoff:judge").detail.contains("no scores"));
        let sec = by("tag:security");
        assert!(!sec.passed && sec.detail.contains("failing: b"));
        assert!(
            parse_pair("coach=0.8").is_ok()
                && parse_pair("coach").is_err()
                && parse_pair("x=2").is_err()
        );
    }
}
