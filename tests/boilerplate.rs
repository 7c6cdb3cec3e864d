//! Site furniture of many layouts (`fixtures/layouts`, made by `cargo xtask layouts`
//! from the dev gold texts): removed, and nothing else.

use std::path::PathBuf;

use zhdoc::eval::{self, gold_pairs};
use zhdoc::{Cleaner, EditKind};

use crate::common::{dev_corpus, fixtures};

/// The layouts, one directory each.
fn layouts() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(fixtures().join("layouts"))
        .expect("fixtures/layouts")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

/// The cleaner without the corrector: what is left of the furniture is the
/// boilerplate pass's (and quicker in a debug build).
fn cleaner() -> Cleaner {
    Cleaner::builder().correct(false).build()
}

#[test]
fn every_layout_loses_four_fifths_of_its_furniture() {
    let dirs = layouts();
    assert!(dirs.len() >= 10, "{} layouts", dirs.len());
    let cleaner = cleaner();
    for dir in dirs {
        let report = eval::evaluate(&dir, &cleaner).expect("a gold directory");
        assert!(
            report.cer_after <= 0.2 * report.cer_before,
            "{}: cer {:.4} -> {:.4}",
            dir.display(),
            report.cer_before,
            report.cer_after
        );
    }
}

#[test]
fn title_and_byline_are_never_furniture() {
    let cleaner = cleaner();
    for dir in layouts() {
        for pair in gold_pairs(&dir).expect("a gold directory") {
            let gold = eval::Gold::read(&pair.gold).expect("gold");
            let doc = cleaner.clean_file(&pair.input).expect("the input decodes");
            let meta = doc.meta();
            for found in [&meta.title, &meta.byline].into_iter().flatten() {
                assert!(
                    gold.text.contains(found.trim()),
                    "{}: title or byline {found:?} is not the document's",
                    pair.input.display()
                );
            }
        }
    }
}

#[test]
fn clean_texts_lose_nothing_to_the_boilerplate_pass() {
    let cleaner = cleaner();
    for pair in gold_pairs(dev_corpus()).expect("the dev corpus") {
        let gold = eval::Gold::read(&pair.gold).expect("gold");
        let doc = cleaner.clean_str(&gold.text);
        let removed: usize = doc
            .edits()
            .iter()
            .filter(|e| e.kind == EditKind::Boilerplate)
            .map(|e| e.before.chars().filter(|c| !c.is_whitespace()).count())
            .sum();
        let total = gold.text.chars().filter(|c| !c.is_whitespace()).count();
        assert!(
            removed * 1000 <= total,
            "{}: {removed} of {total} characters removed as boilerplate",
            pair.gold.display()
        );
    }
}

struct Stays {
    name: &'static str,
    text: &'static str,
}

/// Prose that mentions what sites are made of: a download, an upload, a page, a
/// copyright, a report.
const STAYS: &[Stays] = &[
    Stays {
        name: "a download in a sentence",
        text: "各地要做好软件下载和上传服务，方便群众办事。\n",
    },
    Stays {
        name: "pages in a sentence",
        text: "报告共16页，第1页是目录，第2页是摘要。\n",
    },
    Stays {
        name: "reports in a law",
        text: "任何单位和个人有权对违法行为进行投诉、举报。投诉、举报由有关部门受理。\n",
    },
    Stays {
        name: "fractions",
        text: "1/3以上董事可以提议召开会议。\n会议应当有2/3以上董事出席。\n决议须经3/3董事同意。\n",
    },
    Stays {
        name: "a title and its byline",
        text: "政府工作报告\n——2022年3月5日在第十三届全国人民代表大会第五次会议上\n国务院总理\n李克强\n各位代表：\n现在，我代表国务院作报告。\n",
    },
    Stays {
        name: "list lead-ins that recur",
        text: "一是\n加快建设。\n二是\n加强保护。\n一是\n扩大出口。\n二是\n开拓市场。\n一是\n深化改革。\n",
    },
];

