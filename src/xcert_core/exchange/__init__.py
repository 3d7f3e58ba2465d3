"""Exchanging files with the X platform: the upload package built from the workspace
(:mod:`~xcert_core.exchange.package`) and the platform's exports applied back to it
(:mod:`~xcert_core.exchange.sync`). Pure: the packager adapter does the reading and writing."""
