//! The whole pipeline over small fixture specs, one per seed defect and feature: the located
//! diagnostics, the converted OpenAPI 3.0 document and the emitted Rust (`lib.rs`, `models.rs`,
//! `operations.rs`), in one snapshot per fixture so a diff shows which stage changed.
//! `NAME.overlay.yaml` beside `NAME.yaml` is applied.

// Helpers outside `#[test]` functions fail the test by panicking, as tests do.
#![allow(clippy::panic, clippy::expect_used, clippy::unwrap_used)]

use std::fs;
use std::path::Path;

use generator::emit::{self, CrateConfig, Runtime};
use generator::pipeline::{self, Input, OnSkip, Source};

fn config() -> CrateConfig {
    CrateConfig {
        name: "fixture-client".to_owned(),
        version: "0.1.0".to_owned(),
        command: "fixture".to_owned(),
        sources: vec!["fixture.yaml".to_owned()],
        workspace_member: false,
        dev_dependencies: Vec::new(),
        runtime: Runtime::Vendored,
        install: None,
        publish: false,
        mock_examples: Vec::new(),
        default_features: Default::default(),
        select: Vec::new(),
        feature_gates: true,
    }
}

/// Everything the pipeline produced for one fixture, as text.
fn render(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let text = fs::read_to_string(path).expect("fixture");
    let overlay_path = path.with_extension("overlay.yaml");
    let overlay_text = fs::read_to_string(&overlay_path).ok();
    let overlay_name = name.replace(".yaml", ".overlay.yaml");
    let overlays: Vec<Source<'_>> = overlay_text
        .as_deref()
        .map(|text| Source {
            name: &overlay_name,
            text,
        })
        .into_iter()
        .collect();
    let input = Input {
        spec: Source {
            name: &name,
            text: &text,
        },
        overlays: &overlays,
        on_skip: OnSkip::Warn,
    };
    let mut out = String::new();
    match pipeline::run(&input) {
        Err(diagnostics) => {
            out.push_str("== failed\n");
            for diagnostic in diagnostics {
                out.push_str(&format!("{diagnostic}\n"));
            }
        }
        Ok(output) => {
            out.push_str("== diagnostics\n");
            for diagnostic in &output.diagnostics {
                out.push_str(&format!("{diagnostic}\n"));
            }
            for action in &output.actions {
                out.push_str(&format!(
                    "overlay action {} `{}` matched {}\n",
                    action.index, action.target, action.matched
                ));
            }
            out.push_str("== openapi\n");
            out.push_str(&serde_yaml::to_string(&output.openapi).expect("yaml"));
            let mut found = generator::diag::Diagnostics::new();
            let files = emit::emit(&output.api, &config(), &mut found);
            assert!(!found.has_errors(), "{:?}", found.into_vec());
            for path in [
                "src/lib.rs",
                "src/models.rs",
                "src/operations.rs",
                "src/mock.rs",
                "src/events.rs",
            ] {
                for file in files.iter().filter(|f| f.path == path) {
                    out.push_str(&format!("== {}\n{}", file.path, file.contents));
                }
            }
        }
    }
    out
}

#[test]
fn fixtures() {
    insta::glob!("fixtures/pipeline/*.yaml", |path| {
        if path.to_string_lossy().ends_with(".overlay.yaml") {
            return;
        }
        insta::assert_snapshot!(render(path));
    });
}

/// Every fixture rendered twice gives the same text. (Not an `insta::glob!`: its failure count is
/// shared between tests running at the same time.)
#[test]
fn generation_is_deterministic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pipeline");
    let mut checked = 0;
    for entry in fs::read_dir(dir).expect("fixtures") {
        let path = entry.expect("entry").path();
        assert_eq!(render(&path), render(&path), "{}", path.display());
        checked += 1;
    }
    assert!(checked > 5, "only {checked} fixtures found");
}

/// What the generated client masks and shows of errors: secret wire names (format, credential-like
/// names, API key names; `pinned` is not `pin`), and each operation's message-like error fields.
#[test]
fn secret_fields_and_error_messages() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/pipeline/binary_answers_and_error_messages.yaml");
    let text = fs::read_to_string(path).expect("fixture");
    let input = Input {
        spec: Source {
            name: "fixture.yaml",
            text: &text,
        },
        overlays: &[],
        on_skip: OnSkip::Warn,
    };
    let api = pipeline::run(&input).expect("pipeline").api;
    assert_eq!(api.secret_fields, ["X-Api-Key", "pin", "session_token"]);
    let messages = |name: &str| {
        api.operations
            .iter()
            .find(|op| op.name == name)
            .map(|op| op.error_messages.clone())
    };
    assert_eq!(
        messages("download_file"),
        Some(vec!["title".to_owned(), "detail".to_owned()])
    );
    assert_eq!(messages("get_thumbnail"), Some(Vec::new()));
}

