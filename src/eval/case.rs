//! Golden cases (`evals/cases/*.yaml`, SPEC "Eval case"): types, loading and validation.
//!
//! Owns reading case files (one case per file), checking them (unique ids, at least one good
//! and one bad reference, assertions that make sense) with errors that name the file and the
//! field, and turning a case into the Thread the engine answers. It must not score anything.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::suggestion::Concern;
use crate::thread::{Message, Thread};

/// The largest case file read (cases are hand-written; anything bigger is a mistake).
const MAX_CASE_BYTES: u64 = 512 * 1024;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    pub id: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub tags: Vec<String>,
    pub thread: Vec<Message>,
    #[serde(default)]
    pub context: BTreeMap<String, String>,
    #[serde(default)]
    pub expect: Expect,
    #[serde(default)]
    pub rubric: Rubric,
    pub references: References,
    #[serde(default, rename = "assert")]
    pub asserts: Vec<Assertion>,
    /// Minimum weighted score (0..1) a sample needs, on top of every check passing.
    #[serde(default)]
    pub threshold: Option<f64>,
    /// Where the case was read from (not part of the file).
    #[serde(skip)]
    pub path: PathBuf,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    #[serde(default)]
    pub concern: Option<Concern>,
    #[serde(default)]
    pub means: Option<String>,
    #[serde(default)]
    pub abstain: Option<bool>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rubric {
    #[serde(default)]
    pub must: Vec<String>,
    #[serde(default)]
    pub must_not: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct References {
    #[serde(default)]
    pub good: Vec<String>,
    #[serde(default)]
    pub bad: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssertKind {
    Contains,
    NotContains,
    Regex,
    MaxWords,
    MinQuestions,
    Language,
    JsonSchema,
    Abstains,
}

impl AssertKind {
    pub fn name(self) -> &'static str {
        match self {
            AssertKind::Contains => "contains",
            AssertKind::NotContains => "not_contains",
            AssertKind::Regex => "regex",
            AssertKind::MaxWords => "max_words",
            AssertKind::MinQuestions => "min_questions",
            AssertKind::Language => "language",
            AssertKind::JsonSchema => "json_schema",
            AssertKind::Abstains => "abstains",
        }
    }
}

/// One deterministic check. `value` / `values` carry its argument, by kind.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assertion {
    #[serde(rename = "type")]
    pub kind: AssertKind,
    #[serde(default)]
    pub value: Option<serde_json::Value>,
    #[serde(default)]
    pub values: Vec<String>,
    /// Weight in the sample's weighted score (default 1).
    #[serde(default)]
    pub weight: Option<f64>,
    /// Minimum score for this check to pass (default: a perfect 1.0).
    #[serde(default)]
    pub threshold: Option<f64>,
}

#[derive(Debug, thiserror::Error)]
pub enum CaseError {
    #[error("cannot read {path}: {message}")]
    Read { path: String, message: String },
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
    #[error("no case files (*.yaml, *.yml) found in {0}")]
    NoCases(String),
    #[error("duplicate case id `{id}` in {first} and {second}")]
    Duplicate {
        id: String,
        first: String,
        second: String,
    },
}

impl Case {
    /// The thread the engine answers.
    pub fn thread(&self) -> Thread {
        Thread {
            id: Some(self.id.clone()),
            messages: self.thread.clone(),
            context: self.context.clone(),
        }
    }

    pub fn expects_abstain(&self) -> bool {
        self.expect.abstain == Some(true)
            || self.asserts.iter().any(|a| a.kind == AssertKind::Abstains)
    }

    fn validate(&self) -> Result<(), String> {
        if self.id.trim().is_empty() {
            return Err("`id` is empty".into());
        }
        if self.references.good.is_empty() || self.references.bad.is_empty() {
            return Err("`references` needs at least one `good` and one `bad` reply".into());
        }
        if let Some(t) = self.threshold {
            if !(0.0..=1.0).contains(&t) {
                return Err("`threshold` must be between 0 and 1".into());
            }
        }
        for (i, a) in self.asserts.iter().enumerate() {
            a.validate()
                .map_err(|m| format!("`assert[{i}]` ({}): {m}", a.kind.name()))?;
        }
        Ok(())
    }
}

impl Assertion {
    pub fn weight(&self) -> f64 {
        self.weight.unwrap_or(1.0)
    }

    pub fn number(&self) -> Option<f64> {
        self.value.as_ref().and_then(serde_json::Value::as_f64)
    }

    pub fn text(&self) -> Option<&str> {
        self.value.as_ref().and_then(serde_json::Value::as_str)
    }

    /// `values`, or a single string `value`.
    pub fn strings(&self) -> Vec<String> {
        let mut all = self.values.clone();
        if let Some(v) = self.text() {
            all.push(v.to_string());
        }
        all
    }

    fn validate(&self) -> Result<(), String> {
        if self.weight.is_some_and(|w| !(w >= 0.0 && w.is_finite())) {
            return Err("`weight` must be a non-negative number".into());
        }
        match self.kind {
            AssertKind::Contains | AssertKind::NotContains if self.strings().is_empty() => {
                Err("needs `values` (a list of strings) or a string `value`".into())
            }
            AssertKind::Regex => {
                let pattern = self.text().ok_or("needs a string `value` (the pattern)")?;
                regex::Regex::new(pattern)
                    .map(|_| ())
                    .map_err(|e| format!("invalid pattern: {e}"))
            }
            AssertKind::MaxWords | AssertKind::MinQuestions if self.number().is_none() => {
                Err("needs a number `value`".into())
            }
            AssertKind::Language if self.text().is_none() => {
                Err("needs a language code `value` such as es".into())
            }
            AssertKind::JsonSchema => {
                let schema = self.value.as_ref().ok_or("needs a schema object `value`")?;
                jsonschema::validator_for(schema)
                    .map(|_| ())
                    .map_err(|e| format!("invalid schema: {e}"))
            }
            _ => Ok(()),
        }
    }
}

