//! The character language model (`src/data/lm.bin`): an interpolated Kneser-Ney trigram model of
//! characters, marks included, estimated from running text of the project's domain.
//!
//! Text: the public-domain laws and regulations of `../shared/corpus/laws/` (Markdown marks
//! stripped; see `SOURCE.md` there) but those the corpus factory rendered (`fixtures/factory`,
//! whose pages so measure the model on text it never read), and the gold texts of the dev corpus's OCR excerpts
//! (`fixtures/dev`, one copy of each). Never the four whole reports of `fixtures/dev`
//! (`fixtures/heldout` is cut from them), the seed (its gold is the seed's test), or any other
//! government work report or party congress report: those are kept for measuring.
//!
//! The model: counts of characters, pairs and triples over paragraphs (a paragraph starts and
//! ends with `\n`); Kneser-Ney with one discount per order (Ney's estimate n1 / (n1 + 2 n2)); the
//! lower orders from continuation counts; triples seen fewer than `MIN_TRIPLE` times pruned, their
//! mass moved to the backoff weight of their pair (ARPA-style: `P(c|ab)` is the stored
//! probability when the triple is kept, else `backoff(ab) · P(c|b)`).
//!
//! The file (little-endian; read by `src/lm.rs`):
//! ```text
//! magic "ZHLM" u32 version
//! u32 V (characters), u32 B (pairs), u32 T (triples), f32 unknown ln P, f32 step
//! V × u32   the characters, in code-point order (id = index + 1; 0 is unknown)
//! V × (u8 ln P, u8 backoff)               unigrams
//! (V + 2) × u32                           pair offsets by first id (ids 0..=V)
//! B × (u16 second id, u8 ln P, u8 backoff) pairs, sorted by (first, second)
//! (B + 1) × u32                           triple offsets by pair index
//! T × (u16 third id, u8 ln P)             triples, sorted by (pair, third)
//! B × u8                                  each pair's likeliest triple's ln P (255: none)
//! ```
//! The last array is the least quantised value of each pair's triples, which the reader would
//! otherwise find at start-up by a scan of every triple (it bounds a look-up before its search).
//! A quantised value q stands for `-q · step` nats (`ln P`) and for `ln backoff = -q · step`.

use std::collections::HashMap;
use std::path::Path;

use crate::Output;

/// Triples seen fewer times than this are pruned.
const MIN_TRIPLE: u32 = 3;
/// Nats per quantisation step: 255 steps reach -25.5 nats.
const STEP: f32 = 0.1;

/// Law Markdown to running text, one paragraph a line: front matter, comments, `#` marks,
/// tables and emphasis go.
pub(crate) fn strip_markdown(md: &str) -> Vec<String> {
    let mut body = md;
    if let Some(rest) = body.strip_prefix("---\n") {
        if let Some(end) = rest.find("\n---\n") {
            body = &rest[end + 5..];
        }
    }
    if let Some((_, after)) = body.split_once("<!-- INFO END -->") {
        body = after;
    }
    let mut out = Vec::new();
    for line in body.lines() {
        let line = line
            .trim_start_matches('#')
            .replace("**", "")
            .replace('\u{3000}', " ");
        let line = line.trim();
        if line.is_empty()
            || line.starts_with('|')
            || line.starts_with("![")
            || line.starts_with("<!--")
        {
            continue;
        }
        out.push(line.to_string());
    }
    out
}

/// The law files (relative to the laws corpus) that fixtures/factory rendered,
/// from the `meta.source` of its gold files.
fn factory_sources(root: &Path) -> Result<std::collections::HashSet<String>, String> {
    let dir = root.join("fixtures/factory");
    let mut out = std::collections::HashSet::new();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Ok(out);
    };
    for e in entries {
        let p = e.map_err(|e| format!("{}: {e}", dir.display()))?.path();
        if !p.to_string_lossy().ends_with(".gold.json") {
            continue;
        }
        let text = std::fs::read_to_string(&p).map_err(|e| format!("{}: {e}", p.display()))?;
        let json: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", p.display()))?;
        if let Some(rel) = json["meta"]["source"]
            .as_str()
            .and_then(|s| s.strip_prefix("shared/corpus/laws/"))
        {
            out.insert(rel.to_string());
        }
    }
    Ok(out)
}

