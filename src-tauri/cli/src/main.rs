//! `retro-companion`: the command line. It links none of the window's
//! libraries, so a command starts at once; with no command it hands over to
//! the window program installed beside it, with the same arguments.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use retro_cli::{self as cli, Cli};

/// The window program's file name, beside this one.
const WINDOW: &str = "retro-companion-window";

fn main() -> ExitCode {
    let args = Cli::parse();
    let Some(command) = &args.command else {
        // A word that is neither a command nor a file is most likely a
        // command mistyped: say so, rather than start the window on it.
        if let Some(file) = args.file.as_ref().filter(|f| !f.exists()) {
            eprintln!(
                "retro-companion: \"{}\" is neither a command nor a file. See retro-companion --help for the commands.",
                file.display()
            );
            return ExitCode::from(2);
        }
        return open_window();
    };
    let Some(journal) = args.journal_path() else {
        eprintln!("retro-companion: this system has no app data directory; pass --journal PATH.");
        return ExitCode::from(1);
    };
    cli::run(command, journal)
}

fn open_window() -> ExitCode {
    let window: Option<PathBuf> = std::env::current_exe()
        .ok()
        .map(|exe| exe.with_file_name(WINDOW))
        .filter(|w| w.exists());
    let Some(window) = window else {
        eprintln!(
            "retro-companion: the window program ({WINDOW}) is not installed beside this one. Run `make run` to build it, or give a command (see --help)."
        );
        return ExitCode::from(1);
    };
    let mut child = std::process::Command::new(&window);
    child.args(std::env::args_os().skip(1));
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        // Only returns if the window program could not be started.
        let e = child.exec();
        eprintln!("retro-companion: the window could not start: {e}");
        ExitCode::from(1)
    }
    #[cfg(not(unix))]
    match child.status() {
        Ok(s) if s.success() => ExitCode::SUCCESS,
        Ok(_) => ExitCode::from(1),
        Err(e) => {
            eprintln!("retro-companion: the window could not start: {e}");
            ExitCode::from(1)
        }
    }
}
