"""Spiders: one per way an outlet exposes its articles."""

from .feed import FeedSpider

__all__ = ["FeedSpider"]
