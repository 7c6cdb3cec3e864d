//! Unicode normalisation: the forms PDF text layers and OCR engines emit, turned
//! into the ones Chinese text is written with.
//!
//! Every change is one [`Edit`](crate::Edit) of kind [`EditKind::Normalize`]:
//!
//! * full-width ASCII letters and digits (`２００５`, `ＡＢ`) and symbols (`％`, `．`)
//!   to half-width; the Chinese punctuation of the full-width block stays;
//! * Kangxi radicals, the CJK radicals supplement, CJK strokes and CJK compatibility
//!   ideographs to the ordinary ideographs (`⼯` → `工`, `⻢` → `马`, `豈` → `豈`);
//! * zero-width, bidirectional and other invisible characters and control
//!   characters removed;
//! * white space between Chinese characters (and between them and digits) removed,
//!   as is white space at line ends; other spaces become plain spaces;
//! * Western punctuation in Chinese text to the Chinese forms of GB/T 15834:
//!   `,` → `，`, `:` → `：`, `;` → `；`, `?` → `？`, `!` → `！`, `(…)` → `（…）`, and
//!   straight quotes to paired `“ ”` / `‘ ’`.
//!
//! Whether punctuation stands in Chinese text is read from its nearest neighbours
//! that are neither white space nor punctuation this pass may change, so that the
//! pass gives the same answer on its own output (it is idempotent).

mod tables;

use crate::chars::{is_cjk, is_han};
use crate::{Change, Document, EditKind, Pass, Span};

use self::tables::IDEOGRAPH_EQUIVALENTS;

/// The normalisation pass. See the [module docs](self) for what it changes.
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
        let changes = changes(doc.text());
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

/// One character of a line, with its byte offset and what the mapping makes of it.
#[derive(Clone, Copy, Debug)]
struct Slot {
    at: usize,
    ch: char,
    mapped: Mapped,
}

impl Slot {
    /// The character after the character-level mapping.
    #[inline]
    fn value(&self) -> char {
        match self.mapped {
            Mapped::To(c, _) => c,
            _ => self.ch,
        }
    }
}

