#!/usr/bin/env bash
# A user's rebuild after regenerating with one operation changed: an application (a small binary that calls three
# operations of a generated client crate, which it depends on by path) is built once; then each round regenerates
# the client crate into the same directory from the spec with one operation changed (an optional query parameter
# added to an operation the application does not call, and removed again the next round: a one-operation change
# each time) and times `cargo build` of the application. Our generator rewrites only the files that changed;
# progenitor rewrites its crate.
#
#   bench/rebuild.sh        # needs python3 and cargo-progenitor on PATH, or PROGENITOR=...; RUNS=10 rounds;
#                           # WORK=scratch directory (kept, so a second run reuses its builds)
#
# Ratios against baselines measured interleaved in the same run (bench/interleave.py: rounds alternate which side
# runs first; median of the per-round ratios, with quartiles), because absolute times are noisy here:
# - regenerated / no-op: the same application rebuilt after touching nothing but its own src/main.rs, i.e. what
#   any rebuild of the application costs; for ours, and for progenitor's crate;
# - ours / progenitor: the same change, the same application (calling the same operations) on progenitor's crate.
# Dev profile. First with CARGO_INCREMENTAL at cargo's default (incremental on for the application and the
# client crate, which is what a user sees), then again with CARGO_INCREMENTAL=0. Each application has its own
# target directory; ours uses this workspace's Cargo.lock.
#
# The spec is twilio_accounts_v1.json (the largest of Twilio's specs for which progenitor generates a crate that
# compiles; bench/compile-time.sh), the changed operation ListCredentialPublicKey. Another spec: SPEC=path,
# OPERATION=operationId to change, and the application's main.rs for each side in OURS_MAIN and PROGENITOR_MAIN
# (files; they name the client crate `client`); PROGENITOR=none measures ours alone.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
runs=${RUNS:-10}
unset CARGO_INCREMENTAL
spec=$(realpath "${SPEC:-${CORPUS:-../shared/twilio-oai}/twilio_accounts_v1.json}")
operation=${OPERATION:-ListCredentialPublicKey}
progenitor=${PROGENITOR:-$(command -v cargo-progenitor || true)}
[ "$progenitor" = none ] || [ -x "$progenitor" ] ||
    { echo "cargo-progenitor not found: cargo install cargo-progenitor, set PROGENITOR, or PROGENITOR=none" >&2; exit 2; }
work=${WORK:-$(mktemp -d)}
mkdir -p "$work"
work=$(realpath "$work")
echo "scratch directory: $work" >&2

