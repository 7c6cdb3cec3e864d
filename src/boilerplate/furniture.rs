//! A general model of a site's furniture, line by line: features that carry across
//! sites rather than one site's phrases.
//!
//! Each line gets a score from what it is made of:
//!
//! * **site-UI vocabulary**: words of a document site's interface (download, upload,
//!   report, preview, member, points, copyright, infringement …), strong ones and
//!   weak ones (weak: words prose uses too, such as 资源 or 推荐);
//! * **a metadata row**: `key:value` fields whose value holds digits, a date, a time, a
//!   file size, a page count or a long identifier; several fields on one line;
//! * **shape**: no sentence punctuation, a breadcrumb (`首页 … > …`), a bullet, a row of
//!   short buttons, a run of spaced-out single characters (a keyword row), a file
//!   name (`….docx`), a web address;
//! * **against it**: sentence punctuation with little UI vocabulary, a numbered
//!   heading's shape, length (a paragraph of prose is not furniture).
//!
//! A line scoring [`STRONG`] or more is furniture wherever it stands. Around such
//! lines, at the top and at the bottom of the document, furniture comes in blocks:
//! there a line that is merely not prose (a title, a user name and date, `合集下载`)
//! goes with the block when a strong line stands beyond it. A line that repeats a
//! line found to be furniture, or that another furniture line quotes whole (the title
//! in `《title.docx》由会员分享…`), is furniture too; and a preview snippet that repeats
//! the start of the text below it (`text start ...`, `【摘要】:first sentence`) is too.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::LazyLock;

use crate::Span;
use crate::chars::{is_cjk_punct, is_han};
use crate::lines::lines;

/// The score from which a line is furniture wherever it stands.
pub(super) const STRONG: f32 = 4.0;

/// The score from which a line goes with a block of furniture beside it, or is a
/// page's header when it recurs twice.
pub(super) const WEAK: f32 = 2.0;

/// The two scores the model decides by ([`STRONG`] and [`WEAK`] by default).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Thresholds {
    pub(super) strong: f32,
    pub(super) weak: f32,
}

impl Default for Thresholds {
    fn default() -> Thresholds {
        Thresholds {
            strong: STRONG,
            weak: WEAK,
        }
    }
}

/// The longest line, in characters, that may be furniture by its own features.
const MAX_CHARS: usize = 160;

/// What lines in a row at a document's edge, each scoring at least half the strong
/// score, must score together to be furniture, in strong scores.
const RUN: f32 = 1.5;

/// How far from the top and from the bottom of a document furniture blocks are
/// looked for, in non-blank lines.
const BLOCK_LINES: usize = 40;

/// Words of a site's interface that prose seldom uses.
const STRONG_WORDS: &[&str] = &[
    "下载",
    "上传",
    "举报",
    "侵权",
    "免责",
    "本站",
    "文档",
    "积分",
    "金币",
    "会员",
    "登录",
    "点击",
    "转藏",
    "献花",
    "全屏",
    "未读",
    "预览",
    "客服",
    "网友",
    "手机版",
    "收藏",
    "浏览",
    "页数",
    "下载券",
    "文库",
    "版权",
    "认领",
    "开通",
    "珍藏版",
    "上传人",
    "贡献者",
    "扫码",
    "二维码",
    "公众号",
    "付费",
    "充值",
    "退款",
    "阅读全文",
    "类似文章",
    "猜你喜欢",
    "一键",
];

/// Words of a site's interface that prose uses too.
const WEAK_WORDS: &[&str] = &[
    "资源",
    "平台",
    "用户",
    "分享",
    "相关",
    "推荐",
    "更多",
    "查看",
    "继续",
    "免费",
    "删除",
    "联系",
    "格式",
    "大小",
    "编号",
    "分类",
    "首页",
    "全文",
    "阅读",
    "打印",
    "发布",
    "来源",
    "作者",
    "时间",
    "日期",
    "简介",
    "描述",
    "标签",
    "关键词",
    "帮助",
    "中心",
    "专享",
    "快捷",
    "支付",
    "提示",
    "复制",
    "链接",
    "地址",
    "反馈",
    "摘要",
    "信息",
    "类别",
    "价格",
    "在线",
    "发表于",
];

/// Keys of a metadata row's `key:value` fields (besides any key whose value has digits).
const KEYS: &[&str] = &[
    "上传人",
    "上传者",
    "贡献者",
    "作者",
    "来源",
    "来自",
    "分类",
    "类别",
    "格式",
    "标签",
    "关键词",
    "关键字",
    "编辑",
    "责编",
    "发布者",
    "资源类别",
    "文档格式",
    "资源格式",
];

// The set of strong words a line holds is a `u64`.
const _: () = assert!(STRONG_WORDS.len() <= 64);

/// The vocabulary, by word, with its weight.
static VOCABULARY: LazyLock<Vocabulary> = LazyLock::new(Vocabulary::new);

struct Vocabulary {
    /// The strong and weak words, found the longest at each start, without
    /// overlap, left to right.
    words: AhoCorasick,
    /// For each pattern of `words`, whether it is a strong word.
    is_strong: Vec<bool>,
    /// [`STRONG_WORDS`], every occurrence found (overlapping), for the set of
    /// strong words a line holds ([`Vocabulary::strong_in`]).
    strong_words: AhoCorasick,
    strong: FxHashSet<&'static str>,
    weak: FxHashSet<&'static str>,
    keys: FxHashSet<&'static str>,
    /// The longest word, in characters.
    longest: usize,
}

impl Vocabulary {
    fn new() -> Vocabulary {
        let all = STRONG_WORDS.iter().chain(WEAK_WORDS).chain(KEYS);
        // A word is strong if it is among the strong words (a word of both
        // lists counts as strong); words of one character are never read.
        let words: Vec<&str> = STRONG_WORDS
            .iter()
            .chain(WEAK_WORDS)
            .copied()
            .filter(|w| w.chars().nth(1).is_some())
            .collect();
        let is_strong = words.iter().map(|w| STRONG_WORDS.contains(w)).collect();
        Vocabulary {
            words: AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .kind(Some(AhoCorasickKind::DFA))
                .build(&words)
                .expect("the vocabulary is a few dozen short words"),
            is_strong,
            strong_words: AhoCorasick::builder()
                .kind(Some(AhoCorasickKind::DFA))
                .build(STRONG_WORDS)
                .expect("the strong words are a few dozen short words"),
            strong: STRONG_WORDS.iter().copied().collect(),
            weak: WEAK_WORDS.iter().copied().collect(),
            keys: KEYS.iter().copied().collect(),
            longest: all.map(|w| w.chars().count()).max().unwrap_or(1),
        }
    }

    /// The distinct strong and weak words in `s` (the longest match at each start,
    /// not overlapping): a word that prose repeats (`举报`, `侵权` in a law) counts once.
    fn count(&self, s: &str, topic: &[&str]) -> (usize, usize) {
        let mut strong: Vec<&str> = Vec::new();
        let mut weak: Vec<&str> = Vec::new();
        for m in self.words.find_iter(s) {
            let w = &s[m.range()];
            if topic.contains(&w) {
                // The document's own word: neither.
            } else if self.is_strong[m.pattern().as_usize()] {
                strong.push(w);
            } else {
                weak.push(w);
            }
        }
        for words in [&mut strong, &mut weak] {
            words.sort_unstable();
            words.dedup();
        }
        let lower = s.to_ascii_lowercase();
        let latin = usize::from(lower.contains("vip") || lower.contains("app"));
        // The polite "you" of a notice addressed to the reader (`侵犯了您的权益`,
        // `为您处理`): documents of record do not address their reader so.
        let reader = usize::from(s.contains('您'));
        (strong.len() + latin + reader, weak.len())
    }
}

