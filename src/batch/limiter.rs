//! The job-wide limiter: requests per minute, tokens per minute, and a shared cool-down after
//! the model server answers 429.
//!
//! Owns pacing every call of a batch job through one gate, so that a rate-limit storm slows
//! the whole job instead of every item retrying on its own. It must not send anything; callers
//! wait on it, then call the model.

use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};

const MIN_COOLDOWN: Duration = Duration::from_secs(1);
const MAX_COOLDOWN: Duration = Duration::from_secs(60);
/// Share of a configured limit the job actually uses.
const PACE: f64 = 0.98;

pub struct Limiter {
    requests: Option<DefaultDirectRateLimiter>,
    tokens: Option<(DefaultDirectRateLimiter, u32)>,
    cooldown: Mutex<Cooldown>,
}

#[derive(Debug)]
struct Cooldown {
    until: Option<Instant>,
    /// The next cool-down's length; doubles while 429s keep coming, resets on success.
    next: Duration,
}

impl Limiter {
    /// `rpm` / `tpm` of `None` or 0 mean unlimited. The job paces itself at 98% of each
    /// limit with a burst of half a second's share (a quarter for requests), so that it stays
    /// under a server enforcing the same limit over any window, not only on average.
    pub fn new(rpm: Option<u32>, tpm: Option<u32>) -> Limiter {
        let quota = |per_minute: NonZeroU32, burst_divisor: u32| {
            let paced = (f64::from(per_minute.get()) * PACE).max(1.0);
            let period = Duration::from_secs_f64(60.0 / paced);
            let burst = (per_minute.get() / 60 / burst_divisor).max(1);
            let burst = NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN);
            Quota::with_period(period).map(|q| (q.allow_burst(burst), burst.get()))
        };
        let requests = rpm
            .and_then(NonZeroU32::new)
            .and_then(|n| quota(n, 4))
            .map(|(q, _)| RateLimiter::direct(q));
        let tokens = tpm
            .and_then(NonZeroU32::new)
            .and_then(|n| quota(n, 2))
            .map(|(q, burst)| (RateLimiter::direct(q), burst));
        Limiter {
            requests,
            tokens,
            cooldown: Mutex::new(Cooldown {
                until: None,
                next: MIN_COOLDOWN,
            }),
        }
    }

    /// Waits until a call of about `tokens` tokens may be sent.
    pub async fn acquire(&self, tokens: u32) {
        loop {
            let wait = self
                .cooldown
                .lock()
                .ok()
                .and_then(|c| c.until)
                .and_then(|u| u.checked_duration_since(Instant::now()));
            match wait {
                Some(w) if !w.is_zero() => tokio::time::sleep(w).await,
                _ => break,
            }
        }
        if let Some(l) = &self.requests {
            l.until_ready().await;
        }
        if let Some((l, burst)) = &self.tokens {
            // A call bigger than the burst is paid for in burst-sized steps, so it waits in
            // proportion to its size instead of being refused.
            let mut left = tokens.max(1);
            while left > 0 {
                let step = left.min(*burst);
                let n = NonZeroU32::new(step).unwrap_or(NonZeroU32::MIN);
                let _ = l.until_n_ready(n).await;
                left -= step;
            }
        }
    }

    /// The server said 429: everyone pauses, longer each time it happens again.
    pub fn rate_limited(&self, retry_after: Option<Duration>) {
        if let Ok(mut c) = self.cooldown.lock() {
            let pause = retry_after
                .unwrap_or(c.next)
                .clamp(MIN_COOLDOWN, MAX_COOLDOWN);
            let until = Instant::now() + pause;
            c.until = Some(c.until.map_or(until, |u| u.max(until)));
            c.next = (c.next * 2).min(MAX_COOLDOWN);
        }
    }

    /// A call went through: the next storm starts from the shortest pause.
    pub fn succeeded(&self) {
        if let Ok(mut c) = self.cooldown.lock() {
            c.next = MIN_COOLDOWN;
        }
    }

    pub fn cooling_down(&self) -> bool {
        self.cooldown
            .lock()
            .ok()
            .and_then(|c| c.until)
            .is_some_and(|u| u > Instant::now())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Real time: governor paces with the system clock, not tokio's. The lower bounds are the
    // point (the limiter holds back); upper bounds are loose so a busy CI machine passes.

    #[tokio::test]
    async fn requests_per_minute_are_paced() {
        let limiter = Limiter::new(Some(1_200), None); // 19.6 a second, burst 5
        let started = Instant::now();
        for _ in 0..40 {
            limiter.acquire(1).await;
        }
        // 5 at once, then 35 more at 19.6/s: about 1.8 s.
        let took = started.elapsed();
        assert!(
            took >= Duration::from_millis(1_650) && took < Duration::from_secs(6),
            "{took:?}"
        );
    }

    #[tokio::test]
    async fn tokens_per_minute_are_paced() {
        let limiter = Limiter::new(None, Some(6_000)); // 98 tokens a second, burst 50
        let started = Instant::now();
        for _ in 0..3 {
            limiter.acquire(100).await;
        }
        // 300 tokens: 50 at once, then 250 at 98/s, about 2.55 s. A call bigger than the
        // burst is not under-counted.
        let took = started.elapsed();
        assert!(
            took >= Duration::from_millis(2_400) && took < Duration::from_secs(8),
            "{took:?}"
        );
    }

    #[tokio::test]
    async fn a_429_pauses_everyone_and_backs_off() {
        let limiter = Limiter::new(None, None);
        limiter.rate_limited(None);
        assert!(limiter.cooling_down());
        let started = Instant::now();
        limiter.acquire(1).await;
        assert!(started.elapsed() >= Duration::from_millis(990));
        // A second storm pauses for twice as long; success resets the step.
        limiter.rate_limited(None);
        let until = limiter.cooldown.lock().unwrap().until.unwrap();
        assert!(until.duration_since(Instant::now()) > Duration::from_millis(1_900));
        limiter.succeeded();
        assert_eq!(limiter.cooldown.lock().unwrap().next, MIN_COOLDOWN);
    }
}
