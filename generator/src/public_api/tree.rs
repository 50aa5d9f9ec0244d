//! A crate's modules as `syn` read them, and the resolution of a path written in one of them.

use std::collections::BTreeMap;

use syn::{Attribute, Item, Meta, UseTree, Visibility};

use super::render;

/// How deep a path's resolution may follow imports and globs (a cycle stops there).
const MAX_DEPTH: u8 = 8;

/// Every module of a crate.
pub(super) struct Tree {
    /// The modules; the root first.
    pub modules: Vec<Module>,
    /// `#[macro_export]` macros: (module, item index).
    pub macros: Vec<(usize, usize)>,
}

/// One module: its own items (its submodules moved out to their own entries).
pub(super) struct Module {
    /// Its path from the root (empty for the root).
    pub path: Vec<String>,
    /// The module it is declared in.
    pub parent: Option<usize>,
    /// Its items other than modules, without `#[cfg(test)]` ones.
    pub items: Vec<Item>,
    /// Declared `pub` (the root is).
    pub public: bool,
    /// `#[doc(hidden)]` on its declaration or inside it.
    pub hidden: bool,
    /// `#[deprecated]` on its declaration or inside it.
    pub deprecated: bool,
    /// Its own `cfg` predicates.
    pub cfg: Vec<String>,
    /// Its submodules by name.
    pub children: BTreeMap<String, usize>,
    /// Its items by name (the first one a path resolves to): indices into `items`.
    pub defs: BTreeMap<String, Vec<usize>>,
    /// The names its `use` items bring in: indices into `uses`.
    pub imports: BTreeMap<String, usize>,
    /// Its `use` leaves, in order.
    pub uses: Vec<Use>,
}

/// One leaf of a `use` tree.
pub(super) struct Use {
    /// The name it binds; `None` for a glob.
    pub name: Option<String>,
    /// The path it names (the glob's module).
    pub target: Vec<String>,
    /// Written with a leading `::`.
    pub leading_colon: bool,
    /// `pub use`.
    pub public: bool,
    /// `#[doc(hidden)]`.
    pub hidden: bool,
    /// Its `cfg` predicates.
    pub cfg: Vec<String>,
}

/// What a path names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Target {
    /// An item of the crate: (module, item index).
    Def(usize, usize),
    /// A module of the crate.
    Module(usize),
    /// Something outside the crate, as the path to it.
    Outside(Vec<String>),
    /// A name under a module of the crate that the walk does not find (declared by a macro): the
    /// module and the name.
    Unseen(usize, String),
}

impl Tree {
    /// Parse the crate whose files are `files`, from its `lib.rs`.
    pub fn load(files: &[(&str, &str)]) -> Result<Tree, String> {
        let texts: BTreeMap<String, &str> = files
            .iter()
            .map(|(path, text)| (clean(&path.replace('\\', "/")), *text))
            .collect();
        let root = ["src/lib.rs", "lib.rs"]
            .into_iter()
            .find(|path| texts.contains_key(*path))
            .ok_or("no src/lib.rs among the files")?;
        let file = parse(root, &texts)?;
        let mut tree = Tree {
            modules: vec![Module::new(Vec::new(), None, true, &file.attrs, &[])],
            macros: Vec::new(),
        };
        let dir = parent_dir(root);
        tree.fill(0, file.items, &dir, &dir, &texts)?;
        Ok(tree)
    }

