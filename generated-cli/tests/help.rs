//! The `--help` a person reads, snapshot: the tool's, a group's, and a few commands'.

// Helpers outside `#[test]` functions fail the test by panicking, as tests do.
#![allow(clippy::panic, clippy::expect_used, clippy::unwrap_used)]

fn help(args: &[&str]) -> String {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_particle-api"))
        .args(args)
        .env_clear()
        .env("COLUMNS", "100")
        .output()
        .expect("the binary runs");
    assert!(output.status.success(), "{args:?}");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn the_tool() {
    insta::assert_snapshot!(help(&["--help"]));
}

#[test]
fn a_group() {
    insta::assert_snapshot!(help(&["devices", "--help"]));
}

#[test]
fn call_a_function() {
    insta::assert_snapshot!(help(&["call", "--help"]));
}

#[test]
fn a_paged_list_with_enums() {
    insta::assert_snapshot!(help(&["products", "list-devices", "--help"]));
}

#[test]
fn a_multipart_upload() {
    insta::assert_snapshot!(help(&["devices", "flash", "--help"]));
}

#[test]
fn login() {
    insta::assert_snapshot!(help(&["login", "--help"]));
}
