//! Progress bars for long work (eval runs, batch jobs).
//!
//! Owns the one rule both share: draw on stderr only when it is a terminal and the caller
//! wants progress, so logs and pipes never fill with redraws. It must not count anything.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A bar of `total` steps drawn with `template` (indicatif syntax), hidden off a terminal.
pub fn bar(total: u64, enabled: bool, template: &str) -> ProgressBar {
    let target = if enabled && std::io::stderr().is_terminal() {
        ProgressDrawTarget::stderr()
    } else {
        ProgressDrawTarget::hidden()
    };
    let bar = ProgressBar::with_draw_target(Some(total), target);
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}