    /// Give module `at` its `items`: submodules become modules of their own, read from `texts`
    /// (`dir` is where a `mod x;` file is looked for, `base` what a `#[path]` is relative to).
    fn fill(
        &mut self,
        at: usize,
        items: Vec<Item>,
        dir: &str,
        base: &str,
        texts: &BTreeMap<String, &str>,
    ) -> Result<(), String> {
        let mut kept = Vec::new();
        for item in items {
            if item_attrs(&item).is_some_and(is_test) {
                continue;
            }
            let Item::Mod(module) = item else {
                kept.push(item);
                continue;
            };
            let name = module.ident.to_string();
            let mut path = self.modules[at].path.clone();
            path.push(name.clone());
            let public = matches!(module.vis, Visibility::Public(_));
            let child_dir = join(dir, &name);
            let (items, inner, child_base, child_dir) = match module.content {
                Some((_, items)) => (items, Vec::new(), child_dir.clone(), child_dir),
                None => {
                    let candidates = match path_attr(&module.attrs) {
                        Some(file) => vec![join(base, &file)],
                        None => vec![format!("{}.rs", child_dir), format!("{}/mod.rs", child_dir)],
                    };
                    let found = candidates
                        .iter()
                        .find(|path| texts.contains_key(*path))
                        .ok_or_else(|| {
                            format!(
                                "module `{}`: none of {} among the files",
                                path.join("::"),
                                candidates.join(", ")
                            )
                        })?;
                    let file = parse(found, texts)?;
                    let file_dir = parent_dir(found);
                    let child_dir =
                        if found.ends_with("/mod.rs") || path_attr(&module.attrs).is_some() {
                            file_dir.clone()
                        } else {
                            child_dir
                        };
                    (file.items, file.attrs, file_dir, child_dir)
                }
            };
            if is_test(&inner) {
                continue;
            }
            let child = self.modules.len();
            self.modules
                .push(Module::new(path, Some(at), public, &module.attrs, &inner));
            self.modules[at].children.insert(name, child);
            self.fill(child, items, &child_dir, &child_base, texts)?;
        }
        for (index, item) in kept.iter().enumerate() {
            let name = match item {
                Item::Struct(item) => Some(&item.ident),
                Item::Enum(item) => Some(&item.ident),
                Item::Union(item) => Some(&item.ident),
                Item::Fn(item) => Some(&item.sig.ident),
                Item::Const(item) => Some(&item.ident),
                Item::Static(item) => Some(&item.ident),
                Item::Type(item) => Some(&item.ident),
                Item::Trait(item) => Some(&item.ident),
                Item::TraitAlias(item) => Some(&item.ident),
                Item::Macro(item) => {
                    if item.ident.is_some() && has(&item.attrs, "macro_export") {
                        self.macros.push((at, index));
                    }
                    None
                }
                Item::Use(item) => {
                    let public = matches!(item.vis, Visibility::Public(_));
                    let mut leaves = Vec::new();
                    use_leaves(&item.tree, &mut Vec::new(), &mut leaves);
                    for (name, target) in leaves {
                        let module = &mut self.modules[at];
                        if let Some(name) = &name {
                            module
                                .imports
                                .entry(name.clone())
                                .or_insert(module.uses.len());
                        }
                        module.uses.push(Use {
                            name,
                            target,
                            leading_colon: item.leading_colon.is_some(),
                            public,
                            hidden: hidden(&item.attrs),
                            cfg: cfgs(&item.attrs),
                        });
                    }
                    None
                }
                _ => None,
            };
            if let Some(name) = name {
                self.modules[at]
                    .defs
                    .entry(name.to_string())
                    .or_default()
                    .push(index);
            }
        }
        self.modules[at].items = kept;
        Ok(())
    }

    /// The module `at`'s parents' and its own `cfg`s, outermost first.
    pub fn chain_cfg(&self, at: usize) -> Vec<String> {
        let mut chain = Vec::new();
        let mut module = Some(at);
        while let Some(at) = module {
            chain.push(&self.modules[at]);
            module = self.modules[at].parent;
        }
        chain
            .iter()
            .rev()
            .flat_map(|module| module.cfg.iter().cloned())
            .collect()
    }

