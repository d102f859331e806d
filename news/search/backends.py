# ruff: noqa: S608 - table and column names are constants here; all input goes in as parameters
"""The SQL of search on each database; both give the same matches and the same order.

Order: articles matching more of the visitor's words first, then more of them in the title,
then the database's relevance score (ts_rank or bm25, title weighted ten times the rest), then
newest first. Scoring every row of a word found in most articles (膜, 技术) would cost a
second on 100,000 articles, so when more than SEARCH_RANK_WINDOW articles match, the score is
left out and equal tiers go newest first: for such words recency is what a reader wants.
"""

from django.conf import settings
from django.db import connection

from .models import SearchDocument

DOC = SearchDocument._meta.db_table
NEWEST = "d.published_at DESC, d.article_id DESC"
FTS = "search_fts"
TSQUERY = "to_tsquery('simple'::regconfig, %s)"
GIN_TERMS = "search_doc_terms_gin"
GIN_TITLE = "search_doc_title_gin"
TITLE_WEIGHT = 10.0  # ts_rank's A:D weights are 1.0:0.1, the same ratio


def rank_window():
    return getattr(settings, "SEARCH_RANK_WINDOW", 2000)


class Filters:
    """What narrows a search: public only, a section, a date range (datetimes, end exclusive)."""

    def __init__(self, now=None, section_id=None, start=None, end=None):
        self.now, self.section_id, self.start, self.end = now, section_id, start, end

    def sql(self):
        parts, params = [], []
        if self.now is not None:
            parts.append("d.status = %s AND d.published_at <= %s")
            params += ["published", self.now]
        if self.section_id is not None:
            parts.append("d.section_id = %s")
            params.append(self.section_id)
        if self.start is not None:
            parts.append("d.published_at >= %s")
            params.append(self.start)
        if self.end is not None:
            parts.append("d.published_at < %s")
            params.append(self.end)
        return "".join(f" AND {p}" for p in parts), params


class Backend:
    AND, OR = " & ", " | "

    def quote(self, term):
        raise NotImplementedError

    def word_expr(self, word, title=False):
        parts = []
        for alternatives in word.parts:
            options = [
                "(" + self.AND.join(self.quote(t) for t in alt) + ")" for alt in alternatives
            ]
            parts.append("(" + self.OR.join(options) + ")")
        return "(" + self.AND.join(parts) + ")"

    def any_expr(self, query):
        return self.OR.join(self.word_expr(w) for w in query.words)

    def _fetch(self, sql, params):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def count(self, query, filters):
        where, params = self.where(query, filters)
        return self._fetch(f"SELECT count(*) FROM {DOC} d {where}", params)[0][0]

    def ids(self, query, filters, by_date=False, ranked=True, offset=0, limit=20):
        """Article ids of one page, best first (or newest first when by_date)."""
        if by_date:
            where, params = self.where(query, filters)
            sql = f"SELECT d.article_id FROM {DOC} d {where} ORDER BY {NEWEST} LIMIT %s OFFSET %s"
            return [row[0] for row in self._fetch(sql, [*params, limit, offset])]
        joins, join_params = [], []
        for i, word in enumerate(query.words):
            if len(query.words) > 1:
                joins.append(self.join(f"w{i}", "terms"))
                join_params.append(self.word_expr(word))
            joins.append(self.join(f"t{i}", "title_terms"))
            join_params.append(self.word_expr(word, title=True))
        sql, params = self.ranked_sql(query, filters, " ".join(joins), join_params, ranked)
        rows = self._fetch(sql, [*params, limit, offset])
        return [row[0] for row in rows]

    def matching_ids_sql(self, query):
        """SQL (and params) selecting the ids of all articles matching, for the admin."""
        where, params = self.where(query, Filters())
        return f"SELECT d.article_id FROM {DOC} d {where}", params

    def tiers(self, query):
        """SQL summing word matches and title matches, from LEFT JOINs the backend adds."""
        multi = len(query.words) > 1
        words = " + ".join(
            f"(CASE WHEN w{i}.id IS NULL THEN 0 ELSE 1 END)" for i in range(len(query.words))
        )
        titles = " + ".join(
            f"(CASE WHEN t{i}.id IS NULL THEN 0 ELSE 1 END)" for i in range(len(query.words))
        )
        return (f"{words} DESC, " if multi else "") + f"{titles} DESC"

    def before_rebuild(self):
        pass

    def after_rebuild(self):
        pass


