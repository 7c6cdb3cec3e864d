//! `src/correct/confusions.tsv`: the channel of the OCR corrector: for each (observed, intended)
//! pair, the raw evidence that an engine prints `observed` where the page says `intended`.
//!
//! Sources: the aligned dev corpus (`corpus.rs`), glyph similarity over Debian's CJK fonts
//! (`glyph.rs`), pycorrector's same-stroke groups and char_similar's shape features
//! (`published.rs`), and the candidate characters of 通用规范汉字表 (Unihan `kTGH`).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write;
use std::io::Read;
use std::path::Path;

use rayon::prelude::*;

use crate::Output;
use crate::corpus::{self, Corpus};
use crate::glyph::{self, Images};
use crate::normalize::UCD;
use crate::published::Published;

/// Glyph candidates kept per intended character: single characters, and split forms (two
/// glyphs for one).
const TOP_SINGLE: usize = 10;
const TOP_SPLIT: usize = 2;
/// A glyph candidate below this similarity is not kept (rare characters have no look-alike):
/// about the 99th percentile of random pairs (`XTASK_GLYPH_REPORT=1` prints it). Split forms
/// need more: two glyphs squeezed into a cell resemble many ideographs a little.
const MIN_GLYPH: f32 = 0.65;
const MIN_SPLIT: f32 = 0.8;
/// A split seen in the corpus whose pieces are both common characters is kept as a split only
/// if the pair looks this much like the intended character (白勺 for 的 does, 和后 for 生 not).
const MIN_SPLIT_SEEN: f32 = 0.5;
/// Candidates scored exactly per intended character, after the prefilter.
const PREFILTER: usize = 200;
/// The fit whose similarity is the `glyph` column (see `glyph::Fit`; chosen with the report that
/// `XTASK_GLYPH_REPORT=1` prints).
const FIT: glyph::Fit = glyph::Fit::WidthCentred;

/// Rare look-alikes that real OCR emits but the common-character list lacks: Japanese and
/// traditional forms and rare ideographs.
const RARE: &str = "屮冇冋亊査貝巿釆吋対別髙";
/// Specks and marks that OCR splits off an ideograph and prints beside its rest.
const SPECKS: &str = "•·-.,:'";

/// One of Debian's compressed Unihan files, as text.
fn unihan(file: &str) -> Result<String, String> {
    let path = Path::new(UCD).join(file);
    let file = std::fs::File::open(&path).map_err(|e| {
        format!(
            "cannot read {}: {e} (apt-get install -y unicode-data)",
            path.display()
        )
    })?;
    let mut text = String::new();
    bzip2::read::BzDecoder::new(file)
        .read_to_string(&mut text)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(text)
}

/// The `(code point, value)` of each line of a Unihan file with the field `key`.
fn unihan_field<'a>(text: &'a str, key: &'a str) -> impl Iterator<Item = (char, &'a str)> + 'a {
    text.lines().filter_map(move |l| {
        let mut f = l.split('\t');
        let cp = f.next()?.strip_prefix("U+")?;
        if f.next()? != key {
            return None;
        }
        Some((
            char::from_u32(u32::from_str_radix(cp, 16).ok()?)?,
            f.next()?,
        ))
    })
}

fn tgh_chars() -> Result<Vec<char>, String> {
    let text = unihan("Unihan_OtherMappings.txt.bz2")?;
    let mut chars: Vec<char> = unihan_field(&text, "kTGH").map(|(c, _)| c).collect();
    chars.sort_unstable();
    chars.dedup();
    Ok(chars)
}

/// Unihan's total stroke count of each character (the first value: the count in China).
fn total_strokes() -> Result<HashMap<char, u32>, String> {
    let text = unihan("Unihan_IRGSources.txt.bz2")?;
    Ok(unihan_field(&text, "kTotalStrokes")
        .filter_map(|(c, v)| Some((c, v.split(' ').next()?.parse().ok()?)))
        .collect())
}

fn is_ideograph(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}

