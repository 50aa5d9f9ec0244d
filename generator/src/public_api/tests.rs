//! Small crates written out as text, one rule each.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::*;

fn api(files: &[(&str, &str)]) -> PublicApi {
    public_api(files).unwrap_or_else(|error| panic!("{error}"))
}

fn lib(text: &str) -> PublicApi {
    api(&[("src/lib.rs", text)])
}

fn compare(old: &str, new: &str) -> RustReport {
    diff(&lib(old), &lib(new))
}

fn only(report: &RustReport) -> &RustChange {
    assert_eq!(report.changes.len(), 1, "{:#?}", report.changes);
    &report.changes[0]
}

fn signature<'a>(api: &'a PublicApi, key: &str) -> &'a str {
    match api.get(key) {
        Some(item) => &item.signature,
        None => panic!("no `{key}` in {:#?}", api.items.keys().collect::<Vec<_>>()),
    }
}

const DEVICE: &str = r#"
pub mod models {
    /// A device.
    #[derive(Debug, Clone, Default)]
    pub struct Device {
        /// Its name.
        #[serde(default)]
        pub name: Option<String>,
    }
    impl Device {
        /// Make one.
        pub fn new(name: &str) -> Self {
            Self { name: Some(name.into()) }
        }
        pub fn rename(&mut self, name: &str) {}
        fn private(&self) {}
        pub(crate) fn internal(&self) {}
    }
}
"#;

#[test]
fn keys_follow_the_public_paths() {
    let api = lib(DEVICE);
    let keys: Vec<&str> = api.items.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "impl Clone for crate::models::Device",
            "impl Debug for crate::models::Device",
            "impl Default for crate::models::Device",
            "models",
            "models::Device",
            "models::Device::name",
            "models::Device::new",
            "models::Device::rename",
        ]
    );
    assert_eq!(
        signature(&api, "models::Device"),
        "pub struct Device { .. }"
    );
    assert_eq!(
        signature(&api, "models::Device::name"),
        "pub name: Option<String>"
    );
    assert_eq!(
        signature(&api, "models::Device::new"),
        "pub fn new(name: &str) -> Self"
    );
    let parent = api.get("models::Device::name").unwrap().parent.as_deref();
    assert_eq!(parent, Some("models::Device"));
}

#[test]
fn a_removed_method_breaks() {
    let new = DEVICE.replace("pub fn rename(&mut self, name: &str) {}", "");
    let report = compare(DEVICE, &new);
    let change = only(&report);
    assert_eq!(change.item, "models::Device::rename");
    assert_eq!(change.kind, Kind::Method);
    assert_eq!(change.change, Delta::Removed);
    assert_eq!(change.impact, Impact::Breaking);
    assert_eq!(report.bump, Bump::Major);
}

#[test]
fn a_new_argument_breaks_callers() {
    let new = DEVICE.replace(
        "pub fn new(name: &str) -> Self",
        "pub fn new(name: &str, id: u32) -> Self",
    );
    let report = compare(DEVICE, &new);
    let change = only(&report);
    assert_eq!(change.item, "models::Device::new");
    assert_eq!(change.impact, Impact::Breaking);
    assert_eq!(
        change.change,
        Delta::Changed {
            old: "pub fn new(name: &str) -> Self".into(),
            new: "pub fn new(name: &str, id: u32) -> Self".into(),
        }
    );
    assert!(
        change.note.contains("models::Device::new(…)"),
        "{}",
        change.note
    );
}

#[test]
fn renaming_an_argument_or_reformatting_is_no_change() {
    let new = DEVICE
        .replace(
            "pub fn new(name: &str) -> Self",
            "pub fn new(\n  mut label: &str,\n) -> Self",
        )
        .replace(
            "Option<String>",
            "::std::option::Option<::std::string::String>",
        )
        .replace("/// Its name.", "/// What it is called.");
    assert_eq!(compare(DEVICE, &new).changes, []);
    assert_eq!(compare(DEVICE, &new).bump, Bump::None);
}

