//! From a crate's modules to its public entries: where each item is public (its places), the one
//! it is keyed at, its signature with every path spelled from the crate root, and the impls of
//! every module, private ones too (an `impl` is as public as its type and trait).

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Span, TokenTree};
use syn::punctuated::Punctuated;
use syn::visit_mut::{self, VisitMut};
use syn::{
    Fields, FnArg, GenericParam, Generics, ImplItem, Item as SynItem, MacroDelimiter, Pat, Path,
    PathArguments, PathSegment, Signature, TraitItem, Type, Visibility,
};

use super::render::{text, tokens};
use super::tree::{Target, Tree, cfgs, has, hidden, is_test, item_attrs};
use super::{Item, Kind, PublicApi};

/// Prelude names (and the derivable standard traits) a path into `std`, `core` or `alloc` is
/// shortened to.
const PRELUDE: &[&str] = &[
    "AsMut",
    "AsRef",
    "Box",
    "Clone",
    "Copy",
    "Debug",
    "Default",
    "DoubleEndedIterator",
    "Drop",
    "Eq",
    "Err",
    "ExactSizeIterator",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "FromIterator",
    "Future",
    "Hash",
    "Into",
    "IntoFuture",
    "IntoIterator",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Vec",
];

/// How many modules deep a re-export chain is followed.
const MAX_DEPTH: u8 = 16;

/// One path at which an item or module is public.
#[derive(Debug, Clone)]
struct Place {
    path: Vec<String>,
    /// `#[doc(hidden)]` on the way (a module, the `use`, the item).
    hidden: bool,
    /// `#[deprecated]` on a module on the way.
    deprecated: bool,
    /// Reached through a `pub use`.
    reexport: bool,
    /// The `cfg`s on the way.
    cfg: Vec<String>,
}

impl Place {
    fn child(&self, name: &str) -> Place {
        let mut place = self.clone();
        place.path.push(name.to_owned());
        place
    }

    /// The order the key is chosen in: not hidden, where it is defined, shortest.
    fn rank(&self) -> (bool, bool, usize, &[String]) {
        (self.hidden, self.reexport, self.path.len(), &self.path)
    }
}

/// A `pub use` of something the walk does not find in the crate.
struct Foreign {
    place: Place,
    module: usize,
    use_index: usize,
}

/// Every place of every item and module.
#[derive(Default)]
struct Places {
    modules: BTreeMap<usize, Vec<Place>>,
    defs: BTreeMap<(usize, usize), Vec<Place>>,
    foreign: Vec<Foreign>,
    seen: BTreeSet<(usize, Vec<String>, bool)>,
}

/// What the emission reads: the tree and the key of each item and module.
struct Context<'a> {
    tree: &'a Tree,
    /// The key path of each public item, and whether it is hidden there.
    defs: BTreeMap<(usize, usize), (Vec<String>, bool)>,
    /// The key path of each public module.
    modules: BTreeMap<usize, Vec<String>>,
    /// Paths outside the crate that a `pub use` re-exports, and the key it does at.
    reexports: BTreeMap<Vec<String>, Vec<String>>,
    /// Per module, the names its inherent `impl`s are for that the walk does not find: a macro
    /// called there declares them (`MockServer` of `mock_server!`).
    declared: BTreeMap<usize, BTreeSet<String>>,
    /// Per module, the one glob import from outside the crate (`use crate::runtime::*` where
    /// `runtime` is the runtime crate), if it has exactly one.
    outside_glob: BTreeMap<usize, Vec<String>>,
}

/// The public entries of `tree`.
pub(super) fn collect(tree: &Tree) -> PublicApi {
    let mut places = Places::default();
    let root = Place {
        path: Vec::new(),
        hidden: tree.modules[0].hidden,
        deprecated: tree.modules[0].deprecated,
        reexport: false,
        cfg: tree.modules[0].cfg.clone(),
    };
    places.visit(tree, 0, root, true, 0);
    let best = |list: &Vec<Place>| list.iter().min_by(|a, b| a.rank().cmp(&b.rank())).cloned();
    let exposed = exposed(tree, &places, best);
    let context = Context {
        tree,
        defs: places
            .defs
            .iter()
            .filter_map(|(def, list)| {
                best(list).map(|place| (*def, (place.path, place.hidden && !exposed.contains(def))))
            })
            .collect(),
        modules: places
            .modules
            .iter()
            .filter_map(|(module, list)| best(list).map(|place| (*module, place.path)))
            .collect(),
        reexports: reexports(tree, &places),
        declared: declared(tree),
        outside_glob: outside_globs(tree),
    };
    let mut out = Out::default();
    for list in places.modules.values() {
        let Some(key) = best(list) else { continue };
        for place in distinct(list) {
            if place.path.is_empty() {
                continue;
            }
            if place.path == key.path {
                let mut item = Item::new(
                    Kind::Module,
                    format!("pub mod {}", place.path.last().map_or("", String::as_str)),
                );
                item.cfg = place.cfg.clone();
                item.hidden = place.hidden;
                item.deprecated = place.deprecated;
                out.insert(place.path.join("::"), item);
            } else {
                out.insert(place.path.join("::"), alias(place, &key.path));
            }
        }
    }
    for (&(module, index), list) in &places.defs {
        let Some(key) = best(list) else { continue };
        for place in distinct(list) {
            if place.path == key.path {
                let mut place = place.clone();
                place.hidden &= !exposed.contains(&(module, index));
                context.def(&mut out, module, index, &place);
            } else {
                out.insert(place.path.join("::"), alias(place, &key.path));
            }
        }
    }
    for foreign in &places.foreign {
        context.foreign(&mut out, foreign);
    }
    for &(module, index) in &tree.macros {
        context.exported_macro(&mut out, module, index);
    }
    for module in 0..tree.modules.len() {
        context.impls(&mut out, module);
        if let Some(key) = context.modules.get(&module) {
            context.macro_calls(&mut out, module, key);
        }
    }
    PublicApi { items: out.items }
}

