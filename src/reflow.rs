//! Line and paragraph repair: page-chunk numbers removed, broken lines joined.

use crate::chars::{is_cjk, is_terminal};
use crate::pass::MAX_ROUNDS;
use crate::{Change, Document, EditKind, Pass, Span};

/// The reflow pass.
///
/// Two kinds of damage are repaired, each only when the document shows it as a
/// whole, never from one line alone:
///
/// * **Page-chunk numbers.** Document-sharing sites cut a document's text into
///   chunks of a few hundred characters and number them at line starts, `1、` `2、`
///   … `7、`, cutting sentences mid-word (`学实\n6、践`). A document is chunked when
///   its lines (but for a few at the end) start with the numbers 1, 2, 3, … in
///   sequence and at least one break falls inside a sentence; the numbers are then
///   removed and the pieces joined. A genuine list (`1、与舆论宣传相结合。`) is a few
///   lines among others, and stays.
/// * **Wrapped lines.** OCR output keeps the printed page's line breaks. A document
///   is wrapped when many of its lines have nearly the same printed width (the
///   page's measure); a full-width line then continues on the next one and the
///   break is removed (Chinese needs no space there). A shorter line ends its
///   paragraph; headings and list items keep their own lines.
///
/// Paragraph breaks (blank lines) stay, and so does the indentation that starts a
/// paragraph.
///
/// # Example
///
/// ```
/// use zhdoc::{Document, Pass, Reflow};
///
/// let mut doc = Document::new(
///     "1、开展了学政治、学技术、学业务、学文化、学实\n2、践为内容的“五学”活动，提高职工的劳动技能。",
///     "UTF-8",
/// );
/// Reflow::new().run(&mut doc);
/// assert_eq!(doc.text(), "开展了学政治、学技术、学业务、学文化、学实践为内容的“五学”活动，提高职工的劳动技能。");
/// ```
#[derive(Clone, Debug, Default)]
pub struct Reflow {
    _private: (),
}

impl Reflow {
    /// Creates the pass.
    pub fn new() -> Reflow {
        Reflow { _private: () }
    }
}

impl Pass for Reflow {
    fn name(&self) -> &'static str {
        "reflow"
    }

    fn run(&self, doc: &mut Document) {
        // A piece of a larger input reads the whole's verdicts: its first run
        // those of the whole's rounds, one each, and later runs (after the
        // corrector) the measure the whole settled on, as the whole's later
        // runs read it from the text reflow left; after the layout, its first
        // run the whole's rounds over the laid-out text, one each, and later
        // ones the measure they settled on.
        let first = !doc.shared.reflowed;
        doc.shared.reflowed = true;
        let Some((rounds, settled)) = doc.shared.rounds() else {
            run(doc, None);
            return;
        };
        let at = doc.shared.at.map(|(i, _)| i);
        // After the layout, the whole's rounds over the laid-out text.
        let (rounds, settled, first) = match doc.shared.laid_rounds() {
            Some((rounds, settled)) if !first => (rounds, settled, !doc.shared.relaid),
            _ => (rounds, settled, first),
        };
        let (rounds, settled) = (rounds.to_vec(), settled.clone());
        if doc.shared.laid > 0 {
            doc.shared.relaid = true;
        }
        if first {
            for plan in &rounds {
                round(doc, Some((plan, at)));
            }
        } else {
            run(doc, Some((&settled, at)));
        }
    }
}

/// The pass to its fixed point, each round by `plan` (see [`round`]).
fn run(doc: &mut Document, plan: Option<(&Plan, Option<usize>)>) {
    // Joining lines changes the lines the verdicts are read from, so the pass
    // runs to its fixed point: its output is what it would leave unchanged.
    for _ in 0..MAX_ROUNDS {
        if round(doc, plan) == 0 {
            break;
        }
    }
}

