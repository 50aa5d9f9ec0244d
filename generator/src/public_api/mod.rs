//! The public Rust API of a crate, read from its sources with `syn`, and what changed between two
//! versions of it, judged by the code using the crate that stops compiling.
//!
//! [`crate::diff`] compares two IRs; this module compares the Rust the emitter made of them (and
//! the runtime a crate vendors), so a change the IR comparison does not model (a derive dropped,
//! a method's argument type spelled differently, a re-export gone) still shows. The semver advice
//! is the larger bump of the two reports ([`RustReport::bump_with`]).
//!
//! [`public_api`] walks a crate's `src/` from `src/lib.rs`, following `mod x;` to `src/x.rs` or
//! `src/x/mod.rs` (or a `#[path]`) and inline `mod x { … }` blocks, and collects every item code
//! outside the crate can name. Macros are not expanded: what a module-level macro call declares
//! (the generated `Client` of `api_client!`) is seen only as the call ([`Kind::MacroCall`]).
//!
//! # Keys
//!
//! Every entry is keyed by the path a user names it by, from the crate root, without `crate::`:
//!
//! - an item by its public path: `models::Device`, `DEFAULT_BASE_URL`, `security::ACCESS_TOKEN`.
//!   An item public at several paths is keyed at one: where it is defined if that is public,
//!   else the shortest path outside `#[doc(hidden)]` (then the shortest path at all); the other
//!   paths are [`Kind::Use`] entries saying what they re-export;
//! - a field, a variant, a trait's item, an inherent method or associated constant by its
//!   owner's key and its name: `models::Device::name`, `models::Kind::Car`,
//!   `Client::get_device`. A method is keyed by the type it is on, whichever module holds the
//!   `impl` (`impl crate::Client { … }` in `operations.rs` gives `Client::get_device`); a type
//!   the walk cannot find (declared by a macro) by the path the `impl` names it by, from the
//!   module holding the `impl`. A tuple struct's field is keyed by its index: `mock::GetDevice::0`;
//! - a trait impl, derived or written, as `impl Trait for Type`, both as signatures spell them
//!   (below): `impl Clone for crate::models::Device`,
//!   `impl From<crate::models::Dog> for crate::models::Pet`;
//! - a `#[macro_export]` macro as `name!`; a macro called at module level as
//!   `module::name!(arguments)` (`api_client!(API)`);
//! - a re-export of something outside the crate by the path it makes (`reqwest`, `Secret`); a
//!   glob re-export as `module::*` with ` (from path)` after it.
//!
//! Entries of two kinds with one key (a builder's field and its setter) are told apart by the
//! kind after the later one's key: `RetryPolicy::max_retries (method)`; two of one kind (an item
//! written twice under exclusive `cfg`s) by ` #2`, ` #3`, … in the order of the sources.
//!
//! # Signatures
//!
//! An entry's [`Item::signature`] is its Rust text without doc comments, attributes or bodies,
//! spaced one way whatever the source's formatting, with trailing commas left out. Every path
//! the walk can resolve is spelled from the crate root, however the source wrote it:
//! `crate::models::Device` for `Device`, `self::Device` or `super::models::Device`. A path into
//! another crate that the crate re-exports is spelled as the re-export (`crate::Call` for
//! `client_runtime::Call`, `crate::runtime::mock::Mock` for `client_runtime::mock::Mock` when
//! `runtime` re-exports `client_runtime`), so a crate that depends on the runtime and one that
//! vendors it read alike; a capitalized name that only a module's one glob import from another
//! crate can bring in is taken to come from it. Paths into the standard library are shortened
//! to the prelude's name where there is one (`Option`, `String`, `Debug`, `Default`), other
//! paths written without a leading `::`.
//!
//! The attributes that matter to users are kept beside the signature: `#[cfg(…)]`
//! ([`Item::cfg`], from the item and every module around it; items under `#[cfg(test)]` are
//! left out), `#[non_exhaustive]`, `#[deprecated]` and `#[doc(hidden)]`; [`Item::display`] shows
//! them together. A function's [`Item::shape`] leaves out its argument names, which callers do
//! not see.
//!
//! An item in a `#[doc(hidden)]` module that a public type alias outside it names (the runtime's
//! `Error`, named by the crate's `pub type Error<E = …>`) is not hidden: users reach it.

mod cfg;
mod compare;
mod entries;
mod render;
mod tree;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

use crate::diff::{Bump, Impact};

pub use compare::diff;

/// What kind of item an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// `pub mod x`.
    Module,
    /// `pub struct`: its generics, its shape (`{ .. }`, `( .. )` or `;`); its fields are entries
    /// of their own.
    Struct,
    /// `pub union`, like a struct.
    Union,
    /// A `pub` field of a struct or union.
    Field,
    /// `pub enum`: its generics; its variants are entries of their own.
    Enum,
    /// A variant of an enum, with its fields.
    Variant,
    /// `pub fn` outside an `impl`.
    Function,
    /// A `pub fn` of an inherent `impl`.
    Method,
    /// A `pub const` of an inherent `impl`.
    AssocConst,
    /// `pub trait`: its generics and supertraits; its items are entries of their own.
    Trait,
    /// A function, type or constant a trait declares.
    TraitItem,
    /// `impl Trait for Type`, written or derived.
    TraitImpl,
    /// `pub const`.
    Const,
    /// `pub static`.
    Static,
    /// `pub type`.
    TypeAlias,
    /// `pub use`: a re-export of something outside the crate, or another path to an item.
    Use,
    /// A `#[macro_export]` macro.
    Macro,
    /// A macro called where items go, in a public module: what it declares is not seen.
    MacroCall,
}