/// The target of the `use` leaf `use_index` of `module` when it is outside the crate (or not
/// found in it): the path, its first segment another crate's.
fn outside_target(tree: &Tree, module: usize, use_index: usize) -> Option<Vec<String>> {
    let leaf = &tree.modules[module].uses[use_index];
    match tree.resolve(module, &leaf.target, leaf.leading_colon, 0) {
        Some((Target::Outside(mut path), used)) => {
            path.extend(leaf.target.iter().skip(used).cloned());
            Some(path)
        }
        Some(_) => None,
        None => Some(leaf.target.clone()),
    }
}

/// Each path outside the crate a `pub use` names, and the key of the best place it is
/// re-exported at (not hidden, then shortest).
fn reexports(tree: &Tree, places: &Places) -> BTreeMap<Vec<String>, Vec<String>> {
    let mut best: BTreeMap<Vec<String>, &Place> = BTreeMap::new();
    for foreign in &places.foreign {
        let leaf = &tree.modules[foreign.module].uses[foreign.use_index];
        if leaf.name.is_none() {
            continue;
        }
        let Some(target) = outside_target(tree, foreign.module, foreign.use_index) else {
            continue;
        };
        let place = &foreign.place;
        best.entry(target)
            .and_modify(|taken| {
                if place.rank() < taken.rank() {
                    *taken = place;
                }
            })
            .or_insert(place);
    }
    best.into_iter()
        .map(|(target, place)| (target, place.path.clone()))
        .collect()
}

/// Per module, the single names its inherent `impl`s are for that resolve to nothing.
fn declared(tree: &Tree) -> BTreeMap<usize, BTreeSet<String>> {
    let mut declared: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
    for (at, module) in tree.modules.iter().enumerate() {
        for item in &module.items {
            let SynItem::Impl(block) = item else {
                continue;
            };
            let Type::Path(path) = &*block.self_ty else {
                continue;
            };
            if block.trait_.is_some() || path.qself.is_some() || path.path.leading_colon.is_some() {
                continue;
            }
            let [segment] = path.path.segments.iter().collect::<Vec<_>>()[..] else {
                continue;
            };
            let name = segment.ident.to_string();
            if parameters(&block.generics).contains(&name)
                || tree
                    .resolve(at, std::slice::from_ref(&name), false, 0)
                    .is_some()
            {
                continue;
            }
            declared.entry(at).or_default().insert(name);
        }
    }
    declared
}

/// Per module, its glob import from outside the crate, when it has exactly one.
fn outside_globs(tree: &Tree) -> BTreeMap<usize, Vec<String>> {
    let mut globs = BTreeMap::new();
    for (at, module) in tree.modules.iter().enumerate() {
        let outside: Vec<Vec<String>> = module
            .uses
            .iter()
            .enumerate()
            .filter(|(_, leaf)| leaf.name.is_none())
            .filter_map(|(index, _)| outside_target(tree, at, index))
            .collect();
        if let [glob] = &outside[..] {
            globs.insert(at, glob.clone());
        }
    }
    globs
}

/// The items a public type alias outside `#[doc(hidden)]` names (`pub type Error<E> =
/// crate::runtime::Error<E>`): users reach them through it, so they are not hidden, wherever
/// they are keyed.
fn exposed(
    tree: &Tree,
    places: &Places,
    best: impl Fn(&Vec<Place>) -> Option<Place>,
) -> BTreeSet<(usize, usize)> {
    let mut exposed = BTreeSet::new();
    for (&(module, index), list) in &places.defs {
        if best(list).is_none_or(|place| place.hidden) {
            continue;
        }
        let SynItem::Type(alias) = &tree.modules[module].items[index] else {
            continue;
        };
        let Type::Path(path) = &*alias.ty else {
            continue;
        };
        if path.qself.is_some() {
            continue;
        }
        let names: Vec<String> = path
            .path
            .segments
            .iter()
            .map(|segment| segment.ident.to_string())
            .collect();
        let lead = path.path.leading_colon.is_some();
        if let Some((Target::Def(inner, at), used)) = tree.resolve(module, &names, lead, 0) {
            if used == names.len() {
                exposed.insert((inner, at));
            }
        }
    }
    exposed
}

impl Places {
    /// Record the public names of `module` at `place` (and the module itself, if `own`).
    fn visit(&mut self, tree: &Tree, module: usize, place: Place, own: bool, depth: u8) {
        if depth > MAX_DEPTH || !self.seen.insert((module, place.path.clone(), own)) {
            return;
        }
        let node = &tree.modules[module];
        if own {
            self.modules.entry(module).or_default().push(place.clone());
        }
        for (name, indices) in &node.defs {
            for &index in indices {
                let item = &node.items[index];
                if !is_pub(item) {
                    continue;
                }
                let mut at = place.child(name);
                at.hidden |= item_attrs(item).is_some_and(hidden);
                self.defs.entry((module, index)).or_default().push(at);
            }
        }
        for (name, &child) in &node.children {
            let inner = &tree.modules[child];
            if !inner.public {
                continue;
            }
            let mut at = place.child(name);
            at.hidden |= inner.hidden;
            at.deprecated |= inner.deprecated;
            at.cfg.extend(inner.cfg.iter().cloned());
            self.visit(tree, child, at, true, depth + 1);
        }
        for (use_index, leaf) in node.uses.iter().enumerate() {
            if !leaf.public {
                continue;
            }
            let mut at = place.clone();
            at.hidden |= leaf.hidden;
            at.reexport = true;
            at.cfg.extend(leaf.cfg.iter().cloned());
            let whole = |used: usize| used == leaf.target.len();
            match (
                &leaf.name,
                tree.resolve(module, &leaf.target, leaf.leading_colon, 0),
            ) {
                (Some(name), Some((Target::Def(inner, index), used))) if whole(used) => {
                    let mut at = at.child(name);
                    let item = &tree.modules[inner].items[index];
                    at.hidden |= item_attrs(item).is_some_and(hidden);
                    self.defs.entry((inner, index)).or_default().push(at);
                }
                (Some(name), Some((Target::Module(inner), used))) if whole(used) => {
                    let mut at = at.child(name);
                    at.hidden |= tree.modules[inner].hidden;
                    self.visit(tree, inner, at, true, depth + 1);
                }
                (None, Some((Target::Module(inner), used))) if whole(used) => {
                    self.visit(tree, inner, at, false, depth + 1);
                }
                (name, _) => {
                    let mut at = at;
                    at.path.push(name.clone().unwrap_or_else(|| "*".to_owned()));
                    self.foreign.push(Foreign {
                        place: at,
                        module,
                        use_index,
                    });
                }
            }
        }
    }
}

