//! Text that remembers where every byte came from.
//!
//! A [`Text`] holds the original (decoded) input, the current text, and the log of
//! [`Edit`]s that turned one into the other. Passes never rewrite the text in place:
//! they hand [`Text::apply`] a sorted list of [`Change`]s over the current text, and
//! `apply` builds the next text in one copy, appends one [`Edit`] per change, and
//! updates an alignment that maps any span of the current text back into the
//! original. [`rebuild_original`] undoes the log to give the original back, byte for
//! byte.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::Span;

/// What kind of pass made an edit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum EditKind {
    /// Byte-level repairs that come with decoding: byte order marks, line endings.
    Decode,
    /// Unicode normalisation: full-width forms, radicals, compatibility ideographs,
    /// invisible characters, punctuation.
    Normalize,
    /// Removal of what a document-sharing site or a scanner added.
    Boilerplate,
    /// Line and paragraph repair: page-chunk numbers, broken lines.
    Reflow,
    /// Correction of OCR-confusable characters.
    Correct,
}

impl EditKind {
    /// Every kind, in pipeline order.
    pub const ALL: [EditKind; 5] = [
        EditKind::Decode,
        EditKind::Normalize,
        EditKind::Boilerplate,
        EditKind::Reflow,
        EditKind::Correct,
    ];

    /// The kind's name as it appears in JSON and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            EditKind::Decode => "decode",
            EditKind::Normalize => "normalize",
            EditKind::Boilerplate => "boilerplate",
            EditKind::Reflow => "reflow",
            EditKind::Correct => "correct",
        }
    }
}

impl fmt::Display for EditKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One change a pass made, as kept in the edit log.
///
/// Every edit says where in the original its text came from, what it was and
/// became, why, and how sure the pass is; the log rebuilds the original exactly.
///
/// ```
/// use zhdoc::{Cleaner, EditKind};
///
/// let doc = Cleaner::new().clean_str("他们己经到了。");
/// assert_eq!(doc.text(), "他们已经到了。");
/// let edit = doc
///     .edits()
///     .iter()
///     .find(|e| e.kind == EditKind::Correct)
///     .expect("the corrector's edit");
/// assert_eq!((edit.before.as_ref(), edit.after.as_ref()), ("己", "已"));
/// assert_eq!(&doc.original()[edit.original.range()], "己");
/// assert!(edit.confidence > 0.5 && !edit.why.is_empty());
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Edit {
    /// The kind of pass that made the edit.
    pub kind: EditKind,
    /// Which call of [`Text::apply`] made the edit, counting from 0. Edits of one
    /// step are in text order and do not overlap.
    pub step: u32,
    /// The span of the original input that the replaced text came from.
    pub original: Span,
    /// The byte offset at which `after` starts in the text as this edit's step left it.
    pub at: usize,
    /// The text that was replaced.
    pub before: Cow<'static, str>,
    /// The text put in its place (empty for a deletion).
    pub after: Cow<'static, str>,
    /// Why the pass made the change, in a few words.
    pub why: Cow<'static, str>,
    /// How sure the pass is that the change is right, from 0 to 1.
    pub confidence: f32,
}

/// The edits of one step (in text order), each with the byte offset it stood at
/// in the text before the step: an edit's `at` is in the text the step left,
/// after the step's earlier edits moved it.
pub(crate) fn before_step(step: &[Edit]) -> impl Iterator<Item = (usize, &Edit)> {
    let mut shift = 0isize;
    step.iter().map(move |e| {
        let at = e.at.checked_add_signed(-shift).unwrap_or(0);
        shift += e.after.len() as isize - e.before.len() as isize;
        (at, e)
    })
}

/// The printable ASCII characters and the line break, to hand out as `&'static str`.
const ONE_BYTE: &str = "\n !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~";

/// `s` as a string of the log: borrowed, without allocating, when it is one
/// character that passes change often (punctuation, a space, a line break).
pub(crate) fn interned(s: &str) -> Cow<'static, str> {
    // `ONE_BYTE` is the line break, then the printable ASCII in order.
    let index = match *s.as_bytes() {
        [b'\n'] => Some(0),
        [b @ b' '..=b'~'] => Some(usize::from(b - b' ') + 1),
        _ => None,
    };
    if let Some(i) = index {
        return Cow::Borrowed(&ONE_BYTE[i..i + 1]);
    }
    Cow::Owned(s.to_owned())
}

