//! The response cache and `Idempotency-Key` replay, so a repeated POST never pays twice.
//!
//! Owns a small bounded map with a time-to-live (oldest entries go first when full) and the
//! cache key of a suggestion request: (prompt version, provider, model, replies, thread). It
//! must not decide what is cacheable; handlers store only successful answers.

use std::collections::{HashMap, VecDeque};
use std::hash::Hash;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

use crate::thread::Thread;

/// A map with at most `capacity` entries, each valid for `ttl`.
pub struct TtlMap<K, V> {
    inner: Mutex<Inner<K, V>>,
    capacity: usize,
    ttl: Duration,
}

struct Inner<K, V> {
    map: HashMap<K, (Instant, V)>,
    order: VecDeque<K>,
}

impl<K: Eq + Hash + Clone, V: Clone> TtlMap<K, V> {
    pub fn new(capacity: usize, ttl: Duration) -> TtlMap<K, V> {
        TtlMap {
            inner: Mutex::new(Inner {
                map: HashMap::new(),
                order: VecDeque::new(),
            }),
            capacity,
            ttl,
        }
    }

    pub fn enabled(&self) -> bool {
        self.capacity > 0
    }

    pub fn get(&self, key: &K) -> Option<V> {
        let inner = self.inner.lock().ok()?;
        let (at, value) = inner.map.get(key)?;
        (at.elapsed() < self.ttl).then(|| value.clone())
    }

    /// Inserts or replaces; evicts the oldest entries beyond capacity.
    pub fn insert(&self, key: K, value: V) {
        if self.capacity == 0 {
            return;
        }
        let Ok(mut inner) = self.inner.lock() else {
            return;
        };
        if inner
            .map
            .insert(key.clone(), (Instant::now(), value))
            .is_none()
        {
            inner.order.push_back(key);
        }
        while inner.map.len() > self.capacity {
            match inner.order.pop_front() {
                Some(old) => {
                    inner.map.remove(&old);
                }
                None => break,
            }
        }
    }

    /// Inserts only if absent (or expired); returns false when a live entry exists.
    pub fn insert_if_absent(&self, key: K, value: V) -> bool {
        if self.get(&key).is_some() {
            return false;
        }
        self.insert(key, value);
        true
    }

    pub fn remove(&self, key: &K) {
        if let Ok(mut inner) = self.inner.lock() {
            inner.map.remove(key);
            inner.order.retain(|k| k != key);
        }
    }

    pub fn len(&self) -> usize {
        self.inner.lock().map_or(0, |i| i.map.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Cache key of a suggestion: everything that changes the answer.
pub fn suggestion_key(
    prompt_version: &str,
    provider: &str,
    model: &str,
    replies: usize,
    thread: &Thread,
) -> [u8; 32] {
    let mut h = Sha256::new();
    for part in [prompt_version, provider, model, &replies.to_string()] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    // The id is the caller's label, not content: two callers asking about the same thread
    // share an answer.
    let content = (&thread.messages, &thread.context);
    h.update(serde_json::to_vec(&content).unwrap_or_default());
    h.finalize().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_and_expiring() {
        let m: TtlMap<u32, &str> = TtlMap::new(2, Duration::from_secs(60));
        m.insert(1, "a");
        m.insert(2, "b");
        m.insert(3, "c");
        assert_eq!((m.get(&1), m.get(&3), m.len()), (None, Some("c"), 2));
        assert!(!m.insert_if_absent(3, "x"));
        m.remove(&3);
        assert!(m.insert_if_absent(3, "x"));
        let short: TtlMap<u32, u32> = TtlMap::new(5, Duration::from_millis(0));
        short.insert(1, 1);
        assert_eq!(short.get(&1), None);
        let off: TtlMap<u32, u32> = TtlMap::new(0, Duration::from_secs(1));
        off.insert(1, 1);
        assert!(off.is_empty() && !off.enabled());
    }

    #[test]
    fn key_ignores_caller_id_but_not_content() {
        let t =
            crate::thread::parse_json(r#"{"id":"a","messages":[{"role":"customer","text":"x"}]}"#)
                .unwrap();
        let mut t2 = t.clone();
        t2.id = Some("b".into());
        assert_eq!(
            suggestion_key("p", "openai", "m", 3, &t),
            suggestion_key("p", "openai", "m", 3, &t2)
        );
        t2.messages[0].text = "y".into();
        assert_ne!(
            suggestion_key("p", "openai", "m", 3, &t),
            suggestion_key("p", "openai", "m", 3, &t2)
        );
        assert_ne!(
            suggestion_key("p", "openai", "m", 3, &t),
            suggestion_key("p", "openai", "m", 2, &t)
        );
    }
}