/// Entries by key. A second entry of another kind with a key taken gets its kind after the key
/// (`RetryPolicy::max_retries (method)` beside the field); then ` #2`, ` #3`, ….
#[derive(Default)]
struct Out {
    items: BTreeMap<String, Item>,
}

impl Out {
    fn insert(&mut self, key: String, item: Item) {
        let Some(taken) = self.items.get(&key) else {
            self.items.insert(key, item);
            return;
        };
        // A field and a method of one name (a builder's setter): the later one says its kind.
        let key = if taken.kind == item.kind {
            key
        } else {
            format!("{key} ({})", item.kind)
        };
        let mut number = 1;
        let mut free = key.clone();
        while self.items.contains_key(&free) {
            number += 1;
            free = format!("{key} #{number}");
        }
        self.items.insert(free, item);
    }
}

impl Item {
    fn new(kind: Kind, signature: String) -> Item {
        Item {
            kind,
            signature,
            shape: None,
            value: None,
            cfg: Vec::new(),
            deprecated: false,
            hidden: false,
            non_exhaustive: false,
            private_fields: false,
            required: false,
            parent: None,
        }
    }
}

/// One place per path (the best of those with one path): a path reached twice is one entry.
fn distinct(list: &[Place]) -> Vec<&Place> {
    let mut by_path: BTreeMap<&[String], &Place> = BTreeMap::new();
    for place in list {
        by_path
            .entry(&place.path)
            .and_modify(|taken| {
                if place.rank() < taken.rank() {
                    *taken = place;
                }
            })
            .or_insert(place);
    }
    by_path.into_values().collect()
}

/// A second public path to what is keyed at `key`.
fn alias(place: &Place, key: &[String]) -> Item {
    let mut signature = format!("pub use crate::{}", key.join("::"));
    if place.path.last() != key.last() {
        if let Some(name) = place.path.last() {
            signature.push_str(&format!(" as {name}"));
        }
    }
    let mut item = Item::new(Kind::Use, signature);
    item.cfg = place.cfg.clone();
    item.hidden = place.hidden;
    item
}

fn is_pub(item: &SynItem) -> bool {
    let vis = match item {
        SynItem::Struct(item) => &item.vis,
        SynItem::Enum(item) => &item.vis,
        SynItem::Union(item) => &item.vis,
        SynItem::Fn(item) => &item.vis,
        SynItem::Const(item) => &item.vis,
        SynItem::Static(item) => &item.vis,
        SynItem::Type(item) => &item.vis,
        SynItem::Trait(item) => &item.vis,
        SynItem::TraitAlias(item) => &item.vis,
        _ => return false,
    };
    matches!(vis, Visibility::Public(_))
}

/// `a` then the predicates of `b` not in it.
fn merge(mut a: Vec<String>, b: impl IntoIterator<Item = String>) -> Vec<String> {
    for cfg in b {
        if !a.contains(&cfg) {
            a.push(cfg);
        }
    }
    a
}

/// The type and const parameters of `generics`, which paths are not resolved for.
fn parameters(generics: &Generics) -> BTreeSet<String> {
    generics
        .params
        .iter()
        .filter_map(|param| match param {
            GenericParam::Type(param) => Some(param.ident.to_string()),
            GenericParam::Const(param) => Some(param.ident.to_string()),
            GenericParam::Lifetime(_) => None,
        })
        .collect()
}

/// `<…>` and ` where …` of `generics`.
fn generics_text(generics: &Generics) -> (String, String) {
    let params = if generics.params.is_empty() {
        String::new()
    } else {
        text(generics)
    };
    let clause = match &generics.where_clause {
        Some(clause) if !clause.predicates.is_empty() => format!(" {}", text(clause)),
        _ => String::new(),
    };
    (params, clause)
}

fn ident(name: &str) -> syn::Ident {
    match name.strip_prefix("r#") {
        Some(raw) => syn::Ident::new_raw(raw, Span::call_site()),
        None => syn::Ident::new(name, Span::call_site()),
    }
}

