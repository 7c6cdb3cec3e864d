//! Throughput on the worst shapes of input (issue 19): Chinese without
//! punctuation or line breaks, ASCII letters mixed into Chinese without spaces,
//! one long line, all digits, all full-width digits, all marks. Each pass must
//! be linear on them; the target is 10 MB/s for the whole pipeline. jieba-rs
//! `cut` over the same text is measured in the same run as the reference (and
//! decoding); the dev corpus in one line (no line break: the corrector reads it
//! in windows) is the real text among them.
//!
//! `cargo bench --bench worst`

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use zhdoc::Cleaner;

/// The size of each generated input.
const SIZE: usize = 1 << 20;

/// Common ideographs, the material of the Chinese shapes.
const IDEOGRAPHS: &str = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题";

/// A small deterministic generator (no dependency, the same input every run).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % n
    }
}

/// The shapes, by name, each about [`SIZE`] bytes.
fn shapes() -> Vec<(&'static str, String)> {
    let ideographs: Vec<char> = IDEOGRAPHS.chars().collect();
    let mut rng = Lcg(19);
    let fill = |mut piece: Box<dyn FnMut() -> String>| {
        let mut s = String::with_capacity(SIZE + 64);
        while s.len() < SIZE {
            s.push_str(&piece());
        }
        s
    };
    let no_punctuation = {
        let mut r = Lcg(1);
        let ideographs = ideographs.clone();
        fill(Box::new(move || {
            ideographs[r.next(ideographs.len())].to_string()
        }))
    };
    let mixed = {
        let ideographs = ideographs.clone();
        fill(Box::new(move || {
            let n = 1 + rng.next(6);
            if rng.next(2) == 0 {
                (0..n)
                    .map(|_| char::from(b'a' + rng.next(26) as u8))
                    .collect()
            } else {
                (0..n)
                    .map(|_| ideographs[rng.next(ideographs.len())])
                    .collect()
            }
        }))
    };
    let one_line = fill(Box::new(|| {
        "市总工会按照上级工会的总体要求，结合实际，开展创争活动。".to_owned()
    }));
    let digits = {
        let mut r = Lcg(2);
        fill(Box::new(move || {
            char::from(b'0' + r.next(10) as u8).to_string()
        }))
    };
    let full_width_digits = {
        let mut r = Lcg(3);
        fill(Box::new(move || {
            char::from_u32(0xFF10 + r.next(10) as u32)
                .unwrap_or('０')
                .to_string()
        }))
    };
    let marks = fill(Box::new(|| "％".to_owned()));
    let dev_line: String = {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/dev");
        let mut names: Vec<_> = std::fs::read_dir(&dir)
            .expect("fixtures/dev")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        names.sort();
        let text: String = names
            .iter()
            .map(|p| std::fs::read_to_string(p).expect("a dev text"))
            .collect();
        text.split('\n').map(str::trim_end).collect()
    };
    vec![
        ("no-punctuation", no_punctuation),
        ("mixed-scripts", mixed),
        ("one-long-line", one_line),
        ("all-digits", digits),
        ("full-width-digits", full_width_digits),
        ("all-marks", marks),
        ("dev-in-one-line", dev_line),
    ]
}

fn worst(c: &mut Criterion) {
    let cleaner = Cleaner::new();
    let uncorrected = Cleaner::builder().correct(false).build();
    cleaner.prepare();
    let jieba = zhdoc::Lexicon::global().jieba();
    for (name, text) in shapes() {
        let mut g = c.benchmark_group(format!("worst/{name}"));
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.sample_size(10);
        g.bench_function("reference/jieba-cut", |b| {
            b.iter(|| black_box(jieba.cut(&text, false).len()))
        });
        g.bench_function("reference/decode", |b| {
            b.iter(|| black_box(zhdoc::decode(text.as_bytes()).ok()))
        });
        g.bench_function("clean-without-correction", |b| {
            b.iter(|| black_box(uncorrected.clean_str(&text)))
        });
        g.bench_function("clean", |b| b.iter(|| black_box(cleaner.clean_str(&text))));
        g.finish();
    }
}

criterion_group!(benches, worst);
criterion_main!(benches);
