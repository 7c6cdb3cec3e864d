//! Glyph similarity: strings (one character, or two rendered side by side into one cell) drawn
//! with the CJK fonts that Debian packages, into small normalised grey images, compared by the
//! cosine of the blurred images.

use ab_glyph::{Font, FontVec, PxScale, point};

/// One font face of a Debian package.
pub(crate) struct FontSpec {
    pub(crate) package: &'static str,
    pub(crate) path: &'static str,
    pub(crate) family: &'static str,
}

/// The fonts: the three that the dev corpus's scans were set in, and a song face of another
/// foundry, so that look-alikes are not one design's accidents. AR PL UMing and UKai are never
/// used: they are the held-out fonts of fixtures/heldout.
pub(crate) const FONTS: &[FontSpec] = &[
    FontSpec {
        package: "fonts-noto-cjk",
        path: "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
        family: "Noto Serif CJK SC",
    },
    FontSpec {
        package: "fonts-noto-cjk",
        path: "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        family: "Noto Sans CJK SC",
    },
    FontSpec {
        package: "fonts-wqy-zenhei",
        path: "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
        family: "WenQuanYi Zen Hei",
    },
    FontSpec {
        package: "fonts-arphic-gbsn00lp",
        path: "/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf",
        family: "AR PL SungtiL GB",
    },
];

/// A loaded face and its version string.
pub(crate) struct LoadedFont {
    pub(crate) spec: &'static FontSpec,
    font: FontVec,
    pub(crate) version: String,
}

pub(crate) fn load_fonts() -> Result<Vec<LoadedFont>, String> {
    FONTS.iter().map(load_font).collect()
}

fn load_font(spec: &'static FontSpec) -> Result<LoadedFont, String> {
    let data = std::fs::read(spec.path).map_err(|e| {
        format!(
            "font {} not found at {} ({e}): install it with `apt-get install -y {}`",
            spec.family, spec.path, spec.package
        )
    })?;
    let faces = ttf_parser::fonts_in_collection(&data).unwrap_or(1);
    for index in 0..faces {
        let Ok(face) = ttf_parser::Face::parse(&data, index) else {
            continue;
        };
        let names = |id| -> Vec<String> {
            face.names()
                .into_iter()
                .filter(|n| n.name_id == id && n.is_unicode())
                .filter_map(|n| n.to_string())
                .collect()
        };
        let family = [
            ttf_parser::name_id::TYPOGRAPHIC_FAMILY,
            ttf_parser::name_id::FAMILY,
        ];
        if family
            .iter()
            .any(|&id| names(id).iter().any(|n| n == spec.family))
        {
            let version = names(ttf_parser::name_id::VERSION)
                .into_iter()
                .next()
                .map(|v| v.trim().to_string())
                .unwrap_or_else(|| "unknown version".into());
            let font = FontVec::try_from_vec_and_index(data, index)
                .map_err(|e| format!("{}: {e}", spec.path))?;
            return Ok(LoadedFont {
                spec,
                font,
                version,
            });
        }
    }
    Err(format!(
        "{} holds no face named {:?}",
        spec.path, spec.family
    ))
}

/// Side of the compared images.
pub(crate) const N: usize = 32;
/// Side of the render they are resampled from (2× supersampling).
const R: usize = 2 * N;
/// The em box's top above the baseline (the ideographic em box: 0.88 em up, 0.12 em down).
const ASCENT: f32 = 0.88;

/// How a rendered string is fitted to the compared image.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Fit {
    /// The em box as set: position and size kept (口 and ロ differ in size, 一 and ニ in place).
    EmBox,
    /// The em box, with the ink stretched sideways (at most `MAX_STRETCH`×) to the width of an
    /// ideograph's ink: a Latin letter is narrow where the ideograph it was read for is not.
    Width,
    /// The ink's bounding box scaled (keeping its aspect) to fill the image.
    InkBox,
    /// `Width`, mean subtracted before the cosine (a correlation): ink mass alone scores 0.
    WidthCentred,
}

