"""The newsroom's admin screens, one module each; imported here for Django's autodiscovery."""

from . import articles, editorial, images, sections

__all__ = ["articles", "editorial", "images", "sections"]
