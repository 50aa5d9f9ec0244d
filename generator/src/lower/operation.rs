//! Operations: method names, parameters, request bodies, success and error types, security.

use openapiv3::{
    OpenAPI, Operation as SpecOperation, Parameter, ParameterSchemaOrContent, PathItem,
    ReferenceOr, RequestBody, Response as SpecResponse,
};

use super::derived_names;
use super::media::{
    Variant, encoding_of, encoding_suffix, error_type, fixed_query, is_binary, json_schema,
    method_name, multipart_parts,
};
use super::schema::Schemas;
use super::server::Servers;
use crate::diag::{Diagnostic, Diagnostics, Severity, Skipped};
use crate::grammar::METHODS;
use crate::ident::{self, Scope};
use crate::ir::{
    Body, Encoding, Operation, Pagination, Param, ParamLocation, ParamStyle, ParamsStruct,
    Response, SecurityScheme, Type,
};
use crate::pointer::child;

/// Lower every operation, sorted by method name. `links` receives each spec name of a method
/// (`operationId`, `x-method-name`) with the method's Rust name, for cross-references in docs.
pub(crate) fn lower_all(
    spec: &OpenAPI,
    servers: &Servers,
    schemes: &[SecurityScheme],
    schemas: &mut Schemas<'_>,
    links: &mut Vec<(String, String)>,
    names: &mut Scope,
) -> Vec<Operation> {
    let mut found = Vec::new();
    for (path, item) in &spec.paths.paths {
        let item_pointer = child("/paths", path);
        let ReferenceOr::Item(item) = item else {
            schemas.diagnostics.push(Diagnostic::warning(
                "unsupported-construct",
                item_pointer,
                "a `$ref` path item is not supported; its operations are skipped",
            ));
            continue;
        };
        for method in METHODS {
            if let Some(operation) = operation_of(item, method) {
                found.push((path.as_str(), method, item, operation));
            }
        }
    }
    // Names are claimed in a fixed order (by operationId, else path and method) so they do not
    // depend on the order of keys in the file.
    found.sort_by_key(|(path, method, _, operation)| {
        (operation.operation_id.clone(), *path, *method)
    });
    let mut operations = Vec::new();
    for (path, method, item, operation) in found {
        let pointer = child(&child("/paths", path), method);
        let stem = match &operation.operation_id {
            Some(id) => ident::snake(id),
            None => derived_names::operation_stem(method, path),
        };
        let context = Context {
            spec,
            servers,
            schemes,
            path,
            method,
            item,
            pointer: &pointer,
        };
        let name = names.claim(stem);
        // Whatever stops this operation from being generated skips it, not the whole client.
        let mark = schemas.diagnostics.len();
        let lowered = context.lower(name, operation, schemas, names);
        let errors = schemas.diagnostics.take_errors_since(mark);
        if !errors.is_empty() {
            for error in errors {
                schemas.diagnostics.push(skipped(method, path, error));
            }
            continue;
        }
        links.extend(spec_names(spec, operation, &lowered));
        operations.extend(lowered);
    }
    operations.sort_by(|a, b| a.name.cmp(&b.name));
    operations
}

/// `error`, found while lowering the operation `method path`, as the warning that the operation is
/// skipped.
fn skipped(method: &str, path: &str, error: Diagnostic) -> Diagnostic {
    let method = method.to_ascii_uppercase();
    Diagnostic::skipped(
        Skipped::Operation,
        error.pointer,
        format!("`{method} {path}` is not generated: {}", error.message),
    )
}

/// Where a parameter goes and how its value is written.
fn location_and_style(parameter: &Parameter) -> (ParamLocation, ParamStyle) {
    let explode = parameter.parameter_data_ref().explode;
    // `simple` is exploded only when the spec says so.
    let simple = match explode {
        Some(true) => ParamStyle::SimpleExploded,
        _ => ParamStyle::Joined(','),
    };
    let exploded = explode == Some(true);
    match parameter {
        Parameter::Path { style, .. } => {
            let style = match style {
                openapiv3::PathStyle::Simple => simple,
                openapiv3::PathStyle::Label => ParamStyle::Label { explode: exploded },
                openapiv3::PathStyle::Matrix => ParamStyle::Matrix { explode: exploded },
            };
            (ParamLocation::Path, style)
        }
        Parameter::Query { style, .. } => (ParamLocation::Query, query_style(style, explode)),
        Parameter::Header { .. } => (ParamLocation::Header, simple),
        Parameter::Cookie { .. } => {
            let style = match explode {
                Some(false) => ParamStyle::Joined(','),
                _ => ParamStyle::Repeated,
            };
            (ParamLocation::Cookie, style)
        }
    }
}

