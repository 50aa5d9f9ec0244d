//! The crate's Cargo features: one per tag (an operation without tags goes by the first word of
//! its path), each compiling its operations and the models they use.
//!
//! - An operation is compiled when any feature of its tags is on.
//! - A model is compiled when any feature of an operation that uses it (directly, or through
//!   other models) is on. A model every feature uses, one the crate's own items use (the default
//!   error body, the typed events), and one no operation uses at all are always compiled, with
//!   everything they use: the crate with no feature on still has them.
//! - crates.io takes at most [`MOST_FEATURES`] features. Past that, tags are grouped by their
//!   first part (`users.calendar` and `users.user` are `users`); if there are still too many, the
//!   groups, in name order, are joined in runs of equal size (`a-to-c`).

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;

use heck::ToKebabCase;
use openapiv3::OpenAPI;

use crate::ir::{Api, Feature, Operation, Response, Type};

/// crates.io's limit on the features of one crate (`default` included).
pub(crate) const MOST_FEATURES: usize = 300;

/// The feature that turns every other API feature on.
pub(crate) const FULL: &str = "full";

/// What an operation is grouped by: a tag as the spec writes it, or a path word.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Tag(String),
    Path(String),
}

/// Give every operation and model of `api` its features, and `api` the list.
pub(crate) fn assign(spec: &OpenAPI, api: &mut Api) {
    let keys: Vec<Vec<Key>> = api
        .operations
        .iter()
        .map(|op| keys_of(op, &api.base_path))
        .collect();
    let taken = taken_names();
    let budget = MOST_FEATURES.saturating_sub(taken.len()).max(1);
    let naming = naming(&keys, &taken, budget);
    let descriptions: IndexMap<&str, &str> = spec
        .tags
        .iter()
        .filter_map(|tag| Some((tag.name.as_str(), tag.description.as_deref()?)))
        .collect();
    let mut covered: BTreeMap<String, BTreeSet<Key>> = BTreeMap::new();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for (op, keys) in api.operations.iter_mut().zip(&keys) {
        let features: BTreeSet<String> = keys.iter().map(|key| naming[key].clone()).collect();
        for (feature, key) in keys.iter().map(|key| (&naming[key], key)) {
            covered
                .entry(feature.clone())
                .or_default()
                .insert(key.clone());
        }
        for feature in &features {
            *counts.entry(feature.clone()).or_default() += 1;
        }
        op.features = features.into_iter().collect();
    }
    api.features = covered
        .into_iter()
        .map(|(name, keys)| Feature {
            doc: doc(&keys, &descriptions),
            tags: keys
                .iter()
                .map(|key| match key {
                    Key::Tag(tag) | Key::Path(tag) => tag.clone(),
                })
                .collect(),
            operations: counts.get(&name).copied().unwrap_or_default(),
            name,
        })
        .collect();
    gate_models(api);
}

/// The names a feature of the API must not take: `default`, [`FULL`] and the runtime's own.
fn taken_names() -> Vec<String> {
    let mut names = vec!["default".to_owned(), FULL.to_owned()];
    names.extend(crate::emit::runtime_features());
    names
}

/// The tags of `op`, or the first word of its path after the base path that is not a parameter
/// or a version (`/v1/devices/{id}` is `devices`).
fn keys_of(op: &Operation, base_path: &str) -> Vec<Key> {
    if !op.tags.is_empty() {
        return op.tags.iter().cloned().map(Key::Tag).collect();
    }
    vec![Key::Path(path_word(&op.path, base_path))]
}

/// The first literal word of `path` (after `base_path`) that is not a version like `v1`;
/// empty for a path of none.
pub(crate) fn path_word(path: &str, base_path: &str) -> String {
    let words: Vec<&str> = path
        .strip_prefix(base_path)
        .unwrap_or(path)
        .split('/')
        .filter(|word| !word.is_empty() && !word.starts_with('{'))
        .collect();
    words
        .iter()
        .find(|word| !is_version(word))
        .or(words.first())
        .map_or_else(String::new, |word| (*word).to_owned())
}