/// Latin letters, digits and symbols, katakana, and the marks OCR reads for strokes.
fn cross_script() -> Vec<char> {
    // Not '#': a row may not start with the comment mark.
    let mut v: Vec<char> = ('!'..='~').filter(|&c| c != '#').collect();
    v.extend('\u{30A1}'..='\u{30FA}');
    v.extend("ー—–•·○〇□「」《》〈〉【】、。…".chars());
    v
}

#[derive(Default)]
struct Row {
    glyph: f32,
    rank: Option<usize>,
    corpus: [u32; 3],
    /// The observed character is the intended one with a stroke lost.
    stroke_loss: bool,
}

/// The known OCR confusions of the issue (observed, intended), for the report of how each fit
/// ranks them; not used to build the table.
const KNOWN: &[(&str, &str)] = &[
    ("屮", "中"),
    ("冇", "有"),
    ("己", "已"),
    ("休", "体"),
    ("纽", "组"),
    ("索", "素"),
    ("慕", "基"),
    ("木", "本"),
    ("白", "自"),
    ("対", "对"),
    ("未", "末"),
    ("士", "土"),
    ("日", "曰"),
    ("入", "人"),
    ("八", "人"),
    ("干", "千"),
    ("于", "千"),
    ("卜", "下"),
    ("T", "工"),
    ("I", "十"),
    ("力", "万"),
    ("少", "与"),
    ("朋", "座"),
    ("耍", "要"),
    ("O", "0"),
    ("l", "1"),
    ("ロ", "口"),
    ("カ", "力"),
    ("エ", "工"),
    ("ー", "一"),
    ("纟R", "组"),
    ("卜-", "下"),
    ("貝•", "具"),
    ("I•", "十"),
    ("()", "0"),
];

fn report_fits(
    items: &[String],
    imgs: &[Images],
    index: &HashMap<&str, usize>,
    fits: &[glyph::Fit],
) {
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    let mut rnd = |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    for (f, fit) in fits.iter().enumerate() {
        let mut random: Vec<f32> = (0..20000)
            .map(|_| glyph::similarity(&imgs[rnd(items.len())], &imgs[rnd(items.len())], f))
            .collect();
        random.sort_by(f32::total_cmp);
        let mut line = String::new();
        let (mut top10, mut ranks) = (0, Vec::new());
        for (o, i) in KNOWN {
            let (Some(&oi), Some(&ii)) = (index.get(o), index.get(i)) else {
                continue;
            };
            let s = glyph::similarity(&imgs[oi], &imgs[ii], f);
            let rank = 1
                + (0..items.len())
                    .filter(|&k| {
                        k != ii && k != oi && glyph::similarity(&imgs[k], &imgs[ii], f) > s
                    })
                    .count();
            top10 += usize::from(rank <= 10);
            ranks.push(rank);
            let _ = write!(line, " {o}→{i} {s:.3} #{rank};");
        }
        ranks.sort_unstable();
        eprintln!(
            "fit {fit:?}: random pairs median {:.3} p99 {:.3}; known pairs in top 10: {top10}/{}, median rank {}\n {line}",
            random[random.len() / 2],
            random[random.len() * 99 / 100],
            ranks.len(),
            ranks[ranks.len() / 2]
        );
    }
}

/// `cargo xtask sim A B …`: the `glyph` value of each pair, and per font.
pub(crate) fn print_similarities(args: &[String]) -> Result<(), String> {
    if args.is_empty() || args.len() % 2 != 0 {
        return Err("sim takes pairs of strings: cargo xtask sim 己 已 T 工".into());
    }
    let fonts = glyph::load_fonts()?;
    for pair in args.chunks(2) {
        let (a, b) = (
            glyph::images(&fonts, &pair[0], &[FIT]),
            glyph::images(&fonts, &pair[1], &[FIT]),
        );
        let per_font: Vec<String> = fonts
            .iter()
            .zip(a.iter().zip(&b))
            .map(|(f, (x, y))| match (x, y) {
                (Some(x), Some(y)) => {
                    format!("{} {:.3}", f.spec.family, glyph::dot(&x[0], &y[0]).max(0.0))
                }
                _ => format!("{} -", f.spec.family),
            })
            .collect();
        println!(
            "{}\t{}\t{:.3}\t({})",
            pair[0],
            pair[1],
            glyph::similarity(&a, &b, 0),
            per_font.join(", ")
        );
    }
    Ok(())
}

