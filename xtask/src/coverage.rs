//! `cargo xtask coverage`: how much of the Particle Cloud API the client reaches, as two numbers:
//! the routes of Particle's documentation (`specs/particle/documented-routes.json`, built from
//! the docs repository's data at a recorded commit) and those of the official JavaScript client
//! (`specs/particle/particle-api-js-routes.json`). Every missing route is listed with its reason.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use generator_cli::generate::lines;
use serde::Deserialize;

use crate::codegen;
use crate::workspace::root;

/// The routes of Particle's documentation, from the workspace root.
pub const DOCUMENTED: &str = "specs/particle/documented-routes.json";
/// The routes particle-api-js calls, from the workspace root.
pub const API_JS: &str = "specs/particle/particle-api-js-routes.json";

/// The share of documented routes the client must reach.
const DOCUMENTED_TARGET: f64 = 95.0;
/// The share of particle-api-js's routes it must reach.
const API_JS_TARGET: f64 = 100.0;

/// `documented-routes.json`.
#[derive(Debug, Deserialize)]
struct Documented {
    docs_commit: String,
    routes: Vec<DocumentedRoute>,
}

#[derive(Debug, Deserialize)]
struct DocumentedRoute {
    route: String,
    group: String,
    title: String,
    /// Why the client leaves the route out, when it does on purpose.
    #[serde(default)]
    left_out: Option<String>,
}

/// `particle-api-js-routes.json`.
#[derive(Debug, Deserialize)]
struct ApiJs {
    routes: Vec<ApiJsRoute>,
}

#[derive(Debug, Deserialize)]
struct ApiJsRoute {
    route: String,
    js_methods: Vec<String>,
}

/// A route with its path parameters unnamed: `GET /v1/devices/{}`.
fn key(route: &str) -> String {
    let mut out = String::with_capacity(route.len());
    let mut in_param = false;
    for c in route.trim_end_matches('/').chars() {
        match c {
            '{' => {
                in_param = true;
                out.push_str("{}");
            }
            '}' => in_param = false,
            _ if in_param => {}
            _ => out.push(c),
        }
    }
    out
}

/// One list compared with the client's routes.
struct Share {
    have: usize,
    total: usize,
}

impl Share {
    fn percent(&self) -> f64 {
        if self.total == 0 {
            100.0
        } else {
            self.have as f64 * 100.0 / self.total as f64
        }
    }
}

/// The report, and whether both shares meet their targets.
fn report(client: &BTreeSet<String>, documented: &Documented, api_js: &ApiJs) -> (String, bool) {
    let mut text = String::new();
    let mut missing: BTreeMap<&str, Vec<&DocumentedRoute>> = BTreeMap::new();
    let mut docs = Share {
        have: 0,
        total: documented.routes.len(),
    };
    for route in &documented.routes {
        if client.contains(&key(&route.route)) {
            docs.have += 1;
        } else {
            missing.entry(&route.group).or_default().push(route);
        }
    }
    let js_missing: Vec<&ApiJsRoute> = api_js
        .routes
        .iter()
        .filter(|r| !client.contains(&key(&r.route)))
        .collect();
    let js = Share {
        have: api_js.routes.len() - js_missing.len(),
        total: api_js.routes.len(),
    };
    if !missing.is_empty() {
        let count: usize = missing.values().map(Vec::len).sum();
        let _ = writeln!(
            text,
            "documented routes the client lacks ({count}), by group:"
        );
        for (group, routes) in &missing {
            let _ = writeln!(text, "  {group}");
            for route in routes {
                let reason = route.left_out.as_deref().unwrap_or("not built yet");
                let _ = writeln!(text, "    {}: {} ({reason})", route.route, route.title);
            }
        }
    }
    for route in &js_missing {
        let _ = writeln!(
            text,
            "particle-api-js route the client lacks: {} ({})",
            route.route,
            route.js_methods.join(", ")
        );
    }
    let verdict = |share: &Share, target: f64| {
        if share.percent() >= target {
            "met"
        } else {
            "BELOW"
        }
    };
    let _ = writeln!(
        text,
        "documented routes (particle-iot/docs at {}): {} of {} ({:.1}%), target {DOCUMENTED_TARGET}%: {}",
        &documented.docs_commit[..documented.docs_commit.len().min(12)],
        docs.have,
        docs.total,
        docs.percent(),
        verdict(&docs, DOCUMENTED_TARGET)
    );
    let _ = writeln!(
        text,
        "particle-api-js routes: {} of {} ({:.1}%), target {API_JS_TARGET}%: {}",
        js.have,
        js.total,
        js.percent(),
        verdict(&js, API_JS_TARGET)
    );
    let met = docs.percent() >= DOCUMENTED_TARGET && js.percent() >= API_JS_TARGET;
    (text, met)
}

