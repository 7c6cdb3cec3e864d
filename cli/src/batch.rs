//! `zhdoc clean --out OUT_DIR PATH…`: whole archives, in parallel, resumable.
//!
//! Directories are walked (files matching `--glob`), the tree is mirrored under
//! OUT_DIR, one output per input. Each output is written to a hidden temporary
//! file beside it (`.NAME.PID.zhdoc-part`) and renamed into place, so an
//! interrupted run leaves only whole outputs; the next run removes the leftover
//! temporary files. Each file is read, cleaned, written and dropped by one of
//! `--jobs` threads sharing one cleaner; an input larger than `--chunk-bytes` is
//! cleaned in pieces cut at paragraph boundaries. The jobs share one memory
//! budget ([`crate::budget`]): at most [`TEXT_BUDGET`] bytes of input are held
//! at once (a larger file alone), and at most [`PIECES_PER_THREAD`] pieces per
//! thread are being cleaned across all files, so that several large files hold
//! no more than one of them alone. Failures are reported with their
//! cause and the batch goes on; the exit status is 1 at the end if any failed.

use std::collections::{HashMap, HashSet};
use std::fs::{self, File};
use std::io::{self, BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Instant, SystemTime};

use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use serde::Serialize;
use zhdoc::{BoilerplateLearner, Cleaner, CleanerBuilder, DecodeOptions, Document, EditKind};

use crate::budget::Budget;
use crate::summary::{Cause, Failure, Summary};

/// The options of archive and stream cleaning (`--out`, `--stream` and the rest).
#[derive(Debug, Args)]
#[command(next_help_heading = "Archives and streams")]
pub struct BatchArgs {
    /// Clean whole archives: write one output per input under OUT_DIR, mirroring
    /// the input tree (directories are walked recursively).
    #[arg(long, value_name = "OUT_DIR", conflicts_with_all = ["json", "jsonl", "stream"])]
    pub out: Option<PathBuf>,
    /// Which files of a directory to clean (a glob over the path below the
    /// directory; repeatable). Files named on the command line are always taken.
    #[arg(long, value_name = "GLOB", default_value = "*.txt", requires = "out")]
    pub glob: Vec<String>,
    /// What each output holds: `txt` the cleaned text, `json` the whole document
    /// (text, original, edit log, metadata …) as in `clean --json`, `md` the
    /// outline as Markdown as in `clean --markdown` [default: txt with --out, json
    /// with --stream].
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Skip inputs whose output is newer than the input.
    #[arg(long, requires = "out")]
    pub resume: bool,
    /// Threads to clean with (default: all cores).
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    /// Learn the lines that recur across many documents of the batch (site
    /// furniture of the archive's own) in a first pass, and remove them in the
    /// second. With --stream, they are learned over the first --learn-window
    /// records.
    #[arg(long)]
    pub learn_boilerplate: bool,
    /// With --stream --learn-boilerplate: how many records to learn over before
    /// the first is cleaned (they are held in memory meanwhile).
    #[arg(
        long,
        value_name = "N",
        default_value_t = 1000,
        requires = "learn_boilerplate"
    )]
    pub learn_window: usize,
    /// Remove the lines that an earlier run learned: FILE is that run's
    /// --summary-json, or a list of lines, one a line (blank lines and lines
    /// starting with `#` are skipped).
    #[arg(long, value_name = "FILE", conflicts_with = "learn_boilerplate")]
    pub boilerplate_from: Option<PathBuf>,
    /// Write the run summary as JSON to PATH (`-` for standard output).
    #[arg(long, value_name = "PATH")]
    pub summary_json: Option<PathBuf>,
    /// Inputs larger than this many bytes are cleaned in pieces cut at paragraph
    /// boundaries.
    #[arg(long, value_name = "BYTES", default_value_t = 4 << 20)]
    pub chunk_bytes: usize,
    /// Inputs (or stream records) larger than this many bytes are refused.
    #[arg(long, value_name = "BYTES", default_value_t = 1 << 30)]
    pub max_bytes: u64,
    /// Read JSON Lines on standard input (`{"id":…,"text":…}` or
    /// `{"id":…,"bytes":BASE64}`) and write one JSON result per line on standard
    /// output, in input order, each with its record's id.
    #[arg(long, conflicts_with = "json")]
    pub stream: bool,
    /// No progress bar and no summary: only failures on standard error.
    #[arg(long, short = 'q', conflicts_with = "verbose")]
    pub quiet: bool,
    /// Name every input as it is done.
    #[arg(long, short = 'v')]
    pub verbose: bool,
}

