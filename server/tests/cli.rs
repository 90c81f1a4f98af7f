//! The `meetpunt` binary as an administrator meets it: one-line errors, exit codes, shutdown.

use common::{assert_one_line_error, meetpunt};
use std::io::{BufRead, BufReader};
use std::process::{Command, Output, Stdio};

mod common;
use std::time::{Duration, Instant};

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
fn production_without_smtp_refuses_to_start() {
    let data = tempfile::tempdir().unwrap();
    let output = meetpunt(&["serve"], &[("MEETPUNT_MODE", "production")], data.path());
    assert_one_line_error(
        &output,
        "meetpunt: configuration: MEETPUNT_SMTP_URL: is required in production",
    );
}

#[test]
fn production_needs_a_server_key_and_development_makes_one() {
    let data = tempfile::tempdir().unwrap();
    let file = data.path().join("secret.key");
    let production = [
        ("MEETPUNT_MODE", "production"),
        ("MEETPUNT_SMTP_URL", "smtp://127.0.0.1:2525"),
        ("MEETPUNT_MAIL_FROM", "Meetpunt <noreply@example.org>"),
        ("MEETPUNT_PUBLIC_URL", "https://meetpunt.example.org"),
    ];
    let output = meetpunt(&["migrate"], &production, data.path());
    let line = assert_one_line_error(&output, "meetpunt: cannot use the server key");
    assert!(line.contains("MEETPUNT_SECRET_KEY_FILE"), "{line}");
    assert!(!file.exists());

    // Development makes one, readable by its owner only, and keeps it.
    assert!(meetpunt(&["migrate"], &[], data.path()).status.success());
    let key = std::fs::read_to_string(&file).unwrap();
    assert_eq!(key.trim().len(), 64);
    assert!(key.trim().bytes().all(|b| b.is_ascii_hexdigit()));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    assert!(meetpunt(&["migrate"], &[], data.path()).status.success());
    assert_eq!(std::fs::read_to_string(&file).unwrap(), key);
    // With the file, production starts; a file without a key is one line.
    assert!(meetpunt(&["migrate"], &production, data.path())
        .status
        .success());
    std::fs::write(&file, "not a key").unwrap();
    let line = assert_one_line_error(
        &meetpunt(&["migrate"], &[], data.path()),
        "meetpunt: cannot use the server key",
    );
    assert!(line.contains("64 hex digits"), "{line}");
    assert!(!line.contains("not a key"), "{line}");
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
    assert!(stdout.contains("organisation demo-praktijk"), "{stdout}");
    // Seeding twice is fine, and the demo organisation has its setting.
    let again = meetpunt(&["seed-demo"], &[], data.path());
    assert!(
        again.status.success(),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    let settings = meetpunt(&["settings", "list", "demo-praktijk"], &[], data.path());
    assert_eq!(
        String::from_utf8_lossy(&settings.stdout),
        "SCOPE\tSETTING\tVALUE\nthresholds\tbp_mean_systolic_high\t130\n"
    );
    assert!(stdout.contains("http://127.0.0.1:3000"), "{stdout}");
    // The demo logins are printed, and exist with a password.
    assert!(
        stdout.contains("Demo logins (password for each: meetpunt-demo):"),
        "{stdout}"
    );
    for email in [
        "huisarts@example.org",
        "zorgverlener@example.org",
        "patient@example.org",
        "mantelzorger@example.org",
    ] {
        assert!(stdout.contains(email), "{stdout}");
    }
    let accounts =
        String::from_utf8_lossy(&meetpunt(&["accounts", "list"], &[], data.path()).stdout)
            .to_string();
    assert!(
        accounts.contains("zorgverlener@example.org\tprofessional\tdemo-praktijk\tC\tset\t"),
        "{accounts}"
    );
    assert!(
        accounts.contains("huisarts@example.org\tprofessional\tdemo-praktijk\tA\tset\t"),
        "{accounts}"
    );
    assert_eq!(accounts.lines().count(), 5, "{accounts}");
}

#[test]
fn accounts_are_added_listed_and_given_a_new_password() {
    let data = tempfile::tempdir().unwrap();
    let added = meetpunt_with_stdin(
        &[
            "accounts",
            "add",
            "Els@Example.org",
            "--name",
            "Els Jansen",
            "--role",
            "carer",
            "--password-stdin",
        ],
        data.path(),
        "lange-zomer-aan-zee\n",
    );
    assert_eq!(
        stdout(&added),
        "added carer account els@example.org; it can sign in\n"
    );
    let later = meetpunt(
        &[
            "accounts",
            "add",
            "piet@example.org",
            "--name",
            "Piet Peters",
            "--role",
            "patient",
        ],
        &[],
        data.path(),
    );
    assert!(
        stdout(&later).contains("set a password with: meetpunt accounts password piet@example.org")
    );
    assert_eq!(
        stdout(&meetpunt(&["accounts", "list"], &[], data.path())),
        "EMAIL\tROLE\tORGANISATION\tLEVEL\tPASSWORD\tNAME\n\
         els@example.org\tcarer\t-\t-\tset\tEls Jansen\n\
         piet@example.org\tpatient\t-\t-\tnot set\tPiet Peters\n"
    );
    let set = meetpunt_with_stdin(
        &["accounts", "password", "piet@example.org"],
        data.path(),
        "wandelen-in-het-bos\r\n",
    );
    assert_eq!(
        stdout(&set),
        "new password set for piet@example.org; its sessions were ended\n"
    );
    let listed = stdout(&meetpunt(&["accounts", "list"], &[], data.path()));
    assert!(
        listed.contains("piet@example.org\tpatient\t-\t-\tset\t"),
        "{listed}"
    );
}

#[test]
fn bad_account_input_is_one_line_and_stores_nothing() {
    let data = tempfile::tempdir().unwrap();
    let add = |args: &[&str], stdin: &str| {
        let mut all = vec!["accounts", "add"];
        all.extend_from_slice(args);
        meetpunt_with_stdin(&all, data.path(), stdin)
    };
    let cases: [(&[&str], &str, &str); 5] = [
        (
            &["anna@example.org", "--name", "Anna", "--role", "admin"],
            "",
            "meetpunt: role \"admin\" is unknown; use professional, patient or carer",
        ),
        (
            &[
                "anna@example.org",
                "--name",
                "Anna",
                "--role",
                "professional",
            ],
            "",
            "meetpunt: a professional account needs an organisation",
        ),
        (
            &[
                "anna@example.org",
                "--name",
                "Anna",
                "--role",
                "professional",
                "--organisation",
                "hap-zuid",
            ],
            "",
            "meetpunt: organisation hap-zuid not found",
        ),
        (
            &["anna", "--name", "Anna", "--role", "patient"],
            "",
            "meetpunt: \"anna\" is not a valid e-mail address",
        ),
        (
            &[
                "anna@example.org",
                "--name",
                "Anna",
                "--role",
                "patient",
                "--password-stdin",
            ],
            "kort\n",
            "meetpunt: the password must have at least 12 characters",
        ),
    ];
    for (args, stdin, expected) in cases {
        let output = add(args, stdin);
        assert_one_line_error(&output, expected);
    }
    let weak = meetpunt_with_stdin(
        &["accounts", "password", "nobody@example.org"],
        data.path(),
        "lange-zomer-aan-zee\n",
    );
    assert_one_line_error(&weak, "meetpunt: no account for nobody@example.org");
    assert_eq!(
        stdout(&meetpunt(&["accounts", "list"], &[], data.path())),
        "EMAIL\tROLE\tORGANISATION\tLEVEL\tPASSWORD\tNAME\n"
    );
}

#[test]
fn seed_demo_refuses_production() {
    let data = tempfile::tempdir().unwrap();
    let output = meetpunt(
        &["seed-demo"],
        &[
            ("MEETPUNT_MODE", "production"),
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

fn meetpunt_with_stdin(args: &[&str], data: &std::path::Path, stdin: &str) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_meetpunt"))
        .args(args)
        .env_clear()
        .env("MEETPUNT_DATA_DIR", data)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn import(file: &std::path::Path, data: &std::path::Path) -> Output {
    meetpunt(
        &["instruments", "import", file.to_str().unwrap()],
        &[],
        data,
    )
}

fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).to_string()
}

#[test]
fn instruments_list_shows_the_library() {
    let data = tempfile::tempdir().unwrap();
    let out = stdout(&meetpunt(&["instruments", "list"], &[], data.path()));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "ID\tVERSION\tQUESTIONS\tTITLE");
    assert!(
        lines.iter().any(|l| l.starts_with("gfi\t1.0\t15\t")),
        "{out}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with("4dkl\t1.0\t50\t")),
        "{out}"
    );
}

#[test]
fn an_exported_instrument_imports_again_and_a_changed_copy_needs_a_new_version() {
    let data = tempfile::tempdir().unwrap();
    let exported = stdout(&meetpunt(
        &["instruments", "export", "valrisico"],
        &[],
        data.path(),
    ));
    let mut resource: serde_json::Value =
        serde_json::from_str(&exported).expect("stdout is only JSON");
    assert_eq!(resource["resourceType"], "Questionnaire");

    let file = data.path().join("q.json");
    std::fs::write(&file, &exported).unwrap();
    let again = stdout(&import(&file, data.path()));
    assert_eq!(
        again,
        "instrument valrisico 1.0 was already imported; nothing changed\n"
    );

    resource["title"] = "Valrisico (eigen tekst)".into();
    std::fs::write(&file, resource.to_string()).unwrap();
    let output = import(&file, data.path());
    assert_one_line_error(
        &output,
        "meetpunt: instrument valrisico 1.0 already exists with other content",
    );

    resource["version"] = "1.1".into();
    std::fs::write(&file, resource.to_string()).unwrap();
    let imported = stdout(&import(&file, data.path()));
    assert_eq!(
        imported,
        "imported instrument valrisico 1.1 (8 questions)\n"
    );
    let list = stdout(&meetpunt(&["instruments", "list"], &[], data.path()));
    assert!(
        list.contains("valrisico\t1.1\t8\tValrisico (eigen tekst)"),
        "{list}"
    );
}

#[test]
fn an_unsupported_questionnaire_imports_nothing_and_names_the_item() {
    let data = tempfile::tempdir().unwrap();
    let file = data.path().join("q.json");
    std::fs::write(
        &file,
        r#"{"resourceType":"Questionnaire","id":"trazag-test","title":"T",
            "item":[{"linkId":"foto","type":"attachment"}]}"#,
    )
    .unwrap();
    let output = import(&file, data.path());
    assert_one_line_error(
        &output,
        &format!(
            "meetpunt: {}: nothing imported: foto: item type attachment is not supported",
            file.display()
        ),
    );
    let list = stdout(&meetpunt(&["instruments", "list"], &[], data.path()));
    assert!(!list.contains("trazag-test"));
}

