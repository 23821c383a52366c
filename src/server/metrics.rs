//! Prometheus metrics of the service.
//!
//! Owns the metric names, their labels and the recorder (one per process, installed on first
//! use). It must not label anything with customer text or keys; labels are routes, statuses,
//! providers, models and error kinds.
//!
//! `reframe_overhead_seconds` is a summary (quantiles) rather than a histogram on purpose: the
//! service's promise is a p99 overhead under a millisecond, and a summary reports p50/p99
//! directly at the resolution that needs; latency histograms keep fixed buckets.

use std::sync::OnceLock;
use std::time::Duration;

use metrics::{counter, gauge, histogram};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use crate::suggestion::Suggestion;

static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

const LATENCY_BUCKETS: &[f64] = &[
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
    60.0,
];

#[derive(Clone)]
pub struct Metrics {
    handle: Option<PrometheusHandle>,
}

/// Decrements the in-flight gauge when dropped.
pub struct InFlight;

impl Drop for InFlight {
    fn drop(&mut self) {
        gauge!("reframe_http_requests_in_flight").decrement(1.0);
    }
}

impl Metrics {
    /// The process-wide recorder (several servers in one test process share it).
    pub fn install() -> Metrics {
        let handle = HANDLE
            .get_or_init(|| {
                let builder = PrometheusBuilder::new()
                    .set_buckets_for_metric(
                        Matcher::Full("reframe_http_request_duration_seconds".into()),
                        LATENCY_BUCKETS,
                    )
                    .and_then(|b| {
                        b.set_buckets_for_metric(
                            Matcher::Full("reframe_upstream_duration_seconds".into()),
                            LATENCY_BUCKETS,
                        )
                    })
                    .ok()?;
                match builder.install_recorder() {
                    Ok(h) => Some(h),
                    Err(e) => {
                        tracing::warn!(error = %e, "metrics recorder not installed");
                        None
                    }
                }
            })
            .clone();
        Metrics { handle }
    }

    pub fn render(&self) -> String {
        self.handle.as_ref().map(|h| h.render()).unwrap_or_default()
    }

    pub fn upkeep(&self) {
        if let Some(h) = &self.handle {
            h.run_upkeep();
        }
    }

    pub fn in_flight(&self) -> InFlight {
        gauge!("reframe_http_requests_in_flight").increment(1.0);
        InFlight
    }

    pub fn request(
        &self,
        route: &str,
        method: &str,
        status: u16,
        elapsed: Duration,
        upstream: Option<Duration>,
    ) {
        let labels = [
            ("route", route.to_string()),
            ("method", method.to_string()),
            ("status", status.to_string()),
        ];
        counter!("reframe_http_requests_total", &labels).increment(1);
        histogram!("reframe_http_request_duration_seconds", "route" => route.to_string())
            .record(elapsed.as_secs_f64());
        if let Some(up) = upstream {
            let overhead = elapsed.saturating_sub(up);
            histogram!("reframe_overhead_seconds", "route" => route.to_string())
                .record(overhead.as_secs_f64());
        }
    }

    /// Model time, tokens, estimated cost and retries of one answered suggestion.
    pub fn suggestion(&self, s: &Suggestion, upstream: Duration, price_in: f64, price_out: f64) {
        let provider = s.meta.provider.clone();
        let model = s.meta.model.clone();
        histogram!("reframe_upstream_duration_seconds", "provider" => provider.clone())
            .record(upstream.as_secs_f64());
        let (p, c) = (s.meta.usage.prompt_tokens, s.meta.usage.completion_tokens);
        counter!("reframe_tokens_total", "direction" => "prompt", "provider" => provider.clone(), "model" => model.clone())
            .increment(p);
        counter!("reframe_tokens_total", "direction" => "completion", "provider" => provider.clone(), "model" => model.clone())
            .increment(c);
        let cost = (p as f64 * price_in + c as f64 * price_out) / 1_000_000.0;
        counter!("reframe_estimated_cost_micro_usd_total", "provider" => provider.clone(), "model" => model)
            .increment((cost * 1_000_000.0).round() as u64);
        if s.meta.attempts > 1 {
            counter!("reframe_upstream_retries_total", "provider" => provider)
                .increment(u64::from(s.meta.attempts - 1));
        }
    }

    pub fn upstream_error(&self, kind: &str) {
        counter!("reframe_upstream_errors_total", "kind" => kind.to_string()).increment(1);
    }

    pub fn cache_hit(&self) {
        counter!("reframe_cache_hits_total").increment(1);
    }

    pub fn rate_limited(&self) {
        counter!("reframe_rate_limited_total").increment(1);
    }

    pub fn shed(&self) {
        counter!("reframe_load_shed_total").increment(1);
    }
}
