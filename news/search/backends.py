# ruff: noqa: S608 - table and column names are constants here; all input goes in as parameters
"""The SQL of search on each database; both give the same matches and the same order.

Order: articles matching more of the visitor's words first, then more of them in the title,
then more of them as typed rather than through a synonym (news.search.expand), then the
database's relevance score (ts_rank or bm25, title weighted ten times the rest), then newest
first. A word found in most articles (技术, 协会) matches tens of thousands, and scoring
them all costs seconds, so when more than SEARCH_MAX_RESULTS match, the ranking reads three
windows of that many rows (the newest matches, the newest title matches and the newest articles
holding every word) and orders them by the tiers and then by date, without the score. As each
tier is then in date order, those windows hold every article the listed pages can show. At most
SEARCH_MAX_RESULTS results are listed, as search engines do.
"""

import calendar
from abc import ABC, abstractmethod

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from .filters import Filters  # noqa: F401 - callers name it backends.Filters
from .models import SearchDocument

DOC = SearchDocument._meta.db_table
NEWEST = "d.published_at DESC, d.article_id DESC"
FTS = "search_fts"
TSQUERY = "to_tsquery('simple'::regconfig, %s)"
SPAN = 2**31  # SQLite: a full-text rowid is (day published) * SPAN + article id (fts_key)
DAY = 86_400  # seconds; rowids by the second made FTS5's index twice the size (larger deltas)
LAST_DAY = 2**32 - 1  # the last day rowids tell apart; days before 1970 all count as day 0
TITLE_WEIGHT = 10.0  # a title match counts ten times one in the rest (ts_rank and bm25)


def fts_key(alias):
    """SQL of the SQLite full-text rowid of document alias: a newer one never has a lower one."""
    day = f"(CAST(strftime('%%s', {alias}.published_at) AS INTEGER) / {DAY})"
    return f"(max(0, min({LAST_DAY}, {day})) * {SPAN} + {alias}.article_id)"


