//! `cargo xtask mock [SPEC] [--overlay FILE|DIR]... [--port N]`: the repaired Particle API (or any
//! spec) served by Prism on 127.0.0.1 for any client to try, until Ctrl-C.
//!
//! The document is what `cargo xtask spec` exports (or SPEC with its overlays, repaired and
//! converted the same way), with every path under its server's path ([`prism::served_document`],
//! as `conformance` serves it): the client sends `/v1/devices`, and Prism answers it. Prism runs
//! in its static mode, so every answer is the spec's own example (else a value made from the
//! schema), the same on every call.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Context, Result};
use generator::diag::Diagnostic;
use generator::emit::File;
use generator::pipeline;
use generator_cli::generate::lines;
use serde_json::Value;

use crate::codegen::particle_openapi;
use crate::corpus::ScratchSpec;
use crate::files;
use crate::prism::{self, Mock};
use crate::workspace::{OVERLAYS, SPEC, root};

/// The port Prism listens on unless told otherwise (Prism's own default).
pub const DEFAULT_PORT: u16 = 4010;

/// What is served: a name for the messages, and the document as Prism gets it.
struct Served {
    /// The spec and its overlays, as the banner names them.
    name: String,
    /// The file name of the document written for Prism.
    file: String,
    /// The document, its paths under their server's path.
    document: Value,
    /// Whether it is the Particle API (the banner then names `PARTICLE_API_URL`).
    particle: bool,
}

/// Serve `spec` (the Particle API when `None`) with `overlays` on 127.0.0.1:`port` until Ctrl-C.
#[allow(clippy::print_stdout, clippy::print_stderr)]
pub fn mock(spec: Option<&str>, overlays: &[String], port: u16) -> Result<ExitCode> {
    let served = match served(spec, overlays)? {
        Ok(served) => served,
        Err((name, diagnostics)) => {
            eprintln!("{}", lines(&diagnostics));
            eprintln!("{name} has errors; nothing is served");
            return Ok(ExitCode::FAILURE);
        }
    };
    let prism = prism::install()?;
    let dir = root().join("target/mock");
    let contents = serde_json::to_string_pretty(&served.document)? + "\n";
    files::write(
        &dir,
        &[File {
            path: served.file.clone(),
            contents,
        }],
    )
    .with_context(|| format!("writing the document Prism serves under {}", dir.display()))?;

    // Set on Ctrl-C (or a termination signal): Prism is then stopped, and so is this command.
    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst))
        .context("listening for Ctrl-C")?;

    let mut mock = Mock::serve(&prism, &dir.join(&served.file), port)?;
    println!();
    println!(
        "Prism {} serves {} on {}.",
        prism::VERSION,
        served.name,
        mock.base_url
    );
    println!(
        "Every answer is the spec's example (else a value made from its schema), the same each time."
    );
    if served.particle {
        println!("Point the client, an example or your own program at it with");
        println!();
        println!("PARTICLE_API_URL={}", mock.base_url);
        println!();
        println!(
            "and any access token; or call it yourself: curl -H 'Authorization: Bearer x' {}/v1/devices",
            mock.base_url
        );
    } else {
        println!("Its paths keep the path of the spec's server in front, as a client sends them.");
    }
    println!("Ctrl-C stops it.");
    mock.serve_until(&stop)?;
    drop(mock);
    println!("stopped the mock server");
    Ok(ExitCode::SUCCESS)
}

