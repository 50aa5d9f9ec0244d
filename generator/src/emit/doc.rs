//! Spec prose to rustdoc attributes, escaped so that rustdoc neither warns nor runs it as a doctest.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Deprecation, Operation};

/// `#[doc = "…"]` lines for `text` (nothing for `None`).
pub(crate) fn attrs(text: Option<&str>) -> TokenStream {
    let Some(text) = text else {
        return TokenStream::new();
    };
    let lines = escape(text);
    quote! { #( #[doc = #lines] )* }
}

/// `#[deprecated]`, with the note when there is one, as a line (nothing for `None`).
pub(crate) fn deprecated_line(deprecation: Option<&Deprecation>) -> Option<String> {
    match deprecation? {
        Deprecation { note: Some(note) } => {
            Some(format!("#[deprecated = {}]", super::layout::string(note)))
        }
        Deprecation { note: None } => Some("#[deprecated]".to_owned()),
    }
}

/// A method's deprecation attributes, as lines: `#[deprecated]` for a deprecated operation, and
/// `#[allow(deprecated)]` where the crate itself uses a deprecated item (a deprecated model in
/// the signature, or, for the `_pages` method, which `calls` the operation's method, that method).
pub(crate) fn method_deprecation(op: &Operation, calls: bool) -> Vec<String> {
    let mut lines: Vec<String> = deprecated_line(op.deprecated.as_ref())
        .into_iter()
        .collect();
    if op.uses_deprecated || (calls && op.deprecated.is_some()) {
        lines.push("#[allow(deprecated)]".to_owned());
    }
    lines
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
        lines.push(if in_fence || is_plain(line) {
            format!(" {line}")
        } else {
            format!(" {}", escape_line(&decode_entities(line)))
        });
    }
    if in_fence {
        lines.push(" ```".to_owned());
    }
    lines
}

/// Whether `line` needs no escaping: no character reference, bracket or angle bracket, and no
/// URL. Most lines are like that, and are taken as they are, in one pass over their bytes.
fn is_plain(line: &str) -> bool {
    let bytes = line.as_bytes();
    !bytes
        .iter()
        .any(|byte| matches!(byte, b'&' | b'[' | b']' | b'<' | b'>'))
        && !bytes
            .windows(5)
            .any(|window| window == b"http:" || window == b"https")
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

/// Spec text often carries HTML character references (`&quot;`) copied from a web page. Rustdoc
/// would render them, but they are noise in the source and in an editor's hover, so they become
/// the characters they stand for (outside code spans, where Markdown keeps them literally).
fn decode_entities(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut in_code = false;
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            in_code = !in_code;
        }
        if c == '&' && !in_code {
            let reference = rest
                .find(';')
                .filter(|end| *end <= 10)
                .and_then(|end| Some((entity(rest.get(1..end)?)?, end)));
            if let Some((decoded, end)) = reference {
                rest = rest.get(end + 1..).unwrap_or_default();
                // `&amp;lt;` is the text `&lt;`: decoded to `&lt;` it would render as `<`.
                if decoded == '&' && starts_with_reference(rest) {
                    out.push_str("&amp;");
                } else {
                    out.push(decoded);
                }
                continue;
            }
        }
        out.push(c);
        rest = rest.get(c.len_utf8()..).unwrap_or_default();
    }
    out
}

/// The character an HTML character reference names (`quot`, `#39`, `#x27`), for the common ones.
fn entity(name: &str) -> Option<char> {
    let code = match name {
        "quot" => return Some('"'),
        "amp" => return Some('&'),
        "apos" => return Some('\''),
        "lt" => return Some('<'),
        "gt" => return Some('>'),
        "nbsp" => return Some('\u{a0}'),
        _ => match name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => name.strip_prefix('#')?.parse().ok()?,
        },
    };
    char::from_u32(code).filter(|c| !c.is_control())
}

fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let link = (c == '[').then(|| crate_link(rest)).flatten();
        if let Some(link) = link {
            out.push_str(link);
            rest = rest.get(link.len()..).unwrap_or_default();
            continue;
        }
        match c {
            '[' => out.push_str("\\["),
            ']' => out.push_str("\\]"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
        rest = rest.get(c.len_utf8()..).unwrap_or_default();
    }
    out
}

/// The intra-doc link `text` starts with, if it is one `lower` wrote for a cross-reference:
/// ``[`Client::name`](crate::Client::name)``. Any other bracket is spec text and is escaped.
fn crate_link(text: &str) -> Option<&str> {
    let inner = text.strip_prefix("[`")?;
    let (label, after) = inner.split_once("`](crate::")?;
    let (path, _) = after.split_once(')')?;
    let rust_path = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
    };
    let length = "[`".len() + label.len() + "`](crate::".len() + path.len() + ")".len();
    (rust_path(label) && rust_path(path))
        .then(|| text.get(..length))
        .flatten()
}

/// Whether `&` followed by `text` starts a character reference [`entity`] knows.
fn starts_with_reference(text: &str) -> bool {
    text.find(';')
        .filter(|end| *end < 10)
        .and_then(|end| entity(text.get(..end)?))
        .is_some()
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
        assert_eq!(
            escape("(use [`Client::a_b`](crate::Client::a_b)) [`x`](y)"),
            vec![" (use [`Client::a_b`](crate::Client::a_b)) \\[`x`\\](y)"]
        );
    }

    #[test]
    fn decodes_character_references() {
        assert_eq!(
            escape("a &quot;b&quot; &#39;c&#x27; d&amp;e"),
            vec![" a \"b\" 'c' d&e"]
        );
        assert_eq!(escape("&lt;x&gt; &amp;lt;"), vec![" &lt;x&gt; &amp;lt;"]);
        assert_eq!(
            escape("`&quot;` &unknown; & x"),
            vec![" `&quot;` &unknown; & x"]
        );
        assert_eq!(
            escape("```\n&quot;\n```"),
            vec![" ```text", " &quot;", " ```"]
        );
    }
}
