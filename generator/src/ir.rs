//! The intermediate representation: the API as the generated Rust crate will show it.
//!
//! Every naming and typing decision is made by [`crate::lower`] when it builds these values;
//! [`crate::emit`] only renders them. Collections are `Vec`s in a fixed, sorted order so the output
//! is deterministic.

use serde::Serialize;

/// The whole API.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`, if any.
    pub description: Option<String>,
    /// A fingerprint of the inputs (spec and overlay text), recorded in the generated crate so a
    /// reader knows exactly what it was generated from.
    pub fingerprint: String,
    /// The default base URL (scheme, host and any common prefix), from `servers`.
    pub base_url: Option<String>,
    /// The path of the first server (`/v1`), which operation paths already start with: a base URL
    /// a user gives with it (`https://api.particle.io/v1`) means the same as one without it.
    pub base_path: String,
    /// Every absolute server of the spec's `servers`, offered by name.
    pub servers: Vec<ServerChoice>,
    /// The error body most operations have: the crate's `Error` without a type argument.
    pub default_error: Type,
    /// Named types, sorted by name.
    pub models: Vec<Model>,
    /// Operations, sorted by method name.
    pub operations: Vec<Operation>,
    /// Security schemes, sorted by spec name.
    pub security_schemes: Vec<SecurityScheme>,
    /// Wire names whose values are secrets (password-format and token-like fields and parameters,
    /// API key names), sorted: masked in any body text the client keeps.
    pub secret_fields: Vec<String>,
    /// The answer statuses the spec says mean "come back later" (`x-retry-statuses` at its
    /// root), in its order: what the clients retry and event streams wait out. Empty: the
    /// runtime's default.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub retry_statuses: Vec<u16>,
    /// The kinds of events the spec declares its event streams carry (`x-events` at its root).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub events: Option<Events>,
    /// How the crate's front page (and README) starts.
    pub quickstart: Quickstart,
    /// The command-line tool generated beside the client: its commands and their arguments.
    /// Not part of the IR's snapshot (the tool's `--help` is snapshot instead).
    #[serde(skip)]
    pub cli: Cli,
    /// The crate's Cargo features that gate operations: one per tag (or path word), in name
    /// order. Not part of the IR's snapshot (the generated files show them).
    #[serde(skip)]
    pub features: Vec<Feature>,
}

/// A Cargo feature of the generated crate: it compiles the operations of its tags (or path
/// words) and the models they use.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Feature {
    /// The feature's name, e.g. `devices`.
    pub name: String,
    /// One line on what it holds (the tag's description, or where its operations are).
    pub doc: String,
    /// The spec's tags (or path words) it covers, sorted.
    pub tags: Vec<String>,
    /// How many operations it turns on.
    pub operations: usize,
}

impl Api {
    /// Whether a union checks a string's `pattern` to tell its alternatives apart (the crate
    /// then needs `regex`).
    pub fn uses_patterns(&self) -> bool {
        self.models.iter().any(|model| match &model.kind {
            ModelKind::Union(union) => union.variants.iter().any(|v| v.fit.pattern.is_some()),
            _ => false,
        })
    }
}

/// `x-events`: the kinds of events an API's streams carry, told apart by name, each with the type
/// of its payload: the crate's typed event enum.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Events {
    /// The Rust name of the enum.
    pub name: String,
    /// Rustdoc text.
    pub doc: Option<String>,
    /// The model the streams' events decode to (an `Event`'s `data`).
    pub data: Type,
    /// The Rust field of `data` that holds the payload text.
    pub payload_field: String,
    /// Whether that field is an `Option<String>` (else a `String`).
    pub payload_optional: bool,
    /// The kinds, in the order names are matched against them.
    pub kinds: Vec<EventKind>,
}