#[test]
fn score_reads_a_response_and_prints_scales_and_completeness() {
    let data = tempfile::tempdir().unwrap();
    let out = stdout(&meetpunt_with_stdin(
        &["score", "gfi"],
        data.path(),
        &gfi_response_scoring_four(),
    ));
    let result: serde_json::Value = serde_json::from_str(&out).expect("stdout is only JSON");
    assert_eq!(result["complete"], true);
    assert_eq!(result["scales"][0]["score"], 4.0);
    assert_eq!(result["scales"][0]["band"]["code"], "frail");
}

/// A complete GFI response worth 4 points.
fn gfi_response_scoring_four() -> String {
    let mut items = Vec::new();
    for n in 1..=15 {
        let answer = match n {
            1..=4 => serde_json::json!({"valueCoding": {"code": "no"}}), // 4 points
            5 => serde_json::json!({"valueInteger": 8}),
            _ => serde_json::json!({"valueCoding": {"code": "no"}}),
        };
        items.push(serde_json::json!({"linkId": format!("gfi-{n}"), "answer": [answer]}));
    }
    serde_json::json!({
        "resourceType": "QuestionnaireResponse",
        "questionnaire": "urn:meetpunt:questionnaire:gfi|1.0",
        "status": "completed",
        "item": items,
    })
    .to_string()
}

