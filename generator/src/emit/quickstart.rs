//! The quick start that opens the crate docs and the README: the install line, then the spec's
//! `info.x-quickstart` or a generic example built from the IR. Its `rust` blocks are doctests.

use super::{CrateConfig, Runtime};
use crate::ir::{Api, ModelKind, Operation, Quickstart, Response, SchemeKind, Type};

/// The quick start as Markdown lines, under a heading of `level` (`#` count).
pub(crate) fn markdown(api: &Api, config: &CrateConfig, level: usize) -> Vec<String> {
    let heading = "#".repeat(level);
    let mut lines = vec![format!("{heading} Quick start"), String::new()];
    lines.extend(install(api, config));
    lines.push(String::new());
    match &api.quickstart {
        Quickstart::Spec(text) => lines.extend(nested(text, level)),
        Quickstart::Generic { scheme, operation } => lines.extend(generic(
            api,
            config,
            scheme.as_deref(),
            operation.as_deref(),
        )),
    }
    // Every crate has typed mocks; a spec's quick start may say how to use them itself.
    let told = match &api.quickstart {
        Quickstart::Spec(text) => text.contains("Testing your code"),
        Quickstart::Generic { .. } => false,
    };
    if !told {
        lines.push(String::new());
        lines.extend(testing(api, config, &heading));
    }
    lines.push(String::new());
    lines.extend(configuration(&heading, api, config));
    let features = super::features::markdown(api, config, level);
    if !features.is_empty() {
        lines.push(String::new());
        lines.extend(features);
    }
    lines
}

/// The feature a user must turn on for the quick start's operation, when `default` does not:
/// the generic example's operation's first feature.
fn quickstart_feature<'a>(api: &'a Api, config: &CrateConfig) -> Option<&'a str> {
    if super::features::default_on(api, config) {
        return None;
    }
    let Quickstart::Generic {
        operation: Some(method),
        ..
    } = &api.quickstart
    else {
        return None;
    };
    let op = api.operations.iter().find(|op| &op.name == method)?;
    op.features.first().map(String::as_str)
}

/// The `# #[cfg(…)]` line that compiles an example of `op` only when it is: its features are
/// off by default in a large API's crate.
fn example_cfg(api: &Api, config: &CrateConfig, op: &Operation) -> Option<String> {
    if super::features::default_on(api, config) || op.features.is_empty() {
        return None;
    }
    let any: Vec<String> = op
        .features
        .iter()
        .map(|name| format!("feature = \"{name}\""))
        .collect();
    Some(format!("# #[cfg(any({}))]", any.join(", ")))
}

/// `## Testing your code`: the `mock` feature, with an example on an operation whose answer the
/// example can make with `Default` (or that has none), when there is one. The example is compiled
/// with the feature (not run: the crate may have no async runtime among its dev-dependencies).
fn testing(api: &Api, config: &CrateConfig, heading: &str) -> Vec<String> {
    let krate = config.name.replace('-', "_");
    let mut lines = vec![
        format!("{heading}# Testing your code"),
        String::new(),
        "With the `mock` feature, `mock::MockServer` is a local server for your tests with one method".to_owned(),
        "per operation, named as the client's. Each says what a call must carry (path and query".to_owned(),
        "parameters, `header`, `body` or `body_field`, `times`) and what it answers: `ok` with the typed".to_owned(),
        "answer, `error` with the typed error body and a status, `raw` bytes, a `delay`, a".to_owned(),
        "`drop_connection`, or `events` for an event stream. A call that matches no mock fails with a".to_owned(),
        "message naming the operation and what differed, and the server's drop fails the test if a".to_owned(),
        "`times` was not met.".to_owned(),
    ];
    let Some(op) = api
        .operations
        .iter()
        .filter(|op| mockable(api, op))
        .min_by_key(|op| op.path_params.is_empty())
    else {
        return lines;
    };
    let method = &op.name;
    let expect: String = op
        .path_params
        .iter()
        .map(|param| format!(".{}(\"an-id\")", param.name))
        .collect();
    let answer = match op.success {
        Response::Empty => ".ok()",
        _ => ".ok(&Default::default())",
    };
    let mut args: Vec<&str> = op.path_params.iter().map(|_| "\"an-id\"").collect();
    if op.params.is_some() {
        args.push("&Default::default()");
    }
    if op.body.is_some() {
        args.push("None");
    }
    lines.extend([
        String::new(),
        "```rust".to_owned(),
        match example_cfg(api, config, op) {
            Some(gate) => gate
                .replace("#[cfg(any(", "#[cfg(all(feature = \"mock\", any(")
                .replace("))]", ")))]"),
            None => "# #[cfg(feature = \"mock\")]".to_owned(),
        },
        "# mod example {".to_owned(),
        format!("use {krate}::mock::MockServer;"),
        String::new(),
        "# pub async fn test() -> Result<(), Box<dyn std::error::Error>> {".to_owned(),
        "// In a test (`#[tokio::test] async fn …`):".to_owned(),
        "let server = MockServer::start().await;".to_owned(),
        format!("server.{method}(){expect}{answer}.times(1).mount().await;"),
        format!("server.client().{method}({}).await?;", args.join(", ")),
        "# Ok(())".to_owned(),
        "# }".to_owned(),
        "# }".to_owned(),
        "# fn main() {}".to_owned(),
        "```".to_owned(),
    ]);
    lines
}