/// The format of each output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// The cleaned text.
    Txt,
    /// The whole structured document as one JSON object.
    Json,
    /// The document's outline as Markdown (title, headings as `#`…, paragraphs).
    Md,
}

impl Format {
    /// The extension of an output file.
    fn extension(self) -> &'static str {
        match self {
            Format::Txt => "txt",
            Format::Json => "json",
            Format::Md => "md",
        }
    }

    /// Writes a whole document. A new format is a variant, its extension and this
    /// arm.
    fn write(self, doc: &Document, input: &str, out: &mut impl Write) -> io::Result<()> {
        match self {
            Format::Txt => write_text(doc.text(), out),
            Format::Md => write_text(&doc.to_markdown(), out),
            Format::Json => {
                serde_json::to_writer(
                    &mut *out,
                    &WithPath {
                        path: input,
                        document: doc,
                    },
                )?;
                out.write_all(b"\n")
            }
        }
    }
}

/// The cleaned text, ending with a line break (as `zhdoc clean` prints it).
fn write_text(text: &str, out: &mut impl Write) -> io::Result<()> {
    out.write_all(text.as_bytes())?;
    if !text.is_empty() && !text.ends_with('\n') {
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// A document with the input it came from, as `clean --json` prints it.
#[derive(Serialize)]
pub struct WithPath<'a> {
    /// The input.
    pub path: &'a str,
    /// The document.
    #[serde(flatten)]
    pub document: &'a Document,
}

/// One input of the batch and where its output goes.
#[derive(Debug)]
struct Job {
    input: PathBuf,
    output: PathBuf,
}

/// What is refused and what is cut: `--max-bytes`, `--chunk-bytes`.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Larger inputs are cleaned in pieces.
    pub chunk_bytes: usize,
    /// Larger inputs are refused.
    pub max_bytes: u64,
}

impl BatchArgs {
    /// The limits these options set.
    pub fn limits(&self) -> Limits {
        Limits {
            chunk_bytes: self.chunk_bytes.max(1024),
            max_bytes: self.max_bytes,
        }
    }

    /// A thread pool of `--jobs` threads.
    pub fn pool(&self) -> io::Result<rayon::ThreadPool> {
        let mut pool = rayon::ThreadPoolBuilder::new();
        if let Some(n) = self.jobs {
            pool = pool.num_threads(n.max(1));
        }
        pool.build().map_err(io::Error::other)
    }
}

