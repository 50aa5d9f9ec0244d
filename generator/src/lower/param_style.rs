//! Whether a parameter's schema can be written in its style: the OpenAPI style table has no form
//! for some pairs (a primitive in `deepObject`, an exploded `pipeDelimited`), and no style can
//! write an object member that is itself an object. Such a parameter is a located warning, and
//! the client writes what it can.

use openapiv3::{OpenAPI, Parameter, ParameterSchemaOrContent, QueryStyle, ReferenceOr, Schema};

/// What a schema holds, as the style rules see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Primitive,
    Array,
    Object,
    /// A union, or a reference that does not resolve: nothing to say.
    Unknown,
}

/// Why `parameter` cannot be written in its style as the table says, if it cannot.
pub(super) fn impossible(spec: &OpenAPI, parameter: &Parameter) -> Option<String> {
    let data = parameter.parameter_data_ref();
    let ParameterSchemaOrContent::Schema(schema) = &data.format else {
        return None;
    };
    let schema = resolved(spec, schema)?;
    let kind = kind_of(spec, schema);
    let name = &data.name;
    if let Parameter::Query { style, .. } = parameter {
        let exploded = data.explode == Some(true);
        match (style, kind) {
            (QueryStyle::DeepObject, Kind::Primitive | Kind::Array) => {
                return Some(format!(
                    "`{name}` is `deepObject`, which writes an object's members; its schema is not an object, so it is sent as `form`"
                ));
            }
            (QueryStyle::SpaceDelimited | QueryStyle::PipeDelimited, Kind::Primitive) => {
                return Some(format!(
                    "`{name}` is `{}`, which joins an array's items; its schema is a single value, sent as `{name}=value`",
                    style_name(style)
                ));
            }
            (QueryStyle::SpaceDelimited | QueryStyle::PipeDelimited, _) if exploded => {
                return Some(format!(
                    "`{name}` is `{}` with `explode: true`, which the style table does not define; sent joined, as without explode",
                    style_name(style)
                ));
            }
            _ => {}
        }
    }
    if kind == Kind::Object {
        if let Some(member) = nested_member(spec, schema) {
            return Some(format!(
                "member `{member}` of `{name}` is an object, which no parameter style can write; it is left out"
            ));
        }
    }
    None
}

fn style_name(style: &QueryStyle) -> &'static str {
    match style {
        QueryStyle::Form => "form",
        QueryStyle::SpaceDelimited => "spaceDelimited",
        QueryStyle::PipeDelimited => "pipeDelimited",
        QueryStyle::DeepObject => "deepObject",
    }
}

/// The schema `schema` is or refers to (one step into `components.schemas`, repeated).
fn resolved<'s>(spec: &'s OpenAPI, schema: &'s ReferenceOr<Schema>) -> Option<&'s Schema> {
    let mut current = schema;
    // A cycle of references ends the search.
    for _ in 0..16 {
        match current {
            ReferenceOr::Item(schema) => return Some(schema),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/schemas/")?;
                current = spec.components.as_ref()?.schemas.get(name)?;
            }
        }
    }
    None
}

fn kind_of(spec: &OpenAPI, schema: &Schema) -> Kind {
    use openapiv3::{SchemaKind, Type};
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(_)) => Kind::Object,
        SchemaKind::Type(Type::Array(_)) => Kind::Array,
        SchemaKind::Type(_) => Kind::Primitive,
        SchemaKind::AllOf { all_of } => {
            // `allOf` of objects is an object.
            let objects = all_of
                .iter()
                .filter_map(|part| resolved(spec, part))
                .all(|part| kind_of(spec, part) == Kind::Object);
            if objects && !all_of.is_empty() {
                Kind::Object
            } else {
                Kind::Unknown
            }
        }
        _ => Kind::Unknown,
    }
}

/// The first member of object `schema` that is an object or an array of objects.
fn nested_member<'s>(spec: &'s OpenAPI, schema: &'s Schema) -> Option<&'s str> {
    use openapiv3::{SchemaKind, Type};
    let SchemaKind::Type(Type::Object(object)) = &schema.schema_kind else {
        return None;
    };
    object.properties.iter().find_map(|(name, property)| {
        let property = match property {
            ReferenceOr::Item(boxed) => boxed.as_ref(),
            ReferenceOr::Reference { reference } => {
                let key = reference.strip_prefix("#/components/schemas/")?;
                let found = spec.components.as_ref()?.schemas.get(key)?;
                resolved(spec, found)?
            }
        };
        let nested = match &property.schema_kind {
            SchemaKind::Type(Type::Array(array)) => array
                .items
                .as_ref()
                .and_then(|items| match items {
                    ReferenceOr::Item(items) => Some(kind_of(spec, items)),
                    ReferenceOr::Reference { reference } => {
                        let key = reference.strip_prefix("#/components/schemas/")?;
                        let found = spec.components.as_ref()?.schemas.get(key)?;
                        Some(kind_of(spec, resolved(spec, found)?))
                    }
                })
                .is_some_and(|kind| kind == Kind::Object),
            _ => kind_of(spec, property) == Kind::Object,
        };
        nested.then_some(name.as_str())
    })
}
