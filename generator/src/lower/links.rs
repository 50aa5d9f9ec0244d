//! Cross-references: a word in backticks that is an operation's `operationId`, or the
//! `x-method-name` of one of its media types, becomes an intra-doc link to the Rust method
//! (`` `getVariableRaw` `` → ``[`Client::get_variable_raw`](crate::Client::get_variable_raw)``).
//! A deprecation note, which the compiler prints as plain text, names the method without a link.

use crate::ir::{Api, Deprecation, ModelKind};

/// Rewrite every description in `api`; `names` maps spec names to method names.
pub(crate) fn link(api: &mut Api, names: &[(String, String)]) {
    if names.is_empty() {
        return;
    }
    let relink = |doc: &mut Option<String>| {
        if let Some(text) = doc {
            *text = link_text(text, names, Style::Link);
        }
    };
    let rename = |deprecation: &mut Option<Deprecation>| {
        if let Some(Deprecation { note: Some(text) }) = deprecation {
            *text = link_text(text, names, Style::Name);
        }
    };
    relink(&mut api.description);
    for scheme in &mut api.security_schemes {
        relink(&mut scheme.doc);
    }
    for model in &mut api.models {
        relink(&mut model.doc);
        rename(&mut model.deprecated);
        match &mut model.kind {
            ModelKind::Struct(object) => object.fields.iter_mut().for_each(|field| {
                relink(&mut field.doc);
                rename(&mut field.deprecated);
            }),
            ModelKind::StatusEnum(variants) => variants
                .iter_mut()
                .for_each(|variant| relink(&mut variant.doc)),
            ModelKind::Enum(_) | ModelKind::Alias(_) | ModelKind::Union(_) => {}
        }
    }
    for operation in &mut api.operations {
        relink(&mut operation.doc);
        rename(&mut operation.deprecated);
        operation
            .path_params
            .iter_mut()
            .for_each(|param| relink(&mut param.doc));
        if let Some(params) = &mut operation.params {
            params
                .params
                .iter_mut()
                .for_each(|param| relink(&mut param.doc));
        }
    }
}

/// How a method is named: by an intra-doc link (rustdoc) or by its path in backticks (plain text).
#[derive(Clone, Copy)]
enum Style {
    Link,
    Name,
}

/// `text` with each `` `name` `` of `names` (not already a link's text, not in a code block)
/// replaced by its method.
fn link_text(text: &str, names: &[(String, String)], style: Style) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_fence = false;
    for (index, line) in text.split('\n').enumerate() {
        if index > 0 {
            out.push('\n');
        }
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
        }
        if in_fence {
            out.push_str(line);
        } else {
            out.push_str(&link_line(line, names, style));
        }
    }
    out
}

fn link_line(line: &str, names: &[(String, String)], style: Style) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(start) = rest.find('`') {
        let (before, from) = rest.split_at(start);
        out.push_str(before);
        let Some(end) = from.get(1..).and_then(|after| after.find('`')) else {
            out.push_str(from);
            return out;
        };
        let span = from.get(..end + 2).unwrap_or(from);
        let word = span.get(1..end + 1).unwrap_or_default();
        let already_linked = out.ends_with('[');
        match names.iter().find(|(name, _)| name == word) {
            Some((_, method)) if !already_linked => out.push_str(&match style {
                Style::Link => format!("[`Client::{method}`](crate::Client::{method})"),
                Style::Name => format!("`Client::{method}`"),
            }),
            _ => out.push_str(span),
        }
        rest = from.get(end + 2..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::{Style, link_text};

    #[test]
    fn links_operation_names_in_backticks_only() {
        let names = [("getVariableRaw".to_owned(), "get_variable_raw".to_owned())];
        assert_eq!(
            link_text(
                "use `getVariableRaw` (not getVariableRaw, `getVariable`)",
                &names,
                Style::Link
            ),
            "use [`Client::get_variable_raw`](crate::Client::get_variable_raw) (not getVariableRaw, `getVariable`)"
        );
        assert_eq!(
            link_text("[`getVariableRaw`](x) `open", &names, Style::Link),
            "[`getVariableRaw`](x) `open"
        );
        assert_eq!(
            link_text("```\n`getVariableRaw`\n```", &names, Style::Link),
            "```\n`getVariableRaw`\n```"
        );
        assert_eq!(
            link_text("Use `getVariableRaw`", &names, Style::Name),
            "Use `Client::get_variable_raw`"
        );
    }
}
