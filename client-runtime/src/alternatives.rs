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
//! Members that are objects or arrays are measured the same way, inside, and their measures
//! added to the value's (so `{"owner": {"id": 1}}` fits the alternative whose `owner` has an `id`).
//!
//! Ties go to the alternative tried first; the generated code tries the most specific first.
//! For an `anyOf` ([`Alternatives::first_valid`]) the first alternative the value validates
//! against is kept, in the spec's order; only when none does, the best fit.

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
    /// Members that are objects or arrays, with what their values are measured against.
    pub nested: &'static [(&'static str, Shape)],
    /// What each item of an array value is measured against.
    pub items: Option<&'static Shape>,
}

impl Shape {
    /// An alternative with nothing to measure against (a scalar, an array, a map).
    pub const ANY: Self = Self {
        members: None,
        pattern: None,
        values: None,
        member_values: &[],
        nested: &[],
        items: None,
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

    /// This shape, whose members listed here are measured against their own shapes.
    pub const fn nested(self, nested: &'static [(&'static str, Shape)]) -> Self {
        Self { nested, ..self }
    }

    /// This shape, an array whose items are measured against `items`.
    pub const fn items(self, items: &'static Shape) -> Self {
        Self {
            items: Some(items),
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

    /// How badly `value` fits: this shape's own measure, plus those of the members and items
    /// measured inside it.
    fn misfit(&self, value: &Value) -> Misfit {
        let mut misfit = self.own_misfit(value);
        match value {
            Value::Array(items) => {
                if let Some(shape) = self.items {
                    for item in items {
                        misfit = add(misfit, shape.misfit(item));
                    }
                }
            }
            Value::Object(present) => {
                for (name, shape) in self.nested {
                    if let Some(member) = present.get(*name) {
                        misfit = add(misfit, shape.misfit(member));
                    }
                }
            }
            _ => {}
        }
        misfit
    }

    fn own_misfit(&self, value: &Value) -> Misfit {
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

/// Whether a value with this misfit validates against the alternative (members left out aside).
fn valid(misfit: &Misfit) -> bool {
    (misfit.0, misfit.1, misfit.2, misfit.3) == (false, 0, 0, 0)
}

/// Two measures of misfit as one.
fn add(a: Misfit, b: Misfit) -> Misfit {
    (a.0 || b.0, a.1 + b.1, a.2 + b.2, a.3 + b.3, a.4 + b.4)
}

/// The alternatives tried so far on one value, and the best fit among them.
pub struct Alternatives<'v, T> {
    value: &'v Value,
    best: Option<(Misfit, T)>,
    failures: Vec<(&'static str, String)>,
    /// Keep the first alternative the value validates against (`anyOf`).
    first_valid: bool,
}

impl<'v, T> Alternatives<'v, T> {
    /// Start trying alternatives on `value`, to keep the one it fits best (`oneOf`).
    pub fn new(value: &'v Value) -> Self {
        Self {
            value,
            best: None,
            failures: Vec::new(),
            first_valid: false,
        }
    }

    /// Start trying alternatives on `value`, to keep the first it validates against (`anyOf`):
    /// its pattern and enums hold, it has every required member and no member the alternative
    /// does not name (which its type would drop). When none does, the best fit.
    pub fn first_valid(value: &'v Value) -> Self {
        Self {
            first_valid: true,
            ..Self::new(value)
        }
    }

    /// Whether no later alternative is to be tried.
    fn settled(&self) -> bool {
        self.best
            .as_ref()
            .is_some_and(|(misfit, _)| *misfit == PERFECT || (self.first_valid && valid(misfit)))
    }

    /// Try the alternative `variant`, of `shape`, decoded by `decode`. Nothing is decoded once a
    /// perfect fit has been found, since no later alternative can beat it.
    pub fn offer(
        &mut self,
        variant: &'static str,
        shape: Shape,
        decode: impl FnOnce(&'v Value) -> Result<T, ::serde_json::Error>,
    ) {
        if self.settled() {
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

    #[test]
    fn members_and_items_are_measured_inside() {
        const STREET: Shape = Shape::object(&["street", "city"], &[]);
        const BOX: Shape = Shape::object(&["box", "city"], &[]);
        let decode = |value: Value| {
            let mut alternatives = Alternatives::new(&value);
            const TO_STREET: Shape = Shape::object(&["to"], &[]).nested(&[("to", STREET)]);
            const TO_BOX: Shape = Shape::object(&["to"], &[]).nested(&[("to", BOX)]);
            alternatives.offer("Street", TO_STREET, |_| Ok("street"));
            alternatives.offer("Box", TO_BOX, |_| Ok("box"));
            alternatives.finish::<::serde_json::Error>("To").unwrap()
        };
        assert_eq!(decode(::serde_json::json!({"to": {"box": "42"}})), "box");
        assert_eq!(
            decode(::serde_json::json!({"to": {"street": "Main"}})),
            "street"
        );
        let stops = ::serde_json::json!([{"city": "A"}, {"box": "1"}]);
        let mut alternatives = Alternatives::new(&stops);
        alternatives.offer("Streets", Shape::ANY.items(&STREET), |_| Ok("streets"));
        alternatives.offer("Boxes", Shape::ANY.items(&BOX), |_| Ok("boxes"));
        assert_eq!(
            alternatives.finish::<::serde_json::Error>("Stops").unwrap(),
            "boxes"
        );
    }

    #[test]
    fn any_of_keeps_the_first_alternative_that_validates() {
        const SHORT: Shape = Shape::object(&["id", "note"], &["id"]);
        const LONG: Shape = Shape::object(&["id", "note", "extra"], &["id"]);
        let decode = |value: Value| {
            let mut alternatives = Alternatives::first_valid(&value);
            alternatives.offer("Short", SHORT, |_| Ok("short"));
            alternatives.offer("Long", LONG, |_| Ok("long"));
            alternatives.finish::<::serde_json::Error>("Thing").unwrap()
        };
        // Both validate: the first is kept, though the second leaves fewer members out.
        assert_eq!(decode(::serde_json::json!({"id": 1})), "short");
        // `extra` is no member of the first, whose type would drop it.
        assert_eq!(decode(::serde_json::json!({"id": 1, "extra": 2})), "long");
    }
}