/// What the whole input decided in one round of reflow, for its pieces
/// ([`Cleaner::shared_pieces`](crate::Cleaner::shared_pieces)).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Plan {
    /// The whole has page-chunk numbers: what of them each piece holds.
    Chunks(Vec<Option<PieceChunks>>),
    /// It has none: lines are joined by this measure (`None`: not at all),
    /// and the lines each piece's edges continue.
    Measure(Option<usize>, Vec<Edges>),
}

impl Default for Plan {
    fn default() -> Plan {
        Plan::Measure(None, Vec::new())
    }
}

/// What a piece of a larger input reads, in a round of reflow by the page's
/// measure, of the lines of the whole at its edges: a line broken at the
/// piece's end is joined (or not) as the whole joins it, reading the next
/// line's start in the next piece (the CLI cuts a large input at a line
/// break where no blank line is in reach), and a line that starts in a piece
/// before it is read as the whole line (its width, its start).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Edges {
    /// The line the piece's text starts inside.
    carry: Carried,
    /// The start of the line after the piece's text, in the pieces after.
    next: Option<Head>,
}

/// How a line starts (what [`unwrap_lines`] reads of the next line).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Head {
    blank: bool,
    indented: bool,
    heading: bool,
    cjk: bool,
}

impl Head {
    fn read(line: &Line) -> Head {
        let text = line.text.trim_start();
        Head {
            blank: line.is_blank(),
            indented: text.len() != line.text.len(),
            heading: starts_like_heading(text),
            cjk: text.chars().next().is_some_and(is_cjk),
        }
    }
}

/// The page-chunk numbers of the whole that a piece holds: its non-blank
/// lines `start..end`, and whether the break before its first one and the
/// one after its last go (joined across the cut).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct PieceChunks {
    start: usize,
    end: usize,
    join_before: bool,
    join_after: bool,
}

/// One round of the pass: page-chunk numbers removed if the text has them,
/// else wrapped lines joined by the page's measure. `plan` is the whole's
/// verdict in this round for a piece of a larger input, with the piece's
/// index when known (without it, the piece's own page-chunk numbers are
/// read); `None`: the text is read alone. Gives how many edits it made.
pub(crate) fn round(doc: &mut Document, plan: Option<(&Plan, Option<usize>)>) -> usize {
    let lines = Line::split(doc.text());
    let text = doc.text();
    let own_chunks = || match plan {
        None | Some((_, None)) => page_chunks(text, &lines),
        Some((_, Some(_))) => None,
    };
    let changes = match plan {
        Some((Plan::Chunks(pieces), Some(i))) => pieces
            .get(i)
            .copied()
            .flatten()
            .map_or_else(Vec::new, |p| piece_chunks(text, &lines, p)),
        Some((Plan::Chunks(_), None)) | None => own_chunks()
            .or_else(|| {
                page_measure(&lines).map(|w| unwrap_lines(text, &lines, w, Edges::default()))
            })
            .unwrap_or_default(),
        Some((Plan::Measure(m, edges), at)) => {
            let edges = at.and_then(|i| edges.get(i)).copied().unwrap_or_default();
            own_chunks()
                .or_else(|| m.map(|w| unwrap_lines(text, &lines, w, edges)))
                .unwrap_or_default()
        }
    };
    doc.apply(EditKind::Reflow, changes)
}

/// One line of the text.
#[derive(Clone, Copy, Debug)]
struct Line<'a> {
    /// Where the line starts.
    start: usize,
    /// The line without its line break.
    text: &'a str,
    /// Whether a line break follows.
    broken: bool,
    /// The printed width of the line, indentation and trailing space excluded.
    width: usize,
}

impl<'a> Line<'a> {
    fn split(text: &'a str) -> Vec<Line<'a>> {
        let mut out = Vec::new();
        for (start, seg) in crate::lines::lines(text) {
            let body = seg.strip_suffix('\n');
            let text = body.unwrap_or(seg);
            out.push(Line {
                start,
                text,
                broken: body.is_some(),
                width: printed_width(text.trim()),
            });
        }
        out
    }

    fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }

    /// Where the line break after the line is.
    fn break_span(&self) -> Span {
        let end = self.start + self.text.len();
        Span::new(end, end + usize::from(self.broken))
    }

