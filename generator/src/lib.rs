//! Turns an OpenAPI 3.0 or 3.1 document (one file or many) into a typed Rust client crate.
//!
//! The pipeline runs one way: [`load`] the text, [`lower`] it into the [`ir`], [`emit`] tokens, format them,
//! and hand back every file of the crate in memory. Writing to disk is the binary's job ([`mod@write`]).

pub mod diff;
pub mod emit;
pub mod error;
pub mod ir;
pub mod load;
pub mod lower;
pub mod overlay;
pub mod runtime;
pub mod surface;
pub mod write;

pub use error::Error;
pub use ir::Files;

/// What the command line decides about the generated crate, over what the spec says.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The crate's version, in place of the spec's `x-rust-crate-version` (checked like it).
    pub crate_version: Option<String>,
    /// The crate's package name, in place of the spec's `x-rust-crate` or the name of its file.
    pub crate_name: Option<String>,
    /// How the crate gets its runtime, in place of a dependency on `../runtime`.
    pub runtime: Option<ir::Runtime>,
    /// Overlays ([`mod@overlay`]: Overlay Specification 1.0.0) applied in order to the document before it is
    /// read: each its file name as given (for messages) and its text, YAML or JSON.
    pub overlays: Vec<(String, String)>,
}

/// Generates the client crate for the document `text`. `file` names the document in error messages.
pub fn generate(text: &str, file: &str) -> Result<Files, Error> {
    generate_with(text, file, &Options::default())
}

/// Generates the client crate for the document `text`, with `options` over what the spec says.
pub fn generate_with(text: &str, file: &str, options: &Options) -> Result<Files, Error> {
    let api = ir_with(text, file, options)?;
    emit::crate_files(&api).map_err(|e| e.in_file(file))
}

/// What the crate for `api` leaves out, then what it generates in a lesser form than the spec says, as located
/// warnings naming `file` (or the file of a multi-file spec the part is written in).
pub fn warnings(api: &ir::Api, file: &str) -> Vec<Error> {
    let warning = |s: &ir::Skipped, message: String| Error {
        file: Some(s.file.clone().unwrap_or_else(|| file.to_owned())),
        location: s.location.clone(),
        message,
        help: s.help.clone(),
    };
    let left_out = api.skipped.iter().map(|s| warning(s, format!("{} is not generated: {}", s.what, s.message)));
    let degraded = api.degraded.iter().map(|s| warning(s, format!("{}: {}", s.what, s.message)));
    left_out.chain(degraded).collect()
}

/// Loads and lowers a document into the IR.
pub fn ir_of(text: &str, file: &str) -> Result<ir::Api, Error> {
    ir_with(text, file, &Options::default())
}

/// Loads and lowers a document into the IR, with `options` over what the spec says. The warnings of
/// `options.overlays` are dropped: [`overlaid_ir`] returns them.
pub fn ir_with(text: &str, file: &str, options: &Options) -> Result<ir::Api, Error> {
    overlaid_ir(text, file, options).map(|(api, _)| api)
}

/// Loads a document (and the files it refers to, relative to `file`), applies `options.overlays` to it in
/// order, and lowers the result into the IR: the IR, and the warnings of loading it (overlay actions that
/// change nothing, each naming its overlay file; parts read as less than they say, such as an integer bound no
/// `i64` holds). Errors and warnings name the file the part is written in: an overlay, another file of a
/// multi-file spec, else `file`.
pub fn overlaid_ir(text: &str, file: &str, options: &Options) -> Result<(ir::Api, Vec<Error>), Error> {
    let (document, warnings) =
        load::load_with_overlays(text, file, &options.overlays).map_err(|e| e.in_file_unless_named(file))?;
    let warnings: Vec<Error> = warnings.into_iter().map(|w| w.in_file_unless_named(file)).collect();
    let overlays: Vec<String> = options.overlays.iter().map(|(name, _)| name.clone()).collect();
    let source = lower::Source { file, overlays: &overlays };
    let mut api =
        lower::lower(&document, &source).map_err(|e| document.origins.locate(e).in_file_unless_named(file))?;
    for skipped in api.skipped.iter_mut().chain(&mut api.degraded) {
        let located = document.origins.locate(Error::at(std::mem::take(&mut skipped.location), ""));
        (skipped.file, skipped.location) = (located.file, located.location);
    }
    if let Some(name) = &options.crate_name {
        if let Some(problem) = lower::names::package_problem(name) {
            return Err(Error::at("", format!("--crate-name {name:?} is not a valid package name: {problem}")));
        }
        api.crate_name = name.clone();
    }
    if let Some(version) = &options.crate_version {
        api.crate_version = lower::crate_version(version)
            .map_err(|problem| Error::at("", format!("--crate-version: {problem}")).in_file(file))?;
    }
    if let Some(runtime) = &options.runtime {
        api.runtime = runtime.clone();
    }
    Ok((api, warnings))
}