#[test]
fn score_reports_an_incomplete_response_without_a_score() {
    let data = tempfile::tempdir().unwrap();
    let response = r#"{"resourceType":"QuestionnaireResponse","status":"in-progress",
        "item":[{"linkId":"gfi-1","answer":[{"valueCoding":{"code":"no"}}]}]}"#;
    let out = stdout(&meetpunt_with_stdin(
        &["score", "gfi"],
        data.path(),
        response,
    ));
    let result: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(result["complete"], false);
    assert_eq!(result["scales"][0]["score"], serde_json::Value::Null);
    assert_eq!(result["problems"][0]["link_id"], "gfi-2");
    assert_eq!(
        result["problems"][0]["message"],
        "Please answer this question."
    );
}

#[test]
fn score_with_bad_input_is_one_line() {
    let data = tempfile::tempdir().unwrap();
    let output = meetpunt_with_stdin(&["score", "gfi"], data.path(), "not json");
    assert_one_line_error(&output, "meetpunt: standard input is not JSON");
    let output = meetpunt_with_stdin(
        &["score", "nope"],
        data.path(),
        r#"{"resourceType":"QuestionnaireResponse"}"#,
    );
    assert_one_line_error(&output, "meetpunt: instrument nope not found");
}

/// A blood-pressure week from 2 March 2026 with mornings 150/95 and evenings 140/85.
fn bp_week_request(now: Option<&str>) -> String {
    let mut readings = Vec::new();
    for day in 2..=8 {
        for (n, time, s, d) in [
            (1, "07:30", 150, 95),
            (2, "07:31", 150, 95),
            (3, "21:00", 140, 85),
            (4, "21:01", 140, 85),
        ] {
            readings.push(serde_json::json!({
                "id": format!("bp-{day}-{n}"),
                "kind": "blood-pressure",
                "value": {"systolic": s, "diastolic": d, "pulse": 70},
                "measured_at": format!("2026-03-{day:02}T{time}:00+01:00"),
            }));
        }
    }
    let mut request = serde_json::json!({
        "protocol": {"type": "blood-pressure-week", "start": "2026-03-02"},
        "readings": readings,
    });
    if let Some(now) = now {
        request["now"] = now.into();
    }
    request.to_string()
}

