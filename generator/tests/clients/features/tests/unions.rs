//! Unions, through serde and over the wire: `Pet` picks its variant by `pet_type` (a
//! discriminator with a mapping); tagged forms decode by their tag or key; untagged ones
//! (`Shape`, `Subnet`, `ProtectionRule`, `CheckRun`, `IssueEvent`) by the alternative the value
//! fits best. What is encoded decodes back to the same value.

// Helpers outside `#[test]` functions fail the test by panicking, as tests do.
#![allow(clippy::panic)]

mod common;

use features_client::Uuid;
use features_client::models::{
    App, AssignedEvent, BinRange, Car, CarKind, Cat, CheckRun, CheckRunFinished,
    CheckRunFinishedStatus, CheckRunPending, CheckRunPendingStatus, Circle, DiskState, Dog,
    InstanceNetworkInterfaceAttachment, IssueEvent, LabeledEvent, Pet, ProtectionRule,
    ProtectionRuleBranchPolicy, ProtectionRuleReviewers, ProtectionRuleWaitTimer, Shape, Slot,
    Square, Subnet, UnlabeledEvent, Vehicle, VehicleBike, VehicleBikeKind,
};
use serde_json::{Value, json};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer};

fn decode<T: serde::de::DeserializeOwned>(value: Value) -> T {
    match serde_json::from_value(value.clone()) {
        Ok(decoded) => decoded,
        Err(error) => panic!("{value} does not decode: {error}"),
    }
}

fn encode<T: serde::Serialize>(value: &T) -> Value {
    match serde_json::to_value(value) {
        Ok(encoded) => encoded,
        Err(error) => panic!("does not encode: {error}"),
    }
}

fn dog() -> Dog {
    Dog {
        good: Some(true),
        ..Dog::new("dog", "Rex")
    }
}

fn cat() -> Cat {
    Cat {
        lives: Some(9),
        ..Cat::new("cat", "Tom")
    }
}

#[test]
fn the_discriminator_picks_the_variant_and_encoding_gives_the_same_json() {
    let dog_json = json!({"pet_type": "dog", "name": "Rex", "good": true});
    let cat_json = json!({"pet_type": "cat", "name": "Tom", "lives": 9});
    assert_eq!(decode::<Pet>(dog_json.clone()), Pet::Dog(dog()));
    assert_eq!(decode::<Pet>(cat_json.clone()), Pet::Cat(cat()));
    assert_eq!(encode(&Pet::Dog(dog())), dog_json);
    assert_eq!(encode(&Pet::Cat(cat())), cat_json);
}

#[test]
fn the_variant_writes_its_own_tag_value() {
    // The inner struct says `dog`; the variant says cat, and the variant wins, so the value
    // decodes back to a cat.
    let confused = Pet::Cat(Cat::new("dog", "Tom"));
    let encoded = encode(&confused);
    assert_eq!(encoded, json!({"pet_type": "cat", "name": "Tom"}));
    assert_eq!(decode::<Pet>(encoded), Pet::Cat(Cat::new("cat", "Tom")));
}

#[test]
fn an_unknown_or_missing_tag_does_not_decode() {
    let unknown = serde_json::from_value::<Pet>(json!({"pet_type": "fish", "name": "Nemo"}));
    let Err(error) = unknown else {
        panic!("a fish decoded: {unknown:?}");
    };
    assert_eq!(error.to_string(), "unknown `pet_type` value `fish`");
    let missing = serde_json::from_value::<Pet>(json!({"name": "Rex"}));
    let Err(error) = missing else {
        panic!("no tag decoded: {missing:?}");
    };
    assert_eq!(error.to_string(), "missing `pet_type`");
    // The tag is right but the variant's required field is not there.
    assert!(serde_json::from_value::<Pet>(json!({"pet_type": "dog"})).is_err());
}

#[test]
fn an_untagged_union_takes_the_most_specific_alternative_that_fits_and_round_trips() {
    let cases = [
        (json!({"radius": 1.5}), Shape::Circle(Circle::new(1.5))),
        (
            json!({"side": 2.0, "label": "box"}),
            Shape::Square(Square::new(2.0, "box")),
        ),
        (json!("hexagon"), Shape::String("hexagon".to_owned())),
        (json!(7), Shape::Integer(7)),
    ];
    for (wire, shape) in cases {
        assert_eq!(decode::<Shape>(wire.clone()), shape, "{wire}");
        assert_eq!(encode(&shape), wire);
    }
    // The most specific alternative (more required members) is tried first: an object with a
    // square's members is a square, though a circle (which ignores them) would take it too.
    assert_eq!(
        decode::<Shape>(json!({"radius": 1.0, "side": 2.0, "label": "both"})),
        Shape::Square(Square::new(2.0, "both"))
    );
    // Nothing fits: an error, not a guess.
    assert!(serde_json::from_value::<Shape>(json!({"side": 2.0})).is_err());
    assert!(serde_json::from_value::<Shape>(json!(true)).is_err());
}