/// The paragraphs the model is estimated from: the laws', then the dev excerpts'.
fn paragraphs(root: &Path) -> Result<Vec<String>, String> {
    let mut out = law_paragraphs(root)?;
    out.extend(dev_paragraphs(root)?);
    Ok(out)
}

/// The paragraphs of the laws corpus but those the corpus factory rendered
/// (also the word-pair model's text, `xtask/src/words.rs`).
pub(crate) fn law_paragraphs(root: &Path) -> Result<Vec<String>, String> {
    let laws = root.join("../shared/corpus/laws");
    let mut files = Vec::new();
    let mut dirs = vec![laws.clone()];
    while let Some(d) = dirs.pop() {
        let entries = std::fs::read_dir(&d).map_err(|e| format!("{}: {e}", d.display()))?;
        for e in entries {
            let p = e.map_err(|e| format!("{}: {e}", d.display()))?.path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "md")
                && !p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('_'))
            {
                files.push(p);
            }
        }
    }
    if files.is_empty() {
        return Err(format!("no .md files under {}", laws.display()));
    }
    files.sort();
    // The texts the corpus factory rendered are left out, so that the factory's
    // pages measure the model on text it never read.
    let rendered = factory_sources(root)?;
    files.retain(|f| {
        let rel = f
            .strip_prefix(&laws)
            .unwrap_or(f)
            .to_string_lossy()
            .into_owned();
        !rendered.contains(&rel)
    });
    let mut out = Vec::new();
    for f in &files {
        let md = std::fs::read_to_string(f).map_err(|e| format!("{}: {e}", f.display()))?;
        out.extend(strip_markdown(&md));
    }
    Ok(out)
}

/// The gold texts of the dev excerpts (Tesseract's, one per excerpt).
fn dev_paragraphs(root: &Path) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let dev = root.join("fixtures/dev");
    let mut golds: Vec<_> = std::fs::read_dir(&dev)
        .map_err(|e| format!("{}: {e}", dev.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let n = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            n.ends_with(".gold.json")
                && n.contains("-tesseract-")
                && !n.ends_with("-tiantian.gold.json")
        })
        .collect();
    golds.sort();
    for g in &golds {
        let json: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(g).map_err(|e| format!("{}: {e}", g.display()))?,
        )
        .map_err(|e| format!("{}: {e}", g.display()))?;
        let text = json["text"]
            .as_str()
            .ok_or_else(|| format!("{}: no text", g.display()))?;
        out.extend(
            text.lines()
                .filter(|l| !l.trim().is_empty())
                .map(|l| l.trim().to_string()),
        );
    }
    Ok(out)
}

fn quantise(ln: f64) -> u8 {
    (-ln / f64::from(STEP)).round().clamp(0.0, 255.0) as u8
}

/// Ney's discount from the count-of-counts of one order.
fn discount<K>(counts: &HashMap<K, u32>) -> f64 {
    let n1 = counts.values().filter(|&&c| c == 1).count() as f64;
    let n2 = counts.values().filter(|&&c| c == 2).count() as f64;
    if n1 + n2 == 0.0 {
        0.5
    } else {
        (n1 / (n1 + 2.0 * n2)).clamp(0.1, 0.95)
    }
}

