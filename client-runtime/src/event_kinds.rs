//! What the generated typed events (an API's `x-events`) call: event names matched against
//! templates with `{holes}`, payload text decoded and encoded.
//!
//! ```text
//! if let Some([event, part]) = crate::runtime::event_kinds::captures("hook-response/{event}/{part}", name) {
//!     match crate::runtime::event_kinds::decode_text(payload) { … }
//! }
//! ```
//!
//! A template is literal text and `{name}` holes; each hole takes at least one character, the
//! first as many as it can (so in `hook-response/{event}/{part}` the event name may hold `/`
//! and the part is what follows the last one). The generator checks templates; a hole whose `}`
//! is missing is literal text here.

use ::serde::Serialize;
use ::serde::de::DeserializeOwned;

/// One piece of a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece<'t> {
    Text(&'t str),
    /// A hole, by name.
    Hole(&'t str),
}

/// The pieces of `template`, in order.
fn pieces(template: &str) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        if open > 0 {
            pieces.push(Piece::Text(&rest[..open]));
        }
        pieces.push(Piece::Hole(&rest[open + 1..open + close]));
        rest = &rest[open + close + 1..];
    }
    if !rest.is_empty() {
        pieces.push(Piece::Text(rest));
    }
    pieces
}

/// What the holes of `template` hold in `name`, in order; `None` when `name` does not have the
/// template's form or the template has not `N` holes.
pub fn captures<const N: usize>(template: &str, name: &str) -> Option<[String; N]> {
    let pieces = pieces(template);
    let mut found = Vec::with_capacity(N);
    if !fits(&pieces, name, &mut found) {
        return None;
    }
    let found: Vec<String> = found.into_iter().map(str::to_owned).collect();
    found.try_into().ok()
}

/// Whether `name` has the form of `pieces`, pushing what each hole holds onto `found`.
fn fits<'n>(pieces: &[Piece<'_>], name: &'n str, found: &mut Vec<&'n str>) -> bool {
    match pieces.split_first() {
        None => name.is_empty(),
        Some((Piece::Text(text), rest)) => name
            .strip_prefix(text)
            .is_some_and(|after| fits(rest, after, found)),
        Some((Piece::Hole(_), rest)) => {
            // The longest first, down to one character.
            let mut ends: Vec<usize> = name.char_indices().skip(1).map(|(at, _)| at).collect();
            if !name.is_empty() {
                ends.push(name.len());
            }
            for end in ends.into_iter().rev() {
                found.push(&name[..end]);
                if fits(rest, &name[end..], found) {
                    return true;
                }
                found.pop();
            }
            false
        }
    }
}

/// What a hole of a name holds, as `T`: the text as a JSON string (a `String`, a string enum),
/// else the text read as JSON (a number, a boolean); `None` when it is neither.
pub fn hole<T: DeserializeOwned>(text: &str) -> Option<T> {
    ::serde_json::from_value(::serde_json::Value::String(text.to_owned()))
        .ok()
        .or_else(|| ::serde_json::from_str(text).ok())
}