/// One kind of [`Events`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventKind {
    /// The Rust variant name.
    pub variant: String,
    /// Rustdoc text.
    pub doc: Option<String>,
    /// The event name, or its form: literal text and `{holes}` (`hook-response/{event}/{part}`).
    pub template: String,
    /// The template's holes, in order: what the variant keeps of the name.
    pub captures: Vec<Capture>,
    /// What the payload decodes to; `None`: the payload is not kept.
    pub payload: Option<EventPayload>,
    /// Documented events of this kind, each of which must decode as this kind and encode back.
    pub examples: Vec<EventExample>,
}

/// A hole of an [`EventKind`]'s name: the variant's field holding what it matched.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Capture {
    /// The Rust field name.
    pub field: String,
    /// The hole's name in the template.
    pub hole: String,
    /// Its type (`String` unless `holes` declares one): a name whose hole does not read as it is
    /// not of this kind.
    pub ty: Type,
    /// Rustdoc text.
    pub doc: Option<String>,
}

/// The payload of an [`EventKind`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventPayload {
    /// Its Rust type.
    pub ty: Type,
    /// How its text holds the value.
    pub format: PayloadFormat,
    /// Whether the text is trimmed of surrounding whitespace before it is decoded.
    pub trim: bool,
}

/// How an event's payload text holds its value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum PayloadFormat {
    /// Plain text: a string schema's value.
    Text,
    /// JSON text.
    Json,
    /// Plain text with parts (`{reason}, {panic}`): an object whose members are the parts, by
    /// the first of these forms the text has.
    Forms(Vec<String>),
}

/// A documented event of an [`EventKind`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventExample {
    /// The event name.
    pub name: String,
    /// The payload text, if any.
    pub payload: Option<String>,
}

/// The quick start at the top of the crate docs and the README, after the install line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Quickstart {
    /// `info.x-quickstart`: rustdoc Markdown from the spec, placed as written (its `rust` code
    /// blocks are doctests).
    Spec(String),
    /// Written by the generator: build a client, call one operation, handle its error.
    Generic {
        /// A security scheme whose credential setter the example calls (one without preset
        /// credentials, used by the example's operation when it needs one).
        scheme: Option<String>,
        /// The method name of an operation that takes no arguments, if there is one.
        operation: Option<String>,
    },
}

/// A named Rust type generated from a schema.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Model {
    /// The Rust type name.
    pub name: String,
    /// Rustdoc text.
    pub doc: Option<String>,
    /// What kind of type it is.
    pub kind: ModelKind,
    /// The schema says `deprecated: true`.
    pub deprecated: Option<Deprecation>,
    /// Whether the type refers to a deprecated model (so its own items allow the lint).
    pub uses_deprecated: bool,
    /// JSON pointer of its schema in the OpenAPI 3.0 document the pipeline lowered (an
    /// alternative's `…/oneOf/N` for a union variant's refined object); `None` for a type no one
    /// schema describes (an operation's error enum by status). Not part of the IR's snapshot.
    #[serde(skip)]
    pub schema: Option<String>,
    /// Wire names of the schema's members this type leaves out by design: the read-only ones of
    /// a request half, the write-only ones of an answer's (see `lower::read_write`). Not part of
    /// the IR's snapshot.
    #[serde(skip)]
    pub left_out: Vec<String>,
    /// The Cargo features any of which compiles it, sorted; empty: always compiled. Not part of
    /// the IR's snapshot.
    #[serde(skip)]
    pub features: Vec<String>,
}

/// `deprecated: true` in the spec: the Rust item is `#[deprecated]`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Deprecation {
    /// Why, or what to use instead, taken from the description (the compiler's warning shows it).
    pub note: Option<String>,
}

/// The shape of a [`Model`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum ModelKind {
    /// A struct with named fields.
    Struct(Struct),
    /// A string enum.
    Enum(Enumeration),
    /// A type alias for anything that is not an object or a string enum.
    Alias(Type),
    /// One of several shapes (`oneOf` / `anyOf`).
    Union(Union),
    /// An operation's error body when its error statuses carry different types: one variant per
    /// status, decoded by status.
    StatusEnum(Vec<StatusVariant>),
}

