//! The one place where spec names become Rust identifiers: case, keywords, digits, empties, collisions.
//!
//! Every naming decision goes through here so that two parts of the generator can never disagree on
//! what a thing is called, and so the wire name is kept (`#[serde(rename)]`) whenever it differs.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Words that cannot be raw identifiers (`r#self` is invalid), so they get a trailing underscore.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "extern", "_"];

/// Strict and reserved keywords of Rust 2024, which become raw identifiers (`r#type`).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop",
    "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return", "static",
    "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use", "virtual",
    "where", "while", "yield",
];

/// Replace characters that heck treats as letters but Rust does not accept with word breaks.
fn words(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect()
}

/// Make `candidate` a valid identifier: not empty, not starting with a digit, not a keyword.
fn legal(candidate: String, fallback: &str, leading_digit_prefix: &str) -> String {
    let mut name = if candidate.is_empty() {
        fallback.to_owned()
    } else {
        candidate
    };
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, leading_digit_prefix);
    }
    if NOT_RAW.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// A `snake_case` identifier (fields, methods, parameters), as written in source: keywords come back
/// as `r#type`.
pub fn snake(name: &str) -> String {
    let name = legal(words(name).to_snake_case(), "value", "_");
    if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// An `UpperCamelCase` identifier (types, variants).
pub fn camel(name: &str) -> String {
    let name = legal(words(name).to_upper_camel_case(), "Value", "V");
    if name == "Self" {
        "Self_".to_owned()
    } else {
        name
    }
}

/// Hands out names that are unique within one scope, adding `2`, `3`, … to later collisions in the
/// order names are asked for, so the result depends only on the (sorted) input order.
#[derive(Debug, Default)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    /// A scope in which `reserved` names are already taken (e.g. generated locals).
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Self {
            taken: reserved.iter().map(|name| (*name).to_owned()).collect(),
        }
    }

    /// `name` if free, else the first free `name2`, `name3`, …
    pub fn claim(&mut self, name: String) -> String {
        if self.taken.insert(name.clone()) {
            return name;
        }
        let (stem, suffix) = match name.strip_prefix("r#") {
            Some(stem) => (stem.to_owned(), ""),
            None => (name.clone(), ""),
        };
        let mut n = 2usize;
        loop {
            let candidate = format!("{stem}{suffix}{n}");
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
            n += 1;
        }
    }
}

/// The identifier text without a raw prefix (for building derived names).
pub fn bare(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(snake("deviceID"), "device_id");
        assert_eq!(snake("type"), "r#type");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("2fa"), "_2fa");
        assert_eq!(snake(""), "value");
        assert_eq!(snake("x-rate-limit"), "x_rate_limit");
        assert_eq!(camel("access_token info"), "AccessTokenInfo");
        assert_eq!(camel("200"), "V200");
        assert_eq!(camel("self"), "Self_");
        let mut scope = Scope::with_reserved(&["client"]);
        assert_eq!(scope.claim("client".into()), "client2");
        assert_eq!(scope.claim("r#type".into()), "r#type");
        assert_eq!(scope.claim("r#type".into()), "type2");
    }
}
