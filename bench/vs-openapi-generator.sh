#!/usr/bin/env bash
# Compile time of a generated client crate against openapi-generator's Rust client for the same vendor spec, once
# each crate's dependencies are built: RUNS rounds (default 5), each `touch src/lib.rs` and `cargo check` both
# crates, in alternating order (bench/interleave.py); the figure is the median of the per-round ratios, against
# the target 0.5. Each crate has its own target directory; incremental compilation is off, as in
# bench/compile-time.sh.
#
#   bench/vs-openapi-generator.sh                       # needs java, python3; fetches openapi-generator from PyPI
#   SPECS="spotify/fixed-spotify-open-api.yml" RUNS=3 bench/vs-openapi-generator.sh
#
# SPECS are paths under ../shared/vendor-oai. openapi-generator (OPENAPI_GENERATOR_JAR, else the jar of PyPI's
# openapi-generator-cli 7.26.0, installed into the scratch directory) runs with --skip-validate-spec and
# packageVersion=0.1.0 (a spec's own version, such as Stripe's 2020-08-27, is no Cargo version). A spec whose
# openapi-generator crate does not compile gets a row saying so and how many errors, instead of a ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-5}
export CARGO_INCREMENTAL=0
corpus=${CORPUS:-../shared/vendor-oai}
specs=${SPECS:-"spotify/fixed-spotify-open-api.yml pagerduty/openapiv3.json asana/asana_oas.yaml progenitor/nexus.json stripe/spec3.json"}
work=${WORK:-$(mktemp -d)}
mkdir -p "$work"
echo "scratch directory: $work" >&2
jar=${OPENAPI_GENERATOR_JAR:-}
if [ -z "$jar" ]; then
    python3 -m pip install -q --target "$work/oag" openapi-generator-cli==7.26.0 >&2
    jar=$work/oag/openapi_generator_cli/openapi-generator.jar
fi

cargo build -q --release -p generator
target=$(cargo metadata -q --format-version 1 --no-deps | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
check() { echo "env CARGO_TARGET_DIR=$work/target-$1 cargo check -q --manifest-path $work/$1/Cargo.toml"; }

echo "| spec (operations) | ours (median) | openapi-generator (median) | ours / openapi-generator: median [quartiles] | target |"
echo "|---|---:|---:|---:|---|"
for spec in $specs; do
    name=$(echo "$spec" | tr '/._' '---')
    rm -rf "$work/ours-$name" "$work/oag-$name"
    "$target/release/generator" --spec "$corpus/$spec" --out "$work/ours-$name" --crate-name "ours-$name" >/dev/null 2>&1
    cp Cargo.lock "$work/ours-$name/"
    java -jar "$jar" generate -i "$corpus/$spec" -g rust -o "$work/oag-$name" --skip-validate-spec \
        --package-name "oag_${name//-/_}" --additional-properties=packageVersion=0.1.0 >/dev/null 2>&1
    operations=$(cat "$work/ours-$name"/src/*.rs | grep -c "impl crate::runtime::Operation for")
    $(check "ours-$name") >/dev/null 2>&1 || { echo "| $spec ($operations) | does not compile | | | |"; continue; }
    if ! $(check "oag-$name") >"$work/oag-$name.log" 2>&1; then
        errors=$(grep -c '^error\[' "$work/oag-$name.log" || true)
        echo "| $spec ($operations) | compiles | does not compile ($errors errors) | - | 0.5 |"
        continue
    fi
    python3 bench/interleave.py "$runs" "$spec ($operations)" 0.5 "$operations" \
        ours "touch $work/ours-$name/src/lib.rs" "$(check "ours-$name")" \
        openapi-generator "touch $work/oag-$name/src/lib.rs" "$(check "oag-$name")"
done