/// A hole's value as the name writes it: a string as it is, anything else as its JSON text.
pub fn hole_text<T: Serialize>(value: &T) -> String {
    match ::serde_json::to_value(value) {
        Ok(::serde_json::Value::String(text)) => text,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

/// `template` with its holes filled by `values`, in order (a hole without a value stays empty).
pub fn fill(template: &str, values: &[&str]) -> String {
    let mut values = values.iter();
    pieces(template)
        .into_iter()
        .map(|piece| match piece {
            Piece::Text(text) => text,
            Piece::Hole(_) => values.next().copied().unwrap_or_default(),
        })
        .collect()
}

/// A payload published as plain text, decoded as the JSON string it is (a string enum's value,
/// say). No payload is an error.
pub fn decode_text<T: DeserializeOwned>(payload: Option<&str>) -> Result<T, String> {
    let text = payload.ok_or_else(|| "the event has no payload".to_owned())?;
    ::serde_json::from_value(::serde_json::Value::String(text.to_owned()))
        .map_err(|error| format!("payload `{}`: {error}", shorten(text)))
}

/// A payload published as JSON text, decoded; no payload decodes as JSON `null`.
pub fn decode_json<T: DeserializeOwned>(payload: Option<&str>) -> Result<T, String> {
    match payload {
        Some(text) => ::serde_json::from_str(text)
            .map_err(|error| format!("payload `{}`: {error}", shorten(text))),
        None => ::serde_json::from_value(::serde_json::Value::Null)
            .map_err(|error| format!("the event has no payload: {error}")),
    }
}

/// A plain-text payload with parts, decoded as an object: the first of `forms` (templates whose
/// holes name the object's members) that the text has, each part a string member.
pub fn decode_form<T: DeserializeOwned>(
    forms: &[&str],
    payload: Option<&str>,
) -> Result<T, String> {
    let text = payload.ok_or_else(|| "the event has no payload".to_owned())?;
    let mut problem = None;
    for form in forms {
        let pieces = pieces(form);
        let mut found = Vec::new();
        if !fits(&pieces, text, &mut found) {
            continue;
        }
        let names = pieces.iter().filter_map(|piece| match piece {
            Piece::Hole(name) => Some((*name).to_owned()),
            Piece::Text(_) => None,
        });
        let object = names
            .zip(found)
            .map(|(name, part)| (name, ::serde_json::Value::String(part.to_owned())))
            .collect();
        match ::serde_json::from_value(::serde_json::Value::Object(object)) {
            Ok(value) => return Ok(value),
            Err(error) => problem = Some(format!("payload `{}`: {error}", shorten(text))),
        }
    }
    Err(problem.unwrap_or_else(|| {
        format!(
            "payload `{}` has none of the forms `{}`",
            shorten(text),
            forms.join("`, `")
        )
    }))
}

/// A payload with parts as it is published: the first of `forms` whose every hole names a member
/// the value has (a string, number or boolean), filled in.
pub fn encode_form<T: Serialize>(forms: &[&str], payload: &T) -> Option<String> {
    let ::serde_json::Value::Object(members) = ::serde_json::to_value(payload).ok()? else {
        return None;
    };
    forms.iter().find_map(|form| {
        let values: Option<Vec<String>> = pieces(form)
            .into_iter()
            .filter_map(|piece| match piece {
                Piece::Hole(name) => Some(name),
                Piece::Text(_) => None,
            })
            .map(|name| match members.get(name)? {
                ::serde_json::Value::String(text) => Some(text.clone()),
                ::serde_json::Value::Number(number) => Some(number.to_string()),
                ::serde_json::Value::Bool(flag) => Some(flag.to_string()),
                _ => None,
            })
            .collect();
        let values = values?;
        let values: Vec<&str> = values.iter().map(String::as_str).collect();
        Some(fill(form, &values))
    })
}

/// A plain-text payload as it is published: the value's JSON string, or its JSON text when it is
/// not a string.
pub fn encode_text<T: Serialize>(payload: &T) -> Option<String> {
    match ::serde_json::to_value(payload).ok()? {
        ::serde_json::Value::String(text) => Some(text),
        other => Some(other.to_string()),
    }
}

/// A JSON payload as it is published: its JSON text; no payload for `null`.
pub fn encode_json<T: Serialize>(payload: &T) -> Option<String> {
    match ::serde_json::to_value(payload).ok()? {
        ::serde_json::Value::Null => None,
        other => Some(other.to_string()),
    }
}

/// Whether two payload texts hold the same JSON (numbers equal by value: `5` is `5.0`), for tests
/// that a payload is published again as it was documented. Two missing payloads are the same.
pub fn same_json(a: Option<&str>, b: Option<&str>) -> bool {
    fn same(a: &::serde_json::Value, b: &::serde_json::Value) -> bool {
        use ::serde_json::Value;
        match (a, b) {
            (Value::Number(a), Value::Number(b)) => a == b || a.as_f64() == b.as_f64(),
            (Value::Array(a), Value::Array(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same(a, b))
            }
            (Value::Object(a), Value::Object(b)) => {
                a.len() == b.len()
                    && a.iter()
                        .all(|(key, a)| b.get(key).is_some_and(|b| same(a, b)))
            }
            _ => a == b,
        }
    }
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => match (
            ::serde_json::from_str::<::serde_json::Value>(a),
            ::serde_json::from_str::<::serde_json::Value>(b),
        ) {
            (Ok(a), Ok(b)) => same(&a, &b),
            _ => false,
        },
        _ => false,
    }
}

/// `text` cut to 80 characters for an error message.
fn shorten(text: &str) -> String {
    match text.char_indices().nth(80) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_names_match_only_themselves() {
        assert_eq!(captures::<0>("spark/status", "spark/status"), Some([]));
        assert_eq!(
            captures::<0>("spark/status", "spark/status/safe-mode"),
            None
        );
        assert_eq!(captures::<0>("spark/status", "spark/statu"), None);
    }

    #[test]
    fn holes_take_as_much_as_they_can() {
        let template = "hook-response/{event}/{part}";
        assert_eq!(
            captures::<2>(template, "hook-response/temperature/0"),
            Some(["temperature".to_owned(), "0".to_owned()])
        );
        // An event name with slashes: the part is after the last one.
        assert_eq!(
            captures::<2>(template, "hook-response/spark/device/last_reset/12"),
            Some(["spark/device/last_reset".to_owned(), "12".to_owned()])
        );
        // Each hole takes one character at least.
        assert_eq!(captures::<2>(template, "hook-response//0"), None);
        assert_eq!(captures::<2>(template, "hook-response/temperature/"), None);
        assert_eq!(captures::<2>(template, "hook-sent/temperature"), None);
        // The count of holes is the caller's.
        assert_eq!(captures::<1>(template, "hook-response/temperature/0"), None);
        assert_eq!(
            captures::<1>("hook-sent/{event}", "hook-sent/é/x"),
            Some(["é/x".to_owned()])
        );
    }

    #[test]
    fn filling_a_template_gives_back_the_name() {
        let template = "hook-response/{event}/{part}";
        let name = "hook-response/a/b/3";
        let [event, part] = captures::<2>(template, name).unwrap();
        assert_eq!(fill(template, &[&event, &part]), name);
        assert_eq!(fill("spark/status", &[]), "spark/status");
    }

    #[test]
    fn holes_are_read_as_their_type() {
        assert_eq!(hole::<u32>("12"), Some(12));
        assert_eq!(hole::<u32>("x"), None);
        assert_eq!(hole::<u32>("-1"), None);
        assert_eq!(hole::<String>("12").as_deref(), Some("12"));
        assert_eq!(hole::<bool>("true"), Some(true));
        assert_eq!(hole_text(&12_u32), "12");
        assert_eq!(hole_text(&"a/b"), "a/b");
    }

    #[test]
    fn text_payloads_are_json_strings() {
        assert_eq!(decode_text::<String>(Some("online")).unwrap(), "online");
        assert!(decode_text::<String>(None).is_err());
        let error = decode_text::<u8>(Some("online")).unwrap_err();
        assert!(error.starts_with("payload `online`: "), "{error}");
        assert_eq!(encode_text(&"offline").as_deref(), Some("offline"));
        assert_eq!(encode_text(&3).as_deref(), Some("3"));
    }

    #[test]
    fn json_payloads_are_parsed() {
        let value: ::serde_json::Value = decode_json(Some(r#"{"a": 1}"#)).unwrap();
        assert_eq!(value, ::serde_json::json!({"a": 1}));
        assert_eq!(decode_json::<Option<u8>>(None).unwrap(), None);
        assert!(decode_json::<u8>(None).is_err());
        let long = "x".repeat(200);
        let error = decode_json::<u8>(Some(&long)).unwrap_err();
        assert!(error.contains(&format!("{}…", "x".repeat(80))), "{error}");
        assert_eq!(
            encode_json(&::serde_json::json!({"a": 1})).as_deref(),
            Some(r#"{"a":1}"#)
        );
        assert_eq!(encode_json(&None::<u8>), None);
    }

    #[test]
    fn payloads_with_parts_are_objects() {
        #[derive(Debug, PartialEq, ::serde::Deserialize, ::serde::Serialize)]
        struct Reset {
            reason: String,
            #[serde(skip_serializing_if = "Option::is_none")]
            panic: Option<String>,
        }
        let forms = ["{reason}, {panic}", "{reason}"];
        let panic: Reset = decode_form(&forms, Some("panic, hard_fault")).unwrap();
        assert_eq!(panic.reason, "panic");
        assert_eq!(panic.panic.as_deref(), Some("hard_fault"));
        assert_eq!(
            encode_form(&forms, &panic).as_deref(),
            Some("panic, hard_fault")
        );
        let update: Reset = decode_form(&forms, Some("update")).unwrap();
        assert_eq!(update.panic, None);
        assert_eq!(encode_form(&forms, &update).as_deref(), Some("update"));
        let error = decode_form::<Reset>(&["{reason}/{panic}"], Some("update")).unwrap_err();
        assert!(
            error.contains("none of the forms `{reason}/{panic}`"),
            "{error}"
        );
        assert!(decode_form::<Reset>(&forms, None).is_err());
        // A part that is not the member's type: the member's error.
        let error = decode_form::<u8>(&["{a}"], Some("x")).unwrap_err();
        assert!(error.starts_with("payload `x`: "), "{error}");
    }

    #[test]
    fn json_is_compared_by_value() {
        assert!(same_json(
            Some(r#"{"a": 5, "b": [1]}"#),
            Some(r#"{"b":[1.0],"a":5.0}"#)
        ));
        assert!(!same_json(Some(r#"{"a": 5}"#), Some(r#"{"a": 5, "b": 1}"#)));
        assert!(!same_json(Some("{"), Some("{")));
        assert!(same_json(None, None));
        assert!(!same_json(Some("1"), None));
    }
}
