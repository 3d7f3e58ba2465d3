"""The workspace file ``xcert.toml``: the school, its evaluation organisation, the year, where the data lives,
and the settings every command shares.

    [school]                      # 试点院校
    code = "4133010001"
    name = "示范职业技术学院"
    [organization]                # 培训评价组织
    code = "fhxlh"
    name = "凤凰新联合（北京）教育科技有限公司"
    [workspace]
    year = 2026
    storage = "sqlite:///xcert.db"  # a relative SQLite path is relative to this file's folder
    font = ""                       # a CJK TrueType font for the PDFs; empty: found on the system
    practice = false                # 练习工作区: simulated verification (--verifier fake) allowed
    organisation = false            # 培训评价组织的工作区: many schools (xcert init --organisation)
    [schedule]
    seed = 1                        # same data and seed: same seats
    proctors_per_room = 2
    inspectors_per_site = 1
    cross_invigilation = false      # 交叉监考: no proctor watches candidates of their own school
    ticket_scheme = "default"       # the 准考证号 scheme: a registered ticket-scheme plug-in
    [rules]                         # as in ``--settings`` files (see rule_settings)
    [scores.columns]                # the platform's score export's headers, where they differ from xcert's
    score = "考核成绩"                # field = "header" (fields: xcert_core.results.score_sheet.SCORE_COLUMNS)
    [adapters.renderer.pdf]         # keyword options for one plug-in: [adapters.<kind>.<name>]
    tickets_per_page = 2

Reading is strict: a malformed file is an :class:`~xcert_core.errors.UnreadableFileError` (exit 2) naming
the setting and what it should be. Writing uses ``tomli-w`` (a TOML writer; the standard library only reads).
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import attrs
import tomli_w
from attrs import frozen

from xcert_adapters.workspace.rule_settings import RuleConfig, rule_config_from
from xcert_core.errors import UnreadableFileError
from xcert_core.plugins import OPTION_KEYS
from xcert_core.privacy import mask_secrets
from xcert_core.reference_data import FENGHUANG

CONFIG_NAME = "xcert.toml"
DEFAULT_STORAGE = "sqlite:///xcert.db"
DEFAULT_ORGANIZATION_CODE = "fhxlh"


@frozen
class WorkspaceConfig:
    """What ``xcert.toml`` says. ``storage_url`` is as written (a relative SQLite path is resolved by
    :meth:`resolved_storage_url`)."""

    school_code: str
    school_name: str
    year: int
    organization_code: str = DEFAULT_ORGANIZATION_CODE
    organization_name: str = FENGHUANG
    school_address: str = ""
    storage_url: str = DEFAULT_STORAGE
    font: str = ""
    practice: bool = False
    """A practice workspace (练习工作区, the demo's): simulated verification may write its made-up verdicts."""
    organisation: bool = False
    """The 培训评价组织's workspace (``xcert init --organisation``): many schools' registrations (``xcert org
    import``); its own code is the organisation's, and so is the "school" of its own proctors."""
    seed: int = 1
    proctors_per_room: int = 2
    inspectors_per_site: int = 1
    cross_invigilation: bool = False
    """交叉监考: proctors and inspectors never watch candidates of their own school (several schools' candidates
    at one site, as the organisation schedules them)."""
    ticket_scheme: str = "default"
    rules: RuleConfig = attrs.field(factory=lambda: rule_config_from({}, CONFIG_NAME))
    adapters: dict[str, dict[str, dict[str, Any]]] = attrs.field(factory=dict)
    """``[adapters.<kind>.<name>]``: keyword options given to that plug-in's factory (kinds: :data:`ADAPTER_KINDS`)."""
    score_columns: dict[str, str] = attrs.field(factory=dict)
    """``[scores.columns]``: the score export's header for a field of the score sheet, where it is not xcert's."""

    def adapter_options(self, kind: str, name: str) -> dict[str, Any]:
        """The options ``xcert.toml`` gives the ``kind`` plug-in ``name`` (empty when none)."""
        return dict(self.adapters.get(kind, {}).get(name, {}))

    def resolved_storage_url(self, root: Path) -> str:
        """The storage URL with a relative SQLite path made absolute against the workspace folder ``root``."""
        prefix = "sqlite:///"
        if self.storage_url.startswith(prefix):
            path = self.storage_url[len(prefix):]
            if path and path != ":memory:" and not Path(path).is_absolute():
                return prefix + str((root / path).resolve())
        return self.storage_url

    def to_toml(self) -> str:
        """The file text; reading it back gives an equal config (rule settings included)."""
        document: dict[str, Any] = {
            "school": {"code": self.school_code, "name": self.school_name, "address": self.school_address},
            "organization": {"code": self.organization_code, "name": self.organization_name},
            "workspace": {"year": self.year, "storage": self.storage_url, "font": self.font,
                          **({"practice": True} if self.practice else {}),
                          **({"organisation": True} if self.organisation else {})},
            "schedule": {"seed": self.seed, "proctors_per_room": self.proctors_per_room,
                         "inspectors_per_site": self.inspectors_per_site,
                         **({"cross_invigilation": True} if self.cross_invigilation else {}),
                         "ticket_scheme": self.ticket_scheme},
            "rules": self.rules.to_table(),
            **({"adapters": self.adapters} if self.adapters else {}),
            **({"scores": {"columns": self.score_columns}} if self.score_columns else {}),
        }
        header = "# xcert 工作区设置 / xcert workspace settings. 修改后重新运行命令即可生效。\n\n"
        return header + tomli_w.dumps(document)


def _value(data: dict[str, Any], table: str, key: str, kind: type, default: Any, file: str) -> Any:
    section = data.get(table, {})
    if not isinstance(section, dict):
        raise UnreadableFileError(file, f"[{table}] 应为一个表（table）")
    value = section.get(key, default)
    if (kind is int and isinstance(value, bool)) or not isinstance(value, kind):
        expected = {str: "文字", int: "整数", bool: "true 或 false"}[kind]
        raise UnreadableFileError(file, f"[{table}] {key} 应为{expected}，现在是 {value!r}")
    return value


KNOWN_SETTINGS = {
    "school": ("code", "name", "address"), "organization": ("code", "name"),
    "workspace": ("year", "storage", "font", "practice", "organisation"),
    "schedule": ("seed", "proctors_per_room", "inspectors_per_site", "cross_invigilation", "ticket_scheme"),
    "rules": ("disabled", "severity"), "adapters": (), "scores": ("columns",),
}
"""Every table and key ``xcert.toml`` may hold: a misspelt one is refused, never silently ignored."""
MAX_STAFF = 20


ADAPTER_KINDS = tuple(OPTION_KEYS.values())
"""The plug-in kinds ``[adapters.<kind>.<name>]`` may give options to (the typed accessors of
:class:`~xcert_core.plugins.XcertPlugins`)."""


def _adapters(table: object, file: str) -> dict[str, dict[str, dict[str, Any]]]:
    """``[adapters]`` read strictly: known kinds, a table per plug-in name, plain option values."""
    if not isinstance(table, dict):
        raise UnreadableFileError(file, "[adapters] 应为一个表（table）")
    result: dict[str, dict[str, dict[str, Any]]] = {}
    for kind, names in table.items():
        if kind not in ADAPTER_KINDS:
            raise UnreadableFileError(file, f"[adapters] 中没有插件类型“{kind}”（可用的有 {'、'.join(ADAPTER_KINDS)}）")
        if not isinstance(names, dict) or not all(isinstance(options, dict) for options in names.values()):
            raise UnreadableFileError(file, f"[adapters.{kind}] 应为 [adapters.{kind}.插件名称] 这样的表")
        for name, options in names.items():
            bad = [key for key, value in options.items() if not isinstance(value, str | int | float | bool)]
            if bad:
                raise UnreadableFileError(file, f"[adapters.{kind}.{name}] 的 {'、'.join(bad)} 应为文字、数字或 "
                                                "true/false")
        result[kind] = {name: dict(options) for name, options in names.items()}
    return result


def _score_columns(table: object, file: str) -> dict[str, str]:
    """``[scores.columns]``: field = header, both text, fields of the score sheet only."""
    from xcert_core.results.score_sheet import score_columns  # noqa: PLC0415

    columns = table.get("columns", {}) if isinstance(table, dict) else None
    if not isinstance(columns, dict) or not all(isinstance(v, str) and v.strip() for v in columns.values()):
        raise UnreadableFileError(file, '[scores.columns] 应为“字段 = \"表头\"”，如 score = "考核成绩"')
    mapping = {key: value.strip() for key, value in columns.items()}
    try:
        score_columns(mapping)
    except ValueError as exc:
        raise UnreadableFileError(file, str(exc)) from None
    return mapping


def _refuse_unknown(data: dict[str, Any], file: str) -> None:
    for table, content in data.items():
        if table == "adapters":
            continue  # read by _adapters, which knows its own shape
        if table not in KNOWN_SETTINGS:
            raise UnreadableFileError(file, f"未知的设置表 [{table}]（可用的有 "
                                            f"{'、'.join(f'[{t}]' for t in KNOWN_SETTINGS)}）")
        if isinstance(content, dict):
            for key in content:
                if key not in KNOWN_SETTINGS[table]:
                    raise UnreadableFileError(file, f"[{table}] 中没有设置“{key}”（可用的有 "
                                                    f"{'、'.join(KNOWN_SETTINGS[table])}）")


def parse_config(text: str, file: str) -> WorkspaceConfig:
    """The config a ``xcert.toml`` text describes; ``UnreadableFileError`` naming what is wrong."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UnreadableFileError(file, f"工作区设置格式错误（TOML）：{exc}") from None

    def get(table: str, key: str, kind: type, default: Any) -> Any:
        return _value(data, table, key, kind, default, file)

    _refuse_unknown(data, file)

    school_code = get("school", "code", str, "").strip()
    if not school_code:
        raise UnreadableFileError(file, "[school] code（院校代码）不能为空：请填写学校在平台上的院校代码")
    config = WorkspaceConfig(
        school_code=school_code, school_name=get("school", "name", str, "本校").strip() or "本校",
        school_address=get("school", "address", str, ""),
        organization_code=get("organization", "code", str, DEFAULT_ORGANIZATION_CODE),
        organization_name=get("organization", "name", str, FENGHUANG),
        year=get("workspace", "year", int, 0), storage_url=get("workspace", "storage", str, DEFAULT_STORAGE),
        font=get("workspace", "font", str, ""), practice=get("workspace", "practice", bool, False),
        organisation=get("workspace", "organisation", bool, False),
        seed=get("schedule", "seed", int, 1),
        proctors_per_room=get("schedule", "proctors_per_room", int, 2),
        inspectors_per_site=get("schedule", "inspectors_per_site", int, 1),
        cross_invigilation=get("schedule", "cross_invigilation", bool, False),
        ticket_scheme=get("schedule", "ticket_scheme", str, "default").strip() or "default",
        rules=rule_config_from(data, file),
        adapters=_adapters(data.get("adapters", {}), file),
        score_columns=_score_columns(data.get("scores", {}), file),
    )
    for key, value in (("proctors_per_room", config.proctors_per_room),
                       ("inspectors_per_site", config.inspectors_per_site)):
        if not 0 <= value <= MAX_STAFF:
            raise UnreadableFileError(file, f"[schedule] {key} 应为 0 到 {MAX_STAFF} 之间的整数，现在是 {value}")
    if config.seed < 0:
        raise UnreadableFileError(file, f"[schedule] seed 应为不小于 0 的整数，现在是 {config.seed}")
    if not 2000 <= config.year <= 2100:
        raise UnreadableFileError(file, f"[workspace] year 应为考试年份（如 2026），现在是 {config.year}")
    if mask_secrets(config.storage_url) != config.storage_url:
        raise UnreadableFileError(file, "[workspace] storage 中不能写数据库密码：请删去密码，把它写入工作区的 "
                                        'xcert.credentials 文件（一行 password = "密码"，仅本用户可读）或环境变量 '
                                        "XCERT_DB_PASSWORD")
    if "://" not in config.storage_url:
        raise UnreadableFileError(file, "[workspace] storage 应为存储地址，如 sqlite:///xcert.db 或 "
                                        "postgresql://用户@主机/数据库")
    return config


def read_config(path: Path) -> WorkspaceConfig:
    """:func:`parse_config` of the file at ``path``."""
    try:
        text = path.read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UnreadableFileError(str(path), f"无法读取工作区设置（{exc}）") from None
    return parse_config(text, str(path))
