//! Printing `models.rs`, `operations.rs` and `mock.rs`: each in pieces of [`CHUNK`] items, the
//! pieces printed by as many threads as there are cores (see [`crate::threads`]), and joined in
//! order.
//!
//! Most items are written as text and laid out by [`super::layout`]; unions and error enums by
//! status are built as tokens, parsed once and printed with prettyplease. Both end every
//! top-level item with a line break and put nothing between items, so pieces printed apart join
//! into the text of the file printed whole. The methods of `impl Client` are printed one piece at
//! a time: the first piece opens the block (`impl … {`) and the last closes it.

use std::sync::atomic::{AtomicUsize, Ordering};

use proc_macro2::TokenStream;

use super::layout::Printer;
use super::types::Naming;
use super::{CrateConfig, mock, models, operations};
use crate::ir::{Api, Events, Model, Operation, ParamsStruct};

/// How many items (or methods) are parsed and printed together: the generated files of the largest
/// specs are over 50 MB, and a syntax tree of a whole one takes gigabytes and seconds to build and
/// drop; a few items at a time stay in the cache.
const CHUNK: usize = 16;

/// The stack of each printing thread (as a main thread's): printing recurses as deep as the types
/// nest.
const STACK: usize = 8 << 20;

/// The most threads that print.
const MOST_THREADS: usize = 8;

/// One piece of a file, printed on its own.
enum Piece<'a> {
    Models(&'a [Model], Naming, &'a CrateConfig),
    Structs(&'a [(&'a ParamsStruct, Vec<String>)]),
    Methods {
        operations: &'a [Operation],
        first: bool,
        last: bool,
    },
    Mocks(&'a [Operation], &'a [mock::Names], &'a CrateConfig),
    /// `lib.rs`, whole.
    Lib(&'a CrateConfig),
    /// `events.rs`, whole.
    Events(&'a Events),
}

/// The text of each file printed in pieces (without its header), or why it could not be printed.
pub(super) struct Printed {
    pub(super) lib: Result<String, String>,
    pub(super) events: Option<Result<String, String>>,
    pub(super) models: Result<String, String>,
    pub(super) operations: Result<String, String>,
    pub(super) mock: Result<String, String>,
}

/// The text of `lib.rs`, `events.rs` (when the API has typed events), `models.rs`,
/// `operations.rs` and `mock.rs`.
pub(super) fn files(api: &Api, config: &CrateConfig) -> Printed {
    in_threads(api, config, crate::threads::available())
}

/// [`files`] printed by `threads` threads (at most [`MOST_THREADS`]).
fn in_threads(api: &Api, config: &CrateConfig, threads: usize) -> Printed {
    let structs = operations::params_structs(&api.operations);
    let naming = Naming::models(&api.models);
    let mock_names = mock::names(&api.operations);
    let mut pieces: Vec<Piece<'_>> = api
        .models
        .chunks(CHUNK)
        .map(|models| Piece::Models(models, naming, config))
        .collect();
    let models_end = pieces.len();
    pieces.extend(structs.chunks(CHUNK).map(Piece::Structs));
    let chunks = api.operations.chunks(CHUNK).count().max(1);
    let mut methods = api.operations.chunks(CHUNK).peekable();
    for index in 0..chunks {
        pieces.push(Piece::Methods {
            operations: methods.next().unwrap_or_default(),
            first: index == 0,
            last: index + 1 == chunks,
        });
    }
    let operations_end = pieces.len();
    pieces.extend(
        api.operations
            .chunks(CHUNK)
            .zip(mock_names.chunks(CHUNK))
            .map(|(operations, names)| Piece::Mocks(operations, names, config)),
    );
    let mocks_end = pieces.len();
    pieces.push(Piece::Lib(config));
    pieces.extend(api.events.as_ref().map(Piece::Events));
    let mut printed = print_all(api, &pieces, threads);
    let mut whole = printed.split_off(mocks_end).into_iter();
    let lib = whole
        .next()
        .unwrap_or_else(|| Err("it was not printed".to_owned()));
    let events = whole.next();
    let mut printed = printed.into_iter();
    let models_head = "//! Types of the API's request and response bodies.\n".to_owned();
    let models = join(Ok(models_head), printed.by_ref().take(models_end));
    let operations = join(
        docs(operations::head(&api.operations)),
        printed.by_ref().take(operations_end - models_end),
    );
    let mock = join(Ok(mock::head(api, config, &mock_names)), printed);
    Printed {
        lib,
        events,
        models,
        operations,
        mock,
    }
}

/// `head` followed by every piece, or the first error.
fn join(
    head: syn::Result<String>,
    pieces: impl Iterator<Item = Result<String, String>>,
) -> Result<String, String> {
    let mut text = head.map_err(|error| error.to_string())?;
    for piece in pieces {
        text.push_str(&piece?);
    }
    Ok(text)
}

/// Print every piece, on as many threads as there are cores (each takes the next piece not yet
/// taken); the texts in the order of `pieces`.
fn print_all(api: &Api, pieces: &[Piece<'_>], threads: usize) -> Vec<Result<String, String>> {
    // The methods' pieces are the costliest: taken first, so that no thread is left with one of
    // them when the others are done.
    let mut order: Vec<usize> = (0..pieces.len()).collect();
    order.sort_by_key(|&index| {
        !matches!(
            pieces[index],
            Piece::Methods { .. } | Piece::Lib(_) | Piece::Events(_)
        )
    });
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let taken = next.fetch_add(1, Ordering::Relaxed);
            let Some(&index) = order.get(taken) else {
                return done;
            };
            let Some(piece) = pieces.get(index) else {
                return done;
            };
            done.push((index, print(api, piece).map_err(|error| error.to_string())));
        }
    };
    let threads = threads.clamp(1, MOST_THREADS);
    let mut done: Vec<(usize, Result<String, String>)> = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads)
            .filter_map(|_| {
                std::thread::Builder::new()
                    .stack_size(STACK)
                    .spawn_scoped(scope, work)
                    .ok()
            })
            .collect();
        // This thread prints too; a thread that could not start leaves its share to the others.
        let mut done = work();
        for helper in helpers {
            // A panic in a helper (a generator bug) loses its pieces: reported below.
            done.extend(helper.join().unwrap_or_default());
        }
        done
    });
    done.sort_by_key(|(index, _)| *index);
    let mut texts: Vec<Result<String, String>> = Vec::with_capacity(pieces.len());
    let mut done = done.into_iter().peekable();
    for index in 0..pieces.len() {
        match done.next_if(|(at, _)| *at == index) {
            Some((_, text)) => texts.push(text),
            None => texts.push(Err("its printing stopped with a panic".to_owned())),
        }
    }
    texts
}

