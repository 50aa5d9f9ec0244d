//! `cargo bench -p client-overhead`: the same requests (`list_devices` and `get_device`,
//! alternately) through the generated Particle client and through hand-written reqwest code,
//! against one local server on 127.0.0.1. A bounded number of rounds, alternating which client
//! goes first; each round's ratio generated / hand-written, and the medians.
//!
//! Client-side time is the CPU time of the client thread (`/proc/thread-self/schedstat`): the
//! client runs on a current-thread runtime, the server on a thread of its own, so the server's
//! work and the loopback wait are not in it. Allocations are counted on the client thread only.
//! `CLIENT_OVERHEAD_ROUNDS` and `CLIENT_OVERHEAD_REQUESTS` change the counts.

// A benchmark run by hand: a failed request ends it with a message, and the table goes to stdout.
#![allow(clippy::panic, clippy::print_stdout, missing_docs)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use client_overhead::{DEVICE_ID, Handwritten, Server, generated};
use tokio::runtime::Runtime;

/// Rounds (odd, so the median is one of them), each one batch per client.
const ROUNDS: usize = 21;
/// Requests per batch: half `list_devices`, half `get_device`.
const REQUESTS: usize = 400;

/// One batch: wall time, client-thread CPU time (when the OS tells it).
struct Sample {
    wall: Duration,
    cpu: Option<Duration>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Which {
    Generated,
    Handwritten,
}

struct Clients {
    generated: particle_client::Client,
    handwritten: Handwritten,
}

fn main() {
    if !std::env::args().any(|arg| arg == "--bench") {
        println!("client overhead benchmark: not run outside `cargo bench`");
        return;
    }
    let rounds = count("CLIENT_OVERHEAD_ROUNDS", ROUNDS);
    let requests = count("CLIENT_OVERHEAD_REQUESTS", REQUESTS);
    let server = Server::start().unwrap_or_else(|error| panic!("server: {error}"));
    let base = server.base_url();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|error| panic!("runtime: {error}"));
    let clients = Clients {
        generated: generated(&base).unwrap_or_else(|error| panic!("generated client: {error}")),
        handwritten: Handwritten::new(&base)
            .unwrap_or_else(|error| panic!("hand-written client: {error}")),
    };
    // Warm up: connections open, pools and caches filled, on both sides.
    for which in [Which::Generated, Which::Handwritten] {
        batch(&runtime, &clients, which, requests);
    }
    let mut generated = Vec::with_capacity(rounds);
    let mut handwritten = Vec::with_capacity(rounds);
    for round in 0..rounds {
        let order = if round % 2 == 0 {
            [Which::Generated, Which::Handwritten]
        } else {
            [Which::Handwritten, Which::Generated]
        };
        for which in order {
            let sample = batch(&runtime, &clients, which, requests);
            match which {
                Which::Generated => generated.push(sample),
                Which::Handwritten => handwritten.push(sample),
            }
        }
    }
    let allocations = [Which::Generated, Which::Handwritten].map(|which| {
        let info = allocation_counter::measure(|| {
            batch(&runtime, &clients, which, requests);
        });
        (
            info.count_total as f64 / requests as f64,
            info.bytes_total as f64 / requests as f64,
        )
    });
    drop(server);
    report(rounds, requests, &generated, &handwritten, allocations);
}

fn count(variable: &str, default: usize) -> usize {
    std::env::var(variable)
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(default)
}

/// The client thread's CPU time so far (Linux: the first field of schedstat, in nanoseconds).
fn thread_cpu() -> Option<Duration> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    Some(Duration::from_nanos(
        text.split_whitespace().next()?.parse().ok()?,
    ))
}

/// Send `requests` requests through one client and time them.
fn batch(runtime: &Runtime, clients: &Clients, which: Which, requests: usize) -> Sample {
    let cpu_before = thread_cpu();
    let started = Instant::now();
    let devices = runtime.block_on(async {
        let mut devices = 0;
        for i in 0..requests {
            devices += match (which, i % 2 == 0) {
                (Which::Generated, true) => {
                    clients.generated.list_devices().await.map(|d| d.len()).ok()
                }
                (Which::Generated, false) => clients
                    .generated
                    .get_device(DEVICE_ID)
                    .await
                    .map(|d| d.id.len())
                    .ok(),
                (Which::Handwritten, true) => clients
                    .handwritten
                    .list_devices()
                    .await
                    .map(|d| d.len())
                    .ok(),
                (Which::Handwritten, false) => clients
                    .handwritten
                    .get_device(DEVICE_ID)
                    .await
                    .map(|d| d.id.len())
                    .ok(),
            }
            .unwrap_or_else(|| panic!("request {i} failed"));
        }
        devices
    });
    black_box(devices);
    let wall = started.elapsed();
    let cpu = thread_cpu()
        .zip(cpu_before)
        .map(|(after, before)| after.saturating_sub(before));
    Sample { wall, cpu }
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    match values.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => values[n / 2],
        n => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}

/// Which duration of a sample a row shows.
type Pick = fn(&Sample) -> Option<Duration>;

/// Microseconds per request of each sample.
fn per_request(samples: &[Sample], requests: usize, pick: Pick) -> Option<Vec<f64>> {
    samples
        .iter()
        .map(|s| pick(s).map(|d| d.as_secs_f64() * 1e6 / requests as f64))
        .collect()
}

fn report(
    rounds: usize,
    requests: usize,
    generated: &[Sample],
    handwritten: &[Sample],
    allocations: [(f64, f64); 2],
) {
    println!(
        "\nclient overhead: {rounds} rounds x {requests} requests per client (list_devices / get_device alternately)"
    );
    println!(
        "| measure (median per request) | generated client | hand-written reqwest | generated / hand-written (median of round ratios) |"
    );
    println!("|---|---:|---:|---:|");
    let measures: [(&str, Pick); 2] = [
        ("client CPU time (µs)", |s| s.cpu),
        ("wall time incl. server and loopback (µs)", |s| {
            Some(s.wall)
        }),
    ];
    for (name, pick) in measures {
        match (
            per_request(generated, requests, pick),
            per_request(handwritten, requests, pick),
        ) {
            (Some(g), Some(h)) => {
                let ratios = g.iter().zip(&h).map(|(g, h)| g / h).collect();
                println!(
                    "| {name} | {:.1} | {:.1} | {:.3} |",
                    median(g),
                    median(h),
                    median(ratios)
                );
            }
            _ => println!("| {name} | n/a | n/a | n/a (no /proc/thread-self/schedstat) |"),
        }
    }
    let [(g_count, g_bytes), (h_count, h_bytes)] = allocations;
    println!(
        "| allocations (client thread) | {g_count:.1} | {h_count:.1} | {:.3} |",
        g_count / h_count
    );
    println!(
        "| bytes allocated (client thread) | {g_bytes:.0} | {h_bytes:.0} | {:.3} |",
        g_bytes / h_bytes
    );
}
