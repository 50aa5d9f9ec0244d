//! The generated crate's `tests/samples.rs`: reads `tests/samples.tsv` (one sample a line: the
//! model's index, a tab, the JSON text), decodes each into its model's type, encodes it back and
//! compares; prints one line per failure and a closing count for `cargo xtask samples` to read.

use anyhow::{Context, Result};
use generator::emit::rust_ident as ident;
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// What the generated test prints first on a failure's line.
pub(super) const FAILED: &str = "samples-failed";
/// What it prints first on its closing line: passed and failed counts.
pub(super) const DONE: &str = "samples-done";

/// How a model's samples are checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Check {
    /// Decoded, encoded back, the same JSON.
    RoundTrip,
    /// An error enum: `{"status", "body"}`, the body decoded with `from_status`.
    ByStatus,
    /// `{"input", "expected"}`: decoded from the input, encoded as the expected value (a file
    /// part's text comes back as its bytes).
    Expected,
}

/// The test for `crate_name`, dispatching model index N to the N-th of `models` (Rust names).
// Whole: one quote! template of the generated test file, read best in one piece.
pub(super) fn test_file(
    spec: &str,
    crate_name: &str,
    models: &[(String, Check)],
) -> Result<String> {
    let krate = ident(&crate_name.replace('-', "_"));
    let arms = models.iter().enumerate().map(|(index, (model, check))| {
        let ty = ident(model);
        let index = Literal::usize_unsuffixed(index);
        match check {
            Check::ByStatus => {
                quote!(#index => check_status(text, ::#krate::models::#ty::from_status))
            }
            Check::Expected => quote!(#index => check_expected::<::#krate::models::#ty>(text)),
            Check::RoundTrip => quote!(#index => check::<::#krate::models::#ty>(text)),
        }
    });
    let tokens: TokenStream = quote! {
        //! Every sample of `tests/samples.tsv`, each valid against its model's schema: decoded into
        //! the model's type and encoded again it must give the same JSON (numbers compared by
        //! value, members in any order).
        #![allow(clippy::print_stdout, deprecated)]

        use ::serde_json::Value;

        fn check<T>(text: &str) -> ::std::result::Result<(), ::std::string::String>
        where
            T: ::serde::de::DeserializeOwned + ::serde::Serialize,
        {
            let decoded: T = ::serde_json::from_str(text)
                .map_err(|error| format!("decode\t{error}"))?;
            // Through text, as a client sends it: an `f32` is written as the shortest text that
            // reads back as the same `f32`.
            let encoded = ::serde_json::to_string(&decoded)
                .map_err(|error| format!("encode\t{error}"))?;
            let expected: Value = ::serde_json::from_str(text)
                .map_err(|error| format!("data\t{error}"))?;
            let actual: Value = ::serde_json::from_str(&encoded)
                .map_err(|error| format!("encode\t{error}"))?;
            match same(&expected, &actual) {
                true => ::std::result::Result::Ok(()),
                false => ::std::result::Result::Err(format!("differs\t{encoded}")),
            }
        }

        /// `{"input": …, "expected": …}`: the input decoded, encoded as the expected value.
        fn check_expected<T>(text: &str) -> ::std::result::Result<(), ::std::string::String>
        where
            T: ::serde::de::DeserializeOwned + ::serde::Serialize,
        {
            let sample: Value = ::serde_json::from_str(text).map_err(|error| format!("data\t{error}"))?;
            let (::std::option::Option::Some(input), ::std::option::Option::Some(expected)) = (sample.get("input"), sample.get("expected")) else {
                return ::std::result::Result::Err("data\tno input or expected value".to_owned());
            };
            let decoded: T = ::serde_json::from_value(input.clone()).map_err(|error| format!("decode\t{error}"))?;
            let encoded = ::serde_json::to_string(&decoded).map_err(|error| format!("encode\t{error}"))?;
            let actual: Value = ::serde_json::from_str(&encoded).map_err(|error| format!("encode\t{error}"))?;
            match same(expected, &actual) {
                true => ::std::result::Result::Ok(()),
                false => ::std::result::Result::Err(format!("differs\t{encoded}")),
            }
        }

        /// An error enum decoded by status: `{"status": …, "body": …}`, the body decoded with
        /// `from_status` and the variant encoded back.
        fn check_status<T: ::serde::Serialize>(
            text: &str,
            from_status: fn(u16, &str) -> ::std::option::Option<T>,
        ) -> ::std::result::Result<(), ::std::string::String> {
            let sample: Value = ::serde_json::from_str(text).map_err(|error| format!("data\t{error}"))?;
            let status = sample.get("status").and_then(Value::as_u64).and_then(|s| u16::try_from(s).ok());
            let (::std::option::Option::Some(status), ::std::option::Option::Some(body)) = (status, sample.get("body")) else {
                return ::std::result::Result::Err("data\tno status or body".to_owned());
            };
            let decoded = from_status(status, &body.to_string())
                .ok_or_else(|| format!("decode\tfrom_status({status}) took it for no body of its type"))?;
            let encoded = ::serde_json::to_string(&decoded).map_err(|error| format!("encode\t{error}"))?;
            let actual: Value = ::serde_json::from_str(&encoded).map_err(|error| format!("encode\t{error}"))?;
            match same(body, &actual) {
                true => ::std::result::Result::Ok(()),
                false => ::std::result::Result::Err(format!("differs\t{encoded}")),
            }
        }

        /// JSON equality as JSON Schema has it: numbers by value, members in any order.
        fn same(a: &Value, b: &Value) -> bool {
            match (a, b) {
                (Value::Number(x), Value::Number(y)) => {
                    x == y || (x.as_i64().is_none() || y.as_i64().is_none()) && x.as_f64() == y.as_f64()
                }
                (Value::Array(x), Value::Array(y)) => {
                    x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
                }
                (Value::Object(x), Value::Object(y)) => {
                    x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
                }
                _ => a == b,
            }
        }

        fn dispatch(model: usize, text: &str) -> ::std::result::Result<(), ::std::string::String> {
            match model {
                #(#arms,)*
                _ => ::std::result::Result::Err("data\tno such model".to_owned()),
            }
        }

        #[test]
        fn samples() {
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/samples.tsv");
            let data = ::std::fs::read_to_string(path).expect("tests/samples.tsv is readable");
            let (mut passed, mut failed) = (0usize, 0usize);
            for (line, sample) in data.lines().enumerate() {
                let verdict = match sample.split_once('\t') {
                    ::std::option::Option::Some((model, text)) => match model.parse::<usize>() {
                        ::std::result::Result::Ok(model) => dispatch(model, text),
                        ::std::result::Result::Err(_) => ::std::result::Result::Err("data\tno model index".to_owned()),
                    },
                    ::std::option::Option::None => ::std::result::Result::Err("data\tno tab".to_owned()),
                };
                match verdict {
                    ::std::result::Result::Ok(()) => passed += 1,
                    ::std::result::Result::Err(reason) => {
                        failed += 1;
                        println!("{}\t{}\t{}\t{}", #FAILED, env!("CARGO_PKG_NAME"), line, reason.replace('\n', " "));
                    }
                }
            }
            println!("{}\t{}\t{}\t{}", #DONE, env!("CARGO_PKG_NAME"), passed, failed);
        }
    };
    let file = syn::parse2(tokens).context("the generated samples test does not parse")?;
    Ok(format!(
        "// @generated by `cargo xtask samples` from {spec}. Do not edit: every run rewrites it.\n\
         // It allows `print_stdout`: it reports to `cargo xtask samples` a line per failure.\n\n{}",
        prettyplease::unparse(&file)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_arm_per_model_by_index() {
        let models = [
            ("Pet".to_owned(), Check::RoundTrip),
            ("r#Type".to_owned(), Check::RoundTrip),
        ];
        let text = test_file("pets.yaml", "samples-pets", &models).unwrap();
        assert!(
            text.contains("0 => check::<::samples_pets::models::Pet>(text)"),
            "{text}"
        );
        assert!(
            text.contains("1 => check::<::samples_pets::models::r#Type>(text)"),
            "{text}"
        );
    }
}
