//! `zhdoc`: clean and evaluate OCR-damaged Chinese documents from the command line.
//!
//! A thin shell over the `zhdoc` library: argument parsing, reading inputs and
//! writing outputs. Everything else is the library's.

use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use serde::Serialize;
use zhdoc::{Cleaner, CleanerBuilder, Correct, Document, Error};

mod batch;
mod stream;
mod summary;

/// Clean OCR-damaged Chinese documents and measure how well it is done.
#[derive(Debug, Parser)]
#[command(
    name = "zhdoc",
    version,
    long_about = "Clean OCR-damaged Chinese documents and measure how well it is done.\n\n\
        zhdoc decodes a document whatever its encoding (UTF-8, UTF-16, GB18030/GBK, Big5), \
        normalises it, strips document-sharing-site boilerplate and watermarks, rejoins \
        broken lines, and records every change it makes. `zhdoc clean` prints the result; \
        `zhdoc eval` scores the pipeline against a directory of gold files.",
    after_help = "Examples:\n  \
        zhdoc clean report.txt\n  \
        zhdoc clean --jsonl scans/*.txt > cleaned.jsonl\n  \
        zhdoc eval fixtures/dev --json"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Clean documents and print the cleaned text (or JSON).
    #[command(
        long_about = "Clean documents and print the cleaned text.\n\n\
            Each PATH is a file, or `-` for standard input; with no PATH, standard input \
            is read. The cleaned text of each input is printed in turn, each ending with a \
            line break. With --json, the whole structured document is printed instead \
            (text, encoding, metadata, quantities, headings, the original and the edit \
            log, title and nested sections, plus a \"path\" field naming the input), \
            pretty-printed, one per input; with --jsonl, the same document on one line \
            per input; with --markdown, the outline as Markdown. An input that cannot \
            be read or decoded is reported on standard error as `zhdoc: PATH: cause` and \
            the others are still cleaned; the exit status is then 1.",
        after_help = "Examples:\n  \
            zhdoc clean report.txt\n  \
            cat report.txt | zhdoc clean\n  \
            zhdoc clean --json report.txt\n  \
            zhdoc clean --jsonl a.txt b.txt - < c.txt\n  \
            zhdoc clean --markdown report.txt\n  \
            zhdoc clean --out clean/ --jobs 4 scans/\n  \
            zhdoc clean --stream < records.jsonl > cleaned.jsonl\n  \
            zhdoc clean --user-dict words.txt report.txt"
    )]
    Clean(CleanArgs),
    /// Score the pipeline against a gold directory.
    #[command(
        long_about = "Score the pipeline against a gold directory.\n\n\
            GOLD_DIR holds pairs NAME.txt (an input as found) and NAME.gold.json (its gold: \
            the clean text, and optionally its quantities and headings); other files are \
            ignored. Every input is cleaned and compared with its gold: character error \
            rate before cleaning, after cleaning, and of the cleaner run on the gold text \
            itself; precision, recall and F1 of the quantities and headings found. A \
            table is printed, one row per document, then the totals; with --json, exactly \
            one JSON object. A malformed gold directory, or an input that cannot be read \
            or decoded, stops the evaluation with an error naming the file (exit status 1).",
        after_help = "Examples:\n  \
            zhdoc eval fixtures/dev\n  \
            zhdoc eval fixtures/dev --json | jq .cer_after"
    )]
    Eval(EvalArgs),
}

#[derive(Debug, Args)]
struct CleanArgs {
    /// Files to clean; `-` or nothing for standard input.
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Print each whole structured document as pretty-printed JSON.
    #[arg(long, conflicts_with = "jsonl")]
    json: bool,
    /// Print each whole structured document as JSON on one line.
    #[arg(long, conflicts_with = "markdown")]
    jsonl: bool,
    /// Print each document's outline as Markdown (title, headings as #…, paragraphs).
    #[arg(long, conflicts_with = "json")]
    markdown: bool,
    /// Extra words, confusions and protected terms for the corrector, one a line:
    /// `WORD [FREQ]`, `confusion OBSERVED INTENDED [P]`, `protect TERM`, `# comment`.
    #[arg(long, value_name = "FILE")]
    user_dict: Option<PathBuf>,
    #[command(flatten)]
    batch: batch::BatchArgs,
}

#[derive(Debug, Args)]
struct EvalArgs {
    /// A directory of NAME.txt and NAME.gold.json pairs.
    #[arg(value_name = "GOLD_DIR")]
    gold_dir: PathBuf,
    /// Print the report as one JSON object.
    #[arg(long)]
    json: bool,
}

