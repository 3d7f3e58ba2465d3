"""Test and benchmark support for adapters (a throwaway PostgreSQL server)."""
