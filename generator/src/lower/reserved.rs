//! Names the hand-written runtime already uses, which generated names must not take: the methods
//! the runtime's `api_client!` gives a generated crate's `Client` and `ClientBuilder` (generated
//! operations and setters go into the same `impl` namespaces), and the locals of generated method
//! bodies.

/// Every method `api_client!` gives `Client` (two inherent methods of one name do not compile).
/// A test compares this list with the runtime source.
pub(crate) const CLIENT_METHODS: &[&str] = &[
    "base_url",
    "retry_policy",
    "stream_options",
    "with_credential",
];

/// Every method `api_client!` gives `ClientBuilder`.
pub(crate) const BUILDER_METHODS: &[&str] = &[
    "allow_insecure_http",
    "base_url",
    "build",
    "connect_timeout",
    "credential",
    "default_header",
    "hook",
    "http_client",
    "max_body_size",
    "new",
    "retry_policy",
    "stream_options",
    "timeout",
    "token_placement",
    "user_agent",
];

/// The locals of generated method bodies (`emit::operations`), which arguments must not shadow
/// or be shadowed by.
pub(crate) const METHOD_LOCALS: &[&str] = &[
    "self", "params", "body", "request", "response", "path", "pairs", "parts", "value", "cookies",
    "first", "page",
];

#[cfg(test)]
mod tests {
    use super::{BUILDER_METHODS, CLIENT_METHODS};

    /// The names of the methods in every `impl <type_name> { … }` block of the `api_client!`
    /// macro in the runtime's source.
    fn methods_of(type_name: &str) -> Vec<String> {
        let Some((_, text)) = crate::emit::runtime_source("api_client.rs") else {
            panic!("the runtime has no api_client.rs");
        };
        let file = match syn::parse_file(text) {
            Ok(file) => file,
            Err(error) => panic!("api_client.rs does not parse: {error}"),
        };
        let mut names = Vec::new();
        for item in file.items {
            if let syn::Item::Macro(item) = item {
                collect(item.mac.tokens, type_name, &mut names);
            }
        }
        names.sort();
        names.dedup();
        names
    }

    /// Push the `fn` names inside `impl <type_name> { … }` found anywhere in `tokens`.
    fn collect(tokens: proc_macro2::TokenStream, type_name: &str, names: &mut Vec<String>) {
        use proc_macro2::TokenTree;
        let tokens: Vec<TokenTree> = tokens.into_iter().collect();
        for (at, token) in tokens.iter().enumerate() {
            match (token, tokens.get(at + 1), tokens.get(at + 2)) {
                (
                    TokenTree::Ident(keyword),
                    Some(TokenTree::Ident(name)),
                    Some(TokenTree::Group(body)),
                ) if keyword == "impl" && name == type_name => {
                    let body: Vec<TokenTree> = body.stream().into_iter().collect();
                    for pair in body.windows(2) {
                        if let [TokenTree::Ident(keyword), TokenTree::Ident(name)] = pair
                            && keyword == "fn"
                        {
                            names.push(name.to_string());
                        }
                    }
                }
                (TokenTree::Group(group), _, _) => collect(group.stream(), type_name, names),
                _ => {}
            }
        }
    }

    #[test]
    fn the_reserved_names_are_the_runtimes_methods() {
        let sorted = |list: &[&str]| {
            let mut list: Vec<String> = list.iter().map(|name| (*name).to_owned()).collect();
            list.sort();
            list
        };
        assert_eq!(
            sorted(CLIENT_METHODS),
            methods_of("Client"),
            "CLIENT_METHODS"
        );
        assert_eq!(
            sorted(BUILDER_METHODS),
            methods_of("ClientBuilder"),
            "BUILDER_METHODS"
        );
    }
}