pub(crate) fn generate(root: &Path) -> Result<Vec<Output>, String> {
    let t0 = std::time::Instant::now();
    let lap = |what: &str| {
        let rss = std::fs::read_to_string("/proc/self/statm")
            .ok()
            .and_then(|m| m.split_whitespace().nth(1)?.parse::<u64>().ok())
            .unwrap_or(0)
            * 4
            / 1024;
        eprintln!("  {what}: {:.1} s, {rss} MB", t0.elapsed().as_secs_f64())
    };
    let fonts = glyph::load_fonts()?;
    let corpus = corpus::load(root)?;
    let published = Published::load(root)?;
    let tgh = tgh_chars()?;
    lap("sources");

    // Intended candidates: single characters. Observed candidates: these, plus split forms.
    let mut singles: BTreeSet<String> = tgh.iter().map(|c| c.to_string()).collect();
    singles.extend(RARE.chars().map(String::from));
    singles.extend(
        published
            .radicals()
            .into_iter()
            .filter(|&c| is_ideograph(c) || ('\u{2E80}'..='\u{2FDF}').contains(&c))
            .map(String::from),
    );
    singles.extend(cross_script().into_iter().map(String::from));
    // Intended: what correct text is written in (the common characters, ASCII letters and
    // digits, and what the gold has where the corpus shows a confusion).
    let mut intended: BTreeSet<String> = tgh.iter().map(|c| c.to_string()).collect();
    intended.extend(
        ('0'..='9')
            .chain('A'..='Z')
            .chain('a'..='z')
            .map(String::from),
    );
    let mut splits: BTreeSet<String> = BTreeSet::new();
    for (o, i) in corpus.pairs.keys() {
        if i.chars().count() == 1 {
            intended.insert(i.clone());
        }
        for s in [o, i] {
            match s.chars().count() {
                1 => {
                    singles.insert(s.clone());
                }
                2 if s == o => {
                    splits.insert(s.clone());
                }
                _ => {}
            }
        }
    }
    let lefts: Vec<char> = published
        .radicals()
        .into_iter()
        .chain(RARE.chars())
        .chain(('0'..='9').chain('A'..='Z').chain('a'..='z'))
        .collect();
    let rights: Vec<char> = ('0'..='9')
        .chain('A'..='Z')
        .chain('a'..='z')
        .chain(SPECKS.chars())
        .collect();
    for &l in &lefts {
        for &r in &rights {
            splits.insert(format!("{l}{r}"));
        }
    }
    let items: Vec<String> = singles
        .iter()
        .cloned()
        .chain(splits.iter().cloned())
        .collect();
    lap("items");
    let report = std::env::var_os("XTASK_GLYPH_REPORT").is_some();
    // With the report every fit is rendered, the chosen one first; else only that one.
    let fits: Vec<glyph::Fit> = std::iter::once(FIT)
        .chain(glyph::FITS.into_iter().filter(|&f| report && f != FIT))
        .collect();
    let imgs: Vec<Images> = items
        .par_iter()
        .map(|s| glyph::images(&fonts, s, &fits))
        .collect();
    lap("render");
    // Drop what no font draws.
    let (items, imgs): (Vec<String>, Vec<Images>) = items
        .into_iter()
        .zip(imgs)
        .filter(|(_, im)| im.iter().any(Option::is_some))
        .unzip();
    let index: HashMap<&str, usize> = items
        .iter()
        .enumerate()
        .map(|(k, s)| (s.as_str(), k))
        .collect();
    let targets: Vec<usize> = (0..items.len())
        .filter(|&k| intended.contains(&items[k]))
        .collect();
    if report {
        report_fits(&items, &imgs, &index, &fits);
    }

    // Prefilter by 16×16 signatures, then the exact similarity of the best few.
    let sigs: Vec<Vec<f32>> = imgs.par_iter().map(|i| glyph::signature(i, 0)).collect();
    let candidates: Vec<Vec<(usize, f32)>> = targets
        .par_iter()
        .map(|&t| {
            let mut near: Vec<(usize, f32)> = (0..items.len())
                .filter(|&k| k != t)
                .map(|k| (k, glyph::dot(&sigs[t], &sigs[k])))
                .collect();
            let cut = PREFILTER.min(near.len());
            near.select_nth_unstable_by(cut.saturating_sub(1), |a, b| {
                b.1.total_cmp(&a.1).then(a.0.cmp(&b.0))
            });
            near.truncate(cut);
            let mut exact: Vec<(usize, f32)> = near
                .into_iter()
                .map(|(k, _)| (k, glyph::similarity(&imgs[k], &imgs[t], 0)))
                .collect();
            exact.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            // The collect above reused the prefilter's allocation (a row per item): give it back.
            exact.shrink_to_fit();
            exact
        })
        .collect();

    lap("candidates");
    let mut rows: BTreeMap<(String, String), Row> = BTreeMap::new();
    for (&t, cands) in targets.iter().zip(&candidates) {
        let (mut singles_kept, mut splits_kept) = (0, 0);
        for (rank, &(k, s)) in cands.iter().enumerate() {
            let is_split = items[k].chars().count() > 1;
            // A split form that holds the intended character is a speck beside it, not a confusion.
            if is_split && items[k].contains(items[t].as_str()) || items[k].starts_with('#') {
                continue;
            }
            let kept = if is_split {
                &mut splits_kept
            } else {
                &mut singles_kept
            };
            let (min, top) = if is_split {
                (MIN_SPLIT, TOP_SPLIT)
            } else {
                (MIN_GLYPH, TOP_SINGLE)
            };
            if s < min || *kept >= top {
                continue;
            }
            *kept += 1;
            let row = rows
                .entry((items[k].clone(), items[t].clone()))
                .or_default();
            row.glyph = s;
            row.rank = Some(rank + 1);
        }
    }
    let rank_of = |o: usize, t: usize| {
        let slot = targets.binary_search(&t).ok()?;
        candidates[slot]
            .iter()
            .position(|&(k, _)| k == o)
            .map(|r| r + 1)
    };
    let new_row = |o: &str, i: &str| {
        let (oi, ii) = (index.get(o), index.get(i));
        let glyph = match (oi, ii) {
            (Some(&a), Some(&b)) => glyph::similarity(&imgs[a], &imgs[b], 0),
            _ => 0.0,
        };
        Row {
            glyph,
            rank: oi.zip(ii).and_then(|(&a, &b)| rank_of(a, b)),
            ..Row::default()
        }
    };
    // The aligner takes a substitution beside an inserted character for a split (和后 for 生:
    // Tesseract's stray 和). A split of two common characters that together do not look like the
    // intended one is counted as that: the substitution of the piece more like it.
    let tgh_set: BTreeSet<char> = tgh.iter().copied().collect();
    let pair_glyph = |o: &str, i: &str| match (index.get(o), index.get(i)) {
        (Some(&a), Some(&b)) => glyph::similarity(&imgs[a], &imgs[b], 0),
        _ => 0.0,
    };
    let mut corpus_pairs: BTreeMap<(String, String), [u32; 3]> = BTreeMap::new();
    let mut reattributed = 0;
    for ((o, i), c) in &corpus.pairs {
        let pieces: Vec<String> = o.chars().map(String::from).collect();
        let common = pieces.len() == 2 && o.chars().all(|p| tgh_set.contains(&p));
        let key = if common && i.chars().count() == 1 && pair_glyph(o, i) < MIN_SPLIT_SEEN {
            reattributed += 1;
            let best = pieces
                .iter()
                .max_by(|a, b| pair_glyph(a, i).total_cmp(&pair_glyph(b, i)))
                .expect("two pieces");
            (best.clone(), i.clone())
        } else {
            (o.clone(), i.clone())
        };
        let e = corpus_pairs.entry(key).or_insert([0; 3]);
        for (x, y) in e.iter_mut().zip(c) {
            *x += y;
        }
    }
    let evidence = corpus_pairs
        .iter()
        .map(|((o, i), c)| (o.clone(), i.clone(), *c))
        .chain(
            published
                .stroke_group_pairs()
                .into_iter()
                .map(|(a, b)| (a.to_string(), b.to_string(), [0; 3])),
        );
    for (o, i, counts) in evidence {
        if o == i || o.is_empty() || i.is_empty() || o.starts_with('#') {
            continue;
        }
        let row = rows
            .entry((o.clone(), i.clone()))
            .or_insert_with(|| new_row(&o, &i));
        for (r, c) in row.corpus.iter_mut().zip(counts) {
            *r += c;
        }
    }
    lap(&format!(
        "{reattributed} corpus splits of two common characters counted as substitutions"
    ));
    // A stroke lost (卜 for 下): glyph similarity misses these, as the lost stroke moves the
    // rest's ink. One rate for the class, from the corpus: its substitutions per occurrence of
    // the intended characters, over the class pairs the glyph candidates do not hold.
    let strokes = total_strokes()?;
    let (mut seen, mut exposure, mut pairs) = (0u32, 0u32, 0usize);
    for (o, i) in published.stroke_losses(&strokes) {
        if !tgh_set.contains(&i) {
            continue;
        }
        let (o, i) = (o.to_string(), i.to_string());
        let row = rows
            .entry((o.clone(), i.clone()))
            .or_insert_with(|| new_row(&o, &i));
        row.stroke_loss = true;
        if row.glyph < MIN_GLYPH || row.rank.is_none() {
            pairs += 1;
            seen += row.corpus[0] + row.corpus[1];
            exposure += corpus.occurrences(&i.chars().collect::<Vec<_>>());
        }
    }
    let stroke_loss = StrokeLoss {
        pairs,
        seen,
        exposure,
    };
    lap(&format!(
        "stroke losses: {seen} seen in {exposure} occurrences over {pairs} pairs"
    ));
    Ok(vec![Output {
        path: "src/correct/confusions.tsv",
        bytes: render(&rows, &fonts, &corpus, &published, tgh.len(), &stroke_loss).into_bytes(),
    }])
}

