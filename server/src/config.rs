//! Typed configuration from environment variables (documented in `docs/configuration.env`).
//!
//! Every error is one line that names the variable and says what to fix. Secrets live in
//! [`Secret`], which never prints its value.

use app::db::SqliteSynchronous;
use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// Development (demo defaults, mail to a folder) or production (strict).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Local use and demos: generated defaults are fine.
    Development,
    /// Real patients: a secret key and SMTP are required.
    Production,
}

/// A secret value: prints as `[redacted]` and is never serialised.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// The value, for the one place that needs it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// Where mail goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MailTransport {
    /// Each message is written as an `.eml` file into this folder (development default).
    Outbox(PathBuf),
    /// Sent through this SMTP server (`smtp://` with STARTTLS, or `smtps://`).
    Smtp(Secret),
}

/// Log output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

/// The whole configuration.
#[derive(Clone, Debug)]
pub struct Config {
    /// Development or production.
    pub mode: Mode,
    /// Address to listen on.
    pub addr: SocketAddr,
    /// Folder for the SQLite file and the mail outbox.
    pub data_dir: PathBuf,
    /// The file with the server key (`MEETPUNT_SECRET_KEY_FILE`, default `secret.key` in the
    /// data folder): it seals second-step secrets. In development it is made when missing;
    /// production needs it made beforehand (and the same file for every instance).
    pub secret_key_file: PathBuf,
    /// Database URL (a secret: it may hold a password).
    pub database_url: Secret,
    /// Folder with the built site (`pkg/`, CSS, assets).
    pub site_root: PathBuf,
    /// The address people use to reach the portal, for links in mail (`MEETPUNT_PUBLIC_URL`);
    /// when unset, `http://` and the address listened on.
    pub public_url: Option<String>,
    /// Where mail goes.
    pub mail: MailTransport,
    /// Sender address of outgoing mail.
    pub mail_from: String,
    /// SQLite durability.
    pub sqlite_synchronous: SqliteSynchronous,
    /// Log format.
    pub log_format: LogFormat,
    /// Longest time a request may take.
    pub request_timeout: Duration,
    /// Largest request body accepted, in bytes.
    pub body_limit_bytes: usize,
    /// Session lifetime and sign-in throttling.
    pub access: app::access::Policy,
    /// The proxies whose `X-Forwarded-For` says where a request came from.
    pub trusted_proxies: app::ui::form::TrustedProxies,
    /// A client that has not sent its request's headers within this time is cut off.
    pub header_timeout: Duration,
    /// Connections served at once; more wait until one closes.
    pub max_connections: usize,
    /// How often the background workers run.
    pub workers: crate::workers::WorkerSettings,
    /// Days after a request's due date that its link still works.
    pub link_grace_days: u16,
    /// How long sending to a list works before the page shows (the rest goes on in the
    /// background).
    pub batch_in_request: Duration,
    /// Development only: a clock that stands still until moved at `/ontwikkeling/klok`, to
    /// show or test several days of home measurements in minutes (`MEETPUNT_DEV_CLOCK=manual`).
    pub dev_clock: bool,
}

/// A configuration problem, as one line that says what to fix.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(pub String);

fn invalid(var: &str, message: impl fmt::Display) -> ConfigError {
    ConfigError(format!("{var}: {message}"))
}

impl Config {
    /// Reads the configuration from the process environment.
    pub fn from_env() -> Result<Config, ConfigError> {
        Config::from_lookup(|key| std::env::var(key).ok().filter(|v| !v.trim().is_empty()))
    }

    /// Reads the configuration through `get` (tests pass a map).
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let mode = match get("MEETPUNT_MODE").as_deref().map(str::trim) {
            None | Some("development") => Mode::Development,
            Some("production") => Mode::Production,
            Some(other) => {
                return Err(invalid(
                    "MEETPUNT_MODE",
                    format!("must be development or production, not '{other}'"),
                ))
            }
        };

