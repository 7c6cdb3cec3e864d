//! Removal of what a document-sharing site or a scanner added to a document.

mod furniture;
mod markers;

pub(crate) use furniture::Recurring;
use furniture::Tail;

use std::sync::{Arc, LazyLock, OnceLock};

use regex::{Regex, RegexSet};

use crate::chars::is_inline_space;
use crate::lines::lines;
use crate::pass::MAX_ROUNDS;
use crate::{Change, Document, EditKind, Pass, SiteHeader, Span};

/// Whole lines that a site's page header is made of, each with the field it fills
/// and the strings of which every line it matches holds one (so that a line with
/// none of them is passed over without compiling the pattern: most documents have
/// no header).
///
/// Patterns are matched against one line with its surrounding white space trimmed;
/// a captured group named `v` is the field's value.
const HEADER_LINES: &[(Field, &[&str], &str)] = &[
    (
        Field::Site,
        &["欢迎"],
        r"^欢迎(?:来到|访问|光临|使用)(?P<v>[^\s，,。！!]{2,16}?)(?:网站|平台)?[！!。]?$",
    ),
    (
        Field::Visits,
        &["记录"],
        r"^(?:我的)?(?:浏览|阅读|下载)记录$",
    ),
    // A breadcrumb: `当前位置：首页 > 文档 > 公文`.
    (
        Field::Visits,
        &["首页"],
        r"^(?:当前位置\s*[:：]\s*)?首页\s*[>＞»›/](?:[^\n>＞»›/]{1,16}[>＞»›/]){0,6}[^\n>＞»›/]{0,40}$",
    ),
    (
        Field::Id,
        &[":", "："],
        r"^(?:文档|资料)?(?:ID|Id|id|编号|文档号)\s*[:：]\s*(?P<v>[A-Za-z0-9_-]{3,40})$",
    ),
    (
        Field::Size,
        &["大小"],
        r"^(?:文件|文档)?大小\s*[:：]\s*(?P<v>\d+(?:\.\d+)?\s*(?i:[KMG]B|bytes|字节))$",
    ),
    (
        Field::Pages,
        &["页数"],
        r"^(?:总|文档|资料)?页数\s*[:：]\s*(?P<v>\d{1,5})\s*页?$",
    ),
    (
        Field::Date,
        &[":", "："],
        r"^(?:上传|发布|更新|创建)?(?:时间|日期)\s*[:：]\s*(?P<v>\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?)$",
    ),
    (
        Field::None,
        &[":", "："],
        r"^(?:上传者|上传人|贡献者|分享者|格式|文档格式|类型|分类|下载积分|积分|价格|售价|下载券|浏览量|浏览次数|下载次数|收藏次数|阅读量)\s*[:：]\s*\S.{0,24}$",
    ),
    (
        Field::Title,
        &["《"],
        r"^《(?P<v>.{1,80}?)》(?:由|为)(?:会员|用户|网友|作者)?.{0,16}?(?:上传|分享|发布).{0,40}?(?:在线阅读|免费阅读|文库|下载).{0,60}$",
    ),
];

/// Site furniture that is a whole line wherever it stands: notices, navigation,
/// pagination, page numbers of a scan.
const SITE_LINES: &[&str] = &[
    r"此文档下载收益归作者所有",
    r"下载声明.{0,80}",
    r"文档简介|资源描述|内容简介|文档介绍|文档描述|资料简介",
    r"(?:全文)?(?:预览|阅读)已结束.{0,40}",
    r"(?:还剩|剩余)\s*\d+\s*页未读.{0,20}",
    r"(?:继续阅读|展开阅读全文|点击(?:查看|阅读)全文|免费下载|立即下载|下载文档|举报|收藏|分享|分享到[:：]?.{0,12})",
    r"精品文档|最新资料推荐|word版本可编辑|下载后可(?:任意)?编辑|欢迎下载(?:支持)?[。.!！]?",
    r"下载文档到电脑.{0,30}",
    r"本文档由.{1,30}(?:提供|上传|分享).{0,30}",
    r"(?:首页|上一页|下一页|尾页|末页|[\[\]\s\d])*(?:上一页|下一页)(?:首页|上一页|下一页|尾页|末页|[\[\]\s\d])*",
    r"第\s*\d{1,5}\s*页\s*[/／,，]?\s*共\s*\d{1,5}\s*页",
    r"共\s*\d{1,5}\s*页\s*[,，]?\s*第\s*\d{1,5}\s*页",
    r"\d{1,5}\s*[/／]\s*\d{1,5}",
    r"[-—－–]\s*\d{1,4}\s*[-—－–]",
    r"第\s*\d{1,5}\s*页",
    r"(?i:page)\s*\d{1,5}(?:\s*(?i:of)\s*\d{1,5})?",
    // A web address alone on a line.
    r"(?:(?i:https?)://)?(?:www\.)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:com|cn|net|org|cc)(?:/\S*)?",
    // Document sites' taglines and contributor lines (`百度文库 - 让每个人平等地提升自我`,
    // `本文由某某贡献`, the WAP notice under it).
    r"(?:\S{0,10}(?:文库|文档|网)\s*[-—－·|]?\s*)?(?:让每个人平等地提升自我|知识共享\s*[,，]\s*创造价值)[!！。]?",
    r"本文由\s*\S{1,30}\s*贡献",
    r"(?i:pdf)文档可能在(?i:wap)端浏览体验不佳.{0,80}",
    r"下载文档(?:到电脑)?[,，]?(?:可以)?享受更好的阅读体验.{0,20}",
    // Lists of other documents: headings and search terms.
    r"(?:相关|热门|最新|推荐|更多|同类)(?:文档|资料|范文|文章)(?:推荐|下载|阅读)?\s*[:：]?",
    r"(?:猜你喜欢|您可能关注的文档|你可能(?:还)?喜欢|热门推荐|相关推荐|推荐阅读|延伸阅读)\s*[:：]?",
    r"(?:相关)?热词搜索\s*[:：].{0,80}",
    r"(?:上一篇|下一篇)\s*[:：].{0,60}",
    r"本文已影响\s*\d{1,9}\s*人[!！]?",
    // Editable-Word stamps and study-material banners in page headers and footers.
    r"[-—\s]*(?:(?:精品|专业|完美)?(?i:word)(?:格式|文档|版)?[-—\s]*)?(?:可编辑(?:修改)?|可修改编辑)[-—\s]*(?:感谢下载支持|欢迎下载)?[-—\s]*",
    r"(?:专业资料整理|完美|精品)\s*(?i:word)\s*(?:格式|文档)(?:\s*[-—]?\s*可编辑)?",
    r"(?:学习必备|名师精编|优秀学习资料|精品学习资料|优质文档|精品资料|推荐下载|学习参考|范文范例\s*参考指导)(?:\s*(?:欢迎下载|精品资料|优秀资料|推荐下载))?",
    // A web page's furniture: print/close buttons, font size, a metadata row with
    // at least one of its counters.
    r"(?:[【\[]?(?:打印(?:本页|此文|本文)?|关闭(?:本页|窗口)?|返回(?:顶部|目录|首页|列表)|回到顶部|收藏本页|加入收藏|字(?:体|号)\s*[:：]\s*[【\[]?大[】\]]?\s*[【\[]?中[】\]]?\s*[【\[]?小[】\]]?)[】\]]?\s*){2,}",
    r"(?:(?:来源|作者|发布者|发布时间|发布日期|更新时间|时间)\s*[:：]\s*\S[^\n]{0,30}?\s*)*(?:浏览次数|阅读次数|点击数|点击量|访问量|浏览量|阅读量)\s*[:：]\s*\d{0,9}\s*(?:次)?(?:\s*[【\[]?(?:字号|字体)[^\n]{0,20})?",
];

