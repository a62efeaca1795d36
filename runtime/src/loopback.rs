//! Test support: an HTTP/1.1 server on 127.0.0.1 for the runtime's own tests of the transport.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

/// A request as the loopback server saw it.
#[derive(Clone, Debug)]
pub struct Seen {
    /// The request target, query included.
    pub path: String,
    pub authorization: Option<String>,
    pub content_type: Option<String>,
    pub body: String,
    /// The whole request as it arrived: request line, headers and body.
    pub raw: String,
}

/// An HTTP/1.1 server on 127.0.0.1 (blocking, a thread per connection, one request per connection) that
/// answers `handler(request, number of earlier requests to the same target)` and logs every request.
pub struct Loopback {
    pub url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

/// Gives the whole answer, status line to body.
type Handler = dyn Fn(&Seen, usize) -> String + Send + Sync;

impl Loopback {
    /// Answers JSON with the status and body `handler` gives; a 3xx carries `Location: /elsewhere`.
    pub fn start(handler: impl Fn(&Seen, usize) -> (u16, String) + Send + Sync + 'static) -> Loopback {
        Loopback::answering(move |request, earlier| {
            let (status, body) = handler(request, earlier);
            let location = if (300..400).contains(&status) { "Location: /elsewhere\r\n" } else { "" };
            let headers = format!("Content-Type: application/json\r\n{location}");
            answer(&format!("{status} X"), &headers, body.as_bytes())
        })
    }

    /// Sends the whole answer `handler` writes (see [`answer`]).
    pub fn answering(handler: impl Fn(&Seen, usize) -> String + Send + Sync + 'static) -> Loopback {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let handler: Arc<Handler> = Arc::new(handler);
        let log = Arc::clone(&seen);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { return };
                let (handler, log) = (Arc::clone(&handler), Arc::clone(&log));
                std::thread::spawn(move || serve(stream, &*handler, &log));
            }
        });
        Loopback { url, seen }
    }

    /// The requests to `path` so far.
    pub fn seen(&self, path: &str) -> Vec<Seen> {
        self.seen.lock().unwrap().iter().filter(|s| s.path == path).cloned().collect()
    }
}

fn serve(mut stream: TcpStream, handler: &Handler, log: &Mutex<Vec<Seen>>) {
    let Some(request) = read_request(&mut stream) else { return };
    let earlier = {
        let mut log = log.lock().unwrap();
        let earlier = log.iter().filter(|s| s.path == request.path).count();
        log.push(request.clone());
        earlier
    };
    let _ = stream.write_all(handler(&request, earlier).as_bytes());
}

/// An HTTP/1.1 answer: `status` such as `307 Temporary Redirect`, `headers` each ending in `\r\n`, the body.
pub fn answer(status: &str, headers: &str, body: &[u8]) -> String {
    let body = String::from_utf8_lossy(body);
    format!("HTTP/1.1 {status}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len())
}

fn read_request(stream: &mut TcpStream) -> Option<Seen> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let path = line.split(' ').nth(1)?.to_owned();
    let mut raw = line.clone();
    let (mut length, mut authorization, mut content_type) = (0, None, None);
    loop {
        let mut header = String::new();
        reader.read_line(&mut header).ok()?;
        raw.push_str(&header);
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        let (name, value) = header.split_once(':')?;
        match name.to_ascii_lowercase().as_str() {
            "content-length" => length = value.trim().parse().ok()?,
            "authorization" => authorization = Some(value.trim().to_owned()),
            "content-type" => content_type = Some(value.trim().to_owned()),
            _ => {}
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    let body = String::from_utf8_lossy(&body).into_owned();
    raw.push_str(&body);
    Some(Seen { path, authorization, content_type, body, raw })
}
