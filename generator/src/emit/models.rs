//! `models.rs`: one serde type per IR model.

use proc_macro2::TokenStream;
use quote::quote;
use syn::parse::Parser;

use super::{doc, types};
use crate::ir::{
    Field, Fit, Model, ModelKind, Representation, StatusMatch, StatusVariant, Type, Union,
    UnionVariant, VariantShape,
};

/// The items of `models.rs` for a union or an error enum by status, parsed: its type, then its
/// impls. The other kinds are written as text by [`super::model_text`]: nothing here.
pub(crate) fn model(model: &Model) -> syn::Result<Vec<syn::Item>> {
    let mut items = syn::parse2::<syn::File>(model_items(model))?.items;
    // The crate's own uses of a deprecated item (a variant of a deprecated type; in impls, the
    // deprecated type itself) are not the uses the attribute warns users about.
    let allow_in_type = model.uses_deprecated;
    let allow_in_impls = allow_in_type || model.deprecated.is_some();
    let deprecated = doc::deprecated(model.deprecated.as_ref());
    if !deprecated.is_empty() || allow_in_type || allow_in_impls {
        mark_deprecated(&mut items, deprecated, allow_in_type, allow_in_impls)?;
    }
    Ok(items)
}

/// Put `deprecated` on the type (the first of `items`), and `#[allow(deprecated)]` on the type and
/// on the impls as asked.
fn mark_deprecated(
    items: &mut [syn::Item],
    deprecated: TokenStream,
    allow_in_type: bool,
    allow_in_impls: bool,
) -> syn::Result<()> {
    let deprecated = syn::Attribute::parse_outer.parse2(deprecated)?;
    let allow: Vec<syn::Attribute> = syn::parse_quote!(#[allow(deprecated)]);
    for (index, item) in items.iter_mut().enumerate() {
        let attrs = match item {
            syn::Item::Struct(item) => &mut item.attrs,
            syn::Item::Enum(item) => &mut item.attrs,
            syn::Item::Type(item) => &mut item.attrs,
            syn::Item::Impl(item) => &mut item.attrs,
            _ => continue,
        };
        let is_type = index == 0;
        if is_type {
            attrs.extend(deprecated.iter().cloned());
        }
        if (is_type && allow_in_type) || (!is_type && allow_in_impls) {
            attrs.extend(allow.iter().cloned());
        }
    }
    Ok(())
}

fn model_items(model: &Model) -> TokenStream {
    let name = types::ident(&model.name);
    let docs = doc::attrs(model.doc.as_deref());
    match &model.kind {
        ModelKind::StatusEnum(variants) => status_enum(&name, docs, variants),
        ModelKind::Union(union) => union_enum(&name, docs, union),
        ModelKind::Struct(_) | ModelKind::Enum(_) | ModelKind::Alias(_) => TokenStream::new(),
    }
}

/// A field of a union's struct variant, which serde's derive reads: it carries the attributes
/// reading needs (`default`, the lenient number readers) as well as writing's.
fn variant_field(field: &Field) -> TokenStream {
    let name = types::ident(&field.name);
    let deprecated = doc::deprecated(field.deprecated.as_ref());
    let ty = types::tokens(&field.ty);
    let option = quote!(::std::option::Option);
    let docs = match &field.doc {
        Some(text) => doc::attrs(Some(text)),
        None => {
            let text = format!(" `{}`", field.wire);
            quote!(#[doc = #text])
        }
    };
    let docs = quote!(#docs #deprecated);
    let rename = (crate::ident::bare(&field.name) != field.wire).then(|| {
        let wire = &field.wire;
        quote!(rename = #wire,)
    });
    // Numbers are read leniently (a number or a string holding one): APIs disagree with their own
    // docs about which one they send, and the reading side should accept both.
    let number = matches!(field.ty, Type::I32 | Type::I64 | Type::F32 | Type::F64);
    match (field.required && !field.nullable, number) {
        (true, false) => {
            let serde = rename.map(|rename| quote!(#[serde(#rename)]));
            quote! { #docs #serde #name: #ty, }
        }
        (true, true) => quote! {
            #docs
            #[serde(#rename deserialize_with = "crate::runtime::lenient::number")]
            #name: #ty,
        },
        // Optional and nullable: absent, `null` or a value.
        (false, number) if !field.required && field.nullable => {
            let lenient = number
                .then(|| quote!(deserialize_with = "crate::runtime::lenient::nullable_number",));
            quote! {
                #docs
                #[serde(#rename default, #lenient skip_serializing_if = "crate::runtime::Nullable::is_absent")]
                #name: crate::runtime::Nullable<#ty>,
            }
        }
        (false, number) => {
            let lenient = number
                .then(|| quote!(deserialize_with = "crate::runtime::lenient::option_number",));
            // A required but nullable field is always sent, as `null` when empty.
            let skip = (!field.required)
                .then(|| quote!(skip_serializing_if = "::std::option::Option::is_none",));
            quote! {
                #docs
                #[serde(#rename default, #lenient #skip)]
                #name: #option<#ty>,
            }
        }
    }
}

/// An error body decoded by status: one variant per documented error status.
fn status_enum(
    name: &proc_macro2::Ident,
    docs: TokenStream,
    variants: &[StatusVariant],
) -> TokenStream {
    let items = variants.iter().map(|variant| {
        let ident = types::ident(&variant.name);
        let ty = types::tokens(&variant.ty);
        let status = match variant.status {
            StatusMatch::Code(code) => format!("`{code}`"),
            StatusMatch::Range(class) => format!("`{class}XX`"),
            StatusMatch::Default => "any other status".to_owned(),
        };
        let text = match &variant.doc {
            Some(doc) => format!(" {status}: {}", doc::escape(doc).join(" ").trim()),
            None => format!(" {status}."),
        };
        quote! { #[doc = #text] #ident(#ty), }
    });
    let arms = variants.iter().map(|variant| {
        let ident = types::ident(&variant.name);
        let pattern = match variant.status {
            StatusMatch::Code(code) => quote!(#code),
            StatusMatch::Range(class) => {
                let (low, high) = (class * 100, class * 100 + 99);
                quote!(#low..=#high)
            }
            StatusMatch::Default => quote!(_),
        };
        // The same rule as one shared error type: a body that fills none of the type's fields
        // is not that type, and stays text.
        quote!(#pattern => crate::runtime::error_json(status, body).map(Self::#ident),)
    });
    let fallback = (!variants.iter().any(|v| v.status == StatusMatch::Default))
        .then(|| quote!(_ => ::std::option::Option::None,));
    // Serialized as the body of its variant (a mock answers with it, a log may write it).
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize)]
        #[serde(untagged)]
        pub enum #name {
            #( #items )*
        }
        impl #name {
            /// Decode the body of an error answer with `status`; `None` when it is not the
            /// documented type.
            pub fn from_status(status: u16, body: &str) -> ::std::option::Option<Self> {
                match status {
                    #( #arms )*
                    #fallback
                }
            }
        }
    }
}

/// The runtime `Shape` a value is measured against for an alternative, as a constant expression.
fn shape(fit: &Fit) -> TokenStream {
    let base = match (&fit.object, &fit.pattern) {
        (Some((properties, required)), _) => {
            quote!(crate::runtime::Shape::object(&[#( #properties ),*], &[#( #required ),*]))
        }
        (None, None) if fit.values.is_some() => {
            let values = fit.values.iter().flatten();
            quote!(crate::runtime::Shape::values(&[#( #values ),*]))
        }
        (None, Some(pattern)) => quote! {{
            fn matches(text: &str) -> bool {
                static PATTERN: crate::runtime::pattern::Pattern = crate::runtime::pattern::Pattern::new(#pattern);
                PATTERN.matches(text)
            }
            crate::runtime::Shape::pattern(matches)
        }},
        (None, None) => quote!(crate::runtime::Shape::ANY),
    };
    let listed = (!fit.member_values.is_empty()).then(|| {
        let listed = fit
            .member_values
            .iter()
            .map(|(name, values)| quote!((#name, &[#( #values ),*])));
        quote!(.member_values(&[#( #listed ),*]))
    });
    let nested = (!fit.nested.is_empty()).then(|| {
        let nested = fit.nested.iter().map(|(name, fit)| {
            let inner = shape(fit);
            quote!((#name, #inner))
        });
        quote!(.nested(&[#( #nested ),*]))
    });
    let items = fit.items.as_ref().map(|items| {
        let inner = shape(items);
        quote!(.items(&#inner))
    });
    quote!(#base #listed #nested #items)
}

/// A `oneOf` / `anyOf` as the enum `lower` shaped: serde's own tagging where it fits (internal,
/// adjacent, external, untagged), or hand-written impls where each variant's type keeps its tag.
fn union_enum(name: &proc_macro2::Ident, docs: TokenStream, union: &Union) -> TokenStream {
    let items = union
        .variants
        .iter()
        .map(|variant| union_variant(variant, &union.representation));
    let docs = if docs.is_empty() {
        quote!(#[doc = " One of several shapes."])
    } else {
        docs
    };
    let conversions = conversions(name, &union.variants);
    let serde = match &union.representation {
        Representation::Discriminator { tag } => {
            return discriminated(name, docs, union, tag, conversions);
        }
        Representation::Internal { tag } => quote!(#[serde(tag = #tag)]),
        Representation::Adjacent { tag, content } => {
            quote!(#[serde(tag = #tag, content = #content)])
        }
        Representation::External => TokenStream::new(),
        Representation::Untagged => return untagged(name, docs, union, conversions),
    };
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #serde
        pub enum #name { #( #items )* }
        #conversions
    }
}

/// A union nothing tags: encoded as the variant's value, decoded by trying every alternative and
/// taking the one the value fits best (the runtime's `Alternatives`), in the order `lower` gave.
fn untagged(
    name: &proc_macro2::Ident,
    docs: TokenStream,
    union: &Union,
    conversions: TokenStream,
) -> TokenStream {
    let items = union
        .variants
        .iter()
        .map(|variant| union_variant(variant, &union.representation));
    let offers = union.variants.iter().map(|variant| {
        let ident = types::ident(&variant.name);
        let label = &variant.name;
        let ty = match &variant.shape {
            VariantShape::Newtype(ty) => types::tokens(ty),
            // `lower` makes every untagged variant a newtype.
            VariantShape::Unit | VariantShape::Struct(_) => quote!(()),
        };
        let fit = &variant.fit;
        let shape = shape(fit);
        // Shapes inside a shape are borrowed for `'static`: a constant makes them so.
        let shape = if fit.nested.is_empty() && fit.items.is_none() {
            shape
        } else {
            quote!({
                const SHAPE: crate::runtime::Shape = #shape;
                SHAPE
            })
        };
        quote! {
            alternatives.offer(#label, #shape, |value| {
                <#ty as ::serde::Deserialize>::deserialize(value).map(Self::#ident)
            });
        }
    });
    let union_name = name.to_string();
    let order: Vec<String> = union
        .variants
        .iter()
        .map(|variant| format!("`{}`", variant.name.trim_start_matches("r#")))
        .collect();
    let rule = if union.first_valid {
        format!(
            " Decoding keeps the first of {} that the value validates against (its enums, \
             patterns and required members hold, and it names every member); when none does, \
             the one the value fits best.",
            order.join(", ")
        )
    } else {
        format!(
            " Decoding tries {} in this order and keeps the one the value fits best; on a tie, \
             the first.",
            order.join(", ")
        )
    };
    let start = if union.first_valid {
        quote!(first_valid)
    } else {
        quote!(new)
    };
    quote! {
        #docs
        #[doc = ""]
        #[doc = #rule]
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize)]
        #[serde(untagged)]
        pub enum #name { #( #items )* }
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                let mut alternatives = crate::runtime::Alternatives::#start(&value);
                #( #offers )*
                alternatives.finish(#union_name)
            }
        }
        #conversions
    }
}

/// One variant: its docs, its wire name when serde tags it, and what it holds.
fn union_variant(variant: &UnionVariant, representation: &Representation) -> TokenStream {
    let ident = types::ident(&variant.name);
    let docs = match (&variant.doc, &variant.tag_value) {
        (Some(text), _) => doc::attrs(Some(text)),
        (None, Some(value)) => {
            let text = format!(" `{value}`.");
            quote!(#[doc = #text])
        }
        (None, None) => quote!(#[doc = " One of the alternatives."]),
    };
    let serde_tagged = !matches!(
        representation,
        Representation::Discriminator { .. } | Representation::Untagged
    );
    let rename = variant
        .tag_value
        .as_ref()
        .filter(|_| serde_tagged)
        .map(|value| quote!(#[serde(rename = #value)]));
    let body = match &variant.shape {
        VariantShape::Unit => TokenStream::new(),
        VariantShape::Newtype(ty) => {
            let ty = types::tokens(ty);
            quote!((#ty))
        }
        VariantShape::Struct(fields) => {
            let fields = fields.iter().map(variant_field);
            quote!({ #( #fields )* })
        }
    };
    quote! { #docs #rename #ident #body, }
}

/// `From` each type that one variant alone holds (as `lower` marked them).
fn conversions(name: &proc_macro2::Ident, variants: &[UnionVariant]) -> TokenStream {
    let unique = variants
        .iter()
        .filter(|variant| variant.from_impl)
        .filter_map(|variant| match &variant.shape {
            VariantShape::Newtype(ty) => Some((variant, ty)),
            VariantShape::Unit | VariantShape::Struct(_) => None,
        });
    let impls = unique.map(|(variant, ty)| {
        let ident = types::ident(&variant.name);
        // A boxed (recursive) variant converts from the value itself.
        let (from, value) = match ty {
            Type::Named { name, boxed: true } => {
                let unboxed = types::tokens(&Type::Named {
                    name: name.clone(),
                    boxed: false,
                });
                (unboxed, quote!(::std::boxed::Box::new(value)))
            }
            _ => (types::tokens(ty), quote!(value)),
        };
        quote! {
            impl ::std::convert::From<#from> for #name {
                fn from(value: #from) -> Self {
                    Self::#ident(#value)
                }
            }
        }
    });
    quote!(#( #impls )*)
}

/// A union whose variants' own types hold the tag: decoded by the tag's value, encoded with the
/// variant's own tag value (whatever the inner value's field says, or when it has none).
fn discriminated(
    name: &proc_macro2::Ident,
    docs: TokenStream,
    union: &Union,
    tag: &str,
    conversions: TokenStream,
) -> TokenStream {
    let items = union
        .variants
        .iter()
        .map(|variant| union_variant(variant, &union.representation));
    let arms = union.variants.iter().filter_map(|variant| {
        let ident = types::ident(&variant.name);
        let value = variant.tag_value.as_ref()?;
        Some(quote! {
            ::std::option::Option::Some(#value) => ::serde_json::from_value(value)
                .map(Self::#ident)
                .map_err(::serde::de::Error::custom),
        })
    });
    let tags = union.variants.iter().map(|variant| {
        let ident = types::ident(&variant.name);
        let value = variant.tag_value.as_deref().unwrap_or(&variant.name);
        quote!(Self::#ident(inner) => (#value, ::serde_json::to_value(inner)),)
    });
    let unknown = format!("unknown `{tag}` value `{{other}}`");
    let missing = format!("missing `{tag}`");
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name { #( #items )* }
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                let (tag, value) = match self {
                    #( #tags )*
                };
                let mut value = value.map_err(::serde::ser::Error::custom)?;
                if let ::serde_json::Value::Object(members) = &mut value {
                    members.insert(::std::string::String::from(#tag), ::serde_json::Value::from(tag));
                }
                ::serde::Serialize::serialize(&value, serializer)
            }
        }
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                match value.get(#tag).and_then(::serde_json::Value::as_str) {
                    #( #arms )*
                    ::std::option::Option::Some(other) => ::std::result::Result::Err(::serde::de::Error::custom(::std::format!(#unknown))),
                    ::std::option::Option::None => ::std::result::Result::Err(::serde::de::Error::custom(#missing)),
                }
            }
        }
        #conversions
    }
}
