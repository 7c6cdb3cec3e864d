"""The corpus factory: running text rendered to page images, degraded as scans are, read by real OCR.

Makes `fixtures/factory/`, a gold directory (SPEC.md section 2) of OCR output whose source text is
known: `NAME.txt` is what the engine printed, `NAME.gold.json` the text it was rendered from
(quantities and headings `null`: only character error rates are scored). `cargo xtask confusions`
counts the engines' confusions from it; `zhdoc eval` scores it, by font or engine left out.

Texts: whole paragraphs (~1,500 characters) of `../shared/corpus/laws/` (public-domain laws and
regulations), Markdown marks stripped, from seeded places of seeded files; one document in eight is
an excerpt of a dev gold text instead (fixtures/dev excerpts only: the four whole reports
gwr1982/2000/2012/2022 are never used, fixtures/heldout is cut from them). No other government work
report or party congress report is ever used: those are kept for measuring.

Fonts: every CJK face Debian packages for simplified Chinese EXCEPT AR PL UMing and AR PL UKai and
Noto Serif CJK Bold (the held-out fonts of fixtures/heldout), in the weights that read as body text.
Each page: A4, a seeded size (9-12 pt), line spacing, indent; degraded by one profile (blur,
speckle, fax binarisation, fading, skew, JPEG, low dpi). Every page image is read by both engines:
Tesseract 5 (Debian tesseract-ocr, chi_sim, psm 4, one thread) and RapidOCR (rapidocr_onnxruntime,
PP-OCR ONNX models as shipped on PyPI, default settings). Text kept as it came out.

Resumable: a document whose two outputs exist is skipped; progress is appended to
fixtures/factory/PROGRESS. Seeded: the same `--seed` and index make the same page images.

Needs: Debian tesseract-ocr tesseract-ocr-chi-sim fonts-noto-cjk fonts-wqy-zenhei fonts-wqy-microhei
fonts-droid-fallback fonts-arphic-gbsn00lp fonts-arphic-gkai00mp fonts-liberation2; PyPI pillow numpy rapidocr_onnxruntime.

    cargo xtask factory [--docs N] [--start K] [--seed S] [--laws DIR]
"""
import argparse, io, json, os, random, re, subprocess, sys, tempfile, time

from PIL import Image, ImageDraw, ImageFilter, ImageFont
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, '..', '..'))
OUT = os.path.join(ROOT, 'fixtures', 'factory')
DEV = os.path.join(ROOT, 'fixtures', 'dev')

# name -> (file, face index). Never AR PL UMing / UKai or Noto Serif CJK Bold: held-out fonts.
N = '/usr/share/fonts/opentype/noto/'
FONTS = {
    'notoserif': (N + 'NotoSerifCJK-Regular.ttc', 2),
    'notoserif-light': (N + 'NotoSerifCJK-Light.ttc', 2),
    'notoserif-semibold': (N + 'NotoSerifCJK-SemiBold.ttc', 2),
    'notosans': (N + 'NotoSansCJK-Regular.ttc', 2),
    'notosans-light': (N + 'NotoSansCJK-Light.ttc', 2),
    'notosans-medium': (N + 'NotoSansCJK-Medium.ttc', 2),
    'wqy-zenhei': ('/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', 0),
    'wqy-microhei': ('/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', 0),
    'droid': ('/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf', 0),
    'sungtil': ('/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf', 0),
    'kaitim': ('/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf', 0),
}
PROFILES = ['scan300', 'blur300', 'speckle300', 'fax200', 'faded300', 'skew300', 'jpeg300', 'low150']
ENGINES = ['tesseract', 'rapidocr']
# Latin faces for digits and letters: a CJK face without them (Droid Sans Fallback) always gets
# one; the others get the one of their style on a third of the pages, as word processors set them.
L = '/usr/share/fonts/truetype/liberation2/'
LATIN = {'serif': L + 'LiberationSerif-Regular.ttf', 'sans': L + 'LiberationSans-Regular.ttf'}
SANS = ('notosans', 'wqy', 'droid')
WHOLE_REPORTS = ('gwr1982', 'gwr2000', 'gwr2012', 'gwr2022')


def face_name(path, index):
    """The face's family, to check that the index picks the simplified-Chinese face."""
    f = ImageFont.truetype(path, 20, index=index)
    return ' '.join(f.getname())


def strip_markdown(md):
    """Law Markdown to running text: front matter, comments, `#` marks and blank lines go."""
    md = re.sub(r'^---\n.*?\n---\n', '', md, flags=re.S)
    md = md.split('<!-- INFO END -->', 1)[-1]
    md = re.sub(r'<!--.*?-->', '', md, flags=re.S)
    paras = []
    for line in md.split('\n'):
        line = re.sub(r'^#+\s*', '', line).strip()
        line = line.replace('**', '').replace('\u3000', ' ').strip()
        if line and not line.startswith('|') and not line.startswith('!['):
            paras.append(line)
    return paras


