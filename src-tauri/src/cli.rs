//! The command line on the same binary: with no subcommand the window opens;
//! with one, it runs headless over the same journal API.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::journal::Journal;

#[derive(Debug, Parser)]
#[command(name = "retro-companion", version, about = "A private journal for the needs behind the planning argument.", after_help = EXIT_CODES)]
pub struct Cli {
    /// The journal file to use instead of journal.sqlite3 in the app data directory.
    #[arg(
        long,
        global = true,
        value_name = "PATH",
        env = "RETRO_COMPANION_JOURNAL"
    )]
    pub journal: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

const EXIT_CODES: &str = "Exit codes:\n  0  success\n  1  the journal refused the request (the message says why)\n  2  the command line was not understood";

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print where the journal file is, opening (and creating) it to check it is usable.
    Path,
}

impl Cli {
    /// The journal this invocation works on.
    pub fn journal_path(&self) -> Option<PathBuf> {
        self.journal.clone().or_else(crate::default_journal_path)
    }
}

/// Runs a headless subcommand. Data goes to stdout, problems to stderr.
pub fn run(command: &Command, journal_path: PathBuf) -> ExitCode {
    match command {
        Command::Path => match Journal::open(&journal_path) {
            Ok(_) => {
                println!("{}", journal_path.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("retro-companion: {e}");
                ExitCode::from(1)
            }
        },
    }
}