impl Vocabulary {
    /// The strong words `s` holds, as a set of indices into [`STRONG_WORDS`].
    fn strong_in(&self, s: &str) -> u64 {
        self.strong_words
            .find_overlapping_iter(s)
            .fold(0, |set, m| set | 1 << m.pattern().as_usize())
    }

    /// Whether `s` ends with a word of the vocabulary (strong or weak).
    fn ends_with_word(&self, s: &str) -> bool {
        self.word_at(
            s.char_indices()
                .rev()
                .take(self.longest)
                .map(|(i, _)| &s[i..]),
        )
    }

    /// Whether `s` starts with a word of the vocabulary (strong or weak).
    fn starts_with_word(&self, s: &str) -> bool {
        self.word_at(
            s.char_indices()
                .skip(1)
                .take(self.longest)
                .map(|(i, _)| &s[..i])
                .chain(std::iter::once(s).filter(|s| s.chars().count() <= self.longest)),
        )
    }

    fn word_at<'a>(&self, mut candidates: impl Iterator<Item = &'a str>) -> bool {
        candidates.any(|w| self.strong.contains(w) || self.weak.contains(w))
    }
}

/// The score of one line (trimmed, without its line break): how much it looks like
/// a site's furniture.
pub(super) fn score(line: &str) -> f32 {
    score_with(line, &[])
}

/// [`score`], the words of `topic` (the document's own) counted as prose's.
fn score_with(line: &str, topic: &[&str]) -> f32 {
    let chars = line.chars().count();
    if chars == 0 || chars > MAX_CHARS {
        return f32::NEG_INFINITY;
    }
    let voc = &*VOCABULARY;
    let (strong, weak) = voc.count(line, topic);
    // A salutation or an addressee (`同志们：`, `各位代表：`, `各区县：`) is the
    // document's; another short label (`文本内容:`, a lead-in) is neither prose nor
    // furniture by itself.
    if strong + weak == 0 && chars <= 12 && line.ends_with(['：', ':']) {
        return if addressed(line) { -1.0 } else { 0.0 };
    }
    let mut s = 1.5 * strong as f32 + 0.5 * weak as f32;
    let sentence = line.contains(['。', '！', '？', '!', '?', '；']);
    if sentence {
        // A notice is dense with the vocabulary: a word in every twenty characters.
        if strong < 3 || strong * 20 < chars {
            s -= 2.5;
        }
    } else if chars <= 60 {
        s += 1.0;
    }
    if numbered_heading(line) {
        s -= 3.0;
    }
    s += fields(line, voc).min(6.0);
    s += meta_tokens(line, voc).min(3) as f32;
    if separated_row(line) && !sentence {
        s += 1.5;
    }
    if breadcrumb(line) {
        s += 3.0;
    }
    if bullet(line) && chars <= 50 && !sentence {
        s += 2.0;
    }
    if spaced_run(line) {
        s += 3.0;
    }
    if button_row(line) {
        s += 1.5;
    }
    if call_to_action(line, voc) {
        s += 2.0;
    }
    if file_name(line) {
        s += 3.0;
    }
    if web_address(line) {
        s += 2.0;
    }
    // A long line of prose with a word or two of the vocabulary is prose.
    if chars > 80 && (strong < 3 || strong * 20 < chars) {
        s -= 2.0;
    }
    s
}

/// Whether a line ending in `：` addresses people (`同志们：`, `各位代表：`, `尊敬的…：`,
/// `各区县：`).
fn addressed(line: &str) -> bool {
    line.starts_with('各')
        || [
            "们", "代表", "同志", "委员", "先生", "女士", "朋友", "来宾", "大家", "尊敬", "亲爱",
            "领导",
        ]
        .iter()
        .any(|w| line.contains(w))
}

/// A short label ending in `：` that addresses no one (`文本内容:`).
fn label(line: &str) -> bool {
    line.ends_with(['：', ':']) && line.chars().count() <= 12 && !addressed(line)
}

/// `一、` `（一）` `1.` `第一章` … at the start: a heading's shape.
fn numbered_heading(line: &str) -> bool {
    // A Markdown heading's marks first (`### 第一节`).
    let line = line.trim_start_matches('#').trim_start();
    let rest = line.trim_start_matches(['（', '(']);
    let after = rest.trim_start_matches(|c: char| "一二三四五六七八九十".contains(c));
    if after.len() < rest.len() && after.starts_with(['、', '）', ')']) {
        return true;
    }
    if let Some(after) = line.strip_prefix('第') {
        let after = after.trim_start_matches(|c: char| "一二三四五六七八九十百零".contains(c));
        return after.starts_with(['章', '节', '部', '篇', '条']);
    }
    false
}

/// The `key:value` fields of a metadata row, weighed: a key of 2 to 6 characters
/// followed by `:`/`：` and a value; 2 for a key of a site's (`上传人`, `文档编号`), 1 for
/// another key whose value has a digit or that ends in a word prose shares with sites
/// (`时间`, `大小`).
fn fields(line: &str, voc: &Vocabulary) -> f32 {
    let mut n = 0.0;
    let mut rest = line;
    while let Some(i) = rest.find([':', '：']) {
        let key: String = rest[..i]
            .chars()
            .rev()
            .take_while(|c| is_han(*c) || c.is_ascii_alphabetic())
            .collect::<Vec<char>>()
            .into_iter()
            .rev()
            .collect();
        let colon = rest[i..].chars().next().map_or(1, char::len_utf8);
        let value = rest[i + colon..].trim_start();
        let value_end = value
            .find(|c: char| c.is_whitespace() || c == '\u{3000}')
            .unwrap_or(value.len());
        let value = &value[..value_end.min(value.len())];
        let klen = key.chars().count();
        let value_digits = value.chars().take(16).any(|c| c.is_ascii_digit());
        // A key that is or holds a site word (`文档编号`, `文档ID`).
        let site_key = voc.keys.contains(key.as_str())
            || voc.strong_in(&key) != 0
            || (klen > 2 && ["格式", "类别", "分类"].iter().any(|k| key.ends_with(k)));
        let shared = (2..=klen).any(|k| {
            let tail: String = key.chars().skip(klen - k).collect();
            voc.weak.contains(tail.as_str())
        });
        if (2..=6).contains(&klen) && !value.is_empty() {
            if site_key {
                n += 2.0;
            } else if value_digits || shared {
                n += 1.0;
            }
        } else if (2..=4).contains(&klen) && n > 0.0 && rest[i + colon..].trim().is_empty() {
            // A template's field left empty at the end of a row (`… 小编:`).
            n += 1.0;
        }
        rest = &rest[i + colon..];
    }
    n
}