impl ModelKind {
    /// Every type the model holds (fields, extra properties, alternatives, error bodies).
    pub fn types(&self) -> Vec<&Type> {
        match self {
            Self::Struct(object) => object
                .fields
                .iter()
                .map(|field| &field.ty)
                .chain(object.additional.iter().map(|extra| &extra.ty))
                .collect(),
            Self::Enum(_) => Vec::new(),
            Self::Alias(ty) => vec![ty],
            Self::Union(union) => union
                .variants
                .iter()
                .flat_map(|variant| variant.shape.types())
                .collect(),
            Self::StatusEnum(variants) => variants.iter().map(|variant| &variant.ty).collect(),
        }
    }

    /// Every type the model holds, to change.
    pub fn types_mut(&mut self) -> Vec<&mut Type> {
        match self {
            Self::Struct(object) => object
                .fields
                .iter_mut()
                .map(|field| &mut field.ty)
                .chain(object.additional.iter_mut().map(|extra| &mut extra.ty))
                .collect(),
            Self::Enum(_) => Vec::new(),
            Self::Alias(ty) => vec![ty],
            Self::Union(union) => union
                .variants
                .iter_mut()
                .flat_map(|variant| variant.shape.types_mut())
                .collect(),
            Self::StatusEnum(variants) => {
                variants.iter_mut().map(|variant| &mut variant.ty).collect()
            }
        }
    }
}

/// A string enum.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Enumeration {
    /// Its values.
    pub variants: Vec<Variant>,
    /// Whether an unknown value lands in a fallback variant (a value a newer server sends); not
    /// inside an alternative of an untagged union, where it would make the alternative take
    /// answers meant for another.
    pub open: bool,
    /// The fallback variant's name: `Unknown`, or `Other` where a value (`unknown`) takes that.
    #[serde(skip_serializing_if = "is_unknown")]
    pub fallback: String,
}

/// Whether a fallback variant has its usual name (left out of IR snapshots).
fn is_unknown(name: &str) -> bool {
    name == FALLBACK
}

/// The usual name of a string enum's fallback variant.
pub const FALLBACK: &str = "Unknown";

/// A `oneOf` / `anyOf`: a Rust enum with one variant per alternative.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Union {
    /// How the alternatives are told apart on the wire.
    pub representation: Representation,
    /// The alternatives; untagged ones in the order decoding tries them (most specific first;
    /// for `anyOf`, the spec's order).
    pub variants: Vec<UnionVariant>,
    /// Untagged `anyOf`: the first alternative the value validates against is kept (and only
    /// when none does, the best fit); `oneOf`: the best fit.
    pub first_valid: bool,
}

/// How a union's alternatives are told apart on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Representation {
    /// The spec's `discriminator` (or a tag every alternative's own type holds): the property
    /// picks the variant, and each variant's type keeps the property.
    Discriminator {
        /// The property.
        tag: String,
    },
    /// A property every alternative fixes to its own value: `{"type": "range", "end": 2}`.
    Internal {
        /// The property.
        tag: String,
    },
    /// A tag property, and at most one other property holding the content:
    /// `{"type": "create", "params": […]}`.
    Adjacent {
        /// The tag property.
        tag: String,
        /// The content property.
        content: String,
    },
    /// An object with one key naming the alternative (`{"attached": {…}}`), or a bare string for
    /// an alternative without content.
    External,
    /// Nothing tells the alternatives apart: the first that decodes is taken.
    Untagged,
}

