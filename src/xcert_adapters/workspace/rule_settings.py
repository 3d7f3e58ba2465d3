"""Rule settings from a TOML file (the ``[rules]`` table; the workspace's ``xcert.toml`` uses the same one).

    [rules]
    disabled = ["programs"]               # rule families switched off, by name
    [rules.severity]
    "whitespace-inside" = "warning"       # "error", "warning" or "off"

A malformed file is an :class:`~xcert_core.errors.UnreadableFileError` (exit 2) saying what is wrong.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from attrs import frozen

from xcert_core.errors import UnreadableFileError
from xcert_core.issues import IssueSettings
from xcert_core.labels import Severity


@frozen
class RuleConfig:
    settings: IssueSettings
    disabled_families: tuple[str, ...] = ()

    def to_table(self) -> dict[str, Any]:
        """The ``[rules]`` table that reads back as this config."""
        levels = {code: "off" if level is None else level.value for code, level in self.settings.severity.items()}
        return {"disabled": list(self.disabled_families), "severity": levels}


def load_rule_config(path: Path | None) -> RuleConfig:
    """The ``[rules]`` table of ``path``, or the defaults when ``path`` is ``None``."""
    if path is None:
        return RuleConfig(IssueSettings())
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise UnreadableFileError(str(path), "设置文件不存在") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UnreadableFileError(str(path), f"设置文件格式错误（TOML）：{exc}") from None
    return rule_config_from(data, str(path))


def rule_config_from(data: dict[str, Any], file: str) -> RuleConfig:
    """The ``[rules]`` table of a parsed TOML document (``file`` names it in errors)."""
    rules = data.get("rules", {})
    if not isinstance(rules, dict):
        raise UnreadableFileError(file, "[rules] 应为一个表（table）")
    disabled = rules.get("disabled", [])
    if not isinstance(disabled, list) or not all(isinstance(name, str) for name in disabled):
        raise UnreadableFileError(file, "[rules] disabled 应为规则名称列表，例如 [\"programs\"]")
    severity: dict[str, Severity | None] = {}
    for code, value in rules.get("severity", {}).items():
        if value == "off":
            severity[code] = None
        elif value in ("error", "warning"):
            severity[code] = Severity.ERROR if value == "error" else Severity.WARNING
        else:
            raise UnreadableFileError(file, f"[rules.severity] 中“{code}”的值应为 error、warning 或 off")
    return RuleConfig(IssueSettings(severity), tuple(disabled))