pub(crate) fn generate(root: &Path) -> Result<Vec<Output>, String> {
    let paras = paragraphs(root)?;
    // Characters to ids; `\n` (paragraph bounds) is a character of the model.
    let mut chars: Vec<char> = paras.iter().flat_map(|p| p.chars()).collect();
    chars.push('\n');
    chars.sort_unstable();
    chars.dedup();
    if chars.len() >= u16::MAX as usize {
        return Err(format!("{} distinct characters: ids are u16", chars.len()));
    }
    let id: HashMap<char, u16> = chars
        .iter()
        .enumerate()
        .map(|(i, &c)| (c, i as u16 + 1))
        .collect();
    let v = chars.len();
    let mut c1: HashMap<u16, u32> = HashMap::new();
    let mut c2: HashMap<(u16, u16), u32> = HashMap::new();
    let mut c3: HashMap<(u16, u16, u16), u32> = HashMap::new();
    let mut seq: Vec<u16> = Vec::new();
    for p in &paras {
        seq.clear();
        seq.push(id[&'\n']);
        seq.extend(p.chars().map(|c| id[&c]));
        seq.push(id[&'\n']);
        for (k, &a) in seq.iter().enumerate() {
            if k > 0 {
                *c1.entry(a).or_default() += 1;
            }
            if k >= 1 {
                *c2.entry((seq[k - 1], a)).or_default() += 1;
            }
            if k >= 2 {
                *c3.entry((seq[k - 2], seq[k - 1], a)).or_default() += 1;
            }
        }
    }
    let (d2, d3) = (discount(&c2), discount(&c3));
    // Continuation counts: distinct left neighbours of a character and of a pair.
    let mut cont1: HashMap<u16, u32> = HashMap::new();
    for &(_, b) in c2.keys() {
        *cont1.entry(b).or_default() += 1;
    }
    let mut cont2: HashMap<(u16, u16), u32> = HashMap::new();
    for &(_, b, c) in c3.keys() {
        *cont2.entry((b, c)).or_default() += 1;
    }
    // Per context: total of the (continuation) counts that follow it and how many distinct
    // characters do.
    let mut ctx1: HashMap<u16, (u32, u32)> = HashMap::new(); // b -> (Σ cont2(b·), N1+(b·))
    for (&(b, _), &n) in &cont2 {
        let e = ctx1.entry(b).or_default();
        e.0 += n;
        e.1 += 1;
    }
    let mut ctx2: HashMap<(u16, u16), (u32, u32)> = HashMap::new(); // ab -> (c(ab·), N1+(ab·))
    for (&(a, b, _), &n) in &c3 {
        let e = ctx2.entry((a, b)).or_default();
        e.0 += n;
        e.1 += 1;
    }
    // Summed as integers: the order of a hash map's values must not move a rounding.
    let total_cont1 = cont1.values().map(|&n| u64::from(n)).sum::<u64>() as f64;
    // Unigrams: continuation probabilities, with a little mass for unknown characters.
    let unknown = 0.5 / (total_cont1 + 0.5 * (v as f64 + 1.0));
    let p1 = |c: u16| {
        (f64::from(cont1.get(&c).copied().unwrap_or(0)) + 0.5)
            / (total_cont1 + 0.5 * (v as f64 + 1.0))
    };
    let p2 = |b: u16, c: u16| {
        let lower = p1(c);
        match ctx1.get(&b) {
            None => lower,
            Some(&(tot, n)) => {
                let cc = f64::from(cont2.get(&(b, c)).copied().unwrap_or(0));
                let tot = f64::from(tot);
                (cc - d2).max(0.0) / tot + d2 * f64::from(n) / tot * lower
            }
        }
    };
    let p3 = |a: u16, b: u16, c: u16| {
        let lower = p2(b, c);
        match ctx2.get(&(a, b)) {
            None => lower,
            Some(&(tot, n)) => {
                let cc = f64::from(c3.get(&(a, b, c)).copied().unwrap_or(0));
                let tot = f64::from(tot);
                (cc - d3).max(0.0) / tot + d3 * f64::from(n) / tot * lower
            }
        }
    };
    // Pairs: every pair seen (so every kept triple's context is one).
    let mut pairs: Vec<(u16, u16)> = c2.keys().copied().collect();
    pairs.sort_unstable();
    let mut triples: Vec<(u16, u16, u16)> = c3
        .iter()
        .filter(|&(_, &n)| n >= MIN_TRIPLE)
        .map(|(&k, _)| k)
        .collect();
    triples.sort_unstable();
    // Backoff weights: the mass the stored higher order leaves, over the lower order's mass of
    // the same characters.
    let mut bo1: HashMap<u16, (f64, f64)> = HashMap::new();
    for &(b, c) in &pairs {
        let e = bo1.entry(b).or_default();
        e.0 += p2(b, c);
        e.1 += p1(c);
    }
    let mut bo2: HashMap<(u16, u16), (f64, f64)> = HashMap::new();
    for &(a, b, c) in &triples {
        let e = bo2.entry((a, b)).or_default();
        e.0 += p3(a, b, c);
        e.1 += p2(b, c);
    }
    let backoff = |m: Option<&(f64, f64)>| match m {
        None => 0u8,
        Some(&(hi, lo)) => quantise(((1.0 - hi).max(1e-9) / (1.0 - lo).max(1e-9)).ln().min(0.0)),
    };
    let mut out: Vec<u8> = Vec::new();
    let u32le = |out: &mut Vec<u8>, x: u32| out.extend_from_slice(&x.to_le_bytes());
    out.extend_from_slice(b"ZHLM");
    u32le(&mut out, 2);
    u32le(&mut out, v as u32);
    u32le(&mut out, pairs.len() as u32);
    u32le(&mut out, triples.len() as u32);
    out.extend_from_slice(&(unknown.ln() as f32).to_le_bytes());
    out.extend_from_slice(&STEP.to_le_bytes());
    for &c in &chars {
        u32le(&mut out, c as u32);
    }
    for i in 1..=v as u16 {
        out.push(quantise(p1(i).ln()));
        out.push(backoff(bo1.get(&i)));
    }
    // Pair offsets by first id 0..=V, and one past the end.
    let mut k = 0;
    for first in 0..=v as u16 {
        u32le(&mut out, k as u32);
        while k < pairs.len() && pairs[k].0 == first {
            k += 1;
        }
    }
    u32le(&mut out, pairs.len() as u32);
    for &(b, c) in &pairs {
        out.extend_from_slice(&c.to_le_bytes());
        out.push(quantise(p2(b, c).ln()));
        out.push(backoff(bo2.get(&(b, c))));
    }
    // Triple offsets by pair index: triples whose (a, b) is not a stored pair are dropped
    // (a kept triple's pair always has a continuation count, so none is).
    let mut t = 0;
    let mut first_triple = Vec::with_capacity(pairs.len() + 1);
    for &(a, b) in &pairs {
        first_triple.push(t);
        u32le(&mut out, t as u32);
        while t < triples.len() && (triples[t].0, triples[t].1) < (a, b) {
            t += 1;
        }
        while t < triples.len() && (triples[t].0, triples[t].1) == (a, b) {
            t += 1;
        }
    }
    first_triple.push(t);
    u32le(&mut out, t as u32);
    // Only the triples reached above, in order.
    let kept: Vec<&(u16, u16, u16)> = {
        let set: std::collections::HashSet<(u16, u16)> = pairs.iter().copied().collect();
        triples
            .iter()
            .filter(|t| set.contains(&(t.0, t.1)))
            .collect()
    };
    if kept.len() != t {
        return Err(format!("{} triples kept, {t} indexed", kept.len()));
    }
    let mut q3 = Vec::with_capacity(kept.len());
    for &&(a, b, c) in &kept {
        out.extend_from_slice(&c.to_le_bytes());
        q3.push(quantise(p3(a, b, c).ln()));
        out.push(q3[q3.len() - 1]);
    }
    // Each pair's likeliest triple (the least quantised value; 255 where it has none).
    for k in 0..pairs.len() {
        out.push(
            q3[first_triple[k]..first_triple[k + 1]]
                .iter()
                .fold(u8::MAX, |m, &q| m.min(q)),
        );
    }
    eprintln!(
        "lm: {} paragraphs, {v} characters, {} pairs, {} triples (of {}), discounts {d2:.3} {d3:.3}, {} bytes",
        paras.len(),
        pairs.len(),
        kept.len(),
        c3.len(),
        out.len()
    );
    Ok(vec![Output {
        path: "src/data/lm.bin",
        bytes: out,
    }])
}
