//! Golden output: a small fixed-seed run whose `summary.json` must not change by a single
//! byte. Any change of the random streams, of a sampler or of a measure shows here.

use crate::common::staffsim;

/// The stored output, relative to the repository root.
const GOLDEN: &str = "tests/fixtures/golden/erlang_a_summary.json";

/// The command that writes it, from the repository root (the scenario's path is relative, so
/// `scenario.file` in the JSON is the same on every machine).
const REGENERATE: &str = "cargo run --release -- run scenarios/erlang_a.toml --json -q \
                          --replications 2 --seed 1 > tests/fixtures/golden/erlang_a_summary.json";

#[test]
fn erlang_a_summary_json_is_byte_for_byte_the_golden_file() {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = staffsim()
        .current_dir(root)
        .args(["run", "scenarios/erlang_a.toml", "--json", "-q"])
        .args(["--replications", "2", "--seed", "1"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let golden = std::fs::read(std::path::Path::new(root).join(GOLDEN)).unwrap();
    let golden_text = String::from_utf8_lossy(&golden);
    // Nothing of this machine may be in the file: no absolute path, no thread count.
    assert!(golden_text.contains("\"file\": \"scenarios/erlang_a.toml\""));
    assert!(!golden_text.contains(root) && !golden_text.contains("thread"));
    if out.stdout != golden {
        let actual = String::from_utf8_lossy(&out.stdout);
        let first = actual
            .lines()
            .zip(golden_text.lines())
            .position(|(a, g)| a != g)
            .map_or_else(
                || "the files differ in length".to_string(),
                |i| {
                    format!(
                        "first difference at line {}:\n  golden: {}\n  now:    {}",
                        i + 1,
                        golden_text.lines().nth(i).unwrap_or(""),
                        actual.lines().nth(i).unwrap_or("")
                    )
                },
            );
        panic!(
            "the output of `staffsim run scenarios/erlang_a.toml --json -q --replications 2 \
             --seed 1` is no longer {GOLDEN}; {first}\n\n\
             A change of the random streams, of a sampler or of a measure (or of the version \
             number, which the file records) changes this file on purpose. If the change is \
             meant, regenerate it from the repository root with\n\n    {REGENERATE}\n\n\
             and say so in CHANGELOG.md. If it is not meant, the change broke reproducibility."
        );
    }
}
