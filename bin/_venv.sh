# Shared by bin/run and bin/test (sourced, not executed): make sure .venv exists and holds exactly
# pyproject.toml's ".[test]" set pinned by requirements/constraints.txt. Installs only when one of those
# files (or the Python version) changed since the last install; the hash is kept in .venv/.passend-stamp.
# Expects ROOT to be set to the repository root.

ensure_venv() {
    local venv="$ROOT/.venv" stamp want
    if [ -x "$venv/bin/python" ] && ! "$venv/bin/python" -c "import sys" >/dev/null 2>&1; then
        echo ">> .venv is broken (moved or Python removed): recreating it" >&2
        rm -rf "$venv"
    fi
    if [ ! -x "$venv/bin/python" ]; then
        command -v python3 >/dev/null 2>&1 || { echo "python3 (3.11 or newer) is required" >&2; return 1; }
        python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
            || { echo "python3 is $(python3 --version 2>&1); Passend needs 3.11 or newer" >&2; return 1; }
        echo ">> creating .venv with $(python3 --version 2>&1)" >&2
        python3 -m venv "$venv"
    fi
    stamp="$venv/.passend-stamp"
    want="$("$venv/bin/python" - "$ROOT/pyproject.toml" "$ROOT/requirements/constraints.txt" <<'PY'
import hashlib, sys
h = hashlib.sha256(sys.version.encode())
for name in sys.argv[1:]:
    with open(name, "rb") as f:
        h.update(f.read())
print(h.hexdigest())
PY
)"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x "$venv/bin/passend" ]; then
        return 0
    fi
    echo ">> installing dependencies into .venv (pinned by requirements/constraints.txt)" >&2
    rm -f "$stamp"
    PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 "$venv/bin/python" -m pip install -q \
        -c "$ROOT/requirements/constraints.txt" -e "$ROOT[test]"
    echo "$want" > "$stamp"
}
