//! End-to-end tests of `arrs-guide serve`: HTTP behaviour, live reload and the error overlay.
//!
//! The in-process tests drive [`DevServer`] with a small stand-in site generator, so the server's
//! own behaviour is checked whatever the real generator does; the binary test runs the real
//! `arrs-guide serve` over a copy of a real site.

use arrs_guide::site::serve::{BuildSummary, DevServer, ServeOptions, SiteBuilder};
use arrs_guide::site::{Diagnostic, Diagnostics};
use std::fs;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

mod support;

use support::{
    fixture_site, get, markdown_files, save_by_rename, serve_command, spawn_serve, Events,
};

/// The `src` of the live-reload script in `html`, which names the page's build generation.
fn served_generation(html: &str) -> Option<u64> {
    let at = html.find("/__arrs/livereload.js?generation=")?;
    let digits: String = html[at + "/__arrs/livereload.js?generation=".len()..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

// ---------------------------------------------------------------------------------------------
// A stand-in site generator for the in-process tests.

/// Turns `content/**/*.md` into pages: `a.md` → `a/index.html`, `index.md` and `_index.md` →
/// their folder's `index.html`. Front matter lines must read `key: value`; each that does not is
/// an error at its line. Also writes `404.html` and a few assets.
fn stand_in_builder(root: PathBuf) -> impl SiteBuilder {
    move |out: &Path| {
        let mut errors = Diagnostics::default();
        let mut pages = 0;
        let content = root.join("content");
        let io =
            |e: std::io::Error| Diagnostics(vec![Diagnostic::new("content", 0, 0, e.to_string())]);
        fs::create_dir_all(out).map_err(io)?;
        for entry in markdown_files(&content) {
            let text = fs::read_to_string(&entry).map_err(io)?;
            let relative = entry.strip_prefix(&root).unwrap_or(&entry).to_path_buf();
            let mut title = String::new();
            for (n, line) in text
                .lines()
                .enumerate()
                .skip(1)
                .take_while(|(_, l)| *l != "---")
            {
                match line.split_once(": ") {
                    Some(("title", value)) => title = value.to_owned(),
                    Some(_) => {}
                    None => errors.push(
                        Diagnostic::new(
                            &relative,
                            n + 1,
                            1,
                            "front matter line is not `key: value`",
                        )
                        .with_source(&text),
                    ),
                }
            }
            let body = text.rsplit("---\n").next().unwrap_or_default();
            let page = format!(
                "<!doctype html><html lang=\"en-GB\"><head><title>{title}</title></head>\
                 <body><main><h1>{title}</h1><p>{body}</p></main></body></html>"
            );
            let inside = entry
                .strip_prefix(&content)
                .unwrap_or(&entry)
                .with_extension("");
            let folder = match inside.file_name().and_then(|n| n.to_str()) {
                Some("index" | "_index") => out.join(inside.parent().unwrap_or(Path::new(""))),
                _ => out.join(&inside),
            };
            fs::create_dir_all(&folder).map_err(io)?;
            fs::write(folder.join("index.html"), page).map_err(io)?;
            pages += 1;
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let assets: [(&str, &[u8]); 3] = [
            ("404.html", b"<!doctype html><html><head><title>Not found</title></head><body><h1>Page not found</h1></body></html>"),
            ("calc_bg.wasm", b"\0asm\x01\0\0\0"),
            ("calc.js", b"export {};"),
        ];
        for (name, bytes) in assets {
            fs::write(out.join(name), bytes).map_err(io)?;
        }
        #[cfg(unix)]
        std::os::unix::fs::symlink(root.join("secret.txt"), out.join("leak.txt")).map_err(io)?;
        Ok(BuildSummary { pages })
    }
}

/// A small site for the stand-in generator, and a secret file beside it that must never leak.
fn stand_in_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let write = |path: &str, text: &str| {
        let path = dir.path().join(path);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(path, text).expect("write");
    };
    write(
        "content/index.md",
        "---\ntitle: ARRS Guide\n---\nWelcome.\n",
    );
    write(
        "content/roles/_index.md",
        "---\ntitle: Roles\n---\nEvery role.\n",
    );
    write(
        "content/roles/paramedic.md",
        "---\ntitle: Paramedic\nsummary: Urgent care\n---\nOriginal text.\n",
    );
    write("templates/page.html", "{{ page }}");
    write("secret.txt", "TOP SECRET");
    dir
}

fn start_stand_in(site: &Path) -> DevServer {
    let options = ServeOptions {
        root: site.to_path_buf(),
        addr: "127.0.0.1:0".parse().expect("addr"),
        poll: false,
        debounce: Duration::from_millis(50),
        // As `arrs-guide serve` sets it: the guide's calculator sources are watched too.
        also_watch: arrs_guide::guide::CALCULATOR_SOURCE_DIRS
            .map(std::path::PathBuf::from)
            .to_vec(),
    };
    DevServer::start(options, stand_in_builder(site.to_path_buf())).expect("server starts")
}

/// Runs `check` against a server over a fresh stand-in site, then stops the server.
fn with_stand_in(check: impl FnOnce(SocketAddr, &Path)) {
    let site = stand_in_site();
    let server = start_stand_in(site.path());
    check(server.addr(), site.path());
    server.stopper().stop();
    server.wait();
}

// ---------------------------------------------------------------------------------------------
// Scenarios shared by the stand-in and the real binary.

/// Edits a page and sees the reload event and the new text; breaks its front matter and sees
/// the overlay naming the file and line, over the old page; fixes it and sees the overlay go.
struct EditScenario<'a> {
    addr: SocketAddr,
    root: &'a Path,
    /// Source file, relative to the root.
    file: &'a str,
    /// URL of its page.
    url: &'a str,
    /// Text in the file (and its page) to replace.
    old_text: &'a str,
    /// A front matter line of the file, after which a bad line is inserted.
    anchor_line: &'a str,
    /// The bad line.
    bad_line: &'a str,
}

impl EditScenario<'_> {
    fn run(&self) {
        let path = self.root.join(self.file);
        let original = fs::read_to_string(&path).expect("read page source");
        let before = get(self.addr, self.url);
        assert_eq!(before.status, 200, "{}", before.body);
        assert!(
            before.body.contains(self.old_text),
            "page shows {:?}",
            self.old_text
        );
        let mut events = Events::open(self.addr);
        let current = events
            .next()
            .expect("the stream starts with the current build");

        // 1. Edit: a save by rename, as vim and JetBrains do.
        let new_text = "Freshly edited text 7f3a";
        let edited = original.replacen(self.old_text, new_text, 1);
        save_by_rename(&path, &edited);
        // One save can come as more than one burst of events, so wait for the build wanted.
        let good = events.until(|b| b.ok && b.generation > current.generation);
        let page = get(self.addr, self.url);
        assert!(page.body.contains(new_text), "new text served");
        assert!(
            !page.body.contains("arrs-build-errors"),
            "no overlay after a good build"
        );
        assert_eq!(served_generation(&page.body), Some(good.generation));

        // 2. Break the front matter: the old page stays, with the errors over it.
        let bad_line_number = edited
            .lines()
            .position(|l| l == self.anchor_line)
            .expect("anchor line in the file")
            + 2;
        let broken = edited.replacen(
            &format!("{}\n", self.anchor_line),
            &format!("{}\n{}\n", self.anchor_line, self.bad_line),
            1,
        );
        save_by_rename(&path, &broken);
        let failed = events.until(|b| !b.ok && b.generation > good.generation);
        let page = get(self.addr, self.url);
        assert_eq!(page.status, 200);
        assert!(page.body.contains(new_text), "last good page still served");
        assert!(
            page.body.contains("id=\"arrs-build-errors\""),
            "overlay shown"
        );
        assert!(
            page.body.contains("href=\"/__arrs/overlay.css\""),
            "overlay stylesheet linked"
        );
        let location = format!("{}:{bad_line_number}", self.file);
        assert!(
            page.body.contains(&location),
            "overlay names {location}: {}",
            page.body
        );
        assert!(
            page.body.contains(&format!("{bad_line_number} | ")),
            "overlay quotes the line"
        );
        let css = get(self.addr, "/__arrs/overlay.css");
        assert_eq!(
            (css.status, css.header("content-type")),
            (200, Some("text/css; charset=utf-8"))
        );

        // 3. Fix it: the overlay goes.
        save_by_rename(&path, &edited);
        events.until(|b| b.ok && b.generation > failed.generation);
        let page = get(self.addr, self.url);
        assert!(page.body.contains(new_text));
        assert!(
            !page.body.contains("arrs-build-errors"),
            "overlay gone after the fix"
        );
    }
}

