//! Standard output that a closed pipe does not crash.
//!
//! `staffsim run desk.toml | head -3` closes the pipe after three lines. Rust ignores
//! SIGPIPE, so the next write fails with `BrokenPipe`, and `print!` panics on that failure.
//! Everything the commands print goes through [`print`] instead: after a broken pipe the rest
//! of the output is dropped silently and the command carries on (its files are still written)
//! and ends with its usual status, as a reader that stops reading means no harm.
//!
//! A host that runs the commands in its own process (the Python package, which includes this
//! module) takes what a command prints with [`capture`] instead.

use std::cell::RefCell;
use std::fmt;
use std::io::{ErrorKind, Write};
use std::sync::atomic::{AtomicBool, Ordering};

/// Set once a write to standard output found the pipe closed.
static CLOSED: AtomicBool = AtomicBool::new(false);

/// Writes `args` to standard output through its lock; a closed pipe ends the output quietly,
/// any other failure is said once on standard error and ends the output too.
pub(crate) fn print(args: fmt::Arguments<'_>) {
    let captured = CAPTURED.with_borrow_mut(|buffer| {
        buffer
            .as_mut()
            .map(|b| fmt::Write::write_fmt(b, args).is_ok())
    });
    if captured.is_some() {
        return;
    }
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

thread_local! {
    /// What this thread's commands print, while [`capture`] runs one.
    static CAPTURED: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Runs `command` on this thread and returns its result with what it printed, which does not
/// reach standard output (the commands print from the thread that runs them).
#[allow(dead_code, reason = "the binary prints; the Python package captures")]
pub(crate) fn capture<R>(command: impl FnOnce() -> R) -> (R, String) {
    let outer = CAPTURED.replace(Some(String::new()));
    let result = command();
    let printed = CAPTURED.replace(outer).unwrap_or_default();
    (result, printed)
}

/// Whether what the commands print reaches a terminal: not while [`capture`] runs a command
/// (its text goes to the host, as to a file), else whether standard output is one.
pub(crate) fn is_terminal() -> bool {
    use std::io::IsTerminal;
    !CAPTURED.with_borrow(Option::is_some) && std::io::stdout().is_terminal()
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
