//! `diff`: pairs of fixture specs (`NAME.old.yaml`, `NAME.new.yaml`), each covering a kind of
//! change, with the Markdown and JSON reports snapshotted; and the real seed against a variant.

// Helpers outside `#[test]` functions fail the test by panicking, as tests do.
#![allow(clippy::panic, clippy::expect_used, clippy::unwrap_used)]

use std::fs;
use std::path::Path;

use generator::diff::{self, Bump, Impact, Report};
use generator::ir::Api;
use generator::pipeline::{self, Input, OnSkip, Source};

fn api(name: &str, text: &str, overlay: Option<&str>) -> Api {
    let overlays: Vec<Source<'_>> = overlay
        .map(|text| Source {
            name: "overlay.yaml",
            text,
        })
        .into_iter()
        .collect();
    let input = Input {
        spec: Source { name, text },
        overlays: &overlays,
        on_skip: OnSkip::Warn,
    };
    match pipeline::run(&input) {
        Ok(output) => output.api,
        Err(diagnostics) => panic!("{name} does not generate: {diagnostics:#?}"),
    }
}

fn report(old: &Path) -> Report {
    let new = old.to_string_lossy().replace(".old.yaml", ".new.yaml");
    let old_text = fs::read_to_string(old).expect("old fixture");
    let new_text = fs::read_to_string(&new).expect("new fixture");
    diff::diff(
        &api("old.yaml", &old_text, None),
        &api("new.yaml", &new_text, None),
    )
}

#[test]
fn fixture_pairs() {
    insta::glob!("fixtures/diff/*.old.yaml", |path| {
        let report = report(path);
        insta::assert_snapshot!("markdown", report.markdown(Some("0.3.1")));
        insta::assert_json_snapshot!("json", report.json());
    });
}

fn has(report: &Report, impact: Impact, subject: &str, detail: &str) -> bool {
    report
        .changes
        .iter()
        .any(|c| c.impact == impact && c.subject == subject && c.detail.contains(detail))
}

#[test]
fn each_kind_of_change_is_classified() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diff");
    let ops = report(&dir.join("operations.old.yaml"));
    assert!(has(&ops, Impact::Breaking, "operation get_b", "removed"));
    assert!(has(&ops, Impact::Additive, "operation get_d", "added"));
    assert!(has(
        &ops,
        Impact::Behaviour,
        "operation get_c",
        "now sends POST"
    ));
    assert!(has(&ops, Impact::Behaviour, "api", "base URL"));
    assert_eq!(ops.bump, Bump::Major);

    // An operation's Cargo features: one gained is an addition, one lost breaks the builds
    // that turned on only that one; an operation whose tags stay has no change.
    let features = report(&dir.join("features.old.yaml"));
    assert!(has(
        &features,
        Impact::Breaking,
        "operation delete_pet",
        "no longer compiled with the feature `pets`"
    ));
    assert!(has(
        &features,
        Impact::Additive,
        "operation list_pets",
        "now compiled with the feature `stores` too"
    ));
    assert!(
        !features
            .changes
            .iter()
            .any(|c| c.subject == "operation get_pet")
    );
    assert_eq!(features.bump, Bump::Major);

    let params = report(&dir.join("parameters.old.yaml"));
    assert!(has(
        &params,
        Impact::Breaking,
        "operation get_thing",
        "required parameter `tenant` added"
    ));
    // A new field of an exhaustive struct breaks a literal that names every field.
    assert!(has(
        &params,
        Impact::Breaking,
        "operation get_thing",
        "optional parameter `page` added"
    ));
    assert!(has(
        &params,
        Impact::Breaking,
        "operation get_thing",
        "parameter `sort` type String → i64"
    ));
    assert!(has(
        &params,
        Impact::Breaking,
        "operation get_thing",
        "parameter `limit` is now optional"
    ));
    assert!(has(
        &params,
        Impact::Breaking,
        "operation get_thing",
        "parameter `X-Trace` removed"
    ));

    let models = report(&dir.join("models.old.yaml"));
    assert!(has(
        &models,
        Impact::Breaking,
        "model Device",
        "field `imei` removed"
    ));
    assert!(has(
        &models,
        Impact::Breaking,
        "model Device",
        "required field `owner` added"
    ));
    assert!(has(
        &models,
        Impact::Breaking,
        "model Device",
        "optional field `online` added"
    ));
    assert!(has(
        &models,
        Impact::Breaking,
        "model Device",
        "field `size` type i64 → f64"
    ));
    assert!(has(
        &models,
        Impact::Breaking,
        "model DeviceStatus",
        "enum value `legacy` removed"
    ));
    assert!(has(
        &models,
        Impact::Additive,
        "model DeviceStatus",
        "enum value `quarantined` added"
    ));
    assert!(has(&models, Impact::Breaking, "model Gone", "removed"));
    assert!(has(&models, Impact::Additive, "model Fresh", "added"));

    let media = report(&dir.join("media_security.old.yaml"));
    assert!(has(
        &media,
        Impact::Breaking,
        "operation login",
        "request body Json"
    ));
    assert!(has(
        &media,
        Impact::Breaking,
        "operation get_value",
        "answer GetValueResponse → text"
    ));
    assert!(has(
        &media,
        Impact::Behaviour,
        "operation get_value",
        "security"
    ));
    assert!(has(
        &media,
        Impact::Additive,
        "api",
        "security scheme `basic` added"
    ));

    let same = report(&dir.join("unchanged.old.yaml"));
    assert!(same.changes.is_empty());
    assert_eq!(same.bump, Bump::None);
}