    /// What `segments` (written in module `from`) name, and how many of them that took: the rest
    /// are members of it (a variant, an associated item). `None` when the first segment is not
    /// in scope (the prelude, a generic parameter, a name a glob from outside brings in).
    pub fn resolve(
        &self,
        from: usize,
        segments: &[String],
        leading_colon: bool,
        depth: u8,
    ) -> Option<(Target, usize)> {
        if depth > MAX_DEPTH || segments.is_empty() {
            return None;
        }
        if leading_colon {
            return Some((Target::Outside(segments.to_vec()), segments.len()));
        }
        let (mut module, mut at) = match segments[0].as_str() {
            "crate" => (0, 1),
            "self" => (from, 1),
            "super" => {
                let mut module = from;
                let mut at = 0;
                while segments.get(at).is_some_and(|s| s == "super") {
                    module = self.modules[module].parent?;
                    at += 1;
                }
                (module, at)
            }
            first => match self.lookup(from, first, segments.len() == 1, depth)? {
                Target::Module(module) => (module, 1),
                target => return Some(whole(target, segments, 1)),
            },
        };
        while at < segments.len() {
            let last = at + 1 == segments.len();
            match self.lookup(module, &segments[at], last, depth) {
                Some(Target::Module(inner)) => module = inner,
                Some(target) => return Some(whole(target, segments, at + 1)),
                None => return Some((Target::Unseen(module, segments[at].clone()), at + 1)),
            }
            at += 1;
        }
        Some((Target::Module(module), at))
    }

    /// What `name` names in module `at`: a submodule (first, unless `last`), an item, an import,
    /// or a name a glob of the crate's own modules brings in.
    fn lookup(&self, at: usize, name: &str, last: bool, depth: u8) -> Option<Target> {
        let module = &self.modules[at];
        if !last {
            if let Some(&child) = module.children.get(name) {
                return Some(Target::Module(child));
            }
        }
        if let Some(&index) = module.defs.get(name).and_then(|defs| defs.first()) {
            return Some(Target::Def(at, index));
        }
        if let Some(&child) = module.children.get(name) {
            return Some(Target::Module(child));
        }
        if let Some(&import) = module.imports.get(name) {
            let import = &module.uses[import];
            return match self.resolve(at, &import.target, import.leading_colon, depth + 1) {
                Some((target, used)) if used == import.target.len() => Some(target),
                Some(_) => None,
                // The first segment is no name of the crate: another crate's.
                None => Some(Target::Outside(import.target.clone())),
            };
        }
        for glob in module.uses.iter().filter(|u| u.name.is_none()) {
            if let Some((Target::Module(source), used)) =
                self.resolve(at, &glob.target, glob.leading_colon, depth + 1)
            {
                if used == glob.target.len() && source != at {
                    if let Some(target) = self.lookup(source, name, last, depth + 1) {
                        return Some(target);
                    }
                }
            }
        }
        None
    }
}

/// `target`, reached after `used` of `segments`; a path outside the crate takes the rest along
/// (`runtime::Secret`, `runtime` being another crate, is that crate's `Secret`).
fn whole(target: Target, segments: &[String], used: usize) -> (Target, usize) {
    match target {
        Target::Outside(mut path) => {
            path.extend(segments[used..].iter().cloned());
            (Target::Outside(path), segments.len())
        }
        target => (target, used),
    }
}

impl Module {
    fn new(
        path: Vec<String>,
        parent: Option<usize>,
        public: bool,
        outer: &[Attribute],
        inner: &[Attribute],
    ) -> Module {
        let mut cfg = cfgs(outer);
        cfg.extend(cfgs(inner));
        Module {
            path,
            parent,
            items: Vec::new(),
            public,
            hidden: hidden(outer) || hidden(inner),
            deprecated: has(outer, "deprecated") || has(inner, "deprecated"),
            cfg,
            children: BTreeMap::new(),
            defs: BTreeMap::new(),
            imports: BTreeMap::new(),
            uses: Vec::new(),
        }
    }
}

fn parse(path: &str, texts: &BTreeMap<String, &str>) -> Result<syn::File, String> {
    let text = texts
        .get(path)
        .ok_or_else(|| format!("{path}: not among the files"))?;
    syn::parse_file(text).map_err(|error| format!("{path}: {error}"))
}