/// Runs the batch; `Ok(true)` if any input failed.
pub fn run(paths: &[PathBuf], args: &BatchArgs, cleaner: &CleanerBuilder) -> io::Result<bool> {
    let started = Instant::now();
    let out_dir = args.out.as_deref().expect("--out given");
    let out_canonical = match fs::create_dir_all(out_dir).and_then(|()| fs::canonicalize(out_dir)) {
        Ok(p) => p,
        Err(e) => {
            crate::complain(&format!(
                "{}: cannot create the output directory: {e}",
                crate::shown(out_dir)
            ));
            return Ok(true);
        }
    };
    // Outputs written inside an input directory would be read as inputs by the
    // next run (and a `*.txt` output overwrite its own input).
    for root in paths {
        let inside = fs::canonicalize(root)
            .ok()
            .filter(|r| r.is_dir() && out_canonical.starts_with(r));
        if inside.is_some() {
            crate::complain(&format!(
                "--out {} is inside the input directory {}: choose an output directory outside it",
                crate::shown(out_dir),
                crate::shown(root)
            ));
            return Ok(true);
        }
    }
    let mut summary = Summary::default();
    let jobs = collect(paths, args, out_dir, &out_canonical, &mut summary)?;
    remove_leftovers(out_dir);
    let pool = args.pool()?;
    let limits = args.limits();
    let show = Show::new(args, jobs.len() as u64);

    let mut builder = cleaner.clone();
    let mut learned = HashSet::new();
    if args.learn_boilerplate {
        show.message("learning boilerplate");
        let decode = *cleaner.build().decode_options();
        let learner = pool.install(|| learn(&jobs, limits, &decode));
        let lines = learner.learned();
        learned = lines.iter().map(|l| l.text.clone()).collect();
        builder.boilerplate_pass(learner.boilerplate());
        summary.learned_boilerplate = lines;
        summary.learned_removed = Some(0);
        show.message("cleaning");
    }
    let cleaner = builder.build();
    pool.install(|| warm_up(&cleaner));

    let sequence = AtomicU64::new(0);
    let threads = pool.current_num_threads();
    let text_budget = Budget::new(TEXT_BUDGET);
    let piece_budget = Budget::new(PIECES_PER_THREAD * threads);
    let ctx = Context {
        cleaner: &cleaner,
        format: args.format.unwrap_or(Format::Txt),
        limits,
        resume: args.resume,
        learned: &learned,
        sequence: &sequence,
        pool: &pool,
        text_budget: &text_budget,
        piece_budget: &piece_budget,
    };
    let done = Mutex::new(Vec::new());
    // One thread of the jobs' own per `--jobs`, taking the next input in
    // turn: they wait for the budget outside the pool and clean on it.
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(job) = jobs.get(i) else {
                        break;
                    };
                    let mut one = Summary::default();
                    match ctx.clean(job, &mut one) {
                        Ok(Done::Cleaned) => show.done(&job.input, "cleaned"),
                        Ok(Done::Skipped) => {
                            one.skipped += 1;
                            show.done(&job.input, "up to date");
                        }
                        Err(failure) => {
                            show.fail(&failure.message);
                            one.failed(failure);
                        }
                    }
                    show.inc();
                    done.lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push((i, one));
                }
            });
        }
    });
    show.finish();
    let mut done = done.into_inner().unwrap_or_else(|e| e.into_inner());
    // Failures in input order, whatever order the threads finished in.
    done.sort_by_key(|&(i, _)| i);
    for (_, one) in done {
        summary.add(one);
    }
    summary.inputs += jobs.len();
    summary.seconds = started.elapsed().as_secs_f64();
    let written = report(&summary, args.quiet, args.summary_json.as_deref())?;
    Ok(summary.failed > 0 || !written)
}

/// Prints the summary on standard error (unless quiet) and writes its JSON to
/// `json` (`-` for standard output); `Ok(false)` if that file could not be
/// written (and was reported, naming it).
pub fn report(summary: &Summary, quiet: bool, json: Option<&Path>) -> io::Result<bool> {
    if !quiet {
        let _ = write!(io::stderr().lock(), "{summary}");
    }
    if let Some(path) = json {
        if path.as_os_str() == "-" {
            let mut out = io::stdout().lock();
            serde_json::to_writer_pretty(&mut out, summary)?;
            out.write_all(b"\n")?;
        } else {
            let mut json = serde_json::to_vec_pretty(summary)?;
            json.push(b'\n');
            // Named here: main's own message is about standard output.
            if let Err(e) = write_atomically(path, &AtomicU64::new(0), |out| out.write_all(&json)) {
                crate::complain(&format!(
                    "{}: cannot write the summary: {e}",
                    crate::shown(path)
                ));
                return Ok(false);
            }
        }
    }
    Ok(true)
}

