//! What the generated `Deserialize` impls of objects and string enums are written with.
//!
//! serde's derive writes, for every type, a field enum with its own visitor and `Deserialize`
//! impl, and a visitor that reads a sequence as well as a map; a JSON API only ever sends an
//! object a map. A generated object is one call of [`decode_object!`](crate::decode_object): an
//! [`Object`] impl, one function reading a map, each member's key matched (borrowed from the
//! input, no allocation) and its value read into a local as [`Req`], [`Opt`], [`Null`] or their
//! lenient-number forms say, the struct built at the end; its `Deserialize` calls [`object`],
//! whose visitor is written once here. A string enum is one call of
//! [`decode_enum!`](crate::decode_enum). A crate of hundreds of models type-checks in half the
//! time, and the generated text stays short.

use std::fmt;
use std::marker::PhantomData;

use ::serde::Deserializer;
use ::serde::de::{self, MapAccess, Visitor};

/// serde's "unknown variant" error for `value`, naming the values expected.
pub fn unknown<E: de::Error>(value: &str, values: &'static [&'static str]) -> E {
    E::unknown_variant(value, values)
}

/// A generated object: how it reads its members from a map. Its `Deserialize` is [`object`].
pub trait Object: Sized {
    /// The type's name, for the error when the value is not an object.
    const NAME: &'static str;

    /// Read the object's members from `map`.
    fn members<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// Deserialize an [`Object`] from a map.
pub fn object<'de, T: Object, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "an object ({})", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::members(map)
    }
}

/// A member's key, borrowed from the input where it can be (no allocation for JSON read from
/// bytes, the common case).
#[derive(Debug)]
pub struct Key<'de>(std::borrow::Cow<'de, str>);

impl Key<'_> {
    /// The key's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key, owned.
    pub fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> ::serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a string")
    }

    fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<Self::Value, E> {
        Ok(Key(std::borrow::Cow::Borrowed(text)))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        Ok(Key(std::borrow::Cow::Owned(text.to_owned())))
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<Self::Value, E> {
        Ok(Key(std::borrow::Cow::Owned(text)))
    }
}

/// A required member's value as read; [`Req::finish`] makes a missing one serde's "missing
/// field" error.
#[derive(Debug)]
pub struct Req<T>(T);

impl<'de, T: ::serde::Deserialize<'de>> ::serde::Deserialize<'de> for Req<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize(deserializer).map(Self)
    }
}

impl<T> Req<T> {
    /// The value, or the error naming the member.
    pub fn finish<E: de::Error>(read: Option<Self>, name: &'static str) -> Result<T, E> {
        read.map(|read| read.0)
            .ok_or_else(|| E::missing_field(name))
    }
}

/// An optional member's value as read (`null` is none).
#[derive(Debug)]
pub struct Opt<T>(Option<T>);

impl<'de, T: ::serde::Deserialize<'de>> ::serde::Deserialize<'de> for Opt<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Option::<T>::deserialize(deserializer).map(Self)
    }
}

impl<T> Opt<T> {
    /// The value; none when the member was missing.
    pub fn finish<E: de::Error>(read: Option<Self>, _name: &'static str) -> Result<Option<T>, E> {
        Ok(read.and_then(|read| read.0))
    }
}

/// An optional, nullable member's value as read.
#[derive(Debug)]
pub struct Null<T>(crate::Nullable<T>);

impl<'de, T: ::serde::Deserialize<'de>> ::serde::Deserialize<'de> for Null<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::Nullable::<T>::deserialize(deserializer).map(Self)
    }
}

impl<T> Null<T> {
    /// The value; `Absent` when the member was missing.
    pub fn finish<E: de::Error>(
        read: Option<Self>,
        _name: &'static str,
    ) -> Result<crate::Nullable<T>, E> {
        Ok(read.map_or(crate::Nullable::Absent, |read| read.0))
    }
}

/// [`Req`] for a number read leniently (see [`crate::lenient`]).
#[derive(Debug)]
pub struct ReqNum<T>(T);

impl<'de, T> ::serde::Deserialize<'de> for ReqNum<T>
where
    T: std::str::FromStr + ::serde::Deserialize<'de>,
    T::Err: fmt::Display,
{
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::lenient::number(deserializer).map(Self)
    }
}

