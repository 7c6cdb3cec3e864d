//! Number forms beyond report prose (issue 16): money as invoices and contracts
//! write it, ranges, bare numerals with a measure word, and the protection of
//! numerals from the corrector. Made-up cases, one row per behaviour.

use zhdoc::{Cleaner, Extractor, Quantity, QuantityKind};

/// One behaviour: a sentence, and the one quantity it holds (value, max, unit).
struct Row {
    name: &'static str,
    text: &'static str,
    value: f64,
    max: Option<f64>,
    unit: &'static str,
}

const fn row(name: &'static str, text: &'static str, value: f64, unit: &'static str) -> Row {
    Row {
        name,
        text,
        value,
        max: None,
        unit,
    }
}

const fn range(
    name: &'static str,
    text: &'static str,
    value: f64,
    max: f64,
    unit: &'static str,
) -> Row {
    Row {
        name,
        text,
        value,
        max: Some(max),
        unit,
    }
}

/// Money: financial numerals, 元角分 as one amount, separators, currencies.
const MONEY: &[Row] = &[
    row("元整", "报销金额贰拾叁元整。", 23.0, "元"),
    row("圆正", "另付押金伍佰圆正。", 500.0, "圆"),
    row("人民币 before", "合同总价人民币肆仟元整。", 4000.0, "元"),
    row("元角分 Arabic", "单价45元6角7分。", 45.67, "元"),
    row("元角 financial", "找零贰拾元伍角。", 20.5, "元"),
    row("元零分", "手续费叁元零伍分。", 3.05, "元"),
    row(
        "whole invoice",
        "共计人民币壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分。",
        1_234_567.89,
        "元",
    ),
    row("萬 and 億", "募得捐款壹億贰萬元。", 100_020_000.0, "元"),
    row(
        "full-width separator",
        "余额为64，310.50元。",
        64_310.5,
        "元",
    ),
    row(
        "half-width separators",
        "货款2,345,678.90元已付。",
        2_345_678.9,
        "元",
    ),
    row(
        "currency named before",
        "报价美金三千五百元。",
        3500.0,
        "美金",
    ),
    row(
        "Latin code, spaced",
        "预算 RMB 8,000 左右的方案",
        8000.0,
        "RMB",
    ),
    row("currency after 元", "押金6000元港币。", 6000.0, "元港币"),
    row(
        "currency before, spaced magnitude",
        "融资澳元 35.2 万。",
        352_000.0,
        "澳元",
    ),
    row("w", "年薪20w元。", 200_000.0, "元"),
    row("k", "月薪8k元。", 8000.0, "元"),
    row("块 and 毛", "一共十块五毛。", 10.5, "块"),
    row("块 and a digit", "一杯3块5。", 3.5, "块"),
    row("毛钱", "一根5毛钱。", 5.0, "毛钱"),
    row("毛 and a digit", "一支九毛九。", 9.9, "毛"),
];

/// Ranges: the magnitude and unit carry to the low end; neighbouring digits.
const RANGES: &[Row] = &[
    range(
        "magnitude to the low end",
        "投资三到五万美元。",
        30_000.0,
        50_000.0,
        "美元",
    ),
    range("k to the low end", "报价6~9k元。", 6000.0, 9000.0, "元"),
    range(
        "(含) and a dash",
        "奖金2万(含)-8万元。",
        20_000.0,
        80_000.0,
        "元",
    ),
    range(
        "doubled dash",
        "标准为2万元--6万元。",
        20_000.0,
        60_000.0,
        "元",
    ),
    range(
        "low end keeps its own",
        "从4200到2万日元不等。",
        4200.0,
        20_000.0,
        "日元",
    ),
    range(
        "neighbouring digits, 千",
        "花了六七千块钱。",
        6000.0,
        7000.0,
        "块钱",
    ),
    range("neighbouring digits, 亿", "亏损五六亿元。", 5e8, 6e8, "元"),
    range("两三百", "来了两三百人。", 200.0, 300.0, "人"),
    range("一两万", "有一两万人。", 10_000.0, 20_000.0, "人"),
    range("三五百", "花了三五百块钱。", 300.0, 500.0, "块钱"),
    range("after 十", "来了十七八个学生。", 17.0, 18.0, "个"),
    range(
        "Arabic dash 万",
        "月入3万-8万元。",
        30_000.0,
        80_000.0,
        "元",
    ),
];

/// Bare Chinese numerals with something to count.
const BARE: &[Row] = &[
    row("十二", "十二个", 12.0, "个"),
    row("一百十二", "一百十二个", 112.0, "个"),
    row("零点五", "零点五个", 0.5, "个"),
    row("负三", "负三个", -3.0, "个"),
    row("廿五", "廿五个", 25.0, "个"),
    row("三千四", "三千四个", 3400.0, "个"),
    row(
        "zero across a magnitude",
        "三千零五万四千零七个",
        30_054_007.0,
        "个",
    ),
    row("financial count", "玖佰玖拾玖个", 999.0, "个"),
    row("mixed", "1百23个", 123.0, "个"),
    row("negative fraction", "变化为负四分之一。", -0.25, ""),
];