/// Finds the inputs and their outputs; walk errors and collisions are failures.
fn collect(
    paths: &[PathBuf],
    args: &BatchArgs,
    out_dir: &Path,
    out_canonical: &Path,
    summary: &mut Summary,
) -> io::Result<Vec<Job>> {
    let mut glob = globset::GlobSetBuilder::new();
    for g in &args.glob {
        let g = globset::GlobBuilder::new(g)
            .literal_separator(false)
            .build()
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, format!("--glob {g}: {e}")))?;
        glob.add(g);
    }
    let failed = |at: String, cause: Cause, message: String, summary: &mut Summary| {
        crate::complain(&message);
        summary.inputs += 1;
        summary.failed(Failure::new(at, cause, message));
    };
    let glob = glob.build().map_err(io::Error::other)?;
    let ext = args.format.unwrap_or(Format::Txt).extension();
    let mut jobs = Vec::new();
    let mut outputs: HashMap<PathBuf, PathBuf> = HashMap::new();
    let mut add = |input: PathBuf, rel: &Path, summary: &mut Summary| {
        let output = out_dir.join(rel).with_extension(ext);
        // `--out .` beside an input file named on the command line: its
        // output would overwrite it (issue 19, item 7).
        let same = fs::canonicalize(&input)
            .is_ok_and(|i| i == out_canonical.join(rel).with_extension(ext));
        if same {
            let message = format!(
                "{}: its output {} would overwrite it: choose an output directory apart from the inputs",
                crate::shown(&input),
                crate::shown(&output),
            );
            failed(crate::shown(&input), Cause::Collision, message, summary);
            return;
        }
        if let Some(first) = outputs.get(&output) {
            let message = format!(
                "{}: its output {} is also the output of {}",
                crate::shown(&input),
                crate::shown(&output),
                crate::shown(first)
            );
            failed(crate::shown(&input), Cause::Collision, message, summary);
            return;
        }
        outputs.insert(output.clone(), input.clone());
        jobs.push(Job { input, output });
    };
    for root in paths {
        let meta = fs::metadata(root);
        if !meta.as_ref().is_ok_and(|m| m.is_dir()) {
            // A file (or something unreadable, reported when it is read).
            let name = root
                .file_name()
                .map_or_else(|| PathBuf::from("stdin"), PathBuf::from);
            add(root.clone(), &name, summary);
            continue;
        }
        let walk = walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                // Never walk into the output directory.
                !(e.file_type().is_dir()
                    && fs::canonicalize(e.path()).is_ok_and(|p| p == out_canonical))
            });
        for entry in walk {
            match entry {
                Ok(e) if e.file_type().is_file() => {
                    let rel = e.path().strip_prefix(root).unwrap_or(e.path());
                    if glob.is_match(rel) {
                        add(e.path().to_path_buf(), rel, summary);
                    }
                }
                Ok(e) if e.file_type().is_dir() => {}
                Ok(e) => {
                    // A FIFO, socket or device: reading it could block or never
                    // end. Reported when the glob names it.
                    let rel = e.path().strip_prefix(root).unwrap_or(e.path());
                    if glob.is_match(rel) {
                        let at = crate::shown(e.path());
                        let what = special_kind(&e.file_type());
                        let message = format!("{at}: cannot read: not a regular file ({what})");
                        failed(at, Cause::Unreadable, message, summary);
                    }
                }
                Err(e) => {
                    let path = e.path().unwrap_or(root);
                    // A dangling symlink the glob does not name is no input.
                    let rel = path.strip_prefix(root).unwrap_or(path);
                    let dangling = fs::symlink_metadata(path).is_ok_and(|m| m.is_symlink())
                        && fs::metadata(path).is_err();
                    if dangling && !glob.is_match(rel) {
                        continue;
                    }
                    let at = crate::shown(path);
                    let message = if dangling {
                        format!("{at}: cannot read: a symbolic link to a missing file")
                    } else {
                        format!("{at}: cannot read: {e}")
                    };
                    failed(at, Cause::Unreadable, message, summary);
                }
            }
        }
    }
    Ok(jobs)
}

/// What kind of special file a walk met.
fn special_kind(t: &fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_block_device() || t.is_char_device() {
            return "a device";
        }
    }
    let _ = t;
    "a special file"
}

/// The suffix of the temporary files outputs are written to.
const PART: &str = ".zhdoc-part";

/// Removes the temporary files (outputs being written, spill files of large
/// JSON outputs) an interrupted run left under the output directory.
fn remove_leftovers(out_dir: &Path) {
    for e in walkdir::WalkDir::new(out_dir).into_iter().flatten() {
        let is_part = e.file_name().to_str().is_some_and(|n| {
            n.starts_with('.') && n.ends_with(PART) || n.starts_with(crate::joined::SPILL)
        });
        if is_part && e.file_type().is_file() {
            let _ = fs::remove_file(e.path());
        }
    }
}

