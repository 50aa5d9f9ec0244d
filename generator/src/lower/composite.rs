//! `allOf`: the members merged into one object.

use std::borrow::Cow;

use openapiv3::{ReferenceOr, Schema};

use super::schema::Schemas;
use super::shape::{
    Composite, ObjectParts, composite, is_annotation_only, object_parts, own_parts,
};
use crate::all_of::Merged;
use crate::diag::Diagnostic;
use crate::pointer::child;

impl<'a> Schemas<'a> {
    /// The object an `allOf` describes: every member's properties (members that are references are
    /// followed), then the schema's own beside the `allOf` (`own`), required names united. A
    /// property defined twice takes its last definition, the schema's own last of all (the
    /// example generator merges by the same rule). `None` when a member is not an object, with a
    /// warning.
    pub(crate) fn merge_all_of(
        &mut self,
        members: &[ReferenceOr<Schema>],
        own: Option<ObjectParts<'_>>,
        pointer: &str,
    ) -> Option<ObjectParts<'static>> {
        let mut merged = Merged::default();
        let mut additional = None;
        let mut pending: Vec<(&ReferenceOr<Schema>, usize)> =
            members.iter().rev().map(|m| (m, 0)).collect();
        // A member's own properties beside its nested `allOf`, merged after that `allOf`.
        let mut after: Vec<(usize, ObjectParts<'_>)> = Vec::new();
        while let Some((member, depth)) = pending.pop() {
            let schema = match member {
                ReferenceOr::Item(schema) => schema,
                ReferenceOr::Reference { reference } => match self.component(reference) {
                    Some(schema) if depth < 32 => schema,
                    _ => {
                        return self.not_mergeable(
                            pointer,
                            "a member is a reference that cannot be followed",
                        );
                    }
                },
            };
            if let Some(parts) = object_parts(&schema.schema_kind) {
                absorb(&mut merged, &mut additional, parts);
            } else if let Some(Composite::All(inner)) = composite(&schema.schema_kind) {
                if let Some(parts) = own_parts(&schema.schema_kind) {
                    after.push((pending.len(), parts));
                }
                pending.extend(inner.iter().rev().map(|m| (m, depth + 1)));
            } else if !is_annotation_only(schema) {
                return self.not_mergeable(pointer, "a member is not an object schema");
            }
            // A member's own properties once its nested `allOf` is merged.
            while after
                .last()
                .is_some_and(|(level, _)| *level >= pending.len())
            {
                if let Some((_, parts)) = after.pop() {
                    absorb(&mut merged, &mut additional, parts);
                }
            }
        }
        if let Some(parts) = own {
            absorb(&mut merged, &mut additional, parts);
        }
        Some(ObjectParts {
            properties: Cow::Owned(merged.properties),
            required: Cow::Owned(merged.required),
            additional,
        })
    }

    fn not_mergeable<T>(&mut self, pointer: &str, why: &str) -> Option<T> {
        self.diagnostics.push(Diagnostic::warning(
            "unsupported-construct",
            child(pointer, "allOf"),
            format!(
                "this `allOf` cannot be merged into one object ({why}); typed as serde_json::Value"
            ),
        ));
        None
    }
}

/// Add one part's properties and required names (by the shared rule, [`crate::all_of`]) and its
/// `additionalProperties` (the first part's that has one) to the merge.
fn absorb(
    merged: &mut Merged<ReferenceOr<Box<Schema>>>,
    additional: &mut Option<Cow<'static, openapiv3::AdditionalProperties>>,
    parts: ObjectParts<'_>,
) {
    merged.add(parts.properties.iter(), parts.required.iter());
    if additional.is_none() {
        *additional = parts.additional.map(|a| Cow::Owned(a.into_owned()));
    }
}