impl Kind {
    /// The kind as the report words it: `struct`, `field`, `trait impl`, …
    pub fn name(self) -> &'static str {
        match self {
            Kind::Module => "module",
            Kind::Struct => "struct",
            Kind::Union => "union",
            Kind::Field => "field",
            Kind::Enum => "enum",
            Kind::Variant => "variant",
            Kind::Function => "function",
            Kind::Method => "method",
            Kind::AssocConst => "associated constant",
            Kind::Trait => "trait",
            Kind::TraitItem => "trait item",
            Kind::TraitImpl => "trait impl",
            Kind::Const => "constant",
            Kind::Static => "static",
            Kind::TypeAlias => "type alias",
            Kind::Use => "re-export",
            Kind::Macro => "macro",
            Kind::MacroCall => "macro call",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One entry of a crate's public API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    /// What it is.
    pub kind: Kind,
    /// Its signature (see the module's docs): `pub fn new(id: String) -> Self`,
    /// `pub name: Option<String>`, `Car(crate::models::Car)`, `pub struct Device { .. }`.
    pub signature: String,
    /// What callers see of a function or method: its signature with the argument names left
    /// out (`pub fn new(_: String) -> Self`). Renaming an argument changes nothing for them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shape: Option<String>,
    /// A constant's or static's value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// The `cfg` predicates it is under, outermost first: `feature = "mock"`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cfg: Vec<String>,
    /// `#[deprecated]`, on it or on its owner.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub deprecated: bool,
    /// `#[doc(hidden)]`, on it, its owner or a module on the way: outside semver by convention.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub hidden: bool,
    /// `#[non_exhaustive]` (a struct, enum or variant).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub non_exhaustive: bool,
    /// A struct or union with a field that is not `pub`: no struct literal outside the crate.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub private_fields: bool,
    /// A trait item without a default: every implementation must give it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
    /// The key of the entry it belongs to: a field's struct, a method's or trait impl's type (if
    /// the walk found it), a trait item's trait.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
}

impl Item {
    /// The entry as one line of Rust: `#[cfg(…)]`, `#[deprecated]`, `#[doc(hidden)]` and
    /// `#[non_exhaustive]` before the signature, the value after it.
    pub fn display(&self) -> String {
        let mut text = String::new();
        for cfg in &self.cfg {
            text.push_str(&format!("#[cfg({cfg})] "));
        }
        if self.deprecated {
            text.push_str("#[deprecated] ");
        }
        if self.hidden {
            text.push_str("#[doc(hidden)] ");
        }
        if self.non_exhaustive {
            text.push_str("#[non_exhaustive] ");
        }
        text.push_str(&self.signature);
        if self.private_fields {
            text.push_str(" /* and private fields */");
        }
        if self.kind == Kind::TraitItem && !self.required {
            text.push_str(" /* has a default */");
        }
        if let Some(value) = &self.value {
            text.push_str(" = ");
            text.push_str(value);
        }
        text
    }

    /// The features it needs: the names in its `cfg`s' `feature = "…"` predicates.
    pub fn features(&self) -> Vec<String> {
        let mut features = Vec::new();
        for cfg in &self.cfg {
            let mut rest = cfg.as_str();
            while let Some(at) = rest.find("feature = \"") {
                rest = &rest[at + "feature = \"".len()..];
                if let Some(end) = rest.find('"') {
                    features.push(rest[..end].to_owned());
                    rest = &rest[end..];
                }
            }
        }
        features
    }
}

/// A crate's public API: every entry by its key (see the module's docs).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PublicApi {
    /// The entries, by key.
    pub items: BTreeMap<String, Item>,
}

impl PublicApi {
    /// The entry at `key`.
    pub fn get(&self, key: &str) -> Option<&Item> {
        self.items.get(key)
    }
}

/// The public API of a crate from its sources: `(path, text)` pairs such as
/// `("src/lib.rs", …)`, `("src/runtime/client.rs", …)`. The walk starts at `src/lib.rs` (or
/// `lib.rs`); files no `mod` reaches are not read. An error names a file that does not parse or
/// a module whose file is not among `files`.
pub fn public_api(files: &[(&str, &str)]) -> Result<PublicApi, String> {
    let tree = tree::Tree::load(files)?;
    Ok(entries::collect(&tree))
}

/// How an entry changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "lowercase")]
pub enum Delta {
    /// Only in the old crate.
    Removed,
    /// Only in the new crate.
    Added,
    /// In both, different: each side as [`Item::display`] shows it.
    Changed {
        /// Before.
        old: String,
        /// After.
        new: String,
    },
}

/// One change of the public Rust API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RustChange {
    /// Its impact on code using the crate.
    pub impact: Impact,
    /// The entry's key.
    pub item: String,
    /// The entry's kind (the new one, when it changed kind).
    pub kind: Kind,
    /// What happened to it.
    #[serde(flatten)]
    pub change: Delta,
    /// Which code using the crate breaks, or why none does.
    pub note: String,
    /// The entry is `#[doc(hidden)]` (on the side it is on; on both, for a change): listed, but
    /// outside semver and the bump.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub hidden: bool,
}

/// Every change of the public Rust API between two versions of a crate, and the bump they need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RustReport {
    /// The changes, sorted by key.
    pub changes: Vec<RustChange>,
    /// The semver bump the changes that are not hidden call for.
    pub bump: Bump,
}

impl RustReport {
    /// The advice when the API report ([`crate::diff::Report`]) asks for `api`: the larger bump.
    pub fn bump_with(&self, api: Bump) -> Bump {
        self.bump.max(api)
    }

    /// The report as Markdown: breaking changes, additions, behaviour, then hidden items, one
    /// line each, and the bump.
    pub fn markdown(&self) -> String {
        compare::markdown(self)
    }

    /// The report as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
    }
}
