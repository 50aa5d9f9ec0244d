//! Decoding a union whose alternatives carry no tag (`#[serde(untagged)]` would take the first
//! alternative that decodes, even when a later one describes the value better).
//!
//! Every alternative is tried on the value; of those that decode, the one the value fits best is
//! taken. How well a value fits an alternative, most important first:
//!
//! 1. a string matches the alternative's `pattern` (when it has one);
//! 2. the value, or a member of it, is one of the values the alternative's `enum` lists (an
//!    open enum decodes any string, but an alternative whose enum holds the value fits better);
//! 3. the value has no members the alternative does not name;
//! 4. it has every member the alternative requires (a nullable required member may be absent);
//! 5. it leaves fewer of the alternative's members out.
//!
//! Ties go to the alternative tried first; the generated code tries the most specific first.

use std::fmt::Write as _;

use ::serde_json::Value;

/// How badly a value fits an alternative, compared as a tuple (lower is better): the pattern
/// fails, values outside an enum, members it does not name, required members missing, its
/// members left out.
type Misfit = (bool, usize, usize, usize, usize);

/// A perfect fit: no later alternative can beat it.
const PERFECT: Misfit = (false, 0, 0, 0, 0);

/// What an alternative expects, to measure a value against it.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    /// `Some` when the alternative is an object with named members: `(named, required)`.
    pub members: Option<(&'static [&'static str], &'static [&'static str])>,
    /// A test every string value must pass (the alternative's `pattern`).
    pub pattern: Option<fn(&str) -> bool>,
    /// The values the alternative itself lists (a string `enum`).
    pub values: Option<&'static [&'static str]>,
    /// Members whose values the alternative lists (string `enum`s), with those values.
    pub member_values: &'static [(&'static str, &'static [&'static str])],
}

impl Shape {
    /// An alternative with nothing to measure against (a scalar, an array, a map).
    pub const ANY: Self = Self {
        members: None,
        pattern: None,
        values: None,
        member_values: &[],
    };

    /// An object alternative naming `members`, of which `required` must be present.
    pub const fn object(
        members: &'static [&'static str],
        required: &'static [&'static str],
    ) -> Self {
        Self {
            members: Some((members, required)),
            ..Self::ANY
        }
    }

    /// This shape, whose members listed here take only the values listed with them.
    pub const fn member_values(
        self,
        member_values: &'static [(&'static str, &'static [&'static str])],
    ) -> Self {
        Self {
            member_values,
            ..self
        }
    }

    /// A string alternative that lists its values (an `enum`).
    pub const fn values(values: &'static [&'static str]) -> Self {
        Self {
            values: Some(values),
            ..Self::ANY
        }
    }

    /// A string alternative whose values pass `pattern`.
    pub const fn pattern(pattern: fn(&str) -> bool) -> Self {
        Self {
            pattern: Some(pattern),
            ..Self::ANY
        }
    }

    fn misfit(&self, value: &Value) -> Misfit {
        let pattern_fails = match (self.pattern, value) {
            (Some(pattern), Value::String(text)) => !pattern(text),
            _ => false,
        };
        let listed = |values: &[&str], value: &Value| {
            value.as_str().is_some_and(|text| values.contains(&text))
        };
        let mut outside = usize::from(self.values.is_some_and(|values| !listed(values, value)));
        let Value::Object(present) = value else {
            return (pattern_fails, outside, 0, 0, 0);
        };
        outside += self
            .member_values
            .iter()
            .filter(|(name, values)| present.get(*name).is_some_and(|v| !listed(values, v)))
            .count();
        let Some((named, required)) = self.members else {
            // A map or an untyped value names nothing: every member is one it does not know.
            return (pattern_fails, outside, present.len(), 0, 0);
        };
        let unknown = present
            .keys()
            .filter(|key| !named.contains(&key.as_str()))
            .count();
        let missing = required
            .iter()
            .filter(|name| !present.contains_key(**name))
            .count();
        let left_out = named
            .iter()
            .filter(|name| !present.contains_key(**name))
            .count();
        (pattern_fails, outside, unknown, missing, left_out)
    }
}

/// The alternatives tried so far on one value, and the best fit among them.
pub struct Alternatives<'v, T> {
    value: &'v Value,
    best: Option<(Misfit, T)>,
    failures: Vec<(&'static str, String)>,
}

impl<'v, T> Alternatives<'v, T> {
    /// Start trying alternatives on `value`.
    pub fn new(value: &'v Value) -> Self {
        Self {
            value,
            best: None,
            failures: Vec::new(),
        }
    }

