"""Spiders: one generic spider, driven by each source's registry entry."""

from .source import SourceSpider

__all__ = ["SourceSpider"]