        let addr_text = get("MEETPUNT_ADDR")
            .or_else(|| get("LEPTOS_SITE_ADDR"))
            .unwrap_or_else(|| "127.0.0.1:3000".into());
        let addr: SocketAddr = addr_text.trim().parse().map_err(|_| {
            invalid(
                "MEETPUNT_ADDR",
                format!("'{addr_text}' is not an address like 127.0.0.1:3000"),
            )
        })?;

        let data_dir = PathBuf::from(get("MEETPUNT_DATA_DIR").unwrap_or_else(|| "data".into()));
        let secret_key_file = get("MEETPUNT_SECRET_KEY_FILE")
            .map(|f| PathBuf::from(f.trim()))
            .filter(|f| !f.as_os_str().is_empty())
            .unwrap_or_else(|| data_dir.join("secret.key"));

        let database_url = match get("DATABASE_URL") {
            Some(url) => {
                let url = url.trim().to_string();
                app::db::Backend::from_url(&url).map_err(|_| {
                    invalid(
                        "DATABASE_URL",
                        "must start with sqlite: or postgres:// (for example sqlite://data/meetpunt.db)",
                    )
                })?;
                if url.starts_with("postgres") {
                    url::Url::parse(&url).map_err(|e| {
                        invalid(
                            "DATABASE_URL",
                            format!("is not a valid PostgreSQL URL ({e})"),
                        )
                    })?;
                }
                url
            }
            None => format!(
                "sqlite://{}?mode=rwc",
                data_dir.join("meetpunt.db").display()
            ),
        };

        let site_root = PathBuf::from(
            get("MEETPUNT_SITE_ROOT")
                .or_else(|| get("LEPTOS_SITE_ROOT"))
                .unwrap_or_else(|| "target/site".into()),
        );

        let public_url = match get("MEETPUNT_PUBLIC_URL") {
            Some(text) => {
                let url = url::Url::parse(text.trim())
                    .map_err(|e| invalid("MEETPUNT_PUBLIC_URL", format!("is not a URL ({e})")))?;
                if !matches!(url.scheme(), "http" | "https") {
                    return Err(invalid(
                        "MEETPUNT_PUBLIC_URL",
                        "must start with http:// or https://",
                    ));
                }
                Some(url.as_str().trim_end_matches('/').to_string())
            }
            None => None,
        };

        let mail = match get("MEETPUNT_SMTP_URL") {
            Some(url) => {
                let parsed = url::Url::parse(url.trim()).map_err(|_| {
                    invalid(
                        "MEETPUNT_SMTP_URL",
                        "is not a URL like smtp://user:password@host:587",
                    )
                })?;
                if !matches!(parsed.scheme(), "smtp" | "smtps") || parsed.host_str().is_none() {
                    return Err(invalid(
                        "MEETPUNT_SMTP_URL",
                        "must look like smtp://user:password@host:587 or smtps://host:465",
                    ));
                }
                MailTransport::Smtp(Secret(url.trim().to_string()))
            }
            None => MailTransport::Outbox(
                get("MEETPUNT_OUTBOX_DIR")
                    .map(PathBuf::from)
                    .unwrap_or_else(|| data_dir.join("outbox")),
            ),
        };
        let mail_from =
            get("MEETPUNT_MAIL_FROM").unwrap_or_else(|| "Meetpunt <noreply@localhost>".into());
        if !mail_from.contains('@') {
            return Err(invalid("MEETPUNT_MAIL_FROM", "must be an email address"));
        }

        let sqlite_synchronous = match get("MEETPUNT_SQLITE_SYNCHRONOUS") {
            None => SqliteSynchronous::Normal,
            Some(text) => SqliteSynchronous::parse(&text)
                .ok_or_else(|| invalid("MEETPUNT_SQLITE_SYNCHRONOUS", "must be NORMAL or FULL"))?,
        };

        let log_format = match get("MEETPUNT_LOG_FORMAT").as_deref() {
            None if mode == Mode::Production => LogFormat::Json,
            None | Some("text") => LogFormat::Text,
            Some("json") => LogFormat::Json,
            Some(_) => return Err(invalid("MEETPUNT_LOG_FORMAT", "must be text or json")),
        };