#[test]
fn protocol_evaluate_prints_the_evaluation_as_json() {
    let data = tempfile::tempdir().unwrap();
    let out = stdout(&meetpunt_with_stdin(
        &["protocol", "evaluate"],
        data.path(),
        &bp_week_request(Some("2026-03-09T12:00:00+01:00")),
    ));
    let e: serde_json::Value = serde_json::from_str(&out).expect("stdout is only JSON");
    assert_eq!(e["protocol"], "blood-pressure-week");
    assert_eq!(e["completeness"]["valid_readings"], 24);
    assert_eq!(e["completeness"]["enough"], true);
    // (150 + 150 + 140 + 140) / 4 = 145 and (95 + 95 + 85 + 85) / 4 = 90.
    assert_eq!(e["result"]["type"], "blood-pressure-mean");
    assert_eq!(e["result"]["systolic"], 145.0);
    assert_eq!(e["result"]["diastolic"], 90.0);
    assert_eq!(e["result"]["classification"], "high");
    assert_eq!(e["flags"][0]["code"], "mean-blood-pressure-high");
    assert!(e["flags"][0]["advice"]["nl"]
        .as_str()
        .unwrap()
        .contains("145/90"));
    assert_eq!(e["ignored"].as_array().unwrap().len(), 4, "day 1");
    assert_eq!(e["next_due"], serde_json::Value::Null);
}

