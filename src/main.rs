use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    // Before anything is read: no core dumps, no tracing by other processes.
    casework::hardening::keep_memory_private();
    // Everything casework creates is private to the user, whatever the shell's umask.
    rustix::process::umask(rustix::fs::Mode::from_raw_mode(0o077));
    match casework::cli::run(casework::cli::Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            // Messages may quote a file name or a field: shown, not obeyed.
            casework::clean_text::warn(&format!("casework: {msg}"));
            ExitCode::FAILURE
        }
    }
}