fn amounts(text: &str) -> Vec<Quantity> {
    Extractor::new()
        .numbers(text)
        .into_iter()
        .filter(|q| q.kind.is_quantity())
        .collect()
}

fn close(a: f64, b: f64) -> bool {
    a == b || (a - b).abs() <= 1e-9 * a.abs().max(b.abs())
}

fn check(rows: &[Row]) {
    let mut failures = Vec::new();
    for r in rows {
        let got = amounts(r.text);
        let ok = got.len() == 1
            && close(got[0].value, r.value)
            && match (got[0].max, r.max) {
                (None, None) => true,
                (Some(a), Some(b)) => close(a, b),
                _ => false,
            }
            && got[0].unit == r.unit;
        if !ok {
            let got: Vec<_> = got
                .iter()
                .map(|q| (&q.text, q.value, q.max, &q.unit))
                .collect();
            failures.push(format!("{}: {:?} → {got:?}", r.name, r.text));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn money_as_finance_writes_it() {
    check(MONEY);
    for r in MONEY {
        assert_eq!(amounts(r.text)[0].kind, QuantityKind::Money, "{}", r.name);
    }
}

#[test]
fn ranges_carry_magnitude_and_read_neighbouring_digits() {
    check(RANGES);
}

#[test]
fn bare_numerals_with_a_measure_word() {
    check(BARE);
}

/// A compound amount is one quantity whose text is all of it.
#[test]
fn compound_money_is_one_span() {
    let q = amounts("发票金额贰拾元伍角整，已付。");
    assert_eq!(q.len(), 1);
    assert_eq!(q[0].text, "贰拾元伍角整");
    let q = amounts("合同总价人民币肆仟元整。");
    assert_eq!(q[0].text, "人民币肆仟元整");
    // The value is the decimal as written, to the last bit.
    for (text, written) in [
        ("单价45元6角7分。", "45.67"),
        ("合计壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分。", "1234567.89"),
        ("一杯3块5。", "3.5"),
    ] {
        let want: f64 = written.parse().unwrap_or(f64::NAN);
        assert_eq!(amounts(text)[0].value.to_bits(), want.to_bits(), "{text}");
    }
}

/// What stays as it was: approximations, vague amounts, decades, a lone 一.
#[test]
fn rules_of_annotation_hold() {
    let q = amounts("共3000多元。");
    assert_eq!(
        (q[0].value, q[0].approx),
        (3000.0, Some(zhdoc::Approx::Over))
    );
    for text in [
        "几十种产品。",
        "数百人参加。",
        "五六十年代的厂房。",
        "第一个五年计划。",
        "一个良好的氛围。",
    ] {
        assert!(amounts(text).is_empty(), "{text}: {:?}", amounts(text));
    }
    // 三百到五百: the low end keeps its own magnitude.
    let q = amounts("三百到五百人。");
    assert_eq!((q[0].value, q[0].max), (300.0, Some(500.0)));
}

/// Cleaning a text full of financial numerals and ranges changes none of them:
/// the corrector's confusion table (仟/任, 佰/信, 柒/梁, -/一) is not applied
/// inside a numeral.
#[test]
fn cleaning_leaves_numerals_as_they_are() {
    let lines = [
        "合同金额人民币肆仟元整。",
        "发票金额为贰拾叁元整，另付伍佰圆正。",
        "收到壹万贰仟叁佰肆拾伍元陆角柒分。",
        "陆仟柒佰捌拾玖元已经到账。",
        "大写金额：玖萬捌仟柒佰陆拾伍圆整。",
        "补贴标准为3万-8万元。",
        "奖励金额2万元--6万元不等。",
        "年收入在2万(含)-8万元之间。",
        "余额为64，310.50元。",
        "该厂建于一九二零年，编号一九二零三。",
    ];
    // Paragraphs apart, so that reflow keeps the lines as they are.
    let text = lines.join("\n\n");
    let doc = Cleaner::new().clean_str(&text);
    let uncorrected = Cleaner::builder().correct(false).build().clean_str(&text);
    assert_eq!(doc.text(), uncorrected.text());
    for line in lines {
        // The cleaner's normal form of the line (full-width brackets).
        let want = line.replace('(', "（").replace(')', "）");
        assert!(doc.text().contains(&want), "{line:?}:\n{}", doc.text());
    }
    let corrected: Vec<_> = doc
        .edits()
        .iter()
        .filter(|e| e.kind == zhdoc::EditKind::Correct)
        .map(|e| (&e.before, &e.after))
        .collect();
    assert!(corrected.is_empty(), "{corrected:?}");
}

/// The protection is of numerals only: a misread character beside one is still
/// corrected.
#[test]
fn protection_leaves_words_to_the_corrector() {
    let doc = Cleaner::new().clean_str("我们要坚持以经济建设为屮心，收到叁仟元整。");
    assert!(doc.text().contains("中心"), "{}", doc.text());
    assert!(doc.text().contains("叁仟元整"), "{}", doc.text());
}
