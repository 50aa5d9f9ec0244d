//! Products, their team and customers, and device claiming on the wire against a local HTTP server
//! (wiremock on 127.0.0.1): listing and getting products, listing, inviting and removing team
//! members and creating API users, creating customers (form encoded, with an access token or with
//! the product's client credentials as HTTP Basic), claim codes, the serial number lookup and a
//! device's public key; a 404 error body.

#![allow(clippy::panic, clippy::expect_used, clippy::unwrap_used)]

mod common;

use common::{DEVICE_ID, TOKEN, bearer, client, json, no_authorization, no_body, no_query};
use particle_client::models::{
    ClaimCodeRequest, CreateCustomerRequest, CreateProductRequest, InviteTeamMemberRequest,
    NewProduct, NewProductLocation, NewProductSettings, RegistrationCodeRequest,
    SendPublicKeyRequest, SendPublicKeyRequestAlgorithm, UpdateApiUserRequest,
    UpdateCustomerPasswordRequest,
};
use particle_client::{Client, Error, Nullable, Secret};
use serde_json::json as value;
use wiremock::matchers::{body_json, body_string, header, method, path};
use wiremock::{Mock, MockServer};

/// The docs' product (AD Products.2), with the fields particle-api-js declares.
const PRODUCT: &str = r#"{"id":1337,"platform_id":13,"name":"My Product","slug":"my-product-v1","description":"Smart gongs","subscription_id":4321,"user":"joe@example.com","groups":["europe","beta"],"settings":{"location":{},"known_application":{"opt_in":true},"quarantine":false},"device_protection":"disabled","requires_activation_codes":false}"#;

/// The docs' token answer, as creating a customer returns it.
const CUSTOMER_TOKEN: &str = r#"{"token_type":"bearer","access_token":"254406f79c1999af65a7df4388971354f85cfee9","refresh_token":"b5b901e8760164e134199bc2c3dd1d228acf2d90","expires_in":7776000}"#;

