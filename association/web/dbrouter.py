"""Send the reads of anonymous public pages to a read replica when replicas are configured.

Writes, the admin, logged-in editors and anything outside a public page stay on the primary
("default"). See docs/deploy.md.
"""

import contextvars
import random
import time
from contextlib import contextmanager

from django.conf import settings

_public_read = contextvars.ContextVar("public_read", default=False)


def reads_from_replica():
    """True while rendering an anonymous public page that a read replica may serve."""
    return _public_read.get()


@contextmanager
def public_reads(since):
    """Let a replica serve the reads of the page rendered inside, unless the content changed at
    `since` so lately that a replica may still lag behind the primary."""
    grace = settings.DATABASE_REPLICA_GRACE_SECONDS
    token = _public_read.set(time.time() - since >= grace)
    try:
        yield
    finally:
        _public_read.reset(token)


class PublicReadReplicaRouter:
    def _replicas(self):
        return [alias for alias in settings.DATABASES if alias.startswith("replica")]

    def db_for_read(self, model, **hints):
        replicas = self._replicas()
        if replicas and reads_from_replica():
            return random.choice(replicas)  # noqa: S311 - load spreading, not security
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # replicas hold the same data as the primary

    def allow_migrate(self, db, app_label, **hints):
        return db == "default"
