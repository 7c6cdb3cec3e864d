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

/// How much likelier (`ln`) a misread `；` is to be printed as a colon than a
/// misread `，` or `。`: the colon's dot pair is the semicolon's less its tail.
/// On the readable factory pages of the faces the rules were written on, a
/// colon between ideographs stood for 42 of the 1,725 semicolons, 21 of the
/// 9,163 commas and 16 of the 5,457 full stops (`ln` 2.3 and 2.1 more per
/// mark); the character model weighs how often each mark is written.
const COLON_SEMICOLON_LOG_P: f64 = 2.0;

/// A colon's readings where it ends a label ([`label_before`]): a label's colon
/// introduces (`（五）城市道路照明设施：道路、桥涵……`), and the semicolon's
/// channel prior is not given.
const COLON_AFTER_LABEL: &[(char, f64)] = &[
    ('。', MISREAD_LOG_P),
    ('，', MISREAD_LOG_P),
    ('；', MISREAD_LOG_P),
];

/// The most characters of a label that opens a line before a colon.
const LABEL_CHARS: usize = 12;

/// The label the colon at byte `at` ends, if it ends one: what stands between
/// the line's start (and a list item's number, `（五）` `1.` `三、`) and the colon
/// is a few ideographs and no mark.
fn label_before(text: &str, at: usize) -> Option<&str> {
    let floor = crate::chars::ceil_boundary(text, at.saturating_sub(64));
    let start = text[floor..at].rfind('\n').map_or(floor, |p| floor + p + 1);
    if start == floor && floor > 0 {
        return None;
    }
    let line = text[start..at].trim_start();
    let label = line
        .trim_start_matches(['（', '(', '）', ')', '、', '.', ' ', '\u{3000}'])
        .trim_start_matches(|c: char| ORDINALS.contains(c) || c.is_ascii_digit())
        .trim_start_matches(['）', ')', '、', '.', ' ', '\u{3000}']);
    (label.chars().all(is_han) && label.chars().count() <= LABEL_CHARS).then_some(label)
}

/// Whether a label addresses people (`各位代表`, `同志们`, `尊敬的…`): a speech's
/// salutation, whose colon is meant whatever the words after it.
fn salutation(label: &str) -> bool {
    label.starts_with(['各', '尊', '亲'])
        || [
            "们", "代表", "同志", "委员", "先生", "女士", "朋友", "来宾", "大家", "领导",
        ]
        .iter()
        .any(|w| label.ends_with(w))
}

/// Words that make a colon in a line announce what follows it: a list
/// (`包括`, `下列`, `分为`, `内容`), a definition (`是指`, `称`), a quotation
/// or a ruling (`说`, `判决`, `约定`, `写明`, `其中`).
const COLON_ANNOUNCES: [&str; 37] = [
    "有", "写明", "载明", "注明", "条件", "判", "其中", "注", "约定", "令", "确定", "下列", "如下",
    "以下", "下述", "附", "包括", "之一", "情形", "是", "为", "指", "规定", "称", "说", "看", "如",
    "即", "决定", "分", "含义", "内容", "范围", "标准", "要求", "誓", "“",
];

/// How far back (in bytes) [`between_clauses`] reads a colon's sentence.
const CLAUSES_LOOK: usize = 512;

/// Whether the colon at byte `at`, between ideographs, stands between two
/// clauses of a sentence where the page had a semicolon (`……签订书面合同，明确
/// 双方权利义务：工程监理单位应当……`): its sentence (in its line, from the last
/// `。` before it) has a clause before the colon's (a `，` or `；`), holds no word
/// that announces ([`COLON_ANNOUNCES`]: `对以下三类企业，必须首先实行关停并转：`
/// announces), and no list item or definition follows (`：一、`, `：是指`). A label (`（一）林地补偿费：`)
/// or a sentence that opens with what it announces (`会议指出：`) has no clause
/// before the colon. On the readable factory pages 10 of the 12 such colons
/// stood for `；` (one for `。`, one a speck); no gold text of dev or the
/// factory has one, and `../shared/corpus/laws` 4 (in 63 MB: `对……立法会负责：
/// 执行……`).
fn between_clauses(text: &str, at: usize) -> bool {
    let rest = &text[at + '：'.len_utf8()..];
    if !rest.chars().next().is_some_and(is_han)
        || !text[..at].chars().next_back().is_some_and(is_han)
        || item_marker(rest).is_some()
        || rest.starts_with(['是', '指'])
    {
        return false;
    }
    // Read at most `CLAUSES_LOOK` bytes back: a colon costs a bounded read
    // however long its line.
    let floor = crate::chars::ceil_boundary(text, at.saturating_sub(CLAUSES_LOOK));
    let start = text[floor..at].rfind('\n').map_or(floor, |p| floor + p + 1);
    let line = &text[start..at];
    let sentence = &line[line.rfind(['。', '！', '？']).map_or(0, |p| p)..];
    sentence.contains(['，', '；'])
        && !sentence.contains('：')
        && !COLON_ANNOUNCES.iter().any(|w| sentence.contains(w))
}

/// Words an item's text opens with whose first character a reference to an
/// item goes on with (`（二）项目名称`, not `（二）项规定的`).
const ITEM_WORDS: [&str; 5] = ["项目", "条件", "目标", "目录", "款项"];

/// The marks each observed mark may stand for, each with the prior of its
/// misreading.
fn readings(observed: char) -> &'static [(char, f64)] {
    match observed {
        '·' | '•' | '.' => &[
            ('。', MISREAD_LOG_P),
            ('，', MISREAD_LOG_P),
            ('、', MISREAD_LOG_P),
        ],
        '：' | ':' => &[
            ('。', MISREAD_LOG_P),
            ('，', MISREAD_LOG_P),
            ('；', MISREAD_LOG_P + COLON_SEMICOLON_LOG_P),
        ],
        '丶' => &[('、', STRAY_LOG_P), ('，', STRAY_LOG_P)],
        ';' => &[('；', STRAY_LOG_P)],
        _ => &[],
    }
}

/// `ln P` that a paragraph's closing mark was lost (faded, or too small at
/// the end of a line for the engine): the prior the model's gain for putting
/// a `。` back must beat.
const DROPPED_STOP_LOG_P: f64 = -1.0;

/// The fewest characters a paragraph must hold for a lost closing mark to be
/// put back: a heading or a name on a line of its own ends with none.
const SENTENCE_CHARS: usize = 16;

/// The positions that `a` and `b` (each in order, none in both) yield, in
/// order: the bytes of several kinds that the rules look for, each kind found
/// by `memchr` rather than by reading every byte.
fn merged(
    a: impl Iterator<Item = usize>,
    b: impl Iterator<Item = usize>,
) -> impl Iterator<Item = usize> {
    let (mut a, mut b) = (a.peekable(), b.peekable());
    std::iter::from_fn(move || match (a.peek(), b.peek()) {
        (Some(x), Some(y)) if x > y => b.next(),
        (Some(_), _) => a.next(),
        (None, _) => b.next(),
    })
}

/// Adds to `out` the readings of the suspicious marks that start inside
/// `within`.
pub(crate) fn changes_in(text: &str, within: Span, out: &mut Vec<Change>) {
    // What four rules make of a line's end depends on the next line's start
    // (a stop lost before a paragraph, a colon before a new article or a
    // list's first item, the semicolon that ends an item before the next):
    // where `within` starts a line, they read the end of
    // the line before it too, so that a correction at a line's start (which
    // the corrector's later rounds read around) is read with the line before.
    let ends = with_line_before(text, within);
    brackets(text, within, out);
    specks(text, within, out);
    list_colons(text, ends, out);
    dropped_stops(text, ends, out);
    lost_item_opens(text, within, out);
    line_ends(text, ends, out);
    line_starts(text, within, out);
    first_items(text, ends, out);
    final_stop(text, within, out);
    let end = within.end.min(text.len());
    // Found from their bytes: `·` (C2 B7), `•` (E2 80 A2), `：` (EF BC 9A),
    // `丶` (E4 B8 B6) and the ASCII `.` `:` `;`.
    let bytes = text.as_bytes();
    let from = within.start.min(end);
    let ascii = memchr::memchr3_iter(b'.', b':', b';', &bytes[from..end]);
    let wide = memchr::memchr3_iter(0xC2, 0xE2, 0xEF, &bytes[from..end]);
    let stray = memchr::memmem::find_iter(&bytes[from..end], "丶".as_bytes());
    for k in merged(merged(ascii, wide), stray).map(|k| from + k) {
        // No continuation byte starts one of these, so each is a character's.
        let c = match &bytes[k..] {
            [b'.', ..] => '.',
            [b':', ..] => ':',
            [b';', ..] => ';',
            [0xC2, 0xB7, ..] => '·',
            [0xE2, 0x80, 0xA2, ..] => '•',
            [0xEF, 0xBC, 0x9A, ..] => '：',
            [0xE4, 0xB8, 0xB6, ..] => '丶',
            _ => continue,
        };
        let label = matches!(c, '：' | ':')
            .then(|| label_before(text, k))
            .flatten();
        let options = if label.is_some_and(salutation) {
            continue;
        } else if label.is_some() {
            COLON_AFTER_LABEL
        } else {
            readings(c)
        };
        if let Some(change) = reading(text, k, c, options, CharLm::global()) {
            out.push(change);
        } else if c == '：' && between_clauses(text, k) {
            // Where the model reads no other mark, a colon between two clauses
            // is the semicolon the channel's prior favours.
            out.push(Change {
                span: Span::new(k, k + c.len_utf8()),
                after: "；".into(),
                why: "OCR confusion of marks".into(),
                confidence: 0.7,
            });
        }
    }
}

/// `within` from the start of the line before it (blank lines between
/// passed over, at most [`LINE_LOOK`] bytes back), when it starts a line.
fn with_line_before(text: &str, within: Span) -> Span {
    let start = within.start.min(text.len());
    if start == 0 || text.as_bytes()[start - 1] != b'\n' {
        return within;
    }
    let content_end = text[..start].trim_end().len();
    let floor = crate::chars::ceil_boundary(text, content_end.saturating_sub(LINE_LOOK));
    let line_start = text[floor..content_end]
        .rfind('\n')
        .map_or(floor, |p| floor + p + 1);
    Span::new(line_start, within.end)
}

/// The bracket pairs: opening, closing.
const PAIRS: [(char, char); 12] = [
    ('（', '）'),
    ('(', ')'),
    ('《', '》'),
    ('〈', '〉'),
    ('〔', '〕'),
    ('［', '］'),
    ('[', ']'),
    ('{', '}'),
    ('<', '>'),
    ('「', '」'),
    ('『', '』'),
    ('【', '】'),
];

fn closing_of(open: char) -> Option<char> {
    PAIRS.iter().find(|p| p.0 == open).map(|p| p.1)
}

fn opening_of(close: char) -> Option<char> {
    PAIRS.iter().find(|p| p.1 == close).map(|p| p.0)
}

/// The most characters between a pair of brackets of two kinds that is read
/// as one kind: `〈市）`, `第《一）项`, `（药品管理法》`.
const BRACKET_REACH: usize = 12;