/// The text of one piece.
fn print(api: &Api, piece: &Piece<'_>) -> syn::Result<String> {
    match piece {
        Piece::Models(models, naming, config) => {
            let mut out = Printer::new();
            for model in *models {
                models::write(&mut out, model, *naming, super::macros_path(config));
            }
            Ok(out.finish())
        }
        Piece::Structs(structs) => {
            let mut out = Printer::new();
            for (params, gate) in *structs {
                operations::params_struct(&mut out, params, gate);
            }
            Ok(out.finish())
        }
        Piece::Mocks(operations, names, config) => {
            let mut out = Printer::new();
            for (operation, names) in operations.iter().zip(*names) {
                mock::operation(&mut out, operation, names, config);
            }
            Ok(out.finish())
        }
        Piece::Lib(config) => super::lib_rs_text(api, config),
        Piece::Events(events) => {
            let file = syn::parse2::<syn::File>(super::events::file(events))?;
            Ok(prettyplease::unparse(&file))
        }
        Piece::Methods {
            operations: chunk,
            first,
            last,
        } => {
            let mut out = Printer::new();
            if *first && *last && chunk.is_empty() {
                out.text_line(0, &format!("{}}}", operations::CLIENT_BLOCK));
                return Ok(out.finish());
            }
            if *first {
                out.text_line(0, operations::CLIENT_BLOCK);
            }
            for operation in *chunk {
                operations::method(&mut out, operation, &api.security_schemes);
            }
            if *last {
                out.text_line(0, "}");
            }
            Ok(out.finish())
        }
    }
}

/// The inner attributes (`//!` docs) at the top of a file and any `use` after them, printed.
fn docs(tokens: TokenStream) -> syn::Result<String> {
    Ok(prettyplease::unparse(&syn::parse2::<syn::File>(tokens)?))
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use crate::pipeline::{self, Input, OnSkip, Source};

    /// A spec of many models and operations: several pieces of each file.
    fn large_spec() -> String {
        let mut spec = String::from("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n");
        for n in 0..70 {
            let _ = write!(
                spec,
                "  /things{n}/{{id}}:\n    get:\n      operationId: get_thing{n}\n      \
                 parameters:\n        - {{name: id, in: path, required: true, schema: {{type: string}}}}\n        \
                 - {{name: limit, in: query, schema: {{type: integer}}}}\n      \
                 responses:\n        '200':\n          description: ok\n          content:\n            \
                 application/json: {{schema: {{$ref: '#/components/schemas/Thing{n}'}}}}\n"
            );
        }
        spec.push_str("components:\n  schemas:\n");
        for n in 0..70 {
            let _ = write!(
                spec,
                "    Thing{n}:\n      description: thing {n}\n      type: object\n      \
                 required: [id]\n      properties:\n        id: {{type: string}}\n        \
                 size: {{type: integer}}\n        kind: {{type: string, enum: [a, b]}}\n"
            );
        }
        spec
    }

    /// The files printed by one thread and by several are the same, byte for byte.
    #[test]
    fn several_threads_print_what_one_prints() {
        let text = large_spec();
        let input = Input {
            spec: Source {
                name: "large.yaml",
                text: &text,
            },
            overlays: &[],
            on_skip: OnSkip::Refuse,
        };
        let output = pipeline::run(&input).map_err(|d| format!("{d:?}"));
        let api = output.expect("the spec generates").api;
        assert!(api.models.len() > 3 * super::CHUNK, "{}", api.models.len());
        assert!(api.operations.len() > 3 * super::CHUNK);
        let config = crate::emit::CrateConfig::for_tests();
        let one = super::in_threads(&api, &config, 1);
        let (models, operations, mock) = (
            one.models.expect("models"),
            one.operations.expect("operations"),
            one.mock.expect("mock"),
        );
        for threads in [2, 3, 8] {
            let other = super::in_threads(&api, &config, threads);
            assert_eq!(
                other.models.as_deref(),
                Ok(models.as_str()),
                "{threads} threads"
            );
            assert_eq!(
                other.operations.as_deref(),
                Ok(operations.as_str()),
                "{threads} threads"
            );
            assert_eq!(
                other.mock.as_deref(),
                Ok(mock.as_str()),
                "{threads} threads"
            );
        }
        assert!(mock.contains("pub fn get_thing69("), "{mock}");
        assert!(operations.contains("pub fn get_thing69("), "{operations}");
    }
}