/// `x-retry-statuses` at the root: kept in order, once each, in a Swagger 2.0 spec as in an
/// OpenAPI 3 one; anything but HTTP statuses is a located warning and the default stays.
#[test]
fn retry_statuses_come_from_the_spec() {
    let run = |text: &str| {
        let input = Input {
            spec: Source {
                name: "spec.yaml",
                text,
            },
            overlays: &[],
            on_skip: OnSkip::Warn,
        };
        pipeline::run(&input).expect("pipeline")
    };
    let swagger = "swagger: '2.0'\ninfo: {title: T, version: '1'}\nx-retry-statuses: [429, 529, 429]\npaths: {}\n";
    assert_eq!(run(swagger).api.retry_statuses, [429, 529]);
    let openapi =
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\nx-retry-statuses: [503]\npaths: {}\n";
    assert_eq!(run(openapi).api.retry_statuses, [503]);
    let bad = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\nx-retry-statuses: [429, 'soon', 700]\npaths: {}\n";
    let output = run(bad);
    assert!(output.api.retry_statuses.is_empty());
    let warning = output
        .diagnostics
        .iter()
        .find(|d| d.code == "invalid-retry-statuses")
        .expect("a warning");
    assert_eq!(warning.pointer, "/x-retry-statuses");
    assert_eq!(
        warning
            .location
            .as_ref()
            .map(ToString::to_string)
            .as_deref(),
        Some("spec.yaml:3:1")
    );
}

/// `x-events` in a Swagger 2.0 spec (references to `#/definitions/…`): the kinds in order; each
/// malformed part a located `invalid-events` warning, that kind left out and the others kept.
#[test]
fn event_kinds_come_from_the_spec() {
    let text = "\
swagger: '2.0'
info: {title: T, version: '1'}
paths: {}
x-events:
  data: {$ref: '#/definitions/Envelope'}
  payload: body
  events:
    - name: device/status
      payload: {$ref: '#/definitions/Status'}
      examples: [up]
    - name: part/{a}{b}
    - name: reset
      payload: {$ref: '#/definitions/Status'}
      forms: ['{why}, {how}']
    - name: chunk/{event}/{part}
      holes: {part: {type: integer}}
      examples: [just-text]
definitions:
  Envelope:
    type: object
    properties:
      body: {type: string}
  Status: {type: string, enum: [up, down]}
";
    let input = Input {
        spec: Source {
            name: "spec.yaml",
            text,
        },
        overlays: &[],
        on_skip: OnSkip::Warn,
    };
    let output = pipeline::run(&input).expect("pipeline");
    let events = output.api.events.as_ref().expect("the declaration");
    assert_eq!(events.name, "KnownEvent");
    assert_eq!(
        (events.payload_field.as_str(), events.payload_optional),
        ("body", true)
    );
    let kinds: Vec<(&str, &str)> = events
        .kinds
        .iter()
        .map(|kind| (kind.variant.as_str(), kind.template.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("DeviceStatus", "device/status"),
            ("Chunk", "chunk/{event}/{part}")
        ]
    );
    let holes: Vec<(&str, &generator::ir::Type)> = events.kinds[1]
        .captures
        .iter()
        .map(|capture| (capture.field.as_str(), &capture.ty))
        .collect();
    assert_eq!(
        holes,
        [
            ("event", &generator::ir::Type::String),
            ("part", &generator::ir::Type::I64)
        ]
    );
    // The example of a name with holes that is not `{name, payload}` is left out.
    assert!(events.kinds[1].examples.is_empty());
    let warnings: Vec<String> = output
        .diagnostics
        .iter()
        .filter(|d| d.code == "invalid-events")
        .map(ToString::to_string)
        .collect();
    assert_eq!(warnings.len(), 3, "{warnings:#?}");
    assert!(
        warnings[0].starts_with("spec.yaml:11:7: warning[invalid-events]"),
        "{}",
        warnings[0]
    );
    assert!(warnings[0].contains("side by side"), "{}", warnings[0]);
    assert!(
        warnings[1].contains("needs a payload that is an object schema"),
        "{}",
        warnings[1]
    );
    assert!(
        warnings[1].contains("/x-events/events/2/forms"),
        "{}",
        warnings[1]
    );
    assert!(warnings[2].contains("`{name, payload}`"), "{}", warnings[2]);
}

/// A diagnostic about a schema that was moved into `components.schemas` (it was reached by a
/// `$ref` into another schema's property) points where the author wrote it.
#[test]
fn diagnostics_point_where_a_hoisted_schema_was_written() {
    let text = "\
openapi: 3.0.3
info: {title: T, version: '1'}
paths: {}
components:
  schemas:
    Order:
      type: object
      properties:
        state:
          type: stat
    Shipment:
      type: object
      properties:
        state: {$ref: '#/components/schemas/Order/properties/state'}
";
    let input = Input {
        spec: Source {
            name: "spec.yaml",
            text,
        },
        overlays: &[],
        on_skip: OnSkip::Warn,
    };
    let output = pipeline::run(&input).expect("pipeline");
    let found: Vec<String> = output.diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(
        found,
        [
            "spec.yaml:10:11: warning[invalid-schema-type]: `type: stat` is not a JSON Schema type; \
          the value is left untyped (serde_json::Value). Pin the real type with an overlay action \
          to type it (at /components/schemas/Order/properties/state/type)"
        ],
    );
    assert!(
        output
            .api
            .models
            .iter()
            .any(|model| model.name == "OrderState")
    );
}

