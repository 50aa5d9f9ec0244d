//! Reading the crate's own sources for the structural tests: every `src/*.rs` file parsed with
//! `syn`, the root's re-exports, names resolved to the module that defines them, and tokens
//! printed on one line with rustfmt's spacing.

// Each test file uses part of this module.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::Path;

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use quote::ToTokens;

/// The crate's sources: its root (`lib.rs`) and its modules, one file each, by module name.
pub struct Sources {
    /// The crate root.
    pub root: syn::File,
    /// The modules, by name (their file's stem).
    pub modules: BTreeMap<String, syn::File>,
}

impl Sources {
    /// Parse the files of `dir`: `root` (`lib.rs`, `mod.rs`) is the crate root, every other
    /// `.rs` file a module. The test fails when a file cannot be read or parsed.
    pub fn read(dir: &Path, root: &str) -> Self {
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(error) => panic!("{}: {error}", dir.display()),
        };
        let mut texts = BTreeMap::new();
        for entry in entries.flatten() {
            let path = entry.path();
            let (Some(stem), Some("rs")) = (
                path.file_stem().and_then(|s| s.to_str()),
                path.extension().and_then(|e| e.to_str()),
            ) else {
                continue;
            };
            match std::fs::read_to_string(&path) {
                Ok(text) => texts.insert(stem.to_owned(), text),
                Err(error) => panic!("{}: {error}", path.display()),
            };
        }
        let root_stem = root.trim_end_matches(".rs");
        let Some(root_text) = texts.remove(root_stem) else {
            panic!("no {root} in {}", dir.display())
        };
        Self::parse(
            &root_text,
            texts.iter().map(|(n, t)| (n.as_str(), t.as_str())),
        )
    }

    /// Parse a root and modules given as text (`(name, text)` pairs).
    pub fn parse<'t>(root: &str, modules: impl IntoIterator<Item = (&'t str, &'t str)>) -> Self {
        Self {
            root: parse_file("the root", root),
            modules: modules
                .into_iter()
                .map(|(name, text)| (name.to_owned(), parse_file(name, text)))
                .collect(),
        }
    }

    /// The root's re-exports: the name at the root, the module and name it comes from, the
    /// `use` item's attributes. Only `pub use` items unless `all`.
    pub fn reexports(&self, all: bool) -> Vec<Reexport> {
        let mut found = Vec::new();
        for item in &self.root.items {
            let syn::Item::Use(item) = item else { continue };
            if !all && !is_pub(&item.vis) {
                continue;
            }
            let mut paths = Vec::new();
            use_paths(&item.tree, &mut Vec::new(), &mut paths);
            for (path, alias) in paths {
                // `a::b::Item` where `a` is a module of the crate (`crate::` or `self::` first).
                let path: Vec<&str> = path
                    .iter()
                    .map(String::as_str)
                    .skip_while(|segment| matches!(*segment, "crate" | "self"))
                    .collect();
                let [module, name] = path.as_slice() else {
                    continue;
                };
                if self.modules.contains_key(*module) {
                    found.push(Reexport {
                        name: alias.unwrap_or_else(|| (*name).to_owned()),
                        module: (*module).to_owned(),
                        item: (*name).to_owned(),
                        attrs: item.attrs.clone(),
                    });
                }
            }
        }
        found
    }

    /// The module and name of the item the root re-exports as `name` (by any `use`, `pub` or
    /// not).
    pub fn root_name(&self, name: &str) -> Option<(String, String)> {
        if let Some(reexport) = self.reexports(true).into_iter().find(|r| r.name == name) {
            return Some((reexport.module, reexport.item));
        }
        None
    }

    /// The module and name of the crate item that `path` names in `module`: a single name defined
    /// there or imported by one of its `use` items, or a `crate::`/`super::` path. `None` for
    /// anything else (another crate's item, a generic parameter, a primitive).
    pub fn resolve(&self, module: &str, path: &syn::Path) -> Option<(String, String)> {
        let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        self.resolve_segments(module, &segments)
    }

    fn resolve_segments(&self, module: &str, segments: &[String]) -> Option<(String, String)> {
        match segments {
            [name] => {
                let file = self.modules.get(module)?;
                if file
                    .items
                    .iter()
                    .any(|item| item_name(item).as_deref() == Some(name))
                {
                    return Some((module.to_owned(), name.clone()));
                }
                for item in &file.items {
                    let syn::Item::Use(item) = item else { continue };
                    let mut paths = Vec::new();
                    use_paths(&item.tree, &mut Vec::new(), &mut paths);
                    for (path, alias) in paths {
                        let last = path.last().cloned().unwrap_or_default();
                        if alias.as_ref().unwrap_or(&last) == name {
                            return self.resolve_segments(module, &path);
                        }
                    }
                }
                None
            }
            [first, rest @ ..] if first == "crate" || first == "super" => match rest {
                [name] => self.root_name(name),
                [module, name] if self.modules.contains_key(module) => {
                    Some((module.clone(), name.clone()))
                }
                _ => None,
            },
            [first, name] if first == "self" => Some((module.to_owned(), name.clone())),
            _ => None,
        }
    }
}