/// A pair of brackets of two kinds (`〈市）`, `（药品管理法》`), with a few
/// characters and no other bracket between them on the line: the engine read
/// one half as a bracket of another kind. Which half is decided by the
/// character model over the pair and its context (`《…法》`, `（市）`).
fn brackets(text: &str, within: Span, out: &mut Vec<Change>) {
    let end = within.end.min(text.len());
    let from = within.start.min(end);
    let bytes = text.as_bytes();
    let lm = CharLm::global();
    // The opening brackets are found from their first bytes (ASCII, or E3 and
    // EF for the full-width ones): no ideograph starts so.
    let wide = memchr::memchr3_iter(b'(', 0xE3, 0xEF, &bytes[from..end]);
    let ascii = memchr::memchr3_iter(b'[', b'{', b'<', &bytes[from..end]);
    for at in merged(wide, ascii).map(|k| from + k) {
        let Some(open) = text[at..].chars().next() else {
            break;
        };
        let Some(own_close) = closing_of(open) else {
            continue;
        };
        let after = &text[at + open.len_utf8()..];
        let mut inside = 0;
        let mut close = None;
        for (b, d) in after.char_indices() {
            if d == '\n' || inside > BRACKET_REACH {
                break;
            }
            if opening_of(d).is_some() || closing_of(d).is_some() {
                close = Some((b, d));
                break;
            }
            inside += 1;
        }
        let Some((b, close)) = close else { continue };
        let Some(close_open) = opening_of(close) else {
            continue;
        };
        if close == own_close || inside == 0 {
            continue;
        }
        let close_at = at + open.len_utf8() + b;
        // The two readings: the opening half as the closing one's partner, or
        // the closing half as the opening one's.
        let mut left = text[..at].chars().rev();
        let l1 = left.next();
        let l2 = left.next();
        let id = |c: Option<char>| c.map_or(0, |c| lm.id(c));
        let inner: Vec<_> = text[at + open.len_utf8()..close_at]
            .chars()
            .map(|c| lm.id(c))
            .collect();
        let mut right = text[close_at + close.len_utf8()..].chars();
        let (r1, r2) = (id(right.next()), id(right.next()));
        let score = |o: char, c: char| {
            let chars = std::iter::once(lm.id(o))
                .chain(inner.iter().copied())
                .chain([lm.id(c), r1, r2]);
            lm.score([id(l2), id(l1)], chars)
        };
        let change = if score(close_open, close) >= score(open, own_close) {
            bracket_change(at, open, close_open)
        } else {
            bracket_change(close_at, close, own_close)
        };
        out.push(change);
    }
}

fn bracket_change(at: usize, c: char, to: char) -> Change {
    Change {
        span: Span::new(at, at + c.len_utf8()),
        after: to.to_string().into(),
        why: "OCR confusion of brackets".into(),
        confidence: 0.9,
    }
}

/// The Chinese numerals of list items, in order.
const ORDINALS: &str = "一二三四五六七八九十";

/// The value of the Chinese numeral `s` opens with (`三`, `十一`, `二十`,
/// `九十九`: 1 to 99), and its length in bytes.
fn numeral(s: &str) -> Option<(usize, usize)> {
    let digit = |c: char| ORDINALS.chars().position(|o| o == c).map(|k| k + 1);
    let mut it = s.chars();
    let a = digit(it.next()?)?;
    let b = it.next().and_then(digit);
    let c = it.next().and_then(digit);
    let one = '一'.len_utf8();
    Some(match (a, b, c) {
        // `二十一`
        (2..=9, Some(10), Some(c @ 1..=9)) => (a * 10 + c, 3 * one),
        // `二十`
        (2..=9, Some(10), _) => (a * 10, 2 * one),
        // `十一`
        (10, Some(b @ 1..=9), _) => (10 + b, 2 * one),
        _ => (a, one),
    })
}

/// The Chinese numeral of `n` (1 to 99), as [`numeral`] reads it.
fn numeral_text(n: usize) -> Option<String> {
    let digit = |k: usize| ORDINALS.chars().nth(k - 1);
    Some(match n {
        1..=10 => digit(n)?.to_string(),
        11..=19 => format!("十{}", digit(n - 10)?),
        20..=99 if n % 10 == 0 => format!("{}十", digit(n / 10)?),
        21..=99 => format!("{}十{}", digit(n / 10)?, digit(n % 10)?),
        _ => return None,
    })
}

/// The list item marker `（N）`, `(N)` or `N、` at the start of `s` (white
/// space before it allowed, a line break too; `N` a digit, or a Chinese
/// numeral up to 99: `（十一）`): its ordinal (1 for 一 or 1), its form, and
/// whether its number is a digit.
fn item_marker(s: &str) -> Option<(usize, char, bool)> {
    let s = s.trim_start();
    let first = s.chars().next()?;
    let (open, rest) = if matches!(first, '（' | '(') {
        (first, &s[first.len_utf8()..])
    } else {
        ('\0', s)
    };
    let (n, len, digits) = match rest.chars().next()? {
        d @ '1'..='9' => (d.to_digit(10)? as usize, 1, true),
        _ => {
            let (n, len) = numeral(rest)?;
            (n, len, false)
        }
    };
    let close = rest[len..].chars().next()?;
    let ok = match open {
        '\0' => close == '、',
        _ => matches!(close, '）' | ')'),
    };
    ok.then_some((n, open, digits))
}

/// Whether the item numbered `n` of form `open` (`（`, `(` or none for `N、`)
/// has the item before it in `before` (numbered with a digit, or not).
fn item_before(before: &str, n: usize, open: char, digits: bool) -> bool {
    let prev = if digits {
        (n > 1 && n <= 10).then(|| (n - 1).to_string())
    } else {
        numeral_text(n - 1)
    };
    let Some(prev) = prev else {
        return false;
    };
    match open {
        '\0' => before.contains(&format!("{prev}、")),
        _ => before.contains(&format!("（{prev}）")) || before.contains(&format!("({prev})")),
    }
}

/// The end of a list's item before its next one (`……资料：（二）有……`,
/// `……活动，（七）设置……`, `……审判员（四）根据……`): a colon announces a
/// list at its first item, so before a later one it is the semicolon that
/// ends the item before; where the document ends its items with semicolons
/// (`；（三）` somewhere in it), a comma or no mark there is one too. Only
/// where the item before is in the text, and never before a reference to an
/// item (`第（二）项`).
fn list_colons(text: &str, within: Span, out: &mut Vec<Change>) {
    let end = within.end.min(text.len());
    let mut convention: Option<bool> = None;
    for (at, c, k) in before_items(text, within.start.min(end), end) {
        let colon = matches!(c, '：' | ':');
        let comma = matches!(c, '，' | ',');
        // A mark before the item, or the last character of the item before.
        if !(colon || comma || is_han(c)) {
            continue;
        }
        let Some((n, open, digits)) = item_marker(&text[k..]) else {
            continue;
        };
        // Digits after an ASCII colon or comma are a time, a ratio or a number.
        if n < 2 || (matches!(c, ':' | ',') && digits) {
            continue;
        }
        // Only `（N）` items take a mark put back or a comma read again: `二、`
        // runs in lists of words (`一、二、三等奖`).
        if !colon && open == '\0' {
            continue;
        }
        // A reference to an item, not an item: `第（二）项`, `（二）项`.
        let after_marker = text[k..]
            .trim_start()
            .split_once(['）', ')'])
            .map_or("", |x| x.1);
        // Nor a title's number (`《……修正案（十一）》`): an item's text opens
        // with no closing mark.
        if matches!(c, '第' | '和' | '或' | '至' | '及')
            || after_marker.starts_with(['》', '〉', '”', '）', ')', '，', '。', '；', '：'])
            || after_marker.starts_with(['项', '款', '目', '条', '、', '和', '或', '至'])
                && !ITEM_WORDS.iter().any(|w| after_marker.starts_with(w))
        {
            continue;
        }
        let from = text[..at]
            .char_indices()
            .rev()
            .nth(2000)
            .map_or(0, |(b, _)| b);
        if !item_before(&text[from..at], n, open, digits) {
            continue;
        }
        if !colon {
            let semicolons = *convention.get_or_insert_with(|| semicolon_items(text));
            if !semicolons {
                continue;
            }
        }
        let (span, why) = if is_han(c) {
            (Span::new(k, k), "OCR lost the closing mark")
        } else {
            (Span::new(at, k), "OCR confusion of marks")
        };
        out.push(Change {
            span,
            after: "；".into(),
            why: why.into(),
            confidence: 0.9,
        });
    }
}

/// The characters that starting in `from..end` stand before a list item's
/// marker (`（N）`, `(N)`, `N、`), with only white space between: each one's
/// byte, the character and the byte after it. Found from the markers' marks
/// (`（` `(` `、`, whose bytes no ideograph has), not by reading every
/// character.
fn before_items(
    text: &str,
    from: usize,
    end: usize,
) -> impl Iterator<Item = (usize, char, usize)> + '_ {
    let bytes = text.as_bytes();
    // A marker after the span's last character may follow white space.
    let ws_end = text.len() - text[end..].trim_start().len();
    let scan_end = (ws_end + '、'.len_utf8() + 1).min(text.len());
    memchr::memchr3_iter(0xEF, 0xE3, b'(', &bytes[from..scan_end]).filter_map(move |i| {
        let p = from + i;
        let marker = match &bytes[p..] {
            [b'(', ..] | [0xEF, 0xBC, 0x88, ..] => p,
            [0xE3, 0x80, 0x81, ..] => {
                // `N、`: the numeral before the `、`.
                let num = text[..p].chars().next_back()?;
                if !(ORDINALS.contains(num) || num.is_ascii_digit()) {
                    return None;
                }
                p - num.len_utf8()
            }
            _ => return None,
        };
        if marker > ws_end || item_marker(&text[marker..]).is_none() {
            return None;
        }
        let before = text[..marker].trim_end();
        let c = before.chars().next_back()?;
        let at = before.len() - c.len_utf8();
        (from..end).contains(&at).then_some((at, c, before.len()))
    })
}

/// Whether `c` is a mark of Chinese running text.
fn is_cjk_mark(c: char) -> bool {
    matches!(
        c,
        '。' | '，' | '、' | '；' | '：' | '！' | '？' | '“' | '”'
    )
}

/// How far back [`specks`] looks for the start of a line.
const LINE_LOOK: usize = 4096;