    fn last_char(&self) -> Option<char> {
        self.text.trim_end().chars().next_back()
    }
}

/// The printed width of `s` in half-width cells, read from its UTF-8 bytes: a
/// character of three or more bytes from U+2000 on is full-width, any other one
/// half-width (the measure needs no more precision than that, and this is hot).
fn printed_width(s: &str) -> usize {
    // One cell for each byte that starts a character (any but a continuation byte,
    // 0x80–0xBF) and one more for each lead byte of a wide one, in one read of the
    // bytes; byte-wide counters over chunks of 127 bytes (two at most a byte)
    // vectorise well.
    s.as_bytes()
        .chunks(127)
        .map(|c| {
            usize::from(c.iter().fold(0u8, |n, &b| {
                n + u8::from(b as i8 >= -0x40) + u8::from(b >= 0xE2)
            }))
        })
        .sum()
}

/// A number at a line's start and the separator after it (`12、`), as a span.
fn leading_number(line: &Line) -> Option<(u32, Span)> {
    let t = line.text;
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 4 {
        return None;
    }
    let rest = &t[digits..];
    let sep = rest.chars().next()?;
    if sep != '、' {
        return None;
    }
    let n = t[..digits].parse().ok()?;
    Some((
        n,
        Span::new(line.start, line.start + digits + sep.len_utf8()),
    ))
}

/// Whether a line starts with a heading or list marker (`一、`, `（一）`, `1、`, `第一章`).
fn starts_like_heading(s: &str) -> bool {
    let s = s.trim_start();
    let mut chars = s.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let numeral = |c: char| "一二三四五六七八九十百零〇".contains(c);
    match first {
        '（' | '(' => {
            let inner: String = chars
                .by_ref()
                .take_while(|&c| c != '）' && c != ')')
                .collect();
            !inner.is_empty()
                && inner.chars().count() <= 3
                && inner.chars().all(|c| numeral(c) || c.is_ascii_digit())
        }
        '第' => {
            let after = chars.as_str();
            let rest = after.trim_start_matches(|c: char| numeral(c) || c.is_ascii_digit());
            rest.len() < after.len() && rest.starts_with(|c: char| "章节条部篇编".contains(c))
        }
        c if numeral(c) || c.is_ascii_digit() => {
            let rest = s.trim_start_matches(|c: char| numeral(c) || c.is_ascii_digit());
            rest.starts_with('、')
                || rest.starts_with('.') && !rest[1..].starts_with(|c: char| c.is_ascii_digit())
                || rest.starts_with('．')
        }
        _ => false,
    }
}

/// The changes that remove a site's page-chunk numbers, if the document has them.
///
/// The non-blank lines from the first numbered one must be numbered 1, 2, 3, … with
/// at most two unnumbered lines after the last, the numbered lines must hold most
/// of the text, and at least one break must fall inside a sentence.
fn page_chunks(text: &str, lines: &[Line]) -> Option<Vec<Change>> {
    let content: Vec<&Line> = lines.iter().filter(|l| !l.is_blank()).collect();
    let first = content
        .iter()
        .position(|l| leading_number(l).is_some_and(|(n, _)| n == 1))?;
    let mut numbered: Vec<(usize, Span)> = Vec::new();
    let mut next = 1;
    for (i, l) in content.iter().enumerate().skip(first) {
        match leading_number(l) {
            Some((n, span)) if n == next => {
                numbered.push((i, span));
                next += 1;
            }
            _ => break,
        }
    }
    if numbered.len() < 2 {
        return None;
    }
    let last = numbered.last()?.0;
    if content.len() - 1 - last > 2 {
        return None;
    }
    let total: usize = content.iter().map(|l| l.text.len()).sum();
    let chunked: usize = numbered.iter().map(|&(i, _)| content[i].text.len()).sum();
    if chunked * 10 < total * 8 {
        return None;
    }
    let cuts_sentence = numbered.windows(2).any(|w| {
        content[w[1].0 - 1]
            .last_char()
            .is_some_and(|c| !is_terminal(c))
    });
    if !cuts_sentence {
        return None;
    }
    let mut changes = Vec::new();
    for (k, &(i, number)) in numbered.iter().enumerate() {
        let line = content[i];
        let rest = &text[number.end..line.start + line.text.len()];
        if k > 0 {
            // Join to the line before, unless a heading starts here after a sentence end.
            let prev = content[i - 1];
            let keep = prev.last_char().is_some_and(is_terminal) && starts_like_heading(rest);
            if !keep {
                let gap = Span::new(prev.start + prev.text.len(), line.start);
                if text[gap.range()].chars().all(char::is_whitespace) {
                    changes.push(Change::delete(gap, "page-chunk break").with_confidence(0.9));
                }
            }
        }
        changes.push(Change::delete(number, "page-chunk number").with_confidence(0.9));
    }
    Some(changes)
}

