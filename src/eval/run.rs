//! Running an eval: generating samples (or replaying, or reading the cache), scoring them and
//! aggregating per case and variant; and the `--references` run that scores labelled replies.
//!
//! Owns concurrency, repeats, the on-disk response cache, `--record` / `--replay` files and
//! the progress bar. It must not render reports or decide gates.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use futures::StreamExt;
use indicatif::ProgressBar;
use sha2::{Digest, Sha256};

use super::case::{AssertKind, Case};
use super::report::{Agreement, CaseResult, ReferenceResult, Sample, ScoreLine, Status};
use super::scorers::{self, round3, Subject};
use crate::pipeline::{Engine, SuggestOptions};
use crate::suggestion::Suggestion;

/// One column of the matrix: an engine with its prompts and model.
pub struct Variant {
    pub name: String,
    pub engine: Arc<Engine>,
}

/// How to run.
#[derive(Debug, Clone)]
pub struct RunOptions {
    pub repeat: usize,
    pub concurrency: usize,
    /// Ask the variant's model to judge each reply (no effect without a model).
    pub judge: bool,
    /// Score similarity to references with the variant's embeddings endpoint.
    pub similarity: bool,
    /// Cache generated suggestions here (never for the deterministic builtin engine).
    pub cache_dir: Option<PathBuf>,
    pub record: Option<PathBuf>,
    pub replay: Option<PathBuf>,
    pub progress: bool,
}

struct Task<'a> {
    case: &'a Case,
    variant: &'a Variant,
    index: usize,
}

/// Generates and scores every case × variant × sample.
pub async fn generate(
    cases: &[Case],
    variants: &[Variant],
    options: &RunOptions,
) -> Vec<CaseResult> {
    let tasks: Vec<Task> = variants
        .iter()
        .flat_map(|v| {
            cases.iter().flat_map(move |c| {
                (0..options.repeat).map(move |i| Task {
                    case: c,
                    variant: v,
                    index: i,
                })
            })
        })
        .collect();
    let bar = progress(tasks.len() as u64, options.progress, "generating");
    let samples: Vec<(String, String, Sample)> = futures::stream::iter(tasks)
        .map(|t| {
            let bar = bar.clone();
            async move {
                let sample = run_sample(&t, options).await;
                bar.inc(1);
                (t.variant.name.clone(), t.case.id.clone(), sample)
            }
        })
        .buffer_unordered(options.concurrency.max(1))
        .collect()
        .await;
    bar.finish_and_clear();
    let mut results = Vec::new();
    for v in variants {
        for c in cases {
            let mut mine: Vec<Sample> = samples
                .iter()
                .filter(|(vn, id, _)| *vn == v.name && *id == c.id)
                .map(|(_, _, s)| s.clone())
                .collect();
            mine.sort_by_key(|s| s.index);
            results.push(aggregate(c, &v.name, mine));
        }
    }
    results
}

fn progress(total: u64, enabled: bool, what: &str) -> ProgressBar {
    let bar = crate::progress::bar(total, enabled, "{msg} [{bar:30}] {pos}/{len} ({eta})");
    bar.set_message(what.to_string());
    bar
}

async fn run_sample(t: &Task<'_>, options: &RunOptions) -> Sample {
    let (suggestion, source) = match obtain(t, options).await {
        Ok(found) => found,
        Err(error) => {
            return Sample {
                index: t.index,
                passed: false,
                score: 0.0,
                replies: Vec::new(),
                abstained: None,
                concern: None,
                scores: Vec::new(),
                error: Some(error),
                source: "error".into(),
            }
        }
    };
    let mut lines = scorers::expectations(t.case, &suggestion);
    lines.extend(score_suggestion(t.case, &suggestion, &t.variant.engine, options).await);
    let score = scorers::weighted(&lines);
    let threshold_ok = t.case.threshold.is_none_or(|min| score >= min);
    Sample {
        index: t.index,
        passed: scorers::all_pass(&lines) && threshold_ok,
        score,
        replies: suggestion.replies.iter().map(|r| r.text.clone()).collect(),
        abstained: suggestion.abstain.as_ref().map(|a| a.reason.clone()),
        concern: suggestion
            .analysis
            .as_ref()
            .map(|a| a.concern.as_str().to_string()),
        scores: lines,
        error: None,
        source,
    }
}

