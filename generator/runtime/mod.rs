//! Hand-written support code shared by every generated client: encoding, validation, transport, errors.

pub mod auth;
pub mod date;
pub mod encode;
pub mod error;
#[cfg(test)]
mod loopback;
pub mod oauth;
pub mod paginate;
pub mod pattern;
pub mod redirect;
pub mod request;
pub mod secret;
pub mod timestamp;
pub mod transport;
pub mod union;
pub mod unknown;
