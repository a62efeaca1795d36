//! The vendors' documented outputs (tests/fixtures/examples/*.json) decode into the generated
//! models with the documented values, and the models tolerate what real APIs send besides:
//! extra fields, new enum values, RFC 2822 dates and nulls.

use client_tests::fixture;
use serde_json::json;
use twilio_vobiz_credentials::models::{
    AccountsCredentialPublicKey, AccountsCredentialPublicKeyPage, NotifyCredential, NotifyCredentialPage,
    NotifyCredentialType, TrunkingCredentialList, TrunkingCredentialListPage, TwilioPageMeta, VobizCredential,
    VobizCredentialPage,
};
use twilio_vobiz_credentials::Timestamp;

const ACCOUNT: &str = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const TRUNK: &str = "TKaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const CREDENTIAL_LIST: &str = "CLaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const CREDENTIAL: &str = "CRaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

/// The fixture `name` decoded as the type the context asks for.
macro_rules! decode {
    ($name:expr) => {{
        let name = $name;
        serde_json::from_str(&fixture(name)).unwrap_or_else(|e| panic!("{name}.json does not decode: {e}"))
    }};
}

/// A timestamp that must equal `rfc3339`, checked against the Unix time computed independently.
fn assert_time(actual: Option<&Timestamp>, rfc3339: &str, unix: i64) {
    let actual = actual.unwrap_or_else(|| panic!("missing timestamp, expected {rfc3339}"));
    assert_eq!(actual.unix_seconds(), unix, "{rfc3339}");
    assert_eq!(*actual, rfc3339.parse::<Timestamp>().unwrap());
    assert_eq!(actual.to_string(), rfc3339);
}

