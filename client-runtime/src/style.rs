//! Parameter values on the wire as the OpenAPI style rules write them (RFC 6570 expansion): a
//! primitive, an array or an object, in a path (`simple`, `label`, `matrix`), a query (`form`,
//! `spaceDelimited`, `pipeDelimited`, `deepObject`), a header (`simple`) or a cookie (`form`),
//! exploded or not.
//!
//! A separator the style adds is written as it is (`blue,black,brown`); the same character inside
//! a value is percent-encoded (`a%2Cb`), so the two never mix. Path and query text is
//! percent-encoded here; header and cookie text is left to their own rules.

use std::borrow::Cow;

/// How a path parameter is written (OpenAPI `style` for `in: path`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathStyle {
    /// `blue`, `blue,black,brown`, `R,100,G,200` (`R=100,G=200` exploded).
    Simple,
    /// `.blue`, `.blue,black,brown` (`.blue.black.brown` exploded), `.R,100,G,200`
    /// (`.R=100.G=200` exploded).
    Label,
    /// `;color=blue`, `;color=blue,black,brown` (`;color=blue;color=black` exploded),
    /// `;color=R,100,G,200` (`;R=100;G=200` exploded).
    Matrix,
}

/// A parameter's value as the style rules see it.
pub(crate) enum Shape {
    /// `null` or nothing: the parameter is left out.
    Absent,
    /// A string, number or boolean, as text.
    Primitive(String),
    /// An array's items, as text (a nested array's items joined by commas).
    List(Vec<String>),
    /// An object's members, names and values as text (in the order serialization gives them).
    Members(Vec<(String, String)>),
}

impl Shape {
    /// The shape of `value` as it serializes to JSON.
    pub(crate) fn of<T: ::serde::Serialize + ?Sized>(value: &T) -> Self {
        use ::serde_json::Value;
        match ::serde_json::to_value(value) {
            Ok(Value::Null) | Err(_) => Self::Absent,
            Ok(Value::Array(items)) => Self::List(items.iter().filter_map(item_text).collect()),
            Ok(Value::Object(members)) => Self::Members(
                members
                    .iter()
                    .filter_map(|(name, member)| Some((name.clone(), item_text(member)?)))
                    .collect(),
            ),
            Ok(other) => scalar_text(&other).map_or(Self::Absent, Self::Primitive),
        }
    }
}

/// The text of a scalar JSON value (`None` for null and for arrays and objects).
pub(crate) fn scalar_text(value: &::serde_json::Value) -> Option<String> {
    use ::serde_json::Value;
    match value {
        Value::Null | Value::Array(_) | Value::Object(_) => None,
        Value::String(text) => Some(text.clone()),
        other => Some(other.to_string()),
    }
}

/// The text of an array item or member value: a scalar's text, a nested array's items joined by
/// commas (nothing else can be written), `None` for null and objects.
pub(crate) fn item_text(value: &::serde_json::Value) -> Option<String> {
    match value {
        ::serde_json::Value::Array(items) => {
            let texts: Vec<String> = items.iter().filter_map(scalar_text).collect();
            Some(texts.join(","))
        }
        other => scalar_text(other),
    }
}

/// Whether `byte` is an RFC 3986 unreserved character.
fn unreserved(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~')
}

/// Whether `byte` is an RFC 3986 reserved character (kept by `allowReserved`).
fn reserved(byte: u8) -> bool {
    matches!(
        byte,
        b':' | b'/'
            | b'?'
            | b'#'
            | b'['
            | b']'
            | b'@'
            | b'!'
            | b'$'
            | b'&'
            | b'\''
            | b'('
            | b')'
            | b'*'
            | b'+'
            | b','
            | b';'
            | b'='
    )
}

/// `text` with every byte `keep` refuses written as `%XX`; borrowed when nothing changes.
pub(crate) fn percent_encoded(text: &str, keep: fn(u8) -> bool) -> Cow<'_, str> {
    if text.bytes().all(keep) {
        return Cow::Borrowed(text);
    }
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut encoded = String::with_capacity(text.len() * 3);
    for byte in text.bytes() {
        if keep(byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push('%');
            encoded.push(char::from(HEX[usize::from(byte >> 4)]));
            encoded.push(char::from(HEX[usize::from(byte & 0xF)]));
        }
    }
    Cow::Owned(encoded)
}

/// `text` percent-encoded as one component of a path or query: everything but the unreserved
/// characters (with `allow_reserved`, the reserved ones are kept too).
pub(crate) fn component(text: &str, allow_reserved: bool) -> Cow<'_, str> {
    if allow_reserved {
        percent_encoded(text, |byte| unreserved(byte) || reserved(byte))
    } else {
        percent_encoded(text, unreserved)
    }
}

