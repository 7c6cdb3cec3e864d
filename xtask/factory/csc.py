"""Sentence-level spelling-correction figures, as Chinese spelling-correction (CSC) papers score them.

    python3 xtask/factory/csc.py GOLD_DIR [--zhdoc BIN] [--all] [--show N]

Cuts each gold text of GOLD_DIR (SPEC.md section 2; made for fixtures/factory) into sentences (after
`。！？；` and line breaks), finds each sentence's counterpart in the OCR output (a shortest edit
script over both, NFKC, white space removed) and keeps the pairs a CSC test set would hold: the same
length, and every difference one ideograph printed for another. Each OCR sentence is then cleaned
alone, as its own document (`zhdoc clean --stream`: no page, no document words around it), and
scored at sentence level:

- correction precision: sentences put exactly right / sentences the cleaner changed;
- correction recall: sentences put exactly right / sentences with an error;
- F1 of the two;
- false alarms: right sentences the cleaner changed / right sentences.

A change is any difference of the output from its input after NFKC and white space are taken out
(marks included), so a sentence made right in its ideographs but with a mark changed counts as
changed and not right. Readable pages only (CER at most 6%), or every page with `--all`. `--show N`
prints N sentences of each kind (missed, wrong, false alarm). The factory channel is fitted on the
same pages: for figures on a face or engine the tables never saw, build zhdoc as
`xtask/factory/lofo.sh` does and give it with `--zhdoc`.

Needs: PyPI rapidfuzz.
"""
import json, os, re, subprocess, sys, unicodedata

from rapidfuzz.distance import Levenshtein

READABLE = 0.06
MIN_CHARS = 6


def norm(text):
    return re.sub(r'\s+', '', unicodedata.normalize('NFKC', text))


def is_han(c):
    return '\u4e00' <= c <= '\u9fff' or '\u3400' <= c <= '\u4dbf'


def sentences(text):
    """Spans of `text` (already normalised) ending after a sentence mark."""
    out, start = [], 0
    for m in re.finditer(r'[。！？；!?;]', text):
        out.append((start, m.end()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return out


def pairs(gold_dir, every):
    for name in sorted(os.listdir(gold_dir)):
        if not name.endswith('.gold.json'):
            continue
        stem = name[: -len('.gold.json')]
        with open(os.path.join(gold_dir, name), encoding='utf-8') as f:
            gold = json.load(f)['text']
        with open(os.path.join(gold_dir, stem + '.txt'), encoding='utf-8', errors='replace') as f:
            ocr = f.read()
        # Sentences end at line breaks of the gold too.
        gold_lines = [norm(line) for line in gold.split('\n')]
        g = ''.join(gold_lines)
        o = norm(ocr)
        if not g or (not every and Levenshtein.distance(o, g) / len(g) > READABLE):
            continue
        # Where each gold position stands in the OCR: an opcode walk.
        ops = Levenshtein.opcodes(o, g)
        to_ocr = [None] * (len(g) + 1)
        exact = [False] * len(g)
        for op in ops:
            if op.tag in ('equal', 'replace') and op.dest_end - op.dest_start == op.src_end - op.src_start:
                for k in range(op.dest_end - op.dest_start):
                    to_ocr[op.dest_start + k] = op.src_start + k
                    exact[op.dest_start + k] = True
            else:
                for k in range(op.dest_start, op.dest_end):
                    to_ocr[k] = None
        base = 0
        for line in gold_lines:
            for s, e in sentences(line):
                s, e = base + s, base + e
                if e - s < MIN_CHARS or not all(exact[s:e]):
                    continue
                lo, hi = to_ocr[s], to_ocr[e - 1]
                if lo is None or hi is None or hi - lo != e - s - 1:
                    continue
                src, tgt = o[lo : hi + 1], g[s:e]
                if all(a == b or (is_han(a) and is_han(b)) for a, b in zip(src, tgt)):
                    yield f'{stem}:{s}', src, tgt
            base += len(line)


def main():
    args = sys.argv[1:]
    zhdoc = 'target/release/zhdoc'
    show = 0
    if '--zhdoc' in args:
        zhdoc = args[args.index('--zhdoc') + 1]
    if '--show' in args:
        show = int(args[args.index('--show') + 1])
    every = '--all' in args
    rest = [a for i, a in enumerate(args) if not a.startswith('--') and (i == 0 or args[i - 1] not in ('--zhdoc', '--show'))]
    if len(rest) != 1:
        sys.exit(__doc__)
    items = list(pairs(rest[0], every))
    records = ''.join(json.dumps({'id': k, 'text': src}, ensure_ascii=False) + '\n' for k, src, _ in items)
    run = subprocess.run([zhdoc, 'clean', '--stream', '--format', 'txt', '--quiet'],
                         input=records, capture_output=True, text=True, check=True)
    cleaned = {}
    for line in run.stdout.splitlines():
        r = json.loads(line)
        cleaned[r['id']] = norm(r.get('text', ''))
    wrong = right = changed = put_right = alarms = 0
    shown = {'missed': [], 'wrong': [], 'false alarm': []}
    for k, src, tgt in items:
        out = cleaned[k]
        if src != tgt:
            wrong += 1
        else:
            right += 1
        if out != src:
            changed += 1
            if src == tgt:
                alarms += 1
                shown['false alarm'].append((src, out, tgt))
            elif out == tgt:
                put_right += 1
            else:
                shown['wrong'].append((src, out, tgt))
        elif src != tgt:
            shown['missed'].append((src, out, tgt))
    p = put_right / changed if changed else 0.0
    r = put_right / wrong if wrong else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    print(f'sentences {len(items)}: with errors {wrong}, right {right}')
    print(f'correction P {p:.3f} R {r:.3f} F1 {f1:.3f}; false alarms {alarms}/{right} = {alarms / max(right, 1):.4f}')
    for kind, rows in shown.items():
        for src, out, tgt in rows[:show]:
            print(f'{kind}: {src} -> {out} (gold {tgt})')


if __name__ == '__main__':
    main()
