//! The title and byline at the top of a document.

use crate::Lexicon;

use super::headings::{self, Context, Found};
use super::markers::Style;
use crate::Span;
use crate::chars::is_han;

/// The longest title, in characters.
const MAX_TITLE: usize = 50;
/// A run-in title and byline longer than this, in characters, are less and less
/// likely.
const MAX_TITLE_AND_BYLINE: usize = 32;
/// How sure the cut after a run-in first line must be for that line to be a
/// heading whose number OCR lost.
const LOST_HEADING_CUT: f32 = 3.0;
/// The longest byline, in characters.
const MAX_BYLINE: usize = 16;

/// What stands above the body.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Top {
    pub(crate) title: Option<Span>,
    pub(crate) byline: Option<Span>,
    /// A first heading whose number OCR lost (a section title where a document
    /// title would stand, in a document whose first-level numbering starts at 二).
    pub(crate) lost_heading: Option<Found>,
    /// Whether the title was cut from the head of a line run into the body on
    /// a guess (no byline after it, no kind of document at its end, not the
    /// site's title): the text is not broken there.
    pub(crate) guessed: bool,
    /// What the first line's own words tell of whether it is a heading whose
    /// number OCR lost (what the rest of the document tells aside).
    pub(crate) lost_first: Option<LostFirst>,
}

/// Whether a document's first line is a heading whose number OCR lost, as far
/// as its own words and the lines of its piece tell ([`Top::lost_first`]); the
/// rest is read over the whole ([`LostFirst::is_lost`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct LostFirst {
    /// The line's length in characters.
    head: usize,
    /// The length of the next line that is not blank, in the piece.
    next: Option<usize>,
    /// Whether its words allow it: a heading's words, no kind of document, no
    /// byline, not the site's title, no number, not too long.
    possible: bool,
    /// Whether it is a line of its own, or the head of a line run into the
    /// body with a `（一）` heading after it.
    stands_out: bool,
    /// Whether it is a line of its own that ends its piece (its line break
    /// the piece's last character): the line after it, a byline that makes
    /// it a title, is the next piece's.
    ends_piece: bool,
    /// Whether it is the head of a line run into the body in a piece that is
    /// one sentence (see [`one_sentence`]): the whole is a text of one
    /// sentence, which has no title, unless lines stand after the piece.
    alone: bool,
}

impl LostFirst {
    /// Whether the line is a lost `一、`, given the length of the first line
    /// after its piece that is not blank, whether the document reads as a
    /// law's, the number of its first `一、` heading, whether one is
    /// numbered 1, whether a `（一）` heading stands after it in the pieces
    /// after its own (`paren_one`) and whether the line after its piece is a
    /// byline ([`Context::byline_after`]).
    pub(crate) fn is_lost(
        &self,
        next_after: Option<usize>,
        law: bool,
        first_cjk: Option<u32>,
        cjk_one: bool,
        paren_one: bool,
        byline_after: bool,
    ) -> bool {
        // A first line with a body after it, in a document whose first-level
        // numbering starts at `二` (or has none, the line standing out), is a
        // heading whose number OCR lost; never a text of one line (`政府`), nor
        // the head of a paragraph in a document with no numbering at all (a
        // paragraph or a sentence alone, whose first words may read as a title).
        let has_body = self.next.or(next_after).is_some_and(|n| n > self.head);
        let numbering = match first_cjk {
            Some(n) => n == 2,
            None => self.stands_out || paren_one,
        };
        // A title with its byline on the line after it (in the next piece:
        // `国务院作出` | `关于…的决定`) is no heading, as the whole reads it.
        let possible = self.possible && !(self.ends_piece && byline_after);
        // A sentence cleaned alone, the whole nothing after it.
        let alone = self.alone && next_after.is_none();
        possible && has_body && !alone && !law && !cjk_one && numbering
    }
}

/// Words a document's title ends with: what kind of document it is.
const KINDS: &[&str] = &[
    "报告", "总结", "讲话", "通知", "意见", "方案", "规划", "纲要", "决定", "决议", "材料", "汇报",
    "发言", "纪要", "办法", "规定", "条例", "细则", "公告", "通报", "计划", "要点", "致辞", "综述",
    "说明", "建议", "章程", "制度", "讲稿", "报道", "简报", "通讯", "函", "批复", "请示", "公报",
];

/// The last characters of an issuing body's name.
const BODIES: &[char] = &[
    '会', '局', '委', '厅', '部', '办', '院', '府', '处', '室', '司', '社', '校', '所', '队', '站',
    '组', '团', '联', '心', '行', '署', '馆',
];

