"""The roster's rule families, each a plug-in registered by :mod:`xcert_core.roster.rules.plugin`."""
