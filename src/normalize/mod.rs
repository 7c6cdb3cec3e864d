//! Unicode normalisation: the forms PDF text layers and OCR engines emit, turned

mod tables;

use std::borrow::Cow;

use crate::chars::{is_cjk, is_han};
use crate::correct::lm::CharLm;
use crate::text::Coalescing;
use crate::{Change, Document, EditKind, Pass, Span};

use self::tables::IDEOGRAPH_EQUIVALENTS;

/// How much likelier (`ln`) the character model must read a comma than a
/// full stop where a `.` stands between ideographs for it to be the comma:
/// a trigram tells the two apart poorly (at 1, 144 right and 23 wrong on the
/// dev and factory pages; at 3, 122 and 8).
const COMMA_FOR_POINT_LOG_P: f32 = 3.0;

/// The normalisation pass.
///
/// into the ones Chinese text is written with.
///
/// Every change is one [`Edit`](crate::Edit) of kind [`EditKind::Normalize`]:
///
/// * full-width ASCII letters and digits (`２００５`, `ＡＢ`) and symbols (`％`, `．`)
///   to half-width; the Chinese punctuation of the full-width block stays;
/// * Kangxi radicals, the CJK radicals supplement, CJK strokes and CJK compatibility
///   ideographs to the ordinary ideographs (`⼯` → `工`, `⻢` → `马`, `豈` → `豈`);
/// * zero-width, bidirectional and other invisible characters and control
///   characters removed;
/// * white space between Chinese characters (and between them and digits) removed,
///   as is white space at line ends; other spaces become plain spaces;
/// * Western punctuation in Chinese text to the Chinese forms of GB/T 15834:
///   `,` → `，`, `:` → `：`, `;` → `；`, `?` → `？`, `!` → `！`, `(…)` → `（…）`, and
///   straight quotes to paired `“ ”` / `‘ ’`.
///
/// Whether punctuation stands in Chinese text is read from its nearest neighbours
/// that are neither white space nor punctuation this pass may change, so that the
/// pass gives the same answer on its own output (it is idempotent).
///
/// # Example
///
/// ```
/// use zhdoc::{Document, Normalize, Pass};
///
/// let mut doc = Document::new("⼯人ＡＢ２００５年,全市(次) \"创争\"活动", "UTF-8");
/// Normalize::new().run(&mut doc);
/// assert_eq!(doc.text(), "工人AB2005年，全市（次）“创争”活动");
/// ```
#[derive(Clone, Debug, Default)]
pub struct Normalize {
    _private: (),
}

impl Normalize {
    /// Creates the pass.
    pub fn new() -> Normalize {
        Normalize { _private: () }
    }
}

impl Pass for Normalize {
    fn name(&self) -> &'static str {
        "normalize"
    }

    fn run(&self, doc: &mut Document) {
        let open = doc.shared.open_quotes();
        // Once reflow has joined lines across the cuts, a piece of a larger
        // input reads the lines it starts and ends inside with the whole's
        // text around it (as the seams pass does): the pass runs again after
        // the structure pass's layout.
        let line = if doc.shared.reflowed {
            crate::chunk::line_around(doc)
        } else {
            ("", "")
        };
        let changes = changes_from(doc.text(), open, line);
        doc.apply(EditKind::Normalize, changes);
    }
}

/// What the character-level mapping does with one character.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mapped {
    /// Kept as it is.
    Keep,
    /// Replaced by another character, for the given reason.
    To(char, &'static str),
    /// White space within a line: kept or removed by its context.
    Space,
    /// Removed (invisible or control character).
    Drop(&'static str),
}

/// The character-level mapping, independent of context.
#[inline(always)]
fn map_char(c: char) -> Mapped {
    // Ideographs and ASCII letters and digits, most of any text, first.
    if matches!(c, '\u{3400}'..='\u{9FFF}' | 'a'..='z' | 'A'..='Z' | '0'..='9') {
        Mapped::Keep
    } else {
        map_other(c)
    }
}

/// [`map_char`] for the characters that are not ideographs or ASCII alphanumerics.
#[inline(never)]
fn map_other(c: char) -> Mapped {
    match c {
        '\t' | ' ' => Mapped::Space,
        '\u{0}'..='\u{8}' | '\u{B}'..='\u{1F}' | '\u{7F}'..='\u{9F}' => {
            Mapped::Drop("control character")
        }
        '\u{AD}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}'
        | '\u{FEFF}'
        | '\u{FE00}'..='\u{FE0F}'
        | '\u{E0100}'..='\u{E01EF}' => Mapped::Drop("invisible character"),
        '\u{A0}' | '\u{3000}' | '\u{1680}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' => {
            Mapped::Space
        }
        '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => {
            Mapped::To(half_width(c), "full-width letter or digit")
        }
        // Symbols of the full-width block that Chinese text writes half-width; its
        // Chinese punctuation (，：；？！（）［］｛｝～ and the rest) stays.
        '＂' | '＃' | '＄' | '％' | '＆' | '＇' | '＊' | '＋' | '－' | '．' | '／' | '＜'
        | '＝' | '＞' | '＠' | '＼' | '＾' | '＿' | '｀' | '｜' => {
            Mapped::To(half_width(c), "full-width symbol")
        }
        '\u{2E80}'..='\u{2FDF}'
        | '\u{31C0}'..='\u{31EF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{2F800}'..='\u{2FA1F}' => match equivalent_ideograph(c) {
            Some(to) if to != c => Mapped::To(to, ideograph_reason(c)),
            _ => Mapped::Keep,
        },
        _ => Mapped::Keep,
    }
}

