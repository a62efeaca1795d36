#!/usr/bin/env bash
# Whole-process wall time of our generator's CLI against cargo-progenitor's on the same spec: RUNS rounds
# (default 20), each running both once, in alternating order, each writing a fresh output directory
# (bench/interleave.py). Prints the medians and the median of the per-round ratios, with its quartiles.
#
#   bench/progenitor.sh          # needs python3 (with yaml) and cargo-progenitor on PATH, or PROGENITOR=...
#
# Specs: Twilio's twilio_accounts_v1.json, unchanged; and our spec/openapi.yaml as JSON without its `default`
# responses, because progenitor 0.15.1 panics on every operation of our spec as it is (BENCHMARKS.md).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-20}
progenitor=${PROGENITOR:-$(command -v cargo-progenitor || true)}
[ -x "$progenitor" ] || { echo "cargo-progenitor not found: cargo install cargo-progenitor, or set PROGENITOR" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build -q --release -p generator
target=$(cargo metadata -q --format-version 1 --no-deps | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
python3 bench/no_default.py spec/openapi.yaml "$work/openapi-no-default.json"

echo "| spec | ours (median) | progenitor (median) | ours / progenitor: median [quartiles] | target |"
echo "|---|---:|---:|---:|---|"
for spec in ${CORPUS:-../shared/twilio-oai}/twilio_accounts_v1.json "$work/openapi-no-default.json"; do
    python3 bench/interleave.py "$runs" "$(basename "$spec" .json)" 0.2 0 \
        ours "rm -rf $work/out-ours" "$target/release/generator --spec $spec --out $work/out-ours" \
        progenitor "rm -rf $work/out-progenitor" \
        "$progenitor progenitor -i $spec -o $work/out-progenitor -n bench-client -v 0.1.0"
done