        let request_timeout =
            Duration::from_secs(number(&get, "MEETPUNT_REQUEST_TIMEOUT_SECS", 30)?);
        let body_limit_bytes = number(&get, "MEETPUNT_BODY_LIMIT_BYTES", 1024 * 1024)? as usize;
        let policy = app::access::Policy::default();
        let mins = |d: Duration| d.as_secs() / 60;
        let idle = number(&get, "MEETPUNT_SESSION_IDLE_MINUTES", mins(policy.idle))?;
        let absolute = number(&get, "MEETPUNT_SESSION_MAX_MINUTES", mins(policy.absolute))?;
        if get("MEETPUNT_SIGN_IN_LOCKOUT_MINUTES").is_some() {
            return Err(invalid(
                "MEETPUNT_SIGN_IN_LOCKOUT_MINUTES",
                "is now MEETPUNT_SIGN_IN_MAX_DELAY_MINUTES (sign-in waits instead of locking)",
            ));
        }
        let max_failed = number(
            &get,
            "MEETPUNT_SIGN_IN_MAX_FAILED",
            policy.max_failed.into(),
        )?;
        let client_max_failed = number(
            &get,
            "MEETPUNT_SIGN_IN_CLIENT_MAX_FAILED",
            policy.client_max_failed.into(),
        )?;
        let first_delay = number(
            &get,
            "MEETPUNT_SIGN_IN_FIRST_DELAY_SECONDS",
            policy.first_delay.as_secs(),
        )?;
        let max_delay = number(
            &get,
            "MEETPUNT_SIGN_IN_MAX_DELAY_MINUTES",
            mins(policy.max_delay),
        )?;
        let second_factor_for_professionals = match get("MEETPUNT_SECOND_FACTOR_PROFESSIONALS")
            .as_deref()
            .map(str::trim)
        {
            None | Some("required") => true,
            Some("optional") => false,
            Some(other) => {
                return Err(invalid(
                    "MEETPUNT_SECOND_FACTOR_PROFESSIONALS",
                    format!("'{other}' is not 'required' or 'optional'"),
                ))
            }
        };
        let access = app::access::Policy {
            idle: Duration::from_secs(idle.saturating_mul(60)),
            absolute: Duration::from_secs(absolute.saturating_mul(60)),
            max_failed: max_failed.min(u32::MAX.into()) as u32,
            client_max_failed: client_max_failed.min(u32::MAX.into()) as u32,
            // Capped at a day: a wait is a brake on guessing, never a lock.
            first_delay: Duration::from_secs(first_delay.min(24 * 3600)),
            max_delay: Duration::from_secs(max_delay.min(24 * 60) * 60),
            forget_after: policy.forget_after,
            second_factor_for_professionals,
        };
        let trusted_proxies = match get("MEETPUNT_TRUSTED_PROXIES") {
            None => app::ui::form::TrustedProxies::default(),
            Some(text) => app::ui::form::TrustedProxies::parse(&text).map_err(|bad| {
                invalid(
                    "MEETPUNT_TRUSTED_PROXIES",
                    format!("'{bad}' is not an IP address or a range like 10.0.0.0/8"),
                )
            })?,
        };
        let header_timeout = Duration::from_secs(number(&get, "MEETPUNT_HEADER_TIMEOUT_SECS", 10)?);
        let max_connections = number(&get, "MEETPUNT_MAX_CONNECTIONS", 1024)?.min(1 << 20) as usize;