/// Whether the testing example can use `op`: its path parameters are strings, its other
/// parameters and body optional, and its answer empty or a model with a `Default`.
fn mockable(api: &Api, op: &Operation) -> bool {
    let defaultable = |name: &str| {
        api.models.iter().any(|model| {
            model.name == name
                && model.deprecated.is_none()
                && !model.uses_deprecated
                && matches!(&model.kind, ModelKind::Struct(object)
                    if object.fields.iter().all(|field| !field.required || field.nullable))
        })
    };
    let answer = match &op.success {
        Response::Empty => true,
        Response::Json(Type::Named { name, boxed: false }) => defaultable(name),
        _ => false,
    };
    answer
        && op.deprecated.is_none()
        && !op.uses_deprecated
        && op.path_params.iter().all(|param| param.ty == Type::String)
        && op.body.as_ref().is_none_or(|body| !body.required)
        && op
            .params
            .as_ref()
            .is_none_or(|params| params.params.iter().all(|param| !param.required))
}

/// The spec's quick start, its Markdown headings moved under the quick start's own (of `level`):
/// `## Logging in` stays `##` in the crate docs and becomes `###` in the README. Lines in code
/// blocks (rustdoc's hidden `# …` lines among them) are left as they are.
fn nested(text: &str, level: usize) -> Vec<String> {
    let deeper = "#".repeat(level.saturating_sub(1));
    let mut in_fence = false;
    text.trim()
        .lines()
        .map(|line| {
            let line = line.trim_end();
            if line.trim_start().starts_with("```") {
                in_fence = !in_fence;
            }
            if !in_fence && line.starts_with('#') {
                format!("{deeper}{line}")
            } else {
                line.to_owned()
            }
        })
        .collect()
}

/// The target of the runtime's spans: its `trace` module, wherever the runtime is.
fn span_target(config: &CrateConfig) -> String {
    match config.runtime {
        Runtime::Dependency { .. } => "client_runtime::trace".to_owned(),
        Runtime::Vendored => format!("{}::runtime::trace", config.name.replace('-', "_")),
    }
}

