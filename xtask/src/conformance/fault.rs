//! Whose fault a call that was not accepted is: ours (the generator, its client or this harness),
//! the spec's, or Prism's. The rules are [`RULES`], which the report prints; a call is the first
//! rule's that applies.

use generator::ir::{Api, Encoding, ModelKind, Operation, ParamLocation, ParamStyle, Type};
use serde_json::Value;

use super::Outcome;

/// Whose fault a call that was not accepted is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fault {
    Ours,
    Spec,
    Prism,
}

impl Fault {
    pub(crate) fn label(self) -> &'static str {
        match self {
            Self::Ours => "ours",
            Self::Spec => "spec",
            Self::Prism => "Prism",
        }
    }
}

/// The rules, as the report states them.
pub(crate) const RULES: &str = "Whose fault a call that was not accepted is, by the first rule \
that applies: (1) Prism crashed on the request: Prism's. (2) Every violation Prism names is at a \
parameter Prism 5.16 cannot read (an array or object in the path; an object in the query, \
exploded or `deepObject`; an array of arrays, for which OpenAPI 3 has no serialization and the \
client sends Swagger 2's `collectionFormat`s; the style tests check those instead): Prism's. (3) A violation says a \
value matches more than one `oneOf` alternative: the spec's (its alternatives overlap, which \
`oneOf` forbids). (4) Anything else, a request rejected or a call the client could not make, \
with the spec's example or, when that was not accepted, with a value made from the schema: ours. \
A call accepted only with a value made from the schema, after the spec's own example was not, is \
accepted and listed as a spec defect.";

/// The parameters of `op` that Prism 5.16 misreads, as the `[location, name]` its violations
/// name: arrays and objects in the path, objects in the query (exploded or `deepObject`), and
/// arrays of arrays anywhere (OpenAPI 3 has no serialization for them; the client sends Swagger
/// 2's `collectionFormat`s, which Prism reads as strings).
pub(crate) fn prism_blind(op: &Operation, api: &Api) -> Vec<(String, String)> {
    let object = |ty: &Type| match ty {
        Type::Map(_) => true,
        Type::Named { name, .. } => api
            .models
            .iter()
            .any(|model| &model.name == name && matches!(model.kind, ModelKind::Struct(_))),
        _ => false,
    };
    let nested_array =
        |ty: &Type| matches!(ty, Type::Vec(inner) if matches!(**inner, Type::Vec(_)));
    let mut blind = Vec::new();
    for param in &op.path_params {
        if matches!(param.ty, Type::Vec(_)) || object(&param.ty) {
            blind.push(("path".to_owned(), param.wire.clone()));
        }
    }
    for param in op.params.iter().flat_map(|params| &params.params) {
        let place = match param.location {
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
            ParamLocation::Path => "path",
        };
        let misread_object = param.location == ParamLocation::Query
            && (param.style == ParamStyle::DeepObject
                || (param.style == ParamStyle::Repeated && object(&param.ty)));
        if misread_object || nested_array(&param.ty) {
            blind.push((place.to_owned(), param.wire.clone()));
        }
    }
    if let Some(body) = op
        .body
        .as_ref()
        .filter(|body| body.encoding == Encoding::Form)
    {
        let fields = api
            .models
            .iter()
            .find_map(|model| match (&model.kind, &body.ty) {
                (ModelKind::Struct(object), Type::Named { name, .. }) if &model.name == name => {
                    Some(&object.fields)
                }
                _ => None,
            });
        for field in fields.into_iter().flatten() {
            if nested_array(&field.ty) {
                blind.push(("body".to_owned(), field.wire.clone()));
            }
        }
    }
    blind
}

/// Whose fault `outcome` is (`None` for a call accepted or skipped).
pub(crate) fn fault(outcome: &Outcome, blind: &[(String, String)]) -> Option<Fault> {
    match outcome {
        Outcome::Accepted(_) | Outcome::Skipped(_) => None,
        Outcome::PrismFailure(_) => Some(Fault::Prism),
        Outcome::Rejected(detail) => Some(rejected(detail, blind)),
        Outcome::ClientFailure(_) => Some(Fault::Ours),
    }
}

fn rejected(detail: &str, blind: &[(String, String)]) -> Fault {
    let locations = violation_locations(detail);
    let all_blind = !locations.is_empty()
        && locations.iter().all(|location| {
            blind.iter().any(|(place, name)| {
                location.first() == Some(place) && location.get(1) == Some(name)
            })
        });
    if all_blind {
        Fault::Prism
    } else if detail.contains("must match exactly one schema in oneOf") {
        Fault::Spec
    } else {
        Fault::Ours
    }
}

/// The `location` of every violation in a rejection's detail (Prism's JSON: a list of
/// violations, or a problem document with them under `validation`).
fn violation_locations(detail: &str) -> Vec<Vec<String>> {
    // The JSON comes first; a retried call's detail goes on after it.
    let Some(Ok(value)) = serde_json::Deserializer::from_str(detail)
        .into_iter::<Value>()
        .next()
    else {
        return Vec::new();
    };
    let violations = match &value {
        Value::Array(list) => list.clone(),
        Value::Object(problem) => problem
            .get("validation")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    violations
        .iter()
        .map(|violation| {
            violation
                .get("location")
                .and_then(Value::as_array)
                .map(|parts| {
                    parts
                        .iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEEP: &str = r#"{"type":"https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY","validation":[{"location":["query","o"],"severity":"Error","message":"Request query parameter o must have required property 'R'"}]}"#;

    #[test]
    fn a_violation_at_a_parameter_prism_misreads_is_prisms() {
        let blind = [("query".to_owned(), "o".to_owned())];
        assert_eq!(
            fault(&Outcome::Rejected(DEEP.to_owned()), &blind),
            Some(Fault::Prism)
        );
        assert_eq!(
            fault(&Outcome::Rejected(DEEP.to_owned()), &[]),
            Some(Fault::Ours)
        );
    }

    #[test]
    fn overlapping_one_of_alternatives_are_the_specs() {
        let detail = r#"[{"location":["path","workflow_id"],"message":"Request path parameter workflow_id must match exactly one schema in oneOf"}]"#;
        assert_eq!(
            fault(&Outcome::Rejected(detail.to_owned()), &[]),
            Some(Fault::Spec)
        );
    }

    #[test]
    fn crashes_are_prisms_and_the_rest_ours() {
        let crash = Outcome::PrismFailure("Prism crashed".to_owned());
        assert_eq!(fault(&crash, &[]), Some(Fault::Prism));
        let failure = Outcome::ClientFailure("error sending request".to_owned());
        assert_eq!(fault(&failure, &[]), Some(Fault::Ours));
        assert_eq!(fault(&Outcome::Accepted("200".to_owned()), &[]), None);
    }
}
