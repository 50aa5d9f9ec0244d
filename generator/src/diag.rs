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
