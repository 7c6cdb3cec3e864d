"""Cleans a partitioned corpus with zhdoc inside a PySpark job (local mode).

Every document of CORPUS_DIR (its *.txt files), in several copies, half sent as
text and half as raw bytes in base64, is a JSON Lines record of an RDD split in
PARTITIONS partitions. RDD.pipe runs `zhdoc clean --stream` once per partition.
The job checks that every record came back exactly once, carrying its id, and
cleaned: its text is what the same binary gives for that document outside Spark.

usage: python3 pipe_corpus.py ZHDOC_BIN CORPUS_DIR [PARTITIONS] [COPIES]
"""

import base64
import json
import pathlib
import shlex
import subprocess
import sys

from pyspark import SparkConf, SparkContext


def records(corpus, copies):
    out = []
    for path in sorted(pathlib.Path(corpus).glob("*.txt")):
        raw = path.read_bytes()
        for copy in range(copies):
            rid = f"{path.stem}#{copy}"
            if copy % 2 == 0:
                rec = {"id": rid, "text": raw.decode("utf-8")}
            else:
                rec = {"id": rid, "bytes": base64.b64encode(raw).decode("ascii")}
            out.append(json.dumps(rec, ensure_ascii=False))
    return out


def main():
    zhdoc, corpus = sys.argv[1], sys.argv[2]
    partitions = int(sys.argv[3]) if len(sys.argv) > 3 else 4
    copies = int(sys.argv[4]) if len(sys.argv) > 4 else 2
    lines = records(corpus, copies)
    command = [zhdoc, "clean", "--stream", "--format", "txt", "--jobs", "1"]

    # The reference: the same records through the same binary, outside Spark.
    ref = subprocess.run(command, input="\n".join(lines) + "\n", capture_output=True,
                         text=True, check=True)
    expected = {}
    for line in ref.stdout.splitlines():
        rec = json.loads(line)
        expected[rec["id"]] = rec["text"]
    assert len(expected) == len(lines), (len(expected), len(lines))

    conf = (SparkConf().setMaster("local[2]").setAppName("zhdoc-pipe")
            .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1"))
    sc = SparkContext(conf=conf)
    sc.setLogLevel("ERROR")
    try:
        rdd = sc.parallelize(lines, partitions)
        assert rdd.getNumPartitions() == partitions
        # One zhdoc process per partition; checkCode: a non-zero exit fails the job.
        cleaned = rdd.pipe(" ".join(shlex.quote(c) for c in command), checkCode=True).cache()
        results = cleaned.map(json.loads).collect()
        per_partition = cleaned.glom().map(len).collect()
    finally:
        sc.stop()

    ids = [r["id"] for r in results]
    assert len(ids) == len(lines), f"{len(ids)} results for {len(lines)} records"
    assert len(set(ids)) == len(ids), "a record came back more than once"
    assert set(ids) == set(expected), "a record did not come back"
    changed = 0
    for r in results:
        assert "error" not in r, r
        assert r["text"] == expected[r["id"]], f"{r['id']} not cleaned as outside Spark"
        changed += 1
    # Cleaning changed the corpus: boilerplate, normalisation, correction.
    source = {json.loads(l)["id"]: json.loads(l) for l in lines}
    differ = sum(1 for r in results
                 if "text" in source[r["id"]] and r["text"] != source[r["id"]]["text"])
    assert differ > 0, "nothing was cleaned"
    print(f"pyspark: {len(results)} documents cleaned once each, through "
          f"{partitions} partitions {per_partition}; {differ} of the text records changed")


if __name__ == "__main__":
    main()
