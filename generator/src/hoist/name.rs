//! The name an object moved into a components map gets: made from the pointer it was found at
//! (`/components/schemas/Connection/properties/id` gives `Connection_id`), so the same document
//! always gives the same names, and made unique in that map.

/// Members whose value is a map of the author's names: the member itself says nothing, the name
/// after it does.
const NAME_MAPS: &[&str] = &[
    "paths",
    "definitions",
    "schemas",
    "properties",
    "parameters",
    "responses",
    "requestBodies",
    "headers",
    "examples",
    "links",
    "callbacks",
    "securitySchemes",
];

/// Members that only lead to the thing (the schema of a media type, the document's components).
const SILENT: &[&str] = &["components", "schema"];

/// A name for the object at `pointer`: the author's names and the telling keywords on the way,
/// split into words of letters and digits and joined by `_` (a media type is left out).
pub(crate) fn from_pointer(pointer: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut tokens = pointer
        .split('/')
        .skip(1)
        .map(crate::pointer::unescape_token);
    while let Some(token) = tokens.next() {
        if token == "content" {
            // The media type is how the thing is encoded, not what it is.
            tokens.next();
        } else if NAME_MAPS.contains(&token.as_str()) {
            // The entry's name, whatever it is (a property may be called `schema`).
            if let Some(name) = tokens.next() {
                words.extend(split_words(&name));
            }
        } else if !SILENT.contains(&token.as_str()) {
            words.extend(split_words(&token));
        }
    }
    if words.is_empty() {
        return "hoisted".to_owned();
    }
    words.join("_")
}

/// `base`, or `base_2`, `base_3`… the first that `taken` says is free.
pub(crate) fn unique(base: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_owned();
    }
    (2..)
        .map(|n| format!("{base}_{n}"))
        .find(|name| !taken(name))
        .unwrap_or_else(|| base.to_owned())
}

fn split_words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_from_the_pointer() {
        assert_eq!(
            from_pointer("/components/schemas/Connection/properties/id"),
            "Connection_id"
        );
        assert_eq!(
            from_pointer("/components/schemas/Address/definitions/addressType"),
            "Address_addressType"
        );
        assert_eq!(
            from_pointer("/paths/~1orders/get/responses/404/content/application~1json/schema"),
            "orders_get_404"
        );
        assert_eq!(
            from_pointer("/paths/~1v2~11-clicks/get/responses/401"),
            "v2_1_clicks_get_401"
        );
        assert_eq!(
            from_pointer("/components/parameters/companyId/schema"),
            "companyId"
        );
        assert_eq!(
            from_pointer("/components/schemas/A/properties/schema/items"),
            "A_schema_items"
        );
        assert_eq!(from_pointer("/definitions/A/allOf/0"), "A_allOf_0");
        assert_eq!(
            from_pointer("/components/schemas/%/properties/-"),
            "hoisted"
        );
    }

    #[test]
    fn a_taken_name_gets_a_number() {
        let taken = ["A", "A_2"];
        assert_eq!(unique("A", |name| taken.contains(&name)), "A_3");
        assert_eq!(unique("B", |name| taken.contains(&name)), "B");
    }
}
