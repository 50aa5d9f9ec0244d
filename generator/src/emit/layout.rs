//! Rust source written as text and laid out here, for the items whose shape the generator knows
//! exactly (the mocks and the client's methods): tokens parsed back with `syn` and printed with
//! prettyplease cost ten times as much as writing the text, and these items are most of a crate.
//!
//! A [`Doc`] is a line of code with its break points: a list of arguments, a chain of method
//! calls. [`Printer`] writes it on one line when that fits in [`WIDTH`] columns, and otherwise
//! breaks the outermost break points first, as rustfmt and prettyplease lay code out:
//!
//! ```text
//! let request = Request::new(Method::GET, "/v1/devices")
//!     .query("page", &params.page)
//!     .security(&[&[crate::security::ACCESS_TOKEN]]);
//! Self(self.0.path_encoded(
//!     "certificate",
//!     &path_param("certificate", value, PathStyle::Simple, false),
//! ))
//! ```

use std::fmt::Write as _;

/// The column a line should not pass.
pub(super) const WIDTH: usize = 100;

/// What one indentation level adds.
const INDENT: usize = 4;

/// Code with its break points.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Doc {
    /// Text that is never broken.
    Text(String),
    /// Docs one after the other.
    Concat(Vec<Doc>),
    /// `open` items `close`, separated by `, `. Broken: one item per line, each with a comma. An
    /// item alone in a `hug` list stays on the delimiters' lines and breaks inside itself
    /// (`Self(self.0.body(…))`); a signature's arguments do not hug.
    List {
        open: String,
        items: Vec<Doc>,
        close: &'static str,
        hug: bool,
        /// Whether a broken list ends its last item with a comma too (a macro's may not).
        trailing: bool,
    },
    /// `open` items `close`, separated by spaces; broken, one item per line (a macro's groups).
    Lines {
        open: String,
        items: Vec<Doc>,
        close: &'static str,
    },
    /// A block `{ … }` of statements, each on a line of its own: never on one line.
    Block(Vec<Doc>),
    /// A receiver and its method calls (each `.name(…)`). Broken: each call on a line of its own,
    /// one level in; a single call stays on the receiver's line and breaks inside itself.
    Chain { head: Box<Doc>, calls: Vec<Doc> },
}

impl Doc {
    /// Plain text.
    pub(super) fn text(text: impl Into<String>) -> Doc {
        Doc::Text(text.into())
    }

    /// A call's arguments: `open` is the text before the `(` and the `(` itself.
    pub(super) fn call(open: impl Into<String>, items: Vec<Doc>) -> Doc {
        Doc::List {
            open: open.into(),
            items,
            close: ")",
            hug: true,
            trailing: true,
        }
    }

    /// A list that breaks as [`Doc::call`]'s, without a comma after its last item (a macro's).
    pub(super) fn group(open: impl Into<String>, items: Vec<Doc>, close: &'static str) -> Doc {
        Doc::List {
            open: open.into(),
            items,
            close,
            hug: false,
            trailing: false,
        }
    }

    /// A generic type's arguments: `open` is the text before the `<` and the `<` itself.
    pub(super) fn generic(open: impl Into<String>, items: Vec<Doc>) -> Doc {
        Doc::List {
            open: open.into(),
            items,
            close: ">",
            hug: false,
            trailing: true,
        }
    }

    /// A slice literal `&[…]` or an array `[…]`, by `open`.
    pub(super) fn array(open: impl Into<String>, items: Vec<Doc>) -> Doc {
        Doc::List {
            open: open.into(),
            items,
            close: "]",
            hug: true,
            trailing: true,
        }
    }

    /// Its width written on one line, if at most `budget` columns; `None` past it (the walk
    /// stops there, so a long line costs no more to measure than its first `budget` columns).
    pub(super) fn width_within(&self, budget: usize) -> Option<usize> {
        let mut used = 0;
        self.measure(&mut used, budget).then_some(used)
    }

