//! Logic operations on the wire against a local HTTP server (wiremock on 127.0.0.1): running code
//! once, logic functions, their runs, logs and daily stats, for the sandbox, an organization and a
//! product, each request checked exactly (method, path, query, token, JSON body) and each
//! documented answer decoded.

#![allow(clippy::panic, clippy::expect_used, clippy::unwrap_used)]

mod common;

use common::{bearer, client, date, exact_query, json, no_body, no_query};
use particle_client::models::{
    CreateLogicFunctionRequest, ExecuteLogicRequest, LogicEventInput, LogicFunctionChange,
    LogicLogLevel, LogicRunStatus, LogicSource, LogicSourceType, LogicTriggerInput,
    LogicTriggerType, NewLogicFunction, UpdateLogicFunctionRequest,
};
use particle_client::operations::{
    ListLogicFunctionsParams, ListOrgLogicFunctionsParams, ListProductLogicFunctionsParams,
};
use particle_client::{Error, Nullable};
use serde_json::json as value;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const FUNCTION_ID: &str = "79c1c82b-6dc5-49a1-b678-559b3e53a44d";
const RUN_ID: &str = "f1540276-63df-44a7-9f1b-b0dfec9640ea";

/// A logic function as Particle's reference shows it (Logic.2), with today's stats.
const FUNCTION: &str = r#"{"id":"79c1c82b-6dc5-49a1-b678-559b3e53a44d","owner_id":"user:deadbeef","version":4,"enabled":false,"name":"My Logic Function","description":"","template_slug":null,"source":{"type":"JavaScript","code":"export default function main() {}"},"created_at":"2023-08-08T18:37:20.355177Z","updated_at":"2023-10-25T21:10:44.240143Z","created_by":"user:deadbeef","updated_by":"user:deadbeef","logic_triggers":[{"id":"08c6cfc4-e7d6-4b75-aa9e-8690d5c7aa5d","type":"Scheduled","logic_function_id":"79c1c82b-6dc5-49a1-b678-559b3e53a44d","enabled":true,"version":4,"cron":"0 0 0 0 0","start_at":"2023-10-25T21:10:44.268743Z","end_at":null,"last_scheduled_at":"2023-10-25T21:15:00Z","next_unscheduled_at":"2023-10-25T21:20:00Z"}],"today_stats":{"success":0,"failure":0,"timeout":0}}"#;

/// A run as Particle's reference shows it (Logic.7).
const RUN: &str = r#"{"id":"f1540276-63df-44a7-9f1b-b0dfec9640ea","owner_id":"user:deadbeef","logic_function_id":"f3635877-3106-49c0-84ea-28781d9371fe","logic_trigger_type":"Scheduled","logic_trigger_id":"899944c2-ff3f-4f6a-a135-c4bc624ec382","status":"Success","started_at":"2023-11-07T18:20:59.462214Z","finished_at":"2023-11-07T18:20:59.581605Z","log_filename":"user:deadbeef/function-f3635877/1699381259462.json"}"#;

/// A mock that answers `answer` to exactly `verb path` with the token, the exact `query` (or none)
/// and no body.
async fn read_mock(
    server: &MockServer,
    verb: &str,
    at: &str,
    query: Option<&'static str>,
    answer: ResponseTemplate,
) {
    let mock = Mock::given(method(verb))
        .and(path(at))
        .and(bearer())
        .and(no_body());
    let mock = match query {
        Some(query) => mock.and(exact_query(query)),
        None => mock.and(no_query()),
    };
    mock.respond_with(answer).expect(1).mount(server).await;
}

/// A mock that answers `answer` to exactly `verb path`, with the token, no query and exactly the
/// JSON body `body`.
async fn write_mock(
    server: &MockServer,
    verb: &str,
    at: &str,
    body: serde_json::Value,
    answer: ResponseTemplate,
) {
    Mock::given(method(verb))
        .and(path(at))
        .and(bearer())
        .and(no_query())
        .and(header("content-type", "application/json"))
        .and(body_json(body))
        .respond_with(answer)
        .expect(1)
        .mount(server)
        .await;
}

fn source() -> LogicSource {
    LogicSource::new(
        LogicSourceType::JavaScript,
        "export default function main() {}",
    )
}