/// Furniture pasted into running text, removed wherever it stands: each pattern
/// with a literal every match holds, so that text without it is passed over fast.
const INLINE: &[(&str, &str)] = &[
    // Pagination, with the navigation words OCR may have damaged (`卜•一页`).
    (
        "当前在第",
        r"本文章共\s*\d{1,5}\s*页\s*[,，]?\s*当前在第\s*\d{1,5}\s*页(?:\s*\[\d{1,5}\])*(?:[上下卜][^\n\[，。,]{0,3}?页|[上下卜])?",
    ),
    // Watermarks: a site name, `版权所有` (OCR: `版权所冇`), and the site's tagline
    // up to its exclamation mark.
    (
        "版权所",
        r"(?:[\p{Han}]{1,4}\d{2,5}|[A-Za-z0-9][A-Za-z0-9.]{1,30}|[\p{Han}]{1,6}(?:网|站|文库|范文|吧))版权所[有冇](?:[,，][^\n。！!，,]{1,30}[！!])?",
    ),
    ("此文档下载收益归作者所有", r"此文档下载收益归作者所有"),
    // Notices that material came from the net, pasted after the text.
    (
        "部分来自网络",
        r"[（(]?本资料素材和资料部分来自网络[^\n）)]{0,60}[）)]?",
    ),
    (
        "页眉页脚可一键删除",
        r"页眉页脚可一键删除\s*[,，]?\s*(?:仅供参考\s*[。.，,]?\s*)?(?:欢迎阅读与收藏\s*[。.!！]?)?",
    ),
    // The download notices that many sites paste into every document.
    (
        "从网络收集整理",
        r"文档来源为\s*[:：]?\s*从网络收集整理\s*[.。，,]?\s*(?:word版本可编辑\s*[.。，,]?\s*)?(?:欢迎下载支持\s*[.。!！]?)?",
    ),
    (
        "欢迎下载支持",
        r"(?:word版本可编辑\s*[.。，,]?\s*)?欢迎下载支持\s*[.。!！]?",
    ),
    // A site's address in brackets pasted into running text: a watermark
    // (`（来源：www.example.com）`). A link with a scheme or a path is a reference.
    // (One entry per top-level domain, each run only where its literal is.)
    (".com", BRACKETED_ADDRESS),
    (".cn", BRACKETED_ADDRESS),
    (".net", BRACKETED_ADDRESS),
    (".org", BRACKETED_ADDRESS),
    (".cc", BRACKETED_ADDRESS),
    (
        "如有侵权",
        r"(?:(?:本资料|此资料|本文档|资料|文档)?仅供(?:个人)?(?:学习|参考)[^\n。，,]{0,8}\s*[,，]?\s*)?如有侵权\s*[,，]?\s*请联系(?:网站|作者|我们)?删除[^\n。！!，,]{0,6}[。！!]?",
    ),
];

/// A site's address in brackets, with an optional label (`（来源：www.example.com）`).
const BRACKETED_ADDRESS: &str = r"[（(【\[]\s*(?:[\p{Han}]{1,6}\s*[:：]\s*)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:com|cn|net|org|cc)\s*[）)】\]]";

/// The longest line, in bytes, that may be site furniture as a whole.
const MAX_SITE_LINE: usize = 400;

/// The field of [`SiteHeader`] a header line fills.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    None,
    /// `浏览记录`: no value, but a site's for sure.
    Visits,
    Site,
    Id,
    Title,
    Size,
    Pages,
    Date,
}

impl Field {
    /// Whether a line of this field is a site's for sure, so that the lines around
    /// it are a site header too.
    fn is_strong(self) -> bool {
        matches!(self, Field::Site | Field::Title | Field::Visits)
    }
}

/// The compiled rules.
#[derive(Debug)]
struct Rules {
    header: Vec<(Field, &'static [&'static str], LazyRegex)>,
    site_line: Regex,
    /// The caller's own lines (learned from a batch, or given), when there are any.
    own_lines: Option<Regex>,
    /// The scores the general model of furniture decides by.
    thresholds: furniture::Thresholds,
    /// Inline patterns, each with a literal its matches hold (empty: none known),
    /// compiled when a text first holds the literal.
    inline: Vec<(String, LazyRegex)>,
    /// The inline patterns' literals, to tell in one pass which patterns to run.
    literals: RegexSet,
    /// `更多相关内容在工程资料-天天文库。`: the site's name at the end of a title line.
    site_in_title: Regex,
    /// A page-chunk number at the start of the body (`1、`), which the reflow pass reads.
    chunk_number: Regex,
}

impl Rules {
    /// Calls `found` with the index and span of every match of the inline
    /// patterns in `text`, pattern by pattern, in order.
    fn inline_matches(&self, text: &str, mut found: impl FnMut(usize, Span)) {
        let present = self.literals.matches(text);
        for (k, (literal, re)) in self.inline.iter().enumerate() {
            if !present.matched(k) {
                continue;
            }
            // A pattern with a literal is run only around the literal's occurrences,
            // which most of the text lacks.
            let windows = if literal.is_empty() {
                vec![Span::new(0, text.len())]
            } else {
                literal_windows(text, literal)
            };
            let re = re.get();
            for w in windows {
                for m in re.find_iter(&text[w.range()]) {
                    found(k, Span::new(w.start + m.start(), w.start + m.end()));
                }
            }
        }
    }

    /// Whether inline pattern `k` matches the whole of `s`.
    fn whole_match(&self, k: usize, s: &str) -> bool {
        self.inline[k]
            .1
            .get()
            .find(s)
            .is_some_and(|m| m.start() == 0 && m.end() == s.len())
    }