/// A change a pass asks for, over the current text.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    /// The bytes of the current text to replace.
    pub span: Span,
    /// What to put in their place.
    pub after: Cow<'static, str>,
    /// Why, in a few words.
    pub why: Cow<'static, str>,
    /// How sure the pass is, from 0 to 1.
    pub confidence: f32,
}

impl Change {
    /// Replaces `span` with `after`, with confidence 1.
    pub fn replace(
        span: impl Into<Span>,
        after: impl Into<Cow<'static, str>>,
        why: impl Into<Cow<'static, str>>,
    ) -> Change {
        Change {
            span: span.into(),
            after: after.into(),
            why: why.into(),
            confidence: 1.0,
        }
    }

    /// Deletes `span`, with confidence 1.
    pub fn delete(span: impl Into<Span>, why: impl Into<Cow<'static, str>>) -> Change {
        Change::replace(span, "", why)
    }

    /// Sets the confidence.
    pub fn with_confidence(mut self, confidence: f32) -> Change {
        self.confidence = confidence;
        self
    }
}

/// How many like changes side by side (same reason, same confidence, each
/// replacing some text) make a run that is logged as one edit: a line of
/// `％％％…` normalised is one edit, not one per character, so that the log
/// costs a bounded factor of the input. Shorter runs stay an edit each.
pub(crate) const RUN: usize = 8;

/// Whether `b`, after `a`, continues a run of like changes (see [`RUN`]).
fn like(a: &Change, b: &Change) -> bool {
    a.span.end == b.span.start
        && a.span.start < a.span.end
        && b.span.start < b.span.end
        && a.why == b.why
        && a.confidence == b.confidence
}

/// A pass's changes, in order, each run of [`RUN`] like changes joined as it
/// is pushed: what [`coalesce`] gives, without holding the run's changes (a
/// line of a million `％` is one change, never a million).
#[derive(Debug, Default)]
pub(crate) struct Coalescing {
    changes: Vec<Change>,
    /// How many changes the like run at the end holds; [`RUN`] or more once
    /// they are joined into the last change.
    run: usize,
}

impl Coalescing {
    /// Adds a change after the others.
    pub(crate) fn push(&mut self, change: Change) {
        let Some(last) = self.changes.last_mut() else {
            self.run = 1;
            self.changes.push(change);
            return;
        };
        if !like(last, &change) {
            self.run = 1;
            self.changes.push(change);
            return;
        }
        if self.run >= RUN {
            last.span.end = change.span.end;
            last.after.to_mut().push_str(&change.after);
            return;
        }
        self.run += 1;
        self.changes.push(change);
        if self.run == RUN {
            let run: Vec<Change> = self.changes.drain(self.changes.len() - RUN..).collect();
            self.changes.extend(coalesce(run));
        }
    }

    /// The changes.
    pub(crate) fn into_changes(self) -> Vec<Change> {
        self.changes
    }
}

/// Joins each run of at least [`RUN`] like changes (see there) into one change
/// over their spans, its replacement theirs in order. `changes` are sorted.
pub(crate) fn coalesce(changes: Vec<Change>) -> Vec<Change> {
    if !changes
        .windows(RUN)
        .any(|w| w.windows(2).all(|p| like(&p[0], &p[1])))
    {
        return changes;
    }
    let mut out = Vec::with_capacity(changes.len());
    let mut run: Vec<Change> = Vec::new();
    let flush = |run: &mut Vec<Change>, out: &mut Vec<Change>| {
        if run.len() >= RUN {
            let first = &run[0];
            let after: String = run.iter().map(|c| &*c.after).collect();
            out.push(Change {
                span: Span::new(first.span.start, run[run.len() - 1].span.end),
                after: after.into(),
                why: first.why.clone(),
                confidence: first.confidence,
            });
            run.clear();
        } else {
            out.append(run);
        }
    };
    for change in changes {
        if run.last().is_some_and(|last| !like(last, &change)) {
            flush(&mut run, &mut out);
        }
        run.push(change);
    }
    flush(&mut run, &mut out);
    out
}

