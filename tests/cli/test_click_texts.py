"""click's own words in Chinese first (#17 item 7): every text xcert translates is one click really uses, keeps
click's placeholders, and shows up in real help and error output."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from cli_run import xcert
from xcert_adapters.cli.click_texts import TEXTS, ntranslate, translate

CLICK_SOURCE = "\n".join(p.read_text("utf-8") for p in Path(click.__file__).parent.glob("*.py"))
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\([a-z]+\)s")


@pytest.mark.parametrize("message", sorted(TEXTS))
def test_each_text_is_one_click_uses_and_keeps_its_placeholders(message: str) -> None:
    assert repr(message)[1:-1] in CLICK_SOURCE or message in CLICK_SOURCE, f"click no longer says {message!r}"
    assert set(PLACEHOLDER.findall(TEXTS[message])) == set(PLACEHOLDER.findall(message))
    assert re.search(r"[\u4e00-\u9fff]", TEXTS[message]), "Chinese first"


def test_unknown_texts_pass_through_and_plurals_choose_by_count() -> None:
    assert translate("Something click may add one day") == "Something click may add one day"
    one = ntranslate("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})", 1)
    two = ntranslate("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})", 2)
    assert one.endswith("argument ({args})") and two.endswith("arguments ({args})")


def test_help_and_errors_speak_chinese_first() -> None:
    helped = xcert("plans", "--help")
    assert helped.returncode == 0
    for text in ("用法 / Usage:", "选项 / Options:", "命令 / Commands:", "显示本帮助并退出"):
        assert text in helped.stdout
    missing = xcert("plans", "import")
    assert missing.returncode == 2 and "错误 / Error: 缺少参数" in missing.stderr and "查看帮助" in missing.stderr
    wrong = xcert("quota", "set", "X", "--approved", "abc")
    assert wrong.returncode == 2 and "的值不对" in wrong.stderr
    assert "必填 / required]" in xcert("quota", "set", "--help").stdout