/// Each change names the wire item, the Rust item a user's code touches, and what breaks.
#[test]
fn changes_are_named_on_the_wire_and_in_rust() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diff");
    let find = |report: &Report, detail: &str| {
        report
            .changes
            .iter()
            .find(|c| c.detail.contains(detail))
            .cloned()
            .unwrap_or_else(|| panic!("no change `{detail}` in {report:#?}"))
    };
    let models = report(&dir.join("models.old.yaml"));
    let owner = find(&models, "required field `owner` added");
    assert_eq!(owner.wire, "schema `Device` property `owner`");
    assert!(
        owner
            .rust
            .contains("`Device::new` takes a new argument `owner`"),
        "{owner:?}"
    );
    assert!(
        owner
            .breaks
            .as_deref()
            .unwrap_or("")
            .contains("Device::new(…)"),
        "{owner:?}"
    );
    let legacy = find(&models, "enum value `legacy` removed");
    assert_eq!(legacy.rust, "`DeviceStatus::Legacy`");
    assert!(
        legacy
            .breaks
            .as_deref()
            .unwrap_or("")
            .contains("`match` arm")
    );
    let params = report(&dir.join("parameters.old.yaml"));
    let tenant = find(&params, "required parameter `tenant` added");
    assert_eq!(tenant.wire, "`GET /things/{id}` query parameter `tenant`");
    assert_eq!(tenant.rust, "`GetThingParams.tenant`");
    let ops = report(&dir.join("operations.old.yaml"));
    let removed = find(&ops, "removed");
    assert_eq!(
        (removed.wire.as_str(), removed.rust.as_str()),
        ("`GET /v1/b`", "`Client::get_b`")
    );
    // Additions and behaviour changes break nothing.
    assert!(
        models
            .changes
            .iter()
            .chain(&ops.changes)
            .all(|c| (c.impact == Impact::Breaking) == c.breaks.is_some())
    );
}

#[test]
fn additions_alone_are_a_minor_bump() {
    let old = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n";
    let new = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a: {get: {operationId: getA, responses: {'204': {description: ok}}}}\n";
    let report = diff::diff(&api("old", old, None), &api("new", new, None));
    assert_eq!(report.bump, Bump::Minor);
}

/// The real seed against a copy with a field removed and a required parameter added.
#[test]
fn the_seed_against_a_variant() {
    let seed_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/particle.swagger.yaml");
    let seed = fs::read_to_string(seed_path).expect("seed");
    let variant = seed
        .replace("      imei:\n        description: This is a default description.\n        type: delete\n", "")
        .replace(
            "      - in: formData\n        name: username\n",
            "      - in: formData\n        name: organization\n        required: true\n        type: string\n      - in: formData\n        name: username\n",
        );
    assert_ne!(seed, variant, "the variant must differ");
    let report = diff::diff(
        &api("seed.yaml", &seed, None),
        &api("variant.yaml", &variant, None),
    );
    assert!(
        has(
            &report,
            Impact::Breaking,
            "model DeviceInfo",
            "field `imei` removed"
        ),
        "{report:#?}"
    );
    assert!(
        has(
            &report,
            Impact::Breaking,
            "model PostOauthTokenRequest",
            "required field `organization` added"
        ),
        "{report:#?}"
    );
    assert_eq!(report.bump, Bump::Major);
}

#[test]
fn a_stale_overlay_action_is_reported() {
    let spec = "swagger: '2.0'\ninfo: {title: T, version: '1'}\npaths: {}\n";
    let overlay = "overlay: 1.0.0\ninfo: {title: O, version: '1'}\nactions:\n  - target: $.definitions.Gone\n    update: {type: object}\n";
    let input = Input {
        spec: Source {
            name: "s.yaml",
            text: spec,
        },
        overlays: &[Source {
            name: "o.yaml",
            text: overlay,
        }],
        on_skip: OnSkip::Warn,
    };
    let output = pipeline::run(&input).expect("generates");
    assert_eq!(output.actions.first().map(|a| a.matched), Some(0));
    let stale: Vec<String> = output
        .diagnostics
        .iter()
        .filter(|d| d.code == "stale-repair")
        .map(ToString::to_string)
        .collect();
    assert_eq!(stale.len(), 1, "{stale:?}");
    assert!(
        stale[0].starts_with("o.yaml:4:5: warning[stale-repair]"),
        "{}",
        stale[0]
    );
}

