//! Compile source files in the Particle cloud, download the binary, and flash it to a device
//! over the air.
//!
//! ```sh
//! PARTICLE_ACCESS_TOKEN=… PARTICLE_DEVICE_ID=0123456789abcdef01234567 PARTICLE_PLATFORM_ID=12 \
//!     cargo run -p particle-client --example flash_and_compile -- app.ino lib/helper.cpp
//! ```
//!
//! The arguments are source files, sent with their paths as file names; the first one is `file`,
//! the others `file2`, `file3`, … as the official JavaScript client names them. The platform is
//! 6 for a Photon, 12 for an Argon, 13 for a Boron. The binary is also saved as `firmware.bin`.
//!
//! `PARTICLE_API_URL` points it at another server than production (a mock, staging);
//! `http://` is allowed for one on this machine.

// An example program reports on the terminal.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod common;

use particle_client::models::{CompileRequest, FlashDeviceRequest};
use particle_client::{Error, FilePart};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    common::report(run().await)
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let token = std::env::var("PARTICLE_ACCESS_TOKEN").map_err(|_| "set PARTICLE_ACCESS_TOKEN")?;
    let device_id = std::env::var("PARTICLE_DEVICE_ID").map_err(|_| "set PARTICLE_DEVICE_ID")?;
    let platform_id: i64 = std::env::var("PARTICLE_PLATFORM_ID")
        .map_err(|_| "set PARTICLE_PLATFORM_ID")?
        .parse()?;
    let paths: Vec<String> = std::env::args().skip(1).collect();
    let Some((first, others)) = paths.split_first() else {
        return Err("give the source files to compile, e.g. app.ino".into());
    };
    let client = common::builder()?.access_token(token).build()?;

    // 1. Compile: one multipart body with every source file.
    let mut compile = CompileRequest::new(FilePart::new(first.as_str(), std::fs::read(first)?));
    compile.platform_id = Some(platform_id);
    compile.latest = Some(true);
    for (index, path) in others.iter().enumerate() {
        let part = format!("file{}", index + 2);
        let file = FilePart::new(path.as_str(), std::fs::read(path)?);
        compile.additional_properties.insert(part, file);
    }
    let compiled = match client.compile_code(&compile).await {
        Ok(compiled) => compiled,
        // The compiler's messages are in the error body.
        Err(Error::Api {
            status: 400, body, ..
        }) => {
            for line in body.errors.unwrap_or_default() {
                eprintln!("{line}");
            }
            return Err("the source did not compile".into());
        }
        Err(other) => return Err(other.into()),
    };
    println!(
        "compiled {} against Device OS {}",
        compiled.binary_id,
        compiled.build_target_version.as_deref().unwrap_or("?")
    );

    // 2. Download the binary (at most 4 MiB here).
    let download = client.download_firmware_binary(&compiled.binary_id).await?;
    let Some(binary) = download.bytes(4 << 20).await? else {
        return Err("the binary is larger than 4 MiB".into());
    };
    std::fs::write("firmware.bin", &binary)?;
    println!("saved firmware.bin ({} bytes)", binary.len());

    // 3. Flash that binary over the air.
    let binary =
        FilePart::new("firmware.bin", binary).with_content_type("application/octet-stream");
    match client
        .flash_device(&device_id, &FlashDeviceRequest::new(binary))
        .await
    {
        Ok(answer) => println!(
            "flash: {}",
            answer
                .status
                .or(answer.message)
                .as_deref()
                .unwrap_or("started")
        ),
        Err(Error::Api { status, body, .. }) => {
            let why = body.errors.unwrap_or_default().join("; ");
            return Err(format!("flash refused ({status}): {why}").into());
        }
        Err(other) => return Err(other.into()),
    }
    Ok(())
}