    /// Add its width to `used`; `false` once that passes `budget`.
    fn measure(&self, used: &mut usize, budget: usize) -> bool {
        let mut add = |columns: usize| {
            *used += columns;
            *used <= budget
        };
        match self {
            Doc::Text(text) => add(text.len()),
            Doc::Concat(docs) => docs.iter().all(|doc| doc.measure(used, budget)),
            Doc::List {
                open, items, close, ..
            } => {
                add(open.len() + close.len() + items.len().saturating_sub(1) * 2)
                    && items.iter().all(|item| item.measure(used, budget))
            }
            Doc::Lines { open, items, close } => {
                add(open.len() + close.len() + items.len() + 1)
                    && items.iter().all(|item| item.measure(used, budget))
            }
            Doc::Chain { head, calls } => {
                head.measure(used, budget) && calls.iter().all(|call| call.measure(used, budget))
            }
            Doc::Block(_) => false,
        }
    }

    /// Its width on one line, counted up to one column past [`WIDTH`] (which no line fits).
    fn capped_width(&self) -> usize {
        self.width_within(WIDTH).unwrap_or(WIDTH + 1)
    }
}

/// Writes lines of code at an indentation.
#[derive(Debug, Default)]
pub(super) struct Printer {
    out: String,
    /// The column the next character goes at.
    column: usize,
}

impl Printer {
    /// A printer with nothing written.
    pub(super) fn new() -> Printer {
        Printer::default()
    }

    /// The text written.
    pub(super) fn finish(self) -> String {
        self.out
    }

    /// `doc` as a line (or lines) of its own at `indent` levels.
    pub(super) fn line(&mut self, indent: usize, doc: &Doc) {
        self.indent(indent * INDENT);
        self.doc(doc, indent * INDENT, 0);
        self.newline();
    }

    /// `text` as a line of its own at `indent` levels.
    pub(super) fn text_line(&mut self, indent: usize, text: &str) {
        self.indent(indent * INDENT);
        self.push(text);
        self.newline();
    }

    /// Doc comment lines (`///`), one per line of `lines` (each begins with its space, as
    /// [`super::doc::escape`] writes them), at `indent` levels. A line holding a character a
    /// comment cannot (a carriage return) is written as a `#[doc]` attribute.
    pub(super) fn docs<S: AsRef<str>>(&mut self, indent: usize, lines: &[S]) {
        for line in lines {
            let line = line.as_ref();
            self.indent(indent * INDENT);
            if line.contains(['\r', '\n', '\0']) {
                let _ = write!(self.out, "#[doc = {line:?}]");
            } else {
                self.out.push_str("///");
                self.out.push_str(line.trim_end());
            }
            self.newline();
        }
    }

    fn indent(&mut self, columns: usize) {
        self.out.extend(std::iter::repeat_n(' ', columns));
        self.column = columns;
    }

    fn newline(&mut self) {
        self.out.push('\n');
        self.column = 0;
    }

    /// Push `text`. Columns are counted in bytes: a line holding other than ASCII breaks a
    /// little early.
    fn push(&mut self, text: &str) {
        self.out.push_str(text);
        self.column += text.len();
    }

    /// Whether `width` more columns, then `trail` columns that must follow on the same line, fit.
    fn fits(&self, width: usize, trail: usize) -> bool {
        self.column + width + trail <= WIDTH
    }

    /// Whether `doc` fits on the rest of the line, before `trail` columns.
    fn fits_flat(&self, doc: &Doc, trail: usize) -> bool {
        let room = WIDTH.saturating_sub(self.column + trail);
        self.column + trail <= WIDTH && doc.width_within(room).is_some()
    }

