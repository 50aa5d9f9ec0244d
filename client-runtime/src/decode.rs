//! What the generated `Deserialize` impls of objects and string enums are written with.
//!
//! serde's derive writes, for every type, a field enum with its own visitor and `Deserialize`
//! impl, and a visitor that reads a sequence as well as a map; a JSON API only ever sends an
//! object a map. A generated object is one call of [`decode_object!`](crate::decode_object): an
//! [`Object`] impl, one function reading a map, each member's key matched (borrowed from the
//! input, no allocation) and its value read into a local of the field's own type (numbers through
//! [`Number`] and its kin), the struct built at the end; its `Deserialize` calls [`object`],
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

/// A required member's value, or serde's "missing field" error naming it.
pub fn required<T, E: de::Error>(value: Option<T>, name: &'static str) -> Result<T, E> {
    value.ok_or_else(|| E::missing_field(name))
}

/// A number read leniently (see [`crate::lenient::number`]), as a type a map's value is read as.
#[derive(Debug)]
pub struct Number<T>(pub T);

impl<'de, T> ::serde::Deserialize<'de> for Number<T>
where
    T: std::str::FromStr + ::serde::Deserialize<'de>,
    T::Err: fmt::Display,
{
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::lenient::number(deserializer).map(Self)
    }
}

/// [`Number`] for an optional member ([`crate::lenient::option_number`]).
#[derive(Debug)]
pub struct OptionNumber<T>(pub Option<T>);

impl<'de, T> ::serde::Deserialize<'de> for OptionNumber<T>
where
    T: std::str::FromStr + ::serde::Deserialize<'de>,
    T::Err: fmt::Display,
{
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::lenient::option_number(deserializer).map(Self)
    }
}

/// [`Number`] for an optional, nullable member ([`crate::lenient::nullable_number`]).
#[derive(Debug)]
pub struct NullableNumber<T>(pub crate::Nullable<T>);

impl<'de, T> ::serde::Deserialize<'de> for NullableNumber<T>
where
    T: std::str::FromStr + ::serde::Deserialize<'de>,
    T::Err: fmt::Display,
{
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::lenient::nullable_number(deserializer).map(Self)
    }
}

