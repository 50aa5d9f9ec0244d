//! [`Api`]: what a generated crate tells the runtime about its API.

/// What differs per API, as values the generated crate hands the runtime. Built with `const`
/// methods, so a generated crate keeps it in a `static` and new fields are not breaking changes.
///
/// ```
/// use client_runtime::{Api, ClientBuilder};
///
/// static API: Api = Api::new("example-client/1.0.0")
///     .secret_fields(&["access_token", "password"])
///     .base_path("/v1")
///     .schemes(&["access_token", "client_credentials"])
///     .default_credentials(&[("client_credentials", "example", "example")]);
/// // `/v1` is already in every operation's path: a base URL ending with it means the same.
/// let client = ClientBuilder::new("https://api.example.com/v1").api(&API).build()?;
/// assert_eq!(client.base_url(), "https://api.example.com");
/// # Ok::<(), client_runtime::BuildError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Api {
    /// The `User-Agent` header a client sends unless told otherwise (the generated crate's name
    /// and version).
    pub user_agent: &'static str,
    /// Wire names whose values are secrets: masked in any body text an
    /// [`Error`](crate::Error) keeps.
    pub secret_fields: &'static [&'static str],
    /// The path of the API's server (`/v1`), which every operation's path already starts with: a
    /// base URL ending with it is taken without it.
    pub base_path: &'static str,
    /// The names of the API's security schemes: a credential for any other name is refused.
    /// Empty: any name is taken.
    pub schemes: &'static [&'static str],
    /// Credentials the API documents as defaults, as (scheme, username, password) for HTTP
    /// Basic schemes: every client of the API starts with them.
    pub default_credentials: &'static [(&'static str, &'static str, &'static str)],
    /// The spec's server URLs with variables whose values it lists: a base URL of such a form
    /// must hold one of the listed values in each.
    pub servers: &'static [Server],
    /// The answer statuses that mean "come back later" for this API (the spec's
    /// `x-retry-statuses`): what its clients' [`RetryPolicy`](crate::RetryPolicy) retries and
    /// what an event stream waits out. Empty: [`RetryPolicy::DEFAULT_STATUSES`](crate::RetryPolicy::DEFAULT_STATUSES).
    pub retry_statuses: &'static [u16],
}

/// A server URL of the spec with variables (`https://{region}.example.com/{version}`), and the
/// values each variable may take (none listed: any).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Server {
    /// The URL, `{name}` for each variable.
    pub url: &'static str,
    /// Each variable's name and the values the spec lists for it.
    pub variables: &'static [(&'static str, &'static [&'static str])],
}

impl Server {
    /// The server `url` with these `variables`.
    pub const fn new(
        url: &'static str,
        variables: &'static [(&'static str, &'static [&'static str])],
    ) -> Self {
        Self { url, variables }
    }

    /// The first variable of `base_url` that holds a value the spec does not list, with that
    /// value, when `base_url` has this server's form (the same text around the variables; the
    /// path may be left out). A URL of another form (a mock, a proxy) has nothing to check.
    pub(crate) fn misfit(&self, base_url: &str) -> Option<ServerMisfit> {
        let (template_origin, template_path) = split_origin(self.url);
        let (origin, path) = split_origin(base_url);
        let mut values = fill(template_origin, origin)?;
        if !path.is_empty() {
            values.extend(fill(template_path, path).unwrap_or_default());
        }
        for (name, value) in values {
            let Some((name, allowed)) = self.variables.iter().find(|(n, _)| *n == name) else {
                continue;
            };
            if !allowed.is_empty() && !allowed.contains(&value.as_str()) {
                return Some(ServerMisfit {
                    server: self.url,
                    variable: name,
                    value,
                    allowed,
                });
            }
        }
        None
    }
}

/// A base URL of a server's form with a value the spec does not list for one of its variables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ServerMisfit {
    pub server: &'static str,
    pub variable: &'static str,
    pub value: String,
    pub allowed: &'static [&'static str],
}