impl<T> ReqNum<T> {
    /// The value, or the error naming the member.
    pub fn finish<E: de::Error>(read: Option<Self>, name: &'static str) -> Result<T, E> {
        read.map(|read| read.0)
            .ok_or_else(|| E::missing_field(name))
    }
}

/// [`Opt`] for a number read leniently.
#[derive(Debug)]
pub struct OptNum<T>(Option<T>);

impl<'de, T> ::serde::Deserialize<'de> for OptNum<T>
where
    T: std::str::FromStr + ::serde::Deserialize<'de>,
    T::Err: fmt::Display,
{
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::lenient::option_number(deserializer).map(Self)
    }
}

impl<T> OptNum<T> {
    /// The value; none when the member was missing.
    pub fn finish<E: de::Error>(read: Option<Self>, _name: &'static str) -> Result<Option<T>, E> {
        Ok(read.and_then(|read| read.0))
    }
}

/// [`Null`] for a number read leniently.
#[derive(Debug)]
pub struct NullNum<T>(crate::Nullable<T>);

impl<'de, T> ::serde::Deserialize<'de> for NullNum<T>
where
    T: std::str::FromStr + ::serde::Deserialize<'de>,
    T::Err: fmt::Display,
{
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::lenient::nullable_number(deserializer).map(Self)
    }
}

impl<T> NullNum<T> {
    /// The value; `Absent` when the member was missing.
    pub fn finish<E: de::Error>(
        read: Option<Self>,
        _name: &'static str,
    ) -> Result<crate::Nullable<T>, E> {
        Ok(read.map_or(crate::Nullable::Absent, |read| read.0))
    }
}

