//! Diagnostics: every problem a stage finds, with a JSON pointer and, once located, file:line:column.
//!
//! Stages never stop at the first problem: each takes its input and a [`Diagnostics`] sink, pushes
//! what it finds there and carries on, so one run reports everything (the shape of serde_derive's
//! `Ctxt`). A stage knows only the JSON pointer into its own input; the pipeline turns pointers into
//! [`Location`]s with [`crate::load::Document::location`] before anything is shown.

use std::fmt;

/// How bad a diagnostic is. Any [`Severity::Error`] makes the run fail and write nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The input cannot be turned into a correct client.
    Error,
    /// The input was repaired or something was skipped; the client is still generated.
    Warning,
}

/// What a run may leave out of the client while still writing the rest. Each is reported as a
/// warning with its own `skipped-…` code; a strict run
/// ([`OnSkip::Refuse`](crate::pipeline::OnSkip::Refuse)) makes them errors, so nothing is left out
/// unnoticed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skipped {
    /// An operation: no method is generated for it.
    Operation,
    /// One error answer of an operation: it is not decoded into a type.
    Response,
    /// A schema: the value is typed as `serde_json::Value`.
    Schema,
}

impl Skipped {
    /// Every member of the family.
    pub const ALL: [Skipped; 3] = [Skipped::Operation, Skipped::Response, Skipped::Schema];

    /// The diagnostic code.
    pub fn code(self) -> &'static str {
        match self {
            Skipped::Operation => "skipped-operation",
            Skipped::Response => "skipped-response",
            Skipped::Schema => "skipped-schema",
        }
    }
}

/// A place in a source file, 1-based.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Location {
    /// The file as the user named it (never made absolute, so output stays deterministic).
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// One problem found in a spec or an overlay.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A short stable name of the check or pass that produced it, e.g. `invalid-schema-type`.
    pub code: &'static str,
    /// RFC 6901 JSON pointer into the document the location refers to (`""` is the root).
    pub pointer: String,
    /// What is wrong and, for repairs, what was done about it.
    pub message: String,
    /// Where in the file; `None` until the pipeline has located it.
    pub location: Option<Location>,
}

impl Diagnostic {
    /// An error at `pointer`.
    pub fn error(
        code: &'static str,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Error, code, pointer, message)
    }

    /// A warning at `pointer`.
    pub fn warning(
        code: &'static str,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Warning, code, pointer, message)
    }

    /// A warning that `what` was left out of the client, at `pointer`; `message` says which and why.
    pub fn skipped(what: Skipped, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self::warning(what.code(), pointer, message)
    }

    /// A diagnostic of `severity` at `pointer`.
    pub fn new(
        severity: Severity,
        code: &'static str,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            severity,
            code,
            pointer: pointer.into(),
            message: message.into(),
            location: None,
        }
    }

    /// The same diagnostic, located at `location`.
    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Whether this says something was left out of the client (a [`Skipped`] code).
    pub fn is_skip(&self) -> bool {
        Skipped::ALL.iter().any(|what| what.code() == self.code)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        if let Some(location) = &self.location {
            write!(f, "{location}: ")?;
        }
        let pointer = if self.pointer.is_empty() {
            "(root)"
        } else {
            &self.pointer
        };
        write!(
            f,
            "{severity}[{}]: {} (at {pointer})",
            self.code, self.message
        )
    }
}

/// Where a stage reports: every stage takes `&mut Diagnostics` beside its input and returns its
/// output, so its signature says value in, value out.
#[derive(Debug, Default)]
pub struct Diagnostics {
    found: Vec<Diagnostic>,
    /// While muted (a trial whose outcome only decides something), reports are dropped.
    muted: bool,
}

impl Diagnostics {
    /// An empty sink.
    pub fn new() -> Self {
        Self::default()
    }

    /// Report `diagnostic`.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        if !self.muted {
            self.found.push(diagnostic);
        }
    }

    /// Report an error at `pointer`.
    pub fn error(
        &mut self,
        code: &'static str,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) {
        self.push(Diagnostic::error(code, pointer, message));
    }

    /// Report a warning at `pointer`.
    pub fn warning(
        &mut self,
        code: &'static str,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) {
        self.push(Diagnostic::warning(code, pointer, message));
    }

    /// Drop reports until [`unmute`](Self::unmute) gets the returned state back: for a trial run
    /// whose outcome only decides what to do (the real run reports).
    pub fn mute(&mut self) -> bool {
        std::mem::replace(&mut self.muted, true)
    }

    /// Restore the state [`mute`](Self::mute) returned.
    pub fn unmute(&mut self, was_muted: bool) {
        self.muted = was_muted;
    }

    /// Whether any error was reported.
    pub fn has_errors(&self) -> bool {
        self.found.iter().any(Diagnostic::is_error)
    }

    /// Whether nothing was reported.
    pub fn is_empty(&self) -> bool {
        self.found.is_empty()
    }

    /// How many diagnostics were reported so far: a mark for [`take_errors_since`](Self::take_errors_since).
    pub fn len(&self) -> usize {
        self.found.len()
    }

    /// Remove and return the errors reported since `mark` (warnings stay): for a part whose
    /// errors mean it is skipped, not that the run fails.
    pub fn take_errors_since(&mut self, mark: usize) -> Vec<Diagnostic> {
        let Some(recent) = self.found.get(mark..) else {
            return Vec::new();
        };
        if !recent.iter().any(Diagnostic::is_error) {
            return Vec::new();
        }
        let recent = self.found.split_off(mark);
        let (errors, warnings): (Vec<_>, Vec<_>) =
            recent.into_iter().partition(Diagnostic::is_error);
        self.found.extend(warnings);
        errors
    }

    /// What was reported, in order.
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.found.iter()
    }

    /// What was reported, in order.
    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.found
    }
}