#[test]
fn prose_about_sites_stays() {
    let pass = zhdoc::Boilerplate::new();
    for s in STAYS {
        let mut doc = zhdoc::Document::new(s.text, "UTF-8");
        zhdoc::Pass::run(&pass, &mut doc);
        assert_eq!(doc.text(), s.text, "{}", s.name);
    }
}

/// A one-line document with its page markers, a header block, a reading prompt and
/// a disclaimer (the shapes of the issue, made up).
#[test]
fn a_flattened_document_of_an_unseen_shape() {
    let page = "国民经济持续恢复，就业形势总体稳定，居民收入继续增加，粮食产量再创新高。";
    let text = format!(
        "贡献者:张**\n文档ID:47008135\n发布时间:2019-10-20\n文件格式:PDF\n共18页\n文件大小:1.2MB\n{p}{p} 2 / 4 {p}{p} 3 / 4 {p}{p} 4 / 4 {p}\n剩余12页未读，点击阅读全文\n本文档由会员上传，如有侵权请联系删除。\n",
        p = page
    );
    let doc = cleaner().clean_str(&text);
    assert_eq!(doc.text().trim(), page.repeat(7));
}

/// A text that is nothing but what reads as site furniture, with no site's
/// header above it, is the text itself: a sentence cleaned alone is kept
/// whole, not deleted.
#[test]
fn a_sentence_alone_that_reads_as_furniture_is_kept() {
    let cleaner = zhdoc::Cleaner::new();
    for text in [
        "点击下载这个软件就可以免费使用了",
        "点击下载这个软件就可以免费使用了。\n",
    ] {
        let doc = cleaner.clean(text.as_bytes()).expect("UTF-8");
        assert_eq!(doc.text().trim_end(), text.trim_end());
    }
}

/// `pieces` cleaned with what their whole shares, joined; and the whole
/// cleaned.
fn cut_and_whole(cleaner: &Cleaner, pieces: &[&str]) -> (String, String) {
    let shared = cleaner.shared_pieces(pieces, "UTF-8");
    let mut text = String::new();
    for (i, piece) in pieces.iter().enumerate() {
        let mut part = zhdoc::Document::new(*piece, "UTF-8");
        cleaner.run_piece(&mut part, &shared.piece(i));
        text.push_str(part.text());
    }
    (text, cleaner.clean_str(&pieces.concat()).text().to_owned())
}

/// A site's header rows and the body that repeats the site's title, as a
/// document-sharing site gives them (dev gwr2024, tiantian).
const SITE_HEADER: &str = "大小:48.00 KB\n页数:3页\n时间:2021-12-26\n\
    《(材料)2024年政府工作报告》由会员上传分享,免费在线阅读,更多相关内容在工程资料-天天文库。\n";
const SITE_BODY: &str = "1、2024年政府工作报告2024年政府工作报告一、2023年工作回顾过去一年,\
    是全面贯彻党的二十大精神的开局之年,是本届政府依法履职的第一年。面对异常复杂的国际环境和艰巨繁重的\
    改革发展稳定任务,以习近平同志为核心的党中央团结带领全国各族人民,顶住外部压力、克服内部困难,\
    付出艰辛努力,全年经济社会发展主要目标任务圆满完成。\n\n";

/// A line cut off a preview (no sentence's end) above a site's header rows,
/// in a piece of its own: the whole reads it in the block at its top, up to
/// the strong rows below it, and takes it out with them; the first piece,
/// without prose of its own, reads the block's rows of the next piece with
/// its own as the whole does (before, it read none and kept its line).
#[test]
fn a_preview_line_above_a_site_header_in_the_next_piece_goes_with_it() {
    let cleaner = Cleaner::builder().correct(false).structure(false).build();
    let preview = "济发展中长期存在的能源、了原材料、交通、邮电等基础产业和基础设施的\"瓶颈\"制约,得到明显缓\n\n";
    let second = format!("{SITE_HEADER}{SITE_BODY}");
    let (cut, whole) = cut_and_whole(&cleaner, &[preview, &second]);
    assert!(
        !whole.contains("济发展") && !whole.contains("大小"),
        "{whole}"
    );
    assert_eq!(cut, whole);
    // The first piece left blank, the whole's title stands at the start of
    // the second: the structure pass reads it there, as in the whole (the
    // title on a line of its own), the corrector on.
    let (cut, whole) = cut_and_whole(&Cleaner::new(), &[preview, &second]);
    assert!(whole.contains("\n1、2024年政府工作报告\n"), "{whole}");
    assert_eq!(cut, whole);
}