#[test]
fn protocol_evaluate_at_a_given_moment_shows_what_is_due() {
    let data = tempfile::tempdir().unwrap();
    let out = stdout(&meetpunt_with_stdin(
        &["protocol", "evaluate", "--now", "2026-03-02T05:00:00Z"],
        data.path(),
        &bp_week_request(Some("2030-01-01T00:00:00Z")),
    ));
    let e: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        e["evaluated_at"],
        "2026-03-02T06:00:00+01:00[Europe/Amsterdam]"
    );
    assert_eq!(e["next_due"]["day"], "2026-03-02");
    assert_eq!(e["next_due"]["session"], "morning");
    assert_eq!(e["next_due"]["state"], "open");
    assert_eq!(e["completeness"]["valid_readings"], 0);
    assert_eq!(e["ignored"][0]["reason"], "in-future");
}

#[test]
fn protocol_evaluate_with_bad_input_is_one_line() {
    let data = tempfile::tempdir().unwrap();
    let output = meetpunt_with_stdin(&["protocol", "evaluate"], data.path(), "[]");
    assert_one_line_error(
        &output,
        "meetpunt: standard input is not a protocol request",
    );
    let bad_protocol =
        r#"{"protocol": {"type": "blood-pressure-week", "start": "2026-03-02", "days": 0}}"#;
    let output = meetpunt_with_stdin(&["protocol", "evaluate"], data.path(), bad_protocol);
    assert_one_line_error(&output, "meetpunt: protocol: days must be from 1 to 366");
    let bad_limits = r#"{"protocol": {"type": "daily-weight", "start": "2026-03-02"},
        "thresholds": {"request": {"inr_low": 4, "inr_high": 3}}}"#;
    let output = meetpunt_with_stdin(&["protocol", "evaluate"], data.path(), bad_limits);
    assert_one_line_error(
        &output,
        "meetpunt: thresholds: inr_low (4) must be lower than inr_high (3)",
    );
    let output = meetpunt_with_stdin(
        &["protocol", "evaluate", "--now", "yesterday"],
        data.path(),
        &bp_week_request(None),
    );
    assert_one_line_error(
        &output,
        "meetpunt: --now \"yesterday\" is not an RFC 3339 time",
    );
}

#[test]
fn importing_a_file_that_is_not_json_imports_nothing_and_says_where() {
    let data = tempfile::tempdir().unwrap();
    let file = data.path().join("broken.json");
    std::fs::write(&file, "{\"resourceType\": \"Questionnaire\",").unwrap();
    let output = meetpunt(
        &["instruments", "import", file.to_str().unwrap()],
        &[],
        data.path(),
    );
    let line = assert_one_line_error(&output, "meetpunt: ");
    assert!(
        line.contains("broken.json: nothing imported: JSON: not valid (EOF while parsing"),
        "{line}"
    );
}