/// Requests that try to climb out of the site get 400 or 404 and never the file.
fn check_traversal_refused(addr: SocketAddr, secret: &str) {
    for target in [
        "/../Cargo.toml",
        "//../Cargo.toml",
        "/%2e%2e/Cargo.toml",
        "/%252e%252e/Cargo.toml",
        "/..%5cCargo.toml",
        "/%2E%2E/%2e%2e/Cargo.toml",
        "/roles/../../Cargo.toml",
        "/..%2fCargo.toml",
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/leak.txt",
    ] {
        let reply = get(addr, target);
        assert!(
            matches!(reply.status, 400 | 404),
            "{target}: status {}",
            reply.status
        );
        assert!(!reply.body.contains(secret), "{target} leaked the file");
        assert!(
            !reply.body.contains("[package]"),
            "{target} leaked Cargo.toml"
        );
    }
}

/// Sends raw `request` bytes on a new connection and returns the status of the reply, or `None`
/// if the server closed the connection without one. Write errors are expected: the server may
/// refuse a request before it has all been sent.
fn raw_status(addr: SocketAddr, request: &[u8]) -> Option<u16> {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(support::PATIENCE))
        .expect("timeout");
    let _ = stream.write_all(request);
    let mut reply = Vec::new();
    let _ = stream.read_to_end(&mut reply);
    let reply = String::from_utf8_lossy(&reply);
    reply
        .strip_prefix("HTTP/1.1 ")
        .and_then(|rest| rest.get(..3))
        .and_then(|code| code.parse().ok())
}

