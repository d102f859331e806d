"""Uploads kept for the retry: when the join form is refused for another reason, the documents
that passed their check wait in PRIVATE_MEDIA_ROOT/staged/ and the form carries a signed token
naming them, so the visitor does not choose the files again.

The token is signed (nobody can point it at another file) and expires with the staged files
(settings.MEMBERS_STAGED_UPLOAD_SECONDS); older staged files are swept on each submission.
"""

import os
import time
from pathlib import PurePosixPath

from django.conf import settings
from django.core import signing

from association.web.uploads import generated_name

from .storage import document_path, private_storage

SALT = "members.join.staged"
STAGED_DIR = "staged"


def stage(upload):
    """Keep an accepted upload for a later submission; return (stored name, original name)."""
    upload.seek(0)
    name = private_storage.save(f"{STAGED_DIR}/{generated_name(upload.name)}", upload)
    return name, PurePosixPath(upload.name).name[:100]


def token_for(staged):
    """{field: (stored name, original name)} as the form's hidden value."""
    return signing.dumps({field: list(pair) for field, pair in staged.items()}, salt=SALT)


def read_token(token):
    """The staged files a token names that still exist ({} for a bad or expired token)."""
    if not token:
        return {}
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.MEMBERS_STAGED_UPLOAD_SECONDS)
    except (signing.BadSignature, TypeError, ValueError):
        return {}
    staged = {}
    for field, pair in (data or {}).items() if isinstance(data, dict) else ():
        if (
            isinstance(pair, list)
            and len(pair) == 2
            and str(pair[0]).startswith(f"{STAGED_DIR}/")
            and private_storage.exists(pair[0])
        ):
            staged[field] = (pair[0], pair[1])
    return staged


def keep(field_file, staged_name):
    """Move a staged file to where applications keep their documents; set it on field_file."""
    final = document_path(None, staged_name)
    target = private_storage.path(final)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    os.replace(private_storage.path(staged_name), target)
    field_file.name = final


def sweep():
    """Delete staged files older than MEMBERS_STAGED_UPLOAD_SECONDS (abandoned forms)."""
    folder = os.path.join(settings.PRIVATE_MEDIA_ROOT, STAGED_DIR)
    if not os.path.isdir(folder):
        return 0
    cutoff, removed = time.time() - settings.MEMBERS_STAGED_UPLOAD_SECONDS, 0
    for entry in os.scandir(folder):
        if entry.is_file() and entry.stat().st_mtime < cutoff:
            os.remove(entry.path)
            removed += 1
    return removed