pub(crate) const FITS: [Fit; 4] = [Fit::EmBox, Fit::Width, Fit::InkBox, Fit::WidthCentred];
const MAX_STRETCH: f32 = 2.5;
const INK_WIDTH: f32 = 0.86;

/// Renders `s` with `font`: coverage in an R×R em-box canvas. One character is drawn as set;
/// a split form (several) as the pieces of one cell: each piece's ink side by side, and when a
/// piece is CJK (纟R, 白勺) every piece but a speck scaled to an ideograph's height, as the parts
/// of one ideograph are. A run wider than the em is squeezed into it. `None` if the font lacks a
/// glyph or draws no ink.
fn render_canvas(font: &LoadedFont, s: &str) -> Option<Vec<f32>> {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() == 1 {
        return render_char(font, chars[0]);
    }
    let r = R as f32;
    let cjk = chars
        .iter()
        .any(|&c| matches!(c as u32, 0x2E80..=0x2FDF | 0x3400..=0x9FFF | 0xF900..=0xFAFF));
    let mut pieces = Vec::new();
    for &c in &chars {
        let canvas = render_char(font, c)?;
        let (x0, x1, y0, y1) = ink_bounds(&canvas);
        let h = y1 - y0;
        let scale = if cjk && h >= 0.4 * r {
            INK_WIDTH * r / h
        } else {
            1.0
        };
        pieces.push((canvas, x0, x1, y0, y1, scale));
    }
    let gap = 0.04 * r;
    let total: f32 =
        pieces.iter().map(|p| (p.2 - p.1) * p.5).sum::<f32>() + gap * (pieces.len() - 1) as f32;
    let width = total.max(r).ceil() as usize + 2;
    let mut wide = vec![0f32; width * R];
    let mut cursor = (width as f32 - total) / 2.0;
    for (canvas, x0, x1, y0, y1, scale) in &pieces {
        let w = (x1 - x0) * scale;
        // Destination top of the ink: centred in the em box when scaled, else where it was set.
        let top = if *scale == 1.0 {
            *y0
        } else {
            (r - (y1 - y0) * scale) / 2.0
        };
        for dy in 0..R {
            for dx in
                cursor.floor().max(0.0) as usize..((cursor + w).ceil() as usize + 1).min(width)
            {
                let sx = x0 + (dx as f32 + 0.5 - cursor) / scale;
                let sy = y0 + (dy as f32 + 0.5 - top) / scale;
                let cell = &mut wide[dy * width + dx];
                *cell = (*cell + sample(canvas, R, R, sx, sy)).min(1.0);
            }
        }
        cursor += w + gap;
    }
    if width == R + 2 {
        return Some(
            (0..R * R)
                .map(|k| wide[(k / R) * width + k % R + 1])
                .collect(),
        );
    }
    let mut out = vec![0f32; R * R];
    let sx = width as f32 / r;
    for y in 0..R {
        for x in 0..R {
            out[y * R + x] = sample(&wide, width, R, (x as f32 + 0.5) * sx, y as f32 + 0.5);
        }
    }
    Some(out)
}

/// One character as set in the em box, its advance centred.
fn render_char(font: &LoadedFont, c: char) -> Option<Vec<f32>> {
    let f = &font.font;
    let upem = f.units_per_em()?;
    let em = R as f32;
    let scale = PxScale::from(em * f.height_unscaled() / upem);
    let id = f.glyph_id(c);
    if id.0 == 0 {
        return None;
    }
    let advance = f.h_advance_unscaled(id) / upem * em;
    let mut canvas = vec![0f32; R * R];
    let glyph = id.with_scale_and_position(scale, point((em - advance) / 2.0, ASCENT * em));
    let outline = f.outline_glyph(glyph)?;
    let b = outline.px_bounds();
    outline.draw(|gx, gy, cov| {
        let px = b.min.x as i64 + i64::from(gx);
        let py = b.min.y as i64 + i64::from(gy);
        if (0..R as i64).contains(&px) && (0..R as i64).contains(&py) {
            let cell = &mut canvas[py as usize * R + px as usize];
            *cell = (*cell + cov).min(1.0);
        }
    });
    canvas.iter().any(|&v| v > 0.25).then_some(canvas)
}