/// A suggestion for the task: replayed, cached or generated (then cached and recorded).
async fn obtain(t: &Task<'_>, options: &RunOptions) -> Result<(Suggestion, String), String> {
    if let Some(dir) = &options.replay {
        let path = recording_path(dir, t);
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("no recording at {}: {e}", path.display()))?;
        let s: Suggestion = serde_json::from_str(&text)
            .map_err(|e| format!("recording {} unreadable: {e}", path.display()))?;
        return Ok((s, "replayed".into()));
    }
    let engine = &t.variant.engine;
    let cache = options
        .cache_dir
        .as_ref()
        .filter(|_| engine.provider().name() != "builtin")
        .map(|dir| dir.join(format!("{}.json", cache_key(t))));
    if let Some(path) = &cache {
        if let Some(s) = std::fs::read_to_string(path)
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
        {
            return Ok((s, "cached".into()));
        }
    }
    let s = engine
        .suggest(&t.case.thread(), SuggestOptions::default())
        .await
        .map_err(|e| e.to_string())?;
    if let Some(path) = &cache {
        write_json(path, &s);
    }
    if let Some(dir) = &options.record {
        write_json(&recording_path(dir, t), &s);
    }
    Ok((s, "generated".into()))
}

fn write_json(path: &Path, s: &Suggestion) {
    let written = path
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| std::fs::write(path, serde_json::to_string_pretty(s).unwrap_or_default()));
    if let Err(e) = written {
        tracing::warn!(path = %path.display(), error = %e, "could not write eval answer");
    }
}

fn recording_path(dir: &Path, t: &Task<'_>) -> PathBuf {
    dir.join(safe(&t.variant.name))
        .join(safe(&t.case.id))
        .join(format!("{}.json", t.index))
}