/// One alternative of a [`Union`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnionVariant {
    /// Rust variant name.
    pub name: String,
    /// Rustdoc text (the alternative's description).
    pub doc: Option<String>,
    /// With a tag: the tag (or, externally tagged, the key) value that selects this variant.
    pub tag_value: Option<String>,
    /// What the variant holds.
    pub shape: VariantShape,
    /// Whether the union converts `From` the one type this variant holds (no other variant holds
    /// the same type, aliases followed).
    pub from_impl: bool,
    /// JSON pointer to the alternative's schema in the OpenAPI 3.0 document (for tools and tests
    /// that need an example of it). It may pass through a `$ref` (an alternative inside a shared
    /// parameter is addressed through the operation's reference to it).
    pub schema: String,
    /// Untagged: what a value is measured against to find the alternative it fits best.
    pub fit: Fit,
}

/// What decoding an untagged union measures a value against, per alternative: the value is
/// taken by the alternative it fits best among those it decodes as.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Fit {
    /// The alternative's properties (wire names) and which are required, when it is an object.
    pub object: Option<(Vec<String>, Vec<String>)>,
    /// A regular expression a string value must match (checked to compile in Rust's `regex`).
    pub pattern: Option<String>,
    /// The values a string alternative lists (its `enum`).
    pub values: Option<Vec<String>>,
    /// The object alternative's members that list their values (string `enum`s), with them.
    pub member_values: Vec<(String, Vec<String>)>,
    /// The object alternative's members that are objects or arrays, with what their values are
    /// measured against (so a value is measured inside too).
    pub nested: Vec<(String, Fit)>,
    /// An array alternative: what each item is measured against.
    pub items: Option<Box<Fit>>,
}

impl Fit {
    /// Whether there is nothing to measure a value against.
    pub fn is_empty(&self) -> bool {
        self.object.is_none()
            && self.pattern.is_none()
            && self.values.is_none()
            && self.member_values.is_empty()
            && self.nested.is_empty()
            && self.items.is_none()
    }
}

/// What a union variant holds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum VariantShape {
    /// Nothing but its tag.
    Unit,
    /// One value of this type.
    Newtype(Type),
    /// Named fields (the alternative's properties other than the tag).
    Struct(Vec<Field>),
}

impl VariantShape {
    /// Every type the variant holds.
    pub fn types(&self) -> Vec<&Type> {
        match self {
            Self::Unit => Vec::new(),
            Self::Newtype(ty) => vec![ty],
            Self::Struct(fields) => fields.iter().map(|field| &field.ty).collect(),
        }
    }

    /// Every type the variant holds, to change (boxing a recursive use).
    pub fn types_mut(&mut self) -> Vec<&mut Type> {
        match self {
            Self::Unit => Vec::new(),
            Self::Newtype(ty) => vec![ty],
            Self::Struct(fields) => fields.iter_mut().map(|field| &mut field.ty).collect(),
        }
    }
}

/// One variant of a [`ModelKind::StatusEnum`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatusVariant {
    /// Rust variant name, e.g. `Status404`.
    pub name: String,
    /// Which statuses it decodes.
    pub status: StatusMatch,
    /// The body type.
    pub ty: Type,
    /// The response's description.
    pub doc: Option<String>,
}

/// Which statuses a response covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum StatusMatch {
    /// Exactly this status.
    Code(u16),
    /// A class: `4` for `4XX`.
    Range(u16),
    /// Every status no other response names (`default`).
    Default,
}

/// An object schema.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Struct {
    /// Fields in spec order.
    pub fields: Vec<Field>,
    /// Whether unknown properties are kept (`additionalProperties`): in which field, as what type.
    pub additional: Option<Additional>,
}

/// The map field that keeps an object's unknown properties.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Additional {
    /// The Rust field name (`additional_properties`, unless a property took it).
    pub field: String,
    /// The type of each value.
    pub ty: Type,
}

