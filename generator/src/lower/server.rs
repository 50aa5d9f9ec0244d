//! Servers: one default base URL (scheme and host) for the client, and a path prefix per operation.
//!
//! An operation may declare its own `servers` (Particle's `/oauth/token` lives at the root while
//! everything else is under `/v1`). The client keeps one base URL that a user can point elsewhere,
//! so each operation's server path becomes a prefix of its path instead.

use openapiv3::{OpenAPI, Server};

use crate::diag::{Diagnostic, Diagnostics};
use crate::ident::{self, Scope};
use crate::ir::{ServerChoice, ServerVariable};

/// The servers of a document, split into origin and path prefix.
pub(crate) struct Servers {
    /// `scheme://host[:port]` of the first document-level server, if it has one.
    pub base_url: Option<String>,
    /// The path part of the first document-level server, without a trailing slash.
    pub prefix: String,
}

/// Split a server URL into (`scheme://host`, path), substituting variable defaults. A
/// protocol-relative URL (`//host/path`) is resolved with `https:`, the scheme a client of an API
/// should use (RFC 3986 resolves it against the document's own URL, which a generator has not).
fn split(server: &Server) -> (Option<String>, String) {
    let mut url = server.url.clone();
    if let Some(variables) = &server.variables {
        for (name, variable) in variables {
            url = url.replace(&format!("{{{name}}}"), &variable.default);
        }
    }
    if url.starts_with("//") {
        url.insert_str(0, "https:");
    }
    let (origin, path) = match url.find("://") {
        Some(scheme_end) => {
            let rest_start = scheme_end + 3;
            match url.get(rest_start..).and_then(|rest| rest.find('/')) {
                Some(slash) => {
                    let at = rest_start + slash;
                    (
                        Some(url.get(..at).unwrap_or_default().to_owned()),
                        url.get(at..).unwrap_or_default().to_owned(),
                    )
                }
                None => (Some(url.clone()), String::new()),
            }
        }
        None => (None, url.clone()),
    };
    (origin, path.trim_end_matches('/').to_owned())
}

/// The spec's absolute servers, each named: by its description (`Sandbox` → `SANDBOX`), else by
/// its host, else by its place. A server without variables is a constant; one with variables a
/// function of them, each variable with an `enum` an enum type.
pub(crate) fn choices(spec: &OpenAPI) -> Vec<ServerChoice> {
    let mut names = Scope::with_reserved(&["DEFAULT_BASE_URL"]);
    let mut types = Scope::default();
    let mut choices = Vec::new();
    for (index, server) in spec.servers.iter().enumerate() {
        let mut url = server.url.clone();
        if url.starts_with("//") {
            url.insert_str(0, "https:");
        }
        // A relative server has no origin to offer.
        if !url.contains("://") {
            continue;
        }
        let host = url
            .split("://")
            .nth(1)
            .and_then(|rest| rest.split(['/', ':']).next())
            .filter(|host| !host.contains('{'))
            .map(str::to_owned);
        let stem = server
            .description
            .clone()
            .or(host)
            .unwrap_or_else(|| format!("server {}", index + 1));
        let mut variables: Vec<ServerVariable> = Vec::new();
        let mut arguments = Scope::default();
        if let Some(declared) = &server.variables {
            // In the order the URL names them.
            let mut named: Vec<(usize, &String, &openapiv3::ServerVariable)> = declared
                .iter()
                .filter_map(|(name, variable)| {
                    Some((url.find(&format!("{{{name}}}"))?, name, variable))
                })
                .collect();
            named.sort_by_key(|(at, ..)| *at);
            for (_, wire, variable) in named {
                let ty = if variable.enumeration.is_empty() {
                    String::new()
                } else {
                    types.claim(ident::camel(&format!("{stem} {wire}")))
                };
                variables.push(ServerVariable {
                    wire: wire.clone(),
                    name: arguments.claim(ident::snake(wire)),
                    default: variable.default.clone(),
                    values: variable.enumeration.clone(),
                    ty,
                    doc: variable.description.clone(),
                });
            }
        }
        let name = if variables.is_empty() {
            ident::snake(&stem)
                .trim_start_matches("r#")
                .to_ascii_uppercase()
        } else {
            ident::snake(&stem)
        };
        choices.push(ServerChoice {
            name: names.claim(name),
            url,
            doc: server.description.clone(),
            variables,
        });
    }
    choices
}

impl Servers {
    pub(crate) fn new(spec: &OpenAPI) -> Self {
        match spec.servers.first() {
            Some(server) => {
                let (base_url, prefix) = split(server);
                Self { base_url, prefix }
            }
            None => Self {
                base_url: None,
                prefix: String::new(),
            },
        }
    }

    /// The path prefix for an operation that declares `servers` (its own or its path item's).
    pub(crate) fn prefix_for(
        &self,
        servers: &[Server],
        pointer: &str,
        diagnostics: &mut Diagnostics,
    ) -> String {
        let Some(server) = servers.first() else {
            return self.prefix.clone();
        };
        let (origin, prefix) = split(server);
        if origin.is_some() && origin != self.base_url {
            diagnostics.push(Diagnostic::warning(
                "server-origin-differs",
                pointer.to_owned(),
                format!(
                    "this operation's server `{}` has another origin than the default base URL; \
                     only its path is kept, so the request goes to the client's base URL",
                    server.url
                ),
            ));
        }
        prefix
    }
}

#[cfg(test)]
mod tests {
    use openapiv3::Server;

    fn split(url: &str) -> (Option<String>, String) {
        super::split(&Server {
            url: url.to_owned(),
            ..Server::default()
        })
    }

    #[test]
    fn servers_split_into_origin_and_path() {
        let origin = |text: &str| Some(text.to_owned());
        assert_eq!(
            split("https://api.example.com/v1/"),
            (origin("https://api.example.com"), "/v1".to_owned())
        );
        assert_eq!(
            split("//api.protorel.example/pg"),
            (origin("https://api.protorel.example"), "/pg".to_owned())
        );
        assert_eq!(split("/api/v3"), (None, "/api/v3".to_owned()));
        assert_eq!(
            split("http://localhost:8080"),
            (origin("http://localhost:8080"), String::new())
        );
    }
}