/// A percent-encoded text, decoded (an invalid escape stays as it is).
pub(crate) fn decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        let escape = bytes
            .get(index + 1..index + 3)
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match (byte, escape) {
            (b'%', Some(value)) => {
                out.push(value);
                index += 3;
            }
            _ => {
                out.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Members as `k,v,k,v` (`separator` between every name and value) or, exploded, `k=v` joined by
/// `separator`; each text passed through `encode`.
fn members_text(
    members: &[(String, String)],
    explode: bool,
    separator: &str,
    encode: &dyn Fn(&str) -> String,
) -> String {
    let texts: Vec<String> = members
        .iter()
        .map(|(name, value)| {
            if explode {
                format!("{}={}", encode(name), encode(value))
            } else {
                format!("{}{separator}{}", encode(name), encode(value))
            }
        })
        .collect();
    texts.join(separator)
}

/// The text of path parameter `name` holding `value`, percent-encoded, written as `style` says
/// (the whole segment's text for `simple`, with its `.` or `;name=` prefix for the others).
pub fn path_param<T: ::serde::Serialize + ?Sized>(
    name: &str,
    value: &T,
    style: PathStyle,
    explode: bool,
) -> String {
    let encode = |text: &str| component(text, false).into_owned();
    let name = encode(name);
    match (style, Shape::of(value)) {
        (PathStyle::Matrix, Shape::Absent) => format!(";{name}"),
        (PathStyle::Label, Shape::Absent) => ".".to_owned(),
        (PathStyle::Simple, Shape::Absent) => String::new(),
        (PathStyle::Simple, Shape::Primitive(text)) => encode(&text),
        (PathStyle::Label, Shape::Primitive(text)) => format!(".{}", encode(&text)),
        (PathStyle::Matrix, Shape::Primitive(text)) => format!(";{name}={}", encode(&text)),
        (style, Shape::List(items)) => {
            let items: Vec<String> = items.iter().map(|item| encode(item)).collect();
            match (style, explode) {
                (PathStyle::Simple, _) => items.join(","),
                (PathStyle::Label, false) => format!(".{}", items.join(",")),
                (PathStyle::Label, true) => format!(".{}", items.join(".")),
                (PathStyle::Matrix, false) => format!(";{name}={}", items.join(",")),
                (PathStyle::Matrix, true) => {
                    items.iter().map(|item| format!(";{name}={item}")).collect()
                }
            }
        }
        (style, Shape::Members(members)) => match (style, explode) {
            (PathStyle::Simple, _) => members_text(&members, explode, ",", &encode),
            (PathStyle::Label, false) => {
                format!(".{}", members_text(&members, false, ",", &encode))
            }
            (PathStyle::Label, true) => format!(".{}", members_text(&members, true, ".", &encode)),
            (PathStyle::Matrix, false) => {
                format!(";{name}={}", members_text(&members, false, ",", &encode))
            }
            (PathStyle::Matrix, true) => {
                format!(";{}", members_text(&members, true, ";", &encode))
            }
        },
    }
}

/// How a query parameter is written (OpenAPI `style` for `in: query`, with `explode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum QueryStyle {
    /// `form`, exploded: `color=blue&color=black`, `R=100&G=200`.
    FormExploded,
    /// `form` not exploded, `spaceDelimited`, `pipeDelimited`: one pair, items (or an object's
    /// names and values) joined by this separator, written as it goes on the wire.
    Joined(&'static str),
    /// `deepObject`: `color[R]=100&color[G]=200`.
    DeepObject,
}

/// The query pairs of parameter `name` holding `value`, percent-encoded, written as `style` says.
pub(crate) fn query_pairs<T: ::serde::Serialize + ?Sized>(
    name: &str,
    value: &T,
    style: QueryStyle,
    allow_reserved: bool,
) -> Vec<(String, String)> {
    let encode = |text: &str| component(text, allow_reserved).into_owned();
    let key = encode(name);
    match (Shape::of(value), style) {
        (Shape::Absent, _) => Vec::new(),
        (Shape::Primitive(text), _) => vec![(key, encode(&text))],
        (Shape::List(items), QueryStyle::FormExploded | QueryStyle::DeepObject) => items
            .iter()
            .map(|item| (key.clone(), encode(item)))
            .collect(),
        (Shape::List(items), QueryStyle::Joined(separator)) => {
            let items: Vec<String> = items.iter().map(|item| encode(item)).collect();
            vec![(key, items.join(separator))]
        }
        (Shape::Members(members), QueryStyle::FormExploded) => members
            .iter()
            .map(|(member, text)| (encode(member), encode(text)))
            .collect(),
        (Shape::Members(members), QueryStyle::Joined(separator)) => {
            vec![(key, members_text(&members, false, separator, &encode))]
        }
        (Shape::Members(members), QueryStyle::DeepObject) => members
            .iter()
            .map(|(member, text)| (format!("{key}[{}]", encode(member)), encode(text)))
            .collect(),
    }
}

/// The separator a `form` (not exploded), `spaceDelimited` or `pipeDelimited` query joins with,
/// as it goes on the wire.
pub(crate) fn query_separator(separator: char) -> &'static str {
    match separator {
        ' ' => "%20",
        '|' => "|",
        _ => ",",
    }
}

/// The text of a header or cookie parameter (`simple` for headers, one `form` cookie value):
/// items joined by `separator`, an object's members as `k,v,k,v` or, exploded, `k=v,k=v`; not
/// percent-encoded (headers and cookies have their own rules).
pub(crate) fn joined_text(shape: Shape, explode: bool, separator: &str) -> Option<String> {
    match shape {
        Shape::Absent => None,
        Shape::Primitive(text) => Some(text),
        Shape::List(items) => Some(items.join(separator)),
        Shape::Members(members) => Some(members_text(&members, explode, separator, &|text| {
            text.to_owned()
        })),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An object whose members come out in the same order sorted or as written (serde_json keeps
    /// either, as its `preserve_order` feature says).
    fn object() -> ::serde_json::Value {
        ::serde_json::json!({"G": 200, "R": 100})
    }

    fn owned((name, value): (&str, &str)) -> (String, String) {
        (name.to_owned(), value.to_owned())
    }

    #[test]
    fn path_styles_write_the_style_table() {
        let list = ["blue", "black", "brown"];
        let rows: [(PathStyle, bool, [&str; 3]); 6] = [
            (
                PathStyle::Simple,
                false,
                ["blue", "blue,black,brown", "G,200,R,100"],
            ),
            (
                PathStyle::Simple,
                true,
                ["blue", "blue,black,brown", "G=200,R=100"],
            ),
            (
                PathStyle::Label,
                false,
                [".blue", ".blue,black,brown", ".G,200,R,100"],
            ),
            (
                PathStyle::Label,
                true,
                [".blue", ".blue.black.brown", ".G=200.R=100"],
            ),
            (
                PathStyle::Matrix,
                false,
                [
                    ";color=blue",
                    ";color=blue,black,brown",
                    ";color=G,200,R,100",
                ],
            ),
            (
                PathStyle::Matrix,
                true,
                [
                    ";color=blue",
                    ";color=blue;color=black;color=brown",
                    ";G=200;R=100",
                ],
            ),
        ];
        for (style, explode, [primitive, array, members]) in rows {
            assert_eq!(path_param("color", "blue", style, explode), primitive);
            assert_eq!(path_param("color", &list, style, explode), array);
            assert_eq!(path_param("color", &object(), style, explode), members);
        }
    }

    #[test]
    fn a_separator_in_a_value_is_encoded_and_the_styles_own_is_not() {
        assert_eq!(
            path_param("x", &["a,b", "c d"], PathStyle::Simple, false),
            "a%2Cb,c%20d"
        );
        let pairs = query_pairs("x", &["a,b", "c"], QueryStyle::Joined(","), false);
        assert_eq!(pairs, [owned(("x", "a%2Cb,c"))]);
        let kept = query_pairs("x", "a/b,c", QueryStyle::FormExploded, true);
        assert_eq!(kept, [owned(("x", "a/b,c"))]);
    }

    #[test]
    fn query_styles_write_the_style_table() {
        let list = ["blue", "black", "brown"];
        assert_eq!(
            query_pairs("color", &list, QueryStyle::FormExploded, false),
            [("color", "blue"), ("color", "black"), ("color", "brown")].map(owned)
        );
        assert_eq!(
            query_pairs("color", &object(), QueryStyle::FormExploded, false),
            [("G", "200"), ("R", "100")].map(owned)
        );
        assert_eq!(
            query_pairs("color", &object(), QueryStyle::Joined(","), false),
            [("color", "G,200,R,100")].map(owned)
        );
        assert_eq!(
            query_pairs("color", &list, QueryStyle::Joined("%20"), false),
            [("color", "blue%20black%20brown")].map(owned)
        );
        assert_eq!(
            query_pairs("color", &list, QueryStyle::Joined("|"), false),
            [("color", "blue|black|brown")].map(owned)
        );
        assert_eq!(
            query_pairs("color", &object(), QueryStyle::DeepObject, false),
            [("color[G]", "200"), ("color[R]", "100")].map(owned)
        );
    }

    #[test]
    fn headers_and_cookies_join_without_encoding() {
        assert_eq!(
            joined_text(Shape::of(&object()), false, ",").as_deref(),
            Some("G,200,R,100")
        );
        assert_eq!(
            joined_text(Shape::of(&object()), true, ",").as_deref(),
            Some("G=200,R=100")
        );
        assert_eq!(
            joined_text(Shape::of(&["a b", "c"]), false, ",").as_deref(),
            Some("a b,c")
        );
    }
}