/// Specks read as marks that running Chinese text never writes: a bar beside
/// an ideograph or a mark (`理由|；`, `分割|发放`: a rule or a speck; not in a
/// line with two bars, a table's), a point or middle dot opening a line before
/// an ideograph (`.余额不足`), a full stop doubled (`管理。。`) or after the
/// number of an article (`第十八条。经营者`).
fn specks(text: &str, within: Span, out: &mut Vec<Change>) {
    let end = within.end.min(text.len());
    let from = within.start.min(end);
    let bytes = text.as_bytes();
    // The start of the current line, kept as the marks go by (looking it up
    // for each would cost a line's length per mark). It is looked for at most
    // `LINE_LOOK` bytes back, so that reading many short spans of one long line
    // stays linear: further back, the line is long, and what the rules ask of
    // it (is it blank before the mark, a short article number, a table row) is
    // read from that point on.
    let floor = crate::chars::ceil_boundary(text, from.saturating_sub(LINE_LOOK));
    let mut line_start = text[floor..from]
        .rfind('\n')
        .map_or(floor, |p| floor + p + 1);
    // The bytes before `seen` have been looked at for line breaks.
    let mut seen = from;
    // The marks are found from their first bytes (`|` `.`, C2 for `·`, E3 for
    // `。`, EF for `｜`): no ideograph starts so.
    let wide = memchr::memchr3_iter(0xC2, 0xE3, 0xEF, &bytes[from..end]);
    let ascii = memchr::memchr2_iter(b'|', b'.', &bytes[from..end]);
    for at in merged(wide, ascii).map(|k| from + k) {
        let Some(c) = text[at..].chars().next() else {
            break;
        };
        if !matches!(c, '|' | '｜' | '.' | '·' | '。' | '，' | '、') {
            continue;
        }
        if let Some(p) = memchr::memrchr(b'\n', &bytes[seen..at]) {
            line_start = seen + p + 1;
        }
        seen = at;
        let prev = text[..at].chars().next_back();
        let next = text[at + c.len_utf8()..].chars().next();
        let speck = match c {
            '|' | '｜' => {
                let line_end = text[at..].find('\n').map_or(text.len(), |p| at + p);
                // One bar or more than one: no need to count them all.
                let bars = text[line_start..line_end]
                    .matches(['|', '｜'])
                    .take(2)
                    .count();
                let beside = |x: Option<char>| x.is_some_and(|x| is_han(x) || is_cjk_mark(x));
                bars == 1 && (beside(prev) || beside(next))
            }
            '.' | '·' => {
                let next_text = text[at + c.len_utf8()..].trim_start_matches([' ', '\u{3000}']);
                let before_han = next_text.chars().next().is_some_and(is_han);
                // At a line's start, before a list item's number (`.（二）具有`).
                let before_item = next_text.starts_with(['（', '('])
                    && item_marker(next_text).is_some()
                    && text[line_start..at].trim().is_empty();
                before_item
                    || before_han
                        && (text[line_start..at].trim().is_empty()
                            || c == '·' && matches!(prev, Some('）' | ')' | '；' | '。')))
                    || c == '·' && after_article_number(text, line_start, at, c)
            }
            '。' => prev == Some('。') || after_article_number(text, line_start, at, c),
            // A comma or `、` after an article's number where a sentence ended
            // before it: not a reference that a line break cut
            // (`违反本条例\n第七条、第九条`, `依照\n第七条，`).
            '，' | '、' => {
                after_article_number(text, line_start, at, c) && after_sentence(text, line_start)
            }
            _ => false,
        };
        if speck {
            out.push(
                Change::delete(Span::new(at, at + c.len_utf8()), "speck read as a mark")
                    .with_confidence(0.9),
            );
        }
    }
}

/// Whether the mark `c` at byte `at` stands between the number of an article
/// that opens the line at `line_start` (`第十八条`, spaces after it allowed) and
/// the article's text (an ideograph other than the `第` of a further
/// reference): where an article's number and its text stand a space apart, the
/// engines print the space's speck as a mark (`第十七条，志愿服务组织`,
/// `第十五条·外国人入境`); right text never writes a mark there (no line of
/// `../shared/corpus/laws` opens with `第N条，` `第N条、` or `第N条。`).
fn after_article_number(text: &str, line_start: usize, at: usize, c: char) -> bool {
    let before = text[line_start..at]
        .trim_start()
        .trim_end_matches([' ', '\u{3000}']);
    let next = text[at + c.len_utf8()..]
        .trim_start_matches([' ', '\u{3000}'])
        .chars()
        .next();
    before.chars().nth(8).is_none()
        && article_number(before) == Some(before.len())
        && next.is_some_and(|n| is_han(n) && n != '第')
}

/// Whether what comes before the line at `line_start` ends a sentence or a
/// heading: the text's start, a closing mark (`。` `；` `：` `！` `？` `”`), or
/// a line that opens with a chapter's or part's number (`第一章 总则`).
fn after_sentence(text: &str, line_start: usize) -> bool {
    let before = text[..line_start].trim_end();
    match before.chars().next_back() {
        None => true,
        Some('。' | '；' | '：' | '！' | '？' | '”') => true,
        Some(_) => {
            let floor = crate::chars::ceil_boundary(text, before.len().saturating_sub(LINE_LOOK));
            let start = before[floor..].rfind('\n').map_or(floor, |p| floor + p + 1);
            opens_chapter(&before[start..])
        }
    }
}

/// Whether a line opens with a heading's marker (`一、`, `十九、`, `（一）`, `1、`, `第一章`):
/// a heading ends without a mark.
fn opens_heading(line: &str) -> bool {
    item_marker(line).is_some() || opens_chapter(line) || {
        // `十九、`: a numeral of more than one character.
        let rest = line
            .trim_start()
            .trim_start_matches(|c| ORDINALS.contains(c));
        rest.len() < line.trim_start().len() && rest.starts_with('、')
    }
}

/// Whether a line opens with a part's, chapter's or section's number (`第一章`).
fn opens_chapter(line: &str) -> bool {
    let line = line.trim_start_matches([' ', '\u{3000}']);
    let Some(rest) = line.strip_prefix('第') else {
        return false;
    };
    let after: String = rest
        .chars()
        .skip_while(|c| ORDINALS.contains(*c) || matches!(c, '百' | '千' | '零' | '〇'))
        .take(1)
        .collect();
    matches!(after.as_str(), "编" | "章" | "节" | "部" | "篇")
}

/// Whether `s` (after spaces) opens an article of a law: `第十七条` followed by
/// its text, not by what a reference to it goes on with.
fn opens_article(s: &str) -> bool {
    let s = s.trim_start();
    let Some(len) = article_number(s) else {
        return false;
    };
    let rest = &s[len..];
    // `第七条规定的`, not `第七条规划部门……`.
    !rest.is_empty()
        && !rest.starts_with("规定")
        && !rest.starts_with([
            '的', '第', '之', '、', '，', '和', '至', '或', '及', '所', '中', '。', '；',
        ])
}

/// The length in bytes of the article number `s` opens with (`第十八条`,
/// `第18条`), if it opens with one.
fn article_number(s: &str) -> Option<usize> {
    let rest = s.strip_prefix('第')?;
    let rest = rest.trim_start_matches(|c: char| {
        ORDINALS.contains(c) || matches!(c, '百' | '千' | '零' | '〇') || c.is_ascii_digit()
    });
    let rest = rest.strip_prefix('条')?;
    let len = s.len() - rest.len();
    // A number, not `第条`.
    (len > '第'.len_utf8() + '条'.len_utf8()).then_some(len)
}

/// How far (in bytes) each side of a list item its siblings are looked for.
const SIBLING_REACH: usize = 4 << 10;

/// A list item at a line's start that lost its opening bracket (`三）加强代表联络`
/// where the page said `（三）`): Tesseract drops a line's first mark. Repaired
/// where the document writes the item before or after it with both brackets at a
/// line's start (`（二）…`, `（四）…`), or where the item follows a semicolon or a
/// colon (`……保障；\n四）组织`, `……评议；五）对列入`: the items of a list a colon
/// announces, which end with semicolons, are written `（N）`: the laws corpus
/// has 90,255 of them after a `；` or `：` and none without the bracket). A
/// document of `一）` items after no such mark keeps them.
fn lost_item_opens(text: &str, within: Span, out: &mut Vec<Change>) {
    out.extend(line_starts_within(text, within).filter_map(|k| lost_item_open(text, k)));
    // Items inside a line, after the semicolon that ends the item before.
    let end = within.end.min(text.len());
    let from = within.start.min(end);
    let bytes = text.as_bytes();
    for k in memchr::memchr_iter(0xEF, &bytes[from..end]) {
        // `；` (EF BC 9B) or `：` (EF BC 9A).
        if !matches!(&bytes[from + k..], [0xEF, 0xBC, 0x9A | 0x9B, ..]) {
            continue;
        }
        let after = from + k + '；'.len_utf8();
        let rest = &text[after..];
        let item = rest.trim_start_matches([' ', '\u{3000}']);
        let at = after + rest.len() - item.len();
        if at < end && bare_item(item).is_some() {
            out.push(item_open(at, item));
        }
    }
}

/// The length in bytes of the numeral and closing bracket of a list item `s`
/// opens with that lost its opening bracket (`四）组织`, `十一）法律`): a
/// Chinese numeral up to 99, `）` or `)`, an ideograph that opens the item's
/// text.
fn bare_item(s: &str) -> Option<usize> {
    let numeral = s
        .char_indices()
        .take_while(|&(_, c)| ORDINALS.contains(c))
        .last()
        .map(|(k, c)| k + c.len_utf8())?;
    if numeral > 3 * '十'.len_utf8() {
        return None;
    }
    let mut rest = s[numeral..].chars();
    let close = rest.next()?;
    // Not a reference to an item (`十）项`, `三）的规定`).
    let text = rest.next().is_some_and(|c| {
        is_han(c) && !matches!(c, '的' | '项' | '款' | '目' | '条' | '和' | '或' | '至')
    });
    (matches!(close, '）' | ')') && text).then_some(numeral + close.len_utf8())
}

/// The opening bracket put back at byte `at` before the item `item` (`（` for
/// `）`, `(` for `)`).
fn item_open(at: usize, item: &str) -> Change {
    let open = match bare_item(item) {
        Some(n) if item[..n].ends_with(')') => '(',
        _ => '（',
    };
    Change {
        span: Span::new(at, at),
        after: open.to_string().into(),
        why: "OCR dropped the opening bracket of a list item".into(),
        confidence: 0.8,
    }
}

/// The starts of the lines that start inside `within`.
fn line_starts_within(text: &str, within: Span) -> impl Iterator<Item = usize> + '_ {
    let end = within.end.min(text.len());
    let mut k = within.start.min(end);
    std::iter::from_fn(move || {
        while k < end {
            let at = k;
            k = match memchr::memchr(b'\n', &text.as_bytes()[k..end]) {
                Some(i) => k + i + 1,
                None => end,
            };
            if at == 0 || text.as_bytes()[at - 1] == b'\n' {
                return Some(at);
            }
        }
        None
    })
}

/// The repair of the line starting at byte `at`, if it opens with `N）` that lost
/// its bracket.
fn lost_item_open(text: &str, at: usize) -> Option<Change> {
    let line = &text[at..];
    if bare_item(line).is_some() && text[..at].trim_end().ends_with(['；', '：']) {
        return Some(item_open(at, line));
    }
    let mut it = line.chars();
    let num = it.next()?;
    let n = ORDINALS.chars().position(|o| o == num)? + 1;
    let close = it.next()?;
    if !matches!(close, '）' | ')') || !it.next().is_some_and(is_han) {
        return None;
    }
    let open = if close == '）' { '（' } else { '(' };
    let sibling = |m: usize, hay: &str| {
        ORDINALS
            .chars()
            .nth(m.checked_sub(1)?)
            .map(|c| {
                // Written with both brackets, or without the opening one after
                // the item before's semicolon (which gets it back, above).
                let bare = format!("\n{c}）");
                [format!("\n（{c}）"), format!("\n({c})")]
                    .iter()
                    .any(|w| hay.contains(w.as_str()))
                    || hay
                        .match_indices(bare.as_str())
                        .any(|(p, _)| hay[..p].trim_end().ends_with(['；', '：']))
            })
            .filter(|&found| found)
    };
    let lo = crate::chars::ceil_boundary(text, at.saturating_sub(SIBLING_REACH));
    let hi = crate::chars::floor_boundary(text, (at + SIBLING_REACH).min(text.len()));
    let before = &text[lo..at];
    let after = &text[at..hi];
    if sibling(n.wrapping_sub(1), before).is_none() && sibling(n + 1, after).is_none() {
        return None;
    }
    Some(Change {
        span: Span::new(at, at),
        after: open.to_string().into(),
        why: "OCR dropped the opening bracket of a list item".into(),
        confidence: 0.8,
    })
}

