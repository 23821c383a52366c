//! Lines a customer copied from the rep's earlier mail: the rep's words, not the customer's.
//!
//! A customer who answers point by point often pastes the rep's questions above each answer
//! without `>` (in capitals, numbered, or as the mail client left them), and some paste the
//! whole earlier mail under their reply with no attribution line. [`super::clean`] sees one
//! message at a time and cannot tell such a line from the customer's own; here the thread
//! can: a line of the customer's that repeats a line of an earlier rep message is quoted
//! history, whatever the language, and goes like a `>` line.
//!
//! It must not rewrite words or touch rep messages; it compares whole lines only, so a
//! sentence the customer wrote around the rep's words stays.

use std::collections::HashSet;

use super::{Message, Role};

/// A copied line must hold at least this many words: "Thank you," or "Hi Ana," written by both
/// sides is courtesy, not a quotation.
const MIN_WORDS: usize = 4;

/// Removes, from every customer message, the lines that repeat a line of an earlier rep message
/// as the thread came in, `originals` (compared without case, list markers, `>` or spacing).
/// Returns, per message, whether any line went.
pub fn remove_copied_lines(messages: &mut [Message], originals: &[Message]) -> Vec<bool> {
    let mut rep_lines: HashSet<String> = HashSet::new();
    let mut removed = Vec::with_capacity(messages.len());
    for (message, original) in messages.iter_mut().zip(originals) {
        match message.role {
            Role::Rep => {
                rep_lines.extend(original.text.lines().filter_map(comparable));
                removed.push(false);
            }
            Role::Customer => removed.push(drop_lines_in(&mut message.text, &rep_lines)),
        }
    }
    removed
}

fn drop_lines_in(text: &mut String, rep_lines: &HashSet<String>) -> bool {
    if rep_lines.is_empty() {
        return false;
    }
    let is_copied = |line: &str| comparable(line).is_some_and(|l| rep_lines.contains(&l));
    let lines = text.lines().count();
    let kept: Vec<&str> = text.lines().filter(|l| !is_copied(l)).collect();
    if kept.len() == lines {
        return false;
    }
    *text = super::clean::join_collapsing_blanks(&kept);
    true
}

/// The line as compared: lowercased, without leading `>`, list markers or extra spaces; `None`
/// when it is too short to be a quotation.
fn comparable(line: &str) -> Option<String> {
    let mut rest = line.trim().trim_start_matches(['>', ' ']);
    rest = strip_list_marker(rest);
    let words: Vec<&str> = rest.split_whitespace().collect();
    (words.len() >= MIN_WORDS).then(|| words.join(" ").to_lowercase())
}

/// "1.", "2)", "-", "*" and "•" open list items on either side of a pasted question.
fn strip_list_marker(line: &str) -> &str {
    let digits = line.trim_start_matches(|c: char| c.is_ascii_digit());
    let unmarked = if digits.len() < line.len() {
        digits.strip_prefix(['.', ')'])
    } else {
        line.strip_prefix(['-', '*', '•'])
    };
    unmarked.map_or(line, str::trim_start)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(role: Role, text: &str) -> Message {
        Message {
            role,
            from: None,
            sent_at: None,
            text: text.to_string(),
        }
    }

    fn cleaned(rep: &str, customer: &str) -> (String, bool) {
        let mut messages = vec![message(Role::Rep, rep), message(Role::Customer, customer)];
        let originals = messages.clone();
        let removed = remove_copied_lines(&mut messages, &originals);
        (messages[1].text.clone(), removed[1])
    }

    #[test]
    fn questions_pasted_in_capitals_above_the_answers_are_the_reps() {
        let rep = "Hi Mo,\nA few questions:\n- Is the price of 4,000 a year fine for your board?\n\
                   - Are you still looking at Brightline as well?\nBest,\nAl";
        let customer = "Hi Al,\n\nIS THE PRICE OF 4,000 A YEAR FINE FOR YOUR BOARD?\nYes.\n\n\
                        2. Are you still looking at Brightline as well?\nNo, only you.\n\nMo";
        let (text, removed) = cleaned(rep, customer);
        assert!(removed);
        assert_eq!(text, "Hi Al,\n\nYes.\n\nNo, only you.\n\nMo");
    }

    #[test]
    fn short_lines_both_sides_write_and_the_customers_own_sentences_stay() {
        let rep = "Many thanks,\nThe price is 4,000 a year for ten seats.";
        let customer = "Many thanks,\nThe price is 4,000 a year for ten seats, which is \
                        more than we have.\nBest regards";
        let (text, removed) = cleaned(rep, customer);
        assert!(!removed, "{text}");
        assert!(text.contains("which is more than we have"));
    }

    #[test]
    fn a_customer_line_before_any_rep_message_is_never_compared() {
        let mut messages = vec![
            message(Role::Customer, "We need single sign-on for all staff."),
            message(Role::Rep, "We need single sign-on for all staff."),
        ];
        let originals = messages.clone();
        assert_eq!(
            remove_copied_lines(&mut messages, &originals),
            [false, false]
        );
        assert_eq!(messages[0].text, "We need single sign-on for all staff.");
    }
}