        let workers = crate::workers::WorkerSettings {
            session_purge_every: Duration::from_secs(number(
                &get,
                "MEETPUNT_SESSION_PURGE_SECONDS",
                300,
            )?),
            repeat_every: Duration::from_secs(number(&get, "MEETPUNT_REPEAT_CHECK_SECONDS", 3600)?),
            remind_every: Duration::from_secs(number(
                &get,
                "MEETPUNT_REMINDER_CHECK_SECONDS",
                3600,
            )?),
            repeat_stop_after: count_or_off(&get, "MEETPUNT_REPEAT_STOP_AFTER", 3, 12, "requests")?
                as u8,
            carer_reminder_days: count_or_off(&get, "MEETPUNT_CARER_REMINDER_DAYS", 2, 365, "days")?
                as u16,
            digest_every: Duration::from_secs(number(&get, "MEETPUNT_DIGEST_CHECK_SECONDS", 900)?),
            digest_hour: match number(&get, "MEETPUNT_DIGEST_HOUR", 7)? {
                hour @ 0..=23 => hour as i8,
                _ => {
                    return Err(invalid(
                        "MEETPUNT_DIGEST_HOUR",
                        "must be an hour from 0 to 23",
                    ))
                }
            },
            batch_every: Duration::from_secs(number(&get, "MEETPUNT_BATCH_CHECK_SECONDS", 5)?),
            outbox: crate::workers::outbox::OutboxSettings {
                poll: Duration::from_millis(number(&get, "MEETPUNT_OUTBOX_POLL_MS", 1000)?),
                ..Default::default()
            },
        };
        let link_grace_days = number(&get, "MEETPUNT_LINK_GRACE_DAYS", 7)?.min(365) as u16;
        let batch_in_request = Duration::from_millis(count_or_off(
            &get,
            "MEETPUNT_BATCH_IN_REQUEST_MS",
            1000,
            30_000,
            "milliseconds",
        )?);
        let dev_clock = match get("MEETPUNT_DEV_CLOCK").as_deref().map(str::trim) {
            None | Some("") => false,
            Some("manual") => true,
            Some(_) => return Err(invalid("MEETPUNT_DEV_CLOCK", "must be manual or empty")),
        };

        let config = Config {
            mode,
            addr,
            data_dir,
            secret_key_file,
            database_url: Secret(database_url),
            site_root,
            public_url,
            mail,
            mail_from,
            sqlite_synchronous,
            log_format,
            request_timeout,
            body_limit_bytes,
            access,
            trusted_proxies,
            header_timeout,
            max_connections,
            workers,
            link_grace_days,
            batch_in_request,
            dev_clock,
        };
        config.check_production()?;
        Ok(config)
    }

    /// Production refuses to start without what real patients need.
    fn check_production(&self) -> Result<(), ConfigError> {
        if self.mode != Mode::Production {
            return Ok(());
        }
        if self.dev_clock {
            return Err(invalid(
                "MEETPUNT_DEV_CLOCK",
                "is for development only; production runs on the system's time",
            ));
        }
        if !matches!(self.mail, MailTransport::Smtp(_)) {
            return Err(invalid(
                "MEETPUNT_SMTP_URL",
                "is required in production (smtp://user:password@host:587)",
            ));
        }
        if self.mail_from.ends_with("@localhost>") || self.mail_from.ends_with("@localhost") {
            return Err(invalid(
                "MEETPUNT_MAIL_FROM",
                "must be a real sender address in production",
            ));
        }
        if !self.behind_tls() {
            return Err(invalid(
                "MEETPUNT_PUBLIC_URL",
                "must be an https:// address in production",
            ));
        }
        Ok(())
    }

    /// Whether the portal is reached over TLS (then HSTS is sent).
    pub fn behind_tls(&self) -> bool {
        self.public_url
            .as_deref()
            .is_some_and(|url| url.starts_with("https://"))
    }

    /// The public address, given the address actually listened on.
    pub fn public_url_for(&self, listening: SocketAddr) -> String {
        self.public_url
            .clone()
            .unwrap_or_else(|| format!("http://{listening}"))
    }

    /// The database URL with any password replaced, for messages and logs.
    pub fn database_url_for_display(&self) -> String {
        mask_password(self.database_url.expose())
    }
}

fn number(
    get: &impl Fn(&str) -> Option<String>,
    var: &str,
    default: u64,
) -> Result<u64, ConfigError> {
    match get(var) {
        None => Ok(default),
        Some(text) => text
            .trim()
            .parse::<u64>()
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(|| invalid(var, "must be a positive whole number")),
    }
}

