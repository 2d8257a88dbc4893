//! The `staffsim` command: parse the command line, run, print errors.

use std::process::ExitCode;

use clap::Parser;
mod cli;

use cli::Cli;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli::execute(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("Error: {failure}");
            ExitCode::from(failure.exit_code())
        }
    }
}