/// The document to serve for `spec` (the Particle API when `None`) and `overlays`, or the
/// spec's name and every diagnostic of a failed run.
fn served(
    spec: Option<&str>,
    overlays: &[String],
) -> Result<std::result::Result<Served, (String, Vec<Diagnostic>)>> {
    let (name, file, openapi, particle) = match spec {
        None => {
            let name = format!("{SPEC} with {OVERLAYS}/");
            let openapi = particle_openapi(&root())?;
            (name, "particle.json".to_owned(), openapi, true)
        }
        Some(spec) => {
            let scratch = ScratchSpec::read(Path::new(spec), overlays, "mock")?;
            // The overlays as given (a folder by its name), else the sibling file found.
            let overlay_names: Vec<&str> = if overlays.is_empty() {
                scratch.overlays.iter().map(|o| o.name.as_str()).collect()
            } else {
                overlays.iter().map(String::as_str).collect()
            };
            let name = match overlay_names.as_slice() {
                [] => spec.to_owned(),
                names => format!("{spec} with {}", names.join(", ")),
            };
            let stem = scratch.stem.split('.').next().unwrap_or_default();
            let file = format!("{}.json", if stem.is_empty() { "spec" } else { stem });
            let sources = scratch.overlay_sources();
            let openapi = pipeline::run(&scratch.input(&sources)).map(|output| output.openapi);
            (name, file, openapi, false)
        }
    };
    Ok(match openapi {
        Ok(openapi) => Ok(Served {
            name,
            file,
            document: prism::served_document(&openapi),
            particle,
        }),
        Err(diagnostics) => Err((name, diagnostics)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Particle document as the mock serves it: every path under its server's path, as the
    /// client sends it (`/v1/devices`; the token endpoint, whose server has no path, at
    /// `/oauth/token`), none lost to another with the same route.
    #[test]
    fn particle_paths_are_served_as_the_client_sends_them() {
        let Ok(Served {
            document, particle, ..
        }) = served(None, &[]).expect("the inputs read")
        else {
            panic!("the Particle spec has errors");
        };
        assert!(particle);
        let converted = particle_openapi(&root())
            .expect("the inputs read")
            .expect("no errors");
        let paths = document["paths"].as_object().expect("paths");
        assert_eq!(
            paths.len(),
            converted["paths"].as_object().expect("paths").len()
        );
        assert!(paths.contains_key("/v1/devices"));
        assert!(paths["/v1/devices"].get("get").is_some());
        assert!(paths.contains_key("/oauth/token"));
        let astray: Vec<&String> = paths
            .keys()
            .filter(|path| !path.starts_with("/v1/") && *path != "/oauth/token")
            .collect();
        assert!(astray.is_empty(), "paths not under /v1/: {astray:?}");
        // The document is otherwise what `cargo xtask spec` exports.
        assert_eq!(document["servers"], converted["servers"]);
        assert_eq!(document["components"], converted["components"]);
    }

    /// Another spec is served under its own server path, its sibling overlay applied.
    #[test]
    fn another_spec_is_served_under_its_server_path() {
        let dir = root().join("target/mock-test");
        std::fs::create_dir_all(&dir).expect("a scratch folder");
        let spec = dir.join("shop.yaml");
        std::fs::write(
            &spec,
            "openapi: 3.0.3\ninfo: {title: Shop, version: '1'}\n\
             servers: [{url: 'https://shop.example.com/api/v2'}]\n\
             paths:\n  /orders:\n    get:\n      operationId: listOrders\n      \
             responses: {'200': {description: the orders}}\n",
        )
        .expect("the spec is written");
        std::fs::write(
            dir.join("shop.overlay.yaml"),
            "overlay: 1.0.0\ninfo: {title: more, version: '1'}\nactions:\n  - target: $.paths\n    \
             update:\n      /orders/{id}:\n        get:\n          operationId: getOrder\n          \
             parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n          \
             responses: {'200': {description: one order}}\n",
        )
        .expect("the overlay is written");
        let path = spec.display().to_string();
        let Ok(Served {
            document,
            particle,
            file,
            name,
        }) = served(Some(&path), &[]).expect("the inputs read")
        else {
            panic!("the spec has errors");
        };
        assert!(!particle);
        assert_eq!(file, "shop.json");
        assert!(name.ends_with("shop.overlay.yaml"), "{name}");
        let mut routes: Vec<&String> = document["paths"]
            .as_object()
            .expect("paths")
            .keys()
            .collect();
        routes.sort_unstable();
        assert_eq!(routes, ["/api/v2/orders", "/api/v2/orders/{id}"]);
    }

    /// A spec with errors is reported, with its diagnostics, not served.
    #[test]
    fn a_spec_with_errors_is_not_served() {
        let dir = root().join("target/mock-test");
        std::fs::create_dir_all(&dir).expect("a scratch folder");
        let spec = dir.join("broken.yaml");
        std::fs::write(&spec, "openapi: 3.0.3\npaths: [not, a, map]\n").expect("written");
        let path = spec.display().to_string();
        let Err((name, diagnostics)) = served(Some(&path), &[]).expect("the inputs read") else {
            panic!("a broken spec was served");
        };
        assert_eq!(name, path);
        assert!(diagnostics.iter().any(Diagnostic::is_error));
    }
}