/// Writes `path` atomically: into a temporary file in the same directory, renamed
/// into place once whole.
fn write_atomically(
    path: &Path,
    sequence: &AtomicU64,
    write: impl FnOnce(&mut BufWriter<File>) -> io::Result<()>,
) -> io::Result<u64> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map_or_else(|| "out".into(), |n| n.to_string_lossy());
    let n = sequence.fetch_add(1, Ordering::Relaxed);
    let temp = dir.join(format!(".{name}.{}-{n}{PART}", std::process::id()));
    let result = (|| {
        let mut out = BufWriter::new(File::create(&temp)?);
        write(&mut out)?;
        let file = out.into_inner().map_err(|e| e.into_error())?;
        let len = file.metadata()?.len();
        drop(file);
        fs::rename(&temp, path)?;
        Ok(len)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

/// What became of an input that did not fail.
enum Done {
    Cleaned,
    Skipped,
}

/// What every job shares.
struct Context<'a> {
    cleaner: &'a Cleaner,
    format: Format,
    limits: Limits,
    resume: bool,
    learned: &'a HashSet<String>,
    sequence: &'a AtomicU64,
    /// The pool the jobs clean on.
    pool: &'a rayon::ThreadPool,
    /// Bytes of input held, shared by the jobs.
    text_budget: &'a Budget,
    /// Pieces being cleaned, shared by the jobs.
    piece_budget: &'a Budget,
}

impl Context<'_> {
    /// Cleans one input into its output.
    fn clean(&self, job: &Job, summary: &mut Summary) -> Result<Done, Failure> {
        let name = crate::shown(&job.input);
        let unreadable = |e: io::Error| {
            Failure::new(
                name.clone(),
                Cause::Unreadable,
                format!("{name}: cannot read: {e}"),
            )
        };
        let meta = fs::metadata(&job.input).map_err(unreadable)?;
        if self.resume && up_to_date(&meta, &job.output) {
            return Ok(Done::Skipped);
        }
        // The input's bytes, held until its output is written (a too large
        // one is refused before it waits for them).
        if meta.is_file() {
            check_size(meta.len(), self.limits).map_err(|f| f.named(&name))?;
        }
        let held = usize::try_from(meta.len()).unwrap_or(usize::MAX);
        let _held = self.text_budget.take(held);
        let bytes = read(&job.input, &meta, self.limits).map_err(|f| f.named(&name))?;
        let bytes_in = bytes.len() as u64;
        let text = self
            .pool
            .install(|| decode(bytes, self.cleaner.decode_options()))
            .map_err(|f| f.named(&name))?;
        crate::warn_repairs(&name, &text, self.cleaner.lossy());
        if text.text.len() > self.limits.chunk_bytes {
            summary.chunked += 1;
        }
        let mut stats = Summary::default();
        let format = self.format;
        // A document of one piece (most) is cleaned before its output is
        // opened; a larger one piece by piece as its output is written, a
        // window of pieces at a time, each dropped once written.
        let mut text = text;
        let pieces: Vec<&str> =
            zhdoc::paragraph_chunks(&text.text, self.limits.chunk_bytes).collect();
        let whole = match pieces[..] {
            [piece] if format != Format::Txt => {
                let _cleaning = self.piece_budget.take(1);
                let mut doc = Document::new(piece, text.encoding);
                self.pool.install(|| self.cleaner.run(&mut doc));
                Some(doc)
            }
            _ => None,
        };
        drop(pieces);
        if whole.is_some() {
            text.text = String::new();
        }
        let spill = crate::joined::spill_dir(Some(&job.output));
        let head = serde_json::Value::from(name.as_str());
        let written = write_atomically(&job.output, self.sequence, |out| {
            if let Some(doc) = &whole {
                format.write(doc, &name, out)?;
                self.count(doc, &mut stats);
                return Ok(());
            }
            let large = Large {
                cleaner: self.cleaner,
                text: &text.text,
                encoding: text.encoding,
                chunk_bytes: self.limits.chunk_bytes,
                pool: Some(self.pool),
                budget: Some(self.piece_budget),
            };
            large.write(format, ("path", &head), false, &spill, out, |doc| {
                self.count(doc, &mut stats);
            })?;
            if format == Format::Json {
                out.write_all(b"\n")?;
            }
            Ok(())
        })
        .map_err(|e| {
            Failure::new(
                name.clone(),
                Cause::Unwritable,
                format!("{name}: cannot write {}: {e}", crate::shown(&job.output)),
            )
        })?;
        stats.cleaned = 1;
        stats.bytes_in = bytes_in;
        stats.bytes_out = written;
        summary.add(stats);
        Ok(Done::Cleaned)
    }

    /// Counts a cleaned document (or piece) into `stats`, without the file counts.
    fn count(&self, doc: &Document, stats: &mut Summary) {
        stats.cleaned(doc, 0, 0);
        stats.cleaned -= 1;
        if !self.learned.is_empty() {
            let removed = doc
                .edits()
                .iter()
                .filter(|e| {
                    e.kind == EditKind::Boilerplate && self.learned.contains(e.before.trim())
                })
                .count();
            *stats.learned_removed.get_or_insert(0) += removed;
        }
    }
}