/// One field of a struct.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Field {
    /// Rust field name, as written in source (`r#type`).
    pub name: String,
    /// Name on the wire.
    pub wire: String,
    /// The field type (without the `Option` that `required == false` adds).
    pub ty: Type,
    /// Whether the field must be present.
    pub required: bool,
    /// Whether the value may be JSON `null` (then it is an `Option` even when required).
    pub nullable: bool,
    /// Whether only the server writes it (`readOnly`) or only the client (`writeOnly`).
    pub access: Access,
    /// Rustdoc text.
    pub doc: Option<String>,
    /// The property's schema says `deprecated: true`.
    pub deprecated: Option<Deprecation>,
}

/// Who writes a [`Field`]: both sides, or one (`readOnly: true`, `writeOnly: true`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub enum Access {
    /// Sent and answered.
    #[default]
    ReadWrite,
    /// Set by the server: in answers only.
    ReadOnly,
    /// Sent by the client, never answered (a password).
    WriteOnly,
}

/// One variant of a string enum.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Variant {
    /// Rust variant name.
    pub name: String,
    /// The wire value.
    pub wire: String,
}

/// A Rust type a field, parameter or body can have.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Type {
    /// `String`.
    String,
    /// A string that must not be shown: the runtime's `Secret` (from `format: password`).
    Secret,
    /// `bool`.
    Bool,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `f32`.
    F32,
    /// `f64`.
    F64,
    /// Any JSON value.
    Value,
    /// File contents for a multipart part: the runtime's `FilePart`.
    Bytes,
    /// A date and time (`format: date-time`): `chrono::DateTime<chrono::FixedOffset>`.
    DateTime,
    /// A calendar date (`format: date`): `chrono::NaiveDate`.
    Date,
    /// A UUID (`format: uuid`): the runtime's `Uuid`, checked when decoded.
    Uuid,
    /// An IPv4 address (`format: ipv4`): `std::net::Ipv4Addr`.
    Ipv4,
    /// An IPv6 address (`format: ipv6`): `std::net::Ipv6Addr`.
    Ipv6,
    /// `Vec<T>`.
    Vec(Box<Type>),
    /// `Option<T>`: an array item or map value that may be `null`.
    Optional(Box<Type>),
    /// `BTreeMap<String, T>`.
    Map(Box<Type>),
    /// A generated model, by Rust name; `boxed` breaks a recursive cycle.
    Named {
        /// The model's Rust name.
        name: String,
        /// Whether this use is behind a `Box`.
        boxed: bool,
    },
}

/// An HTTP operation, rendered as one async method on the client.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Operation {
    /// The method name.
    pub name: String,
    /// The spec's `operationId`, if any.
    pub operation_id: Option<String>,
    /// Upper-case HTTP method.
    pub method: String,
    /// The path relative to the base URL, including any server prefix, e.g. `/v1/devices/{deviceId}`.
    pub path: String,
    /// Rustdoc text.
    pub doc: Option<String>,
    /// Path parameters in the order they appear in the path.
    pub path_params: Vec<Param>,
    /// Query pairs this method always sends (`x-fixed-query`), before any parameter.
    pub fixed_query: Vec<(String, String)>,
    /// Query, header and cookie parameters, gathered in a parameter struct when there are any.
    pub params: Option<ParamsStruct>,
    /// The request body, if any.
    pub body: Option<Body>,
    /// What a success answer decodes to.
    pub success: Response,
    /// The status of the documented success answer (the first 2xx; `2XX` as 200; 200 when none).
    pub success_status: u16,
    /// The `Accept` header the method sends: its answer's media type, when the operation answers
    /// in several (the server picks the representation by it).
    pub accept: Option<String>,
    /// What an error answer's body decodes to.
    pub error: Type,
    /// Whether `error` is a [`ModelKind::StatusEnum`], decoded by status.
    pub error_by_status: bool,
    /// Wire names of the error body's fields that read like a message (`error`,
    /// `error_description`, `message`, …), in the order an error's text shows them.
    pub error_messages: Vec<String>,
    /// Alternatives of security requirements; each inner list must all be applied. Empty: no auth.
    pub security: Vec<Vec<String>>,
    /// Page-number paging, from `x-pagination`.
    pub pagination: Option<Pagination>,
    /// The operation says `deprecated: true`.
    pub deprecated: Option<Deprecation>,
    /// Whether a parameter, body or answer type is a deprecated model (so the method allows the
    /// lint).
    pub uses_deprecated: bool,
    /// The spec's `tags`, in its order (the command-line tool's groups). Not part of the IR's
    /// snapshot.
    #[serde(skip)]
    pub tags: Vec<String>,
    /// The Cargo features any of which compiles it, sorted; empty: always compiled. Not part of
    /// the IR's snapshot.
    #[serde(skip)]
    pub features: Vec<String>,
}

