//! Every row of the OpenAPI style table on the wire: the raw request line and headers each
//! operation sends for the table's values (`blue`; `[blue, black, brown]`; `{R: 100, G: 200,
//! B: 150}`), compared with the table's strings.
//!
//! An object's members go out in the order serde_json keeps them: as declared (`R, G, B`) with
//! its `preserve_order` feature, sorted (`B, G, R`) without; both are right, and the test takes
//! either.

// Helpers outside `#[test]` functions fail the test by panicking, as tests do.
#![allow(clippy::panic)]

mod common;

use features_client::models::Rgb;
use features_client::operations::{CookieStylesParams, HeaderStylesParams, QueryStylesParams};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn rgb() -> Rgb {
    Rgb {
        r: 100,
        g: 200,
        b: 150,
    }
}

fn colours() -> Vec<String> {
    ["blue", "black", "brown"].map(str::to_owned).to_vec()
}

/// The table's string for the object: `prefix`, then each member as `pattern` writes it (`NAME`
/// and `VALUE` replaced), joined by `separator`; in declared order, or sorted.
fn object(prefix: &str, pattern: &str, separator: &str) -> [String; 2] {
    let declared = [("R", "100"), ("G", "200"), ("B", "150")];
    let sorted = [("B", "150"), ("G", "200"), ("R", "100")];
    let written = |members: [(&str, &str); 3]| {
        let texts =
            members.map(|(name, value)| pattern.replace("NAME", name).replace("VALUE", value));
        format!("{prefix}{}", texts.join(separator))
    };
    [written(declared), written(sorted)]
}

/// The request line's target (path and query) and the headers of the one request `server` saw.
async fn seen(server: &MockServer) -> (String, wiremock::http::HeaderMap) {
    let requests = common::received(server).await;
    let [request] = requests.as_slice() else {
        panic!("{} requests", requests.len());
    };
    let mut target = request.url.path().to_owned();
    if let Some(query) = request.url.query() {
        target.push('?');
        target.push_str(query);
    }
    (target, request.headers.clone())
}

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    server
}

/// The path each path style sends for `blue`, the list and the object.
#[tokio::test]
async fn path_styles() {
    let rows: [(&str, bool, &str, &str, [String; 2]); 6] = [
        (
            "simple",
            false,
            "blue",
            "blue,black,brown",
            object("", "NAME,VALUE", ","),
        ),
        (
            "simple",
            true,
            "blue",
            "blue,black,brown",
            object("", "NAME=VALUE", ","),
        ),
        (
            "label",
            false,
            ".blue",
            ".blue,black,brown",
            object(".", "NAME,VALUE", ","),
        ),
        (
            "label",
            true,
            ".blue",
            ".blue.black.brown",
            object(".", "NAME=VALUE", "."),
        ),
        (
            "matrix",
            false,
            ";p=blue",
            ";a=blue,black,brown",
            object(";o=", "NAME,VALUE", ","),
        ),
        (
            "matrix",
            true,
            ";p=blue",
            ";a=blue;a=black;a=brown",
            object(";", "NAME=VALUE", ";"),
        ),
    ];
    for (style, explode, primitive, list, members) in rows {
        let server = server().await;
        let client = common::client(&server);
        let (p, a, o) = ("blue", colours(), rgb());
        let sent = match (style, explode) {
            ("simple", false) => client.path_simple(p, &a, &o).await,
            ("simple", true) => client.path_simple_exploded(p, &a, &o).await,
            ("label", false) => client.path_label(p, &a, &o).await,
            ("label", true) => client.path_label_exploded(p, &a, &o).await,
            ("matrix", false) => client.path_matrix(p, &a, &o).await,
            _ => client.path_matrix_exploded(p, &a, &o).await,
        };
        if let Err(error) = sent {
            panic!("{style} {explode}: {error}");
        }
        let (target, _) = seen(&server).await;
        let folder = if explode {
            format!("{style}-explode")
        } else {
            style.to_owned()
        };
        let wanted =
            members.map(|object| format!("/v2/styles/path/{folder}/{primitive}/{list}/{object}"));
        assert!(wanted.contains(&target), "{target} is none of {wanted:?}");
    }
}

#[tokio::test]
async fn query_styles() {
    let server = server().await;
    let params = QueryStylesParams {
        p: Some("blue".to_owned()),
        fa: Some(colours()),
        fo: Some(rgb()),
        ea: Some(colours()),
        eo: Some(rgb()),
        sa: Some(colours()),
        pa: Some(colours()),
        r#do: Some(rgb()),
        r: Some("a/b?c".to_owned()),
    };
    if let Err(error) = common::client(&server).query_styles(&params).await {
        panic!("{error}");
    }
    let (target, _) = seen(&server).await;
    let [fo_declared, fo_sorted] = object("fo=", "NAME,VALUE", ",");
    let [eo_declared, eo_sorted] = object("", "NAME=VALUE", "&");
    let [do_declared, do_sorted] = object("", "do[NAME]=VALUE", "&");
    let wanted = |fo: &str, eo: &str, deep: &str| {
        format!(
            "/v2/styles/query?p=blue&fa=blue,black,brown&{fo}&ea=blue&ea=black&ea=brown&{eo}\
             &sa=blue%20black%20brown&pa=blue|black|brown&{deep}&r=a/b?c"
        )
    };
    let options = [
        wanted(&fo_declared, &eo_declared, &do_declared),
        wanted(&fo_sorted, &eo_sorted, &do_sorted),
    ];
    assert!(options.contains(&target), "{target} is none of {options:?}");
}

#[tokio::test]
async fn header_and_cookie_styles() {
    let server = server().await;
    let params = HeaderStylesParams {
        x_p: Some("blue".to_owned()),
        x_a: Some(colours()),
        x_o: Some(rgb()),
        x_e: Some(rgb()),
    };
    if let Err(error) = common::client(&server).header_styles(&params).await {
        panic!("{error}");
    }
    let (_, headers) = seen(&server).await;
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(header("x-p"), "blue");
    assert_eq!(header("x-a"), "blue,black,brown");
    let x_o = header("x-o");
    assert!(object("", "NAME,VALUE", ",").contains(&x_o), "{x_o}");
    let x_e = header("x-e");
    assert!(object("", "NAME=VALUE", ",").contains(&x_e), "{x_e}");

    let server = self::server().await;
    let params = CookieStylesParams {
        cp: Some("blue".to_owned()),
        ca: Some(colours()),
        co: Some(rgb()),
    };
    if let Err(error) = common::client(&server).cookie_styles(&params).await {
        panic!("{error}");
    }
    let (_, headers) = seen(&server).await;
    let cookie = headers
        .get("cookie")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    // A comma cannot stand in a cookie value (RFC 6265): the list's separators go as `%2C`.
    let options = object("", "NAME%2CVALUE", "%2C")
        .map(|members| format!("cp=blue; ca=blue%2Cblack%2Cbrown; co={members}"));
    assert!(
        options
            .iter()
            .any(|option| cookie.starts_with(option.as_str())),
        "{cookie} starts with none of {options:?}"
    );
}