/// How many pieces of a large input are cleaned at a time (in parallel), per
/// thread, when they can be written out one by one; under `--out`, how many
/// pieces of all inputs together.
pub const PIECES_PER_THREAD: usize = 2;

/// The most bytes of input the jobs of `--out` hold at once (a larger input
/// is cleaned alone): the size of input the memory bound is measured at
/// (`cli/tests/memory.rs`).
pub const TEXT_BUDGET: usize = 64 << 20;

/// A large input's text, cleaned and written piece by piece.
pub struct Large<'a> {
    /// The cleaner.
    pub cleaner: &'a Cleaner,
    /// The whole decoded text.
    pub text: &'a str,
    /// What it was decoded from.
    pub encoding: &'static str,
    /// The size of its pieces.
    pub chunk_bytes: usize,
    /// The pool to clean on, when not the current one.
    pub pool: Option<&'a rayon::ThreadPool>,
    /// The pieces being cleaned, shared with other inputs: each window takes
    /// what is free of it (one piece at least) and gives it back once its
    /// documents are written. Taken outside the pool: only with `pool`.
    pub budget: Option<&'a Budget>,
}

impl Large<'_> {
    /// Cleans the pieces, a window of them in parallel (on the current rayon
    /// pool) at a time, and hands each document to `each` in order.
    pub fn each(&self, mut each: impl FnMut(Document) -> io::Result<()>) -> io::Result<()> {
        let pieces: Vec<&str> = zhdoc::paragraph_chunks(self.text, self.chunk_bytes).collect();
        // What the pieces share, read over all of them first (one piece per
        // thread at a time).
        let shared = || {
            self.cleaner
                .shared(self.text, self.encoding, self.chunk_bytes)
        };
        let shared = match self.pool {
            Some(pool) => pool.install(shared),
            None => shared(),
        };
        let threads = self
            .pool
            .map_or_else(rayon::current_num_threads, |p| p.current_num_threads());
        let most = PIECES_PER_THREAD * threads;
        let mut rest = &pieces[..];
        // The index of the window's first piece in the whole.
        let mut first = 0;
        while !rest.is_empty() {
            let taken = self
                .budget
                .filter(|_| self.pool.is_some())
                .map(|b| b.take_up_to(most.min(rest.len())));
            let size = taken.as_ref().map_or(most, |t| t.units());
            let (window, after) = rest.split_at(size.min(rest.len()));
            rest = after;
            let at = first;
            first += window.len();
            let clean = || clean_in_parallel(self.cleaner, window, at, self.encoding, &shared);
            let docs = match self.pool {
                Some(pool) => pool.install(clean),
                None => clean(),
            };
            for doc in docs {
                each(doc)?;
            }
            drop(taken);
        }
        Ok(())
    }

    /// Writes the text (`Format::Txt`), or the Markdown of each piece's outline
    /// apart by a blank line (`Format::Md`), one piece after the other; gives
    /// the last byte written, if any. `count` sees each piece.
    pub fn write_text(
        &self,
        format: Format,
        out: &mut impl Write,
        mut count: impl FnMut(&Document),
    ) -> io::Result<Option<u8>> {
        // The last two bytes written.
        let mut last: Vec<u8> = Vec::new();
        self.each(|doc| {
            count(&doc);
            let markdown;
            let piece = if format == Format::Md {
                markdown = doc.to_markdown();
                if !last.is_empty() && !markdown.is_empty() {
                    let blank: &[u8] = if last.ends_with(b"\n\n") {
                        b""
                    } else if last.ends_with(b"\n") {
                        b"\n"
                    } else {
                        b"\n\n"
                    };
                    out.write_all(blank)?;
                }
                markdown.as_str()
            } else {
                doc.text()
            };
            out.write_all(piece.as_bytes())?;
            let piece = piece.as_bytes();
            if piece.len() >= 2 {
                last.clear();
            }
            last.extend_from_slice(&piece[piece.len().saturating_sub(2)..]);
            Ok(())
        })?;
        Ok(last.last().copied())
    }

    /// Writes the document in `format`: the text, or the Markdown of each
    /// piece's outline, one after the other; or the JSON object with `head` as
    /// its first field (spill files in `spill`, see [`crate::joined`]), pretty
    /// or on one line, without a line break after it. `count` sees each piece.
    pub fn write(
        &self,
        format: Format,
        head: (&str, &serde_json::Value),
        pretty: bool,
        spill: &Path,
        out: &mut impl Write,
        mut count: impl FnMut(&Document),
    ) -> io::Result<()> {
        match format {
            Format::Txt | Format::Md => {
                // The whole ends with a line break (an empty result is empty).
                if self
                    .write_text(format, out, count)?
                    .is_some_and(|b| b != b'\n')
                {
                    out.write_all(b"\n")?;
                }
                Ok(())
            }
            Format::Json => {
                let mut joined = crate::joined::Joined::start(out, head, pretty, spill)?;
                self.each(|doc| {
                    count(&doc);
                    joined.push(doc)
                })?;
                joined.finish()
            }
        }
    }
}

