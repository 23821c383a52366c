//! Report renderers: owns turning a [`Report`] into text for each `--format` — `pretty` (a
//! terminal table), `json`, `junit` (JUnit XML for CI), `markdown` (a CI job summary) and `html`
//! (one self-contained page).
//!
//! This module must not compute results or decide gates: every verdict, rate, baseline mark and
//! gate shown comes from the report as it is (it only tallies what it displays). All user text —
//! replies, reasons, case ids and titles, tags, variant names, gate details — is untrusted and is
//! always escaped for the target format: terminal control characters are neutralised, XML and
//! HTML get entities (and characters XML 1.0 forbids are stripped), Markdown gets entities and
//! backslash escapes so data can never become markup, links, table cells or script.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::report::{
    Agreement, CaseResult, Entries, Gate, ReferenceResult, Report, ScoreLine, Status, Summary,
};

/// An output format of `reframe eval --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Pretty,
    Json,
    Junit,
    Markdown,
    Html,
}

/// Renders a report; `color` adds ANSI colours to `pretty` (only on a terminal).
pub fn render(report: &Report, format: Format, color: bool) -> String {
    match format {
        Format::Json => json(report),
        Format::Pretty => pretty::render(report, color),
        Format::Junit => junit::render(report),
        Format::Markdown => markdown::render(report),
        Format::Html => html::render(report),
    }
}

/// Writing into a `String` cannot fail; these keep the renderers free of `let _ =` noise.
macro_rules! w {
    ($($t:tt)*) => {{
        let _ = write!($($t)*);
    }};
}
macro_rules! wl {
    ($($t:tt)*) => {{
        let _ = writeln!($($t)*);
    }};
}

fn json(report: &Report) -> String {
    match serde_json::to_string_pretty(report) {
        Ok(mut s) => {
            s.push('\n');
            s
        }
        // Cannot happen for this data model (no non-string map keys), but never panic here.
        Err(e) => format!(
            "{{\"error\": {}}}\n",
            serde_json::Value::String(format!("could not serialise the report: {e}"))
        ),
    }
}

// ---------------------------------------------------------------------------------------------
// Shared view helpers (presentation only).
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Pass,
    Fail,
    Flaky,
}

impl Verdict {
    fn of(c: &CaseResult) -> Self {
        if c.flaky {
            Verdict::Flaky
        } else if c.passed {
            Verdict::Pass
        } else {
            Verdict::Fail
        }
    }

    fn label(self) -> &'static str {
        match self {
            Verdict::Pass => "PASS",
            Verdict::Fail => "FAIL",
            Verdict::Flaky => "FLAKY",
        }
    }

    fn class(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Fail => "fail",
            Verdict::Flaky => "flaky",
        }
    }
}

/// One case id across all variants (`None` where a variant has no result for it).
struct Row<'a> {
    id: &'a str,
    title: &'a str,
    tags: &'a [String],
    cells: Vec<Option<&'a CaseResult>>,
}

impl Row<'_> {
    /// Any variant failed (flaky counts: not every sample passed).
    fn any_failed(&self) -> bool {
        self.cells.iter().flatten().any(|c| !c.passed)
    }

    /// The variants do not all show the same verdict (a missing result counts as different).
    fn differs(&self) -> bool {
        let mut states = self.cells.iter().map(|c| c.map(Verdict::of));
        match states.next() {
            Some(first) => states.any(|s| s != first),
            None => false,
        }
    }
}

struct Matrix<'a> {
    variants: Vec<&'a str>,
    rows: Vec<Row<'a>>,
}

impl Matrix<'_> {
    /// Failing cells in row-then-variant order.
    fn failing(&self) -> impl Iterator<Item = (&Row<'_>, &str, &CaseResult)> {
        self.rows.iter().flat_map(move |row| {
            row.cells
                .iter()
                .zip(&self.variants)
                .filter_map(move |(cell, v)| cell.filter(|c| !c.passed).map(|c| (row, *v, c)))
        })
    }
}

/// The summary's variants (in its order), then any variant only seen in the results.
fn variants<'a>(summary: &'a Summary, cases: &'a [CaseResult]) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for v in summary
        .variants
        .iter()
        .chain(cases.iter().map(|c| &c.variant))
    {
        if !out.contains(&v.as_str()) {
            out.push(v);
        }
    }
    out
}

fn matrix<'a>(summary: &'a Summary, cases: &'a [CaseResult]) -> Matrix<'a> {
    let variants = variants(summary, cases);
    let column: HashMap<&str, usize> = variants.iter().enumerate().map(|(i, v)| (*v, i)).collect();
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut rows: Vec<Row<'a>> = Vec::new();
    for c in cases {
        let r = *index.entry(c.id.as_str()).or_insert_with(|| {
            rows.push(Row {
                id: &c.id,
                title: &c.title,
                tags: &c.tags,
                cells: vec![None; variants.len()],
            });
            rows.len() - 1
        });
        if let Some(&col) = column.get(c.variant.as_str()) {
            let cell = &mut rows[r].cells[col];
            if cell.is_none() {
                *cell = Some(c);
            }
        }
    }
    Matrix { variants, rows }
}

/// `(passed, total)` samples, when the case was sampled more than once.
fn tally(c: &CaseResult, repeat: usize) -> Option<(usize, usize)> {
    let (passed, total) = if c.samples.is_empty() {
        let total = repeat.max(1);
        let passed = (c.pass_rate * total as f64).round();
        (
            if passed.is_finite() && passed > 0.0 {
                passed as usize
            } else {
                0
            },
            total,
        )
    } else {
        let passed = c.samples.iter().filter(|s| s.passed).count();
        (passed, c.samples.len())
    };
    (total > 1).then_some((passed.min(total), total))
}

/// The verdict with its sample tally, e.g. `FLAKY 2/3`.
fn verdict_text(c: &CaseResult, repeat: usize) -> String {
    let v = Verdict::of(c).label();
    match tally(c, repeat) {
        Some((p, t)) => format!("{v} {p}/{t}"),
        None => v.to_string(),
    }
}

/// Baseline marker and its meaning: `↓` regressed, `↑` fixed, `*` new.
fn baseline_mark(c: &CaseResult) -> Option<(&'static str, &'static str)> {
    match c.baseline.as_deref() {
        Some("regressed") => Some(("↓", "regressed")),
        Some("fixed") => Some(("↑", "fixed")),
        Some("new") => Some(("*", "new")),
        _ => None,
    }
}

fn pct(x: f64) -> String {
    if x.is_finite() {
        format!("{:.1}%", x * 100.0)
    } else {
        "n/a".to_string()
    }
}

fn num(x: f64) -> String {
    if x.is_finite() {
        format!("{x:.2}")
    } else {
        "n/a".to_string()
    }
}

fn status_str(s: Status) -> &'static str {
    match s {
        Status::Pass => "pass",
        Status::Fail => "fail",
        Status::Unscored => "unscored",
        Status::Skipped => "skipped",
    }
}

fn ref_key(r: &ReferenceResult) -> String {
    format!("{}#{}-{}", r.case, r.label, r.index)
}

fn ref_verdict(r: &ReferenceResult) -> &'static str {
    if r.passed {
        "pass"
    } else {
        "fail"
    }
}

/// Why a reference disagrees with its label, in words.
fn ref_problem(r: &ReferenceResult) -> &'static str {
    match (r.label.as_str(), r.passed) {
        ("good", false) => "good reference failed",
        ("bad", true) => "bad reference passed",
        _ => "verdict disagrees with the label",
    }
}