/// A run of the current text and the original bytes it stands for.
///
/// Regions tile the current text without gaps; deleted original text has no
/// region. A copied region holds the original bytes unchanged, so positions inside
/// it map exactly; any other region maps as a whole to its original span.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Region {
    cur_start: usize,
    cur_end: usize,
    orig_start: usize,
    orig_end: usize,
    copied: bool,
}

/// Text with provenance: the original input, the current text and the edit log.
///
/// # Example
///
/// ```
/// use zhdoc::{Change, EditKind, Span, Text};
///
/// let mut text = Text::new("屮华人民");
/// text.apply(EditKind::Correct, vec![Change::replace(0..3, "中", "confusable")]);
/// assert_eq!(text.as_str(), "中华人民");
/// // 华 in the cleaned text is the same bytes in the original.
/// assert_eq!(text.original_span(Span::new(3, 6)), Span::new(3, 6));
/// assert_eq!(zhdoc::rebuild_original(text.as_str(), text.edits()).unwrap(), "屮华人民");
/// ```
#[derive(Clone)]
pub struct Text {
    original: Arc<str>,
    current: String,
    regions: Vec<Region>,
    edits: Vec<Edit>,
    steps: u32,
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Text")
            .field("len", &self.current.len())
            .field("original_len", &self.original.len())
            .field("edits", &self.edits.len())
            .field("regions", &self.regions.len())
            .finish()
    }
}

impl Text {
    /// Starts from `original`, with no edits.
    pub fn new(original: impl Into<Arc<str>>) -> Text {
        let original: Arc<str> = original.into();
        let len = original.len();
        let regions = if len == 0 {
            Vec::new()
        } else {
            vec![Region {
                cur_start: 0,
                cur_end: len,
                orig_start: 0,
                orig_end: len,
                copied: true,
            }]
        };
        Text {
            current: String::from(&*original),
            original,
            regions,
            edits: Vec::new(),
            steps: 0,
        }
    }

    /// The current text.
    #[inline]
    pub fn as_str(&self) -> &str {
        &self.current
    }

    /// The original input, as decoded.
    #[inline]
    pub fn original(&self) -> &str {
        &self.original
    }

    /// The edit log, in the order the edits were made.
    #[inline]
    pub fn edits(&self) -> &[Edit] {
        &self.edits
    }

    /// The current text's length in bytes.
    #[inline]
    pub fn len(&self) -> usize {
        self.current.len()
    }

