"""Downloader middlewares, enabled in crawler/settings.py."""
