//! `public_api` over the checked-in crates: `generated-client/` and the features client (whose
//! `src/runtime/` is the vendored runtime) read, known items found, and each crate compared with
//! itself and with an edited copy.

// Helpers outside `#[test]` functions fail the test by panicking, as tests do.
#![allow(clippy::panic, clippy::expect_used, clippy::unwrap_used)]

use std::fs;
use std::path::{Path, PathBuf};

use generator::diff::{Bump, Impact};
use generator::public_api::{self, Delta, Kind, PublicApi};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the generator crate is in the workspace")
        .to_path_buf()
}

/// Every `.rs` file under `root/src`, as (`src/…` path, text), sorted.
fn sources(root: &Path) -> Vec<(String, String)> {
    let mut files = Vec::new();
    let mut folders = vec![root.join("src")];
    while let Some(folder) = folders.pop() {
        for entry in fs::read_dir(&folder).unwrap_or_else(|e| panic!("{}: {e}", folder.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                let relative = path.strip_prefix(root).unwrap();
                let relative = relative.to_string_lossy().replace('\\', "/");
                files.push((relative, fs::read_to_string(&path).unwrap()));
            }
        }
    }
    files.sort();
    files
}

fn api_of(files: &[(String, String)]) -> PublicApi {
    let pairs: Vec<(&str, &str)> = files
        .iter()
        .map(|(path, text)| (path.as_str(), text.as_str()))
        .collect();
    public_api::public_api(&pairs).unwrap_or_else(|error| panic!("{error}"))
}

fn kind(api: &PublicApi, key: &str) -> Kind {
    match api.get(key) {
        Some(item) => item.kind,
        None => panic!("no `{key}`"),
    }
}

#[test]
fn generated_client() {
    let files = sources(&workspace().join("generated-client"));
    let api = api_of(&files);
    assert_eq!(kind(&api, "Client::get_device"), Kind::Method);
    assert_eq!(
        api.get("Client::get_device").unwrap().signature,
        "pub fn get_device(&self, device_id: &str) -> crate::Call<'_, crate::models::DeviceInfo, \
         crate::models::ErrorBody>"
    );
    assert_eq!(kind(&api, "models::DeviceInfo::new"), Kind::Method);
    assert_eq!(kind(&api, "models::DeviceInfo::id"), Kind::Field);
    assert_eq!(
        kind(&api, "impl Clone for crate::models::DeviceInfo"),
        Kind::TraitImpl
    );
    assert_eq!(kind(&api, "security::ACCESS_TOKEN"), Kind::Const);
    assert_eq!(kind(&api, "Secret"), Kind::Use);
    assert_eq!(kind(&api, "api_client!(API)"), Kind::MacroCall);
    let mock = api.get("mock::MockServer::get_device").unwrap();
    assert_eq!(mock.features(), ["mock", "devices"]);

    let same = public_api::diff(&api, &api);
    assert_eq!((same.changes.len(), same.bump), (0, Bump::None));

    // A field on a model every field of which is public breaks struct literals.
    let edited: Vec<(String, String)> = files
        .iter()
        .map(|(path, text)| {
            let text = if path == "src/models.rs" {
                let edited = text.replacen(
                    "pub struct ApiUserToken {",
                    "pub struct ApiUserToken {\n    pub label: String,",
                    1,
                );
                assert_ne!(&edited, text);
                edited
            } else {
                text.clone()
            };
            (path.clone(), text)
        })
        .collect();
    let report = public_api::diff(&api, &api_of(&edited));
    assert_eq!(report.changes.len(), 1, "{:#?}", report.changes);
    let change = &report.changes[0];
    assert_eq!(change.item, "models::ApiUserToken::label");
    assert_eq!(
        (change.change.clone(), change.impact),
        (Delta::Added, Impact::Breaking)
    );
    assert_eq!(report.bump, Bump::Major);
}

#[test]
fn features_client_and_its_vendored_runtime() {
    let files = sources(&workspace().join("generator/tests/clients/features"));
    assert!(
        files
            .iter()
            .any(|(path, _)| path == "src/runtime/client.rs")
    );
    let api = api_of(&files);
    assert_eq!(kind(&api, "Client::get_pet"), Kind::Method);
    assert_eq!(kind(&api, "models::Account::new"), Kind::Method);
    // Runtime types re-exported at the root are keyed there, with their methods; the runtime
    // module itself is `#[doc(hidden)]`.
    let call = api.get("Call").unwrap();
    assert_eq!((call.kind, call.hidden), (Kind::Struct, false));
    assert_eq!(kind(&api, "Call::timeout"), Kind::Method);
    assert!(api.get("runtime::Client::base_url").unwrap().hidden);
    assert_eq!(kind(&api, "api_client!"), Kind::Macro);

    let same = public_api::diff(&api, &api);
    assert_eq!((same.changes.len(), same.bump), (0, Bump::None));
}
