//! Running the real `meetpunt` binary, shared by the test files that drive it.

pub mod smtp;

use std::process::{Command, Output};

/// Runs `meetpunt` with a clean environment, the data folder `data` and the extra `env`.
pub fn meetpunt(args: &[&str], env: &[(&str, &str)], data: &std::path::Path) -> Output {
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
pub fn assert_one_line_error(output: &Output, prefix: &str) -> String {
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