#[test]
fn an_organisation_with_its_own_cut_off_scores_the_same_answers_differently() {
    let data = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| stdout(&meetpunt(args, &[], data.path()));
    assert_eq!(
        run(&[
            "organisations",
            "add",
            "hap-noord",
            "Huisartsenpraktijk Noord"
        ]),
        "added organisation hap-noord\n"
    );
    assert_eq!(
        run(&["organisations", "list"]),
        "ID\tKIND\tNAME\nhap-noord\thap\tHuisartsenpraktijk Noord\n"
    );
    run(&["settings", "set", "hap-noord", "gfi", "frail_from", "5"]);
    run(&[
        "settings",
        "set",
        "hap-noord",
        "thresholds",
        "bp_mean_systolic_high",
        "150",
    ]);
    assert_eq!(
        run(&["settings", "list", "hap-noord"]),
        "SCOPE\tSETTING\tVALUE\ngfi\tfrail_from\t5\nthresholds\tbp_mean_systolic_high\t150\n"
    );
    // 4 points: frail with the default cut-off 4, not with this organisation's 5.
    let scored = |org: Option<&str>| {
        let mut args = vec!["score", "gfi"];
        if let Some(org) = org {
            args.extend(["--organisation", org]);
        }
        let out = stdout(&meetpunt_with_stdin(
            &args,
            data.path(),
            &gfi_response_scoring_four(),
        ));
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        v["scales"][0]["band"]["code"].as_str().unwrap().to_string()
    };
    assert_eq!(scored(None), "frail");
    assert_ne!(scored(Some("hap-noord")), "frail");
    // A mean of 145/90 is high by default; this organisation's systolic limit is 150, the
    // diastolic limit stays 85.
    let evaluated = |org: Option<&str>| {
        let mut args = vec!["protocol", "evaluate"];
        if let Some(org) = org {
            args.extend(["--organisation", org]);
        }
        let out = stdout(&meetpunt_with_stdin(
            &args,
            data.path(),
            &bp_week_request(Some("2026-03-09T12:00:00+01:00")),
        ));
        serde_json::from_str::<serde_json::Value>(&out).unwrap()
    };
    let e = evaluated(Some("hap-noord"));
    assert_eq!(e["result"]["classification"], "high", "90 ≥ 85");
    assert!(e["flags"][0]["advice"]["en"]
        .as_str()
        .unwrap()
        .contains("150/85"));
    run(&["settings", "unset", "hap-noord", "gfi", "frail_from"]);
    assert_eq!(scored(Some("hap-noord")), "frail");
}

#[test]
fn settings_that_do_not_exist_are_one_line_and_change_nothing() {
    let data = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| meetpunt(args, &[], data.path());
    let out = run(&["settings", "set", "nobody", "gfi", "frail_from", "5"]);
    assert_one_line_error(&out, "meetpunt: organisation nobody not found");
    stdout(&run(&["organisations", "add", "hap-noord", "Noord"]));
    let out = run(&["organisations", "add", "hap-noord", "Noord"]);
    assert_one_line_error(&out, "meetpunt: organisation hap-noord already exists");
    let out = run(&["settings", "set", "hap-noord", "gfi", "cutoff", "5"]);
    assert_one_line_error(
        &out,
        "meetpunt: gfi has no setting cutoff; settings: frail_from",
    );
    let out = run(&[
        "settings",
        "set",
        "hap-noord",
        "thresholds",
        "inr_low",
        "3.5",
    ]);
    assert_one_line_error(
        &out,
        "meetpunt: inr_low (3.5) must be lower than inr_high (3)",
    );
    let out = run(&["organisations", "add", "HAP", "x"]);
    assert_one_line_error(&out, "meetpunt: organisation id \"HAP\" must be");
    assert_eq!(
        stdout(&run(&["settings", "list", "hap-noord"])),
        "SCOPE\tSETTING\tVALUE\n"
    );
}