/// The command-line tool of a spec: groups by first tag (else the path's first word), names
/// without the group's words, arguments by where each value goes; `x-cli` aliases and login, each
/// malformed part a located `invalid-cli` warning.
#[test]
fn the_command_line_tool_comes_from_the_operations_and_x_cli() {
    let text = "\
openapi: 3.0.3
info: {title: Pet Store, version: '1'}
servers: [{url: 'https://pets.example.com/v1'}]
tags: [{name: pets, description: 'The pets in the store.'}]
x-cli:
  aliases: {ls: listPets, nope: noSuchOperation, pets: getPet}
  login: {operation: getPet, scheme: key}
paths:
  /pets:
    get:
      operationId: listPets
      tags: [pets]
      parameters:
        - {in: query, name: kind, schema: {type: string, enum: [cat, dog]}}
        - {in: query, name: tag, schema: {type: array, items: {type: string}}}
      responses: {'200': {description: ok}}
    post:
      operationId: createPet
      tags: [pets]
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [name]
              properties:
                name: {type: string}
                age: {type: integer}
                owner: {type: object, properties: {id: {type: string}}}
      responses: {'201': {description: created}}
  /pets/{petId}:
    get:
      operationId: getPet
      tags: [pets]
      security: [{key: []}]
      parameters: [{in: path, name: petId, required: true, schema: {type: string}}]
      responses: {'200': {description: ok}}
  /stores/{storeId}/login:
    get:
      operationId: storeLogin
      parameters: [{in: path, name: storeId, required: true, schema: {type: integer}}]
      responses: {'200': {description: ok}}
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
";
    let input = Input {
        spec: Source {
            name: "spec.yaml",
            text,
        },
        overlays: &[],
        on_skip: OnSkip::Warn,
    };
    let output = pipeline::run(&input).expect("pipeline");
    let cli = &output.api.cli;
    assert_eq!(cli.env_prefix, "PET_STORE");
    let groups: Vec<(&str, &str, Vec<&str>)> = cli
        .groups
        .iter()
        .map(|group| {
            let names = group.commands.iter().map(|c| c.name.as_str()).collect();
            (group.name.as_str(), group.about.as_str(), names)
        })
        .collect();
    assert_eq!(
        groups,
        [
            (
                "pets",
                "The pets in the store.",
                vec!["create", "get", "list"]
            ),
            ("stores", "GET /v1/stores/{storeId}/login", vec!["login"]),
        ]
    );
    let create = &cli.groups[0].commands[0];
    let args: Vec<(&str, &generator::ir::ArgKind, bool)> = create
        .args
        .iter()
        .map(|arg| (arg.id.as_str(), &arg.kind, arg.required))
        .collect();
    use generator::ir::ArgKind;
    assert_eq!(
        args,
        [
            ("name", &ArgKind::Text, false),
            ("age", &ArgKind::Integer, false),
            ("owner", &ArgKind::Json, false)
        ]
    );
    assert!(
        create.long_about.ends_with("Sends `POST /v1/pets`."),
        "{}",
        create.long_about
    );
    let list = &cli.groups[0].commands[2];
    assert_eq!(
        list.args[0].kind,
        ArgKind::Values(vec!["cat".into(), "dog".into()])
    );
    assert!(list.args[1].list, "an array is a repeated flag");
    let schemes: Vec<(&str, &str, Option<&str>)> = cli
        .schemes
        .iter()
        .map(|s| (s.flag.as_str(), s.env.as_str(), s.alias.as_deref()))
        .collect();
    assert_eq!(schemes, [("key", "PET_STORE_KEY", Some("token"))]);
    let aliases: Vec<(&str, &str, &str)> = cli
        .aliases
        .iter()
        .map(|a| (a.name.as_str(), a.group.as_str(), a.command.as_str()))
        .collect();
    assert_eq!(aliases, [("ls", "pets", "list")]);
    assert!(cli.login.is_none());
    let warnings: Vec<String> = output
        .diagnostics
        .iter()
        .filter(|d| d.code == "invalid-cli")
        .map(ToString::to_string)
        .collect();
    assert_eq!(warnings.len(), 3, "{warnings:#?}");
    assert!(
        warnings[0].starts_with("spec.yaml:6:27: warning[invalid-cli]"),
        "{}",
        warnings[0]
    );
    assert!(
        warnings[0].contains("`nope` names no operation"),
        "{}",
        warnings[0]
    );
    assert!(
        warnings[1].contains("`pets` would hide a command"),
        "{}",
        warnings[1]
    );
    assert!(
        warnings[2].starts_with("spec.yaml:7:3: warning[invalid-cli]"),
        "{}",
        warnings[2]
    );
    assert!(
        warnings[2].contains("`username` (text) is missing"),
        "{}",
        warnings[2]
    );
}
