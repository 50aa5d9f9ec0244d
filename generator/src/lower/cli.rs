//! The command-line tool: each operation a command of a group, each parameter and body member an
//! argument, and what the spec's `x-cli` declares (the binary's name, aliases, the login flow).
//!
//! - A group is an operation's first tag, else the first word of its path after the base path.
//!   A group may not take a built-in command's name (`login`, `completions`, …): it gets `-api`.
//! - A command's name is its method's name without the words of its group (`list_devices` in
//!   `devices` is `list`, `list_product_devices` in `products` is `list-devices`); when that
//!   leaves nothing, or two commands of a group would share a name, the method's whole name.
//! - Path parameters are positional; query, header and cookie parameters are flags; a JSON or
//!   form body is `--json` plus a flag per member a flag can spell (objects and arrays of
//!   objects as JSON text); a multipart file part is a path; an enum lists its values.

use std::collections::{BTreeMap, BTreeSet};

use heck::{ToKebabCase, ToShoutySnakeCase};
use openapiv3::OpenAPI;
use serde_json::Value;

use crate::diag::{Diagnostic, Diagnostics};
use crate::ir::{
    Access, Api, ArgKind, ArgTarget, Cli, CliAlias, CliArg, CliCommand, CliGroup, CliLogin, CliMfa,
    CliScheme, Encoding, ModelKind, Operation, SchemeKind, Type,
};

/// The names of the commands `cli-runtime` gives every tool.
const BUILT_IN: &[&str] = &["completions", "help", "login", "logout", "token"];

/// The flags `cli-runtime` gives every tool or command, which an argument may not take.
const RESERVED_FLAGS: &[&str] = &[
    "all", "base-url", "help", "json", "otp", "out-file", "output", "password", "username",
    "version",
];

/// The code of every problem with `x-cli`.
const INVALID: &str = "invalid-cli";

