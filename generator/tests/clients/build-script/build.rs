//! Generates the client of the wire features fixture into `OUT_DIR/client.rs`.

use std::process::ExitCode;

use generator_cli::build_script::Build;

fn main() -> ExitCode {
    match Build::new("../../fixtures/pipeline/wire_features.yaml").generate() {
        Ok(_) => ExitCode::SUCCESS,
        Err(error) => {
            // A build script reports on standard error; Cargo shows it when the build fails.
            #[allow(clippy::print_stderr)]
            {
                eprintln!("{error:#}");
            }
            ExitCode::FAILURE
        }
    }
}