#[tokio::test]
async fn a_discriminated_union_goes_over_the_wire_both_ways() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v2/pets"))
        .and(header("content-type", "application/json"))
        .and(body_json(
            json!({"pet_type": "cat", "name": "Tom", "lives": 9}),
        ))
        .respond_with(common::json(
            201,
            json!({"pet_type": "dog", "name": "Rex", "good": true}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let client = common::client(&server);
    match client.create_pet(&Pet::Cat(cat())).await {
        Ok(stored) => assert_eq!(stored, Pet::Dog(dog())),
        Err(error) => panic!("create_pet: {error}"),
    }
}

#[tokio::test]
async fn an_untagged_union_goes_over_the_wire_both_ways() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/v2/shapes"))
        .and(body_json(json!(7)))
        .respond_with(common::json(200, json!({"side": 3.0, "label": "seven"})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/v2/shapes"))
        .and(body_json(json!({"radius": 0.5})))
        .respond_with(common::json(200, json!("round")))
        .expect(1)
        .mount(&server)
        .await;
    let client = common::client(&server);
    match client.put_shape(&Shape::Integer(7)).await {
        Ok(stored) => assert_eq!(stored, Shape::Square(Square::new(3.0, "seven"))),
        Err(error) => panic!("put_shape: {error}"),
    }
    match client.put_shape(&Shape::Circle(Circle::new(0.5))).await {
        Ok(stored) => assert_eq!(stored, Shape::String("round".to_owned())),
        Err(error) => panic!("put_shape: {error}"),
    }
}

/// Each answer decodes into its own variant and encodes back to the same JSON.
fn round_trips<T>(cases: Vec<(Value, T)>)
where
    T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    for (wire, expected) in cases {
        assert_eq!(decode::<T>(wire.clone()), expected, "{wire}");
        assert_eq!(encode(&expected), wire);
    }
}

/// nexus's `InstanceNetworkInterfaceAttachment`: `{"type":"none"}` once decoded as the `default`
/// alternative (an untagged enum whose tag field took any string). The tag decides now.
#[test]
fn a_tag_with_one_content_property_is_adjacently_tagged() {
    use InstanceNetworkInterfaceAttachment as Attachment;
    round_trips(vec![
        (json!({"type": "none"}), Attachment::None),
        (json!({"type": "default"}), Attachment::Default),
        (
            json!({"type": "create", "params": ["eth0"]}),
            Attachment::Create(vec!["eth0".to_owned()]),
        ),
    ]);
    assert!(serde_json::from_value::<Attachment>(json!({"type": "other"})).is_err());
    assert_eq!(
        Attachment::from(vec!["a".to_owned()]),
        Attachment::Create(vec!["a".to_owned()])
    );
}

/// nexus's `DiskState`: `{"state":"detached"}` and `{"state":"attached","instance":…}` once both
/// decoded as the first alternative.
#[test]
fn states_decode_by_their_tag() {
    let text = "4a5f1c2e-0000-4000-8000-000000000001";
    let instance = match Uuid::parse(text) {
        Ok(instance) => instance,
        Err(error) => panic!("{error}"),
    };
    round_trips(vec![
        (json!({"state": "creating"}), DiskState::Creating),
        (json!({"state": "detached"}), DiskState::Detached),
        (
            json!({"state": "attached", "instance": text}),
            DiskState::Attached(instance.clone()),
        ),
        (
            json!({"state": "detaching", "instance": text}),
            DiskState::Detaching(instance.clone()),
        ),
    ]);
    assert!(serde_json::from_value::<DiskState>(json!({"state": "attached"})).is_err());
    // `format: uuid` is checked: a name is not an instance id.
    let named = json!({"state": "attached", "instance": "web-server"});
    assert!(serde_json::from_value::<DiskState>(named).is_err());
}

/// Alternatives with several properties besides the tag are struct variants.
#[test]
fn a_tag_with_several_properties_is_internally_tagged() {
    round_trips(vec![
        (
            json!({"type": "range_to", "end": 2.0}),
            BinRange::RangeTo { end: 2.0 },
        ),
        (
            json!({"type": "range", "start": 1.0, "end": 2.0}),
            BinRange::Range {
                end: 2.0,
                start: 1.0,
            },
        ),
        (
            json!({"type": "range_from", "start": 1.0}),
            BinRange::RangeFrom { start: 1.0 },
        ),
    ]);
}

/// A key per alternative (or a bare string for one without content) is serde's external tagging.
#[test]
fn a_key_per_alternative_is_externally_tagged() {
    round_trips(vec![
        (json!("unattached"), Slot::Unattached),
        (json!({"attached": 3}), Slot::Attached(3)),
        (
            json!({"reserved": "bay 2"}),
            Slot::Reserved("bay 2".to_owned()),
        ),
    ]);
}

/// With a `$ref` among the alternatives, the tagged variants keep their own types, tag included.
#[test]
fn referenced_alternatives_keep_their_tag() {
    let car = Car {
        kind: CarKind::Car,
        doors: 4,
    };
    round_trips(vec![
        (json!({"kind": "car", "doors": 4}), Vehicle::Car(car)),
        (
            json!({"kind": "bike", "gears": 21}),
            Vehicle::Bike(VehicleBike {
                kind: VehicleBikeKind::Bike,
                gears: Some(21),
            }),
        ),
    ]);
}

/// nexus's `IpNet`: two string alternatives told apart only by their `pattern`s. The first
/// alternative used to take every string.
#[test]
fn strings_are_told_apart_by_their_patterns() {
    round_trips(vec![
        (
            json!("192.168.1.0/24"),
            Subnet::V4("192.168.1.0/24".to_owned()),
        ),
        (
            json!("fd12:3456::/64"),
            Subnet::V6("fd12:3456::/64".to_owned()),
        ),
    ]);
    // A string neither pattern accepts still decodes, as the first alternative.
    assert_eq!(
        decode::<Subnet>(json!("not a subnet")),
        Subnet::V4("not a subnet".to_owned())
    );
}

/// GitHub's environment protection rules, an `anyOf`: the kinds share their required members
/// and differ in an optional one. Each answer is taken by the first kind it validates against,
/// in the spec's order: one that names all of its members. `{"id": 3, "type": "branch_policy"}`
/// validates against every kind, so the first, `WaitTimer`, keeps it (and it encodes back the
/// same).
#[test]
fn any_of_keeps_the_first_alternative_the_object_validates_against() {
    round_trips(vec![
        (
            json!({"id": 1, "type": "wait_timer", "wait_timer": 30}),
            ProtectionRule::WaitTimer(ProtectionRuleWaitTimer {
                wait_timer: Some(30),
                ..ProtectionRuleWaitTimer::new(1, "wait_timer")
            }),
        ),
        (
            json!({"id": 2, "type": "required_reviewers", "reviewers": ["octocat"]}),
            ProtectionRule::Reviewers(ProtectionRuleReviewers {
                reviewers: Some(vec!["octocat".to_owned()]),
                ..ProtectionRuleReviewers::new(2, "required_reviewers")
            }),
        ),
        (
            json!({"id": 3, "type": "branch_policy"}),
            ProtectionRule::WaitTimer(ProtectionRuleWaitTimer::new(3, "branch_policy")),
        ),
    ]);
    let policy = ProtectionRule::BranchPolicy(ProtectionRuleBranchPolicy::new(3, "branch_policy"));
    assert_eq!(encode(&policy), json!({"id": 3, "type": "branch_policy"}));
    let error = serde_json::from_value::<ProtectionRule>(json!({"name": "x"})).unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("the value matches none of the alternatives of `ProtectionRule`: "),
        "{error}"
    );
}

/// GitHub's `checks/create` body: an object whose `oneOf` members refine it. Every variant has
/// the object's own members (`name` was lost before), and the status decides.
#[test]
fn alternatives_that_refine_an_object_keep_its_members() {
    round_trips(vec![
        (
            json!({"name": "ci", "status": "completed", "conclusion": "success"}),
            CheckRun::Finished(CheckRunFinished::new(
                "ci",
                CheckRunFinishedStatus::Completed,
                "success",
            )),
        ),
        (
            json!({"name": "ci", "status": "queued"}),
            CheckRun::Pending(CheckRunPending {
                status: Some(CheckRunPendingStatus::Queued),
                ..CheckRunPending::new("ci")
            }),
        ),
        (
            json!({"name": "ci"}),
            CheckRun::Pending(CheckRunPending::new("ci")),
        ),
    ]);
}

/// GitHub's issue events: alternatives with the same schema are one variant (nothing could
/// tell them apart), and alternatives that differ only in what may be `null` are told apart
/// by a `null` (a nullable schema is nullable wherever it is referred to).
#[test]
fn the_same_schema_twice_is_one_variant_and_null_tells_nullable_apart() {
    let app = App::new("ci");
    round_trips(vec![
        (
            json!({"event": "unassigned", "assignee": "octocat"}),
            IssueEvent::Assigned(AssignedEvent::new("unassigned", "octocat")),
        ),
        (
            json!({"event": "labeled", "label": "bug", "app": {"slug": "ci"}}),
            IssueEvent::LabeledEvent(LabeledEvent::new("labeled", "bug", app)),
        ),
        (
            json!({"event": "unlabeled", "label": "bug", "app": null}),
            IssueEvent::UnlabeledEvent(UnlabeledEvent::new("unlabeled", "bug")),
        ),
    ]);
}
