//! `peak_rss REPORT PROGRAM [ARG]...`: run PROGRAM to its end on this process's standard streams
//! and write its wall time, peak memory and exit status to the file REPORT; `cargo xtask
//! bench-peers` runs every timed process through it.
//!
//! Why a process of its own: a new process's maximum resident set size starts at the size of the
//! process that spawned it, since at `exec` the kernel keeps the high-water mark of the address
//! space being replaced. Spawned from xtask, which holds hundreds of MB after reading the largest
//! specs, every tool would weigh at least that much; spawned from here, about a megabyte.
//!
//! The peak is `getrusage(RUSAGE_CHILDREN)`'s `ru_maxrss` after PROGRAM ends, this process's only
//! child: the largest of PROGRAM and each descendant it waited for
//! (a wrapper script that starts a Java VM reports the VM's). Read on Linux only; elsewhere the
//! report says `-`.
//!
//! REPORT holds one `key value` line each: `seconds` (spawn to exit), `peak_rss` (bytes, or `-`),
//! `success` (`true` or `false`) and `status` (the exit status as text). The exit code is 0 when
//! PROGRAM ran, whatever its own; 2 when it could not be started or REPORT not written.

use std::ffi::OsString;
use std::process::{Command, ExitCode, ExitStatus};
use std::time::Instant;

#[allow(clippy::print_stderr)]
fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let (Some(report), Some(program)) = (args.next(), args.next()) else {
        eprintln!("usage: peak_rss REPORT PROGRAM [ARG]...");
        return ExitCode::from(2);
    };
    let mut command = Command::new(&program);
    command.args(args);
    let started = Instant::now();
    let (status, peak_rss) = match run_to_end(&mut command) {
        Ok(done) => done,
        Err(error) => {
            eprintln!("peak_rss: running {}: {error}", show(&program));
            return ExitCode::from(2);
        }
    };
    let seconds = started.elapsed().as_secs_f64();
    let peak_rss = peak_rss.map_or_else(|| "-".to_owned(), |bytes| bytes.to_string());
    let text = format!(
        "seconds {seconds}\npeak_rss {peak_rss}\nsuccess {}\nstatus {status}\n",
        status.success()
    );
    if let Err(error) = std::fs::write(&report, text) {
        eprintln!("peak_rss: writing {}: {error}", show(&report));
        return ExitCode::from(2);
    }
    ExitCode::SUCCESS
}

fn show(text: &OsString) -> String {
    text.to_string_lossy().into_owned()
}

/// Run `command` to its end: its exit status and peak memory in bytes. This process has no other
/// child, so the children's resource usage is the command's (and that of each descendant it
/// waited for); Linux gives `ru_maxrss` in KiB.
#[cfg(target_os = "linux")]
fn run_to_end(command: &mut Command) -> std::io::Result<(ExitStatus, Option<u64>)> {
    use nix::sys::resource::{UsageWho, getrusage};
    let status = command.status()?;
    let peak = getrusage(UsageWho::RUSAGE_CHILDREN)
        .ok()
        .and_then(|usage| u64::try_from(usage.max_rss()).ok())
        .map(|kib| kib * 1024);
    Ok((status, peak))
}

/// Run `command` to its end: its exit status, and no memory (read on Linux only).
#[cfg(not(target_os = "linux"))]
fn run_to_end(command: &mut Command) -> std::io::Result<(ExitStatus, Option<u64>)> {
    Ok((command.status()?, None))
}