    /// `doc` from the current column; broken lines start at `indent` columns; `trail` columns
    /// follow it on its last line.
    fn doc(&mut self, doc: &Doc, indent: usize, trail: usize) {
        if self.fits_flat(doc, trail) {
            self.flat(doc);
            return;
        }
        match doc {
            Doc::Text(text) => self.push(text),
            Doc::Concat(docs) => {
                let widths: Vec<usize> = docs.iter().map(Doc::capped_width).collect();
                for (at, part) in docs.iter().enumerate() {
                    let after: usize = widths.get(at + 1..).unwrap_or_default().iter().sum();
                    self.doc(part, indent, after + trail);
                }
            }
            Doc::List {
                open,
                items,
                close,
                hug,
                trailing,
            } => match items.as_slice() {
                [] => {
                    self.push(open);
                    self.push(close);
                }
                // A lone item stays on the delimiters' lines if it then fits, breaking inside.
                [item]
                    if *hug
                        && huggable(item)
                        && self.attempt(trail, |printer| {
                            printer.push(open);
                            printer.doc(item, indent, close.len() + trail);
                            printer.push(close);
                        }) => {}
                _ => {
                    // `Self { a, b }` opens and closes with a space on one line, not broken.
                    self.push(open.trim_end());
                    let last = items.len().saturating_sub(1);
                    for (at, item) in items.iter().enumerate() {
                        self.newline();
                        self.indent(indent + INDENT);
                        self.doc(item, indent + INDENT, 1);
                        if *trailing || at < last {
                            self.push(",");
                        }
                    }
                    self.newline();
                    self.indent(indent);
                    self.push(close.trim_start());
                }
            },
            Doc::Block(statements) => self.one_per_line("{", statements, "}", indent),
            Doc::Lines { open, items, close } => self.one_per_line(open, items, close, indent),
            Doc::Chain { head, calls } => {
                let start = self.out.len();
                match calls.as_slice() {
                    [call] => {
                        // A short receiver (`self.0`, `body`) or one broken over lines keeps its
                        // call on its last line.
                        self.doc(head, indent, 0);
                        let broken = self
                            .out
                            .get(start..)
                            .is_some_and(|text| text.contains('\n'));
                        let short = head.width_within(2 * INDENT).is_some();
                        let inline = (broken || short && self.fits(call_open(call), 0))
                            && self.attempt(trail, |printer| printer.doc(call, indent, trail));
                        if !inline {
                            self.newline();
                            self.indent(indent + INDENT);
                            self.doc(call, indent + INDENT, trail);
                        }
                    }
                    _ => {
                        self.doc(head, indent, 0);
                        let last = calls.len().saturating_sub(1);
                        for (at, call) in calls.iter().enumerate() {
                            self.newline();
                            self.indent(indent + INDENT);
                            let trail = if at == last { trail } else { 0 };
                            self.doc(call, indent + INDENT, trail);
                        }
                    }
                }
            }
        }
    }

    /// `open`, each of `items` on a line of its own one level in, then `close` at `indent`.
    fn one_per_line(&mut self, open: &str, items: &[Doc], close: &str, indent: usize) {
        self.push(open);
        for item in items {
            self.newline();
            self.indent(indent + INDENT);
            self.doc(item, indent + INDENT, 0);
        }
        self.newline();
        self.indent(indent);
        self.push(close);
    }

    /// Write with `write`, and keep it if no line it wrote (its last followed by `trail`
    /// columns) passes [`WIDTH`]; else take it back. Whether it was kept.
    fn attempt(&mut self, trail: usize, write: impl FnOnce(&mut Printer)) -> bool {
        let (start, column) = (self.out.len(), self.column);
        write(self);
        let written = self.out.get(start..).unwrap_or_default();
        let mut lines = written.split('\n').peekable();
        let mut first = true;
        while let Some(line) = lines.next() {
            let mut width = line.len() + if first { column } else { 0 };
            if lines.peek().is_none() {
                width += trail;
            }
            first = false;
            if width > WIDTH {
                self.out.truncate(start);
                self.column = column;
                return false;
            }
        }
        true
    }

    /// `doc` on one line.
    fn flat(&mut self, doc: &Doc) {
        match doc {
            Doc::Text(text) => self.push(text),
            Doc::Concat(docs) => docs.iter().for_each(|doc| self.flat(doc)),
            Doc::List {
                open, items, close, ..
            } => {
                self.push(open);
                for (at, item) in items.iter().enumerate() {
                    if at > 0 {
                        self.push(", ");
                    }
                    self.flat(item);
                }
                self.push(close);
            }
            Doc::Block(statements) => {
                self.push("{ ");
                statements.iter().for_each(|statement| self.flat(statement));
                self.push(" }");
            }
            Doc::Lines { open, items, close } => {
                self.push(open);
                for item in items {
                    self.push(" ");
                    self.flat(item);
                }
                self.push(" ");
                self.push(close);
            }
            Doc::Chain { head, calls } => {
                self.flat(head);
                calls.iter().for_each(|call| self.flat(call));
            }
        }
    }
}

