//! How long each stage of one run took, for `cargo xtask generate --timings`.
//!
//! Reading the clock is the only thing this does; nothing here changes what a run produces.

use std::time::{Duration, Instant};

/// Wall time per stage, in the order the stages ran; a stage that ran twice is listed twice.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Timings {
    /// (stage, time it took).
    pub stages: Vec<(&'static str, Duration)>,
}

impl Timings {
    /// Run `work` and record how long it took under `stage`.
    pub fn time<T>(&mut self, stage: &'static str, work: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let value = work();
        self.stages.push((stage, start.elapsed()));
        value
    }

    /// The sum of every stage.
    pub fn total(&self) -> Duration {
        self.stages.iter().map(|(_, time)| *time).sum()
    }
}
