"""Helpers of the real-browser WebVTT test (tests/formats/test_webvtt_in_chromium.py)."""
