"""Helpers of the real-browser WebVTT test (tests/test_browser_webvtt.py)."""
