#!/usr/bin/env bash
# The Python package's checks, for .ci/run: lints of its Rust half, the wheel built with only
# the Rust toolchain, Python and what this script installs, pytest, and the notebook executed.
# Installs into a virtual environment it creates; exits 3 (skipped) where it cannot: no Python
# 3.9 or later with venv, or no package index.
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-python3}
if ! command -v "$python" >/dev/null || ! "$python" -c 'import sys, venv; sys.exit(sys.version_info < (3, 9))' 2>/dev/null; then
  echo "python: no Python 3.9 or later with venv" >&2
  exit 3
fi

echo "-- cargo clippy and fmt on the Python package's Rust half"
cargo clippy -p staffsim-python --all-targets -- -D warnings
cargo fmt -p staffsim-python --check

work=$(mktemp -d /tmp/staffsim-python.XXXXXX)
trap 'rm -rf "$work"' EXIT
"$python" -m venv "$work/venv"
# shellcheck disable=SC1091
. "$work/venv/bin/activate"
if ! pip install --quiet --disable-pip-version-check "maturin>=1.9,<2" pytest pandas \
    nbclient nbformat ipykernel matplotlib; then
  echo "python: cannot install maturin, pytest and pandas from the package index" >&2
  exit 3
fi

echo "-- the wheel (maturin, abi3)"
started=$(date +%s)
pip wheel --quiet --no-deps --no-build-isolation ./python -w "$work/dist"
wheel=$(ls "$work"/dist/staffsim-*.whl)
echo "built $(basename "$wheel") in $(( $(date +%s) - started )) s, $(du -k "$wheel" | cut -f1) KiB"
case "$(basename "$wheel")" in
  *-cp39-abi3-*) ;;
  *) echo "python: the wheel is not an abi3 wheel for CPython 3.9 and later" >&2; exit 1 ;;
esac
pip install --quiet --disable-pip-version-check "$wheel"

echo "-- pytest python/tests"
cargo build --release --quiet --bin staffsim
export STAFFSIM_BIN="$PWD/target/release/staffsim"
# From outside the checkout, so that `import staffsim` is the installed wheel, not python/staffsim.
(cd "$work" && python -m pytest -q -p no:cacheprovider -s "$OLDPWD/python/tests")

echo "-- examples/notebooks/klarna_case.ipynb (executed)"
python - <<'PY'
import time

import nbformat
from nbclient import NotebookClient

path = "examples/notebooks/klarna_case.ipynb"
notebook = nbformat.read(path, as_version=4)
started = time.perf_counter()
NotebookClient(
    notebook, timeout=900, kernel_name="python3",
    resources={"metadata": {"path": "examples/notebooks"}},
).execute()
images = sum(
    "image/png" in output.get("data", {})
    for cell in notebook.cells if cell.cell_type == "code"
    for output in cell.outputs
)
assert images >= 1, "the notebook drew no chart"
print(f"executed {path} in {time.perf_counter() - started:.1f} s, {images} chart(s)")
PY