// ---------------------------------------------------------------------------------------------
// In-process tests with the stand-in generator.

#[test]
fn pages_assets_folders_and_missing_pages_are_served_correctly() {
    with_stand_in(|addr, _| {
        assert!(addr.ip().is_loopback());

        let home = get(addr, "/");
        assert_eq!(home.status, 200);
        assert_eq!(
            home.header("content-type"),
            Some("text/html; charset=utf-8")
        );
        assert_eq!(home.header("cache-control"), Some("no-store"));
        assert!(home.body.contains("<h1>ARRS Guide</h1>"));
        assert!(home.body.contains(
            "<script src=\"/__arrs/livereload.js?generation=1\" type=\"module\"></script></head>"
        ));

        let redirect = get(addr, "/roles?sort=band");
        assert_eq!(redirect.status, 301);
        assert_eq!(redirect.header("location"), Some("/roles/?sort=band"));
        assert!(get(addr, "/roles/").body.contains("<h1>Roles</h1>"));
        assert!(get(addr, "/roles/paramedic/")
            .body
            .contains("Original text."));

        let wasm = get(addr, "/calc_bg.wasm");
        assert_eq!(
            (wasm.status, wasm.header("content-type")),
            (200, Some("application/wasm"))
        );
        let js = get(addr, "/calc.js");
        assert_eq!(
            js.header("content-type"),
            Some("text/javascript; charset=utf-8")
        );
        assert_eq!(js.body, "export {};", "non-HTML files are sent untouched");

        let missing = get(addr, "/roles/astronaut/");
        assert_eq!(missing.status, 404);
        assert!(
            missing.body.contains("<h1>Page not found</h1>"),
            "the site's own 404 page"
        );
        assert!(
            missing.body.contains("/__arrs/livereload.js"),
            "404 page reloads too"
        );

        let script = get(addr, "/__arrs/livereload.js");
        assert_eq!(
            script.header("content-type"),
            Some("text/javascript; charset=utf-8")
        );
        assert!(script.body.contains("new EventSource(\"/__arrs/events\")"));
    });
}

#[test]
fn traversal_requests_never_reach_files_outside_the_site() {
    with_stand_in(|addr, _| {
        check_traversal_refused(addr, "TOP SECRET");
    });
}

#[test]
fn an_edit_reloads_a_broken_file_shows_the_overlay_and_a_fix_clears_it() {
    with_stand_in(|addr, root| {
        EditScenario {
            addr,
            root,
            file: "content/roles/paramedic.md",
            url: "/roles/paramedic/",
            old_text: "Original text.",
            anchor_line: "title: Paramedic",
            bad_line: "this line is not front matter",
        }
        .run();
    });
}

#[test]
fn a_failed_first_build_still_serves_the_errors_and_recovers() {
    let site = stand_in_site();
    let page = site.path().join("content/index.md");
    fs::write(
        &page,
        "---\ntitle: ARRS Guide\nnot front matter\n---\nWelcome.\n",
    )
    .expect("write");
    let server = start_stand_in(site.path());
    assert!(!server.first_build_ok());
    let errors = get(server.addr(), "/");
    assert_eq!(errors.status, 503);
    assert!(
        errors.body.contains("content/index.md:3"),
        "{}",
        errors.body
    );

    let mut events = Events::open(server.addr());
    let first = events.next().expect("current build");
    assert!(!first.ok);
    save_by_rename(&page, "---\ntitle: ARRS Guide\n---\nWelcome back.\n");
    events.until(|b| b.ok && b.generation > first.generation);
    let home = get(server.addr(), "/");
    assert_eq!(home.status, 200);
    assert!(home.body.contains("Welcome back."));
    server.stopper().stop();
    server.wait();
}