/// `Deserialize` for a generated object, written once: the type's name, then its fields by how
/// each is read, each with its wire name: `req(…)` (required: missing is serde's "missing
/// field"), `opt(…)` (an `Option`: missing or `null` is `None`), `null(…)` (a `Nullable`: missing
/// is `Absent`), and the same for numbers read leniently (`req_num`, `opt_num`, `null_num`), in
/// that order, each group left out when empty; then `extra(field)`, the map that keeps the
/// members it does not name.
/// Attributes before the name (`#[allow(deprecated)]`) go on the impls. Each field is read into a
/// local of its own type, inferred; no arm calls another (a client included from a build script
/// names these macros by textual scope only).
///
/// ```text
/// decode_object!(Device { req(id "id") opt(name "name") opt_num(ttl "ttl") });
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! decode_object {
    ($( #[$attr:meta] )* $name:ident {
        $( req( $( $rf:ident $rw:literal ),* ) )?
        $( opt( $( $of:ident $ow:literal ),* ) )?
        $( null( $( $nf:ident $nw:literal ),* ) )?
        $( req_num( $( $rnf:ident $rnw:literal ),* ) )?
        $( opt_num( $( $onf:ident $onw:literal ),* ) )?
        $( null_num( $( $nnf:ident $nnw:literal ),* ) )?
    }) => {
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
                $( $( let mut $rf = ::core::option::Option::None; )* )?
                $( $( let mut $of = ::core::option::Option::None; )* )?
                $( $( let mut $nf = $crate::Nullable::Absent; )* )?
                $( $( let mut $rnf = ::core::option::Option::None; )* )?
                $( $( let mut $onf = ::core::option::Option::None; )* )?
                $( $( let mut $nnf = $crate::Nullable::Absent; )* )?
                while let ::core::option::Option::Some(key) =
                    map.next_key::<$crate::decode::Key<'de>>()?
                {
                    match key.as_str() {
                        $( $( $rw => $rf = ::core::option::Option::Some(map.next_value()?), )* )?
                        $( $( $ow => $of = map.next_value()?, )* )?
                        $( $( $nw => $nf = map.next_value()?, )* )?
                        $( $( $rnw => {
                            $rnf = ::core::option::Option::Some(
                                map.next_value::<$crate::decode::Number<_>>()?.0,
                            );
                        } )* )?
                        $( $( $onw => $onf = map.next_value::<$crate::decode::OptionNumber<_>>()?.0, )* )?
                        $( $( $nnw => $nnf = map.next_value::<$crate::decode::NullableNumber<_>>()?.0, )* )?
                        _ => {
                            map.next_value::<::serde::de::IgnoredAny>()?;
                        }
                    }
                }
                ::core::result::Result::Ok(Self {
                    $( $( $rf: $crate::decode::required($rf, $rw)?, )* )?
                    $( $( $of, )* )?
                    $( $( $nf, )* )?
                    $( $( $rnf: $crate::decode::required($rnf, $rnw)?, )* )?
                    $( $( $onf, )* )?
                    $( $( $nnf, )* )?
                })
            }
        }
    };
    ($( #[$attr:meta] )* $name:ident {
        $( req( $( $rf:ident $rw:literal ),* ) )?
        $( opt( $( $of:ident $ow:literal ),* ) )?
        $( null( $( $nf:ident $nw:literal ),* ) )?
        $( req_num( $( $rnf:ident $rnw:literal ),* ) )?
        $( opt_num( $( $onf:ident $onw:literal ),* ) )?
        $( null_num( $( $nnf:ident $nnw:literal ),* ) )?
        extra($extra:ident)
    }) => {
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
                $( $( let mut $rf = ::core::option::Option::None; )* )?
                $( $( let mut $of = ::core::option::Option::None; )* )?
                $( $( let mut $nf = $crate::Nullable::Absent; )* )?
                $( $( let mut $rnf = ::core::option::Option::None; )* )?
                $( $( let mut $onf = ::core::option::Option::None; )* )?
                $( $( let mut $nnf = $crate::Nullable::Absent; )* )?
                let mut $extra = ::std::collections::BTreeMap::new();
                while let ::core::option::Option::Some(key) =
                    map.next_key::<$crate::decode::Key<'de>>()?
                {
                    match key.as_str() {
                        $( $( $rw => $rf = ::core::option::Option::Some(map.next_value()?), )* )?
                        $( $( $ow => $of = map.next_value()?, )* )?
                        $( $( $nw => $nf = map.next_value()?, )* )?
                        $( $( $rnw => {
                            $rnf = ::core::option::Option::Some(
                                map.next_value::<$crate::decode::Number<_>>()?.0,
                            );
                        } )* )?
                        $( $( $onw => $onf = map.next_value::<$crate::decode::OptionNumber<_>>()?.0, )* )?
                        $( $( $nnw => $nnf = map.next_value::<$crate::decode::NullableNumber<_>>()?.0, )* )?
                        _ => {
                            $extra.insert(key.into_string(), map.next_value()?);
                        }
                    }
                }
                ::core::result::Result::Ok(Self {
                    $( $( $rf: $crate::decode::required($rf, $rw)?, )* )?
                    $( $( $of, )* )?
                    $( $( $nf, )* )?
                    $( $( $rnf: $crate::decode::required($rnf, $rnw)?, )* )?
                    $( $( $onf, )* )?
                    $( $( $nnf, )* )?
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

    decode_object!(Thing {
        opt(name "name")
        null(note "note")
        req_num(id "id")
        opt_num(count "count")
        extra(extra)
    });

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
