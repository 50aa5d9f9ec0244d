//! The listing of a crate's public API from its sources: the items, their members and impls,
//! printed as Rust-like declarations.

use std::collections::BTreeSet;

use crate::source::{
    Sources, cfgs, is_cfg_test, is_doc_hidden, is_pub, item_attrs, item_name, print,
};

/// One item of the public API.
pub struct Entry {
    /// Its name where users name it (at the root, or in its `pub mod`).
    name: String,
    /// Hidden from the docs: by its own `#[doc(hidden)]`, its re-export's or its module's.
    hidden: bool,
    /// Its declaration, with its members and impls.
    text: String,
    /// The items of a `pub mod`.
    children: Vec<Entry>,
}

/// Where an item is defined: its module (`None` for the root) and name.
type Key = (Option<String>, String);

/// The public API of the crate in `sources`.
pub fn public_api(sources: &Sources) -> Vec<Entry> {
    let exported = exported_keys(sources);
    let mut entries = Vec::new();
    for reexport in sources.reexports(false) {
        let hidden = is_doc_hidden(&reexport.attrs);
        let module = Some(reexport.module.clone());
        entries.push(entry(
            sources,
            &exported,
            &module,
            &reexport.item,
            &reexport.name,
            hidden,
            &cfgs(&reexport.attrs),
        ));
    }
    for item in &sources.root.items {
        let attrs = item_attrs(item);
        if is_cfg_test(attrs) {
            continue;
        }
        match item {
            syn::Item::Mod(module) if is_pub(&module.vis) && module.content.is_none() => {
                entries.push(pub_mod(sources, &exported, module));
            }
            syn::Item::Use(_) | syn::Item::Mod(_) | syn::Item::Macro(_) => {}
            item if is_pub_item(item) => {
                if let Some(name) = item_name(item) {
                    entries.push(entry(sources, &exported, &None, &name, &name, false, &[]));
                }
            }
            _ => {}
        }
    }
    for (module, file) in std::iter::once((None, &sources.root))
        .chain(sources.modules.iter().map(|(m, f)| (Some(m), f)))
    {
        for item in &file.items {
            if let syn::Item::Macro(mac) = item
                && mac.attrs.iter().any(|a| a.path().is_ident("macro_export"))
                && let Some(name) = &mac.ident
            {
                let module = module.cloned();
                let name = name.to_string();
                entries.push(entry(sources, &exported, &module, &name, &name, false, &[]));
            }
        }
    }
    entries.sort_by(|a, b| a.name.cmp(&b.name));
    entries
}

/// Every item that users can name, by where it is defined.
fn exported_keys(sources: &Sources) -> BTreeSet<Key> {
    let mut keys: BTreeSet<Key> = sources
        .reexports(false)
        .into_iter()
        .map(|r| (Some(r.module), r.item))
        .collect();
    for item in &sources.root.items {
        match item {
            syn::Item::Mod(module) if is_pub(&module.vis) => {
                let name = module.ident.to_string();
                for item in sources.modules.get(&name).map_or(&[][..], |f| &f.items) {
                    if let Some(item_name) = item_name(item).filter(|_| is_pub_item(item)) {
                        keys.insert((Some(name.clone()), item_name));
                    }
                }
            }
            item if is_pub_item(item) => keys.extend(item_name(item).map(|n| (None, n))),
            _ => {}
        }
    }
    keys
}

/// Whether `item` is declared `pub` (and is not a `use` or a test-only item).
fn is_pub_item(item: &syn::Item) -> bool {
    let vis = match item {
        syn::Item::Const(item) => &item.vis,
        syn::Item::Enum(item) => &item.vis,
        syn::Item::Fn(item) => &item.vis,
        syn::Item::Mod(item) => &item.vis,
        syn::Item::Static(item) => &item.vis,
        syn::Item::Struct(item) => &item.vis,
        syn::Item::Trait(item) => &item.vis,
        syn::Item::Type(item) => &item.vis,
        syn::Item::Union(item) => &item.vis,
        _ => return false,
    };
    is_pub(vis) && !is_cfg_test(item_attrs(item))
}

/// A `pub mod` and its public items.
fn pub_mod(sources: &Sources, exported: &BTreeSet<Key>, module: &syn::ItemMod) -> Entry {
    let name = module.ident.to_string();
    let hidden = is_doc_hidden(&module.attrs);
    let mut children: Vec<Entry> = sources
        .modules
        .get(&name)
        .map_or(&[][..], |file| &file.items)
        .iter()
        .filter(|item| is_pub_item(item))
        .filter_map(item_name)
        .map(|item| {
            entry(
                sources,
                exported,
                &Some(name.clone()),
                &item,
                &item,
                hidden,
                &[],
            )
        })
        .collect();
    children.sort_by(|a, b| a.name.cmp(&b.name));
    let mut text = attributes(&module.attrs, hidden);
    text.push_str(&format!("pub mod {name}"));
    Entry {
        name,
        hidden,
        text,
        children,
    }
}