impl Context<'_> {
    /// The path a target is written as in signatures.
    fn spelled(&self, target: &Target) -> Vec<String> {
        let module_path = |module: usize| {
            self.modules
                .get(&module)
                .cloned()
                .unwrap_or_else(|| self.tree.modules[module].path.clone())
        };
        let mut path = vec!["crate".to_owned()];
        match target {
            Target::Def(module, index) => match self.defs.get(&(*module, *index)) {
                Some((key, _)) => path.extend(key.iter().cloned()),
                None => {
                    path.extend(self.tree.modules[*module].path.iter().cloned());
                    path.push(def_name(&self.tree.modules[*module].items[*index]));
                }
            },
            Target::Module(module) => path.extend(module_path(*module)),
            Target::Outside(outside) => {
                // Spelled as the crate re-exports it, if it does: `client_runtime::Call` is
                // `crate::Call`, `client_runtime::mock::Mock` `crate::runtime::mock::Mock`, as
                // they are when the runtime is vendored.
                let known = (1..=outside.len())
                    .rev()
                    .find_map(|len| Some((len, self.reexports.get(&outside[..len])?)));
                let Some((len, key)) = known else {
                    return outside.clone();
                };
                path.extend(key.iter().cloned());
                path.extend(outside[len..].iter().cloned());
            }
            Target::Unseen(module, name) => {
                path.extend(module_path(*module));
                path.push(name.clone());
            }
        }
        path
    }

    /// What `names` (written in `module`) name, as [`Tree::resolve`] finds it; failing that, a
    /// name a macro called in `module` declares, or a type name (capitalized, not the
    /// prelude's) that the module's one glob import from outside the crate brings in.
    fn locate(&self, module: usize, names: &[String], lead: bool) -> Option<(Target, usize)> {
        if let Some(found) = self.tree.resolve(module, names, lead, 0) {
            return Some(found);
        }
        let first = names.first()?;
        if lead {
            return None;
        }
        if self
            .declared
            .get(&module)
            .is_some_and(|names| names.contains(first))
        {
            return Some((Target::Unseen(module, first.clone()), 1));
        }
        let glob = self.outside_glob.get(&module)?;
        if first.starts_with(|c: char| c.is_ascii_uppercase()) && !PRELUDE.contains(&first.as_str())
        {
            let mut path = glob.clone();
            path.push(first.clone());
            return Some((Target::Outside(path), 1));
        }
        None
    }

    fn normalizer(&self, module: usize, generics: BTreeSet<String>) -> Normalize<'_> {
        Normalize {
            context: self,
            module,
            generics,
        }
    }

    /// The entries of the item `index` of `module`, keyed at `place`.
    fn def(&self, out: &mut Out, module: usize, index: usize, place: &Place) {
        let item = &self.tree.modules[module].items[index];
        let Some(attrs) = item_attrs(item) else {
            return;
        };
        let key = place.path.join("::");
        let base = |kind: Kind, signature: String| {
            let mut entry = Item::new(kind, signature);
            entry.cfg = merge(
                merge(place.cfg.clone(), self.tree.chain_cfg(module)),
                cfgs(attrs),
            );
            entry.hidden = place.hidden;
            entry.deprecated = place.deprecated || has(attrs, "deprecated");
            entry.non_exhaustive = has(attrs, "non_exhaustive");
            entry
        };
        match item {
            SynItem::Struct(def) => {
                let mut def = def.clone();
                self.normalizer(module, parameters(&def.generics))
                    .visit_item_struct_mut(&mut def);
                let (params, clause) = generics_text(&def.generics);
                let shape = match &def.fields {
                    Fields::Named(_) => " { .. }",
                    Fields::Unnamed(_) => "(..)",
                    Fields::Unit => ";",
                };
                let mut entry = base(
                    Kind::Struct,
                    format!("pub struct {}{params}{shape}{clause}", def.ident),
                );
                entry.private_fields = def
                    .fields
                    .iter()
                    .any(|field| !matches!(field.vis, Visibility::Public(_)));
                self.fields(out, &key, &entry, &def.fields);
                self.derives(out, module, &key, &entry, attrs, &def.generics);
                out.insert(key, entry);
            }
            SynItem::Union(def) => {
                let mut def = def.clone();
                self.normalizer(module, parameters(&def.generics))
                    .visit_item_union_mut(&mut def);
                let (params, clause) = generics_text(&def.generics);
                let mut entry = base(
                    Kind::Union,
                    format!("pub union {}{params} {{ .. }}{clause}", def.ident),
                );
                let fields = Fields::Named(def.fields.clone());
                entry.private_fields = fields
                    .iter()
                    .any(|field| !matches!(field.vis, Visibility::Public(_)));
                self.fields(out, &key, &entry, &fields);
                self.derives(out, module, &key, &entry, attrs, &def.generics);
                out.insert(key, entry);
            }
            SynItem::Enum(def) => {
                let mut def = def.clone();
                self.normalizer(module, parameters(&def.generics))
                    .visit_item_enum_mut(&mut def);
                let (params, clause) = generics_text(&def.generics);
                let entry = base(
                    Kind::Enum,
                    format!("pub enum {}{params}{clause}", def.ident),
                );
                for variant in &def.variants {
                    if is_test(&variant.attrs) {
                        continue;
                    }
                    let mut shown = variant.clone();
                    shown.attrs.clear();
                    for field in shown.fields.iter_mut() {
                        field.attrs.clear();
                    }
                    let mut inner = Item::new(Kind::Variant, text(&shown));
                    inner.cfg = merge(entry.cfg.clone(), cfgs(&variant.attrs));
                    inner.hidden = entry.hidden || hidden(&variant.attrs);
                    inner.deprecated = entry.deprecated || has(&variant.attrs, "deprecated");
                    inner.non_exhaustive = has(&variant.attrs, "non_exhaustive");
                    inner.parent = Some(key.clone());
                    out.insert(format!("{key}::{}", variant.ident), inner);
                }
                self.derives(out, module, &key, &entry, attrs, &def.generics);
                out.insert(key, entry);
            }
            SynItem::Fn(def) => {
                let (signature, shape) = self.signature(module, &def.sig, BTreeSet::new());
                let mut entry = base(Kind::Function, format!("pub {signature}"));
                entry.shape = Some(format!("pub {shape}"));
                out.insert(key, entry);
            }
            SynItem::Const(def) => {
                let mut def = def.clone();
                self.normalizer(module, parameters(&def.generics))
                    .visit_item_const_mut(&mut def);
                let mut entry = base(
                    Kind::Const,
                    format!("pub const {}: {}", def.ident, text(&def.ty)),
                );
                entry.value = Some(text(&def.expr));
                out.insert(key, entry);
            }
            SynItem::Static(def) => {
                let mut def = def.clone();
                self.normalizer(module, BTreeSet::new())
                    .visit_item_static_mut(&mut def);
                let mutability = if matches!(def.mutability, syn::StaticMutability::Mut(_)) {
                    "mut "
                } else {
                    ""
                };
                let mut entry = base(
                    Kind::Static,
                    format!("pub static {mutability}{}: {}", def.ident, text(&def.ty)),
                );
                entry.value = Some(text(&def.expr));
                out.insert(key, entry);
            }
            SynItem::Type(def) => {
                let mut def = def.clone();
                self.normalizer(module, parameters(&def.generics))
                    .visit_item_type_mut(&mut def);
                let (params, clause) = generics_text(&def.generics);
                out.insert(
                    key,
                    base(
                        Kind::TypeAlias,
                        format!("pub type {}{params}{clause} = {}", def.ident, text(&def.ty)),
                    ),
                );
            }
            SynItem::Trait(def) => self.trait_def(out, module, &key, def, base),
            SynItem::TraitAlias(def) => {
                let mut def = def.clone();
                self.normalizer(module, parameters(&def.generics))
                    .visit_item_trait_alias_mut(&mut def);
                def.attrs.clear();
                out.insert(key, base(Kind::Trait, text(&def)));
            }
            _ => {}
        }
    }

    /// The `pub` fields of a struct or union `owner` keyed `key`, already normalized.
    fn fields(&self, out: &mut Out, key: &str, owner: &Item, fields: &Fields) {
        for (at, field) in fields.iter().enumerate() {
            if !matches!(field.vis, Visibility::Public(_)) || is_test(&field.attrs) {
                continue;
            }
            let name = field
                .ident
                .as_ref()
                .map_or_else(|| at.to_string(), ToString::to_string);
            let mut entry = Item::new(Kind::Field, format!("pub {name}: {}", text(&field.ty)));
            entry.cfg = merge(owner.cfg.clone(), cfgs(&field.attrs));
            entry.hidden = owner.hidden || hidden(&field.attrs);
            entry.deprecated = owner.deprecated || has(&field.attrs, "deprecated");
            entry.parent = Some(key.to_owned());
            out.insert(format!("{key}::{name}"), entry);
        }
    }

    /// A trait impl entry for each `#[derive(…)]`d trait of the type `key`.
    fn derives(
        &self,
        out: &mut Out,
        module: usize,
        key: &str,
        owner: &Item,
        attrs: &[syn::Attribute],
        generics: &Generics,
    ) {
        for attr in attrs.iter().filter(|attr| attr.path().is_ident("derive")) {
            let Ok(paths) =
                attr.parse_args_with(Punctuated::<Path, syn::Token![,]>::parse_terminated)
            else {
                continue;
            };
            for mut path in paths {
                self.normalizer(module, BTreeSet::new())
                    .visit_path_mut(&mut path);
                let mut name = text(&path);
                let mut lifetimes: Vec<String> = Vec::new();
                if name == "serde::Deserialize" {
                    name.push_str("<'de>");
                    lifetimes.push("'de".to_owned());
                }
                let mut params: Vec<String> = lifetimes;
                let mut args: Vec<String> = Vec::new();
                let mut bounds: Vec<String> = Vec::new();
                for param in &generics.params {
                    params.push(text(param));
                    match param {
                        GenericParam::Lifetime(param) => args.push(text(&param.lifetime)),
                        GenericParam::Type(param) => {
                            args.push(param.ident.to_string());
                            bounds.push(format!("{}: {name}", param.ident));
                        }
                        GenericParam::Const(param) => args.push(param.ident.to_string()),
                    }
                }
                let params = if params.is_empty() {
                    String::new()
                } else {
                    format!("<{}>", params.join(", "))
                };
                let args = if args.is_empty() {
                    String::new()
                } else {
                    format!("<{}>", args.join(", "))
                };
                let mut clause: Vec<String> = generics
                    .where_clause
                    .iter()
                    .flat_map(|clause| clause.predicates.iter().map(text))
                    .collect();
                clause.extend(bounds);
                let clause = if clause.is_empty() {
                    String::new()
                } else {
                    format!(" where {}", clause.join(", "))
                };
                let mut entry = Item::new(
                    Kind::TraitImpl,
                    format!("impl{params} {name} for crate::{key}{args}{clause}"),
                );
                entry.cfg = owner.cfg.clone();
                entry.hidden = owner.hidden;
                entry.parent = Some(key.to_owned());
                out.insert(format!("impl {name} for crate::{key}{args}"), entry);
            }
        }
    }

    /// A trait and an entry for each of its items.
    fn trait_def(
        &self,
        out: &mut Out,
        module: usize,
        key: &str,
        def: &syn::ItemTrait,
        base: impl Fn(Kind, String) -> Item,
    ) {
        let mut header = def.clone();
        header.items.clear();
        header.attrs.clear();
        let generics = parameters(&def.generics);
        self.normalizer(module, generics.clone())
            .visit_item_trait_mut(&mut header);
        let (params, clause) = generics_text(&header.generics);
        let mut signature = String::from("pub ");
        if header.unsafety.is_some() {
            signature.push_str("unsafe ");
        }
        if header.auto_token.is_some() {
            signature.push_str("auto ");
        }
        signature.push_str(&format!("trait {}{params}", header.ident));
        if !header.supertraits.is_empty() {
            signature.push_str(&format!(": {}", text(&header.supertraits)));
        }
        signature.push_str(&clause);
        let owner = base(Kind::Trait, signature);
        for member in &def.items {
            let (name, attrs, mut entry) = match member {
                TraitItem::Fn(member) => {
                    let (signature, shape) = self.signature(module, &member.sig, generics.clone());
                    let mut entry = Item::new(Kind::TraitItem, signature);
                    entry.shape = Some(shape);
                    entry.required = member.default.is_none();
                    (&member.sig.ident, &member.attrs, entry)
                }
                TraitItem::Type(original) => {
                    let mut member = original.clone();
                    member.attrs.clear();
                    let required = member.default.is_none();
                    member.default = None;
                    self.normalizer(module, generics.clone())
                        .visit_trait_item_type_mut(&mut member);
                    let mut entry = Item::new(Kind::TraitItem, text(&member));
                    entry.required = required;
                    (&original.ident, &original.attrs, entry)
                }
                TraitItem::Const(original) => {
                    let mut member = original.clone();
                    member.attrs.clear();
                    let required = member.default.is_none();
                    member.default = None;
                    self.normalizer(module, generics.clone())
                        .visit_trait_item_const_mut(&mut member);
                    let mut entry = Item::new(Kind::TraitItem, text(&member));
                    entry.required = required;
                    (&original.ident, &original.attrs, entry)
                }
                _ => continue,
            };
            if is_test(attrs) {
                continue;
            }
            entry.cfg = merge(owner.cfg.clone(), cfgs(attrs));
            entry.hidden = owner.hidden || hidden(attrs);
            entry.deprecated = owner.deprecated || has(attrs, "deprecated");
            entry.parent = Some(key.to_owned());
            out.insert(format!("{key}::{name}"), entry);
        }
        out.insert(key.to_owned(), owner);
    }

    /// A function signature with its paths spelled from the crate root, and the same without
    /// argument names.
    fn signature(
        &self,
        module: usize,
        signature: &Signature,
        mut generics: BTreeSet<String>,
    ) -> (String, String) {
        generics.extend(parameters(&signature.generics));
        let mut named = signature.clone();
        self.normalizer(module, generics)
            .visit_signature_mut(&mut named);
        let mut erased = named.clone();
        for input in erased.inputs.iter_mut() {
            if let FnArg::Typed(typed) = input {
                *typed.pat = Pat::Wild(syn::PatWild {
                    attrs: Vec::new(),
                    underscore_token: Default::default(),
                });
            }
        }
        (text(&named), text(&erased))
    }
}

