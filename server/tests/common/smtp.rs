//! A real SMTP server on loopback for the tests: aiosmtpd (installed by `.ci/setup.sh`)
//! storing what it receives in a maildir.

#![allow(dead_code)]

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A real SMTP server that stores what it receives in a maildir; stopped when dropped.
pub struct SmtpServer {
    child: Child,
    /// The port it listens on (127.0.0.1).
    pub port: u16,
    maildir: tempfile::TempDir,
}

impl SmtpServer {
    /// Starts the server on a free port and waits until it accepts connections.
    pub fn start() -> SmtpServer {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        SmtpServer::start_on(port)
    }

    /// Starts the server on `port` (e.g. one a test let the portal fail to reach first).
    pub fn start_on(port: u16) -> SmtpServer {
        let python = std::env::var_os("MEETPUNT_SMTP_PYTHON")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                let tools = std::env::var_os("MEETPUNT_TOOLS_DIR")
                    .map(PathBuf::from)
                    .unwrap_or_else(|| PathBuf::from("/var/tmp/meetpunt-tools"));
                tools.join("smtp-venv/bin/python")
            });
        assert!(
            python.exists(),
            "{} not found: run .ci/setup.sh (it installs the test SMTP server)",
            python.display()
        );
        let maildir = tempfile::tempdir().unwrap();
        let child = Command::new(python)
            .args(["-m", "aiosmtpd", "-n", "-l"])
            .arg(format!("127.0.0.1:{port}"))
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(maildir.path().join("mail"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start aiosmtpd");
        let deadline = Instant::now() + Duration::from_secs(15);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "the SMTP server did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        SmtpServer {
            child,
            port,
            maildir,
        }
    }

    /// Every message received so far, as raw text.
    pub fn received(&self) -> Vec<String> {
        let new = self.maildir.path().join("mail").join("new");
        let Ok(entries) = std::fs::read_dir(new) else {
            return vec![];
        };
        entries
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
            .collect()
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The links to this portal in a message's text, in order (what a person would click).
pub fn links(message: &str, base: &str) -> Vec<String> {
    let text = message.replace("=\r\n", "").replace("=\n", "");
    text.split(|c: char| c.is_whitespace() || c == '"' || c == '<' || c == '>')
        .filter(|word| word.starts_with(base))
        .map(str::to_owned)
        .collect()
}