    fn new(lines: &[String], phrases: &[String], thresholds: furniture::Thresholds) -> Rules {
        let header = HEADER_LINES
            .iter()
            .map(|&(f, needles, p)| (f, needles, LazyRegex::new(p.to_owned())))
            .collect();
        let mut line_alts: Vec<String> = SITE_LINES.iter().map(|s| (*s).to_owned()).collect();
        let own: Vec<String> = lines.iter().map(|l| regex::escape(l.trim())).collect();
        let own_lines = (!own.is_empty()).then(|| {
            Regex::new(&format!(r"^\s*(?:{})\s*$", own.join("|"))).expect("escaped lines")
        });
        line_alts.extend(own);
        // The header's title line (`《…》由会员上传分享…`) is the site's anywhere.
        let title = HEADER_LINES
            .iter()
            .find(|(f, _, _)| *f == Field::Title)
            .map(|&(_, _, p)| p.trim_start_matches('^').trim_end_matches('$'))
            .expect("a title pattern");
        line_alts.push(title.to_owned());
        let alts = line_alts.join("|");
        let site_line = Regex::new(&format!(r"^\s*(?:{alts})\s*$")).expect("site line patterns");
        let mut inline: Vec<(String, LazyRegex)> = INLINE
            .iter()
            .map(|&(lit, p)| (lit.to_owned(), LazyRegex::new(p.to_owned())))
            .collect();
        let phrases: Vec<String> = phrases
            .iter()
            .filter(|p| !p.is_empty())
            .map(|p| regex::escape(p))
            .collect();
        if !phrases.is_empty() {
            inline.push((String::new(), LazyRegex::new(phrases.join("|"))));
        }
        let literals = RegexSet::new(inline.iter().map(|(lit, _)| regex::escape(lit)))
            .expect("escaped literals");
        Rules {
            literals,
            header,
            site_line,
            own_lines,
            thresholds,
            inline,
            site_in_title: Regex::new(
                r"更多相关内容在(?:[^\n。]{0,20}?[-—－])?(?P<v>[^\n。\-—－]{2,16})。?\s*$",
            )
            .expect("site in title"),
            chunk_number: Regex::new(r"^\s*\d{1,4}[、.．]").expect("chunk number"),
        }
    }
}

impl Rules {
    /// The header field a line fills, with the value's span within the line.
    fn header_line(&self, line: &str) -> Option<(Field, Option<std::ops::Range<usize>>)> {
        let content = line.trim_end_matches('\n');
        let trimmed = content.trim();
        if trimmed.is_empty() {
            return None;
        }
        let lead = content.len() - content.trim_start().len();
        self.header.iter().find_map(|(field, needles, re)| {
            // Most lines fill no field: the fast tests first.
            if !needles.iter().any(|n| trimmed.contains(n)) {
                return None;
            }
            let re = re.get();
            if !re.is_match(trimmed) {
                return None;
            }
            let caps = re.captures(trimmed)?;
            let value = caps.name("v").map(|m| lead + m.start()..lead + m.end());
            Some((*field, value))
        })
    }

    /// The site's name at the end of a header title line.
    fn site_of_title(&self, line: &str) -> Option<String> {
        self.site_in_title
            .captures(line.trim())
            .and_then(|c| c.name("v"))
            .map(|m| m.as_str().trim().to_owned())
    }
}

/// A pattern compiled on first use. Most texts hold none of the inline
/// patterns' literals, and compiling the twelve built-in ones takes about 14 ms
/// (`如有侵权`'s alone 11 ms), more than the rest of the pass's rules together;
/// the header-line patterns (about 3 ms) wait for a line that holds one of their
/// strings.
#[derive(Debug)]
struct LazyRegex {
    pattern: String,
    compiled: OnceLock<Regex>,
}

impl LazyRegex {
    /// `pattern`, which must be valid (the built-in ones are tested, the
    /// caller's phrases escaped).
    fn new(pattern: String) -> LazyRegex {
        LazyRegex {
            pattern,
            compiled: OnceLock::new(),
        }
    }

    fn get(&self) -> &Regex {
        self.compiled
            .get_or_init(|| Regex::new(&self.pattern).expect("a valid built-in or escaped pattern"))
    }
}

static DEFAULT_RULES: LazyLock<Arc<Rules>> =
    LazyLock::new(|| Arc::new(Rules::new(&[], &[], furniture::Thresholds::default())));

/// The boilerplate pass.
///
/// Sites that re-publish scanned documents wrap them in their own furniture: a page
/// header (`欢迎来到…文库`, `浏览记录`, `ID:`, `大小:`, `页数:`, `时间:` lines, `《title》由会员
/// 上传分享,免费在线阅读…`), footers and download notices (`此文档下载收益归作者所有`,
/// `下载声明`, `文档简介`), pagination (`本文章共2页,当前在第1页[1][2]下一页`, `第1页 / 共16页`,
/// `1 / 26`, `- 2 -`), watermarks pasted mid-sentence (`文秘114版权所有,全国文秘工作者的114!`)
/// and the site's title of the document, repeated at the start of the body.
///
/// None of this is tied to one site: the rules are the *shapes* of such lines over a
/// lexicon of site vocabulary (see `SITE_LINES` and `INLINE`), and callers add their
/// own lines and phrases through [`BoilerplateBuilder`]. What a site header says
/// (site, document id, title, size, pages, date) is kept in the document's
/// [`Meta::site_header`](crate::Meta::site_header) rather than thrown away.
///
/// Cheap to clone; the default rules are compiled once and shared.
///
/// # Example
///
/// ```
/// use zhdoc::{Boilerplate, Document, Pass};
///
/// let mut doc = Document::new(
///     "欢迎来到天天文库\n页数:4页\n正文开始,文秘114版权所有,全国文秘工作者的114!接着正文。",
///     "UTF-8",
/// );
/// Boilerplate::new().run(&mut doc);
/// assert_eq!(doc.text(), "正文开始,接着正文。");
/// let header = doc.meta().site_header.as_ref().unwrap();
/// assert_eq!(header.site.as_deref(), Some("天天文库"));
/// assert_eq!(header.pages, Some(4));
/// ```
#[derive(Clone, Debug)]
pub struct Boilerplate {
    rules: Arc<Rules>,
}

impl Default for Boilerplate {
    fn default() -> Boilerplate {
        Boilerplate::new()
    }
}

impl Boilerplate {
    /// The pass with the built-in rules.
    pub fn new() -> Boilerplate {
        Boilerplate {
            rules: Arc::clone(&DEFAULT_RULES),
        }
    }

    /// A builder to add lines and phrases of one's own.
    pub fn builder() -> BoilerplateBuilder {
        BoilerplateBuilder::default()
    }

    /// The general model's score of one line by its own features (site-UI
    /// vocabulary, a metadata row, its shape; see `docs/boilerplate.md`): from the
    /// strong threshold (4.0 by default) a line is furniture wherever it stands.
    /// The pass adds what the document around the line shows (blocks, recurrence,
    /// echoes); this is the line alone, for explaining and tuning.
    ///
    /// ```
    /// use zhdoc::Boilerplate;
    ///
    /// assert!(Boilerplate::line_score("上传人:b****5 文档编号:12152630 格式:DOCX") >= 4.0);
    /// assert!(Boilerplate::line_score("各地要做好软件下载服务，方便群众办事。") < 0.0);
    /// ```
    pub fn line_score(line: &str) -> f32 {
        furniture::score(line.trim())
    }
}

/// Builds a [`Boilerplate`] pass with extra lines and phrases.
///
/// # Example
///
/// ```
/// use zhdoc::{Boilerplate, Document, Pass};
///
/// let pass = Boilerplate::builder().line("本资料来自某某档案网").phrase("【某某网】").build();
/// let mut doc = Document::new("本资料来自某某档案网\n会议【某某网】纪要", "UTF-8");
/// pass.run(&mut doc);
/// assert_eq!(doc.text(), "会议纪要");
/// ```
#[derive(Clone, Debug, Default)]
pub struct BoilerplateBuilder {
    lines: Vec<String>,
    phrases: Vec<String>,
    thresholds: Option<(f32, f32)>,
}

