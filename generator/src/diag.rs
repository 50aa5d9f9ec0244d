//! Diagnostics: every problem a stage finds, with a JSON pointer and, once located, file:line:column.
//!
//! Stages never stop at the first problem: they push [`Diagnostic`]s into a `Vec` and carry on, so
//! one run reports everything. A stage knows only the JSON pointer into its own input; the pipeline
//! turns pointers into [`Location`]s with [`crate::load::Document::location`] before anything is shown.

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

/// Escape one reference token for a JSON pointer (RFC 6901: `~` → `~0`, `/` → `~1`).
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// `pointer` with one more token appended, escaped.
pub fn child(pointer: &str, token: &str) -> String {
    format!("{pointer}/{}", escape_token(token))
}
