"""Send the reads of anonymous public pages to a read replica when replicas are configured.

Writes, the admin, logged-in editors and anything outside a public page stay on the primary
("default"). See docs/deploy.md.
"""

import random

from django.conf import settings

from .pagecache import reads_from_replica


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
