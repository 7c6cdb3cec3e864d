//! The factory's channel: how likely an engine is to print one ideograph for another, from the
//! confusions counted on the corpus factory's pages (`fixtures/factory/`: laws and regulations
//! rendered in eleven faces, degraded, read by Tesseract and RapidOCR), calibrated so that the
//! rate of a font the counts never saw is predicted.
//!
//! A pair's count over the pages is no rate for another font: a pair seen once in ten faces is
//! mostly one face's accident, one seen fifty times a habit of the engine. So the rate is a
//! model of the counts, fitted leave one font out: for each face `F`, the pairs the other faces
//! show (`k` times, where the intended character occurs `n` times in their gold texts) predict
//! the substitutions on `F`'s readable pages (at most 6% of their characters misread), each the
//! Poisson count of the intended character's occurrences there times
//! `exp(a + b ln k + c ln n)`. The three weights are fitted by Newton's method over all faces
//! together; a pair's `ln P(observed | intended)` is then that line at its counts over all the
//! faces, less `STRICT` (the corrector's cost of a wrong reading in right text is higher than
//! that of a reading missed: precision first). The corrector reads the confusion table's own
//! counts (the dev corpus's OCR) through the same line, from the table's `# rate:` line.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use crate::Output;
use crate::align::align;
use crate::corpus::{counted, read_pair};

/// Pages whose aligned edits are at most this share of the gold's characters are readable: the
/// pages the calibration predicts.
const READABLE: f64 = 0.06;
/// Subtracted from the fitted `ln P`: chosen leave one font out on the factory's pages (the
/// readable pages' error and the corrector's edits in right text, dev and factory gold), never
/// on the held-out documents.
const STRICT: f64 = 1.0;
/// Rows below this are not written (the corrector's channel floor).
const FLOOR: f64 = -12.0;

fn is_ideograph(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}

/// One page of the factory: its face and what its alignment with the gold counted.
struct Page {
    font: String,
    readable: bool,
    /// (observed, intended) → substitutions on the page.
    pairs: BTreeMap<(char, char), u32>,
    /// Ideograph → occurrences in the page's gold text.
    occurrences: BTreeMap<char, u32>,
}

/// `fINDEX-ENGINE-FONT-PROFILE` → FONT (which may hold dashes: `notosans-light`).
fn font_of(name: &str) -> Option<&str> {
    let mut parts = name.splitn(3, '-');
    let (_, _, rest) = (parts.next()?, parts.next()?, parts.next()?);
    Some(&rest[..rest.rfind('-')?])
}

fn load(dir: &Path, hold_out: Option<&str>) -> Result<Vec<Page>, String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|n| n.strip_suffix(".gold.json").map(str::to_string))
        .collect();
    names.sort();
    let mut pages = Vec::with_capacity(names.len());
    for name in &names {
        let font = font_of(name).ok_or(format!("{name}: not fINDEX-ENGINE-FONT-PROFILE"))?;
        let engine = name.split('-').nth(1);
        if hold_out.is_some() && (hold_out == Some(font) || hold_out == engine) {
            continue;
        }
        let (obs, gold, _) = read_pair(dir, name)?;
        let (ops, _) = align(&obs, &gold);
        let matched: Vec<bool> = ops.iter().map(|op| op.is_match(&obs, &gold)).collect();
        let edits: usize = ops
            .iter()
            .zip(&matched)
            .filter(|(_, m)| !**m)
            .map(|(op, _)| op.obs.len().max(op.gold.len()))
            .sum();
        let mut pairs = BTreeMap::new();
        for op in counted(&ops, &matched) {
            let (o, g) = (&obs[op.obs.clone()], &gold[op.gold.clone()]);
            if let ([o], [g]) = (o, g) {
                if is_ideograph(*o) && is_ideograph(*g) {
                    *pairs.entry((*o, *g)).or_insert(0) += 1;
                }
            }
        }
        let mut occurrences = BTreeMap::new();
        for &c in gold.iter().filter(|&&c| is_ideograph(c)) {
            *occurrences.entry(c).or_insert(0) += 1;
        }
        pages.push(Page {
            font: font.to_string(),
            readable: (edits as f64) <= READABLE * gold.len() as f64,
            pairs,
            occurrences,
        });
    }
    Ok(pages)
}

/// Counts summed over the pages `keep` accepts.
fn sums(
    pages: &[Page],
    keep: impl Fn(&Page) -> bool,
) -> (BTreeMap<(char, char), u32>, BTreeMap<char, u32>) {
    let (mut pairs, mut occ) = (BTreeMap::new(), BTreeMap::new());
    for p in pages.iter().filter(|p| keep(p)) {
        for (&k, &v) in &p.pairs {
            *pairs.entry(k).or_insert(0) += v;
        }
        for (&k, &v) in &p.occurrences {
            *occ.entry(k).or_insert(0) += v;
        }
    }
    (pairs, occ)
}