/// Dates (`2019-10-20`), times (`22:33`), file sizes (`1.2MB`), page and length
/// counts (`共18页`, `31页`, `共 3459字`), counters after a one-character label
/// (`阅 1234`) or beside a word of a site's interface (`3906人阅读`, `198次下载`,
/// `阅读数:7218`, `需浏览 7分钟`), times gone by (`6年以前`, `3天前`) and long
/// identifiers.
fn meta_tokens(line: &str, voc: &Vocabulary) -> usize {
    let b = line.as_bytes();
    let mut n = 0;
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.') {
            i += 1;
        }
        let digits = i - start;
        let after = &line[i..];
        let before = &line[..start];
        let dated = after.starts_with(['-', '/'])
            && after[1..].starts_with(|c: char| c.is_ascii_digit())
            && digits == 4;
        let timed = after.starts_with(':')
            && after[1..].starts_with(|c: char| c.is_ascii_digit())
            && digits <= 2
            && !before.ends_with(|c: char| c.is_ascii_digit());
        let upper = after.trim_start().to_ascii_uppercase();
        let sized = ["KB", "MB", "GB", "K ", "M "]
            .iter()
            .any(|u| upper.starts_with(u));
        let paged = after.trim_start().starts_with(['页', '金', '字'])
            && (before.trim_end().ends_with('共')
                || before.trim_end().ends_with(['：', ':'])
                || line.len() < 40);
        // A count beside a word of the interface, with a unit or a label between
        // (`阅读数:`, `浏览量`).
        let label = before.trim_end().trim_end_matches([':', '：']).trim_end();
        let label = label.trim_end_matches(['数', '量', '次']);
        let unit = after
            .trim_start()
            .trim_start_matches(['人', '次', '个', '篇', '条'])
            .trim_start();
        let beside = || {
            digits <= 9
                && !after.starts_with(['.', '%'])
                && (voc.ends_with_word(label) || voc.starts_with_word(unit))
        };
        let ago = digits <= 2 && {
            let unit = after.trim_start();
            let unit = ["秒", "分钟", "小时", "天", "周", "个月", "年"]
                .iter()
                .find_map(|u| unit.strip_prefix(u));
            unit.is_some_and(|rest| rest.starts_with("前") || rest.starts_with("以前"))
        };
        let counter = before
            .trim_end()
            .chars()
            .next_back()
            .is_some_and(|c| "阅转赞评藏读看".contains(c))
            && before.ends_with(char::is_whitespace);
        // An identifier, not an amount (`100001元`, `500000人`).
        let id =
            digits >= 6 && !after.starts_with(|c: char| "元万亿千百人个户吨米次年%‰".contains(c));
        if dated || timed || sized || paged || counter || ago || id || beside() {
            n += 1;
            // A date's or time's other parts are the same token.
            while i < b.len() && (b[i].is_ascii_digit() || matches!(b[i], b'-' | b'/' | b':')) {
                i += 1;
            }
        }
    }
    n
}

/// `首页 > 范文 > 报告`, `中心 》 资源 》 文库`, `首页 标题`, `当前位置：…`: short steps
/// between separators (a `》` closes no `《` in a breadcrumb, nor `>` a `<`).
fn breadcrumb(line: &str) -> bool {
    if line.starts_with("首页") || line.starts_with("当前位置") || line.starts_with("您的位置")
    {
        return !line.contains('。');
    }
    let paired = line.contains(['《', '<']);
    let is_sep = |c: char| matches!(c, '>' | '»' | '›' | '＞') || (c == '》' && !paired);
    let steps: Vec<&str> = line.split(is_sep).collect();
    // Steps are names: a clause mark in one makes the line prose whose `《`
    // the engine read as another bracket (`其（许可证》、（执照》和…`).
    steps.len() >= 3
        && !paired
        && steps.iter().all(|s| {
            s.trim().chars().count() <= 16 && !s.contains(['，', '、', '；', '：', '。', '（', '('])
        })
}

/// Short fields set apart by `|` or a middle dot with space around it
/// (`2015-05-09 | 3906人阅读 | 198次下载`, `作者：x · 2023-09-20`): a metadata row.
/// A Markdown table's row (starting with `|`) is the document's.
fn separated_row(line: &str) -> bool {
    if line.starts_with(['|', '｜']) || !line.contains(['|', '｜', '丨', '·', '•']) {
        return false;
    }
    let mut parts = 0;
    let mut rest = line;
    loop {
        let at = rest.char_indices().find(|&(i, c)| {
            let spaced = |s: &str| s.is_empty() || s.starts_with(char::is_whitespace);
            match c {
                '|' | '｜' | '丨' => true,
                '·' | '•' => {
                    rest[..i].ends_with(char::is_whitespace) && spaced(&rest[i + c.len_utf8()..])
                }
                _ => false,
            }
        });
        let (field, next) = match at {
            Some((i, c)) => (&rest[..i], Some(&rest[i + c.len_utf8()..])),
            None => (rest, None),
        };
        let field = field.trim();
        if field.chars().count() > 24 || field.contains(['，', ',']) {
            return false;
        }
        parts += usize::from(!field.is_empty());
        match next {
            Some(n) => rest = n,
            None => break,
        }
    }
    parts >= 2
        && line
            .chars()
            .any(|c| matches!(c, '|' | '｜' | '丨' | '·' | '•'))
}

fn bullet(line: &str) -> bool {
    line.starts_with(['•', '●', '·', '▪', '■', '◆', '◇', '○', '►', '▶', '√'])
}

/// At least four single characters in a row, each set apart by a space: the title's
/// characters spaced out in a keyword row.
fn spaced_run(line: &str) -> bool {
    let tokens: Vec<&str> = line.split(' ').filter(|t| !t.is_empty()).collect();
    let singles = tokens.iter().filter(|t| t.chars().count() == 1).count();
    singles >= 4 && singles * 10 >= tokens.len() * 8
}

/// A button's or a link's words alone: an action of a site's interface and what it
/// acts on, a word of the vocabulary (`展开全文`, `查看更多>>`, `返回首页`).
fn call_to_action(line: &str, voc: &Vocabulary) -> bool {
    const ACTIONS: &[&str] = &[
        "点击", "展开", "收起", "查看", "打开", "进入", "返回", "继续", "立即", "免费",
    ];
    let line = line.trim_end_matches(['>', '》', '»', ' ']);
    let chars = line.chars().count();
    if !(3..=10).contains(&chars)
        || line
            .chars()
            .any(|c| is_cjk_punct(c) || c.is_ascii_punctuation())
    {
        return false;
    }
    ACTIONS.iter().any(|a| {
        line.strip_prefix(a).is_some_and(|rest| {
            !rest.is_empty() && (voc.starts_with_word(rest) || voc.ends_with_word(rest))
        })
    })
}

/// Three or more short words set apart by spaces, no punctuation: a row of buttons.
fn button_row(line: &str) -> bool {
    let tokens: Vec<&str> = line.split_whitespace().collect();
    tokens.len() >= 3
        && tokens.iter().all(|t| t.chars().count() <= 6)
        && !line
            .chars()
            .any(|c| is_cjk_punct(c) && !matches!(c, '（' | '）'))
}

/// A file name alone: `….docx`, `….pdf` …
fn file_name(line: &str) -> bool {
    let lower = line.to_ascii_lowercase();
    [
        ".docx", ".doc", ".pdf", ".ppt", ".pptx", ".txt", ".wps", ".xls", ".xlsx",
    ]
    .iter()
    .any(|e| lower.ends_with(e))
}

/// `www.`, `http`, or a dotted domain ending in letters.
fn web_address(line: &str) -> bool {
    let lower = line.to_ascii_lowercase();
    if lower.contains("www.") || lower.contains("http://") || lower.contains("https://") {
        return true;
    }
    lower.as_bytes().windows(4).any(|w| {
        w[0].is_ascii_alphanumeric()
            && w[1] == b'.'
            && w[2].is_ascii_lowercase()
            && w[3].is_ascii_lowercase()
    }) && [".com", ".cn", ".net", ".org"]
        .iter()
        .any(|d| lower.contains(d))
}

/// How many lines of prose must use a strong word for it to be the document's.
const TOPIC_LINES: usize = 3;

/// The strong words that [`TOPIC_LINES`] or more lines of prose (scoring below 0)
/// use.
fn topic_words(all: &[Scored]) -> Vec<&'static str> {
    let voc = &*VOCABULARY;
    let mut lines = [0usize; STRONG_WORDS.len()];
    for l in all.iter().filter(|l| l.score < 0.0) {
        let set = voc.strong_in(l.text);
        for (k, n) in lines.iter_mut().enumerate() {
            *n += usize::from(set >> k & 1 == 1);
        }
    }
    STRONG_WORDS
        .iter()
        .zip(lines)
        .filter(|&(_, n)| n >= TOPIC_LINES)
        .map(|(w, _)| *w)
        .collect()
}

