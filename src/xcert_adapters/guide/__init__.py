"""The Chinese user guide for school staff (使用指南), shipped with the package so ``xcert guide`` shows it
offline, and included whole by the documentation's ``docs/zh/`` pages (one text, two places to read it).

:data:`TOPICS` maps each topic's Chinese name (and an English alias) to its page; :func:`page` reads one.
"""

from __future__ import annotations

from importlib.resources import files

TOPICS: dict[str, str] = {
    "目录": "index.md", "安装": "install.md", "步骤": "steps.md", "错误": "errors.md", "平台": "platform.md",
}
"""Topic -> page, in reading order (目录 first)."""
ALIASES: dict[str, str] = {"index": "目录", "install": "安装", "steps": "步骤", "errors": "错误", "platform": "平台"}
"""English names a developer may type for the same topics."""


def page(topic: str) -> str:
    """The Markdown text of ``topic`` (a key of :data:`TOPICS` or :data:`ALIASES`); ``KeyError`` for another."""
    name = TOPICS[ALIASES.get(topic, topic)]
    return files(__package__ or "xcert_adapters.guide").joinpath(name).read_text(encoding="utf-8")
