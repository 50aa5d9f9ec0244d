//! The grammar of Swagger 2.0 and OpenAPI 3.0 documents, for the stages that walk them as values:
//! the HTTP methods a path item holds, what kind of object stands at a JSON pointer, read from the
//! pointer alone (`/paths/~1a/get/responses/200` is a response), where each kind's reusable
//! objects live (`#/components/responses`, or `#/responses` in Swagger 2.0), and which members
//! hold maps of the author's names or data rather than structure.

/// The operations of a path item, in the order the OpenAPI specification lists them.
pub(crate) const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The methods a path item of `dialect` may hold: Swagger 2.0 has no `trace`.
pub(crate) fn methods(dialect: Dialect) -> &'static [&'static str] {
    match dialect {
        Dialect::Swagger2 => METHODS.get(..7).unwrap_or(&METHODS),
        Dialect::OpenApi3 => &METHODS,
    }
}

/// Keys whose values are a map from names the author chose to things; under them a member called
/// `example` or `x-foo` is a name (a property, a definition), not data.
pub(crate) const NAME_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "definitions",
    "schemas",
    "parameters",
    "responses",
    "requestBodies",
    "headers",
    "securityDefinitions",
    "securitySchemes",
    "paths",
    "callbacks",
    "links",
    "content",
    "encoding",
    "variables",
];

/// Members holding example data or extensions, not spec structure: a `$ref` key inside them is data.
/// (`value` is an OpenAPI 3 Example Object's literal example.)
pub(crate) fn is_data_member(key: &str) -> bool {
    matches!(key, "example" | "default" | "enum" | "const" | "value") || key.starts_with("x-")
}

/// The dialect of the document being read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// Swagger 2.0: `definitions`, `parameters` and `responses` at the root.
    Swagger2,
    /// OpenAPI 3.0 (3.1 has been rewritten as 3.0 by then): everything reusable under `components`.
    OpenApi3,
}

/// A kind of object of the specification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Document,
    Components,
    PathItem,
    Operation,
    Parameter,
    RequestBody,
    Response,
    MediaType,
    Encoding,
    Schema,
    Header,
    Example,
    Link,
    Callback,
    SecurityScheme,
}

impl Kind {
    /// The kind, as a person would name it in a sentence.
    pub(crate) fn noun(self) -> &'static str {
        match self {
            Kind::Document => "the document",
            Kind::Components => "the components",
            Kind::PathItem => "a path item",
            Kind::Operation => "an operation",
            Kind::Parameter => "a parameter",
            Kind::RequestBody => "a request body",
            Kind::Response => "a response",
            Kind::MediaType => "a media type",
            Kind::Encoding => "an encoding",
            Kind::Schema => "a schema",
            Kind::Header => "a header",
            Kind::Example => "an example",
            Kind::Link => "a link",
            Kind::Callback => "a callback",
            Kind::SecurityScheme => "a security scheme",
        }
    }
}

/// A node of the document: one object of a kind, or a map or list of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Node {
    One(Kind),
    /// A map from names the author chose (`components.headers`, a response's `headers`,
    /// `properties`): a member called `x-rate-limit` is one of them.
    Map(Kind),
    /// An object whose members are the author's names beside `x-` extensions: the Paths and
    /// Responses objects.
    Extensible(Kind),
    List(Kind),
}

/// The node at `pointer`, or `None` when the pointer leaves the specification's structure (an
/// extension, example data, a keyword the specification does not define).
pub(crate) fn node_at(pointer: &str, dialect: Dialect) -> Option<Node> {
    let mut node = Node::One(Kind::Document);
    for token in pointer.split('/').skip(1) {
        let token = crate::pointer::unescape_token(token);
        node = step(node, &token, dialect)?;
    }
    Some(node)
}

/// The object kind at `pointer`, if one object of a known kind stands there.
pub(crate) fn kind_at(pointer: &str, dialect: Dialect) -> Option<Kind> {
    match node_at(pointer, dialect)? {
        Node::One(kind) => Some(kind),
        Node::Map(_) | Node::Extensible(_) | Node::List(_) => None,
    }
}

