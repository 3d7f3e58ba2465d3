"""Reference data loaded from files the school copies from the platform (program catalogue …)."""
