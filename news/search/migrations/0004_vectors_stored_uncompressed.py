"""PostgreSQL: keep the search vectors out of line but uncompressed (STORAGE EXTERNAL).

A segmented article's vector (about 8 KB) hardly compresses, yet pglz tried on every write,
and every match test paid for the attempt's format on read: measured on 20,000 vectors, a
match over all of them took 223 ms stored the default way and 170 ms stored EXTERNAL, and
writing them 4.1 s against 1.5 s. Rows written before this keep their old form until
`manage.py rebuild_search_index` rewrites them.
"""

from django.db import migrations

COLUMNS = ("terms_vector", "title_vector")


def storage(mode):
    def change(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        table = schema_editor.quote_name(apps.get_model("search", "SearchDocument")._meta.db_table)
        for column in COLUMNS:
            schema_editor.execute(f"ALTER TABLE {table} ALTER COLUMN {column} SET STORAGE {mode}")

    return change


class Migration(migrations.Migration):
    dependencies = [("search", "0003_seed_industry_terms")]

    operations = [migrations.RunPython(storage("EXTERNAL"), storage("EXTENDED"), elidable=False)]