/// The tool for `api`, as the spec's `x-cli` shapes it.
///
/// `docs` holds each operation's description as the spec gives it (by method name): the help
/// shows that, not the crate's docs with their links to Rust items.
pub(crate) fn lower(
    spec: &OpenAPI,
    api: &Api,
    docs: &BTreeMap<String, Option<String>>,
    diagnostics: &mut Diagnostics,
) -> Cli {
    let declared = spec.extensions.get("x-cli");
    let object = match declared {
        Some(Value::Object(object)) => Some(object),
        Some(other) => {
            diagnostics.push(Diagnostic::warning(
                INVALID,
                "/x-cli",
                format!("`x-cli` must be an object, not `{other}`; it is ignored"),
            ));
            None
        }
        None => None,
    };
    let text = |key: &str| {
        object
            .and_then(|object| object.get(key))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let env_prefix = text("env-prefix").unwrap_or_else(|| api.title.to_shouty_snake_case());
    let login_scheme = object
        .and_then(|object| object.get("login"))
        .and_then(|login| login.get("scheme"))
        .and_then(Value::as_str);
    let schemes = schemes(api, &env_prefix, login_scheme);
    let mut reserved: BTreeSet<String> = RESERVED_FLAGS.iter().map(|f| (*f).to_owned()).collect();
    for scheme in &schemes {
        reserved.insert(scheme.flag.clone());
        reserved.extend(scheme.alias.clone());
    }
    let about: BTreeMap<String, String> = spec
        .tags
        .iter()
        .filter_map(|tag| {
            let text = help(tag.description.as_deref());
            (!text.is_empty()).then(|| (tag.name.to_kebab_case(), text))
        })
        .collect();
    let groups = groups(api, docs, &reserved, &about);
    let mut cli = Cli {
        binary: text("name"),
        about: text("about").unwrap_or_else(|| {
            let title = api.title.trim();
            if title.to_ascii_lowercase().ends_with("api") {
                format!("The {title} from the shell.")
            } else {
                format!("The {title} API from the shell.")
            }
        }),
        env_prefix,
        schemes,
        groups,
        aliases: Vec::new(),
        login: None,
    };
    if let Some(object) = object {
        cli.aliases = aliases(object.get("aliases"), api, &cli.groups, diagnostics);
        cli.login = object
            .get("login")
            .and_then(|login| self::login(login, api, &cli.schemes, diagnostics));
    }
    cli
}

/// One credential per security scheme operations use.
fn schemes(api: &Api, prefix: &str, login: Option<&str>) -> Vec<CliScheme> {
    let used: BTreeSet<&str> = api
        .operations
        .iter()
        .flat_map(|op| op.security.iter().flatten())
        .map(String::as_str)
        .collect();
    let tokens = api
        .security_schemes
        .iter()
        .filter(|scheme| used.contains(scheme.name.as_str()))
        .filter(|scheme| !matches!(scheme.kind, SchemeKind::Basic))
        .count();
    api.security_schemes
        .iter()
        .filter(|scheme| used.contains(scheme.name.as_str()))
        .map(|scheme| {
            let basic = matches!(scheme.kind, SchemeKind::Basic);
            let flag = scheme.name.to_kebab_case();
            // `--token` for the scheme `login` fills, or the only token scheme.
            let alias = (login.map_or(!basic && tokens == 1, |login| login == scheme.name)
                && flag != "token")
                .then(|| "token".to_owned());
            CliScheme {
                name: scheme.name.clone(),
                basic,
                env: format!("{prefix}_{}", scheme.name.to_shouty_snake_case()),
                flag,
                alias,
            }
        })
        .collect()
}

/// The groups of commands, each operation in the group of its first tag.
fn groups(
    api: &Api,
    docs: &BTreeMap<String, Option<String>>,
    reserved: &BTreeSet<String>,
    about: &BTreeMap<String, String>,
) -> Vec<CliGroup> {
    let mut by_group: BTreeMap<String, Vec<&Operation>> = BTreeMap::new();
    for op in &api.operations {
        by_group
            .entry(group_of(op, &api.base_path))
            .or_default()
            .push(op);
    }
    by_group
        .into_iter()
        .map(|(name, ops)| {
            let names: Vec<String> = ops.iter().map(|op| command_name(op, &name)).collect();
            let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
            for command in &names {
                *counts.entry(command).or_default() += 1;
            }
            let mut commands: Vec<CliCommand> = ops
                .iter()
                .zip(&names)
                .map(|(op, command)| {
                    let name = if counts.get(command.as_str()) == Some(&1) {
                        command.clone()
                    } else {
                        crate::ident::bare(&op.name).to_kebab_case()
                    };
                    let doc = docs.get(&op.name).cloned().flatten();
                    self::command(op, doc.as_deref(), name, api, reserved)
                })
                .collect();
            commands.sort_by(|a, b| a.name.cmp(&b.name));
            let count = format!(
                "{} command{}",
                commands.len(),
                if commands.len() == 1 { "" } else { "s" }
            );
            CliGroup {
                about: match (about.get(&name), commands.as_slice()) {
                    (Some(about), _) => about.clone(),
                    (None, [only]) => only.about.clone(),
                    (None, _) => format!("The {name} operations ({count})"),
                },
                name,
                commands,
            }
        })
        .collect()
}

/// The group of an operation: its first tag, else the first literal word of its path.
fn group_of(op: &Operation, base_path: &str) -> String {
    let name = match op.tags.first() {
        Some(tag) => tag.to_kebab_case(),
        None => super::features::path_word(&op.path, base_path).to_kebab_case(),
    };
    let name = if name.is_empty() {
        "api".to_owned()
    } else {
        name
    };
    if BUILT_IN.contains(&name.as_str()) {
        format!("{name}-api")
    } else {
        name
    }
}

/// An operation's name in its group: its method's words without the group's.
fn command_name(op: &Operation, group: &str) -> String {
    let method = crate::ident::bare(&op.name);
    let mut left: Vec<&str> = group.split('-').filter(|w| !w.is_empty()).collect();
    let words: Vec<&str> = method
        .split('_')
        .filter(|word| {
            let found = left.iter().position(|g| same_noun(g, word));
            match found {
                Some(index) => {
                    left.remove(index);
                    false
                }
                None => true,
            }
        })
        .collect();
    if words.is_empty() {
        method.to_kebab_case()
    } else {
        words.join("-")
    }
}

/// Whether two words are one noun, singular or plural (`device`, `devices`; `policy`,
/// `policies`).
fn same_noun(a: &str, b: &str) -> bool {
    let stem = |word: &str| -> String {
        if let Some(stem) = word.strip_suffix("ies") {
            format!("{stem}y")
        } else if let Some(stem) = word.strip_suffix("ses") {
            format!("{stem}s")
        } else if let Some(stem) = word.strip_suffix('s').filter(|s| !s.ends_with('s')) {
            stem.to_owned()
        } else {
            word.to_owned()
        }
    };
    a.eq_ignore_ascii_case(b) || stem(&a.to_ascii_lowercase()) == stem(&b.to_ascii_lowercase())
}

/// One operation as a command named `name`.
fn command(
    op: &Operation,
    doc: Option<&str>,
    name: String,
    api: &Api,
    reserved: &BTreeSet<String>,
) -> CliCommand {
    let doc = doc.map(plain).unwrap_or_default();
    let about = doc
        .split("\n\n")
        .next()
        .unwrap_or_default()
        .trim()
        .to_owned();
    let about = if about.is_empty() {
        format!("{} {}", op.method, op.path)
    } else {
        about
    };
    let sends = format!("Sends `{} {}`.", op.method, op.path);
    let long_about = if doc.is_empty() {
        sends
    } else {
        format!("{doc}\n\n{sends}")
    };
    let mut taken: BTreeSet<String> = reserved.clone();
    let mut args = Vec::new();
    for param in &op.path_params {
        let id = crate::ident::bare(&param.name).to_kebab_case();
        taken.insert(id.clone());
        args.push(CliArg {
            id,
            help: help(param.doc.as_deref()),
            kind: kind(&param.ty, api).0,
            required: true,
            list: false,
            target: ArgTarget::Path(param.name.clone()),
        });
    }
    for param in op.params.iter().flat_map(|params| &params.params) {
        // A parameter named like a flag every command has (`--output`) is `--param-output`.
        let mut id = crate::ident::bare(&param.name).to_kebab_case();
        if taken.contains(&id) {
            id = format!("param-{id}");
        }
        if !taken.insert(id.clone()) {
            continue;
        }
        let (kind, list) = kind(&param.ty, api);
        args.push(CliArg {
            id,
            help: help(param.doc.as_deref()),
            kind,
            required: param.required,
            list,
            target: ArgTarget::Param(param.name.clone()),
        });
    }
    if let Some(body) = &op.body {
        body_args(body, api, &mut taken, &mut args);
    }
    CliCommand {
        name,
        operation: op.name.clone(),
        about,
        long_about,
        args,
    }
}

/// The arguments of a request body.
fn body_args(
    body: &crate::ir::Body,
    api: &Api,
    taken: &mut BTreeSet<String>,
    args: &mut Vec<CliArg>,
) {
    match body.encoding {
        Encoding::Text => args.push(CliArg {
            id: "body".to_owned(),
            help: "The request body, as text".to_owned(),
            kind: ArgKind::Text,
            required: body.required,
            list: false,
            target: ArgTarget::TextBody,
        }),
        Encoding::Binary => args.push(CliArg {
            id: "file".to_owned(),
            help: "The file to send as the request body".to_owned(),
            kind: ArgKind::File,
            required: body.required,
            list: false,
            target: ArgTarget::FileBody,
        }),
        Encoding::Json | Encoding::Form | Encoding::Multipart => {
            let Some(fields) = struct_fields(&body.ty, api) else {
                return;
            };
            for field in fields {
                if field.access == Access::ReadOnly {
                    continue;
                }
                let mut id = crate::ident::bare(&field.name).to_kebab_case();
                if taken.contains(&id) {
                    id = format!("body-{id}");
                }
                if !taken.insert(id.clone()) {
                    continue;
                }
                let part = body.parts.iter().find(|part| part.field == field.name);
                if let Some(part) = part.filter(|part| part.file) {
                    let list = matches!(field.ty, Type::Vec(_));
                    args.push(CliArg {
                        id,
                        help: help(field.doc.as_deref()),
                        kind: ArgKind::File,
                        required: !part.optional && !list,
                        list,
                        target: ArgTarget::BodyFile {
                            field: field.name.clone(),
                            optional: part.optional,
                            wire: field.wire.clone(),
                        },
                    });
                    continue;
                }
                let (kind, list) = kind(&field.ty, api);
                args.push(CliArg {
                    id,
                    help: help(field.doc.as_deref()),
                    kind,
                    required: false,
                    list,
                    target: ArgTarget::BodyMember(field.wire.clone()),
                });
            }
        }
    }
}

/// The fields of a body type that is a struct (through aliases).
fn struct_fields<'a>(ty: &Type, api: &'a Api) -> Option<&'a [crate::ir::Field]> {
    let Type::Named { name, .. } = ty else {
        return None;
    };
    let model = api.models.iter().find(|model| &model.name == name)?;
    match &model.kind {
        ModelKind::Struct(object) => Some(&object.fields),
        ModelKind::Alias(ty) => struct_fields(ty, api),
        _ => None,
    }
}

