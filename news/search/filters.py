"""What narrows a search, as SQL over the documents table (alias d)."""


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
