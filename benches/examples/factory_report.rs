//! The corpus factory's pages scored by font, engine and degradation: the
//! leave-one-font-out and leave-one-engine-out figures of the README.
//!
//! `cargo run --release --example factory_report -- fixtures/factory`
//!
//! Each group is one font (or engine, or degradation) of pages whose text the
//! language model never read (the laws the factory rendered are left out of it;
//! the pages of dev excerpts are not counted here), scored as `zhdoc eval`
//! scores them: CER before and after cleaning, weighted by gold characters,
//! over all pages and over the readable ones (CER before ≤ 0.06). No table or
//! parameter was fitted on any one of these groups; the corrector's few
//! parameters were chosen on all factory pages and the dev corpus at once.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;

use zhdoc::Cleaner;
use zhdoc::eval::{Gold, evaluate};

#[derive(Default)]
struct Group {
    pages: usize,
    chars: f64,
    before: f64,
    after: f64,
    worse: usize,
}

impl Group {
    fn add(&mut self, chars: usize, before: f64, after: f64) {
        let n = chars as f64;
        self.pages += 1;
        self.chars += n;
        self.before += before * n;
        self.after += after * n;
        self.worse += usize::from(after > before + 1e-12);
    }
}

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1) else {
        eprintln!("usage: cargo run --release --example factory_report -- DIR");
        return ExitCode::from(2);
    };
    let dir = Path::new(&dir);
    let report = match evaluate(dir, &Cleaner::new()) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("factory_report: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut groups: BTreeMap<(String, &str), Group> = BTreeMap::new();
    for doc in &report.per_document {
        let path = dir.join(format!("{}.gold.json", doc.name));
        let gold: Gold = match std::fs::read_to_string(&path)
            .map_err(|e| e.to_string())
            .and_then(|s| serde_json::from_str(&s).map_err(|e| e.to_string()))
        {
            Ok(g) => g,
            Err(e) => {
                eprintln!("factory_report: {}: {e}", path.display());
                return ExitCode::FAILURE;
            }
        };
        let meta = |k: &str| gold.meta.get(k).and_then(|v| v.as_str()).unwrap_or("?");
        if !meta("source").starts_with("shared/corpus/laws/") {
            continue;
        }
        for key in [
            format!("engine {}", meta("engine")),
            format!("font {}", meta("font")),
            format!("degradation {}", meta("profile")),
            "all".to_string(),
        ] {
            let readable = doc.cer_before <= 0.06;
            for (set, take) in [("all", true), ("readable", readable)] {
                if take {
                    groups.entry((key.clone(), set)).or_default().add(
                        doc.gold_chars,
                        doc.cer_before,
                        doc.cer_after,
                    );
                }
            }
        }
    }
    println!(
        "{:<28} {:<9} {:>5} {:>8} {:>7} {:>7} {:>6} {:>5}",
        "group", "pages", "n", "chars", "before", "after", "ratio", "worse"
    );
    for ((key, set), g) in &groups {
        let (before, after) = (g.before / g.chars, g.after / g.chars);
        let ratio = if before > 0.0 { after / before } else { 0.0 };
        println!(
            "{key:<28} {set:<9} {:>5} {:>8} {before:>7.4} {after:>7.4} {ratio:>6.3} {:>5}",
            g.pages, g.chars, g.worse
        );
    }
    ExitCode::SUCCESS
}
