#!/usr/bin/env bash
# Compile time of the generated crate before and after a change of the generator: the crates the generator at
# REV (a git revision) and the working tree's generator make from the same spec, built in alternation
# (bench/interleave.py), each in its own target directory with its dependencies built first. Dev profile,
# incremental compilation off, as in bench/compile-time.sh. Reports after / before.
#
#   bench/before-after.sh REV [SPEC...]   # default specs: spec/openapi.yaml and twilio_accounts_v1.json
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
rev=${1:?usage: bench/before-after.sh REV [SPEC...]}
shift
specs=("$@")
[ ${#specs[@]} -gt 0 ] || specs=(spec/openapi.yaml "${CORPUS:-../shared/twilio-oai}/twilio_accounts_v1.json")
runs=${RUNS:-10}
export CARGO_INCREMENTAL=0
work=${WORK:-$(mktemp -d)}
mkdir -p "$work"
echo "scratch directory: $work" >&2

rm -rf "$work/before-src"
git worktree add -q --detach "$work/before-src" "$rev"
trap 'git worktree remove --force "$work/before-src"' EXIT
CARGO_TARGET_DIR="$work/target-generator-before" cargo build -q --release --manifest-path "$work/before-src/Cargo.toml" -p generator
cargo build -q --release -p generator
target=$(cargo metadata -q --format-version 1 --no-deps | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')

echo "| spec | after (median) | before (median) | after / before: median [quartiles] | target |"
echo "|---|---:|---:|---:|---|"
for spec in "${specs[@]}"; do
    name=$(basename "$spec" | sed 's/\.[a-z]*$//')
    for side in before after; do
        generator="$target/release/generator"
        [ $side = before ] && generator="$work/target-generator-before/release/generator"
        rm -rf "$work/$side-$name"
        "$generator" --spec "$spec" --out "$work/$side-$name" >/dev/null 2>&1
        # A stand-alone package with this workspace's lock, so both sides build the same dependency versions.
        printf '\n[workspace]\n' >> "$work/$side-$name/Cargo.toml"
        cp Cargo.lock "$work/$side-$name/"
        CARGO_TARGET_DIR="$work/target-$side-$name" cargo build -q --manifest-path "$work/$side-$name/Cargo.toml" 2>/dev/null
    done
    python3 bench/interleave.py "$runs" "$name" 1.0 0 \
        after "touch $work/after-$name/src/lib.rs" \
        "env CARGO_TARGET_DIR=$work/target-after-$name cargo build -q --manifest-path $work/after-$name/Cargo.toml" \
        before "touch $work/before-$name/src/lib.rs" \
        "env CARGO_TARGET_DIR=$work/target-before-$name cargo build -q --manifest-path $work/before-$name/Cargo.toml"
done
