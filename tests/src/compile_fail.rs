//! What the generated API refuses at compile time, pinned by the compiler's error code: IDs of the wrong type
//! or swapped, required values left out, struct literals of types that may grow. Each refused call has a
//! twin below that compiles, so the examples fail for the reason they name and no other.
//!
//! The calls that compile:
//!
//! ```no_run
//! use twilio_vobiz_credentials::models::NotifyCredentialType;
//! use twilio_vobiz_credentials::notify::ListCredentialParams;
//! use twilio_vobiz_credentials::sid::{CredentialListSid, TrunkSid};
//! use twilio_vobiz_credentials::Client;
//!
//! async fn calls(client: Client, trunk: TrunkSid, list: CredentialListSid) {
//!     let _ = client.trunking().trunk(&trunk).credential_list(&list).fetch().send().await;
//!     let _ = client.trunking().trunk(&trunk).credential_lists().create(list).send().await;
//!     let _ = client.notify().credentials().create(NotifyCredentialType::Fcm).send().await;
//!     let mut params = ListCredentialParams::new();
//!     params.page_size = Some(20);
//!     let _ = client.notify().credentials().list().with_params(params).send().await;
//! }
//! ```
//!
//! Swapped IDs: a Trunk's SID where a CredentialList's goes.
//!
//! ```compile_fail,E0308
//! use twilio_vobiz_credentials::sid::{CredentialListSid, TrunkSid};
//! use twilio_vobiz_credentials::Client;
//!
//! async fn calls(client: Client, trunk: TrunkSid, list: CredentialListSid) {
//!     let _ = client.trunking().trunk(&list).credential_list(&trunk).fetch().send().await;
//! }
//! ```
//!
//! A bare string where an ID goes.
//!
//! ```compile_fail,E0308
//! use twilio_vobiz_credentials::sid::CredentialListSid;
//! use twilio_vobiz_credentials::Client;
//!
//! async fn calls(client: Client, list: CredentialListSid) {
//!     let _ = client.trunking().trunk("TK00000000000000000000000000000000").credential_list(&list).fetch();
//! }
//! ```
//!
//! A required value left out: creating a Notify credential needs its type.
//!
//! ```compile_fail,E0061
//! use twilio_vobiz_credentials::Client;
//!
//! async fn calls(client: Client) {
//!     let _ = client.notify().credentials().create().send().await;
//! }
//! ```
//!
//! A struct literal of a params struct, which later versions may give new optional fields.
//!
//! ```compile_fail,E0639
//! use twilio_vobiz_credentials::notify::ListCredentialParams;
//!
//! let _ = ListCredentialParams { page_size: Some(20), page: None, page_token: None };
//! ```
//!
//! A struct literal of a model, for the same reason.
//!
//! ```compile_fail,E0639
//! use twilio_vobiz_credentials::models::VobizPageMeta;
//!
//! let _ = VobizPageMeta { limit: Some(20), offset: Some(0), total_count: Some(1) };
//! ```