/// What an argument of type `ty` takes, and whether it repeats.
fn kind(ty: &Type, api: &Api) -> (ArgKind, bool) {
    match ty {
        Type::Optional(item) => kind(item, api),
        Type::Vec(item) => match kind(item, api) {
            (ArgKind::Json, _) | (_, true) => (ArgKind::Json, false),
            (item, false) => (item, true),
        },
        _ => (scalar(ty, api, 0), false),
    }
}

/// What one value of type `ty` is on the command line.
fn scalar(ty: &Type, api: &Api, depth: usize) -> ArgKind {
    match ty {
        Type::String
        | Type::Secret
        | Type::DateTime
        | Type::Date
        | Type::Uuid
        | Type::Ipv4
        | Type::Ipv6 => ArgKind::Text,
        Type::Bool => ArgKind::Boolean,
        Type::I32 | Type::I64 => ArgKind::Integer,
        Type::F32 | Type::F64 => ArgKind::Number,
        Type::Bytes => ArgKind::File,
        Type::Value | Type::Vec(_) | Type::Map(_) => ArgKind::Json,
        Type::Optional(inner) => scalar(inner, api, depth),
        Type::Named { name, .. } => {
            let model = api.models.iter().find(|model| &model.name == name);
            match model.map(|model| &model.kind) {
                Some(ModelKind::Enum(values)) => {
                    ArgKind::Values(values.variants.iter().map(|v| v.wire.clone()).collect())
                }
                Some(ModelKind::Alias(inner)) if depth < 8 => scalar(inner, api, depth + 1),
                _ => ArgKind::Json,
            }
        }
    }
}