fn ideograph_reason(c: char) -> &'static str {
    match c {
        '\u{2F00}'..='\u{2FDF}' => "Kangxi radical",
        '\u{2E80}'..='\u{2EFF}' => "CJK radical",
        '\u{31C0}'..='\u{31EF}' => "CJK stroke",
        _ => "CJK compatibility ideograph",
    }
}

/// The unified ideograph that a radical, stroke or compatibility ideograph stands for.
fn equivalent_ideograph(c: char) -> Option<char> {
    IDEOGRAPH_EQUIVALENTS
        .binary_search_by_key(&c, |&(from, _)| from)
        .ok()
        .map(|i| IDEOGRAPH_EQUIVALENTS[i].1)
}

/// The ASCII character of a full-width form (U+FF01–U+FF5E).
#[inline]
fn half_width(c: char) -> char {
    char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
}

/// The printable ASCII characters, to hand out as `&'static str`.
const PRINTABLE_ASCII: &str = " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~";

/// `c` as a string, without allocating for the characters this pass writes most.
fn char_str(c: char) -> Cow<'static, str> {
    let s: &'static str = match c {
        '，' => "，",
        '：' => "：",
        '；' => "；",
        '？' => "？",
        '！' => "！",
        '（' => "（",
        '）' => "）",
        '“' => "“",
        '”' => "”",
        '‘' => "‘",
        '’' => "’",
        ' '..='~' => {
            let i = c as usize - ' ' as usize;
            match PRINTABLE_ASCII.get(i..i + 1) {
                Some(s) => s,
                None => return Cow::Owned(c.to_string()),
            }
        }
        _ => return Cow::Owned(c.to_string()),
    };
    Cow::Borrowed(s)
}

/// Punctuation whose form this pass may change, in either form. Context is never
/// read from these, so changing one does not change the verdict on another.
#[inline]
fn is_convertible_punct(c: char) -> bool {
    matches!(
        c,
        ',' | '，'
            | ':'
            | '：'
            | ';'
            | '；'
            | '?'
            | '？'
            | '!'
            | '！'
            | '('
            | '（'
            | ')'
            | '）'
            | '"'
            | '“'
            | '”'
            | '\''
            | '‘'
            | '’'
    )
}

/// The character `c` stands for when read as context, or `None` when context is
/// not read from it: white space, removed characters, convertible punctuation.
#[inline]
fn anchor_value(c: char) -> Option<char> {
    kept_form(c).filter(|&v| !is_convertible_punct(v))
}

/// The character `c` becomes in this pass's output, or `None` for white space
/// and removed characters.
#[inline]
fn kept_form(c: char) -> Option<char> {
    match map_char(c) {
        Mapped::Keep => Some(c),
        Mapped::To(v, _) => Some(v),
        Mapped::Space | Mapped::Drop(_) => None,
    }
}

/// Whether punctuation between `before` and `after` stands in Chinese text: a
/// neighbour is Chinese and the two are not both ASCII letters or digits (`3,5`).
fn chinese_context(before: Option<char>, after: Option<char>) -> bool {
    let cjk = before.is_some_and(is_cjk) || after.is_some_and(is_cjk);
    let ascii_both = before.is_some_and(|c| c.is_ascii_alphanumeric())
        && after.is_some_and(|c| c.is_ascii_alphanumeric());
    cjk && !ascii_both
}

/// The state carried from line to line: open quotes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct QuoteState {
    double_open: bool,
    single_open: bool,
}