/// `scheme://host` and the path after it (without a trailing `/`).
fn split_origin(url: &str) -> (&str, &str) {
    let url = url.trim_end_matches('/');
    let start = url.find("://").map_or(0, |at| at + 3);
    match url[start..].find('/') {
        Some(at) => url.split_at(start + at),
        None => (url, ""),
    }
}

/// The value of each `{variable}` of `template` in `text`, when `text` has its form: the text
/// between the variables the same, each value non-empty and without `/`.
fn fill<'t>(template: &'t str, text: &str) -> Option<Vec<(&'t str, String)>> {
    let mut values = Vec::new();
    let mut rest = text;
    let mut pieces = template.split('{');
    let first = pieces.next().unwrap_or_default();
    rest = rest.strip_prefix(first)?;
    for piece in pieces {
        let (name, literal) = piece.split_once('}')?;
        // The value runs to the literal text after it (to the end for the last one).
        let end = if literal.is_empty() {
            rest.len()
        } else {
            rest.find(literal)?
        };
        let value = &rest[..end];
        if value.is_empty() || value.contains('/') {
            return None;
        }
        values.push((name, value.to_owned()));
        rest = &rest[end + literal.len()..];
    }
    rest.is_empty().then_some(values)
}

impl Api {
    /// An API the runtime knows nothing of: this crate's own name as the user agent, no secret
    /// fields (a client's own credentials are masked all the same), any scheme name.
    pub const UNNAMED: Self = Self::new(concat!(
        env!("CARGO_PKG_NAME"),
        "/",
        env!("CARGO_PKG_VERSION")
    ));

    /// An API whose clients send `user_agent`, and nothing else known of it yet.
    pub const fn new(user_agent: &'static str) -> Self {
        Self {
            user_agent,
            secret_fields: &[],
            base_path: "",
            schemes: &[],
            default_credentials: &[],
            servers: &[],
            retry_statuses: &[],
        }
    }

    /// With these statuses retried (see the field).
    pub const fn retry_statuses(self, retry_statuses: &'static [u16]) -> Self {
        Self {
            retry_statuses,
            ..self
        }
    }

    /// With these secret wire names.
    pub const fn secret_fields(self, secret_fields: &'static [&'static str]) -> Self {
        Self {
            secret_fields,
            ..self
        }
    }

    /// With this server path (`/v1`; empty for none).
    pub const fn base_path(self, base_path: &'static str) -> Self {
        Self { base_path, ..self }
    }

    /// With these security scheme names.
    pub const fn schemes(self, schemes: &'static [&'static str]) -> Self {
        Self { schemes, ..self }
    }

    /// With these servers, whose variables a base URL of their form is checked against.
    pub const fn servers(self, servers: &'static [Server]) -> Self {
        Self { servers, ..self }
    }

    /// With these default (scheme, username, password) Basic credentials.
    pub const fn default_credentials(
        self,
        default_credentials: &'static [(&'static str, &'static str, &'static str)],
    ) -> Self {
        Self {
            default_credentials,
            ..self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const REGIONAL: Server = Server::new(
        "https://{region}.example.com/{version}",
        &[("region", &["eu", "us"]), ("version", &[])],
    );

    #[test]
    fn a_url_of_the_servers_form_holds_a_listed_value() {
        assert_eq!(REGIONAL.misfit("https://eu.example.com/v2"), None);
        assert_eq!(REGIONAL.misfit("https://us.example.com"), None);
        let misfit = REGIONAL.misfit("https://mars.example.com/v2/");
        assert_eq!(
            misfit.map(|m| (m.variable, m.value)),
            Some(("region", "mars".to_owned()))
        );
    }

    #[test]
    fn a_url_of_another_form_is_not_checked() {
        assert_eq!(REGIONAL.misfit("http://127.0.0.1:8080"), None);
        assert_eq!(REGIONAL.misfit("https://proxy.internal/example"), None);
        assert_eq!(REGIONAL.misfit("https://a.b.example.org/v2"), None);
    }
}