/// `v1`, `v2beta1`, `1.0`: a path word that names a version, not a resource.
fn is_version(word: &str) -> bool {
    let rest = word.strip_prefix(['v', 'V']).unwrap_or(word);
    rest.starts_with(|c: char| c.is_ascii_digit())
        && rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '.')
}

/// A Cargo feature name for `word`: kebab case, ASCII letters, digits and `-` only; `api` for
/// none; `-api` after a name the crate already has.
fn feature_name(word: &str, taken: &[String]) -> String {
    let kebab = word.to_kebab_case();
    let mut name = String::new();
    for c in kebab.chars() {
        if c.is_ascii_alphanumeric() {
            name.push(c.to_ascii_lowercase());
        } else if !name.is_empty() && !name.ends_with('-') {
            name.push('-');
        }
    }
    let name = name.trim_end_matches('-').to_owned();
    let name = if name.is_empty() {
        "api".to_owned()
    } else {
        name
    };
    if taken.contains(&name) {
        format!("{name}-api")
    } else {
        name
    }
}

/// A tag's first part: up to its first `.`, `/`, `:` or space (`users.calendar` is `users`).
fn first_part(tag: &str) -> &str {
    tag.split(['.', '/', ':', ' '])
        .find(|part| !part.is_empty())
        .unwrap_or(tag)
}

/// The feature of every key: its own name while there are at most `budget` of them, else its
/// first part's, else runs of those joined.
fn naming(keys: &[Vec<Key>], taken: &[String], budget: usize) -> BTreeMap<Key, String> {
    let all: BTreeSet<&Key> = keys.iter().flatten().collect();
    let whole: BTreeMap<Key, String> = all
        .iter()
        .map(|key| {
            let word = match key {
                Key::Tag(word) | Key::Path(word) => word,
            };
            ((*key).clone(), feature_name(word, taken))
        })
        .collect();
    if distinct(&whole) <= budget {
        return whole;
    }
    let parts: BTreeMap<Key, String> = all
        .iter()
        .map(|key| {
            let name = match key {
                Key::Tag(tag) => feature_name(first_part(tag), taken),
                Key::Path(word) => feature_name(word, taken),
            };
            ((*key).clone(), name)
        })
        .collect();
    if distinct(&parts) <= budget {
        return parts;
    }
    // Runs of equal size, in name order: `first-to-last`.
    let names: Vec<&String> = parts
        .values()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let size = names.len().div_ceil(budget);
    let mut run_of: IndexMap<&String, String> = IndexMap::new();
    for run in names.chunks(size) {
        let (Some(first), Some(last)) = (run.first(), run.last()) else {
            continue;
        };
        let joined = if first == last {
            (*first).clone()
        } else {
            format!("{first}-to-{last}")
        };
        for name in run {
            run_of.insert(name, joined.clone());
        }
    }
    parts
        .iter()
        .map(|(key, name)| (key.clone(), run_of.get(name).unwrap_or(name).clone()))
        .collect()
}

fn distinct(names: &BTreeMap<Key, String>) -> usize {
    names.values().collect::<BTreeSet<_>>().len()
}

/// One line on a feature: its tag's description (first sentence), or what it groups.
fn doc(keys: &BTreeSet<Key>, descriptions: &IndexMap<&str, &str>) -> String {
    let tags: Vec<&str> = keys
        .iter()
        .filter_map(|key| match key {
            Key::Tag(tag) => Some(tag.as_str()),
            Key::Path(_) => None,
        })
        .collect();
    let paths: Vec<String> = keys
        .iter()
        .filter_map(|key| match key {
            Key::Path(word) => Some(format!("`/{word}`")),
            Key::Tag(_) => None,
        })
        .collect();
    let mut parts = Vec::new();
    match tags.as_slice() {
        [] => {}
        [tag] => parts.push(
            descriptions
                .get(tag)
                .map(|text| first_sentence(text))
                .filter(|text| !text.is_empty())
                .unwrap_or_else(|| format!("The operations tagged `{tag}`.")),
        ),
        [first, .., last] if tags.len() > 3 => parts.push(format!(
            "The operations of {} tags, `{first}` to `{last}`.",
            tags.len()
        )),
        _ => {
            let list: Vec<String> = tags.iter().map(|tag| format!("`{tag}`")).collect();
            parts.push(format!("The operations tagged {}.", list.join(", ")));
        }
    }
    if !paths.is_empty() {
        parts.push(format!(
            "The untagged operations under {}.",
            paths.join(", ")
        ));
    }
    parts.join(" ")
}