/// The entry for the item `item` of `module`, public as `name`.
fn entry(
    sources: &Sources,
    exported: &BTreeSet<Key>,
    module: &Option<String>,
    item: &str,
    name: &str,
    hidden_by_use: bool,
    use_cfgs: &[String],
) -> Entry {
    let file = match module {
        Some(module) => sources.modules.get(module),
        None => Some(&sources.root),
    };
    let found = file.and_then(|file| {
        file.items.iter().find(|candidate| {
            item_name(candidate).as_deref() == Some(item)
                && !is_cfg_test(item_attrs(candidate))
                && !matches!(candidate, syn::Item::Mod(_))
        })
    });
    let Some(found) = found else {
        return Entry {
            name: name.to_owned(),
            hidden: hidden_by_use,
            text: format!(
                "/* not found: {} */ {name}",
                module.as_deref().unwrap_or("lib")
            ),
            children: Vec::new(),
        };
    };
    let attrs = item_attrs(found);
    let hidden = hidden_by_use || is_doc_hidden(attrs);
    let mut text = String::new();
    for cfg in use_cfgs {
        text.push_str(&format!("#[cfg({cfg})]\n"));
    }
    text.push_str(&attributes(attrs, hidden));
    text.push_str(&declaration(found));
    let key = (module.clone(), item.to_owned());
    for block in impls(sources, exported, &key, found) {
        text.push('\n');
        text.push_str(&block);
    }
    Entry {
        name: name.to_owned(),
        hidden,
        text,
        children: Vec::new(),
    }
}

/// The attribute lines worth listing: what the item derives, `#[non_exhaustive]`,
/// `#[must_use]`, `#[cfg]`, and `#[doc(hidden)]` when `hidden`.
fn attributes(attrs: &[syn::Attribute], hidden: bool) -> String {
    let mut text = String::new();
    if hidden {
        text.push_str("#[doc(hidden)]\n");
    }
    for attr in attrs {
        let path = attr.path();
        if [
            "derive",
            "non_exhaustive",
            "must_use",
            "cfg",
            "repr",
            "macro_export",
        ]
        .iter()
        .any(|name| path.is_ident(name))
        {
            text.push_str(&format!("#[{}]\n", print(&attr.meta)));
        }
    }
    text
}

/// The item's declaration: a signature, a struct with its public fields, an enum with its
/// variants, a trait with its items, a macro with its rules' matchers.
fn declaration(item: &syn::Item) -> String {
    match item {
        syn::Item::Fn(item) => format!("pub {};", print(&item.sig)),
        syn::Item::Const(item) => format!("pub const {}: {};", item.ident, print(&item.ty)),
        syn::Item::Static(item) => format!(
            "pub static {}{}: {};",
            if matches!(item.mutability, syn::StaticMutability::Mut(_)) {
                "mut "
            } else {
                ""
            },
            item.ident,
            print(&item.ty)
        ),
        syn::Item::Type(item) => {
            let mut item = item.clone();
            item.attrs.clear();
            print(&item)
        }
        syn::Item::Struct(item) => struct_declaration(item),
        syn::Item::Enum(item) => {
            let mut text = format!("pub enum {}{}", item.ident, generics(&item.generics));
            text.push_str(" {\n");
            for variant in &item.variants {
                let mut variant = variant.clone();
                let marks = member_marks(&variant.attrs);
                for field in &mut variant.fields {
                    field.attrs.clear();
                }
                variant.attrs.clear();
                text.push_str(&format!("    {marks}{},\n", print(&variant)));
            }
            text.push('}');
            text
        }
        syn::Item::Trait(item) => {
            let mut header = item.clone();
            header.attrs.clear();
            header.items.clear();
            let mut text = strip_braces(&print(&header));
            text.push_str(" {\n");
            for member in &item.items {
                text.push_str(&format!("    {}\n", trait_member(member)));
            }
            text.push('}');
            text
        }
        syn::Item::Macro(item) => {
            let name = item
                .ident
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default();
            let mut text = format!("macro_rules! {name} {{\n");
            for matcher in macro_matchers(&item.mac.tokens) {
                text.push_str(&format!("    {matcher} => {{ … }};\n"));
            }
            text.push('}');
            text
        }
        other => format!(
            "/* unlisted kind */ {}",
            item_name(other).unwrap_or_default()
        ),
    }
}

