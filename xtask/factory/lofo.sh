#!/usr/bin/env bash
# Leave one face (or engine) out: the factory channel (src/correct/factory_channel.tsv) is fitted
# on the corpus factory's own pages, so its figures by face are measured with a table made
# without that face. For each face of fixtures/factory, then each engine: the table regenerated
# without its pages (XTASK_FACTORY_HOLD_OUT), zhdoc built with it, and its rows of factory_report
# printed.
#
#     bash xtask/factory/lofo.sh [OUT]      (OUT: the results file, default target/lofo.txt)
#
# It works in a scratch worktree of HEAD (under target/, removed at the end) and is resumable:
# a face already in OUT is skipped. About two minutes a face (a release build and a report).
set -euo pipefail
root=$(git rev-parse --show-toplevel)
out=$(realpath -m "${1:-$root/target/lofo.txt}")
tree="$root/target/lofo-tree"
touch "$out"
if [ ! -d "$tree" ]; then
  git -C "$root" worktree add --detach "$tree" HEAD >/dev/null
fi
export CARGO_TARGET_DIR="$root/target/lofo-target"
cd "$tree"
faces=$(ls fixtures/factory/*.gold.json | sed -E 's#.*/f[0-9]+-[a-z]+-(.+)-[a-z0-9]+\.gold\.json#\1#' | sort -u)
engines=$(ls fixtures/factory/*.gold.json | sed -E 's#.*/f[0-9]+-([a-z]+)-.*#\1#' | sort -u)
held() { # KIND NAME
  if grep -q "^$1 $2 " "$out"; then return; fi
  git checkout -q -- src/correct/factory_channel.tsv
  XTASK_FACTORY_HOLD_OUT=$2 cargo run --release -q -p xtask -- gen factory_channel 2>/dev/null
  cargo run --release -q --features eval --example factory_report -- fixtures/factory \
    | grep -E "^$1 $2 +(all|readable) " >> "$out"
  echo "$(date -u +%H:%M:%S) $2 done" >&2
}
for face in $faces; do held font "$face"; done
for engine in $engines; do held engine "$engine"; done
git checkout -q -- src/correct/factory_channel.tsv
cd "$root"
git worktree remove --force "$tree"
cat "$out"