/// Loads every case under `paths` (files, or directories searched recursively), sorted by id.
pub fn load(paths: &[PathBuf]) -> Result<Vec<Case>, CaseError> {
    let mut files = Vec::new();
    for path in paths {
        collect(path, &mut files)?;
    }
    files.sort();
    files.dedup();
    if files.is_empty() {
        let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        return Err(CaseError::NoCases(shown.join(", ")));
    }
    let mut cases: Vec<Case> = Vec::new();
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for file in files {
        let case = load_file(&file)?;
        let here = file.display().to_string();
        if let Some(first) = seen.insert(case.id.clone(), here.clone()) {
            return Err(CaseError::Duplicate {
                id: case.id,
                first,
                second: here,
            });
        }
        cases.push(case);
    }
    cases.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(cases)
}

fn collect(path: &Path, files: &mut Vec<PathBuf>) -> Result<(), CaseError> {
    let read_err = |e: std::io::Error| CaseError::Read {
        path: path.display().to_string(),
        message: e.to_string(),
    };
    let meta = std::fs::metadata(path).map_err(read_err)?;
    if meta.is_file() {
        files.push(path.to_path_buf());
        return Ok(());
    }
    for entry in std::fs::read_dir(path).map_err(read_err)? {
        let entry = entry.map_err(read_err)?;
        let p = entry.path();
        let is_yaml = p
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e == "yaml" || e == "yml");
        if p.is_dir() {
            collect(&p, files)?;
        } else if is_yaml {
            files.push(p);
        }
    }
    Ok(())
}

fn load_file(path: &Path) -> Result<Case, CaseError> {
    let shown = path.display().to_string();
    let invalid = |message: String| CaseError::Invalid {
        path: shown.clone(),
        message,
    };
    let size = std::fs::metadata(path)
        .map_err(|e| invalid(e.to_string()))?
        .len();
    if size > MAX_CASE_BYTES {
        return Err(invalid(format!(
            "{size} bytes, over the limit of {MAX_CASE_BYTES}"
        )));
    }
    let text = std::fs::read_to_string(path).map_err(|e| CaseError::Read {
        path: shown.clone(),
        message: e.to_string(),
    })?;
    let de = serde_yaml_ng::Deserializer::from_str(&text);
    let mut case: Case = serde_path_to_error::deserialize(de).map_err(|e| {
        let at = e.path().to_string();
        invalid(format!("at `{at}`: {}", e.into_inner()))
    })?;
    case.validate().map_err(invalid)?;
    case.path = path.to_path_buf();
    Ok(case)
}

/// Every tag used by the cases, for reports and `--tag-min` checks.
pub fn all_tags(cases: &[Case]) -> BTreeSet<String> {
    cases.iter().flat_map(|c| c.tags.iter().cloned()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
id: sample
title: "A sample"
tags: [seed, "concern:price"]
thread:
  - role: customer
    text: "It is too expensive."
context: {rep_name: Robert}
expect: {concern: price, abstain: false}
references:
  good: ["Thanks for telling me. What budget range works for you?"]
  bad: ["Actually our price is the lowest."]
assert:
  - {type: not_contains, values: ["$"]}
  - {type: max_words, value: 180, weight: 2}
  - {type: regex, value: "\\?"}
"#;

    fn write(dir: &Path, name: &str, text: &str) {
        std::fs::write(dir.join(name), text).unwrap();
    }

    #[test]
    fn loads_a_valid_case() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "sample.yaml", GOOD);
        let cases = load(&[dir.path().to_path_buf()]).unwrap();
        assert_eq!(cases.len(), 1);
        let c = &cases[0];
        assert_eq!(c.expect.concern, Some(Concern::Price));
        assert_eq!(c.asserts[1].weight(), 2.0);
        assert_eq!(c.thread().context["rep_name"], "Robert");
        assert!(!c.expects_abstain());
    }

    #[test]
    fn errors_name_file_and_field() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "bad.yaml",
            &GOOD.replace("role: customer", "role: boss"),
        );
        let err = load(&[dir.path().to_path_buf()]).unwrap_err().to_string();
        assert!(
            err.contains("bad.yaml") && err.contains("thread[0].role"),
            "{err}"
        );

        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "a.yaml",
            &GOOD.replace("bad: [\"Actually our price is the lowest.\"]", "bad: []"),
        );
        let err = load(&[dir.path().to_path_buf()]).unwrap_err().to_string();
        assert!(err.contains("at least one `good` and one `bad`"), "{err}");

        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "r.yaml",
            &GOOD.replace("value: \"\\\\?\"", "value: \"(\""),
        );
        let err = load(&[dir.path().to_path_buf()]).unwrap_err().to_string();
        assert!(
            err.contains("assert[2]") && err.contains("invalid pattern"),
            "{err}"
        );

        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "one.yaml", GOOD);
        write(dir.path(), "two.yml", GOOD);
        let err = load(&[dir.path().to_path_buf()]).unwrap_err();
        assert!(matches!(err, CaseError::Duplicate { .. }), "{err}");

        let empty = tempfile::tempdir().unwrap();
        assert!(matches!(
            load(&[empty.path().to_path_buf()]),
            Err(CaseError::NoCases(_))
        ));
    }
}