/// The order request media types are tried in: by encoding, then, within one, an order that does
/// not depend on the spec's: `application/json` first, then named types, then wildcards.
fn preference(encoding: Encoding, media: &str) -> (u8, u8, &str) {
    let rank = match super::media::essence(media).as_str() {
        "application/json" => 0,
        essence if essence.contains('*') => 2,
        _ => 1,
    };
    (encoding as u8, rank, media)
}

/// A query parameter's `allowReserved`.
fn allow_reserved(parameter: &Parameter) -> bool {
    matches!(
        parameter,
        Parameter::Query {
            allow_reserved: true,
            ..
        }
    )
}

/// The methods of one operation: the first with its first request and answer media types, then
/// one more for each other request media type (with the first answer), and one for each other
/// answer media type (with the first request).
fn one_per_media_type(
    base: Operation,
    bodies: Vec<Variant<Option<Body>>>,
    successes: Vec<Variant<Response>>,
    names: &mut Scope,
) -> Vec<Operation> {
    let first_success = successes
        .first()
        .map(|s| s.value.clone())
        .unwrap_or(Response::Empty);
    let first_fixed = successes
        .first()
        .map(|s| s.fixed_query.clone())
        .unwrap_or_default();
    let first_body = bodies.first().and_then(|b| b.value.clone());
    let first_accept = successes.first().and_then(|s| s.media.clone());
    let mut lowered = Vec::new();
    for (index, body) in bodies.into_iter().enumerate() {
        let name = match index {
            0 => base.name.clone(),
            _ => names.claim(body.name.unwrap_or_default()),
        };
        lowered.push(Operation {
            name,
            body: body.value,
            success: first_success.clone(),
            fixed_query: first_fixed.clone(),
            accept: first_accept.clone(),
            ..base.clone()
        });
    }
    for success in successes.into_iter().skip(1) {
        lowered.push(Operation {
            name: names.claim(success.name.unwrap_or_default()),
            body: first_body.clone(),
            success: success.value,
            fixed_query: success.fixed_query,
            accept: success.media,
            // Paging follows the primary answer's shape, not an alternative media type's.
            pagination: None,
            ..base.clone()
        });
    }
    lowered
}

/// The spec's names for the methods of one operation: its `operationId` names the first method,
/// each `x-method-name` the method it made.
fn spec_names(
    spec: &OpenAPI,
    operation: &SpecOperation,
    lowered: &[Operation],
) -> Vec<(String, String)> {
    let components = spec.components.as_ref();
    let body = operation.request_body.as_ref().and_then(|body| match body {
        ReferenceOr::Item(body) => Some(body),
        ReferenceOr::Reference { reference } => components?
            .request_bodies
            .get(&super::component_key(reference, "requestBodies")?)?
            .as_item(),
    });
    let responses = operation
        .responses
        .responses
        .values()
        .filter_map(|response| match response {
            ReferenceOr::Item(response) => Some(response),
            ReferenceOr::Reference { reference } => components?
                .responses
                .get(&super::component_key(reference, "responses")?)?
                .as_item(),
        });
    let contents = body
        .into_iter()
        .flat_map(|body| body.content.values())
        .chain(responses.flat_map(|r| r.content.values()));
    let given = contents.filter_map(|content| content.extensions.get("x-method-name")?.as_str());
    let mut found: Vec<(String, String)> = Vec::new();
    if let (Some(id), Some(first)) = (&operation.operation_id, lowered.first()) {
        found.push((id.clone(), first.name.clone()));
    }
    for given in given {
        if let Some(op) = lowered.iter().find(|op| op.name == ident::snake(given)) {
            found.push((given.to_owned(), op.name.clone()));
        }
    }
    // A raw identifier (`r#move`) cannot be written in an intra-doc link's path.
    found.retain(|(_, method)| !method.starts_with("r#"));
    found
}

