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
# - twilio_accounts_v1.json: ours and progenitor's, each a stand-alone project (ours with this workspace's lock).
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
accounts=${CORPUS:-../shared/twilio-oai}/twilio_accounts_v1.json
python3 bench/no_default.py spec/openapi.yaml "$work/openapi-no-default.json"
rm -rf "$work/ours-accounts" "$work/progenitor-spec" "$work/progenitor-accounts"
"$target/release/generator" --spec "$accounts" --out "$work/ours-accounts" >/dev/null
cp Cargo.lock "$work/ours-accounts/"
"$progenitor" progenitor -i "$work/openapi-no-default.json" -o "$work/progenitor-spec" -n progenitor-spec -v 0.1.0 >/dev/null
"$progenitor" progenitor -i "$accounts" -o "$work/progenitor-accounts" -n progenitor-accounts -v 0.1.0 >/dev/null

# build NAME MANIFEST [ARGS...]: the command that builds one crate in its own target directory.
build() { echo "env CARGO_TARGET_DIR=$work/target-$1 cargo build -q --manifest-path $2 ${*:3}"; }
# Operations: progenitor writes one `pub async fn` per operation; ours, one `impl Operation` each.
operations() { cat "$@" | grep -c "pub async fn"; }
our_operations() { cat "$@" | grep -c "impl crate::runtime::Operation for"; }

ours_spec=$(build ours-spec "$root/Cargo.toml" -p twilio-vobiz-credentials)
progenitor_spec=$(build progenitor-spec "$work/progenitor-spec/Cargo.toml")
ours_accounts=$(build ours-accounts "$work/ours-accounts/Cargo.toml")
progenitor_accounts=$(build progenitor-accounts "$work/progenitor-accounts/Cargo.toml")
for command in "$ours_spec" "$progenitor_spec" "$ours_accounts" "$progenitor_accounts"; do
    $command 2>/dev/null # dependencies
done

spec_operations=$(our_operations "$root"/generated/src/*.rs)
[ "$spec_operations" = "$(operations "$work/progenitor-spec/src/lib.rs")" ] || echo "warning: operation counts differ" >&2
accounts_operations=$(our_operations "$work"/ours-accounts/src/*.rs)
[ "$accounts_operations" = "$(operations "$work/progenitor-accounts/src/lib.rs")" ] || echo "warning: operation counts differ" >&2

echo "| spec (operations) | ours (median) | progenitor (median) | ours / progenitor: median [quartiles] | target |"
echo "|---|---:|---:|---:|---|"
python3 bench/interleave.py "$runs" "our spec ($spec_operations)" 0.5 "$spec_operations" \
    ours "touch $root/generated/src/lib.rs" "$ours_spec" \
    progenitor "touch $work/progenitor-spec/src/lib.rs" "$progenitor_spec"
python3 bench/interleave.py "$runs" "twilio_accounts_v1 ($accounts_operations)" 0.5 "$accounts_operations" \
    ours "touch $work/ours-accounts/src/lib.rs" "$ours_accounts" \
    progenitor "touch $work/progenitor-accounts/src/lib.rs" "$progenitor_accounts"