/// `<T, E> where …` of a declaration.
fn generics(generics: &syn::Generics) -> String {
    let mut text = print(generics);
    if let Some(clause) = &generics.where_clause {
        text.push(' ');
        text.push_str(&print(clause));
    }
    text
}

/// A struct with its public fields; private ones are only mentioned.
fn struct_declaration(item: &syn::ItemStruct) -> String {
    let head = format!("pub struct {}{}", item.ident, generics(&item.generics));
    let private = item.fields.iter().any(|field| !is_pub(&field.vis));
    let public: Vec<String> = item
        .fields
        .iter()
        .enumerate()
        .filter(|(_, field)| is_pub(&field.vis))
        .map(|(index, field)| {
            let name = field
                .ident
                .as_ref()
                .map_or_else(|| index.to_string(), ToString::to_string);
            format!(
                "{}pub {name}: {}",
                member_marks(&field.attrs),
                print(&field.ty)
            )
        })
        .collect();
    match &item.fields {
        syn::Fields::Unit => format!("{head};"),
        syn::Fields::Unnamed(_) if public.is_empty() => format!("{head}(/* private fields */);"),
        _ => {
            let mut text = format!("{head} {{\n");
            for field in public {
                text.push_str(&format!("    {field},\n"));
            }
            if private {
                text.push_str("    /* private fields */\n");
            }
            text.push('}');
            text
        }
    }
}

/// `#[doc(hidden)] `, `#[default] `, `#[cfg(…)] ` before a member, as it has them.
fn member_marks(attrs: &[syn::Attribute]) -> String {
    let mut marks = String::new();
    if is_doc_hidden(attrs) {
        marks.push_str("#[doc(hidden)] ");
    }
    for attr in attrs {
        if attr.path().is_ident("default") || attr.path().is_ident("cfg") {
            marks.push_str(&format!("#[{}] ", print(&attr.meta)));
        }
    }
    marks
}

/// A trait's item: a function's signature (`{ … }` when it has a default body), an associated
/// type or constant.
fn trait_member(member: &syn::TraitItem) -> String {
    match member {
        syn::TraitItem::Fn(function) => {
            let body = if function.default.is_some() {
                " { … }"
            } else {
                ";"
            };
            format!(
                "{}{}{body}",
                member_marks(&function.attrs),
                print(&function.sig)
            )
        }
        syn::TraitItem::Type(ty) => {
            let mut ty = ty.clone();
            ty.attrs.clear();
            ty.default = None;
            print(&ty)
        }
        syn::TraitItem::Const(constant) => {
            format!("const {}: {};", constant.ident, print(&constant.ty))
        }
        other => format!("/* unlisted */ {}", print(other)),
    }
}

/// `text` without the empty `{}` a header printed from an emptied item ends with.
fn strip_braces(text: &str) -> String {
    text.trim_end_matches("{}").trim_end().to_owned()
}

/// The matcher of each rule of a `macro_rules!` body: the group before each `=>`.
fn macro_matchers(tokens: &proc_macro2::TokenStream) -> Vec<String> {
    let trees: Vec<proc_macro2::TokenTree> = tokens.clone().into_iter().collect();
    let mut matchers = Vec::new();
    for (index, tree) in trees.iter().enumerate() {
        let arrow = trees.get(index + 1..index + 3).is_some_and(|next| {
            matches!(next, [proc_macro2::TokenTree::Punct(a), proc_macro2::TokenTree::Punct(b)]
                if a.as_char() == '=' && b.as_char() == '>')
        });
        if let (proc_macro2::TokenTree::Group(group), true) = (tree, arrow) {
            matchers.push(print(group));
        }
    }
    matchers
}

