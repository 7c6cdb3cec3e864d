//! Marks read as other marks: `·` for `。` or `，`, `：` for `；` or `。`, `丶`
//! for `、`, a `.` between ideographs for `。`. The engines print these where a
//! mark was faded, specked or small; which mark the page had is a question for
//! the character language model, under a strict prior that a mark is what it
//! says.

use super::lm::{CharLm, Id};
use crate::chars::is_han;
use crate::{Change, Span};

/// `ln P(observed | intended)` of a mark printed as another mark, for a mark
/// that is often right as printed (`·` in a foreign name, `：` before what it
/// announces): the prior the model's gain must beat (with the threshold).
const MISREAD_LOG_P: f64 = -6.0;

/// The same for a mark modern text hardly writes (`丶`, `;` between ideographs).
const STRAY_LOG_P: f64 = -4.0;

/// The log odds the corrected reading must win by.
const THRESHOLD: f64 = 1.5;

/// The marks each observed mark may stand for, and the prior of its misreading.
fn readings(observed: char) -> (&'static [char], f64) {
    match observed {
        '·' | '•' | '.' => (&['。', '，', '、'], MISREAD_LOG_P),
        '：' | ':' => (&['。', '，', '；'], MISREAD_LOG_P),
        '丶' => (&['、', '，'], STRAY_LOG_P),
        ';' => (&['；'], STRAY_LOG_P),
        _ => (&[], 0.0),
    }
}

/// Adds to `out` the readings of the suspicious marks that start inside
/// `within`.
pub(crate) fn changes_in(text: &str, within: Span, out: &mut Vec<Change>) {
    let end = within.end.min(text.len());
    // Found from their bytes: `·` (C2 B7), `•` (E2 80 A2), `：` (EF BC 9A),
    // `丶` (E4 B8 B6) and the ASCII `.` `:` `;`.
    let bytes = text.as_bytes();
    let mut k = within.start.min(end);
    while k < end {
        let b = bytes[k];
        if !matches!(b, 0xC2 | 0xE2 | 0xEF | 0xE4 | b'.' | b':' | b';') || !text.is_char_boundary(k)
        {
            k += 1;
            continue;
        }
        let Some(c) = text[k..].chars().next() else {
            break;
        };
        let len = c.len_utf8();
        let (options, prior) = readings(c);
        if !options.is_empty() {
            if let Some(change) = reading(text, k, c, options, prior, CharLm::global()) {
                out.push(change);
            }
        }
        k += len;
    }
}

/// The best reading of the mark `c` at byte `at`, if it beats the mark as
/// printed.
fn reading(
    text: &str,
    at: usize,
    c: char,
    options: &[char],
    prior: f64,
    lm: &CharLm,
) -> Option<Change> {
    let mut left = text[..at].chars().rev();
    let l1 = left.next()?;
    let l2 = left.next();
    let mut right = text[at + c.len_utf8()..].chars();
    let r1 = right.next()?;
    let r2 = right.next();
    // Between ideographs only: a point or colon between digits or letters is
    // the number's or the word's.
    if !is_han(l1) || !(is_han(r1) || matches!(r1, '“' | '《' | '（')) {
        return None;
    }
    let id = |c: Option<char>| c.map_or(0, |c| lm.id(c));
    let before: [Id; 2] = [id(l2), id(Some(l1))];
    let after = [id(Some(r1)), id(r2)];
    let score = |m: char| lm.score(before, [lm.id(m), after[0], after[1]]);
    let base = f64::from(score(c));
    let (best, gain) = options
        .iter()
        .map(|&m| (m, f64::from(score(m)) - base))
        .max_by(|x, y| x.1.total_cmp(&y.1))?;
    let margin = gain + prior;
    (margin > THRESHOLD).then(|| Change {
        span: Span::new(at, at + c.len_utf8()),
        after: best.to_string().into(),
        why: "OCR confusion of marks".into(),
        confidence: (1.0 / (1.0 + (-margin).exp())) as f32,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::check_rule;

    #[test]
    fn marks_read_as_other_marks() {
        check_rule(
            changes_in,
            &[
                (
                    "依法履行职责·加强监督管理。",
                    "依法履行职责，加强监督管理。",
                ),
                (
                    "本法自公布之日起施行·第二条",
                    "本法自公布之日起施行。第二条",
                ),
                ("国务院丶省丶自治区", "国务院、省、自治区"),
                // Right as printed: a colon before what it announces, a point in a number,
                // a middle dot between the parts of a foreign name.
                ("主要任务是：加强监督管理。", "主要任务是：加强监督管理。"),
                ("增长3.5%，", "增长3.5%，"),
                ("马克思·恩格斯", "马克思·恩格斯"),
            ],
        );
    }
}