/// One re-export of the crate root.
pub struct Reexport {
    /// The name at the root.
    pub name: String,
    /// The module that defines it.
    pub module: String,
    /// Its name there.
    pub item: String,
    /// The `use` item's attributes (`#[doc(hidden)]`, `#[cfg(…)]`).
    pub attrs: Vec<syn::Attribute>,
}

fn parse_file(name: &str, text: &str) -> syn::File {
    match syn::parse_file(text) {
        Ok(file) => file,
        Err(error) => panic!("{name}: {error}"),
    }
}

/// Every path a `use` tree imports, with its `as` name.
pub fn use_paths(
    tree: &syn::UseTree,
    prefix: &mut Vec<String>,
    out: &mut Vec<(Vec<String>, Option<String>)>,
) {
    match tree {
        syn::UseTree::Path(path) => {
            prefix.push(path.ident.to_string());
            use_paths(&path.tree, prefix, out);
            prefix.pop();
        }
        syn::UseTree::Name(name) => {
            let mut path = prefix.clone();
            path.push(name.ident.to_string());
            out.push((path, None));
        }
        syn::UseTree::Rename(rename) => {
            let mut path = prefix.clone();
            path.push(rename.ident.to_string());
            out.push((path, Some(rename.rename.to_string())));
        }
        syn::UseTree::Glob(_) => {
            let mut path = prefix.clone();
            path.push("*".to_owned());
            out.push((path, None));
        }
        syn::UseTree::Group(group) => {
            for tree in &group.items {
                use_paths(tree, prefix, out);
            }
        }
    }
}

/// The name an item defines, for those that define one in the type or value namespace.
pub fn item_name(item: &syn::Item) -> Option<String> {
    let ident = match item {
        syn::Item::Const(item) => &item.ident,
        syn::Item::Enum(item) => &item.ident,
        syn::Item::Fn(item) => &item.sig.ident,
        syn::Item::Mod(item) => &item.ident,
        syn::Item::Static(item) => &item.ident,
        syn::Item::Struct(item) => &item.ident,
        syn::Item::Trait(item) => &item.ident,
        syn::Item::Type(item) => &item.ident,
        syn::Item::Union(item) => &item.ident,
        syn::Item::Macro(item) => item.ident.as_ref()?,
        _ => return None,
    };
    Some(ident.to_string())
}

/// The attributes of an item.
pub fn item_attrs(item: &syn::Item) -> &[syn::Attribute] {
    match item {
        syn::Item::Const(item) => &item.attrs,
        syn::Item::Enum(item) => &item.attrs,
        syn::Item::ExternCrate(item) => &item.attrs,
        syn::Item::Fn(item) => &item.attrs,
        syn::Item::ForeignMod(item) => &item.attrs,
        syn::Item::Impl(item) => &item.attrs,
        syn::Item::Macro(item) => &item.attrs,
        syn::Item::Mod(item) => &item.attrs,
        syn::Item::Static(item) => &item.attrs,
        syn::Item::Struct(item) => &item.attrs,
        syn::Item::Trait(item) => &item.attrs,
        syn::Item::TraitAlias(item) => &item.attrs,
        syn::Item::Type(item) => &item.attrs,
        syn::Item::Union(item) => &item.attrs,
        syn::Item::Use(item) => &item.attrs,
        _ => &[],
    }
}

/// Whether a visibility is plain `pub` (not `pub(crate)`, `pub(super)`, …).
pub fn is_pub(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

/// Whether `attrs` hold `#[doc(hidden)]`.
pub fn is_doc_hidden(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| {
        attr.path().is_ident("doc")
            && matches!(&attr.meta, syn::Meta::List(list) if print(&list.tokens) == "hidden")
    })
}

/// Whether `attrs` hold `#[cfg(test)]`.
pub fn is_cfg_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| {
        attr.path().is_ident("cfg")
            && matches!(&attr.meta, syn::Meta::List(list) if print(&list.tokens) == "test")
    })
}

/// The `#[cfg(…)]` conditions in `attrs`, printed.
pub fn cfgs(attrs: &[syn::Attribute]) -> Vec<String> {
    attrs
        .iter()
        .filter(|attr| attr.path().is_ident("cfg"))
        .filter_map(|attr| match &attr.meta {
            syn::Meta::List(list) => Some(print(&list.tokens)),
            _ => None,
        })
        .collect()
}

/// One token of a flattened token stream.
#[derive(Debug, Clone, PartialEq)]
enum Atom {
    /// An identifier, keyword, lifetime (`'a`) or literal.
    Word(String),
    /// An operator, its joint characters together (`::`, `->`, `&`).
    Op(String),
    /// `(`, `[` or `{`.
    Open(char),
    /// `)`, `]` or `}`.
    Close(char),
}