/// A run of lines numbered in sequence (`n、`, `n+1、`, …) from one line on.
#[derive(Clone, Copy, Debug, Default)]
struct Run {
    /// How many lines.
    len: usize,
    /// Their bytes.
    bytes: usize,
    /// Whether a break between two of them falls inside a sentence.
    cuts: bool,
    /// The last number.
    last: u32,
}

/// The run of `content` from its `from`-th line (none if that one has no
/// number).
fn run_from(content: &[&Line], from: usize) -> Run {
    let mut run = Run::default();
    for (i, l) in content.iter().enumerate().skip(from) {
        match leading_number(l) {
            Some((n, _)) if run.len == 0 || n == run.last + 1 => {
                if run.len > 0 {
                    run.cuts |= !content[i - 1].last_char().is_some_and(is_terminal);
                }
                run.len += 1;
                run.bytes += l.text.len();
                run.last = n;
            }
            _ => break,
        }
    }
    run
}

/// What a piece's lines show of page-chunk numbers, for the whole's verdict
/// ([`whole_chunks`]): a few numbers whatever the piece's size.
#[derive(Clone, Debug, Default)]
pub(crate) struct ChunkLines {
    /// Non-blank lines.
    content: usize,
    /// Their bytes.
    bytes: usize,
    /// The first one's number.
    first_number: Option<u32>,
    /// Whether the first one, after its number, starts like a heading.
    first_heading: bool,
    /// Whether the last one ends a sentence.
    last_terminal: bool,
    /// The run from the first line.
    head: Run,
    /// The first line numbered 1, and the run from it.
    one: Option<(usize, Run)>,
    /// How the text's first line starts, its printed width, and whether the
    /// text is that one line with no line break after it.
    first: Option<(Head, usize, bool)>,
    /// The text's last line when no line break ends the text: its printed
    /// width and whether it starts like a heading.
    open: Option<(usize, bool)>,
}

impl ChunkLines {
    /// Reads `text`'s lines.
    pub(crate) fn read(text: &str) -> ChunkLines {
        let lines = Line::split(text);
        let content: Vec<&Line> = lines.iter().filter(|l| !l.is_blank()).collect();
        let first = content.first().and_then(|l| leading_number(l));
        let one = content
            .iter()
            .position(|l| leading_number(l).is_some_and(|(n, _)| n == 1))
            .map(|i| (i, run_from(&content, i)));
        ChunkLines {
            content: content.len(),
            bytes: content.iter().map(|l| l.text.len()).sum(),
            first_number: first.map(|(n, _)| n),
            first_heading: first.is_some_and(|(_, span)| {
                let l = content[0];
                starts_like_heading(&text[span.end..l.start + l.text.len()])
            }),
            last_terminal: content
                .last()
                .is_some_and(|l| l.last_char().is_some_and(is_terminal)),
            head: run_from(&content, 0),
            one,
            first: lines
                .first()
                .map(|l| (Head::read(l), l.width, lines.len() == 1 && !l.broken)),
            open: lines
                .last()
                .filter(|l| !l.broken)
                .map(|l| (l.width, starts_like_heading(l.text))),
        }
    }
}