/// A help line: the first paragraph of a description, as plain text.
fn help(doc: Option<&str>) -> String {
    doc.map(plain)
        .and_then(|doc| doc.split("\n\n").next().map(|p| p.replace('\n', " ")))
        .unwrap_or_default()
}

/// Markdown as plain text for a terminal: links as their text.
pub(crate) fn plain(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut rest = markdown;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find("](").map(|i| open + i) else {
            break;
        };
        let Some(end) = rest[close..].find(')').map(|i| close + i) else {
            break;
        };
        let text = &rest[open + 1..close];
        if text.contains('[') || text.contains('\n') {
            out.push_str(&rest[..=open]);
            rest = &rest[open + 1..];
            continue;
        }
        out.push_str(&rest[..open]);
        out.push_str(text);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out.replace("``", "`").trim().to_owned()
}

/// `x-cli`'s `aliases`: a top-level name for an operation (by `operationId` or method name).
fn aliases(
    declared: Option<&Value>,
    api: &Api,
    groups: &[CliGroup],
    diagnostics: &mut Diagnostics,
) -> Vec<CliAlias> {
    let Some(declared) = declared else {
        return Vec::new();
    };
    let Some(declared) = declared.as_object() else {
        diagnostics.push(Diagnostic::warning(
            INVALID,
            "/x-cli/aliases",
            "`aliases` must map names to operations; it is ignored",
        ));
        return Vec::new();
    };
    let mut aliases = Vec::new();
    for (name, operation) in declared {
        let pointer = crate::pointer::child("/x-cli/aliases", name);
        let Some(method) = operation.as_str().and_then(|id| method_of(api, id)) else {
            diagnostics.push(Diagnostic::warning(
                INVALID,
                pointer,
                format!(
                    "the alias `{name}` names no operation: {} is neither an `operationId` nor a method name; it is left out",
                    match operation.as_str() {
                        Some(id) => format!("`{id}`"),
                        None => format!("`{operation}`"),
                    }
                ),
            ));
            continue;
        };
        if BUILT_IN.contains(&name.as_str()) || groups.iter().any(|group| &group.name == name) {
            diagnostics.push(Diagnostic::warning(
                INVALID,
                pointer,
                format!("the alias `{name}` would hide a command of that name; it is left out"),
            ));
            continue;
        }
        let found = groups.iter().find_map(|group| {
            group
                .commands
                .iter()
                .find(|command| command.operation == method)
                .map(|command| (group.name.clone(), command.name.clone()))
        });
        if let Some((group, command)) = found {
            aliases.push(CliAlias {
                name: name.clone(),
                group,
                command,
            });
        }
    }
    aliases.sort_by(|a, b| a.name.cmp(&b.name));
    aliases
}

