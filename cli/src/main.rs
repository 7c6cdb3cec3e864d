//! `zhdoc`: clean and evaluate OCR-damaged Chinese documents from the command line.
//!
//! A thin shell over the `zhdoc` library: argument parsing, reading inputs and
//! writing outputs. Everything else is the library's.

use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, CommandFactory, Parser, Subcommand};
use serde::Serialize;
use zhdoc::{Cleaner, CleanerBuilder, Correct, DecodeOptions, Document, Error};

mod batch;
mod budget;
mod joined;
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
    #[arg(long, value_name = "FILE", conflicts_with = "no_correct")]
    user_dict: Option<PathBuf>,
    #[command(flatten)]
    passes: Passes,
    #[command(flatten)]
    decoding: Decoding,
    #[command(flatten)]
    batch: batch::BatchArgs,
}

/// Which passes run.
#[derive(Debug, Args)]
#[command(next_help_heading = "Passes")]
struct Passes {
    /// Do not correct OCR-confusable characters.
    #[arg(long)]
    no_correct: bool,
    /// Do not strip site boilerplate and watermarks.
    #[arg(long)]
    no_boilerplate: bool,
    /// Do not remove page-chunk numbers or rejoin broken lines.
    #[arg(long)]
    no_reflow: bool,
    /// Do not normalise Unicode (full-width forms, radicals, punctuation).
    #[arg(long)]
    no_normalize: bool,
}

/// How bytes are decoded.
#[derive(Debug, Args)]
#[command(next_help_heading = "Decoding")]
struct Decoding {
    /// Decode with this encoding instead of detecting one (a WHATWG label:
    /// gbk, gb18030, big5, utf-8, utf-16le, utf-16be, shift_jis, …).
    #[arg(long, value_name = "NAME")]
    encoding: Option<String>,
    /// Refuse any input with a malformed byte sequence, a NUL byte or lines in
    /// mixed encodings (by default a few bad bytes are removed, logged as decode
    /// edits, with a warning).
    #[arg(long, conflicts_with = "lossy")]
    strict: bool,
    /// Decode whatever the damage: every malformed byte sequence becomes U+FFFD
    /// (binary data is still refused).
    #[arg(long)]
    lossy: bool,
}

impl Decoding {
    fn options(&self) -> Result<DecodeOptions, Error> {
        let mut options = DecodeOptions::new();
        options
            .strict(self.strict)
            .lossy(self.lossy)
            .encoding(self.encoding.as_deref())?;
        Ok(options)
    }
}

