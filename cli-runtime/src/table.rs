//! Answers as tables for a terminal: a list of objects is one row per item with a column per
//! member, an object is one row per member. Nested values are shown as compact JSON, cut to a
//! readable width.

use serde_json::Value;

/// The widest a cell is shown.
const MAX_CELL: usize = 48;

/// The table for `value`, at most `width` characters wide, or `None` when a table would not
/// show it better than JSON (a scalar, an empty list, a list of lists).
///
/// A list of objects shows their members with scalar values, `id` and `name` first, as many
/// columns as fit; a last line says how many more there are.
pub fn render(value: &Value, width: usize) -> Option<String> {
    match value {
        Value::Array(items) if !items.is_empty() && items.iter().all(Value::is_object) => {
            let mut columns: Vec<&str> = Vec::new();
            let mut nested: Vec<&str> = Vec::new();
            for item in items {
                if let Value::Object(members) = item {
                    for (key, value) in members {
                        let list = if value.is_object() || value.is_array() {
                            &mut nested
                        } else {
                            &mut columns
                        };
                        if !list.contains(&key.as_str()) {
                            list.push(key);
                        }
                    }
                }
            }
            // A member scalar in one item and nested in another is a column.
            nested.retain(|key| !columns.contains(key));
            for first in ["name", "id"] {
                if let Some(index) = columns.iter().position(|c| *c == first) {
                    let column = columns.remove(index);
                    columns.insert(0, column);
                }
            }
            if columns.is_empty() {
                return None;
            }
            let widest = |column: &str| {
                items
                    .iter()
                    .map(|item| item.get(column).map_or(0, |v| cell(v).chars().count()))
                    .max()
                    .unwrap_or(0)
                    .max(column.chars().count())
            };
            let mut used = 0;
            let mut shown = 0;
            for column in &columns {
                let needed = widest(column) + if shown == 0 { 0 } else { 2 };
                if shown > 0 && used + needed > width {
                    break;
                }
                used += needed;
                shown += 1;
            }
            let hidden = columns.len() - shown + nested.len();
            columns.truncate(shown);
            let header: Vec<String> = columns.iter().map(|c| c.to_uppercase()).collect();
            let rows: Vec<Vec<String>> = items
                .iter()
                .map(|item| {
                    columns
                        .iter()
                        .map(|column| item.get(*column).map(cell).unwrap_or_default())
                        .collect()
                })
                .collect();
            let table = layout(&header, &rows);
            Some(if hidden == 0 {
                table
            } else {
                format!(
                    "{table}\n({hidden} more member{} not shown: `--output json` has them all)",
                    if hidden == 1 { "" } else { "s" }
                )
            })
        }
        Value::Array(items) if !items.is_empty() && items.iter().all(|i| !i.is_array()) => {
            let rows: Vec<Vec<String>> = items.iter().map(|item| vec![cell(item)]).collect();
            Some(layout(&[], &rows))
        }
        Value::Object(members) if !members.is_empty() => {
            let rows: Vec<Vec<String>> = members
                .iter()
                .map(|(key, value)| vec![key.clone(), cell(value)])
                .collect();
            Some(layout(&[], &rows))
        }
        _ => None,
    }
}

/// A value as one cell: text as it is, `null` as nothing, the rest as compact JSON, cut.
fn cell(value: &Value) -> String {
    let text = match value {
        Value::Null => String::new(),
        Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    let text = text.replace(['\n', '\t'], " ");
    if text.chars().count() > MAX_CELL {
        let cut: String = text.chars().take(MAX_CELL - 1).collect();
        format!("{cut}…")
    } else {
        text
    }
}

/// Rows in columns padded to their widest cell, two spaces apart.
fn layout(header: &[String], rows: &[Vec<String>]) -> String {
    let columns = header
        .len()
        .max(rows.iter().map(Vec::len).max().unwrap_or(0));
    let mut widths = vec![0; columns];
    for row in std::iter::once(header).chain(rows.iter().map(Vec::as_slice)) {
        for (width, text) in widths.iter_mut().zip(row) {
            *width = (*width).max(text.chars().count());
        }
    }
    let mut out = String::new();
    let mut line = |row: &[String]| {
        let mut text = String::new();
        for (index, (width, cell)) in widths.iter().zip(row).enumerate() {
            if index + 1 == row.len() {
                text.push_str(cell);
            } else {
                text.push_str(cell);
                text.push_str(&" ".repeat(width - cell.chars().count() + 2));
            }
        }
        out.push_str(text.trim_end());
        out.push('\n');
    };
    if !header.is_empty() {
        line(header);
    }
    for row in rows {
        line(row);
    }
    out.pop();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_list_of_objects_is_a_row_each() {
        let value = json!([
            {"id": "0123", "name": "probe", "online": true},
            {"id": "4567", "name": null, "functions": ["gong"]}
        ]);
        let table = render(&value, 100).unwrap_or_default();
        assert_eq!(
            table,
            "ID    NAME   ONLINE\n0123  probe  true\n4567\n(1 more member not shown: `--output json` has them all)"
        );
    }

    #[test]
    fn an_object_is_a_row_per_member() {
        let table = render(&json!({"ok": true, "return_value": 1}), 100).unwrap_or_default();
        assert_eq!(table, "ok            true\nreturn_value  1");
    }

    #[test]
    fn columns_that_do_not_fit_are_left_out() {
        let value = json!([{"name": "a", "id": "1", "note": "x".repeat(30), "other": "y"}]);
        let table = render(&value, 20).unwrap_or_default();
        assert_eq!(
            table,
            "ID  NAME\n1   a\n(2 more members not shown: `--output json` has them all)"
        );
    }

    #[test]
    fn scalars_and_empty_lists_are_not_tables() {
        assert_eq!(render(&json!(1), 100), None);
        assert_eq!(render(&json!([]), 100), None);
    }

    #[test]
    fn long_cells_are_cut() {
        let long = "x".repeat(100);
        let table = render(&json!({"k": long}), 100).unwrap_or_default();
        assert!(table.ends_with('…'));
        assert!(table.chars().count() < 60);
    }
}