/// Finds the title and byline of `text`, given the headings found in it and the
/// title a site's header gave.
///
/// `whole`: what the first piece of a larger input reads of the whole (whether
/// it reads as a law's, its first `一、` headings, the line after the piece);
/// `goes_on`: whether the whole's text goes on after `text` (lines after the
/// piece), or may (a piece read before the whole is: what its first line
/// tells is kept, [`Top::lost_first`], and read with the whole's lines).
pub(crate) fn top(
    text: &str,
    found: &[Found],
    site_title: Option<&str>,
    whole: Option<&Context>,
    goes_on: bool,
    lex: &Lexicon,
) -> Top {
    let body_start = text.len() - text.trim_start().len();
    if found.first().is_some_and(|f| f.start <= body_start) {
        return Top::default();
    }
    let first_line_end = text[body_start..]
        .find('\n')
        .map_or(text.len(), |i| body_start + i);
    let line = &text[body_start..first_line_end];
    // The line as the whole reads it: one that runs to the piece's end goes
    // on in the text after it (reflow joined it across the cut), and may be
    // no title's shape there (`向中国共产党和社会主义制度发动了…，…与右派的` |
    // `愿望相反，…。`).
    let on = match whole {
        Some(w) if first_line_end == text.len() => w.ahead().split('\n').next(),
        _ => None,
    };
    let whole_line = [line, on.unwrap_or("")].concat();
    let mut top = Top::default();
    let mut cut_score = f32::MAX;
    let (head, run_in) = if is_title_shaped(&whole_line) {
        (Span::new(body_start, first_line_end), false)
    } else {
        // A title run into the body (a site that joined every line); never one
        // cut from a text of one sentence (a sentence cleaned alone, whose first
        // words may read as a title: `船舶的具体适用税额由国务院…确定。`), nor from a
        // line that opens with a heading's number (`（六）违反规定在…；`).
        // A piece of one sentence with lines after it in the whole is no
        // sentence alone: the whole reads its head as a title.
        if one_sentence(&text[body_start..]) && !goes_on
            || super::markers::marker(line).is_some()
            || super::markers::broken_marker(line).is_some()
        {
            return top;
        }
        let clause_end = line
            .find(['，', '。', '；', '：', '！', '？'])
            .map_or(first_line_end, |i| body_start + i);
        let limit = text[body_start..clause_end]
            .char_indices()
            .nth(MAX_TITLE)
            .map_or(clause_end, |(i, _)| body_start + i);
        match headings::best_cut(text, body_start, limit, MAX_TITLE_AND_BYLINE, lex) {
            Some((at, score)) if score >= headings::WEAK_CUT => {
                cut_score = score;
                (Span::new(body_start, at), true)
            }
            _ => return top,
        }
    };
    let mut title = head;
    // The byline: the next line, or the issuing body's name ending a run-in head.
    if run_in {
        if let Some(at) = trailing_body(&text[head.range()], lex) {
            let at = head.start + at;
            if text[head.start..at].chars().count() >= 4 {
                top.byline = Some(Span::new(at, head.end));
                title = Span::new(head.start, at);
            }
        }
    } else if first_line_end < text.len() {
        let next_start = first_line_end + 1;
        let next_end = text[next_start..]
            .find('\n')
            .map_or(text.len(), |i| next_start + i);
        let next = text[next_start..next_end].trim();
        if next_end < text.len()
            && is_byline_shaped(next)
            && found.first().is_none_or(|f| f.start > next_start)
        {
            let lead =
                text[next_start..next_end].len() - text[next_start..next_end].trim_start().len();
            top.byline = Some(Span::new(next_start + lead, next_start + lead + next.len()));
        }
    }
    let t = text[title.range()].trim();
    let kind = KINDS.iter().any(|k| t.ends_with(k));
    let like_site = site_title.is_some_and(|s| shares_words(s, t));
    let numbered_from_one = whole.is_some_and(|w| w.cjk_one)
        || found.iter().any(|f| f.style == Style::Cjk && f.number == 1);
    let next = text[head.end..]
        .lines()
        .find(|l| !l.trim().is_empty())
        .map(|l| l.trim().chars().count());
    let law = whole.is_some_and(|w| w.law || w.divisions)
        || found.iter().any(|f| f.style.fixed_level().is_none())
        || reads_as_law(text);
    let first_cjk = match whole {
        Some(w) => w.first_cjk,
        None => found
            .iter()
            .find(|f| f.style == Style::Cjk)
            .map(|f| f.number),
    };
    // A heading's words: it starts with a word and ends with one.
    let wordy = t.chars().count() >= 4
        && t.starts_with(|c: char| is_han(c) || c.is_ascii_digit() || c == '“')
        && t.ends_with(is_han);
    // Cut from a line run into its body, only where the body surely begins.
    let sure = !run_in || cut_score >= LOST_HEADING_CUT;
    let lost = LostFirst {
        head: t_len(&text[head.range()]),
        next,
        possible: wordy
            && sure
            && super::markers::marker(line).is_none()
            && super::markers::broken_marker(line).is_none()
            && !(kind || top.byline.is_some() || like_site)
            && t.chars().count() <= 25,
        stands_out: !run_in
            || found
                .iter()
                .any(|f| f.style == Style::CjkParen && f.number == 1),
        ends_piece: !run_in && first_line_end + 1 == text.len(),
        alone: run_in && one_sentence(&text[body_start..]),
    };
    top.lost_first = Some(lost);
    let next_after = whole.and_then(|w| w.next_line);
    let paren_one = whole.is_some_and(|w| w.paren_one);
    let byline_after = whole.is_some_and(|w| w.byline_after);
    if !lost.is_lost(
        next_after,
        law,
        first_cjk,
        numbered_from_one,
        paren_one,
        byline_after,
    ) {
        top.title = Some(title);
        top.guessed = run_in && !(kind || top.byline.is_some() || like_site);
        return top;
    }
    top.byline = None;
    top.lost_heading = Some(Found {
        style: Style::Cjk,
        number: 1,
        start: head.start,
        title: head.start,
        end: head.end,
        repair: true,
    });
    top
}

