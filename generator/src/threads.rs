//! How many threads a run may use for work that splits (printing the large files, reading a
//! document's parts, checking references alongside).

/// The environment variable that sets it: a whole number of at least 1. `GENERATOR_THREADS=1` runs
/// everything on the calling thread, as instruction-count measurements need.
pub const VARIABLE: &str = "GENERATOR_THREADS";

/// `GENERATOR_THREADS` if it is set to a whole number of at least 1, else the machine's cores.
pub fn available() -> usize {
    std::env::var(VARIABLE)
        .ok()
        .and_then(|value| value.trim().parse::<usize>().ok())
        .filter(|&threads| threads >= 1)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from))
}

/// Whether work may go to a second thread.
pub fn several() -> bool {
    available() > 1
}

/// The stack of a thread [`alongside`] starts: deserializers recurse once per level of nesting.
/// Only the pages actually touched are committed, so a large reservation costs nothing.
const STACK: usize = 256 << 20;

/// `other` on a thread of its own while `here` runs on this one, when several threads may run;
/// else, or when no thread can be had, `here` and then `other` on this thread. A panic in `other`
/// on its own thread comes back as the `Err` that joining it gives.
pub fn alongside<A: Send, B>(
    other: impl Fn() -> A + Sync,
    here: impl FnOnce() -> B,
) -> (std::thread::Result<A>, B) {
    std::thread::scope(|scope| {
        let thread = several()
            .then(|| {
                std::thread::Builder::new()
                    .stack_size(STACK)
                    .spawn_scoped(scope, &other)
                    .ok()
            })
            .flatten();
        let here = here();
        let other = match thread {
            Some(thread) => thread.join(),
            None => Ok(other()),
        };
        (other, here)
    })
}
