//! The language-understanding layer and what sits on it: reading a thread (triage, language,
//! concern, key clause), one builtin suggestion end to end, and one coach review — on a short
//! message, a long email and a non-English one. The target is under 2 ms for one
//! builtin suggestion; results are recorded in BENCHMARKS.md.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use reframe::config::{Config, ProviderKind};
use reframe::pipeline::{Engine, SuggestOptions};
use reframe::thread::{parse_bytes, parse_json, InputKind, Limits, Thread};

const LONG: &str =
    "Hi Tom,\n\nThanks for the call last week and for the summary. I wanted to give you a \
proper update before our review on the 12th, because a few things have changed on our side. The \
forecasts have honestly been the best thing we changed this year: spoilage on fresh lines is down \
and the store managers finally trust the order suggestions. That said, the finance team has been \
told to trim software spend by a third before the new fiscal year, and every subscription is \
being looked at line by line. My director is asking why we are relying on an outside team to tune \
the models every month when we could hire our own analyst, and the IT group would like to know \
whether the platform supports single sign-on through our identity provider, because without it \
the security review will not pass. We also had two outages in March that cost the night shift a \
few hours each. None of this means we want to stop, but I need a clear story for the committee \
that meets at the end of the month, and I would rather not get on a call this week, the whole \
team is heads-down on the quarter close.\n\nBest regards,\nPriya Raman\nSupply Planning Lead\n";

const SPANISH: &str = "Hola Carlos:\n\nGracias por la propuesta. La dirección financiera ha congelado \
todo el gasto nuevo hasta enero y tenemos que justificar cada suscripción que mantenemos. El equipo \
está contento con la plataforma, pero ahora mismo no podemos ampliar el contrato.\n\nUn saludo,\nLucía";

const DRAFT: &str = "Hi Priya,\n\nThank you for the candid update, and congratulations on the \
spoilage numbers: that is a real result for your stores. It sounds like you need a clear story \
for the committee, one that shows what the forecasts return for the spend. Which figures would \
your director find most convincing? If it helps, I can put together a one-page summary you can \
share, whenever suits you.\n\nBest,\nTom";

fn engine() -> Engine {
    let config = Config {
        provider: Some(ProviderKind::Builtin),
        ..Config::default()
    };
    Engine::from_config(config).unwrap()
}

fn text(message: &str) -> Thread {
    parse_bytes(message.as_bytes(), InputKind::Text, &Limits::default()).unwrap()
}

fn reading(c: &mut Criterion) {
    let engine = engine();
    let u = engine.understanding();
    let mut group = c.benchmark_group("read");
    for (name, thread) in [
        (
            "robert",
            parse_json(include_str!("../examples/robert.json")).unwrap(),
        ),
        ("long_email_2KB", text(LONG)),
        ("spanish", text(SPANISH)),
    ] {
        let clean = thread.cleaned().thread;
        group.bench_function(name, |b| b.iter(|| u.read(black_box(&clean))));
    }
    group.finish();
}

fn suggestion(c: &mut Criterion) {
    let engine = engine();
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let mut group = c.benchmark_group("builtin_suggest");
    for (name, thread) in [
        (
            "robert",
            parse_json(include_str!("../examples/robert.json")).unwrap(),
        ),
        ("long_email_2KB", text(LONG)),
        ("spanish", text(SPANISH)),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| {
                rt.block_on(engine.suggest(black_box(&thread), SuggestOptions::default()))
                    .unwrap()
            })
        });
    }
    group.finish();
}

fn coach(c: &mut Criterion) {
    let engine = engine();
    let thread = text(LONG).cleaned().thread;
    c.bench_function("coach_review_long_email", |b| {
        b.iter(|| reframe::coach::review(engine.understanding(), black_box(&thread), DRAFT))
    });
}

criterion_group!(benches, reading, suggestion, coach);
criterion_main!(benches);
