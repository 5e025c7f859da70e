// In a release build on Windows, do not open a console next to the window.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::process::ExitCode;

use clap::Parser;
use retro_cli::{self as cli, Cli};

fn main() -> ExitCode {
    let args = Cli::parse();
    let Some(journal) = args.journal_path() else {
        eprintln!("retro-companion: this system has no app data directory; pass --journal PATH.");
        return ExitCode::from(1);
    };
    match &args.command {
        Some(command) => cli::run(command, journal),
        None => {
            match retro_companion::desktop::run(journal, args.journal.is_some(), args.file.clone())
            {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("retro-companion: the window could not start: {e}");
                    ExitCode::from(1)
                }
            }
        }
    }
}
