//! A profiling driver: cleans every input of `fixtures/dev` N times.
//!
//! `cargo run --release --example prof -- N [plain]` (`plain`: without correction).
//! Run under `valgrind --tool=callgrind` with N = 1 and N = 2 and subtract, to
//! count the instructions of one pass over the corpus without the start-up.

mod common;

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1);
    let plain = args.next().is_some_and(|a| a == "plain");
    let paths = common::dev_inputs();
    let docs: Vec<Vec<u8>> = paths
        .iter()
        .map(|p| std::fs::read(p).expect("corpus file"))
        .collect();
    let cleaner = zhdoc::Cleaner::builder().correct(!plain).build();
    // Build every lazily built table first, outside `Cleaner::clean` (so that
    // `--toggle-collect='*Cleaner*clean*'` counts the cleaning only).
    let mut warm = zhdoc::Document::new("下发了活动评估休系，我市己有九成单位参加。", "UTF-8");
    zhdoc::Pass::run(&zhdoc::Correct::new(), &mut warm);
    let _ = zhdoc::decode(&docs[0]);
    let _ = zhdoc::Lexicon::global().jieba();
    let mut chars = 0;
    for _ in 0..n {
        for d in &docs {
            if let Ok(doc) = cleaner.clean(d) {
                chars += doc.text().len();
            }
        }
    }
    println!("{chars}");
}