def day_of(moment):
    """The day of moment as fts_key counts it (published_at is stored in UTC)."""
    return max(0, min(LAST_DAY, calendar.timegm(moment.utctimetuple()) // DAY))


def max_results():
    return settings.SEARCH_MAX_RESULTS


class Backend(ABC):
    AND, OR = " & ", " | "
    # Ids of the newest matches, newest first, when count() kept them; a backend that sets
    # them also has listed() and listed_ids(), the SQL that reads them back.
    newest = None

    @abstractmethod
    def quote(self, term):
        """term as a literal of this database's full-text query language."""

    @abstractmethod
    def match(self, column):
        """SQL true for documents d whose column ("terms" or "title") matches the %s param."""

    def word_expr(self, word):
        """The word as typed or any of its synonyms (Word.synonyms)."""
        return "(" + self.OR.join(self.parts_expr(p) for p in word.all_parts) + ")"

    def parts_expr(self, word_parts):
        parts = []
        for alternatives in word_parts:
            options = [
                "(" + self.AND.join(self.quote(t) for t in alt) + ")" for alt in alternatives
            ]
            parts.append("(" + self.OR.join(options) + ")")
        return "(" + self.AND.join(parts) + ")"

    def any_expr(self, query):
        return self.OR.join(self.word_expr(w) for w in query.words)

    def all_expr(self, query):
        return self.AND.join(self.word_expr(w) for w in query.words)

    def title_expr(self, expr):
        return expr

    def _fetch(self, sql, params):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def source(self, column="terms"):
        """FROM clause and condition for documents d matching the %s param."""
        return f"{DOC} d", self.match(column)

    def count(self, query, filters, cap):
        """How many articles match, counting no further than cap."""
        extra, params = filters.sql()
        source, condition = self.source()
        sql = f"SELECT d.article_id FROM {source} WHERE {condition}{extra} LIMIT %s"
        rows = self._fetch(f"SELECT count(*) FROM ({sql}) m", [self.any_expr(query), *params, cap])
        return rows[0][0]

    def matching_ids_sql(self, query):
        """SQL (and params) selecting the ids of all articles matching, for the admin."""
        sql = f"SELECT d.article_id FROM {DOC} d WHERE {self.match('terms')}"
        return sql, [self.any_expr(query)]

    def ids(self, query, filters, by_date=False, many=False, offset=0, limit=20):
        """Article ids of one page, best first (or newest first when by_date).

        many: more than SEARCH_MAX_RESULTS match, so read the newest of each tier only.
        """
        extra, params = filters.sql()
        page = [limit, offset]
        if by_date:
            source, condition = self.source()
            sql = f"SELECT d.article_id FROM {source} WHERE {condition}{extra} ORDER BY {NEWEST}"
            return self._ids(sql, [self.any_expr(query), *params, *page])
        tiers, tier_params = self.tiers(query)
        if not many:
            source, condition = self.source()
            match_params = [self.any_expr(query), *params]
            if self.newest is not None:  # count() read them all already
                source, condition, extra = f"{DOC} d", self.listed(), ""
                match_params = [self.newest]
            score, score_params = self.score(query)
            sql = (
                f"SELECT d.article_id FROM {source} WHERE {condition}{extra} "
                f"ORDER BY {tiers}, {score} DESC, {NEWEST}"
            )
            return self._ids(sql, [*match_params, *tier_params, *score_params, *page])
        # Each tier is ordered by date, so its newest articles are the ones a page can show.
        windows = [
            ("terms", self.any_expr(query)),
            ("title", self.title_expr(self.any_expr(query))),
        ]
        union, union_params, head, head_params, every = [], [], [], [], None
        if self.newest is not None:  # the first window is what count() read
            windows.pop(0)
            union.append(self.listed_ids())
            union_params.append(self.newest[: max_results()])
        if len(query.words) > 1:
            # Named, so the ranking knows these hold every word without reading them again.
            every = "SELECT article_id FROM every_word"
            window, head_params = self.window("terms", self.all_expr(query), extra, params)
            head.append(f"every_word AS ({window})")
            union.append(every)
        for column, expr in windows:
            window, window_params = self.window(column, expr, extra, params)
            union.append(f"SELECT article_id FROM ({window}) w{len(union)}")
            union_params += window_params
        # The newest matches of each word as typed: candidates (when synonyms' are all newer)
        # and the exact tier, without reading every candidate's vector.
        exact = []
        for i, word in enumerate(w for w in query.words if w.synonyms):
            window, window_params = self.window("terms", self.parts_expr(word.parts), extra, params)
            head.append(f"exact{i} AS ({window})")
            head_params += window_params
            exact.append(f"SELECT article_id FROM exact{i}")
            union.append(exact[-1])
        head.append(f"candidates AS ({' UNION '.join(union)})")
        tiers, tier_params = self.tiers(query, every, within="candidates", exact=exact)
        sql = (
            f"WITH {', '.join(head)} SELECT d.article_id FROM {DOC} d "
            f"WHERE {self.among('SELECT article_id FROM candidates')} ORDER BY {tiers}, {NEWEST}"
        )
        return self._ids(sql, [*head_params, *union_params, *tier_params, *page])

    def window(self, column, expr, extra, params):
        """SQL (and params) selecting the newest SEARCH_MAX_RESULTS documents matching expr."""
        source, condition = self.source(column)
        sql = (
            f"SELECT d.article_id FROM {source} WHERE {condition}{extra} ORDER BY {NEWEST} LIMIT %s"
        )
        return sql, [expr, *params, max_results()]

    def _ids(self, sql, params):
        return [row[0] for row in self._fetch(sql + " LIMIT %s OFFSET %s", params)]

    def tiers(self, query, every=None, within=None, exact=None):
        """ORDER BY SQL: words matched (when several), then in the title, then as typed.

        every: SQL selecting ids known to hold every word, which need not be tested word by word.
        within: the name of the table of all the documents ranked, when there is one.
        exact: for each word with synonyms, SQL selecting the ids holding it as typed.
        """
        parts, params = [], []
        if len(query.words) > 1:
            words = " + ".join(self.tier("terms", within) for _ in query.words)
            if every:
                words = (
                    f"CASE WHEN d.article_id IN ({every}) THEN {len(query.words)} ELSE {words} END"
                )
            parts.append(f"({words}) DESC")
            params += [self.word_expr(w) for w in query.words]
        parts.append(" + ".join(self.tier("title", within) for _ in query.words) + " DESC")
        params += [self.title_expr(self.word_expr(w)) for w in query.words]
        if exact:
            tiers = (f"(CASE WHEN d.article_id IN ({ids}) THEN 1 ELSE 0 END)" for ids in exact)
            parts.append(" + ".join(tiers) + " DESC")
        elif widened := [w for w in query.words if w.synonyms]:  # as typed, before synonyms
            parts.append(" + ".join(self.tier("terms", within) for _ in widened) + " DESC")
            params += [self.parts_expr(w.parts) for w in widened]
        return ", ".join(parts), params

    def tier(self, column, within=None):
        return f"(CASE WHEN {self.match(column)} THEN 1 ELSE 0 END)"

    def among(self, ids_sql):
        return f"d.article_id IN ({ids_sql})"

    def before_rebuild(self):  # noqa: B027 - a hook: most backends need nothing here
        """Prepare for a full rebuild of the index."""

    def after_rebuild(self):  # noqa: B027
        """Tidy up after a full rebuild of the index."""


class PostgresBackend(Backend):
    """Stored tsvector columns, generated from the segmented text, with GIN indexes.

    The vectors are stored rather than indexed as an expression: measured on 100,000 articles,
    for a common word the planner chose a sequential scan that ran to_tsvector on every row
    (20 s), and ts_rank needs each candidate's vector anyway.
    """

    VECTORS = {"terms": "terms_vector", "title": "title_vector"}

    def quote(self, term):
        return f"'{term}'"

    def match(self, column):
        return f"d.{self.VECTORS[column]} @@ {TSQUERY}"

    def count(self, query, filters, cap):
        # The newest matches, not just their number: the first ranking window is the same rows,
        # and reading an article's vector out of TOAST is most of the cost.
        extra, params = filters.sql()
        sql = (
            f"SELECT d.article_id FROM {DOC} d WHERE {self.match('terms')}{extra} "
            f"ORDER BY {NEWEST} LIMIT %s"
        )
        self.newest = [row[0] for row in self._fetch(sql, [self.any_expr(query), *params, cap])]
        return len(self.newest)

    def listed(self):
        """SQL true for documents d whose id is in the list in the %s param (newest)."""
        return "d.article_id = ANY(%s)"

    def listed_ids(self):
        """SQL selecting article_id from the list in the %s param (newest)."""
        return "SELECT unnest(%s::bigint[]) AS article_id"

    def score(self, query):
        # Two ranks added, not one over the vectors joined: joining copies the article's whole
        # vector. The terms column holds the title too, as in SQLite.
        title, terms = (f"ts_rank(d.{v}, {TSQUERY})" for v in ("title_vector", "terms_vector"))
        return f"{TITLE_WEIGHT} * {title} + {terms}", [self.any_expr(query)] * 2

    def among(self, ids_sql):
        # An array, so the few thousand candidates are fetched by primary key, not hash-joined.
        return f"d.article_id = ANY(ARRAY({ids_sql}))"

    def columns(self):
        return [
            (vector, source, f"search_doc_{vector}_gin")
            for vector, source in (("terms_vector", "terms"), ("title_vector", "title_terms"))
        ]

    def create(self, schema_editor):
        for vector, source, index in self.columns():
            schema_editor.execute(
                f"ALTER TABLE {DOC} ADD COLUMN IF NOT EXISTS {vector} tsvector GENERATED ALWAYS "
                f"AS (to_tsvector('simple'::regconfig, COALESCE({source}, ''))) STORED"
            )
            # Uncompressed: they hardly compress, and reading them is the cost of a search
            # (migration 0004 says more).
            schema_editor.execute(f"ALTER TABLE {DOC} ALTER COLUMN {vector} SET STORAGE EXTERNAL")
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {index} ON {DOC} USING gin ({vector})"
            )

    def drop(self, schema_editor):
        for vector, _, index in self.columns():
            schema_editor.execute(f"DROP INDEX IF EXISTS {index}")
            schema_editor.execute(f"ALTER TABLE {DOC} DROP COLUMN IF EXISTS {vector}")

    def before_rebuild(self):
        # Building GIN indexes once over all rows is far faster than updating them row by row.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            for _, _, index in self.columns():
                cursor.execute(f"DROP INDEX IF EXISTS {index}")

    def after_rebuild(self):
        with connection.cursor() as cursor:
            # Deferred foreign-key checks must run first: CREATE INDEX refuses pending ones.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for vector, _, index in self.columns():
                cursor.execute(f"CREATE INDEX {index} ON {DOC} USING gin ({vector})")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


class SqliteBackend(Backend):
    """An FTS5 table (unicode61 over the segmented text) that triggers keep in step.

    Its rowid grows with the publication time (fts_key), so the newest matches have the highest
    rowids: FTS5 reads them newest first and stops after the few hundred a ranking window needs,
    where with the article id as rowid it evaluated the query over every match (most of a
    search's time at 100,000 articles). The id is the rowid's low bits; the table keeps no copy
    of the text (contentless), the documents table has it.
    """

    AND, OR = " AND ", " OR "
    ARTICLE = f"({FTS}.rowid & {SPAN - 1})"  # the article id in a rowid
    JOINED = f"{FTS} CROSS JOIN {DOC} d ON d.article_id = {ARTICLE}"
    low, high = 0, LAST_DAY * SPAN + SPAN - 1  # set by narrow(): the rowids the dates allow

    def quote(self, term):
        return f'"{term}"'

    def title_expr(self, expr):
        return f"title_terms : ({expr})"

    def match(self, column):
        # column is in the expression itself (title_expr) for FTS5
        return f"d.article_id IN (SELECT {self.ARTICLE} FROM {FTS} WHERE {FTS} MATCH %s)"

    def narrow(self, filters):
        """Set the rowid range the filters' dates allow (the SQL still checks them exactly)."""
        low, high = 0, LAST_DAY
        if filters.start is not None:
            low = day_of(filters.start)
        for moment in (filters.now, filters.end):
            if moment is not None:
                high = min(high, day_of(moment))
        self.low, self.high = low * SPAN, high * SPAN + SPAN - 1

    def source(self, column="terms"):
        # The column filter is in the MATCH expression; FTS5 seeks to the rowid range.
        return self.JOINED, f"{FTS} MATCH %s AND {FTS}.rowid BETWEEN {self.low} AND {self.high}"

    def count(self, query, filters, cap):
        self.narrow(filters)
        return super().count(query, filters, cap)

    def ids(self, query, filters, by_date=False, many=False, offset=0, limit=20):
        self.narrow(filters)
        extra, params = filters.sql()
        if by_date:
            sql, params = self.latest(self.any_expr(query), extra, params, offset + limit)
            return self._ids(sql, [*params, limit, offset])
        return super().ids(query, filters, many=many, offset=offset, limit=limit)

    def _ranked(self, query, extra, params, offset, limit):
        """Backend.ids(many=True): the same windows and tiers, in SQL that FTS5 reads fast.

        Each tier asks whether a candidate matches an expression. Listing every match between
        the oldest and the newest candidate read most of the index for a common word (the
        title window reaches far back); instead each window's rows are tested, from that
        window's oldest row on and together with the window's own expression, so every list
        is a few hundred rows at most.
        """
        any_expr = self.any_expr(query)
        windows = {"any_word": any_expr, "in_title": self.title_expr(any_expr)}
        if len(query.words) > 1:
            windows["every_word"] = self.all_expr(query)
        exact = [self.parts_expr(w.parts) for w in query.words if w.synonyms]
        windows.update({f"exact{i}": expr for i, expr in enumerate(exact)})
        head, head_params = [], []
        for name, expr in windows.items():
            sql, window_params = self.window("terms", expr, extra, params)
            head.append(f"{name} AS ({sql})")
            head_params += window_params
        union = " UNION ".join(f"SELECT article_id FROM {name}" for name in windows)
        head.append(f"candidates AS ({union})")

        def holds(expr):
            lists, list_params = [], []
            for name, window_expr in windows.items():
                oldest = (
                    f"(SELECT min({fts_key('c')}) FROM {DOC} c "
                    f"WHERE c.article_id IN (SELECT article_id FROM {name}))"
                )
                lists.append(
                    f"SELECT {self.ARTICLE} FROM {FTS} WHERE {FTS} MATCH %s "
                    f"AND {FTS}.rowid >= {oldest} AND {FTS}.rowid <= {self.high}"
                )
                list_params.append(f"({expr}) AND ({window_expr})")
            sql = f"(CASE WHEN d.article_id IN ({' UNION ALL '.join(lists)}) THEN 1 ELSE 0 END)"
            return sql, list_params

        order, order_params = [], []

        def tier(exprs, every=None):
            tests = [holds(expr) for expr in exprs]
            total = " + ".join(sql for sql, _ in tests)
            if every:
                total = f"CASE WHEN d.article_id IN ({every}) THEN {len(exprs)} ELSE {total} END"
            order.append(f"({total}) DESC")
            order_params.extend(p for _, test_params in tests for p in test_params)

        if len(query.words) > 1:
            tier([self.word_expr(w) for w in query.words], "SELECT article_id FROM every_word")
        tier([self.title_expr(self.word_expr(w)) for w in query.words])
        if exact:
            tests = (
                f"(CASE WHEN d.article_id IN (SELECT article_id FROM exact{i}) THEN 1 ELSE 0 END)"
                for i in range(len(exact))
            )
            order.append(" + ".join(tests) + " DESC")
        sql = (
            f"WITH {', '.join(head)} SELECT d.article_id FROM {DOC} d "
            f"WHERE d.article_id IN (SELECT article_id FROM candidates) "
            f"ORDER BY {', '.join(order)}, {NEWEST}"
        )
        return self._ids(sql, [*head_params, *order_params, limit, offset])

    def window(self, column, expr, extra, params):
        sql, params = self.latest(expr, extra, params, max_results())
        return f"{sql} LIMIT %s", [*params, max_results()]

    def latest(self, expr, extra, params, n):
        """SQL (and params) of the newest n documents matching expr at least, in NEWEST order.

        FTS5 walks the rowids down and stops at the n-th match. Rowids order by the day only,
        so the walk is read again from the start of that match's day, and the SQL orders those
        by the time to the microsecond.
        """
        walk = f"{FTS} MATCH %s{extra}"
        last = (
            f"SELECT {FTS}.rowid AS k FROM {self.JOINED} WHERE {walk} "
            f"AND {FTS}.rowid BETWEEN {self.low} AND {self.high} ORDER BY {FTS}.rowid DESC LIMIT %s"
        )
        start = f"SELECT max({self.low}, COALESCE(min(k) - (min(k) & {SPAN - 1}), 0)) FROM ({last})"
        sql = (
            f"SELECT d.article_id FROM {self.JOINED} WHERE {walk} AND {FTS}.rowid >= ({start}) "
            f"AND {FTS}.rowid <= {self.high} ORDER BY {NEWEST}"
        )
        return sql, [expr, *params, expr, *params, n]

    def tier(self, column, within=None):
        if within is None:
            return super().tier(column)
        # Every match of a common word is listed for IN; only the rowids between the oldest
        # and the newest ranked are needed, and FTS5 seeks to that range.
        keys = f"FROM {DOC} c WHERE c.article_id IN (SELECT article_id FROM {within})"
        bounds = f"(SELECT min({fts_key('c')}) {keys}) AND (SELECT max({fts_key('c')}) {keys})"
        return (
            f"(CASE WHEN d.article_id IN (SELECT {self.ARTICLE} FROM {FTS} WHERE {FTS} MATCH %s "
            f"AND {FTS}.rowid BETWEEN {bounds}) THEN 1 ELSE 0 END)"
        )

    def score(self, query):
        return f"-bm25({FTS}, {TITLE_WEIGHT}, 1.0)", []  # bm25 is lower for better matches

    def matching_ids_sql(self, query):
        return f"SELECT {self.ARTICLE} FROM {FTS} WHERE {FTS} MATCH %s", [self.any_expr(query)]

    # The statements below take parameters ([] at least), so Django reads %% in them as %.
    # In rowid order: FTS5 starts a new segment at every rowid lower than the last one written,
    # and thousands of segments made the index twice the size and slow to read.
    FILL = (
        f"INSERT INTO {FTS}(rowid, title_terms, terms) "
        f"SELECT {fts_key('d')}, d.title_terms, d.terms FROM {DOC} d ORDER BY 1"
    )

    def triggers(self):
        new, old = fts_key("new"), fts_key("old")
        insert = (
            f"INSERT INTO {FTS}(rowid, title_terms, terms) "
            f"VALUES ({new}, new.title_terms, new.terms);"
        )
        # A contentless table forgets a row only when told its rowid and its text.
        delete = (
            f"INSERT INTO {FTS}({FTS}, rowid, title_terms, terms) "
            f"VALUES ('delete', {old}, old.title_terms, old.terms);"
        )
        return [
            f"CREATE TRIGGER IF NOT EXISTS {FTS}_ai AFTER INSERT ON {DOC} BEGIN {insert} END",
            f"CREATE TRIGGER IF NOT EXISTS {FTS}_ad AFTER DELETE ON {DOC} BEGIN {delete} END",
            f"CREATE TRIGGER IF NOT EXISTS {FTS}_au AFTER UPDATE OF published_at, title_terms, "
            f"terms ON {DOC} BEGIN {delete} {insert} END",
        ]

    def drop_triggers(self):
        return [f"DROP TRIGGER IF EXISTS {FTS}_{name}" for name in ("ai", "ad", "au")]

    def create(self, schema_editor):
        # The triggers mirror every write of a document into the index, whatever wrote it.
        statements = [
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5(title_terms, terms, "
            "content='', tokenize='unicode61 remove_diacritics 0')",
            *self.triggers(),
            self.FILL,
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
            cursor.execute(self.FILL, [])
            for statement in self.triggers():
                cursor.execute(statement, [])


_BACKENDS = {"postgresql": PostgresBackend, "sqlite": SqliteBackend}


def for_vendor(vendor):
    try:
        return _BACKENDS[vendor]()
    except KeyError:
        raise ImproperlyConfigured(f"站内搜索不支持 {vendor} 数据库") from None


def current():
    return for_vendor(connection.vendor)
