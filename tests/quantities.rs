//! Quantity extraction: every example of ANNOTATION.md as a table row, the seed's
//! gold quantities exactly, spans and original spans.

use zhdoc::eval::Gold;
use zhdoc::{Approx, Cleaner, Extractor, Quantity, QuantityKind};

use crate::common::fixtures;

/// What a row expects: value, max, unit, approx.
type Want = (f64, Option<f64>, &'static str, Option<Approx>);

/// One behaviour: a text and the quantities (in the sense of ANNOTATION.md) it holds.
struct Row {
    name: &'static str,
    text: &'static str,
    want: &'static [Want],
}

const O: Option<Approx> = Some(Approx::Over);
const U: Option<Approx> = Some(Approx::Under);
const A: Option<Approx> = Some(Approx::About);

/// ANNOTATION.md, "Annotate": every example, in a sentence.
const ANNOTATE: &[Row] = &[
    Row {
        name: "measure word 期",
        text: "办班6期。",
        want: &[(6.0, None, "期", None)],
    },
    Row {
        name: "余 over",
        text: "召开座谈会10余次。",
        want: &[(10.0, None, "次", O)],
    },
    Row {
        name: "余 with 份",
        text: "发放宣传单80000余份。",
        want: &[(80000.0, None, "份", O)],
    },
    Row {
        name: "compound 人次",
        text: "培训学员5500人次。",
        want: &[(5500.0, None, "人次", None)],
    },
    Row {
        name: "人（次）",
        text: "共培训职工2万人（次）。",
        want: &[(20000.0, None, "人次", None)],
    },
    Row {
        name: "万辆",
        text: "全年汽车销售1364万辆。",
        want: &[(13_640_000.0, None, "辆", None)],
    },
    Row {
        name: "余个",
        text: "开办了20余个专业。",
        want: &[(20.0, None, "个", O)],
    },
    Row {
        name: "部委",
        text: "中华全国总工会等九部委下发的文件。",
        want: &[(9.0, None, "部委", None)],
    },
    Row {
        name: "亿元",
        text: "地区生产总值实现63.58亿元。",
        want: &[(6_358_000_000.0, None, "元", None)],
    },
    Row {
        name: "450亿元",
        text: "投入资金450亿元。",
        want: &[(45_000_000_000.0, None, "元", None)],
    },
    Row {
        name: "plain 元",
        text: "人均可支配收入17175元。",
        want: &[(17175.0, None, "元", None)],
    },
    Row {
        name: "万亿元",
        text: "新增4万亿元的投资计划。",
        want: &[(4e12, None, "元", None)],
    },
    Row {
        name: "多万美元",
        text: "吸收3000多万美元。",
        want: &[(30_000_000.0, None, "美元", O)],
    },
    Row {
        name: "平方公里",
        text: "面积仅3586平方公里。",
        want: &[(3586.0, None, "平方公里", None)],
    },
    Row {
        name: "亿吨",
        text: "粮食产量5.31亿吨。",
        want: &[(531_000_000.0, None, "吨", None)],
    },
    Row {
        name: "亿平方米",
        text: "商品房销售9.37亿平方米。",
        want: &[(937_000_000.0, None, "平方米", None)],
    },
    Row {
        name: "万千瓦",
        text: "新增装机1.2万千瓦。",
        want: &[(12000.0, None, "千瓦", None)],
    },
    Row {
        name: "per cent",
        text: "比上年增长8.7%。",
        want: &[(8.7, None, "%", None)],
    },
    Row {
        name: "以上",
        text: "95%以上的企业。",
        want: &[(95.0, None, "%", O)],
    },
    Row {
        name: "百分之",
        text: "占百分之六十。",
        want: &[(60.0, None, "%", None)],
    },
    Row {
        name: "百分点",
        text: "提高0.5个百分点。",
        want: &[(0.5, None, "个百分点", None)],
    },
    Row {
        name: "连续",
        text: "实现连续6年增产。",
        want: &[(6.0, None, "年", None)],
    },
    Row {
        name: "近 under",
        text: "近两年的时间。",
        want: &[(2.0, None, "年", U)],
    },
    Row {
        name: "半年",
        text: "在半年时间内推出。",
        want: &[(0.5, None, "年", None)],
    },
    Row {
        name: "周年",
        text: "庆祝新中国成立60周年。",
        want: &[(60.0, None, "周年", None)],
    },
    Row {
        name: "秒钟",
        text: "只用了30秒钟。",
        want: &[(30.0, None, "秒钟", None)],
    },
    Row {
        name: "bare amount",
        text: "人口50万的县级市。",
        want: &[(500_000.0, None, "", None)],
    },
    Row {
        name: "倍",
        text: "比上年增长两倍。",
        want: &[(2.0, None, "倍", None)],
    },
    Row {
        name: "range —",
        text: "每组10—20人。",
        want: &[(10.0, Some(20.0), "人", None)],
    },
    Row {
        name: "range 至",
        text: "用三至五年时间。",
        want: &[(3.0, Some(5.0), "年", None)],
    },
    Row {
        name: "range 到 with units",
        text: "增长5%到6%。",
        want: &[(5.0, Some(6.0), "%", None)],
    },
    Row {
        name: "three thousand five hundred",
        text: "共有三千五百人。",
        want: &[(3500.0, None, "人", None)],
    },
    Row {
        name: "coordinated %",
        text: "分别增长9.8%和8.5%。",
        want: &[(9.8, None, "%", None), (8.5, None, "%", None)],
    },
    Row {
        name: "coordinated points",
        text: "分别高4.2和0.7个百分点。",
        want: &[(4.2, None, "个百分点", None), (0.7, None, "个百分点", None)],
    },
    Row {
        name: "fraction",
        text: "减少三分之一。",
        want: &[(1.0 / 3.0, None, "", None)],
    },
    Row {
        name: "slash fraction",
        text: "占1/3以上。",
        want: &[(1.0 / 3.0, None, "", O)],
    },
    Row {
        name: "翻一番",
        text: "总额翻一番。",
        want: &[(1.0, None, "番", None)],
    },
    Row {
        name: "翻两番",
        text: "比1980年翻两番。",
        want: &[(2.0, None, "番", None)],
    },
    Row {
        name: "noun after bare amount",
        text: "又解决6434万农村人口饮水问题。",
        want: &[(64_340_000.0, None, "", None)],
    },
    Row {
        name: "门",
        text: "总容量达到1.1亿门。",
        want: &[(110_000_000.0, None, "门", None)],
    },
    Row {
        name: "土方",
        text: "兴修八亿土方的工程。",
        want: &[(800_000_000.0, None, "土方", None)],
    },
    Row {
        name: "担",
        text: "达到三千二百八十万担。",
        want: &[(32_800_000.0, None, "担", None)],
    },
    Row {
        name: "重量箱",
        text: "平板玻璃7600多万重量箱。",
        want: &[(76_000_000.0, None, "重量箱", O)],
    },
    Row {
        name: "级",
        text: "省、市（地）、县三级疾病预防控制网络。",
        want: &[(3.0, None, "级", None)],
    },
    Row {
        name: "方面",
        text: "做了以下六方面工作。",
        want: &[(6.0, None, "方面", None)],
    },
    Row {
        name: "十亿多人口",
        text: "我国有十亿多人口。",
        want: &[(1e9, None, "", O)],
    },
    Row {
        name: "增加一倍",
        text: "合计比上年增加一倍。",
        want: &[(1.0, None, "倍", None)],
    },
    Row {
        name: "用了一年时间",
        text: "我们用了一年时间。",
        want: &[(1.0, None, "年", None)],
    },
    Row {
        name: "十来个",
        text: "来了十来个人。",
        want: &[(10.0, None, "个", O)],
    },
    Row {
        name: "将近",
        text: "水泥增产了将近三十万吨。",
        want: &[(300_000.0, None, "吨", U)],
    },
    Row {
        name: "左右 about",
        text: "降到百分之三十左右。",
        want: &[(30.0, None, "%", A)],
    },
    Row {
        name: "约 about",
        text: "钢增产了约七十八万吨。",
        want: &[(780_000.0, None, "吨", A)],
    },
    Row {
        name: "达到或超过",
        text: "已经达到或超过一千斤。",
        want: &[(1000.0, None, "斤", O)],
    },
    Row {
        name: "突破",
        text: "人均突破1000美元。",
        want: &[(1000.0, None, "美元", O)],
    },
    Row {
        name: "不足",
        text: "不足5%的企业。",
        want: &[(5.0, None, "%", U)],
    },
    Row {
        name: "year 二〇〇五 with a count",
        text: "二〇〇五年培训56期。",
        want: &[(56.0, None, "期", None)],
    },
];

/// ANNOTATION.md, "Do not annotate": no quantity in any of these.
const NOT_ANNOTATED: &[(&str, &str)] = &[
    ("meeting name", "市委在半年工作总结会议上布置。"),
    ("period name", "十一五时期的任务。"),
    ("year", "2005年全市"),
    ("date", "2019-10-20"),
    ("year-start", "去年年初开始。"),
    ("month and day", "3月5日召开。"),
    ("ordinal five-year plan", "第一个五年计划的完成。"),
    ("九年义务教育", "普及九年义务教育。"),
    ("八项规定", "落实中央八项规定精神。"),
    ("四项基本原则", "坚持四项基本原则。"),
    ("十项措施", "出台十项措施。"),
    ("三年行动", "实施提升行政执法质量三年行动。"),
    ("千亿斤 action", "实施新一轮千亿斤粮食产能提升行动。"),
    ("二期工程", "三峡水利枢纽二期工程胜利完成。"),
    ("五次会议", "经五届人大五次会议批准。"),
    ("第1页", "第1页"),
    ("第二", "第二，"),
    ("十六大", "贯彻落实党的十六大精神。"),
    ("二十届二中全会", "学习二十届二中全会精神。"),
    ("十四五 in quotes", "“十四五”规划"),
    ("五学 in quotes", "以“五学”活动打造成才平台。"),
    ("五个结合 in quotes", "做到了“五个结合”。"),
    ("四个意识 in quotes", "增强“四个意识”。"),
    ("两个确立 in quotes", "深刻领悟“两个确立”。"),
    ("三位一体", "社会教育三位一体的全员学习模式。"),
    ("一带一路", "推进一带一路建设。"),
    ("watermark number", "文秘114版权所有"),
    ("heading 一、", "一、加强领导"),
    ("heading （一）", "（一）加强和改善宏观调控"),
    ("heading 1、", "1、与舆论宣传相结合。"),
    ("heading （1）", "（1）抓好落实。"),
    ("几十种", "票证多达几十种。"),
    ("数百人", "数百人参加。"),
    ("一半", "减少一半。"),
    ("成倍", "有了成倍的增加。"),
    ("亿万群众", "亿万群众的期盼。"),
    ("统一", "在统一认识的基础上。"),
    ("一些", "一些行业和企业。"),
    ("进一步", "进一步突出工会工作的特点。"),
    ("唯一", "唯一的办法。"),
    ("万一", "万一出现问题。"),
    ("千方百计", "千方百计增加收入。"),
    ("四两拨千斤", "发挥“四两拨千斤”的作用。"),
    ("一揽子", "一揽子计划。"),
    ("一个…的氛围", "一个创建学习型企业的氛围逐步形成。"),
    ("一年来", "一年来，我们主要做了以下工作。"),
    ("一批", "建立了一批中外合资企业。"),
    ("identifier", "产品型号C919投入商业运营。"),
    ("phone number", "电话0451-4567890"),
];

fn kept(qs: Vec<Quantity>) -> Vec<Quantity> {
    qs.into_iter().filter(|q| q.kind.is_quantity()).collect()
}

fn close(a: f64, b: f64) -> bool {
    a == b || (a - b).abs() <= 1e-9 * a.abs().max(b.abs())
}

#[test]
fn annotation_examples_are_extracted() {
    let ex = Extractor::new();
    let mut failures = Vec::new();
    for row in ANNOTATE {
        let got = kept(ex.numbers(row.text));
        let ok = got.len() == row.want.len()
            && got.iter().zip(row.want).all(|(q, w)| {
                close(q.value, w.0)
                    && match (q.max, w.1) {
                        (None, None) => true,
                        (Some(a), Some(b)) => close(a, b),
                        _ => false,
                    }
                    && q.unit == w.2
                    && q.approx == w.3
            });
        if !ok {
            let got: Vec<_> = got
                .iter()
                .map(|q| (&q.text, q.value, q.max, &q.unit, q.approx))
                .collect();
            failures.push(format!("{}: {:?} → {got:?}", row.name, row.text));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn annotation_non_quantities_are_not_extracted() {
    let ex = Extractor::new();
    let mut failures = Vec::new();
    for &(name, text) in NOT_ANNOTATED {
        let got = kept(ex.numbers(text));
        if !got.is_empty() {
            let got: Vec<_> = got.iter().map(|q| (&q.text, q.value, &q.unit)).collect();
            failures.push(format!("{name}: {text:?} → {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn years_dates_ordinals_identifiers_are_typed() {
    let ex = Extractor::new();
    let kinds = |text: &str| {
        ex.numbers(text)
            .into_iter()
            .map(|q| q.kind)
            .collect::<Vec<_>>()
    };
    assert_eq!(kinds("一九五七年"), [QuantityKind::Year]);
    assert_eq!(kinds("2005年"), [QuantityKind::Year]);
    assert_eq!(kinds("2019-10-20"), [QuantityKind::Date]);
    assert_eq!(kinds("第二"), [QuantityKind::Ordinal]);
    assert_eq!(kinds("C919"), [QuantityKind::Identifier]);
    assert_eq!(kinds("电话0451-4567890"), [QuantityKind::Identifier]);
}

#[test]
fn kinds_and_dimensions() {
    let ex = Extractor::new();
    let q = &ex.numbers("面积3586平方公里")[0];
    assert_eq!(q.kind, QuantityKind::Measure);
    assert_eq!(q.dimension, Some(zhdoc::Dimension::Area));
    assert_eq!(ex.numbers("63.58亿元")[0].kind, QuantityKind::Money);
    assert_eq!(ex.numbers("增长8.7%")[0].kind, QuantityKind::Percent);
    assert_eq!(ex.numbers("0.5个百分点")[0].kind, QuantityKind::Points);
    assert_eq!(ex.numbers("增长两倍")[0].kind, QuantityKind::Multiple);
    assert_eq!(ex.numbers("连续6年")[0].kind, QuantityKind::Duration);
    assert_eq!(ex.numbers("人口50万")[0].kind, QuantityKind::Number);
    assert_eq!(ex.numbers("10余次")[0].approx_word.as_deref(), Some("余"));
}

/// The seed's gold quantities, exactly: extracted from its gold text, nothing
/// more, nothing less, in order.
#[test]
fn seed_gold_quantities_exactly() {
    let gold = Gold::read(fixtures().join("seed/seed.gold.json")).expect("seed gold");
    let want = gold.quantities.expect("the seed's gold lists quantities");
    assert_eq!(want.len(), 19);
    let doc = Cleaner::new().clean_str(&gold.text);
    let got = kept(doc.numbers().to_vec());
    let show = |qs: &[Quantity]| {
        qs.iter()
            .map(|q| format!("{}={}{}", q.text, q.value, q.unit))
            .collect::<Vec<_>>()
    };
    assert_eq!(got.len(), want.len(), "{:?}", show(&got));
    for (q, g) in got.iter().zip(&want) {
        assert!(zhdoc::eval::quantity_matches(q, g), "{q:?} vs {g:?}");
        assert_eq!(q.text, g.text);
    }
}

/// Quantities of a cleaned document point into the cleaned text and, through the
/// edit log, into the original.
#[test]
fn spans_point_into_cleaned_and_original_text() {
    let input = "欢迎来到天天文库\n共培训职工2万人(次),办班6期,培训学员5500人次。";
    let doc = Cleaner::new().clean(input.as_bytes()).expect("clean");
    let qs = doc.numbers();
    assert_eq!(qs.len(), 3, "{qs:?}");
    for q in qs {
        assert_eq!(&doc.text()[q.span.range()], q.text);
        let original = &input[q.original_span.range()];
        assert!(!original.is_empty());
    }
    assert_eq!(&input[qs[0].original_span.range()], "2万人(次)");
    assert_eq!(&input[qs[2].original_span.range()], "5500人次");
}

/// The extractor never panics and its spans are on character boundaries.
#[test]
fn odd_inputs_do_not_panic() {
    let ex = Extractor::new();
    for text in [
        "",
        "万",
        "零",
        "半",
        "百分之",
        "分之一",
        "1/0",
        "9e999999",
        "１２３４５６７８９０１２３４５６７８９０１２３",
        "－－9",
        "两两两两",
        "十十十",
        "点五",
        "2^99999",
    ] {
        for q in ex.numbers(text) {
            assert!(text.is_char_boundary(q.span.start) && text.is_char_boundary(q.span.end));
        }
        for n in ex.numerals(text) {
            assert!(text.is_char_boundary(n.span.start) && text.is_char_boundary(n.span.end));
        }
    }
}
