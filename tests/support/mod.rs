//! Helpers shared by the serve tests and the serve benchmark: a raw HTTP client, a reader for
//! the build event stream, editor-style saves, and running `arrs-guide serve` over a site copy.
#![allow(dead_code, unreachable_pub)] // each user needs only some of these; not an API

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long any one expected change may take to show; generous, as the machine may be busy.
pub const PATIENCE: Duration = Duration::from_secs(20);

// A minimal HTTP client: raw requests, so paths reach the server exactly as written.

/// A response.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Sends `GET target` and reads the whole response.
pub fn get(addr: SocketAddr, target: &str) -> Reply {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(PATIENCE)).expect("timeout");
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").expect("response head");
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .expect("status line");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let chunked = headers
        .iter()
        .any(|(n, v)| n.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    let body = if chunked {
        dechunk(body)
    } else {
        body.to_owned()
    };
    Reply {
        status,
        headers,
        body,
    }
}

fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let size = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if size == 0 || rest.len() < size {
            break;
        }
        out.push_str(&rest[..size]);
        body = rest[size..].trim_start_matches("\r\n");
    }
    out
}

/// An open `/__arrs/events` stream.
pub struct Events {
    stream: TcpStream,
    received: String,
}

/// One build event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Build {
    pub generation: u64,
    pub ok: bool,
}

impl Events {
    pub fn open(addr: SocketAddr) -> Events {
        let mut stream = TcpStream::connect(addr).expect("connect");
        write!(
            stream,
            "GET /__arrs/events HTTP/1.1\r\nHost: {addr}\r\n\r\n"
        )
        .expect("send");
        stream
            .set_read_timeout(Some(Duration::from_millis(100)))
            .expect("timeout");
        Events {
            stream,
            received: String::new(),
        }
    }

    /// Waits for the next build event, or `None` after `PATIENCE`.
    pub fn next(&mut self) -> Option<Build> {
        self.next_within(PATIENCE)
    }

    /// Waits up to `wait` for the next build event.
    pub fn next_within(&mut self, wait: Duration) -> Option<Build> {
        let deadline = Instant::now() + wait;
        loop {
            if let Some(build) = self.take_event() {
                return Some(build);
            }
            if Instant::now() > deadline {
                return None;
            }
            let mut buf = [0u8; 4096];
            match self.stream.read(&mut buf) {
                Ok(0) => return None,
                Ok(n) => self.received.push_str(&String::from_utf8_lossy(&buf[..n])),
                Err(_) => {}
            }
        }
    }

    /// Waits for a build event matching `wanted`, skipping others.
    pub fn until(&mut self, wanted: impl Fn(Build) -> bool) -> Build {
        loop {
            match self.next() {
                Some(build) if wanted(build) => return build,
                Some(_) => {}
                None => panic!("no matching build event within {PATIENCE:?}"),
            }
        }
    }

    fn take_event(&mut self) -> Option<Build> {
        let start = self.received.find("event: build\n")?;
        let end = start + self.received[start..].find("\n\n")?;
        let block = self.received[start..end].to_owned();
        self.received.drain(..end + 2);
        let data = block.lines().find_map(|l| l.strip_prefix("data: "))?;
        let value: serde_json::Value = serde_json::from_str(data).expect("event data is JSON");
        Some(Build {
            generation: value["generation"].as_u64().expect("generation"),
            ok: value["ok"].as_bool().expect("ok"),
        })
    }
}

/// Writes `text` to a temporary file beside `path` and renames it over `path`.
pub fn save_by_rename(path: &Path, text: &str) {
    let temporary = path.with_extension("md___jb_tmp___");
    fs::write(&temporary, text).expect("write temporary");
    fs::rename(&temporary, path).expect("rename over");
}

/// A running `arrs-guide serve`, stopped when dropped.
pub struct ServeProcess {
    pub child: Child,
    pub addr: SocketAddr,
    /// Everything it has written to standard error so far.
    pub stderr: Arc<Mutex<String>>,
    stderr_reader: Option<std::thread::JoinHandle<()>>,
}

impl ServeProcess {
    /// All it wrote to standard error, once it has exited.
    pub fn final_stderr(&mut self) -> String {
        if let Some(reader) = self.stderr_reader.take() {
            let _ = reader.join();
        }
        self.stderr.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// Interrupts the server as Ctrl-C would and waits for it to exit.
    pub fn interrupt(&mut self) -> Option<std::process::ExitStatus> {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill").args(["-INT", &pid]).status();
        if !sent.is_ok_and(|s| s.success()) {
            return None;
        }
        let deadline = Instant::now() + PATIENCE;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }
}

impl Drop for ServeProcess {
    /// Stops the server the way a user does, so it deletes its builds; kills it if that fails.
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) && self.interrupt().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// A temporary copy of `tests/fixtures/valid` with the project's templates, and a secret file
/// beside its content that must never be served.
pub fn fixture_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let project = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_tree(&project.join("tests/fixtures/valid"), dir.path());
    copy_tree(&project.join("templates"), &dir.path().join("templates"));
    fs::write(dir.path().join("secret.txt"), "TOP SECRET").expect("write");
    dir
}

pub fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("mkdir");
    for entry in fs::read_dir(from).expect("read dir").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

pub fn serve_command(root: &Path, port: u16) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_arrs-guide"));
    command
        .arg("serve")
        .arg("--root")
        .arg(root)
        .args(["--port", &port.to_string()])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

/// Starts `arrs-guide serve` on a free port and waits for it to say where it serves.
pub fn spawn_serve(root: &Path) -> ServeProcess {
    let mut child = serve_command(root, 0)
        .spawn()
        .expect("start arrs-guide serve");
    let stdout = child.stdout.take().expect("stdout");
    let stderr_pipe = child.stderr.take().expect("stderr");
    let (found, address) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(rest) = line.strip_prefix("serving the site at http://") {
                let addr = rest.split('/').next().unwrap_or_default().to_owned();
                let _ = found.send(addr);
            }
        }
    });
    // Read standard error as it comes, so the server never blocks on a full pipe.
    let stderr = Arc::new(Mutex::new(String::new()));
    let collected = Arc::clone(&stderr);
    let stderr_reader = std::thread::spawn(move || {
        for line in BufReader::new(stderr_pipe).lines().map_while(Result::ok) {
            if let Ok(mut text) = collected.lock() {
                text.push_str(&line);
                text.push('\n');
            }
        }
    });
    let addr = address
        .recv_timeout(PATIENCE)
        .expect("serve prints its address");
    ServeProcess {
        child,
        addr: addr.parse().expect("address"),
        stderr,
        stderr_reader: Some(stderr_reader),
    }
}

/// Every `.md` file under `dir`, sorted.
pub fn markdown_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(markdown_files(&path));
        } else if path.extension().is_some_and(|e| e == "md") {
            files.push(path);
        }
    }
    files.sort();
    files
}