impl QuoteState {
    /// The state after a stretch of text whose effect is `effect`.
    pub(crate) fn after(self, effect: QuoteEffect) -> QuoteState {
        QuoteState {
            double_open: effect.double.on(self.double_open),
            single_open: effect.single.on(self.single_open),
        }
    }
}

/// What a stretch of text does to one kind of open quote: whether a quote is
/// written open or closed is read from its neighbours in its line, never from
/// the state, so a stretch either keeps the state, flips it (an odd number of
/// straight quotes and no curly one or blank line) or sets it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Toggle {
    #[default]
    Keep,
    Flip,
    Set(bool),
}

impl Toggle {
    /// The state after the stretch, from `open` before it.
    fn on(self, open: bool) -> bool {
        match self {
            Toggle::Keep => open,
            Toggle::Flip => !open,
            Toggle::Set(v) => v,
        }
    }

    /// The effect read from the states a stretch leaves from closed and from open.
    fn read(from_closed: bool, from_open: bool) -> Toggle {
        match (from_closed, from_open) {
            (false, true) => Toggle::Keep,
            (true, false) => Toggle::Flip,
            (v, _) => Toggle::Set(v),
        }
    }
}

/// What a stretch of text (before normalisation) does to the quotes open
/// before it, which normalisation carries from line to line: the piece of a
/// large input reads the quotes the pieces before it leave open
/// ([`quote_effect`], [`crate::Shared`]), as the whole does.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct QuoteEffect {
    double: Toggle,
    single: Toggle,
}

/// What `text` (as normalisation first reads it) does to the quotes open
/// before it: its lines with a quote mark are read as [`changes`] reads them,
/// from both states, and its blank lines close them.
pub(crate) fn quote_effect(text: &str) -> QuoteEffect {
    let open = QuoteState {
        double_open: true,
        single_open: true,
    };
    let mut states = [QuoteState::default(), open];
    for (start, segment) in crate::lines::lines(text) {
        let body = segment.strip_suffix('\n').unwrap_or(segment);
        if body.trim().is_empty() {
            states = [QuoteState::default(); 2];
        } else if body.contains(['"', '\'', '“', '”', '‘', '’']) {
            for state in &mut states {
                LineScan::new(body, start).run(state, &mut Coalescing::default());
            }
        }
    }
    let [closed, open] = states;
    QuoteEffect {
        double: Toggle::read(closed.double_open, open.double_open),
        single: Toggle::read(closed.single_open, open.single_open),
    }
}

/// Computes the pass's changes over `text`.
#[cfg(test)]
pub(crate) fn changes(text: &str) -> Vec<Change> {
    changes_from(text, QuoteState::default(), ("", ""))
}

/// Computes the pass's changes over `text`, the quotes `open` before it and
/// the text of the lines it starts and ends inside around it (`line`, as for
/// [`changes_near`]).
pub(crate) fn changes_from(text: &str, open: QuoteState, line: (&str, &str)) -> Vec<Change> {
    let (lead, trail) = line;
    let trail = if text.ends_with('\n') { "" } else { trail };
    let mut out = Coalescing::default();
    let mut quotes = open;
    for (start, segment) in crate::lines::lines(text) {
        let body = segment.strip_suffix('\n').unwrap_or(segment);
        if body.trim().is_empty() {
            // A blank line ends a paragraph: quotes do not carry over it.
            quotes = QuoteState::default();
        }
        let lead = if start == 0 { lead } else { "" };
        let trail = if start + segment.len() == text.len() {
            trail
        } else {
            ""
        };
        LineScan::new(body, start)
            .within(lead, trail)
            .run(&mut quotes, &mut out);
    }
    out.into_changes()
}

/// Computes the pass's changes over the lines of `text` that hold one of the
/// sorted byte positions `near`; other lines are only read for their quotes.
/// `open` are the quotes open before the text; `line` is the text of the
/// line it starts inside before it, and of the line it ends inside after it
/// (a piece of a larger input whose edges fall inside lines of the whole:
/// see `LineScan::lead`), empty where it starts and ends lines.
pub(crate) fn changes_near(
    text: &str,
    near: &[usize],
    open: QuoteState,
    line: (&str, &str),
) -> Vec<Change> {
    let (lead, trail) = line;
    // The text's last line is open when no line break ends it.
    let trail = if text.ends_with('\n') { "" } else { trail };
    let mut near: Vec<usize> = near.iter().map(|&p| p.min(text.len())).collect();
    near.sort_unstable();
    let mut out = Coalescing::default();
    let mut quotes = open;
    // Text before `read` has been followed for its quotes.
    let mut read = 0usize;
    let mut next = 0usize;
    let mut start = 0usize;
    while next < near.len() {
        let end = crate::lines::next_break(text, start).unwrap_or(text.len());
        // The line holding a position is read again, and so is the line before a
        // position that starts a line.
        let dirty = near[next] <= end + 1;
        while next < near.len() && near[next] <= end {
            next += 1;
        }
        if dirty {
            follow_quotes(text, read, start, &mut quotes);
            let body = &text[start..end];
            if body.trim().is_empty() {
                quotes = QuoteState::default();
            }
            let lead = if start == 0 { lead } else { "" };
            let trail = if end == text.len() { trail } else { "" };
            LineScan::new(body, start)
                .within(lead, trail)
                .run(&mut quotes, &mut out);
            read = (end + 1).min(text.len());
        }
        if end == text.len() {
            break;
        }
        start = end + 1;
    }
    out.into_changes()
}

