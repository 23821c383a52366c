//! Turning a model's text into a validated [`ModelAnswer`].
//!
//! Owns finding the JSON object in what a model wrote (bare, inside a ```json fence, or
//! surrounded by prose), decoding it with the failing field named, and applying
//! [`ModelAnswer::validate`]. It must not retry or call anything: the provider decides what to
//! do with an error, whose text is written to be fed back to the model.

use crate::suggestion::ModelAnswer;

/// The largest answer we try to parse; a model that writes more is misbehaving.
pub const MAX_ANSWER_BYTES: usize = 256 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("the answer is empty")]
    Empty,
    #[error("the answer is {0} bytes, over the limit of {MAX_ANSWER_BYTES}")]
    TooLarge(usize),
    #[error("no JSON object found in the answer")]
    NoJson,
    #[error("the JSON does not match the required shape at `{path}`: {message}")]
    Shape { path: String, message: String },
    #[error("{0}")]
    Rule(#[from] crate::suggestion::AnswerError),
}

/// Extracts, decodes and validates a model answer.
pub fn parse_answer(text: &str) -> Result<ModelAnswer, ParseError> {
    if text.trim().is_empty() {
        return Err(ParseError::Empty);
    }
    if text.len() > MAX_ANSWER_BYTES {
        return Err(ParseError::TooLarge(text.len()));
    }
    let mut first_shape_error = None;
    for candidate in candidates(text) {
        if !is_answer_object(candidate) {
            continue;
        }
        let de = &mut serde_json::Deserializer::from_str(candidate);
        match serde_path_to_error::deserialize::<_, ModelAnswer>(de) {
            Ok(answer) => {
                answer.validate()?;
                return Ok(answer);
            }
            // Keep the error of the first candidate that was valid JSON: it is the one the
            // model meant, and its path tells the model what to fix.
            Err(e) if first_shape_error.is_none() => {
                first_shape_error = Some(ParseError::Shape {
                    path: e.path().to_string(),
                    message: e.inner().to_string(),
                });
            }
            Err(_) => {}
        }
    }
    Err(first_shape_error.unwrap_or(ParseError::NoJson))
}

/// The first JSON object found in a model's text (fenced, bare or amid prose).
pub fn extract_object(text: &str) -> Option<serde_json::Value> {
    if text.len() > MAX_ANSWER_BYTES {
        return None;
    }
    candidates(text)
        .into_iter()
        .find_map(|c| serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(c).ok())
        .map(serde_json::Value::Object)
}

/// A JSON object with at least one of the answer's top-level keys; this skips nested objects
/// (such as `analysis` alone) that the brace scanner also finds.
fn is_answer_object(text: &str) -> bool {
    serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(text).is_ok_and(|map| {
        ["analysis", "questions", "replies", "abstain"]
            .iter()
            .any(|k| map.contains_key(*k))
    })
}

/// Candidate JSON texts, most likely first: fenced blocks, the whole text, then each balanced
/// `{…}` span found by scanning.
fn candidates(text: &str) -> Vec<&str> {
    let mut found: Vec<&str> = fenced_blocks(text);
    found.push(text.trim());
    let mut start = 0;
    // Bounded: each balanced span is tried once, and at most a few dozen starts are scanned.
    for _ in 0..32 {
        let Some(open) = text[start..].find('{').map(|i| i + start) else {
            break;
        };
        match balanced_object_len(&text[open..]) {
            Some(len) => {
                found.push(&text[open..open + len]);
                start = open + len;
            }
            None => start = open + 1,
        }
    }
    found
}

/// Contents of ``` fences (with or without a language tag).
fn fenced_blocks(text: &str) -> Vec<&str> {
    let mut blocks = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("```") {
        let after = &rest[open + 3..];
        let body_start = after.find('\n').map_or(after.len(), |i| i + 1);
        let body = &after[body_start..];
        let Some(close) = body.find("```") else {
            break;
        };
        blocks.push(body[..close].trim());
        rest = &body[close + 3..];
    }
    blocks
}

/// Length of the balanced `{…}` at the start of `text`, honouring JSON strings and escapes.
pub fn balanced_object_len(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (i, b) in text.bytes().enumerate() {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' => depth += 1,
            b'}' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"{"analysis":{"says":"s","means":"m","objective":"o","structure":"a -> b","concern":"value_gap","emotion":"e"},"questions":["What would help?"],"replies":[{"strategy":"explore","text":"Hi {there}","wifm":"w"}],"abstain":null}"#;

    #[test]
    fn bare_json() {
        let a = parse_answer(GOOD).unwrap();
        assert_eq!(a.replies[0].text, "Hi {there}");
    }

    #[test]
    fn fenced_and_prose_wrapped_json() {
        let fenced = format!("Here you go:\n```json\n{GOOD}\n```\nHope it helps!");
        assert_eq!(parse_answer(&fenced).unwrap(), parse_answer(GOOD).unwrap());
        let prose = format!("Sure! {{not json}} The answer is {GOOD} -- done.");
        assert_eq!(parse_answer(&prose).unwrap(), parse_answer(GOOD).unwrap());
        let plain_fence = format!("```\n{GOOD}\n```");
        assert!(parse_answer(&plain_fence).is_ok());
    }

    #[test]
    fn errors_name_the_problem() {
        assert_eq!(parse_answer("  "), Err(ParseError::Empty));
        assert_eq!(
            parse_answer("I cannot help with that."),
            Err(ParseError::NoJson)
        );
        let bad_concern = GOOD.replace("value_gap", "pricing");
        match parse_answer(&bad_concern) {
            Err(ParseError::Shape { path, .. }) => assert_eq!(path, "analysis.concern"),
            other => panic!("{other:?}"),
        }
        let no_replies = GOOD.replace(
            r#"[{"strategy":"explore","text":"Hi {there}","wifm":"w"}]"#,
            "[]",
        );
        assert!(matches!(
            parse_answer(&no_replies),
            Err(ParseError::Rule(_))
        ));
        let truncated = &GOOD[..GOOD.len() / 2];
        assert_eq!(parse_answer(truncated), Err(ParseError::NoJson));
    }

    #[test]
    fn hostile_text_is_bounded() {
        let many_braces = "{".repeat(100_000);
        assert_eq!(parse_answer(&many_braces), Err(ParseError::NoJson));
        let huge = "x".repeat(MAX_ANSWER_BYTES + 1);
        assert!(matches!(parse_answer(&huge), Err(ParseError::TooLarge(_))));
    }
}