impl BoilerplateBuilder {
    /// Adds a line that is boilerplate when it stands alone on a line (matched after
    /// trimming white space).
    pub fn line(&mut self, line: impl Into<String>) -> &mut BoilerplateBuilder {
        self.lines.push(line.into());
        self
    }

    /// Adds a phrase that is boilerplate wherever it stands, even inside a sentence.
    pub fn phrase(&mut self, phrase: impl Into<String>) -> &mut BoilerplateBuilder {
        self.phrases.push(phrase.into());
        self
    }

    /// Sets the scores the general model of site furniture decides by: from
    /// `strong` (4.0 by default) a line is furniture wherever it stands; from `weak`
    /// (2.0) it goes with a block of furniture beside it (see `docs/boilerplate.md`).
    /// For tuning, as `cargo xtask layouts --loso` does.
    pub fn thresholds(&mut self, strong: f32, weak: f32) -> &mut BoilerplateBuilder {
        self.thresholds = Some((strong, weak));
        self
    }

    /// Builds the pass.
    pub fn build(&self) -> Boilerplate {
        if self.lines.is_empty() && self.phrases.is_empty() && self.thresholds.is_none() {
            return Boilerplate::new();
        }
        let thresholds = self
            .thresholds
            .map_or_else(furniture::Thresholds::default, |(strong, weak)| {
                furniture::Thresholds { strong, weak }
            });
        Boilerplate {
            rules: Arc::new(Rules::new(&self.lines, &self.phrases, thresholds)),
        }
    }
}

impl Pass for Boilerplate {
    fn name(&self) -> &'static str {
        "boilerplate"
    }

    fn run(&self, doc: &mut Document) {
        // The lines that recur and the words of the prose are counted in the
        // text as the pass first reads it (unless a larger input's pieces were
        // counted): see `Shared::first_recurring`.
        let text = doc.text.as_str();
        doc.shared
            .first_recurring(|| Self::count_recurring(&self.rules, text));
        // Removing furniture from a line can leave a line that is furniture as a
        // whole; the pass runs to its fixed point.
        for _ in 0..MAX_ROUNDS {
            // A cut inside a line can leave a line that is furniture as a whole,
            // and the first line taken out leaves a new first line; other whole
            // lines taken out leave the others as they were.
            if !self.round(doc) {
                break;
            }
        }
    }
}

impl Boilerplate {
    /// Counts what the pass reads over a whole input in one piece of it
    /// (`Cleaner::shared_pieces`), with the built-in rules.
    pub(crate) fn recurring(text: &str) -> Recurring {
        Self::count_recurring(&DEFAULT_RULES, text)
    }

    /// What the pass with `rules` reads over `text` (see [`recurring`](Self::recurring)):
    /// the lines that recur, the words of its prose, and what the matches of each
    /// inline pattern share at their end.
    fn count_recurring(rules: &Rules, text: &str) -> Recurring {
        let mut tails: Vec<Tail> = vec![Tail::default(); rules.inline.len()];
        // What the first round cuts: furniture inside lines, and site lines.
        let mut first_cuts: Vec<Span> = Vec::new();
        rules.inline_matches(text, |k, span| {
            tails[k].add(&text[span.range()]);
            first_cuts.push(widen(text, span));
        });
        let inline = !first_cuts.is_empty();
        for (start, line) in lines(text) {
            if line.len() <= MAX_SITE_LINE && rules.site_line.is_match(line.trim_end_matches('\n'))
            {
                first_cuts.push(Span::new(start, start + line.len()));
            }
        }
        // The lines of a header block at the top (as `round` reads it).
        let (mut all, mut strong) = (true, false);
        let mut titles = Vec::new();
        for (_, line) in lines(text) {
            match rules.header_line(line) {
                Some((field, value)) => {
                    strong |= field.is_strong();
                    if let Some(v) = value.filter(|_| field == Field::Title) {
                        titles.push(line[v].to_owned());
                    }
                }
                None if line.trim().is_empty()
                    || line.len() <= MAX_SITE_LINE
                        && rules.site_line.is_match(line.trim_end_matches('\n')) => {}
                None => {
                    all = false;
                    break;
                }
            }
        }
        // The least score the rules know a line of the blocks at the edges to have.
        let known = |line: &str| {
            (line.len() <= MAX_SITE_LINE && rules.site_line.is_match(line)).then(|| {
                if rules.own_lines.as_ref().is_some_and(|r| r.is_match(line)) {
                    rules.thresholds.weak
                } else {
                    rules.thresholds.strong
                }
            })
        };
        Recurring::read(text, |line| {
            line.len() <= MAX_SITE_LINE && rules.site_line.is_match(line)
        })
        .with_tails(tails)
        .with_header(all, strong, titles)
        .with_rows(
            Self::edge_rows(text, known),
            (!first_cuts.is_empty()).then(|| Self::edge_rows(&without(text, first_cuts), known)),
            inline,
        )
    }

    /// The lines of `text` before its first line of prose and after its last.
    fn edge_rows(text: &str, known: impl Fn(&str) -> Option<f32> + Copy) -> furniture::EdgeRows {
        (
            furniture::rows_before_prose(text, known),
            furniture::rows_after_prose(text, known),
        )
    }

