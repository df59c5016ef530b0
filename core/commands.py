"""Commands as the project prints them for a person to run."""

import sys
from pathlib import Path

from django.conf import settings


def manage_py() -> str:
    """How to run this project's manage.py again, as a command that works when
    pasted in the project's folder (``.venv/bin/python manage.py``)."""
    python = Path(sys.executable)
    if python.is_relative_to(settings.BASE_DIR):
        python = python.relative_to(settings.BASE_DIR)
    return f"{python} manage.py"
