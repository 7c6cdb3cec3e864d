//! Generators of zhdoc's checked-in data tables (the cargo-xtask pattern).
//!
//! `cargo xtask gen` regenerates every table; `cargo xtask check` regenerates them in memory
//! and fails, naming each stale file, if any differs from what is checked in. Build it in
//! release for the glyph step: `cargo run --release -p xtask -- gen`.

mod align;
mod confusions;
mod corpus;
mod factory_channel;
mod glyph;
mod layouts;
mod lexicon;
mod lm;
mod normalize;
mod published;
mod shapes;
mod words;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// One generated file: its path relative to the repository root and its full contents.
pub(crate) struct Output {
    pub(crate) path: &'static str,
    pub(crate) bytes: Vec<u8>,
}

/// A table generator: reads its sources, returns the files it makes.
type Generator = fn(&Path) -> Result<Vec<Output>, String>;

const GENERATORS: &[(&str, Generator)] = &[
    ("normalize", normalize::generate),
    ("confusions", confusions::generate),
    ("factory_channel", factory_channel::generate),
    ("lm", lm::generate),
    ("lexicon", lexicon::generate),
    ("shapes", shapes::generate),
    ("words", words::generate),
];

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the repository root")
        .to_path_buf()
}

fn usage() -> ExitCode {
    eprintln!(
        "usage: cargo xtask gen [TABLE…]    regenerate the tables (all, or the named ones)\n       \
         cargo xtask check [TABLE…]  exit 1 if a checked-in table differs from its regeneration\n       \
         cargo xtask sim A B [A B…]  the glyph similarity of each pair, per font\n       \
         cargo xtask factory [--docs N] [--start K] [--seed S]  render and OCR pages into fixtures/factory\n       \
         cargo xtask layouts [--check] [--seed S] [--loso [CLEAN_LIST]] [--clean [CLEAN_LIST]] [--explain FILE [STRONG WEAK]]  wrap dev gold texts in site layouts into fixtures/layouts\n       \
         (--loso: the boilerplate thresholds chosen leave-one-site-out)\n\
         tables: {}",
        GENERATORS
            .iter()
            .map(|g| g.0)
            .collect::<Vec<_>>()
            .join(", ")
    );
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(cmd) = args.first() else {
        return usage();
    };
    if cmd == "factory" {
        // The corpus factory renders and OCRs pages with Python, Pillow, Tesseract and
        // RapidOCR (see its docstring): run it with the arguments given.
        let script = repo_root().join("xtask/factory/factory.py");
        return match std::process::Command::new("python3")
            .arg(&script)
            .args(&args[1..])
            .status()
        {
            Ok(s) if s.success() => ExitCode::SUCCESS,
            Ok(s) => {
                eprintln!("error: {} exited with {s}", script.display());
                ExitCode::FAILURE
            }
            Err(e) => {
                eprintln!("error: running python3 {}: {e}", script.display());
                ExitCode::FAILURE
            }
        };
    }
    if cmd == "layouts" {
        return match layouts::run(&repo_root(), &args[1..]) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        };
    }
    if cmd == "sim" {
        return match confusions::print_similarities(&args[1..]) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        };
    }
    let write = match cmd.as_str() {
        "gen" => true,
        "check" => false,
        _ => return usage(),
    };
    let wanted = &args[1..];
    if let Some(bad) = wanted
        .iter()
        .find(|w| !GENERATORS.iter().any(|g| g.0 == w.as_str()))
    {
        eprintln!("unknown table {bad:?}");
        return usage();
    }
    let root = repo_root();
    let mut stale = Vec::new();
    for (name, generator) in GENERATORS {
        if !wanted.is_empty() && !wanted.iter().any(|w| w == name) {
            continue;
        }
        let start = Instant::now();
        let outputs = match generator(&root) {
            Ok(o) => o,
            Err(e) => {
                eprintln!("error: generating {name}: {e}");
                return ExitCode::FAILURE;
            }
        };
        for out in outputs {
            let path = root.join(out.path);
            let current = std::fs::read(&path).ok();
            if current.as_deref() == Some(out.bytes.as_slice()) {
                eprintln!("{}: up to date", out.path);
                continue;
            }
            if write {
                if let Some(dir) = path.parent() {
                    if let Err(e) = std::fs::create_dir_all(dir) {
                        eprintln!("error: creating {}: {e}", dir.display());
                        return ExitCode::FAILURE;
                    }
                }
                if let Err(e) = std::fs::write(&path, &out.bytes) {
                    eprintln!("error: writing {}: {e}", path.display());
                    return ExitCode::FAILURE;
                }
                eprintln!("{}: written", out.path);
            } else {
                stale.push(out.path);
            }
        }
        eprintln!("{name}: {:.1} s", start.elapsed().as_secs_f64());
    }
    if stale.is_empty() {
        ExitCode::SUCCESS
    } else {
        for path in &stale {
            eprintln!("error: {path} is stale (differs from its regeneration)");
        }
        eprintln!(
            "run `cargo xtask gen` (in release for speed: `cargo run --release -p xtask -- gen`) and commit the result"
        );
        ExitCode::FAILURE
    }
}