impl Extend<Diagnostic> for Diagnostics {
    fn extend<I: IntoIterator<Item = Diagnostic>>(&mut self, diagnostics: I) {
        for diagnostic in diagnostics {
            self.push(diagnostic);
        }
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;

    fn into_iter(self) -> Self::IntoIter {
        self.found.into_iter()
    }
}

/// Escape one reference token for a JSON pointer (RFC 6901: `~` → `~0`, `/` → `~1`).
pub fn escape_token(token: &str) -> String {
    let mut out = String::with_capacity(token.len());
    push_escaped(&mut out, token);
    out
}

/// Append `token` to `out`, escaped as [`escape_token`] does, without a string of its own for the
/// common token that needs no escaping.
fn push_escaped(out: &mut String, token: &str) {
    if !token.contains(['~', '/']) {
        out.push_str(token);
        return;
    }
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}

/// One reference token of a JSON pointer as the key or index it names (`~1` → `/`, `~0` → `~`).
pub fn unescape_token(token: &str) -> String {
    unescape(token).into_owned()
}

/// [`unescape_token`], borrowing the token when it has nothing to unescape.
fn unescape(token: &str) -> std::borrow::Cow<'_, str> {
    if token.contains('~') {
        std::borrow::Cow::Owned(token.replace("~1", "/").replace("~0", "~"))
    } else {
        std::borrow::Cow::Borrowed(token)
    }
}

/// An array index as a JSON pointer token writes it: digits, no sign, no leading zero.
fn index(token: &str) -> Option<usize> {
    if token.starts_with('+') || (token.starts_with('0') && token.len() != 1) {
        return None;
    }
    token.parse().ok()
}

/// JSON pointer lookups, the same as serde_json's `Value::pointer` and `pointer_mut`, without
/// two new strings for every reference token (a token is unescaped only when it holds a `~`).
pub(crate) trait At {
    /// The value at `pointer`, if any.
    fn at(&self, pointer: &str) -> Option<&serde_json::Value>;
    /// The value at `pointer`, if any, to change.
    fn at_mut(&mut self, pointer: &str) -> Option<&mut serde_json::Value>;
}

impl At for serde_json::Value {
    fn at(&self, pointer: &str) -> Option<&serde_json::Value> {
        use serde_json::Value;
        if pointer.is_empty() {
            return Some(self);
        }
        let rest = pointer.strip_prefix('/')?;
        rest.split('/')
            .try_fold(self, |target, token| match target {
                Value::Object(map) => map.get(unescape(token).as_ref()),
                Value::Array(items) => index(token).and_then(|at| items.get(at)),
                _ => None,
            })
    }

    fn at_mut(&mut self, pointer: &str) -> Option<&mut serde_json::Value> {
        use serde_json::Value;
        if pointer.is_empty() {
            return Some(self);
        }
        let rest = pointer.strip_prefix('/')?;
        rest.split('/')
            .try_fold(self, |target, token| match target {
                Value::Object(map) => map.get_mut(unescape(token).as_ref()),
                Value::Array(items) => index(token).and_then(move |at| items.get_mut(at)),
                _ => None,
            })
    }
}

/// One step from a JSON value to a member or an item of it, for walks that keep their path and
/// write a pointer only when they report something.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// `pointer` with every one of `steps` appended, escaped.
pub(crate) fn descend(pointer: &str, steps: &[Step<'_>]) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(pointer.len() + 16 * steps.len());
    out.push_str(pointer);
    for step in steps {
        out.push('/');
        match step {
            Step::Key(key) => push_escaped(&mut out, key),
            Step::Index(index) => {
                let _ = write!(out, "{index}");
            }
        }
    }
    out
}

/// `pointer` with one more token appended, escaped.
pub fn child(pointer: &str, token: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + 1 + token.len());
    out.push_str(pointer);
    out.push('/');
    push_escaped(&mut out, token);
    out
}

/// Remove the member or item at `pointer` from its parent; `false` when there is none.
pub(crate) fn remove_at(document: &mut serde_json::Value, pointer: &str) -> bool {
    use serde_json::Value;
    let Some((parent, token)) = pointer.rsplit_once('/') else {
        return false;
    };
    let key = unescape_token(token);
    match document.at_mut(parent) {
        Some(Value::Object(map)) => map.shift_remove(&key).is_some(),
        Some(Value::Array(items)) => match key.parse::<usize>() {
            Ok(index) if index < items.len() => {
                items.remove(index);
                true
            }
            _ => false,
        },
        _ => false,
    }
}