#[test]
fn a_double_slash_never_redirects_off_the_site() {
    with_stand_in(|addr, _| {
        for (target, expected) in [
            ("//roles", "/roles/"),
            ("///roles?sort=band", "/roles/?sort=band"),
            ("//roles/paramedic", "/roles/paramedic/"),
        ] {
            let reply = get(addr, target);
            assert_eq!(reply.status, 301, "{target}");
            // `//roles/` would be read by the browser as the host `roles`.
            assert_eq!(reply.header("location"), Some(expected), "{target}");
        }
    });
}

#[test]
fn oversized_requests_are_refused_and_the_server_keeps_answering() {
    with_stand_in(|addr, _| {
        let long_target = format!("GET /{} HTTP/1.1\r\nHost: x\r\n\r\n", "a".repeat(1 << 20));
        let many_headers = format!(
            "GET / HTTP/1.1\r\nHost: x\r\n{}\r\n",
            (0..200)
                .map(|n| format!("X-Filler-{n}: {n}\r\n"))
                .collect::<String>()
        );
        let huge_header = format!(
            "GET / HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n",
            "b".repeat(1 << 20)
        );
        // A refused request may lose its reply to the connection reset that follows, as the rest
        // of what the client sent was never read; a reply, when it comes, must be the refusal.
        for (what, request) in [
            ("1 MB request line", &long_target),
            ("1 MB header", &huge_header),
        ] {
            let status = raw_status(addr, request.as_bytes());
            assert!(
                matches!(status, None | Some(414 | 431)),
                "{what}: {status:?}"
            );
            assert_eq!(
                get(addr, "/").status,
                200,
                "still answering after the {what}"
            );
        }
        // 200 short headers arrive whole, so the refusal always comes back.
        assert_eq!(raw_status(addr, many_headers.as_bytes()), Some(431));
        assert_eq!(
            get(addr, "/").status,
            200,
            "still answering after 200 headers"
        );
    });
}

#[test]
fn idle_keep_alive_connections_do_not_keep_a_new_client_waiting() {
    with_stand_in(|addr, _| {
        let request = format!("GET / HTTP/1.1\r\nHost: {addr}\r\n\r\n");
        // 100 keep-alive connections that each got a page and then sit idle, and 50 that sent half
        // a request line: far more than any pool of threads would hold.
        let mut idle = Vec::new();
        for _ in 0..100 {
            let mut stream = TcpStream::connect(addr).expect("connect");
            stream.write_all(request.as_bytes()).expect("send");
            stream
                .set_read_timeout(Some(support::PATIENCE))
                .expect("timeout");
            let mut head = [0u8; 12];
            stream.read_exact(&mut head).expect("first reply");
            assert_eq!(&head, b"HTTP/1.1 200");
            idle.push(stream);
        }
        for _ in 0..50 {
            let mut stream = TcpStream::connect(addr).expect("connect");
            stream.write_all(b"GET /ro").expect("send");
            idle.push(stream);
        }
        let page = get(addr, "/roles/paramedic/");
        assert_eq!(page.status, 200);
        assert!(page.body.contains("Original text."));
        drop(idle);
    });
}

#[test]
fn head_requests_get_the_headers_without_the_body() {
    with_stand_in(|addr, _| {
        let mut stream = TcpStream::connect(addr).expect("connect");
        stream
            .set_read_timeout(Some(support::PATIENCE))
            .expect("timeout");
        stream
            .write_all(b"HEAD /calc.js HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .expect("send");
        let mut reply = String::new();
        stream.read_to_string(&mut reply).expect("read");
        assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
        assert!(
            reply
                .to_ascii_lowercase()
                .contains("content-length: 10\r\n"),
            "{reply}"
        );
        assert!(reply.ends_with("\r\n\r\n"), "no body: {reply}");
    });
}

#[test]
fn an_edit_to_the_calculator_sources_rebuilds() {
    let site = stand_in_site();
    let rules = site.path().join("src/rules/plan.rs");
    fs::create_dir_all(rules.parent().expect("parent")).expect("mkdir");
    fs::write(&rules, "// the rules core").expect("write");
    fs::create_dir_all(site.path().join("calc-wasm/src")).expect("mkdir");
    fs::write(site.path().join("calc-wasm/src/lib.rs"), "// bindings").expect("write");
    let server = start_stand_in(site.path());
    let mut events = Events::open(server.addr());
    let first = events.next().expect("current build");

    fs::write(&rules, "// the rules core, edited").expect("write");
    let second = events.until(|b| b.generation > first.generation);
    fs::write(site.path().join("calc-wasm/src/lib.rs"), "// edited").expect("write");
    events.until(|b| b.generation > second.generation);
    server.stopper().stop();
    server.wait();
}

#[test]
fn a_taken_port_is_reported_by_number() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("addr").port();
    let site = stand_in_site();
    let options = ServeOptions {
        root: site.path().to_path_buf(),
        addr: SocketAddr::from(([127, 0, 0, 1], port)),
        poll: false,
        debounce: Duration::from_millis(50),
        also_watch: Vec::new(),
    };
    let error = DevServer::start(options, stand_in_builder(site.path().to_path_buf()))
        .err()
        .expect("port in use");
    assert_eq!(
        error.to_string(),
        format!("port {port} on 127.0.0.1 is already in use")
    );
}