/// Whether a lone item of a list may stay on the list's lines: not a chain of several calls, which
/// is clearer one call per line inside the broken list.
fn huggable(item: &Doc) -> bool {
    !matches!(item, Doc::Chain { calls, .. } if calls.len() > 1)
}

/// The width of a call up to its arguments (`.name(`), which must fit on the receiver's line for
/// the call to stay there.
fn call_open(doc: &Doc) -> usize {
    match doc {
        Doc::List { open, .. } => open.len(),
        other => other.capped_width(),
    }
}

/// A type's text with its generic arguments as break points (`Option<BTreeMap<K, V>>`).
pub(super) fn ty(text: &str) -> Doc {
    let Some(open) = text.find('<') else {
        return Doc::text(text);
    };
    if !text.ends_with('>') {
        return Doc::text(text);
    }
    let inner = text.get(open + 1..text.len() - 1).unwrap_or_default();
    let mut items = Vec::new();
    let (mut depth, mut start) = (0usize, 0);
    for (at, byte) in inner.bytes().enumerate() {
        match byte {
            b'<' => depth += 1,
            b'>' => depth = depth.saturating_sub(1),
            b',' if depth == 0 => {
                items.push(ty(inner.get(start..at).unwrap_or_default().trim()));
                start = at + 1;
            }
            _ => {}
        }
    }
    items.push(ty(inner.get(start..).unwrap_or_default().trim()));
    Doc::generic(text.get(..=open).unwrap_or_default(), items)
}

/// `text` as a Rust string literal.
pub(super) fn string(text: &str) -> String {
    format!("{text:?}")
}

#[cfg(test)]
mod tests {
    use super::{Doc, Printer};

    fn printed(indent: usize, doc: &Doc) -> String {
        let mut printer = Printer::new();
        printer.line(indent, doc);
        printer.finish()
    }

    fn chain(calls: usize, argument: &str) -> Doc {
        Doc::Chain {
            head: Box::new(Doc::call(
                "Request::new(",
                vec![Doc::text("Method::GET"), Doc::text("\"/v1/devices\"")],
            )),
            calls: (0..calls)
                .map(|_| Doc::call(".query(", vec![Doc::text(argument)]))
                .collect(),
        }
    }

    #[test]
    fn fits_on_one_line() {
        assert_eq!(
            printed(2, &chain(1, "x")),
            "        Request::new(Method::GET, \"/v1/devices\").query(x)\n"
        );
    }

    #[test]
    fn breaks_a_chain_one_call_per_line() {
        let long = "a".repeat(40);
        assert_eq!(
            printed(1, &chain(2, &long)),
            format!(
                "    Request::new(Method::GET, \"/v1/devices\")\n        .query({long})\n        .query({long})\n"
            )
        );
    }

    #[test]
    fn breaks_a_list_one_item_per_line_and_hugs_a_lone_item() {
        let long = "b".repeat(50);
        let inner = Doc::call(".path(", vec![Doc::text(&long), Doc::text(&long)]);
        let doc = Doc::call(
            "Self(",
            vec![Doc::Chain {
                head: Box::new(Doc::text("self.0")),
                calls: vec![inner],
            }],
        );
        assert_eq!(
            printed(2, &doc),
            format!(
                "        Self(self.0.path(\n            {long},\n            {long},\n        ))\n"
            )
        );
    }

    #[test]
    fn a_signature_does_not_hug() {
        let doc = Doc::Concat(vec![
            Doc::List {
                open: "pub fn name(".to_owned(),
                items: vec![Doc::text("&self")],
                close: ")",
                hug: false,
                trailing: true,
            },
            Doc::text(format!(" -> {} {{", "T".repeat(90))),
        ]);
        assert_eq!(
            printed(1, &doc),
            format!(
                "    pub fn name(\n        &self,\n    ) -> {} {{\n",
                "T".repeat(90)
            )
        );
    }

    #[test]
    fn docs_are_comments_unless_they_cannot_be() {
        let mut printer = Printer::new();
        printer.docs(1, &[" one  ", " two\rthree"]);
        assert_eq!(
            printer.finish(),
            "    /// one\n    #[doc = \" two\\rthree\"]\n"
        );
    }
}
