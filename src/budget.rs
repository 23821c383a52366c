//! Fitting a thread into the model's context window.
//!
//! Owns the cutting policy: keep the first message (it usually states the situation), keep the
//! newest customer message and anything after it whole, and leave out the oldest of the
//! messages in between until the rendered prompt fits, with a visible marker where they were.
//! If that is not enough, the first message is shortened. It must not change any text it keeps
//! and must not call providers.

use crate::prompt::{ChatMessage, PromptError, Prompts};
use crate::thread::Thread;
use crate::tokens::TokenCounter;

/// What will be sent: the rendered messages, their token count and what was cut.
#[derive(Debug, Clone)]
pub struct Fitted {
    pub messages: Vec<ChatMessage>,
    pub prompt_tokens: usize,
    /// The thread as the model sees it (middle messages removed, first maybe shortened).
    pub thread: Thread,
    pub elided: usize,
    pub truncated: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum BudgetError {
    #[error(transparent)]
    Prompt(#[from] PromptError),
    #[error(
        "the newest customer message alone needs {needed} prompt tokens, over the budget of \
         {budget} (raise budget.context_window or shorten the message)"
    )]
    TooLong { needed: usize, budget: usize },
}

/// Renders a thread with `elided` messages left out and counts its tokens.
type RenderFn<'a> = dyn Fn(&Thread, usize) -> Result<(Vec<ChatMessage>, usize), BudgetError> + 'a;

const SHORTENED_MARKER: &str =
    "\n[... rest of this message left out to fit the context window ...]";

/// Renders `thread` into at most `budget` prompt tokens.
pub fn fit(
    thread: &Thread,
    prompts: &Prompts,
    counter: &TokenCounter,
    budget: usize,
    replies: usize,
    triage: Option<&str>,
) -> Result<Fitted, BudgetError> {
    let render = |t: &Thread, elided: usize| -> Result<(Vec<ChatMessage>, usize), BudgetError> {
        let messages = prompts.render(t, elided, replies, triage)?;
        let tokens = prompt_tokens(counter, &messages);
        Ok((messages, tokens))
    };
    let (messages, tokens) = render(thread, 0)?;
    if tokens <= budget {
        return Ok(Fitted {
            messages,
            prompt_tokens: tokens,
            thread: thread.clone(),
            elided: 0,
            truncated: false,
        });
    }
    let keep_from = thread
        .newest_customer_index()
        .unwrap_or(thread.messages.len().saturating_sub(1))
        .max(1);
    let middle = 1..keep_from;
    // Per-message costs let us choose the cut with one subtraction each, then render once to
    // confirm; a loop corrects the rare case where the estimate was short.
    let costs: Vec<usize> = thread.messages[middle.clone()]
        .iter()
        .map(|m| counter.count(&m.text) + 24)
        .collect();
    let mut excess = tokens - budget;
    let mut elided = 0;
    for cost in &costs {
        if excess == 0 {
            break;
        }
        excess = excess.saturating_sub(*cost);
        elided += 1;
    }
    loop {
        let reduced = without_middle(thread, middle.start, elided);
        let (messages, tokens) = render(&reduced, elided)?;
        if tokens <= budget {
            return Ok(Fitted {
                messages,
                prompt_tokens: tokens,
                thread: reduced,
                elided,
                truncated: true,
            });
        }
        if elided < costs.len() {
            elided += 1;
            continue;
        }
        return shorten_first(reduced, elided, tokens - budget, budget, &render);
    }
}

fn without_middle(thread: &Thread, start: usize, count: usize) -> Thread {
    let mut reduced = thread.clone();
    reduced.messages.drain(start..start + count);
    reduced
}

/// Last resort: cut the first message's tail (when it is not itself the one to answer).
fn shorten_first(
    mut thread: Thread,
    elided: usize,
    excess: usize,
    budget: usize,
    render: &RenderFn<'_>,
) -> Result<Fitted, BudgetError> {
    let first_is_answered = thread.newest_customer_index() == Some(0) || thread.messages.len() < 2;
    if !first_is_answered {
        let text = &thread.messages[0].text;
        // ~4 bytes a token is generous for prose, so this removes at least `excess` tokens.
        let keep = text
            .len()
            .saturating_sub(excess * 4 + SHORTENED_MARKER.len());
        let keep = (0..=keep)
            .rev()
            .find(|i| text.is_char_boundary(*i))
            .unwrap_or(0);
        // First its head with a marker; failing that, the marker alone (then only the newest
        // message is left to blame).
        let shortened = [
            format!("{}{SHORTENED_MARKER}", &text[..keep]),
            SHORTENED_MARKER.trim().to_string(),
        ];
        let mut tokens = 0;
        for candidate in shortened {
            thread.messages[0].text = candidate;
            let (messages, counted) = render(&thread, elided)?;
            if counted <= budget {
                return Ok(Fitted {
                    messages,
                    prompt_tokens: counted,
                    thread,
                    elided,
                    truncated: true,
                });
            }
            tokens = counted;
        }
        return Err(BudgetError::TooLong {
            needed: tokens,
            budget,
        });
    }
    let (_, needed) = render(&thread, elided)?;
    Err(BudgetError::TooLong { needed, budget })
}

