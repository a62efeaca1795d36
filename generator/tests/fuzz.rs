//! Never a panic, never a hang: mutated versions of the curated spec and of the feature fixtures make
//! `generator::generate` return `Ok` or an error with a place and advice, within a time bound.
//!
//! The default run is short (a fixed seed, a few hundred inputs). A longer local run:
//!
//! ```sh
//! FUZZ_CASES=100000 cargo test -p generator --release --test fuzz -- --nocapture
//! ```
//!
//! `FUZZ_SEED=<u64>` replays or varies a run (with `FUZZ_CASES` set and no seed, the seed is random and
//! printed). A failing input is shrunk to a minimal list of mutations, and printed with the text it gives.

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestError, TestRunner};
use serde_json::{json, Value};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long one input may take. Generating the curated spec takes a few hundred milliseconds in a debug build.
const TIME_LIMIT: Duration = Duration::from_secs(20);

/// The documents mutated: the curated spec and every fixture, as JSON trees.
fn bases() -> Vec<(String, Value)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = vec![root.join("../spec/openapi.yaml")];
    let mut fixtures: Vec<_> = std::fs::read_dir(root.join("tests/fixtures"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .collect();
    fixtures.sort();
    paths.extend(fixtures);
    paths
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            (path.file_name().unwrap().to_string_lossy().into_owned(), serde_yaml_ng::from_str(&text).unwrap())
        })
        .collect()
}

/// One change to the tree. Nodes and keys are chosen by index, modulo how many there are.
#[derive(Clone, Debug)]
enum Mutation {
    Delete(usize),
    Replace(usize, Value),
    RenameKey(usize, usize, String),
    DuplicateKey(usize, usize, String),
    /// Replaces a node by a `$ref` to another node of the document.
    RefToNode(usize, usize),
    /// Replaces a node by a `$ref` with arbitrary text.
    Ref(usize, String),
    /// Wraps a node in `levels` object (0), array (1) or allOf (2) schemas.
    Deepen(usize, u8, u8),
    /// Puts a copy of one node in place of another.
    Graft(usize, usize),
}

/// A change to the text after the tree is written out.
#[derive(Clone, Debug)]
enum TextMutation {
    Truncate(usize),
    Insert(usize, String),
    Remove(usize, usize),
}

/// Names worth trying where the spec has names: keywords, reserved type names, digits, non-ASCII, OpenAPI
/// keywords, and near-collisions of each other.
const NAMES: &[&str] = &[
    "type",
    "self",
    "Self",
    "crate",
    "super",
    "async",
    "await",
    "match",
    "fn",
    "mod",
    "r#type",
    "_",
    "",
    "Option",
    "Result",
    "String",
    "Box",
    "Vec",
    "Client",
    "Error",
    "Raw",
    "Server",
    "new",
    "builder",
    "validate",
    "headers",
    "query_pairs",
    "params",
    "limit",
    "cursor",
    "1st",
    "42",
    "ünïcödé",
    "日本",
    "€",
    "friendlyName",
    "friendly_name",
    "FriendlyName",
    "ListFoo",
    "list_foo",
    "$ref",
    "x-pagination",
    "properties",
    "items",
    "allOf",
    "oneOf",
    "anyOf",
    "not",
    "discriminator",
    "propertyName",
    "mapping",
    "additionalProperties",
    "format",
    "date",
    "date-time-rfc-2822",
    "application/scim+json",
    "302",
    "oauth2",
    "required",
    "enum",
    "pattern",
    "{Sid}",
    "/v1/{Sid}",
    "{",
    "}",
    "get",
    "head",
    "trace",
    "application/json",
    "text/plain",
    "200",
    "2XX",
    "default",
    "#/components/schemas/",
    "models",
    "client",
];

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => proptest::sample::select(NAMES).prop_map(str::to_owned),
        1 => "[a-zA-Z0-9_ {}/.-]{0,12}",
        1 => any::<String>().prop_map(|s| s.chars().take(12).collect()),
    ]
}

