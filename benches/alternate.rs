//! The pipeline's speed beside jieba-rs `cut`, measured in alternation: each
//! round runs every configuration once over the dev corpus, so that a machine
//! whose speed drifts (a shared one) slows them all alike, and the medians and
//! minimums over the rounds are compared. Criterion runs one configuration for
//! seconds, then the next, and on such a machine their ratios move with it.
//!
//! `cargo run --release --example alternate -- [ROUNDS] [big]` (default 30)
//!
//! With `big`, the configurations read one text of about 10 MB instead (the dev
//! corpus's texts joined, over and over: issue 15's measure, "the default
//! pipeline against jieba-rs `cut` on the same ~10 MB text"); `clean` cuts it
//! into pieces and cleans them on every core, as it does any large input, and
//! `clean/1-thread` on one.
//!
//! Further arguments `gate:NATS` add the default pipeline with the corrector's
//! experimental gate at that floor (`CorrectBuilder::gate`; `gate:-inf` for
//! the pairs the model never saw alone), on every core and on one.

mod common;

use std::hint::black_box;
use std::time::Instant;

use zhdoc::{Cleaner, Lexicon};

/// The size of the text with `big`: about 10 MB.
const BIG: usize = 10_000_000;

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(30)
        .max(1);
    let big = std::env::args().nth(2).is_some_and(|a| a == "big");
    let gates: Vec<(String, Cleaner)> = std::env::args()
        .skip(2)
        .filter_map(|a| {
            let floor: f32 = a.strip_prefix("gate:")?.parse().ok()?;
            let corrector = zhdoc::Correct::builder().gate(Some(floor)).build();
            Some((a, Cleaner::builder().corrector(corrector).build()))
        })
        .collect();
    let gate_names: Vec<(String, String)> = gates
        .iter()
        .map(|(a, _)| (format!("clean/{a}"), format!("clean/{a}/1-thread")))
        .collect();
    let mut docs = common::dev_bytes();
    if big {
        let mut whole = Vec::with_capacity(BIG + (1 << 20));
        while whole.len() < BIG {
            for d in &docs {
                whole.extend_from_slice(d);
                whole.push(b'\n');
            }
        }
        docs = vec![whole];
    }
    let texts = common::as_texts(&docs);
    let bytes: usize = docs.iter().map(Vec::len).sum();
    let jieba = Lexicon::global().jieba();
    let full = Cleaner::new();
    let cleaning = common::cleaning();
    // The whole pipeline but the corrector, which is most of its time.
    let uncorrected = Cleaner::builder().correct(false).build();
    let one = common::one_thread();
    black_box(full.clean(&docs[0]).ok());
    let clean_all = |c: &Cleaner| {
        for d in &docs {
            black_box(c.clean(d).ok());
        }
    };
    let base: [(&str, &dyn Fn()); 6] = [
        ("reference/jieba-cut", &|| {
            for t in &texts {
                black_box(jieba.cut(t, false));
            }
        }),
        ("clean", &|| clean_all(&full)),
        ("clean/1-thread", &|| one.install(|| clean_all(&full))),
        ("clean-without-correction", &|| clean_all(&uncorrected)),
        ("clean-with-correction", &|| clean_all(&cleaning)),
        ("clean-with-correction/1-thread", &|| {
            one.install(|| clean_all(&cleaning))
        }),
    ];
    let mut configs = base.to_vec();
    let (clean_all, pool) = (&clean_all, &one);
    let gated: Vec<Box<dyn Fn()>> = gates
        .iter()
        .flat_map(|(_, c)| {
            let all: Box<dyn Fn()> = Box::new(move || clean_all(c));
            let alone: Box<dyn Fn()> = Box::new(move || pool.install(|| clean_all(c)));
            [all, alone]
        })
        .collect();
    for (k, (all, one)) in gate_names.iter().enumerate() {
        configs.push((all, &*gated[2 * k]));
        configs.push((one, &*gated[2 * k + 1]));
    }
    let mut times = vec![Vec::with_capacity(rounds); configs.len()];
    for _ in 0..rounds {
        for (k, (_, run)) in configs.iter().enumerate() {
            let t = Instant::now();
            run();
            times[k].push(t.elapsed().as_secs_f64());
        }
    }
    for t in &mut times {
        t.sort_by(f64::total_cmp);
    }
    let median = |k: usize| times[k][times[k].len() / 2];
    println!("{rounds} rounds over {bytes} bytes; median (min), MB/s, vs jieba-rs cut");
    for (k, (name, _)) in configs.iter().enumerate() {
        println!(
            "{name:32} {:7.2} ms ({:6.2})  {:6.1} MB/s  {:.2}× ({:.2}×)",
            median(k) * 1e3,
            times[k][0] * 1e3,
            bytes as f64 / median(k) / 1e6,
            median(0) / median(k),
            times[0][0] / times[k][0],
        );
    }
}