/// The most distinct lines [`Recurring`] counts: beyond them a line is
/// counted in its piece alone (a whole input of more distinct short lines
/// that are not prose is a table, not a page's furniture).
const MOST_LINES: usize = 1 << 16;

/// What the general model reads over a whole input of several pieces
/// (`Cleaner::shared_pieces`), so that each piece is read as in the whole:
/// how often each short line that is not prose recurs (a page's header or
/// footer), and how many lines of prose use each strong word (the document's
/// own words), each counted up to what the verdicts need, in memory of a
/// bounded size (a hash of each line, at most [`MOST_LINES`]).
#[derive(Clone, Debug, Default)]
pub(crate) struct Recurring {
    /// The lines that may recur as furniture, by a hash of their text,
    /// counted up to 3.
    lines: FxHashMap<u64, u8>,
    /// For each of [`STRONG_WORDS`], the lines of prose that use it, up to
    /// [`TOPIC_LINES`] (empty: none read).
    topic: Vec<u8>,
    /// For each inline pattern of the rules it was read with, what its matches
    /// share at their end (empty: none read).
    tails: Vec<Tail>,
    /// What a piece's lines show of a site's header block at its top: whether
    /// the block runs through all of them, and whether a line of it is surely
    /// the site's ([`Recurring::with_header`]).
    header: (bool, bool),
    /// Over a larger input's pieces ([`Recurring::merge`]): the last piece the
    /// whole's header block (at its top) reaches into, and whether a line of
    /// the block is surely the site's.
    header_block: Option<(usize, bool)>,
    /// The titles a piece's header block at its top gives (`《…》由会员上传分享`),
    /// at most [`MOST_TITLES`]; over a larger input's pieces, those of the
    /// pieces the whole's block runs through, each with its piece.
    titles: Vec<(usize, String)>,
    /// Whether a piece's text holds a line of prose.
    prose: bool,
    /// Over a larger input's pieces: the first and the last piece that hold
    /// prose.
    prose_pieces: Option<(usize, usize)>,
    /// A piece's lines before its first line of prose (all, without prose),
    /// at most [`BLOCK_LINES`], each with the least score its rules know.
    rows: Vec<(String, Option<f32>)>,
    /// Over a larger input's pieces: the lines of the whole's block at its
    /// top (before its first line of prose, at most [`BLOCK_LINES`]), each
    /// with its piece.
    top_rows: Vec<Row>,
    /// A piece's lines after its last line of prose (all, without prose), the
    /// last [`BLOCK_LINES`] at most, each with the least score its rules know.
    tail_rows: Vec<(String, Option<f32>)>,
    /// Over a larger input's pieces: the lines of the whole's block at its
    /// bottom (after its last line of prose, the last [`BLOCK_LINES`] at
    /// most), each with its piece.
    bottom_rows: Vec<Row>,
    /// `rows` and `tail_rows` of the piece's text without its site lines and
    /// the furniture inside its lines (none: the same), as the general model
    /// reads it where the whole's first round cuts inside a line (the model
    /// then waits for the next round, which reads the text those cuts leave).
    later_rows: Option<Box<EdgeRows>>,
    /// Whether an inline pattern matches in a piece's text as the pass first
    /// reads it; over a larger input's pieces, in any piece: the whole's
    /// first round then cuts inside a line ([`Recurring::cuts_inside_first`]).
    inline: bool,
}

/// A piece's lines before its first line of prose and after its last, each
/// with the least score its rules know.
pub(super) type EdgeRows = (Vec<EdgeRow>, Vec<EdgeRow>);

/// A line at a piece's edge: its text, the least score its rules know.
pub(super) type EdgeRow = (String, Option<f32>);

/// A line of the whole's block at its top: its piece, its text, the least
/// score its rules know.
pub(crate) type Row = (usize, String, Option<f32>);

/// What the matches of one inline pattern share at their end, and how many
/// there are (up to 2: one match shares nothing with another).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Tail {
    end: String,
    matches: u8,
}

impl Tail {
    /// Counts a match.
    pub(super) fn add(&mut self, text: &str) {
        self.join(text, 1);
    }

    /// The counts of two consecutive parts of a text together.
    fn merge(&mut self, other: &Tail) {
        self.join(&other.end, other.matches);
    }

    /// Counts `matches` matches that share `end`.
    fn join(&mut self, end: &str, matches: u8) {
        if matches == 0 {
            return;
        }
        self.end = if self.matches == 0 {
            end.to_owned()
        } else {
            common_end(&self.end, end).to_owned()
        };
        self.matches = self.matches.saturating_add(matches).min(2);
    }
}

/// The longest end that `a` and `b` share, whole characters.
fn common_end<'a>(a: &'a str, b: &str) -> &'a str {
    let n = a
        .bytes()
        .rev()
        .zip(b.bytes().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let mut start = a.len() - n;
    while !a.is_char_boundary(start) {
        start += 1;
    }
    &a[start..]
}

impl Recurring {
    /// Counts of nothing.
    fn empty() -> Recurring {
        Recurring {
            lines: FxHashMap::default(),
            topic: vec![0; STRONG_WORDS.len()],
            tails: Vec::new(),
            header: (false, false),
            header_block: None,
            titles: Vec::new(),
            prose: false,
            prose_pieces: None,
            rows: Vec::new(),
            top_rows: Vec::new(),
            tail_rows: Vec::new(),
            bottom_rows: Vec::new(),
            later_rows: None,
            inline: false,
        }
    }

    /// Counts the lines of `text` (one piece); `known` tells a line the
    /// built-in rules know to be furniture (never prose).
    pub(super) fn read(text: &str, known: impl Fn(&str) -> bool) -> Recurring {
        let mut out = Recurring::empty();
        for (_, line) in lines(text) {
            let t = line.trim();
            if t.is_empty() {
                continue;
            }
            let score = score(t);
            out.prose |= score < 0.0;
            if score < 0.0 {
                if known(line.trim_end_matches('\n')) {
                    continue;
                }
                let set = VOCABULARY.strong_in(t);
                for (k, n) in out.topic.iter_mut().enumerate() {
                    if usize::from(*n) < TOPIC_LINES && set >> k & 1 == 1 {
                        *n += 1;
                    }
                }
            } else if may_recur(t, score) {
                out.add(hash(t), 1);
            }
        }
        out
    }

    /// Adds `n` to a line's count, if it is counted or there is room.
    fn add(&mut self, key: u64, n: u8) {
        let room = self.lines.len() < MOST_LINES;
        if let Some(c) = self.lines.get_mut(&key) {
            *c = c.saturating_add(n).min(3);
        } else if room {
            self.lines.insert(key, n.min(3));
        }
    }

    /// Keeps `tails`, what the matches of each inline pattern share at their end.
    pub(super) fn with_tails(mut self, tails: Vec<Tail>) -> Recurring {
        self.tails = tails;
        self
    }

    /// With its lines before its first line of prose and after its last
    /// (see [`Recurring::rows`], [`Recurring::tail_rows`]), in its text and
    /// in its text without the lines and the furniture inside lines that the
    /// pass's first round cuts (`later`, none when it cuts none), and whether
    /// that round cuts inside a line.
    pub(super) fn with_rows(
        mut self,
        (rows, tail_rows): EdgeRows,
        later: Option<EdgeRows>,
        inline: bool,
    ) -> Recurring {
        self.rows = rows;
        self.tail_rows = tail_rows;
        self.later_rows = later.map(Box::new);
        self.inline = inline;
        self
    }