// ---------------------------------------------------------------------------------------------
// The real binary over a copy of the real generator's valid fixture site.

#[test]
fn the_binary_reloads_edits_and_shows_front_matter_errors_with_their_line() {
    let site = fixture_site();
    let server = spawn_serve(site.path());
    assert!(server.addr.ip().is_loopback(), "binds loopback by default");
    EditScenario {
        addr: server.addr,
        root: site.path(),
        file: "content/roles/paramedic.md",
        url: "/roles/paramedic/",
        old_text: "Paramedics see patients who need same-day care.",
        anchor_line: "title: Paramedic",
        bad_line: "not_a_field: 1",
    }
    .run();
    check_traversal_refused(server.addr, "TOP SECRET");
    let missing = get(server.addr, "/no-such-page/");
    assert_eq!(missing.status, 404);
    assert!(
        missing.body.contains("/__arrs/livereload.js"),
        "the site's 404 page, injected"
    );
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_binary_cleanly() {
    let site = fixture_site();
    let mut server = spawn_serve(site.path());
    let status = server.interrupt().expect("serve stops on Ctrl-C");
    assert_eq!(status.code(), Some(0));
    let stderr = server.final_stderr();
    assert!(stderr.trim_end().ends_with("stopped"), "{stderr}");
}

#[test]
fn the_binary_exits_1_naming_a_taken_port() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("addr").port();
    let site = fixture_site();
    let output = serve_command(site.path(), port).output().expect("run");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("port {port} on 127.0.0.1 is already in use")),
        "{stderr}"
    );
    assert!(stderr.contains("--port"), "suggests --port: {stderr}");
}

/// The private build folders of `arrs-guide serve` in `temp`.
fn private_folders(temp: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = fs::read_dir(temp)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("arrs-guide-serve-"))
                && p.join("arrs-guide-serve.lock").is_file()
        })
        .collect();
    found.sort();
    found
}

/// Waits until `done` holds, or panics naming `what` after `PATIENCE`.
fn wait_for(what: &str, done: impl Fn() -> bool) {
    let deadline = Instant::now() + support::PATIENCE;
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[cfg(unix)]
#[test]
fn a_killed_server_leaves_a_folder_that_the_next_one_removes() {
    let site = fixture_site();
    let temp = tempfile::tempdir().expect("temp dir");
    let start = || {
        serve_command(site.path(), 0)
            .env("TMPDIR", temp.path())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start arrs-guide serve")
    };

    let mut killed = start();
    wait_for("the first server's folder", || {
        private_folders(temp.path()).len() == 1
    });
    let left = private_folders(temp.path());
    killed.kill().expect("SIGKILL");
    killed.wait().expect("reaped");
    assert_eq!(private_folders(temp.path()), left, "SIGKILL leaves it");

    let mut next = start();
    // Ctrl-C is handled once the server says it is serving.
    let stdout = next.stdout.take().expect("stdout");
    let serving = std::io::BufRead::lines(std::io::BufReader::new(stdout))
        .map_while(Result::ok)
        .any(|line| line.starts_with("serving the site at "));
    assert!(serving, "the second server starts");
    let now = private_folders(temp.path());
    assert_eq!(now.len(), 1, "only the new server's folder: {now:?}");
    assert_ne!(now, left, "the leftover is gone");
    let pid = next.id().to_string();
    let interrupted = std::process::Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .expect("kill -INT");
    assert!(interrupted.success());
    next.wait().expect("stopped");
    assert!(
        private_folders(temp.path()).is_empty(),
        "Ctrl-C removes the folder"
    );
}
