"""The single source of xcert's version number (read by the build backend and by ``xcert --version``)."""

__version__ = "0.1.0"
