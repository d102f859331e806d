"""Reprint import: recognise an article reprinted from a newspaper, news site or Word file."""

from .errors import ReprintError
from .parser import ParsedReprint, parse_reprint

__all__ = ["ParsedReprint", "ReprintError", "parse_reprint"]
