//! Turns a curated OpenAPI 3.0 document into a typed Rust client crate.
//!
//! The pipeline runs one way: [`load`] the text, [`lower`] it into the [`ir`], [`emit`] tokens, format them,
//! and hand back every file of the crate in memory. Writing to disk is the binary's job ([`mod@write`]).

pub mod diff;
pub mod emit;
pub mod error;
pub mod ir;
pub mod load;
pub mod lower;
pub mod surface;
pub mod write;

pub use error::Error;
pub use ir::Files;

/// Generates the client crate for the document `text`. `file` names the document in error messages.
pub fn generate(text: &str, file: &str) -> Result<Files, Error> {
    let api = ir_of(text, file)?;
    emit::crate_files(&api).map_err(|e| e.in_file(file))
}

/// What the crate for `api` leaves out, as located warnings naming `file`.
pub fn warnings(api: &ir::Api, file: &str) -> Vec<Error> {
    api.skipped
        .iter()
        .map(|s| Error {
            file: Some(file.to_owned()),
            location: s.location.clone(),
            message: format!("{} is not generated: {}", s.what, s.message),
            help: s.help.clone(),
        })
        .collect()
}

/// Loads and lowers a document into the IR.
pub fn ir_of(text: &str, file: &str) -> Result<ir::Api, Error> {
    let document = load::load(text).map_err(|e| e.in_file(file))?;
    lower::lower(&document).map_err(|e| e.in_file(file))
}
