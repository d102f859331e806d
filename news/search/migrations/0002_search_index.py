"""Full-text index objects that only one database has, made after checking which one this is.

PostgreSQL: GIN indexes on to_tsvector('simple', COALESCE(col, '')) for title_terms and terms.
SQLite: the FTS5 table search_fts (unicode61) over the documents, kept in step by triggers.
They cannot be in Meta.indexes: a PostgreSQL-only index there breaks SQLite's migrations.
"""

from django.db import migrations


def create(apps, schema_editor):
    from news.search import backends

    backends.for_vendor(schema_editor.connection.vendor).create(schema_editor)


def drop(apps, schema_editor):
    from news.search import backends

    backends.for_vendor(schema_editor.connection.vendor).drop(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