/// What an `impl`'s self type is.
enum Owner {
    /// A public item of the crate: its key, and whether it is hidden.
    Found(String, bool),
    /// A name the walk does not find under a module of the crate (declared by a macro): the key
    /// it is given.
    Unseen(String),
    /// An item of the crate that is not public: its impls are not either.
    Private,
    /// Anything else (a reference, a tuple, a generic parameter, a type of another crate).
    Other,
}

impl Context<'_> {
    fn module_key(&self, module: usize) -> Vec<String> {
        self.modules
            .get(&module)
            .cloned()
            .unwrap_or_else(|| self.tree.modules[module].path.clone())
    }

    fn owner(&self, module: usize, ty: &Type, generics: &BTreeSet<String>) -> Owner {
        let Type::Path(path) = ty else {
            return Owner::Other;
        };
        if path.qself.is_some() {
            return Owner::Other;
        }
        let names: Vec<String> = path
            .path
            .segments
            .iter()
            .map(|segment| segment.ident.to_string())
            .collect();
        let lead = path.path.leading_colon.is_some();
        if !lead
            && names
                .first()
                .is_some_and(|first| first == "Self" || generics.contains(first))
        {
            return Owner::Other;
        }
        let key = |mut path: Vec<String>, name: &str| {
            path.push(name.to_owned());
            path.join("::")
        };
        match self.tree.resolve(module, &names, lead, 0) {
            Some((Target::Def(inner, index), used)) if used == names.len() => {
                match self.defs.get(&(inner, index)) {
                    Some((path, hidden)) => Owner::Found(path.join("::"), *hidden),
                    None => Owner::Private,
                }
            }
            Some((Target::Unseen(inner, name), used)) if used == names.len() => {
                Owner::Unseen(key(self.module_key(inner), &name))
            }
            None if names.len() == 1 => Owner::Unseen(key(self.module_key(module), &names[0])),
            _ => Owner::Other,
        }
    }

    /// The entries of the `impl` blocks of `module`.
    fn impls(&self, out: &mut Out, module: usize) {
        let chain = self.tree.chain_cfg(module);
        for item in &self.tree.modules[module].items {
            let SynItem::Impl(block) = item else {
                continue;
            };
            let generics = parameters(&block.generics);
            let owner = self.owner(module, &block.self_ty, &generics);
            if matches!(owner, Owner::Private) {
                continue;
            }
            let mut header = block.clone();
            header.items.clear();
            header.attrs.clear();
            let mut normalize = self.normalizer(module, generics.clone());
            normalize.visit_generics_mut(&mut header.generics);
            normalize.visit_type_mut(&mut header.self_ty);
            let (params, clause) = generics_text(&header.generics);
            let self_ty = text(&header.self_ty);
            let (owner_key, owner_hidden, parent) = match owner {
                Owner::Found(key, hidden) => (key.clone(), hidden, Some(key)),
                Owner::Unseen(key) => (key, false, None),
                Owner::Private | Owner::Other => (self_ty.clone(), false, None),
            };
            let cfg = merge(chain.clone(), cfgs(&block.attrs));
            let block_hidden = owner_hidden || hidden(&block.attrs);
            let block_deprecated = has(&block.attrs, "deprecated");
            let Some((bang, trait_path, _)) = &block.trait_ else {
                let within = if params.is_empty() && clause.is_empty() {
                    String::new()
                } else {
                    format!(" (in impl{params} {self_ty}{clause})")
                };
                for member in &block.items {
                    let (name, attrs, mut entry) = match member {
                        ImplItem::Fn(member) if matches!(member.vis, Visibility::Public(_)) => {
                            let (signature, shape) =
                                self.signature(module, &member.sig, generics.clone());
                            let mut entry =
                                Item::new(Kind::Method, format!("pub {signature}{within}"));
                            entry.shape = Some(format!("pub {shape}{within}"));
                            (&member.sig.ident, &member.attrs, entry)
                        }
                        ImplItem::Const(member) if matches!(member.vis, Visibility::Public(_)) => {
                            let mut shown = member.clone();
                            self.normalizer(module, generics.clone())
                                .visit_impl_item_const_mut(&mut shown);
                            let mut entry = Item::new(
                                Kind::AssocConst,
                                format!("pub const {}: {}{within}", shown.ident, text(&shown.ty)),
                            );
                            entry.value = Some(text(&shown.expr));
                            (&member.ident, &member.attrs, entry)
                        }
                        _ => continue,
                    };
                    if is_test(attrs) {
                        continue;
                    }
                    entry.cfg = merge(cfg.clone(), cfgs(attrs));
                    entry.hidden = block_hidden || hidden(attrs);
                    entry.deprecated = block_deprecated || has(attrs, "deprecated");
                    entry.parent.clone_from(&parent);
                    out.insert(format!("{owner_key}::{name}"), entry);
                }
                continue;
            };
            let names: Vec<String> = trait_path
                .segments
                .iter()
                .map(|segment| segment.ident.to_string())
                .collect();
            let mut trait_hidden = false;
            if let Some((Target::Def(inner, index), used)) =
                self.tree
                    .resolve(module, &names, trait_path.leading_colon.is_some(), 0)
            {
                match self.defs.get(&(inner, index)) {
                    Some((_, hidden)) if used == names.len() => trait_hidden = *hidden,
                    Some(_) => {}
                    // A trait of the crate's own that is not public.
                    None => continue,
                }
            }
            let mut trait_path = trait_path.clone();
            normalize.visit_path_mut(&mut trait_path);
            let bang = if bang.is_some() { "!" } else { "" };
            let unsafety = if block.unsafety.is_some() {
                "unsafe "
            } else {
                ""
            };
            let trait_text = text(&trait_path);
            let mut signature =
                format!("{unsafety}impl{params} {bang}{trait_text} for {self_ty}{clause}");
            let types: Vec<String> = block
                .items
                .iter()
                .filter_map(|member| match member {
                    ImplItem::Type(member) => {
                        let mut member = member.clone();
                        member.attrs.clear();
                        normalize.visit_impl_item_type_mut(&mut member);
                        Some(text(&member))
                    }
                    _ => None,
                })
                .collect();
            if !types.is_empty() {
                signature.push_str(&format!(" {{ {} }}", types.join(" ")));
            }
            let mut entry = Item::new(Kind::TraitImpl, signature);
            entry.cfg = cfg;
            entry.hidden = block_hidden || trait_hidden;
            entry.deprecated = block_deprecated;
            entry.parent = parent;
            out.insert(format!("impl {bang}{trait_text} for {self_ty}"), entry);
        }
    }

    /// An entry for each macro called where items go in the public module `module`.
    fn macro_calls(&self, out: &mut Out, module: usize, key: &[String]) {
        let node = &self.tree.modules[module];
        let chain = self.tree.chain_cfg(module);
        for item in &node.items {
            let SynItem::Macro(call) = item else {
                continue;
            };
            if call.ident.is_some() {
                continue;
            }
            let Some(name) = call.mac.path.segments.last() else {
                continue;
            };
            let mut path = call.mac.path.clone();
            self.normalizer(module, BTreeSet::new())
                .visit_path_mut(&mut path);
            let (open, close) = match call.mac.delimiter {
                MacroDelimiter::Paren(_) => ("(", ")"),
                MacroDelimiter::Brace(_) => ("{ ", " }"),
                MacroDelimiter::Bracket(_) => ("[", "]"),
            };
            let arguments = tokens(call.mac.tokens.clone());
            let invocation = format!("{}!{open}{arguments}{close}", name.ident);
            let mut entry = Item::new(
                Kind::MacroCall,
                format!("{}!{open}{arguments}{close}", text(&path)),
            );
            entry.cfg = merge(chain.clone(), cfgs(&call.attrs));
            entry.hidden = hidden(&call.attrs) || self.module_hidden(module);
            // `mock_operation!(GetDevice)`: part of the type it is called for.
            entry.parent = node
                .defs
                .get(&arguments)
                .and_then(|indices| indices.first())
                .and_then(|index| self.defs.get(&(module, *index)))
                .map(|(path, _)| path.join("::"));
            let mut full = key.to_vec();
            full.push(invocation);
            out.insert(full.join("::"), entry);
        }
    }

    fn module_hidden(&self, module: usize) -> bool {
        let mut at = Some(module);
        while let Some(module) = at {
            if self.tree.modules[module].hidden {
                return true;
            }
            at = self.tree.modules[module].parent;
        }
        false
    }

    /// A `#[macro_export]` macro: its name and the patterns it takes.
    fn exported_macro(&self, out: &mut Out, module: usize, index: usize) {
        let SynItem::Macro(def) = &self.tree.modules[module].items[index] else {
            return;
        };
        let Some(name) = &def.ident else {
            return;
        };
        let trees: Vec<TokenTree> = def.mac.tokens.clone().into_iter().collect();
        let mut arms = Vec::new();
        let mut expect_matcher = true;
        for tree in &trees {
            match tree {
                TokenTree::Group(group) if expect_matcher => {
                    arms.push(format!(
                        "{} => …",
                        tokens(TokenTree::Group(group.clone()).into())
                    ));
                    expect_matcher = false;
                }
                TokenTree::Group(_) => expect_matcher = true,
                _ => {}
            }
        }
        let mut entry = Item::new(
            Kind::Macro,
            format!("macro_rules! {name} {{ {} }}", arms.join("; ")),
        );
        entry.cfg = merge(self.tree.chain_cfg(module), cfgs(&def.attrs));
        entry.hidden = hidden(&def.attrs);
        entry.deprecated = has(&def.attrs, "deprecated");
        out.insert(format!("{name}!"), entry);
    }

    /// A `pub use` of something outside the crate (or that the walk does not find).
    fn foreign(&self, out: &mut Out, foreign: &Foreign) {
        let leaf = &self.tree.modules[foreign.module].uses[foreign.use_index];
        let mut target = match outside_target(self.tree, foreign.module, foreign.use_index) {
            Some(path) => path,
            None => match self
                .tree
                .resolve(foreign.module, &leaf.target, leaf.leading_colon, 0)
            {
                Some((target, used)) => {
                    let mut path = self.spelled(&target);
                    path.extend(leaf.target.iter().skip(used).cloned());
                    path
                }
                None => leaf.target.clone(),
            },
        };
        shorten(&mut target);
        let target = target.join("::");
        let key = foreign.place.path.join("::");
        let (key, signature) = match &leaf.name {
            Some(name) => {
                let mut signature = format!("pub use {target}");
                if !target.ends_with(&format!("::{name}")) && target != *name {
                    signature.push_str(&format!(" as {name}"));
                }
                (key, signature)
            }
            None => (
                format!("{key} (from {target})"),
                format!("pub use {target}::*"),
            ),
        };
        let mut entry = Item::new(Kind::Use, signature);
        entry.cfg = foreign.place.cfg.clone();
        entry.hidden = foreign.place.hidden;
        entry.deprecated = foreign.place.deprecated;
        out.insert(key, entry);
    }
}

