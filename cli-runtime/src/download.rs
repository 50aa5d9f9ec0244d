//! Downloads: an answer's bytes to a file or standard output, with a progress bar on a terminal.

use std::io::{IsTerminal, Write};
use std::path::Path;

use futures_util::{Stream, StreamExt};

use crate::failure::Failure;
use crate::output::broken;

/// Write `chunks` to `path` (standard output without one). A progress bar is drawn on standard
/// error when it is a terminal, sized by `length` when the server gave one.
pub async fn download<S, B>(
    chunks: S,
    length: Option<u64>,
    path: Option<&Path>,
) -> Result<(), Failure>
where
    S: Stream<Item = Result<B, Failure>>,
    B: AsRef<[u8]>,
{
    let bar = if std::io::stderr().is_terminal() {
        let bar = match length {
            Some(length) => indicatif::ProgressBar::new(length),
            None => indicatif::ProgressBar::new_spinner(),
        };
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "{bytes}/{total_bytes} {wide_bar} {bytes_per_sec}",
        ) {
            bar.set_style(style);
        }
        Some(bar)
    } else {
        None
    };
    let mut sink: Box<dyn Write> = match path {
        Some(path) => Box::new(std::fs::File::create(path).map_err(|error| {
            Failure::local(format!("cannot create {}: {error}", path.display()))
        })?),
        None => Box::new(std::io::stdout().lock()),
    };
    let failed = |error: std::io::Error| match path {
        Some(path) => Failure::local(format!("cannot write {}: {error}", path.display())),
        None => broken(error),
    };
    let mut chunks = std::pin::pin!(chunks);
    while let Some(chunk) = chunks.next().await {
        let chunk = chunk?;
        sink.write_all(chunk.as_ref()).map_err(failed)?;
        if let Some(bar) = &bar {
            bar.inc(chunk.as_ref().len() as u64);
        }
    }
    sink.flush().map_err(failed)?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    Ok(())
}

/// A progress bar for an upload, drawn on standard error when it is a terminal.
#[derive(Debug)]
pub struct UploadBar(indicatif::ProgressBar);

impl UploadBar {
    /// A bar, or `None` when standard error is not a terminal (in a pipe, a script's log).
    pub fn start() -> Option<Self> {
        if !std::io::stderr().is_terminal() {
            return None;
        }
        let bar = indicatif::ProgressBar::new(0);
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "uploading {bytes}/{total_bytes} {wide_bar} {bytes_per_sec}",
        ) {
            bar.set_style(style);
        }
        Some(Self(bar))
    }

    /// What the client calls as the upload goes: bytes sent so far, and the total.
    pub fn observer(&self) -> impl Fn(u64, u64) + Send + Sync + 'static {
        let bar = self.0.clone();
        move |sent, total| {
            bar.set_length(total);
            bar.set_position(sent);
        }
    }

    /// Take the bar off the terminal.
    pub fn finish(self) {
        self.0.finish_and_clear();
    }
}
