#!/usr/bin/env bash
# Compile time of a generated client crate once its dependencies are built: ours against progenitor's output for
# the same spec, per operation. Each crate is built once (its dependencies), then RUNS rounds (default 10) each
# `touch src/lib.rs` and `cargo build` both crates, in alternating order (bench/interleave.py); the figure is
# the median of the per-round ratios. Dev profile, each crate in its own target directory.
#
#   bench/compile-time.sh        # needs python3 (with yaml) and cargo-progenitor on PATH, or PROGENITOR=...
#
# Incremental compilation is off (CARGO_INCREMENTAL=0): with it, a touched but unchanged file recompiles next to
# nothing, and the figure would be cargo's own overhead rather than the crate's compile time.
#
# Pairs, with the same operations on both sides:
# - our spec: generated/ built in this workspace (`cargo build -p twilio-vobiz-credentials`), against progenitor's
#   crate for our spec without its `default` responses (progenitor panics on our spec as it is);
# - each of Twilio's specs in SPECS (names in CORPUS, without .json; default twilio_accounts_v1 and
#   twilio_verify_v2): ours and progenitor's, each a stand-alone project (ours with this workspace's lock), e.g.
#   SPECS="twilio_accounts_v1 twilio_studio_v2" bench/compile-time.sh
#
# twilio_accounts_v1 (20 operations) is the largest of Twilio's 27 specs for which progenitor 0.15.1 generates a
# crate that compiles as published: the 14 larger ones (twilio_verify_v2, 57 operations, down to twilio_events_v1,
# 22) all panic in typify-impl 0.8.0 src/convert.rs:788, `not yet implemented: invalid (or unexpected) schema`, on
# an object schema with a `format` (`uri-map` in all of them, `phone-number-capabilities` first in
# twilio_trunking_v1). Both generators are therefore fed each spec without the formats of its object schemas
# (bench/no_object_format.py), which makes twilio_verify_v2, the largest, comparable.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
runs=${RUNS:-10}
export CARGO_INCREMENTAL=0
progenitor=${PROGENITOR:-$(command -v cargo-progenitor || true)}
[ -x "$progenitor" ] || { echo "cargo-progenitor not found: cargo install cargo-progenitor, or set PROGENITOR" >&2; exit 2; }
work=${WORK:-$(mktemp -d)}
mkdir -p "$work"
echo "scratch directory: $work" >&2

cargo build -q --release -p generator
target=$(cargo metadata -q --format-version 1 --no-deps | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
corpus=${CORPUS:-../shared/twilio-oai}
specs=${SPECS:-twilio_accounts_v1 twilio_verify_v2}
python3 bench/no_default.py spec/openapi.yaml "$work/openapi-no-default.json"
rm -rf "$work/progenitor-spec"
"$progenitor" progenitor -i "$work/openapi-no-default.json" -o "$work/progenitor-spec" -n progenitor-spec -v 0.1.0 >/dev/null
for name in $specs; do
    rm -rf "$work/ours-$name" "$work/progenitor-$name"
    python3 bench/no_object_format.py "$corpus/$name.json" "$work/$name.json"
    "$target/release/generator" --spec "$work/$name.json" --out "$work/ours-$name" >/dev/null
    cp Cargo.lock "$work/ours-$name/"
    "$progenitor" progenitor -i "$work/$name.json" -o "$work/progenitor-$name" -n "progenitor-${name//_/-}" -v 0.1.0 >/dev/null
done

# build NAME MANIFEST [ARGS...]: the command that builds one crate in its own target directory.
build() { echo "env CARGO_TARGET_DIR=$work/target-$1 cargo build -q --manifest-path $2 ${*:3}"; }
# Operations: progenitor writes one `pub async fn` per operation; ours, one `impl Operation` each.
operations() { cat "$@" | grep -c "pub async fn"; }
our_operations() { cat "$@" | grep -c "impl crate::runtime::Operation for"; }

ours_spec=$(build ours-spec "$root/Cargo.toml" -p twilio-vobiz-credentials)
progenitor_spec=$(build progenitor-spec "$work/progenitor-spec/Cargo.toml")
$ours_spec 2>/dev/null # dependencies
$progenitor_spec 2>/dev/null
for name in $specs; do
    $(build "ours-$name" "$work/ours-$name/Cargo.toml") 2>/dev/null
    $(build "progenitor-$name" "$work/progenitor-$name/Cargo.toml") 2>/dev/null
done

spec_operations=$(our_operations "$root"/generated/src/*.rs)
[ "$spec_operations" = "$(operations "$work/progenitor-spec/src/lib.rs")" ] || echo "warning: operation counts differ" >&2

echo "| spec (operations) | ours (median) | progenitor (median) | ours / progenitor: median [quartiles] | target |"
echo "|---|---:|---:|---:|---|"
python3 bench/interleave.py "$runs" "our spec ($spec_operations)" 0.5 "$spec_operations" \
    ours "touch $root/generated/src/lib.rs" "$ours_spec" \
    progenitor "touch $work/progenitor-spec/src/lib.rs" "$progenitor_spec"
for name in $specs; do
    count=$(our_operations "$work/ours-$name"/src/*.rs)
    [ "$count" = "$(operations "$work/progenitor-$name/src/lib.rs")" ] || echo "warning: operation counts differ ($name)" >&2
    python3 bench/interleave.py "$runs" "$name ($count)" 0.5 "$count" \
        ours "touch $work/ours-$name/src/lib.rs" "$(build "ours-$name" "$work/ours-$name/Cargo.toml")" \
        progenitor "touch $work/progenitor-$name/src/lib.rs" "$(build "progenitor-$name" "$work/progenitor-$name/Cargo.toml")"
done