/// One observation of the fit: features `(1, ln k, ln n)`, the count seen and its exposure.
struct Obs {
    x: [f64; 3],
    seen: f64,
    exposure: f64,
}

/// The leave-one-font-out observations: for each face, every pair the other faces show whose
/// intended character occurs on the face's readable pages.
fn observations(pages: &[Page], fonts: &[String]) -> Vec<Obs> {
    let mut out = Vec::new();
    for font in fonts {
        let (pairs, occ) = sums(pages, |p| &p.font != font);
        let (held_pairs, held_occ) = sums(pages, |p| &p.font == font && p.readable);
        for (&(o, i), &k) in &pairs {
            let Some(&exposure) = held_occ.get(&i) else {
                continue;
            };
            let n = occ.get(&i).copied().unwrap_or(0).max(1);
            out.push(Obs {
                x: [1.0, f64::from(k).ln(), f64::from(n).ln()],
                seen: f64::from(held_pairs.get(&(o, i)).copied().unwrap_or(0)),
                exposure: f64::from(exposure),
            });
        }
    }
    out
}

/// The Poisson log-likelihood of the weights (up to a constant).
fn log_likelihood(obs: &[Obs], w: &[f64; 3]) -> f64 {
    obs.iter()
        .map(|o| {
            let eta = dot(&o.x, w);
            o.seen * eta - o.exposure * eta.exp()
        })
        .sum()
}

fn dot(a: &[f64; 3], b: &[f64; 3]) -> f64 {
    a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
}

/// Solves the 3×3 system `m x = v` (Gaussian elimination with partial pivoting).
fn solve(mut m: [[f64; 3]; 3], mut v: [f64; 3]) -> Option<[f64; 3]> {
    for col in 0..3 {
        let pivot = (col..3).max_by(|&a, &b| m[a][col].abs().total_cmp(&m[b][col].abs()))?;
        if m[pivot][col].abs() < 1e-12 {
            return None;
        }
        m.swap(col, pivot);
        v.swap(col, pivot);
        let top = m[col];
        for row in col + 1..3 {
            let f = m[row][col] / top[col];
            for (a, b) in m[row].iter_mut().zip(top).skip(col) {
                *a -= f * b;
            }
            v[row] -= f * v[col];
        }
    }
    let mut x = [0.0; 3];
    for row in (0..3).rev() {
        let rest: f64 = (row + 1..3).map(|k| m[row][k] * x[k]).sum();
        x[row] = (v[row] - rest) / m[row][row];
    }
    Some(x)
}

/// Newton's method with step halving: the weights of the Poisson model.
fn fit(obs: &[Obs]) -> Result<[f64; 3], String> {
    let mut w = [-5.0, 1.0, -1.0];
    let mut ll = log_likelihood(obs, &w);
    for _ in 0..100 {
        let (mut grad, mut hess) = ([0.0; 3], [[0.0; 3]; 3]);
        for o in obs {
            let mu = o.exposure * dot(&o.x, &w).exp();
            for (a, row) in hess.iter_mut().enumerate() {
                grad[a] += o.x[a] * (o.seen - mu);
                for (h, xb) in row.iter_mut().zip(o.x) {
                    *h += o.x[a] * xb * mu;
                }
            }
        }
        let step = solve(hess, grad).ok_or("the fit's Hessian is singular")?;
        let mut t = 1.0;
        loop {
            let next = [w[0] + t * step[0], w[1] + t * step[1], w[2] + t * step[2]];
            let next_ll = log_likelihood(obs, &next);
            if next_ll >= ll || t < 1e-9 {
                w = next;
                ll = next_ll;
                break;
            }
            t /= 2.0;
        }
        if step.iter().all(|s| (t * s).abs() < 1e-10) {
            return Ok(w);
        }
    }
    Ok(w)
}