#[tokio::test]
async fn list_products_decodes_the_products() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/products"))
        .and(bearer())
        .and(no_query())
        .and(no_body())
        .respond_with(json(200, &format!(r#"{{"products":[{PRODUCT}]}}"#)))
        .expect(1)
        .mount(&server)
        .await;

    let list = client(&server)
        .list_products()
        .await
        .expect("list_products");
    assert_eq!(list.products.len(), 1);
    let product = &list.products[0];
    assert_eq!(product.id, 1337);
    assert_eq!(product.slug.as_deref(), Some("my-product-v1"));
    assert_eq!(product.platform_id, Some(13));
    assert_eq!(product.subscription_id, Some(value!(4321)));
}

#[tokio::test]
async fn get_product_decodes_the_settings() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/products/my-product-v1"))
        .and(bearer())
        .and(no_query())
        .and(no_body())
        .respond_with(json(200, &format!(r#"{{"product":{PRODUCT}}}"#)))
        .expect(1)
        .mount(&server)
        .await;

    let answer = client(&server)
        .get_product("my-product-v1")
        .await
        .expect("get_product");
    let product = answer.product;
    assert_eq!(product.name.as_deref(), Some("My Product"));
    assert_eq!(
        product.groups.as_deref(),
        Some(&["europe".to_owned(), "beta".to_owned()][..])
    );
    assert_eq!(product.device_protection.as_deref(), Some("disabled"));
    let settings = product.settings.expect("settings");
    assert_eq!(settings.quarantine, Some(false));
    assert_eq!(
        settings.known_application.and_then(|known| known.opt_in),
        Some(true)
    );
}

#[tokio::test]
async fn an_unknown_product_is_a_404_with_the_error_body() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/products/nope"))
        .respond_with(json(404, r#"{"ok":false,"error":"Product not found"}"#))
        .expect(1)
        .mount(&server)
        .await;

    let result = client(&server).get_product("nope").await;
    let Err(Error::Api {
        status: 404, body, ..
    }) = result
    else {
        panic!("expected a decoded 404, got {result:?}")
    };
    assert_eq!(body.ok, Some(false));
    assert_eq!(body.error.as_deref(), Some("Product not found"));
}

#[tokio::test]
async fn list_team_members_decodes_people_and_api_users() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/products/1337/team"))
        .and(bearer())
        .and(no_query())
        .and(no_body())
        .respond_with(json(
            200,
            r#"{"ok":true,"team":[{"username":"jane@example.com","role":{"id":"000000000000000000000002","name":"Developer"},"no_mfa":true},{"username":"my-api-user-1234@api.particle.io","friendly_name":"Fleet script","is_programmatic":true,"scopes":["devices:list"],"product_id":1337}]}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;

    let team = client(&server)
        .list_product_team_members("1337")
        .await
        .expect("list_product_team_members");
    assert_eq!(team.team.len(), 2);
    let jane = &team.team[0];
    assert_eq!(jane.username, "jane@example.com");
    assert_eq!(
        jane.role.as_ref().and_then(|role| role.name.as_deref()),
        Some("Developer")
    );
    let api_user = &team.team[1];
    assert_eq!(api_user.is_programmatic, Some(true));
    assert_eq!(
        api_user.scopes.as_deref(),
        Some(&["devices:list".to_owned()][..])
    );
    assert_eq!(api_user.product_id, Nullable::Value(1337));
}

#[tokio::test]
async fn invite_team_member_sends_the_username_as_json() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/products/1337/team"))
        .and(bearer())
        .and(header("content-type", "application/json"))
        .and(no_query())
        .and(body_json(value!({"username": "jane@example.com"})))
        .respond_with(json(
            200,
            r#"{"ok":true,"invited":{"username":"jane@example.com"}}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;

    let invite = InviteTeamMemberRequest {
        username: Some("jane@example.com".into()),
        ..Default::default()
    };
    let answer = client(&server)
        .invite_product_team_member("1337", &invite)
        .await
        .expect("invite_product_team_member");
    assert_eq!(
        answer.invited.map(|member| member.username).as_deref(),
        Some("jane@example.com")
    );
    assert_eq!(answer.created, None);
}

#[tokio::test]
async fn invite_team_member_creates_an_api_user_and_hides_its_token() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/products/1337/team"))
        .and(bearer())
        .and(body_json(value!({
            "friendly_name": "Fleet script",
            "scopes": ["devices:list", "sims:list"]
        })))
        .respond_with(json(
            200,
            r#"{"ok":true,"created":{"username":"fleet-script-1234@api.particle.io","is_programmatic":true,"tokens":[{"token":"abc.123"}]}}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;

    let api_user = InviteTeamMemberRequest {
        friendly_name: Some("Fleet script".into()),
        scopes: Some(vec!["devices:list".into(), "sims:list".into()]),
        ..Default::default()
    };
    let answer = client(&server)
        .invite_product_team_member("1337", &api_user)
        .await
        .expect("invite_product_team_member");
    let created = answer.created.expect("created");
    assert_eq!(created.username, "fleet-script-1234@api.particle.io");
    let tokens = created.tokens.expect("tokens");
    assert_eq!(tokens[0].token.expose(), "abc.123");
    assert!(!format!("{tokens:?}").contains("abc.123"));
}

#[tokio::test]
async fn remove_team_member_percent_encodes_the_username_in_the_path() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        // `@` is escaped like every character outside RFC 3986's unreserved set.
        .and(path("/v1/products/my-product-v1/team/jane%40example.com"))
        .and(bearer())
        .and(no_query())
        .and(no_body())
        .respond_with(json(200, r#"{"ok":true}"#))
        .expect(1)
        .mount(&server)
        .await;

    let answer = client(&server)
        .remove_product_team_member("my-product-v1", "jane@example.com")
        .await
        .expect("remove_product_team_member");
    assert_eq!(answer.ok, Some(true));
}

#[tokio::test]
async fn create_customer_with_a_team_members_token_sends_a_form() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/products/my-product-v1/customers"))
        .and(bearer())
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(no_query())
        .and(body_string(
            "email=jane%40example.com&password=CustomerSecret",
        ))
        .respond_with(json(201, CUSTOMER_TOKEN))
        .expect(1)
        .mount(&server)
        .await;

    let mut customer = CreateCustomerRequest::new("jane@example.com");
    customer.password = Some("CustomerSecret".into());
    let answer = client(&server)
        .create_customer("my-product-v1", &customer)
        .with_response()
        .await
        .expect("create_customer");
    assert_eq!(answer.status(), 201);
    assert_eq!(answer.token_type, "bearer");
    assert_eq!(answer.access_token.expose(), TOKEN);
    assert_eq!(answer.expires_in, Some(7_776_000));
    assert!(!format!("{customer:?}").contains("CustomerSecret"));
}

#[tokio::test]
async fn create_customer_without_a_token_sends_the_product_client_as_basic() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/products/1337/customers"))
        // `my-product-client:client-secret`
        .and(header(
            "authorization",
            "Basic bXktcHJvZHVjdC1jbGllbnQ6Y2xpZW50LXNlY3JldA==",
        ))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string("email=jane%40example.com&no_password=true"))
        .respond_with(json(201, CUSTOMER_TOKEN))
        .expect(1)
        .mount(&server)
        .await;

    let client = Client::builder()
        .base_url(server.uri())
        .allow_insecure_http()
        .client_credentials("my-product-client", "client-secret")
        .build()
        .expect("client");
    let mut customer = CreateCustomerRequest::new("jane@example.com");
    customer.no_password = Some(true);
    let token = client
        .create_customer("1337", &customer)
        .await
        .expect("create_customer");
    assert_eq!(
        token.refresh_token.as_ref().map(Secret::expose),
        Some("b5b901e8760164e134199bc2c3dd1d228acf2d90")
    );
}

#[tokio::test]
async fn create_customer_can_send_the_client_in_the_form_as_particle_api_js_does() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/products/1337/customers"))
        .and(bearer())
        .and(body_string(
            "email=jane%40example.com&password=CustomerSecret&grant_type=client_credentials&client_id=my-product-client&client_secret=client-secret",
        ))
        .respond_with(json(201, CUSTOMER_TOKEN))
        .expect(1)
        .mount(&server)
        .await;

    let mut customer = CreateCustomerRequest::new("jane@example.com");
    customer.password = Some("CustomerSecret".into());
    customer.grant_type = Some("client_credentials".into());
    customer.client_id = Some("my-product-client".into());
    customer.client_secret = Some("client-secret".into());
    client(&server)
        .create_customer("1337", &customer)
        .await
        .expect("create_customer");
    assert!(!format!("{customer:?}").contains("client-secret"));
}

#[tokio::test]
async fn create_claim_code_sends_the_iccid() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/device_claims"))
        .and(bearer())
        .and(header("content-type", "application/json"))
        .and(no_query())
        .and(body_json(value!({"iccid": "89314404000111111111"})))
        .respond_with(json(
            200,
            r#"{"claim_code":"rCFr2KAJNgzJ2rR3Jm1ZoUd7G4Sr3ak7MRHdWrM274eYzInP1+psZ0fP2qNehlj","device_ids":["33ff210644893f533e242597"]}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;

    let request = ClaimCodeRequest {
        iccid: Some("89314404000111111111".into()),
        ..Default::default()
    };
    let code = client(&server)
        .create_claim_code(&request)
        .await
        .expect("create_claim_code");
    assert_eq!(
        code.claim_code,
        "rCFr2KAJNgzJ2rR3Jm1ZoUd7G4Sr3ak7MRHdWrM274eYzInP1+psZ0fP2qNehlj"
    );
    assert_eq!(
        code.device_ids.as_deref(),
        Some(&["33ff210644893f533e242597".to_owned()][..])
    );
}

#[tokio::test]
async fn create_product_claim_code_sends_an_empty_object() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/products/my-product-v1/device_claims"))
        .and(bearer())
        .and(header("content-type", "application/json"))
        .and(body_json(value!({})))
        .respond_with(json(200, r#"{"claim_code":"abc","device_ids":[]}"#))
        .expect(1)
        .mount(&server)
        .await;

    let code = client(&server)
        .create_product_claim_code("my-product-v1", &ClaimCodeRequest::default())
        .await
        .expect("create_product_claim_code");
    assert_eq!(code.claim_code, "abc");
}

#[tokio::test]
async fn lookup_serial_number_reads_the_documented_answer() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/serial_numbers/E40KAB123456789"))
        .and(bearer())
        .and(no_query())
        .and(no_body())
        .respond_with(json(
            200,
            r#"{"ok":true,"deviceID":"0123456789abcdef01234567","iccid":"89314404000111111111"}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;

    let found = client(&server)
        .lookup_serial_number("E40KAB123456789")
        .await
        .expect("lookup_serial_number");
    assert_eq!(found.ok, Some(true));
    assert_eq!(found.device_id.as_deref(), Some(DEVICE_ID));
    assert_eq!(found.iccid.as_deref(), Some("89314404000111111111"));
    assert_eq!(found.device_id2, None);
}

#[tokio::test]
async fn lookup_serial_number_reads_the_particle_api_js_shape() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/serial_numbers/E40KAB123456789"))
        .respond_with(json(
            200,
            r#"{"serial_number":"E40KAB123456789","device_id":"0123456789abcdef01234567","platform_id":13}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;

    let found = client(&server)
        .lookup_serial_number("E40KAB123456789")
        .await
        .expect("lookup_serial_number");
    assert_eq!(found.device_id2.as_deref(), Some(DEVICE_ID));
    assert_eq!(found.serial_number.as_deref(), Some("E40KAB123456789"));
    assert_eq!(found.platform_id, Some(13));
}

#[tokio::test]
async fn send_public_key_sends_what_particle_api_js_sends() {
    let server = MockServer::start().await;
    let pem = "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----\n";
    Mock::given(method("POST"))
        .and(path(format!("/v1/provisioning/{DEVICE_ID}")))
        .and(bearer())
        .and(header("content-type", "application/json"))
        .and(no_query())
        .and(body_json(value!({
            "deviceID": DEVICE_ID,
            "publicKey": pem,
            "filename": "particle-api",
            "order": "manual_1700000000000",
            "algorithm": "ecc"
        })))
        .respond_with(json(200, r#"{"ok":true}"#))
        .expect(1)
        .mount(&server)
        .await;

    let mut key = SendPublicKeyRequest::new(DEVICE_ID, pem);
    key.filename = Some("particle-api".into());
    key.order = Some("manual_1700000000000".into());
    key.algorithm = Some(SendPublicKeyRequestAlgorithm::Ecc);
    let answer = client(&server)
        .send_public_key(DEVICE_ID, &key)
        .await
        .expect("send_public_key");
    assert_eq!(answer.ok, Some(true));
}

#[tokio::test]
async fn a_client_without_credentials_refuses_to_create_a_customer() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(no_authorization())
        .respond_with(json(201, CUSTOMER_TOKEN))
        .expect(0)
        .mount(&server)
        .await;
    let client = particle_client::ClientBuilder::new(server.uri())
        .allow_insecure_http()
        .build()
        .expect("client");
    let result = client
        .create_customer("1337", &CreateCustomerRequest::new("jane@example.com"))
        .await;
    assert!(result.is_err(), "{result:?}");
}

/// The docs' token regeneration answer (Products.8).
const REGENERATED: &str = r#"{"ok":true,"updated":{"username":"test+prg123@example.com","tokens":[{"token":"abc.123"}]}}"#;

#[tokio::test]
async fn list_user_products_reads_the_documented_path() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/user/products"))
        .and(bearer())
        .and(no_query())
        .and(no_body())
        .respond_with(json(200, &format!(r#"{{"products":[{PRODUCT}]}}"#)))
        .expect(1)
        .mount(&server)
        .await;

    let list = client(&server)
        .list_user_products()
        .await
        .expect("list_user_products");
    assert_eq!(list.products.len(), 1);
    assert_eq!(list.products[0].id, 1337);
    assert_eq!(list.products[0].user.as_deref(), Some("joe@example.com"));
}

#[tokio::test]
async fn regenerate_team_member_token_puts_and_decodes_the_new_token() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path(
            "/v1/products/photon/team/test%2Bprg123%40example.com/token",
        ))
        .and(bearer())
        .and(no_query())
        .and(no_body())
        .respond_with(json(200, REGENERATED))
        .expect(1)
        .mount(&server)
        .await;

    let answer = client(&server)
        .regenerate_product_team_member_token("photon", "test+prg123@example.com")
        .await
        .expect("regenerate_product_team_member_token");
    assert_eq!(answer.ok, Some(true));
    let updated = answer.updated.expect("updated");
    assert_eq!(updated.username.as_deref(), Some("test+prg123@example.com"));
    let tokens = updated.tokens.expect("tokens");
    assert_eq!(tokens[0].token.expose(), "abc.123");
    assert!(!format!("{tokens:?}").contains("abc.123"));
}

#[tokio::test]
async fn update_team_member_puts_the_name_and_scopes() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path(
            "/v1/products/12857/team/example-api-user%2B6fbl2q577b%40api.particle.io",
        ))
        .and(bearer())
        .and(no_query())
        .and(header("content-type", "application/json"))
        .and(body_json(value!({
            "friendly_name": "Updated API user",
            "scopes": ["devices:list", "sims:list", "customers:list"]
        })))
        .respond_with(json(
            200,
            r#"{"ok":true,"updated":{"username":"example-api-user+6fbl2q577b@api.particle.io","tokens":[{"token":"fresh"}]}}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;

    let request = UpdateApiUserRequest {
        friendly_name: Some("Updated API user".into()),
        scopes: Some(vec![
            "devices:list".into(),
            "sims:list".into(),
            "customers:list".into(),
        ]),
    };
    let answer = client(&server)
        .update_product_team_member(
            "12857",
            "example-api-user+6fbl2q577b@api.particle.io",
            &request,
        )
        .await
        .expect("update_product_team_member");
    let tokens = answer.updated.and_then(|u| u.tokens).expect("tokens");
    assert_eq!(tokens[0].token.expose(), "fresh");
}

#[tokio::test]
async fn list_org_team_members_decodes_people_and_api_users() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/orgs/acme/team"))
        .and(bearer())
        .and(no_query())
        .and(no_body())
        .respond_with(json(
            200,
            r#"{"ok":true,"team":[{"_id":"9980222caf8bad191600019b","username":"jeff@particle.io","no_mfa":true,"scim_provisioned":true,"no_password":true},{"username":"test-product-api-user+abc1234@api.particle.io","friendly_name":"test-product-api-user","scopes":["products:list"],"is_programmatic":true,"product_id":123456}]}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;

    let list = client(&server)
        .list_org_team_members("acme")
        .await
        .expect("list_org_team_members");
    assert_eq!(list.team.len(), 2);
    assert_eq!(list.team[0].no_mfa, Some(true));
    assert_eq!(list.team[1].is_programmatic, Some(true));
    assert_eq!(
        list.team[1].scopes.as_deref(),
        Some(&["products:list".to_owned()][..])
    );
}

#[tokio::test]
async fn invite_org_team_member_sends_the_username_and_role() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/orgs/acme/team"))
        .and(bearer())
        .and(no_query())
        .and(header("content-type", "application/json"))
        .and(body_json(
            value!({"username": "test@example.com", "role": "Administrator"}),
        ))
        .respond_with(json(
            200,
            r#"{"ok":true,"invited":{"username":"test@example.com"}}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;

    let invite = InviteTeamMemberRequest {
        username: Some("test@example.com".into()),
        role: Some("Administrator".into()),
        ..Default::default()
    };
    let answer = client(&server)
        .invite_org_team_member("acme", &invite)
        .await
        .expect("invite_org_team_member");
    assert_eq!(answer.ok, Some(true));
    assert_eq!(
        answer.invited.map(|member| member.username).as_deref(),
        Some("test@example.com")
    );
}

#[tokio::test]
async fn remove_org_team_member_deletes_the_member() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/v1/orgs/acme/team/test%40example.com"))
        .and(bearer())
        .and(no_query())
        .and(no_body())
        .respond_with(json(200, r#"{"ok":true}"#))
        .expect(1)
        .mount(&server)
        .await;

    let answer = client(&server)
        .remove_org_team_member("acme", "test@example.com")
        .await
        .expect("remove_org_team_member");
    assert_eq!(answer.ok, Some(true));
}

#[tokio::test]
async fn regenerate_org_team_member_token_puts_to_the_org_path() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/v1/orgs/acme/team/test%2Bprg123%40example.com/token"))
        .and(bearer())
        .and(no_query())
        .and(no_body())
        .respond_with(json(200, REGENERATED))
        .expect(1)
        .mount(&server)
        .await;

    let answer = client(&server)
        .regenerate_org_team_member_token("acme", "test+prg123@example.com")
        .await
        .expect("regenerate_org_team_member_token");
    let updated = answer.updated.expect("updated");
    assert_eq!(updated.tokens.expect("tokens")[0].token.expose(), "abc.123");
}

#[tokio::test]
async fn list_customers_decodes_customers_devices_and_pages() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/products/1337/customers"))
        .and(bearer())
        .and(no_query())
        .and(no_body())
        .respond_with(json(
            200,
            r#"{"customers":[{"id":"123abc","username":"customer@example.com","full_name":"Jane Doe","devices":["0123456789abcdef01234567"]}],"devices":[{"id":"0123456789abcdef01234567","product_id":1337,"last_ip_address":"10.0.0.1","firmware_version":3,"online":true}],"meta":{"total_pages":2}}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;

    let list = client(&server)
        .list_customers("1337")
        .await
        .expect("list_customers");
    let customers = list.customers.expect("customers");
    assert_eq!(customers[0].id, "123abc");
    assert_eq!(customers[0].username, "customer@example.com");
    assert_eq!(customers[0].full_name.as_deref(), Some("Jane Doe"));
    assert_eq!(
        customers[0].devices.as_deref(),
        Some(&[DEVICE_ID.to_owned()][..])
    );
    let devices = list.devices.expect("devices");
    assert_eq!(devices[0].id, DEVICE_ID);
    assert_eq!(devices[0].product_id, Some(1337));
    assert_eq!(devices[0].firmware_version, Some(3));
    assert_eq!(devices[0].online, Some(true));
    assert_eq!(list.meta.expect("meta").total_pages, 2);
}

#[tokio::test]
async fn update_customer_password_puts_the_password() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/v1/products/1337/customers/jane%2B1%40example.com"))
        .and(bearer())
        .and(no_query())
        .and(header("content-type", "application/json"))
        .and(body_json(value!({"password": "NewSecret"})))
        .respond_with(json(200, r#"{"ok":true}"#))
        .expect(1)
        .mount(&server)
        .await;

    let request = UpdateCustomerPasswordRequest::new("NewSecret");
    assert!(!format!("{request:?}").contains("NewSecret"));
    let answer = client(&server)
        .update_customer_password("1337", "jane+1@example.com", &request)
        .await
        .expect("update_customer_password");
    assert_eq!(answer.ok, Some(true));
}

#[tokio::test]
async fn delete_customer_deletes_by_email() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/v1/products/1337/customers/customer%40example.com"))
        .and(bearer())
        .and(no_query())
        .and(no_body())
        .respond_with(json(200, r#"{"ok":true}"#))
        .expect(1)
        .mount(&server)
        .await;

    let answer = client(&server)
        .delete_customer("1337", "customer@example.com")
        .await
        .expect("delete_customer");
    assert_eq!(answer.ok, Some(true));
}

/// The body particle-cli's `createProduct` sends.
fn new_product() -> CreateProductRequest {
    let mut product = NewProduct::new("My Product", 13);
    product.description = Some(String::new());
    product.settings = Some(NewProductSettings {
        location: Some(NewProductLocation {
            opt_in: Some(false),
        }),
    });
    CreateProductRequest::new(product)
}

#[tokio::test]
async fn create_product_posts_the_cli_body_to_the_sandbox() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/user/products"))
        .and(bearer())
        .and(no_query())
        .and(header("content-type", "application/json"))
        .and(body_json(value!({"product": {
            "name": "My Product",
            "description": "",
            "platform_id": 13,
            "settings": {"location": {"opt_in": false}}
        }})))
        .respond_with(json(200, &format!(r#"{{"product":{PRODUCT}}}"#)))
        .expect(1)
        .mount(&server)
        .await;

    let answer = client(&server)
        .create_product(&new_product())
        .await
        .expect("create_product");
    assert_eq!(answer["product"]["id"], 1337);
}

#[tokio::test]
async fn create_org_product_posts_to_the_org_path() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/orgs/acme/products"))
        .and(bearer())
        .and(no_query())
        .and(header("content-type", "application/json"))
        .and(body_json(value!({"product": {
            "name": "My Product",
            "description": "",
            "platform_id": 13,
            "settings": {"location": {"opt_in": false}}
        }})))
        .respond_with(json(200, r#"{"ok":true}"#))
        .expect(1)
        .mount(&server)
        .await;

    let answer = client(&server)
        .create_org_product("acme", &new_product())
        .await
        .expect("create_org_product");
    assert_eq!(answer["ok"], true);
}

#[tokio::test]
async fn create_registration_code_sends_the_device_or_no_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/products/1337/registration_code"))
        .and(bearer())
        .and(no_query())
        .and(header("content-type", "application/json"))
        .and(body_json(value!({"device_id": DEVICE_ID})))
        .respond_with(json(200, r#"{"registration_code":"ABCD-1234"}"#))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/products/1338/registration_code"))
        .and(bearer())
        .and(no_body())
        .respond_with(json(200, r#"{"registration_code":"EFGH-5678"}"#))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);

    let request = RegistrationCodeRequest {
        device_id: Some(DEVICE_ID.to_owned()),
    };
    let code = client
        .create_registration_code("1337", Some(&request))
        .await
        .expect("create_registration_code");
    assert_eq!(code.registration_code, "ABCD-1234");
    let code = client
        .create_registration_code("1338", None)
        .await
        .expect("create_registration_code without a body");
    assert_eq!(code.registration_code, "EFGH-5678");
}
