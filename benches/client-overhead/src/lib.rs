//! What the generated client costs over hand-written reqwest code: a local HTTP server that answers
//! the Particle reference's example bodies, and the two clients that call it.
//!
//! The benchmark is `benches/client_overhead.rs` (`cargo bench -p client-overhead`). Both clients
//! decode into the same generated model types, use one reqwest build with the same timeouts and
//! user agent, and send the same bearer token: the difference measured is the generated
//! operation and runtime layer (request description, credential placement, retry loop, decoding
//! through text).

use std::net::SocketAddr;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use particle_client::models::DeviceInfo;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;

/// The access token both clients send (the docs' example token).
pub const TOKEN: &str = "254406f79c1999af65a7df4388971354f85cfee9";

/// The docs' example device ID.
pub const DEVICE_ID: &str = "0123456789abcdef01234567";

/// The full `GET /v1/devices/:deviceId` example of the reference (AD Devices.4), verbatim.
pub const DEVICE: &str = r#"{"id":"0123456789abcdef01234567","name":"gongbot","owner":"someone@particle.io","last_ip_address":"176.83.211.237","last_heard":"2015-07-17T22:28:40.907Z","last_handshake_at":"2015-07-15T20:08:00.456Z","product_id":13,"online":true,"platform_id":13,"cellular":true,"notes":null,"functions":["gong","goto"],"variables":{"Gongs":"int32"},"status":"normal","serial_number":"AAAAAA111111111","iccid":"89314404000111111111","imei":"357520000000000","mac_wifi":"00:00:00:AA:BB:00","mobile_secret":"NVYM5RK6AHCBELA","system_firmware_version":"1.5.0","firmware_updates_enabled":true,"firmware_updates_forced":false,"device_protection":{"status":"disabled"}}"#;

/// The reference's legacy 2015 list element (DOC15), with its unquoted date quoted.
pub const LEGACY_DEVICE: &str = r#"{"id":"53ff291839887","name":"particle_love","last_app":null,"last_heard":"2014-12-15T20:12:51.974Z","connected":true}"#;

/// The `Authorization` value for [`TOKEN`].
const BEARER: &str = "Bearer 254406f79c1999af65a7df4388971354f85cfee9";

/// The user agent the generated client sends, so both clients send the same headers.
const USER_AGENT: &str = "particle-client/0.1.0";

/// A local HTTP/1.1 server on 127.0.0.1 with keep-alive, on its own thread: `GET /v1/devices` and
/// `GET /v1/devices/{id}` with the bearer [`TOKEN`]; 401 without it, 404 elsewhere. It answers from
/// prebuilt bytes and reuses its buffers, so its own cost is small and the same for both clients.
/// Dropping it stops the thread.
pub struct Server {
    address: SocketAddr,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    /// Bind a free port on 127.0.0.1 and start serving.
    pub fn start() -> std::io::Result<Server> {
        let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
        listener.set_nonblocking(true)?;
        let address = listener.local_addr()?;
        let (shutdown, stop) = oneshot::channel();
        let thread = std::thread::Builder::new()
            .name("server".to_owned())
            .spawn(move || serve(listener, stop))?;
        Ok(Server {
            address,
            shutdown: Some(shutdown),
            thread: Some(thread),
        })
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.address)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The answers, built once.
struct Answers {
    list: Vec<u8>,
    device: Vec<u8>,
    unauthorized: Vec<u8>,
    not_found: Vec<u8>,
}

fn answer(status: &str, body: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

fn serve(listener: std::net::TcpListener, mut stop: oneshot::Receiver<()>) {
    let answers = Arc::new(Answers {
        list: answer("200 OK", &format!("[{DEVICE},{LEGACY_DEVICE}]")),
        device: answer("200 OK", DEVICE),
        unauthorized: answer(
            "401 Unauthorized",
            r#"{"error":"invalid_token","error_description":"The access token provided is invalid."}"#,
        ),
        not_found: answer("404 Not Found", r#"{"error":"Not Found"}"#),
    });
    let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()
    else {
        return;
    };
    runtime.block_on(async move {
        let Ok(listener) = TcpListener::from_std(listener) else {
            return;
        };
        loop {
            tokio::select! {
                _ = &mut stop => return,
                accepted = listener.accept() => match accepted {
                    Ok((stream, _)) => {
                        tokio::spawn(connection(stream, Arc::clone(&answers)));
                    }
                    Err(_) => return,
                },
            }
        }
    });
}

/// Answer every request of one keep-alive connection (requests without bodies).
async fn connection(mut stream: TcpStream, answers: Arc<Answers>) {
    let _ = stream.set_nodelay(true);
    let mut buffer = Vec::with_capacity(8192);
    let mut chunk = [0_u8; 4096];
    loop {
        while let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            let reply = route(&buffer[..end], &answers);
            if stream.write_all(reply).await.is_err() {
                return;
            }
            buffer.drain(..end + 4);
        }
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(read) => buffer.extend_from_slice(&chunk[..read]),
        }
    }
}

/// The answer for a request head (request line and headers), without allocating.
fn route<'a>(head: &[u8], answers: &'a Answers) -> &'a [u8] {
    let mut lines = head
        .split(|&b| b == b'\n')
        .map(|line| line.strip_suffix(b"\r").unwrap_or(line));
    let request_line = lines.next().unwrap_or_default();
    let mut parts = request_line.split(|&b| b == b' ');
    let (method, path) = (
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or_default(),
    );
    let authorized = lines.any(|line| {
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            return false;
        };
        let (name, value) = line.split_at(colon);
        name.eq_ignore_ascii_case(b"authorization")
            && value.get(1..).unwrap_or_default().trim_ascii() == BEARER.as_bytes()
    });
    if method != b"GET" {
        return &answers.not_found;
    }
    let device = path
        .strip_prefix(b"/v1/devices/")
        .filter(|id| !id.is_empty() && !id.contains(&b'/'));
    match (path == b"/v1/devices", device) {
        (true, _) | (_, Some(_)) if !authorized => &answers.unauthorized,
        (true, _) => &answers.list,
        (_, Some(_)) => &answers.device,
        _ => &answers.not_found,
    }
}