    /// Whether the pass's first round over the whole cuts inside a line (an
    /// inline pattern matched in some piece): the general model then waits
    /// for the next round, in every piece as in the whole.
    pub(crate) fn cuts_inside_first(&self) -> bool {
        self.inline
    }

    /// For the `index`-th piece of a larger input that the whole's block at
    /// its top reaches (no prose before it, and the block not full before
    /// it): the block's lines in the pieces before it and after it. The
    /// first piece reads the lines after it too: without prose of its own,
    /// its lines stand in a block that runs on into the next piece (a
    /// preview's cut line above a site's header rows goes with them).
    pub(crate) fn top_rows(&self, index: usize) -> Option<(&[Row], &[Row])> {
        if self.prose_past(index).0 {
            return None;
        }
        let before = self.top_rows.partition_point(|r| r.0 < index);
        let reached =
            self.top_rows.len() < BLOCK_LINES || self.top_rows.last().is_some_and(|r| r.0 >= index);
        let from = self.top_rows.partition_point(|r| r.0 <= index);
        reached.then(|| (&self.top_rows[..before], &self.top_rows[from..]))
    }

    /// For the `index`-th piece of a larger input that the whole's block at
    /// its bottom reaches (no prose after it, and the block not full after
    /// it): the block's lines in the pieces before it and after it, as
    /// [`Recurring::top_rows`] gives them at the top (a site's `ID:44262530`
    /// row alone in the last piece goes with the strong lines above it).
    pub(crate) fn bottom_rows(&self, index: usize) -> Option<(&[Row], &[Row])> {
        if self.prose_past(index).1 {
            return None;
        }
        let rows = &self.bottom_rows;
        let before = rows.partition_point(|r| r.0 < index);
        let reached = rows.len() < BLOCK_LINES || rows.first().is_some_and(|r| r.0 <= index);
        let from = rows.partition_point(|r| r.0 <= index);
        reached.then(|| (&rows[..before], &rows[from..]))
    }

    /// With what its text's lines show of a site's header block at its top
    /// (whether the block runs through all of them, whether a line of it is
    /// surely the site's, the titles it gives).
    pub(super) fn with_header(mut self, all: bool, strong: bool, titles: Vec<String>) -> Recurring {
        self.header = (all, strong);
        self.titles = titles
            .into_iter()
            .take(MOST_TITLES)
            .map(|t| (0, t))
            .collect();
        self
    }

    /// For the `index`-th piece of a larger input: whether the whole holds
    /// prose in the pieces before it, and in the pieces after it.
    pub(crate) fn prose_past(&self, index: usize) -> (bool, bool) {
        self.prose_pieces.map_or((false, false), |(first, last)| {
            (first < index, last > index)
        })
    }

    /// For the `index`-th piece of a larger input: whether the whole's header
    /// block at its top reaches into the piece (the pieces before it are all
    /// header lines), and whether a line of the block is surely the site's.
    pub(crate) fn header_block(&self, index: usize) -> Option<bool> {
        self.header_block
            .filter(|&(reach, _)| index <= reach)
            .map(|(_, strong)| strong)
    }

    /// For the `index`-th piece of a larger input the whole's header block
    /// reaches: the titles the block gives in the pieces before it, in order
    /// (the site's title, which the body repeats after the block: the piece
    /// that holds the body's start cuts the copies as the whole does).
    pub(crate) fn header_titles(&self, index: usize) -> impl Iterator<Item = &str> {
        let reached = self.header_block(index).is_some();
        self.titles
            .iter()
            .filter(move |(p, _)| reached && *p < index)
            .map(|(_, t)| t.as_str())
    }

    /// The end that the matches of inline pattern `k` share, when it matched
    /// more than once and they share one.
    pub(crate) fn tail(&self, k: usize) -> Option<&str> {
        self.tails
            .get(k)
            .filter(|t| t.matches >= 2 && !t.end.is_empty())
            .map(|t| t.end.as_str())
    }

    /// The counts of consecutive pieces together.
    pub(crate) fn merge(parts: Vec<Recurring>) -> Recurring {
        let mut out = Recurring::empty();
        let inline = parts.iter().any(|p| p.inline);
        out.inline = inline;
        // The lines at the edges as the model first reads them: where the
        // first round cuts inside a line, in the text that round leaves.
        fn edges(part: &Recurring, inline: bool) -> (&[EdgeRow], &[EdgeRow]) {
            match &part.later_rows {
                Some(later) if inline => (later.0.as_slice(), later.1.as_slice()),
                _ => (part.rows.as_slice(), part.tail_rows.as_slice()),
            }
        }
        for (p, part) in parts.iter().enumerate() {
            for (text, known) in edges(part, inline).0 {
                if out.top_rows.len() < BLOCK_LINES {
                    out.top_rows.push((p, text.clone(), *known));
                }
            }
            if part.prose {
                break;
            }
        }
        // The same at the bottom, from the last piece back.
        for (p, part) in parts.iter().enumerate().rev() {
            for (text, known) in edges(part, inline).1.iter().rev() {
                if out.bottom_rows.len() < BLOCK_LINES {
                    out.bottom_rows.push((p, text.clone(), *known));
                }
            }
            if part.prose {
                break;
            }
        }
        out.bottom_rows.reverse();
        let prose: Vec<usize> = (0..parts.len()).filter(|&i| parts[i].prose).collect();
        out.prose_pieces = prose.first().zip(prose.last()).map(|(&a, &b)| (a, b));
        // The whole's header block runs through the pieces that are all
        // header lines, into the first that is not.
        let mut reach = 0;
        let mut strong = false;
        for (p, part) in parts.iter().enumerate() {
            strong |= part.header.1;
            if !part.header.0 {
                break;
            }
            let room = MOST_TITLES - out.titles.len();
            out.titles
                .extend(part.titles.iter().take(room).map(|(_, t)| (p, t.clone())));
            reach += 1;
        }
        out.header_block = Some((reach, strong));
        for part in parts {
            if out.tails.len() < part.tails.len() {
                out.tails.resize(part.tails.len(), Tail::default());
            }
            for (a, b) in out.tails.iter_mut().zip(&part.tails) {
                a.merge(b);
            }
            // In order of the lines' hashes: the same lines are kept
            // whatever the map's order.
            let mut lines: Vec<(u64, u8)> = part.lines.into_iter().collect();
            lines.sort_unstable();
            for (key, n) in lines {
                out.add(key, n);
            }
            for (a, b) in out.topic.iter_mut().zip(&part.topic) {
                *a = (*a + b).min(TOPIC_LINES as u8);
            }
        }
        out
    }

    /// How often the whole holds `line` (as a line of its own), if counted.
    fn count(&self, line: &str) -> Option<usize> {
        self.lines.get(&hash(line)).map(|&c| usize::from(c))
    }

    /// The strong words the whole's prose uses on [`TOPIC_LINES`] lines or more.
    fn topic(&self) -> Vec<&'static str> {
        STRONG_WORDS
            .iter()
            .zip(&self.topic)
            .filter(|&(_, &n)| usize::from(n) >= TOPIC_LINES)
            .map(|(w, _)| *w)
            .collect()
    }
}

/// The most titles of a site's header block [`Recurring`] keeps (a header gives
/// one or two).
const MOST_TITLES: usize = 8;

/// A hash of a line's text.
fn hash(line: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(line)
}

/// Whether a line scoring `score` has the shape of a page's header or footer,
/// which is furniture when it recurs: short, with some mark beside its
/// shortness (`一是`, a form's `（院印）` or a clause ending in `：` recur in
/// documents as lines of their own).
fn may_recur(line: &str, score: f32) -> bool {
    let chars = line.chars().count();
    (4..=60).contains(&chars)
        && score > 1.0
        && !line.contains(['，', ','])
        && !line.ends_with(['：', ':'])
}

