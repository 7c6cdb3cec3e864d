"""What no corrector can mend: text the OCR engine lost whole.

    python3 xtask/factory/floor.py GOLD_DIR CLEANED_DIR [--all]

GOLD_DIR is a gold directory (SPEC.md section 2: `NAME.txt` the OCR output, `NAME.gold.json` the
text); CLEANED_DIR holds the cleaned text of each input under the same `NAME.txt` (for example
`zhdoc clean --out CLEANED_DIR GOLD_DIR`; give GOLD_DIR itself to read the raw OCR). Both texts
are compared as `zhdoc eval` compares them for the figures here (NFKC, white space removed, curly
quotes as straight ones), aligned by a shortest edit script.

A run of six or more gold characters with nothing in the text between them is counted as *lost*: a
text line or box the engine dropped (RapidOCR drops whole detected boxes), which no reading of the
characters that are there can restore. For each group (face, engine and all pages; the face and
engine are read from factory names `fNNNN-ENGINE-FACE-PROFILE`), it prints the pages, CER before
(the raw OCR) and after, their ratio, the share of the errors after that are lost text, and the
*floor*: the ratio a corrector that mended every other error would reach. Readable pages only
(CER before at most 6%, as the README's figures), or every page with `--all`.

Needs: PyPI rapidfuzz.
"""
import collections, json, os, re, sys, unicodedata

from rapidfuzz.distance import Levenshtein

LOST_RUN = 6
READABLE = 0.06


def norm(text):
    text = unicodedata.normalize('NFKC', text)
    text = re.sub(r'\s+', '', text)
    for q in '“”＂「」':
        text = text.replace(q, '"')
    for q in '‘’＇':
        text = text.replace(q, "'")
    return text


def groups(name):
    parts = name.split('-')
    if len(parts) >= 4 and parts[0].startswith('f'):
        return ['-'.join(parts[2:-1]), parts[1], 'all']
    return ['all']


def main():
    args = [a for a in sys.argv[1:] if not a.startswith('--')]
    every = '--all' in sys.argv[1:]
    if len(args) != 2:
        sys.exit(__doc__)
    gold_dir, out_dir = args
    # group -> [gold chars, errors before, errors after, lost after, pages]
    sums = collections.defaultdict(lambda: [0, 0, 0, 0, 0])
    for name in sorted(os.listdir(gold_dir)):
        if not name.endswith('.gold.json'):
            continue
        stem = name[: -len('.gold.json')]
        with open(os.path.join(gold_dir, name), encoding='utf-8') as f:
            gold = norm(json.load(f)['text'])
        with open(os.path.join(gold_dir, stem + '.txt'), encoding='utf-8', errors='replace') as f:
            raw = norm(f.read())
        before = Levenshtein.distance(raw, gold)
        if not gold or (not every and before / len(gold) > READABLE):
            continue
        with open(os.path.join(out_dir, stem + '.txt'), encoding='utf-8') as f:
            out = norm(f.read())
        ops = Levenshtein.editops(out, gold)
        # Gold characters missing at one place of the text, by place.
        missing = collections.Counter(i for op, i, _ in ops if op == 'insert')
        lost = sum(n for n in missing.values() if n >= LOST_RUN)
        for g in groups(stem):
            s = sums[g]
            s[0] += len(gold)
            s[1] += before
            s[2] += len(ops)
            s[3] += lost
            s[4] += 1
    print(f"{'group':22} {'pages':>5} {'before':>7} {'after':>7} {'ratio':>6} {'lost':>5} {'floor':>6}")
    for g, (n, b, a, lost, pages) in sorted(sums.items()):
        if not b:
            continue
        print(f'{g:22} {pages:5} {b / n:7.4f} {a / n:7.4f} {a / b:6.3f} '
              f'{lost / a if a else 0:5.2f} {lost / b:6.3f}')


if __name__ == '__main__':
    main()