#[test]
fn a_field_on_an_exhaustive_struct_breaks_literals() {
    let new = DEVICE.replace(
        "pub name: Option<String>,",
        "pub name: Option<String>,\n pub id: u32,",
    );
    let report = compare(DEVICE, &new);
    let change = only(&report);
    assert_eq!(change.item, "models::Device::id");
    assert_eq!(change.change, Delta::Added);
    assert_eq!(change.impact, Impact::Breaking);
    assert!(change.note.contains("struct literals"), "{}", change.note);

    // Not when the struct is `#[non_exhaustive]`, or already has a private field.
    let sealed = DEVICE.replace("pub struct Device", "#[non_exhaustive] pub struct Device");
    let added = sealed.replace(
        "pub name: Option<String>,",
        "pub name: Option<String>,\n pub id: u32,",
    );
    assert_eq!(only(&compare(&sealed, &added)).impact, Impact::Additive);
    let private = DEVICE.replace(
        "pub name: Option<String>,",
        "pub name: Option<String>,\n secret: u8,",
    );
    let added = private.replace("secret: u8,", "secret: u8,\n pub id: u32,");
    assert_eq!(only(&compare(&private, &added)).impact, Impact::Additive);
    assert_eq!(compare(&private, &added).bump, Bump::Minor);
}

#[test]
fn a_changed_field_type_breaks() {
    let new = DEVICE.replace("pub name: Option<String>,", "pub name: String,");
    let change = only(&compare(DEVICE, &new)).clone();
    assert_eq!(change.impact, Impact::Breaking);
    assert_eq!(
        change.change,
        Delta::Changed {
            old: "pub name: Option<String>".into(),
            new: "pub name: String".into(),
        }
    );
}

const KIND: &str = r#"
pub enum Kind { Car(Car), Bike { wheels: u8 } }
pub struct Car;
"#;

#[test]
fn a_variant_on_an_exhaustive_enum_breaks_matches() {
    let new = KIND.replace("Bike { wheels: u8 }", "Bike { wheels: u8 }, Boat");
    let report = compare(KIND, &new);
    let change = only(&report);
    assert_eq!(change.item, "Kind::Boat");
    assert_eq!(change.kind, Kind::Variant);
    assert_eq!(change.impact, Impact::Breaking);
    assert!(
        change.note.contains("exhaustive `match`"),
        "{}",
        change.note
    );
    assert_eq!(signature(&lib(KIND), "Kind::Bike"), "Bike { wheels: u8 }");
    assert_eq!(signature(&lib(KIND), "Kind::Car"), "Car(crate::Car)");

    let open = KIND.replace("pub enum Kind", "#[non_exhaustive]\npub enum Kind");
    let added = open.replace("Bike { wheels: u8 }", "Bike { wheels: u8 }, Boat");
    assert_eq!(only(&compare(&open, &added)).impact, Impact::Additive);

    // Becoming `#[non_exhaustive]` breaks those matches too.
    let change = only(&compare(KIND, &open)).clone();
    assert_eq!(change.item, "Kind");
    assert_eq!(change.impact, Impact::Breaking);
}

#[test]
fn an_added_method_is_additive() {
    let new = DEVICE.replace(
        "fn private(&self) {}",
        "fn private(&self) {}\n pub fn id(&self) -> u32 { 0 }",
    );
    let report = compare(DEVICE, &new);
    let change = only(&report);
    assert_eq!(change.item, "models::Device::id");
    assert_eq!(change.change, Delta::Added);
    assert_eq!(change.impact, Impact::Additive);
    assert_eq!(report.bump, Bump::Minor);
}

#[test]
fn a_new_type_is_one_addition() {
    let new = format!(
        "{DEVICE}\npub mod extra {{ #[derive(Clone)] pub struct Tag {{ pub a: u8 }} impl Tag {{ pub fn a(&self) {{}} }} }}"
    );
    let report = compare(DEVICE, &new);
    let change = only(&report);
    assert_eq!(change.item, "extra");
    assert_eq!(change.impact, Impact::Additive);
    // The struct, its field, its method and its derive.
    assert_eq!(change.note, "new module (and 4 entries of it)");
}

