//! API keys and per-key rate limits.
//!
//! Owns checking `Authorization: Bearer KEY` against the configured keys in constant time,
//! naming callers by a key id (a hash prefix, safe to log and store), and the per-key request
//! quota. It must never log, store or echo a key.

use std::num::NonZeroU32;
use std::time::Duration;

use axum::http::{HeaderMap, StatusCode};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::error::ApiError;

/// A configured key, kept only as its digest.
#[derive(Clone)]
pub struct ApiKey {
    digest: [u8; 32],
    pub id: String,
}

impl ApiKey {
    pub fn new(secret: &str) -> ApiKey {
        let digest: [u8; 32] = Sha256::digest(secret.as_bytes()).into();
        ApiKey {
            id: key_id(&digest),
            digest,
        }
    }
}

fn key_id(digest: &[u8; 32]) -> String {
    let hex: String = digest[..4].iter().map(|b| format!("{b:02x}")).collect();
    format!("key_{hex}")
}

/// The caller of a request, as far as the service knows.
#[derive(Debug, Clone)]
pub struct Caller {
    /// `key_…` for an authenticated caller, `anonymous` when auth is off.
    pub key_id: String,
}

/// Checks the bearer token. Digests have a fixed length and every key is compared, so the
/// time taken says nothing about which key (or how much of one) matched.
pub fn authenticate(keys: &[ApiKey], headers: &HeaderMap) -> Result<Caller, ApiError> {
    if keys.is_empty() {
        return Ok(Caller {
            key_id: "anonymous".into(),
        });
    }
    let unauthorized = |m: &str| ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", m);
    let header = headers
        .get("authorization")
        .ok_or_else(|| unauthorized("missing Authorization: Bearer header"))?;
    let token = header
        .to_str()
        .ok()
        .and_then(|h| {
            h.strip_prefix("Bearer ")
                .or_else(|| h.strip_prefix("bearer "))
        })
        .map(str::trim)
        .ok_or_else(|| unauthorized("Authorization header must be `Bearer KEY`"))?;
    let presented: [u8; 32] = Sha256::digest(token.as_bytes()).into();
    let mut found: Option<&ApiKey> = None;
    for key in keys {
        if bool::from(key.digest.ct_eq(&presented)) {
            found = Some(key);
        }
    }
    found
        .map(|k| Caller {
            key_id: k.id.clone(),
        })
        .ok_or_else(|| unauthorized("invalid API key"))
}

/// Requests per minute per caller.
pub struct RateLimits {
    limiter: Option<DefaultKeyedRateLimiter<String>>,
}

impl RateLimits {
    /// `per_minute = 0` turns rate limiting off.
    pub fn new(per_minute: u32) -> RateLimits {
        RateLimits {
            limiter: NonZeroU32::new(per_minute).map(|n| RateLimiter::keyed(Quota::per_minute(n))),
        }
    }

    pub fn check(&self, caller: &Caller) -> Result<(), ApiError> {
        let Some(limiter) = &self.limiter else {
            return Ok(());
        };
        limiter.check_key(&caller.key_id).map_err(|not_until| {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                format!("rate limit reached for {}; retry later", caller.key_id),
            )
            .retry_after(wait.max(Duration::from_secs(1)).as_secs_f64().ceil() as u64)
        })
    }

    /// Drops state of callers that are back to a full quota (bounded memory).
    pub fn shrink(&self) {
        if let Some(l) = &self.limiter {
            l.retain_recent();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(auth: Option<&str>) -> HeaderMap {
        let mut h = HeaderMap::new();
        if let Some(a) = auth {
            h.insert("authorization", HeaderValue::from_str(a).unwrap());
        }
        h
    }

    #[test]
    fn bearer_keys() {
        let keys = vec![ApiKey::new("alpha-key"), ApiKey::new("beta-key")];
        let ok = authenticate(&keys, &headers(Some("Bearer beta-key"))).unwrap();
        assert_eq!(ok.key_id, keys[1].id);
        assert!(ok.key_id.starts_with("key_") && !ok.key_id.contains("beta"));
        for bad in [
            None,
            Some("Bearer nope"),
            Some("Basic abc"),
            Some("Bearer "),
        ] {
            let err = authenticate(&keys, &headers(bad)).unwrap_err();
            assert_eq!(err.status, StatusCode::UNAUTHORIZED);
            assert!(!err.message.contains("alpha") && !err.message.contains("beta"));
        }
        assert_eq!(
            authenticate(&[], &headers(None)).unwrap().key_id,
            "anonymous"
        );
    }

    #[test]
    fn quota_per_caller() {
        let limits = RateLimits::new(2);
        let a = Caller { key_id: "a".into() };
        let b = Caller { key_id: "b".into() };
        assert!(limits.check(&a).is_ok() && limits.check(&a).is_ok());
        let err = limits.check(&a).unwrap_err();
        assert_eq!(err.status, StatusCode::TOO_MANY_REQUESTS);
        assert!(err.retry_after_secs.unwrap() >= 1);
        assert!(limits.check(&b).is_ok(), "quotas are per key");
        assert!(RateLimits::new(0).check(&a).is_ok());
    }
}
