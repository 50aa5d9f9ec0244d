//! Masking secrets in body text before an error keeps it: JSON members and form fields named as
//! secrets, and every value the client knows to be one (its credentials).

/// What replaces a secret.
const MASK: &str = "***";

/// Values shorter than this are not searched for elsewhere in a text: too many innocent
/// substrings would be masked.
const SHORTEST_SEARCHED: usize = 4;

/// The most of a body an error keeps as text (after masking), so an error stays small to hold
/// and to print.
pub(super) const KEPT_TEXT: usize = 64 * 1024;

/// `text` with the values of every member or field named in `fields` masked, and every
/// occurrence of `known` (credentials) or of a masked value masked too. Also returns the masked
/// values, so messages derived from the text (a decoder's) can be masked the same way.
pub(super) fn redact(text: &str, fields: &[&str], known: &[&str]) -> (String, Vec<String>) {
    let mut found = Vec::new();
    let mut out = json_members(text, fields, &mut found);
    let first = text.trim_start().chars().next();
    if !matches!(first, Some('{' | '[' | '<')) && text.contains('=') {
        out = form_fields(&out, fields, &mut found);
    }
    found.extend(known.iter().map(|value| (*value).to_owned()));
    mask_values(&mut out, &found);
    (kept(out), found)
}

/// `text` cut to [`KEPT_TEXT`] bytes (at a character boundary), saying how long it was.
fn kept(text: String) -> String {
    if text.len() <= KEPT_TEXT {
        return text;
    }
    let mut end = KEPT_TEXT;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!(
        "{}… ({} bytes in all)",
        text.get(..end).unwrap_or_default(),
        text.len()
    )
}

/// Replace every occurrence of each of `values` (of a searchable length) in `text`.
pub(super) fn mask_values(text: &mut String, values: &[String]) {
    for value in values {
        if value.len() >= SHORTEST_SEARCHED && text.contains(value.as_str()) {
            *text = text.replace(value.as_str(), MASK);
        }
    }
}

/// Mask the value of each JSON member whose key is in `fields`, wherever it is nested. Works on
/// the text itself, so a body that is not valid JSON (cut off, or wrong where decoding failed)
/// is masked as well as a valid one.
fn json_members(text: &str, fields: &[&str], found: &mut Vec<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    // The key most recently read, until the `:` after it tells it is a key.
    let mut last_string: Option<String> = None;
    while let Some(at) = rest.find(['"', ':']) {
        let (before, from) = rest.split_at(at);
        out.push_str(before);
        if !before.trim().is_empty() {
            last_string = None;
        }
        if from.starts_with('"') {
            let (literal, after) = string_literal(from);
            out.push_str(literal);
            last_string = Some(literal.trim_matches('"').to_owned());
            rest = after;
            continue;
        }
        // A `:`: the string before it was a key.
        out.push(':');
        rest = from.get(1..).unwrap_or_default();
        let key = last_string.take();
        if !key.is_some_and(|key| fields.contains(&key.as_str())) {
            continue;
        }
        let spaces = rest.len() - rest.trim_start().len();
        out.push_str(rest.get(..spaces).unwrap_or_default());
        rest = rest.get(spaces..).unwrap_or_default();
        if rest.starts_with('"') {
            let (literal, after) = string_literal(rest);
            found.push(literal.trim_matches('"').to_owned());
            out.push('"');
            out.push_str(MASK);
            out.push('"');
            rest = after;
        } else if !rest.starts_with(['{', '[']) {
            // A number, `true`, `false` or `null`: up to the next delimiter.
            let end = rest
                .find([',', '}', ']', '\n', '\r', ' ', '\t'])
                .unwrap_or(rest.len());
            let value = rest.get(..end).unwrap_or_default();
            if !value.is_empty() && value != "null" {
                found.push(value.to_owned());
                out.push_str(MASK);
            } else {
                out.push_str(value);
            }
            rest = rest.get(end..).unwrap_or_default();
        }
        // An object or array under a secret key: its own members are checked as they come.
    }
    out.push_str(rest);
    out
}

/// The JSON string literal at the start of `text` (quotes included; to the end of `text` when it
/// is not closed), and what follows it.
fn string_literal(text: &str) -> (&str, &str) {
    let mut escaped = false;
    for (index, c) in text.char_indices().skip(1) {
        match c {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => return text.split_at(index + 1),
            _ => escaped = false,
        }
    }
    (text, "")
}

/// Mask the value of each `name=value` pair of a form-encoded text whose name is in `fields`.
fn form_fields(text: &str, fields: &[&str], found: &mut Vec<String>) -> String {
    let pairs: Vec<String> = text
        .split('&')
        .map(|pair| {
            let Some((name, value)) = pair.split_once('=') else {
                return pair.to_owned();
            };
            let decoded = percent_decode(name);
            if !fields.contains(&decoded.trim()) || value.is_empty() {
                return pair.to_owned();
            }
            found.push(value.to_owned());
            let plain = percent_decode(value);
            if plain != value {
                found.push(plain);
            }
            format!("{name}={MASK}")
        })
        .collect();
    pairs.join("&")
}

/// `application/x-www-form-urlencoded` decoding: `+` is a space, `%XX` a byte.
fn percent_decode(text: &str) -> String {
    crate::style::decoded(&text.replace('+', " "))
}

#[cfg(test)]
mod tests {
    use super::redact;

    const FIELDS: &[&str] = &["access_token", "refresh_token", "password"];

    #[test]
    fn masks_json_members_by_key_valid_or_not() {
        let body = r#"{"access_token": "abcd1234", "expires_in": "soon", "nested": {"refresh_token":"zz99yy88"}}"#;
        let (text, found) = redact(body, FIELDS, &[]);
        assert!(
            !text.contains("abcd1234") && !text.contains("zz99yy88"),
            "{text}"
        );
        assert!(text.contains(r#""expires_in": "soon""#), "{text}");
        assert_eq!(found, ["abcd1234", "zz99yy88"]);
        let (cut, _) = redact(
            r#"{"access_token":"abcd1234","token_type":"bea"#,
            FIELDS,
            &[],
        );
        assert!(!cut.contains("abcd1234"), "{cut}");
    }

    #[test]
    fn keeps_at_most_64_kib_after_masking() {
        let body = format!(
            r#"{{"password":"hunter22","padding":"{}"}}"#,
            "é".repeat(40_000)
        );
        let (text, _) = redact(&body, FIELDS, &[]);
        assert!(
            text.starts_with(r#"{"password":"***""#),
            "{}",
            text.get(..40).unwrap_or_default()
        );
        assert!(
            text.ends_with(&format!(
                "… ({} bytes in all)",
                body.len() - "hunter22".len() + 3
            )),
            "{}",
            text.len()
        );
        assert!(text.len() < super::KEPT_TEXT + 40);
    }

    #[test]
    fn masks_form_fields_and_known_values() {
        let (text, _) = redact(
            "username=joe&password=Super%20Secret",
            FIELDS,
            &["tok-12345"],
        );
        assert_eq!(text, "username=joe&password=***");
        let (echo, _) = redact("bad token tok-12345", FIELDS, &["tok-12345"]);
        assert_eq!(echo, "bad token ***");
    }
}
