//! Substitutions counted in the dev corpus (`fixtures/dev/`): each OCR text aligned with its gold
//! at the character level, per engine.

use std::collections::BTreeMap;
use std::path::Path;

use unicode_normalization::UnicodeNormalization;

use crate::align::{Op, align};

/// The engines with a column of their own; anything else (the seed's unknown site OCR) is `other`.
pub(crate) const ENGINES: [&str; 3] = ["tesseract", "rapidocr", "other"];

/// What the corpus says.
pub(crate) struct Corpus {
    /// (observed, intended) → count per engine (in `ENGINES` order).
    pub(crate) pairs: BTreeMap<(String, String), [u32; 3]>,
    /// The normalised gold texts that were aligned (for occurrence counts of the intended side).
    pub(crate) golds: Vec<Vec<char>>,
    /// Documents and gold characters per engine, for the header.
    pub(crate) docs: [usize; 3],
    pub(crate) chars: [usize; 3],
    pub(crate) unaligned: usize,
    /// Documents left out as clean (fewer than 1 in 1000 gold characters replaced).
    pub(crate) clean: usize,
}

impl Corpus {
    /// How often `s` occurs in the gold texts.
    pub(crate) fn occurrences(&self, s: &[char]) -> u32 {
        if s.is_empty() {
            return 0;
        }
        let n = self
            .golds
            .iter()
            .map(|g| g.windows(s.len()).filter(|w| *w == s).count())
            .sum::<usize>();
        n as u32
    }
}

/// NFKC, white space dropped: what both sides are compared as.
pub(crate) fn normalise(s: &str) -> Vec<char> {
    s.nfkc().filter(|c| !c.is_whitespace()).collect()
}

fn engine_of(name: &str, meta: Option<&serde_json::Value>) -> usize {
    let from_meta = meta
        .and_then(|m| m.get("engine"))
        .and_then(|e| e.as_str())
        .unwrap_or("");
    ENGINES[..2]
        .iter()
        .position(|e| {
            from_meta.eq_ignore_ascii_case(e) || (from_meta.is_empty() && name.contains(e))
        })
        .unwrap_or(2)
}

/// A non-match op counts when most of the ops around it are matches: it then sits in text that
/// aligned, not in boilerplate or a garbled stretch.
const WINDOW: usize = 4;

/// The OCR text `NAME.txt` and the gold text of `NAME.gold.json` in `dir`, both normalised, and
/// the gold file as read.
pub(crate) fn read_pair(
    dir: &Path,
    name: &str,
) -> Result<(Vec<char>, Vec<char>, serde_json::Value), String> {
    let read = |p: &Path| {
        std::fs::read_to_string(p).map_err(|e| format!("cannot read {}: {e}", p.display()))
    };
    let gold_json: serde_json::Value =
        serde_json::from_str(&read(&dir.join(format!("{name}.gold.json")))?)
            .map_err(|e| format!("{name}.gold.json: {e}"))?;
    let gold = normalise(
        gold_json
            .get("text")
            .and_then(|t| t.as_str())
            .ok_or(format!("{name}.gold.json: no text"))?,
    );
    let obs = normalise(&read(&dir.join(format!("{name}.txt")))?);
    Ok((obs, gold, gold_json))
}

pub(crate) fn load(root: &Path) -> Result<Corpus, String> {
    let dir = root.join("fixtures/dev");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|n| n.strip_suffix(".gold.json").map(str::to_string))
        .collect();
    names.sort();
    // `XTASK_HOLD_OUT=wqy`: leave out the documents whose names hold it (a table to measure the
    // corrector on documents its channel never saw; never one to check in).
    if let Some(out) = std::env::var("XTASK_HOLD_OUT")
        .ok()
        .filter(|s| !s.is_empty())
    {
        names.retain(|n| !n.contains(&out));
    }
    let mut corpus = Corpus {
        pairs: BTreeMap::new(),
        golds: Vec::new(),
        docs: [0; 3],
        chars: [0; 3],
        unaligned: 0,
        clean: 0,
    };
    for name in &names {
        // A site copy of a plain file holds the same OCR text: count it once.
        if let Some(plain) = name.strip_suffix("-tiantian") {
            if names.iter().any(|n| n == plain) {
                continue;
            }
        }
        let (obs, gold, gold_json) = read_pair(&dir, name)?;
        let engine = engine_of(name, gold_json.get("meta"));
        let (ops, unaligned) = align(&obs, &gold);
        corpus.unaligned += unaligned;
        let matched: Vec<bool> = ops.iter().map(|op| op.is_match(&obs, &gold)).collect();
        // A text of no known engine that is its gold but for site dressing (the whole reports
        // of the site copies) is no OCR output: left out, so as not to swell the denominators.
        let changed = ops
            .iter()
            .zip(&matched)
            .filter(|(op, m)| !**m && !op.obs.is_empty() && !op.gold.is_empty())
            .count();
        if engine == 2 && changed * 1000 < gold.len() {
            corpus.clean += 1;
            continue;
        }
        for op in counted(&ops, &matched) {
            let o: String = obs[op.obs.clone()].iter().collect();
            let g: String = gold[op.gold.clone()].iter().collect();
            corpus.pairs.entry((o, g)).or_insert([0; 3])[engine] += 1;
        }
        corpus.docs[engine] += 1;
        corpus.chars[engine] += gold.len();
        corpus.golds.push(gold);
    }
    Ok(corpus)
}

/// The ops of an alignment that count as confusions: a stretch of one or two characters read
/// as one or two others (no insertion or deletion), where most of the ops around it are
/// matches, so that it sits in text that aligned, not in boilerplate or a garbled stretch.
/// `matched[k]` says whether `ops[k]` is an exact match.
pub(crate) fn counted<'a>(ops: &'a [Op], matched: &'a [bool]) -> impl Iterator<Item = &'a Op> + 'a {
    ops.iter().enumerate().filter_map(move |(k, op)| {
        if matched[k]
            || op.obs.is_empty()
            || op.gold.is_empty()
            || op.obs.len() > 2
            || op.gold.len() > 2
        {
            return None;
        }
        let around = matched[k.saturating_sub(WINDOW)..k]
            .iter()
            .chain(&matched[k + 1..(k + 1 + WINDOW).min(ops.len())]);
        let (good, all) = around.fold((0, 0), |(g, a), &m| (g + usize::from(m), a + 1));
        (all > 0 && good * 8 >= all * 5).then_some(op)
    })
}