fn operation_of<'p>(item: &'p PathItem, method: &str) -> Option<&'p SpecOperation> {
    match method {
        "get" => item.get.as_ref(),
        "put" => item.put.as_ref(),
        "post" => item.post.as_ref(),
        "delete" => item.delete.as_ref(),
        "options" => item.options.as_ref(),
        "head" => item.head.as_ref(),
        "patch" => item.patch.as_ref(),
        "trace" => item.trace.as_ref(),
        _ => None,
    }
}

struct Context<'c> {
    spec: &'c OpenAPI,
    servers: &'c Servers,
    schemes: &'c [SecurityScheme],
    path: &'c str,
    method: &'c str,
    item: &'c PathItem,
    pointer: &'c str,
}

impl Context<'_> {
    /// The operation as one method, or several when it accepts or answers several media types
    /// with different schemas (one method per media type, named by `x-method-name` or a suffix).
    fn lower(
        &self,
        name: String,
        operation: &SpecOperation,
        schemas: &mut Schemas<'_>,
        names: &mut Scope,
    ) -> Vec<Operation> {
        let type_stem = ident::camel(ident::bare(&name));
        let servers = if operation.servers.is_empty() {
            &self.item.servers
        } else {
            &operation.servers
        };
        let prefix = self
            .servers
            .prefix_for(servers, self.pointer, schemas.diagnostics);
        let Some((path_params, mut other)) = self.parameters(operation, &type_stem, schemas) else {
            return Vec::new();
        };
        let bodies = match &operation.request_body {
            Some(body) => self.bodies(body, &name, &type_stem, schemas),
            None => vec![Variant::new(None, None)],
        };
        let (successes, success_status, (error, error_by_status)) =
            self.responses(operation, &name, &type_stem, schemas);
        // A query parameter some method fixes (`format=raw`) is no caller's choice: the method that
        // fixes it sends it, the others never do.
        other.retain(|param| {
            param.location != ParamLocation::Query
                || !successes
                    .iter()
                    .any(|s| s.fixed_query.iter().any(|(name, _)| *name == param.wire))
        });
        let params = (!other.is_empty()).then(|| ParamsStruct {
            name: schemas.claim(derived_names::params_struct(&type_stem)),
            params: other,
        });
        let pagination = self.pagination(
            operation,
            &name,
            params.as_ref(),
            names,
            schemas.diagnostics,
        );
        let base = Operation {
            name: name.clone(),
            operation_id: operation.operation_id.clone(),
            method: self.method.to_ascii_uppercase(),
            path: format!("{prefix}{}", self.path),
            doc: doc_of(operation),
            path_params,
            params,
            body: None,
            success: Response::Empty,
            success_status,
            accept: None,
            error,
            error_by_status,
            error_messages: Vec::new(),
            fixed_query: Vec::new(),
            security: self.security(operation, schemas.diagnostics),
            pagination,
            deprecated: super::deprecation::deprecation(
                operation.deprecated,
                operation.description.as_deref(),
            ),
            uses_deprecated: false,
            tags: operation.tags.clone(),
            features: Vec::new(),
        };
        one_per_media_type(base, bodies, successes, names)
    }

    /// `x-pagination: {page: <query parameter>, total-pages: <JSON pointer>}`, streamed by a
    /// `<name>_pages` method claimed in `names`.
    fn pagination(
        &self,
        operation: &SpecOperation,
        name: &str,
        params: Option<&ParamsStruct>,
        names: &mut Scope,
        diagnostics: &mut Diagnostics,
    ) -> Option<Pagination> {
        let value = operation.extensions.get("x-pagination")?;
        let pointer = child(self.pointer, "x-pagination");
        let page = value.get("page").and_then(serde_json::Value::as_str);
        let total_pages = value.get("total-pages").and_then(serde_json::Value::as_str);
        let field = params.and_then(|params| {
            params.params.iter().find(|p| {
                Some(p.wire.as_str()) == page
                    && p.location == ParamLocation::Query
                    && !p.required
                    && matches!(p.ty, Type::I32 | Type::I64)
            })
        });
        match (field, total_pages) {
            (Some(field), Some(total_pages)) if total_pages.starts_with('/') => Some(Pagination {
                method: names.claim(derived_names::pages_method(name)),
                page_field: field.name.clone(),
                total_pages: total_pages.to_owned(),
            }),
            _ => {
                diagnostics.push(Diagnostic::warning(
                    "invalid-extension",
                    pointer,
                    "`x-pagination` needs `page` (an optional integer query parameter of the operation) \
                     and `total-pages` (a JSON pointer into the response); ignored",
                ));
                None
            }
        }
    }

    /// Path parameters (in path order) and query/header parameters. `None` when a path parameter
    /// the template needs is missing, since no correct method can be generated then.
    fn parameters(
        &self,
        operation: &SpecOperation,
        type_stem: &str,
        schemas: &mut Schemas<'_>,
    ) -> Option<(Vec<Param>, Vec<Param>)> {
        // Path parameters become arguments of the method, beside its locals; the others become
        // fields of the parameter struct, where only each other matter.
        let mut arguments = Scope::with_reserved(super::reserved::METHOD_LOCALS);
        let mut fields = Scope::default();
        let mut path_params = Vec::new();
        let mut other = Vec::new();
        let secured = operation
            .security
            .as_ref()
            .or(self.spec.security.as_ref())
            .is_some_and(|requirements| !requirements.is_empty());
        for (parameter, pointer) in self.effective_parameters(operation, schemas.diagnostics) {
            let data = parameter.parameter_data_ref();
            let (location, style) = location_and_style(parameter);
            // OpenAPI 3: a header parameter named `Accept`, `Content-Type` or `Authorization`
            // "SHALL be ignored": the client sets them (from the media types and the security).
            // An `Authorization` parameter of an operation no security scheme covers is kept:
            // specs without schemes (keeper's) pass their token that way, and there is no other.
            let reserved = match data.name.to_ascii_lowercase().as_str() {
                "accept" | "content-type" => true,
                "authorization" => secured,
                _ => false,
            };
            if location == ParamLocation::Header && reserved {
                schemas.diagnostics.push(Diagnostic::warning(
                    "reserved-header-parameter",
                    pointer.clone(),
                    format!(
                        "header parameter `{}` is ignored, as OpenAPI 3 says: the client sets it \
                         from the media types and the operation's security schemes",
                        data.name
                    ),
                ));
                continue;
            }
            if let Some(why) = super::param_style::impossible(self.spec, parameter) {
                schemas.diagnostics.push(Diagnostic::warning(
                    "impossible-style",
                    pointer.clone(),
                    why,
                ));
            }
            let inline_name = derived_names::member_type(type_stem, &data.name);
            let ty = match &data.format {
                ParameterSchemaOrContent::Schema(schema) => {
                    schemas.type_of(schema, &inline_name, &child(&pointer, "schema"))
                }
                ParameterSchemaOrContent::Content(_) => {
                    schemas.diagnostics.push(Diagnostic::warning(
                        "unsupported-construct",
                        pointer.clone(),
                        "a parameter with `content` is not supported yet; sent as a string",
                    ));
                    Type::String
                }
            };
            let param = Param {
                name: match location {
                    ParamLocation::Path => arguments.claim(ident::snake(&data.name)),
                    _ => fields.claim(ident::snake(&data.name)),
                },
                wire: data.name.clone(),
                location,
                style,
                allow_reserved: allow_reserved(parameter),
                ty,
                required: data.required || location == ParamLocation::Path,
                doc: data.description.clone(),
                schema: child(&pointer, "schema"),
            };
            match location {
                ParamLocation::Path => path_params.push(param),
                _ => other.push(param),
            }
        }
        self.order_path_params(path_params, schemas.diagnostics)
            .map(|path_params| (path_params, other))
    }

    /// The path item's parameters and the operation's, each with its pointer; an operation's
    /// parameter overrides a path item's one with the same name and location.
    fn effective_parameters<'s>(
        &'s self,
        operation: &'s SpecOperation,
        diagnostics: &mut Diagnostics,
    ) -> Vec<(&'s Parameter, String)> {
        let item_pointer = child(&child("/paths", self.path), "parameters");
        let inherited = self
            .item
            .parameters
            .iter()
            .enumerate()
            .map(|(i, p)| (p, child(&item_pointer, &i.to_string())));
        let own_pointer = child(self.pointer, "parameters");
        let own = operation
            .parameters
            .iter()
            .enumerate()
            .map(|(i, p)| (p, child(&own_pointer, &i.to_string())));
        let mut all: Vec<(&Parameter, String)> = Vec::new();
        for (parameter, pointer) in inherited.chain(own) {
            let Some(parameter) = self.resolve_parameter(parameter, &pointer, diagnostics) else {
                continue;
            };
            let data = parameter.parameter_data_ref();
            all.retain(|(p, _)| {
                !(p.parameter_data_ref().name == data.name && same_location(p, parameter))
            });
            all.push((parameter, pointer));
        }
        all
    }

    /// Put path parameters in template order; every `{name}` must have one.
    fn order_path_params(
        &self,
        mut params: Vec<Param>,
        diagnostics: &mut Diagnostics,
    ) -> Option<Vec<Param>> {
        let mut ordered = Vec::new();
        for segment in self.path.split('{').skip(1) {
            let Some((name, _)) = segment.split_once('}') else {
                continue;
            };
            // A name the template uses twice is one argument, written in both places.
            if ordered.iter().any(|p: &Param| p.wire == name) {
                continue;
            }
            match params.iter().position(|p| p.wire == name) {
                Some(index) => ordered.push(params.remove(index)),
                None => {
                    diagnostics.push(self.missing_path_parameter(name));
                    return None;
                }
            }
        }
        for unused in params {
            diagnostics.push(Diagnostic::warning(
                "unused-path-parameter",
                self.pointer.to_owned(),
                format!(
                    "path parameter `{}` does not appear in the path; ignored",
                    unused.wire
                ),
            ));
        }
        Some(ordered)
    }

    /// The error for `{name}` in the template with no path parameter to fill it.
    fn missing_path_parameter(&self, name: &str) -> Diagnostic {
        let template = format!("{{{name}}}");
        let message = match self.path.split_once('?') {
            // A query string written into the path (`/search?q={q}`): OpenAPI paths carry none.
            Some((_, query)) if query.contains(&template) => format!(
                "the path's query string `?{query}` uses `{template}`, which no path parameter \
                 declares; a path cannot carry a query (query parameters are declared with \
                 `in: query`)"
            ),
            _ => format!(
                "the path has `{template}` but the operation declares no such path parameter"
            ),
        };
        Diagnostic::error("missing-path-parameter", self.pointer.to_owned(), message)
    }

    fn resolve_parameter<'p>(
        &'p self,
        parameter: &'p ReferenceOr<Parameter>,
        pointer: &str,
        diagnostics: &mut Diagnostics,
    ) -> Option<&'p Parameter> {
        let section = self.spec.components.as_ref().map(|c| &c.parameters);
        resolve(
            parameter,
            "parameters",
            section,
            "a parameter under #/components/parameters",
            pointer,
        )
        .map_err(|problem| diagnostics.push(problem))
        .ok()
    }

    /// One body per supported media type, preferred first (JSON, form, multipart); a media type
    /// whose schema gives the same type as an earlier one adds nothing and is left out.
    fn bodies(
        &self,
        body: &ReferenceOr<RequestBody>,
        name: &str,
        type_stem: &str,
        schemas: &mut Schemas<'_>,
    ) -> Vec<Variant<Option<Body>>> {
        let pointer = child(self.pointer, "requestBody");
        let section = self.spec.components.as_ref().map(|c| &c.request_bodies);
        let body = match resolve(body, "requestBodies", section, "a request body", &pointer) {
            Ok(body) => body,
            Err(problem) => {
                schemas.diagnostics.push(problem);
                return vec![Variant::new(None, None)];
            }
        };
        let mut supported: Vec<(Encoding, &String, &openapiv3::MediaType)> = body
            .content
            .iter()
            .filter_map(|(media, content)| Some((encoding_of(media)?, media, content)))
            .collect();
        supported.sort_by_key(|(encoding, media, _)| preference(*encoding, media));
        if supported.is_empty() {
            let types: Vec<&str> = body.content.keys().map(String::as_str).collect();
            schemas.diagnostics.push(Diagnostic::warning(
                "unsupported-media-type",
                pointer,
                format!(
                    "request media type(s) {} not supported yet; the body is not sent",
                    types.join(", ")
                ),
            ));
            return vec![Variant::new(None, None)];
        }
        let mut variants: Vec<Variant<Option<Body>>> = Vec::new();
        for (index, (encoding, media, content)) in supported.into_iter().enumerate() {
            let schema_pointer = child(&child(&child(&pointer, "content"), media), "schema");
            let ty = match (encoding, &content.schema) {
                // Sent as they are, whatever the schema says of them.
                (Encoding::Text, _) => Type::String,
                (Encoding::Binary, _) => Type::Bytes,
                (_, Some(schema)) => schemas.type_of(
                    schema,
                    &derived_names::request_body_type(type_stem, index),
                    &schema_pointer,
                ),
                (_, None) => Type::Value,
            };
            if variants
                .iter()
                .any(|v| v.value.as_ref().is_some_and(|b| b.ty == ty))
            {
                continue;
            }
            let parts = match encoding {
                Encoding::Multipart => match multipart_parts(&ty, schemas) {
                    Some(parts) => parts,
                    None => {
                        self.unnamed_parts(media, &schema_pointer, variants.is_empty(), schemas);
                        continue;
                    }
                },
                Encoding::Json | Encoding::Form | Encoding::Text | Encoding::Binary => Vec::new(),
            };
            let name = method_name(&content.extensions, name, encoding_suffix(encoding));
            variants.push(Variant::new(
                Some(name),
                Some(Body {
                    encoding,
                    ty,
                    required: body.required,
                    parts,
                    schema: schema_pointer.clone(),
                    media: media.clone(),
                }),
            ));
        }
        variants
    }

    /// Report a multipart body whose schema names no parts: no correct request can be sent in
    /// `media`, so its method is skipped, and with it the operation when it has no other body
    /// (`only`; an error, which `lower_all` turns into the operation's skip).
    fn unnamed_parts(&self, media: &str, pointer: &str, only: bool, schemas: &mut Schemas<'_>) {
        let why = "a multipart body must be an object schema whose properties name the parts";
        let diagnostic = if only {
            Diagnostic::error("unsupported-construct", pointer, why)
        } else {
            let method = self.method.to_ascii_uppercase();
            Diagnostic::skipped(
                Skipped::Operation,
                pointer,
                format!(
                    "the `{media}` method of `{method} {}` is not generated: {why}",
                    self.path
                ),
            )
        };
        schemas.diagnostics.push(diagnostic);
    }

    /// The success answers (of the first 2xx status, one per supported media type, preferred
    /// first) and the error body type (shared by all error answers, else untyped).
    fn responses(
        &self,
        operation: &SpecOperation,
        name: &str,
        type_stem: &str,
        schemas: &mut Schemas<'_>,
    ) -> (Vec<Variant<Response>>, u16, (Type, bool)) {
        let pointer = child(self.pointer, "responses");
        let mut success = None;
        // The status of the success answer (`2XX` as 200); 200 when none is documented.
        let mut success_status = 200;
        let mut errors: Vec<(String, Type, Option<String>)> = Vec::new();
        let default = operation
            .responses
            .default
            .as_ref()
            .map(|r| ("default".to_owned(), r));
        let mut coded: Vec<(String, &ReferenceOr<SpecResponse>)> = operation
            .responses
            .responses
            .iter()
            .map(|(code, r)| (code.to_string(), r))
            .collect();
        coded.sort_by(|a, b| a.0.cmp(&b.0));
        for (code, response) in coded.into_iter().chain(default) {
            let is_success = code.starts_with('2');
            let response_pointer = child(&pointer, &code);
            let section = self.spec.components.as_ref().map(|c| &c.responses);
            let response = match resolve(
                response,
                "responses",
                section,
                "a response",
                &response_pointer,
            ) {
                Ok(response) => response,
                // An error answer that cannot be read is only not decoded; without the success
                // answer there is no method.
                Err(problem) if problem.is_error() && !is_success => {
                    schemas.diagnostics.push(Diagnostic::skipped(
                        Skipped::Response,
                        problem.pointer,
                        format!("the `{code}` answer is not decoded: {}", problem.message),
                    ));
                    continue;
                }
                Err(problem) => {
                    schemas.diagnostics.push(problem);
                    continue;
                }
            };
            if is_success && success.is_none() {
                success_status = code.parse().unwrap_or(200);
                success =
                    Some(self.successes(response, name, type_stem, &response_pointer, schemas));
            } else if !is_success {
                if let Some((media, schema)) = json_schema(response) {
                    let schema_pointer = child(
                        &child(&child(&response_pointer, "content"), media),
                        "schema",
                    );
                    let ty = schemas.type_of(
                        schema,
                        &derived_names::error_answer_type(type_stem, &code),
                        &schema_pointer,
                    );
                    let doc = Some(response.description.clone()).filter(|d| !d.is_empty());
                    errors.push((code.clone(), ty, doc));
                }
            }
        }
        let error = error_type(errors, type_stem, schemas);
        let successes = success.unwrap_or_default();
        let successes = if successes.is_empty() {
            vec![Variant::new(None, Response::Empty)]
        } else {
            successes
        };
        (successes, success_status, error)
    }

    /// One answer per media type of a success response: JSON, then an event stream, then text,
    /// then binary.
    // Whole: one ranked pass over a response's media types: rank, method suffix and answer of each
    // are decided together in one if-chain, then sorted.
    fn successes(
        &self,
        response: &SpecResponse,
        name: &str,
        type_stem: &str,
        pointer: &str,
        schemas: &mut Schemas<'_>,
    ) -> Vec<Variant<Response>> {
        let mut answers: Vec<(u8, Variant<Response>)> = Vec::new();
        let mut unsupported = Vec::new();
        // A binary media type beside a structured one is another encoding of the same answer (the
        // protobuf of a JSON resource, say): only an answer that is binary alone is a download.
        let mut binary = None;
        for (media, content) in &response.content {
            let essence = super::media::essence(media);
            let schema_pointer = child(&child(&child(pointer, "content"), media), "schema");
            let typed = |stem: &str, schemas: &mut Schemas<'_>| match &content.schema {
                Some(schema) => schemas.type_of(
                    schema,
                    &derived_names::answer_type(type_stem, stem),
                    &schema_pointer,
                ),
                None => Type::Value,
            };
            // Any media type (`*/*`) with a plain string schema is text: nothing says it is JSON.
            let wildcard_text = essence == "*/*" && is_plain_string(content.schema.as_ref());
            let (rank, suffix, answer) = if wildcard_text {
                (2, "text", Response::Text)
            } else if encoding_of(&essence) == Some(Encoding::Json) {
                (0, "json", Response::Json(typed("Response", schemas)))
            } else if essence == "text/event-stream" {
                (1, "events", Response::Events(typed("Event", schemas)))
            } else if essence.starts_with("text/") {
                (2, "text", Response::Text)
            } else if is_binary(&essence) {
                binary.get_or_insert((media, content));
                continue;
            } else {
                unsupported.push(media.as_str());
                continue;
            };
            if answers.iter().any(|(_, known)| known.value == answer) {
                continue;
            }
            let method = method_name(&content.extensions, name, suffix);
            let fixed_query = fixed_query(&content.extensions);
            answers.push((
                rank,
                Variant {
                    name: Some(method),
                    value: answer,
                    fixed_query,
                    media: Some(media.clone()),
                },
            ));
        }
        if let (true, Some((media, content))) = (answers.is_empty(), binary) {
            let method = method_name(&content.extensions, name, "binary");
            answers.push((
                3,
                Variant {
                    name: Some(method),
                    value: Response::Binary,
                    fixed_query: fixed_query(&content.extensions),
                    media: Some(media.clone()),
                },
            ));
        }
        // Other media types beside a supported one are alternatives the client need not ask for.
        if answers.is_empty() && !unsupported.is_empty() {
            schemas.diagnostics.push(Diagnostic::warning(
                "unsupported-media-type",
                child(pointer, "content"),
                format!(
                    "response media type(s) {} not supported yet; the answer is ignored",
                    unsupported.join(", ")
                ),
            ));
        }
        answers.sort_by_key(|(rank, _)| *rank);
        // Answered in several media types, each method asks for its own by `Accept` (else the
        // server picks, and may pick another).
        let several = response.content.len() > 1;
        answers
            .into_iter()
            .map(|(_, mut variant)| {
                if !several {
                    variant.media = None;
                }
                variant
            })
            .collect()
    }

    fn security(
        &self,
        operation: &SpecOperation,
        diagnostics: &mut Diagnostics,
    ) -> Vec<Vec<String>> {
        let requirements = operation.security.as_ref().or(self.spec.security.as_ref());
        let mut alternatives = Vec::new();
        for requirement in requirements.into_iter().flatten() {
            let mut names = Vec::new();
            for name in requirement.keys() {
                if self.schemes.iter().any(|scheme| &scheme.name == name) {
                    names.push(name.clone());
                } else {
                    diagnostics.push(Diagnostic::warning(
                        "unknown-security-scheme",
                        child(self.pointer, "security"),
                        format!(
                            "security scheme `{name}` is not defined (or not supported); ignored"
                        ),
                    ));
                }
            }
            // `{}` is an alternative needing nothing: authentication is optional, so credentials
            // are sent when configured (earlier alternatives) and the request goes without them
            // otherwise.
            if requirement.is_empty() || !names.is_empty() {
                alternatives.push(names);
            }
        }
        alternatives
    }
}