/// A line that runs into a piece from the pieces before it: its printed
/// width there, and whether it starts like a heading.
type Carried = Option<(usize, bool)>;

/// The lines open across the cuts: for each piece, the line its text starts
/// inside (its width in the pieces before and whether it starts like a
/// heading), and the widths of the parts of each line that runs across cuts.
fn open_lines(pieces: &[ChunkLines]) -> (Vec<Carried>, Vec<Vec<usize>>) {
    let mut carry = Vec::with_capacity(pieces.len());
    let mut spans: Vec<Vec<usize>> = Vec::new();
    let mut open: Carried = None;
    let mut parts: Vec<usize> = Vec::new();
    for c in pieces {
        carry.push(open);
        let Some((head, width, alone)) = c.first else {
            continue;
        };
        if open.is_some() {
            parts.push(width);
        }
        if alone {
            // One line, open at its end: it continues the open line or opens one.
            if open.is_none() {
                parts.push(width);
                open = Some((width, head.heading));
            } else {
                open = open.map(|(w, h)| (w + width, h));
            }
            continue;
        }
        if parts.len() > 1 {
            spans.push(std::mem::take(&mut parts));
        }
        parts.clear();
        open = c.open;
        if let Some((w, _)) = open {
            parts.push(w);
        }
    }
    if parts.len() > 1 {
        spans.push(parts);
    }
    (carry, spans)
}

/// The whole's measure, read from the pieces' counts of widths (`widths`,
/// merged) with each line that runs across cuts counted once, at its whole
/// width, as the whole counts it.
pub(crate) fn whole_measure(widths: &PageWidths, pieces: &[ChunkLines]) -> Option<usize> {
    let (_, spans) = open_lines(pieces);
    if spans.is_empty() {
        return widths.measure();
    }
    let mut widths = widths.clone();
    for parts in spans {
        for &w in &parts {
            widths.remove(w);
        }
        widths.add(parts.iter().sum());
    }
    widths.measure()
}

/// The whole's verdict in a round of reflow, from its pieces' lines (in
/// order) and the measure [`whole_measure`] read: page-chunk numbers if the
/// whole has them ([`whole_chunks`]), else the measure and each piece's
/// edges.
pub(crate) fn whole_plan(measure: Option<usize>, pieces: &[ChunkLines]) -> Plan {
    match whole_chunks(pieces) {
        Some(chunks) => Plan::Chunks(chunks),
        None => settled_plan(measure, pieces),
    }
}

/// The measure and each piece's edges, as later runs of reflow read them.
pub(crate) fn settled_plan(measure: Option<usize>, pieces: &[ChunkLines]) -> Plan {
    let (carry, _) = open_lines(pieces);
    let edges = carry
        .into_iter()
        .enumerate()
        .map(|(i, carry)| Edges {
            carry,
            next: pieces.get(i + 1).and_then(|c| c.first).map(|(h, _, _)| h),
        })
        .collect();
    Plan::Measure(measure, edges)
}