/// The score lines that explain a failure (failed, or could not be scored).
fn failing_lines(scores: &[ScoreLine]) -> impl Iterator<Item = &ScoreLine> {
    scores
        .iter()
        .filter(|l| matches!(l.status, Status::Fail | Status::Unscored))
}

/// Tallies of the references as displayed: (total, good, bad, agreeing).
fn ref_counts(refs: &[ReferenceResult]) -> (usize, usize, usize, usize) {
    let good = refs.iter().filter(|r| r.label == "good").count();
    let bad = refs.iter().filter(|r| r.label == "bad").count();
    let agree = refs.iter().filter(|r| r.agrees).count();
    (refs.len(), good, bad, agree)
}

/// At most `max` characters of `s`, with `…` when cut.
fn clip(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        None => s.to_string(),
        Some(_) => {
            let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
            out.push('…');
            out
        }
    }
}

/// Whitespace runs (newlines included) collapsed to one space.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

// ---------------------------------------------------------------------------------------------
// pretty
// ---------------------------------------------------------------------------------------------

mod pretty {
    use super::*;

    const GREEN: &str = "32";
    const RED: &str = "31";
    const YELLOW: &str = "33";
    const BOLD: &str = "1";
    const DIM: &str = "2";

    struct Paint(bool);

    impl Paint {
        fn paint(&self, code: Option<&str>, s: &str) -> String {
            match code {
                Some(code) if self.0 => format!("\x1b[{code}m{s}\x1b[0m"),
                _ => s.to_string(),
            }
        }
    }

    /// Untrusted text made safe for a terminal, on one line: whitespace becomes a space and
    /// control characters (ESC, C1, …) and bidi overrides become `�`.
    fn term(s: &str) -> String {
        s.chars()
            .map(|c| match c {
                '\n' | '\r' | '\t' => ' ',
                c if c.is_control() || is_bidi_control(c) => '\u{FFFD}',
                c => c,
            })
            .collect()
    }

    fn verdict_color(v: Verdict) -> &'static str {
        match v {
            Verdict::Pass => GREEN,
            Verdict::Fail => RED,
            Verdict::Flaky => YELLOW,
        }
    }

    fn status_color(s: Status) -> Option<&'static str> {
        match s {
            Status::Pass => Some(GREEN),
            Status::Fail => Some(RED),
            Status::Unscored => Some(YELLOW),
            Status::Skipped => Some(DIM),
        }
    }

    type Cell = (String, Option<&'static str>);

    /// A left-aligned table; widths count characters; colour wraps the padded text.
    fn table(out: &mut String, headers: &[String], rows: &[Vec<Cell>], p: &Paint) {
        let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
        for row in rows {
            for (i, (text, _)) in row.iter().enumerate() {
                if let Some(w) = widths.get_mut(i) {
                    *w = (*w).max(text.chars().count());
                }
            }
        }
        let line = |out: &mut String, cells: Vec<(&str, Option<&str>)>| {
            let last = cells.len().saturating_sub(1);
            let mut s = String::new();
            for (i, (text, code)) in cells.into_iter().enumerate() {
                if i > 0 {
                    s.push_str("  ");
                }
                let padded = if i == last {
                    text.to_string()
                } else {
                    let pad = widths[i].saturating_sub(text.chars().count());
                    format!("{text}{}", " ".repeat(pad))
                };
                s.push_str(&p.paint(code, &padded));
            }
            wl!(out, "{}", s.trim_end());
        };
        line(
            out,
            headers.iter().map(|h| (h.as_str(), Some(BOLD))).collect(),
        );
        let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
        line(out, rule.iter().map(|r| (r.as_str(), Some(DIM))).collect());
        for row in rows {
            line(out, row.iter().map(|(t, c)| (t.as_str(), *c)).collect());
        }
    }

    fn heading(out: &mut String, s: &Summary, p: &Paint) {
        wl!(
            out,
            "{} {}",
            p.paint(Some(BOLD), "reframe eval"),
            p.paint(
                Some(DIM),
                &format!(
                    "· mode {} · provider {} · prompt {} · repeat {}",
                    term(&s.mode),
                    term(&s.provider),
                    term(&s.prompt_version),
                    s.repeat
                )
            )
        );
        out.push('\n');
    }

    fn gates(out: &mut String, s: &Summary, p: &Paint) {
        if s.gates.is_empty() {
            wl!(out, "gates: none configured");
        } else {
            wl!(out, "gates:");
            for g in &s.gates {
                let (mark, code) = if g.passed {
                    ("✓", GREEN)
                } else {
                    ("✗", RED)
                };
                wl!(
                    out,
                    "  {} {}: {}",
                    p.paint(Some(code), mark),
                    term(&g.name),
                    term(&g.detail)
                );
            }
        }
        if s.passed_gates {
            wl!(out, "result: {}", p.paint(Some(GREEN), "all gates passed"));
        } else {
            wl!(
                out,
                "result: {}",
                p.paint(Some(RED), "FAILED (a gate failed)")
            );
        }
    }

    pub(super) fn render(report: &Report, color: bool) -> String {
        let p = Paint(color);
        let mut out = String::new();
        heading(&mut out, &report.summary, &p);
        match &report.cases {
            Entries::Generated(cases) => generated(&mut out, &report.summary, cases, &p),
            Entries::References(refs) => references(&mut out, &report.summary, refs, &p),
        }
        gates(&mut out, &report.summary, &p);
        out
    }

    fn generated(out: &mut String, s: &Summary, cases: &[CaseResult], p: &Paint) {
        let m = matrix(s, cases);
        if m.rows.is_empty() {
            wl!(out, "no cases");
        } else {
            let mut headers = vec!["case".to_string()];
            headers.extend(m.variants.iter().map(|v| term(v)));
            let mut marks = false;
            let rows: Vec<Vec<Cell>> = m
                .rows
                .iter()
                .map(|row| {
                    let mut cells: Vec<Cell> = vec![(term(row.id), None)];
                    cells.extend(row.cells.iter().map(|cell| match cell {
                        None => ("-".to_string(), Some(DIM)),
                        Some(c) => {
                            let mut text = verdict_text(c, s.repeat);
                            if let Some((mark, _)) = baseline_mark(c) {
                                marks = true;
                                text.push(' ');
                                text.push_str(mark);
                            }
                            (text, Some(verdict_color(Verdict::of(c))))
                        }
                    }));
                    cells
                })
                .collect();
            table(out, &headers, &rows, p);
            if marks {
                wl!(
                    out,
                    "{}",
                    p.paint(Some(DIM), "vs baseline: ↓ regressed  ↑ fixed  * new")
                );
            }
        }

        let failing: Vec<_> = m.failing().collect();
        if !failing.is_empty() {
            wl!(out, "\nfailures:");
            for (row, variant, c) in failing {
                let v = Verdict::of(c);
                let base = baseline_mark(c)
                    .map(|(_, word)| format!(" ({word})"))
                    .unwrap_or_default();
                wl!(
                    out,
                    "  {} [{}] {}{}",
                    p.paint(Some(BOLD), &term(row.id)),
                    term(variant),
                    p.paint(Some(verdict_color(v)), &verdict_text(c, s.repeat)),
                    base
                );
                if c.reasons.is_empty() {
                    wl!(out, "    - (no reason given)");
                }
                let shown = c.reasons.len().min(3);
                for (i, reason) in c.reasons.iter().take(3).enumerate() {
                    let more = if i + 1 == shown && c.reasons.len() > 3 {
                        p.paint(Some(DIM), &format!(" (+{} more)", c.reasons.len() - 3))
                    } else {
                        String::new()
                    };
                    wl!(out, "    - {}{}", clip(&one_line(&term(reason)), 200), more);
                }
            }
        }

        out.push('\n');
        let count = |n: usize, word: &str, code: &'static str| {
            let text = format!("{n} {word}");
            if n > 0 {
                p.paint(Some(code), &text)
            } else {
                text
            }
        };
        wl!(
            out,
            "{} cases · {} passed ({}) · {} · {} · {} · {}",
            s.cases,
            s.passed,
            pct(s.pass_rate),
            count(s.flaky, "flaky", YELLOW),
            count(s.regressed, "regressed", RED),
            count(s.fixed, "fixed", GREEN),
            s.new.to_string() + " new",
        );
    }

    fn references(out: &mut String, s: &Summary, refs: &[ReferenceResult], p: &Paint) {
        if refs.is_empty() {
            wl!(out, "no references");
        } else {
            let headers: Vec<String> = ["case", "label", "verdict", "agrees"]
                .iter()
                .map(|h| h.to_string())
                .collect();
            let rows: Vec<Vec<Cell>> = refs
                .iter()
                .map(|r| {
                    vec![
                        (term(&r.case), None),
                        (format!("{}-{}", term(&r.label), r.index), None),
                        (
                            ref_verdict(r).to_string(),
                            Some(if r.passed { GREEN } else { RED }),
                        ),
                        if r.agrees {
                            ("ok".to_string(), Some(GREEN))
                        } else {
                            ("WRONG".to_string(), Some(RED))
                        },
                    ]
                })
                .collect();
            table(out, &headers, &rows, p);
        }

        let wrong: Vec<&ReferenceResult> = refs.iter().filter(|r| !r.agrees).collect();
        if !wrong.is_empty() {
            wl!(out, "\ndisagreements:");
            for r in wrong {
                wl!(
                    out,
                    "  {}: {}",
                    p.paint(Some(BOLD), &term(&ref_key(r))),
                    p.paint(Some(RED), ref_problem(r))
                );
                let mut any = false;
                for l in failing_lines(&r.scores) {
                    any = true;
                    let mark = if l.status == Status::Fail { "✗" } else { "?" };
                    wl!(
                        out,
                        "    {} {}: {}",
                        p.paint(status_color(l.status), mark),
                        term(&l.scorer),
                        clip(&one_line(&term(&l.reason)), 200)
                    );
                }
                if !any {
                    wl!(out, "    no scorer failed it");
                }
                wl!(
                    out,
                    "    {}",
                    p.paint(
                        Some(DIM),
                        &format!("reply: {}", clip(&one_line(&term(&r.text)), 160))
                    )
                );
            }
        }

        if !s.agreement.is_empty() {
            out.push('\n');
            let headers: Vec<String> = [
                "scorer",
                "good passed",
                "bad failed",
                "agreement",
                "false-pass",
            ]
            .iter()
            .map(|h| h.to_string())
            .collect();
            let rows: Vec<Vec<Cell>> = s
                .agreement
                .iter()
                .map(|a: &Agreement| {
                    vec![
                        (term(&a.scorer), None),
                        (format!("{}/{}", a.good_passed, a.good_total), None),
                        (format!("{}/{}", a.bad_failed, a.bad_total), None),
                        (pct(a.agreement), None),
                        (
                            pct(a.false_pass_rate),
                            (a.false_pass_rate > 0.0).then_some(YELLOW),
                        ),
                    ]
                })
                .collect();
            table(out, &headers, &rows, p);
        }

        out.push('\n');
        let (n, good, bad, agree) = ref_counts(refs);
        let disagree = n - agree;
        let disagree_text = format!("{disagree} disagree");
        wl!(
            out,
            "{n} references ({good} good, {bad} bad) · {agree} agree with their label · {}",
            if disagree > 0 {
                p.paint(Some(RED), &disagree_text)
            } else {
                disagree_text
            }
        );
    }
}

