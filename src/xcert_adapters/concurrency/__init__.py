"""Using the second core where it pays: rule families run in a forked worker process."""