/// A site's header rows in one piece, the body that repeats the site's title
/// in the next: the whole takes the title from the header and cuts its
/// copies off the body's start; the piece that holds the body reads the
/// titles of the header the whole's block gives before it (before, it read
/// none and kept both copies).
#[test]
fn a_site_title_repeated_after_a_cut_below_the_header_is_cut_as_in_the_whole() {
    let cleaner = Cleaner::builder().correct(false).structure(false).build();
    let (cut, whole) = cut_and_whole(&cleaner, &[SITE_HEADER, SITE_BODY]);
    assert!(!whole.contains("2024年政府工作报告2024年"), "{whole}");
    assert_eq!(cut, whole);
    // Cut inside the header block too.
    let (first, rest) = SITE_HEADER.split_at(SITE_HEADER.find("时间").expect("a row"));
    let second = format!("{rest}{SITE_BODY}");
    let (cut, whole) = cut_and_whole(&cleaner, &[first, &second]);
    assert_eq!(cut, whole);
}

/// A site's rows at the bottom of a document (dev gwr2024, tiantian), cut
/// before the last: the whole reads its block at the bottom from its end to
/// its prose and takes `ID:44262530` out with the strong lines above it; the
/// last piece, holding that row alone, reads the block's lines of the piece
/// before it with its own as the whole does (before, it read none and kept
/// the row), and the piece before reads the row after it.
#[test]
fn a_sites_row_alone_in_the_last_piece_goes_with_the_block_above_it() {
    let cleaner = Cleaner::builder().correct(false).structure(false).build();
    let body = "国际和地区热点问题中发挥积极建设性作用。中国为促进世界和平与发展作出了重要贡献。\n";
    let first = format!("{body}欢迎来到天天文库\n浏览记录\n");
    let (cut, whole) = cut_and_whole(&cleaner, &[&first, "ID:44262530\n\n"]);
    assert!(!whole.contains("ID:"), "{whole}");
    assert_eq!(cut, whole);
    // Cut inside the block.
    let (cut, whole) = cut_and_whole(
        &cleaner,
        &[
            &format!("{body}欢迎来到天天文库\n"),
            "浏览记录\nID:44262530\n\n",
        ],
    );
    assert_eq!(cut, whole);
}

/// A whole whose first round cuts furniture inside a line (`本文章共2页,当前
/// 在第1页…`) reads its lines in the next round, once that round's site lines
/// are out (`此文档下载收益归作者所有`): there the block at the bottom holds no
/// strong line and the last line stays. The last piece, holding that line
/// alone, reads the block's lines of the piece before as the whole's next
/// round reads them, and waits for that round as the whole does (read as
/// they first stand, the site line made a block of the lines below it, and
/// the last line went).
#[test]
fn a_pieces_edge_lines_are_read_as_the_wholes_model_reads_them_after_inline_cuts() {
    let cleaner = Cleaner::builder().correct(false).structure(false).build();
    let first = "93、行创造性的工作,又要勤奋学习,脚踏实地,埋头苦干,循序前进。摆在我们面前的困难还很多,任务十分艰巨。\n\
        94、blic domainPublic domainfalsefalse本文章共2页,当前在第1页[1][2]下一页本文章共2页,当前在第2页上\n\
        此文档下载收益归作者所有\n\n\
        点，提出了改进意见，而且很快地提高了出勤率，加强了劳动纪律，突破了很多定额，改进了经\n\
        营管理，使许多企业和基本建设单位的面貌为之一新，使工业战线上形成了一个生产和建设的新\n\
        高潮\n";
    let (cut, whole) = cut_and_whole(&cleaner, &[first, "以下再说农业战线上的情况\n\n"]);
    assert!(whole.contains("以下再说农业战线上的情况"), "{whole}");
    assert_eq!(cut, whole);
}