/// The name an item defines.
fn def_name(item: &SynItem) -> String {
    match item {
        SynItem::Struct(item) => item.ident.to_string(),
        SynItem::Enum(item) => item.ident.to_string(),
        SynItem::Union(item) => item.ident.to_string(),
        SynItem::Fn(item) => item.sig.ident.to_string(),
        SynItem::Const(item) => item.ident.to_string(),
        SynItem::Static(item) => item.ident.to_string(),
        SynItem::Type(item) => item.ident.to_string(),
        SynItem::Trait(item) => item.ident.to_string(),
        SynItem::TraitAlias(item) => item.ident.to_string(),
        _ => String::new(),
    }
}

/// A path into `std`, `core` or `alloc` as `std::…`, or as the prelude's name when it has one.
fn shorten(path: &mut Vec<String>) {
    let Some(first) = path.first_mut() else {
        return;
    };
    if !matches!(first.as_str(), "std" | "core" | "alloc") {
        return;
    }
    "std".clone_into(first);
    if path.len() > 1
        && path
            .last()
            .is_some_and(|last| PRELUDE.contains(&last.as_str()))
    {
        path.drain(..path.len() - 1);
    }
}

/// Spells every path of a signature from the crate root (see the module's docs), and leaves
/// out what callers do not see: attributes and `mut` bindings.
struct Normalize<'a> {
    context: &'a Context<'a>,
    module: usize,
    /// Generic parameters in scope: not resolved.
    generics: BTreeSet<String>,
}

