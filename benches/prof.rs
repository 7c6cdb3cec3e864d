//! A profiling driver: cleans every input of `fixtures/dev` N times.
//!
//! `cargo run --release --example prof -- N [MODE]`, MODE one of `plain` (the
//! default pipeline without correction), `cleaning` (the cleaning passes with
//! correction, without quantities and outline: the `clean-with-correction`
//! bench) or `jieba` (jieba-rs `cut` over the same texts, the benches' reference;
//! count it with `--toggle-collect='*Jieba*cut*'`) or `file:PATH` (that one
//! file through the default pipeline instead of the corpus) or `gate:NATS`
//! (the default pipeline with the corrector's experimental gate,
//! `CorrectBuilder::gate`, at that floor; `gate:-inf` for pairs never seen).
//! Run under `valgrind --tool=callgrind` with N = 1 and N = 2 and subtract, to
//! count the instructions of one pass over the corpus without the start-up.

mod common;

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1);
    let mode = args.next().unwrap_or_default();
    // `file:PATH`: that one file instead of the dev corpus, cleaned by the
    // default pipeline (a large one is cut into pieces, as `zhdoc clean` does).
    let docs = match mode.strip_prefix("file:") {
        Some(path) => vec![std::fs::read(path).expect("the file to clean")],
        None => common::dev_bytes(),
    };
    let cleaner = match mode.as_str() {
        "plain" => zhdoc::Cleaner::builder().correct(false).build(),
        "cleaning" => common::cleaning(),
        _ => match mode
            .strip_prefix("gate:")
            .and_then(|x| x.parse::<f32>().ok())
        {
            Some(floor) => zhdoc::Cleaner::builder()
                .corrector(zhdoc::Correct::builder().gate(Some(floor)).build())
                .build(),
            None => zhdoc::Cleaner::new(),
        },
    };
    // Build every lazily built table first, outside `Cleaner::clean` (so that
    // `--toggle-collect='*Cleaner*clean*'` counts the cleaning only).
    let mut warm = zhdoc::Document::new("下发了活动评估休系，我市己有九成单位参加。", "UTF-8");
    zhdoc::Pass::run(&zhdoc::Correct::new(), &mut warm);
    let _ = zhdoc::decode(&docs[0]);
    let _ = zhdoc::Lexicon::global().jieba();
    let mut chars = 0;
    if mode == "jieba" {
        let jieba = zhdoc::Lexicon::global().jieba();
        let texts = common::as_texts(&docs);
        for _ in 0..n {
            for t in &texts {
                chars += jieba.cut(t, false).len();
            }
        }
        println!("{chars}");
        return;
    }
    for _ in 0..n {
        for d in &docs {
            if let Ok(doc) = cleaner.clean(d) {
                chars += doc.text().len();
            }
        }
    }
    println!("{chars}");
}