/// The map where reusable objects of `kind` live, if the dialect has one.
pub(crate) fn home(kind: Kind, dialect: Dialect) -> Option<&'static str> {
    match dialect {
        Dialect::Swagger2 => match kind {
            Kind::Schema => Some("/definitions"),
            Kind::Parameter => Some("/parameters"),
            Kind::Response => Some("/responses"),
            _ => None,
        },
        Dialect::OpenApi3 => match kind {
            Kind::Schema => Some("/components/schemas"),
            Kind::Response => Some("/components/responses"),
            Kind::Parameter => Some("/components/parameters"),
            Kind::Example => Some("/components/examples"),
            Kind::RequestBody => Some("/components/requestBodies"),
            Kind::Header => Some("/components/headers"),
            Kind::SecurityScheme => Some("/components/securitySchemes"),
            Kind::Link => Some("/components/links"),
            Kind::Callback => Some("/components/callbacks"),
            _ => None,
        },
    }
}

/// Whether a Reference Object may stand at `pointer`, where an object of `kind` is expected: the
/// kind has a home, and (for callbacks) the place is that home, since an operation's callbacks
/// cannot be references in the model the document is read into.
pub(crate) fn accepts_reference(pointer: &str, kind: Kind, dialect: Dialect) -> bool {
    match (kind, home(kind, dialect)) {
        (_, None) => false,
        (Kind::Callback, Some(home)) => is_entry_of(pointer, home),
        (_, Some(_)) => true,
    }
}

/// Whether `pointer` names one entry of the map at `map` (`/components/schemas/Pet` of
/// `/components/schemas`).
pub(crate) fn is_entry_of(pointer: &str, map: &str) -> bool {
    pointer
        .strip_prefix(map)
        .and_then(|rest| rest.strip_prefix('/'))
        .is_some_and(|name| !name.contains('/'))
}