/// The character-level mapping, independent of context.
fn map_char(c: char) -> Mapped {
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

/// The nearest character before `i` that tells the context: not white space, not
/// removed, not convertible punctuation.
fn anchor_before(line: &[Slot], i: usize) -> Option<char> {
    line[..i]
        .iter()
        .rev()
        .find(|s| is_anchor(s))
        .map(Slot::value)
}

/// The nearest character after `i` that tells the context.
fn anchor_after(line: &[Slot], i: usize) -> Option<char> {
    line[i + 1..].iter().find(|s| is_anchor(s)).map(Slot::value)
}

#[inline]
fn is_anchor(s: &Slot) -> bool {
    matches!(s.mapped, Mapped::Keep | Mapped::To(..)) && !is_convertible_punct(s.value())
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
#[derive(Default)]
struct QuoteState {
    double_open: bool,
    single_open: bool,
}

/// Computes the pass's changes over `text`.
pub(crate) fn changes(text: &str) -> Vec<Change> {
    let mut out = Vec::new();
    let mut line: Vec<Slot> = Vec::new();
    let mut finals: Vec<char> = Vec::new();
    let mut quotes = QuoteState::default();
    let mut start = 0usize;
    for segment in text.split_inclusive('\n') {
        let body = segment.strip_suffix('\n').unwrap_or(segment);
        if body.trim().is_empty() {
            // A blank line ends a paragraph: quotes do not carry over it.
            quotes = QuoteState::default();
        }
        if needs_work(body) {
            line.clear();
            line.extend(body.char_indices().map(|(i, ch)| Slot {
                at: start + i,
                ch,
                mapped: map_char(ch),
            }));
            line_changes(&line, &mut finals, &mut quotes, &mut out);
        } else {
            track_quotes(body, &mut quotes);
        }
        start += segment.len();
    }
    out
}

/// Whether a line holds anything this pass may change. Most lines of Chinese text
/// are ideographs and Chinese punctuation only, and are skipped without decoding.
#[inline]
fn needs_work(line: &str) -> bool {
    line.bytes().any(|b| {
        b < 0x80 && !b.is_ascii_alphanumeric() && !matches!(b, b'.' | b'%' | b'-' | b'/')
            || matches!(b, 0xC2 | 0xE2 | 0xE3 | 0xEF | 0xF0 | 0xF3)
    })
}

/// Follows curly quotes through a line this pass does not change.
fn track_quotes(line: &str, quotes: &mut QuoteState) {
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

fn line_changes(
    line: &[Slot],
    finals: &mut Vec<char>,
    quotes: &mut QuoteState,
    out: &mut Vec<Change>,
) {
    let parens = paren_pairs(line);
    // Pass 1: every non-space character's final form.
    finals.clear();
    let mut reasons: Vec<Option<&'static str>> = Vec::with_capacity(line.len());
    for (i, s) in line.iter().enumerate() {
        let (fin, why) = match s.mapped {
            Mapped::Keep => punct(line, i, &parens, quotes),
            Mapped::To(c, why) => match c {
                '"' | '\'' => {
                    let (q, w) = punct(line, i, &parens, quotes);
                    (q, w.or(Some(why)))
                }
                _ => (c, Some(why)),
            },
            Mapped::Space | Mapped::Drop(_) => (s.ch, None),
        };
        finals.push(fin);
        reasons.push(why);
    }
    // Pass 2: emit, deciding white space runs from their final neighbours.
    let mut i = 0;
    while i < line.len() {
        let s = line[i];
        match s.mapped {
            Mapped::Drop(why) => {
                out.push(Change::delete(span_of(&s), why));
                i += 1;
            }
            Mapped::Space => {
                let mut j = i;
                while j < line.len() && matches!(line[j].mapped, Mapped::Space | Mapped::Drop(_)) {
                    j += 1;
                }
                space_run(line, finals, i, j, out);
                i = j;
            }
            Mapped::Keep | Mapped::To(..) => {
                if finals[i] != s.ch {
                    let why = reasons[i].unwrap_or("Chinese punctuation");
                    out.push(Change::replace(span_of(&s), finals[i].to_string(), why));
                }
                i += 1;
            }
        }
    }
}

/// Emits the changes for the run `line[i..j]` of white space and removed characters.
fn space_run(line: &[Slot], finals: &[char], i: usize, j: usize, out: &mut Vec<Change>) {
    let before = line[..i]
        .iter()
        .rposition(|s| matches!(s.mapped, Mapped::Keep | Mapped::To(..)))
        .map(|k| finals[k]);
    let after = line.get(j).map(|_| finals[j]);
    let remove = match (before, after) {
        // Trailing white space.
        (_, None) => Some("space at line end"),
        // Leading white space is indentation: the reflow pass reads it.
        (None, Some(_)) => None,
        // The ideographic space is a separator of its own (a title's two parts).
        (Some(_), Some(_)) if line[i..j].iter().all(|s| s.ch == '\u{3000}') => None,
        (Some(b), Some(a)) => {
            let joins = |x: char, y: char| is_cjk(x) && (is_cjk(y) || y.is_ascii_digit());
            (joins(b, a) || joins(a, b)).then_some("space between Chinese characters")
        }
    };
    if let Some(why) = remove {
        let span = Span::new(line[i].at, line[j - 1].at + line[j - 1].ch.len_utf8());
        out.push(Change::delete(span, why));
        return;
    }
    for s in &line[i..j] {
        match s.mapped {
            Mapped::Drop(why) => out.push(Change::delete(span_of(s), why)),
            // Indentation with the ideographic space is kept as it is.
            _ if s.ch != ' ' && s.ch != '\t' && s.ch != '\u{3000}' => {
                out.push(Change::replace(span_of(s), " ", "non-standard space"))
            }
            _ => {}
        }
    }
}

#[inline]
fn span_of(s: &Slot) -> Span {
    Span::new(s.at, s.at + s.ch.len_utf8())
}

/// The final form of punctuation at `i` (or the character itself), with why.
fn punct(
    line: &[Slot],
    i: usize,
    parens: &[(usize, usize)],
    quotes: &mut QuoteState,
) -> (char, Option<&'static str>) {
    let c = line[i].value();
    match c {
        ',' | ':' | ';' | '?' | '!' => {
            if chinese_context(anchor_before(line, i), anchor_after(line, i)) {
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
            let chinese = match parens.iter().find(|&&(o, cl)| o == i || cl == i) {
                // `()` holds nothing: OCR damage (a `0`, a dropped character) that
                // the corrector reads in its ASCII form.
                Some(&(o, cl)) if line[o + 1..cl].iter().all(|s| !is_anchor(s)) => false,
                Some(&(o, cl)) => {
                    line[o + 1..cl].iter().any(|s| is_cjk(s.value()))
                        || anchor_before(line, o).is_some_and(is_cjk)
                        || anchor_after(line, cl).is_some_and(is_cjk)
                }
                None => chinese_context(anchor_before(line, i), anchor_after(line, i)),
            };
            if chinese {
                (
                    if c == '(' { '（' } else { '）' },
                    Some("Chinese parenthesis"),
                )
            } else {
                (c, None)
            }
        }
        '"' => {
            if chinese_context(anchor_before(line, i), anchor_after(line, i)) {
                let to = if quotes.double_open { '”' } else { '“' };
                quotes.double_open = !quotes.double_open;
                (to, Some("paired quotes"))
            } else {
                (c, None)
            }
        }
        '\'' => {
            let (b, a) = (anchor_before(line, i), anchor_after(line, i));
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

/// Matched ASCII parenthesis pairs of a line, as slot indices.
fn paren_pairs(line: &[Slot]) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    for (i, s) in line.iter().enumerate() {
        match s.value() {
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
    use crate::rebuild_original;

    fn norm(s: &str) -> String {
        let mut doc = Document::new(s, "UTF-8");
        Normalize::new().run(&mut doc);
        assert_eq!(rebuild_original(doc.text(), doc.edits()).unwrap(), s);
        doc.text().to_owned()
    }

    struct Case {
        name: &'static str,
        input: &'static str,
        want: &'static str,
    }

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
    fn idempotent_on_table() {
        for c in CASES {
            let once = norm(c.input);
            assert_eq!(norm(&once), once, "case {:?}", c.name);
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