/// The typed events (`x-events`): a new kind is an addition (the enum is `#[non_exhaustive]`), a
/// kind gone or holding another payload type breaks, a kind that takes other names is behaviour.
#[test]
fn event_kinds_are_compared() {
    let spec = |events: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths: {{}}\n\
             x-events:\n  data: {{$ref: '#/components/schemas/E'}}\n  payload: body\n  events:\n{events}\
             components:\n  schemas:\n    E: {{type: object, properties: {{body: {{type: string}}}}}}\n"
        )
    };
    let old = spec(
        "    - {name: a/status, variant: Status, payload: {type: string}}\n    \
         - {name: gone, variant: Gone}\n    - {name: 'hook/{x}', variant: Hook, payload: {type: string}}\n    \
         - {name: count, variant: Count, payload: {type: integer}}\n",
    );
    let new = spec(
        "    - {name: a/state, variant: Status, payload: {type: string}}\n    \
         - {name: 'hook/{x}', variant: Hook, payload: {type: string}}\n    \
         - {name: count, variant: Count, payload: {type: string}}\n    - {name: fresh, variant: Fresh}\n",
    );
    let report = diff::diff(&api("old.yaml", &old, None), &api("new.yaml", &new, None));
    let change = |wire: &str| {
        report
            .changes
            .iter()
            .find(|c| c.subject == "events" && c.wire == wire)
            .map(|c| (c.impact, c.detail.as_str()))
    };
    assert_eq!(
        change("event `gone`"),
        Some((
            Impact::Breaking,
            "kind removed: such events are `Other` now"
        ))
    );
    assert_eq!(
        change("event `fresh`"),
        Some((Impact::Additive, "kind added"))
    );
    assert_eq!(
        change("event `count`"),
        Some((Impact::Breaking, "what the variant holds changed"))
    );
    assert_eq!(
        change("event `a/state`"),
        Some((
            Impact::Behaviour,
            "the events it takes or how their payload reads changed"
        ))
    );
    assert_eq!(change("event `hook/{x}`"), None, "{:#?}", report.changes);
    assert_eq!(report.bump, Bump::Major);

    let without = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n";
    let added = diff::diff(
        &api("old.yaml", without, None),
        &api("new.yaml", &new, None),
    );
    assert!(has(
        &added,
        Impact::Additive,
        "events",
        "typed events added (4 kinds)"
    ));
    assert_eq!(added.bump, Bump::Minor);
}

/// An operation whose route stays and whose name changes is one breaking change, a rename, not a
/// removal and an addition.
#[test]
fn a_renamed_operation_is_one_change() {
    let spec = |id: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths:\n  /team:\n    get:\n      \
             operationId: {id}\n      responses: {{'204': {{description: none}}}}\n"
        )
    };
    let report = diff::diff(
        &api("old.yaml", &spec("listTeam"), None),
        &api("new.yaml", &spec("listProductTeam"), None),
    );
    assert_eq!(report.changes.len(), 1, "{:#?}", report.changes);
    let change = &report.changes[0];
    assert_eq!(change.impact, Impact::Breaking);
    assert_eq!(change.detail, "method renamed from `list_team`");
    assert_eq!(change.rust, "`Client::list_product_team`");
    assert_eq!(
        change.breaks.as_deref(),
        Some("calls to `Client::list_team`")
    );
}

/// A string enum that gains the value `unknown`: the value takes the name `Unknown`, and the
/// variant that keeps values the enum does not list becomes `Other`, a breaking change.
#[test]
fn a_value_named_unknown_moves_the_fallback_to_other() {
    let spec = |values: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths: {{}}\ncomponents:\n  \
             schemas:\n    Reason: {{type: string, enum: [{values}]}}\n"
        )
    };
    let report = diff::diff(
        &api("old.yaml", &spec("update, panic"), None),
        &api("new.yaml", &spec("unknown, update, panic"), None),
    );
    assert!(has(
        &report,
        Impact::Additive,
        "model Reason",
        "enum value `unknown` added"
    ));
    let added = report
        .changes
        .iter()
        .find(|c| c.detail == "enum value `unknown` added")
        .unwrap();
    assert!(
        added
            .rust
            .starts_with("`Reason::Unknown` (it decoded as `Unknown` before"),
        "{}",
        added.rust
    );
    assert!(has(
        &report,
        Impact::Breaking,
        "model Reason",
        "values it does not list are `Other` now (were `Unknown`)"
    ));
}