#[tokio::test]
async fn execute_logic_sends_the_code_and_event_bare_and_reads_the_result() {
    let server = MockServer::start().await;
    let expected = value!({
        "source": {"type": "JavaScript", "code": "export default function main() {}"},
        "event": {"event_name": "temperature", "event_data": "21.5", "device_id": "0123456789abcdef01234567"}
    });
    let answer = json(
        200,
        r#"{"result":{"status":"Success","logs":[{"level":"Info","timestamp":"2023-11-07T18:20:59.470Z","args":["Hello",42,{"a":null}]}]}}"#,
    );
    write_mock(
        &server,
        "POST",
        "/v1/logic/execute",
        expected.clone(),
        answer.clone(),
    )
    .await;
    write_mock(
        &server,
        "POST",
        "/v1/orgs/acme/logic/execute",
        expected,
        answer,
    )
    .await;

    let mut body = ExecuteLogicRequest::new(source());
    body.event = Some(LogicEventInput {
        event_name: Some("temperature".into()),
        event_data: Some("21.5".into()),
        device_id: Some("0123456789abcdef01234567".into()),
        product_id: None,
    });
    let client = client(&server);
    let result = client
        .execute_logic(&body)
        .await
        .expect("execute_logic")
        .result;
    assert_eq!(result.status, LogicRunStatus::Success);
    assert_eq!(result.logs[0].level, LogicLogLevel::Info);
    assert_eq!(
        result.logs[0].args,
        vec![value!("Hello"), value!(42), value!({"a": null})]
    );
    client
        .execute_org_logic("acme", &body)
        .await
        .expect("execute_org_logic");
}

