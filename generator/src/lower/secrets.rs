//! Which wire names hold secrets, so the client can mask them in any body text it keeps.

use crate::ir::{ModelKind, Operation, SchemeKind, SecurityScheme, Type};

/// Words that mark a field as a credential wherever they are in its (snake case) name.
const SECRET_WORDS: &[&str] = &["token", "password", "secret", "api_key", "apikey"];

/// Short words that mark a field as a credential when they are a whole part of its name.
const SECRET_PARTS: &[&str] = &["otp", "pin"];

/// Every wire name whose value is a secret: fields and parameters of type `format: password`,
/// text fields and parameters named like credentials, and API key names. Sorted, no repeats.
pub(crate) fn secret_fields(
    models: &[crate::ir::Model],
    operations: &[Operation],
    schemes: &[SecurityScheme],
) -> Vec<String> {
    let mut names = Vec::new();
    for model in models {
        if let ModelKind::Struct(object) = &model.kind {
            names.extend(
                object
                    .fields
                    .iter()
                    .filter(|f| is_secret(&f.wire, &f.ty))
                    .map(|f| f.wire.clone()),
            );
        }
    }
    for operation in operations {
        let params = operation
            .path_params
            .iter()
            .chain(operation.params.iter().flat_map(|p| &p.params));
        names.extend(
            params
                .filter(|p| is_secret(&p.wire, &p.ty))
                .map(|p| p.wire.clone()),
        );
    }
    for scheme in schemes {
        if let SchemeKind::ApiKeyHeader(name)
        | SchemeKind::ApiKeyQuery(name)
        | SchemeKind::ApiKeyCookie(name) = &scheme.kind
        {
            names.push(name.clone());
        }
    }
    names.sort();
    names.dedup();
    names
}

/// A secret: a `Secret` anywhere in the type, or text named like a credential.
fn is_secret(wire: &str, ty: &Type) -> bool {
    match ty {
        Type::Secret => true,
        Type::Vec(item) | Type::Map(item) | Type::Optional(item) => is_secret(wire, item),
        Type::String => {
            let name = crate::ident::snake(wire);
            SECRET_WORDS.iter().any(|word| name.contains(word))
                || name.split('_').any(|part| SECRET_PARTS.contains(&part))
        }
        _ => false,
    }
}
