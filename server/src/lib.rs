//! The Meetpunt server: configuration, start-up, the HTTP application and the CLI commands.

pub mod cli;
pub mod config;
pub mod mail;
pub mod volume;
pub mod web;
pub mod workers;

use app::access::server::sealing::ServerKey;
use app::clock::Clock;
use app::db::{Store, StoreOptions};
use app::state::AppState;
use config::{Config, LogFormat, Mode};
use std::net::SocketAddr;
use std::path::Path;
use tokio_util::sync::CancellationToken;

/// Why the server could not start or a command failed: one line for the terminal.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// Configuration is wrong.
    #[error("configuration: {0}")]
    Config(#[from] config::ConfigError),
    /// The data directory cannot be used.
    #[error(
        "cannot use data directory '{path}': {reason} (set MEETPUNT_DATA_DIR to a writable folder)"
    )]
    DataDir {
        /// The folder.
        path: String,
        /// What the system said.
        reason: String,
    },
    /// The server key cannot be read or made.
    #[error("cannot use the server key '{path}': {reason} (set MEETPUNT_SECRET_KEY_FILE to a file with 64 hex digits, e.g. made with: head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \\n')")]
    SecretKey {
        /// The file.
        path: String,
        /// What went wrong.
        reason: String,
    },
    /// The database cannot be reached.
    #[error("cannot open the database {url}: {reason} (check DATABASE_URL and that the database server runs)")]
    Database {
        /// The URL without password.
        url: String,
        /// What went wrong.
        reason: String,
    },
    /// Migrations failed.
    #[error("database migration: {0}")]
    Migration(app::db::StoreError),
    /// The address cannot be listened on.
    #[error("cannot listen on {addr}: {reason} (set MEETPUNT_ADDR to a free address, for example 127.0.0.1:3100)")]
    Listen {
        /// The address.
        addr: String,
        /// What the system said.
        reason: String,
    },
    /// Any other failure while serving or running a command.
    #[error("{0}")]
    Other(String),
}

/// Sets up logging once, to stderr (stdout is for command output such as JSON).
/// `default_level` applies unless `RUST_LOG` says otherwise. Log lines never carry request
/// paths, secrets or patient data.
pub fn init_logging(format: LogFormat, default_level: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| format!("{default_level},sqlx=warn,tower_http=warn").into());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
        LogFormat::Text => builder.try_init(),
    };
}

/// Makes sure the data directory exists and is writable.
pub fn prepare_data_dir(dir: &Path) -> Result<(), StartError> {
    let fail = |e: std::io::Error| StartError::DataDir {
        path: dir.display().to_string(),
        reason: io_reason(&e),
    };
    std::fs::create_dir_all(dir).map_err(fail)?;
    let probe = dir.join(".meetpunt-write-test");
    std::fs::write(&probe, b"ok").map_err(fail)?;
    std::fs::remove_file(&probe).map_err(fail)?;
    Ok(())
}

/// The operating system's message without the "(os error 13)" suffix.
fn io_reason(e: &std::io::Error) -> String {
    let text = e.to_string();
    match text.find(" (os error") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// Reads the server key from its file; in development a missing file is made (readable by
/// its owner only). Production refuses to start without it, so instances never each make
/// their own.
pub fn server_key(config: &Config) -> Result<ServerKey, StartError> {
    let path = &config.secret_key_file;
    let fail = |reason: String| StartError::SecretKey {
        path: path.display().to_string(),
        reason,
    };
    match std::fs::read_to_string(path) {
        Ok(text) => {
            ServerKey::from_hex(&text).ok_or_else(|| fail("it does not hold 64 hex digits".into()))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && config.mode == Mode::Development => {
            let key = ServerKey::generate().map_err(|e| fail(e.to_string()))?;
            if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(folder).map_err(|e| fail(io_reason(&e)))?;
            }
            write_private(path, &key.to_hex()).map_err(|e| fail(io_reason(&e)))?;
            tracing::info!(path = %path.display(), "made a new server key");
            Ok(key)
        }
        Err(e) => Err(fail(io_reason(&e))),
    }
}

/// Writes a new file that only its owner may read.
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(text.as_bytes())?;
    file.write_all(b"\n")?;
    file.sync_all()
}