/// `Deserialize` for a generated object, written once: the type's name, then each field with
/// its wire name and how it is read ([`Req`], [`Opt`], [`Null`], [`ReqNum`], [`OptNum`],
/// [`NullNum`]), then, for an object that keeps the members it does not name, that field.
/// Attributes before the name (`#[allow(deprecated)]`) go on the impls. (No arm calls another:
/// a client included from a build script names these macros by textual scope only.)
///
/// ```text
/// decode_object!(Device { id "id" Req, name "name" Opt, ttl "ttl" OptNum });
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! decode_object {
    ($( #[$attr:meta] )* $name:ident { $( $field:ident $wire:literal $kind:ident ),* $(,)? }) => {
        $( #[$attr] )*
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::decode::object(deserializer)
            }
        }

        $( #[$attr] )*
        impl $crate::decode::Object for $name {
            const NAME: &'static str = ::core::stringify!($name);

            fn members<'de, A: ::serde::de::MapAccess<'de>>(
                mut map: A,
            ) -> ::core::result::Result<Self, A::Error> {
                $( let mut $field = ::core::option::Option::None; )*
                while let ::core::option::Option::Some(key) =
                    map.next_key::<$crate::decode::Key<'de>>()?
                {
                    match key.as_str() {
                        $( $wire => {
                            $field = ::core::option::Option::Some(
                                map.next_value::<$crate::decode::$kind<_>>()?,
                            );
                        } )*
                        _ => {
                            map.next_value::<::serde::de::IgnoredAny>()?;
                        }
                    }
                }
                ::core::result::Result::Ok(Self {
                    $( $field: $crate::decode::$kind::finish($field, $wire)?, )*
                })
            }
        }
    };
    ($( #[$attr:meta] )* $name:ident { $( $field:ident $wire:literal $kind:ident ),* $(,)? } $extra:ident) => {
        $( #[$attr] )*
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::decode::object(deserializer)
            }
        }

        $( #[$attr] )*
        impl $crate::decode::Object for $name {
            const NAME: &'static str = ::core::stringify!($name);

            fn members<'de, A: ::serde::de::MapAccess<'de>>(
                mut map: A,
            ) -> ::core::result::Result<Self, A::Error> {
                $( let mut $field = ::core::option::Option::None; )*
                let mut $extra = ::std::collections::BTreeMap::new();
                while let ::core::option::Option::Some(key) =
                    map.next_key::<$crate::decode::Key<'de>>()?
                {
                    match key.as_str() {
                        $( $wire => {
                            $field = ::core::option::Option::Some(
                                map.next_value::<$crate::decode::$kind<_>>()?,
                            );
                        } )*
                        _ => {
                            $extra.insert(key.into_string(), map.next_value()?);
                        }
                    }
                }
                ::core::result::Result::Ok(Self {
                    $( $field: $crate::decode::$kind::finish($field, $wire)?, )*
                    $extra,
                })
            }
        }
    };
}

/// `Deserialize` for a generated string enum: the type's name, each variant with its wire
/// value, then, for an open enum, the variant that keeps any other value.
///
/// ```text
/// decode_enum!(Power { Off "off", On "on" } Unknown);
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! decode_enum {
    ($( #[$attr:meta] )* $name:ident { $( $variant:ident $wire:literal ),* $(,)? }) => {
        $( #[$attr] )*
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                let value = <$crate::decode::Key<'de> as ::serde::Deserialize>::deserialize(deserializer)?;
                ::core::result::Result::Ok(match value.as_str() {
                    $( $wire => Self::$variant, )*
                    other => return ::core::result::Result::Err(
                        $crate::decode::unknown(other, &[$( $wire ),*]),
                    ),
                })
            }
        }
    };
    ($( #[$attr:meta] )* $name:ident { $( $variant:ident $wire:literal ),* $(,)? } $fallback:ident) => {
        $( #[$attr] )*
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                let value = <$crate::decode::Key<'de> as ::serde::Deserialize>::deserialize(deserializer)?;
                ::core::result::Result::Ok(match value.as_str() {
                    $( $wire => Self::$variant, )*
                    _ => Self::$fallback(value.into_string()),
                })
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use crate::Nullable;

    /// An object as a generated crate declares it: required, optional, nullable and lenient
    /// members, and the others kept.
    #[derive(Debug, PartialEq)]
    struct Thing {
        id: i64,
        name: Option<String>,
        note: Nullable<String>,
        count: Option<i64>,
        extra: std::collections::BTreeMap<String, i64>,
    }

    decode_object!(Thing { id "id" ReqNum, name "name" Opt, note "note" Null, count "count" OptNum } extra);

    /// A string enum, closed and open.
    #[derive(Debug, PartialEq)]
    enum Power {
        Off,
        On,
    }

    decode_enum!(Power { Off "off", On "on" });

    #[derive(Debug, PartialEq)]
    enum Mode {
        Fast,
        Unknown(String),
    }

    decode_enum!(Mode { Fast "fast" } Unknown);

    #[test]
    fn objects_read_their_members_and_keep_the_others() {
        let thing: Thing =
            serde_json::from_str(r#"{"n\u0061me": "a", "id": "1", "note": null, "x": 2}"#).unwrap();
        assert_eq!(thing.id, 1);
        assert_eq!(thing.name.as_deref(), Some("a"));
        assert_eq!(thing.note, Nullable::Null);
        assert_eq!(thing.count, None);
        assert_eq!(thing.extra.get("x"), Some(&2));
        let thing: Thing = serde_json::from_slice(br#"{"id": 2, "count": "3"}"#).unwrap();
        assert_eq!(
            (thing.id, thing.count, thing.note),
            (2, Some(3), Nullable::Absent)
        );
        let error = serde_json::from_str::<Thing>(r#"{"name": null}"#).unwrap_err();
        assert!(error.to_string().contains("missing field `id`"), "{error}");
        let error = serde_json::from_str::<Thing>("[1]").unwrap_err();
        assert!(
            error.to_string().contains("expected an object (Thing)"),
            "{error}"
        );
    }

    #[test]
    fn enum_values_are_found_or_kept() {
        assert_eq!(serde_json::from_str::<Power>(r#""on""#).unwrap(), Power::On);
        let error = serde_json::from_str::<Power>(r#""dim""#).unwrap_err();
        assert!(
            error.to_string().contains("unknown variant `dim`"),
            "{error}"
        );
        assert!(serde_json::from_str::<Power>("1").is_err());
        assert_eq!(
            serde_json::from_str::<Mode>(r#""slow""#).unwrap(),
            Mode::Unknown("slow".to_owned())
        );
        assert_eq!(
            serde_json::from_str::<Mode>(r#""fast""#).unwrap(),
            Mode::Fast
        );
    }
}