/// The generated client for `base_url`, with [`TOKEN`].
pub fn generated(base_url: &str) -> Result<particle_client::Client, particle_client::BuildError> {
    particle_client::Client::builder()
        .base_url(base_url)
        .allow_insecure_http()
        .access_token(TOKEN)
        .build()
}

/// What a developer writes by hand with reqwest for the same two calls: the same timeouts and
/// user agent as the generated client's defaults, `error_for_status`, `json()`.
pub struct Handwritten {
    http: reqwest::Client,
    base_url: String,
}

impl Handwritten {
    /// A client for `base_url`.
    pub fn new(base_url: &str) -> Result<Handwritten, reqwest::Error> {
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(60))
            .user_agent(USER_AGENT)
            .build()?;
        Ok(Handwritten {
            http,
            base_url: base_url.trim_end_matches('/').to_owned(),
        })
    }

    /// `GET /v1/devices`.
    pub async fn list_devices(&self) -> Result<Vec<DeviceInfo>, reqwest::Error> {
        let url = format!("{}/v1/devices", self.base_url);
        self.http
            .get(url)
            .bearer_auth(TOKEN)
            .send()
            .await?
            .error_for_status()?
            .json()
            .await
    }

    /// `GET /v1/devices/{device_id}`.
    pub async fn get_device(&self, device_id: &str) -> Result<DeviceInfo, reqwest::Error> {
        let url = format!("{}/v1/devices/{device_id}", self.base_url);
        self.http
            .get(url)
            .bearer_auth(TOKEN)
            .send()
            .await?
            .error_for_status()?
            .json()
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The benchmark compares like with like: both clients get the same answers, decoded the same.
    #[test]
    fn both_clients_decode_the_same_answers() {
        let server = Server::start().expect("server");
        let base = server.base_url();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        runtime.block_on(async {
            let generated = generated(&base).expect("generated client");
            let handwritten = Handwritten::new(&base).expect("hand-written client");
            let listed = generated
                .list_devices()
                .await
                .expect("generated list_devices");
            assert_eq!(listed.len(), 2);
            assert_eq!(
                listed,
                handwritten
                    .list_devices()
                    .await
                    .expect("hand-written list_devices")
            );
            let device = generated
                .get_device(DEVICE_ID)
                .await
                .expect("generated get_device");
            assert_eq!(device.id, DEVICE_ID);
            assert_eq!(
                device,
                handwritten
                    .get_device(DEVICE_ID)
                    .await
                    .expect("hand-written get_device")
            );
        });
    }

    #[test]
    fn the_server_refuses_requests_without_the_token() {
        let answers = Answers {
            list: b"list".to_vec(),
            device: b"device".to_vec(),
            unauthorized: b"401".to_vec(),
            not_found: b"404".to_vec(),
        };
        let with = b"GET /v1/devices HTTP/1.1\r\nAuthorization: Bearer 254406f79c1999af65a7df4388971354f85cfee9\r\nhost: x";
        assert_eq!(route(with, &answers), b"list");
        assert_eq!(
            route(b"GET /v1/devices/abc HTTP/1.1\r\nhost: x", &answers),
            b"401"
        );
        assert_eq!(
            route(b"GET /v1/other HTTP/1.1\r\nhost: x", &answers),
            b"404"
        );
    }
}