/// The method of the operation whose `operationId` or method name is `id`.
fn method_of(api: &Api, id: &str) -> Option<String> {
    api.operations
        .iter()
        .find(|op| op.operation_id.as_deref() == Some(id))
        .or_else(|| api.operations.iter().find(|op| op.name == id))
        .map(|op| op.name.clone())
}

/// `x-cli`'s `login`.
fn login(
    declared: &Value,
    api: &Api,
    schemes: &[CliScheme],
    diagnostics: &mut Diagnostics,
) -> Option<CliLogin> {
    let mut problems = Vec::new();
    let text = |key: &str, problems: &mut Vec<String>| -> String {
        match declared.get(key).and_then(Value::as_str) {
            Some(text) => text.to_owned(),
            None => {
                problems.push(format!("`{key}` (text) is missing"));
                String::new()
            }
        }
    };
    let scheme = text("scheme", &mut problems);
    if !scheme.is_empty() && !schemes.iter().any(|s| s.name == scheme && !s.basic) {
        problems.push(format!(
            "`scheme` must name a token scheme operations use, not `{scheme}`"
        ));
    }
    let operation = text("operation", &mut problems);
    let method = callable(api, &operation, true, &mut problems);
    let revoke = declared
        .get("revoke")
        .and_then(Value::as_str)
        .and_then(|id| callable(api, id, false, &mut problems));
    let mfa = match declared.get("mfa") {
        None => None,
        Some(mfa) => {
            let text = |key: &str, problems: &mut Vec<String>| -> String {
                match mfa.get(key).and_then(Value::as_str) {
                    Some(text) => text.to_owned(),
                    None => {
                        problems.push(format!("`mfa.{key}` (text) is missing"));
                        String::new()
                    }
                }
            };
            Some(CliMfa {
                error_member: text("error-member", &mut problems),
                error_value: text("error-value", &mut problems),
                token_from: text("token-from", &mut problems),
                token: text("token", &mut problems),
                otp: text("otp", &mut problems),
                fields: pairs(mfa.get("fields"), "mfa.fields", &mut problems),
                prompt: mfa
                    .get("prompt")
                    .and_then(Value::as_str)
                    .unwrap_or("One-time password")
                    .to_owned(),
            })
        }
    };
    let login = CliLogin {
        scheme,
        operation: method.unwrap_or_default(),
        username: text("username", &mut problems),
        password: text("password", &mut problems),
        fields: pairs(declared.get("fields"), "fields", &mut problems),
        token: text("token", &mut problems),
        expires_in: declared
            .get("expires-in")
            .and_then(Value::as_str)
            .map(str::to_owned),
        username_prompt: declared
            .get("username-prompt")
            .and_then(Value::as_str)
            .unwrap_or("Username")
            .to_owned(),
        mfa,
        revoke,
    };
    if problems.is_empty() {
        Some(login)
    } else {
        diagnostics.push(Diagnostic::warning(
            INVALID,
            "/x-cli/login",
            format!("the login flow is left out: {}", problems.join("; ")),
        ));
        None
    }
}

