//! Numbers written with digits, for the fabrication check.
//!
//! Owns scanning a text for numbers ("$80,000", "3 May", "12%", "80 000 €") and reducing each
//! to its digits, so that a draft's figures can be compared with the thread's. Written by hand
//! because the rules are the product's (which digits count as a claim), not a parser's: digits
//! glued to letters ("B2B", "Q3"), list markers ("1.") and meeting lengths ("a 20-minute call")
//! are not claims about the customer's business.

/// A number mentioned in a text.
pub struct Number {
    /// Byte range of the whole mention, currency sign, unit and month name included.
    pub start: usize,
    pub end: usize,
    /// The digits without separators or leading zeros: "$80,000" -> "80000".
    pub digits: String,
    /// For a figure in thousands or millions ("30k", "€48.6k", "₦4.5m"), the digits as
    /// written ("30", "486", "45"): the customer who wrote "in the region of 30" backs the
    /// rep's "30k".
    pub spoken: Option<String>,
}

fn is_currency(c: char) -> bool {
    matches!(c, '$' | '€' | '£' | '¥' | '₹' | '₣' | '₽')
}

/// Words of `text` (runs of letters and digits) with their byte offsets.
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(move |w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
}

/// Length of a month name right after a number ("3 May", "3. März"), also across one short
/// linking word ("3 de marzo", "3rd of March"); 0 when there is none.
fn month_after(after: &str, is_month: &dyn Fn(&str) -> bool) -> usize {
    let mut ws = words(after);
    let Some((o1, w1)) = ws.next() else {
        return 0;
    };
    if o1 > 2 {
        return 0;
    }
    if is_month(w1) {
        return o1 + w1.len();
    }
    match ws.next() {
        Some((o2, w2)) if w1.chars().count() <= 3 && o2 == o1 + w1.len() + 1 && is_month(w2) => {
            o2 + w2.len()
        }
        _ => 0,
    }
}

/// The digits of `raw` scaled by `10^zeros` ("48.6" of "€48.6k" -> "48600", "4.5" of
/// "₦4.5m" -> "4500000"): the same figure as "€48,600" or "₦4,500,000" however it is
/// written. None when `raw` is no plain decimal.
fn scaled(raw: &str, zeros: usize) -> Option<String> {
    let (whole, fraction) = match raw.rfind(['.', ',']) {
        Some(p) if raw.len() - p - 1 <= 2 => (&raw[..p], &raw[p + 1..]),
        Some(_) => return None,
        None => (raw, ""),
    };
    let whole: u64 = whole.parse().ok()?;
    let fraction: u64 = format!("{fraction:0<zeros$}").parse().ok()?;
    whole
        .checked_mul(10u64.checked_pow(u32::try_from(zeros).ok()?)?)
        .and_then(|w| w.checked_add(fraction))
        .map(|n| n.to_string())
}

/// How many zeros a suffix glued to a figure stands for: thousands ("30k") or millions
/// ("4.5m", "2mn", "3 Mio" is written apart and read as a word).
fn suffix_zeros(suffix: &str) -> Option<usize> {
    match suffix.to_ascii_lowercase().as_str() {
        "k" => Some(3),
        "m" | "mn" | "mio" => Some(6),
        _ => None,
    }
}

/// Numbers of a thread or context: every run of digits.
pub fn in_thread(text: &str) -> Vec<Number> {
    scan(text, false, &|_| false)
}

/// Numbers a draft states. `is_month` tells month names, to quote "March 14th" whole.
pub fn in_draft(text: &str, is_month: &dyn Fn(&str) -> bool) -> Vec<Number> {
    scan(text, true, is_month)
}

fn scan(text: &str, draft: bool, is_month: &dyn Fn(&str) -> bool) -> Vec<Number> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let at = |i: usize| chars.get(i).map_or(text.len(), |&(p, _)| p);
    let ch = |i: usize| chars.get(i).map(|&(_, c)| c);
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].1.is_ascii_digit() {
            i += 1;
            continue;
        }
        let mut digits = String::new();
        let mut j = i;
        loop {
            match ch(j) {
                Some(c) if c.is_ascii_digit() => {
                    digits.push(c);
                    j += 1;
                }
                Some(',' | '.' | '\'') if ch(j + 1).is_some_and(|c| c.is_ascii_digit()) => j += 1,
                // "80 000": a space separates thousands only before exactly three digits.
                Some(' ' | '\u{a0}' | '\u{202f}')
                    if (1..=3).all(|k| ch(j + k).is_some_and(|c| c.is_ascii_digit()))
                        && !ch(j + 4).is_some_and(|c| c.is_ascii_digit()) =>
                {
                    j += 1
                }
                _ => break,
            }
        }
        let mut k = j;
        while ch(k).is_some_and(char::is_alphabetic) {
            k += 1;
        }
        let glued = i > 0 && chars[i - 1].1.is_alphabetic();
        let list_marker = matches!(ch(j), Some('.' | ')'))
            && ch(j + 1).is_none_or(char::is_whitespace)
            && digits.len() <= 2
            && chars[..i]
                .iter()
                .rev()
                .map(|&(_, c)| c)
                .find(|c| !matches!(c, ' ' | '\t' | '-' | '*' | '•'))
                .is_none_or(|c| c == '\n');
        let trimmed = digits.trim_start_matches('0');
        let written = if trimmed.is_empty() { "0" } else { trimmed }.to_string();
        let (digits, spoken) = match suffix_zeros(&text[at(j)..at(k)])
            .and_then(|zeros| scaled(&text[at(i)..at(j)], zeros))
        {
            Some(full) => (full, Some(written)),
            None => (written, None),
        };
        if !draft {
            out.push(Number {
                start: at(i),
                end: at(j),
                digits,
                spoken,
            });
            i = k;
            continue;
        }
        // "a 20-minute call", "15 Minuten": a meeting length offered as the next step is
        // not a claim about the customer's business.
        let mut u = j;
        while matches!(ch(u), Some(' ' | '-' | '\u{a0}')) && u < j + 2 {
            u += 1;
        }
        let unit: String = chars[u.min(chars.len())..]
            .iter()
            .map(|&(_, c)| c)
            .take_while(|c| c.is_alphabetic())
            .take(8)
            .flat_map(char::to_lowercase)
            .collect();
        let meeting_length = unit.starts_with("min") && digits.len() <= 2;
        if glued || list_marker || meeting_length {
            i = k;
            continue;
        }
        let mut start = i;
        if start > 0 && is_currency(chars[start - 1].1) {
            start -= 1;
        } else if start > 1 && chars[start - 1].1 == ' ' && is_currency(chars[start - 2].1) {
            start -= 2;
        }
        let mut end = k;
        if ch(end).is_some_and(|c| c == '%' || is_currency(c)) {
            end += 1;
        } else if matches!(ch(end), Some(' ' | '\u{a0}' | '\u{202f}'))
            && ch(end + 1).is_some_and(|c| c == '%' || is_currency(c))
        {
            end += 2;
        }
        let (mut span_start, mut span_end) = (at(start), at(end));
        // "March 3" / "3 March" / "3. März" / "3 de marzo": quote the date, not just the digit.
        let before = text[..span_start].trim_end();
        if let Some((ws, w)) = words(before).last() {
            if ws + w.len() == before.len() && is_month(w) {
                span_start = ws;
            }
        }
        span_end += month_after(&text[span_end..], is_month);
        out.push(Number {
            start: span_start,
            end: span_end,
            digits,
            spoken,
        });
        i = k.max(i + 1);
    }
    out
}