/// Opens the database and brings its schema up to date.
pub async fn open_store(config: &Config) -> Result<Store, StartError> {
    if config.database_url.expose().starts_with("sqlite") {
        prepare_data_dir(&config.data_dir)?;
    }
    let options = StoreOptions {
        sqlite_synchronous: config.sqlite_synchronous,
        ..StoreOptions::default()
    };
    let store = Store::connect(config.database_url.expose(), &options)
        .await
        .map_err(|e| StartError::Database {
            url: config.database_url_for_display(),
            reason: match e {
                app::db::StoreError::Unavailable(reason)
                | app::db::StoreError::InvalidUrl(reason) => reason,
                other => other.to_string(),
            },
        })?;
    let report = store.migrate().await.map_err(StartError::Migration)?;
    if !report.applied.is_empty() {
        tracing::info!(applied = ?report.applied, "database migrated");
    }
    let store = store.with_server_key(server_key(config)?);
    let upgraded = app::access::server::sealing::upgrade(&store)
        .await
        .map_err(|e| StartError::Other(format!("sealing second-step secrets: {e}")))?;
    if upgraded > 0 {
        tracing::info!(upgraded, "second-step secrets sealed with the server key");
    }
    let added = app::questionnaires::server::sync_builtin_library(&store)
        .await
        .map_err(|e| StartError::Other(format!("loading the instrument library: {e}")))?;
    if added > 0 {
        tracing::info!(added, "instrument library updated");
    }
    Ok(store)
}

/// A server that is running in the background, with its workers.
pub struct Running {
    /// The address it listens on (the real port when port 0 was asked for).
    pub addr: SocketAddr,
    /// The address people use to reach it.
    pub url: String,
    /// Its database.
    pub store: Store,
    /// The state its handlers and workers share (its clock among it).
    pub state: AppState,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
    workers: workers::Workers,
    cancel: CancellationToken,
}

impl Running {
    /// Waits until the server and its workers have stopped (after the shutdown signal given
    /// to [`start`]): requests in flight are finished, workers finish the job at hand.
    pub async fn wait(self) -> Result<(), StartError> {
        let result = self
            .task
            .await
            .map_err(|e| StartError::Other(format!("server task failed: {e}")));
        // Also when the server stopped on its own (an error), the workers stop with it.
        self.cancel.cancel();
        self.workers.wait().await;
        self.store.close().await;
        result?.map_err(|e| StartError::Other(format!("server stopped: {}", io_reason(&e))))
    }
}

