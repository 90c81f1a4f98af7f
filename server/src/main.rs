//! `meetpunt`: the server and its command-line tools.

use clap::{Parser, Subcommand};
use server::config::Config;
use server::StartError;
use std::process::ExitCode;

/// Meetpunt: questionnaires and home measurements for Dutch primary and community care.
#[derive(Parser)]
#[command(name = "meetpunt", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web server (the default).
    Serve,
    /// Bring the database schema up to date and exit.
    Migrate,
    /// Fill the database with demonstration data (development mode only).
    SeedDemo,
    /// Fill an empty database with region-scale made-up data for benchmarks: one GP
    /// practice, its patients, their requests and home measurements (development mode only).
    GenerateVolume {
        /// Patients in the practice.
        #[arg(long, default_value_t = 5000)]
        patients: i64,
        /// Home measurements in all (the first patient has five years of four a day).
        #[arg(long, default_value_t = 10_000_000)]
        readings: i64,
        /// Requests per patient.
        #[arg(long, default_value_t = 10)]
        requests_per_patient: i64,
    },
    /// Work with the instrument library.
    Instruments {
        #[command(subcommand)]
        action: InstrumentsAction,
    },
    /// Score a FHIR QuestionnaireResponse read from standard input; prints JSON.
    Score {
        /// The instrument id, e.g. gfi.
        id: String,
        /// Use this organisation's settings (e.g. its cut-offs) instead of the defaults.
        #[arg(long)]
        organisation: Option<String>,
    },
    /// Manage organisations (GP practices, nursing and home-care teams).
    Organisations {
        #[command(subcommand)]
        action: OrganisationsAction,
    },
    /// Manage an organisation's settings: instrument cut-offs and measurement thresholds.
    Settings {
        #[command(subcommand)]
        action: SettingsAction,
    },
    /// Send a test message to ADDRESS through the configured mail transport (SMTP, or the
    /// outbox folder in development).
    MailTest {
        /// The recipient.
        address: String,
    },
    /// Manage accounts of professionals, patients and carers.
    Accounts {
        #[command(subcommand)]
        action: AccountsAction,
    },
    /// Send requests to patients (a questionnaire or home measurements) and list them.
    Requests {
        #[command(subcommand)]
        action: RequestsAction,
    },
    /// Work with home-measurement protocols.
    Protocol {
        #[command(subcommand)]
        action: ProtocolAction,
    },
    /// The access log (NEN 7513).
    Audit {
        #[command(subcommand)]
        action: AuditAction,
    },
}

#[derive(Subcommand)]
enum AuditAction {
    /// Print the records of a period as CSV (days on the Dutch calendar, both included).
    Export {
        /// The first day, YYYY-MM-DD.
        #[arg(long)]
        from: String,
        /// The last day, YYYY-MM-DD.
        #[arg(long)]
        to: String,
    },
}

#[derive(Subcommand)]
enum RequestsAction {
    /// Send a request: the invitation goes into the outbox, which the server delivers.
    Send {
        /// The patient record's e-mail address.
        #[arg(long)]
        patient: String,
        /// An instrument id (see `meetpunt instruments list`).
        #[arg(
            long,
            conflicts_with = "protocol",
            required_unless_present = "protocol"
        )]
        instrument: Option<String>,
        /// blood-pressure-week, daily-weight or glucose-day-curve (starting on --start).
        #[arg(long)]
        protocol: Option<String>,
        /// The due date, YYYY-MM-DD.
        #[arg(long)]
        due: String,
        /// The first day of a protocol (default today).
        #[arg(long)]
        start: Option<String>,
        /// The organisation that asks (needed when several are in the care network).
        #[arg(long)]
        organisation: Option<String>,
        /// Send reminders.
        #[arg(long)]
        reminders: bool,
    },
    /// List requests, newest first.
    List {
        /// Only those of the patient with this e-mail address.
        #[arg(long)]
        patient: Option<String>,
    },
}

#[derive(Subcommand)]
enum OrganisationsAction {
    /// List the organisations.
    List,
    /// Add an organisation.
    Add {
        /// Short id: lower-case letters, digits and '-', e.g. hap-noord.
        id: String,
        /// Name shown to people.
        name: String,
        /// hap (GP practice), vvt, thuiszorg or netwerkpartner.
        #[arg(long, default_value = "hap")]
        kind: String,
    },
    /// Change the kind of an organisation (hap, vvt, thuiszorg or netwerkpartner).
    Kind {
        /// The organisation id.
        id: String,
        /// The new kind.
        kind: String,
    },
    /// Allow new accounts only at these e-mail domains (none given: any address).
    Domains {
        /// The organisation id.
        id: String,
        /// Its own domains, e.g. praktijk-noord.nl (never a provider for private persons).
        domains: Vec<String>,
    },
}