fn single(s: &str) -> Option<char> {
    let mut it = s.chars();
    let c = it.next()?;
    it.next().is_none().then_some(c)
}

/// The corpus' evidence for the stroke-loss class: its pairs that glyph similarity does not
/// find, the substitutions seen among them, and the occurrences of their intended characters.
struct StrokeLoss {
    pairs: usize,
    seen: u32,
    exposure: u32,
}

impl StrokeLoss {
    /// `ln` of the class' substitution rate (`-` when the corpus saw none).
    fn log_rate(&self) -> String {
        if self.seen == 0 {
            return "-".into();
        }
        format!(
            "{:.2}",
            (f64::from(self.seen) / f64::from(self.exposure)).ln()
        )
    }
}

fn render(
    rows: &BTreeMap<(String, String), Row>,
    fonts: &[glyph::LoadedFont],
    corpus: &Corpus,
    published: &Published,
    n_tgh: usize,
    stroke_loss: &StrokeLoss,
) -> String {
    let mut out = String::new();
    let h = &mut out;
    let _ = writeln!(
        h,
        "# DO NOT EDIT: generated by `cargo xtask gen` (xtask/src/confusions.rs). Regenerate with"
    );
    if let Ok(out) = std::env::var("XTASK_HOLD_OUT") {
        let _ = writeln!(
            h,
            "# HELD OUT: the corpus' documents whose names hold {out:?}. An experiment's table: do not check in."
        );
    }
    let _ = writeln!(h, "#     cargo run --release -p xtask -- gen confusions");
    let _ = writeln!(
        h,
        "# and check with `cargo xtask check` (needs the fonts below and Debian's unicode-data)."
    );
    let _ = writeln!(h, "#");
    let _ = writeln!(
        h,
        "# OCR confusions: one row per (observed, intended) pair, the evidence that an OCR engine prints"
    );
    let _ = writeln!(
        h,
        "# `observed` where the page says `intended`. Both sides are NFKC-normalised (full-width forms"
    );
    let _ = writeln!(
        h,
        "# are their ASCII ones). Rows: for each intended character its {TOP_SINGLE} most similar single glyphs"
    );
    let _ = writeln!(
        h,
        "# with glyph >= {MIN_GLYPH} and {TOP_SPLIT} most similar split forms (two glyphs in one cell) with glyph"
    );
    let _ = writeln!(
        h,
        "# >= {MIN_SPLIT}; every pair seen in the corpus; every pair of a pycorrector same-stroke group;"
    );
    let _ = writeln!(
        h,
        "# every pair whose observed character is the intended one with a stroke lost (char_similar's\n\
#   decomposition into it and a one-stroke component, Unihan kTotalStrokes one more)."
    );
    let _ = writeln!(h, "# Sorted by intended, then observed (code point order).");
    let _ = writeln!(h, "#");
    let _ = writeln!(h, "# Sources and licences:");
    let _ = writeln!(
        h,
        "# - candidates: the {n_tgh} characters of 通用规范汉字表 (Unihan kTGH, Unihan_OtherMappings.txt of Debian's"
    );
    let _ = writeln!(
        h,
        "#   unicode-data; Unicode License v3), char_similar's radicals, rare look-alikes ({RARE}),"
    );
    let _ = writeln!(
        h,
        "#   ASCII, katakana and marks, every string of the corpus pairs, and split forms (radical, rare"
    );
    let _ = writeln!(
        h,
        "#   character, letter or digit followed by a letter, digit or one of {SPECKS})."
    );
    let _ = writeln!(
        h,
        "# - corpus: fixtures/dev/ of this repository (OCR of rendered scans of public-domain government"
    );
    let _ = writeln!(
        h,
        "#   work reports, and the seed), each text aligned with its gold; site copies of a plain file and\n\
#   texts of no known engine with fewer than 1 in 1000 characters replaced ({} here) skipped;",
        corpus.clean
    );
    let _ = writeln!(
        h,
        "#   substitutions counted where most neighbours match; a 2->1 split of two common characters\n\
#   whose pair glyph < {MIN_SPLIT_SEEN} counted as the substitution of the more alike piece (the other was inserted);"
    );
    let _ = writeln!(
        h,
        "#   documents/gold characters: tesseract {}/{}, rapidocr {}/{}, other {}/{}.",
        corpus.docs[0],
        corpus.chars[0],
        corpus.docs[1],
        corpus.chars[1],
        corpus.docs[2],
        corpus.chars[2]
    );
    let _ = writeln!(
        h,
        "# - pycorrector (github.com/shibing624/pycorrector, Apache-2.0): same-stroke groups;"
    );
    let _ = writeln!(
        h,
        "#   char_similar (github.com/yongzhuo/char-similar, Apache-2.0): four-corner codes, radicals,"
    );
    let _ = writeln!(
        h,
        "#   structures, decompositions. Copies with LICENSE and SOURCE in xtask/data/."
    );
    let _ = writeln!(h, "# - fonts (glyph similarity):");
    for f in fonts {
        let _ = writeln!(
            h,
            "#   {} ({}, Debian package {}), {}",
            f.spec.family, f.spec.path, f.spec.package, f.version
        );
    }
    let _ = writeln!(h, "#");
    let _ = writeln!(h, "# Columns:");
    let _ = writeln!(
        h,
        "#   observed, intended  the strings: one or two characters (intended two only for a merge seen in\n\
#               the corpus); no row starts with '#'"
    );
    let _ = writeln!(
        h,
        "#   glyph       visual similarity 0-1, the best over the fonts: cosine of blurred {n}x{n} grey images",
        n = glyph::N
    );
    let _ = writeln!(
        h,
        "#               in the em box, narrow ink stretched sideways (at most 2.5x) to an ideograph's width,"
    );
    let _ = writeln!(
        h,
        "#               mean subtracted (a correlation, floored at 0; random pairs: median ~0.31, 99% < ~0.65)"
    );
    let _ = writeln!(
        h,
        "#   glyph_rank  rank of observed among all candidates by glyph for this intended (1 = most alike;"
    );
    let _ = writeln!(
        h,
        "#               - = not among the {PREFILTER} prefiltered)"
    );
    let _ = writeln!(
        h,
        "#   corpus_tesseract, corpus_rapidocr, corpus_other  times the substitution was seen in the aligned"
    );
    let _ = writeln!(
        h,
        "#               corpus per engine (other: the seed's unknown engine)"
    );
    let _ = writeln!(
        h,
        "#   corpus_total  occurrences of intended in the aligned gold texts (the rate's denominator)"
    );
    let _ = writeln!(
        h,
        "#   stroke      1 if pycorrector's same-stroke groups put the two together"
    );
    let _ = writeln!(
        h,
        "#   shape       char_similar agreement 0-1 (mean of four-corner digits, radical, structure,"
    );
    let _ = writeln!(
        h,
        "#               decomposition overlap); - if either lacks the features"
    );
    let _ = writeln!(
        h,
        "#   stroke_loss ln of the stroke-loss class' rate, on the class' rows (- elsewhere): the\n\
#               corpus' tesseract and rapidocr substitutions per occurrence of the intended\n\
#               character over the class pairs glyph similarity does not find ({} seen in {}\n\
#               occurrences over {} pairs)",
        stroke_loss.seen, stroke_loss.exposure, stroke_loss.pairs
    );
    let _ = writeln!(
        h,
        "observed\tintended\tglyph\tglyph_rank\tcorpus_tesseract\tcorpus_rapidocr\tcorpus_other\tcorpus_total\tstroke\tshape\tstroke_loss"
    );
    let class_rate = stroke_loss.log_rate();
    let mut sorted: Vec<(&(String, String), &Row)> = rows.iter().collect();
    sorted.sort_by(|a, b| (&a.0.1, &a.0.0).cmp(&(&b.0.1, &b.0.0)));
    let mut totals: HashMap<&str, u32> = HashMap::new();
    for ((o, i), row) in sorted {
        let total = *totals
            .entry(i)
            .or_insert_with(|| corpus.occurrences(&i.chars().collect::<Vec<_>>()));
        let rank = row.rank.map_or("-".to_string(), |r| r.to_string());
        let (so, si) = (single(o), single(i));
        let stroke = so.zip(si).is_some_and(|(a, b)| published.same_stroke(a, b));
        let shape = so
            .zip(si)
            .and_then(|(a, b)| published.shape(a, b))
            .map_or("-".to_string(), |s| format!("{s:.2}"));
        let loss = if row.stroke_loss { &class_rate } else { "-" };
        let _ = writeln!(
            out,
            "{o}\t{i}\t{:.3}\t{rank}\t{}\t{}\t{}\t{total}\t{}\t{shape}\t{loss}",
            row.glyph,
            row.corpus[0],
            row.corpus[1],
            row.corpus[2],
            u8::from(stroke)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::published::Published;

    #[test]
    #[ignore = "needs Debian's unicode-data (Unihan); .ci/run installs it and runs this with --include-ignored"]
    fn stroke_losses_are_a_stroke_short() {
        let published = Published::load(&crate::repo_root()).expect("xtask/data is present");
        let strokes =
            super::total_strokes().expect("the UCD is installed (apt-get install -y unicode-data)");
        let pairs = published.stroke_losses(&strokes);
        for want in [('卜', '下'), ('白', '百'), ('小', '少'), ('二', '三')] {
            assert!(pairs.contains(&want), "{want:?}");
        }
        // The decomposition writes the 扌 of 扎 as 手, which has as many strokes as 扎.
        assert!(!pairs.contains(&('手', '扎')));
        assert!(pairs.iter().all(|&(o, i)| strokes[&o] + 1 == strokes[&i]));
    }
}