/// What every generated crate offers beyond the first calls: the answer's metadata, per-call
/// and per-client settings, limits, secrets, and the Cargo features.
fn configuration(heading: &str, api: &Api, config: &CrateConfig) -> Vec<String> {
    let statuses: Vec<String> = if api.retry_statuses.is_empty() {
        ["429", "502", "503", "504"].map(str::to_owned).to_vec()
    } else {
        api.retry_statuses.iter().map(u16::to_string).collect()
    };
    [
        format!("{heading} Configuration"),
        String::new(),
        "- Every operation returns a `Call`: `.await` it for the body, or call `.with_response()` first".to_owned(),
        "  for a `Response` holding the HTTP status and headers too. `.timeout(…)`, `.retry_policy(…)`".to_owned(),
        "  and `.header(…)` change one call without touching the client.".to_owned(),
        "- Timeouts: `.timeout(…)` (on the builder or one call) bounds the whole call, retries and the".to_owned(),
        "  waits between them included, and ends it with an error whose `is_timeout()` is true;".to_owned(),
        "  `.attempt_timeout(…)` bounds each attempt (60 s unless set).".to_owned(),
        format!(
            "- `ClientBuilder` also sets the `RetryPolicy` ({} and failed connections, with",
            statuses.join(", ")
        ),
        "  jittered backoff and `Retry-After`; event streams wait those statuses out too), the largest".to_owned(),
        "  answer body read (`max_body_size`, 16 MiB unless set; binary downloads stream and are not".to_owned(),
        "  limited), default headers, `Hook`s that see every request and answer, and your own".to_owned(),
        "  `reqwest::Client` (proxies, root certificates, pool).".to_owned(),
        "- Secrets (passwords, tokens, API keys) are `Secret`s that print as `***`; an `Error` keeps the".to_owned(),
        "  answer's text with every secret field, the client's own credentials (Basic ones encoded too)".to_owned(),
        "  and what the request sent under a secret name masked, wherever the server repeats them.".to_owned(),
        "- `Error` and `Result<T>` name the API's usual error body without a type argument; `…_pages`".to_owned(),
        "  streams are read with `StreamExt::next`, no pinning needed.".to_owned(),
        "- Cargo features: `rustls` (the default) or `native-tls` for TLS, and `tracing` for a span per".to_owned(),
        "  request attempt (operation, method, path template, attempt, status, duration; never a URL,".to_owned(),
        format!("  a header or a body), named `request`, with the target `{}`. For example:", span_target(config)),
        String::new(),
        "```toml".to_owned(),
        with_features(config),
        "```".to_owned(),
    ]
    .into()
}

/// The `[dependencies]` lines: with the feature of the quick start's operation when the API's
/// features are off by default.
fn install(api: &Api, config: &CrateConfig) -> Vec<String> {
    let line = match quickstart_feature(api, config) {
        Some(feature) => format!(
            "{} = {{ {}, features = [\"{feature}\"] }}",
            config.name,
            source(config)
        ),
        None => format!("{} = {}", config.name, dependency(config)),
    };
    let mut lines = vec![
        "Add the crate, and an async runtime such as Tokio, to `Cargo.toml`:".to_owned(),
        String::new(),
        "```toml".to_owned(),
        "[dependencies]".to_owned(),
        line,
        r#"tokio = { version = "1", features = ["macros", "rt-multi-thread"] }"#.to_owned(),
        "```".to_owned(),
    ];
    if config.install.is_some() {
        lines.push(String::new());
        lines.push("The crate is not published on crates.io: the line above depends on it by its path in a clone of its repository beside your project (a `git` dependency works too).".to_owned());
    }
    lines
}

/// Where the crate comes from, as the keys of a dependency table: `path = "…"` for an
/// unpublished crate, else `version = "…"`.
pub(super) fn source(config: &CrateConfig) -> String {
    match &config.install {
        Some(install) => install
            .trim()
            .trim_start_matches('{')
            .trim_end_matches('}')
            .trim()
            .to_owned(),
        None => format!("version = \"{}\"", config.version),
    }
}

/// The dependency line with other features than the default.
fn with_features(config: &CrateConfig) -> String {
    let source = source(config);
    format!(
        "{} = {{ {source}, default-features = false, features = [\"native-tls\", \"tracing\"] }}",
        config.name
    )
}

/// The crate's dependency value: as given for an unpublished crate, else its version.
fn dependency(config: &CrateConfig) -> String {
    config
        .install
        .clone()
        .unwrap_or_else(|| format!("\"{}\"", config.version))
}