#[derive(Subcommand)]
enum AccountsAction {
    /// List the accounts (no passwords or hashes are shown).
    List,
    /// Add an account.
    Add {
        /// The e-mail address the person signs in with.
        email: String,
        /// The name shown on the pages.
        #[arg(long)]
        name: String,
        /// professional, patient or carer.
        #[arg(long)]
        role: String,
        /// The organisation id (required for professionals).
        #[arg(long)]
        organisation: Option<String>,
        /// The level in the organisation: A, C, C+, E, B, B+, D (HAP) or hoofdzorgverlener,
        /// zorgverlener; default C or zorgverlener.
        #[arg(long)]
        level: Option<String>,
        /// Read a first password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Set a new password (read from the first line of standard input); unlocks the account
    /// and signs it out everywhere.
    Password {
        /// The account's e-mail address.
        email: String,
    },
    /// Turn off someone's second step of signing in (they lost both their phone and their
    /// recovery codes) and end their sessions; a professional sets it up again at their
    /// next sign-in.
    SecondStepReset {
        /// The account's e-mail address.
        email: String,
    },
    /// Give a member another level in an organisation.
    Level {
        /// The account's e-mail address.
        email: String,
        /// The organisation id.
        #[arg(long)]
        organisation: String,
        /// A, C, C+, E, B, B+, D (HAP) or hoofdzorgverlener, zorgverlener.
        level: String,
    },
    /// End a membership when someone leaves: their sessions end at once, what they entered
    /// stays attributed to them.
    Leave {
        /// The account's e-mail address.
        email: String,
        /// The organisation id.
        #[arg(long)]
        organisation: String,
    },
}

#[derive(Subcommand)]
enum SettingsAction {
    /// List the settings an organisation changed.
    List {
        /// The organisation id.
        organisation: String,
    },
    /// Change a setting: SCOPE is an instrument id (e.g. gfi) or "thresholds".
    Set {
        /// The organisation id.
        organisation: String,
        /// An instrument id, or "thresholds".
        scope: String,
        /// The setting's name, e.g. frail_from or bp_mean_systolic_high.
        key: String,
        /// The new value.
        value: f64,
    },
    /// Return a setting to its default.
    Unset {
        /// The organisation id.
        organisation: String,
        /// An instrument id, or "thresholds".
        scope: String,
        /// The setting's name.
        key: String,
    },
}

#[derive(Subcommand)]
enum ProtocolAction {
    /// Evaluate a protocol and its readings, read as JSON from standard input; prints JSON
    /// (slots, what is due and missing, completeness, result, flags with advice).
    Evaluate {
        /// Evaluate at this moment (RFC 3339, e.g. 2026-03-09T12:00:00+01:00) instead of the
        /// input's "now" or the current time.
        #[arg(long)]
        now: Option<String>,
        /// Use this organisation's stored thresholds as the organisation level.
        #[arg(long)]
        organisation: Option<String>,
    },
}

#[derive(Subcommand)]
enum InstrumentsAction {
    /// List the instruments (newest version of each).
    List,
    /// Print an instrument as a FHIR R4 Questionnaire (JSON).
    Export {
        /// The instrument id, e.g. gfi.
        id: String,
        /// A specific version (default: the newest).
        #[arg(long)]
        version: Option<String>,
    },
    /// Import a FHIR R4 Questionnaire (JSON file) as a new instrument or version.
    Import {
        /// The JSON file.
        file: std::path::PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(e) => return fail(&StartError::Config(e)),
    };
    // The server reports what it does; the tools stay quiet unless something is wrong.
    let level = match cli.command {
        None | Some(Command::Serve) => "info",
        Some(_) => "warn",
    };
    server::init_logging(config.log_format, level);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => return fail(&StartError::Other(format!("cannot start the runtime: {e}"))),
    };
    let result = runtime.block_on(async move {
        match cli.command.unwrap_or(Command::Serve) {
            Command::Serve => server::serve(config).await,
            Command::Migrate => {
                let store = server::open_store(&config).await?;
                println!("database is up to date ({})", store.backend().name());
                store.close().await;
                Ok(())
            }
            Command::SeedDemo => server::seed_demo(&config).await,
            Command::GenerateVolume {
                patients,
                readings,
                requests_per_patient,
            } => {
                let volume = server::volume::Volume {
                    patients,
                    readings,
                    requests_per_patient,
                };
                print!("{}", server::volume::command(&config, volume).await?);
                Ok(())
            }
            Command::Instruments { action } => {
                let out = match action {
                    InstrumentsAction::List => server::cli::instruments_list(&config).await?,
                    InstrumentsAction::Export { id, version } => {
                        server::cli::instruments_export(&config, &id, version.as_deref()).await?
                    }
                    InstrumentsAction::Import { file } => {
                        server::cli::instruments_import(&config, &file).await?
                    }
                };
                print!("{out}");
                Ok(())
            }
            Command::Score { id, organisation } => {
                let input = read_stdin()?;
                let out = server::cli::score(&config, &id, organisation.as_deref(), &input).await?;
                print!("{out}");
                Ok(())
            }
            Command::MailTest { address } => {
                print!("{}", server::cli::mail_test(&config, &address).await?);
                Ok(())
            }
            Command::Organisations { action } => {
                let out = match action {
                    OrganisationsAction::List => server::cli::organisations_list(&config).await?,
                    OrganisationsAction::Add { id, name, kind } => {
                        server::cli::organisations_add(&config, &id, &name, &kind).await?
                    }
                    OrganisationsAction::Kind { id, kind } => {
                        server::cli::organisations_kind(&config, &id, &kind).await?
                    }
                    OrganisationsAction::Domains { id, domains } => {
                        server::cli::organisations_domains(&config, &id, &domains.join(" ")).await?
                    }
                };
                print!("{out}");
                Ok(())
            }
            Command::Settings { action } => {
                let out = match action {
                    SettingsAction::List { organisation } => {
                        server::cli::settings_list(&config, &organisation).await?
                    }
                    SettingsAction::Set {
                        organisation,
                        scope,
                        key,
                        value,
                    } => {
                        server::cli::settings_set(&config, &organisation, &scope, &key, Some(value))
                            .await?
                    }
                    SettingsAction::Unset {
                        organisation,
                        scope,
                        key,
                    } => {
                        server::cli::settings_set(&config, &organisation, &scope, &key, None)
                            .await?
                    }
                };
                print!("{out}");
                Ok(())
            }
            Command::Accounts { action } => {
                let out = match action {
                    AccountsAction::List => server::cli::accounts_list(&config).await?,
                    AccountsAction::Add {
                        email,
                        name,
                        role,
                        organisation,
                        level,
                        password_stdin,
                    } => {
                        let password = if password_stdin {
                            Some(first_line(read_stdin()?))
                        } else {
                            None
                        };
                        server::cli::accounts_add(
                            &config,
                            &email,
                            &name,
                            &role,
                            organisation.as_deref(),
                            level.as_deref(),
                            password.as_deref(),
                        )
                        .await?
                    }
                    AccountsAction::Password { email } => {
                        let password = first_line(read_stdin()?);
                        server::cli::accounts_password(&config, &email, &password).await?
                    }
                    AccountsAction::SecondStepReset { email } => {
                        server::cli::accounts_second_step_reset(&config, &email).await?
                    }
                    AccountsAction::Level {
                        email,
                        organisation,
                        level,
                    } => {
                        server::cli::accounts_level(&config, &email, &organisation, &level).await?
                    }
                    AccountsAction::Leave {
                        email,
                        organisation,
                    } => server::cli::accounts_leave(&config, &email, &organisation).await?,
                };
                print!("{out}");
                Ok(())
            }
            Command::Audit {
                action: AuditAction::Export { from, to },
            } => {
                print!("{}", server::cli::audit_export(&config, &from, &to).await?);
                Ok(())
            }
            Command::Requests { action } => {
                let out = match action {
                    RequestsAction::Send {
                        patient,
                        instrument,
                        protocol,
                        due,
                        start,
                        organisation,
                        reminders,
                    } => {
                        let what = server::cli::Requested {
                            instrument: instrument.as_deref(),
                            protocol: protocol.as_deref(),
                            start: start.as_deref(),
                        };
                        server::cli::requests_send(
                            &config,
                            &patient,
                            &what,
                            &due,
                            organisation.as_deref(),
                            reminders,
                        )
                        .await?
                    }
                    RequestsAction::List { patient } => {
                        server::cli::requests_list(&config, patient.as_deref()).await?
                    }
                };
                print!("{out}");
                Ok(())
            }
            Command::Protocol {
                action: ProtocolAction::Evaluate { now, organisation },
            } => {
                let input = read_stdin()?;
                let out = server::cli::protocol_evaluate(
                    &config,
                    &input,
                    now.as_deref(),
                    organisation.as_deref(),
                )
                .await?;
                print!("{out}");
                Ok(())
            }
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&e),
    }
}

fn read_stdin() -> Result<String, StartError> {
    std::io::read_to_string(std::io::stdin())
        .map_err(|e| StartError::Other(format!("cannot read standard input: {e}")))
}

fn fail(error: &StartError) -> ExitCode {
    eprintln!("meetpunt: {error}");
    ExitCode::FAILURE
}

/// A password piped in: the first line, without its line ending.
fn first_line(input: String) -> String {
    input.lines().next().unwrap_or_default().to_string()
}