/// Binds the address, opens the database, starts the workers and serves until `shutdown`
/// completes; requests in flight are finished first. Uses the system clock.
pub async fn start(
    config: Config,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<Running, StartError> {
    start_with_clock(config, Clock::system(), shutdown).await
}

/// [`start`] with another clock. A manual clock is for tests and is refused in production
/// mode, so a production server always runs on the system's time.
pub async fn start_with_clock(
    config: Config,
    clock: Clock,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<Running, StartError> {
    if clock.is_manual() && config.mode == config::Mode::Production {
        return Err(StartError::Other(
            "a manual clock is for tests and cannot be used in production mode".into(),
        ));
    }
    let listen_error = |e: std::io::Error| StartError::Listen {
        addr: config.addr.to_string(),
        reason: io_reason(&e),
    };
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(listen_error)?;
    let addr = listener.local_addr().map_err(listen_error)?;
    let store = open_store(&config).await?;
    if !config.access.second_factor_for_professionals {
        tracing::warn!(
            "professionals may sign in without a second step (MEETPUNT_SECOND_FACTOR_PROFESSIONALS=optional): for demonstrations and tests only"
        );
    }
    let state = AppState {
        leptos_options: web::leptos_options(&config),
        store: store.clone(),
        clock,
        access: config.access,
        time_rules: Default::default(),
        public_url: config
            .public_url_for(addr)
            .trim_end_matches('/')
            .to_string(),
        link_grace_days: config.link_grace_days,
        batch_in_request: config.batch_in_request,
        dev_outbox: match (&config.mode, &config.mail) {
            (config::Mode::Development, config::MailTransport::Outbox(dir)) => Some(dir.clone()),
            _ => None,
        },
        secure_cookies: config.behind_tls(),
    };
    let mailer =
        std::sync::Arc::new(mail::Mailer::from_config(&config).map_err(StartError::Other)?);
    let app = web::router(state.clone(), &config);
    let url = config.public_url_for(addr);
    // One signal for everything: the server stops accepting, the workers stop claiming.
    let cancel = CancellationToken::new();
    tokio::spawn({
        let cancel = cancel.clone();
        async move {
            shutdown.await;
            cancel.cancel();
        }
    });
    let workers = workers::Workers::start(
        &state,
        &config.workers,
        mailer,
        config.mail_from.clone(),
        cancel.clone(),
    );
    let limits = Limits {
        header_timeout: config.header_timeout,
        max_connections: config.max_connections,
    };
    let task = tokio::spawn(serve_connections(listener, app, limits, cancel.clone()));
    Ok(Running {
        addr,
        url,
        store,
        state,
        task,
        workers,
        cancel,
    })
}

/// What the connection loop allows a client.
#[derive(Clone, Copy, Debug)]
struct Limits {
    /// A client must have sent a request's headers within this time.
    header_timeout: std::time::Duration,
    /// Connections served at once.
    max_connections: usize,
}

/// Serves HTTP/1.1 connections until `cancel`, then finishes the requests in flight.
///
/// A client that has not sent a whole request head within the header timeout is cut off
/// (one that trickles a byte at a time included), and at most `max_connections` are served
/// at once: further connections wait in the listen queue until one closes, instead of each
/// taking memory and a task.
async fn serve_connections(
    listener: tokio::net::TcpListener,
    app: axum::Router,
    limits: Limits,
    cancel: CancellationToken,
) -> std::io::Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use tower::ServiceExt;
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .keep_alive(true);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let slots = std::sync::Arc::new(tokio::sync::Semaphore::new(limits.max_connections.max(1)));
    loop {
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => match slot {
                Ok(slot) => slot,
                Err(_) => break,
            },
            () = cancel.cancelled() => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(err) => {
                    // Out of file descriptors and the like: wait a moment, do not spin.
                    tracing::warn!(error = %io_reason(&err), "accepting a connection failed");
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = cancel.cancelled() => break,
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let service = hyper::service::service_fn(
            move |mut request: hyper::Request<hyper::body::Incoming>| {
                request
                    .extensions_mut()
                    .insert(axum::extract::ConnectInfo(peer));
                app.clone().oneshot(request.map(axum::body::Body::new))
            },
        );
        let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            // A client that goes away or is cut off is not an error of the server's.
            let _ = connection.await;
            drop(slot);
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}

/// Runs the web server until SIGINT or SIGTERM.
pub async fn serve(config: Config) -> Result<(), StartError> {
    let clock = if config.dev_clock {
        // Starts at the real time and stands still until moved (development only).
        Clock::manual(std::time::SystemTime::now())
    } else {
        Clock::system()
    };
    let running = start_with_clock(config, clock, shutdown_signal()).await?;
    tracing::info!(
        database = running.store.backend().name(),
        "Meetpunt is running"
    );
    println!("Meetpunt is running at {}", running.url);
    running.wait().await?;
    tracing::info!("Meetpunt stopped");
    Ok(())
}

async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}

/// Fills a development database with demonstration data and says how to look at it.
pub async fn seed_demo(config: &Config) -> Result<(), StartError> {
    if config.mode == config::Mode::Production {
        return Err(StartError::Other(
            "seed-demo refuses to run in production mode: demo data must never mix with patient data".into(),
        ));
    }
    let store = open_store(config).await?;
    let instruments = app::questionnaires::server::list_catalogue(&store)
        .await
        .map_err(|e| StartError::Other(format!("reading the instrument library: {e}")))?;
    // A demo practice with a stricter blood-pressure limit, to show organisation settings.
    let demo = match seed_demo_organisation(&store).await {
        Ok(()) => match seed_demo_accounts(&store).await {
            Ok(()) => match seed_demo_patient(&store).await {
                Ok(()) => seed_demo_mandate(&store).await,
                Err(e) => Err(e),
            },
            Err(e) => Err(e),
        },
        Err(e) => Err(e),
    };
    store.close().await;
    demo?;
    println!(
        "Demo data ready ({} instruments in the library; organisation {DEMO_ORGANISATION}).",
        instruments.len()
    );
    println!("Demo logins (password for each: {DEMO_PASSWORD}):");
    for (email, name, role) in DEMO_ACCOUNTS {
        println!("  {:<13} {email:<26} {name}", role.code());
    }
    if config.access.second_factor_for_professionals {
        println!(
            "Professionals set up a code from an authenticator app at their first sign-in \
             (MEETPUNT_SECOND_FACTOR_PROFESSIONALS=optional leaves it out of a demo)."
        );
    }
    let url = config.public_url_for(config.addr);
    println!(
        "Open {url} in a browser; sign in at {url}{}.",
        app::access::SIGN_IN_PATH
    );
    Ok(())
}

/// The password of every demo account. Demo data exists only in development mode.
pub const DEMO_PASSWORD: &str = "meetpunt-demo";

/// The demo accounts: e-mail, name, role. The professionals work for the demo practice; the
/// GP ([`DEMO_MANAGER`]) at level A manages its members.
pub const DEMO_ACCOUNTS: [(&str, &str, app::access::Role); 4] = [
    (
        DEMO_MANAGER,
        "Karel Visser (huisarts)",
        app::access::Role::Professional,
    ),
    (
        "zorgverlener@example.org",
        "Anna de Wit (praktijkondersteuner)",
        app::access::Role::Professional,
    ),
    (
        "patient@example.org",
        "Jan Jansen",
        app::access::Role::Patient,
    ),
    (
        "mantelzorger@example.org",
        "Els Jansen (mantelzorger)",
        app::access::Role::Carer,
    ),
];

/// The demo practice's manager (level A).
pub const DEMO_MANAGER: &str = "huisarts@example.org";

/// Adds the demo accounts, or gives existing ones the demo password again, so the logins
/// printed always work.
async fn seed_demo_accounts(store: &app::db::Store) -> Result<(), StartError> {
    use app::access::server::{self as accounts, AccessError, NewAccount};
    let now = std::time::SystemTime::now();
    for (email, name, role) in DEMO_ACCOUNTS {
        let new = NewAccount {
            email,
            name,
            role,
            organisation: role.needs_organisation().then_some(DEMO_ORGANISATION),
            level: (email == DEMO_MANAGER).then_some(app::organisations::Level::A),
            password: Some(DEMO_PASSWORD),
        };
        let result = match accounts::create_account(store, &new, now).await {
            Err(AccessError::Exists(_)) => {
                accounts::set_password(store, email, DEMO_PASSWORD, now).await
            }
            other => other.map(|_| ()),
        };
        result.map_err(|e| StartError::Other(format!("adding demo account {email}: {e}")))?;
    }
    Ok(())
}

/// The demo organisation `seed-demo` adds.
pub const DEMO_ORGANISATION: &str = "demo-praktijk";

async fn seed_demo_organisation(store: &app::db::Store) -> Result<(), StartError> {
    use app::organisations::{server as organisations, Scope};
    let failed = |e: organisations::OrganisationError| {
        StartError::Other(format!("adding the demo organisation: {e}"))
    };
    let now = std::time::SystemTime::now();
    let added = organisations::add(
        store,
        DEMO_ORGANISATION,
        "Demopraktijk De Linde",
        app::organisations::OrganisationKind::Hap,
        now,
    )
    .await;
    match added {
        Ok(()) | Err(organisations::OrganisationError::Exists(_)) => {}
        Err(e) => return Err(failed(e)),
    }
    organisations::set(
        store,
        DEMO_ORGANISATION,
        &Scope::Thresholds,
        "bp_mean_systolic_high",
        130.0,
        now,
    )
    .await
    .map_err(failed)
}

/// The demo patient's record: linked to the demo patient account, in the demo practice's
/// care network. Added once.
async fn seed_demo_patient(store: &app::db::Store) -> Result<(), StartError> {
    use app::patients::server::{self as patients, RecordedBy};
    let failed =
        |e: app::db::StoreError| StartError::Other(format!("adding the demo patient record: {e}"));
    let Some((email, _, _)) = DEMO_ACCOUNTS
        .into_iter()
        .find(|(_, _, role)| *role == app::access::Role::Patient)
    else {
        return Ok(());
    };
    if patients::find_by_email(store, email)
        .await
        .map_err(failed)?
        .is_some()
    {
        return Ok(());
    }
    let now = std::time::SystemTime::now();
    let today = app::measurements::clock::today(now);
    let record = app::patients::NewPatient::check(
        "Jan Jansen",
        "1941-03-02",
        Some(email.to_string()),
        None,
        today,
    )
    .map_err(|e| StartError::Other(format!("the demo patient record: {e}")))?;
    let practice = app::organisations::OrganisationId::from_stored(DEMO_ORGANISATION.into());
    let by = RecordedBy::default();
    let patient = patients::create(store, &record, Some(&practice), &by, now)
        .await
        .map_err(failed)?;
    if let Some(account) = app::access::server::accounts::find_by_email(store, email)
        .await
        .map_err(failed)?
    {
        patients::link_account(store, patient, account, &by, now)
            .await
            .map_err(failed)?;
    }
    Ok(())
}

/// The demo carer acts for the demo patient, with every right, for a year from the first
/// seeding (given again once it ran out or was stopped).
async fn seed_demo_mandate(store: &app::db::Store) -> Result<(), StartError> {
    use app::access::server::accounts;
    let failed = |e: app::db::StoreError| StartError::Other(format!("the demo carer: {e}"));
    let email = |wanted: app::access::Role| {
        DEMO_ACCOUNTS
            .into_iter()
            .find(|(_, _, role)| *role == wanted)
            .map(|(email, _, _)| email)
    };
    let (Some(patient), Some(carer)) = (
        email(app::access::Role::Patient),
        email(app::access::Role::Carer),
    ) else {
        return Ok(());
    };
    let record = app::patients::server::find_by_email(store, patient)
        .await
        .map_err(failed)?;
    let carer = accounts::find_by_email(store, carer)
        .await
        .map_err(failed)?;
    if let (Some(record), Some(carer)) = (record, carer) {
        app::carers::server::give(
            store,
            record,
            carer,
            app::carers::Scope::ALL,
            12,
            std::time::SystemTime::now(),
        )
        .await
        .map_err(failed)?;
    }
    Ok(())
}
