"""Output stores (:mod:`xcert_core.ports.outputs`): the built-in folder store."""
