//! `events.rs`: the enum of the event kinds an API declares (`x-events`), decoded from a stream's
//! `Event` by name, its payload typed; with a test that every documented event round-trips.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{doc, types};
use crate::ir::{EventKind, Events, PayloadFormat};

/// The items of `events.rs`.
pub(crate) fn file(events: &Events) -> TokenStream {
    let name = types::ident(&events.name);
    let data = types::tokens(&events.data);
    let field = types::ident(&events.payload_field);
    let payload_of_event = if events.payload_optional {
        quote!(event.data.#field.as_deref())
    } else {
        quote!(::std::option::Option::Some(event.data.#field.as_str()))
    };
    let enum_doc = doc::attrs(events.doc.as_deref());
    let variants: Vec<TokenStream> = events.kinds.iter().map(variant).collect();
    let parse_arms: Vec<TokenStream> = events.kinds.iter().map(parse_arm).collect();
    let parts_arms: Vec<TokenStream> = events.kinds.iter().map(parts_arm).collect();
    let kind_arms: Vec<TokenStream> = events.kinds.iter().map(kind_arm).collect();
    let unused = events
        .kinds
        .iter()
        .all(|kind| kind.payload.is_none())
        .then(|| quote!(let _ = payload;));
    let module_doc = format!(
        " [`{}`]: the kinds of events this API's event streams carry, told apart by name, each \
         payload decoded as its kind's type.",
        events.name
    );
    let how = format!(
        " Tell an event's kind with [`{0}::of`] (or `{0}::from(&event)`): a name no kind matches \
         is [`{0}::Other`], a payload that does not decode as its kind's is [`{0}::Malformed`]. \
         The kinds are matched in the order listed here; in a name's form, each `{{hole}}` takes \
         one character at least, the first as many as it can.",
        events.name
    );
    let tests = tests(events);
    quote! {
        #![doc = #module_doc]

        #enum_doc
        #[doc = ""]
        #[doc = #how]
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        // A value lives as long as one event is looked at; boxing payloads would cost every
        // `match` on one (`Status(DeviceStatus::Online)`) its pattern.
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #( #variants )*
            /// An event whose name matches none of the kinds above.
            Other,
            /// An event of one of the kinds above whose payload does not decode as that kind's.
            Malformed {
                /// The kind's variant name.
                kind: &'static str,
                /// Why the payload did not decode.
                error: ::std::string::String,
            },
        }

        impl #name {
            /// The kind of `event`, its payload decoded.
            pub fn of(event: &crate::runtime::Event<#data>) -> Self {
                Self::parse(&event.name, #payload_of_event)
            }

            /// The kind of an event named `name` whose payload text is `payload`.
            pub fn parse(name: &str, payload: ::std::option::Option<&str>) -> Self {
                #unused
                #( #parse_arms )*
                Self::Other
            }

            /// The name and payload text an event of this kind is published with (`None` for
            /// [`Self::Other`] and [`Self::Malformed`], which keep neither).
            pub fn to_parts(
                &self,
            ) -> ::std::option::Option<(::std::string::String, ::std::option::Option<::std::string::String>)> {
                match self {
                    #( #parts_arms )*
                    Self::Other | Self::Malformed { .. } => ::std::option::Option::None,
                }
            }

            /// The variant's name (`"Other"`, `"Malformed"` for those), for logs and metrics.
            pub fn kind(&self) -> &'static str {
                match self {
                    #( #kind_arms )*
                    Self::Other => "Other",
                    Self::Malformed { .. } => "Malformed",
                }
            }
        }

        impl ::std::convert::From<&crate::runtime::Event<#data>> for #name {
            fn from(event: &crate::runtime::Event<#data>) -> Self {
                Self::of(event)
            }
        }

        #tests
    }
}

