//! The `meetpunt` binary as an administrator meets it: one-line errors, exit codes, shutdown.

use std::io::{BufRead, BufReader};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn meetpunt(args: &[&str], env: &[(&str, &str)], data: &std::path::Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_meetpunt"))
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("MEETPUNT_DATA_DIR", data)
        .envs(env.iter().copied())
        .output()
        .expect("run meetpunt")
}

/// Asserts a failed run printed exactly one line, starting with `prefix`, and no panic.
fn assert_one_line_error(output: &Output, prefix: &str) -> String {
    assert!(!output.status.success(), "must exit non-zero");
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "one line expected, got: {stderr}");
    assert!(
        lines[0].starts_with(prefix),
        "expected {prefix:?}, got {:?}",
        lines[0]
    );
    assert!(!stderr.contains("panicked") && !stderr.contains("backtrace"));
    lines[0].to_string()
}

#[test]
fn a_malformed_database_url_is_one_line_and_a_failure() {
    let data = tempfile::tempdir().unwrap();
    let output = meetpunt(
        &["migrate"],
        &[("DATABASE_URL", "mysql://x/y")],
        data.path(),
    );
    assert_one_line_error(
        &output,
        "meetpunt: configuration: DATABASE_URL: must start with",
    );
}

#[test]
fn an_unreachable_database_names_it_without_the_password() {
    let data = tempfile::tempdir().unwrap();
    let output = meetpunt(
        &["migrate"],
        &[(
            "DATABASE_URL",
            "postgres://meetpunt:hunter2@127.0.0.1:1/meetpunt",
        )],
        data.path(),
    );
    let line = assert_one_line_error(
        &output,
        "meetpunt: cannot open the database postgres://meetpunt:***@127.0.0.1:1/meetpunt",
    );
    assert!(!line.contains("hunter2"));
    assert!(line.contains("check DATABASE_URL"));
}

#[test]
fn an_unwritable_data_directory_says_what_to_set() {
    let data = tempfile::tempdir().unwrap();
    let file = data.path().join("a-file");
    std::fs::write(&file, b"not a folder").unwrap();
    let inside_a_file = file.join("data");
    let output = meetpunt(&["migrate"], &[], &inside_a_file);
    let line = assert_one_line_error(&output, "meetpunt: cannot use data directory");
    assert!(line.contains("MEETPUNT_DATA_DIR"), "{line}");
}

#[test]
fn a_port_in_use_says_what_to_set() {
    let data = tempfile::tempdir().unwrap();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let output = meetpunt(&["serve"], &[("MEETPUNT_ADDR", &addr)], data.path());
    let line = assert_one_line_error(&output, &format!("meetpunt: cannot listen on {addr}"));
    assert!(line.contains("MEETPUNT_ADDR"), "{line}");
}

#[test]
fn production_without_a_secret_key_refuses_to_start() {
    let data = tempfile::tempdir().unwrap();
    let output = meetpunt(&["serve"], &[("MEETPUNT_MODE", "production")], data.path());
    assert_one_line_error(
        &output,
        "meetpunt: configuration: MEETPUNT_SECRET_KEY: is required in production",
    );
}

#[test]
fn migrate_and_seed_demo_work_on_a_fresh_sqlite_file() {
    let data = tempfile::tempdir().unwrap();
    let output = meetpunt(&["migrate"], &[], data.path());
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("database is up to date (sqlite)"));
    assert!(data.path().join("meetpunt.db").exists());

    let output = meetpunt(&["seed-demo"], &[], data.path());
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("Demo data ready"), "{stdout}");
    assert!(stdout.contains("http://127.0.0.1:3000"), "{stdout}");
}

#[test]
fn seed_demo_refuses_production() {
    let data = tempfile::tempdir().unwrap();
    let output = meetpunt(
        &["seed-demo"],
        &[
            ("MEETPUNT_MODE", "production"),
            ("MEETPUNT_SECRET_KEY", "0123456789abcdef0123456789abcdef"),
            ("MEETPUNT_SMTP_URL", "smtp://127.0.0.1:2525"),
            ("MEETPUNT_MAIL_FROM", "Praktijk <noreply@example.org>"),
            ("MEETPUNT_PUBLIC_URL", "https://meetpunt.example.org"),
        ],
        data.path(),
    );
    assert_one_line_error(
        &output,
        "meetpunt: seed-demo refuses to run in production mode",
    );
}

#[test]
fn serve_stops_cleanly_on_sigterm() {
    let data = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_meetpunt"))
        .arg("serve")
        .env_clear()
        .env("MEETPUNT_DATA_DIR", data.path())
        .env("MEETPUNT_ADDR", "127.0.0.1:0")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let url = line
        .trim()
        .strip_prefix("Meetpunt is running at ")
        .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
        .to_string();
    assert!(!url.ends_with(":0"), "the real port is printed: {url}");

    // The server answers on the printed address.
    let addr = url.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    use std::io::{Read, Write};
    write!(
        stream,
        "GET /healthz HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");

    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "exit status after SIGTERM: {status}");
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "did not stop after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}