#[tokio::test]
async fn list_logic_functions_sends_today_stats_and_reads_the_documented_list() {
    let server = MockServer::start().await;
    let answer = json(200, &format!(r#"{{"logic_functions":[{FUNCTION}]}}"#));
    read_mock(
        &server,
        "GET",
        "/v1/logic/functions",
        Some("today_stats=true"),
        answer.clone(),
    )
    .await;
    read_mock(
        &server,
        "GET",
        "/v1/orgs/acme/logic/functions",
        None,
        answer,
    )
    .await;
    let client = client(&server);
    let params = ListLogicFunctionsParams {
        today_stats: Some(true),
    };
    let list = client
        .list_logic_functions(&params)
        .await
        .expect("list_logic_functions");
    let function = &list.logic_functions[0];
    assert_eq!(function.id, FUNCTION_ID);
    assert_eq!(function.name, "My Logic Function");
    assert!(!function.enabled);
    assert_eq!(
        function.template_slug,
        Nullable::Null,
        "`template_slug: null` reads as None"
    );
    assert_eq!(function.source.r#type, LogicSourceType::JavaScript);
    assert_eq!(
        function.created_at,
        Some(date("2023-08-08T18:37:20.355177Z"))
    );
    let trigger = &function.logic_triggers.as_ref().expect("triggers")[0];
    assert_eq!(trigger.r#type, LogicTriggerType::Scheduled);
    assert_eq!(trigger.cron.as_deref(), Some("0 0 0 0 0"));
    assert_eq!(trigger.end_at, Nullable::Null);
    assert_eq!(function.today_stats.as_ref().expect("stats").success, 0);
    client
        .list_org_logic_functions("acme", &ListOrgLogicFunctionsParams::default())
        .await
        .expect("list_org_logic_functions");
}

#[tokio::test]
async fn create_logic_function_wraps_the_function() {
    let server = MockServer::start().await;
    let expected = value!({"logic_function": {
        "name": "Hourly report",
        "enabled": true,
        "source": {"type": "JavaScript", "code": "export default function main() {}"},
        "logic_triggers": [{"type": "Event", "enabled": true, "event": "temperature", "product_id": 1234}]
    }});
    let answer = json(201, &format!(r#"{{"logic_function":{FUNCTION}}}"#));
    write_mock(
        &server,
        "POST",
        "/v1/logic/functions",
        expected.clone(),
        answer.clone(),
    )
    .await;
    write_mock(
        &server,
        "POST",
        "/v1/orgs/acme/logic/functions",
        expected,
        answer,
    )
    .await;

    let mut function = NewLogicFunction::new("Hourly report", source());
    function.enabled = Some(true);
    function.logic_triggers = Some(vec![LogicTriggerInput {
        r#type: Some(LogicTriggerType::Event),
        enabled: Some(true),
        event: Some("temperature".into()),
        product_id: Some(1234),
        ..Default::default()
    }]);
    let body = CreateLogicFunctionRequest::new(function);
    let client = client(&server);
    let created = client
        .create_logic_function(&body)
        .await
        .expect("create_logic_function");
    assert_eq!(created.logic_function.version, Some(4));
    client
        .create_org_logic_function("acme", &body)
        .await
        .expect("create_org_logic_function");
}

#[tokio::test]
async fn get_logic_function_reads_the_wrapped_function() {
    let server = MockServer::start().await;
    let answer = json(200, &format!(r#"{{"logic_function":{FUNCTION}}}"#));
    let at = format!("/v1/logic/functions/{FUNCTION_ID}");
    read_mock(&server, "GET", &at, None, answer.clone()).await;
    let org_at = format!("/v1/orgs/acme/logic/functions/{FUNCTION_ID}");
    read_mock(&server, "GET", &org_at, None, answer).await;
    let client = client(&server);
    let function = client
        .get_logic_function(FUNCTION_ID)
        .await
        .expect("get_logic_function")
        .logic_function;
    assert_eq!(function.source.code, "export default function main() {}");
    client
        .get_org_logic_function("acme", FUNCTION_ID)
        .await
        .expect("get_org_logic_function");
}

#[tokio::test]
async fn update_logic_function_sends_only_the_changes() {
    let server = MockServer::start().await;
    let expected = value!({"logic_function": {
        "enabled": false,
        "logic_triggers": [{"id": "08c6cfc4-e7d6-4b75-aa9e-8690d5c7aa5d", "cron": "*/5 * * * *"}]
    }});
    let answer = json(201, &format!(r#"{{"logic_function":{FUNCTION}}}"#));
    let at = format!("/v1/logic/functions/{FUNCTION_ID}");
    write_mock(&server, "PUT", &at, expected.clone(), answer.clone()).await;
    let org_at = format!("/v1/orgs/acme/logic/functions/{FUNCTION_ID}");
    write_mock(&server, "PUT", &org_at, expected, answer).await;
    let change = LogicFunctionChange {
        enabled: Some(false),
        logic_triggers: Some(vec![LogicTriggerInput {
            id: Some("08c6cfc4-e7d6-4b75-aa9e-8690d5c7aa5d".into()),
            cron: Some("*/5 * * * *".into()),
            ..Default::default()
        }]),
        ..Default::default()
    };
    let body = UpdateLogicFunctionRequest::new(change);
    let client = client(&server);
    client
        .update_logic_function(FUNCTION_ID, &body)
        .await
        .expect("update_logic_function");
    client
        .update_org_logic_function("acme", FUNCTION_ID, &body)
        .await
        .expect("update_org_logic_function");
}

#[tokio::test]
async fn delete_logic_function_reads_the_204_without_a_body() {
    let server = MockServer::start().await;
    let at = format!("/v1/logic/functions/{FUNCTION_ID}");
    read_mock(&server, "DELETE", &at, None, ResponseTemplate::new(204)).await;
    let org_at = format!("/v1/orgs/acme/logic/functions/{FUNCTION_ID}");
    read_mock(&server, "DELETE", &org_at, None, ResponseTemplate::new(204)).await;
    let client = client(&server);
    client
        .delete_logic_function(FUNCTION_ID)
        .await
        .expect("delete_logic_function");
    client
        .delete_org_logic_function("acme", FUNCTION_ID)
        .await
        .expect("delete_org_logic_function");
}

#[tokio::test]
async fn list_logic_runs_reads_the_documented_runs() {
    let server = MockServer::start().await;
    let answer = json(200, &format!(r#"{{"logic_runs":[{RUN}]}}"#));
    let at = format!("/v1/logic/functions/{FUNCTION_ID}/runs");
    read_mock(&server, "GET", &at, None, answer.clone()).await;
    let org_at = format!("/v1/orgs/acme/logic/functions/{FUNCTION_ID}/runs");
    read_mock(&server, "GET", &org_at, None, answer).await;
    let client = client(&server);
    let runs = client
        .list_logic_runs(FUNCTION_ID)
        .await
        .expect("list_logic_runs")
        .logic_runs;
    assert_eq!(runs[0].id, RUN_ID);
    assert_eq!(runs[0].status, LogicRunStatus::Success);
    assert_eq!(
        runs[0].logic_trigger_type,
        Some(LogicTriggerType::Scheduled)
    );
    assert_eq!(
        runs[0].finished_at,
        Some(date("2023-11-07T18:20:59.581605Z"))
    );
    client
        .list_org_logic_runs("acme", FUNCTION_ID)
        .await
        .expect("list_org_logic_runs");
}

#[tokio::test]
async fn get_logic_run_reads_the_wrapped_run() {
    let server = MockServer::start().await;
    let answer = json(200, &format!(r#"{{"logic_run":{RUN}}}"#));
    let at = format!("/v1/logic/functions/{FUNCTION_ID}/runs/{RUN_ID}");
    read_mock(&server, "GET", &at, None, answer.clone()).await;
    let org_at = format!("/v1/orgs/acme/logic/functions/{FUNCTION_ID}/runs/{RUN_ID}");
    read_mock(&server, "GET", &org_at, None, answer).await;
    let client = client(&server);
    let run = client
        .get_logic_run(FUNCTION_ID, RUN_ID)
        .await
        .expect("get_logic_run")
        .logic_run;
    assert_eq!(
        run.logic_function_id,
        "f3635877-3106-49c0-84ea-28781d9371fe"
    );
    client
        .get_org_logic_run("acme", FUNCTION_ID, RUN_ID)
        .await
        .expect("get_org_logic_run");
}

#[tokio::test]
async fn get_logic_run_logs_reads_either_documented_shape() {
    let server = MockServer::start().await;
    let line = r#"{"level":"Info","timestamp":"2023-11-07T18:20:59.470Z","args":["Hello"]}"#;
    let at = format!("/v1/logic/functions/{FUNCTION_ID}/runs/{RUN_ID}/logs");
    // Particle's reference: the lines inside `logic_run_logs`.
    let reference = json(200, &format!(r#"{{"logic_run_logs":{{"logs":[{line}]}}}}"#));
    read_mock(&server, "GET", &at, None, reference).await;
    // particle-api-js's type declarations: the lines at the top.
    let org_at = format!("/v1/orgs/acme/logic/functions/{FUNCTION_ID}/runs/{RUN_ID}/logs");
    let top = json(200, &format!(r#"{{"logs":[{line}]}}"#));
    read_mock(&server, "GET", &org_at, None, top).await;
    let client = client(&server);
    let logs = client
        .get_logic_run_logs(FUNCTION_ID, RUN_ID)
        .await
        .expect("get_logic_run_logs");
    let lines = logs.logic_run_logs.expect("logic_run_logs").logs;
    assert_eq!(lines[0].args, vec![value!("Hello")]);
    assert_eq!(lines[0].timestamp, Some(date("2023-11-07T18:20:59.470Z")));
    let logs = client
        .get_org_logic_run_logs("acme", FUNCTION_ID, RUN_ID)
        .await
        .expect("get_org_logic_run_logs");
    assert_eq!(logs.logic_run_logs, None);
    assert_eq!(logs.logs.expect("logs")[0].level, LogicLogLevel::Info);
}

#[tokio::test]
async fn an_unknown_logic_function_is_an_api_error_with_the_documented_body() {
    let server = MockServer::start().await;
    read_mock(
        &server,
        "GET",
        "/v1/logic/functions/nope",
        None,
        json(404, r#"{"ok":false,"error":"Logic function not found"}"#),
    )
    .await;
    let answer = client(&server).get_logic_function("nope").await;
    let Err(Error::Api {
        status: 404, body, ..
    }) = answer
    else {
        panic!("expected a 404, got {answer:?}")
    };
    assert_eq!(body.ok, Some(false));
    assert_eq!(body.error.as_deref(), Some("Logic function not found"));
}

/// A logic function's daily stats as Particle's reference shows them (Logic.10).
const STATS: &str = r#"{"logic_function_stats":[{"date":"20231106","success":175,"failure":168,"timeout":0},{"date":"20231107","success":3,"failure":0,"timeout":1}]}"#;

#[tokio::test]
async fn get_logic_function_stats_reads_the_daily_counts() {
    let server = MockServer::start().await;
    let at = format!("/v1/logic/functions/{FUNCTION_ID}/stats");
    read_mock(&server, "GET", &at, None, json(200, STATS)).await;
    let stats = client(&server)
        .get_logic_function_stats(FUNCTION_ID)
        .await
        .expect("get_logic_function_stats")
        .logic_function_stats;
    assert_eq!(stats.len(), 2);
    assert_eq!(stats[0].date, "20231106");
    assert_eq!(
        (stats[0].success, stats[0].failure, stats[0].timeout),
        (175, 168, 0)
    );
    assert_eq!(stats[1].timeout, 1);
}

#[tokio::test]
async fn get_org_logic_function_stats_encodes_the_organization() {
    let server = MockServer::start().await;
    let at = format!("/v1/orgs/acme%20iot/logic/functions/{FUNCTION_ID}/stats");
    read_mock(
        &server,
        "GET",
        &at,
        None,
        json(200, r#"{"logic_function_stats":[]}"#),
    )
    .await;
    let stats = client(&server)
        .get_org_logic_function_stats("acme iot", FUNCTION_ID)
        .await
        .expect("get_org_logic_function_stats");
    assert!(stats.logic_function_stats.is_empty());
}

// The product forms (`/v1/products/{productIdOrSlug}/logic…`): same bodies and answers as the
// sandbox's.

#[tokio::test]
async fn get_product_logic_function_stats_reads_the_daily_counts() {
    let server = MockServer::start().await;
    let at = format!("/v1/products/my-product/logic/functions/{FUNCTION_ID}/stats");
    read_mock(&server, "GET", &at, None, json(200, STATS)).await;
    let stats = client(&server)
        .get_product_logic_function_stats("my-product", FUNCTION_ID)
        .await
        .expect("get_product_logic_function_stats")
        .logic_function_stats;
    assert_eq!(stats[0].success, 175);
}

#[tokio::test]
async fn execute_product_logic_sends_the_code_and_event_and_reads_the_result() {
    let server = MockServer::start().await;
    write_mock(
        &server,
        "POST",
        "/v1/products/1234/logic/execute",
        value!({
            "source": {"type": "JavaScript", "code": "export default function main() {}"},
            "event": {"event_name": "temperature", "product_id": "1234"}
        }),
        json(200, r#"{"result":{"status":"Failure","logs":[]}}"#),
    )
    .await;
    let mut body = ExecuteLogicRequest::new(source());
    body.event = Some(LogicEventInput {
        event_name: Some("temperature".into()),
        product_id: Some("1234".into()),
        ..Default::default()
    });
    let result = client(&server)
        .execute_product_logic("1234", &body)
        .await
        .expect("execute_product_logic")
        .result;
    assert_eq!(result.status, LogicRunStatus::Failure);
    assert!(result.logs.is_empty());
}

#[tokio::test]
async fn list_product_logic_functions_sends_today_stats() {
    let server = MockServer::start().await;
    read_mock(
        &server,
        "GET",
        "/v1/products/1234/logic/functions",
        Some("today_stats=false"),
        json(200, &format!(r#"{{"logic_functions":[{FUNCTION}]}}"#)),
    )
    .await;
    let params = ListProductLogicFunctionsParams {
        today_stats: Some(false),
    };
    let list = client(&server)
        .list_product_logic_functions("1234", &params)
        .await
        .expect("list_product_logic_functions");
    assert_eq!(list.logic_functions[0].id, FUNCTION_ID);
    assert_eq!(
        list.logic_functions[0]
            .today_stats
            .as_ref()
            .expect("stats")
            .timeout,
        0
    );
}

#[tokio::test]
async fn create_product_logic_function_wraps_the_function() {
    let server = MockServer::start().await;
    write_mock(
        &server,
        "POST",
        "/v1/products/1234/logic/functions",
        value!({"logic_function": {
            "name": "Fleet alert",
            "source": {"type": "JavaScript", "code": "export default function main() {}"}
        }}),
        json(201, &format!(r#"{{"logic_function":{FUNCTION}}}"#)),
    )
    .await;
    let body = CreateLogicFunctionRequest::new(NewLogicFunction::new("Fleet alert", source()));
    let created = client(&server)
        .create_product_logic_function("1234", &body)
        .await
        .expect("create_product_logic_function");
    assert_eq!(created.logic_function.name, "My Logic Function");
}

#[tokio::test]
async fn get_product_logic_function_reads_the_wrapped_function() {
    let server = MockServer::start().await;
    let at = format!("/v1/products/1234/logic/functions/{FUNCTION_ID}");
    read_mock(
        &server,
        "GET",
        &at,
        None,
        json(200, &format!(r#"{{"logic_function":{FUNCTION}}}"#)),
    )
    .await;
    let function = client(&server)
        .get_product_logic_function("1234", FUNCTION_ID)
        .await
        .expect("get_product_logic_function")
        .logic_function;
    assert_eq!(function.owner_id.as_deref(), Some("user:deadbeef"));
}

#[tokio::test]
async fn update_product_logic_function_sends_only_the_changes() {
    let server = MockServer::start().await;
    let at = format!("/v1/products/1234/logic/functions/{FUNCTION_ID}");
    write_mock(
        &server,
        "PUT",
        &at,
        value!({"logic_function": {"description": "Alerts on high temperature"}}),
        json(201, &format!(r#"{{"logic_function":{FUNCTION}}}"#)),
    )
    .await;
    let body = UpdateLogicFunctionRequest::new(LogicFunctionChange {
        description: Some("Alerts on high temperature".into()),
        ..Default::default()
    });
    let updated = client(&server)
        .update_product_logic_function("1234", FUNCTION_ID, &body)
        .await
        .expect("update_product_logic_function");
    assert_eq!(updated.logic_function.version, Some(4));
}

#[tokio::test]
async fn delete_product_logic_function_reads_the_204_without_a_body() {
    let server = MockServer::start().await;
    let at = format!("/v1/products/1234/logic/functions/{FUNCTION_ID}");
    read_mock(&server, "DELETE", &at, None, ResponseTemplate::new(204)).await;
    client(&server)
        .delete_product_logic_function("1234", FUNCTION_ID)
        .await
        .expect("delete_product_logic_function");
}

#[tokio::test]
async fn list_product_logic_runs_reads_the_documented_runs() {
    let server = MockServer::start().await;
    let at = format!("/v1/products/1234/logic/functions/{FUNCTION_ID}/runs");
    read_mock(
        &server,
        "GET",
        &at,
        None,
        json(200, &format!(r#"{{"logic_runs":[{RUN}]}}"#)),
    )
    .await;
    let runs = client(&server)
        .list_product_logic_runs("1234", FUNCTION_ID)
        .await
        .expect("list_product_logic_runs")
        .logic_runs;
    assert_eq!(runs[0].id, RUN_ID);
    assert_eq!(
        runs[0].started_at,
        Some(date("2023-11-07T18:20:59.462214Z"))
    );
}

#[tokio::test]
async fn get_product_logic_run_reads_the_wrapped_run() {
    let server = MockServer::start().await;
    let at = format!("/v1/products/1234/logic/functions/{FUNCTION_ID}/runs/{RUN_ID}");
    read_mock(
        &server,
        "GET",
        &at,
        None,
        json(200, &format!(r#"{{"logic_run":{RUN}}}"#)),
    )
    .await;
    let run = client(&server)
        .get_product_logic_run("1234", FUNCTION_ID, RUN_ID)
        .await
        .expect("get_product_logic_run")
        .logic_run;
    assert_eq!(run.status, LogicRunStatus::Success);
}

#[tokio::test]
async fn get_product_logic_run_logs_reads_the_documented_shape() {
    let server = MockServer::start().await;
    let at = format!("/v1/products/1234/logic/functions/{FUNCTION_ID}/runs/{RUN_ID}/logs");
    read_mock(
        &server,
        "GET",
        &at,
        None,
        json(
            200,
            r#"{"logic_run_logs":{"logs":[{"level":"Error","timestamp":"2023-11-07T18:20:59.470Z","args":["boom"]}]}}"#,
        ),
    )
    .await;
    let logs = client(&server)
        .get_product_logic_run_logs("1234", FUNCTION_ID, RUN_ID)
        .await
        .expect("get_product_logic_run_logs");
    let lines = logs.logic_run_logs.expect("logic_run_logs").logs;
    assert_eq!(lines[0].level, LogicLogLevel::Error);
    assert_eq!(lines[0].args, vec![value!("boom")]);
}