    /// Whether the current text is empty.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.current.is_empty()
    }

    /// Applies a pass's changes to the current text and logs them as edits of `kind`.
    ///
    /// The changes are taken in order of their start. A change that overlaps the one
    /// before it, or whose span is out of range or not on character boundaries, is a
    /// bug in the pass: it is dropped (and trips a debug assertion), never applied
    /// half-way. A change that replaces text with itself is dropped silently.
    ///
    /// Returns the number of edits made.
    pub fn apply(&mut self, kind: EditKind, mut changes: Vec<Change>) -> usize {
        if changes.is_empty() {
            return 0;
        }
        changes.sort_by_key(|c| (c.span.start, c.span.end));
        let changes = coalesce(changes);
        let old = self.current.as_str();
        let step = self.steps;
        let mut edits = Vec::with_capacity(changes.len());
        let mut next = String::with_capacity(old.len());
        let mut regions = Vec::with_capacity(self.regions.len() + 2 * changes.len());
        let mut cursor = RegionCursor::default();
        let mut pos = 0usize;
        let mut made = 0usize;
        for change in changes {
            let Span { start, end } = change.span;
            let valid = start >= pos
                && end <= old.len()
                && start <= end
                && old.is_char_boundary(start)
                && old.is_char_boundary(end);
            debug_assert!(
                valid,
                "pass produced a bad change: {change:?} (text is {} bytes, previous change ended at {pos})",
                old.len()
            );
            if !valid || old[start..end] == *change.after {
                continue;
            }
            self.copy_regions(&mut cursor, pos, start, next.len(), &mut regions);
            next.push_str(&old[pos..start]);
            // Every region before the cursor ends at or before `start`: the
            // regions of `start` and `end` are found from it, a step or two on.
            let hint = cursor.index;
            let region = |p: usize| self.region_after(hint, p);
            let original = if start == end {
                let p = self.map_point_with(start, region);
                Span::new(p, p)
            } else {
                Span::new(
                    self.map_start_with(start, region),
                    self.map_end_with(end, region),
                )
            };
            let at = next.len();
            if !change.after.is_empty() {
                push_region(
                    &mut regions,
                    Region {
                        cur_start: at,
                        cur_end: at + change.after.len(),
                        orig_start: original.start,
                        orig_end: original.end,
                        copied: false,
                    },
                );
            }
            next.push_str(&change.after);
            edits.push(Edit {
                kind,
                step,
                original,
                at,
                before: interned(&old[start..end]),
                after: change.after,
                why: change.why,
                confidence: change.confidence,
            });
            made += 1;
            pos = end;
        }
        if made == 0 {
            return 0;
        }
        self.copy_regions(&mut cursor, pos, old.len(), next.len(), &mut regions);
        next.push_str(&old[pos..]);
        self.current = next;
        self.edits.extend(edits);
        self.regions = regions;
        self.steps += 1;
        made
    }

    /// Copies the regions covering `[from, to)` of the current text into `out`,
    /// shifted so that `from` lands at `new_at`.
    fn copy_regions(
        &self,
        cursor: &mut RegionCursor,
        from: usize,
        to: usize,
        new_at: usize,
        out: &mut Vec<Region>,
    ) {
        if from >= to {
            return;
        }
        // Regions are visited in order across the calls of one `apply`.
        while cursor.index < self.regions.len() && self.regions[cursor.index].cur_end <= from {
            cursor.index += 1;
        }
        let mut i = cursor.index;
        while i < self.regions.len() && self.regions[i].cur_start < to {
            let r = self.regions[i];
            let s = r.cur_start.max(from);
            let e = r.cur_end.min(to);
            let (orig_start, orig_end) = if r.copied {
                (
                    r.orig_start + (s - r.cur_start),
                    r.orig_start + (e - r.cur_start),
                )
            } else {
                (r.orig_start, r.orig_end)
            };
            push_region(
                out,
                Region {
                    cur_start: new_at + (s - from),
                    cur_end: new_at + (e - from),
                    orig_start,
                    orig_end,
                    copied: r.copied,
                },
            );
            if r.cur_end > to {
                break;
            }
            i += 1;
        }
        cursor.index = i;
    }

    /// The region holding byte `p` of the current text (`p < len`).
    fn region_at(&self, p: usize) -> &Region {
        let i = self.regions.partition_point(|r| r.cur_end <= p);
        &self.regions[i]
    }

    /// [`Text::region_at`], searched forward from `regions[hint]`: every region
    /// before it must end at or before `p`.
    fn region_after(&self, hint: usize, p: usize) -> &Region {
        match self
            .regions
            .get(hint..)
            .and_then(|rest| rest.iter().position(|r| r.cur_end > p))
        {
            Some(k) => &self.regions[hint + k],
            None => self.region_at(p),
        }
    }

    /// Where a span starting at `p` starts in the original.
    fn map_start(&self, p: usize) -> usize {
        self.map_start_with(p, |p| self.region_at(p))
    }

    /// [`Text::map_start`], with `region` to find the region holding a byte.
    fn map_start_with<'t>(&'t self, p: usize, region: impl Fn(usize) -> &'t Region) -> usize {
        if p >= self.current.len() {
            return self.map_end_with(p, region);
        }
        let r = region(p);
        if r.copied {
            r.orig_start + (p - r.cur_start)
        } else {
            r.orig_start
        }
    }

    /// Where a span ending at `p` ends in the original.
    fn map_end(&self, p: usize) -> usize {
        self.map_end_with(p, |p| self.region_at(p))
    }

    /// [`Text::map_end`], with `region` to find the region holding a byte.
    fn map_end_with<'t>(&'t self, p: usize, region: impl Fn(usize) -> &'t Region) -> usize {
        if p == 0 {
            return self.regions.first().map_or(0, |r| r.orig_start);
        }
        let p = p.min(self.current.len());
        if p == 0 {
            return 0;
        }
        let r = region(p - 1);
        if r.copied {
            r.orig_start + (p - r.cur_start)
        } else {
            r.orig_end
        }
    }

    /// Where an empty span at `p` lies in the original.
    fn map_point(&self, p: usize) -> usize {
        self.map_point_with(p, |p| self.region_at(p))
    }

    /// [`Text::map_point`], with `region` to find the region holding a byte.
    fn map_point_with<'t>(&'t self, p: usize, region: impl Fn(usize) -> &'t Region) -> usize {
        if p < self.current.len() {
            self.map_start_with(p, region)
        } else if self.regions.is_empty() {
            // Everything was deleted: the point is past the whole original.
            self.original.len()
        } else {
            self.map_end_with(p, region)
        }
    }

    /// Maps a span of the current text to the span of the original it came from.
    ///
    /// Text that passed through unchanged maps byte for byte; text that a pass
    /// replaced maps to the whole original span it replaced, so the result always
    /// covers the source of every byte in `span`.
    pub fn original_span(&self, span: Span) -> Span {
        if span.is_empty() {
            let p = self.map_point(span.start);
            return Span::new(p, p);
        }
        let s = self.map_start(span.start);
        let e = self.map_end(span.end);
        Span::new(s.min(e), e)
    }

    /// Joins texts that were cleaned apart (the pieces of one input, in order) into
    /// one: the originals and current texts are concatenated, the edit logs are
    /// put one after the other with their steps, offsets and original spans
    /// shifted, so that [`rebuild_original`] and [`Text::original_span`] work over
    /// the whole.
    pub(crate) fn concat(parts: Vec<Text>) -> Text {
        let original_len = parts.iter().map(|t| t.original.len()).sum();
        let current_len = parts.iter().map(|t| t.current.len()).sum();
        let mut original = String::with_capacity(original_len);
        let mut out = Text {
            original: Arc::from(""),
            current: String::with_capacity(current_len),
            regions: Vec::new(),
            edits: Vec::new(),
            steps: 0,
        };
        for part in parts {
            let cur = out.current.len();
            let orig = original.len();
            original.push_str(&part.original);
            out.current.push_str(&part.current);
            for r in part.regions {
                push_region(
                    &mut out.regions,
                    Region {
                        cur_start: r.cur_start + cur,
                        cur_end: r.cur_end + cur,
                        orig_start: r.orig_start + orig,
                        orig_end: r.orig_end + orig,
                        copied: r.copied,
                    },
                );
            }
            // The pieces before this one are final when its edits are made, the
            // pieces after it still original: its positions move by the length of
            // the cleaned text before it.
            out.edits.extend(part.edits.into_iter().map(|mut e| {
                e.step += out.steps;
                e.at += cur;
                e.original = Span::new(e.original.start + orig, e.original.end + orig);
                e
            }));
            out.steps += part.steps;
        }
        out.original = original.into();
        out
    }

    /// Splits the text into its original, current text and edit log.
    pub fn into_parts(self) -> (Arc<str>, String, Vec<Edit>) {
        (self.original, self.current, self.edits)
    }
}