/// The first sentence of `text`, on one line.
fn first_sentence(text: &str) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let end = line
        .match_indices(". ")
        .next()
        .map_or(line.len(), |(at, _)| at + 1);
    line.get(..end).unwrap_or(&line).to_owned()
}

/// Give every model the features of the operations that use it; see the module's docs for the
/// ones always compiled.
fn gate_models(api: &mut Api) {
    let index: IndexMap<&str, usize> = api
        .models
        .iter()
        .enumerate()
        .map(|(at, model)| (model.name.as_str(), at))
        .collect();
    let named = |types: &mut dyn Iterator<Item = &Type>| -> Vec<usize> {
        let mut found = Vec::new();
        for ty in types {
            named_in(ty, &mut |name| found.extend(index.get(name).copied()));
        }
        found
    };
    let uses: Vec<Vec<usize>> = api
        .models
        .iter()
        .map(|model| named(&mut model.kind.types().into_iter()))
        .collect();
    let feature_index: IndexMap<&str, usize> = api
        .features
        .iter()
        .enumerate()
        .map(|(at, feature)| (feature.name.as_str(), at))
        .collect();
    let mut roots: Vec<Vec<usize>> = vec![Vec::new(); api.features.len()];
    for op in &api.operations {
        let used = named(&mut operation_types(op).into_iter());
        for feature in &op.features {
            if let Some(&at) = feature_index.get(feature.as_str()) {
                roots[at].extend(&used);
            }
        }
    }
    let mut reached: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); api.models.len()];
    for (feature, roots) in roots.into_iter().enumerate() {
        for model in closure(roots, &uses) {
            reached[model].insert(feature);
        }
    }
    let mut always: Vec<usize> = named(&mut crate_types(api).into_iter());
    always.extend(
        reached
            .iter()
            .enumerate()
            .filter(|(_, features)| features.is_empty() || features.len() == api.features.len())
            .map(|(at, _)| at),
    );
    let always: BTreeSet<usize> = closure(always, &uses).into_iter().collect();
    for (at, model) in api.models.iter_mut().enumerate() {
        model.features = if always.contains(&at) {
            Vec::new()
        } else {
            reached[at]
                .iter()
                .map(|&feature| api.features[feature].name.clone())
                .collect()
        };
    }
}

/// Whether each model of `api` is used: reached from an operation's types or the crate's own
/// items, through the models' types (the walk [`gate_models`] makes per feature, made once).
pub(crate) fn used_models(api: &Api) -> Vec<bool> {
    let index: IndexMap<&str, usize> = api
        .models
        .iter()
        .enumerate()
        .map(|(at, model)| (model.name.as_str(), at))
        .collect();
    let named = |types: &mut dyn Iterator<Item = &Type>| -> Vec<usize> {
        let mut found = Vec::new();
        for ty in types {
            named_in(ty, &mut |name| found.extend(index.get(name).copied()));
        }
        found
    };
    let uses: Vec<Vec<usize>> = api
        .models
        .iter()
        .map(|model| named(&mut model.kind.types().into_iter()))
        .collect();
    let mut roots = named(&mut crate_types(api).into_iter());
    for op in &api.operations {
        roots.extend(named(&mut operation_types(op).into_iter()));
    }
    let mut used = vec![false; api.models.len()];
    for at in closure(roots, &uses) {
        used[at] = true;
    }
    used
}

/// The models reachable from `start` (itself included) through `uses`.
fn closure(start: Vec<usize>, uses: &[Vec<usize>]) -> Vec<usize> {
    let mut seen = vec![false; uses.len()];
    let mut stack = start;
    let mut found = Vec::new();
    while let Some(at) = stack.pop() {
        if seen.get(at).copied().unwrap_or(true) {
            continue;
        }
        seen[at] = true;
        found.push(at);
        stack.extend(&uses[at]);
    }
    found
}