/// Tokens `messages` cost as a prompt. The system message is rendered from settings (and at
/// most the fence marker, a hash), never from the thread's text, so its count is remembered.
pub fn prompt_tokens(counter: &TokenCounter, messages: &[ChatMessage]) -> usize {
    let is_system = |m: &&ChatMessage| m.role == "system";
    let system = messages.iter().find(is_system).map(|m| m.content.as_str());
    let others = messages.iter().filter(|m| !is_system(m));
    counter.count_prompt(system, others.map(|m| m.content.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::thread::{Message, Role};
    use std::collections::BTreeMap;

    fn msg(role: Role, text: String) -> Message {
        Message {
            role,
            from: None,
            sent_at: None,
            text,
        }
    }

    fn long_thread(middle: usize) -> Thread {
        let mut messages = vec![msg(
            Role::Customer,
            "We signed up to improve onboarding.".into(),
        )];
        for i in 0..middle {
            let role = if i % 2 == 0 {
                Role::Rep
            } else {
                Role::Customer
            };
            messages.push(msg(
                role,
                format!("Update number {i}. ") + &"Some detail here. ".repeat(40),
            ));
        }
        messages.push(msg(
            Role::Customer,
            "NEWEST: can we pause until next quarter?".into(),
        ));
        Thread {
            id: None,
            messages,
            context: BTreeMap::new(),
        }
    }

    fn setup() -> (Prompts, TokenCounter) {
        (
            Prompts::load(None).unwrap(),
            TokenCounter::for_model("gpt-4.1-mini", None).unwrap(),
        )
    }

    #[test]
    fn small_thread_is_untouched() {
        let (p, c) = setup();
        let t = long_thread(2);
        let f = fit(&t, &p, &c, 100_000, 3, None).unwrap();
        assert!(!f.truncated);
        assert_eq!(f.elided, 0);
        assert_eq!(f.thread, t);
    }

    #[test]
    fn middle_is_elided_first_and_newest_kept_whole() {
        let (p, c) = setup();
        let t = long_thread(40);
        let full = fit(&t, &p, &c, 1_000_000, 3, None).unwrap().prompt_tokens;
        let budget = full / 3;
        let f = fit(&t, &p, &c, budget, 3, None).unwrap();
        assert!(f.truncated && f.elided > 0);
        assert!(f.prompt_tokens <= budget, "{} > {budget}", f.prompt_tokens);
        assert_eq!(f.thread.messages[0], t.messages[0]);
        assert_eq!(f.thread.messages.last(), t.messages.last());
        // The oldest middle messages went first: what remains is the newest part of the middle.
        let kept_middle = &f.thread.messages[1..f.thread.messages.len() - 1];
        assert_eq!(kept_middle, &t.messages[1 + f.elided..t.messages.len() - 1]);
        let user = &f.messages[1].content;
        assert!(user.contains(&format!("{} earlier messages left out", f.elided)));
    }

    #[test]
    fn long_first_message_is_shortened_then_error_if_newest_too_long() {
        let (p, c) = setup();
        let mut t = long_thread(0);
        t.messages[0].text = "Background. ".repeat(3_000);
        let f = fit(&t, &p, &c, 2_500, 1, None).unwrap();
        assert!(f.truncated && f.prompt_tokens <= 2_500);
        assert!(f.thread.messages[0]
            .text
            .ends_with("to fit the context window ...]"));
        assert_eq!(f.thread.messages[1], t.messages[1]);

        let mut t = long_thread(3);
        let last = t.messages.len() - 1;
        t.messages[last].text = "Please read all of this. ".repeat(2_000);
        let err = fit(&t, &p, &c, 2_500, 1, None).unwrap_err();
        assert!(
            matches!(err, BudgetError::TooLong { budget: 2_500, .. }),
            "{err}"
        );
    }
}