/// The leaves of a `use` tree: (the name bound, or `None` for a glob; the path).
fn use_leaves(
    tree: &UseTree,
    prefix: &mut Vec<String>,
    leaves: &mut Vec<(Option<String>, Vec<String>)>,
) {
    match tree {
        UseTree::Path(path) => {
            prefix.push(path.ident.to_string());
            use_leaves(&path.tree, prefix, leaves);
            prefix.pop();
        }
        UseTree::Name(name) => {
            let ident = name.ident.to_string();
            if ident == "self" {
                if let Some(last) = prefix.last() {
                    leaves.push((Some(last.clone()), prefix.clone()));
                }
            } else {
                let mut target = prefix.clone();
                target.push(ident.clone());
                leaves.push((Some(ident), target));
            }
        }
        UseTree::Rename(rename) => {
            let mut target = prefix.clone();
            let ident = rename.ident.to_string();
            if ident != "self" {
                target.push(ident);
            }
            let name = rename.rename.to_string();
            if name != "_" {
                leaves.push((Some(name), target));
            }
        }
        UseTree::Glob(_) => leaves.push((None, prefix.clone())),
        UseTree::Group(group) => {
            for tree in &group.items {
                use_leaves(tree, prefix, leaves);
            }
        }
    }
}

/// The attributes of an item.
pub(super) fn item_attrs(item: &Item) -> Option<&[Attribute]> {
    Some(match item {
        Item::Const(item) => &item.attrs,
        Item::Enum(item) => &item.attrs,
        Item::ExternCrate(item) => &item.attrs,
        Item::Fn(item) => &item.attrs,
        Item::ForeignMod(item) => &item.attrs,
        Item::Impl(item) => &item.attrs,
        Item::Macro(item) => &item.attrs,
        Item::Mod(item) => &item.attrs,
        Item::Static(item) => &item.attrs,
        Item::Struct(item) => &item.attrs,
        Item::Trait(item) => &item.attrs,
        Item::TraitAlias(item) => &item.attrs,
        Item::Type(item) => &item.attrs,
        Item::Union(item) => &item.attrs,
        Item::Use(item) => &item.attrs,
        _ => return None,
    })
}

/// Under `#[cfg(test)]`: not part of the crate a user builds.
pub(super) fn is_test(attrs: &[Attribute]) -> bool {
    cfgs(attrs).iter().any(|cfg| cfg == "test")
}

/// The predicates of the `#[cfg(…)]` attributes.
pub(super) fn cfgs(attrs: &[Attribute]) -> Vec<String> {
    attrs
        .iter()
        .filter(|attr| attr.path().is_ident("cfg"))
        .filter_map(|attr| match &attr.meta {
            Meta::List(list) => Some(render::tokens(list.tokens.clone())),
            _ => None,
        })
        .collect()
}

/// `#[doc(hidden)]`.
pub(super) fn hidden(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|attr| {
        attr.path().is_ident("doc")
            && matches!(&attr.meta, Meta::List(list)
                if list.tokens.clone().into_iter().any(|token| token.to_string() == "hidden"))
    })
}

/// An attribute named `name` (`non_exhaustive`, `deprecated`, `macro_export`).
pub(super) fn has(attrs: &[Attribute], name: &str) -> bool {
    attrs.iter().any(|attr| attr.path().is_ident(name))
}

/// The file a `#[path = "…"]` names.
fn path_attr(attrs: &[Attribute]) -> Option<String> {
    attrs.iter().find_map(|attr| match &attr.meta {
        Meta::NameValue(pair) if pair.path.is_ident("path") => match &pair.value {
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(text),
                ..
            }) => Some(text.value()),
            _ => None,
        },
        _ => None,
    })
}

fn parent_dir(path: &str) -> String {
    path.rsplit_once('/')
        .map_or_else(String::new, |(dir, _)| dir.to_owned())
}

fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        clean(name)
    } else {
        clean(&format!("{dir}/{name}"))
    }
}

/// A relative path without `.` and with each `..` taking off the part before it.
fn clean(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    parts.join("/")
}