#[derive(Default)]
struct RegionCursor {
    index: usize,
}

/// Appends `r`, merging it into the last region when both are copies that follow
/// each other in the current text and in the original.
fn push_region(out: &mut Vec<Region>, r: Region) {
    if let Some(last) = out.last_mut() {
        if last.copied && r.copied && last.cur_end == r.cur_start && last.orig_end == r.orig_start {
            last.cur_end = r.cur_end;
            last.orig_end = r.orig_end;
            return;
        }
    }
    out.push(r);
}

/// Why an edit log could not be undone.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("edit {index} does not match the text: expected {expected:?} at byte {at}")]
pub struct RebuildError {
    /// The position of the offending edit in the log.
    pub index: usize,
    /// The byte offset the edit names.
    pub at: usize,
    /// The text the edit says it put there.
    pub expected: String,
}

/// Rebuilds the original input from a cleaned text and the edit log that made it.
///
/// The edits are undone step by step, last step first; each step is undone in one
/// copy of the text.
///
/// # Errors
///
/// Returns [`RebuildError`] when the log does not belong to the text: an edit's
/// `after` is not found where the edit says it is.
pub fn rebuild_original(cleaned: &str, edits: &[Edit]) -> Result<String, RebuildError> {
    let mut text = cleaned.to_owned();
    let mut end = edits.len();
    while end > 0 {
        let step = edits[end - 1].step;
        let mut start = end - 1;
        while start > 0 && edits[start - 1].step == step {
            start -= 1;
        }
        let mut out = String::with_capacity(text.len());
        let mut pos = 0usize;
        for (i, e) in edits[start..end].iter().enumerate() {
            let stop = e.at + e.after.len();
            let fits = e.at >= pos && text.get(e.at..stop) == Some(&*e.after);
            if !fits {
                return Err(RebuildError {
                    index: start + i,
                    at: e.at,
                    expected: e.after.to_string(),
                });
            }
            out.push_str(&text[pos..e.at]);
            out.push_str(&e.before);
            pos = stop;
        }
        out.push_str(&text[pos..]);
        text = out;
        end = start;
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_of_like_changes_coalesce() {
        let change = |i: usize, why: &'static str| Change::replace(i..i + 1, "x", why);
        // (name, changes, spans after coalescing)
        type Row = (&'static str, Vec<Change>, Vec<(usize, usize)>);
        let rows: Vec<Row> = vec![
            (
                "short run",
                (0..7).map(|i| change(i, "a")).collect(),
                (0..7).map(|i| (i, i + 1)).collect(),
            ),
            (
                "run",
                (0..9).map(|i| change(i, "a")).collect(),
                vec![(0, 9)],
            ),
            (
                "gap breaks the run",
                (0..8)
                    .map(|i| change(i, "a"))
                    .chain((9..17).map(|i| change(i, "a")))
                    .collect(),
                vec![(0, 8), (9, 17)],
            ),
            (
                "another reason breaks the run",
                (0..8)
                    .map(|i| change(i, "a"))
                    .chain([change(8, "b")])
                    .collect(),
                vec![(0, 8), (8, 9)],
            ),
        ];
        for (name, changes, want) in rows {
            let mut pushed = Coalescing::default();
            for c in changes.clone() {
                pushed.push(c);
            }
            let pushed = pushed.into_changes();
            let joined = coalesce(changes);
            assert_eq!(pushed, joined, "{name}");
            let spans: Vec<(usize, usize)> =
                joined.iter().map(|c| (c.span.start, c.span.end)).collect();
            assert_eq!(spans, want, "{name}");
            for c in &joined {
                assert_eq!(c.after.len(), c.span.end - c.span.start, "{name}");
            }
        }
    }

    fn check_regions(t: &Text) {
        let mut at = 0;
        for r in &t.regions {
            assert_eq!(r.cur_start, at, "regions tile the text");
            assert!(r.cur_end > r.cur_start, "no empty region");
            if r.copied {
                assert_eq!(
                    &t.current[r.cur_start..r.cur_end],
                    &t.original[r.orig_start..r.orig_end]
                );
            }
            at = r.cur_end;
        }
        assert_eq!(at, t.current.len());
    }

    #[test]
    fn interned_strings_are_the_strings() {
        for s in ["\n", " ", ",", "~", "a", "中", "ab", ""] {
            assert_eq!(interned(s), s);
        }
        assert!(matches!(interned(","), Cow::Borrowed(_)));
    }

    #[test]
    fn no_changes_keeps_everything() {
        let mut t = Text::new("abc");
        assert_eq!(t.apply(EditKind::Normalize, vec![]), 0);
        assert_eq!(t.as_str(), "abc");
        assert!(t.edits().is_empty());
        assert_eq!(t.original_span(Span::new(1, 2)), Span::new(1, 2));
    }

    #[test]
    fn identity_change_is_not_logged() {
        let mut t = Text::new("abc");
        assert_eq!(
            t.apply(EditKind::Normalize, vec![Change::replace(0..1, "a", "x")]),
            0
        );
        assert!(t.edits().is_empty());
    }

    #[test]
    fn deletion_then_mapping_skips_deleted_bytes() {
        let mut t = Text::new("ab广告cd");
        t.apply(EditKind::Boilerplate, vec![Change::delete(2..8, "ad")]);
        assert_eq!(t.as_str(), "abcd");
        check_regions(&t);
        assert_eq!(t.original_span(Span::new(2, 4)), Span::new(8, 10));
        assert_eq!(t.original_span(Span::new(0, 4)), Span::new(0, 10));
        assert_eq!(t.edits()[0].original, Span::new(2, 8));
        assert_eq!(t.edits()[0].at, 2);
    }

    #[test]
    fn replacement_maps_as_a_whole() {
        let mut t = Text::new("x，y");
        // A later pass edits inside an earlier replacement.
        t.apply(EditKind::Normalize, vec![Change::replace(1..4, ",,", "p")]);
        assert_eq!(t.as_str(), "x,,y");
        t.apply(EditKind::Normalize, vec![Change::replace(2..3, "", "q")]);
        assert_eq!(t.as_str(), "x,y");
        check_regions(&t);
        assert_eq!(t.edits()[1].original, Span::new(1, 4));
        assert_eq!(t.original_span(Span::new(1, 2)), Span::new(1, 4));
        assert_eq!(t.original_span(Span::new(2, 3)), Span::new(4, 5));
        assert_eq!(rebuild_original(t.as_str(), t.edits()).unwrap(), "x，y");
    }

    #[test]
    fn insertion_has_an_empty_original_span() {
        let mut t = Text::new("ab");
        t.apply(EditKind::Reflow, vec![Change::replace(1..1, "\n", "break")]);
        assert_eq!(t.as_str(), "a\nb");
        assert_eq!(t.edits()[0].original, Span::new(1, 1));
        assert_eq!(t.original_span(Span::new(2, 3)), Span::new(1, 2));
        assert_eq!(rebuild_original(t.as_str(), t.edits()).unwrap(), "ab");
    }

    #[test]
    fn overlapping_change_is_dropped_in_release() {
        if cfg!(debug_assertions) {
            return;
        }
        let mut t = Text::new("abcdef");
        let n = t.apply(
            EditKind::Normalize,
            vec![
                Change::replace(0..3, "X", "a"),
                Change::replace(2..4, "Y", "b"),
            ],
        );
        assert_eq!(n, 1);
        assert_eq!(t.as_str(), "Xdef");
    }

    #[test]
    fn delete_everything() {
        let mut t = Text::new("abc");
        t.apply(EditKind::Boilerplate, vec![Change::delete(0..3, "all")]);
        assert_eq!(t.as_str(), "");
        assert_eq!(t.original_span(Span::new(0, 0)), Span::new(3, 3));
        assert_eq!(rebuild_original("", t.edits()).unwrap(), "abc");
    }

    #[test]
    fn rebuild_rejects_a_foreign_log() {
        let mut t = Text::new("abc");
        t.apply(EditKind::Normalize, vec![Change::replace(0..1, "Z", "x")]);
        let err = rebuild_original("qbc", t.edits()).unwrap_err();
        assert_eq!(err.index, 0);
    }

    #[test]
    fn many_steps_rebuild() {
        let mut t = Text::new("一二三四五六七八九十");
        t.apply(
            EditKind::Normalize,
            vec![
                Change::replace(3..6, "2", "a"),
                Change::replace(9..12, "", "b"),
            ],
        );
        t.apply(EditKind::Correct, vec![Change::replace(0..4, "壹贰", "c")]);
        t.apply(EditKind::Reflow, vec![Change::replace(6..6, "|", "d")]);
        check_regions(&t);
        assert_eq!(t.as_str(), "壹贰|三五六七八九十");
        assert_eq!(
            rebuild_original(t.as_str(), t.edits()).unwrap(),
            "一二三四五六七八九十"
        );
        // 五 moved but is a copy: it maps exactly.
        let five = t.as_str().find('五').unwrap();
        assert_eq!(
            t.original_span(Span::new(five, five + 3)),
            Span::new(12, 15)
        );
    }
}