    /// One round of the pass; returns whether it cut inside a line.
    fn round(&self, doc: &mut Document) -> bool {
        let rules = &*self.rules;
        let text = doc.text();
        let mut cuts: Vec<Cut> = Vec::new();

        // The header block: the lines at the top that a site's page header is made
        // of. Field lines alone (`时间：…`) may be a document's own, so the block
        // counts only when a line of it is the site's for sure.
        let mut header = SiteHeader::default();
        let mut header_cuts: Vec<Cut> = Vec::new();
        let mut title_spans: Vec<Span> = Vec::new();
        let mut strong = false;
        let mut body_start = None;
        // A site's header is read at the top of the whole input only (a
        // piece of a larger one starts inside it), and in a piece the whole's
        // header block runs into (the pieces before it all its lines), as
        // surely the site's as the whole block.
        let block = match doc.shared.at {
            Some((i, _)) => doc.shared.recurring().and_then(|r| r.header_block(i)),
            None => None,
        };
        let top = doc.shared.at_top() || block.is_some();
        for (start, line) in lines(text).take_while(|_| top) {
            let Some((field, value)) = rules.header_line(line) else {
                if line.trim().is_empty() {
                    continue;
                }
                // Site furniture inside the header block is cut below, and the
                // block goes on past it.
                if line.len() <= MAX_SITE_LINE
                    && rules.site_line.is_match(line.trim_end_matches('\n'))
                {
                    continue;
                }
                body_start = Some(start);
                break;
            };
            strong |= field.is_strong();
            let value = value.map(|v| Span::new(start + v.start, start + v.end));
            if let Some(v) = value {
                if field == Field::Title {
                    title_spans.push(v);
                    header.site = header.site.or_else(|| rules.site_of_title(line));
                }
                fill(&mut header, field, doc, v);
            }
            header_cuts.push(Cut::new(
                Span::new(start, start + line.len()),
                "site header",
            ));
        }
        strong |= block == Some(true);
        if !strong {
            header_cuts.clear();
            title_spans.clear();
            body_start = Some(0);
        }
        cuts.extend(header_cuts);

        // Site furniture on lines of its own, anywhere (within the header block
        // too: cuts that overlap the header's merge).
        let mut site_lines: Vec<usize> = Vec::new();
        for (start, line) in lines(text) {
            if line.len() > MAX_SITE_LINE {
                continue;
            }
            let line_text = line.trim_end_matches('\n');
            if rules.site_line.is_match(line_text) {
                cuts.push(Cut::new(Span::new(start, start + line.len()), "site line"));
                site_lines.push(start);
            }
        }

        // Furniture inside running text. A watermark pasted again and again is
        // the same text each time: where a match reaches back over characters
        // its other copies in the document lack (`有了文秘114版权所有…` and
        // `望解文秘114版权所有…`: a site's name of one to four ideographs before
        // its number), only what they share is cut.
        // Where all copies share the match (one copy, or copies after the
        // same characters: `4万文秘114…` and `9.2万文秘114…`), what the text
        // after it makes a word with tells the text's characters (`万亿元`,
        // `中小企业`).
        let recurring = doc.shared.recurring();
        rules.inline_matches(text, |k, mut span| {
            let tail = recurring.and_then(|r| r.tail(k));
            match tail {
                Some(tail)
                    if tail.len() < span.len()
                        && text[span.range()].ends_with(tail)
                        && rules.whole_match(k, tail) =>
                {
                    span.start = span.end - tail.len();
                }
                _ => span.start = word_across(text, span, |s| rules.whole_match(k, s)),
            }
            cuts.push(Cut::inside(widen(text, span), "site furniture in text"));
        });

        // Page markers of any shape whose sequence the document shows, and lines the
        // general model of furniture finds, once the furniture inside lines is out
        // (a line is weighed as it will stand). A piece of a larger input waits
        // as the whole does: its first round cut inside a line where an inline
        // pattern matched in any piece (`Recurring::cuts_inside_first`; for a
        // document read whole, the same as its own cuts).
        let waits = !doc.shared.headed
            && doc
                .shared
                .recurring()
                .is_some_and(furniture::Recurring::cuts_inside_first);
        if !waits && !cuts.iter().any(|c| c.inside_line) {
            for (span, inside) in markers::page_markers(text) {
                if inside {
                    cuts.push(Cut::inside(widen(text, span), "page marker"));
                } else {
                    cuts.push(Cut::new(span, "page marker"));
                }
            }

            // Lines that the general model of furniture finds (the known ones count).
            let floor = |start: usize, line: &str| {
                if site_lines.binary_search(&start).is_err() {
                    None
                } else if rules.own_lines.as_ref().is_some_and(|r| r.is_match(line)) {
                    Some(rules.thresholds.weak)
                } else {
                    Some(rules.thresholds.strong)
                }
            };
            let whole = furniture::Whole {
                top: doc.shared.at_top(),
                bottom: doc.shared.at_bottom(),
                recurring: doc.shared.recurring(),
                prose_past: match (doc.shared.at, doc.shared.recurring()) {
                    (Some((i, _)), Some(r)) => r.prose_past(i),
                    _ => (false, false),
                },
                rows: match (doc.shared.at, doc.shared.recurring()) {
                    (Some((i, _)), Some(r)) => r.top_rows(i),
                    _ => None,
                },
                bottom_rows: match (doc.shared.at, doc.shared.recurring()) {
                    (Some((i, _)), Some(r)) => r.bottom_rows(i),
                    _ => None,
                },
            };
            for span in furniture::furniture_lines(text, floor, rules.thresholds, whole) {
                cuts.push(Cut::new(span, "site furniture"));
            }
        }

        // The site's title, repeated at the start of the body. A piece the
        // whole's header block runs into reads the titles the block gives in
        // the pieces before it too, in the first round (the whole's header
        // is cut in its first round and read no more).
        if let Some(start) = body_start {
            let whole_titles = match doc.shared.at {
                Some((i, _)) if strong && !doc.shared.headed => doc
                    .shared
                    .recurring()
                    .map(|r| r.header_titles(i).collect())
                    .unwrap_or_default(),
                _ => Vec::new(),
            };
            let titles: Vec<String> = whole_titles
                .into_iter()
                .chain(title_spans.iter().map(|s| &text[s.range()]))
                .flat_map(title_variants)
                .collect();
            if let Some(cut) = repeated_title(text, start, &titles, &rules.chunk_number) {
                cuts.push(cut);
            }
        }

        let inside_lines = cuts.iter().any(|c| c.inside_line);
        // A whole line taken out of the top makes the next one the first: the
        // header block is read again (`中页数:4页` above `欢迎来到天天文库`).
        let first_line = cuts.iter().any(|c| c.span.start == 0 && !c.inside_line);
        let changes = merge_cuts(cuts);
        // A text that is nothing but lines that read as furniture, with no
        // site's header above them, is the text itself: a sentence cleaned
        // alone (`点击下载这个软件就可以免费使用了`) is not lost.
        // A piece of a larger input is not the text (its other pieces are).
        let piece = doc.shared.at.is_some_and(|(_, n)| n > 1);
        let kept_whole = !strong && !piece && takes_all(text, &changes);
        doc.shared.headed = true;
        if kept_whole {
            return false;
        }
        if strong {
            let meta = doc.meta_mut();
            match &mut meta.site_header {
                Some(old) => merge(old, header),
                None => meta.site_header = Some(header),
            }
        }
        let applied = doc.apply(EditKind::Boilerplate, changes) > 0;
        applied && (inside_lines || first_line) || waits
    }
}

/// `text` without the stretches `cuts` covers.
fn without(text: &str, cuts: Vec<Span>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for c in merge_cuts(cuts.into_iter().map(|s| Cut::new(s, "")).collect()) {
        out.push_str(&text[at..c.span.start]);
        at = c.span.end;
    }
    out.push_str(&text[at..]);
    out
}

/// A span to delete, with why.
struct Cut {
    span: Span,
    why: &'static str,
    /// Whether the cut is inside a line rather than whole lines.
    inside_line: bool,
}

impl Cut {
    fn new(span: Span, why: &'static str) -> Cut {
        Cut {
            span,
            why,
            inside_line: false,
        }
    }

    fn inside(span: Span, why: &'static str) -> Cut {
        Cut {
            span,
            why,
            inside_line: true,
        }
    }
}

