//! `Uuid`: a UUID (`format: uuid`) as the text the API sent, checked when it is read.

use std::fmt;
use std::str::FromStr;

/// A UUID (`format: uuid`): the text as sent, checked to be 32 hexadecimal digits in groups of
/// 8-4-4-4-12. A string that is not one does not decode into it, so a union can tell a UUID from
/// a name.
///
/// ```
/// use client_runtime::Uuid;
///
/// let id: Uuid = "3fa85f64-5717-4562-b3fc-2c963f66afa6".parse()?;
/// assert_eq!(id.as_str(), "3fa85f64-5717-4562-b3fc-2c963f66afa6");
/// assert!("web-server".parse::<Uuid>().is_err());
/// # Ok::<(), client_runtime::InvalidUuid>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Uuid(String);

impl Uuid {
    /// The UUID in `text`, or why it is not one.
    pub fn parse(text: &str) -> Result<Self, InvalidUuid> {
        let groups: Vec<&str> = text.split('-').collect();
        let lengths: Vec<usize> = groups.iter().map(|group| group.len()).collect();
        let hex = groups
            .iter()
            .all(|group| group.bytes().all(|b| b.is_ascii_hexdigit()));
        if lengths == [8, 4, 4, 4, 12] && hex {
            Ok(Self(text.to_owned()))
        } else {
            Err(InvalidUuid(text.to_owned()))
        }
    }

    /// The UUID as text, as the API sent it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Uuid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for Uuid {
    type Err = InvalidUuid;

    fn from_str(text: &str) -> Result<Self, InvalidUuid> {
        Self::parse(text)
    }
}

impl ::serde::Serialize for Uuid {
    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> ::serde::Deserialize<'de> for Uuid {
    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <String as ::serde::Deserialize>::deserialize(deserializer)?;
        Self::parse(&text).map_err(::serde::de::Error::custom)
    }
}

/// A text that is not a UUID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidUuid(String);

impl fmt::Display for InvalidUuid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not a UUID (8-4-4-4-12 hexadecimal digits)",
            self.0
        )
    }
}

impl std::error::Error for InvalidUuid {}
