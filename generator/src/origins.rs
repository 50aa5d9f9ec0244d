//! Where a part of a rewritten document came from: pointers into the output mapped back to pointers
//! into the input, so a diagnostic about the output points at what a person wrote.

use std::collections::BTreeMap;

/// Maps pointers into a rewritten document (the conversion's output, or the document after `$ref`
/// targets were moved) back to pointers into its input (longest-prefix rewrite).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origins {
    prefixes: PrefixMap,
}

impl Origins {
    /// The pointer into the input that `output_pointer` came from: the longest recorded prefix, on
    /// a token boundary, is replaced and the rest kept. A pointer under no recorded prefix is
    /// returned unchanged (most of the output mirrors the input).
    pub fn source_pointer(&self, output_pointer: &str) -> String {
        self.prefixes.rewrite(output_pointer)
    }

    /// Record that the output under `output` came from the input under `input`.
    pub(crate) fn record(&mut self, output: &str, input: &str) {
        self.prefixes.insert(output, input);
    }
}

/// Pointer prefixes and what each stands for: a pointer is rewritten by its longest recorded
/// prefix that ends on a token boundary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct PrefixMap {
    prefixes: BTreeMap<String, String>,
}

impl PrefixMap {
    /// Pointers under `from` are rewritten to lie under `to`.
    pub(crate) fn insert(&mut self, from: &str, to: &str) {
        self.prefixes.insert(from.to_owned(), to.to_owned());
    }

    /// Whether nothing was recorded.
    pub(crate) fn is_empty(&self) -> bool {
        self.prefixes.is_empty()
    }

    /// `pointer` with its longest recorded prefix replaced, or `None` when it has none.
    pub(crate) fn rewritten(&self, pointer: &str) -> Option<String> {
        let mut prefix = pointer;
        loop {
            if let Some(to) = self.prefixes.get(prefix) {
                let rest = pointer.get(prefix.len()..).unwrap_or_default();
                return Some(format!("{to}{rest}"));
            }
            prefix = prefix.rfind('/').and_then(|end| prefix.get(..end))?;
        }
    }

    /// `pointer` with its longest recorded prefix replaced (unchanged when it has none).
    pub(crate) fn rewrite(&self, pointer: &str) -> String {
        self.rewritten(pointer)
            .unwrap_or_else(|| pointer.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_prefix_on_a_token_boundary_wins() {
        let mut map = PrefixMap::default();
        map.insert("/a", "/x");
        map.insert("/a/b", "/y");
        assert_eq!(map.rewrite("/a/b/c"), "/y/c");
        assert_eq!(map.rewrite("/a/bc"), "/x/bc");
        assert_eq!(map.rewrite("/a"), "/x");
        assert_eq!(map.rewrite("/ab"), "/ab");
        assert_eq!(map.rewritten(""), None);
    }
}