/// How an operation pages through results (`x-pagination: {page, total-pages}`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pagination {
    /// The method that streams every page, e.g. `list_devices_pages`.
    pub method: String,
    /// The Rust name of the page-number field in the operation's parameter struct.
    pub page_field: String,
    /// JSON pointer to the total number of pages in a response.
    pub total_pages: String,
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ParamLocation {
    /// In the path template.
    Path,
    /// In the query string.
    Query,
    /// As a request header.
    Header,
    /// In the `Cookie` header.
    Cookie,
}

/// A server of the spec, as the crate offers it: a constant, or a function of its variables.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServerChoice {
    /// The Rust name: `SANDBOX` for a constant, `sandbox` for a function.
    pub name: String,
    /// Its URL as the spec writes it (`{name}` for each variable; a protocol-relative one with
    /// `https:`).
    pub url: String,
    /// Its `description`.
    pub doc: Option<String>,
    /// Its variables, in the order the URL names them.
    pub variables: Vec<ServerVariable>,
}

/// A variable of a server URL.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServerVariable {
    /// The name in the URL.
    pub wire: String,
    /// The Rust argument name.
    pub name: String,
    /// Its `default`.
    pub default: String,
    /// Its `enum`: the values it may take (empty: any text); with them, an enum type of this name.
    pub values: Vec<String>,
    /// The enum type's Rust name (when `values` is not empty).
    pub ty: String,
    /// Its `description`.
    pub doc: Option<String>,
}

/// How a parameter's value is written (OpenAPI `style` and `explode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ParamStyle {
    /// `name=a&name=b` (query `form`, exploded: the default for query and cookie).
    Repeated,
    /// One pair whose value joins the items with this separator (`form` not exploded: `,`;
    /// `spaceDelimited`; `pipeDelimited`; header and path `simple`).
    Joined(char),
    /// `name[key]=value` for each member of an object (`deepObject`).
    DeepObject,
    /// Path or header `simple`, exploded: an array as `a,b`, an object as `k=v,k=v`.
    SimpleExploded,
    /// Path `label`: `.a` (`.a,b`; exploded `.a.b`).
    Label {
        /// Whether arrays and objects are exploded.
        explode: bool,
    },
    /// Path `matrix`: `;name=a` (`;name=a,b`; exploded `;name=a;name=b`).
    Matrix {
        /// Whether arrays and objects are exploded.
        explode: bool,
    },
}

/// One parameter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Param {
    /// Rust name.
    pub name: String,
    /// Wire name.
    pub wire: String,
    /// Where it is sent.
    pub location: ParamLocation,
    /// How its value is written.
    pub style: ParamStyle,
    /// A query parameter's `allowReserved`: its reserved characters are sent as they are.
    pub allow_reserved: bool,
    /// Its type.
    pub ty: Type,
    /// Whether it must be given.
    pub required: bool,
    /// Rustdoc text.
    pub doc: Option<String>,
    /// JSON pointer to its schema in the OpenAPI 3.0 document (for tools that need an example of
    /// it); it may pass through a `$ref` to a shared parameter.
    pub schema: String,
}

