//! Spec prose to rustdoc attributes, escaped so that rustdoc neither warns nor runs it as a doctest.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = "…"]` lines for `text` (nothing for `None`).
pub(crate) fn attrs(text: Option<&str>) -> TokenStream {
    let Some(text) = text else { return TokenStream::new() };
    let lines = escape(text);
    quote! { #( #[doc = #lines] )* }
}

/// Each line of `text`, escaped for rustdoc Markdown and prefixed with a space.
pub(crate) fn escape(text: &str) -> Vec<String> {
    let mut in_fence = false;
    let mut lines = Vec::new();
    for raw in text.trim().lines() {
        // Leading spaces would make an indented code block, which rustdoc compiles as a doctest.
        let line = raw.trim_start();
        if let Some(rest) = line.strip_prefix("```") {
            // A fence without a language would be compiled as Rust; mark it as text.
            let opening = !in_fence;
            in_fence = !in_fence;
            lines.push(if opening && rest.trim().is_empty() {
                " ```text".to_owned()
            } else {
                format!(" {line}")
            });
            continue;
        }
        lines.push(if in_fence { format!(" {line}") } else { format!(" {}", escape_line(line)) });
    }
    if in_fence {
        lines.push(" ```".to_owned());
    }
    lines
}

/// Escape brackets (intra-doc links), angle brackets (HTML) and wrap bare URLs.
fn escape_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for (index, word) in line.split(' ').enumerate() {
        if index > 0 {
            out.push(' ');
        }
        let url_start = word.find("https://").or_else(|| word.find("http://"));
        match url_start {
            Some(start) => {
                let (before, rest) = word.split_at(start);
                let end = rest
                    .find([')', ']', '"', '\'', '<', '>', ',', ';'])
                    .unwrap_or(rest.len());
                let url = rest.get(..end).unwrap_or(rest).trim_end_matches('.');
                let tail = rest.get(url.len()..).unwrap_or_default();
                out.push_str(&escape_text(before));
                out.push('<');
                out.push_str(url);
                out.push('>');
                out.push_str(&escape_text(tail));
            }
            None => out.push_str(&escape_text(word)),
        }
    }
    out
}

fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '[' => out.push_str("\\["),
            ']' => out.push_str("\\]"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes() {
        assert_eq!(escape("see [x] <b>"), vec![" see \\[x\\] &lt;b&gt;"]);
        assert_eq!(escape("at https://a.io/x."), vec![" at <https://a.io/x>."]);
        assert_eq!(escape("    code"), vec![" code"]);
        assert_eq!(escape("```\nx\n"), vec![" ```text", " x", " ```"]);
    }
}
