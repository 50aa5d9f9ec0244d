//! Page streams: which pages are fetched and when the stream ends, with a fake fetch and against a
//! local HTTP server (wiremock on 127.0.0.1) answering `page` queries; reading page counts.

// Helpers outside `#[test]` functions fail the test by panicking, as tests do.
#![allow(clippy::panic)]

mod common;

use std::future::Future;
use std::time::Duration;

use client_runtime::{Call, Client, Error, Operation, Request, error_json, pages, pointer_u64};
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use serde_json::json;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A page as a fake fetch answers it.
#[derive(Debug, Clone, PartialEq)]
struct Page {
    number: u64,
    total: Option<u64>,
}

fn total(page: &Page) -> Option<u64> {
    page.total
}

/// Run `test`, failing it if it takes longer than 10 s.
async fn bounded<F: Future>(test: F) -> F::Output {
    match tokio::time::timeout(Duration::from_secs(10), test).await {
        Ok(output) => output,
        Err(_) => panic!("the test did not finish within 10 s"),
    }
}

/// The page numbers a stream from `first` yields, and the ones it fetched, when page `n` tells
/// the total `totals(n)` and fetching `fails_at` fails.
async fn walk(
    first: u64,
    totals: fn(u64) -> Option<u64>,
    fails_at: Option<u64>,
) -> (Vec<Result<u64, ()>>, Vec<u64>) {
    let mut fetched = Vec::new();
    let stream = pages(
        first,
        |number| {
            fetched.push(number);
            async move {
                if fails_at == Some(number) {
                    return Err(Error::<()>::Encode {
                        operation: &PAGE,
                        message: "no such page".to_owned(),
                    });
                }
                Ok(Page {
                    number,
                    total: totals(number),
                })
            }
        },
        total,
    );
    let yielded: Vec<_> = stream
        .map(|page| page.map(|page| page.number).map_err(|_| ()))
        .collect()
        .await;
    (yielded, fetched)
}

#[tokio::test]
async fn every_page_up_to_the_total_is_fetched_in_order() {
    let (yielded, fetched) = bounded(walk(1, |_| Some(3), None)).await;
    assert_eq!(yielded, [Ok(1), Ok(2), Ok(3)]);
    assert_eq!(fetched, [1, 2, 3]);
}

#[tokio::test]
async fn the_stream_starts_at_the_first_page_asked_for() {
    let (yielded, _) = bounded(walk(2, |_| Some(3), None)).await;
    assert_eq!(yielded, [Ok(2), Ok(3)]);
    let (past_the_end, _) = bounded(walk(5, |_| Some(3), None)).await;
    assert_eq!(past_the_end, [Ok(5)]);
}

#[tokio::test]
async fn without_a_page_count_there_is_one_page() {
    let (yielded, fetched) = bounded(walk(1, |_| None, None)).await;
    assert_eq!(yielded, [Ok(1)]);
    assert_eq!(fetched, [1]);
}

#[tokio::test]
async fn a_page_without_a_count_goes_by_the_count_an_earlier_page_told() {
    let (yielded, _) = bounded(walk(1, |n| if n == 1 { Some(3) } else { None }, None)).await;
    assert_eq!(yielded, [Ok(1), Ok(2), Ok(3)]);
}

#[tokio::test]
async fn an_error_is_the_last_item() {
    let (yielded, fetched) = bounded(walk(1, |_| Some(5), Some(2))).await;
    assert_eq!(yielded, [Ok(1), Err(())]);
    assert_eq!(fetched, [1, 2]);
}

#[tokio::test]
async fn nothing_is_fetched_before_the_stream_is_read() {
    let mut fetched = 0;
    let stream = pages(
        1,
        |number| {
            fetched += 1;
            async move {
                Ok::<_, Error<()>>(Page {
                    number,
                    total: Some(2),
                })
            }
        },
        total,
    );
    drop(stream);
    assert_eq!(fetched, 0);
}

#[test]
fn pointer_u64_reads_numbers_and_numeric_strings() {
    let answer = json!({"meta": {"total_pages": 3, "text": " 12 ", "page": "x", "negative": -1, "float": 2.5}});
    assert_eq!(pointer_u64(&answer, "/meta/total_pages"), Some(3));
    assert_eq!(pointer_u64(&answer, "/meta/text"), Some(12));
    assert_eq!(pointer_u64(&answer, "/meta/page"), None);
    assert_eq!(pointer_u64(&answer, "/meta/negative"), None);
    assert_eq!(pointer_u64(&answer, "/meta/float"), None);
    assert_eq!(pointer_u64(&answer, "/meta/missing"), None);
    assert_eq!(pointer_u64(&answer, "/meta"), None);
    assert_eq!(
        pointer_u64(&answer, "meta"),
        None,
        "a pointer starts with `/`"
    );
}

/// A device listing as Particle's API answers it: one page of devices and `meta`.
#[derive(Debug, Serialize, Deserialize)]
struct DeviceList {
    devices: Vec<Device>,
    meta: serde_json::Value,
}

#[derive(Debug, Serialize, Deserialize)]
struct Device {
    id: String,
}

async fn answer_page(server: &MockServer, page: u64) {
    let body = json!({
        "devices": [{"id": format!("device-{page}a")}, {"id": format!("device-{page}b")}],
        "meta": {"total_pages": 3},
    });
    Mock::given(method("GET"))
        .and(path("/v1/products/my-product/devices"))
        .and(query_param("page", page.to_string()))
        .and(query_param("per_page", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .expect(1)
        .mount(server)
        .await;
}

async fn list_devices(client: &Client, page: u64) -> Result<DeviceList, Error<serde_json::Value>> {
    let request = Request::new(reqwest::Method::GET, "/v1/products/my-product/devices")
        .query("page", &page)
        .query("per_page", &2);
    Call::json(client, &LIST, Ok(request), error_json).await
}

/// The operation the fake fetch fails in.
const PAGE: Operation = Operation::new("page", "GET", "/page", &[]);

/// The operation the hand-made listing calls.
const LIST: Operation = Operation::new("list", "GET", "/v1/products/{product}/devices", &[]);

#[tokio::test]
async fn three_pages_from_a_server() {
    bounded(async {
        let server = MockServer::start().await;
        for page in 1..=3 {
            answer_page(&server, page).await;
        }
        let client = common::build(common::local(server.uri()));
        let stream = pages(
            1,
            |page| list_devices(&client, page),
            |answer: &DeviceList| pointer_u64(answer, "/meta/total_pages"),
        );
        let ids: Vec<String> = stream
            .map(|page| match page {
                Ok(page) => page
                    .devices
                    .into_iter()
                    .map(|device| device.id)
                    .collect::<Vec<_>>(),
                Err(error) => panic!("page failed: {error}"),
            })
            .concat()
            .await;
        assert_eq!(
            ids,
            [
                "device-1a",
                "device-1b",
                "device-2a",
                "device-2b",
                "device-3a",
                "device-3b"
            ]
        );
        server.verify().await;
    })
    .await;
}
