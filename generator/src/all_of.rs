//! The one rule `allOf` parts are merged by, for lowering (on `openapiv3` schemas) and for the
//! example generator (on JSON values), so an example has the members of the type made for it:
//! properties united, a property defined twice taking its last definition; required names
//! united, each once, in the order met. Both walk the parts in the same order: the parts in
//! order, a part's nested `allOf` before the part's own properties, the schema's own properties
//! beside its `allOf` last of all.

use indexmap::IndexMap;

/// The properties and required names merged so far.
#[derive(Debug, Clone)]
pub struct Merged<V> {
    /// Each property's last definition, in the order first met.
    pub properties: IndexMap<String, V>,
    /// Every required name, once.
    pub required: Vec<String>,
}

impl<V> Default for Merged<V> {
    fn default() -> Self {
        Self {
            properties: IndexMap::new(),
            required: Vec::new(),
        }
    }
}

impl<V: Clone> Merged<V> {
    /// Add one part's properties and required names.
    pub fn add<'a>(
        &mut self,
        properties: impl IntoIterator<Item = (&'a String, &'a V)>,
        required: impl IntoIterator<Item = &'a String>,
    ) where
        V: 'a,
    {
        for (name, property) in properties {
            self.properties.insert(name.clone(), property.clone());
        }
        for name in required {
            if !self.required.contains(name) {
                self.required.push(name.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Merged;

    #[test]
    fn a_later_definition_wins_and_required_names_are_united() {
        let mut merged = Merged::default();
        let (id, name, a, b) = ("id".to_owned(), "name".to_owned(), 1, 2);
        merged.add([(&id, &a), (&name, &a)], [&id]);
        merged.add([(&id, &b)], [&id, &name]);
        assert_eq!(merged.properties.get("id"), Some(&2));
        assert_eq!(
            merged.properties.keys().collect::<Vec<_>>(),
            ["id", "name"],
            "the first place a property is met is kept"
        );
        assert_eq!(merged.required, ["id", "name"]);
    }
}
