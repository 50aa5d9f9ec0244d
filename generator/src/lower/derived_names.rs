//! Every name `lower` derives from another, in one table: the method, setter, constant and type
//! names a generated crate has that no spec names. Each is claimed in its scope by the caller
//! (`ident::Scope`), which settles collisions; here is only what each name is made of.

use crate::ident;

/// `GET /users/{id}` without an `operationId`: `get_users_id`.
pub(crate) fn operation_stem(method: &str, path: &str) -> String {
    ident::snake(&format!("{method} {path}"))
}

/// The struct of an operation's query, header and cookie parameters: `{Operation}Params`.
pub(crate) fn params_struct(type_stem: &str) -> String {
    format!("{type_stem}Params")
}

/// The stream of every page of a paged operation: `{operation}_pages`.
pub(crate) fn pages_method(operation: &str) -> String {
    format!("{}_pages", ident::bare(operation))
}

/// The method of one more media type of an operation: `{operation}_{suffix}` (`_json`, `_form`).
pub(crate) fn media_method(operation: &str, suffix: &str) -> String {
    format!("{}_{suffix}", ident::bare(operation))
}

/// The type of an operation's request body, by the position of its encoding among the bodies:
/// `{Operation}Request`, `{Operation}FormRequest`, `{Operation}MultipartRequest`.
pub(crate) fn request_body_type(type_stem: &str, index: usize) -> String {
    let suffix = ["Request", "FormRequest", "MultipartRequest"]
        .get(index)
        .copied()
        .unwrap_or("Request");
    format!("{type_stem}{suffix}")
}

/// The type of an operation's successful answer of one kind (`Response`, `Event`):
/// `{Operation}{kind}`.
pub(crate) fn answer_type(type_stem: &str, kind: &str) -> String {
    format!("{type_stem}{kind}")
}

/// The enum of an operation's error answers by status: `{Operation}Error`.
pub(crate) fn error_enum(type_stem: &str) -> String {
    format!("{type_stem}Error")
}

/// The type of one error answer: `{Operation}Error{status}`, `{Operation}ErrorDefault`.
pub(crate) fn error_answer_type(type_stem: &str, status: &str) -> String {
    let status = if status == "default" {
        "Default"
    } else {
        status
    };
    format!("{type_stem}Error{status}")
}

/// The half of a model a request sends, without its read-only members: `{Model}Request`.
pub(crate) fn request_type(model: &str) -> String {
    format!("{model}Request")
}

/// An inline schema of a member (a property, a parameter): `{Parent}{Field}`.
pub(crate) fn member_type(parent: &str, field: &str) -> String {
    format!("{parent}{}", ident::camel(field))
}

/// An inline schema of an array's items: `{Parent}Item`.
pub(crate) fn item_type(parent: &str) -> String {
    format!("{parent}Item")
}

/// An inline schema of a map's values (`additionalProperties`): `{Parent}Value`.
pub(crate) fn value_type(parent: &str) -> String {
    format!("{parent}Value")
}

/// The field of a struct that keeps the members its schema does not name.
pub(crate) const ADDITIONAL_FIELD: &str = "additional_properties";

/// An alternative of a union without a name of its own: `Variant{n}`, counted from 1.
pub(crate) fn unnamed_variant(index: usize) -> String {
    format!("Variant{}", index + 1)
}

/// An inline schema of a union's alternative: `{Union}{Variant}`.
pub(crate) fn variant_type(union: &str, variant: &str) -> String {
    format!("{union}{variant}")
}

/// The `Client` setter of a security scheme's credential: `with_{scheme}`.
pub(crate) fn credential_setter(scheme: &str) -> String {
    format!("with_{}", ident::bare(scheme))
}

/// The method that starts an OAuth authorization-code flow: `authorization_request` when the
/// API has one such flow, else `{scheme}_authorization_request`.
pub(crate) fn authorization_request(scheme: &str, flows: usize) -> String {
    match flows {
        1 => "authorization_request".to_owned(),
        _ => format!("{}_authorization_request", ident::bare(scheme)),
    }
}

/// The constant naming a security scheme: `{SCHEME}`.
pub(crate) fn security_constant(scheme: &str) -> String {
    ident::bare(scheme).to_ascii_uppercase()
}