def law_files(laws):
    files = []
    for d, _, fs in os.walk(laws):
        files += [os.path.join(d, f) for f in fs if f.endswith('.md') and not f.startswith('_')]
    return sorted(files)


def dev_texts():
    out = []
    for f in sorted(os.listdir(DEV)):
        if not f.endswith('.gold.json') or f.startswith(WHOLE_REPORTS) or f.startswith('seed'):
            continue
        if '-tesseract-' not in f or f.endswith('-tiantian.gold.json'):
            continue  # one copy of each excerpt
        out.append((f, json.load(open(os.path.join(DEV, f)))['text'].split('\n')))
    return out


def excerpt(paras, rng, target):
    """Whole paragraphs from a seeded start, about `target` characters (fewer only when the
    whole text is shorter)."""
    # The last start that still leaves `target` characters.
    last, left = 0, 0
    for i in range(len(paras) - 1, -1, -1):
        left += len(paras[i])
        if left >= target:
            last = i
            break
    start = rng.randrange(0, last + 1)
    out, n = [], 0
    for p in paras[start:]:
        if n >= target:
            break
        out.append(p)
        n += len(p)
    return out


def render(paras, font, latin, pt, dpi, spacing, rng):
    px = int(pt / 72 * dpi)
    W, H = int(8.27 * dpi), int(11.69 * dpi)
    margin = int(rng.uniform(0.8, 1.1) * dpi)
    lh = int(px * spacing)
    per = (W - 2 * margin) // px
    lines = []
    for p in paras:
        # Headings (第一章 …) centred, body paragraphs indented two characters.
        if re.match(r'^第[一二三四五六七八九十百]+[章节编]', p) and len(p) < per:
            lines.append(('　' * ((per - len(p)) // 2)) + p)
            continue
        s = '\u3000\u3000' + p
        while s:
            lines.append(s[:per])
            s = s[per:]
    pages, y, img, d = [], margin, None, None
    for line in lines:
        if img is None or y + lh > H - margin:
            if img is not None:
                pages.append(img)
            img = Image.new('L', (W, H), 255)
            d = ImageDraw.Draw(img)
            y = margin
        x = margin
        for ch in line:
            if ch != '\u3000':
                # Half-width characters (digits, Latin) take half a cell, as typesetters set them,
                # in the page's Latin face where it has one.
                face = latin if latin is not None and ord(ch) < 0x2e80 else font
                d.text((x, y), ch, font=face, fill=0)
            x += px if ord(ch) > 0x2e7f else px // 2 + px // 10
        y += lh
    if img is not None:
        pages.append(img)
    return pages


def degrade(img, profile, seed):
    rng = np.random.default_rng(seed)
    blur = {'blur300': rng.uniform(1.3, 1.8), 'fax200': 1.0, 'low150': 0.6}.get(profile, rng.uniform(0.5, 0.9))
    if profile == 'skew300':
        img = img.rotate(rng.uniform(-1.5, 1.5), resample=Image.BICUBIC, expand=False, fillcolor=255)
    a = np.asarray(img.filter(ImageFilter.GaussianBlur(blur)), dtype=np.float32)
    a += rng.normal(0, {'fax200': 28, 'speckle300': 22}.get(profile, 14), a.shape)
    if profile == 'faded300':
        bands = rng.uniform(0.5, 0.9, (a.shape[0] // 48 + 1, 1)).repeat(48, 0)[:a.shape[0]]
        a = 255 - (255 - a) * bands
    if profile in ('fax200', 'speckle300', 'scan300', 'skew300', 'faded300'):
        thr = {'fax200': 150, 'faded300': 120}.get(profile, 128)
        a = np.where(a < thr, 0, 255)
    a = np.clip(a, 0, 255).astype(np.uint8)
    if profile in ('fax200', 'speckle300'):
        for _ in range(600 if profile == 'speckle300' else 400):
            y, x = rng.integers(0, a.shape[0] - 3), rng.integers(0, a.shape[1] - 3)
            a[y:y + rng.integers(1, 3), x:x + rng.integers(1, 3)] = 0
    out = Image.fromarray(a)
    if profile == 'jpeg300':
        buf = io.BytesIO()
        out.save(buf, 'JPEG', quality=int(rng.integers(15, 30)))
        out = Image.open(io.BytesIO(buf.getvalue())).convert('L')
    return out


def tesseract(pages, tmp):
    out = []
    env = dict(os.environ, OMP_THREAD_LIMIT='1')
    for i, p in enumerate(pages):
        f = os.path.join(tmp, f'page{i}.png')
        p.save(f)
        r = subprocess.run(['tesseract', f, '-', '-l', 'chi_sim', '--psm', '4'],
                           capture_output=True, text=True, env=env)
        if r.returncode != 0:
            raise RuntimeError(f'tesseract failed on page {i}: {r.stderr.strip()}')
        out.append(r.stdout)
    return ''.join(out)


_rapid = None


def rapidocr(pages):
    global _rapid
    if _rapid is None:
        from rapidocr_onnxruntime import RapidOCR
        _rapid = RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1)
    out = []
    for p in pages:
        res, _ = _rapid(np.asarray(p.convert('RGB')))
        res = sorted(res or [], key=lambda r: (r[0][0][1] + r[0][2][1]) / 2)
        lines, cur, cy = [], [], None
        for box, txt, _conf in res:
            y = (box[0][1] + box[2][1]) / 2
            h = abs(box[2][1] - box[0][1])
            if cy is not None and abs(y - cy) > h / 2:
                lines.append(cur)
                cur = []
            cur.append((box[0][0], txt))
            cy = y
        if cur:
            lines.append(cur)
        out += [''.join(t for _, t in sorted(line)) for line in lines]
    return '\n'.join(out) + '\n'


def job(k, seed, files, devs):
    """The k-th document: its text, font, size and profile, all from (seed, k)."""
    rng = random.Random(seed * 1_000_003 + k)
    fonts = sorted(FONTS)
    font = fonts[k % len(fonts)]
    profile = PROFILES[(k // len(fonts)) % len(PROFILES)]
    if k % 8 == 7 and devs:
        name, paras = devs[rng.randrange(len(devs))]
        source = f'fixtures/dev/{name} (an excerpt of its gold text)'
    else:
        path = files[rng.randrange(len(files))]
        paras = strip_markdown(open(path, encoding='utf-8').read())
        while len(''.join(paras)) < 400:
            path = files[rng.randrange(len(files))]
            paras = strip_markdown(open(path, encoding='utf-8').read())
        source = 'shared/corpus/laws/' + os.path.relpath(path, ARGS.laws)
    text = excerpt(paras, rng, 1700)
    pt = rng.choice([9, 10, 10.5, 10.5, 12])
    spacing = rng.choice([1.3, 1.5, 1.5, 1.7])
    return font, profile, text, pt, spacing, source, rng


def main():
    files = law_files(ARGS.laws)
    devs = dev_texts()
    os.makedirs(OUT, exist_ok=True)
    for name, (path, index) in FONTS.items():
        fam = face_name(path, index)
        if name.startswith('noto') and ' SC' not in fam:
            sys.exit(f'{path} face {index} is {fam}, not the SC face')
    tmp = tempfile.mkdtemp()
    progress = open(os.path.join(OUT, 'PROGRESS'), 'a')
    for k in range(ARGS.start, ARGS.start + ARGS.docs):
        font, profile, paras, pt, spacing, source, rng = job(k, ARGS.seed, files, devs)
        names = [f'f{k:04d}-{e}-{font}-{profile}' for e in ENGINES]
        if all(os.path.exists(os.path.join(OUT, n + '.txt')) for n in names):
            continue
        dpi = int(profile[-3:])
        size = int(pt / 72 * dpi)
        face = ImageFont.truetype(FONTS[font][0], size, index=FONTS[font][1])
        latin = None
        if font == 'droid' or rng.random() < 1 / 3:
            latin = ImageFont.truetype(LATIN['sans' if font.startswith(SANS) else 'serif'], size)
        pages = [degrade(p, profile, seed=(ARGS.seed * 7919 + k) * 100 + i)
                 for i, p in enumerate(render(paras, face, latin, pt, dpi, spacing, rng))]
        text = '\n'.join(paras)
        t0 = time.time()
        for engine, name in zip(ENGINES, names):
            ocr = tesseract(pages, tmp) if engine == 'tesseract' else rapidocr(pages)
            meta = {'source': source, 'engine': engine, 'font': font, 'profile': profile,
                    'dpi': dpi, 'pt': pt, 'spacing': spacing, 'pages': len(pages),
                    'latin': None if latin is None else os.path.basename(latin.path),
                    'factory': f'xtask/factory/factory.py seed {ARGS.seed} index {k}'}
            gold = {'text': text, 'quantities': None, 'headings': None, 'meta': meta}
            with open(os.path.join(OUT, name + '.gold.json'), 'w', encoding='utf-8') as g:
                json.dump(gold, g, ensure_ascii=False)
            # The text last: its presence marks the document done.
            with open(os.path.join(OUT, name + '.txt'), 'w', encoding='utf-8') as t:
                t.write(ocr)
        progress.write(f'{k} {font} {profile} {len(text)} chars {len(pages)} pages '
                       f'{time.time() - t0:.1f}s\n')
        progress.flush()


if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--docs', type=int, default=400)
    ap.add_argument('--start', type=int, default=0)
    ap.add_argument('--seed', type=int, default=15)
    ap.add_argument('--laws', default=os.path.join(ROOT, '..', 'shared', 'corpus', 'laws'))
    ARGS = ap.parse_args()
    main()