    /// Try the alternative `variant`, of `shape`, decoded by `decode`. Nothing is decoded once a
    /// perfect fit has been found, since no later alternative can beat it.
    pub fn offer(
        &mut self,
        variant: &'static str,
        shape: Shape,
        decode: impl FnOnce(&'v Value) -> Result<T, ::serde_json::Error>,
    ) {
        if self
            .best
            .as_ref()
            .is_some_and(|(misfit, _)| *misfit == PERFECT)
        {
            return;
        }
        match decode(self.value) {
            Ok(decoded) => {
                let misfit = shape.misfit(self.value);
                if self.best.as_ref().is_none_or(|(best, _)| misfit < *best) {
                    self.best = Some((misfit, decoded));
                }
            }
            Err(error) => self.failures.push((variant, error.to_string())),
        }
    }

    /// The best fit, or an error naming why each alternative of `union` failed.
    pub fn finish<E: ::serde::de::Error>(self, union: &str) -> Result<T, E> {
        if let Some((_, decoded)) = self.best {
            return Ok(decoded);
        }
        let mut message = format!("the value matches none of the alternatives of `{union}`");
        for (index, (variant, error)) in self.failures.iter().enumerate() {
            let separator = if index == 0 { ": " } else { "; " };
            let _ = write!(message, "{separator}{variant}: {error}");
        }
        Err(E::custom(message))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    enum Decoded {
        Short,
        Long,
    }

    fn id_of(value: &Value, decoded: Decoded) -> Result<Decoded, ::serde_json::Error> {
        match value.get("id") {
            Some(_) => Ok(decoded),
            None => Err(<::serde_json::Error as ::serde::de::Error>::custom(
                "missing field `id`",
            )),
        }
    }

    fn pick(value: Value) -> Result<Decoded, ::serde_json::Error> {
        let mut alternatives = Alternatives::new(&value);
        alternatives.offer("Long", Shape::object(&["id", "extra"], &["id"]), |v| {
            id_of(v, Decoded::Long)
        });
        alternatives.offer("Short", Shape::object(&["id"], &["id"]), |v| {
            id_of(v, Decoded::Short)
        });
        alternatives.finish("Thing")
    }

    #[test]
    fn the_alternative_leaving_out_least_wins_over_the_first() {
        assert_eq!(
            pick(::serde_json::json!({"id": 1})).unwrap(),
            Decoded::Short
        );
        let both = ::serde_json::json!({"id": 1, "extra": 2});
        assert_eq!(pick(both).unwrap(), Decoded::Long);
    }

    #[test]
    fn no_fit_names_every_alternative() {
        let error = pick(::serde_json::json!({"name": "x"})).unwrap_err();
        assert_eq!(
            error.to_string(),
            "the value matches none of the alternatives of `Thing`: Long: missing field `id`; \
             Short: missing field `id`"
        );
    }

    #[test]
    fn the_alternative_whose_enum_holds_the_value_wins() {
        let decode = |value: Value| {
            let mut alternatives = Alternatives::new(&value);
            let front = Shape::object(&["type"], &["type"])
                .member_values(&[("type", &["passport", "driver_license"])]);
            let file =
                Shape::object(&["type"], &["type"]).member_values(&[("type", &["utility_bill"])]);
            alternatives.offer("Front", front, |_| Ok("front"));
            alternatives.offer("File", file, |_| Ok("file"));
            alternatives
                .finish::<::serde_json::Error>("Document")
                .unwrap()
        };
        assert_eq!(
            decode(::serde_json::json!({"type": "utility_bill"})),
            "file"
        );
        assert_eq!(decode(::serde_json::json!({"type": "passport"})), "front");
        // A value no enum holds goes to the first that decodes it.
        assert_eq!(decode(::serde_json::json!({"type": "visa"})), "front");
        let letter = Value::from("b");
        let mut alternatives = Alternatives::new(&letter);
        alternatives.offer("Letters", Shape::values(&["a"]), |_| Ok("letters"));
        alternatives.offer("Text", Shape::ANY, |_| Ok("text"));
        assert_eq!(
            alternatives.finish::<::serde_json::Error>("X").unwrap(),
            "text"
        );
    }

    #[test]
    fn a_string_matching_the_pattern_wins() {
        fn digits(text: &str) -> bool {
            text.bytes().all(|b| b.is_ascii_digit())
        }
        let decode = |value: &Value, with_name: bool| {
            let mut alternatives = Alternatives::new(value);
            alternatives.offer("Number", Shape::pattern(digits), |_| Ok("number"));
            if with_name {
                alternatives.offer("Name", Shape::ANY, |_| Ok("name"));
            }
            alternatives.finish::<::serde_json::Error>("Id").unwrap()
        };
        assert_eq!(decode(&Value::from("123"), true), "number");
        assert_eq!(decode(&Value::from("abc"), true), "name");
        // A string the pattern rejects still decodes when nothing fits better.
        assert_eq!(decode(&Value::from("abc"), false), "number");
    }
}
