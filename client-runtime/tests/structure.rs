//! The crate's modules depend on each other without a circle: when module A names an item of
//! module B (by a `use`, or a `crate::…` path in its code, directly or through a re-export of
//! `lib.rs`), B names none of A's, however indirectly. Read from the sources with `syn`; doc
//! comments, `#[cfg(test)]` modules and `macro_rules!` bodies do not count.

// Helpers outside `#[test]` functions fail the test by panicking, as tests do.
#![allow(clippy::panic)]

mod source;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::ToTokens;
use source::{Sources, is_cfg_test, item_attrs, use_paths};

/// For each module, the modules it names items of, each with the names it uses there.
type Graph = BTreeMap<String, BTreeMap<String, BTreeSet<String>>>;

/// Which modules each module of `sources` depends on.
fn dependencies(sources: &Sources) -> Graph {
    let mut graph = Graph::new();
    for (module, file) in &sources.modules {
        let uses = graph.entry(module.clone()).or_default();
        for item in &file.items {
            if is_cfg_test(item_attrs(item)) || matches!(item, syn::Item::Macro(_)) {
                continue;
            }
            let mut paths = Vec::new();
            if let syn::Item::Use(item) = item {
                use_paths(&item.tree, &mut Vec::new(), &mut paths);
            } else {
                crate_paths(item.to_token_stream(), &mut paths);
            }
            for (path, _) in paths {
                if let Some((target, name)) = target(sources, &path)
                    && target != *module
                {
                    uses.entry(target).or_default().insert(name);
                }
            }
        }
    }
    graph
}

/// The module a `use` or inline path names an item of, and the name it uses: `crate::m::Item`
/// and `crate::m` are `m`'s, `crate::Item` is the module `lib.rs` re-exports it from (`super::`
/// is `crate::` for these top-level modules). `None` for other crates' items.
fn target(sources: &Sources, path: &[String]) -> Option<(String, String)> {
    let [first, name, rest @ ..] = path else {
        return None;
    };
    if first != "crate" && first != "super" {
        return None;
    }
    if sources.modules.contains_key(name) {
        let used = rest.first().cloned().unwrap_or_else(|| "self".to_owned());
        return Some((name.clone(), used));
    }
    sources
        .root_name(name)
        .map(|(module, _)| (module, format!("crate::{name}")))
}

/// Every `crate::…` and `super::…` path in `tokens` (a braced group after `crate::` gives one
/// path per entry). Doc comments are string literals here, never paths.
fn crate_paths(tokens: TokenStream, out: &mut Vec<(Vec<String>, Option<String>)>) {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    for (index, tree) in trees.iter().enumerate() {
        if let TokenTree::Group(group) = tree {
            crate_paths(group.stream(), out);
            continue;
        }
        let TokenTree::Ident(start) = tree else {
            continue;
        };
        let after_dollar = index
            .checked_sub(1)
            .and_then(|i| trees.get(i))
            .is_some_and(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == '$'));
        if (start != "crate" && start != "super") || after_dollar {
            continue;
        }
        let mut path = vec![start.to_string()];
        let mut at = index + 1;
        while is_path_sep(&trees, at) {
            match trees.get(at + 2) {
                Some(TokenTree::Ident(segment)) => {
                    path.push(segment.to_string());
                    at += 3;
                }
                Some(TokenTree::Group(group)) if group.delimiter() == Delimiter::Brace => {
                    for first in group_entries(group.stream()) {
                        let mut entry = path.clone();
                        entry.push(first);
                        out.push((entry, None));
                    }
                    break;
                }
                _ => break,
            }
        }
        out.push((path, None));
    }
}

/// Whether `trees[at..]` starts with `::`.
fn is_path_sep(trees: &[TokenTree], at: usize) -> bool {
    matches!(
        (trees.get(at), trees.get(at + 1)),
        (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b))) if a.as_char() == ':' && b.as_char() == ':'
    )
}

/// The first name of each comma-separated entry of a `use` group (`{a::B, c}`: `a`, `c`).
fn group_entries(tokens: TokenStream) -> Vec<String> {
    let mut entries = Vec::new();
    let mut at_start = true;
    for tree in tokens {
        match tree {
            TokenTree::Ident(ident) if at_start => {
                entries.push(ident.to_string());
                at_start = false;
            }
            TokenTree::Punct(punct) if punct.as_char() == ',' => at_start = true,
            _ => at_start = false,
        }
    }
    entries
}

/// A circle of dependencies in `graph` (`[a, b, …, a]`), the first in name order; `None` when
/// there is none. A module that names its own items does not count.
fn find_cycle<V>(graph: &BTreeMap<String, BTreeMap<String, V>>) -> Option<Vec<String>> {
    /// Depth-first search from `node`; `path` holds the nodes being visited.
    fn visit<V>(
        graph: &BTreeMap<String, BTreeMap<String, V>>,
        node: &str,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(start) = path.iter().position(|n| n == node) {
            let mut cycle = path.get(start..).unwrap_or_default().to_vec();
            cycle.push(node.to_owned());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_owned());
        for next in graph.get(node).into_iter().flat_map(BTreeMap::keys) {
            if next == node {
                continue;
            }
            if let Some(cycle) = visit(graph, next, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|node| visit(graph, node, &mut Vec::new(), &mut done))
}

/// `graph` as lines `a -> b (names)`, for a failure message.
fn describe(graph: &Graph) -> String {
    let mut text = String::new();
    for (module, uses) in graph {
        for (target, names) in uses {
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            text.push_str(&format!("{module} -> {target} ({})\n", names.join(", ")));
        }
    }
    text
}

fn crate_sources() -> Sources {
    Sources::read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), "lib.rs")
}