#[test]
fn private_modules_and_restricted_items_are_not_public() {
    let api = lib(r#"
        mod inner {
            pub struct Hidden;
            pub struct Shown;
            impl Shown { pub fn go(&self) {} }
        }
        pub mod open {
            pub(crate) struct Crate;
            pub(super) fn parent() {}
            struct Private;
            pub fn f() {}
        }
        pub use inner::Shown;
    "#);
    let keys: Vec<&str> = api.items.keys().map(String::as_str).collect();
    assert_eq!(keys, ["Shown", "Shown::go", "open", "open::f"]);
    assert_eq!(api.get("Shown").unwrap().kind, Kind::Struct);
}

#[test]
fn re_exports_are_entries() {
    let old = r#"
        pub use ::reqwest;
        pub use runtime::{Call, Secret as Token};
        #[doc(hidden)]
        pub use ::client_runtime as runtime;
        pub mod models { pub struct A; }
        pub use models::A as B;
    "#;
    let api = lib(old);
    assert_eq!(signature(&api, "reqwest"), "pub use reqwest");
    assert_eq!(signature(&api, "Call"), "pub use client_runtime::Call");
    assert_eq!(
        signature(&api, "Token"),
        "pub use client_runtime::Secret as Token"
    );
    assert_eq!(signature(&api, "B"), "pub use crate::models::A as B");
    assert!(api.get("runtime").unwrap().hidden);
    assert_eq!(api.get("Call").unwrap().kind, Kind::Use);

    let new = old.replace("{Call, Secret as Token}", "{Call}");
    let change = only(&compare(old, &new)).clone();
    assert_eq!(
        (change.item.as_str(), change.impact),
        ("Token", Impact::Breaking)
    );
    assert_eq!(change.kind, Kind::Use);
}

#[test]
fn an_item_re_exported_from_a_private_module_is_keyed_where_users_see_it() {
    let api = api(&[
        (
            "src/lib.rs",
            "#[doc(hidden)] pub mod runtime;\npub use runtime::Call;\npub type Error<E> = crate::runtime::Error<E>;",
        ),
        (
            "src/runtime/mod.rs",
            "mod call;\nmod error;\npub use call::Call;\npub use error::Error;",
        ),
        (
            "src/runtime/call.rs",
            "pub struct Call<'a> { x: &'a str }\nimpl Call<'_> { pub fn go(self) -> crate::runtime::Error<u8> { todo!() } }",
        ),
        (
            "src/runtime/error.rs",
            "pub enum Error<E> { Api(E) }\npub fn helper() {}",
        ),
    ]);
    let call = api.get("Call").unwrap();
    assert_eq!((call.kind, call.hidden), (Kind::Struct, false));
    assert_eq!(
        signature(&api, "Call::go"),
        "pub fn go(self) -> crate::runtime::Error<u8>"
    );
    // The other path to it is a re-export, hidden as its module is.
    let other = api.get("runtime::Call").unwrap();
    assert_eq!((other.kind, other.hidden), (Kind::Use, true));
    assert_eq!(other.signature, "pub use crate::Call");
    // `Error` is in a hidden module, but the public alias shows it: its variants count.
    assert!(!api.get("runtime::Error").unwrap().hidden);
    assert!(!api.get("runtime::Error::Api").unwrap().hidden);
    // A `pub fn` of a private module that nothing re-exports is not public.
    assert!(api.get("runtime::helper").is_none());
}

#[test]
fn modules_are_read_from_their_files() {
    let files = [
        (
            "src/lib.rs",
            "pub mod a;\npub mod b;\nmod tests_only;\n#[cfg(test)] mod tests;",
        ),
        ("src/a.rs", "pub mod inner;\npub fn f() {}"),
        ("src/a/inner.rs", "pub const X: u8 = 1;"),
        ("src/b/mod.rs", "pub mod c { pub mod d; }"),
        ("src/b/c/d.rs", "pub static Y: &str = \"y\";"),
        ("src/tests_only.rs", ""),
    ];
    let api = api(&files);
    assert_eq!(signature(&api, "a::f"), "pub fn f()");
    assert_eq!(signature(&api, "a::inner::X"), "pub const X: u8");
    assert_eq!(api.get("a::inner::X").unwrap().value.as_deref(), Some("1"));
    assert_eq!(signature(&api, "b::c::d::Y"), "pub static Y: &str");

    let missing = public_api(&files[..2]).unwrap_err();
    assert!(missing.contains("src/a/inner.rs"), "{missing}");
    let broken = public_api(&[("src/lib.rs", "pub fn f( {")]).unwrap_err();
    assert!(broken.starts_with("src/lib.rs: "), "{broken}");
    assert!(public_api(&[("src/main.rs", "")]).is_err());
}

#[test]
fn cfg_feature_items_are_marked() {
    let old = r#"
        #[cfg(feature = "mock")]
        pub mod mock {
            pub struct MockServer;
            impl MockServer { pub fn start() -> Self { Self } }
        }
        #[cfg(test)]
        pub fn only_in_tests() {}
    "#;
    let api = lib(old);
    let start = api.get("mock::MockServer::start").unwrap();
    assert_eq!(start.cfg, ["feature = \"mock\""]);
    assert_eq!(start.features(), ["mock"]);
    assert!(
        start
            .display()
            .starts_with("#[cfg(feature = \"mock\")] pub fn start()")
    );
    assert!(api.get("only_in_tests").is_none());

    // Moving it behind another feature breaks builds without that one.
    let new = old.replace("feature = \"mock\"", "feature = \"mocks\"");
    let report = compare(old, &new);
    assert!(report.changes.iter().all(|c| c.impact == Impact::Breaking));
    let ungated = old.replace("#[cfg(feature = \"mock\")]", "");
    let report = compare(old, &ungated);
    assert!(report.changes.iter().all(|c| c.impact == Impact::Additive));
    assert!(!report.changes.is_empty());
    // Compiled with another feature too: every build that had it still has it.
    let widened = old.replace(
        "feature = \"mock\"",
        "any(feature = \"mock\", feature = \"mocks\")",
    );
    let report = compare(old, &widened);
    assert!(report.changes.iter().all(|c| c.impact == Impact::Additive));
    let start_line = |report: &RustReport| {
        report
            .changes
            .iter()
            .find(|c| c.item == "mock::MockServer::start")
            .map(RustChange::line)
            .unwrap()
    };
    // Only the attribute changed: the line shows it, not the signature twice.
    assert_eq!(
        start_line(&report),
        "`mock::MockServer::start` (method): `#[cfg(feature = \"mock\")]` → \
         `#[cfg(any(feature = \"mock\", feature = \"mocks\"))]`: compiled with the feature \
         `mocks` too, and wherever it was."
    );
    let line = start_line(&compare(old, &ungated));
    assert!(
        line.contains("`#[cfg(feature = \"mock\")]` → no attribute: needs fewer `cfg`s"),
        "{line}"
    );
    let report = compare(&widened, old);
    assert!(report.changes.iter().all(|c| c.impact == Impact::Breaking));
    assert!(!report.changes.is_empty());
}

#[test]
fn a_removed_trait_impl_breaks() {
    let new = DEVICE.replace(
        "#[derive(Debug, Clone, Default)]",
        "#[derive(Debug, Clone)]",
    );
    let report = compare(DEVICE, &new);
    let change = only(&report);
    assert_eq!(change.item, "impl Default for crate::models::Device");
    assert_eq!(change.kind, Kind::TraitImpl);
    assert_eq!(change.change, Delta::Removed);
    assert_eq!(change.impact, Impact::Breaking);

    // Written out instead of derived, it is the same impl; added, it is an addition.
    let written = new.replace(
        "impl Device {",
        "impl ::std::default::Default for Device { fn default() -> Self { todo!() } }\nimpl Device {",
    );
    assert_eq!(compare(DEVICE, &written).changes, []);
    let report = compare(&new, DEVICE);
    assert_eq!(only(&report).impact, Impact::Additive);
}

#[test]
fn methods_are_keyed_by_their_type_whichever_module_holds_the_impl() {
    let api = api(&[
        (
            "src/lib.rs",
            "pub mod operations;\npub mod mock;\nruntime::api_client!(API);",
        ),
        (
            "src/operations.rs",
            "use crate::runtime::*;\nimpl crate::Client { pub fn get_device(&self, id: &str) -> Call<'_, crate::models::Device> { todo!() } }",
        ),
        (
            "src/mock.rs",
            "runtime::mock_server!(API);\nimpl MockServer { pub fn get_device(&self) {} }",
        ),
    ]);
    assert_eq!(
        signature(&api, "Client::get_device"),
        "pub fn get_device(&self, id: &str) -> Call<'_, crate::models::Device>"
    );
    assert!(api.get("mock::MockServer::get_device").is_some());
    assert_eq!(api.get("api_client!(API)").unwrap().kind, Kind::MacroCall);
    assert!(api.get("mock::mock_server!(API)").is_some());
}

#[test]
fn trait_items_without_a_default_bind_implementations() {
    let old = "pub trait Hook { fn on_request(&self) {} }";
    let new = "pub trait Hook { fn on_request(&self) {} fn on_response(&self); }";
    let change = only(&compare(old, new)).clone();
    assert_eq!(change.item, "Hook::on_response");
    assert_eq!(change.impact, Impact::Breaking);
    let provided = "pub trait Hook { fn on_request(&self) {} fn on_response(&self) {} }";
    assert_eq!(only(&compare(old, provided)).impact, Impact::Additive);
}

#[test]
fn hidden_changes_stay_out_of_the_bump_and_values_are_behaviour() {
    let old = "#[doc(hidden)] pub fn internal(a: u8) {}\npub const URL: &str = \"a\";";
    let new = "#[doc(hidden)] pub fn internal(a: u16) {}\npub const URL: &str = \"b\";";
    let report = compare(old, new);
    let items: Vec<(&str, Impact, bool)> = report
        .changes
        .iter()
        .map(|c| (c.item.as_str(), c.impact, c.hidden))
        .collect();
    assert_eq!(
        items,
        [
            ("URL", Impact::Behaviour, false),
            ("internal", Impact::Breaking, true)
        ]
    );
    assert_eq!(report.bump, Bump::Patch);
    assert_eq!(report.bump_with(Bump::Minor), Bump::Minor);
}

#[test]
fn paths_are_spelled_from_the_crate_root() {
    let api = api(&[
        ("src/lib.rs", "pub mod models;\npub mod operations;"),
        (
            "src/models.rs",
            "use std::collections::BTreeMap;\npub struct A { pub b: Option<B>, pub m: BTreeMap<String, self::B> }\npub struct B;",
        ),
        (
            "src/operations.rs",
            "use super::models;\npub fn f(a: &models::A, b: crate::models::B) -> ::core::result::Result<(), ::serde_json::Value> { todo!() }",
        ),
    ]);
    assert_eq!(
        signature(&api, "models::A::b"),
        "pub b: Option<crate::models::B>"
    );
    assert_eq!(
        signature(&api, "models::A::m"),
        "pub m: std::collections::BTreeMap<String, crate::models::B>"
    );
    assert_eq!(
        signature(&api, "operations::f"),
        "pub fn f(a: &crate::models::A, b: crate::models::B) -> Result<(), serde_json::Value>"
    );
}

#[test]
fn markdown_groups_by_impact() {
    let new = DEVICE
        .replace(
            "pub fn rename(&mut self, name: &str) {}",
            "pub fn id(&self) {}",
        )
        .replace("pub fn new(name: &str)", "pub fn new(name: String)");
    let text = compare(DEVICE, &new).markdown();
    assert_eq!(
        text,
        "## Rust API changes\n\n\
         ### Breaking\n\n\
         - `models::Device::new` (method): `pub fn new(name: &str) -> Self` → \
         `pub fn new(name: String) -> Self`: calls of `models::Device::new(…)` written for the \
         old signature stop compiling.\n\
         - `models::Device::rename` (method) removed: uses of `models::Device::rename` stop \
         compiling.\n\n\
         ### Additions\n\n\
         - `models::Device::id` (method) added: new method.\n\n\
         Semver: **breaking**.\n"
    );
    assert_eq!(
        compare(DEVICE, DEVICE).markdown(),
        "## Rust API changes\n\nNo change to the public Rust API.\nSemver: **none**.\n"
    );
}