fn safe(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// (provider, model, prompt version, case content, sample index): a changed case or prompt
/// misses the cache; repeats stay independent samples.
fn cache_key(t: &Task<'_>) -> String {
    let engine = &t.variant.engine;
    let mut h = Sha256::new();
    for part in [
        engine.provider().name(),
        engine.provider().model(),
        engine.prompts().version(),
        &t.case.id,
    ] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    h.update(serde_json::to_vec(&t.case.thread()).unwrap_or_default());
    h.update(t.index.to_le_bytes());
    h.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// All scorers on a generated suggestion: suggestion-level assertions once, the rest per reply.
async fn score_suggestion(
    case: &Case,
    s: &Suggestion,
    engine: &Engine,
    options: &RunOptions,
) -> Vec<ScoreLine> {
    let whole = Subject {
        text: "",
        understanding: engine.understanding(),
        suggestion: Some(s),
    };
    let mut lines: Vec<ScoreLine> = case
        .asserts
        .iter()
        .filter(|a| matches!(a.kind, AssertKind::Abstains | AssertKind::JsonSchema))
        .map(|a| scorers::assertion(a, &whole))
        .collect();
    let many = s.replies.len() > 1;
    for (i, reply) in s.replies.iter().enumerate() {
        let mut reply_lines = score_text(case, &reply.text, Some(s), engine, options).await;
        if many {
            for l in &mut reply_lines {
                l.scorer = format!("{}[{}]", l.scorer, i + 1);
            }
        }
        lines.extend(reply_lines);
    }
    lines
}

/// Scorers that read one reply's text: text assertions, coach, judge, similarity.
async fn score_text(
    case: &Case,
    text: &str,
    s: Option<&Suggestion>,
    engine: &Engine,
    options: &RunOptions,
) -> Vec<ScoreLine> {
    let subject = Subject {
        text,
        understanding: engine.understanding(),
        suggestion: s,
    };
    let thread = case.thread().cleaned().thread;
    let mut lines: Vec<ScoreLine> = case
        .asserts
        .iter()
        .filter(|a| !matches!(a.kind, AssertKind::Abstains | AssertKind::JsonSchema))
        .map(|a| scorers::assertion(a, &subject))
        .collect();
    lines.push(scorers::coach(engine.understanding(), &thread, text));
    if options.judge {
        let verdict = crate::judge::judge(engine, &thread, text).await;
        if verdict != crate::judge::Verdict::NoModel {
            lines.push(scorers::judge_line(verdict));
        }
    }
    if options.similarity {
        lines.push(similarity(case, text, engine).await);
    }
    lines
}

async fn similarity(case: &Case, text: &str, engine: &Engine) -> ScoreLine {
    let mut texts = vec![text.to_string()];
    texts.extend(case.references.good.iter().cloned());
    texts.extend(case.references.bad.iter().cloned());
    let unscored = |reason: String| ScoreLine {
        scorer: "similarity".into(),
        score: 0.0,
        status: Status::Unscored,
        reason,
        weight: 0.0,
    };
    match engine.provider().embed(&texts).await {
        Ok(Some(v)) if v.len() == texts.len() => {
            let good_end = 1 + case.references.good.len();
            scorers::similarity(&v[0], &v[1..good_end], &v[good_end..])
        }
        Ok(_) => unscored("no embeddings endpoint for this provider".into()),
        Err(e) => unscored(format!("embedding failed: {e}")),
    }
}

fn aggregate(case: &Case, variant: &str, samples: Vec<Sample>) -> CaseResult {
    let n = samples.len().max(1);
    let passed_count = samples.iter().filter(|s| s.passed).count();
    let pass_rate = passed_count as f64 / n as f64;
    let flaky = passed_count > 0 && passed_count < samples.len();
    let mut reasons: Vec<String> = Vec::new();
    for s in samples.iter().filter(|s| !s.passed) {
        if let Some(e) = &s.error {
            reasons.push(format!("sample {}: {e}", s.index + 1));
        }
        for l in s.scores.iter().filter(|l| l.status == Status::Fail) {
            let r = format!("{}: {}", l.scorer, l.reason);
            if !reasons.contains(&r) {
                reasons.push(r);
            }
        }
        if s.error.is_none() && s.scores.iter().all(|l| l.status != Status::Fail) {
            reasons.push(format!(
                "sample {}: weighted score {} below the case threshold",
                s.index + 1,
                s.score
            ));
        }
    }
    CaseResult {
        id: case.id.clone(),
        title: case.title.clone(),
        tags: case.tags.clone(),
        variant: variant.to_string(),
        passed: passed_count == samples.len() && !samples.is_empty(),
        pass_rate: round3(pass_rate),
        wilson: wilson(passed_count, samples.len()),
        flaky,
        score: round3(samples.iter().map(|s| s.score).sum::<f64>() / n as f64),
        scorer_means: scorer_means(samples.iter().flat_map(|s| s.scores.iter())),
        reasons,
        samples,
        baseline: None,
    }
}

/// Mean score per scorer (reply suffixes such as `[2]` folded together).
pub fn scorer_means<'a>(lines: impl Iterator<Item = &'a ScoreLine>) -> Vec<(String, f64)> {
    let mut sums: std::collections::BTreeMap<String, (f64, usize)> = Default::default();
    for l in lines.filter(|l| matches!(l.status, Status::Pass | Status::Fail)) {
        let base = l.scorer.split('[').next().unwrap_or(&l.scorer).to_string();
        let e = sums.entry(base).or_default();
        e.0 += l.score;
        e.1 += 1;
    }
    sums.into_iter()
        .map(|(k, (s, c))| (k, round3(s / c as f64)))
        .collect()
}

/// 95% Wilson score interval for `k` successes out of `n`.
pub fn wilson(k: usize, n: usize) -> [f64; 2] {
    if n == 0 {
        return [0.0, 1.0];
    }
    let z = 1.959_963_984_540_054_f64;
    let (k, n) = (k as f64, n as f64);
    let p = k / n;
    let denom = 1.0 + z * z / n;
    let centre = (p + z * z / (2.0 * n)) / denom;
    let half = z * ((p * (1.0 - p) / n) + z * z / (4.0 * n * n)).sqrt() / denom;
    [
        round3((centre - half).max(0.0)),
        round3((centre + half).min(1.0)),
    ]
}

/// `--references`: scores every labelled reference with the offline scorers (and the judge
/// and similarity when asked and available), without generating.
pub async fn references(
    cases: &[Case],
    engine: &Engine,
    options: &RunOptions,
) -> Vec<ReferenceResult> {
    let mut jobs = Vec::new();
    for case in cases {
        for (label, texts) in [
            ("good", &case.references.good),
            ("bad", &case.references.bad),
        ] {
            for (index, text) in texts.iter().enumerate() {
                jobs.push((case, label, index, text.clone()));
            }
        }
    }
    let bar = progress(jobs.len() as u64, options.progress, "scoring references");
    let mut results: Vec<ReferenceResult> = futures::stream::iter(jobs)
        .map(|(case, label, index, text)| {
            let bar = bar.clone();
            async move {
                let scores = score_text(case, &text, None, engine, options).await;
                let passed = scorers::all_pass(&scores);
                bar.inc(1);
                ReferenceResult {
                    case: case.id.clone(),
                    label: label.to_string(),
                    index,
                    text,
                    passed,
                    agrees: passed == (label == "good"),
                    scores,
                }
            }
        })
        .buffer_unordered(options.concurrency.max(1))
        .collect()
        .await;
    bar.finish_and_clear();
    results.sort_by(|a, b| (&a.case, &a.label, a.index).cmp(&(&b.case, &b.label, b.index)));
    results
}

/// Per scorer, and for the harness as a whole (`all`), how verdicts match labels.
pub fn agreement(results: &[ReferenceResult]) -> Vec<Agreement> {
    let mut names: Vec<String> = results
        .iter()
        .flat_map(|r| {
            r.scores
                .iter()
                .filter(|l| matches!(l.status, Status::Pass | Status::Fail))
                .map(|l| l.scorer.clone())
        })
        .collect();
    names.sort();
    names.dedup();
    let mut out = vec![agreement_of("all", results, |r| Some(r.passed))];
    // Case-specific assertions are folded into one row: the coach's row is the honest figure
    // for how the method alone separates good from bad.
    let asserts = |r: &ReferenceResult| {
        let lines: Vec<&ScoreLine> = r
            .scores
            .iter()
            .filter(|l| l.scorer.starts_with("assert:") && l.status != Status::Skipped)
            .collect();
        (!lines.is_empty()).then(|| lines.iter().all(|l| l.status != Status::Fail))
    };
    out.push(agreement_of("assertions", results, asserts));
    for name in names.iter().filter(|n| !n.starts_with("assert:")) {
        out.push(agreement_of(name, results, |r| {
            r.scores
                .iter()
                .find(|l| &l.scorer == name && matches!(l.status, Status::Pass | Status::Fail))
                .map(|l| l.status == Status::Pass)
        }));
    }
    out
}

fn agreement_of(
    name: &str,
    results: &[ReferenceResult],
    verdict: impl Fn(&ReferenceResult) -> Option<bool>,
) -> Agreement {
    let (mut gt, mut gp, mut bt, mut bf) = (0, 0, 0, 0);
    for r in results {
        let Some(passed) = verdict(r) else { continue };
        if r.label == "good" {
            gt += 1;
            gp += usize::from(passed);
        } else {
            bt += 1;
            bf += usize::from(!passed);
        }
    }
    let total = (gt + bt).max(1) as f64;
    Agreement {
        scorer: name.to_string(),
        good_total: gt,
        good_passed: gp,
        bad_total: bt,
        bad_failed: bf,
        agreement: round3((gp + bf) as f64 / total),
        false_pass_rate: if bt == 0 {
            0.0
        } else {
            round3((bt - bf) as f64 / bt as f64)
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_interval() {
        assert_eq!(wilson(0, 0), [0.0, 1.0]);
        let [lo, hi] = wilson(10, 10);
        assert!(lo > 0.69 && lo < 0.73 && hi == 1.0, "{lo} {hi}");
        let [lo, hi] = wilson(5, 10);
        assert!(
            (lo - 0.237).abs() < 0.01 && (hi - 0.763).abs() < 0.01,
            "{lo} {hi}"
        );
    }

    fn line(scorer: &str, pass: bool) -> ScoreLine {
        ScoreLine {
            scorer: scorer.into(),
            score: if pass { 1.0 } else { 0.0 },
            status: if pass { Status::Pass } else { Status::Fail },
            reason: String::new(),
            weight: 1.0,
        }
    }

    #[test]
    fn agreement_per_scorer() {
        let r = |label: &str, coach: bool, assert: bool| ReferenceResult {
            case: "c".into(),
            label: label.into(),
            index: 0,
            text: String::new(),
            passed: coach && assert,
            agrees: (coach && assert) == (label == "good"),
            scores: vec![line("coach", coach), line("assert:not_contains", assert)],
        };
        let results = vec![
            r("good", true, true),
            r("bad", false, true),
            r("bad", true, false),
        ];
        let a = agreement(&results);
        let all = a.iter().find(|x| x.scorer == "all").unwrap();
        assert_eq!(
            (all.good_passed, all.bad_failed, all.agreement),
            (1, 2, 1.0)
        );
        let coach = a.iter().find(|x| x.scorer == "coach").unwrap();
        assert_eq!((coach.bad_failed, coach.false_pass_rate), (1, 0.5));
        let asserts = a.iter().find(|x| x.scorer == "assertions").unwrap();
        assert_eq!(asserts.bad_failed, 1);
    }
}