/// Where a piece stands in the whole input, and what was read over the whole
/// (`None`: the text is the whole).
#[derive(Clone, Copy, Debug)]
pub(super) struct Whole<'a> {
    /// Whether the text starts the whole: blocks at the top are read there.
    pub(super) top: bool,
    /// Whether the text ends the whole.
    pub(super) bottom: bool,
    /// The whole's counts.
    pub(super) recurring: Option<&'a Recurring>,
    /// For a piece of a larger input, whether the whole holds prose before
    /// it and after it ([`Recurring::prose_past`]).
    pub(super) prose_past: (bool, bool),
    /// For a piece of a larger input the whole's block at its top reaches,
    /// the block's lines in the pieces before it and after it
    /// ([`Recurring::top_rows`]).
    pub(super) rows: Option<(&'a [Row], &'a [Row])>,
    /// The same for a piece the whole's block at its bottom reaches
    /// ([`Recurring::bottom_rows`]).
    pub(super) bottom_rows: Option<(&'a [Row], &'a [Row])>,
}

impl Default for Whole<'_> {
    fn default() -> Self {
        Whole {
            top: true,
            bottom: true,
            recurring: None,
            prose_past: (false, false),
            rows: None,
            bottom_rows: None,
        }
    }
}

/// One line of the text with its score.
struct Scored<'a> {
    span: Span,
    text: &'a str,
    score: f32,
    /// The least score the caller knows it to have.
    known: Option<f32>,
    /// A line of another piece of the whole (its block at the top or at the
    /// bottom).
    foreign: bool,
}

/// The furniture lines of `text`, each as the span of the whole line (with its line
/// break). `floor` gives the least score of a line (by its start and text) the caller
/// already knows: a site's
/// line of the built-in rules is strong; a line learned from a batch or given by the
/// user is weak (it goes with a block beside it, but does not make one: a
/// document's title above an archive's stamp is the document's).
pub(super) fn furniture_lines<'a>(
    text: &'a str,
    floor: impl Fn(usize, &str) -> Option<f32>,
    thresholds: Thresholds,
    whole: Whole<'a>,
) -> Vec<Span> {
    let mut all: Vec<Scored> = Vec::new();
    // A piece the whole's block at its top reaches reads the block's lines
    // of the pieces before and after it with its own, as the whole reads
    // them.
    let (rows_before, rows_after) = whole.rows.unwrap_or_default();
    let foreign = |(_, t, known): &'a Row| Scored {
        span: Span::new(0, 0),
        text: t.as_str(),
        score: known.map_or(score(t), |f| score(t).max(f)),
        known: *known,
        foreign: true,
    };
    all.extend(rows_before.iter().map(foreign));
    for (start, line) in lines(text) {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        let known = floor(start, line.trim_end_matches('\n'));
        all.push(Scored {
            span: Span::new(start, start + line.len()),
            text: t,
            score: known.map_or(score(t), |f| score(t).max(f)),
            known,
            foreign: false,
        });
    }
    if all.iter().all(|l| l.foreign || l.score >= 0.0) {
        all.extend(rows_after.iter().map(foreign));
    }
    // And at the bottom: the block's lines of the pieces after it, and of
    // the pieces before it when it holds no prose.
    let (tail_before, tail_after) = whole.bottom_rows.unwrap_or_default();
    if all.iter().all(|l| l.foreign || l.score >= 0.0) {
        all.splice(0..0, tail_before.iter().map(foreign));
    }
    all.extend(tail_after.iter().map(foreign));
    let whole = Whole {
        top: whole.top || whole.rows.is_some(),
        bottom: whole.bottom || whole.bottom_rows.is_some(),
        ..whole
    };
    // A strong word that the document's prose uses on several lines is the
    // document's own (`版权` in a copyright regulation, `侵权` in a judgment): there
    // it tells nothing of a site, and a wrapped line of that prose dense with it
    // (`省版权主管部门应当推动建立重大案件挂牌督办、版权侵权典型案例发布等制`) is prose.
    let topic = whole
        .recurring
        .map_or_else(|| topic_words(&all), Recurring::topic);
    if !topic.is_empty() {
        for l in &mut all {
            if l.score >= 0.0 && topic.iter().any(|w| l.text.contains(w)) {
                let score = score_with(l.text, &topic);
                l.score = l.known.map_or(score, |f| score.max(f));
            }
        }
    }
    let n = all.len();
    // A short line that is not prose and recurs is a page's header or footer.
    let mut counts: FxHashMap<&str, usize> = FxHashMap::default();
    for l in &all {
        if l.score >= 0.0 && l.text.chars().count() <= 60 {
            *counts.entry(l.text).or_insert(0) += 1;
        }
    }
    let mut furniture = vec![false; n];
    for (k, l) in all.iter().enumerate() {
        // A header carries some mark beside its shortness: `一是`, a form's
        // `（院印）` or a clause ending in `：` recur in documents as lines of their own.
        // In a piece of a larger input, as often as the whole holds it.
        let count = || {
            let own = counts.get(l.text).copied();
            whole.recurring.and_then(|r| r.count(l.text)).or(own)
        };
        let recurs = may_recur(l.text, l.score)
            && count().is_some_and(|c| c >= 3 || (c >= 2 && l.score >= thresholds.weak));
        furniture[k] = l.score >= thresholds.strong
            || recurs
            || (whole.top && k < BLOCK_LINES && snippet_of_following(l, text));
    }
    // A block of furniture borders the document's prose: without a line of prose
    // there is no telling the two apart.
    // A piece of a larger input at one edge of the whole and without prose
    // borders the whole's prose at its other edge (in the pieces after or
    // before it): all its lines stand in the block at its edge.
    let (first_prose, bottom_from) = match all.iter().position(|l| l.score < 0.0) {
        Some(first) => {
            let last = all.iter().rposition(|l| l.score < 0.0).unwrap_or(first);
            (first, last + 1)
        }
        None if whole.top && !whole.bottom && whole.prose_past.1
            || whole.bottom && !whole.top && whole.prose_past.0 =>
        {
            (n, 0)
        }
        None => {
            return (0..n)
                .filter(|&k| furniture[k] && !all[k].foreign)
                .map(|k| all[k].span)
                .collect();
        }
    };
    // Blocks at the top and at the bottom, each read from the document's edge
    // inward and ending at its prose.
    // (A piece of a larger input has its edges only where the whole has.)
    let top: Vec<usize> = (0..n.min(BLOCK_LINES).min(first_prose))
        .filter(|_| whole.top)
        .collect();
    let bottom: Vec<usize> = (n.saturating_sub(BLOCK_LINES).max(bottom_from)..n)
        .rev()
        .filter(|_| whole.bottom)
        .collect();
    for (block, at_top) in [(&top, true), (&bottom, false)] {
        mark_runs(&all, &mut furniture, block, thresholds.strong / 2.0);
        mark_block(&all, &mut furniture, block, thresholds.weak, at_top);
    }
    // Echoes: a line repeating a furniture line, or quoted whole by one.
    let found: Vec<&str> = (0..n)
        .filter(|&k| furniture[k])
        .map(|k| all[k].text)
        .collect();
    if !found.is_empty() {
        for k in 0..n {
            if furniture[k] || all[k].score < 0.0 || all[k].text.chars().count() > 60 {
                continue;
            }
            let t = all[k].text;
            if found
                .iter()
                .any(|f| *f == t || (f.len() > t.len() && f.contains(t) && t.chars().count() >= 4))
            {
                furniture[k] = true;
            }
        }
    }
    (0..n)
        .filter(|&k| furniture[k] && !all[k].foreign)
        .map(|k| all[k].span)
        .collect()
}