/// Bilinear sample at (x, y) in pixel-centre coordinates; 0 outside.
fn sample(img: &[f32], w: usize, h: usize, x: f32, y: f32) -> f32 {
    // Shifted by one so that truncation is flooring on the whole range that matters.
    let (x, y) = (x + 0.5, y + 0.5);
    if x <= 0.0 || y <= 0.0 {
        return 0.0;
    }
    let (xi, yi) = (x as usize, y as usize);
    let (fx, fy) = (x - xi as f32, y - yi as f32);
    let at = |xi: usize, yi: usize| {
        if xi == 0 || yi == 0 || xi > w || yi > h {
            0.0
        } else {
            img[(yi - 1) * w + xi - 1]
        }
    };
    at(xi, yi) * (1.0 - fx) * (1.0 - fy)
        + at(xi + 1, yi) * fx * (1.0 - fy)
        + at(xi, yi + 1) * (1.0 - fx) * fy
        + at(xi + 1, yi + 1) * fx * fy
}

fn ink_bounds(canvas: &[f32]) -> (f32, f32, f32, f32) {
    let (mut x0, mut x1, mut y0, mut y1) = (R, 0, R, 0);
    for y in 0..R {
        for x in 0..R {
            if canvas[y * R + x] > 0.25 {
                x0 = x0.min(x);
                x1 = x1.max(x + 1);
                y0 = y0.min(y);
                y1 = y1.max(y + 1);
            }
        }
    }
    (x0 as f32, x1 as f32, y0 as f32, y1 as f32)
}

/// The N×N image of a canvas under a fit, blurred (two passes of [1 2 1]/4 each way: OCR's
/// blur and a pixel or two of misplacement do not make glyphs differ) and scaled to unit length.
fn fit_image(canvas: &[f32], fit: Fit) -> Vec<f32> {
    let (x0, x1, y0, y1) = ink_bounds(canvas);
    let (cx, cy) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
    let (w, h) = ((x1 - x0).max(1.0), (y1 - y0).max(1.0));
    let r = R as f32;
    // Source coordinate of a destination coordinate (both in canvas units, 0..R).
    let (ax, bx, ay, by) = match fit {
        Fit::EmBox => (1.0, 0.0, 1.0, 0.0),
        Fit::Width | Fit::WidthCentred => {
            let s = (INK_WIDTH * r / w).clamp(1.0, MAX_STRETCH);
            (1.0 / s, cx - r / 2.0 / s, 1.0, 0.0)
        }
        Fit::InkBox => {
            let s = INK_WIDTH * r / w.max(h);
            (1.0 / s, cx - r / 2.0 / s, 1.0 / s, cy - r / 2.0 / s)
        }
    };
    // The canvas at N×N (2×2 box), then one bilinear sample per pixel in its coordinates.
    let mut small = vec![0f32; N * N];
    for y in 0..R {
        for x in 0..R {
            small[(y / 2) * N + x / 2] += canvas[y * R + x] / 4.0;
        }
    }
    let mut img = if fit == Fit::EmBox {
        small
    } else {
        let mut img = vec![0f32; N * N];
        for v in 0..N {
            for u in 0..N {
                let (dx, dy) = (2.0 * u as f32 + 1.0, 2.0 * v as f32 + 1.0);
                img[v * N + u] = sample(&small, N, N, (ax * dx + bx) / 2.0, (ay * dy + by) / 2.0);
            }
        }
        img
    };
    for _ in 0..2 {
        img = blur(&img);
    }
    if fit == Fit::WidthCentred {
        let mean = img.iter().sum::<f32>() / img.len() as f32;
        img.iter_mut().for_each(|x| *x -= mean);
    }
    normalise(&mut img);
    img
}

/// The pixel at `(x, y)` of an `N`×`N` image, 0 outside it.
fn pixel(img: &[f32], x: i64, y: i64) -> f32 {
    if (0..N as i64).contains(&x) && (0..N as i64).contains(&y) {
        img[y as usize * N + x as usize]
    } else {
        0.0
    }
}

