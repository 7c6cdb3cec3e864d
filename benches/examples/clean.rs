//! The library on one file: the cleaned text, then what was done to it.
//!
//! `cargo run --release --example clean -- fixtures/seed/seed.txt`
//!
//! (Examples live beside the benches so that the repository's top level stays
//! small; this one is the program a user would write first.)

use std::process::ExitCode;

use zhdoc::{Cleaner, EditKind};

fn main() -> ExitCode {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: cargo run --example clean -- FILE");
        return ExitCode::from(2);
    };
    // Built once, shared: the first document pays for the tables.
    let cleaner = Cleaner::new();
    let doc = match cleaner.clean_file(&path) {
        Ok(doc) => doc,
        Err(err) => {
            // One line that names the file and the cause.
            eprintln!("clean: {err}");
            return ExitCode::FAILURE;
        }
    };

    println!("{}", doc.text());
    println!("---");
    println!(
        "decoded as {}; {} bytes in, {} out",
        doc.encoding(),
        doc.original().len(),
        doc.text().len()
    );
    if let Some(title) = &doc.meta().title {
        println!("title: {title}");
    }
    let counts: Vec<String> = EditKind::ALL
        .iter()
        .map(|&kind| {
            let n = doc.edits().iter().filter(|e| e.kind == kind).count();
            format!("{} {n}", kind.as_str())
        })
        .collect();
    println!("edits: {}", counts.join(", "));

    // Each correction with where it stands in the original, and how sure it is.
    for edit in doc.edits().iter().filter(|e| e.kind == EditKind::Correct) {
        println!(
            "  {} {} -> {} ({:.2}: {})",
            edit.original, edit.before, edit.after, edit.confidence, edit.why
        );
    }
    println!("headings:");
    for heading in doc.headings() {
        let indent = "  ".repeat(usize::from(heading.level));
        println!("{indent}{}", heading.text);
    }
    // Amounts only: years, dates, ordinals and identifiers are reported too, typed.
    println!("quantities:");
    for quantity in doc.quantities() {
        println!("  {quantity}");
    }
    ExitCode::SUCCESS
}
