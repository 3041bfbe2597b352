use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    // Everything casework creates is private to the user, whatever the shell's umask.
    rustix::process::umask(rustix::fs::Mode::from_raw_mode(0o077));
    match casework::cli::run(casework::cli::Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("casework: {msg}");
            ExitCode::FAILURE
        }
    }
}