fn blur(img: &[f32]) -> Vec<f32> {
    let at = |x: i64, y: i64| pixel(img, x, y);
    let mut h = vec![0f32; N * N];
    for y in 0..N as i64 {
        for x in 0..N as i64 {
            h[y as usize * N + x as usize] = (at(x - 1, y) + 2.0 * at(x, y) + at(x + 1, y)) / 4.0;
        }
    }
    let at = |x: i64, y: i64| pixel(&h, x, y);
    let mut v = vec![0f32; N * N];
    for y in 0..N as i64 {
        for x in 0..N as i64 {
            v[y as usize * N + x as usize] = (at(x, y - 1) + 2.0 * at(x, y) + at(x, y + 1)) / 4.0;
        }
    }
    v
}

pub(crate) fn normalise(v: &mut [f32]) {
    let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if n > 0.0 {
        v.iter_mut().for_each(|x| *x /= n);
    }
}

pub(crate) fn dot(a: &[f32], b: &[f32]) -> f32 {
    // Eight independent sums: lets the compiler vectorise.
    let mut acc = [0f32; 8];
    for (ca, cb) in a.chunks_exact(8).zip(b.chunks_exact(8)) {
        for k in 0..8 {
            acc[k] += ca[k] * cb[k];
        }
    }
    acc.iter().sum()
}

/// The images of one string: per font, one per requested fit; `None` where the font lacks it.
pub(crate) type Images = Vec<Option<Vec<Vec<f32>>>>;

pub(crate) fn images(fonts: &[LoadedFont], s: &str, fits: &[Fit]) -> Images {
    fonts
        .iter()
        .map(|f| {
            let canvas = render_canvas(f, s)?;
            Some(fits.iter().map(|&fit| fit_image(&canvas, fit)).collect())
        })
        .collect()
}

/// Similarity under one fit (an index into the requested fits): the best over the fonts that
/// have both strings.
pub(crate) fn similarity(a: &Images, b: &Images, fit: usize) -> f32 {
    a.iter()
        .zip(b)
        .filter_map(|(x, y)| Some(dot(&x.as_ref()?[fit], &y.as_ref()?[fit])))
        .fold(0.0, f32::max)
}

/// A 16×16 signature for the prefilter: the 2×2-pooled image under `fit`, averaged over fonts.
pub(crate) fn signature(a: &Images, fit: usize) -> Vec<f32> {
    let mut sig = vec![0f32; N * N / 4];
    for img in a.iter().flatten() {
        let img = &img[fit];
        for y in 0..N {
            for x in 0..N {
                sig[(y / 2) * (N / 2) + x / 2] += img[y * N + x];
            }
        }
    }
    normalise(&mut sig);
    sig
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sim(fonts: &[LoadedFont], a: &str, b: &str) -> f32 {
        let fit = [Fit::WidthCentred];
        similarity(&images(fonts, a, &fit), &images(fonts, b, &fit), 0)
    }

    /// Print look-alikes score above the 99th percentile of random pairs (~0.65); characters
    /// that share little ink do not.
    #[test]
    #[ignore = "needs Debian's fonts-noto-cjk, fonts-wqy-zenhei and fonts-arphic-gbsn00lp; .ci/run installs them and runs this with --include-ignored"]
    fn look_alikes_score_high() {
        let fonts = load_fonts().expect("the CJK fonts are installed (see .ci/run)");
        for (a, b) in [
            ("己", "已"),
            ("未", "末"),
            ("日", "曰"),
            ("木", "本"),
            ("対", "对"),
            ("O", "0"),
            ("l", "1"),
            ("T", "工"),
            ("rn", "m"),
        ] {
            let s = sim(&fonts, a, b);
            assert!(s > 0.75, "{a}/{b}: {s}");
            assert_eq!(s, sim(&fonts, b, a), "{a}/{b} is symmetric");
        }
        for (a, b) in [("自", "己"), ("白", "百"), ("卜-", "下"), ("一", "丨")] {
            let s = sim(&fonts, a, b);
            assert!(s < 0.5, "{a}/{b}: {s}");
        }
    }
}