#[test]
fn the_modules_depend_on_each_other_without_a_circle() {
    let graph = dependencies(&crate_sources());
    if let Some(cycle) = find_cycle(&graph) {
        panic!(
            "the modules {} depend on each other in a circle:\n{}",
            cycle.join(" -> "),
            describe(&graph)
        );
    }
}

#[test]
fn the_graph_sees_uses_through_use_items_reexports_and_inline_paths() {
    // Guards the test above against a reader that sees nothing: dependencies the crate has.
    let graph = dependencies(&crate_sources());
    let uses = |from: &str, to: &str| graph.get(from).is_some_and(|uses| uses.contains_key(to));
    // `use crate::auth::{…}`, `use crate::{Api, …}` (re-exported), `crate::redact::redact(…)`.
    for (from, to) in [("client", "auth"), ("client", "api"), ("client", "redact")] {
        assert!(
            uses(from, to),
            "{from} -> {to} missing:\n{}",
            describe(&graph)
        );
    }
    // `call.rs` names `crate::EventStream` (from `sse`) in an impl header.
    assert!(uses("call", "sse"), "{}", describe(&graph));
    // Only doc comments of `client.rs` name `Call`.
    assert!(!uses("client", "call"), "{}", describe(&graph));
}

/// A graph from `(from, to)` pairs.
fn made_up(edges: &[(&str, &str)]) -> BTreeMap<String, BTreeMap<String, ()>> {
    let mut graph: BTreeMap<String, BTreeMap<String, ()>> = BTreeMap::new();
    for (from, to) in edges {
        graph
            .entry((*from).to_owned())
            .or_default()
            .insert((*to).to_owned(), ());
        graph.entry((*to).to_owned()).or_default();
    }
    graph
}

#[test]
fn the_cycle_finder_finds_circles_and_only_circles() {
    let circle = made_up(&[("a", "b"), ("b", "c"), ("c", "a"), ("d", "a")]);
    assert_eq!(
        find_cycle(&circle),
        Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
    );
    let pair = made_up(&[("x", "y"), ("y", "x")]);
    assert_eq!(
        find_cycle(&pair),
        Some(vec!["x".into(), "y".into(), "x".into()])
    );
    // A circle that does not pass through the node the search starts from.
    let late = made_up(&[("a", "s"), ("b", "s"), ("s", "t"), ("t", "u"), ("u", "t")]);
    assert_eq!(
        find_cycle(&late),
        Some(vec!["t".into(), "u".into(), "t".into()])
    );
    let diamond = made_up(&[("a", "b"), ("a", "c"), ("b", "d"), ("c", "d"), ("d", "e")]);
    assert_eq!(find_cycle(&diamond), None);
    let own = made_up(&[("a", "a"), ("a", "b")]);
    assert_eq!(find_cycle(&own), None, "a module naming its own items");
}

#[test]
fn a_circle_through_a_reexport_or_an_inline_path_is_caught() {
    let root = "mod a; mod b; pub use b::Thing;";
    // `a` uses `b` through the root's re-export; `b` calls into `a` in a function body.
    let sources = Sources::parse(
        root,
        [
            ("a", "use crate::Thing; pub fn helper() {}"),
            ("b", "pub struct Thing; fn f() { crate::a::helper() }"),
        ],
    );
    let graph = dependencies(&sources);
    assert_eq!(
        find_cycle(&graph),
        Some(vec!["a".into(), "b".into(), "a".into()]),
        "{}",
        describe(&graph)
    );
    // `super::` and a `use` group inside a function count as well.
    let sources = Sources::parse(
        root,
        [
            ("a", "fn g() { use crate::{b::Thing, Thing as Again}; }"),
            ("b", "pub struct Thing; use super::a;"),
        ],
    );
    let graph = dependencies(&sources);
    assert!(find_cycle(&graph).is_some(), "{}", describe(&graph));
}

#[test]
fn doc_comments_test_modules_and_macro_bodies_do_not_count() {
    let sources = Sources::parse(
        "mod a; mod b; pub use b::Thing;",
        [
            ("a", "pub fn helper() {} use crate::Thing;"),
            (
                "b",
                "/// See [`crate::a::helper`].\n\
                 pub struct Thing;\n\
                 #[cfg(test)] mod tests { use crate::a::helper; }\n\
                 macro_rules! m { () => { $crate::a::helper() }; }",
            ),
        ],
    );
    let graph = dependencies(&sources);
    assert_eq!(find_cycle(&graph), None, "{}", describe(&graph));
    assert!(graph.get("a").is_some_and(|uses| uses.contains_key("b")));
}
