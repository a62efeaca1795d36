//! Twilio's published specs, read from `../shared/twilio-oai` (see `common/corpus.rs`): every one generates with
//! nothing skipped (as `--strict` demands) under a package name of its own, and every generated crate compiles
//! with `-D warnings`, missing docs included.

use std::path::Path;
use std::time::{Duration, Instant};

#[path = "common/corpus.rs"]
mod corpus;
#[path = "common/scratch.rs"]
mod scratch;

fn name(spec: &Path) -> String {
    spec.file_stem().unwrap().to_string_lossy().into_owned()
}

/// The outcome per spec, as a table: operations and types generated, and what was skipped (nothing).
#[test]
fn every_real_spec_generates_with_nothing_skipped() {
    let Some(specs) = corpus::twilio_specs("every_real_spec_generates_with_nothing_skipped") else { return };
    assert_eq!(specs.len(), 27, "expected Twilio's 27 specs");
    let mut table =
        String::from("spec | operations | types | skipped | SID path parameters typed | SID values typed | lists\n");
    let mut skipped = Vec::new();
    let mut packages = std::collections::BTreeMap::new();
    for spec in specs {
        let text = std::fs::read_to_string(&spec).unwrap();
        let start = Instant::now();
        let api = generator::ir_of(&text, &name(&spec)).unwrap_or_else(|e| panic!("{} is refused: {e}", name(&spec)));
        generator::emit::crate_files(&api).unwrap_or_else(|e| panic!("{}: emit failed: {e}", name(&spec)));
        assert!(start.elapsed() < Duration::from_secs(20), "{} took {:?}", name(&spec), start.elapsed());
        if let Some(other) = packages.insert(api.crate_name.clone(), name(&spec)) {
            panic!("{} and {other} are both the package {}", name(&spec), api.crate_name);
        }
        let operations: usize = api.modules.iter().map(|m| m.operations.len()).sum();
        let (path_ids, values) = (sid_counts(&api, true), sid_counts(&api, false));
        let lists = api.modules.iter().flat_map(|m| &m.operations).filter(|o| o.pagination.is_some()).count();
        table.push_str(&format!(
            "{} | {operations} | {} | {} | {}/{} | {}/{} | {lists}\n",
            name(&spec),
            api.types.len(),
            api.skipped.len(),
            path_ids.0,
            path_ids.1,
            values.0,
            values.1
        ));
        skipped.extend(generator::warnings(&api, &name(&spec)).into_iter().map(|w| w.to_string()));
    }
    assert!(skipped.is_empty(), "parts of Twilio's specs are skipped:\n{}", skipped.join("\n"));
    insta::assert_snapshot!("real_specs", table);
}

/// Of the SID-shaped values (a pattern of a literal prefix and a counted class), how many are typed: path
/// parameters only, or every parameter and struct field.
fn sid_counts(api: &generator::ir::Api, path_only: bool) -> (usize, usize) {
    use generator::ir::{Matcher, PatternPiece, TypeKind, TypeRef};
    let sid = |pattern: &str| {
        let Ok(Matcher::Pieces(pieces)) = generator::lower::pattern::compile(pattern, "") else { return false };
        matches!(
            pieces.as_slice(),
            [PatternPiece::Literal(_) | PatternPiece::Literals(_), PatternPiece::Class { min, max: Some(max), .. }]
                if min == max
        )
    };
    let named_sid = |ty: &TypeRef| {
        let inner = match ty {
            TypeRef::Array(item) => item.as_ref(),
            other => other,
        };
        matches!(inner, TypeRef::Named(n) if api.types.iter().any(|t| &t.name == n
            && matches!(&t.kind, TypeKind::Pattern(p) if sid(&p.pattern))))
    };
    let mut values: Vec<(&TypeRef, Option<&String>)> = Vec::new();
    for op in api.modules.iter().flat_map(|m| &m.operations) {
        values.extend(op.path_params.iter().map(|p| (&p.ty, p.pattern.as_ref())));
        if !path_only {
            values.extend(op.params.fields.iter().map(|p| (&p.ty, p.pattern.as_ref())));
        }
    }
    if !path_only {
        for t in &api.types {
            if let TypeKind::Struct(s) = &t.kind {
                values.extend(s.fields.iter().map(|f| (&f.ty, f.pattern.as_ref())));
            }
        }
    }
    let typed = values.iter().filter(|(ty, _)| named_sid(ty)).count();
    let untyped = values.iter().filter(|(ty, pattern)| !named_sid(ty) && pattern.is_some_and(|p| sid(p))).count();
    (typed, typed + untyped)
}

/// Generates every spec into one scratch workspace under `target/` and runs `cargo check` with `-D warnings`.
#[test]
#[ignore = "builds 27 crates (about a minute warm); CI runs it with --include-ignored"]
fn generated_real_specs_compile_without_warnings() {
    let Some(specs) = corpus::twilio_specs("generated_real_specs_compile_without_warnings") else { return };
    let crates: Vec<(String, generator::Files)> = specs
        .iter()
        .map(|spec| {
            let text = std::fs::read_to_string(spec).unwrap();
            let files = scratch::generate(&text, &name(spec)).unwrap_or_else(|e| panic!("{}: {e}", name(spec)));
            (name(spec).replace('_', "-"), files)
        })
        .collect();
    let generated: Vec<String> = crates.iter().map(|(package, _)| package.clone()).collect();
    let work = scratch::workspace("real-specs", crates);
    let output = scratch::cargo(&work, &["check", "--workspace", "--quiet"]);
    assert!(
        output.status.success(),
        "generated crates for {generated:?} do not compile without warnings:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(generated.len(), specs.len());
}