impl Normalize<'_> {
    fn rewrite(&self, path: &mut Path) {
        let names: Vec<String> = path
            .segments
            .iter()
            .map(|segment| segment.ident.to_string())
            .collect();
        let Some(first) = names.first() else {
            return;
        };
        let lead = path.leading_colon.is_some();
        if !lead && (first == "Self" || self.generics.contains(first)) {
            return;
        }
        if let Some((target, used)) = self.context.locate(self.module, &names, lead) {
            let spelled = self.context.spelled(&target);
            if spelled.as_slice() != &names[..used] {
                let old: Vec<PathSegment> =
                    std::mem::take(&mut path.segments).into_iter().collect();
                let arguments = old
                    .get(used - 1)
                    .map_or(PathArguments::None, |segment| segment.arguments.clone());
                let count = spelled.len();
                for (at, name) in spelled.iter().enumerate() {
                    path.segments.push(PathSegment {
                        ident: ident(name),
                        arguments: if at + 1 == count {
                            arguments.clone()
                        } else {
                            PathArguments::None
                        },
                    });
                }
                path.segments.extend(old.into_iter().skip(used));
            }
            path.leading_colon = None;
        }
        let mut names: Vec<String> = path
            .segments
            .iter()
            .map(|segment| segment.ident.to_string())
            .collect();
        let before = names.len();
        let first_before = names.first().cloned();
        shorten(&mut names);
        if names.len() != before {
            let last = path.segments.pop().map(|pair| pair.into_value());
            path.segments = last.into_iter().collect();
        } else if names.first() != first_before.as_ref() {
            if let Some(segment) = path.segments.first_mut() {
                segment.ident = ident("std");
            }
        }
    }
}

