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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(e) => return fail(&StartError::Config(e)),
    };
    server::init_logging(config.log_format);
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
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&e),
    }
}

fn fail(error: &StartError) -> ExitCode {
    eprintln!("meetpunt: {error}");
    ExitCode::FAILURE
}