/// The method of an operation a login flow can call by itself: no path parameters, no required
/// parameters, and (for the token request) a body that is a struct.
fn callable(api: &Api, id: &str, with_body: bool, problems: &mut Vec<String>) -> Option<String> {
    let Some(op) = api
        .operations
        .iter()
        .find(|op| op.operation_id.as_deref() == Some(id) || op.name == id)
    else {
        problems.push(format!("no operation `{id}`"));
        return None;
    };
    let required_params = op
        .params
        .iter()
        .flat_map(|params| &params.params)
        .any(|param| param.required);
    let body_fits = match (&op.body, with_body) {
        (Some(body), true) => {
            matches!(body.encoding, Encoding::Json | Encoding::Form)
                && struct_fields(&body.ty, api).is_some()
        }
        (None, false) => true,
        (Some(body), false) => !body.required,
        (None, true) => false,
    };
    if !op.path_params.is_empty() || required_params || !body_fits {
        problems.push(format!(
            "`{id}` cannot be called by the login flow (it needs path or required parameters, or {})",
            if with_body {
                "its body is not a JSON or form object"
            } else {
                "a body"
            }
        ));
        return None;
    }
    Some(op.name.clone())
}

/// A map of fixed body members (`{grant_type: password}`).
fn pairs(value: Option<&Value>, key: &str, problems: &mut Vec<String>) -> Vec<(String, String)> {
    match value {
        None => Vec::new(),
        Some(Value::Object(members)) => members
            .iter()
            .filter_map(|(name, value)| match value.as_str() {
                Some(text) => Some((name.clone(), text.to_owned())),
                None => {
                    problems.push(format!("`{key}.{name}` must be text"));
                    None
                }
            })
            .collect(),
        Some(_) => {
            problems.push(format!("`{key}` must map members to text"));
            Vec::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nouns_match_singular_and_plural() {
        assert!(same_noun("devices", "device"));
        assert!(same_noun("policies", "policy"));
        assert!(same_noun("Devices", "devices"));
        assert!(!same_noun("devices", "dev"));
        assert!(!same_noun("class", "cla"));
    }

    #[test]
    fn links_become_their_text() {
        assert_eq!(
            plain(
                "See [`Client::get_device`](crate::Client::get_device) and [docs](https://x.io)."
            ),
            "See `Client::get_device` and docs."
        );
        assert_eq!(plain("a [b] c"), "a [b] c");
    }
}