impl VisitMut for Normalize<'_> {
    fn visit_attribute_mut(&mut self, _: &mut syn::Attribute) {}

    fn visit_path_mut(&mut self, path: &mut Path) {
        self.rewrite(path);
        visit_mut::visit_path_mut(self, path);
    }

    fn visit_type_path_mut(&mut self, node: &mut syn::TypePath) {
        match &mut node.qself {
            Some(qself) => {
                self.visit_type_mut(&mut qself.ty);
                for segment in node.path.segments.iter_mut() {
                    self.visit_path_arguments_mut(&mut segment.arguments);
                }
            }
            None => self.visit_path_mut(&mut node.path),
        }
    }

    fn visit_expr_path_mut(&mut self, node: &mut syn::ExprPath) {
        match &mut node.qself {
            Some(qself) => {
                self.visit_type_mut(&mut qself.ty);
                for segment in node.path.segments.iter_mut() {
                    self.visit_path_arguments_mut(&mut segment.arguments);
                }
            }
            None => self.visit_path_mut(&mut node.path),
        }
    }

    fn visit_fn_arg_mut(&mut self, node: &mut FnArg) {
        match node {
            FnArg::Receiver(receiver) => {
                receiver.attrs.clear();
                if receiver.reference.is_none() {
                    receiver.mutability = None;
                }
                visit_mut::visit_receiver_mut(self, receiver);
            }
            FnArg::Typed(typed) => {
                typed.attrs.clear();
                if let Pat::Ident(binding) = &mut *typed.pat {
                    binding.mutability = None;
                    binding.by_ref = None;
                }
                self.visit_type_mut(&mut typed.ty);
            }
        }
    }
}