pub(crate) fn generate(root: &Path) -> Result<Vec<Output>, String> {
    // `XTASK_FACTORY_HOLD_OUT=droid` (or `=rapidocr`): leave out one face's (or engine's) pages,
    // a table to measure the corrector on pages like none its channel saw; never one to check in.
    let hold_out = std::env::var("XTASK_FACTORY_HOLD_OUT")
        .ok()
        .filter(|s| !s.is_empty());
    let pages = load(&root.join("fixtures/factory"), hold_out.as_deref())?;
    let mut fonts: Vec<String> = pages.iter().map(|p| p.font.clone()).collect();
    fonts.sort();
    fonts.dedup();
    if fonts.len() < 2 {
        return Err("the factory's pages hold fewer than two faces: nothing to fit".into());
    }
    let obs = observations(&pages, &fonts);
    let w = fit(&obs)?;
    // How the fit predicts the held-out faces, by predicted `ln P` (the header's check).
    let mut calibration: BTreeMap<i64, (usize, f64, f64)> = BTreeMap::new();
    for o in &obs {
        let eta = dot(&o.x, &w);
        let e = calibration.entry((eta / 2.0).floor() as i64).or_default();
        e.0 += 1;
        e.1 += o.seen;
        e.2 += o.exposure * eta.exp();
    }
    let (pairs, occ) = sums(&pages, |_| true);
    let mut out = String::new();
    let readable = pages.iter().filter(|p| p.readable).count();
    let _ = write!(
        out,
        "# DO NOT EDIT: generated by `cargo xtask gen factory_channel` (xtask/src/factory_channel.rs).\n\
         #\n\
         # The factory's channel: ln P(observed | intended) for ideographs an OCR engine printed for\n\
         # others on the corpus factory's pages (fixtures/factory: {} pages, {} readable, {} faces,\n\
         # Tesseract and RapidOCR), calibrated leave one face out: for each face, the pairs the other\n\
         # faces show k times (the intended character occurring n times in their gold) predict the\n\
         # substitutions on that face's readable pages (aligned edits <= {:.0}% of the gold) as a\n\
         # Poisson rate per occurrence, exp(a + b ln k + c ln n), fitted over all faces:\n\
         #     a = {:.4}, b = {:.4}, c = {:.4}\n\
         # A row's log_p is a + b ln seen + c ln total - {STRICT} (precision first), rows below {FLOOR}\n\
         # left out. The corrector reads the confusion table's counts (dev OCR) through the same line,\n\
         # given here as its three weights, a less {STRICT} first:\n\
         # rate: {:.4} {:.4} {:.4}\n\
         # The fit's check, observations by predicted ln P (pairs, seen, predicted):\n",
        pages.len(),
        readable,
        fonts.len(),
        READABLE * 100.0,
        w[0],
        w[1],
        w[2],
        w[0] - STRICT,
        w[1],
        w[2],
    );
    for (bucket, (n, seen, predicted)) in &calibration {
        let _ = writeln!(
            out,
            "#     [{:>3}, {:>3}): {n:>6} {seen:>6.0} {predicted:>8.1}",
            bucket * 2,
            bucket * 2 + 2
        );
    }
    out.push_str(
        "#\n# Columns: observed, intended (one ideograph each); seen, the substitutions counted on all\n\
         # pages; total, the intended character's occurrences in their gold texts; log_p.\n\
         observed\tintended\tseen\ttotal\tlog_p\n",
    );
    for (&(o, i), &k) in &pairs {
        let n = occ.get(&i).copied().unwrap_or(0).max(1);
        let log_p = w[0] + w[1] * f64::from(k).ln() + w[2] * f64::from(n).ln() - STRICT;
        if log_p < FLOOR {
            continue;
        }
        let _ = writeln!(out, "{o}\t{i}\t{k}\t{n}\t{:.2}", log_p.min(0.0));
    }
    Ok(vec![Output {
        path: "src/correct/factory_channel.tsv",
        bytes: out.into_bytes(),
    }])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faces_are_read_from_page_names() {
        assert_eq!(
            font_of("f0003-rapidocr-notosans-light-scan300"),
            Some("notosans-light")
        );
        assert_eq!(font_of("f0000-tesseract-droid-scan300"), Some("droid"));
        assert_eq!(font_of("seed"), None);
    }

    #[test]
    fn solves_a_small_system() {
        let x = solve(
            [[2.0, 1.0, 0.0], [1.0, 3.0, 1.0], [0.0, 1.0, 4.0]],
            [3.0, 5.0, 5.0],
        )
        .expect("regular");
        for (a, b) in x.iter().zip([1.0, 1.0, 1.0]) {
            assert!((a - b).abs() < 1e-12, "{x:?}");
        }
    }

    #[test]
    fn the_fit_recovers_the_rate_that_made_the_counts() {
        // Counts made exactly by exp(-2 + 1.5 ln k - 1 ln n): the fit finds the weights.
        let mut obs = Vec::new();
        for k in 1..6 {
            for n in [10.0f64, 100.0, 1000.0] {
                let x = [1.0, f64::from(k).ln(), n.ln()];
                let exposure = 1e4;
                let seen = exposure * (-2.0 + 1.5 * x[1] - x[2]).exp();
                obs.push(Obs { x, seen, exposure });
            }
        }
        let w = fit(&obs).expect("converges");
        for (a, b) in w.iter().zip([-2.0, 1.5, -1.0]) {
            assert!((a - b).abs() < 1e-6, "{w:?}");
        }
    }
}
