"""Test support shipped for plug-in authors: hypothesis strategies and adapter contract suites."""
