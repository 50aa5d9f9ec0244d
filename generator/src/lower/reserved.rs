//! Names the hand-written runtime already uses, which generated names must not take: the methods
//! of `Client` and `ClientBuilder` (generated operations and setters go into the same `impl`
//! namespaces), and the locals of generated method bodies.

/// Every method of `Client` in the runtime, public or not (two inherent methods of one name do
/// not compile, whatever their visibility). A test compares this list with the runtime source.
pub(crate) const CLIENT_METHODS: &[&str] = &[
    "attempt",
    "base_url",
    "decode_failure",
    "error_answer",
    "max_body_size",
    "open_events",
    "prepare",
    "read_body",
    "redact",
    "retry_policy",
    "secret_fields",
    "send",
    "stream_options",
    "with_credential",
];

/// Every method of `ClientBuilder` in the runtime.
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

    /// The names of the methods in every `impl <type_name>` block of the runtime's source.
    fn methods_of(type_name: &str) -> Vec<String> {
        let mut names = Vec::new();
        for (path, text) in crate::emit::RUNTIME {
            let file = match syn::parse_file(text) {
                Ok(file) => file,
                Err(error) => panic!("{path} does not parse: {error}"),
            };
            for item in file.items {
                let syn::Item::Impl(block) = item else {
                    continue;
                };
                let syn::Type::Path(self_type) = &*block.self_ty else {
                    continue;
                };
                if block.trait_.is_some() || !self_type.path.is_ident(type_name) {
                    continue;
                }
                for item in block.items {
                    if let syn::ImplItem::Fn(method) = item {
                        names.push(method.sig.ident.to_string());
                    }
                }
            }
        }
        names.sort();
        names.dedup();
        names
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
