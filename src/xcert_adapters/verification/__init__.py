"""Identity verifiers that read files: the platform-results verifier."""