/// The whole's verdict on page-chunk numbers from its pieces' lines (in
/// order), as [`page_chunks`] reads the whole: what each piece holds of them,
/// or `None` if the whole has none.
pub(crate) fn whole_chunks(pieces: &[ChunkLines]) -> Option<Vec<Option<PieceChunks>>> {
    let (p0, (j0, run)) = pieces
        .iter()
        .enumerate()
        .find_map(|(p, c)| c.one.map(|one| (p, one)))?;
    let mut spans = vec![(p0, j0, j0 + run.len)];
    let (mut count, mut bytes, mut cuts, mut last) = (run.len, run.bytes, run.cuts, run.last);
    // Joined across each cut: whether the break there goes.
    let mut joins: Vec<bool> = Vec::new();
    let mut open = j0 + run.len == pieces[p0].content;
    let mut terminal = pieces[p0].last_terminal;
    for (p, c) in pieces.iter().enumerate().skip(p0 + 1) {
        if !open || c.content == 0 || c.first_number != Some(last + 1) {
            break;
        }
        cuts |= !terminal;
        joins.push(!(terminal && c.first_heading));
        spans.push((p, 0, c.head.len));
        count += c.head.len;
        bytes += c.head.bytes;
        cuts |= c.head.cuts;
        last = c.head.last;
        open = c.head.len == c.content;
        terminal = c.last_terminal;
    }
    let &(pl, _, end) = spans.last()?;
    let after: usize =
        pieces[pl].content - end + pieces[pl + 1..].iter().map(|c| c.content).sum::<usize>();
    let total: usize = pieces.iter().map(|c| c.bytes).sum();
    if count < 2 || after > 2 || bytes * 10 < total * 8 || !cuts {
        return None;
    }
    let mut out = vec![None; pieces.len()];
    for (k, &(p, start, end)) in spans.iter().enumerate() {
        out[p] = Some(PieceChunks {
            start,
            end,
            join_before: k > 0 && joins[k - 1],
            join_after: joins.get(k).copied().unwrap_or(false),
        });
    }
    Some(out)
}

/// The changes that remove the page-chunk numbers a piece holds of the
/// whole's, as [`page_chunks`] removes them from the whole: the breaks
/// across the cut go with the piece's white space at its start or end.
fn piece_chunks(text: &str, lines: &[Line], plan: PieceChunks) -> Vec<Change> {
    let content: Vec<&Line> = lines.iter().filter(|l| !l.is_blank()).collect();
    let why = "page-chunk break";
    let mut changes = Vec::new();
    if plan.join_before {
        if let Some(first) = content.first().filter(|l| l.start > 0) {
            changes.push(Change::delete(Span::new(0, first.start), why).with_confidence(0.9));
        }
    }
    for i in plan.start..plan.end.min(content.len()) {
        let line = content[i];
        let Some((_, number)) = leading_number(line) else {
            break;
        };
        if i > plan.start {
            let prev = content[i - 1];
            let rest = &text[number.end..line.start + line.text.len()];
            let keep = prev.last_char().is_some_and(is_terminal) && starts_like_heading(rest);
            let gap = Span::new(prev.start + prev.text.len(), line.start);
            if !keep && text[gap.range()].chars().all(char::is_whitespace) {
                changes.push(Change::delete(gap, why).with_confidence(0.9));
            }
        }
        changes.push(Change::delete(number, "page-chunk number").with_confidence(0.9));
    }
    if plan.join_after {
        if let Some(last) = content.last() {
            let end = last.start + last.text.len();
            if end < text.len() {
                changes.push(Change::delete(Span::new(end, text.len()), why).with_confidence(0.9));
            }
        }
    }
    changes
}

/// The page's measure (the printed width of a full line), if the text is wrapped:
/// at least five lines, and a third of the lines, within a few cells of the
/// widest common width.
fn page_measure(lines: &[Line]) -> Option<usize> {
    let mut widths = PageWidths::default();
    for l in lines.iter().filter(|l| !l.is_blank()) {
        widths.add(l.width);
    }
    widths.measure()
}

/// The widest measure read.
const WIDEST: usize = 240;

/// The printed widths of a text's non-blank lines, counted by width (those
/// wider than any measure's neighbourhood together): what the page's measure
/// is read from, gathered piece by piece over a large input
/// ([`Cleaner::shared`](crate::Cleaner::shared)) in constant memory.
#[derive(Clone, Debug)]
pub(crate) struct PageWidths {
    /// Lines by width, up to `WIDEST + 4`; the last counts the wider ones.
    counts: Vec<usize>,
}

impl Default for PageWidths {
    fn default() -> PageWidths {
        PageWidths {
            counts: vec![0; WIDEST + 6],
        }
    }
}

impl PageWidths {
    fn add(&mut self, width: usize) {
        let last = self.counts.len() - 1;
        self.counts[width.min(last)] += 1;
    }