/// How the command ended: `Ok(true)` if some input failed.
type Outcome = io::Result<bool>;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let outcome = match cli.command {
        Command::Clean(args) => clean(&args, &mut out),
        Command::Eval(args) => eval(&args, &mut out),
    };
    let outcome = outcome.and_then(|failed| out.flush().map(|()| failed));
    match outcome {
        Ok(false) => ExitCode::SUCCESS,
        Ok(true) => ExitCode::FAILURE,
        // The reader went away (`zhdoc clean … | head`): nothing left to say.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            complain(&format!("cannot write the output: {e}"));
            ExitCode::FAILURE
        }
    }
}

/// The JSON of `clean --json`: the document, with the input it came from.
#[derive(Serialize)]
struct Cleaned<'a> {
    path: &'a str,
    #[serde(flatten)]
    document: &'a Document,
}

fn clean(args: &CleanArgs, out: &mut impl Write) -> Outcome {
    let mut builder = CleanerBuilder::new();
    if let Some(path) = &args.user_dict {
        match Correct::builder().user_dict_file(path) {
            Ok(b) => {
                builder.corrector(b.build());
            }
            Err(e) => {
                complain(&e);
                return Ok(true);
            }
        }
    }
    if args.batch.stream {
        return stream::run(&args.batch, &builder, out);
    }
    if args.batch.out.is_some() {
        return batch::run(&args.paths, &args.batch, &builder);
    }
    let cleaner = builder.build();
    cleaner.prepare();
    let stdin = [PathBuf::from("-")];
    let paths = if args.paths.is_empty() {
        &stdin[..]
    } else {
        &args.paths[..]
    };
    let mut failed = false;
    for path in paths {
        if !(args.json || args.jsonl || args.markdown) {
            // The text alone: a large input is cleaned in pieces cut at paragraph
            // boundaries, each printed and dropped before the next (as `--out`
            // does), so that memory stays bounded whatever the input's size.
            match read_decoded(&cleaner, path) {
                Ok(decoded) => {
                    let mut last = None;
                    let chunk = args.batch.chunk_bytes.max(1024);
                    for doc in cleaner.clean_pieces(&decoded.text, decoded.encoding, chunk) {
                        out.write_all(doc.text().as_bytes())?;
                        last = doc.text().as_bytes().last().copied().or(last);
                    }
                    if last != Some(b'\n') {
                        out.write_all(b"\n")?;
                    }
                }
                Err(e) => {
                    complain(&e);
                    failed = true;
                }
            }
            continue;
        }
        let doc = match clean_one(&cleaner, path) {
            Ok(doc) => doc,
            Err(e) => {
                complain(&e);
                failed = true;
                continue;
            }
        };
        if args.json || args.jsonl {
            let json = Cleaned {
                path: &path.to_string_lossy(),
                document: &doc,
            };
            if args.json {
                serde_json::to_writer_pretty(&mut *out, &json)?;
            } else {
                serde_json::to_writer(&mut *out, &json)?;
            }
            out.write_all(b"\n")?;
        } else {
            let markdown;
            let text = if args.markdown {
                markdown = doc.to_markdown();
                &markdown
            } else {
                doc.text()
            };
            out.write_all(text.as_bytes())?;
            if !text.ends_with('\n') {
                out.write_all(b"\n")?;
            }
        }
    }
    Ok(failed)
}

/// Reads and decodes a file, or standard input for `-`, as `cleaner` decodes.
fn read_decoded(cleaner: &Cleaner, path: &Path) -> Result<zhdoc::Decoded, Error> {
    let (name, bytes) = if path.as_os_str() == "-" {
        let stdin = Path::new("<stdin>");
        let mut bytes = Vec::new();
        io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .map_err(|e| Error::from(e).with_path(stdin))?;
        (stdin, bytes)
    } else {
        let bytes = std::fs::read(path).map_err(|e| Error::from(e).with_path(path))?;
        (path, bytes)
    };
    let mut options = zhdoc::DecodeOptions::new();
    options.lossy(cleaner.lossy());
    zhdoc::decode_with(&bytes, &options).map_err(|e| e.with_path(name))
}

/// Cleans a file, or standard input for `-`.
fn clean_one(cleaner: &Cleaner, path: &Path) -> Result<Document, Error> {
    let decoded = read_decoded(cleaner, path)?;
    let mut doc = Document::new(decoded.text, decoded.encoding);
    cleaner.run(&mut doc);
    Ok(doc)
}

fn eval(args: &EvalArgs, out: &mut impl Write) -> Outcome {
    let report = match zhdoc::eval::evaluate(&args.gold_dir, &Cleaner::new()) {
        Ok(report) => report,
        Err(e) => {
            complain(&e);
            return Ok(true);
        }
    };
    if args.json {
        serde_json::to_writer_pretty(&mut *out, &report)?;
        out.write_all(b"\n")?;
    } else {
        write!(out, "{report}")?;
    }
    Ok(false)
}

/// Writes `zhdoc: message` on standard error; a closed standard error is no
/// reason to panic.
fn complain(message: &dyn std::fmt::Display) {
    let _ = writeln!(io::stderr().lock(), "zhdoc: {message}");
}