#[test]
fn kinds_levels_and_leaving_are_set_on_the_command_line() {
    let data = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| meetpunt(args, &[], data.path());
    let add = [
        "organisations",
        "add",
        "vvt-oost",
        "Thuiszorg Oost",
        "--kind",
        "vvt",
    ];
    assert_eq!(stdout(&run(&add)), "added organisation vvt-oost\n");
    let els = [
        "accounts",
        "add",
        "els@example.org",
        "--name",
        "Els",
        "--role",
        "professional",
        "--organisation",
        "vvt-oost",
    ];
    assert!(run(&els).status.success());
    let listed = stdout(&run(&["accounts", "list"]));
    assert!(
        listed.contains("els@example.org\tprofessional\tvvt-oost\tzorgverlener\tnot set\tEls"),
        "{listed}"
    );
    let level = |level: &str| {
        run(&[
            "accounts",
            "level",
            "els@example.org",
            "--organisation",
            "vvt-oost",
            level,
        ])
    };
    assert_eq!(
        stdout(&level("hoofdzorgverlener")),
        "els@example.org is now level hoofdzorgverlener at vvt-oost\n"
    );
    assert_one_line_error(
        &level("A"),
        "meetpunt: level A is not used by a vvt organisation (levels: hoofdzorgverlener, zorgverlener)",
    );
    assert_one_line_error(&level("F"), "meetpunt: level \"F\" is unknown");
    let kind = stdout(&run(&["organisations", "kind", "vvt-oost", "hap"]));
    assert!(
        kind.starts_with("vvt-oost is now a hap organisation\n1 member(s)"),
        "{kind}"
    );
    assert_one_line_error(
        &run(&["organisations", "kind", "vvt-oost", "ziekenhuis"]),
        "meetpunt: kind \"ziekenhuis\" is unknown",
    );
    let leave = [
        "accounts",
        "leave",
        "els@example.org",
        "--organisation",
        "vvt-oost",
    ];
    assert_eq!(
        stdout(&run(&leave)),
        "els@example.org is no longer a member of vvt-oost; their sessions were ended\n"
    );
    let listed = stdout(&run(&["accounts", "list"]));
    assert!(
        listed.contains("els@example.org\tprofessional\t-\t-\tnot set\tEls"),
        "{listed}"
    );
    assert_one_line_error(
        &run(&leave),
        "meetpunt: els@example.org is not a member of vvt-oost",
    );
}

#[test]
fn requests_are_sent_and_listed_on_the_command_line_with_one_line_errors() {
    let data = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| meetpunt(args, &[], data.path());
    assert!(run(&["seed-demo"]).status.success());
    let sent = run(&[
        "requests",
        "send",
        "--patient",
        "patient@example.org",
        "--instrument",
        "gfi",
        "--due",
        "2099-12-31",
    ]);
    assert!(
        stdout(&sent).starts_with("sent request:1 from demo-praktijk, due 2099-12-31;"),
        "{}{}",
        stdout(&sent),
        String::from_utf8_lossy(&sent.stderr)
    );
    let week = run(&[
        "requests",
        "send",
        "--patient",
        "Patient@Example.org",
        "--protocol",
        "blood-pressure-week",
        "--start",
        "2099-12-01",
        "--due",
        "2099-12-08",
        "--organisation",
        "demo-praktijk",
    ]);
    assert!(
        stdout(&week).starts_with("sent request:2"),
        "{}",
        stdout(&week)
    );
    assert_eq!(
        stdout(&run(&[
            "requests",
            "list",
            "--patient",
            "patient@example.org"
        ])),
        "ID\tPATIENT\tWHAT\tDUE\tSTATUS\tORGANISATION\n\
         2\tJan Jansen\tblood-pressure-week\t2099-12-08\tsent\tdemo-praktijk\n\
         1\tJan Jansen\tgfi\t2099-12-31\tsent\tdemo-praktijk\n"
    );
    let send = |extra: &[&str]| {
        let mut args = vec!["requests", "send", "--due", "2099-12-31"];
        args.extend_from_slice(extra);
        run(&args)
    };
    for (extra, expected) in [
        (
            &["--patient", "niemand@example.org", "--instrument", "gfi"][..],
            "meetpunt: no patient record with the e-mail address niemand@example.org",
        ),
        (
            &[
                "--patient",
                "patient@example.org",
                "--instrument",
                "bestaat-niet",
            ][..],
            "meetpunt: instrument bestaat-niet not found",
        ),
        (
            &[
                "--patient",
                "patient@example.org",
                "--protocol",
                "hardlopen",
            ][..],
            "meetpunt: protocol \"hardlopen\" is unknown",
        ),
        (
            &[
                "--patient",
                "patient@example.org",
                "--instrument",
                "gfi",
                "--organisation",
                "elders",
            ][..],
            "meetpunt: elders is not in the patient's care network",
        ),
    ] {
        assert_one_line_error(&send(extra), expected);
    }
    assert_one_line_error(
        &run(&[
            "requests",
            "send",
            "--patient",
            "patient@example.org",
            "--instrument",
            "gfi",
            "--due",
            "31-12-2099",
        ]),
        "meetpunt: the due date \"31-12-2099\" is not a date like 2026-12-14",
    );
    assert_one_line_error(
        &run(&[
            "requests",
            "send",
            "--patient",
            "patient@example.org",
            "--instrument",
            "gfi",
            "--due",
            "2020-01-01",
        ]),
        "meetpunt: the due date 2020-01-01 has passed",
    );
    // Nothing was added by the refused ones.
    assert_eq!(stdout(&run(&["requests", "list"])).lines().count(), 3);
}