/// The struct holding an operation's query, header and cookie parameters.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParamsStruct {
    /// The struct's Rust name.
    pub name: String,
    /// Its fields.
    pub params: Vec<Param>,
}

/// How a request body is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Encoding {
    /// `application/json`.
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`.
    Multipart,
    /// Text (`text/plain`, …): a string, sent as it is.
    Text,
    /// Binary data (`application/octet-stream`, images, archives, …): a file's bytes.
    Binary,
}

/// A request body.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Body {
    /// How it is sent.
    pub encoding: Encoding,
    /// Its Rust type.
    pub ty: Type,
    /// Whether it must be sent.
    pub required: bool,
    /// For `multipart/form-data`: one part per field of the body struct.
    pub parts: Vec<Part>,
    /// JSON pointer to its schema in the OpenAPI 3.0 document.
    pub schema: String,
    /// The media type, as the spec writes it (the `Content-Type` of a text or binary body).
    pub media: String,
}

/// One part of a multipart body.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Part {
    /// The body struct's Rust field.
    pub field: String,
    /// The part name on the wire.
    pub wire: String,
    /// Whether the part is a file.
    pub file: bool,
    /// Whether the field is an `Option`.
    pub optional: bool,
}

/// What a successful answer holds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Response {
    /// No body is expected (or none is described): `()`.
    Empty,
    /// A JSON body of this type.
    Json(Type),
    /// A `text/plain` body, as a `String`.
    Text,
    /// A binary body (`application/octet-stream`, an archive, an image), streamed.
    Binary,
    /// A `text/event-stream` whose events carry JSON data of this type.
    Events(Type),
}

/// A security scheme from the spec.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SecurityScheme {
    /// The spec's name for it (the key in `securitySchemes`).
    pub name: String,
    /// How it is applied.
    pub kind: SchemeKind,
    /// Default credentials the spec declares with `x-default-credentials`, if any.
    pub default_basic: Option<(String, String)>,
    /// For OAuth 2 with an authorization-code flow: where users are sent to log in.
    pub authorization_url: Option<String>,
    /// That URL's path when it is on the API's default server (`/oauth/authorize`): a client
    /// pointed elsewhere (a mock, staging) sends users to the same path there.
    pub authorization_path: Option<String>,
    /// Rustdoc text.
    pub doc: Option<String>,
    /// The name of its constant in the generated `security` module.
    pub constant: String,
    /// The setters of its credential, when some operation uses the scheme.
    pub setters: Option<Setters>,
    /// With an authorization-code flow: the `Client` function that starts it.
    pub authorization_method: Option<String>,
}

/// The methods that set a scheme's credential.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Setters {
    /// On `ClientBuilder`, e.g. `access_token`.
    pub builder: String,
    /// On `Client`, returning a new client, e.g. `with_access_token`.
    pub client: String,
}

/// How a security scheme puts credentials on a request.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum SchemeKind {
    /// `Authorization: Basic …`.
    Basic,
    /// `Authorization: Bearer …` (HTTP bearer and OAuth 2).
    Bearer,
    /// An API key in a header.
    ApiKeyHeader(String),
    /// An API key in the query string.
    ApiKeyQuery(String),
    /// An API key as a cookie (in the `Cookie` header).
    ApiKeyCookie(String),
}

/// The command-line tool: every operation as a command of a group, as `cli-runtime` runs it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Cli {
    /// The binary's name, when the spec's `x-cli` gives one.
    pub binary: Option<String>,
    /// What `--help` says the tool is.
    pub about: String,
    /// The start of its environment variables' names (`PARTICLE`).
    pub env_prefix: String,
    /// The credentials the command line takes, one per security scheme operations use.
    pub schemes: Vec<CliScheme>,
    /// Groups of commands, sorted by name.
    pub groups: Vec<CliGroup>,
    /// Top-level commands standing for a command of a group.
    pub aliases: Vec<CliAlias>,
    /// The token flow of `login`, `logout` and `token create`, when `x-cli` declares it.
    pub login: Option<CliLogin>,
}

/// A security scheme's credential on the command line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CliScheme {
    /// The spec's name.
    pub name: String,
    /// A username and password rather than a token.
    pub basic: bool,
    /// The flag (`access-token`).
    pub flag: String,
    /// Its short second name (`token`), for the scheme `login` fills.
    pub alias: Option<String>,
    /// The environment variable (`PARTICLE_ACCESS_TOKEN`).
    pub env: String,
}

/// The commands of one tag.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CliGroup {
    /// The group's name (`devices`).
    pub name: String,
    /// What its help says.
    pub about: String,
    /// Its commands, sorted by name.
    pub commands: Vec<CliCommand>,
}

/// One operation as a command.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CliCommand {
    /// Its name in its group (`list`).
    pub name: String,
    /// The client method it calls.
    pub operation: String,
    /// The one-line summary.
    pub about: String,
    /// The whole help text, ending with the method and path.
    pub long_about: String,
    /// Its arguments: path parameters (positional) first, then flags.
    pub args: Vec<CliArg>,
}

/// A positional argument or flag of a command.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CliArg {
    /// The flag's long name, or the positional argument's id.
    pub id: String,
    /// Its help line.
    pub help: String,
    /// What it takes.
    pub kind: ArgKind,
    /// Whether clap requires it.
    pub required: bool,
    /// Whether it repeats, one item of a list each time.
    pub list: bool,
    /// Where its value goes.
    pub target: ArgTarget,
}

/// What an argument takes, checked by clap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum ArgKind {
    /// Any text.
    Text,
    /// A whole number.
    Integer,
    /// A number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// One of these values.
    Values(Vec<String>),
    /// A JSON value.
    Json,
    /// A path to a file whose contents are sent.
    File,
}

/// Where an argument's value goes in the call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum ArgTarget {
    /// A path parameter, the method's argument of this Rust name (positional).
    Path(String),
    /// The field of the parameter struct.
    Param(String),
    /// The member of a JSON or form body of this wire name.
    BodyMember(String),
    /// The multipart body's file field.
    BodyFile {
        /// The Rust field.
        field: String,
        /// Whether the field is an `Option`.
        optional: bool,
        /// The part's wire name.
        wire: String,
    },
    /// A text body, whole.
    TextBody,
    /// A binary body: a file's bytes.
    FileBody,
}

/// A top-level command standing for a command of a group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CliAlias {
    /// The alias.
    pub name: String,
    /// The group of the command.
    pub group: String,
    /// The command's name in it.
    pub command: String,
}

/// `x-cli`'s `login`: how a username and password become a token.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CliLogin {
    /// The security scheme the token is for.
    pub scheme: String,
    /// The client method of the token request.
    pub operation: String,
    /// The body member of the username.
    pub username: String,
    /// The body member of the password.
    pub password: String,
    /// Body members with fixed values.
    pub fields: Vec<(String, String)>,
    /// The answer member holding the token.
    pub token: String,
    /// The body member of a token's lifetime in seconds.
    pub expires_in: Option<String>,
    /// What the username prompt asks for.
    pub username_prompt: String,
    /// The multi-factor step.
    pub mfa: Option<CliMfa>,
    /// The client method that revokes the token a client holds (`logout`).
    pub revoke: Option<String>,
}

/// The multi-factor step of a [`CliLogin`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CliMfa {
    /// The error body's member naming the error.
    pub error_member: String,
    /// Its value when a one-time password is needed.
    pub error_value: String,
    /// The error body's member holding the attempt's token.
    pub token_from: String,
    /// The follow-up body's member for that token.
    pub token: String,
    /// The follow-up body's member for the one-time password.
    pub otp: String,
    /// The follow-up body's members with fixed values.
    pub fields: Vec<(String, String)>,
    /// What the one-time password prompt says.
    pub prompt: String,
}