/// The stretches of `text` that an inline pattern holding `literal` is run over:
/// each occurrence of the literal with the line before and the line after its own
/// lines (inline furniture spans at most three lines), overlapping ones merged.
fn literal_windows(text: &str, literal: &str) -> Vec<Span> {
    let line_start = |p: usize| text[..p].rfind('\n').map_or(0, |k| k + 1);
    let line_end = |p: usize| text[p..].find('\n').map_or(text.len(), |k| p + k);
    let mut windows: Vec<Span> = Vec::new();
    for at in memchr::memmem::find_iter(text.as_bytes(), literal.as_bytes()) {
        let own = line_start(at);
        let start = line_start(own.saturating_sub(1));
        let own_end = line_end(at + literal.len());
        let end = if own_end < text.len() {
            (line_end(own_end + 1) + 1).min(text.len())
        } else {
            text.len()
        };
        match windows.last_mut() {
            Some(last) if start <= last.end => last.end = last.end.max(end),
            _ => windows.push(Span::new(start, end)),
        }
    }
    windows
}

/// Widens a cut inside a line over the white space around it, so that removing it
/// leaves neither a blank line nor white space that the line did not have.
/// How common a word across a watermark's cut must be (its count in the
/// lexicon, jieba's dictionary: one word in eight is as common): rarer ones are
/// mostly names (`乙丙`, 11) that any two characters may make.
const COMMON_WORD: u32 = 64;

/// Where the cut of a watermark matched at `span` starts: after the most of
/// its first ideographs (a site's name) that make a common word with the text
/// after it, the rest still a whole match (`whole`); else where it matched.
/// `中小文秘114版权所有…企业` keeps `中小` (`中小企业`), where the pattern reads a
/// site's name of one to four ideographs before the number.
fn word_across(text: &str, span: Span, whole: impl Fn(&str) -> bool) -> usize {
    let is_han = crate::chars::is_han;
    let after: Vec<char> = text[span.end..]
        .chars()
        .take(3)
        .take_while(|&c| is_han(c))
        .collect();
    if after.is_empty() {
        return span.start;
    }
    let lead: Vec<(usize, char)> = text[span.range()]
        .char_indices()
        .take_while(|&(_, c)| is_han(c))
        .take(4)
        .collect();
    let lex = crate::Lexicon::global();
    let mut word = String::new();
    for j in (0..lead.len()).rev() {
        let (at, c) = lead[j];
        let start = span.start + at + c.len_utf8();
        if start >= span.end || !whole(&text[start..span.end]) {
            continue;
        }
        let spans_cut = (0..=j).any(|a| {
            (1..=after.len()).any(|b| {
                word.clear();
                word.extend(lead[a..=j].iter().map(|&(_, c)| c));
                word.extend(&after[..b]);
                lex.freq(&word).is_some_and(|f| f >= COMMON_WORD)
            })
        });
        if spans_cut {
            return start;
        }
    }
    span.start
}

fn widen(text: &str, span: Span) -> Span {
    let is_space = is_inline_space;
    let before = &text[..span.start];
    let after = &text[span.end..];
    let left = before.trim_end_matches(is_space);
    let right = after.trim_start_matches(is_space);
    let (mut start, mut end) = (left.len(), text.len() - right.len());
    let line_start = left.is_empty() || left.ends_with('\n');
    let line_end = right.is_empty() || right.starts_with('\n');
    if line_start && line_end {
        // The line held nothing else: it goes, with its line break.
        end += usize::from(right.starts_with('\n'));
    } else if line_start {
        // The indentation belongs to the text after the cut.
        start = span.start;
    } else if !line_end {
        let alnum = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
        if alnum(left.chars().next_back()) && alnum(right.chars().next()) && end > span.end {
            // Two words the cut stood between keep a space between them.
            end -= right_space_len(&text[..end]);
        }
    }
    Span::new(start, end)
}

/// The length of the white space character that ends `s`.
fn right_space_len(s: &str) -> usize {
    s.chars().next_back().map_or(0, char::len_utf8)
}

/// Whether `changes` (deletions that do not overlap) take every character of
/// `text` but white space.
fn takes_all(text: &str, changes: &[Change]) -> bool {
    let solid = |s: &str| s.chars().filter(|c| !c.is_whitespace()).count();
    let all = solid(text);
    all > 0
        && changes
            .iter()
            .map(|c| solid(&text[c.span.range()]))
            .sum::<usize>()
            >= all
}

/// Sorts the cuts and merges the overlapping ones into one deletion each.
fn merge_cuts(mut cuts: Vec<Cut>) -> Vec<Change> {
    cuts.sort_by_key(|c| (c.span.start, std::cmp::Reverse(c.span.end)));
    let mut out: Vec<Change> = Vec::with_capacity(cuts.len());
    for c in cuts {
        if let Some(last) = out.last_mut() {
            if c.span.start < last.span.end {
                if c.span.end > last.span.end {
                    last.span = Span::new(last.span.start, c.span.end);
                }
                continue;
            }
        }
        out.push(Change::delete(c.span, c.why).with_confidence(0.95));
    }
    out
}

/// Fills one header field from the original text behind `value`.
fn fill(header: &mut SiteHeader, field: Field, doc: &Document, value: Span) {
    let original = doc.original_span(value);
    let text = doc
        .original()
        .get(original.range())
        .unwrap_or(&doc.text()[value.range()])
        .trim()
        .to_owned();
    match field {
        Field::None | Field::Visits => {}
        Field::Site => header.site = Some(text),
        Field::Id => header.id = Some(text),
        Field::Title => header.title = Some(text),
        Field::Size => header.size = Some(text),
        Field::Pages => header.pages = text.parse().ok(),
        Field::Date => header.date = Some(text),
    }
}

/// Keeps what an earlier run found and adds what this one found.
fn merge(old: &mut SiteHeader, new: SiteHeader) {
    old.site = old.site.take().or(new.site);
    old.id = old.id.take().or(new.id);
    old.title = old.title.take().or(new.title);
    old.size = old.size.take().or(new.size);
    old.pages = old.pages.take().or(new.pages);
    old.date = old.date.take().or(new.date);
}

/// The forms a site's title of the document may take in the body: as written, and
/// without a leading tag such as `(材料)` or `【精品】` or a file extension.
fn title_variants(title: &str) -> Vec<String> {
    let mut out = vec![title.trim().to_owned()];
    let mut t = title.trim();
    for (open, close) in [('(', ')'), ('（', '）'), ('【', '】'), ('[', ']')] {
        if let Some(rest) = t.strip_prefix(open) {
            if let Some(i) = rest.find(close) {
                t = rest[i + close.len_utf8()..].trim_start();
            }
        }
    }
    for ext in [".docx", ".doc", ".pdf", ".txt", ".wps"] {
        if let Some(s) = t.strip_suffix(ext) {
            t = s;
        }
    }
    out.push(t.to_owned());
    out.retain(|v| v.chars().count() >= 4);
    out.sort_by_key(|v| std::cmp::Reverse(v.len()));
    out.dedup();
    out
}