/// `cargo xtask coverage`.
#[allow(clippy::print_stdout, clippy::print_stderr)]
pub fn coverage() -> Result<ExitCode> {
    let root = root();
    let particle = codegen::targets(&root)
        .into_iter()
        .next()
        .context("no targets")?;
    let output = match codegen::generate_target(&root, &particle)? {
        Ok((output, _)) => output,
        Err(diagnostics) => {
            eprintln!("{}:\n{}", particle.spec, lines(&diagnostics));
            return Ok(ExitCode::FAILURE);
        }
    };
    let client: BTreeSet<String> = output
        .api
        .operations
        .iter()
        .map(|op| key(&format!("{} {}", op.method, op.path)))
        .collect();
    let (text, met) = report(
        &client,
        &read_json(&root, DOCUMENTED)?,
        &read_json(&root, API_JS)?,
    );
    print!("{text}");
    Ok(if met {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn read_json<T: for<'de> Deserialize<'de>>(root: &Path, path: &str) -> Result<T> {
    let text = fs::read_to_string(root.join(path)).with_context(|| format!("reading {path}"))?;
    serde_json::from_str(&text).with_context(|| format!("reading {path}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_match_whatever_their_parameters_are_called() {
        assert_eq!(
            key("GET /v1/products/{productIdOrSlug}/devices/{deviceId}/"),
            "GET /v1/products/{}/devices/{}"
        );
        assert_eq!(key("DELETE /v1/env/{}"), "DELETE /v1/env/{}");
    }

    #[test]
    fn shares_below_their_targets_fail_and_every_missing_route_is_named() {
        let documented = Documented {
            docs_commit: "555a74a36ae031e2d67f899a7d0bdff5e32376f4".to_owned(),
            routes: vec![
                DocumentedRoute {
                    route: "GET /v1/devices/{deviceId}".to_owned(),
                    group: "Devices".to_owned(),
                    title: "Get device information".to_owned(),
                    left_out: None,
                },
                DocumentedRoute {
                    route: "GET /v1/orgs".to_owned(),
                    group: "Organizations".to_owned(),
                    title: "List organizations".to_owned(),
                    left_out: Some("needs an organization account".to_owned()),
                },
            ],
        };
        let api_js = ApiJs {
            routes: vec![ApiJsRoute {
                route: "GET /v1/devices/{}".to_owned(),
                js_methods: vec!["getDevice".to_owned()],
            }],
        };
        let client: BTreeSet<String> = [key("GET /v1/devices/{id}")].into();
        let (text, met) = report(&client, &documented, &api_js);
        assert!(!met, "{text}");
        assert!(
            text.contains("GET /v1/orgs: List organizations (needs an organization account)"),
            "{text}"
        );
        assert!(text.contains("1 of 2 (50.0%)"), "{text}");
        assert!(
            text.contains("particle-api-js routes: 1 of 1 (100.0%)"),
            "{text}"
        );
        let everything: BTreeSet<String> = [key("GET /v1/devices/{}"), key("GET /v1/orgs")].into();
        assert!(report(&everything, &documented, &api_js).1);
    }
}
