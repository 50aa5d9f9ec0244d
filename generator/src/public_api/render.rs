//! Tokens as one line of Rust, spaced one way whatever the source's formatting: `Option<String>`,
//! `pub fn new(id: &str) -> Self`, `{ .. }`; a comma before a closing delimiter is left out, so
//! a signature that prettyplease wraps over several lines reads as the one it wrapped.

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use quote::ToTokens;

/// A piece of the line.
#[derive(Debug, PartialEq)]
enum Atom {
    /// An identifier, a literal or a lifetime.
    Word(String),
    /// An operator: one punctuation character, or several joined (`::`, `->`).
    Op(String),
    /// `(`, `[` or `{`.
    Open(char),
    /// `)`, `]` or `}`.
    Close(char),
}

/// `node` as one line.
pub(super) fn text(node: &impl ToTokens) -> String {
    tokens(node.to_token_stream())
}

/// `stream` as one line.
pub(super) fn tokens(stream: TokenStream) -> String {
    let mut atoms = Vec::new();
    flatten(stream, &mut atoms);
    let mut line = String::new();
    let mut previous: Option<&Atom> = None;
    for (at, atom) in atoms.iter().enumerate() {
        // A trailing comma: before a closing delimiter, a generic list's `>`, or the end.
        if *atom == Atom::Op(",".into())
            && atoms
                .get(at + 1)
                .is_none_or(|next| matches!(next, Atom::Close(_)) || *next == Atom::Op(">".into()))
        {
            continue;
        }
        if let Some(previous) = previous {
            if space(previous, atom) {
                line.push(' ');
            }
        }
        match atom {
            Atom::Word(text) | Atom::Op(text) => line.push_str(text),
            Atom::Open(c) | Atom::Close(c) => line.push(*c),
        }
        previous = Some(atom);
    }
    line
}

fn flatten(stream: TokenStream, atoms: &mut Vec<Atom>) {
    let mut op = String::new();
    for tree in stream {
        match tree {
            TokenTree::Punct(punct) => {
                op.push(punct.as_char());
                if punct.spacing() == Spacing::Alone {
                    atoms.push(Atom::Op(std::mem::take(&mut op)));
                }
            }
            TokenTree::Ident(ident) => {
                if op == "'" {
                    op.clear();
                    atoms.push(Atom::Word(format!("'{ident}")));
                } else {
                    flush(&mut op, atoms);
                    atoms.push(Atom::Word(ident.to_string()));
                }
            }
            TokenTree::Literal(literal) => {
                flush(&mut op, atoms);
                atoms.push(Atom::Word(literal.to_string()));
            }
            TokenTree::Group(group) => {
                flush(&mut op, atoms);
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
    flush(&mut op, atoms);
}

fn flush(op: &mut String, atoms: &mut Vec<Atom>) {
    if !op.is_empty() {
        atoms.push(Atom::Op(std::mem::take(op)));
    }
}

/// Whether a space goes between `a` and `b`.
fn space(a: &Atom, b: &Atom) -> bool {
    if let Atom::Close(close) = b {
        return *close == '}' && *a != Atom::Open('{');
    }
    if let Atom::Open(open) = a {
        return *open == '{';
    }
    let after = match a {
        Atom::Op(op) => match op.as_str() {
            // Prefixes and joiners: `&self`, `*const T`, `m!(…)`, `#[…]`, `$x`, `-1`, `?Sized`.
            "::" | "&" | "&&" | "*" | "!" | "#" | "$" | "." | "<" | "?" | "-" => false,
            // `Option<T> where`, but `Fn<T>(…)`.
            ">" => !matches!(b, Atom::Open('(' | '[')),
            _ => true,
        },
        Atom::Word(_) | Atom::Close(_) | Atom::Open(_) => true,
    };
    let before = match b {
        // A leading `::` is spaced after `->`, `=`, `,`; not after a word, `<` or `&`.
        Atom::Op(op) if op == "::" => matches!(a, Atom::Op(op) if op != ">"),
        Atom::Op(op) => !matches!(op.as_str(), "," | ";" | ":" | "<" | ">" | "." | "!"),
        // `f(…)`, `Foo(…)`, `[T; 4]` tight after a word; `-> (A, B)`, `, (A, B)`,
        // `&'a [T]` spaced.
        Atom::Open('(' | '[') => {
            matches!(a, Atom::Op(_)) || matches!(a, Atom::Word(word) if word.starts_with('\''))
        }
        Atom::Word(_) | Atom::Open(_) | Atom::Close(_) => true,
    };
    after && before
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(source: &str) -> String {
        tokens(source.parse().unwrap())
    }

    #[test]
    fn spaces_signatures_one_way() {
        assert_eq!(
            line(
                "pub fn new ( & self , id : & 'a str , ) -> :: std :: option :: Option < Vec < T > >"
            ),
            "pub fn new(&self, id: &'a str) -> ::std::option::Option<Vec<T>>"
        );
        assert_eq!(
            line("pub struct X < 's , T : ? Sized + Clone > where T : Send { .. }"),
            "pub struct X<'s, T: ?Sized + Clone> where T: Send { .. }"
        );
        assert_eq!(
            line("# [non_exhaustive] pub enum E { }"),
            "#[non_exhaustive] pub enum E {}"
        );
        assert_eq!(
            line("pub fn f(a: [u8; 4], b: &[u8], c: *const T) -> (A, B)"),
            "pub fn f(a: [u8; 4], b: &[u8], c: *const T) -> (A, B)"
        );
        assert_eq!(line("crate::api_client!(API)"), "crate::api_client!(API)");
        assert_eq!(
            line("Result < A , B , > where T : Send , U : 'static ,"),
            "Result<A, B> where T: Send, U: 'static"
        );
        assert_eq!(
            line("& 'a (impl X) , & 'static [u8]"),
            "&'a (impl X), &'static [u8]"
        );
        assert_eq!(
            line("Error<E = serde_json::Value>"),
            "Error<E = serde_json::Value>"
        );
    }
}
