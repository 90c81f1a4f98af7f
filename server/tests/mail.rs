//! Outgoing mail through a real SMTP server on loopback (aiosmtpd, installed by
//! `.ci/setup.sh`) and through the development outbox, driven by `meetpunt mail-test`.

use common::smtp::SmtpServer;
use common::{assert_one_line_error, meetpunt};
use std::path::PathBuf;

mod common;

#[test]
fn a_test_message_reaches_a_real_smtp_server() {
    let smtp = SmtpServer::start();
    let data = tempfile::tempdir().unwrap();
    let url = format!("smtp://127.0.0.1:{}", smtp.port);
    let output = meetpunt(
        &["mail-test", "jan.jansen@example.org"],
        &[
            ("MEETPUNT_SMTP_URL", &url),
            ("MEETPUNT_MAIL_FROM", "Meetpunt <meetpunt@example.org>"),
        ],
        data.path(),
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        stdout,
        format!(
            "sent a test message to j***@example.org through SMTP server 127.0.0.1:{}\n",
            smtp.port
        )
    );
    let received = smtp.received();
    assert_eq!(received.len(), 1);
    let message = &received[0];
    assert!(message.contains("To: jan.jansen@example.org"), "{message}");
    assert!(
        message.contains("From: Meetpunt <meetpunt@example.org>"),
        "{message}"
    );
    assert!(
        message.contains("Meetpunt: testbericht / Meetpunt: test message"),
        "{message}"
    );
    assert!(
        message.contains("Dit is een testbericht van Meetpunt"),
        "{message}"
    );
    // The full address never reaches the logs.
    assert!(!String::from_utf8_lossy(&output.stderr).contains("jan.jansen"));
}

#[test]
fn in_development_mail_is_written_to_the_outbox() {
    let data = tempfile::tempdir().unwrap();
    let output = meetpunt(&["mail-test", "piet@example.org"], &[], data.path());
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let outbox = data.path().join("outbox");
    let files: Vec<PathBuf> = std::fs::read_dir(&outbox)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    assert_eq!(files[0].extension().unwrap(), "eml");
    let message = std::fs::read_to_string(&files[0]).unwrap();
    assert!(message.contains("To: piet@example.org"), "{message}");
    assert!(
        message.contains("This is a test message from Meetpunt"),
        "{message}"
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("through the outbox"));
}

#[test]
fn an_unreachable_smtp_server_is_one_line_without_the_password() {
    let data = tempfile::tempdir().unwrap();
    let output = meetpunt(
        &["mail-test", "jan@example.org"],
        &[("MEETPUNT_SMTP_URL", "smtp://meetpunt:hunter2@127.0.0.1:1")],
        data.path(),
    );
    let line = assert_one_line_error(&output, "meetpunt: sending failed");
    assert!(line.starts_with("meetpunt: sending failed"), "{line}");
    assert!(!line.contains("hunter2"), "{line}");
}

#[test]
fn a_bad_address_is_refused_before_anything_is_sent() {
    let smtp = SmtpServer::start();
    let data = tempfile::tempdir().unwrap();
    let url = format!("smtp://127.0.0.1:{}", smtp.port);
    let output = meetpunt(
        &["mail-test", "jan at example"],
        &[("MEETPUNT_SMTP_URL", &url)],
        data.path(),
    );
    assert_eq!(
        assert_one_line_error(&output, "meetpunt: "),
        "meetpunt: *** is not a usable email address"
    );
    assert!(smtp.received().is_empty());
}
