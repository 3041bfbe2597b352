use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    // Everything casework creates is private to the user, whatever the shell's umask.
    // SAFETY: umask only changes this process's file-creation mask.
    unsafe {
        libc::umask(0o077);
    }
    match casework::cli::run(casework::cli::Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("casework: {msg}");
            ExitCode::FAILURE
        }
    }
}
