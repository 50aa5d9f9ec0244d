//! `client_runtime::lenient`: numbers that arrive as JSON numbers or as strings holding them.

use client_runtime::lenient;
use serde::{Deserialize, Serialize};

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Event {
    #[serde(deserialize_with = "lenient::number")]
    ttl: i32,
    #[serde(deserialize_with = "lenient::number")]
    published: i64,
    #[serde(deserialize_with = "lenient::number")]
    size: u64,
    #[serde(deserialize_with = "lenient::number")]
    ratio: f32,
    #[serde(deserialize_with = "lenient::number")]
    value: f64,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::option_number"
    )]
    period: Option<u64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient::option_number"
    )]
    offset: Option<i32>,
}

fn parse(json: &str) -> Result<Event, String> {
    serde_json::from_str(json).map_err(|error| error.to_string())
}

const EXPECTED: Event = Event {
    ttl: 60,
    published: -1_700_000_000_000,
    size: 18_446_744_073_709_551_615,
    ratio: 0.5,
    value: 1.5e3,
    period: Some(30),
    offset: Some(-2),
};

#[test]
fn numbers_and_strings_holding_them_read_the_same() {
    let numbers = r#"{"ttl":60,"published":-1700000000000,"size":18446744073709551615,"ratio":0.5,"value":1500,"period":30,"offset":-2}"#;
    let strings = r#"{"ttl":"60","published":"-1700000000000","size":"18446744073709551615","ratio":"0.5","value":" 1.5e3 ","period":"30","offset":"-2"}"#;
    assert_eq!(parse(numbers), Ok(EXPECTED));
    assert_eq!(parse(strings), Ok(EXPECTED));
}

#[test]
fn serialization_stays_plain_numbers() {
    let json = serde_json::to_value(EXPECTED).ok();
    let expected = serde_json::json!({
        "ttl": 60, "published": -1_700_000_000_000_i64, "size": 18_446_744_073_709_551_615_u64,
        "ratio": 0.5, "value": 1500.0, "period": 30, "offset": -2
    });
    assert_eq!(json, Some(expected));
}

#[test]
fn missing_null_and_empty_optional_numbers_are_none() {
    let base = r#""ttl":1,"published":2,"size":3,"ratio":4,"value":5"#;
    for rest in [
        "",
        r#","period":null,"offset":null"#,
        r#","period":"","offset":"  ""#,
    ] {
        let event = parse(&format!("{{{base}{rest}}}"));
        assert_eq!(
            event.as_ref().map(|e| (e.period, e.offset)),
            Ok((None, None)),
            "{rest}"
        );
    }
}

#[test]
fn anything_else_is_an_error_not_a_panic() {
    let base = r#""published":2,"size":3,"ratio":4,"value":5"#;
    for (ttl, message) in [
        (r#""sixty""#, "invalid number \"sixty\""),
        (r#""""#, "invalid number \"\""),
        ("60.5", "expected i32"),
        ("3000000000", "expected i32"),
        (r#""3000000000""#, "invalid number"),
        ("true", "expected i32"),
        ("null", "expected i32"),
        ("[60]", "expected i32"),
    ] {
        let error = parse(&format!(r#"{{"ttl":{ttl},{base}}}"#))
            .err()
            .unwrap_or_default();
        assert!(error.contains(message), "{ttl}: {error}");
    }
    let negative = parse(r#"{"ttl":1,"published":2,"size":"-3","ratio":4,"value":5}"#);
    assert!(negative.is_err(), "{negative:?}");
}