/// In a block at the document's edge, two or more lines in a row (blank lines
/// apart) each scoring at least `least` (half the strong score) and together
/// [`RUN`] strong scores are furniture together: a header's rows (a length and reading time, a dot, a date and time) or a
/// list of notices add up to what one strong line shows. A line that such a line
/// of the block quotes whole (the title, in a breadcrumb or a caption) does not
/// break the run.
fn mark_runs(all: &[Scored], furniture: &mut [bool], order: &[usize], least: f32) {
    let quoted = |k: usize| {
        let t = all[k].text;
        t.chars().count() >= 4
            && order.iter().any(|&j| {
                j != k
                    && all[j].score >= least
                    && all[j].text.len() > t.len()
                    && all[j].text.contains(t)
            })
    };
    let mut k = 0;
    while k < order.len() {
        let mut end = k;
        while end < order.len() && (all[order[end]].score >= least || quoted(order[end])) {
            end += 1;
        }
        let (counted, sum) = order[k..end]
            .iter()
            .filter(|&&j| all[j].score >= least)
            .fold((0, 0.0), |(n, sum), &j| (n + 1, sum + all[j].score));
        if counted >= 2 && sum >= RUN * 2.0 * least {
            for &j in &order[k..end] {
                furniture[j] = true;
            }
        }
        k = end + 1;
    }
}

/// Marks a block of furniture: `order` holds the lines from the document's edge
/// inward, up to its prose. Up to the farthest furniture line, every line goes with
/// the block; past it, the lines that carry some feature of furniture (a field, a
/// number of a metadata row), until one that does not.
fn mark_block(all: &[Scored], furniture: &mut [bool], order: &[usize], weak: f32, top: bool) {
    let Some(p) = order.iter().rposition(|&k| furniture[k]) else {
        return;
    };
    for &k in &order[..=p] {
        furniture[k] |= all[k].score >= 0.0;
    }
    for (i, &k) in order.iter().enumerate().skip(p + 1) {
        // A line repeating one of the block (the title again) goes on with it.
        let echo = all[k].score >= 0.0
            && order[..i]
                .iter()
                .any(|&j| furniture[j] && all[j].text == all[k].text);
        // The block's label of the text below it (`文本内容:`), last before the prose.
        let labels_text =
            top && i + 1 == order.len() && furniture[order[i - 1]] && label(all[k].text);
        if all[k].score < weak && !echo && !labels_text {
            break;
        }
        furniture[k] = true;
    }
}

/// Whether a line is a preview of the text below it: its words, without a label
/// (`【摘要】:`, `简介:`) or a trailing ellipsis, are the start of what follows.
fn snippet_of_following(line: &Scored, text: &str) -> bool {
    let t = line.text;
    let labelled = t.starts_with('【') || t.contains("摘要") || t.contains("简介");
    let ellipsis = t.ends_with("...") || t.ends_with('…');
    if !labelled && !ellipsis {
        return false;
    }
    let mut core = t.trim_end_matches(['.', '…', ' ']);
    if labelled {
        if let Some(i) = core.find(['：', ':', '】']) {
            core = core[i..].trim_start_matches(['：', ':', '】']);
        }
    }
    let core: String = core.chars().filter(|c| !c.is_whitespace()).collect();
    if core.chars().count() < 15 {
        return false;
    }
    let following = &text[line.span.end..];
    let mut ahead = following
        .chars()
        .filter(|c| !c.is_whitespace())
        .take(core.chars().count() + 1);
    core.chars().all(|c| ahead.next() == Some(c))
}

/// The lines of `text` before its first line of prose (all, without prose), at
/// most [`BLOCK_LINES`], each with the least score `known` gives it: what a
/// piece of a larger input gives of the whole's block at its top
/// ([`Recurring::top_rows`]).
pub(super) fn rows_before_prose(
    text: &str,
    known: impl Fn(&str) -> Option<f32>,
) -> Vec<(String, Option<f32>)> {
    rows_to_prose(text.lines(), known)
}

/// The lines of `text` after its last line of prose (all, without prose), the
/// last [`BLOCK_LINES`] at most, in order, each with the least score `known`
/// gives it: what a piece gives of the whole's block at its bottom
/// ([`Recurring::bottom_rows`]).
pub(super) fn rows_after_prose(
    text: &str,
    known: impl Fn(&str) -> Option<f32>,
) -> Vec<(String, Option<f32>)> {
    let mut rows = rows_to_prose(text.lines().rev(), known);
    rows.reverse();
    rows
}

