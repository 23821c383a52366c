//! `reframe eval`: the harness that checks suggestions against golden cases.
//!
//! Owns putting a run together — loading cases, building one engine per variant × model,
//! generating or scoring references, comparing with a baseline, applying gates — and the
//! summary. It must not print: the CLI renders the [`report::Report`] it returns.
//!
//! - [`case`]: case files; [`scorers`]: assertions, coach, judge, similarity, expectations;
//!   [`run`]: samples, repeats, cache, record/replay; [`gate`]: gates and baseline;
//!   [`report`]: the report data; [`render`]: pretty, json, junit, markdown, html;
//!   [`understanding`]: `--understanding`, how well messages and drafts are read;
//!   [`learn`]: `reframe learn`, the learned concern models trained from those sets.

pub mod case;
pub mod gate;
pub mod learn;
pub mod render;
pub mod report;
pub mod run;
pub mod scorers;
pub mod understanding;

use std::path::PathBuf;
use std::sync::Arc;

use crate::config::Config;
use crate::pipeline::Engine;
use report::{Entries, Report, Summary};
use run::{RunOptions, Variant};

#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error(transparent)]
    Cases(#[from] case::CaseError),
    #[error("variant {name}: {message}")]
    Variant { name: String, message: String },
    #[error("baseline {path}: {message}")]
    Baseline { path: String, message: String },
    #[error("{0}")]
    Usage(String),
}

#[derive(Debug, Clone)]
pub struct EvalOptions {
    pub paths: Vec<PathBuf>,
    pub references: bool,
    /// `NAME=PROMPTS_DIR` variants; none means the configured prompts.
    pub variants: Vec<(String, PathBuf)>,
    /// Models to run side by side; none means the configured model.
    pub models: Vec<String>,
    pub run: RunOptions,
    pub gates: gate::GateOptions,
    pub baseline: Option<PathBuf>,
}

/// Runs the eval and applies its gates (`report.summary.passed_gates`).
pub async fn evaluate(config: &Config, options: &EvalOptions) -> Result<Report, EvalError> {
    let cases = case::load(&options.paths)?;
    let variants = variants(config, options)?;
    let first = &variants[0].engine;
    let provider = first.provider().name().to_string();
    let prompt_version = first.prompts().version().to_string();
    if options.references {
        let results = run::references(&cases, first, &options.run).await;
        let agreement = run::agreement(&results);
        let gates = gate::reference_gates(&results, &options.gates);
        let passed = results.iter().filter(|r| r.agrees).count();
        let summary = Summary {
            mode: "references".into(),
            cases: results.len(),
            passed,
            pass_rate: scorers::round3(passed as f64 / results.len().max(1) as f64),
            variants: vec![variants[0].name.clone()],
            flaky: 0,
            regressed: 0,
            fixed: 0,
            new: 0,
            agreement,
            passed_gates: gates.iter().all(|g| g.passed),
            gates,
            provider,
            prompt_version,
            repeat: 1,
        };
        return Ok(Report {
            summary,
            cases: Entries::References(results),
        });
    }
    let mut results = run::generate(&cases, &variants, &options.run).await;
    let (regressed, fixed, new) = match &options.baseline {
        Some(path) => gate::compare(&mut results, &read_baseline(path)?),
        None => (0, 0, 0),
    };
    let gates = gate::generated_gates(&results, &options.gates, regressed);
    let passed = results.iter().filter(|r| r.passed).count();
    let summary = Summary {
        mode: "generate".into(),
        cases: results.len(),
        passed,
        pass_rate: scorers::round3(passed as f64 / results.len().max(1) as f64),
        variants: variants.iter().map(|v| v.name.clone()).collect(),
        flaky: results.iter().filter(|r| r.flaky).count(),
        regressed,
        fixed,
        new,
        agreement: Vec::new(),
        passed_gates: gates.iter().all(|g| g.passed),
        gates,
        provider,
        prompt_version,
        repeat: options.run.repeat,
    };
    Ok(Report {
        summary,
        cases: Entries::Generated(results),
    })
}

fn read_baseline(path: &PathBuf) -> Result<Report, EvalError> {
    let err = |message: String| EvalError::Baseline {
        path: path.display().to_string(),
        message,
    };
    let text = std::fs::read_to_string(path).map_err(|e| err(e.to_string()))?;
    serde_json::from_str(&text)
        .map_err(|e| err(format!("not a `reframe eval --format json` report: {e}")))
}

/// One engine per variant × model, each named for the report's columns.
fn variants(config: &Config, options: &EvalOptions) -> Result<Vec<Variant>, EvalError> {
    let prompt_sets: Vec<(String, Option<PathBuf>)> = if options.variants.is_empty() {
        vec![("default".to_string(), config.prompts_dir.clone())]
    } else {
        options
            .variants
            .iter()
            .map(|(n, d)| (n.clone(), Some(d.clone())))
            .collect()
    };
    let models: Vec<String> = if options.models.is_empty() {
        vec![config.model.clone()]
    } else {
        options.models.clone()
    };
    let mut out = Vec::new();
    for (name, dir) in &prompt_sets {
        for model in &models {
            let label = if models.len() > 1 {
                format!("{name}@{model}")
            } else {
                name.clone()
            };
            if out.iter().any(|v: &Variant| v.name == label) {
                return Err(EvalError::Usage(format!(
                    "variant name `{label}` is used twice"
                )));
            }
            let mut c = config.clone();
            c.prompts_dir = dir.clone();
            c.model = model.clone();
            let engine = Engine::from_config(c).map_err(|e| EvalError::Variant {
                name: label.clone(),
                message: e.to_string(),
            })?;
            out.push(Variant {
                name: label,
                engine: Arc::new(engine),
            });
        }
    }
    Ok(out)
}

/// Parses `NAME=DIR` for `--variant`.
pub fn parse_variant(text: &str) -> Result<(String, PathBuf), String> {
    let (name, dir) = text
        .split_once('=')
        .ok_or_else(|| format!("expected NAME=PROMPTS_DIR, got {text:?}"))?;
    let name = name.trim();
    if name.is_empty() {
        return Err(format!("empty variant name in {text:?}"));
    }
    Ok((name.to_string(), PathBuf::from(dir.trim())))
}