/// Whether `pointer` is `ancestor` or lies below it.
pub(crate) fn is_within(pointer: &str, ancestor: &str) -> bool {
    pointer
        .strip_prefix(ancestor)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

fn step(node: Node, token: &str, dialect: Dialect) -> Option<Node> {
    match node {
        Node::Map(kind) => Some(Node::One(kind)),
        Node::Extensible(kind) => (!token.starts_with("x-")).then_some(Node::One(kind)),
        Node::List(kind) => token.parse::<usize>().ok().map(|_| Node::One(kind)),
        Node::One(kind) => member(kind, token, dialect),
    }
}

/// The node a member `key` of an object of `kind` holds.
fn member(kind: Kind, key: &str, dialect: Dialect) -> Option<Node> {
    use Kind::*;
    use Node::{Extensible, List, Map, One};
    let node = match (kind, key) {
        (Document, "paths") => Extensible(PathItem),
        (Document, "components") if dialect == Dialect::OpenApi3 => One(Components),
        (Document, "definitions") if dialect == Dialect::Swagger2 => Map(Schema),
        (Document, "parameters") if dialect == Dialect::Swagger2 => Map(Parameter),
        (Document, "responses") if dialect == Dialect::Swagger2 => Map(Response),
        (Components, "schemas") => Map(Schema),
        (Components, "responses") => Map(Response),
        (Components, "parameters") => Map(Parameter),
        (Components, "examples") => Map(Example),
        (Components, "requestBodies") => Map(RequestBody),
        (Components, "headers") => Map(Header),
        (Components, "securitySchemes") => Map(SecurityScheme),
        (Components, "links") => Map(Link),
        (Components, "callbacks") => Map(Callback),
        (PathItem, key) if METHODS.contains(&key) => One(Operation),
        (PathItem | Operation, "parameters") => List(Parameter),
        (Operation, "requestBody") => One(RequestBody),
        (Operation, "responses") => Extensible(Response),
        (Operation, "callbacks") => Map(Callback),
        (Callback, key) if !key.starts_with("x-") => One(PathItem),
        (Parameter | Header | Response, "schema") => One(Schema),
        (Parameter | Header, "examples") => Map(Example),
        (Parameter | Header | RequestBody | Response, "content") => Map(MediaType),
        (Response, "headers") => Map(Header),
        (Response, "links") => Map(Link),
        (MediaType, "schema") => One(Schema),
        (MediaType, "examples") => Map(Example),
        (MediaType, "encoding") => Map(Encoding),
        (Encoding, "headers") => Map(Header),
        (Schema, "properties") => Map(Schema),
        (Schema, "items" | "additionalProperties" | "not") => One(Schema),
        (Schema, "allOf" | "oneOf" | "anyOf") => List(Schema),
        _ => return None,
    };
    Some(node)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_read_from_the_pointer() {
        let oas = Dialect::OpenApi3;
        let at = |pointer| kind_at(pointer, oas);
        assert_eq!(at("/paths/~1a/get/responses/404"), Some(Kind::Response));
        assert_eq!(
            at("/paths/~1a/get/responses/404/content/application~1json/schema/properties/id"),
            Some(Kind::Schema)
        );
        assert_eq!(
            at("/components/parameters/companyId/schema"),
            Some(Kind::Schema)
        );
        assert_eq!(at("/paths/~1a/get/parameters/0"), Some(Kind::Parameter));
        assert_eq!(at("/components/schemas/A/allOf/0"), Some(Kind::Schema));
        assert_eq!(
            at("/components/schemas/A/properties/x-id"),
            Some(Kind::Schema)
        );
        assert_eq!(
            at("/paths/~1a/get/callbacks/c/{$url}"),
            Some(Kind::PathItem)
        );
        // A header map's names are the author's; the Paths and Responses objects take extensions.
        assert_eq!(
            at("/components/headers/x-rate-limit/schema"),
            Some(Kind::Schema)
        );
        assert_eq!(
            at("/paths/~1a/get/responses/200/headers/x-rate-limit"),
            Some(Kind::Header)
        );
        assert_eq!(at("/paths/~1a/get/responses/x-extension"), None);
        // Off the specification's structure.
        assert_eq!(at("/components/schemas/A/definitions/b"), None);
        assert_eq!(at("/paths/x-extension"), None);
        assert_eq!(at("/paths/~1a/get/parameters/first"), None);
        assert_eq!(at("/components/schemas"), None);
        // Swagger 2.0 homes.
        let swagger = Dialect::Swagger2;
        assert_eq!(
            kind_at("/paths/~1a/get/responses/200/schema", swagger),
            Some(Kind::Schema)
        );
        assert_eq!(
            kind_at("/definitions/A/properties/b", swagger),
            Some(Kind::Schema)
        );
        assert_eq!(kind_at("/components/schemas/A", swagger), None);
    }

    #[test]
    fn references_are_accepted_where_the_kind_has_a_home() {
        let oas = Dialect::OpenApi3;
        assert!(accepts_reference(
            "/paths/~1a/get/responses/200",
            Kind::Response,
            oas
        ));
        assert!(accepts_reference(
            "/components/callbacks/c",
            Kind::Callback,
            oas
        ));
        assert!(!accepts_reference(
            "/paths/~1a/get/callbacks/c",
            Kind::Callback,
            oas
        ));
        assert!(!accepts_reference("/paths/~1a", Kind::PathItem, oas));
        assert!(!accepts_reference(
            "/paths/~1a/get/requestBody",
            Kind::RequestBody,
            Dialect::Swagger2
        ));
        assert!(is_entry_of("/components/schemas/A", "/components/schemas"));
        assert!(!is_entry_of(
            "/components/schemas/A/properties/b",
            "/components/schemas"
        ));
        assert!(!is_entry_of("/components/schemasX", "/components/schemas"));
    }
}