/// Follows the quotes of the whole lines `text[from..to]` (not normalised again):
/// a blank line ends a paragraph, and its quotes.
fn follow_quotes(text: &str, from: usize, to: usize, quotes: &mut QuoteState) {
    if from >= to {
        return;
    }
    let gap = &text[from..to];
    // A blank line: two line breaks in a row, or one at the gap's start after one.
    let blank = gap.rfind("\n\n").map(|i| i + 2).or_else(|| {
        (from > 0 && gap.starts_with('\n') && text[..from].ends_with('\n')).then_some(1)
    });
    let tail = match blank {
        Some(i) => {
            *quotes = QuoteState::default();
            &gap[i..]
        }
        None => gap,
    };
    track_quotes(tail, quotes);
}

/// Follows curly quotes through a line that is not normalised again.
fn track_quotes(line: &str, quotes: &mut QuoteState) {
    if !line.contains(['“', '”', '‘', '’']) {
        return;
    }
    for c in line.chars() {
        match c {
            '“' => quotes.double_open = true,
            '”' => quotes.double_open = false,
            '‘' => quotes.single_open = true,
            '’' => quotes.single_open = false,
            _ => {}
        }
    }
}

/// One line being normalised, read in one pass without copying.
struct LineScan<'a> {
    line: &'a str,
    /// Where the line starts in the text.
    base: usize,
    /// Matched ASCII parenthesis pairs, by byte offset in the line; read only
    /// when the line has parentheses.
    parens: Option<Vec<(usize, usize)>>,
    /// The line's text before `line`, already normalised: a piece of a larger
    /// input whose first line starts inside a line of the whole (the pieces
    /// before leave it open) reads that line's start as its context, as the
    /// whole reads it (`稳` | ` 推进`: the space is between two ideographs,
    /// not indentation). Empty for a line read from its start.
    lead: &'a str,
    /// The line's text after `line`, the same way: a piece whose last line
    /// runs on into the next (`增长23 ` | `6%。`: the space stands between two
    /// digits, not at the line's end).
    trail: &'a str,
}

impl<'a> LineScan<'a> {
    fn new(line: &'a str, base: usize) -> LineScan<'a> {
        LineScan {
            line,
            base,
            parens: None,
            lead: "",
            trail: "",
        }
    }

    /// The scan of a line whose text before it is `lead` and after it `trail`.
    fn within(self, lead: &'a str, trail: &'a str) -> LineScan<'a> {
        LineScan {
            lead,
            trail,
            ..self
        }
    }