/// Build a client (with a credential when one is needed), call an operation that takes no
/// arguments, and tell an error answer of the API from any other failure.
// Whole: the quick start's lines in the order the crate docs and README show them.
fn generic(
    api: &Api,
    config: &CrateConfig,
    scheme: Option<&str>,
    operation: Option<&str>,
) -> Vec<String> {
    let krate = config.name.replace('-', "_");
    let builder = match &api.base_url {
        Some(_) => "Client::builder()".to_owned(),
        None => "Client::builder(\"https://api.example.com\")".to_owned(),
    };
    let credential = scheme
        .and_then(|name| api.security_schemes.iter().find(|s| s.name == name))
        .and_then(|scheme| {
            let setter = &scheme.setters.as_ref()?.builder;
            Some(match scheme.kind {
                SchemeKind::Basic => format!("    .{setter}(\"USERNAME\", \"PASSWORD\")"),
                _ => format!("    .{setter}(\"YOUR-TOKEN\")"),
            })
        });
    let mut lines = vec![
        match operation {
            Some(_) => "Build a client, call an operation and handle an error:".to_owned(),
            None => "Build a client:".to_owned(),
        },
        String::new(),
        "```rust,no_run".to_owned(),
        match operation {
            Some(_) => format!("use {krate}::{{Client, Error}};"),
            None => format!("use {krate}::Client;"),
        },
        String::new(),
    ];
    let gated = operation
        .and_then(|method| api.operations.iter().find(|op| op.name == method))
        .and_then(|op| example_cfg(api, config, op));
    lines.extend(gated);
    lines.push("# async fn run() -> Result<(), Box<dyn std::error::Error>> {".to_owned());
    match credential {
        Some(credential) => lines.extend([
            format!("let client = {builder}"),
            credential,
            "    .build()?;".to_owned(),
        ]),
        None => lines.push(format!("let client = {builder}.build()?;")),
    }
    match operation {
        Some(method) => {
            let bare = crate::ident::bare(method);
            let body = api
                .operations
                .iter()
                .find(|op| op.name == method)
                .and_then(|op| op.body.as_ref());
            let args = if body.is_some() { "None" } else { "" };
            lines.extend([
                String::new(),
                format!("match client.{method}({args}).await {{"),
                "    Ok(answer) => println!(\"{answer:?}\"),".to_owned(),
                "    // The server answered with an error status and a body of the documented type.".to_owned(),
                "    Err(Error::Api { status, body, .. }) => eprintln!(\"the server answered {status}: {body:?}\"),".to_owned(),
                "    // Anything else: the network, an answer that does not decode, missing credentials, …".to_owned(),
                "    Err(error) => eprintln!(\"{error}\"),".to_owned(),
                "}".to_owned(),
                "# Ok(())".to_owned(),
                "# }".to_owned(),
                "```".to_owned(),
                String::new(),
                format!("Every operation is a method on `Client`, like `{bare}` here, in the `operations` module;"),
                "request and response bodies are in `models`.".to_owned(),
            ]);
        }
        None => {
            lines.extend([
                "# let _ = client;".to_owned(),
                "# Ok(())".to_owned(),
                "# }".to_owned(),
                "```".to_owned(),
                String::new(),
                "Every operation is a method on `Client`, in the `operations` module. An error answer of the".to_owned(),
                "API is `Error::Api { status, body, .. }`, with the body decoded; any other failure is another".to_owned(),
                "`Error` variant, and every `Error` prints a readable message with `{}`.".to_owned(),
            ]);
        }
    }
    lines
}

/// `lines` for a README a code host renders: rustdoc's hidden lines (`# …`) dropped from Rust
/// blocks, and their `rust,no_run` marked plain `rust`.
pub(crate) fn for_readme(lines: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_rust = false;
    let mut in_fence = false;
    for line in lines {
        let trimmed = line.trim_start();
        if let Some(info) = trimmed.strip_prefix("```") {
            if in_fence {
                in_fence = false;
                in_rust = false;
            } else {
                in_fence = true;
                in_rust = info.is_empty() || info.split(',').any(|word| word.trim() == "rust");
                if in_rust {
                    let indent = line.get(..line.len() - trimmed.len()).unwrap_or_default();
                    out.push(format!("{indent}```rust"));
                    continue;
                }
            }
        } else if in_rust && (trimmed == "#" || trimmed.starts_with("# ")) {
            continue;
        }
        out.push(line.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{for_readme, nested};

    #[test]
    fn the_specs_headings_go_under_the_quick_start() {
        let text = "## Paging\n\n```rust\n# async fn run() {}\n```\n# Not a fence\n";
        assert_eq!(
            nested(text, 2),
            [
                "### Paging",
                "",
                "```rust",
                "# async fn run() {}",
                "```",
                "## Not a fence"
            ]
        );
        assert_eq!(nested(text, 1)[0], "## Paging");
    }

    #[test]
    fn readme_code_drops_rustdoc_hidden_lines() {
        let lines: Vec<String> = [
            "Text",
            "```rust,no_run",
            "# async fn run() {",
            "#",
            "let x = 1;",
            "# }",
            "```",
            "```toml",
            "# a comment",
            "```",
        ]
        .map(str::to_owned)
        .to_vec();
        assert_eq!(
            for_readme(&lines),
            [
                "Text",
                "```rust",
                "let x = 1;",
                "```",
                "```toml",
                "# a comment",
                "```"
            ]
        );
    }
}
