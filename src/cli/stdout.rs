//! Standard output that a closed pipe does not crash.
//!
//! `staffsim run desk.toml | head -3` closes the pipe after three lines. Rust ignores
//! SIGPIPE, so the next write fails with `BrokenPipe`, and `print!` panics on that failure.
//! Everything the commands print goes through [`print`] instead: after a broken pipe the rest
//! of the output is dropped silently and the command carries on (its files are still written)
//! and ends with its usual status, as a reader that stops reading means no harm.

use std::fmt;
use std::io::{ErrorKind, Write};
use std::sync::atomic::{AtomicBool, Ordering};

/// Set once a write to standard output found the pipe closed.
static CLOSED: AtomicBool = AtomicBool::new(false);

/// Writes `args` to standard output through its lock; a closed pipe ends the output quietly,
/// any other failure is said once on standard error and ends the output too.
pub(crate) fn print(args: fmt::Arguments<'_>) {
    if CLOSED.load(Ordering::Relaxed) {
        return;
    }
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_fmt(args).and_then(|()| out.flush()) {
        CLOSED.store(true, Ordering::Relaxed);
        if e.kind() != ErrorKind::BrokenPipe {
            eprintln!("staffsim: cannot write to standard output ({e}); the rest is not shown");
        }
    }
}

/// `print!` through [`print`].
macro_rules! out {
    ($($arg:tt)*) => { $crate::cli::stdout::print(format_args!($($arg)*)) };
}

/// `println!` through [`print`].
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::cli::stdout::print(format_args!("{}\n", format_args!($($arg)*)))
    };
}

pub(crate) use {out, outln};