cargo build -q --release -p generator
target=$(cargo metadata -q --format-version 1 --no-deps | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
generator="$target/release/generator"

# The changed spec: OPERATION with one more optional query parameter (and a word more in its description).
python3 - "$spec" "$operation" "$work/spec-changed.json" <<'EOF'
import json, sys
spec = json.load(open(sys.argv[1]))
found = [op for item in spec["paths"].values() for op in item.values()
         if isinstance(op, dict) and op.get("operationId") == sys.argv[2]]
if len(found) != 1:
    sys.exit(f"operation {sys.argv[2]} not found once in {sys.argv[1]}")
found[0].setdefault("parameters", []).append(
    {"name": "BenchRevision", "in": "query", "required": False, "schema": {"type": "string"},
     "description": "A parameter the rebuild benchmark adds."})
found[0]["description"] = found[0].get("description", "") + " (changed)"
json.dump(spec, open(sys.argv[3], "w"), indent=1)
EOF

# The applications: main.rs calls three operations, so that their requests and responses are compiled in it.
# Nothing runs them (the benchmark only builds), unless given an argument.
ours_main=${OURS_MAIN:-}
progenitor_main=${PROGENITOR_MAIN:-}
if [ -z "$ours_main" ]; then
    ours_main=$work/ours-main.rs
    cat >"$ours_main" <<'EOF'
async fn run() {
    let client = client::Client::from_env().expect("credentials");
    let credentials = client.accounts_v1_aws().credentials().aws().list().page_size(20).send().await;
    println!("{credentials:?}");
    let safelist = client.accounts_v1_safelist().safe_list().numbers().fetch().phone_number("+15005550006").send().await;
    println!("{safelist:?}");
    let geo = client.accounts_v1_messaging_geopermissions().messaging().geo_permissions().fetch().send().await;
    println!("{geo:?}");
}

fn main() {
    if std::env::args().len() > 1 {
        tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(run());
    }
}
EOF
fi
if [ -z "$progenitor_main" ]; then
    progenitor_main=$work/progenitor-main.rs
    cat >"$progenitor_main" <<'EOF'
async fn run() {
    let client = client::Client::new("https://accounts.twilio.com");
    let credentials = client.list_credential_aws(None, std::num::NonZeroU64::new(20), None).await;
    println!("{credentials:?}");
    let safelist = client.fetch_safelist(Some("+15005550006")).await;
    println!("{safelist:?}");
    let geo = client.fetch_messaging_geopermissions(None).await;
    println!("{geo:?}");
}

fn main() {
    if std::env::args().len() > 1 {
        tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(run());
    }
}
EOF
fi

# app SIDE MAIN: the application crate $work/app-SIDE, depending on $work/client-SIDE under the name `client`.
app() {
    local package
    package=$(python3 -c 'import sys, tomllib; print(tomllib.load(open(sys.argv[1], "rb"))["package"]["name"])' \
        "$work/client-$1/Cargo.toml")
    mkdir -p "$work/app-$1/src"
    cat >"$work/app-$1/Cargo.toml" <<EOF
[package]
name = "app-$1"
version = "0.1.0"
edition = "2021"
publish = false

[dependencies]
client = { package = "$package", path = "../client-$1" }
tokio = { version = "1", features = ["rt"] }

[workspace]
EOF
    cp "$2" "$work/app-$1/src/main.rs"
}

# Generate both clients from the spec as it is, make the applications, build them once.
sides="ours"
[ "$progenitor" = none ] || sides="ours progenitor"
rm -rf "$work/client-ours" "$work/client-progenitor" "$work"/*.changed
"$generator" --spec "$spec" --out "$work/client-ours" >/dev/null
app ours "$ours_main"
cp Cargo.lock "$work/app-ours/"
if [ "$progenitor" != none ]; then
    "$progenitor" progenitor -i "$spec" -o "$work/client-progenitor" -n bench-client -v 0.1.0 >/dev/null
    app progenitor "$progenitor_main"
fi

# build SIDE: the command that builds side SIDE's application in its own target directory.
build() { echo "env CARGO_TARGET_DIR=$work/target-$1 cargo build -q --manifest-path $work/app-$1/Cargo.toml"; }
for side in $sides; do
    $(build "$side") # dependencies, and a check that the application compiles
done

# regenerate SIDE: the shell command that regenerates side SIDE's client from the spec with the change if the last
# generation was without it, and without it otherwise (a state file per side says which).
regenerate() {
    local command
    if [ "$1" = ours ]; then
        command="$generator --spec {} --out $work/client-ours"
    else
        command="$progenitor progenitor -i {} -o $work/client-progenitor -n bench-client -v 0.1.0"
    fi
    echo "if [ -e $work/$1.changed ]; then rm $work/$1.changed; ${command//\{\}/$spec};" \
        "else touch $work/$1.changed; ${command//\{\}/$work/spec-changed.json}; fi >/dev/null"
}
noop() { echo "touch $work/app-$1/src/main.rs"; }

echo "| rebuild of the application | first (median) | second (median) | first / second: median [quartiles] | target |"
echo "|---|---:|---:|---:|---|"
for incremental in default 0; do
    if [ "$incremental" = 0 ]; then export CARGO_INCREMENTAL=0; fi
    note="CARGO_INCREMENTAL=$incremental"
    for side in $sides; do
        python3 bench/interleave.py "$runs" "$side: one operation changed / no-op ($note)" - 0 \
            changed "$(regenerate "$side")" "$(build "$side")" \
            no-op "$(noop "$side")" "$(build "$side")"
    done
    if [ "$progenitor" != none ]; then
        python3 bench/interleave.py "$runs" "one operation changed: ours / progenitor ($note)" - 0 \
            ours "$(regenerate ours)" "$(build ours)" \
            progenitor "$(regenerate progenitor)" "$(build progenitor)"
    fi
done