/// Whether a paragraph's line reads as a sentence that ends with an
/// ideograph and lost its closing mark: 16 ideographs or more, a comma in it,
/// no heading marker.
fn reads_as_sentence(line: &str) -> bool {
    line.chars().next_back().is_some_and(is_han)
        && line.contains(['，', '、', '；'])
        && line.chars().filter(|&c| is_han(c)).count() >= SENTENCE_CHARS
        && !opens_heading(line)
}

/// Whether `line`, a paragraph's last line, ended an article's paragraph
/// before `next`, a new article other than the first (`……便利和保障\n第十五条`),
/// without a comma in the line: 16 ideographs or more ending with one, and
/// no heading marker but an item's bracketed number (`（五）监督……义务`). In the
/// laws corpus (238,465 paragraphs of right text) a line so before a new
/// article is a heading five times (a section's name without its number:
/// `市人民代表大会制定地方性法规程序`); a title (before the first article), a
/// formula (`＝`, `×`), a quotation of a law's name (`《》`) and a colon's
/// announcement are left.
fn ends_before_article(line: &str, next: &str) -> bool {
    // A markdown heading's `#` marks (a text's source) come before its number.
    let line = line.trim_start_matches(|c: char| c == '#' || c.is_whitespace());
    let bracketed = item_marker(line).is_some_and(|(_, open, _)| open != '\0');
    line.chars().next_back().is_some_and(is_han)
        && line.chars().filter(|&c| is_han(c)).count() >= SENTENCE_CHARS
        && (bracketed || !opens_heading(line))
        && !line.contains(['《', '》', '＝', '=', '×', '：', ':'])
        && opens_article(next)
        && !opens_first(next.trim_start())
}

/// Whether `s` opens with the heading of a part, chapter or section other
/// than the first (`第二章 损害赔偿`): its line holds no mark and no `的`, as a
/// reference to one (`第四编的规定确定管辖。`) does.
fn opens_chapter_heading(s: &str) -> bool {
    let line = s.split('\n').next().unwrap_or("");
    opens_chapter(line)
        && !opens_first(line)
        && !line.contains(['，', '。', '；', '：', '、', '的', ',', ';', ':'])
}

/// A paragraph that reads as a sentence and ends without a mark, before
/// another paragraph, had its `。` lost: the character model decides, over the
/// end of the one and the start of the next, under a strict prior.
fn dropped_stops(text: &str, within: Span, out: &mut Vec<Change>) {
    let end = within.end.min(text.len());
    let lm = CharLm::global();
    for (k, _) in text[within.start.min(end)..end].match_indices('\n') {
        let at = within.start + k;
        let line_start = text[..at].rfind('\n').map_or(0, |p| p + 1);
        let line = &text[line_start..at];
        let sentence = reads_as_sentence(line);
        if !sentence && !ends_before_article(line, &text[at..]) {
            continue;
        }
        // The next paragraph's first characters.
        let mut next = text[at..].chars().filter(|c| !c.is_whitespace());
        let (Some(n1), Some(n2)) = (next.next(), next.next()) else {
            continue;
        };
        if !is_han(n1) {
            continue;
        }
        // A new article (`第十七条 ……`, not a reference to one: `第十七条的规定`)
        // or a chapter's heading (not the first) starts a paragraph: the one
        // before ended.
        if opens_article(&text[at..]) || sentence && opens_chapter_heading(text[at..].trim_start())
        {
            out.push(Change {
                span: Span::new(at, at),
                after: "。".into(),
                why: "OCR lost the closing mark".into(),
                confidence: 0.9,
            });
            continue;
        }
        let mut left = line.chars().rev();
        let l1 = left.next().map_or(0, |c| lm.id(c));
        let l2 = left.next().map_or(0, |c| lm.id(c));
        let (n1, n2) = (lm.id(n1), lm.id(n2));
        let with = f64::from(lm.score([l2, l1], [lm.id('。'), n1, n2]));
        let without = f64::from(lm.score([l2, l1], [n1, n2]));
        let margin = with - without + DROPPED_STOP_LOG_P;
        if margin > THRESHOLD {
            out.push(Change {
                span: Span::new(at, at),
                after: "。".into(),
                why: "OCR lost the closing mark".into(),
                confidence: (1.0 / (1.0 + (-margin).exp())) as f32,
            });
        }
    }
}

/// The text's last paragraph, read as a sentence (as in [`dropped_stops`]),
/// that ends without a mark had its `。` lost, where the character model finds
/// a stop likely after its last two characters. (Nothing follows to weigh it
/// against: a paragraph that ends without a mark is unlikely anywhere.)
fn final_stop(text: &str, within: Span, out: &mut Vec<Change>) {
    let body = text.trim_end();
    let at = body.len();
    let end = within.end.min(text.len());
    if at < within.start || at > end || (at == end && end < text.len()) {
        return;
    }
    // A text of one line (a sentence or a paragraph cleaned alone, a subtitle)
    // ends as its writer ended it: nothing else of the page tells that its
    // stop was lost.
    if !body.trim_start().contains('\n') {
        return;
    }
    let line = &body[body.rfind('\n').map_or(0, |p| p + 1)..];
    // A colon that ends the text announces nothing: it is the stop misread,
    // unless its paragraph holds a word that announces a list (`下列`, `附`:
    // `有下列行为之一的，……；……承担赔偿责任：`) or one stands just before it
    // (`规定：`, `如下：`): a page cut before a list or a quotation.
    let colon = line.strip_suffix(['：', ':']).filter(|before| {
        let last = &before[before.char_indices().rev().nth(3).map_or(0, |(k, _)| k)..];
        !ANNOUNCES.iter().any(|w| before.contains(w))
            && !COLON_ANNOUNCES.iter().any(|w| last.contains(w))
    });
    let line = colon.unwrap_or(line);
    let mut left = line.chars().rev();
    let (Some(l1), Some(l2)) = (left.next(), left.next()) else {
        return;
    };
    if !reads_as_sentence(line) {
        return;
    }
    let start = line_start_of(body) + line.len();
    if colon.is_some() {
        // A mark was printed there: which one is all that is asked.
        out.push(Change {
            span: Span::new(start, at),
            after: "。".into(),
            why: "OCR confusion of marks".into(),
            confidence: 0.8,
        });
        return;
    }
    let lm = CharLm::global();
    let stop = lm.score([lm.id(l2), lm.id(l1)], [lm.id('。')]);
    if stop > FINAL_STOP_LOG_P {
        out.push(Change {
            span: Span::new(at, at),
            after: "。".into(),
            why: "OCR lost the closing mark".into(),
            confidence: stop.exp(),
        });
    }
}

/// Where the last line of `body` starts.
fn line_start_of(body: &str) -> usize {
    body.rfind('\n').map_or(0, |p| p + 1)
}

/// How likely (`ln P`, from the character model) a `。` must be after the last
/// two characters of a text for [`final_stop`] to put it back: a sentence
/// ends there (`罚款`, `施行`), rather than a page cut it short (`法律的`).
const FINAL_STOP_LOG_P: f32 = -2.5;

/// The best reading of the mark `c` at byte `at`, if it beats the mark as
/// printed.
fn reading(text: &str, at: usize, c: char, options: &[(char, f64)], lm: &CharLm) -> Option<Change> {
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
    let (best, margin) = options
        .iter()
        .map(|&(m, prior)| (m, f64::from(score(m)) - base + prior))
        .max_by(|x, y| x.1.total_cmp(&y.1))?;
    (margin > THRESHOLD).then(|| Change {
        span: Span::new(at, at + c.len_utf8()),
        after: best.to_string().into(),
        why: "OCR confusion of marks".into(),
        confidence: (1.0 / (1.0 + (-margin).exp())) as f32,
    })
}

/// Whether the document ends list items with semicolons: a `；` or `;` followed,
/// across white space and line breaks, by an item's opening bracket.
fn semicolon_items(text: &str) -> bool {
    text.match_indices(['；', ';'])
        .any(|(k, m)| text[k + m.len()..].trim_start().starts_with(['（', '(']))
}

/// Marks a line may end with that are specks when they follow a mark of the
/// line's own (`。：`, `。·`, `；；`, `：；` at a line's end).
fn is_end_speck(c: char) -> bool {
    matches!(
        c,
        '.' | '·' | ':' | '：' | '_' | ',' | '，' | '、' | ';' | '；' | '\'' | '-'
    )
}

/// Specks a line may end with after white space (`。      .`): a point, a
/// middle dot, an underscore, a hyphen.
fn is_spaced_speck(c: char) -> bool {
    matches!(c, '.' | '·' | '_' | '-')
}

/// Words that make a colon announce what follows (`下列`, `如下`, `包括`, `…之一的`).
const ANNOUNCES: [&str; 8] = ["下列", "如下", "以下", "下述", "附", "包括", "之一", "情形"];

/// How far past a span (in bytes) [`line_ends`] looks for the line break its
/// last marks may stand before: white space between a mark and the break is
/// seldom longer.
const TRAIL_LOOK: usize = 64;

/// The white space a line may end with.
const TRAILING: [char; 4] = [' ', '\u{3000}', '\t', '\r'];

/// Whether `s` opens with the first article, chapter or section (`第一条`,
/// `第1条`, `第一章`): after `……解释如下：` a colon announces it.
fn opens_first(s: &str) -> bool {
    ["第一", "第1"].iter().any(|p| {
        s.strip_prefix(p)
            .is_some_and(|r| r.starts_with(['条', '章', '节', '编', '部', '篇']))
    })
}

/// Whether `s` (white space trimmed) opens with the first item of a list:
/// `（一）`, `(一)`, `（1）`, `(1)`.
fn opens_first_item(s: &str) -> bool {
    item_marker(s).is_some_and(|(n, open, _)| n == 1 && open != '\0')
}