/// A count from 1 to `max` of `what` (days, requests), `off` for 0, or `default` when unset.
fn count_or_off(
    get: &impl Fn(&str) -> Option<String>,
    var: &str,
    default: u64,
    max: u64,
    what: &str,
) -> Result<u64, ConfigError> {
    match get(var).as_deref().map(str::trim) {
        None | Some("") => Ok(default),
        Some("off") => Ok(0),
        Some(text) => text
            .parse::<u64>()
            .ok()
            .filter(|n| (1..=max).contains(n))
            .ok_or_else(|| {
                invalid(
                    var,
                    format!("must be a number of {what} from 1 to {max}, or off"),
                )
            }),
    }
}

/// Replaces the password of a URL by `***`.
pub fn mask_password(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|k| map.get(k).cloned())
    }

    fn production() -> Vec<(&'static str, &'static str)> {
        vec![
            ("MEETPUNT_MODE", "production"),
            ("MEETPUNT_SMTP_URL", "smtp://user:pw@mail.example.org:587"),
            ("MEETPUNT_MAIL_FROM", "Praktijk <noreply@example.org>"),
            ("MEETPUNT_PUBLIC_URL", "https://meetpunt.example.org"),
        ]
    }

    #[test]
    fn the_defaults_are_a_sqlite_file_and_an_outbox_in_the_data_dir() {
        let c = config(&[]).unwrap();
        assert_eq!(c.mode, Mode::Development);
        assert_eq!(
            c.database_url.expose(),
            "sqlite://data/meetpunt.db?mode=rwc"
        );
        assert_eq!(c.mail, MailTransport::Outbox(PathBuf::from("data/outbox")));
        assert_eq!(c.addr.to_string(), "127.0.0.1:3000");
        assert_eq!(c.public_url_for(c.addr), "http://127.0.0.1:3000");
        assert!(!c.behind_tls());
    }

    #[test]
    fn production_starts_with_smtp_a_sender_and_https() {
        let c = config(&production()).unwrap();
        assert_eq!(c.mode, Mode::Production);
        assert_eq!(c.log_format, LogFormat::Json);
        assert!(c.behind_tls());
    }

    #[test]
    fn the_development_clock_is_refused_in_production() {
        assert!(
            config(&[("MEETPUNT_DEV_CLOCK", "manual")])
                .unwrap()
                .dev_clock
        );
        assert!(!config(&[]).unwrap().dev_clock);
        let wrong = config(&[("MEETPUNT_DEV_CLOCK", "fast")]).unwrap_err();
        assert!(
            wrong.0.starts_with("MEETPUNT_DEV_CLOCK: must be"),
            "{wrong}"
        );
        let mut vars = production();
        vars.push(("MEETPUNT_DEV_CLOCK", "manual"));
        let err = config(&vars).unwrap_err();
        assert!(
            err.0.starts_with("MEETPUNT_DEV_CLOCK: is for development"),
            "{err}"
        );
    }

    #[test]
    fn production_refuses_to_start_without_smtp() {
        let mut vars = production();
        vars.retain(|(k, _)| *k != "MEETPUNT_SMTP_URL");
        let err = config(&vars).unwrap_err();
        assert!(err.0.starts_with("MEETPUNT_SMTP_URL: is required"), "{err}");
    }

    #[test]
    fn session_and_lock_out_limits_are_settings() {
        let c = config(&[]).unwrap();
        assert_eq!(c.access, app::access::Policy::default());
        let c = config(&[
            ("MEETPUNT_SESSION_IDLE_MINUTES", "10"),
            ("MEETPUNT_SESSION_MAX_MINUTES", "480"),
            ("MEETPUNT_SIGN_IN_MAX_FAILED", "3"),
            ("MEETPUNT_SIGN_IN_CLIENT_MAX_FAILED", "20"),
            ("MEETPUNT_SIGN_IN_FIRST_DELAY_SECONDS", "30"),
            ("MEETPUNT_SIGN_IN_MAX_DELAY_MINUTES", "60"),
            ("MEETPUNT_TRUSTED_PROXIES", "10.0.0.1, 192.168.0.0/16 ,::1"),
            ("MEETPUNT_HEADER_TIMEOUT_SECS", "5"),
            ("MEETPUNT_MAX_CONNECTIONS", "200"),
        ])
        .unwrap();
        assert_eq!(c.access.idle, Duration::from_secs(600));
        assert_eq!(c.access.absolute, Duration::from_secs(8 * 3600));
        assert_eq!(c.access.max_failed, 3);
        assert_eq!(c.access.client_max_failed, 20);
        assert_eq!(c.access.first_delay, Duration::from_secs(30));
        assert_eq!(c.access.max_delay, Duration::from_secs(3600));
        assert!(c.trusted_proxies.trusts("192.168.4.5".parse().unwrap()));
        assert!(c.trusted_proxies.trusts("::1".parse().unwrap()));
        assert!(!c.trusted_proxies.trusts("10.0.0.2".parse().unwrap()));
        assert_eq!(c.header_timeout, Duration::from_secs(5));
        assert_eq!(c.max_connections, 200);
        let defaults = config(&[]).unwrap();
        assert_eq!(defaults.header_timeout, Duration::from_secs(10));
        assert_eq!(defaults.max_connections, 1024);
        assert!(!defaults
            .trusted_proxies
            .trusts("127.0.0.1".parse().unwrap()));
        let err = config(&[("MEETPUNT_TRUSTED_PROXIES", "10.0.0.0/33")]).unwrap_err();
        assert!(
            err.0.starts_with("MEETPUNT_TRUSTED_PROXIES: '10.0.0.0/33'"),
            "{err}"
        );
        let err = config(&[("MEETPUNT_SIGN_IN_LOCKOUT_MINUTES", "15")]).unwrap_err();
        assert!(
            err.0.contains("MEETPUNT_SIGN_IN_MAX_DELAY_MINUTES"),
            "{err}"
        );
        assert_eq!(
            config(&[]).unwrap().workers.session_purge_every,
            Duration::from_secs(300)
        );
        let c = config(&[("MEETPUNT_SESSION_PURGE_SECONDS", "60")]).unwrap();
        assert_eq!(c.workers.session_purge_every, Duration::from_secs(60));
        let err = config(&[("MEETPUNT_SIGN_IN_MAX_FAILED", "0")]).unwrap_err();
        assert_eq!(
            err.0,
            "MEETPUNT_SIGN_IN_MAX_FAILED: must be a positive whole number"
        );
    }

    #[test]
    fn a_malformed_database_url_names_the_variable_and_the_fix() {
        let err = config(&[("DATABASE_URL", "mysql://x")]).unwrap_err();
        assert_eq!(
            err.0,
            "DATABASE_URL: must start with sqlite: or postgres:// (for example sqlite://data/meetpunt.db)"
        );
        let err = config(&[("DATABASE_URL", "postgres://[bad")]).unwrap_err();
        assert!(
            err.0
                .starts_with("DATABASE_URL: is not a valid PostgreSQL URL"),
            "{err}"
        );
    }

    #[test]
    fn bad_values_give_one_line_each() {
        for (var, value) in [
            ("MEETPUNT_MODE", "prod"),
            ("MEETPUNT_ADDR", "localhost"),
            ("MEETPUNT_SMTP_URL", "mail.example.org"),
            ("MEETPUNT_SQLITE_SYNCHRONOUS", "OFF"),
            ("MEETPUNT_LOG_FORMAT", "xml"),
            ("MEETPUNT_REQUEST_TIMEOUT_SECS", "-1"),
            ("MEETPUNT_PUBLIC_URL", "ftp://x"),
            ("MEETPUNT_CARER_REMINDER_DAYS", "0"),
            ("MEETPUNT_CARER_REMINDER_DAYS", "twee"),
            ("MEETPUNT_CARER_REMINDER_DAYS", "366"),
            ("MEETPUNT_REPEAT_STOP_AFTER", "0"),
            ("MEETPUNT_REPEAT_STOP_AFTER", "13"),
            ("MEETPUNT_BATCH_IN_REQUEST_MS", "30001"),
            ("MEETPUNT_BATCH_CHECK_SECONDS", "0"),
        ] {
            let err = config(&[(var, value)]).unwrap_err();
            assert!(err.0.starts_with(var), "{var}: {err}");
            assert!(!err.0.contains('\n'));
        }
    }

    #[test]
    fn carers_are_reminded_two_days_after_the_due_date_unless_set_otherwise() {
        let days = |set: &[(&str, &str)]| config(set).unwrap().workers.carer_reminder_days;
        assert_eq!(days(&[]), 2);
        assert_eq!(days(&[("MEETPUNT_CARER_REMINDER_DAYS", "5")]), 5);
        assert_eq!(days(&[("MEETPUNT_CARER_REMINDER_DAYS", "off")]), 0);
    }

    #[test]
    fn a_series_stops_after_three_unanswered_requests_unless_set_otherwise() {
        let after = |set: &[(&str, &str)]| config(set).unwrap().workers.repeat_stop_after;
        assert_eq!(after(&[]), 3);
        assert_eq!(after(&[("MEETPUNT_REPEAT_STOP_AFTER", "2")]), 2);
        assert_eq!(after(&[("MEETPUNT_REPEAT_STOP_AFTER", "off")]), 0);
    }

    #[test]
    fn a_list_is_sent_for_a_second_while_the_professional_waits_unless_set_otherwise() {
        let wait = |set: &[(&str, &str)]| config(set).unwrap().batch_in_request;
        assert_eq!(wait(&[]), Duration::from_secs(1));
        assert_eq!(
            wait(&[("MEETPUNT_BATCH_IN_REQUEST_MS", "250")]),
            Duration::from_millis(250)
        );
        assert_eq!(
            wait(&[("MEETPUNT_BATCH_IN_REQUEST_MS", "off")]),
            Duration::ZERO
        );
        assert_eq!(
            config(&[]).unwrap().workers.batch_every,
            Duration::from_secs(5)
        );
    }

    #[test]
    fn secrets_do_not_show_in_debug_output() {
        let c = config(&[
            ("DATABASE_URL", "postgres://meetpunt:hunter2@db/meetpunt"),
            (
                "MEETPUNT_SMTP_URL",
                "smtp://user:smtp-pass@mail.example.org:587",
            ),
        ])
        .unwrap();
        let debug = format!("{c:?}");
        for secret in ["hunter2", "smtp-pass"] {
            assert!(!debug.contains(secret), "{secret} leaked: {debug}");
        }
        assert_eq!(
            c.database_url_for_display(),
            "postgres://meetpunt:***@db/meetpunt"
        );
    }

    #[test]
    fn the_sample_file_documents_every_variable_and_nothing_else() {
        // Whitespace made single, so a call that rustfmt spread over lines still matches.
        let code = include_str!("config.rs")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let sample = include_str!("../../docs/configuration.env");
        // Variables are read through `get` directly or through the `number` and
        // `count_or_off` helpers.
        let mut read: Vec<&str> = [
            "get(\"",
            "number(&get, \"",
            "number( &get, \"",
            "count_or_off(&get, \"",
            "count_or_off( &get, \"",
        ]
        .iter()
        .flat_map(|pattern| code.split(pattern).skip(1))
        .filter_map(|rest| rest.split('"').next())
        .filter(|name| name.len() > 3)
        .filter(|name| name.chars().all(|c| c.is_ascii_uppercase() || c == '_'))
        .collect();
        read.sort_unstable();
        read.dedup();
        let mut documented: Vec<&str> = sample
            .lines()
            .filter(|line| !line.starts_with('#'))
            .filter_map(|line| line.split_once('=').map(|(name, _)| name.trim()))
            .filter(|name| !name.is_empty())
            .collect();
        documented.sort_unstable();
        // LEPTOS_SITE_ADDR / LEPTOS_SITE_ROOT are fallbacks for cargo-leptos, named in comments.
        read.retain(|name| !name.starts_with("LEPTOS_"));
        // A retired name is only read to say what it is called now.
        read.retain(|name| *name != "MEETPUNT_SIGN_IN_LOCKOUT_MINUTES");
        documented.retain(|name| *name != "RUST_LOG");
        assert_eq!(read, documented);
    }
}