    fn remove(&mut self, width: usize) {
        let last = self.counts.len() - 1;
        let n = &mut self.counts[width.min(last)];
        *n = n.saturating_sub(1);
    }

    /// Counts the non-blank lines of `text`.
    pub(crate) fn add_text(&mut self, text: &str) {
        for line in Line::split(text).iter().filter(|l| !l.is_blank()) {
            self.add(line.width);
        }
    }

    /// Adds another's counts.
    pub(crate) fn merge(&mut self, other: &PageWidths) {
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            *a += b;
        }
    }

    /// The measure, as [`page_measure`] reads it from lines of these widths.
    pub(crate) fn measure(&self) -> Option<usize> {
        let len: usize = self.counts.iter().sum();
        if len < 5 {
            return None;
        }
        // The 80th percentile is a full line in a wrapped page; in flowed text it is a
        // long paragraph, whose width few other lines share.
        let rank = len * 4 / 5;
        let mut seen = 0;
        let w = self.counts.iter().position(|&n| {
            seen += n;
            seen > rank
        })?;
        if !(24..=WIDEST).contains(&w) {
            return None;
        }
        let near: usize = self.counts[w.saturating_sub(8)..=w + 4].iter().sum();
        (near >= 5 && near * 3 >= len).then_some(w)
    }
}

