#!/usr/bin/env bash
# What a regex engine costs a generated crate in compile time: a cold build (`cargo build`, empty target
# directory) of a tiny crate that compiles one regular expression and matches it, once with `regex-lite` and once
# with `regex` (default features), in RUNS (default 5) interleaved rounds (bench/interleave.py). The figure is the
# median of the per-round ratios regex-lite / regex, in the dev profile, then in the release profile. Both crates
# use this workspace's lock, so the versions are the ones a generated crate gets.
#
#   bench/regex-engine.sh        # needs python3; RUNS=5; WORK=scratch directory
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
runs=${RUNS:-5}
work=${WORK:-$(mktemp -d)}
mkdir -p "$work"
echo "scratch directory: $work" >&2

# tiny NAME DEPENDENCY PATH: a binary crate matching one pattern with the engine at PATH (`regex_lite` or `regex`).
tiny() {
    mkdir -p "$work/$1/src"
    printf '[package]\nname = "%s"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n%s\n\n[workspace]\n' \
        "$1" "$2" >"$work/$1/Cargo.toml"
    printf 'fn main() {\n    let re = %s::Regex::new("^([a-z]{2}-)+[0-9]{3}$").unwrap();\n    println!("{}", re.is_match(&std::env::args().nth(1).unwrap_or_default()));\n}\n' \
        "$3" >"$work/$1/src/main.rs"
    cp "$root/Cargo.lock" "$work/$1/"
    cargo fetch -q --manifest-path "$work/$1/Cargo.toml"
}
tiny tiny-regex-lite 'regex-lite = "0.1"' regex_lite
tiny tiny-regex 'regex = "1"' regex

# build NAME [ARGS...]: the command that builds one crate in its own target directory.
build() { echo "env CARGO_TARGET_DIR=$work/target-$1 cargo build -q --offline --manifest-path $work/$1/Cargo.toml ${*:2}"; }
echo "| engine | regex-lite (median) | regex (median) | regex-lite / regex: median [quartiles] | target |"
echo "|---|---:|---:|---:|---|"
python3 bench/interleave.py "$runs" "cold build, dev profile" 1 0 \
    regex-lite "rm -rf $work/target-tiny-regex-lite" "$(build tiny-regex-lite)" \
    regex "rm -rf $work/target-tiny-regex" "$(build tiny-regex)"
python3 bench/interleave.py "$runs" "cold build, release profile" 1 0 \
    regex-lite "rm -rf $work/target-tiny-regex-lite" "$(build tiny-regex-lite --release)" \
    regex "rm -rf $work/target-tiny-regex" "$(build tiny-regex --release)"