class PostgresBackend(Backend):
    def quote(self, term):
        return f"'{term}'"

    def vector(self, column, alias="d"):
        # Must match the GIN index expression exactly, or the planner cannot use it.
        return f"to_tsvector('simple'::regconfig, COALESCE({alias}.{column}, ''))"

    def where(self, query, filters):
        extra, params = filters.sql()
        sql = f"WHERE {self.vector('terms')} @@ {TSQUERY}{extra}"
        return sql, [self.any_expr(query), *params]

    def join(self, alias, column):
        return (
            f"LEFT JOIN (SELECT s.article_id AS id FROM {DOC} s WHERE {self.vector(column, 's')}"
            f" @@ {TSQUERY}) {alias} ON {alias}.id = d.article_id"
        )

    def ranked_sql(self, query, filters, joins, join_params, ranked):
        where, params = self.where(query, filters)
        params = [*join_params, *params]
        order = self.tiers(query)
        if ranked:
            weighted = f"setweight({self.vector('title_terms')}, 'A') || {self.vector('terms')}"
            order += f", ts_rank({weighted}, {TSQUERY}) DESC"
            params = [*params, self.any_expr(query)]
        sql = f"SELECT d.article_id FROM {DOC} d {joins} {where} ORDER BY {order}, {NEWEST}"
        return sql + " LIMIT %s OFFSET %s", params

    def create(self, schema_editor):
        for name, column in ((GIN_TERMS, "terms"), (GIN_TITLE, "title_terms")):
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON {DOC} USING gin ({self.vector(column, DOC)})"
            )

    def drop(self, schema_editor):
        for name in (GIN_TERMS, GIN_TITLE):
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")

    def before_rebuild(self):
        # Building GIN indexes once over all rows is far faster than updating them row by row.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            for name in (GIN_TERMS, GIN_TITLE):
                cursor.execute(f"DROP INDEX IF EXISTS {name}")

    def after_rebuild(self):
        with connection.cursor() as cursor:
            # Deferred foreign-key checks must run first: CREATE INDEX refuses pending ones.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for name, column in ((GIN_TERMS, "terms"), (GIN_TITLE, "title_terms")):
                cursor.execute(
                    f"CREATE INDEX {name} ON {DOC} USING gin ({self.vector(column, DOC)})"
                )
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


class SqliteBackend(Backend):
    AND, OR = " AND ", " OR "

    def quote(self, term):
        return f'"{term}"'

    def word_expr(self, word, title=False):
        expr = super().word_expr(word)
        return f"title_terms : {expr}" if title else expr

    def where(self, query, filters):
        extra, params = filters.sql()
        sql = f"WHERE d.article_id IN (SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s){extra}"
        return sql, [self.any_expr(query), *params]

    def join(self, alias, column):
        return (
            f"LEFT JOIN (SELECT rowid AS id FROM {FTS} WHERE {FTS} MATCH %s) {alias}"
            f" ON {alias}.id = d.article_id"
        )

    def ranked_sql(self, query, filters, joins, join_params, ranked):
        extra, params = filters.sql()
        score = f", bm25({FTS}, {TITLE_WEIGHT}, 1.0) AS score" if ranked else ""
        order = self.tiers(query) + (", f.score" if ranked else "")
        matches = f"SELECT rowid AS id{score} FROM {FTS} WHERE {FTS} MATCH %s"
        sql = (
            f"SELECT d.article_id FROM {DOC} d JOIN ({matches}) f ON f.id = d.article_id {joins}"
            f" WHERE 1 = 1{extra} ORDER BY {order}, {NEWEST} LIMIT %s OFFSET %s"
        )
        return sql, [self.any_expr(query), *join_params, *params]

    def triggers(self):
        return [
            f"CREATE TRIGGER IF NOT EXISTS {FTS}_ai AFTER INSERT ON {DOC} BEGIN "
            f"INSERT INTO {FTS}(rowid, title_terms, terms) "
            "VALUES (new.article_id, new.title_terms, new.terms); END",
            f"CREATE TRIGGER IF NOT EXISTS {FTS}_ad AFTER DELETE ON {DOC} BEGIN "
            f"INSERT INTO {FTS}({FTS}, rowid, title_terms, terms) "
            "VALUES ('delete', old.article_id, old.title_terms, old.terms); END",
            f"CREATE TRIGGER IF NOT EXISTS {FTS}_au AFTER UPDATE OF title_terms, terms ON {DOC} "
            f"BEGIN INSERT INTO {FTS}({FTS}, rowid, title_terms, terms) "
            "VALUES ('delete', old.article_id, old.title_terms, old.terms); "
            f"INSERT INTO {FTS}(rowid, title_terms, terms) "
            "VALUES (new.article_id, new.title_terms, new.terms); END",
        ]

    def drop_triggers(self):
        return [f"DROP TRIGGER IF EXISTS {FTS}_{name}" for name in ("ai", "ad", "au")]

    def create(self, schema_editor):
        # External content: the FTS5 index reads its text from the documents table, which
        # triggers mirror into it, so every way of writing a document keeps the index in step.
        statements = [
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5(title_terms, terms, "
            f"content='{DOC}', content_rowid='article_id', "
            "tokenize='unicode61 remove_diacritics 0')",
            *self.triggers(),
            f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
        ]
        for statement in statements:
            schema_editor.execute(statement)

    def drop(self, schema_editor):
        for statement in [*self.drop_triggers(), f"DROP TABLE IF EXISTS {FTS}"]:
            schema_editor.execute(statement)

    def before_rebuild(self):
        # Without the triggers, rows go in plainly and the index is built once at the end.
        with connection.cursor() as cursor:
            for statement in self.drop_triggers():
                cursor.execute(statement)
            cursor.execute(f"INSERT INTO {FTS}({FTS}) VALUES ('delete-all')")

    def after_rebuild(self):
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')")
            for statement in self.triggers():
                cursor.execute(statement)


_BACKENDS = {"postgresql": PostgresBackend, "sqlite": SqliteBackend}


def for_vendor(vendor):
    try:
        return _BACKENDS[vendor]()
    except KeyError:
        raise NotImplementedError(f"站内搜索不支持 {vendor} 数据库") from None


def current():
    return for_vendor(connection.vendor)