/// The impls of the item `key` (`item`): inherent impls with their public items, and trait
/// impls (for a trait: its impls for types that are not public items of the crate themselves,
/// whose impls are listed with them).
fn impls(sources: &Sources, exported: &BTreeSet<Key>, key: &Key, item: &syn::Item) -> Vec<String> {
    let is_type = matches!(
        item,
        syn::Item::Struct(_) | syn::Item::Enum(_) | syn::Item::Union(_)
    );
    let is_trait = matches!(item, syn::Item::Trait(_));
    if !is_type && !is_trait {
        return Vec::new();
    }
    let resolve = |module: &Option<String>, path: &syn::Path| -> Option<Key> {
        match module {
            Some(module) => sources.resolve(module, path).map(|(m, n)| (Some(m), n)),
            None => sources
                .root_name(&path.segments.last()?.ident.to_string())
                .map(|(m, n)| (Some(m), n)),
        }
    };
    let mut blocks = Vec::new();
    let files = std::iter::once((None, &sources.root))
        .chain(sources.modules.iter().map(|(m, f)| (Some(m.clone()), f)));
    for (module, file) in files {
        for candidate in &file.items {
            let syn::Item::Impl(block) = candidate else {
                continue;
            };
            if is_cfg_test(&block.attrs) {
                continue;
            }
            let self_key = match &*block.self_ty {
                syn::Type::Path(path) if path.qself.is_none() => resolve(&module, &path.path),
                _ => None,
            };
            let trait_key = block
                .trait_
                .as_ref()
                .and_then(|(_, path, _)| resolve(&module, path));
            // A trait of the crate that is not public: not part of the API.
            if trait_key.as_ref().is_some_and(|k| !exported.contains(k)) {
                continue;
            }
            let self_public = self_key.as_ref().is_some_and(|k| exported.contains(k));
            let listed_here = if is_type {
                self_key.as_ref() == Some(key)
            } else {
                trait_key.as_ref() == Some(key) && !self_public
            };
            if listed_here && let Some(text) = impl_block(block) {
                blocks.push(text);
            }
        }
    }
    blocks
}

/// An impl block: its header and the items users can reach (every item of a trait impl, the
/// `pub` ones of an inherent impl). `None` for an inherent impl without any.
fn impl_block(block: &syn::ItemImpl) -> Option<String> {
    let mut generics = block.generics.clone();
    let clause = generics.where_clause.take();
    let mut header = format!("impl{} ", print(&generics));
    if let Some((bang, path, _)) = &block.trait_ {
        header.push_str(&format!(
            "{}{} for ",
            if bang.is_some() { "!" } else { "" },
            print(path)
        ));
    }
    header.push_str(&print(&block.self_ty));
    if let Some(clause) = clause {
        header.push_str(&format!(" {}", print(&clause)));
    }
    let inherent = block.trait_.is_none();
    let block_hidden = is_doc_hidden(&block.attrs);
    let mut members = Vec::new();
    for member in &block.items {
        let (vis, attrs, text) = match member {
            syn::ImplItem::Fn(function) => (
                &function.vis,
                &function.attrs,
                format!("{};", print(&function.sig)),
            ),
            syn::ImplItem::Const(constant) => (
                &constant.vis,
                &constant.attrs,
                format!("const {}: {};", constant.ident, print(&constant.ty)),
            ),
            syn::ImplItem::Type(ty) => (
                &ty.vis,
                &ty.attrs,
                format!(
                    "type {}{} = {};",
                    ty.ident,
                    print(&ty.generics),
                    print(&ty.ty)
                ),
            ),
            _ => continue,
        };
        if inherent && !is_pub(vis) {
            continue;
        }
        let marks = member_marks(attrs);
        let vis = if inherent { "pub " } else { "" };
        members.push(format!("    {marks}{vis}{text}\n"));
    }
    if inherent && members.is_empty() {
        return None;
    }
    let mut text = String::new();
    if block_hidden {
        text.push_str("#[doc(hidden)]\n");
    }
    text.push_str(&header);
    if members.is_empty() {
        text.push_str(" {}");
    } else {
        text.push_str(" {\n");
        text.extend(members);
        text.push('}');
    }
    Some(text)
}

/// The listing: a count line, then every entry (a `pub mod`'s items inside it).
pub fn render(entries: &[Entry]) -> String {
    let (visible, hidden) = count(entries);
    let mut text = format!(
        "// The public API of client_runtime: {} items, {visible} visible and {hidden} hidden from the docs.\n",
        visible + hidden
    );
    for entry in entries {
        text.push('\n');
        render_entry(entry, "", &mut text);
    }
    text
}

fn render_entry(entry: &Entry, indent: &str, out: &mut String) {
    let indented = |text: &str| {
        text.lines()
            .map(|line| format!("{indent}{line}\n"))
            .collect::<String>()
    };
    if entry.children.is_empty() {
        out.push_str(&indented(&entry.text));
        return;
    }
    out.push_str(&indented(&format!("{} {{", entry.text)));
    let inner = format!("{indent}    ");
    for (index, child) in entry.children.iter().enumerate() {
        if index > 0 {
            out.push('\n');
        }
        render_entry(child, &inner, out);
    }
    out.push_str(&format!("{indent}}}\n"));
}

/// The number of items, visible and hidden (a `pub mod` and each of its items count).
fn count(entries: &[Entry]) -> (usize, usize) {
    entries.iter().fold((0, 0), |(visible, hidden), entry| {
        let (v, h) = count(&entry.children);
        let (v, h) = (visible + v, hidden + h);
        if entry.hidden { (v, h + 1) } else { (v + 1, h) }
    })
}