    fn run(mut self, quotes: &mut QuoteState, out: &mut Coalescing) {
        let line = self.line;
        // The final form of the last character kept, for the white space after it.
        let mut last: Option<char> = self.lead.chars().rev().find_map(kept_form);
        let mut run: Option<usize> = None;
        let bytes = line.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            // Ideographs of U+4000–U+9FFF and the commonest Chinese punctuation,
            // most of any Chinese text: kept as they are, and Chinese context for
            // the white space before them (one stands for all).
            let plain_cjk = (0xE4..=0xE9).contains(&bytes[i])
                || bytes[i] == 0xE3
                    && bytes.get(i + 1) == Some(&0x80)
                    && matches!(bytes.get(i + 2), Some(0x81 | 0x82))
                || bytes[i] == 0xEF
                    && bytes.get(i + 1) == Some(&0xBC)
                    && matches!(bytes.get(i + 2), Some(0x8C | 0x9A | 0x9B | 0x81 | 0x9F));
            if plain_cjk {
                if let Some(r) = run.take() {
                    self.space_run(r, i, last, Some('中'), out);
                }
                last = Some('中');
                i += 3;
                // The ideographs that follow change nothing either: step over them.
                while bytes.get(i).is_some_and(|b| (0xE4..=0xE9).contains(b)) {
                    i += 3;
                }
                continue;
            }
            let Some(c) = line[i..].chars().next() else {
                break;
            };
            let at = i;
            i += c.len_utf8();
            let i = at;
            let mapped = map_char(c);
            let (fin, why) = match mapped {
                Mapped::Space | Mapped::Drop(_) => {
                    run.get_or_insert(i);
                    continue;
                }
                Mapped::Keep => match c {
                    ',' | ':' | ';' | '?' | '!' | '(' | ')' | '"' | '\'' | '“' | '”' | '‘'
                    | '’' => self.punct(i, c, quotes),
                    '.' if self.is_full_stop(i, c) => self.stop_or_comma(i, c),
                    _ => (c, None),
                },
                Mapped::To(v @ ('"' | '\''), why) => {
                    let (q, w) = self.punct(i, v, quotes);
                    (q, w.or(Some(why)))
                }
                // A full-width `．` ends a Chinese sentence as `.` does: read
                // as `.` only, it would become `。` on a second pass.
                Mapped::To('.', _) if self.is_full_stop(i, c) => self.stop_or_comma(i, c),
                Mapped::To(v, why) => (v, Some(why)),
            };
            if let Some(r) = run.take() {
                self.space_run(r, i, last, Some(fin), out);
            }
            if fin != c {
                let why = why.unwrap_or("Chinese punctuation");
                out.push(Change::replace(self.span(i, c), char_str(fin), why));
            }
            last = Some(fin);
        }
        if let Some(r) = run {
            let next = self.trail.chars().find_map(kept_form);
            self.space_run(r, line.len(), last, next, out);
        }
    }

    /// What the `.` at byte `i` that stands in Chinese text is: a full stop,
    /// or a comma where, between two ideographs on each side, the character
    /// model reads a comma far likelier ([`COMMA_FOR_POINT_LOG_P`]). RapidOCR
    /// prints a comma as `.` on some faces (on the corpus factory's readable
    /// pages a `.` between ideographs was a comma 51 times and a stop 3 times),
    /// Tesseract a stop (95 and 11): the engine is not known, so the model must
    /// be sure.
    fn stop_or_comma(&self, i: usize, c: char) -> (char, Option<&'static str>) {
        let mut before = self.line[..i].chars().rev().filter_map(kept_form);
        let mut after = self.line[i + c.len_utf8()..].chars().filter_map(kept_form);
        let (b1, b2, a1, a2) = (before.next(), before.next(), after.next(), after.next());
        if let (Some(b1), Some(b2), Some(a1), Some(a2)) = (b1, b2, a1, a2) {
            if [b1, b2, a1, a2].into_iter().all(is_han) {
                let lm = CharLm::global();
                let context = [lm.id(b2), lm.id(b1)];
                let score = |m: char| lm.score(context, [lm.id(m), lm.id(a1), lm.id(a2)]);
                if score('，') - score('。') > COMMA_FOR_POINT_LOG_P {
                    return ('，', Some("Chinese comma printed as a point"));
                }
            }
        }
        ('。', Some("Chinese full stop"))
    }

    /// Whether the `.` at byte `i` ends a Chinese sentence: its nearest neighbours
    /// other than white space are an ideograph (or `%`, `》`) before it and an
    /// ideograph (or `《`, or the line's end) after it (`增长9%.二是` reads `9%。`;
    /// `63.58`, `U.S.`, `1.2节` and `……` or `...` stay). Quotes and brackets that
    /// this pass may turn Chinese do not count, so that a second run reads what
    /// the first did.
    fn is_full_stop(&self, i: usize, c: char) -> bool {
        // The neighbours as this pass leaves them: a dropped character or a space
        // is no neighbour, `⼯` is 工.
        let before = self.line[..i]
            .chars()
            .rev()
            .find_map(kept_form)
            .or_else(|| self.lead.chars().rev().find_map(kept_form));
        let after = self.line[i + c.len_utf8()..]
            .chars()
            .find_map(kept_form)
            .or_else(|| self.trail.chars().find_map(kept_form));
        before.is_some_and(|c| is_han(c) || matches!(c, '%' | '》' | '」' | '』'))
            && after.is_none_or(|c| is_han(c) || matches!(c, '《' | '「' | '『'))
    }

    #[inline]
    fn span(&self, i: usize, c: char) -> Span {
        Span::new(self.base + i, self.base + i + c.len_utf8())
    }

    /// The nearest context character before byte `i`.
    fn anchor_before(&self, i: usize) -> Option<char> {
        self.line[..i]
            .chars()
            .rev()
            .find_map(anchor_value)
            .or_else(|| self.lead.chars().rev().find_map(anchor_value))
    }

    /// The nearest context character after the character at byte `i`.
    fn anchor_after(&self, i: usize) -> Option<char> {
        let mut rest = self.line[i..].chars();
        rest.next();
        rest.find_map(anchor_value)
            .or_else(|| self.trail.chars().find_map(anchor_value))
    }

    /// Emits the changes for the run `line[start..end]` of white space and removed
    /// characters, between the final forms `before` and `after`.
    fn space_run(
        &self,
        start: usize,
        end: usize,
        before: Option<char>,
        after: Option<char>,
        out: &mut Coalescing,
    ) {
        let run = &self.line[start..end];
        let remove = match (before, after) {
            (_, None) => Some("space at line end"),
            // Leading white space is indentation: the reflow pass reads it.
            (None, Some(_)) => None,
            // The ideographic space is a separator of its own (a title's two parts).
            (Some(_), Some(_)) if run.chars().all(|c| c == '\u{3000}') => None,
            (Some(b), Some(a)) => {
                let joins = |x: char, y: char| is_cjk(x) && (is_cjk(y) || y.is_ascii_digit());
                (joins(b, a) || joins(a, b)).then_some("space between Chinese characters")
            }
        };
        if let Some(why) = remove {
            if run.chars().any(|c| matches!(map_char(c), Mapped::Space)) {
                out.push(Change::delete(
                    Span::new(self.base + start, self.base + end),
                    why,
                ));
                return;
            }
        }
        for (k, c) in run.char_indices() {
            let span = self.span(start + k, c);
            match map_char(c) {
                Mapped::Drop(why) => out.push(Change::delete(span, why)),
                _ if !matches!(c, ' ' | '\t' | '\u{3000}') => {
                    out.push(Change::replace(span, " ", "non-standard space"))
                }
                _ => {}
            }
        }
    }

    /// The final form of the punctuation `c` at byte `i`, with why it changed.
    fn punct(
        &mut self,
        i: usize,
        c: char,
        quotes: &mut QuoteState,
    ) -> (char, Option<&'static str>) {
        match c {
            ',' | ':' | ';' | '?' | '!' => {
                if chinese_context(self.anchor_before(i), self.anchor_after(i)) {
                    let to = match c {
                        ',' => '，',
                        ':' => '：',
                        ';' => '；',
                        '?' => '？',
                        _ => '！',
                    };
                    (to, Some("Chinese punctuation"))
                } else {
                    (c, None)
                }
            }
            '(' | ')' => {
                if self.paren_is_chinese(i) {
                    let to = if c == '(' { '（' } else { '）' };
                    (to, Some("Chinese parenthesis"))
                } else {
                    (c, None)
                }
            }
            '"' => {
                if chinese_context(self.anchor_before(i), self.anchor_after(i)) {
                    let to = if quotes.double_open { '”' } else { '“' };
                    quotes.double_open = !quotes.double_open;
                    (to, Some("paired quotes"))
                } else {
                    (c, None)
                }
            }
            '\'' => {
                let (b, a) = (self.anchor_before(i), self.anchor_after(i));
                let latin = |x: Option<char>| x.is_some_and(|c| c.is_ascii_alphabetic());
                if (b.is_some_and(is_han) || a.is_some_and(is_han)) && !latin(b) && !latin(a) {
                    let to = if quotes.single_open { '’' } else { '‘' };
                    quotes.single_open = !quotes.single_open;
                    (to, Some("paired quotes"))
                } else {
                    (c, None)
                }
            }
            '“' => {
                quotes.double_open = true;
                (c, None)
            }
            '”' => {
                quotes.double_open = false;
                (c, None)
            }
            '‘' => {
                quotes.single_open = true;
                (c, None)
            }
            '’' => {
                quotes.single_open = false;
                (c, None)
            }
            _ => (c, None),
        }
    }

    /// Whether the ASCII parenthesis at byte `i` stands in Chinese text: its pair
    /// holds Chinese or stands beside it; an unpaired one reads its neighbours.
    fn paren_is_chinese(&mut self, i: usize) -> bool {
        let line = self.line;
        let pairs = self.parens.get_or_insert_with(|| paren_pairs(line));
        match pairs.iter().find(|&&(o, cl)| o == i || cl == i) {
            Some(&(o, cl)) => {
                let inner = &line[o + 1..cl];
                if inner.chars().all(|c| anchor_value(c).is_none()) {
                    // `()` holds nothing: OCR damage (a `0`, a dropped character)
                    // that the corrector reads in its ASCII form.
                    return false;
                }
                inner.chars().any(|c| anchor_value(c).is_some_and(is_cjk))
                    || self.anchor_before(o).is_some_and(is_cjk)
                    || self.anchor_after(cl).is_some_and(is_cjk)
            }
            None => chinese_context(self.anchor_before(i), self.anchor_after(i)),
        }
    }
}