/// Every type an operation's method and mock name: parameters, body, answer, error.
pub(crate) fn operation_types(op: &Operation) -> Vec<&Type> {
    let mut types: Vec<&Type> = op.path_params.iter().map(|param| &param.ty).collect();
    if let Some(params) = &op.params {
        types.extend(params.params.iter().map(|param| &param.ty));
    }
    if let Some(body) = &op.body {
        types.push(&body.ty);
    }
    match &op.success {
        Response::Json(ty) | Response::Events(ty) => types.push(ty),
        Response::Empty | Response::Text | Response::Binary => {}
    }
    types.push(&op.error);
    types
}

/// The types the crate's own items name, whatever features are on: the default error body, the
/// typed events.
pub(crate) fn crate_types(api: &Api) -> Vec<&Type> {
    let mut types = vec![&api.default_error];
    if let Some(events) = &api.events {
        types.push(&events.data);
        for kind in &events.kinds {
            types.extend(kind.payload.iter().map(|payload| &payload.ty));
            types.extend(kind.captures.iter().map(|capture| &capture.ty));
        }
    }
    types
}

/// Call `found` with the name of every model `ty` names.
pub(crate) fn named_in(ty: &Type, found: &mut dyn FnMut(&str)) {
    match ty {
        Type::Named { name, .. } => found(name),
        Type::Vec(inner) | Type::Optional(inner) | Type::Map(inner) => named_in(inner, found),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feature_names_are_kebab_ascii_and_avoid_the_crates_own() {
        let taken = taken_names();
        assert_eq!(feature_name("core_v1", &taken), "core-v1");
        assert_eq!(feature_name("users.calendar", &taken), "users-calendar");
        assert_eq!(feature_name("Fleet Health", &taken), "fleet-health");
        assert_eq!(feature_name("mock", &taken), "mock-api");
        assert_eq!(feature_name("default", &taken), "default-api");
        assert_eq!(feature_name("full", &taken), "full-api");
        assert_eq!(feature_name("日本", &taken), "api");
    }

    #[test]
    fn path_words_skip_versions_and_parameters() {
        assert_eq!(path_word("/v1/devices/{id}", ""), "devices");
        assert_eq!(path_word("/api/v2beta1/things", "/api"), "things");
        assert_eq!(path_word("/{id}/v1", ""), "v1");
        assert_eq!(path_word("/", ""), "");
    }

    fn tags(names: &[&str]) -> Vec<Vec<Key>> {
        names
            .iter()
            .map(|name| vec![Key::Tag((*name).to_owned())])
            .collect()
    }

    #[test]
    fn too_many_tags_are_grouped_by_first_part_then_in_runs() {
        let taken = taken_names();
        let keys = tags(&["users.user", "users.calendar", "me.calendar", "groups"]);
        let names = naming(&keys, &taken, 4);
        assert_eq!(names[&Key::Tag("users.user".into())], "users-user");
        let names = naming(&keys, &taken, 3);
        assert_eq!(names[&Key::Tag("users.user".into())], "users");
        assert_eq!(names[&Key::Tag("users.calendar".into())], "users");
        assert_eq!(names[&Key::Tag("me.calendar".into())], "me");
        let names = naming(&keys, &taken, 2);
        assert_eq!(names[&Key::Tag("groups".into())], "groups-to-me");
        assert_eq!(names[&Key::Tag("me.calendar".into())], "groups-to-me");
        assert_eq!(names[&Key::Tag("users.user".into())], "users");
    }

    #[test]
    fn docs_take_the_first_sentence_of_a_description() {
        let descriptions: IndexMap<&str, &str> =
            [("devices", "Devices of the account.\nMore text.")].into();
        let one = BTreeSet::from([Key::Tag("devices".into())]);
        assert_eq!(doc(&one, &descriptions), "Devices of the account.");
        let path = BTreeSet::from([Key::Path("pets".into())]);
        assert_eq!(
            doc(&path, &descriptions),
            "The untagged operations under `/pets`."
        );
    }
}