/// The ends of lines, where Tesseract and RapidOCR print what they make of
/// the page's margin and of a mark's speckle:
///
/// - a speck after the line's own closing mark (`。：`, `。·`, `。.`, `；；`,
///   `：；`, `。    -`), a point or middle dot alone after white space, a bar
///   that is the line's only one, a line of nothing but a speck;
/// - a colon, comma or `、` that ends a paragraph before a new article or
///   chapter (`第十七条 ……`, not the first: `解释如下：\n第一条`) is its full
///   stop (a colon after `下列`, `如下`… announces, and stays);
/// - a comma before a list's first item on the next line (`必须符合下列要求，\n（一）`)
///   is the colon that announces it;
/// - a colon that ends a paragraph of running text (a comma in it, eight
///   ideographs or more, no word that announces, no list item or article
///   next) before another paragraph is its full stop (`控制农业面源污染：\n滩林…`).
fn line_ends(text: &str, within: Span, out: &mut Vec<Change>) {
    let end = within.end.min(text.len());
    let from = within.start.min(end);
    // The marks before a line break at or after `end` may start inside the span
    // (white space between): the break is looked for `TRAIL_LOOK` bytes on, so
    // that each of many short spans of one long line costs little.
    let look = crate::chars::floor_boundary(text, (end + TRAIL_LOOK).min(text.len()));
    let reach = text[end..look].find('\n').map_or(look, |p| end + p + 1);
    let bytes = text.as_bytes();
    let mut breaks: Vec<usize> = memchr::memchr_iter(b'\n', &bytes[from..reach])
        .map(|k| from + k)
        .collect();
    if reach == text.len() {
        breaks.push(text.len());
    }
    for at in breaks {
        if let Some(change) = line_end(text, at) {
            if (from..end).contains(&change.span.start) {
                out.push(change);
            }
        }
    }
}

/// The repair of the end of the line that ends at byte `at` (a line break or
/// the text's end), if it needs one.
fn line_end(text: &str, at: usize) -> Option<Change> {
    // The line's start, looked for at most `LINE_LOOK` bytes back (what the
    // rules ask of a line is read from that point on).
    let floor = crate::chars::ceil_boundary(text, at.saturating_sub(LINE_LOOK));
    let line_start = text[floor..at].rfind('\n').map_or(floor, |p| floor + p + 1);
    let line = &text[line_start..at];
    let trimmed = line.trim_end_matches(TRAILING);
    let last = trimmed.chars().next_back()?;
    let last_at = line_start + trimmed.len() - last.len_utf8();
    let before = &trimmed[..trimmed.len() - last.len_utf8()];
    let before_trim = before.trim_end_matches(TRAILING);
    let spaced = before_trim.len() < before.len();
    let speck = |why: &'static str| {
        Some(
            Change::delete(Span::new(last_at, last_at + last.len_utf8()), why).with_confidence(0.9),
        )
    };
    // A speck after white space goes with the white space around it, so that
    // the line ends where its text does (and a line of a speck alone is left
    // empty, as the cleaner leaves a blank line).
    let spaced_speck = || {
        Some(
            Change::delete(
                Span::new(line_start + before_trim.len(), at),
                "speck read as a mark",
            )
            .with_confidence(0.9),
        )
    };
    let Some(prev) = before_trim.chars().next_back() else {
        return matches!(last, '.' | '·' | ':' | '：' | '|' | '_' | '-')
            .then(spaced_speck)
            .flatten();
    };
    if last == '|' {
        let bars = line.matches(['|', '｜']).take(2).count();
        return match (bars, spaced) {
            (1, true) => spaced_speck(),
            (1, false) => speck("speck read as a mark"),
            _ => None,
        };
    }
    if matches!(prev, '。' | '；' | '：' | '，' | '、' | '！' | '？') && is_end_speck(last) {
        return if spaced {
            spaced_speck()
        } else {
            speck("speck after a mark")
        };
    }
    if spaced && is_spaced_speck(last) {
        return spaced_speck();
    }
    let next = text[at..].trim_start();
    if is_han(last)
        && opens_first_item(next)
        && line.contains(['，', ','])
        && line.chars().filter(|&c| is_han(c)).count() >= 8
        && !opens_heading(line)
    {
        // A paragraph of running text before a list's first item announced it.
        return Some(Change {
            span: Span::new(last_at + last.len_utf8(), last_at + last.len_utf8()),
            after: "：".into(),
            why: "OCR lost the closing mark".into(),
            confidence: 0.9,
        });
    }
    if !is_han(prev) || spaced || !matches!(last, '：' | ':' | '，' | ',' | '、') {
        return None;
    }
    let colon = matches!(last, '：' | ':');
    let announces = || ANNOUNCES.iter().any(|w| line.contains(w));
    let to = |after: &'static str| {
        Some(Change {
            span: Span::new(last_at, last_at + last.len_utf8()),
            after: after.into(),
            why: "OCR confusion of marks".into(),
            confidence: 0.9,
        })
    };
    if opens_new_part(next) {
        // Before a new article, a colon announces only with the word in its
        // own clause (`本法下列用语的含义：`): no line of the laws corpus
        // that ends with a colon comes before an article other than the first,
        // and a provision's last clause (`有下列行为之一的，……责令拆除或者
        // 关闭：`) that the engine printed so ended with a stop.
        let clause = line.rsplit(['，', '；', '。', ',']).next().unwrap_or(line);
        return if colon && ANNOUNCES.iter().any(|w| clause.contains(w)) {
            None
        } else {
            to("。")
        };
    }
    if matches!(last, '，' | ',') && opens_first_item(next) {
        return to("：");
    }
    let comma = matches!(last, '，' | ',');
    if comma && ends_paragraph(text, at) && closes_running_text(text, line_start, last_at, next) {
        // A comma that ends a paragraph (a blank line after it) of running
        // text: the engine read its full stop so.
        return to("。");
    }
    if !(colon || comma) || !next.chars().next().is_some_and(is_han) || colon && announces() {
        return None;
    }
    let mut lead = next.chars();
    let (n1, n2) = (lead.next(), lead.next());
    let item = n1.is_some_and(|c| ORDINALS.contains(c))
        && n2.is_some_and(|c| matches!(c, '、' | '是' | '.' | '．'));
    if item
        || next.starts_with('第')
        || matches!(prev, '是' | '为' | '有' | '如')
        || !line[..line.len() - last.len_utf8()].contains(['，', ','])
        || line.chars().filter(|&c| is_han(c)).count() < 8
        || !stop_habit(text, at, last)
    {
        return None;
    }
    to("。")
}

/// Whether the line that ends at byte `at` (a line break) ends its
/// paragraph: a blank line follows.
fn ends_paragraph(text: &str, at: usize) -> bool {
    text[at..]
        .strip_prefix('\n')
        .is_some_and(|rest| rest.trim_start_matches(TRAILING).starts_with('\n'))
}

/// The start of the paragraph whose line starts at byte `line_start`: the
/// line after the last blank line before it, looked for at most
/// [`LINE_LOOK`] bytes back.
fn paragraph_start(text: &str, line_start: usize) -> usize {
    let floor = crate::chars::ceil_boundary(text, line_start.saturating_sub(LINE_LOOK));
    let mut start = line_start;
    while start > floor {
        // A line longer than the look back starts, as read, where the look
        // stopped, inside it (after an ideograph: no boundary one byte back).
        let prev_end = crate::chars::floor_boundary(text, start - 1);
        let prev = text[floor..prev_end]
            .rfind('\n')
            .map_or(floor, |p| floor + p + 1);
        if text[prev..prev_end].trim().is_empty() {
            break;
        }
        start = prev;
    }
    start
}

/// Whether the paragraph whose last line starts at `line_start` and whose
/// last mark (a comma) is at `mark_at`, before the paragraph `next`, reads as
/// running text that ends there: the paragraph holds another comma and eight ideographs or more and opens no heading, and
/// the next paragraph opens with an ideograph or a digit and is no list item,
/// article or chapter (which the rules before read). (The caller has seen the
/// mark follow an ideograph.)
fn closes_running_text(text: &str, line_start: usize, mark_at: usize, next: &str) -> bool {
    let mut lead = next.chars();
    let (n1, n2) = (lead.next(), lead.next());
    let opens_text = n1.is_some_and(|c| is_han(c) || c.is_ascii_digit());
    let item = n1.is_some_and(|c| ORDINALS.contains(c) || c.is_ascii_digit())
        && n2.is_some_and(|c| matches!(c, '、' | '.' | '．' | '）' | ')'));
    // A paragraph the page broke inside a sentence goes on with a conjunction.
    let goes_on = n1.is_some_and(|c| {
        matches!(
            c,
            '并' | '和' | '及' | '或' | '且' | '而' | '但' | '与' | '以'
        )
    });
    if !opens_text || item || goes_on || next.starts_with('第') || opens_heading(next) {
        return false;
    }
    let paragraph = &text[paragraph_start(text, line_start)..mark_at];
    paragraph.contains(['，', ','])
        && paragraph.chars().filter(|&c| is_han(c)).nth(7).is_some()
        && !opens_heading(paragraph)
}

/// Whether `s` (white space trimmed) opens a new article or chapter other
/// than the first.
fn opens_new_part(s: &str) -> bool {
    (opens_article(s) || opens_chapter(s)) && !opens_first(s)
}

/// How far each side of a place (in bytes) [`stop_habit`] looks.
const HABIT_REACH: usize = 16 << 10;

/// Whether the engine read full stops as the mark `mark` (a colon or a comma)
/// near byte `at`: a paragraph ends with it before a new article or chapter
/// (a colon that announces nothing), within [`HABIT_REACH`]. It is a habit of
/// an engine with a font (the stop's ring filled to a dot, the dot doubled, a
/// speck for a tail), so only a document that shows it gets its other
/// paragraph-ending colons or commas read as stops.
fn stop_habit(text: &str, at: usize, mark: char) -> bool {
    let marks: &[char] = if matches!(mark, '：' | ':') {
        &['：', ':']
    } else {
        &['，', ',']
    };
    let lo = crate::chars::ceil_boundary(text, at.saturating_sub(HABIT_REACH));
    let hi = crate::chars::floor_boundary(text, (at + HABIT_REACH).min(text.len()));
    text[lo..hi].match_indices('\n').any(|(k, _)| {
        let brk = lo + k;
        let line_start = text[lo..brk].rfind('\n').map_or(lo, |p| lo + p + 1);
        let line = text[line_start..brk].trim_end_matches(TRAILING);
        let mut back = line.chars().rev();
        back.next().is_some_and(|c| marks.contains(&c))
            && back.next().is_some_and(is_han)
            && !ANNOUNCES.iter().any(|w| line.contains(w))
            && opens_new_part(text[brk..].trim_start())
    })
}

/// The starts of lines: a closing quote before an ideograph where no quote is
/// open (`。\n”第十五条`), an underscore before an ideograph, a hyphen before a
/// new article (`-第十九条`): specks of the page's margin.
fn line_starts(text: &str, within: Span, out: &mut Vec<Change>) {
    out.extend(line_starts_within(text, within).filter_map(|k| line_start(text, k)));
}

/// The repair of the start of the line that starts at byte `at`.
fn line_start(text: &str, at: usize) -> Option<Change> {
    let line = &text[at..];
    let body = line.trim_start_matches([' ', '\u{3000}']);
    let c = body.chars().next()?;
    let c_at = at + line.len() - body.len();
    let rest = body[c.len_utf8()..].trim_start_matches([' ', '\u{3000}']);
    let speck = match c {
        '”' => {
            // The paragraph before, on its own line: does it leave a quote open?
            let before = text[..at].trim_end();
            let prev = &before[before.rfind('\n').map_or(0, |p| p + 1)..];
            rest.chars().next().is_some_and(is_han)
                && prev.matches('“').count() <= prev.matches('”').count()
        }
        '_' => rest.chars().next().is_some_and(is_han),
        '-' => opens_article(rest),
        _ => false,
    };
    speck.then(|| {
        Change::delete(Span::new(c_at, c_at + c.len_utf8()), "speck read as a mark")
            .with_confidence(0.9)
    })
}