/// `item` itself, or the component a `#/components/<section>/<key>` reference names. A reference
/// that names nothing is an error to report (a warning when it points into another file, which
/// the reference check has already reported).
fn resolve<'a, T>(
    item: &'a ReferenceOr<T>,
    section: &str,
    components: Option<&'a indexmap::IndexMap<String, ReferenceOr<T>>>,
    what: &str,
    pointer: &str,
) -> Result<&'a T, Diagnostic> {
    let reference = match item {
        ReferenceOr::Item(item) => return Ok(item),
        ReferenceOr::Reference { reference } => reference,
    };
    let found = super::component_key(reference, section)
        .and_then(|key| components?.get(&key))
        .and_then(ReferenceOr::as_item);
    found.ok_or_else(|| {
        Diagnostic::new(
            if reference.starts_with('#') {
                Severity::Error
            } else {
                Severity::Warning
            },
            "unresolved-ref",
            child(pointer, "$ref"),
            format!("`{reference}` does not name {what}"),
        )
    })
}

/// A query parameter's style: `form` explodes by default (`explode` defaults to true for it).
fn query_style(style: &openapiv3::QueryStyle, explode: Option<bool>) -> ParamStyle {
    match style {
        openapiv3::QueryStyle::Form if explode == Some(false) => ParamStyle::Joined(','),
        openapiv3::QueryStyle::Form => ParamStyle::Repeated,
        openapiv3::QueryStyle::SpaceDelimited => ParamStyle::Joined(' '),
        openapiv3::QueryStyle::PipeDelimited => ParamStyle::Joined('|'),
        openapiv3::QueryStyle::DeepObject => ParamStyle::DeepObject,
    }
}

fn same_location(a: &Parameter, b: &Parameter) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}

/// Whether a schema is a string with nothing more to it (no enum, no binary or other format).
fn is_plain_string(schema: Option<&ReferenceOr<openapiv3::Schema>>) -> bool {
    match schema {
        Some(ReferenceOr::Item(schema)) => match &schema.schema_kind {
            openapiv3::SchemaKind::Type(openapiv3::Type::String(string)) => {
                string.enumeration.is_empty()
                    && matches!(string.format, openapiv3::VariantOrUnknownOrEmpty::Empty)
            }
            _ => false,
        },
        _ => false,
    }
}

fn doc_of(operation: &SpecOperation) -> Option<String> {
    let parts: Vec<&str> = [
        operation.summary.as_deref(),
        operation.description.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}
