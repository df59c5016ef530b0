#!/usr/bin/env python3
"""Set up and run the project with nothing installed but Python 3.11+.

    python3 dev.py run     # set up, load the demo data, serve on 127.0.0.1:8000
    python3 dev.py test    # set up, run the whole test suite (pytest arguments pass through)
    python3 dev.py setup   # only create .venv and install requirements.txt

Without DATABASE_URL the app runs its own PostgreSQL under var/ (see
config/private_server.py); with it, it uses that server.
"""

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PYTHON = VENV / "bin" / "python"
REQUIREMENTS = ROOT / "requirements.txt"
INSTALLED_STAMP = VENV / ".requirements.sha256"


def setup() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py runs on whatever python3 a user has
        sys.exit(f"Python 3.11 or newer is needed, this is {sys.version.split()[0]}.")
    if not PYTHON.exists():
        print("Creating .venv ...", flush=True)
        venv.create(VENV, with_pip=True)
    wanted = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()
    if not INSTALLED_STAMP.exists() or INSTALLED_STAMP.read_text() != wanted:
        print("Installing requirements.txt ...", flush=True)
        pip = [str(PYTHON), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
        subprocess.run([*pip, "--upgrade", "pip"], check=True)
        subprocess.run([*pip, "-r", str(REQUIREMENTS)], check=True)
        INSTALLED_STAMP.write_text(wanted)


def manage(*args: str) -> None:
    subprocess.run([str(PYTHON), str(ROOT / "manage.py"), *args], check=True, cwd=ROOT)


def with_database(command: list[str]) -> None:
    """Run ``command`` in place of this process, with a database: the one in
    DATABASE_URL, or else the private server, started for it and stopped after."""
    os.chdir(ROOT)
    if not os.environ.get("DATABASE_URL"):
        command = [str(PYTHON), "-m", "config.private_server", *command]
    os.execv(command[0], command)


def run() -> None:
    setup()
    with_database([str(PYTHON), str(ROOT / "dev.py"), "serve"])


def serve() -> None:
    manage("migrate", "--noinput")
    manage("load_demo")
    manage("create_editor", "editor", "--if-missing")
    address = os.environ.get("ADDRESS", "127.0.0.1:8000")
    print(f"\nOpen http://{address}/admin/ (Arabic: http://{address}/ar/admin/)\n", flush=True)
    os.execv(str(PYTHON), [str(PYTHON), str(ROOT / "manage.py"), "runserver", address])


def test(pytest_args: list[str]) -> None:
    setup()
    os.environ.setdefault("ZEAL", "true")  # N+1 queries fail the tests
    with_database([str(PYTHON), "-m", "pytest", *pytest_args])


def main() -> None:
    os.environ.setdefault("DEBUG", "true")
    command, *rest = sys.argv[1:] or ["help"]
    if command == "setup":
        setup()
    elif command == "run":
        run()
    elif command == "serve":  # inside run(), once the database is there
        serve()
    elif command == "test":
        test(rest)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
