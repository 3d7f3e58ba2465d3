"""click's own texts (Usage, Options, "Show this message and exit.", "Error: …", "Missing option …") in Chinese
first, English after a slash, like every text of xcert's own.

click looks its texts up through :func:`gettext.gettext` / :func:`gettext.ngettext`, bound in each of its modules
when they are imported, and ships no Chinese catalogue; a school's machine has none either. :func:`install`
rebinds those lookups in click's modules to :func:`translate` / :func:`ntranslate`, which know click's message
ids (click 8.1–8.3's, checked against the installed click by the tests) and fall back to the English text for
any other. Placeholders (``{name}``, ``%(prog)s``) are kept, so click formats the translated text as before.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping

TEXTS: Mapping[str, str] = {
    "Usage:": "用法 / Usage:",
    "Options": "选项 / Options",
    "Commands": "命令 / Commands",
    "Positional arguments": "参数 / Arguments",
    "Show this message and exit.": "显示本帮助并退出 / Show this message and exit.",
    "Show the version and exit.": "显示版本号并退出 / Show the version and exit.",
    "Error: {message}": "错误 / Error: {message}",
    "Try '{command} {option}' for help.": "运行“{command} {option}”查看帮助 / Try '{command} {option}' for help.",
    "No such command {name!r}.": "没有命令 {name!r} / No such command {name!r}.",
    "No such option {name!r}.": "没有选项 {name!r} / No such option {name!r}.",
    "Did you mean {possibility}?": "是不是 {possibility}？/ Did you mean {possibility}?",
    "(Did you mean one of: {possibilities}?)": "（是不是其中之一：{possibilities}？）/ (Did you mean one of: "
                                               "{possibilities}?)",
    "Missing argument": "缺少参数 / Missing argument",
    "Missing option": "缺少选项 / Missing option",
    "Missing parameter": "缺少参数 / Missing parameter",
    "Missing command.": "缺少命令 / Missing command.",
    "Missing {param_type}": "缺少{param_type} / Missing {param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name} / Missing parameter: {param_name}",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值不对：{message} / Invalid value for {param_hint}",
    "Invalid value: {message}": "值不对：{message} / Invalid value",
    "Option {name!r} does not take a value.": "选项 {name!r} 后面不需要值 / Option {name!r} does not take a value.",
    "Option {name!r} requires an argument.": "选项 {name!r} 后面需要一个值 / Option {name!r} requires an argument.",
    "Option {name!r} requires {nargs} arguments.": "选项 {name!r} 后面需要 {nargs} 个值 / Option {name!r} requires "
                                                   "{nargs} arguments.",
    "Got unexpected extra argument ({args})": "多了参数（{args}）/ Got unexpected extra argument ({args})",
    "Got unexpected extra arguments ({args})": "多了参数（{args}）/ Got unexpected extra arguments ({args})",
    "{value!r} is not one of {choices}.": "{value!r} 不是可选值 {choices} 之一 / {value!r} is not one of {choices}.",
    "{value!r} is not {choice}.": "{value!r} 不是 {choice} / {value!r} is not {choice}.",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的{number_type} / {value!r} is not a valid "
                                               "{number_type}.",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 内 / {value} is not in the range {range}.",
    "{value!r} is not a valid boolean. Recognized values: {states}": "{value!r} 不是是/否值，可用：{states} / "
                                                                     "not a boolean",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在 / {name} {filename!r} does not exist.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是文件夹，应为文件 / {name} {filename!r} is a "
                                           "directory.",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是文件，应为文件夹 / {name} {filename!r} is a file.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} 无法读取 / {name} {filename!r} is not readable.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} 无法写入 / {name} {filename!r} is not writable.",
    "Could not open file {filename!r}: {message}": "无法打开文件 {filename!r}：{message} / Could not open file "
                                                   "{filename!r}",
    "file": "文件 / file",
    "directory": "文件夹 / directory",
    "path": "路径 / path",
    "default: {default}": "默认 / default: {default}",
    "required": "必填 / required",
    "Aborted!": "已中断 / Aborted!",
}
"""click's message id -> xcert's bilingual text."""

MODULES = ("click.core", "click.exceptions", "click.decorators", "click.formatting", "click.types", "click.parser",
           "click.termui")
"""The click modules that bind ``_`` (and ``ngettext``) at import time."""


def translate(message: str) -> str:
    """The bilingual text of one of click's messages, or the message itself."""
    return TEXTS.get(message, message)


def ntranslate(singular: str, plural: str, n: int) -> str:
    """:func:`translate` of the singular or plural form, as :func:`gettext.ngettext` would choose."""
    return translate(singular if n == 1 else plural)


def install() -> None:
    """Make click speak xcert's languages (idempotent; click modules that do not exist are skipped)."""
    for name in MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:  # pragma: no cover - a click without that module
            continue
        if hasattr(module, "_"):
            module._ = translate  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ntranslate  # type: ignore[attr-defined]