// ---------------------------------------------------------------------------------------------
// junit
// ---------------------------------------------------------------------------------------------

mod junit {
    use super::*;

    /// Characters XML 1.0 allows, minus the discouraged control characters (DEL, C1).
    fn allowed(c: char) -> bool {
        match c {
            '\t' | '\n' | '\r' => true,
            c if c.is_control() => false,
            '\u{FFFE}' | '\u{FFFF}' => false,
            _ => true,
        }
    }

    fn escape(s: &str, attr: bool) -> String {
        let mut out = String::with_capacity(s.len());
        for c in s.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                '\'' => out.push_str("&apos;"),
                '\t' if attr => out.push_str("&#9;"),
                '\n' if attr => out.push_str("&#10;"),
                '\r' if attr => out.push_str("&#13;"),
                c if allowed(c) => out.push(c),
                _ => {}
            }
        }
        out
    }

    /// Escaped for XML text content.
    pub(super) fn text(s: &str) -> String {
        escape(s, false)
    }

    /// Escaped for a double-quoted XML attribute value.
    pub(super) fn attr(s: &str) -> String {
        escape(s, true)
    }

    fn properties(out: &mut String, s: &Summary) {
        wl!(out, "    <properties>");
        let mut prop = |name: &str, value: &str| {
            wl!(
                out,
                "      <property name=\"{}\" value=\"{}\"/>",
                attr(name),
                attr(value)
            );
        };
        prop("mode", &s.mode);
        prop("provider", &s.provider);
        prop("prompt_version", &s.prompt_version);
        prop("repeat", &s.repeat.to_string());
        prop(
            "passed_gates",
            if s.passed_gates { "true" } else { "false" },
        );
        for g in &s.gates {
            let verdict = if g.passed { "passed" } else { "failed" };
            prop(
                &format!("gate:{}", g.name),
                &format!("{verdict}: {}", g.detail),
            );
        }
        wl!(out, "    </properties>");
    }

    pub(super) fn render(report: &Report) -> String {
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        match &report.cases {
            Entries::Generated(cases) => generated(&mut out, &report.summary, cases),
            Entries::References(refs) => references(&mut out, &report.summary, refs),
        }
        out
    }

    fn failure_body(c: &CaseResult, repeat: usize) -> String {
        let mut b = String::new();
        w!(b, "{} · score {}", verdict_text(c, repeat), num(c.score));
        if let Some((_, word)) = baseline_mark(c) {
            w!(b, " · {word} vs baseline");
        }
        b.push('\n');
        if !c.reasons.is_empty() {
            wl!(b, "Reasons:");
            for r in &c.reasons {
                wl!(b, "- {r}");
            }
        }
        for sample in c.samples.iter().filter(|s| !s.passed) {
            wl!(
                b,
                "Sample #{} (fail, score {}, {}):",
                sample.index,
                num(sample.score),
                sample.source
            );
            if let Some(e) = &sample.error {
                wl!(b, "  error: {e}");
            }
            if let Some(a) = &sample.abstained {
                wl!(b, "  abstained: {a}");
            }
            for (i, reply) in sample.replies.iter().enumerate() {
                wl!(b, "  reply {}: {}", i + 1, clip(reply, 2000));
            }
            for l in failing_lines(&sample.scores) {
                wl!(b, "  {} {}: {}", status_str(l.status), l.scorer, l.reason);
            }
        }
        b
    }

    fn generated(out: &mut String, s: &Summary, cases: &[CaseResult]) {
        let m = matrix(s, cases);
        let present = |col: usize| m.rows.iter().filter_map(move |r| r.cells[col]);
        let total = cases_in(&m);
        let failures = m.failing().count();
        wl!(
            out,
            "<testsuites name=\"reframe eval\" tests=\"{total}\" failures=\"{failures}\" errors=\"0\">"
        );
        for (col, variant) in m.variants.iter().enumerate() {
            let tests = present(col).count();
            let failed = present(col).filter(|c| !c.passed).count();
            wl!(
                out,
                "  <testsuite name=\"{}\" tests=\"{tests}\" failures=\"{failed}\" errors=\"0\" skipped=\"0\">",
                attr(&format!("reframe eval: {variant}"))
            );
            properties(out, s);
            for c in present(col) {
                let open = format!(
                    "    <testcase classname=\"{}\" name=\"{}\"",
                    attr(variant),
                    attr(&c.id)
                );
                if c.passed {
                    wl!(out, "{open}/>");
                    continue;
                }
                let v = Verdict::of(c);
                let message = match c.reasons.first() {
                    Some(r) => clip(&one_line(r), 300),
                    None => format!("{} {}", c.id, v.label()),
                };
                wl!(out, "{open}>");
                wl!(
                    out,
                    "      <failure message=\"{}\" type=\"{}\">{}</failure>",
                    attr(&message),
                    v.label(),
                    text(&failure_body(c, s.repeat))
                );
                wl!(out, "    </testcase>");
            }
            wl!(out, "  </testsuite>");
        }
        wl!(out, "</testsuites>");
    }

    fn cases_in(m: &Matrix<'_>) -> usize {
        m.rows
            .iter()
            .map(|r| r.cells.iter().flatten().count())
            .sum()
    }

    fn references(out: &mut String, s: &Summary, refs: &[ReferenceResult]) {
        let failures = refs.iter().filter(|r| !r.agrees).count();
        let n = refs.len();
        wl!(
            out,
            "<testsuites name=\"reframe eval\" tests=\"{n}\" failures=\"{failures}\" errors=\"0\">"
        );
        wl!(
            out,
            "  <testsuite name=\"reframe eval references\" tests=\"{n}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">"
        );
        properties(out, s);
        for r in refs {
            let open = format!(
                "    <testcase classname=\"{}\" name=\"{}\"",
                attr(&r.case),
                attr(&ref_key(r))
            );
            if r.agrees {
                wl!(out, "{open}/>");
                continue;
            }
            let mut body = format!("{} (verdict {})\n", ref_problem(r), ref_verdict(r));
            let mut any = false;
            for l in failing_lines(&r.scores) {
                any = true;
                wl!(body, "{} {}: {}", status_str(l.status), l.scorer, l.reason);
            }
            if !any {
                wl!(body, "no scorer failed it");
            }
            wl!(body, "Reply:\n{}", clip(&r.text, 4000));
            wl!(out, "{open}>");
            wl!(
                out,
                "      <failure message=\"{}\" type=\"disagrees\">{}</failure>",
                attr(ref_problem(r)),
                text(&body)
            );
            wl!(out, "    </testcase>");
        }
        wl!(out, "  </testsuite>");
        wl!(out, "</testsuites>");
    }
}

