"""The newsroom's admin screens, one module each; imported here for Django's autodiscovery."""

from . import articles, attachments, editorial, images, sections

__all__ = ["articles", "attachments", "editorial", "images", "sections"]