/// The changes that join wrapped lines of a page whose measure is `width`
/// (`edges`: for a piece of a larger input, the whole's lines at its edges).
fn unwrap_lines(text: &str, lines: &[Line], width: usize, edges: Edges) -> Vec<Change> {
    let mut changes = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(next) = lines.get(i + 1).map(Head::read).or(edges.next) else {
            break;
        };
        if !line.broken || line.is_blank() || next.blank {
            continue;
        }
        // The first line of a piece that starts inside a line of the whole is
        // read as that line.
        let (carried, heading) = match edges.carry.filter(|_| i == 0) {
            Some((w, h)) => (w, h),
            None => (0, starts_like_heading(line.text)),
        };
        let line_width = line.width + carried;
        let full = line_width + 6 >= width;
        if next.indented || next.heading || heading && !full {
            continue;
        }
        let ends_sentence = line.last_char().is_some_and(is_terminal);
        let join = if full {
            true
        } else {
            // A line a little short of the measure may still be wrapped (narrow
            // digits and punctuation), unless it ends a sentence.
            line_width + 12 >= width && !ends_sentence
        };
        if join {
            let brk = line.break_span();
            let continues_cjk = next.cjk || line.last_char().is_some_and(is_cjk);
            let glue = if continues_cjk { "" } else { " " };
            if &text[brk.range()] == "\n" {
                changes.push(Change::replace(brk, glue, "wrapped line").with_confidence(0.9));
            }
        }
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reflow(s: &str) -> String {
        let once = crate::testing::run(&Reflow::new(), s).text().to_owned();
        let again = crate::testing::run(&Reflow::new(), &once);
        assert_eq!(again.text(), once, "reflow is idempotent");
        once
    }

    /// The measure read from counts is the one read from the sorted widths.
    #[test]
    fn page_widths_measure_as_sorted_widths_do() {
        fn sorted(mut widths: Vec<usize>) -> Option<usize> {
            if widths.len() < 5 {
                return None;
            }
            widths.sort_unstable();
            let w = widths[widths.len() * 4 / 5];
            if !(24..=240).contains(&w) {
                return None;
            }
            let near = widths.iter().filter(|&&x| x + 8 >= w && x <= w + 4).count();
            (near >= 5 && near * 3 >= widths.len()).then_some(w)
        }
        let mut seed = 7u64;
        let mut next = |n: u64| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((seed >> 33) % n) as usize
        };
        let mut found = 0;
        for case in 0..2000 {
            let len = next(60) as u64;
            let spread = [10, 40, 300][case % 3];
            let base = next(260) as u64;
            let widths: Vec<usize> = (0..len).map(|_| base as usize + next(spread)).collect();
            let mut counted = PageWidths::default();
            for &w in &widths {
                counted.add(w);
            }
            let want = sorted(widths.clone());
            found += usize::from(want.is_some());
            assert_eq!(counted.measure(), want, "{widths:?}");
        }
        assert!(found > 100, "{found}");
    }

    /// A line cut inside by a cut is counted once, at its whole width, in
    /// the whole's measure, and the piece after the cut reads its width and
    /// start; the piece before reads the start of the line after it.
    #[test]
    fn a_line_across_a_cut_is_read_as_the_whole_reads_it() {
        let line = "经五届人大五次会议批准的第六个五年计划，要求在一九八一年至一九八五年的五";
        let whole = format!("{line}\n{line}\n{line}\n{line}\n{line}\n一、加强\n");
        let cut = 2 * (line.len() + 1) + 5 * 3;
        let pieces = [&whole[..cut], &whole[cut..]];
        let lines: Vec<ChunkLines> = pieces.iter().map(|p| ChunkLines::read(p)).collect();
        let mut widths = PageWidths::default();
        for p in pieces {
            widths.add_text(p);
        }
        let measure = page_measure(&Line::split(&whole));
        assert!(measure.is_some());
        assert_ne!(widths.measure(), measure, "the parts counted as two lines");
        assert_eq!(whole_measure(&widths, &lines), measure);
        let Plan::Measure(_, edges) = settled_plan(measure, &lines) else {
            panic!("a measure");
        };
        assert_eq!(edges[1].carry, Some((10, false)));
        assert_eq!(edges[0].carry, None);
        assert!(edges[0].next.is_some_and(|h| h.cjk && !h.heading));
        assert_eq!(edges[1].next, None);
    }

    #[test]
    fn page_chunks_removed_and_joined() {
        let s = "1、积极探索大胆实践。一、加强领导\n2、开展活动，是贯彻落实的重要举措，学实\n3、践为内容。\n4、二、结合实际\n";
        assert_eq!(
            reflow(s),
            "积极探索大胆实践。一、加强领导开展活动，是贯彻落实的重要举措，学实践为内容。\n二、结合实际\n"
        );
    }

    #[test]
    fn genuine_list_stays() {
        let s = "做到了“五个结合”。\n1、与舆论宣传相结合。在这个方面，我们加大宣传。\n2、与提升职工素质相结合。我们打造成才平台。\n";
        assert_eq!(reflow(s), s);
    }

    #[test]
    fn list_of_whole_sentences_stays() {
        let s = "1、加强领导。\n2、全面发动。\n3、有序开展。\n";
        assert_eq!(reflow(s), s);
    }

    #[test]
    fn wrapped_lines_joined() {
        let line = "经五届人大五次会议批准的第六个五年计划，要求在一九八一年至一九八五年的五";
        let s = format!(
            "一、回顾\n{line}\n{line}\n{line}\n{line}\n都是很突出的。\n{line}\n{line}\n结束了。\n"
        );
        let want =
            format!("一、回顾\n{line}{line}{line}{line}都是很突出的。\n{line}{line}结束了。\n");
        assert_eq!(reflow(&s), want);
    }

    #[test]
    fn flowed_paragraphs_stay() {
        let s = "各位代表：\n现在，我代表国务院，向大会报告政府工作，请予审议，并请全国政协委员提出意见。\n一、2021年工作回顾\n过去一年是党和国家历史上具有里程碑意义的一年。以习近平同志为核心的党中央团结带领全党全国各族人民。\n一年来，面对复杂严峻的国内外形势。\n";
        assert_eq!(reflow(s), s);
    }

    #[test]
    fn headings_detected() {
        for h in [
            "一、加强",
            "（一）加强",
            "(二)加强",
            "1、加强",
            "12.加强",
            "第三章 总则",
        ] {
            assert!(starts_like_heading(h), "{h}");
        }
        for h in ["一九八一年", "1.5倍", "一些", "（包括村办）", "第一个五年"] {
            assert!(!starts_like_heading(h), "{h}");
        }
    }
}