/// The variant of a kind: unit, the payload alone, or the holes (and the payload) by name.
fn variant(kind: &EventKind) -> TokenStream {
    let name = types::ident(&kind.variant);
    let mut text = format!("`{}`", kind.template);
    if let Some(doc) = kind.doc.as_deref() {
        text.push_str(": ");
        text.push_str(doc.trim());
    }
    if let Some(payload) = &kind.payload {
        let mut how = match &payload.format {
            PayloadFormat::Text => "The payload is plain text".to_owned(),
            PayloadFormat::Json => "The payload is JSON text".to_owned(),
            PayloadFormat::Forms(forms) => {
                let forms: Vec<String> = forms.iter().map(|form| format!("`{form}`")).collect();
                format!("The payload is plain text, {}", forms.join(" or "))
            }
        };
        if payload.trim {
            how.push_str(", read without surrounding whitespace");
        }
        text.push_str(&format!("\n\n{how}."));
    }
    if !kind.examples.is_empty() {
        let shown: Vec<String> = kind.examples.iter().map(shown).collect();
        text.push_str(&format!("\n\nDocumented: {}.", shown.join("; ")));
    }
    let docs = doc::attrs(Some(&text));
    let payload = kind
        .payload
        .as_ref()
        .map(|payload| types::tokens(&payload.ty));
    if kind.captures.is_empty() {
        return match payload {
            Some(ty) => quote!(#docs #name(#ty),),
            None => quote!(#docs #name,),
        };
    }
    let captures = kind.captures.iter().map(|capture| {
        let field = types::ident(&capture.field);
        let ty = types::tokens(&capture.ty);
        let mut text = format!("What the name's `{{{}}}` holds.", capture.hole);
        if let Some(doc) = &capture.doc {
            text = format!("{text} {}", doc.trim());
        }
        let docs = doc::attrs(Some(&text));
        quote!(#docs #field: #ty,)
    });
    let payload = payload.map(|ty| {
        quote!(/// The payload.
        payload: #ty,)
    });
    quote!(#docs #name { #( #captures )* #payload },)
}

/// An example as a variant's docs show it.
fn shown(example: &crate::ir::EventExample) -> String {
    let payload = example.payload.as_deref().unwrap_or_default();
    let payload = if payload.chars().count() > 120 {
        let cut: String = payload.chars().take(120).collect();
        format!("{cut}…")
    } else {
        payload.to_owned()
    };
    format!("`{}` with `{}`", example.name, payload.replace('`', "'"))
}

/// The check of one kind in `parse`.
fn parse_arm(kind: &EventKind) -> TokenStream {
    let variant_name = &kind.variant;
    let template = &kind.template;
    let captures: Vec<_> = kind
        .captures
        .iter()
        .map(|c| types::ident(&c.field))
        .collect();
    let count = Literal::usize_unsuffixed(captures.len());
    // The holes of another type than `String`: read, or the name is not of this kind.
    let typed: Vec<_> = kind
        .captures
        .iter()
        .filter(|c| c.ty != crate::ir::Type::String)
        .map(|c| (types::ident(&c.field), types::tokens(&c.ty)))
        .collect();
    let built = bound(kind);
    let body = match &kind.payload {
        Some(payload) => {
            let decode = match &payload.format {
                PayloadFormat::Text => quote!(decode_text(payload)),
                PayloadFormat::Json => quote!(decode_json(payload)),
                PayloadFormat::Forms(forms) => quote!(decode_form(&[#( #forms ),*], payload)),
            };
            let trim = payload
                .trim
                .then(|| quote!(let payload = payload.map(str::trim);));
            quote! {
                #trim
                return match crate::runtime::event_kinds::#decode {
                    ::std::result::Result::Ok(payload) => #built,
                    ::std::result::Result::Err(error) => Self::Malformed { kind: #variant_name, error },
                };
            }
        }
        None => quote!(return #built;),
    };
    let body = if typed.is_empty() {
        body
    } else {
        let fields = typed.iter().map(|(field, _)| field);
        let reads = typed
            .iter()
            .map(|(field, ty)| quote!(crate::runtime::event_kinds::hole::<#ty>(&#field)));
        quote! {
            if let (#( ::std::option::Option::Some(#fields), )*) = (#( #reads, )*) {
                #body
            }
        }
    };
    if captures.is_empty() {
        quote! {
            if name == #template {
                #body
            }
        }
    } else {
        quote! {
            if let ::std::option::Option::Some([#( #captures ),*]) =
                crate::runtime::event_kinds::captures::<#count>(#template, name)
            {
                #body
            }
        }
    }
}

/// The arm of one kind in `to_parts`.
fn parts_arm(kind: &EventKind) -> TokenStream {
    let template = &kind.template;
    let captures: Vec<_> = kind
        .captures
        .iter()
        .map(|c| types::ident(&c.field))
        .collect();
    let pattern = bound(kind);
    let name = if captures.is_empty() {
        quote!(::std::string::String::from(#template))
    } else {
        quote!(crate::runtime::event_kinds::fill(
            #template,
            &[#( crate::runtime::event_kinds::hole_text(#captures).as_str() ),*],
        ))
    };
    let payload = match kind.payload.as_ref().map(|payload| &payload.format) {
        Some(PayloadFormat::Text) => quote!(crate::runtime::event_kinds::encode_text(payload)),
        Some(PayloadFormat::Json) => quote!(crate::runtime::event_kinds::encode_json(payload)),
        Some(PayloadFormat::Forms(forms)) => {
            quote!(crate::runtime::event_kinds::encode_form(&[#( #forms ),*], payload))
        }
        None => quote!(::std::option::Option::None),
    };
    quote!(#pattern => ::std::option::Option::Some((#name, #payload)),)
}

/// The variant of `kind` with its fields bound to locals of their names (`payload` and the
/// holes): the same tokens build one in `parse` and take one apart in `to_parts`.
fn bound(kind: &EventKind) -> TokenStream {
    let variant = types::ident(&kind.variant);
    let captures = kind.captures.iter().map(|c| types::ident(&c.field));
    match (&kind.payload, kind.captures.is_empty()) {
        (Some(_), true) => quote!(Self::#variant(payload)),
        (Some(_), false) => quote!(Self::#variant { #( #captures, )* payload }),
        (None, true) => quote!(Self::#variant),
        (None, false) => quote!(Self::#variant { #( #captures ),* }),
    }
}

/// The arm of one kind in `kind`.
fn kind_arm(kind: &EventKind) -> TokenStream {
    let variant = types::ident(&kind.variant);
    let name = &kind.variant;
    let pattern = match (&kind.payload, kind.captures.is_empty()) {
        (Some(_), true) => quote!(Self::#variant(..)),
        (None, true) => quote!(Self::#variant),
        (_, false) => quote!(Self::#variant { .. }),
    };
    quote!(#pattern => #name,)
}

/// A test that each documented event decodes as its kind and is published again as it was.
fn tests(events: &Events) -> TokenStream {
    let name = types::ident(&events.name);
    let cases: Vec<TokenStream> = events
        .kinds
        .iter()
        .flat_map(|kind| {
            let variant = &kind.variant;
            // 0: a text payload, compared as text; 1: JSON, compared as JSON; 2: not kept.
            let mode: u8 = match kind.payload.as_ref().map(|payload| &payload.format) {
                Some(PayloadFormat::Json) => 1,
                Some(_) => 0,
                None => 2,
            };
            let trim = kind.payload.as_ref().is_some_and(|payload| payload.trim);
            kind.examples.iter().map(move |example| {
                let event_name = &example.name;
                let text = |text: &str| match &example.payload {
                    Some(_) => quote!(::std::option::Option::Some(#text)),
                    None => quote!(::std::option::Option::None),
                };
                let documented = example.payload.as_deref().unwrap_or_default();
                let payload = text(documented);
                // A trimmed payload is published again without the whitespace.
                let published = text(if trim { documented.trim() } else { documented });
                quote!(Case {
                    name: #event_name,
                    payload: #payload,
                    expected: #published,
                    kind: #variant,
                    mode: #mode,
                },)
            })
        })
        .collect();
    if cases.is_empty() {
        return TokenStream::new();
    }
    quote! {
        #[cfg(test)]
        mod tests {
            use super::#name;

            /// Every documented event decodes as its kind and is published again with the same name
            /// and payload.
            #[test]
            fn documented_events_round_trip() {
                /// A documented event: its name and payload, the payload it is published again
                /// with, its kind, and how payloads compare (0 as text, 1 as JSON, 2 not kept).
                struct Case {
                    name: &'static str,
                    payload: ::std::option::Option<&'static str>,
                    expected: ::std::option::Option<&'static str>,
                    kind: &'static str,
                    mode: u8,
                }
                let cases = [#( #cases )*];
                for Case { name, payload, expected, kind, mode } in cases {
                    let decoded = #name::parse(name, payload);
                    assert_eq!(decoded.kind(), kind, "{name}: {decoded:?}");
                    let (again, published) = decoded.to_parts().expect("a kind is published");
                    assert_eq!(again, name);
                    let same = match mode {
                        0 => published.as_deref() == expected,
                        1 => crate::runtime::event_kinds::same_json(published.as_deref(), expected),
                        _ => true,
                    };
                    assert!(same, "{name}: published again as {published:?}, documented as {payload:?}");
                }
            }
        }
    }
}