/// Whether `text` reads as a law's page, whose first line is never a lost `一、`
/// heading: it holds an article's number (`第十二条`), or a law's own words where
/// OCR lost the 第 (`依照本条例`, `违反第十五条规定`, `十五条规定的`).
pub(crate) fn reads_as_law(text: &str) -> bool {
    const WORDS: &[&str] = &[
        "本条例",
        "本办法",
        "本细则",
        "违反本法",
        "依照本法",
        "本法所称",
    ];
    has_article(text)
        || WORDS.iter().any(|w| text.contains(w))
        || text.match_indices("条规定").any(|(i, _)| {
            text[..i]
                .chars()
                .next_back()
                .is_some_and(|c| "一二三四五六七八九十百千零〇0123456789".contains(c))
        })
}

/// Whether `text` holds an article's number (`第十二条`) anywhere.
fn has_article(text: &str) -> bool {
    text.match_indices('第').any(|(i, _)| {
        let rest = &text[i + '第'.len_utf8()..];
        let digits = rest
            .chars()
            .take_while(|&c| "一二三四五六七八九十百千零〇0123456789".contains(c))
            .count();
        (1..=7).contains(&digits) && rest.chars().nth(digits) == Some('条')
    })
}

fn t_len(s: &str) -> usize {
    s.trim().chars().count()
}

/// A line that can be a title: short, not a sentence, no heading number.
fn is_title_shaped(line: &str) -> bool {
    let line = line.trim();
    let n = line.chars().count();
    (2..=MAX_TITLE).contains(&n)
        && !line.contains(['。', '；', '！', '？'])
        && !line.ends_with(['，', '、', '：', ':', ','])
        && super::markers::marker(line).is_none()
}

/// A line that can be a byline: a short name, a date, no sentence punctuation.
pub(super) fn is_byline_shaped(line: &str) -> bool {
    let n = line.chars().count();
    (2..=MAX_BYLINE + 8).contains(&n)
        && !line.contains(['。', '，', '；', '：', '！', '？', ':', ','])
        && super::markers::marker(line).is_none()
}

/// Where the name of an issuing body ending `head` starts (`…纵深发展市总工会`):
/// its last word ends like a body's name, with the short words before it that
/// name a place or a level (`市`, `省`).
fn trailing_body(head: &str, lex: &Lexicon) -> Option<usize> {
    let tags = lex.tag(head);
    let last = tags.last()?;
    let end_char = last.word.chars().next_back()?;
    if !BODIES.contains(&end_char)
        || !last.word.chars().all(is_han)
        || last.word.chars().count() < 2
    {
        return None;
    }
    let mut start = last.byte_start;
    let mut chars = last.word.chars().count();
    for t in tags.iter().rev().skip(1) {
        let n = t.word.chars().count();
        // A place's name, or one character of a name (`市`), never a word of
        // the sentence's own (`由国务院`, `对本院`).
        let place = t.tag == "ns" || t.tag == "nt" || (n == 1 && t.tag.starts_with('n'));
        if !place || chars + n > MAX_BYLINE || !t.word.chars().all(is_han) {
            break;
        }
        start = t.byte_start;
        chars += n;
        if n > 1 {
            break;
        }
    }
    Some(start)
}