/// Cleans pieces of one input in parallel, in order: `pieces` are the
/// input's from the `first`-th on, read with what the whole shares.
pub fn clean_in_parallel(
    cleaner: &Cleaner,
    pieces: &[&str],
    first: usize,
    encoding: &'static str,
    shared: &zhdoc::Shared,
) -> Vec<Document> {
    if let [piece] = pieces {
        let mut doc = Document::new(*piece, encoding);
        cleaner.run_piece(&mut doc, &shared.piece(first));
        return vec![doc];
    }
    pieces
        .par_iter()
        .enumerate()
        .map(|(i, piece)| {
            let mut doc = Document::new(*piece, encoding);
            cleaner.run_piece(&mut doc, &shared.piece(first + i));
            doc
        })
        .collect()
}

/// Builds the cleaner's lazily built tables before the files are shared out, the
/// lexicon on one thread and the rest on another: otherwise the first file
/// builds them all while the other threads wait on it, a serial part that a
/// small archive feels.
pub fn warm_up(cleaner: &Cleaner) {
    rayon::join(
        || {
            zhdoc::Lexicon::global();
        },
        || {
            cleaner.clean_str("一、结合实际，开展“创争”活动。");
        },
    );
}

/// Whether `output` exists and is newer than the input.
fn up_to_date(input: &fs::Metadata, output: &Path) -> bool {
    let modified = |m: &fs::Metadata| m.modified().unwrap_or(SystemTime::UNIX_EPOCH);
    fs::metadata(output).is_ok_and(|out| modified(&out) >= modified(input))
}

/// A failure whose message does not name the input yet.
pub struct Unnamed {
    cause: Cause,
    message: String,
}

impl Unnamed {
    /// A failure of some input.
    pub fn new(cause: Cause, message: impl Into<String>) -> Unnamed {
        Unnamed {
            cause,
            message: message.into(),
        }
    }

    /// The failure of `name`.
    pub fn named(self, name: &str) -> Failure {
        Failure::new(name, self.cause, format!("{name}: {}", self.message))
    }
}

/// Reads a file, refusing one larger than the limit or not a regular file.
fn read(path: &Path, meta: &fs::Metadata, limits: Limits) -> Result<Vec<u8>, Unnamed> {
    if !meta.is_file() {
        let what = if meta.is_dir() {
            "is a directory".to_owned()
        } else {
            format!("not a regular file ({})", special_kind(&meta.file_type()))
        };
        return Err(Unnamed {
            cause: Cause::Unreadable,
            message: format!("cannot read: {what}"),
        });
    }
    if meta.len() > limits.max_bytes {
        return Err(too_large(meta.len(), limits));
    }
    // A file that grows while it is read is read up to one byte past the limit.
    let mut bytes = Vec::new();
    fs::File::open(path)
        .and_then(|f| {
            f.take(limits.max_bytes.saturating_add(1))
                .read_to_end(&mut bytes)
        })
        .map_err(|e| Unnamed {
            cause: Cause::Unreadable,
            message: format!("cannot read: {e}"),
        })?;
    check_size(bytes.len() as u64, limits)?;
    Ok(bytes)
}

/// Refuses too large inputs. (An empty input is cleaned like any other, into
/// an empty output, with a warning: the same in every mode.)
pub fn check_size(len: u64, limits: Limits) -> Result<(), Unnamed> {
    if len > limits.max_bytes {
        return Err(too_large(len, limits));
    }
    Ok(())
}