/// Regex-like text, for patterns.
fn pattern() -> impl Strategy<Value = String> {
    prop_oneof![
        "[\\[\\](){}^$|*+?.a-zA-Z0-9\\\\,:=!<>-]{0,16}",
        proptest::sample::select(vec!["^AC[0-9a-f]{32}$", "^(?=x)$", "[", "a{99999}", "\\p{Greek}+", "(a|b)*"])
            .prop_map(str::to_owned),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        Just(json!(-1)),
        Just(json!(0)),
        Just(json!(1e300)),
        name().prop_map(Value::String),
        pattern().prop_map(Value::String),
        Just(json!([])),
        Just(json!({})),
        Just(json!({"type": "object"})),
        Just(json!({"type": "string", "pattern": "^x$"})),
        Just(json!({"oneOf": [{"type": "string"}]})),
        Just(json!({"oneOf": [{"type": "string"}, {"type": "integer"}, {"type": "object"}]})),
        Just(json!({"anyOf": [{"type": "object", "properties": {"a": {"type": "string"}}}, {"type": "array"}]})),
        Just(json!({
            "oneOf": [
                {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string", "enum": ["a"]}}},
                {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string", "enum": ["b"]}}}
            ],
            "discriminator": {"propertyName": "kind", "mapping": {"c": "#/components/schemas/Missing"}}
        })),
        Just(json!({"allOf": [{"type": "object", "properties": {"a": {}}}, {"required": ["a"]}, {"nullable": true}]})),
        Just(
            json!({"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": {"type": "integer"}})
        ),
        Just(json!({"type": "object", "additionalProperties": true})),
        Just(json!({"type": "string", "format": "date"})),
        Just(json!({"type": "integer", "format": "uint8"})),
        Just(json!({"not": {"type": "string"}})),
        Just(json!({"type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": "https://x/token", "scopes": {}}}})),
        Just(json!({"style": "offset", "items": "items", "limit": "limit", "offset": "offset"})),
        Just(json!({"style": "next-url", "items": "items", "next-url": "meta.next"})),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let node = any::<usize>();
    prop_oneof![
        2 => node.prop_map(Mutation::Delete),
        3 => (node, value()).prop_map(|(n, v)| Mutation::Replace(n, v)),
        2 => (node, node, name()).prop_map(|(n, k, s)| Mutation::RenameKey(n, k, s)),
        2 => (node, node, name()).prop_map(|(n, k, s)| Mutation::DuplicateKey(n, k, s)),
        2 => (node, node).prop_map(|(n, t)| Mutation::RefToNode(n, t)),
        1 => (node, prop_oneof!["#/components/schemas/[A-Za-z]{0,8}", name()]).prop_map(|(n, r)| Mutation::Ref(n, r)),
        1 => (node, 1u8..=140, 0u8..3).prop_map(|(n, levels, kind)| Mutation::Deepen(n, levels, kind)),
        1 => (node, node).prop_map(|(n, from)| Mutation::Graft(n, from)),
    ]
}

fn text_mutation() -> impl Strategy<Value = TextMutation> {
    prop_oneof![
        any::<usize>().prop_map(TextMutation::Truncate),
        (any::<usize>(), prop_oneof!["[\\t\\n :{}\\[\\],\"'#&*!|>-]{1,4}", name()])
            .prop_map(|(at, s)| TextMutation::Insert(at, s)),
        (any::<usize>(), 1usize..40).prop_map(|(at, n)| TextMutation::Remove(at, n)),
    ]
}

/// Pointers to every node, in document order (the root is `""`).
fn pointers(value: &Value) -> Vec<String> {
    fn walk(value: &Value, at: String, out: &mut Vec<String>) {
        out.push(at.clone());
        match value {
            Value::Object(map) => map.iter().for_each(|(k, v)| walk(v, format!("{at}/{}", escape(k)), out)),
            Value::Array(items) => items.iter().enumerate().for_each(|(i, v)| walk(v, format!("{at}/{i}"), out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(value, String::new(), &mut out);
    out
}

fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

fn size(value: &Value) -> usize {
    match value {
        Value::Object(map) => 1 + map.values().map(size).sum::<usize>(),
        Value::Array(items) => 1 + items.iter().map(size).sum::<usize>(),
        _ => 1,
    }
}

fn apply(doc: &mut Value, mutation: &Mutation) {
    let nodes = pointers(doc);
    let pick = |i: usize| nodes[i % nodes.len()].clone();
    match mutation {
        Mutation::Delete(n) => {
            let at = pick(*n);
            let Some((parent, key)) = at.rsplit_once('/') else { return };
            let key = key.replace("~1", "/").replace("~0", "~");
            match doc.pointer_mut(parent) {
                Some(Value::Object(map)) => {
                    map.shift_remove(&key);
                }
                Some(Value::Array(items)) => {
                    if let Ok(i) = key.parse::<usize>() {
                        items.remove(i);
                    }
                }
                _ => {}
            }
        }
        Mutation::Replace(n, value) => *doc.pointer_mut(&pick(*n)).unwrap() = value.clone(),
        Mutation::RenameKey(n, k, name) | Mutation::DuplicateKey(n, k, name) => {
            let Some(Value::Object(map)) = doc.pointer_mut(&pick(*n)) else { return };
            if map.is_empty() {
                return;
            }
            let (key, value) = map.iter().nth(k % map.len()).map(|(k, v)| (k.clone(), v.clone())).unwrap();
            if matches!(mutation, Mutation::RenameKey(..)) {
                let renamed =
                    std::mem::take(map).into_iter().map(|(k, v)| if k == key { (name.clone(), v) } else { (k, v) });
                *map = renamed.collect();
            } else {
                map.insert(name.clone(), value);
            }
        }
        Mutation::RefToNode(n, target) => {
            *doc.pointer_mut(&pick(*n)).unwrap() = json!({ "$ref": format!("#{}", pick(*target)) });
        }
        Mutation::Ref(n, reference) => *doc.pointer_mut(&pick(*n)).unwrap() = json!({ "$ref": reference }),
        Mutation::Deepen(n, levels, kind) => {
            let node = doc.pointer_mut(&pick(*n)).unwrap();
            let mut value = node.take();
            for _ in 0..*levels {
                value = match kind {
                    0 => json!({"type": "object", "properties": {"a": value}}),
                    1 => json!({"type": "array", "items": value}),
                    _ => json!({"allOf": [value]}),
                };
            }
            *node = value;
        }
        Mutation::Graft(n, from) => {
            let (at, from) = (pick(*n), pick(*from));
            let copy = doc.pointer(&from).unwrap().clone();
            if size(&copy) <= 5_000 {
                *doc.pointer_mut(&at).unwrap() = copy;
            }
        }
    }
}

fn apply_text(text: &mut String, mutation: &TextMutation) {
    let boundary = |at: usize, text: &str| {
        let mut at = at % (text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    match mutation {
        TextMutation::Truncate(at) => text.truncate(boundary(*at, text)),
        TextMutation::Insert(at, s) => text.insert_str(boundary(*at, text), s),
        TextMutation::Remove(at, n) => {
            let start = boundary(*at, text);
            let end = boundary((start + n).min(text.len()), text);
            text.replace_range(start..end, "");
        }
    }
}

/// Runs the generator on its own thread so that a hang is reported instead of waited for.
fn generate_bounded(text: String) -> Result<Result<(), generator::Error>, String> {
    let (send, receive) = mpsc::channel();
    std::thread::Builder::new()
        .name("generate".into())
        .spawn(move || {
            let outcome = std::panic::catch_unwind(|| {
                let api = generator::ir_of(&text, "fuzz.yaml")?;
                generator::emit::crate_files(&api)?;
                // A part left out is reported like an error: located, with help.
                match generator::warnings(&api, "fuzz.yaml").into_iter().next() {
                    Some(warning) if check_error(&warning).is_err() => Err(warning),
                    _ => Ok(()),
                }
            });
            let _ = send.send(outcome);
        })
        .unwrap();
    match receive.recv_timeout(TIME_LIMIT) {
        Ok(Ok(result)) => Ok(result),
        Ok(Err(panic)) => {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            Err(format!("generate panicked: {message}"))
        }
        Err(_) => Err(format!("generate did not return within {TIME_LIMIT:?}")),
    }
}

/// An error says where (a JSON pointer, a line and column, or the whole document) and what to do.
fn check_error(error: &generator::Error) -> Result<(), String> {
    let place = &error.location;
    if !(place.is_empty() || place.starts_with('/') || place.starts_with("line ")) {
        return Err(format!("error without a place: {error}"));
    }
    if error.message.trim().is_empty() || error.message.contains("internal error") {
        return Err(format!("vague or internal error: {error}"));
    }
    if !matches!(error.help.as_deref(), Some(help) if !help.trim().is_empty()) {
        return Err(format!("error without help: {error}"));
    }
    Ok(())
}

#[test]
fn mutated_specs_give_ok_or_a_located_error_never_a_panic_or_a_hang() {
    let cases: u32 = std::env::var("FUZZ_CASES").ok().map_or(200, |n| n.parse().expect("FUZZ_CASES is a number"));
    let seed = match std::env::var("FUZZ_SEED") {
        Ok(seed) => seed.parse().expect("FUZZ_SEED is a number"),
        Err(_) if std::env::var("FUZZ_CASES").is_ok() => rand_seed(),
        Err(_) => 0x5eed,
    };
    println!("fuzz: {cases} cases, FUZZ_SEED={seed}");
    let bases = bases();
    let strategy = (
        0..bases.len(),
        proptest::collection::vec(mutation(), 1..6),
        any::<bool>(),
        proptest::option::weighted(0.2, text_mutation()),
    );
    let config = Config {
        cases,
        rng_seed: RngSeed::Fixed(seed),
        failure_persistence: None,
        max_shrink_iters: 2_000,
        max_shrink_time: 120_000,
        ..Config::default()
    };
    let (ran, ok) = (AtomicUsize::new(0), AtomicUsize::new(0));
    let failed = AtomicBool::new(false);
    let started = Instant::now();
    let result = TestRunner::new(config).run(&strategy, |(base, mutations, as_json, text_mutation)| {
        let mut doc = bases[base].1.clone();
        for mutation in &mutations {
            apply(&mut doc, mutation);
        }
        let mut text =
            if as_json { serde_json::to_string_pretty(&doc).unwrap() } else { serde_yaml_ng::to_string(&doc).unwrap() };
        if let Some(mutation) = &text_mutation {
            apply_text(&mut text, mutation);
        }
        ran.fetch_add(1, Ordering::Relaxed);
        let outcome = generate_bounded(text.clone()).and_then(|result| match result {
            Ok(()) => {
                ok.fetch_add(1, Ordering::Relaxed);
                Ok(())
            }
            Err(error) => check_error(&error),
        });
        outcome.map_err(|problem| {
            if !failed.swap(true, Ordering::Relaxed) {
                let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz-first-failure.txt");
                let _ = std::fs::write(&path, &text);
                eprintln!("fuzz: first failure, before shrinking: {problem}\n  input saved to {}", path.display());
            }
            let excerpt: String = text.chars().take(4_000).collect();
            TestCaseError::fail(format!("{problem}\nbase: {}\ninput:\n{excerpt}", bases[base].0))
        })
    });
    println!(
        "fuzz: ran {} inputs ({} generated a crate) in {:.1?}",
        ran.load(Ordering::Relaxed),
        ok.load(Ordering::Relaxed),
        started.elapsed()
    );
    match result {
        Ok(()) => {}
        Err(TestError::Fail(reason, value)) => panic!("{reason}\nminimal case: {value:?}\nFUZZ_SEED={seed}"),
        Err(e) => panic!("{e}"),
    }
}

fn rand_seed() -> u64 {
    use std::hash::{BuildHasher, RandomState};
    RandomState::new().hash_one(Instant::now())
}