/// Matched ASCII parenthesis pairs of a line, as byte offsets.
fn paren_pairs(line: &str) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    for (i, c) in line.char_indices() {
        match c {
            '(' => open.push(i),
            ')' => {
                if let Some(o) = open.pop() {
                    pairs.push((o, i));
                }
            }
            _ => {}
        }
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> String {
        crate::testing::run(&Normalize::new(), s).text().to_owned()
    }

    use crate::testing::Case;

    const CASES: &[Case] = &[
        Case {
            name: "full-width digits and letters",
            input: "２００５年ＧＤＰ",
            want: "2005年GDP",
        },
        Case {
            name: "full-width symbols",
            input: "９５％以上，６３．５８亿元",
            want: "95%以上，63.58亿元",
        },
        Case {
            name: "Chinese full-width punctuation stays",
            input: "好，是；对！（一）",
            want: "好，是；对！（一）",
        },
        Case {
            name: "full stop after an ideograph",
            input: "任务全面完成.我们要继续。合法权益. 任何组织\n取得成效.",
            want: "任务全面完成。我们要继续。合法权益。任何组织\n取得成效。",
        },
        Case {
            name: "a comma printed as a point, where the model is sure",
            input: "减税范围.实行普遍性降费。合法权益. 加强政法",
            want: "减税范围，实行普遍性降费。合法权益，加强政法",
        },
        Case {
            name: "dots that are no full stop",
            input: "增长63.58亿元，U.S.公司，见1.2节，等等...好",
            want: "增长63.58亿元，U.S.公司，见1.2节，等等...好",
        },
        Case {
            name: "Kangxi radical",
            input: "⼯⼈阶级",
            want: "工人阶级",
        },
        Case {
            name: "CJK radicals supplement",
            input: "⻢上",
            want: "马上",
        },
        Case {
            name: "compatibility ideograph",
            input: "\u{F900}",
            want: "\u{8C48}",
        },
        Case {
            name: "zero-width and controls",
            input: "中\u{200B}华\u{7}人\u{FEFF}民",
            want: "中华人民",
        },
        Case {
            name: "comma between Chinese",
            input: "要求,结合",
            want: "要求，结合",
        },
        Case {
            name: "comma between digits stays",
            input: "共10,000人",
            want: "共10,000人",
        },
        Case {
            name: "colon after Chinese",
            input: "时间:2019-10-20",
            want: "时间：2019-10-20",
        },
        Case {
            name: "colon in ASCII stays",
            input: "ID:44262530",
            want: "ID:44262530",
        },
        Case {
            name: "time of day stays",
            input: "10:30开会",
            want: "10:30开会",
        },
        Case {
            name: "parentheses around Chinese",
            input: "2万人(次)",
            want: "2万人（次）",
        },
        Case {
            name: "parentheses around a number before Chinese",
            input: "(1)加强领导",
            want: "（1）加强领导",
        },
        Case {
            name: "ASCII parentheses stay",
            input: "f(x) = 1",
            want: "f(x) = 1",
        },
        Case {
            name: "unmatched closing parenthesis",
            input: "〈包括村办工业)，",
            want: "〈包括村办工业），",
        },
        Case {
            name: "straight quotes paired",
            input: "\"创争\"活动",
            want: "“创争”活动",
        },
        Case {
            name: "straight quote closes a curly one",
            input: "支持“创争\"活动",
            want: "支持“创争”活动",
        },
        Case {
            name: "English quotes stay",
            input: "say \"hi\" now",
            want: "say \"hi\" now",
        },
        Case {
            name: "spaces between Chinese removed",
            input: "过去的 人 半程中",
            want: "过去的人半程中",
        },
        Case {
            name: "space before a digit removed",
            input: "增长 9.8%",
            want: "增长9.8%",
        },
        Case {
            name: "space after a digit removed",
            input: "2009 年",
            want: "2009年",
        },
        Case {
            name: "space between Latin words stays",
            input: "Public domain",
            want: "Public domain",
        },
        Case {
            name: "space after punctuation removed",
            input: "实现。 “六五”",
            want: "实现。“六五”",
        },
        Case {
            name: "space around converted comma",
            input: "国家 , 发展",
            want: "国家，发展",
        },
        Case {
            name: "trailing space removed",
            input: "第一行  \n第二行\u{3000}",
            want: "第一行\n第二行",
        },
        Case {
            name: "indentation kept",
            input: "\u{3000}\u{3000}正文",
            want: "\u{3000}\u{3000}正文",
        },
        Case {
            name: "ideographic space inside a title kept",
            input: "大胆实践\u{3000}推动",
            want: "大胆实践\u{3000}推动",
        },
        Case {
            name: "no-break space",
            input: "Public\u{A0}domain",
            want: "Public domain",
        },
        Case {
            name: "apostrophe stays",
            input: "don't 中",
            want: "don't 中",
        },
    ];

    #[test]
    fn table() {
        for c in CASES {
            assert_eq!(norm(c.input), c.want, "case {:?}", c.name);
        }
    }

    #[test]
    fn static_strings_are_the_characters() {
        for c in (' '..='~').chain("，：；？！（）“”‘’中".chars()) {
            assert_eq!(char_str(c), c.to_string());
        }
    }

    #[test]
    fn near_every_position_is_everywhere() {
        let texts = [
            "\"继续\n执行\"。\n\n\"新段\"，要求,结合\n  第二行 , 好\n",
            "a (b) c\n中 , 文\n\n\n\"x\"中\n",
        ];
        for t in texts {
            let all: Vec<usize> = (0..=t.len()).filter(|&i| t.is_char_boundary(i)).collect();
            assert_eq!(
                changes_near(t, &all, QuoteState::default(), ("", "")),
                changes(t),
                "{t:?}"
            );
        }
    }

    #[test]
    fn idempotent_on_table() {
        for c in CASES {
            let once = norm(c.input);
            assert_eq!(norm(&once), once, "case {:?}", c.name);
        }
    }

    #[test]
    fn a_stretch_leaves_the_quotes_the_whole_leaves_open_there() {
        // Each text cut at every line start: the second part normalised from
        // the quotes the first leaves open gives the whole's changes there.
        let texts = [
            "\"继续\n执行\"。\n'大水漫灌'式\n\n\"新段\n",
            "我们不搞'大水\n漫灌'式的\n强刺激'，\n“已有”\n\"再\n",
            "“开\n'中\n\n\n”关'\nabc 'x' \"y\"\n",
        ];
        for t in texts {
            let whole = changes(t);
            let cuts = std::iter::once(0).chain(t.match_indices('\n').map(|(i, _)| i + 1));
            for cut in cuts {
                let open = QuoteState::default().after(quote_effect(&t[..cut]));
                let part: Vec<Change> = changes_from(&t[cut..], open, ("", ""))
                    .into_iter()
                    .map(|mut c| {
                        c.span = Span::new(c.span.start + cut, c.span.end + cut);
                        c
                    })
                    .collect();
                let after: Vec<Change> = whole
                    .iter()
                    .filter(|c| c.span.start >= cut)
                    .cloned()
                    .collect();
                assert_eq!(part, after, "{t:?} cut at {cut}");
            }
        }
    }

    #[test]
    fn quotes_carry_over_a_line_break_but_not_a_paragraph() {
        assert_eq!(norm("\"继续\n执行\"。"), "“继续\n执行”。");
        assert_eq!(norm("\"继续\n\n\"执行"), "“继续\n\n“执行");
    }

    #[test]
    fn every_table_entry_maps_to_an_ideograph() {
        let mut last = '\0';
        for &(from, to) in IDEOGRAPH_EQUIVALENTS {
            assert!(from > last, "sorted and unique at {from:?}");
            last = from;
            assert!(is_han(to), "{from:?} -> {to:?}");
        }
        assert!(IDEOGRAPH_EQUIVALENTS.len() > 1200);
    }

    #[test]
    fn table_agrees_with_unicode_normalization() {
        use unicode_normalization::UnicodeNormalization;
        for &(from, to) in IDEOGRAPH_EQUIVALENTS {
            let nfkc: String = from.to_string().nfkc().collect();
            let single = nfkc.chars().count() == 1;
            // Kangxi radicals and compatibility ideographs decompose in Unicode; the
            // radicals supplement and strokes (but two) do not.
            if matches!(from, '\u{2F00}'..='\u{2FDF}' | '\u{F900}'..='\u{FAFF}' | '\u{2F800}'..) {
                assert!(
                    single && nfkc.starts_with(to),
                    "{from:?}: {nfkc:?} vs {to:?}"
                );
            }
        }
    }
}
