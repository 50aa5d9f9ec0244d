//! The crate's public API, pinned: every item reachable from `lib.rs` (its `pub use`
//! re-exports, its `pub mod`s, the `#[macro_export]` macros), read from the sources with `syn`
//! and listed as Rust-like declarations: each struct's public fields, each enum's variants, each
//! trait's items, and the signatures of the public functions of every impl (inherent or of a
//! trait). Items hidden from the docs (`#[doc(hidden)]`, plumbing for generated code) are listed
//! too, marked. Any change to the public API is a snapshot diff to review
//! (`INSTA_UPDATE=always cargo test -p client-runtime --test public_api`, then read the `.snap`).

// Helpers outside `#[test]` functions fail the test by panicking, as tests do.
#![allow(clippy::panic)]

#[path = "public_api/listing.rs"]
mod listing;
mod source;

use std::path::Path;

use listing::{public_api, render};
use source::{Sources, print};

/// The crate's own sources.
fn crate_sources() -> Sources {
    Sources::read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), "lib.rs")
}

#[test]
fn the_public_api_is_as_reviewed() {
    let listing = render(&public_api(&crate_sources()));
    insta::assert_snapshot!("public_api", listing);
}

#[test]
fn every_item_is_found_and_every_kind_listed() {
    let listing = render(&public_api(&crate_sources()));
    for gap in ["/* not found", "/* unlisted"] {
        assert!(!listing.contains(gap), "{listing}");
    }
}

/// `text` parsed as a `T` and printed.
fn printed<T: syn::parse::Parse + quote::ToTokens>(text: &str) -> String {
    match syn::parse_str::<T>(text) {
        Ok(parsed) => print(&parsed),
        Err(error) => panic!("{text}: {error}"),
    }
}

#[test]
fn signatures_print_as_rustfmt_writes_them() {
    for signature in [
        "fn new(base_url: impl Into<String>) -> Self",
        "fn json(client: &'a (impl AsRef<Client> + ?Sized), operation: &'static Operation) -> Self",
        "fn bytes(mut self, limit: u64) -> Result<Option<Vec<u8>>, reqwest::Error>",
        "fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>>",
        "fn pages<T, E, F, Fut>(first: u64, fetch: F) -> impl Stream<Item = Result<T, Error<E>>> \
         where F: FnMut(u64) -> Fut, Fut: Future<Output = Result<T, Error<E>>>",
        "const fn object(members: &'static [&'static str]) -> Self",
        "fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error>",
        "async fn chunk(&mut self) -> Result<Option<bytes::Bytes>, reqwest::Error>",
    ] {
        assert_eq!(printed::<syn::Signature>(signature), signature);
    }
    for ty in [
        "fn(u16, &str) -> Option<E>",
        "Pin<Box<dyn Future<Output = Self::Output> + Send + 'a>>",
        "Option<(&'static [&'static str], &'static [&'static str])>",
        "&mut [u8]",
        "<T as Trait>::Output",
    ] {
        assert_eq!(printed::<syn::Type>(ty), ty);
    }
}

#[test]
fn a_listing_shows_members_impls_and_hidden_items() {
    let sources = Sources::parse(
        "mod a; mod b; #[doc(hidden)] pub mod raw;\n\
         pub use a::{Thing, make};\n\
         #[doc(hidden)] pub use b::Secretly;",
        [
            (
                "a",
                "#[derive(Debug)] pub struct Thing { pub x: u8, y: u8 }\n\
                 impl Thing { pub fn x(&self) -> u8 { self.x } fn y(&self) -> u8 { self.y } \
                 #[doc(hidden)] pub fn raw() {} }\n\
                 impl std::fmt::Display for Thing { fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { Ok(()) } }\n\
                 pub fn make() -> Thing { Thing { x: 0, y: 0 } }\n\
                 #[macro_export] macro_rules! thing { ($x:expr) => {}; () => {}; }",
            ),
            (
                "b",
                "pub trait Secretly { fn a(&self); fn b(&self) {} }\n\
                 impl Secretly for u8 { fn a(&self) {} }\n\
                 impl Secretly for crate::Thing { fn a(&self) {} }",
            ),
            ("raw", "pub fn bytes() {} fn private() {}"),
        ],
    );
    let listing = render(&public_api(&sources));
    let expected = "\
// The public API of client_runtime: 6 items, 3 visible and 3 hidden from the docs.

#[doc(hidden)]
pub trait Secretly {
    fn a(&self);
    fn b(&self) { … }
}
impl Secretly for u8 {
    fn a(&self);
}

#[derive(Debug)]
pub struct Thing {
    pub x: u8,
    /* private fields */
}
impl Thing {
    pub fn x(&self) -> u8;
    #[doc(hidden)] pub fn raw();
}
impl std::fmt::Display for Thing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result;
}
impl Secretly for crate::Thing {
    fn a(&self);
}

pub fn make() -> Thing;

#[doc(hidden)]
pub mod raw {
    #[doc(hidden)]
    pub fn bytes();
}

#[macro_export]
macro_rules! thing {
    ($x:expr) => { … };
    () => { … };
}
";
    assert_eq!(listing, expected, "{listing}");
}