/// Two or more copies of the site's title at the start of the body (after a
/// page-chunk number, which stays for the reflow pass): the site's, not the
/// document's. A single copy may be the document's own title and stays.
fn repeated_title(text: &str, body: usize, titles: &[String], chunk: &Regex) -> Option<Cut> {
    let at = body + chunk.find(&text[body..]).map_or(0, |m| m.end());
    titles.iter().find_map(|title| {
        let mut end = at;
        while text[end..].starts_with(title.as_str()) {
            end += title.len();
        }
        (end - at >= 2 * title.len())
            .then(|| Cut::inside(Span::new(at, end), "site title repeated"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strip(s: &str) -> Document {
        crate::testing::run(&Boilerplate::new(), s)
    }

    use crate::testing::Case;

    const CASES: &[Case] = &[
        Case {
            name: "site header block",
            input: "欢迎来到天天文库\n浏览记录\nID:44262530\n大小:34.00 KB\n页数:4页\n时间:2019-10-20\n正文。",
            want: "正文。",
        },
        Case {
            name: "title line of the header",
            input: "《(材料)经验材料》由会员上传分享,免费在线阅读,更多相关内容在工程资料-天天文库。\n正文。",
            want: "正文。",
        },
        Case {
            name: "download notice at the end",
            input: "正文。\n此文档下载收益归作者所有",
            want: "正文。\n",
        },
        Case {
            name: "pagination glued to text",
            input: "奶粉、本文章共2页,当前在第1页[1][2]下一页本文章共2页,当前在第2页上\n",
            want: "奶粉、\n",
        },
        Case {
            name: "pagination with OCR damage",
            input: "奶粉、本文章共2页,当前在第1页[1][2]卜•一页",
            want: "奶粉、",
        },
        Case {
            name: "watermark mid-sentence",
            input: "开始,文秘114版权所冇,全国文秘工作者的114!市总工会",
            want: "开始,市总工会",
        },
        Case {
            name: "page x of y line",
            input: "上文\n第1页 / 共16页\n下文",
            want: "上文\n下文",
        },
        Case {
            name: "scan page number",
            input: "上文\n- 2 -\n1 / 26\n下文",
            want: "上文\n下文",
        },
        Case {
            name: "download notice of other sites",
            input: "正文。文档来源为:从网络收集整理.word版本可编辑.欢迎下载支持.\n下文",
            want: "正文。\n下文",
        },
        Case {
            name: "copyright notice of other sites",
            input: "正文。仅供学习与交流，如有侵权请联系网站删除 谢谢\n下文",
            want: "正文。\n下文",
        },
        Case {
            name: "page footer and web address lines",
            input: "上文\n第 3 页\nwww.example.com\nPage 2 of 9\n下文",
            want: "上文\n下文",
        },
        Case {
            name: "for reference in prose stays",
            input: "以上意见仅供参考。",
            want: "以上意见仅供参考。",
        },
        Case {
            name: "sharing in prose stays",
            input: "分享经验交流会\n",
            want: "分享经验交流会\n",
        },
        Case {
            name: "page count in a sentence stays",
            input: "报告共16页，第1页是目录。",
            want: "报告共16页，第1页是目录。",
        },
        Case {
            name: "a date in text stays",
            input: "时间：2019年10月20日上午开会。",
            want: "时间：2019年10月20日上午开会。",
        },
        Case {
            name: "the word 文库 in text stays",
            input: "注：中文维基文库社群认为，\nPublic domain\n",
            want: "注：中文维基文库社群认为，\nPublic domain\n",
        },
        Case {
            name: "taglines and contributor lines of document sites",
            input: "百度文库 - 让每个人平等地提升自我\n本文由张三贡献\npdf文档可能在WAP端浏览体验不佳。建议您优先选择TXT，或下载源文件到本机查看。\n正文。\n原创力文档 知识共享，创造价值",
            want: "正文。\n",
        },
        Case {
            name: "lists of other documents",
            input: "正文。\n相关文档推荐：\n猜你喜欢\n相关热词搜索：工作总结 年终总结\n上一篇：2019年工作计划\n下一篇：述职报告\n本文已影响 1234 人",
            want: "正文。\n",
        },
        Case {
            name: "editable-Word stamps and study banners",
            input: "word格式-可编辑-感谢下载支持\n正文。\n-可编辑修改-\n学习必备 欢迎下载\n专业资料整理WORD格式\n名师精编 优秀资料",
            want: "正文。\n",
        },
        Case {
            name: "web page furniture",
            input: "来源：市政府办公室 发布时间：2019-01-01 浏览次数：123 【字体：大 中 小】\n正文。\n【打印本页】【关闭窗口】",
            want: "正文。\n",
        },
        Case {
            name: "notices that material came from the net",
            input: "正文。（本资料素材和资料部分来自网络，仅供参考。请预览后才下载，期待您的好评与关注！）\n下文。页眉页脚可一键删除，仅供参考。欢迎阅读与收藏",
            want: "正文。\n下文。",
        },
        Case {
            name: "the same words in prose stay",
            input: "要让每个人平等地提升自我。\n相关文档已印发各单位。\n上一篇文章讲了什么？\n本文由三部分组成。\n打印机一台。\n资料可编辑修改后上报。\n作者：张三\n",
            want: "要让每个人平等地提升自我。\n相关文档已印发各单位。\n上一篇文章讲了什么？\n本文由三部分组成。\n打印机一台。\n资料可编辑修改后上报。\n作者：张三\n",
        },
        Case {
            name: "site furniture above the site header",
            input: "-可编辑-\n欢迎来到天天文库\n正文。",
            want: "正文。",
        },
        Case {
            name: "copyright in prose stays",
            input: "保护著作权人的版权，打击盗版。",
            want: "保护著作权人的版权，打击盗版。",
        },
    ];

    #[test]
    fn table() {
        for c in CASES {
            assert_eq!(strip(c.input).text(), c.want, "case {:?}", c.name);
        }
    }

    #[test]
    fn idempotent_on_table() {
        for c in CASES {
            let once = strip(c.input);
            assert_eq!(strip(once.text()).text(), once.text(), "case {:?}", c.name);
        }
    }

    /// What a larger input's pieces read of the whole's top from their
    /// merged counts: the block's lines in the pieces before (none past the
    /// first piece with prose), whether prose stands before and after, how
    /// far a header block reaches.
    #[test]
    fn pieces_read_the_wholes_top_from_the_merged_counts() {
        let prose = "种问题，取得实现财政经济状况根本好转的决定性胜利，并且为第七个五年计划期间的国民经济\n\
                     和社会发展奠定更好的基础，创造更好的条件”。五年来，在中国共产党领导下，经过全国各族\n";
        let pieces = [
            "大小:60.00 KB\n页数:3页\n".to_owned(),
            format!("时间:2020-07-05\n\n{prose}"),
            prose.to_owned(),
        ];
        let merged =
            furniture::Recurring::merge(pieces.iter().map(|p| Boilerplate::recurring(p)).collect());
        let (before, after) = merged
            .top_rows(1)
            .expect("the block reaches the second piece");
        let texts: Vec<&str> = before.iter().map(|r| r.1.as_str()).collect();
        assert_eq!(texts, ["大小:60.00 KB", "页数:3页"]);
        assert!(after.is_empty());
        // The first piece, without prose, reads the block's lines after it.
        let (before, after) = merged.top_rows(0).expect("the block starts there");
        let texts: Vec<&str> = after.iter().map(|r| r.1.as_str()).collect();
        assert!(before.is_empty() && texts.first() == Some(&"时间:2020-07-05"));
        assert!(merged.top_rows(2).is_none());
        assert_eq!(merged.prose_past(0), (false, true));
        assert_eq!(merged.prose_past(2), (true, false));
        assert_eq!(merged.header_block(3), None);
    }

    #[test]
    fn header_fields_into_meta() {
        let doc = strip(
            "欢迎来到天天文库\n浏览记录\nID:44262530\n大小:34.00 KB\n页数:4页\n时间:2019-10-20\n《(材料)积极探索》由会员上传分享,免费在线阅读,更多相关内容在工程资料-天天文库。\n1、积极探索积极探索正文",
        );
        let h = doc.meta().site_header.clone().unwrap();
        assert_eq!(h.site.as_deref(), Some("天天文库"));
        assert_eq!(h.id.as_deref(), Some("44262530"));
        assert_eq!(h.size.as_deref(), Some("34.00 KB"));
        assert_eq!(h.pages, Some(4));
        assert_eq!(h.date.as_deref(), Some("2019-10-20"));
        assert_eq!(h.title.as_deref(), Some("(材料)积极探索"));
        assert_eq!(doc.text(), "1、正文");
    }

    #[test]
    fn breadcrumb_header() {
        let doc = strip("当前位置：首页 > 范文 > 工作总结\n上传者：张三\n文档页数：3页\n正文。");
        assert_eq!(doc.text(), "正文。");
        assert_eq!(doc.meta().site_header.as_ref().unwrap().pages, Some(3));
    }

    #[test]
    fn field_lines_alone_are_the_document_s() {
        let s = "时间：2019-10-20\n地点：会议室\n正文。";
        assert_eq!(strip(s).text(), s);
    }

    #[test]
    fn one_copy_of_the_title_stays() {
        let doc = strip(
            "《1986年政府工作报告》由会员上传分享,免费在线阅读\n1986年政府工作报告\n各位代表",
        );
        assert_eq!(doc.text(), "1986年政府工作报告\n各位代表");
    }

    #[test]
    fn inline_patterns_compile_and_wait_for_their_literal() {
        // Compiled only when a text holds their literal, so each is compiled here.
        for &(literal, pattern) in INLINE {
            let re = LazyRegex::new(pattern.to_owned());
            assert!(re.compiled.get().is_none());
            assert!(re.get().as_str() == pattern, "{literal}");
        }
        // The header patterns too; a line one matches holds one of its strings.
        let lines = [
            "欢迎来到天天文库",
            "我的下载记录",
            "当前位置：首页 > 文档 > 公文",
            "首页/公文",
            "文档ID:44262530",
            "大小:34.00 KB",
            "页数:4页",
            "上传时间：2019-10-20",
            "上传人:b****5",
            "《经验材料》由会员上传分享,免费在线阅读,更多相关内容在天天文库。",
        ];
        for line in lines {
            let mut matched = false;
            for &(field, needles, pattern) in HEADER_LINES {
                if Regex::new(pattern).unwrap().is_match(line) {
                    matched = true;
                    assert!(needles.iter().any(|n| line.contains(n)), "{field:?} {line}");
                }
            }
            assert!(matched, "{line}");
        }
        let rules = Arc::new(Rules::new(&[], &[], furniture::Thresholds::default()));
        let pass = Boilerplate {
            rules: Arc::clone(&rules),
        };
        pass.run(&mut Document::new("正文，没有网站的话。", "UTF-8"));
        assert!(
            rules
                .inline
                .iter()
                .all(|(_, re)| re.compiled.get().is_none())
        );
        pass.run(&mut Document::new("正文如有侵权请联系删除。", "UTF-8"));
        assert_eq!(
            rules
                .inline
                .iter()
                .filter(|(_, re)| re.compiled.get().is_some())
                .count(),
            1
        );
    }

    #[test]
    fn literal_windows_cover_the_lines_around_each_occurrence() {
        let text = "甲\n乙版权所有\n丙\n丁\n戊\n己版权所有";
        let w: Vec<&str> = literal_windows(text, "版权所")
            .iter()
            .map(|s| &text[s.range()])
            .collect();
        assert_eq!(w, ["甲\n乙版权所有\n丙\n", "戊\n己版权所有"]);
        // Windows that touch merge into one.
        let text = "a版权所\nb\nc版权所";
        assert_eq!(literal_windows(text, "版权所"), [Span::new(0, text.len())]);
        assert!(literal_windows("正文", "版权所").is_empty());
    }

    #[test]
    fn a_watermark_pasted_twice_takes_only_what_its_copies_share() {
        // The site's name is one to four ideographs before its number: the
        // pattern alone reads `有了文秘114` and `望解文秘114`.
        let mark = "文秘114版权所有,全国文秘工作者的114!";
        let input = format!(
            "三是,人民的居住条件有了{mark}改善。\n使得我们长期希望解{mark}决而没有解决的问题。\n"
        );
        assert_eq!(
            strip(&input).text(),
            "三是,人民的居住条件有了改善。\n使得我们长期希望解决而没有解决的问题。\n"
        );
        // Two watermarks of one pattern that share only their end keep their
        // whole cuts, as each alone: what they share is no match of the pattern.
        let input = "甲乙文秘114版权所有,全国文秘工作者的114!丙丁。\n戊己范文88版权所有,全国文秘工作者的114!庚辛。\n";
        assert_eq!(strip(input).text(), "丙丁。\n庚辛。\n");
    }

    #[test]
    fn a_watermark_leaves_the_characters_that_make_a_word_with_the_text_after_it() {
        let mark = "文秘114版权所有,全国文秘工作者的114!";
        // One copy: the pattern reads `中小文秘114`; `中小企业` is a word.
        let input = format!("设立国家中小{mark}企业发展基金。\n");
        assert_eq!(strip(&input).text(), "设立国家中小企业发展基金。\n");
        // Two copies after the same character, which they share: `万亿`, `万户`.
        let input =
            format!("实施两年新增4万{mark}亿元的投资计划。\n又有9.2万{mark}户游牧民实现了定居。\n");
        assert_eq!(
            strip(&input).text(),
            "实施两年新增4万亿元的投资计划。\n又有9.2万户游牧民实现了定居。\n"
        );
    }

    #[test]
    fn watermarks_far_into_a_long_text() {
        let body = "市总工会按照上级工会的总体要求，结合实际。\n".repeat(400);
        let input = format!("{body}文秘114版权所有，严禁复制！{body}");
        assert_eq!(strip(&input).text(), format!("{body}{body}"));
    }

    #[test]
    fn user_lines_and_phrases() {
        let pass = Boilerplate::builder()
            .line("扫描：某档案馆")
            .phrase("[内部资料]")
            .build();
        let mut doc = Document::new(
            "扫描：某档案馆\n会议[内部资料]纪要\n扫描：某档案馆的说明",
            "UTF-8",
        );
        pass.run(&mut doc);
        assert_eq!(doc.text(), "会议纪要\n扫描：某档案馆的说明");
    }
}
