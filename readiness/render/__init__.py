"""Renderers: pure functions from the core's results to text."""