/// The lines `lines` gives before the first line of prose, at most
/// [`BLOCK_LINES`], trimmed, each with the least score `known` gives it.
fn rows_to_prose<'a>(
    lines: impl Iterator<Item = &'a str>,
    known: impl Fn(&str) -> Option<f32>,
) -> Vec<(String, Option<f32>)> {
    let mut rows = Vec::new();
    for line in lines {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        if score(t) < 0.0 || rows.len() == BLOCK_LINES {
            break;
        }
        rows.push((t.to_owned(), known(line)));
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    struct ScoreTest {
        name: &'static str,
        line: &'static str,
        furniture: bool,
    }

    const SCORES: &[ScoreTest] = &[
        ScoreTest {
            name: "metadata row",
            line: "上传人:b****5 文档编号:12152630 上传时间:2023-04-17 格式:DOCX 页数:61 大小:84.32KB",
            furniture: true,
        },
        ScoreTest {
            name: "field alone",
            line: "文档大小:1.2MB",
            furniture: true,
        },
        ScoreTest {
            name: "reading prompt",
            line: "已阅读5页,还剩12页未读 继续免费阅读",
            furniture: true,
        },
        ScoreTest {
            name: "disclaimer",
            line: "【免责声明】本站文档均由网友上传，仅供学习交流，若侵犯了您的权益，请联系我们删除。",
            furniture: true,
        },
        ScoreTest {
            name: "keyword row",
            line: "政 府 工 作 报 告",
            furniture: true,
        },
        ScoreTest {
            name: "breadcrumb",
            line: "课件中心 》 教学资源 》 大学文库",
            furniture: true,
        },
        ScoreTest {
            name: "file name",
            line: "关于加强管理的通知.docx",
            furniture: true,
        },
        ScoreTest {
            name: "buttons",
            line: "转藏 全屏 打印 分享 献花(3)",
            furniture: true,
        },
        ScoreTest {
            name: "a bullet alone is not enough",
            line: "• 社区年终述职报告范文",
            furniture: false,
        },
        ScoreTest {
            name: "prose mentioning a download",
            line: "各地要做好软件下载和上传服务，方便群众办事。",
            furniture: false,
        },
        ScoreTest {
            name: "heading",
            line: "一、2009年工作回顾",
            furniture: false,
        },
        ScoreTest {
            name: "salutation",
            line: "各位代表：",
            furniture: false,
        },
        ScoreTest {
            name: "date line",
            line: "——2022年3月5日在第十三届全国人民代表大会第五次会议上",
            furniture: false,
        },
        ScoreTest {
            name: "prose with digits",
            line: "全年国内生产总值达到335353亿元，比上年增长8.7%。",
            furniture: false,
        },
        ScoreTest {
            name: "a law on reports",
            line: "任何单位和个人有权对违法行为进行投诉、举报。投诉、举报由有关部门受理。",
            furniture: false,
        },
        ScoreTest {
            name: "a law on networks",
            line: "通过上传到网络服务器、设置共享文件或者利用文件分享软件等方式，将作品置于信息网络中，使公众能够在个人选定的时间和地点以下载、浏览或者其他方式获得的，人民法院应当认定其实施了提供行为。",
            furniture: false,
        },
        ScoreTest {
            name: "amendments of a law",
            line: "<中华人民共和国全国人民代表大会和地方各级人民代表大会代表法>的决定》第三次修正",
            furniture: false,
        },
        ScoreTest {
            name: "a count of people",
            line: "功能团体选举的议员30人",
            furniture: false,
        },
        ScoreTest {
            name: "a law on infringement",
            line: "被侵权人死亡的，其近亲属有权请求侵权人承担侵权责任。",
            furniture: false,
        },
        ScoreTest {
            name: "a notice to the reader",
            line: "如本资料侵犯了您的权益，请联系客服处理（客服时间：9:00-18:00）。",
            furniture: true,
        },
        ScoreTest {
            name: "a row of counters",
            line: "2019-03-02 | 812人阅读 | 35次下载",
            furniture: true,
        },
        ScoreTest {
            name: "posted ago with readers",
            line: "发表于 3年以前  | 总阅读数:1520 次",
            furniture: true,
        },
        ScoreTest {
            name: "a Markdown table's row",
            line: "| 刑法条文 | 罪名 |",
            furniture: false,
        },
        ScoreTest {
            name: "amounts are not identifiers",
            line: "100001元至200000元的部分按2%-3%交纳",
            furniture: false,
        },
        ScoreTest {
            name: "a name with a middle dot",
            line: "诺尔曼·白求恩",
            furniture: false,
        },
        ScoreTest {
            name: "prose about resources",
            line: "继续推进资源型城市转型，加强平台建设，提供更多优质公共服务。",
            furniture: false,
        },
    ];

    #[test]
    fn scores() {
        for t in SCORES {
            let s = score(t.line);
            assert_eq!(
                s >= STRONG,
                t.furniture,
                "{}: {:?} scored {s}",
                t.name,
                t.line
            );
        }
    }

    #[test]
    fn blocks_take_the_lines_that_are_not_prose() {
        let text = "1986年政府工作报告\n合集下载\n1、下载前请先确认文档内容是否完整，本站不提供编辑服务。\n一、回顾\n正文第一段，内容很长。\n";
        let spans = furniture_lines(text, |_, _| None, Thresholds::default(), Whole::default());
        let cut: Vec<&str> = spans.iter().map(|s| text[s.range()].trim()).collect();
        assert_eq!(
            cut,
            [
                "1986年政府工作报告",
                "合集下载",
                "1、下载前请先确认文档内容是否完整，本站不提供编辑服务。"
            ]
        );
    }

    #[test]
    fn a_salutation_ends_a_block() {
        let text = "文档编号:12345678 上传时间:2020-01-01\n同志们：\n欢迎下载本文档，如有侵权请联系删除。\n会议讨论了今年的工作，内容很长。\n";
        let spans = furniture_lines(text, |_, _| None, Thresholds::default(), Whole::default());
        let cut: Vec<&str> = spans.iter().map(|s| text[s.range()].trim()).collect();
        assert_eq!(
            cut,
            [
                "文档编号:12345678 上传时间:2020-01-01",
                "欢迎下载本文档，如有侵权请联系删除。"
            ]
        );
    }

    #[test]
    fn a_documents_own_words_are_prose() {
        // A copyright regulation: 版权 and 侵权 on line after line of its prose, and a
        // line that OCR wrapped before its full stop, dense with both.
        let body = "第十九条县级以上人民政府应当加强版权执法，依法查处侵权行为，保护权利人的合法权益。\n\
                    第二十条省版权主管部门应当建立健全重点作品版权保护预警制度，建立重点关注市场名录。\n\
                    第二十一条鼓励版权权利人和使用人通过协商解决版权纠纷，减少侵权行为的发生。\n";
        let text = format!(
            "{body}省版权主管部门应当推动建立重大案件挂牌督办、版权侵权典型案例发布等制\n度。\n"
        );
        assert!(
            score("省版权主管部门应当推动建立重大案件挂牌督办、版权侵权典型案例发布等制") >= 4.0
        );
        let spans = furniture_lines(&text, |_, _| None, Thresholds::default(), Whole::default());
        assert!(spans.is_empty(), "{spans:?}");
        // The site's notice in the same words, where the prose does not use them.
        let text =
            "会议讨论了今年的工作，内容很长。\n本站文档版权归原作者所有，如有侵权请联系删除下载\n";
        let spans = furniture_lines(text, |_, _| None, Thresholds::default(), Whole::default());
        assert_eq!(spans.len(), 1, "{spans:?}");
    }

    #[test]
    fn a_title_alone_stays() {
        let text = "政府工作报告\n——2022年3月5日在第十三届全国人民代表大会第五次会议上\n国务院总理\n李克强\n各位代表：\n现在，我代表国务院作报告。\n";
        assert!(
            furniture_lines(text, |_, _| None, Thresholds::default(), Whole::default()).is_empty()
        );
    }

    #[test]
    fn a_label_of_the_text_goes_with_its_block() {
        let text = "还剩12页未读,继续阅读\n本资料仅能预览前3页,完整文档请下载后阅读!\n文本内容:\n一、回顾过去一年，内容很长。\n";
        let spans = furniture_lines(text, |_, _| None, Thresholds::default(), Whole::default());
        assert_eq!(spans.len(), 3, "{spans:?}");
        // An addressee is the document's.
        let text = "还剩12页未读,继续阅读\n本资料仅能预览前3页,完整文档请下载后阅读!\n各区县：\n现将有关事项通知如下，内容很长。\n";
        let spans = furniture_lines(text, |_, _| None, Thresholds::default(), Whole::default());
        assert_eq!(spans.len(), 2, "{spans:?}");
    }

    #[test]
    fn calls_to_action() {
        let voc = &*VOCABULARY;
        for l in ["展开全文", "查看更多>>", "返回首页", "继续阅读"] {
            assert!(call_to_action(l, voc), "{l}");
        }
        for l in ["继续推进改革", "查看", "进入新时代", "展开全文。"] {
            assert!(!call_to_action(l, voc), "{l}");
        }
    }

    #[test]
    fn a_run_of_header_rows_is_furniture_together() {
        // No line of the header is strong alone; together they are, and the block
        // takes what stands above them.
        let text = "某某报告\n\n共 3459字,需浏览 7分钟\n\n ·\n\n2016-03-20 01:42\n\n一、回顾\n\n正文第一段，内容很长。\n";
        let spans = furniture_lines(text, |_, _| None, Thresholds::default(), Whole::default());
        let cut: Vec<&str> = spans.iter().map(|s| text[s.range()].trim()).collect();
        assert_eq!(
            cut,
            [
                "某某报告",
                "共 3459字,需浏览 7分钟",
                "·",
                "2016-03-20 01:42"
            ]
        );
        // A document's own head (title, publisher, date) is no run.
        let text = "# 某某纠纷案\n典型案例\n最高人民法院发布\n2022-03-15\n## 基本案情\n原告诉称，内容很长。\n";
        assert!(
            furniture_lines(text, |_, _| None, Thresholds::default(), Whole::default()).is_empty()
        );
    }

    #[test]
    fn separated_rows() {
        assert!(separated_row("作者：张三 · 2023-09-20 · 阅读 67"));
        assert!(separated_row("返回 | 搜索 | 登录"));
        assert!(!separated_row("| 条文 | 罪名 |"));
        assert!(!separated_row("诺尔曼·白求恩"));
        assert!(!separated_row("甲方 | 乙方，丙方，丁方"));
    }

    #[test]
    fn snippets_repeating_the_text() {
        let text = "首页 某某年度报告\n某某年度报告\n举报\n开通vip\n现在，我代表国务院，向大会报告政府工作，请 ...\n现在，我代表国务院，向大会报告政府工作，请予审议。\n";
        let spans = furniture_lines(text, |_, _| None, Thresholds::default(), Whole::default());
        assert_eq!(spans.len(), 5, "{spans:?}");
    }
}