// ---------------------------------------------------------------------------------------------
// markdown
// ---------------------------------------------------------------------------------------------

mod markdown {
    use super::*;

    /// Untrusted text as inline Markdown that renders literally: HTML-significant characters
    /// become entities, Markdown punctuation (emphasis, code, links, tables, math) is
    /// backslash-escaped, newlines become `<br>` (so it stays inside a table cell or list item),
    /// and a leading list or heading marker is neutralised.
    pub(super) fn md(s: &str) -> String {
        let mut out = String::with_capacity(s.len() + 8);
        // Only digits so far: a following `.` or `)` would start an ordered list.
        let mut leading_digits = true;
        for (i, c) in s.chars().enumerate() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '\r' => {}
                '\n' => out.push_str("<br>"),
                '\t' => out.push(' '),
                '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '~' | '$' | '!' => {
                    out.push('\\');
                    out.push(c);
                }
                '-' | '+' | '=' if i == 0 => {
                    out.push('\\');
                    out.push(c);
                }
                '.' | ')' if leading_digits && i > 0 => {
                    out.push('\\');
                    out.push(c);
                }
                c if c.is_control() || is_bidi_control(c) => {}
                c => out.push(c),
            }
            leading_digits = leading_digits && c.is_ascii_digit();
        }
        out
    }

    fn emoji(v: Verdict) -> &'static str {
        match v {
            Verdict::Pass => "✅",
            Verdict::Fail => "❌",
            Verdict::Flaky => "⚠️",
        }
    }

    fn header(out: &mut String, s: &Summary) {
        if s.passed_gates {
            wl!(out, "## ✅ reframe eval: gates passed\n");
        } else {
            wl!(out, "## ❌ reframe eval: gates failed\n");
        }
    }

    fn meta(s: &Summary) -> String {
        format!(
            "provider {} · prompt {} · repeat {}",
            md(&s.provider),
            md(&s.prompt_version),
            s.repeat
        )
    }

    fn gates(out: &mut String, s: &Summary) {
        wl!(out, "\n### Gates\n");
        if s.gates.is_empty() {
            wl!(out, "No gates configured.");
        }
        for g in &s.gates {
            wl!(
                out,
                "- {} **{}**: {}",
                if g.passed { "✅" } else { "❌" },
                md(&g.name),
                md(&g.detail)
            );
        }
    }

    pub(super) fn render(report: &Report) -> String {
        let s = &report.summary;
        let mut out = String::new();
        header(&mut out, s);
        match &report.cases {
            Entries::Generated(cases) => generated(&mut out, s, cases),
            Entries::References(refs) => references(&mut out, s, refs),
        }
        gates(&mut out, s);
        out
    }

    fn generated(out: &mut String, s: &Summary, cases: &[CaseResult]) {
        wl!(
            out,
            "**{}** cases · **{}** passed ({}) · {} flaky · {} regressed · {} fixed · {} new — {}\n",
            s.cases,
            s.passed,
            pct(s.pass_rate),
            s.flaky,
            s.regressed,
            s.fixed,
            s.new,
            meta(s)
        );
        let m = matrix(s, cases);
        if m.rows.is_empty() {
            wl!(out, "No cases.");
            return;
        }
        w!(out, "| Case |");
        for v in &m.variants {
            w!(out, " {} |", md(v));
        }
        w!(out, "\n|---|");
        for _ in &m.variants {
            w!(out, "---|");
        }
        out.push('\n');
        for row in &m.rows {
            w!(out, "| {} |", md(row.id));
            for cell in &row.cells {
                match cell {
                    None => w!(out, " — |"),
                    Some(c) => {
                        let v = Verdict::of(c);
                        w!(out, " {}", emoji(v));
                        if let Some((p, t)) = tally(c, s.repeat) {
                            w!(out, " {p}/{t}");
                        }
                        if let Some((mark, _)) = baseline_mark(c) {
                            w!(out, " {}", md(mark));
                        }
                        w!(out, " |");
                    }
                }
            }
            out.push('\n');
        }
        wl!(
            out,
            "\n✅ pass · ❌ fail · ⚠️ flaky · vs baseline: ↓ regressed, ↑ fixed, \\* new"
        );

        let failing: Vec<_> = m.failing().collect();
        if failing.is_empty() {
            return;
        }
        wl!(out, "\n### Failures\n");
        for (row, variant, c) in failing {
            let v = Verdict::of(c);
            let base = baseline_mark(c)
                .map(|(_, word)| format!(" ({word})"))
                .unwrap_or_default();
            wl!(
                out,
                "- {} **{}** · {} — {}{}",
                emoji(v),
                md(row.id),
                md(variant),
                verdict_text(c, s.repeat),
                base
            );
            if c.reasons.is_empty() {
                wl!(out, "  - (no reason given)");
            }
            for r in &c.reasons {
                wl!(out, "  - {}", md(&clip(r, 1000)));
            }
        }
    }

    fn references(out: &mut String, s: &Summary, refs: &[ReferenceResult]) {
        let (n, good, bad, agree) = ref_counts(refs);
        wl!(
            out,
            "**{n}** references ({good} good, {bad} bad) · **{agree}** agree with their label · **{}** disagree — {}\n",
            n - agree,
            meta(s)
        );
        if !s.agreement.is_empty() {
            wl!(out, "### Scorer agreement\n");
            wl!(
                out,
                "| Scorer | Good passed | Bad failed | Agreement | False-pass |"
            );
            wl!(out, "|---|---|---|---|---|");
            for a in &s.agreement {
                wl!(
                    out,
                    "| {} | {}/{} | {}/{} | {} | {} |",
                    md(&a.scorer),
                    a.good_passed,
                    a.good_total,
                    a.bad_failed,
                    a.bad_total,
                    pct(a.agreement),
                    pct(a.false_pass_rate)
                );
            }
        }
        let wrong: Vec<&ReferenceResult> = refs.iter().filter(|r| !r.agrees).collect();
        if wrong.is_empty() {
            wl!(out, "\nEvery reference agrees with its label.");
            return;
        }
        wl!(out, "\n### Disagreements\n");
        for r in wrong {
            wl!(
                out,
                "- ❌ **{}** — {} (verdict {})",
                md(&ref_key(r)),
                ref_problem(r),
                ref_verdict(r)
            );
            let mut any = false;
            for l in failing_lines(&r.scores) {
                any = true;
                wl!(
                    out,
                    "  - {} {}: {}",
                    status_str(l.status),
                    md(&l.scorer),
                    md(&clip(&l.reason, 1000))
                );
            }
            if !any {
                wl!(out, "  - no scorer failed it");
            }
            wl!(out, "  - reply: {}", md(&clip(&r.text, 1000)));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// html
// ---------------------------------------------------------------------------------------------

mod html {
    use super::*;

    /// Untrusted text escaped for HTML text and (quoted) attribute values; control characters
    /// other than tab, newline and carriage return are dropped.
    pub(super) fn h(s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        for c in s.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                '\'' => out.push_str("&#39;"),
                '\t' | '\n' | '\r' => out.push(c),
                c if c.is_control() => {}
                c => out.push(c),
            }
        }
        out
    }

    const CSS: &str = r#"
:root{--bg:#fff;--fg:#1f2328;--muted:#656d76;--line:#d0d7de;--pass:#1a7f37;--fail:#cf222e;--flaky:#9a6700;--pass-bg:#dafbe1;--fail-bg:#ffebe9;--flaky-bg:#fff8c5;--code:#f6f8fa}
@media (prefers-color-scheme: dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#8d96a0;--line:#30363d;--pass:#3fb950;--fail:#f85149;--flaky:#d29922;--pass-bg:#12261e;--fail-bg:#2d1214;--flaky-bg:#272115;--code:#161b22}}
*{box-sizing:border-box}
body{margin:0;padding:1.5rem;background:var(--bg);color:var(--fg);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
h1{font-size:1.4rem;margin:0 0 .4rem}
h2{font-size:1.1rem;margin:1.5rem 0 .5rem}
h4{margin:.6rem 0 .3rem;font-size:.95rem}
.muted{color:var(--muted)}
header{border-bottom:1px solid var(--line);padding-bottom:.8rem}
ul.gates{list-style:none;padding:0;margin:.5rem 0 0}
ul.gates li{margin:.15rem 0}
.scroll{overflow-x:auto}
table{border-collapse:collapse;margin:.8rem 0}
th,td{border:1px solid var(--line);padding:.4rem .6rem;text-align:left;vertical-align:top}
thead th{background:var(--code)}
table.matrix td.cell{min-width:12rem;max-width:40rem}
td.pass{background:var(--pass-bg)}td.fail{background:var(--fail-bg)}td.flaky{background:var(--flaky-bg)}
td.missing{color:var(--muted);text-align:center}
.s-pass{color:var(--pass)}.s-fail{color:var(--fail)}.s-flaky,.s-unscored{color:var(--flaky)}.s-skipped{color:var(--muted)}
.badge{display:inline-block;font-weight:600;padding:0 .4em;border:1px solid currentColor;border-radius:4px;font-size:.85em}
.id{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-weight:600}
.title{color:var(--muted);max-width:24rem}
.tag{display:inline-block;font-size:12px;border:1px solid var(--line);border-radius:10px;padding:0 .5em;margin:.2em .2em 0 0}
.reply,.text{white-space:pre-wrap;overflow-wrap:anywhere;font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--code);border:1px solid var(--line);border-radius:4px;padding:.5rem;margin:.3rem 0}
details>summary{cursor:pointer;color:var(--muted)}
.sample{border-top:1px dashed var(--line);margin-top:.5rem;padding-top:.3rem}
table.scores{font-size:13px;margin:.3rem 0}
table.scores td.reason{white-space:pre-wrap;overflow-wrap:anywhere}
ul.reasons{margin:.3rem 0;padding-left:1.2rem}
ul.reasons li{white-space:pre-wrap;overflow-wrap:anywhere}
nav.filters{margin:1rem 0 0;display:flex;gap:.5rem;flex-wrap:wrap}
nav.filters button{font:inherit;padding:.3rem .8rem;border:1px solid var(--line);border-radius:6px;background:var(--bg);color:var(--fg);cursor:pointer}
nav.filters button[aria-pressed="true"]{background:var(--fg);color:var(--bg)}
tr[hidden],nav.filters[hidden]{display:none}
"#;

    /// Filters are an enhancement: the buttons stay hidden unless this runs.
    const JS: &str = r#"
(function () {
  var nav = document.querySelector('nav.filters');
  if (!nav) return;
  nav.hidden = false;
  var buttons = nav.querySelectorAll('button');
  Array.prototype.forEach.call(buttons, function (b) {
    b.addEventListener('click', function () {
      var f = b.getAttribute('data-filter');
      Array.prototype.forEach.call(buttons, function (x) {
        x.setAttribute('aria-pressed', x === b ? 'true' : 'false');
      });
      Array.prototype.forEach.call(document.querySelectorAll('tr[data-row]'), function (r) {
        r.hidden = f !== 'all' && r.getAttribute('data-' + f) !== '1';
      });
    });
  });
})();
"#;

    pub(super) fn render(report: &Report) -> String {
        let s = &report.summary;
        let mut out = String::new();
        wl!(out, "<!DOCTYPE html>");
        wl!(out, "<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">");
        wl!(
            out,
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        );
        wl!(
            out,
            "<title>reframe eval: {}</title>",
            if s.passed_gates {
                "gates passed"
            } else {
                "gates failed"
            }
        );
        wl!(out, "<style>{CSS}</style>\n</head>\n<body>");
        header(&mut out, report);
        match &report.cases {
            Entries::Generated(cases) => generated(&mut out, s, cases),
            Entries::References(refs) => references(&mut out, s, refs),
        }
        wl!(out, "<script>{JS}</script>\n</body>\n</html>");
        out
    }

    fn header(out: &mut String, report: &Report) {
        let s = &report.summary;
        wl!(out, "<header>");
        let (class, word) = if s.passed_gates {
            ("s-pass", "gates passed")
        } else {
            ("s-fail", "gates failed")
        };
        wl!(
            out,
            "<h1>reframe eval <span class=\"badge {class}\">{word}</span></h1>"
        );
        match &report.cases {
            Entries::Generated(_) => wl!(
                out,
                "<p class=\"summary\"><b>{}</b> cases · <b>{}</b> passed ({}) · {} flaky · {} regressed · {} fixed · {} new</p>",
                s.cases,
                s.passed,
                pct(s.pass_rate),
                s.flaky,
                s.regressed,
                s.fixed,
                s.new
            ),
            Entries::References(refs) => {
                let (n, good, bad, agree) = ref_counts(refs);
                wl!(
                    out,
                    "<p class=\"summary\"><b>{n}</b> references ({good} good, {bad} bad) · <b>{agree}</b> agree with their label · <b>{}</b> disagree</p>",
                    n - agree
                );
            }
        }
        wl!(
            out,
            "<p class=\"muted\">mode {} · provider {} · prompt {} · repeat {}</p>",
            h(&s.mode),
            h(&s.provider),
            h(&s.prompt_version),
            s.repeat
        );
        gates(out, &s.gates);
        wl!(out, "</header>");
    }

    fn gates(out: &mut String, gates: &[Gate]) {
        if gates.is_empty() {
            wl!(out, "<p class=\"muted\">No gates configured.</p>");
            return;
        }
        wl!(out, "<ul class=\"gates\">");
        for g in gates {
            let (class, mark) = if g.passed {
                ("s-pass", "✓")
            } else {
                ("s-fail", "✗")
            };
            wl!(
                out,
                "<li><span class=\"{class}\">{mark}</span> <b>{}</b>: {}</li>",
                h(&g.name),
                h(&g.detail)
            );
        }
        wl!(out, "</ul>");
    }

    fn filters(out: &mut String, buttons: &[(&str, &str)]) {
        w!(
            out,
            "<nav class=\"filters\" hidden aria-label=\"Filter rows\">"
        );
        for (i, (filter, label)) in buttons.iter().enumerate() {
            w!(
                out,
                "<button type=\"button\" data-filter=\"{filter}\" aria-pressed=\"{}\">{label}</button>",
                i == 0
            );
        }
        wl!(out, "</nav>");
    }

    fn scores_table(out: &mut String, scores: &[ScoreLine]) {
        if scores.is_empty() {
            wl!(out, "<p class=\"muted\">No scores.</p>");
            return;
        }
        wl!(
            out,
            "<table class=\"scores\"><thead><tr><th>scorer</th><th>status</th><th>score</th><th>weight</th><th>reason</th></tr></thead><tbody>"
        );
        for l in scores {
            let st = status_str(l.status);
            wl!(
                out,
                "<tr><td>{}</td><td class=\"s-{st}\">{st}</td><td>{}</td><td>{}</td><td class=\"reason\">{}</td></tr>",
                h(&l.scorer),
                num(l.score),
                num(l.weight),
                h(&l.reason)
            );
        }
        wl!(out, "</tbody></table>");
    }

    fn cell(out: &mut String, c: &CaseResult, repeat: usize) {
        let v = Verdict::of(c);
        wl!(out, "<td class=\"cell {}\">", v.class());
        w!(
            out,
            "<div><span class=\"badge s-{}\">{}</span>",
            v.class(),
            v.label()
        );
        match tally(c, repeat) {
            Some((p, t)) => w!(out, " {p}/{t} ({})", pct(c.pass_rate)),
            None => w!(out, " {}", pct(c.pass_rate)),
        }
        if let Some((mark, word)) = baseline_mark(c) {
            w!(
                out,
                " <span class=\"baseline\" title=\"{word} vs baseline\">{} {word}</span>",
                h(mark)
            );
        }
        wl!(out, "</div>");
        wl!(out, "<div class=\"muted\">score {}</div>", num(c.score));
        wl!(out, "<details><summary>details</summary>");
        if !c.reasons.is_empty() {
            wl!(out, "<h4>Reasons</h4><ul class=\"reasons\">");
            for r in &c.reasons {
                wl!(out, "<li>{}</li>", h(r));
            }
            wl!(out, "</ul>");
        }
        for sample in &c.samples {
            let st = if sample.passed { "pass" } else { "fail" };
            wl!(out, "<div class=\"sample\">");
            wl!(
                out,
                "<h4>Sample #{} · <span class=\"s-{st}\">{st}</span> · score {} · {}</h4>",
                sample.index,
                num(sample.score),
                h(&sample.source)
            );
            if let Some(e) = &sample.error {
                wl!(
                    out,
                    "<div class=\"s-fail\">Error:</div><div class=\"text\">{}</div>",
                    h(e)
                );
            }
            if let Some(a) = &sample.abstained {
                wl!(out, "<p>Abstained: {}</p>", h(a));
            }
            if let Some(cn) = &sample.concern {
                wl!(out, "<p>Concern: {}</p>", h(cn));
            }
            if sample.replies.is_empty() && sample.abstained.is_none() {
                wl!(out, "<p class=\"muted\">No replies.</p>");
            }
            for reply in &sample.replies {
                wl!(out, "<div class=\"reply\">{}</div>", h(reply));
            }
            scores_table(out, &sample.scores);
            wl!(out, "</div>");
        }
        wl!(out, "</details>\n</td>");
    }

    fn generated(out: &mut String, s: &Summary, cases: &[CaseResult]) {
        let m = matrix(s, cases);
        filters(
            out,
            &[
                ("all", "All"),
                ("failed", "Failures only"),
                ("differs", "Differences only"),
            ],
        );
        if m.rows.is_empty() {
            wl!(out, "<p class=\"muted\">No cases.</p>");
            return;
        }
        wl!(
            out,
            "<div class=\"scroll\"><table class=\"matrix\">\n<thead><tr><th>case</th>"
        );
        for v in &m.variants {
            w!(out, "<th>{}</th>", h(v));
        }
        wl!(out, "</tr></thead>\n<tbody>");
        for row in &m.rows {
            wl!(
                out,
                "<tr data-row data-failed=\"{}\" data-differs=\"{}\">",
                u8::from(row.any_failed()),
                u8::from(row.differs())
            );
            w!(
                out,
                "<th scope=\"row\"><div class=\"id\">{}</div>",
                h(row.id)
            );
            if !row.title.is_empty() {
                w!(out, "<div class=\"title\">{}</div>", h(row.title));
            }
            if !row.tags.is_empty() {
                w!(out, "<div class=\"tags\">");
                for t in row.tags {
                    w!(out, "<span class=\"tag\">{}</span>", h(t));
                }
                w!(out, "</div>");
            }
            wl!(out, "</th>");
            for c in &row.cells {
                match c {
                    Some(c) => cell(out, c, s.repeat),
                    None => wl!(out, "<td class=\"missing\">—</td>"),
                }
            }
            wl!(out, "</tr>");
        }
        wl!(out, "</tbody>\n</table></div>");
    }

    fn references(out: &mut String, s: &Summary, refs: &[ReferenceResult]) {
        if !s.agreement.is_empty() {
            wl!(out, "<h2>Scorer agreement</h2>");
            wl!(
                out,
                "<div class=\"scroll\"><table class=\"agreement\"><thead><tr><th>scorer</th><th>good passed</th><th>bad failed</th><th>agreement</th><th>false-pass</th></tr></thead><tbody>"
            );
            for a in &s.agreement {
                wl!(
                    out,
                    "<tr><td>{}</td><td>{}/{}</td><td>{}/{}</td><td>{}</td><td>{}</td></tr>",
                    h(&a.scorer),
                    a.good_passed,
                    a.good_total,
                    a.bad_failed,
                    a.bad_total,
                    pct(a.agreement),
                    pct(a.false_pass_rate)
                );
            }
            wl!(out, "</tbody></table></div>");
        }
        wl!(out, "<h2>References</h2>");
        filters(out, &[("all", "All"), ("disagrees", "Disagreements only")]);
        if refs.is_empty() {
            wl!(out, "<p class=\"muted\">No references.</p>");
            return;
        }
        wl!(
            out,
            "<div class=\"scroll\"><table class=\"references\">\n<thead><tr><th>case</th><th>label</th><th>verdict</th><th>agrees</th><th>reply</th></tr></thead>\n<tbody>"
        );
        for r in refs {
            let verdict = ref_verdict(r);
            wl!(
                out,
                "<tr data-row data-disagrees=\"{}\">",
                u8::from(!r.agrees)
            );
            wl!(
                out,
                "<td class=\"id\">{}</td><td>{}-{}</td><td><span class=\"badge s-{verdict}\">{verdict}</span></td>",
                h(&r.case),
                h(&r.label),
                r.index
            );
            if r.agrees {
                wl!(out, "<td><span class=\"s-pass\">ok</span></td>");
            } else {
                wl!(
                    out,
                    "<td><span class=\"badge s-fail\">WRONG</span><div class=\"muted\">{}</div></td>",
                    ref_problem(r)
                );
            }
            wl!(
                out,
                "<td><details><summary>{}</summary>",
                h(&clip(&one_line(&r.text), 80))
            );
            wl!(out, "<div class=\"reply\">{}</div>", h(&r.text));
            scores_table(out, &r.scores);
            wl!(out, "</details></td>\n</tr>");
        }
        wl!(out, "</tbody>\n</table></div>");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::report::Sample;

    fn line(scorer: &str, status: Status, reason: &str) -> ScoreLine {
        ScoreLine {
            scorer: scorer.into(),
            score: if status == Status::Pass { 1.0 } else { 0.0 },
            status,
            reason: reason.into(),
            weight: 1.0,
        }
    }

    fn sample(index: usize, passed: bool, reply: &str, scores: Vec<ScoreLine>) -> Sample {
        Sample {
            index,
            passed,
            score: if passed { 1.0 } else { 0.25 },
            replies: vec![reply.into()],
            abstained: None,
            concern: Some("value_gap".into()),
            scores,
            error: None,
            source: "replayed".into(),
        }
    }

    const EVIL: &str =
        "says </td><script>alert('x')</script> & \"quotes\" | pipe\nsecond line \x1b[31mred\x07";

    fn case(id: &str, variant: &str, samples: Vec<Sample>, reasons: Vec<String>) -> CaseResult {
        let passed_n = samples.iter().filter(|s| s.passed).count();
        let n = samples.len();
        CaseResult {
            id: id.into(),
            title: format!("Title of {id} <b>\" onmouseover=\"x"),
            tags: vec!["seed".into(), "concern:value_gap".into()],
            variant: variant.into(),
            passed: passed_n == n,
            pass_rate: passed_n as f64 / n as f64,
            wilson: [0.25, 0.75],
            flaky: passed_n > 0 && passed_n < n,
            score: 0.5,
            scorer_means: vec![("coach".into(), 0.5)],
            reasons,
            samples,
            baseline: None,
        }
    }

    fn summary(mode: &str, variants: &[&str]) -> Summary {
        Summary {
            mode: mode.into(),
            cases: 4,
            passed: 2,
            pass_rate: 0.5,
            variants: variants.iter().map(|v| v.to_string()).collect(),
            flaky: 1,
            regressed: 1,
            fixed: 0,
            new: 1,
            agreement: vec![],
            gates: vec![
                Gate {
                    name: "pass_rate".into(),
                    passed: true,
                    detail: "required ≥ 50%, found 50%".into(),
                },
                Gate {
                    name: "no_regressions".into(),
                    passed: false,
                    detail: "1 regressed <case>".into(),
                },
            ],
            passed_gates: false,
            provider: "builtin".into(),
            prompt_version: "v1".into(),
            repeat: 3,
        }
    }

    fn generated() -> Report {
        let ok = |i| sample(i, true, "Fair point — what would it take?", vec![]);
        let bad = |i| {
            sample(
                i,
                false,
                EVIL,
                vec![
                    line("assert:max_words", Status::Fail, EVIL),
                    line("judge", Status::Unscored, "could not read"),
                ],
            )
        };
        let mut failing = case(
            "robert-in-house",
            "candidate",
            vec![bad(0), bad(1), bad(2)],
            vec![EVIL.into(), "too long".into()],
        );
        failing.baseline = Some("regressed".into());
        let mut flaky = case(
            "price-push",
            "candidate",
            vec![ok(0), ok(1), bad(2)],
            vec!["sample #2 failed".into()],
        );
        flaky.baseline = Some("new".into());
        Report {
            summary: summary("generate", &["baseline", "candidate"]),
            cases: Entries::Generated(vec![
                case(
                    "robert-in-house",
                    "baseline",
                    vec![ok(0), ok(1), ok(2)],
                    vec![],
                ),
                case("price-push", "baseline", vec![ok(0), ok(1), ok(2)], vec![]),
                failing,
                flaky,
            ]),
        }
    }

    fn references() -> Report {
        let r = |label: &str, index, passed: bool, scores| ReferenceResult {
            case: "robert-in-house".into(),
            label: label.into(),
            index,
            text: EVIL.into(),
            passed,
            agrees: passed == (label == "good"),
            scores,
        };
        let mut s = summary("references", &[]);
        s.agreement = vec![Agreement {
            scorer: "coach|<x>".into(),
            good_total: 2,
            good_passed: 1,
            bad_total: 1,
            bad_failed: 0,
            agreement: 1.0 / 3.0,
            false_pass_rate: 1.0,
        }];
        Report {
            summary: s,
            cases: Entries::References(vec![
                r("good", 0, true, vec![line("coach", Status::Pass, "fine")]),
                r(
                    "good",
                    1,
                    false,
                    vec![line("assert:not_contains", Status::Fail, EVIL)],
                ),
                r("bad", 0, true, vec![line("coach", Status::Pass, "fine")]),
            ]),
        }
    }

    /// A rough well-formedness check: balanced, properly nested tags; no raw `<` or `&` outside
    /// markup and entities; quoted attributes.
    fn check_xml(xml: &str) {
        let mut stack: Vec<String> = Vec::new();
        let mut rest = xml;
        let check_text = |t: &str| {
            let mut parts = t.split('&');
            parts.next();
            for p in parts {
                let ok = [
                    "amp;", "lt;", "gt;", "quot;", "apos;", "#9;", "#10;", "#13;",
                ]
                .iter()
                .any(|e| p.starts_with(e));
                assert!(ok, "bad entity near {:?}", &p[..p.len().min(20)]);
            }
            assert!(!t.contains('>'), "raw > in {t:?}");
            assert!(
                t.chars()
                    .all(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r')),
                "control character in {t:?}"
            );
        };
        while let Some(start) = rest.find('<') {
            check_text(&rest[..start]);
            rest = &rest[start..];
            if let Some(body) = rest.strip_prefix("<?") {
                let end = body.find("?>").expect("unterminated declaration");
                rest = &body[end + 2..];
                continue;
            }
            // A tag ends at the first `>` outside quotes.
            let mut in_quote = false;
            let mut end = None;
            for (i, c) in rest.char_indices().skip(1) {
                match c {
                    '"' => in_quote = !in_quote,
                    '<' => panic!("raw < inside a tag: {:?}", &rest[..i]),
                    '>' if !in_quote => {
                        end = Some(i);
                        break;
                    }
                    _ => {}
                }
            }
            let end = end.expect("unterminated tag");
            let tag = &rest[1..end];
            rest = &rest[end + 1..];
            if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(stack.pop().as_deref(), Some(name), "mismatched </{name}>");
                continue;
            }
            let name: String = tag
                .chars()
                .take_while(|c| !c.is_whitespace() && *c != '/')
                .collect();
            assert!(!name.is_empty(), "empty tag name");
            // Attribute values: escaped, quoted.
            for (i, v) in tag.split('"').enumerate() {
                if i % 2 == 1 {
                    check_text(v);
                }
            }
            if !tag.ends_with('/') {
                stack.push(name);
            }
        }
        check_text(rest);
        assert!(stack.is_empty(), "unclosed tags: {stack:?}");
    }

    #[test]
    fn json_round_trips() {
        for report in [generated(), references()] {
            let s = render(&report, Format::Json, false);
            assert!(s.ends_with("}\n"));
            let back: Report = serde_json::from_str(&s).unwrap();
            assert_eq!(back, report);
        }
    }

    #[test]
    fn junit_is_well_formed_with_counts() {
        let xml = render(&generated(), Format::Junit, false);
        check_xml(&xml);
        assert!(!xml.contains("<script"));
        assert!(xml.contains("&lt;script&gt;"));
        assert!(!xml.contains('\x1b') && !xml.contains('\x07'));
        assert!(xml.contains("<testsuites name=\"reframe eval\" tests=\"4\" failures=\"2\""));
        assert!(
            xml.contains("<testsuite name=\"reframe eval: baseline\" tests=\"2\" failures=\"0\"")
        );
        assert!(
            xml.contains("<testsuite name=\"reframe eval: candidate\" tests=\"2\" failures=\"2\"")
        );
        assert_eq!(xml.matches("<testsuite ").count(), 2);
        assert_eq!(xml.matches("<testcase ").count(), 4);
        assert_eq!(xml.matches("<failure ").count(), 2);
        assert!(xml.contains("<testcase classname=\"candidate\" name=\"robert-in-house\">"));
        // Attribute newlines are character references, so the message survives parsing.
        assert!(!xml.contains("message=\"says </td>"));

        let xml = render(&references(), Format::Junit, false);
        check_xml(&xml);
        assert!(!xml.contains("<script"));
        assert!(
            xml.contains("<testsuite name=\"reframe eval references\" tests=\"3\" failures=\"2\"")
        );
        assert_eq!(xml.matches("<testcase ").count(), 3);
        assert_eq!(xml.matches("<failure ").count(), 2);
        assert!(xml.contains("name=\"robert-in-house#good-1\""));
        assert!(xml.contains("name=\"robert-in-house#bad-0\""));
    }

    #[test]
    fn xml_escape_strips_invalid_characters() {
        assert_eq!(junit::text("a\u{0}b\x1bc\td\n"), "abc\td\n");
        assert_eq!(junit::attr("<'\"&>\n"), "&lt;&apos;&quot;&amp;&gt;&#10;");
    }

    #[test]
    fn html_escapes_data_and_has_filters() {
        let html = render(&generated(), Format::Html, false);
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert_eq!(html.matches("<script").count(), 1, "only our own script");
        assert_eq!(html.matches("</script>").count(), 1);
        assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
        assert!(!html.contains("\" onmouseover=\""));
        assert!(!html.contains("<b>\""));
        assert!(!html.contains('\x1b'));
        assert!(html.contains("<th>baseline</th>") && html.contains("<th>candidate</th>"));
        for b in [">All<", ">Failures only<", ">Differences only<"] {
            assert!(html.contains(b), "missing filter {b}");
        }
        // No external resources.
        assert!(!html.contains("src=") && !html.contains("href="));
        // Both rows failed somewhere and differ between variants.
        assert_eq!(
            html.matches("data-row data-failed=\"1\" data-differs=\"1\"")
                .count(),
            2
        );
        assert!(html.contains("FLAKY") && html.contains("2/3"));
        assert!(html.contains("regressed vs baseline"));

        let html = render(&references(), Format::Html, false);
        assert_eq!(html.matches("<script").count(), 1);
        assert!(html.contains(">Disagreements only<"));
        assert!(html.contains("WRONG"));
        assert!(html.contains("coach|&lt;x&gt;"));
        assert_eq!(html.matches("data-disagrees=\"1\"").count(), 2);
    }

    #[test]
    fn markdown_escapes_table_cells() {
        let mut report = generated();
        if let Entries::Generated(cases) = &mut report.cases {
            cases[0].id = "a|b".into();
            cases[2].id = "a|b".into();
        }
        let md = render(&report, Format::Markdown, false);
        assert!(md.contains("a\\|b"));
        assert!(!md.contains("a|b"));
        assert!(!md.contains("<script"));
        assert!(md.contains("pipe\\|") || md.contains("\\| pipe"));
        // Every table row has the same number of unescaped pipes.
        let pipes = |l: &str| {
            let b = l.as_bytes();
            (0..b.len())
                .filter(|&i| b[i] == b'|' && (i == 0 || b[i - 1] != b'\\'))
                .count()
        };
        let rows: Vec<&str> = md.lines().filter(|l| l.starts_with('|')).collect();
        assert_eq!(rows.len(), 4);
        assert!(rows.iter().all(|l| pipes(l) == 4), "{rows:?}");
        assert!(md.contains("### Failures"));
        assert!(md.contains("⚠️ 2/3"));
        assert!(md.contains("❌ 0/3 ↓"));
        assert!(md.contains("### Gates"));

        let md = render(&references(), Format::Markdown, false);
        assert!(md.contains("coach\\|&lt;x&gt;"));
        assert!(md.contains("### Disagreements"));
        assert!(md.contains("robert-in-house\\#good-1"));
        assert!(!md.contains("<script"));
    }

    #[test]
    fn markdown_neutralises_leading_markers() {
        assert_eq!(markdown::md("- x"), "\\- x");
        assert_eq!(markdown::md("12. x"), "12\\. x");
        assert_eq!(markdown::md("a.b"), "a.b");
        assert_eq!(markdown::md("*$5*"), "\\*\\$5\\*");
    }

    #[test]
    fn pretty_colour_only_when_asked() {
        for report in [generated(), references()] {
            let plain = render(&report, Format::Pretty, false);
            assert!(!plain.contains('\x1b'), "{plain}");
            assert!(!plain.contains('\x07'));
            let coloured = render(&report, Format::Pretty, true);
            assert!(coloured.contains('\x1b'));
        }
        let plain = render(&generated(), Format::Pretty, false);
        assert!(plain.contains("FAIL 0/3 ↓"));
        assert!(plain.contains("FLAKY 2/3 *"));
        assert!(plain.contains("PASS 3/3"));
        assert!(plain.contains("failures:"));
        assert!(plain.contains("✗ no_regressions"));
        assert!(plain.contains("4 cases · 2 passed (50.0%)"));
        // Reasons: at most three lines per failing cell, each on one line.
        let block: Vec<&str> = plain
            .lines()
            .skip_while(|l| !l.contains("[candidate] FAIL"))
            .skip(1)
            .take_while(|l| l.starts_with("    - "))
            .collect();
        assert_eq!(block.len(), 2);

        let plain = render(&references(), Format::Pretty, false);
        assert!(plain.contains("WRONG"));
        assert!(plain.contains("disagreements:"));
        assert!(plain.contains("bad reference passed"));
        assert!(plain.contains("33.3%"));
    }
}
