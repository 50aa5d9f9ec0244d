//! `cfg` predicates read from an entry's [`super::Item::cfg`] text, and whether the builds one
//! set of them allows are all builds another allows: an item whose `cfg` goes from `feature =
//! "a"` to `any(feature = "a", feature = "b")` is compiled in more builds, not fewer, and code
//! using it keeps compiling.

use syn::punctuated::Punctuated;
use syn::{Meta, Token};

/// A `cfg` predicate: an option (`test`, `feature = "mock"`) or `any`, `all`, `not` of others.
#[derive(Debug, PartialEq, Eq)]
enum Predicate {
    /// An option, as written: `feature = "mock"`.
    Option(String),
    Any(Vec<Predicate>),
    All(Vec<Predicate>),
    Not(Box<Predicate>),
}

/// Whether every build where all of `old` hold is a build where all of `new` hold: the item
/// is still compiled wherever it was. Sound, not complete: a predicate it cannot read, or an
/// implication it would need a truth table for, answers `false`.
pub(super) fn still_compiled(old: &[String], new: &[String]) -> bool {
    let Some(old) = old.iter().map(|cfg| parse(cfg)).collect::<Option<Vec<_>>>() else {
        return false;
    };
    let old = Predicate::All(old);
    new.iter()
        .all(|cfg| parse(cfg).is_some_and(|new| implies(&old, &new)))
}

/// A predicate from its text, `None` if it is not one.
fn parse(text: &str) -> Option<Predicate> {
    syn::parse_str::<Meta>(text)
        .ok()
        .and_then(|meta| read(&meta))
}

fn read(meta: &Meta) -> Option<Predicate> {
    let Meta::List(list) = meta else {
        let text = quote::ToTokens::to_token_stream(meta).to_string();
        return Some(Predicate::Option(text));
    };
    let inner = list
        .parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated)
        .ok()?
        .iter()
        .map(read)
        .collect::<Option<Vec<_>>>()?;
    let name = list.path.get_ident()?.to_string();
    match (name.as_str(), <[Predicate; 1]>::try_from(inner)) {
        ("not", Ok([only])) => Some(Predicate::Not(Box::new(only))),
        ("any", Ok(items)) => Some(Predicate::Any(items.into())),
        ("all", Ok(items)) => Some(Predicate::All(items.into())),
        ("any", Err(items)) => Some(Predicate::Any(items)),
        ("all", Err(items)) => Some(Predicate::All(items)),
        _ => None,
    }
}

/// Whether `a` implies `b`, by the structure of the two (each rule splits one side).
fn implies(a: &Predicate, b: &Predicate) -> bool {
    if a == b {
        return true;
    }
    // Every alternative of `a` must give `b`; `a` must give every part of `b`.
    let by_a = match a {
        Predicate::Any(items) => items.iter().all(|item| implies(item, b)),
        Predicate::All(items) => items.iter().any(|item| implies(item, b)),
        _ => false,
    };
    by_a || match b {
        Predicate::Any(items) => items.iter().any(|item| implies(a, item)),
        Predicate::All(items) => items.iter().all(|item| implies(a, item)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::still_compiled;

    fn cfgs(list: &[&str]) -> Vec<String> {
        list.iter().map(|cfg| (*cfg).to_owned()).collect()
    }

    fn holds(old: &[&str], new: &[&str]) -> bool {
        still_compiled(&cfgs(old), &cfgs(new))
    }

    #[test]
    fn more_features_are_more_builds() {
        let a = "feature = \"a\"";
        let a_or_b = "any(feature = \"a\", feature = \"b\")";
        let a_or_b_or_c = "any(feature = \"a\", feature = \"b\", feature = \"c\")";
        assert!(holds(&[a], &[a_or_b]));
        assert!(holds(&[a_or_b], &[a_or_b_or_c]));
        assert!(holds(&[a_or_b], &[]));
        assert!(holds(&[a, "feature = \"mock\""], &[a_or_b]));
        // Fewer features, or other ones, are fewer builds.
        assert!(!holds(&[a_or_b], &[a]));
        assert!(!holds(
            &[a_or_b],
            &["any(feature = \"a\", feature = \"c\")"]
        ));
        assert!(!holds(&[], &[a]));
        assert!(!holds(&[a], &["feature = \"b\""]));
    }

    #[test]
    fn all_and_not_are_read_and_unknown_text_is_no_proof() {
        let both = "all(feature = \"a\", feature = \"b\")";
        assert!(holds(&[both], &["feature = \"b\""]));
        assert!(!holds(&["feature = \"b\""], &[both]));
        assert!(holds(&["not(test)"], &["not(test)"]));
        assert!(!holds(&["not(test)"], &["not(feature = \"a\")"]));
        assert!(holds(&["any(unix, windows)"], &["any(windows, unix)"]));
        assert!(!holds(&["feature = "], &["feature = "]));
    }
}
