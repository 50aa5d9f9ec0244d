//! Where answers go: JSON for scripts (the default in a pipe), pretty JSON or a table for people
//! (the default on a terminal), one JSON line per item for pages and events.

use std::io::{IsTerminal, Write};

use futures_util::{Stream, StreamExt};
use serde_json::Value;

use crate::failure::Failure;
use crate::table;

/// How answers are printed (`--output`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Compact JSON, one document per answer.
    Json,
    /// Indented JSON.
    Pretty,
    /// A table: one row per item of a list, or one per member of an object.
    Table,
}

impl Format {
    /// The names `--output` takes.
    pub const NAMES: [&'static str; 3] = ["json", "pretty", "table"];

    /// The format a name stands for.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "json" => Some(Self::Json),
            "pretty" => Some(Self::Pretty),
            "table" => Some(Self::Table),
            _ => None,
        }
    }

    /// What is printed when `--output` is not given: JSON in a pipe, a table on a terminal.
    pub fn default_for_stdout() -> Self {
        if std::io::stdout().is_terminal() {
            Self::Table
        } else {
            Self::Json
        }
    }
}

/// Standard output, as a command prints its answer to it.
#[derive(Debug)]
pub struct Output {
    format: Format,
}

impl Output {
    /// Printing in `format` to standard output.
    pub fn new(format: Format) -> Self {
        Self { format }
    }

    /// Print an answer. `null` (an answer without a body) prints nothing.
    pub fn value(&mut self, value: &Value) -> Result<(), Failure> {
        if value.is_null() {
            return Ok(());
        }
        let text = match self.format {
            Format::Json => value.to_string(),
            Format::Pretty => pretty(value),
            Format::Table => table::render(value, width()).unwrap_or_else(|| pretty(value)),
        };
        write_line(&text)
    }

    /// Print a text answer as it is.
    pub fn text(&mut self, text: &str) -> Result<(), Failure> {
        let mut stdout = std::io::stdout().lock();
        stdout
            .write_all(text.as_bytes())
            .and_then(|()| {
                if text.ends_with('\n') || text.is_empty() {
                    Ok(())
                } else {
                    stdout.write_all(b"\n")
                }
            })
            .and_then(|()| stdout.flush())
            .map_err(broken)
    }

    /// Print each event of a stream as a line of JSON until it ends. An event that does not
    /// decode is reported on standard error and the stream goes on; when the stream ends on a
    /// failure (it could not reconnect), that failure is the command's.
    pub async fn events<S>(&mut self, events: S) -> Result<(), Failure>
    where
        S: Stream<Item = Result<Value, Failure>>,
    {
        let mut events = std::pin::pin!(events);
        let mut last = Ok(());
        while let Some(event) = events.next().await {
            match event {
                Ok(event) => {
                    write_line(&event.to_string())?;
                    last = Ok(());
                }
                Err(failure) => {
                    #[allow(clippy::print_stderr)]
                    {
                        eprintln!("error: {failure}");
                    }
                    last = Err(failure);
                }
            }
        }
        last
    }

    /// Print the items of each page as lines of JSON (`--all`): the list in the member `items`
    /// names; without one, a page that is a list is its items, an object with one list member
    /// is that list's items, anything else is one item.
    pub async fn pages<S>(&mut self, pages: S, items: Option<&str>) -> Result<(), Failure>
    where
        S: Stream<Item = Result<Value, Failure>>,
    {
        let mut pages = std::pin::pin!(pages);
        while let Some(page) = pages.next().await {
            let mut page = page?;
            let page = match items.and_then(|member| page.get_mut(member)) {
                Some(list) if list.is_array() => list.take(),
                _ => page,
            };
            for item in page_items(page) {
                write_line(&item.to_string())?;
            }
        }
        Ok(())
    }
}

/// The items of one page.
fn page_items(page: Value) -> Vec<Value> {
    match page {
        Value::Array(items) => items,
        Value::Object(members) => {
            let mut lists = members.iter().filter(|(_, value)| value.is_array());
            match (lists.next(), lists.next()) {
                (Some((key, _)), None) => {
                    let key = key.clone();
                    match members.into_iter().find(|(k, _)| *k == key) {
                        Some((_, Value::Array(items))) => items,
                        _ => Vec::new(),
                    }
                }
                _ => vec![Value::Object(members)],
            }
        }
        other => vec![other],
    }
}

/// How wide a table may be: the terminal's width, else `COLUMNS`, else 100.
fn width() -> usize {
    terminal_size::terminal_size()
        .map(|(width, _)| usize::from(width.0))
        .or_else(|| std::env::var("COLUMNS").ok()?.parse().ok())
        .unwrap_or(100)
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string())
}

/// One line to standard output; a closed pipe (`| head`) ends the command quietly.
fn write_line(text: &str) -> Result<(), Failure> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.write_all(b"\n"))
        .and_then(|()| stdout.flush())
        .map_err(broken)
}

/// A write to standard output failed.
pub(crate) fn broken(error: std::io::Error) -> Failure {
    if error.kind() == std::io::ErrorKind::BrokenPipe {
        Failure::new(crate::failure::Kind::Closed, "")
    } else {
        Failure::local(format!("cannot write to standard output: {error}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_page_gives_the_items_of_its_one_list() {
        let page = json!({"devices": [{"id": "a"}, {"id": "b"}], "meta": {"total_pages": 2}});
        assert_eq!(
            page_items(page),
            vec![json!({"id": "a"}), json!({"id": "b"})]
        );
        assert_eq!(page_items(json!([1, 2])), vec![json!(1), json!(2)]);
        let two_lists = json!({"a": [1], "b": [2]});
        assert_eq!(page_items(two_lists.clone()), vec![two_lists]);
    }

    #[test]
    fn formats_have_names() {
        for name in Format::NAMES {
            assert!(Format::from_name(name).is_some());
        }
        assert_eq!(Format::from_name("yaml"), None);
    }
}