#[test]
fn the_access_log_of_a_period_is_exported_as_csv_and_the_export_is_logged() {
    let data = tempfile::tempdir().unwrap();
    // The demo data writes access-log records (the accounts it creates), today.
    let seeded = meetpunt(&["seed-demo"], &[], data.path());
    assert!(seeded.status.success(), "{}", stdout(&seeded));
    let today = jiff::Zoned::now()
        .with_time_zone(app::measurements::clock::zone().clone())
        .date()
        .to_string();
    let export = |from: &str, to: &str| {
        meetpunt(
            &["audit", "export", "--from", from, "--to", to],
            &[],
            data.path(),
        )
    };
    let first = export(&today, &today);
    assert!(first.status.success());
    let csv = stdout(&first);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("time_utc,user,role,organisation,patient,event,object,outcome,reason,client_address")
    );
    assert!(csv.contains(",account_created,"), "{csv}");
    assert!(!csv.contains("access_log_exported"), "{csv}");
    // The first export is in the second.
    let second = stdout(&export(&today, &today));
    assert!(
        second.contains(&format!(",access_log_exported,audit:{today}..{today},")),
        "{second}"
    );
    // A period without records gives only the header.
    assert_eq!(
        stdout(&export("2001-01-01", "2001-01-02")).lines().count(),
        1
    );
    assert_one_line_error(
        &export("gisteren", &today),
        "meetpunt: --from must be a day like 2026-11-30",
    );
    assert_one_line_error(
        &export(&today, "2001-01-01"),
        "meetpunt: --to is before --from",
    );
}

#[test]
fn an_organisation_allows_new_accounts_only_at_its_own_domains() {
    let data = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| meetpunt(args, &[], data.path());
    stdout(&run(&["organisations", "add", "hap-noord", "Noord"]));
    let out = run(&[
        "organisations",
        "domains",
        "hap-noord",
        "praktijk.nl",
        "gmail.com",
    ]);
    assert_one_line_error(
        &out,
        "meetpunt: gmail.com is a mail provider for private persons",
    );
    let out = run(&["organisations", "domains", "nobody", "praktijk.nl"]);
    assert_one_line_error(&out, "meetpunt: organisation nobody not found");
    assert_eq!(
        stdout(&run(&[
            "organisations",
            "domains",
            "hap-noord",
            "@Praktijk.nl"
        ])),
        "hap-noord allows new accounts only at praktijk.nl\n"
    );
    let professional = |email: &'static str| {
        run(&[
            "accounts",
            "add",
            email,
            "--name",
            "Els Jansen",
            "--role",
            "professional",
            "--organisation",
            "hap-noord",
        ])
    };
    let out = professional("els@gmail.com");
    assert_one_line_error(
        &out,
        "meetpunt: els@gmail.com is not at the e-mail domains of hap-noord (praktijk.nl)",
    );
    assert!(stdout(&professional("els@praktijk.nl")).contains("els@praktijk.nl"));
    assert_eq!(
        stdout(&run(&["organisations", "domains", "hap-noord"])),
        "hap-noord allows new accounts at any e-mail address\n"
    );
    assert!(stdout(&professional("els@gmail.com")).contains("els@gmail.com"));
}
