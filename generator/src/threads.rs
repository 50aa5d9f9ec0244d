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
