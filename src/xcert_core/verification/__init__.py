"""Candidate verification (认证): the state machine, its event log, and batch verification."""