/// `tokens` on one line, spaced as rustfmt spaces signatures and types:
/// `fn new(base_url: impl Into<String>) -> Self`, `&'static [&'static str]`, `::serde::Serialize`.
pub fn print(tokens: &impl ToTokens) -> String {
    let mut atoms = Vec::new();
    flatten(tokens.to_token_stream(), &mut atoms);
    let mut out = String::new();
    for (index, atom) in atoms.iter().enumerate() {
        // A trailing comma (before a closing delimiter, a body or the end) is left out.
        let next = atoms.get(index + 1);
        if *atom == Atom::Op(",".to_owned())
            && matches!(next, None | Some(Atom::Close(_) | Atom::Open('{')))
        {
            continue;
        }
        let before = index.checked_sub(2).and_then(|i| atoms.get(i));
        if let Some(previous) = index.checked_sub(1).and_then(|i| atoms.get(i))
            && spaced(before, previous, atom)
        {
            out.push(' ');
        }
        match atom {
            Atom::Word(text) | Atom::Op(text) => out.push_str(text),
            Atom::Open(c) | Atom::Close(c) => out.push(*c),
        }
    }
    out
}

fn flatten(tokens: TokenStream, atoms: &mut Vec<Atom>) {
    let mut joint = String::new();
    for tree in tokens {
        match tree {
            // A lifetime is a `'` and the identifier after it; a macro's metavariable a `$`.
            TokenTree::Punct(punct) if matches!(punct.as_char(), '\'' | '$') => {
                flush(&mut joint, atoms);
                joint.push(punct.as_char());
            }
            TokenTree::Punct(punct) => {
                joint.push(punct.as_char());
                if punct.spacing() == Spacing::Alone {
                    flush(&mut joint, atoms);
                }
            }
            TokenTree::Ident(ident) if joint == "'" || joint == "$" => {
                atoms.push(Atom::Word(format!("{}{ident}", std::mem::take(&mut joint))));
            }
            TokenTree::Ident(ident) => {
                flush(&mut joint, atoms);
                atoms.push(Atom::Word(ident.to_string()));
            }
            TokenTree::Literal(literal) => {
                flush(&mut joint, atoms);
                atoms.push(Atom::Word(literal.to_string()));
            }
            TokenTree::Group(group) => {
                flush(&mut joint, atoms);
                let (open, close) = match group.delimiter() {
                    Delimiter::Parenthesis => ('(', ')'),
                    Delimiter::Bracket => ('[', ']'),
                    Delimiter::Brace => ('{', '}'),
                    Delimiter::None => {
                        flatten(group.stream(), atoms);
                        continue;
                    }
                };
                atoms.push(Atom::Open(open));
                flatten(group.stream(), atoms);
                atoms.push(Atom::Close(close));
            }
        }
    }
    flush(&mut joint, atoms);
}

fn flush(joint: &mut String, atoms: &mut Vec<Atom>) {
    if !joint.is_empty() {
        atoms.push(Atom::Op(std::mem::take(joint)));
    }
}

/// Keywords after which `(`, `[` and `::` keep their space (`impl ::core::…`, `&mut [u8]`).
const SPACED_KEYWORDS: &[&str] = &["as", "dyn", "for", "impl", "in", "mut", "where"];

/// Whether a space goes between `previous` and `next` (`before` is the atom before `previous`).
fn spaced(before: Option<&Atom>, previous: &Atom, next: &Atom) -> bool {
    let op = |atom: &Atom, ops: &[&str]| matches!(atom, Atom::Op(op) if ops.contains(&op.as_str()));
    let word = matches!(previous, Atom::Word(_));
    let name = matches!(previous, Atom::Word(w)
        if !SPACED_KEYWORDS.contains(&w.as_str()) && !w.starts_with('\''));
    let closing_angle = op(previous, &[">", ">>"]);
    // `{ a }` but `{}`, `(a)`, `[a]`.
    if let (Atom::Open(open), Atom::Close(_)) | (Atom::Open(open), _) | (_, Atom::Close(open)) =
        (previous, next)
    {
        let empty = matches!((previous, next), (Atom::Open(_), Atom::Close(_)));
        return matches!(open, '{' | '}') && !empty;
    }
    // A macro's `$name:kind`.
    if op(previous, &[":"]) && matches!(before, Some(Atom::Word(w)) if w.starts_with('$')) {
        return false;
    }
    // Prefix operators: `&str`, `::serde`, `<T>`, `?Sized`, `*const`.
    if op(previous, &["&", "&&", "::", "<", "?", "*", "#", "$"]) {
        return false;
    }
    match next {
        Atom::Op(next) => match next.as_str() {
            "," | ";" | ":" | ">" | ">>" => false,
            // `T: ?Sized` keeps its space; `x?` would not.
            "?" => !word,
            "<" => !(word || closing_angle),
            "::" => !(name || closing_angle),
            _ => true,
        },
        // A function name or type before its parameters: `new(`, `fn(`, `Fn(`, `new<T>(`.
        Atom::Open('(') => {
            !(name || closing_angle || matches!(previous, Atom::Word(w) if w == "fn"))
        }
        Atom::Open('[') => !name,
        _ => true,
    }
}
