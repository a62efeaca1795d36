#!/usr/bin/env bash
# Every crate of the vendor corpus (../shared/vendor-oai) compiles clean under `cargo clippy -D warnings`, the
# large ones included (Stripe's: 417 operations, about 440,000 lines). CI compiles all but the large ones
# (generator/tests/vendor_specs.rs, `crates_of_the_vendor_corpus_compile_clean`); this runs the same test with
# them. About two minutes warm on 2 cores.
#
#   bench/vendor-crates.sh
set -euo pipefail
cd "$(dirname "$0")/.."
VENDOR_CRATES=all REQUIRE_CORPUS=1 exec cargo test -p generator --test vendor_specs \
    crates_of_the_vendor_corpus_compile_clean -- --ignored --nocapture
