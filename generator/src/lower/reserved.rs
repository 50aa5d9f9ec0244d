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
    "with_known_credential",
];

/// Every method `api_client!` gives `ClientBuilder`.
pub(crate) const BUILDER_METHODS: &[&str] = &[
    "allow_insecure_http",
    "attempt_timeout",
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

/// What a generated operation method (`emit::operations`) binds besides its path arguments,
/// which those arguments must not take: its other arguments (`self`, `params`, `body`) and what
/// its body binds. A test generates every pipeline fixture and compares this list with what the
/// emitted methods bind.
pub(crate) const METHOD_LOCALS: &[&str] = &[
    "self",
    "params",
    "body",
    "OPERATION",
    "path",
    "request",
    "first",
    "page",
    "answer",
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

#[cfg(test)]
mod method_locals {
    use std::collections::BTreeSet;

    use super::METHOD_LOCALS;
    use crate::emit::CrateConfig;
    use crate::pipeline::{self, Input, OnSkip, Source};

    /// Every name the generated operation methods bind, their path arguments left out: the
    /// other arguments, and every `let`, `const`, closure parameter and pattern in the bodies,
    /// over every pipeline fixture.
    fn bound_by_generated_methods() -> BTreeSet<String> {
        let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/pipeline");
        let mut bound = BTreeSet::new();
        let Ok(entries) = std::fs::read_dir(folder) else {
            panic!("cannot read {folder}");
        };
        let mut paths: Vec<_> = entries.flatten().map(|entry| entry.path()).collect();
        paths.sort();
        for path in paths {
            let name = path.display().to_string();
            if name.ends_with(".overlay.yaml") {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&path) else {
                panic!("cannot read {name}");
            };
            let input = Input {
                spec: Source {
                    name: &name,
                    text: &text,
                },
                overlays: &[],
                on_skip: OnSkip::Warn,
            };
            let config = CrateConfig {
                name: "fixture-client".to_owned(),
                version: "0.1.0".to_owned(),
                command: "fixture".to_owned(),
                sources: vec![name.clone()],
                workspace_member: false,
                dev_dependencies: Vec::new(),
                runtime: crate::emit::Runtime::Vendored,
                install: None,
                publish: false,
                mock_examples: Vec::new(),
                default_features: Default::default(),
                select: Vec::new(),
                feature_gates: true,
            };
            let Ok((output, files)) = pipeline::generate(&input, &config) else {
                continue;
            };
            let path_arguments: BTreeSet<String> = output
                .api
                .operations
                .iter()
                .flat_map(|op| &op.path_params)
                .map(|param| param.name.trim_start_matches("r#").to_owned())
                .collect();
            for file in files.iter().filter(|file| file.path == "src/operations.rs") {
                let Ok(parsed) = syn::parse_file(&file.contents) else {
                    panic!("{name}: operations.rs does not parse");
                };
                for item in parsed.items {
                    let syn::Item::Impl(block) = item else {
                        continue;
                    };
                    for item in block.items {
                        let syn::ImplItem::Fn(method) = item else {
                            continue;
                        };
                        let mut names = Vec::new();
                        for input in &method.sig.inputs {
                            match input {
                                syn::FnArg::Receiver(_) => names.push("self".to_owned()),
                                syn::FnArg::Typed(typed) => pattern(&typed.pat, &mut names),
                            }
                        }
                        names
                            .retain(|name| !path_arguments.contains(name.trim_start_matches("r#")));
                        block_bindings(&method.block, &mut names);
                        bound.extend(names);
                    }
                }
            }
        }
        bound
    }

    fn block_bindings(block: &syn::Block, names: &mut Vec<String>) {
        for statement in &block.stmts {
            match statement {
                syn::Stmt::Local(local) => {
                    pattern(&local.pat, names);
                    if let Some(init) = &local.init {
                        expression(&init.expr, names);
                    }
                }
                syn::Stmt::Item(syn::Item::Const(item)) => {
                    names.push(item.ident.to_string());
                    expression(&item.expr, names);
                }
                syn::Stmt::Item(_) | syn::Stmt::Macro(_) => {}
                syn::Stmt::Expr(expr, _) => expression(expr, names),
            }
        }
    }

    /// What `expr` binds: closure parameters, and whatever blocks inside it bind. Macro
    /// arguments (`format!`) are not read: generated code binds nothing there.
    fn expression(expr: &syn::Expr, names: &mut Vec<String>) {
        use syn::Expr;
        match expr {
            Expr::Closure(closure) => {
                for input in &closure.inputs {
                    pattern(input, names);
                }
                expression(&closure.body, names);
            }
            Expr::Block(block) => block_bindings(&block.block, names),
            Expr::Async(block) => block_bindings(&block.block, names),
            Expr::Call(call) => {
                expression(&call.func, names);
                call.args.iter().for_each(|arg| expression(arg, names));
            }
            Expr::MethodCall(call) => {
                expression(&call.receiver, names);
                call.args.iter().for_each(|arg| expression(arg, names));
            }
            Expr::Assign(assign) => {
                expression(&assign.left, names);
                expression(&assign.right, names);
            }
            Expr::Binary(binary) => {
                expression(&binary.left, names);
                expression(&binary.right, names);
            }
            Expr::Await(inner) => expression(&inner.base, names),
            Expr::Field(inner) => expression(&inner.base, names),
            Expr::Paren(inner) => expression(&inner.expr, names),
            Expr::Reference(inner) => expression(&inner.expr, names),
            Expr::Try(inner) => expression(&inner.expr, names),
            Expr::Unary(inner) => expression(&inner.expr, names),
            Expr::Cast(inner) => expression(&inner.expr, names),
            Expr::Tuple(tuple) => tuple.elems.iter().for_each(|e| expression(e, names)),
            Expr::Array(array) => array.elems.iter().for_each(|e| expression(e, names)),
            Expr::Struct(init) => init.fields.iter().for_each(|f| expression(&f.expr, names)),
            Expr::Lit(_) | Expr::Path(_) | Expr::Macro(_) => {}
            other => panic!(
                "a generated method body holds an expression this walk does not read: {}",
                quote::quote!(#other)
            ),
        }
    }

    fn pattern(pat: &syn::Pat, names: &mut Vec<String>) {
        use syn::Pat;
        match pat {
            Pat::Ident(ident) => {
                names.push(ident.ident.to_string());
                if let Some((_, inner)) = &ident.subpat {
                    pattern(inner, names);
                }
            }
            Pat::Type(typed) => pattern(&typed.pat, names),
            Pat::Reference(inner) => pattern(&inner.pat, names),
            Pat::Tuple(tuple) => tuple.elems.iter().for_each(|p| pattern(p, names)),
            Pat::TupleStruct(tuple) => tuple.elems.iter().for_each(|p| pattern(p, names)),
            Pat::Struct(fields) => fields.fields.iter().for_each(|f| pattern(&f.pat, names)),
            Pat::Or(or) => or.cases.iter().for_each(|p| pattern(p, names)),
            Pat::Slice(slice) => slice.elems.iter().for_each(|p| pattern(p, names)),
            _ => {}
        }
    }

    #[test]
    fn the_reserved_locals_are_what_generated_methods_bind() {
        let reserved: BTreeSet<String> = METHOD_LOCALS
            .iter()
            .map(|name| (*name).to_owned())
            .collect();
        assert_eq!(
            reserved,
            bound_by_generated_methods(),
            "METHOD_LOCALS must be exactly what generated operation methods bind"
        );
    }
}