fn check_accounts_key(key: &AccountsCredentialPublicKey, friendly_name: &str) {
    assert_eq!(key.sid.as_ref().unwrap().as_str(), CREDENTIAL);
    assert_eq!(key.account_sid.as_ref().unwrap().as_str(), ACCOUNT);
    assert_eq!(key.friendly_name.as_deref(), Some(friendly_name));
    assert_time(key.date_created.as_ref(), "2015-07-31T04:00:00Z", 1_438_315_200);
    assert_time(key.date_updated.as_ref(), "2015-07-31T04:00:00Z", 1_438_315_200);
    assert_eq!(
        key.url.as_deref(),
        Some("https://accounts.twilio.com/v1/Credentials/PublicKeys/CRaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
    );
}

fn check_notify_credential(credential: &NotifyCredential, kind: NotifyCredentialType, friendly_name: &str) {
    assert_eq!(credential.sid.as_ref().unwrap().as_str(), CREDENTIAL);
    assert_eq!(credential.account_sid.as_ref().unwrap().as_str(), ACCOUNT);
    assert_eq!(credential.friendly_name.as_deref(), Some(friendly_name));
    assert_eq!(credential.r#type, Some(kind));
    assert_eq!(credential.sandbox.as_deref(), Some("False"));
    assert_time(credential.date_created.as_ref(), "2015-10-07T17:50:01Z", 1_444_240_201);
    assert_time(credential.date_updated.as_ref(), "2015-10-07T17:50:01Z", 1_444_240_201);
    assert_eq!(
        credential.url.as_deref(),
        Some("https://notify.twilio.com/v1/Credentials/CRaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
    );
}

fn check_trunking_list(list: &TrunkingCredentialList, rfc3339: &str, unix: i64) {
    assert_eq!(list.account_sid.as_ref().unwrap().as_str(), ACCOUNT);
    assert_eq!(list.trunk_sid.as_ref().unwrap().as_str(), TRUNK);
    assert_eq!(list.sid.as_ref().unwrap().as_str(), CREDENTIAL_LIST);
    assert_eq!(list.friendly_name.as_deref(), Some("friendly_name"));
    assert_time(list.date_created.as_ref(), rfc3339, unix);
    assert_time(list.date_updated.as_ref(), rfc3339, unix);
    assert_eq!(
        list.url.as_deref(),
        Some(
            "https://trunking.twilio.com/v1/Trunks/TKaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/CredentialLists/\
             CLaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
        )
    );
}

/// First-page metadata of a Twilio list at `url` with the default page size.
fn check_first_page_meta(meta: &TwilioPageMeta, url: &str, key: &str) {
    assert_eq!(meta.page, Some(0));
    assert_eq!(meta.page_size, Some(50));
    assert_eq!(meta.key.as_deref(), Some(key));
    assert_eq!(meta.url.as_deref(), Some(url));
    assert_eq!(meta.first_page_url.as_deref(), Some(url));
    assert_eq!(meta.next_page_url, None);
    assert_eq!(meta.previous_page_url, None);
}

fn accounts_create() {
    check_accounts_key(&decode!("accounts_create"), "friendly_name");
}

fn accounts_fetch() {
    check_accounts_key(&decode!("accounts_fetch"), "friendly_name");
}

fn accounts_update() {
    check_accounts_key(&decode!("accounts_update"), "FriendlyName");
}

fn accounts_list() {
    let page: AccountsCredentialPublicKeyPage = decode!("accounts_list");
    assert!(page.credentials.is_empty());
    check_first_page_meta(
        &page.meta,
        "https://accounts.twilio.com/v1/Credentials/PublicKeys?PageSize=50&Page=0",
        "credentials",
    );
}

fn notify_create() {
    check_notify_credential(&decode!("notify_create"), NotifyCredentialType::Gcm, "Test slow create");
}

fn notify_fetch() {
    check_notify_credential(&decode!("notify_fetch"), NotifyCredentialType::Apn, "Test slow create");
}

fn notify_update() {
    check_notify_credential(&decode!("notify_update"), NotifyCredentialType::Apn, "FriendlyName");
}

fn notify_list() {
    let page: NotifyCredentialPage = decode!("notify_list");
    assert_eq!(page.credentials.len(), 1);
    check_notify_credential(&page.credentials[0], NotifyCredentialType::Apn, "Test slow create");
    check_first_page_meta(&page.meta, "https://notify.twilio.com/v1/Credentials?PageSize=50&Page=0", "credentials");
}

fn trunking_create() {
    check_trunking_list(&decode!("trunking_create"), "2018-05-02T17:29:30Z", 1_525_282_170);
}

fn trunking_list() {
    let page: TrunkingCredentialListPage = decode!("trunking_list");
    assert_eq!(page.credential_lists.len(), 1);
    check_trunking_list(&page.credential_lists[0], "2018-04-27T22:02:11Z", 1_524_866_531);
    check_first_page_meta(
        &page.meta,
        "https://trunking.twilio.com/v1/Trunks/TKaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/CredentialLists?PageSize=50&Page=0",
        "credential_lists",
    );
}

fn vobiz_list() {
    let page: VobizCredentialPage = decode!("vobiz_list");
    assert_eq!((page.meta.limit, page.meta.offset, page.meta.total_count), (Some(20), Some(0), Some(3)));
    assert_eq!(page.objects.len(), 3);
    let expected = [
        ("a1b2c3d4-e5f6-7890-abcd-ef1234567890", "trunk_user_001", true, "Primary trunk credential"),
        ("b2c3d4e5-f6a7-8901-bcde-f23456789012", "trunk_user_002", true, "Backup credential"),
        ("c3d4e5f6-a7b8-9012-cdef-345678901234", "trunk_user_003", false, "Disabled test credential"),
    ];
    for (object, (id, username, enabled, description)) in page.objects.iter().zip(expected) {
        assert_eq!(object.id, id);
        assert_eq!(object.username, username);
        assert_eq!(object.enabled, enabled, "{id}");
        assert_eq!(object.description.as_deref(), Some(description));
    }
    assert_time(Some(&page.objects[0].created_at), "2025-01-15T10:35:20Z", 1_736_937_320);
    assert_time(Some(&page.objects[1].updated_at), "2025-01-16T14:20:30Z", 1_737_037_230);
    assert_time(Some(&page.objects[2].created_at), "2025-01-17T09:15:45Z", 1_737_105_345);
    assert_time(Some(&page.objects[2].updated_at), "2025-01-20T16:30:00Z", 1_737_390_600);
}

/// The check for each fixture file, by file stem.
const CHECKS: &[(&str, fn())] = &[
    ("accounts_create", accounts_create),
    ("accounts_fetch", accounts_fetch),
    ("accounts_list", accounts_list),
    ("accounts_update", accounts_update),
    ("notify_create", notify_create),
    ("notify_fetch", notify_fetch),
    ("notify_list", notify_list),
    ("notify_update", notify_update),
    ("trunking_create", trunking_create),
    ("trunking_list", trunking_list),
    ("vobiz_list", vobiz_list),
];

#[test]
fn every_fixture_decodes_with_its_documented_values() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/examples");
    let mut stems: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .map(|path| path.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    stems.sort();
    let known: Vec<&str> = CHECKS.iter().map(|(stem, _)| *stem).collect();
    assert_eq!(stems, known, "every fixture needs a check, and every check a fixture");
    for (_, check) in CHECKS {
        check();
    }
}

/// Resources without nulls serialize back to the fixture's JSON.
#[test]
fn resources_serialize_back_to_the_fixture() {
    macro_rules! round_trip {
        ($ty:ty, $name:literal) => {{
            let original: serde_json::Value = serde_json::from_str(&fixture($name)).unwrap();
            let decoded: $ty = serde_json::from_value(original.clone()).unwrap();
            assert_eq!(serde_json::to_value(&decoded).unwrap(), original, $name);
        }};
    }
    round_trip!(AccountsCredentialPublicKey, "accounts_create");
    round_trip!(AccountsCredentialPublicKey, "accounts_update");
    round_trip!(NotifyCredential, "notify_create");
    round_trip!(NotifyCredential, "notify_fetch");
    round_trip!(TrunkingCredentialList, "trunking_create");
    round_trip!(VobizCredentialPage, "vobiz_list");
}

/// `fixture` with `extra` merged into the top-level object.
fn with_fields(name: &str, extra: serde_json::Value) -> serde_json::Value {
    let mut value: serde_json::Value = serde_json::from_str(&fixture(name)).unwrap();
    let object = value.as_object_mut().unwrap();
    for (key, field) in extra.as_object().unwrap() {
        object.insert(key.clone(), field.clone());
    }
    value
}

#[test]
fn unknown_fields_are_ignored() {
    let extra = json!({
        "links": {"credentials": "https://example.com"},
        "new_flag": true,
        "new_list": [1, 2, 3],
        "new_null": null,
    });
    let key: AccountsCredentialPublicKey =
        serde_json::from_value(with_fields("accounts_fetch", extra.clone())).unwrap();
    assert_eq!(key, decode!("accounts_fetch"));
    let credential: NotifyCredential = serde_json::from_value(with_fields("notify_fetch", extra.clone())).unwrap();
    assert_eq!(credential, decode!("notify_fetch"));
    let list: TrunkingCredentialList = serde_json::from_value(with_fields("trunking_create", extra.clone())).unwrap();
    assert_eq!(list, decode!("trunking_create"));
    let page: VobizCredentialPage = serde_json::from_value(with_fields("vobiz_list", extra.clone())).unwrap();
    assert_eq!(page, decode!("vobiz_list"));

    let mut meta = with_fields("notify_list", json!({}));
    meta["meta"]["total"] = json!(7);
    meta["meta"]["previous_page_token"] = json!("PT");
    let page: NotifyCredentialPage = serde_json::from_value(meta).unwrap();
    assert_eq!(page, decode!("notify_list"));

    let mut item = with_fields("vobiz_list", json!({}));
    item["objects"][0]["password_last_changed"] = json!("2025-01-15T10:35:20Z");
    let page: VobizCredentialPage = serde_json::from_value(item).unwrap();
    assert_eq!(page, decode!("vobiz_list"));
}

#[test]
fn an_unknown_enum_value_is_kept_as_unknown() {
    let credential: NotifyCredential =
        serde_json::from_value(with_fields("notify_fetch", json!({"type": "hms"}))).unwrap();
    match &credential.r#type {
        Some(NotifyCredentialType::Unknown(value)) => assert_eq!(value.as_str(), "hms"),
        other => panic!("expected Unknown(\"hms\"), got {other:?}"),
    }
    assert_eq!(serde_json::to_value(&credential).unwrap()["type"], "hms");

    for (text, known) in
        [("gcm", NotifyCredentialType::Gcm), ("apn", NotifyCredentialType::Apn), ("fcm", NotifyCredentialType::Fcm)]
    {
        let decoded: NotifyCredentialType = serde_json::from_value(json!(text)).unwrap();
        assert_eq!(decoded, known);
        assert_eq!(decoded.as_str(), text);
        assert_eq!(serde_json::to_value(&decoded).unwrap(), json!(text));
    }
    // Matching is exact: a differently cased value is not a known one.
    let upper: NotifyCredentialType = serde_json::from_value(json!("APN")).unwrap();
    assert!(matches!(&upper, NotifyCredentialType::Unknown(value) if value.as_str() == "APN"), "{upper:?}");
    assert_eq!(upper.as_str(), "APN");
}

#[test]
fn rfc_2822_dates_decode_equal_to_rfc_3339() {
    let rfc2822 = with_fields(
        "accounts_fetch",
        json!({"date_created": "Fri, 31 Jul 2015 04:00:00 +0000", "date_updated": "Fri, 31 Jul 2015 06:00:00 +0200"}),
    );
    let key: AccountsCredentialPublicKey = serde_json::from_value(rfc2822).unwrap();
    let expected: AccountsCredentialPublicKey = decode!("accounts_fetch");
    assert_eq!(key.date_created, expected.date_created);
    assert_eq!(key.date_updated, expected.date_updated);
    assert_eq!(key.date_updated.unwrap().unix_seconds(), 1_438_315_200);

    let gmt = with_fields("notify_fetch", json!({"date_created": "Wed, 07 Oct 2015 17:50:01 GMT"}));
    let credential: NotifyCredential = serde_json::from_value(gmt).unwrap();
    assert_eq!(credential.date_created.unwrap().unix_seconds(), 1_444_240_201);
}

#[test]
fn a_date_in_neither_format_is_a_decode_error() {
    for bad in ["yesterday", "2015-07-31", "1438315200", "2015-07-31 04:00:00"] {
        let value = with_fields("accounts_fetch", json!({ "date_created": bad }));
        assert!(serde_json::from_value::<AccountsCredentialPublicKey>(value).is_err(), "{bad} decoded");
    }
}

#[test]
fn null_twilio_properties_decode_to_none() {
    let null_key = json!({
        "sid": null, "account_sid": null, "friendly_name": null,
        "date_created": null, "date_updated": null, "url": null,
    });
    assert_eq!(
        serde_json::from_value::<AccountsCredentialPublicKey>(null_key).unwrap(),
        AccountsCredentialPublicKey::default()
    );

    let null_credential = json!({
        "sid": null, "account_sid": null, "friendly_name": null, "type": null, "sandbox": null,
        "date_created": null, "date_updated": null, "url": null,
    });
    assert_eq!(serde_json::from_value::<NotifyCredential>(null_credential).unwrap(), NotifyCredential::default());

    let null_list = json!({
        "account_sid": null, "sid": null, "trunk_sid": null, "friendly_name": null,
        "date_created": null, "date_updated": null, "url": null,
    });
    assert_eq!(serde_json::from_value::<TrunkingCredentialList>(null_list).unwrap(), TrunkingCredentialList::default());

    let null_meta = json!({
        "first_page_url": null, "key": null, "next_page_url": null, "page": null,
        "page_size": null, "previous_page_url": null, "url": null,
    });
    assert_eq!(serde_json::from_value::<TwilioPageMeta>(null_meta).unwrap(), TwilioPageMeta::default());

    // Absent properties are the same as nulls.
    assert_eq!(serde_json::from_str::<NotifyCredential>("{}").unwrap(), NotifyCredential::default());
}

#[test]
fn vobiz_required_fields_are_required() {
    let full: serde_json::Value = serde_json::from_str(&fixture("vobiz_list")).unwrap();
    let one = full["objects"][0].clone();
    assert!(serde_json::from_value::<VobizCredential>(one.clone()).is_ok());
    for field in ["id", "username", "enabled", "created_at", "updated_at"] {
        let mut missing = one.clone();
        missing.as_object_mut().unwrap().remove(field);
        assert!(serde_json::from_value::<VobizCredential>(missing).is_err(), "decoded without {field}");
    }
    let mut no_description = one.clone();
    no_description["description"] = serde_json::Value::Null;
    assert_eq!(serde_json::from_value::<VobizCredential>(no_description).unwrap().description, None);
    for field in ["meta", "objects"] {
        let mut missing = full.clone();
        missing.as_object_mut().unwrap().remove(field);
        assert!(serde_json::from_value::<VobizCredentialPage>(missing).is_err(), "page decoded without {field}");
    }
}

#[test]
fn a_sid_with_the_wrong_prefix_fails_the_resource() {
    let value = with_fields("notify_fetch", json!({"sid": "CLaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}));
    let error = serde_json::from_value::<NotifyCredential>(value).unwrap_err().to_string();
    assert!(error.contains("CredentialSid"), "{error}");
}

#[test]
fn vobiz_total_decodes_under_its_newer_name_too() {
    let mut page: serde_json::Value = serde_json::from_str(&fixture("vobiz_list")).unwrap();
    let meta = page["meta"].as_object_mut().unwrap();
    let total = meta.remove("total_count").unwrap();
    meta.insert("total".to_owned(), total);
    let page: VobizCredentialPage = serde_json::from_value(page).unwrap();
    assert_eq!(page.meta.total_count, Some(3));
}