/// The failure of an input of `len` bytes, over the limit.
pub fn too_large(len: u64, limits: Limits) -> Unnamed {
    Unnamed {
        cause: Cause::TooLarge,
        message: format!(
            "too large: {len} bytes, more than --max-bytes {}",
            limits.max_bytes
        ),
    }
}

/// Decodes as the cleaner does; errors keep their cause.
pub fn decode(bytes: Vec<u8>, options: &DecodeOptions) -> Result<zhdoc::Decoded, Unnamed> {
    zhdoc::decode_vec(bytes, options).map_err(|e| Unnamed {
        cause: Cause::of(&e),
        message: e.to_string(),
    })
}

/// The lines of a `--boilerplate-from` file: the `learned_boilerplate` of a run's
/// summary JSON, or one line each.
pub fn boilerplate_from(path: &Path) -> Result<Vec<String>, zhdoc::Error> {
    let text = fs::read_to_string(path).map_err(|e| zhdoc::Error::from(e).with_path(path))?;
    #[derive(serde::Deserialize)]
    struct Learned {
        learned_boilerplate: Vec<LearnedText>,
    }
    #[derive(serde::Deserialize)]
    struct LearnedText {
        text: String,
    }
    if let Ok(summary) = serde_json::from_str::<Learned>(&text) {
        return Ok(summary
            .learned_boilerplate
            .into_iter()
            .map(|l| l.text)
            .collect());
    }
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect())
}

/// A learner that has read `texts` as `--learn-boilerplate` reads a batch: each
/// normalised as the boilerplate pass will see it.
pub fn learn_texts(texts: &[(String, &'static str)], limits: Limits) -> BoilerplateLearner {
    let normalize = Cleaner::builder()
        .boilerplate(false)
        .reflow(false)
        .correct(false)
        .structure(false)
        .quantities(false)
        .build();
    texts
        .par_iter()
        .fold(BoilerplateLearner::new, |mut learner, (text, encoding)| {
            for piece in normalize.clean_pieces(text, encoding, limits.chunk_bytes) {
                learner.observe(piece.text());
            }
            learner
        })
        .reduce(BoilerplateLearner::new, |mut a, b| {
            a.merge(b);
            a
        })
}

/// The first pass of `--learn-boilerplate`: every readable input, normalised as
/// the boilerplate pass will see it, counted by a learner per thread.
fn learn(jobs: &[Job], limits: Limits, decode_options: &DecodeOptions) -> BoilerplateLearner {
    let normalize = Cleaner::builder()
        .boilerplate(false)
        .reflow(false)
        .correct(false)
        .build();
    jobs.par_iter()
        .fold(BoilerplateLearner::new, |mut learner, job| {
            let text = fs::metadata(&job.input)
                .ok()
                .and_then(|meta| read(&job.input, &meta, limits).ok())
                .and_then(|bytes| decode(bytes, decode_options).ok());
            if let Some(text) = text {
                for piece in normalize.clean_pieces(&text.text, text.encoding, limits.chunk_bytes) {
                    learner.observe(piece.text());
                }
            }
            learner
        })
        .reduce(BoilerplateLearner::new, |mut a, b| {
            a.merge(b);
            a
        })
}

/// The progress bar on a terminal, per-input lines when verbose, failures always.
struct Show {
    bar: Option<ProgressBar>,
    verbose: bool,
}

impl Show {
    fn new(args: &BatchArgs, len: u64) -> Show {
        let bar = (!args.quiet && io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::new(len);
            let style = ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} files (eta {eta}) {msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar());
            bar.set_style(style);
            bar
        });
        Show {
            bar,
            verbose: args.verbose,
        }
    }

    fn println(&self, line: &str) {
        match &self.bar {
            Some(bar) => bar.suspend(|| crate::complain(&line)),
            None => crate::complain(&line),
        }
    }

    fn message(&self, message: &'static str) {
        if let Some(bar) = &self.bar {
            bar.set_message(message);
        }
    }

    fn done(&self, input: &Path, what: &str) {
        if self.verbose {
            self.println(&format!("{}: {what}", crate::shown(input)));
        }
    }

    fn fail(&self, message: &str) {
        self.println(message);
    }

    fn inc(&self) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