/// Whether `text` is one sentence: no mark ends a sentence before its last
/// characters (a closing mark or bracket may follow the last stop).
pub(super) fn one_sentence(text: &str) -> bool {
    let body = text
        .trim_end()
        .trim_end_matches(['”', '’', '）', ')', '」', '』']);
    let body = body.trim_end_matches(['。', '！', '？', '；', '!', '?', ';', '…']);
    !body.contains(['。', '！', '？', '；', '!', '?', ';', '\n'])
}

/// Whether two titles share a run of four ideographs.
fn shares_words(a: &str, b: &str) -> bool {
    let chars: Vec<char> = b.chars().collect();
    chars
        .windows(4)
        .any(|w| w.iter().all(|&c| is_han(c)) && a.contains(&w.iter().collect::<String>()))
}

/// The site's title without its leading category tag (`(材料)`, `【精品】`).
pub(crate) fn site_title(title: &str) -> &str {
    let t = title.trim();
    for (open, close) in [('(', ')'), ('（', '）'), ('【', '】'), ('[', ']')] {
        if let Some(rest) = t.strip_prefix(open) {
            if let Some(i) = rest.find(close) {
                if rest[..i].chars().count() <= 6 {
                    return rest[i + close.len_utf8()..].trim();
                }
            }
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run<'a>(text: &'a str, site: Option<&str>) -> (Option<&'a str>, Option<&'a str>, bool) {
        let lex = crate::Lexicon::global();
        let found = headings::find(text, lex, |_, _| false, None);
        let top = top(text, &found, site, None, false, lex);
        (
            top.title.map(|s| &text[s.range()]),
            top.byline.map(|s| &text[s.range()]),
            top.lost_heading.is_some(),
        )
    }

    #[test]
    fn titles() {
        type Want = (Option<&'static str>, Option<&'static str>, bool);
        let rows: &[(&str, &str, Option<&str>, Want)] = &[
            (
                "title and byline on their lines",
                "积极探索大胆实践推动活动向纵深发展\n市总工会\n一、加强领导\n正文。",
                None,
                (
                    Some("积极探索大胆实践推动活动向纵深发展"),
                    Some("市总工会"),
                    false,
                ),
            ),
            (
                "run together with the body",
                "积极探索大胆实践推动“创争”活动向纵深发展市总工会自去年年初开始，我们开展了活动。一、加强领导\n正文。",
                None,
                (
                    Some("积极探索大胆实践推动“创争”活动向纵深发展"),
                    Some("市总工会"),
                    false,
                ),
            ),
            (
                "a kind of document",
                "关于加强安全生产的若干意见\n各地要加强安全生产。",
                None,
                (Some("关于加强安全生产的若干意见"), None, false),
            ),
            (
                "a section title whose number was lost",
                "一年来工作回顾\n过去的一年很不平凡。\n二、今年的工作\n今年要做好工作。",
                None,
                (None, None, true),
            ),
            (
                "a law's page whose chapter number was lost",
                "保护措施\n除本条例第十五条规定的行为外，禁止下列行为。\n处十万元以上五十万元以下的罚款。",
                None,
                (Some("保护措施"), None, false),
            ),
            (
                "a law's page whose 第 was lost",
                "保护措施\n除十五条规定的行为外，禁止下列行为。\n处十万元以上五十万元以下的罚款。",
                None,
                (Some("保护措施"), None, false),
            ),
            (
                "no title",
                "各位代表：\n现在我作报告。",
                None,
                (None, None, false),
            ),
            (
                "heading first",
                "一、总体要求\n正文。",
                None,
                (None, None, false),
            ),
        ];
        for (name, text, site, want) in rows {
            assert_eq!(run(text, *site), *want, "{name}");
        }
    }

    #[test]
    fn site_titles() {
        assert_eq!(site_title("(材料)2010年政府工作报告"), "2010年政府工作报告");
        assert_eq!(site_title("【精品】工作总结"), "工作总结");
        assert_eq!(site_title("2010年(上)工作总结"), "2010年(上)工作总结");
    }
}
