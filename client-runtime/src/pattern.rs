//! `pattern`s that tell the string alternatives of a union apart (nexus's `IpNet`: an IPv4 or an
//! IPv6 subnet, both strings). Part of the runtime, copied only into crates with such a union, as
//! it brings the `regex` dependency.

use std::sync::OnceLock;

/// A regular expression compiled the first time a value is checked against it.
pub struct Pattern {
    source: &'static str,
    compiled: OnceLock<Option<::regex::Regex>>,
}

impl Pattern {
    /// The pattern `source` (checked by the generator to compile).
    pub const fn new(source: &'static str) -> Self {
        Self {
            source,
            compiled: OnceLock::new(),
        }
    }

    /// Whether `text` matches. A pattern that does not compile here rejects nothing.
    pub fn matches(&self, text: &str) -> bool {
        self.compiled
            .get_or_init(|| ::regex::Regex::new(self.source).ok())
            .as_ref()
            .is_none_or(|regex| regex.is_match(text))
    }
}