/// How far back (in bytes) a list's first item is looked for before another
/// first item.
const FIRST_ITEM_LOOK: usize = 300;

/// A semicolon before a list's first item (`采取下列措施；\n（一）列入清单`) is the
/// colon that announces the list: a semicolon ends an item before the next,
/// and there is none before the first. Not where a first item was written
/// shortly before (`（一）……；（一）……` is an item whose number the engine
/// misread); after a colon (`材料：；`), the semicolon is a speck.
fn first_items(text: &str, within: Span, out: &mut Vec<Change>) {
    let end = within.end.min(text.len());
    let from = within.start.min(end);
    let bytes = text.as_bytes();
    for at in memchr::memchr2_iter(0xEF, b';', &bytes[from..end]).map(|k| from + k) {
        let m = match &bytes[at..] {
            [b';', ..] => ";",
            [0xEF, 0xBC, 0x9B, ..] => "；",
            _ => continue,
        };
        if !opens_first_item(&text[at + m.len()..]) {
            continue;
        }
        let span = Span::new(at, at + m.len());
        if text[..at].ends_with(['：', ':']) {
            out.push(Change::delete(span, "speck after a mark").with_confidence(0.9));
            continue;
        }
        let lo = crate::chars::ceil_boundary(text, at.saturating_sub(FIRST_ITEM_LOOK));
        let window = &text[lo..at];
        if ["（一）", "(一)", "（1）", "(1)", "（一)", "(一）"]
            .iter()
            .any(|p| window.contains(p))
        {
            continue;
        }
        out.push(Change {
            span,
            after: "：".into(),
            why: "OCR confusion of marks".into(),
            confidence: 0.9,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::check_rule;

    /// The start of a last line longer than the look back is read where the
    /// look stopped, inside the line, after an ideograph: the paragraph read
    /// from there panicked (a byte index inside the ideograph). Found by
    /// `cleaning_is_a_fixed_point_on_dev_lines` (1,000 cases): a line of
    /// 2012's report joined by a site, over 4 KiB, ending in a comma before
    /// a blank line and a paragraph.
    #[test]
    fn a_paragraph_is_read_from_inside_a_line_longer_than_the_look() {
        // 7,200 bytes: a look of 4,096 back from its end stops inside it.
        let line = "各位代表现在我代表国务院向大会报告政府工作".repeat(120);
        let text = format!("{line}，\n\n一九五七年是我国在各个战线上取得伟大胜利的一年。\n");
        let at = line.len() + '，'.len_utf8();
        let line_start = crate::chars::ceil_boundary(&text, at - LINE_LOOK);
        assert!(!text.is_char_boundary(line_start - 1));
        assert_eq!(paragraph_start(&text, line_start), 0);
        // And the rules over the whole text, which read it so.
        changes_in(&text, Span::new(0, text.len()), &mut Vec::new());
    }

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
                // A colon between two clauses of a provision is its semicolon more
                // often than its comma or stop (the channel's prior).
                (
                    "经验收合格的，方可交付使用：未经验收或者验收不合格的，不得交付使用。",
                    "经验收合格的，方可交付使用；未经验收或者验收不合格的，不得交付使用。",
                ),
                (
                    "涉密事项外，应当全文公开：发现建设项目未充分征求意见的，应当退回。",
                    "涉密事项外，应当全文公开；发现建设项目未充分征求意见的，应当退回。",
                ),
                // Right as printed: a colon before what it announces, a point in a number,
                // a middle dot between the parts of a foreign name.
                ("主要任务是：加强监督管理。", "主要任务是：加强监督管理。"),
                // A speech's salutation keeps its colon, however the words go on.
                (
                    "各位代表：现在，我代表国务院，作报告。",
                    "各位代表：现在，我代表国务院，作报告。",
                ),
                ("同志们：今年是关键的一年。", "同志们：今年是关键的一年。"),
                (
                    "本条例下列用语的含义：建设单位，是指依法取得许可的单位。",
                    "本条例下列用语的含义：建设单位，是指依法取得许可的单位。",
                ),
                (
                    "会议指出：当前经济形势总体平稳。",
                    "会议指出：当前经济形势总体平稳。",
                ),
                (
                    "（五）城市道路照明设施：道路、桥涵、隧道等处的照明设施；",
                    "（五）城市道路照明设施：道路、桥涵、隧道等处的照明设施；",
                ),
                ("增长3.5%，", "增长3.5%，"),
                ("马克思·恩格斯", "马克思·恩格斯"),
                // A colon between two clauses, where no word announces.
                (
                    "监理应当签订书面合同，明确双方权利义务：工程监理单位应当按照合同履行。",
                    "监理应当签订书面合同，明确双方权利义务；工程监理单位应当按照合同履行。",
                ),
                (
                    "新建机场35个，发展基础不断夯实：东部地区加快结构调整。",
                    "新建机场35个，发展基础不断夯实；东部地区加快结构调整。",
                ),
                // An announcing word in the colon's clause, or no clause before it.
                (
                    "检查报告应当提交，检查报告的内容包括：财务、资金分析。",
                    "检查报告应当提交，检查报告的内容包括：财务、资金分析。",
                ),
                (
                    "申请人提出申请的，申请书应当写明：要求扣押货物的发货站。",
                    "申请人提出申请的，申请书应当写明：要求扣押货物的发货站。",
                ),
                (
                    "二审法院判决：驳回上诉，维持原判。",
                    "二审法院判决：驳回上诉，维持原判。",
                ),
                (
                    "对以下三类企业，必须首先实行关停并转：一、物资消耗高的企业；",
                    "对以下三类企业，必须首先实行关停并转：一、物资消耗高的企业；",
                ),
                (
                    "（四）双随机，一公开：是指在监管过程中随机抽取。",
                    "（四）双随机，一公开：是指在监管过程中随机抽取。",
                ),
                (
                    "会议认为，形势很好。会议指出：当前经济形势总体平稳。",
                    "会议认为，形势很好。会议指出：当前经济形势总体平稳。",
                ),
            ],
        );
    }

    #[test]
    fn specks_read_as_marks() {
        check_rule(
            specks,
            &[
                ("提供担保的理由|；（五）其他", "提供担保的理由；（五）其他"),
                ("涉及分割|发放到军人名下", "涉及分割发放到军人名下"),
                (
                    "合同的其他情形。\n.余额不足以兑付",
                    "合同的其他情形。\n余额不足以兑付",
                ),
                (
                    "入境事务的管理。。中华人民共和国",
                    "入境事务的管理。中华人民共和国",
                ),
                ("第十八条。经营者应当为消费者", "第十八条经营者应当为消费者"),
                (
                    "范围图；\n.（二）具有矿产储量",
                    "范围图；\n（二）具有矿产储量",
                ),
                (
                    "负责。\n第十七条，志愿服务组织",
                    "负责。\n第十七条志愿服务组织",
                ),
                (
                    "第二章 管理\n第十四条、行政执法主体",
                    "第二章 管理\n第十四条行政执法主体",
                ),
                ("第十五条·外国人入境", "第十五条外国人入境"),
                (
                    "负责。\n第十条 ，人工影响天气",
                    "负责。\n第十条 人工影响天气",
                ),
                ("市、县（市、区）·人民政府", "市、县（市、区）人民政府"),
                (
                    "规定方式支取。\n· 第二十三条 市地方",
                    "规定方式支取。\n 第二十三条 市地方",
                ),
                // Right as printed: a table's bars, a point in a number, a sentence
                // that ends with an article's number.
                ("| 项目 | 金额 |", "| 项目 | 金额 |"),
                ("增长3.5%。", "增长3.5%。"),
                ("见附件1.(2)所列", "见附件1.(2)所列"),
                (
                    "适用本法第十八条。经营者应当",
                    "适用本法第十八条。经营者应当",
                ),
                // References a line break cut: the line before goes on.
                (
                    "违反本条例\n第七条、第九条规定",
                    "违反本条例\n第七条、第九条规定",
                ),
                ("依照本法\n第七条，处以罚款", "依照本法\n第七条，处以罚款"),
            ],
        );
    }

    #[test]
    fn brackets_read_as_their_partner() {
        check_rule(
            brackets,
            &[
                ("区县〈市）人民政府", "区县（市）人民政府"),
                ("第《一)项至第〈三）项", "第(一)项至第（三）项"),
                ("（二〉加强管理", "（二）加强管理"),
                ("违反（药品管理法》第十三条", "违反《药品管理法》第十三条"),
                // Right as printed: a title with a parenthesis inside, a pair of its own.
                ("《条例（试行）》", "《条例（试行）》"),
                ("〈市〉人民政府", "〈市〉人民政府"),
                ("《中华人民共和国公司法》）", "《中华人民共和国公司法》）"),
            ],
        );
    }

    #[test]
    fn colon_before_a_later_item_is_a_semicolon() {
        check_rule(
            list_colons,
            &[
                (
                    "（一）有图纸：（二）有资金；",
                    "（一）有图纸；（二）有资金；",
                ),
                ("一、总则：二、分则", "一、总则；二、分则"),
                (
                    "（二）扰乱公共场所秩序的：\n（三）非法举行集会的；",
                    "（二）扰乱公共场所秩序的；\n（三）非法举行集会的；",
                ),
                // Items numbered past ten (`（十一）`, `（二十一）`).
                (
                    "（十）保护财产；\n（十一）撤销不适当的决定和命令：\n（十二）保障权利：\n（十四）保障宪法",
                    "（十）保护财产；\n（十一）撤销不适当的决定和命令；\n（十二）保障权利：\n（十四）保障宪法",
                ),
                (
                    "（二十）甲；（二十一）乙：（二十二）丙；",
                    "（二十）甲；（二十一）乙；（二十二）丙；",
                ),
                // A title's number.
                (
                    "（一）甲；\n（二）乙。\n《刑法修正案（十）》\n\n《刑法修正案（十一）》",
                    "（一）甲；\n（二）乙。\n《刑法修正案（十）》\n\n《刑法修正案（十一）》",
                ),
                // A colon announcing the first item, and a list with no item before.
                ("条件如下：（一）有图纸；", "条件如下：（一）有图纸；"),
                ("见下文：（二）有资金；", "见下文：（二）有资金；"),
                ("比分为3:2，", "比分为3:2，"),
                // Where the document ends its items with semicolons, a comma or no
                // mark before the next item is one; a reference to an item stays.
                (
                    "（一）有图纸；（二）有资金，（三）有场地（四）有人员。",
                    "（一）有图纸；（二）有资金；（三）有场地；（四）有人员。",
                ),
                (
                    "（一）有图纸；（二）违反第（一）项和（二）项规定的。",
                    "（一）有图纸；（二）违反第（一）项和（二）项规定的。",
                ),
                // An item whose text opens with a word a reference's character starts.
                (
                    "备案：\n\n（一）企业基本情况，\n\n（二）项目名称；\n\n（三）项目总投资额，\n\n（四）声明。",
                    "备案：\n\n（一）企业基本情况；\n\n（二）项目名称；\n\n（三）项目总投资额；\n\n（四）声明。",
                ),
                // Without that convention, a list inside a sentence keeps its commas.
                (
                    "主要有（一）农业，（二）工业，（三）服务业。",
                    "主要有（一）农业，（二）工业，（三）服务业。",
                ),
            ],
        );
    }

    #[test]
    fn numerals_of_items_up_to_ninety_nine() {
        for n in 1..=99 {
            let text = numeral_text(n).unwrap();
            assert_eq!(numeral(&text), Some((n, text.len())), "{text}");
            assert_eq!(
                item_marker(&format!("（{text}）有")),
                Some((n, '（', false)),
                "{text}"
            );
        }
        assert_eq!(item_marker("（3）有"), Some((3, '（', true)));
        assert_eq!(item_marker("十一、有"), Some((11, '\0', false)));
        assert_eq!(item_marker("（十一有"), None);
        assert_eq!(numeral_text(100), None);
    }

    #[test]
    fn a_list_items_lost_opening_bracket_is_put_back() {
        check_rule(
            lost_item_opens,
            &[
                (
                    "做好下列工作：\n（一）听取报告；\n二）对预算执行情况进行监督；\n（三）组织检查。",
                    "做好下列工作：\n（一）听取报告；\n（二）对预算执行情况进行监督；\n（三）组织检查。",
                ),
                (
                    "做好下列工作：\n一）听取报告；\n(二)对预算进行监督；",
                    "做好下列工作：\n（一）听取报告；\n(二)对预算进行监督；",
                ),
                // After the semicolon that ends the item before, or the colon that
                // announces the list, at a line's start or inside a line.
                (
                    "做好下列工作：\n一）听取报告；\n\n二）对预算进行监督；十一）其他",
                    "做好下列工作：\n（一）听取报告；\n\n（二）对预算进行监督；（十一）其他",
                ),
                (
                    "做好下列工作： 一）听取报告； 2）对预算进行监督；",
                    "做好下列工作： （一）听取报告； 2）对预算进行监督；",
                ),
                // An item whose sibling before lost its bracket after a semicolon.
                (
                    "做好下列工作：\n（一）听取报告；\n\n二）组织成员\n\n三）受理来信；",
                    "做好下列工作：\n（一）听取报告；\n\n（二）组织成员\n\n（三）受理来信；",
                ),
                // A document that writes its items so, after no such mark, keeps them;
                // a sibling in the middle of a line is no evidence.
                (
                    "工作要求\n一）听取报告\n二）对预算进行监督",
                    "工作要求\n一）听取报告\n二）对预算进行监督",
                ),
                (
                    "依照本法第三十条：十）的规定",
                    "依照本法第三十条：十）的规定",
                ),
                (
                    "违反第（一）项规定的。\n二）对预算进行监督；",
                    "违反第（一）项规定的。\n二）对预算进行监督；",
                ),
            ],
        );
    }

    #[test]
    fn a_lost_closing_mark_is_put_back() {
        check_rule(
            dropped_stops,
            &[
                (
                    "组织开展水生生物资源增殖放流，丰富水生生物种群\n第十七条 加强森林植被建设保护。",
                    "组织开展水生生物资源增殖放流，丰富水生生物种群。\n第十七条 加强森林植被建设保护。",
                ),
                // Before a chapter's heading (not a reference to a part), the
                // paragraph ended.
                (
                    "十九、降低雷达反射率、紫外/红外线信号与声学信号的技术及专门设计的软件\n\n第二部分\n",
                    "十九、降低雷达反射率、紫外/红外线信号与声学信号的技术及专门设计的软件\n\n第二部分\n",
                ),
                (
                    "在中华人民共和国领域内发生的涉外纠纷案件，依照民事诉讼法\n第四编的规定确定管辖。",
                    "在中华人民共和国领域内发生的涉外纠纷案件，依照民事诉讼法\n第四编的规定确定管辖。",
                ),
                (
                    "不承担责任或者减轻责任的情形另有规定的，依照其规定\n\n第二章 损害赔偿\n",
                    "不承担责任或者减轻责任的情形另有规定的，依照其规定。\n\n第二章 损害赔偿\n",
                ),
                (
                    "各级人民政府应当为组织开展志愿服务活动提供必要的便利和保障\n第一章 总则\n",
                    "各级人民政府应当为组织开展志愿服务活动提供必要的便利和保障\n第一章 总则\n",
                ),
                // Headings and short lines end without one.
                (
                    "一、坚持稳中求进，推动经济社会持续健康发展\n过去一年，我们做了很多工作。",
                    "一、坚持稳中求进，推动经济社会持续健康发展\n过去一年，我们做了很多工作。",
                ),
                (
                    "第一章 总则\n第一条 为了规范管理，制定本条例。",
                    "第一章 总则\n第一条 为了规范管理，制定本条例。",
                ),
                (
                    "本条例施行前已经批准的项目，按照下列规定处理：\n第二十七条 在施工中需进行爆破作业的，应当报批。",
                    "本条例施行前已经批准的项目，按照下列规定处理：\n第二十七条 在施工中需进行爆破作业的，应当报批。",
                ),
                // A line broken before a reference to an article goes on.
                (
                    "违反本条例规定，擅自改变环境卫生设施用途的，依照本条例\n第十七条的规定处理。",
                    "违反本条例规定，擅自改变环境卫生设施用途的，依照本条例\n第十七条的规定处理。",
                ),
            ],
        );
    }
    #[test]
    fn specks_at_a_lines_end() {
        check_rule(
            line_ends,
            &[
                (
                    "依法公布。：\n第五十四条 地方",
                    "依法公布。\n第五十四条 地方",
                ),
                ("明显增强。    |\n\n促进投资", "明显增强。\n\n促进投资"),
                ("明显改善。       .\n\n产业结构", "明显改善。\n\n产业结构"),
                ("职业道德；·\n（二）技工学校", "职业道德；\n（二）技工学校"),
                ("证明材料：；\n（一）经房屋", "证明材料：\n（一）经房屋"),
                (
                    "依法处理。\n：\n第二十条 各级",
                    "依法处理。\n\n第二十条 各级",
                ),
                ("照明灯具1.5亿只。，", "照明灯具1.5亿只。"),
                ("依法处理。\n   ·  \n第二十条", "依法处理。\n\n第二十条"),
                // Right as printed: a table's bars, a list's number alone, an
                // ellipsis, a quote that closes.
                ("| 项目 | 金额 |\n", "| 项目 | 金额 |\n"),
                ("作为解释的：\n1.\n增加一条", "作为解释的：\n1.\n增加一条"),
                ("他说：“好。”\n第二条 本法", "他说：“好。”\n第二条 本法"),
            ],
        );
    }

    #[test]
    fn a_paragraph_without_a_comma_ends_before_a_new_article() {
        check_rule(
            dropped_stops,
            &[
                (
                    "有关部门和单位应当为志愿者和志愿服务组织开展志愿服务活动提供必要的便利和保障\n\n第十五条 鼓励",
                    "有关部门和单位应当为志愿者和志愿服务组织开展志愿服务活动提供必要的便利和保障。\n\n第十五条 鼓励",
                ),
                // An item in brackets ends its list before the next article.
                (
                    "（五）监督施工单位按照合同落实扬尘污染防治措施并履行监理义务\n第十条施工单位",
                    "（五）监督施工单位按照合同落实扬尘污染防治措施并履行监理义务。\n第十条施工单位",
                ),
                // A heading (numbered, or a markdown one), a title before the
                // first article, a formula, a short line: no stop.
                (
                    "## 第三章 烈士褒扬金和烈士遗属的抚恤优待制度的建立\n\n第十五条 国家",
                    "## 第三章 烈士褒扬金和烈士遗属的抚恤优待制度的建立\n\n第十五条 国家",
                ),
                (
                    "二、移交撤销脱钩企业破产案件的处理和有关的其他问题\n第七条 被开办",
                    "二、移交撤销脱钩企业破产案件的处理和有关的其他问题\n第七条 被开办",
                ),
                (
                    "上海市促进浦东新区保税维修业务发展若干规定\n第一条 为了",
                    "上海市促进浦东新区保税维修业务发展若干规定\n第一条 为了",
                ),
                (
                    "进口税的计算公式为进口税税额＝完税价格×进口税税率\n第六十一条 海关",
                    "进口税的计算公式为进口税税额＝完税价格×进口税税率\n第六十一条 海关",
                ),
                ("法律责任\n第四十六条 卫生", "法律责任\n第四十六条 卫生"),
                (
                    "有关部门和单位应当为志愿者和志愿服务组织提供必要的便利和保障\n第十五条的规定",
                    "有关部门和单位应当为志愿者和志愿服务组织提供必要的便利和保障\n第十五条的规定",
                ),
            ],
        );
    }

    #[test]
    fn a_mark_that_ends_a_paragraph_before_a_new_article_is_its_stop() {
        check_rule(
            line_ends,
            &[
                (
                    "产品应当符合国家标准和合同规定的要求，\n第十条 达不到国家标准的产品，不得出厂。",
                    "产品应当符合国家标准和合同规定的要求。\n第十条 达不到国家标准的产品，不得出厂。",
                ),
                (
                    "控制农业面源污染：\n第十六条 保护和促进",
                    "控制农业面源污染。\n第十六条 保护和促进",
                ),
                (
                    "民政府批准后公布、\n第二十六条 经",
                    "民政府批准后公布。\n第二十六条 经",
                ),
                (
                    "实现决策的科学化、民主化：\n第五章 考核与奖励",
                    "实现决策的科学化、民主化。\n第五章 考核与奖励",
                ),
                (
                    "依照其规定\n第一千一百八十三条 侵害",
                    "依照其规定\n第一千一百八十三条 侵害",
                ),
                // The announcing word in an earlier clause than the colon's.
                (
                    "有下列行为之一的，处一万元以下的罚款；并责令拆除或者关闭：\n第二十二条 违反",
                    "有下列行为之一的，处一万元以下的罚款；并责令拆除或者关闭。\n第二十二条 违反",
                ),
                // A colon that announces, the first article, a reference to an article.
                (
                    "本条例施行前已经批准的项目，按照下列规定处理：\n第二十七条 在施工中",
                    "本条例施行前已经批准的项目，按照下列规定处理：\n第二十七条 在施工中",
                ),
                (
                    "若干问题解释如下：\n第一条 编造",
                    "若干问题解释如下：\n第一条 编造",
                ),
                (
                    "具体适用法律问题的规定：\n第一条 编造",
                    "具体适用法律问题的规定：\n第一条 编造",
                ),
                (
                    "依照本条例，\n第十七条的规定处理。",
                    "依照本条例，\n第十七条的规定处理。",
                ),
                // An article whose text opens with `规` (`规划`), not a reference
                // (`第七条规定的`), where the number and the text stand together.
                (
                    "评估周期一般不得超过五年：\n第七条规划和自然资源主管部门",
                    "评估周期一般不得超过五年。\n第七条规划和自然资源主管部门",
                ),
                (
                    "依照本条例，\n第七条规定的程序办理。",
                    "依照本条例，\n第七条规定的程序办理。",
                ),
            ],
        );
    }

    #[test]
    fn a_comma_that_ends_a_paragraph_of_running_text_is_its_stop() {
        check_rule(
            line_ends,
            &[
                (
                    "我们加快推进结构调整，投资结构进一步优化，\n\n全年汽车销售增长。",
                    "我们加快推进结构调整，投资结构进一步优化。\n\n全年汽车销售增长。",
                ),
                (
                    "过去一年，投资计划全面完成，\n  \n2009年，我们",
                    "过去一年，投资计划全面完成。\n  \n2009年，我们",
                ),
                // A line broken inside a paragraph, a list of short lines, a list's
                // item, a heading, a paragraph that is not running text.
                (
                    "按照公平责任的原则，由当事人适当分担损失，\n由当事人适当分担",
                    "按照公平责任的原则，由当事人适当分担损失，\n由当事人适当分担",
                ),
                (
                    "由下列人员组成：\n\n委员长，\n\n副委员长若干人，\n\n秘书长。",
                    "由下列人员组成：\n\n委员长，\n\n副委员长若干人，\n\n秘书长。",
                ),
                (
                    "（一）企业基本情况，包括名称和住所，\n\n（二）项目总投资额，",
                    "（一）企业基本情况，包括名称和住所，\n\n（二）项目总投资额，",
                ),
                (
                    "（一）企业基本情况，包括名称和住所，\n\n二、项目总投资额，",
                    "（一）企业基本情况，包括名称和住所，\n\n二、项目总投资额，",
                ),
                (
                    "一、企业的基本情况，包括名称和住所，\n\n项目总投资额",
                    "一、企业的基本情况，包括名称和住所，\n\n项目总投资额",
                ),
                (
                    "占用单位应当按照规定，在期限内恢复原状，\n\n并由城市绿化行政主管部门验收。",
                    "占用单位应当按照规定，在期限内恢复原状，\n\n并由城市绿化行政主管部门验收。",
                ),
                (
                    "投资结构进一步优化，\n\n全年汽车销售增长。",
                    "投资结构进一步优化，\n\n全年汽车销售增长。",
                ),
            ],
        );
    }

    #[test]
    fn a_comma_before_a_lists_first_item_announces_it() {
        check_rule(
            line_ends,
            &[
                (
                    "必须符合下列要求，\n\n（一）达到本条例",
                    "必须符合下列要求：\n\n（一）达到本条例",
                ),
                // A later item, an item of another form.
                (
                    "必须符合下列要求，\n（二）达到本条例",
                    "必须符合下列要求，\n（二）达到本条例",
                ),
                ("主要有三类，\n一、工业", "主要有三类，\n一、工业"),
                // A paragraph that lost its colon before the first item.
                (
                    "起诉符合条件的，人民法院应当登记立案\n（一）证明具备",
                    "起诉符合条件的，人民法院应当登记立案：\n（一）证明具备",
                ),
                // A heading, a short line.
                (
                    "一、加强领导，完善体制机制\n（一）健全",
                    "一、加强领导，完善体制机制\n（一）健全",
                ),
                ("主要任务\n（一）健全", "主要任务\n（一）健全"),
            ],
        );
    }

    #[test]
    fn colons_end_paragraphs_where_the_engine_reads_stops_so() {
        let habit = "保护和促进生态农业，控制农业面源污染：\n第十六条 保护和促进楠溪江。\n";
        let cases = [
            (
                "县人民政府应当划定并公布楠溪江滩林保护范围，设立标志：\n滩林保护范围内禁止采砂。",
                "县人民政府应当划定并公布楠溪江滩林保护范围，设立标志。\n滩林保护范围内禁止采砂。",
            ),
            // A colon that announces, a list, a line with no comma.
            (
                "有下列情形之一的，依法给予处分，不得有下列行为：\n向人群投掷物品。",
                "有下列情形之一的，依法给予处分，不得有下列行为：\n向人群投掷物品。",
            ),
            (
                "对以下三类企业，必须首先实行关停并转的主要做法：\n一、物资消耗高。",
                "对以下三类企业，必须首先实行关停并转的主要做法：\n一、物资消耗高。",
            ),
            (
                "地方各级人民检察院、各级军事检察院：\n根据修订刑法的规定。",
                "地方各级人民检察院、各级军事检察院：\n根据修订刑法的规定。",
            ),
        ];
        for (input, want) in cases {
            let mut out = Vec::new();
            let text = format!("{habit}{input}");
            line_ends(&text, Span::new(habit.len(), text.len()), &mut out);
            assert_eq!(
                crate::testing::applied(input, shift(out, habit.len())),
                want,
                "{input}"
            );
            // Without the habit in the document, a colon stays; a comma needs
            // its own.
            let mut out = Vec::new();
            line_ends(input, Span::new(0, input.len()), &mut out);
            assert_eq!(crate::testing::applied(input, out), input, "{input}");
        }
        let habit = "保护和促进生态农业，控制农业面源污染，\n第十六条 保护和促进楠溪江。\n";
        let input =
            "县人民政府应当划定并公布楠溪江滩林保护范围，设立标志，\n滩林保护范围内禁止采砂。";
        let text = format!("{habit}{input}");
        let mut out = Vec::new();
        line_ends(&text, Span::new(habit.len(), text.len()), &mut out);
        assert_eq!(
            crate::testing::applied(input, shift(out, habit.len())),
            "县人民政府应当划定并公布楠溪江滩林保护范围，设立标志。\n滩林保护范围内禁止采砂。"
        );
        let text = format!("控制农业面源污染：\n第十六条 保护。\n{input}");
        let mut out = Vec::new();
        line_ends(&text, Span::new(0, text.len()), &mut out);
        assert_eq!(out.len(), 1, "{out:?}");
    }

    /// A span that starts a line (what the corrector's later rounds read
    /// around a correction there) is read with the end of the line before it:
    /// its lost stop before a new article, its comma before a list's first
    /// item. A span inside a line is not widened.
    #[test]
    fn a_span_that_starts_a_line_reads_the_end_of_the_line_before() {
        for (input, want) in [
            (
                "县人民政府应当划定并公布楠溪江滩林保护范围，设立标志和界桩

第十六条 保护。",
                "县人民政府应当划定并公布楠溪江滩林保护范围，设立标志和界桩。

第十六条 保护。",
            ),
            (
                "经营者应当遵守下列规定，
（一）明码标价；",
                "经营者应当遵守下列规定：
（一）明码标价；",
            ),
            (
                "做好下列工作：（一）听取报告；（二）组织成员
（三）受理来信；",
                "做好下列工作：（一）听取报告；（二）组织成员；
（三）受理来信；",
            ),
        ] {
            let next = input.find("\n").expect("two lines") + 1;
            let next = next + input[next..].len() - input[next..].trim_start().len();
            let mut out = Vec::new();
            changes_in(input, Span::new(next, input.len()), &mut out);
            assert_eq!(crate::testing::applied(input, out), want, "{input}");
            let mut out = Vec::new();
            changes_in(input, Span::new(next + 3, input.len()), &mut out);
            assert_eq!(crate::testing::applied(input, out), input, "{input}");
        }
    }

    fn shift(changes: Vec<Change>, by: usize) -> Vec<Change> {
        changes
            .into_iter()
            .map(|mut c| {
                c.span = Span::new(c.span.start - by, c.span.end - by);
                c
            })
            .collect()
    }

    #[test]
    fn specks_at_a_lines_start() {
        check_rule(
            line_starts,
            &[
                (
                    "作出风险提示。\n”第十五条经营者",
                    "作出风险提示。\n第十五条经营者",
                ),
                (
                    "禁止露天焚烧秸秆。\n_ 从事种植业",
                    "禁止露天焚烧秸秆。\n 从事种植业",
                ),
                (
                    "技术标准。\n\n-第十九条 在省",
                    "技术标准。\n\n第十九条 在省",
                ),
                // A quote that closes one opened before, a hyphen before a word, a
                // quote that opens.
                ("他说：“好的。\n”第十五条", "他说：“好的。\n”第十五条"),
                ("\n-加强领导", "\n-加强领导"),
                ("规定。\n“第一百二十条 有", "规定。\n“第一百二十条 有"),
            ],
        );
    }

    #[test]
    fn a_semicolon_before_a_lists_first_item_is_its_colon() {
        check_rule(
            first_items,
            &[
                (
                    "采取下列措施；\n\n（一）列入反制清单",
                    "采取下列措施：\n\n（一）列入反制清单",
                ),
                ("内容包括；(1)年度目标", "内容包括：(1)年度目标"),
                ("证明材料：；\n（一）经房屋", "证明材料：\n（一）经房屋"),
                // A later item, a first item just before (its number misread).
                ("（一）有图纸；（二）有资金", "（一）有图纸；（二）有资金"),
                (
                    "（一）当事人不适格；\n（一）给付金钱",
                    "（一）当事人不适格；\n（一）给付金钱",
                ),
            ],
        );
    }

    #[test]
    fn semicolons_that_end_items_across_line_breaks() {
        assert!(semicolon_items("（一）有图纸；\n\n（二）有资金"));
        assert!(semicolon_items("有图纸; (二)有资金"));
        assert!(!semicolon_items("有图纸；有资金，（二）"));
    }

    #[test]
    fn the_texts_last_paragraph_gets_its_lost_stop() {
        check_rule(
            final_stop,
            &[
                (
                    "第十九条 禁止在水库游泳。\n第二十条 违反本条例规定，在禁止区域游泳的，可以处五十元以上五百元以下罚款\n",
                    "第十九条 禁止在水库游泳。\n第二十条 违反本条例规定，在禁止区域游泳的，可以处五十元以上五百元以下罚款。\n",
                ),
                // A text of one line ends as it was written (a sentence or a
                // subtitle cleaned alone).
                (
                    "第二十条 违反本条例规定，在禁止区域游泳的，可以处五十元以上五百元以下罚款\n",
                    "第二十条 违反本条例规定，在禁止区域游泳的，可以处五十元以上五百元以下罚款\n",
                ),
                // A heading, a line with no comma, a stop already, a sentence cut short.
                (
                    "一、坚持稳中求进，推动经济社会持续健康发展\n",
                    "一、坚持稳中求进，推动经济社会持续健康发展\n",
                ),
                (
                    "中华人民共和国消费者权益保护法实施条例",
                    "中华人民共和国消费者权益保护法实施条例",
                ),
                (
                    "违反本条例规定，在禁止区域游泳的，可以处五十元以上五百元以下罚款。",
                    "违反本条例规定，在禁止区域游泳的，可以处五十元以上五百元以下罚款。",
                ),
                (
                    "违反本条例规定，在禁止区域游泳的，由公安机关依照有关法律的",
                    "违反本条例规定，在禁止区域游泳的，由公安机关依照有关法律的",
                ),
                // A colon that ends the text is its stop, unless it announces.
                (
                    "第五条 统计调查对象应当依照本条例。\n第六条 统计调查对象应当依照有关规定，真实、准确、完整地如实提供统计数据：\n",
                    "第五条 统计调查对象应当依照本条例。\n第六条 统计调查对象应当依照有关规定，真实、准确、完整地如实提供统计数据。\n",
                ),
                (
                    "第五条 统计调查对象应当依照本条例。\n第六条 有下列情形之一，统计调查对象应当按照统计机构的要求如下：\n",
                    "第五条 统计调查对象应当依照本条例。\n第六条 有下列情形之一，统计调查对象应当按照统计机构的要求如下：\n",
                ),
            ],
        );
    }
}