#[derive(Debug, Args)]
struct EvalArgs {
    /// A directory of NAME.txt and NAME.gold.json pairs.
    #[arg(value_name = "GOLD_DIR")]
    gold_dir: PathBuf,
    /// Print the report as one JSON object.
    #[arg(long)]
    json: bool,
    /// Score the pipeline without its corrector (an ablation).
    #[arg(long)]
    no_correct: bool,
    /// Extra words, confusions and protected terms for the corrector (as for
    /// `clean --user-dict`).
    #[arg(long, value_name = "FILE", conflicts_with = "no_correct")]
    user_dict: Option<PathBuf>,
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

/// A builder with the corrector of `--user-dict`, or none with `--no-correct`.
fn corrector(
    mut builder: CleanerBuilder,
    user_dict: Option<&Path>,
    no_correct: bool,
) -> Result<CleanerBuilder, Error> {
    if no_correct {
        builder.correct(false);
    } else if let Some(path) = user_dict {
        builder.corrector(Correct::builder().user_dict_file(path)?.build());
    }
    Ok(builder)
}

/// Refuses options that mean nothing without `--out` or `--stream`, as clap
/// refuses a usage error (exit status 2).
fn refuse_meaningless(args: &CleanArgs) {
    if args.batch.out.is_some() || args.batch.stream {
        return;
    }
    let given = [
        ("--format", args.batch.format.is_some()),
        ("--summary-json", args.batch.summary_json.is_some()),
        ("--quiet", args.batch.quiet),
        ("--verbose", args.batch.verbose),
        ("--learn-boilerplate", args.batch.learn_boilerplate),
    ];
    if let Some((flag, _)) = given.iter().find(|(_, given)| *given) {
        let hint = match *flag {
            "--format" => " (use --json, --jsonl or --markdown to choose what is printed)",
            _ => "",
        };
        Cli::command()
            .error(
                clap::error::ErrorKind::ArgumentConflict,
                format!("{flag} is for --out and --stream only{hint}"),
            )
            .exit();
    }
}

fn clean(args: &CleanArgs, out: &mut impl Write) -> Outcome {
    refuse_meaningless(args);
    let built = args.decoding.options().and_then(|decode| {
        let mut builder = CleanerBuilder::new();
        builder
            .decode_options(decode)
            .boilerplate(!args.passes.no_boilerplate)
            .reflow(!args.passes.no_reflow)
            .normalize(!args.passes.no_normalize);
        let mut builder = corrector(builder, args.user_dict.as_deref(), args.passes.no_correct)?;
        if let Some(path) = &args.batch.boilerplate_from {
            if !args.passes.no_boilerplate {
                let mut pass = zhdoc::Boilerplate::builder();
                for line in batch::boilerplate_from(path)? {
                    pass.line(line);
                }
                builder.boilerplate_pass(pass.build());
            }
        }
        Ok(builder)
    });
    let builder = match built {
        Ok(builder) => builder,
        Err(e) => {
            complain(&e);
            return Ok(true);
        }
    };
    if args.batch.stream {
        return stream::run(&args.batch, &builder, out);
    }
    if args.batch.out.is_some() {
        return batch::run(&args.paths, &args.batch, &builder);
    }
    // Plain output is written from this thread; --jobs sizes the pool the
    // library reads a long text's pieces on.
    if let Some(n) = args.batch.jobs {
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global();
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
    let limits = args.batch.limits();
    for path in paths {
        let decoded = match read_decoded(&cleaner, path, limits) {
            Ok(decoded) => decoded,
            Err(e) => {
                complain(&e);
                failed = true;
                continue;
            }
        };
        let format = if args.json || args.jsonl {
            batch::Format::Json
        } else if args.markdown {
            batch::Format::Md
        } else {
            batch::Format::Txt
        };
        if format == batch::Format::Txt || decoded.text.len() > limits.chunk_bytes {
            // The text alone, or a large input: cleaned in pieces cut at
            // paragraph boundaries, each written and dropped before the next
            // window is cleaned (as `--out` does), so that memory stays bounded
            // whatever the input's size.
            let large = batch::Large {
                cleaner: &cleaner,
                text: &decoded.text,
                encoding: decoded.encoding,
                chunk_bytes: limits.chunk_bytes,
                pool: None,
                budget: None,
            };
            let head = serde_json::Value::from(path.to_string_lossy());
            let spill = joined::spill_dir(None);
            large.write(format, ("path", &head), args.json, &spill, out, |_| {})?;
            if format == batch::Format::Json {
                out.write_all(b"\n")?;
            }
            continue;
        }
        let mut doc = Document::new(decoded.text, decoded.encoding);
        cleaner.run(&mut doc);
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
            if !text.is_empty() && !text.ends_with('\n') {
                out.write_all(b"\n")?;
            }
        }
    }
    Ok(failed)
}

/// A path as messages show it: control characters and bytes that are not
/// UTF-8 escaped (`a\nb.txt` is shown `a\\nb.txt`), so that one message stays
/// one line.
pub fn shown(path: &Path) -> String {
    let lossy = path.to_string_lossy();
    if !lossy.chars().any(|c| c.is_control() || c == '\u{FFFD}') {
        return lossy.into_owned();
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        return path
            .as_os_str()
            .as_bytes()
            .utf8_chunks()
            .map(|chunk| {
                let mut s: String = chunk
                    .valid()
                    .chars()
                    .flat_map(char::escape_default)
                    .collect();
                for b in chunk.invalid() {
                    s.push_str(&format!("\\x{b:02X}"));
                }
                s
            })
            .collect();
    }
    #[allow(unreachable_code)]
    lossy.chars().flat_map(char::escape_default).collect()
}

/// Warns, naming the input, about what decoding repaired: bytes removed,
/// replaced, or lines read in another encoding.
pub fn warn_repairs(name: &str, decoded: &zhdoc::Decoded, lossy: bool) {
    if decoded.malformed > 0 {
        let what = if lossy {
            "replaced by U+FFFD"
        } else {
            "removed (logged as decode edits with their bytes)"
        };
        complain(&format!(
            "{name}: warning: {} malformed byte sequence(s) or NUL byte(s) {what}",
            decoded.malformed
        ));
    }
    if decoded.mixed_lines > 0 {
        complain(&format!(
            "{name}: warning: {} line(s) not in {} were decoded in their own encoding",
            decoded.mixed_lines, decoded.encoding
        ));
    }
    if decoded.text.is_empty() {
        complain(&format!("{name}: warning: empty input, empty output"));
    }
}

/// Reads and decodes a file, or standard input for `-`, as `cleaner` decodes,
/// refusing more than `--max-bytes`. Errors are whole messages naming the input.
fn read_decoded(
    cleaner: &Cleaner,
    path: &Path,
    limits: batch::Limits,
) -> Result<zhdoc::Decoded, String> {
    let stdin = path.as_os_str() == "-";
    let name = if stdin {
        "<stdin>".to_owned()
    } else {
        shown(path)
    };
    let cannot = |e: io::Error| format!("{name}: cannot read: {e}");
    let too_large = |len: u64| batch::too_large(len, limits).named(&name).message;
    let bytes = if stdin {
        let mut bytes = Vec::new();
        io::stdin()
            .lock()
            .take(limits.max_bytes.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(cannot)?;
        bytes
    } else {
        let meta = std::fs::metadata(path).map_err(cannot)?;
        if meta.is_dir() {
            return Err(format!(
                "{name}: is a directory (to clean a directory tree, use --out OUT_DIR)"
            ));
        }
        if meta.len() > limits.max_bytes {
            return Err(too_large(meta.len()));
        }
        let mut bytes = Vec::new();
        std::fs::File::open(path)
            .and_then(|f| {
                f.take(limits.max_bytes.saturating_add(1))
                    .read_to_end(&mut bytes)
            })
            .map_err(cannot)?;
        bytes
    };
    if bytes.len() as u64 > limits.max_bytes {
        let more = if stdin { "more than " } else { "" };
        return Err(format!(
            "{name}: too large: {more}{} bytes, more than --max-bytes {}",
            limits.max_bytes, limits.max_bytes
        ));
    }
    let decoded = zhdoc::decode_vec(bytes, cleaner.decode_options())
        .map_err(|e| format!("{name}: {}", e.kind()))?;
    warn_repairs(&name, &decoded, cleaner.lossy());
    Ok(decoded)
}

fn eval(args: &EvalArgs, out: &mut impl Write) -> Outcome {
    let cleaner = match corrector(
        CleanerBuilder::new(),
        args.user_dict.as_deref(),
        args.no_correct,
    ) {
        Ok(builder) => builder.build(),
        Err(e) => {
            complain(&e);
            return Ok(true);
        }
    };
    let report = match zhdoc::eval::evaluate(&args.gold_dir, &cleaner) {
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
