"""Make the project importable and Django configured for the bench scripts."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def django_setup(settings="association.settings.dev", **env):
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings)
    for key, value in env.items():
        os.environ.setdefault(key, value)
    import django

    django.setup()
