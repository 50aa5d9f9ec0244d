//! What the generated `Deserialize` impls of objects and string enums are written with.
//!
//! serde's derive writes, for every type, a field enum with its own visitor and `Deserialize`
//! impl, and a visitor that reads a sequence as well as a map; a JSON API only ever sends an
//! object a map. A generated impl is one visitor reading a map: each key is looked up in the
//! type's list of member names ([`Members`], without allocating), its value read into a local,
//! and the struct built at the end, a missing required member an error ([`required`]). A crate of
//! hundreds of models type-checks in half the time.

use std::fmt;

use ::serde::Deserializer;
use ::serde::de::{self, DeserializeSeed, Visitor};

/// A key seed: the index, in the list, of the member name a key is; `None` for a key not in it.
#[derive(Debug, Clone, Copy)]
pub struct Members(pub &'static [&'static str]);

impl<'de> DeserializeSeed<'de> for Members {
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl Visitor<'_> for Members {
    type Value = Option<usize>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a member name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
        Ok(self.0.iter().position(|name| *name == key))
    }

    fn visit_bytes<E: de::Error>(self, key: &[u8]) -> Result<Self::Value, E> {
        Ok(self.0.iter().position(|name| name.as_bytes() == key))
    }
}

/// A key seed for an object that keeps the members it does not name: the index of a member name,
/// or the key itself.
#[derive(Debug, Clone, Copy)]
pub struct MembersOrKey(pub &'static [&'static str]);

impl<'de> DeserializeSeed<'de> for MembersOrKey {
    type Value = Result<usize, String>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl Visitor<'_> for MembersOrKey {
    type Value = Result<usize, String>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a member name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
        Ok(match self.0.iter().position(|name| *name == key) {
            Some(index) => Ok(index),
            None => Err(key.to_owned()),
        })
    }
}

/// A required member's value, or serde's "missing field" error naming it.
pub fn required<T, E: de::Error>(value: Option<T>, name: &'static str) -> Result<T, E> {
    value.ok_or_else(|| E::missing_field(name))
}

/// A string enum's value: the index of its wire value in `values`, or the text when it is none
/// of them (an open enum keeps it; a closed one is an "unknown variant" error, see
/// [`unknown`]).
pub fn one_of<'de, D: Deserializer<'de>>(
    deserializer: D,
    values: &'static [&'static str],
) -> Result<Result<usize, String>, D::Error> {
    deserializer.deserialize_str(OneOf(values))
}

/// serde's "unknown variant" error for `value`, naming the values expected.
pub fn unknown<E: de::Error>(value: &str, values: &'static [&'static str]) -> E {
    E::unknown_variant(value, values)
}

struct OneOf(&'static [&'static str]);

impl Visitor<'_> for OneOf {
    type Value = Result<usize, String>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        Ok(match self.0.iter().position(|value| *value == text) {
            Some(index) => Ok(index),
            None => Err(text.to_owned()),
        })
    }
}

/// The expectation an object's visitor states: `an object (Name)`.
pub fn expecting(formatter: &mut fmt::Formatter<'_>, name: &str) -> fmt::Result {
    write!(formatter, "an object ({name})")
}

#[cfg(test)]
mod tests {
    use std::fmt;

    use ::serde::Deserialize;
    use ::serde::de::{MapAccess, Visitor};

    use super::{Members, MembersOrKey, one_of, required, unknown};

    /// An object as a generated crate writes it: one required member, one optional, the others
    /// kept.
    #[derive(Debug, PartialEq)]
    struct Thing {
        id: i64,
        name: Option<String>,
        extra: std::collections::BTreeMap<String, i64>,
    }

    impl<'de> Deserialize<'de> for Thing {
        fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Thing;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    super::expecting(f, "Thing")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Thing, A::Error> {
                    let mut id = None;
                    let mut name = None;
                    let mut extra = std::collections::BTreeMap::new();
                    while let Some(key) = map.next_key_seed(MembersOrKey(&["id", "name"]))? {
                        match key {
                            Ok(0) => id = Some(map.next_value::<i64>()?),
                            Ok(1) => name = map.next_value::<Option<String>>()?,
                            Ok(_) => {
                                map.next_value::<::serde::de::IgnoredAny>()?;
                            }
                            Err(key) => {
                                extra.insert(key, map.next_value::<i64>()?);
                            }
                        }
                    }
                    Ok(Thing {
                        id: required(id, "id")?,
                        name,
                        extra,
                    })
                }
            }
            deserializer.deserialize_map(V)
        }
    }

    #[test]
    fn objects_read_their_members_and_keep_the_others() {
        let thing: Thing = serde_json::from_str(r#"{"n\u0061me": "a", "id": 1, "x": 2}"#).unwrap();
        assert_eq!(thing.id, 1);
        assert_eq!(thing.name.as_deref(), Some("a"));
        assert_eq!(thing.extra.get("x"), Some(&2));
        let error = serde_json::from_str::<Thing>(r#"{"name": null}"#).unwrap_err();
        assert!(error.to_string().contains("missing field `id`"), "{error}");
        let error = serde_json::from_str::<Thing>("[1]").unwrap_err();
        assert!(
            error.to_string().contains("expected an object (Thing)"),
            "{error}"
        );
    }

    #[test]
    fn member_names_are_found_without_the_others() {
        let mut de = serde_json::Deserializer::from_str(r#""b""#);
        let found = ::serde::de::DeserializeSeed::deserialize(Members(&["a", "b"]), &mut de);
        assert_eq!(found.unwrap(), Some(1));
        let mut de = serde_json::Deserializer::from_str(r#""c""#);
        let found = ::serde::de::DeserializeSeed::deserialize(Members(&["a", "b"]), &mut de);
        assert_eq!(found.unwrap(), None);
    }

    #[test]
    fn enum_values_are_found_or_kept() {
        let value = serde_json::Value::from("on");
        assert_eq!(one_of(&value, &["off", "on"]).unwrap(), Ok(1));
        let value = serde_json::Value::from("dim");
        assert_eq!(
            one_of(&value, &["off", "on"]).unwrap(),
            Err("dim".to_owned())
        );
        let error: serde_json::Error = unknown("dim", &["off", "on"]);
        assert!(
            error.to_string().contains("unknown variant `dim`"),
            "{error}"
        );
        assert!(one_of(&serde_json::Value::from(1), &["off"]).is_err());
    }
}
