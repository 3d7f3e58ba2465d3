"""``docs/how-to/call-the-http-api.md`` is true: its curl examples run for real against ``xcert serve``.

The page's first ``sh`` block starts the server on the demo workspace; the fixture does exactly that (``xcert demo
报考演示 --students 40``, then ``xcert serve`` in that folder) with ``--port 0`` added, so that the test never
meets a port in use. The second block cuts ``XCERT`` and ``TOKEN`` out of the line ``xcert serve`` printed: it
runs with the real line pasted in place of the page's example line, and must give the real base address and
token. Every other ``sh`` block runs verbatim with ``bash -c`` in the workspace folder, with those two
variables set, as a reader's second terminal would have them; its answer is checked against what the page says
(the JSON block or the ``curl -i`` output shown after it: the same status, headers and JSON fields) and against
the command line's ``--json`` for the same work.
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from openapi_spec_validator import validate as validate_openapi

from cli_run import XCERT, run_xcert
from demo_folders import copy_demo
from test_doc_examples import DOCS, FENCE
from xcert_adapters.workspace import Workspace
from xcert_core.labels import VerificationState
from xcert_core.model import Candidate

PAGE = DOCS / "how-to" / "call-the-http-api.md"
EXAMPLE_LINE = "http://127.0.0.1:8000/?token=Jf3…"
"""The line ``xcert serve`` printed, as the page shows it: the test pastes the real one in its place."""
DEMO = "报考演示"

pytestmark = pytest.mark.skipif(shutil.which("curl") is None or shutil.which("bash") is None,
                                reason="the API guide's examples need curl and bash, which are not installed")


class Block:
    """A fenced block of the page: its info string, its text and the line it starts on."""

    def __init__(self, info: str, body: str, line: int) -> None:
        self.info, self.body, self.line = info, body, line

    def __repr__(self) -> str:
        return f"{self.info} block at line {self.line}"


def page_blocks() -> list[Block]:
    text = PAGE.read_text("utf-8")
    return [Block(m.group("info").strip(), m.group("body"), text.count("\n", 0, m.start("body")) + 1)
            for m in FENCE.finditer(text)]


def examples() -> list[tuple[Block, Block | None]]:
    """Each ``sh`` block after the two that start the server, with the block that shows its answer (the next
    block, when it is ``json`` or ``text``)."""
    blocks = page_blocks()
    found = []
    for n, block in enumerate(blocks):
        if block.info == "sh":
            after = blocks[n + 1] if n + 1 < len(blocks) and blocks[n + 1].info in ("json", "text") else None
            found.append((block, after))
    return found[2:]


# --- the server, as the page starts it ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, demo_master: Path) -> Iterator[tuple[Path, str]]:
    """The page's first block, run: the demo workspace and ``xcert serve`` in it. Yields the workspace folder
    and the first line the server printed."""
    start = [line.split("#")[0].strip() for line in examples_start().body.splitlines()]
    assert start == [f"xcert demo {DEMO} --students 40", f"cd {DEMO}", "xcert serve"], start
    folder = copy_demo(demo_master, tmp_path_factory.mktemp("api-guide") / DEMO)  # what `xcert demo` made
    env = {key: value for key, value in os.environ.items() if key != "XCERT_WORKSPACE"}
    process = subprocess.Popen([*XCERT, "serve", "--port", "0"], cwd=folder, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        yield folder, process.stdout.readline().strip()
    finally:
        process.terminate()
        process.communicate(timeout=20)


def examples_start() -> Block:
    return next(block for block in page_blocks() if block.info == "sh")


@pytest.fixture(scope="module")
def variables(served: tuple[Path, str]) -> dict[str, str]:
    """The page's second block, run with the real first line pasted in: ``XCERT`` and ``TOKEN``."""
    _, line = served
    match = re.fullmatch(r"(http://127\.0\.0\.1:\d+)/\?token=([\w-]{40,})", line)
    assert match, f"xcert serve printed {line!r} first"
    block = [block for block in page_blocks() if block.info == "sh"][1]
    assert EXAMPLE_LINE in block.body, f"{block} no longer shows {EXAMPLE_LINE!r}"
    script = block.body.replace(EXAMPLE_LINE, line) + 'printf "%s\\n%s\\n" "$XCERT" "$TOKEN"\n'
    result = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=30, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [match[1], match[2]]
    return {"XCERT": match[1], "TOKEN": match[2]}


def run_example(block: Block, folder: Path, variables: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **variables, "no_proxy": "127.0.0.1,localhost", "NO_PROXY": "127.0.0.1,localhost"}
    return subprocess.run(["bash", "-c", block.body], cwd=folder, env=env, capture_output=True, text=True,
                          timeout=120, check=False)


def command_json(folder: Path, *args: str, cwd: Path | None = None) -> Any:
    """``xcert --workspace FOLDER ARGS --json``'s JSON (run in ``cwd``, default the workspace)."""
    result = run_xcert("--workspace", folder, *args, "--json", cwd=cwd or folder, plugins=True)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


# --- what the page says an answer looks like -----------------------------------------------------------------


def assert_same_shape(shown: Any, real: Any, where: str = "") -> None:
    """The page's (shortened) JSON has the real answer's shape: every object the same field names, every field
    the same JSON type where both are not null; a list shown with an element is not empty, and each real
    element has the shape of the one shown."""
    if isinstance(shown, dict):
        assert isinstance(real, dict), where
        assert set(shown) == set(real), (where, sorted(set(shown) ^ set(real)))
        for key in shown:
            assert_same_shape(shown[key], real[key], f"{where}.{key}")
    elif isinstance(shown, list):
        assert isinstance(real, list), where
        if shown:
            assert real, f"{where}: the page shows an element, the answer has none"
            for element in real:
                assert_same_shape(shown[0], element, f"{where}[]")
    elif shown is not None and real is not None:
        assert type(shown) is type(real) or {type(shown), type(real)} <= {int, float}, (where, shown, real)


def split_response(text: str) -> tuple[str, dict[str, str], Any]:
    """``curl -i`` output (or the page's copy of it): the status line, the headers, the JSON body."""
    head, _, body = text.replace("\r\n", "\n").partition("\n\n")
    status, *lines = head.splitlines()
    headers = {name.strip().lower(): value.strip() for name, _, value in (line.partition(":") for line in lines)}
    return status.strip(), headers, json.loads(body)


def documented_json(answer: Block | None) -> Any:
    assert answer is not None and answer.info == "json", "the page shows no JSON answer after the example"
    return json.loads(answer.body)


def as_documented(output: str, answer: Block | None) -> Any:
    """A ``curl -i`` answer that is what the page shows: the status line, every header shown with its value, the
    JSON body."""
    assert answer is not None and answer.info == "text", "the page shows no curl -i answer after the example"
    status, headers, body = split_response(output)
    shown_status, shown_headers, shown_body = split_response(answer.body)
    assert status == shown_status
    assert {name: headers.get(name) for name in shown_headers} == shown_headers
    assert body == shown_body
    return body


# --- each example and what must be true of its answer --------------------------------------------------------


Check = Callable[[str, Block | None, Path], None]


def _status(output: str, answer: Block | None, folder: Path) -> None:
    real = json.loads(output)
    assert_same_shape(documented_json(answer), real)
    assert real == command_json(folder, "status")
    assert real["ready"] is True and len(real["steps"]) == 12


def _students_check(output: str, answer: Block | None, folder: Path) -> None:
    real = json.loads(output)
    assert_same_shape(documented_json(answer), real)
    assert real == command_json(folder, "students", "check", "学生名单-原始.xlsx", cwd=folder / "资料")
    assert {"pinyin-wrong-reading", "gender-id-mismatch"} <= {issue["code"] for issue in real["issues"]}
    assert not list((folder / ".uploads").glob("*"))  # nothing kept


def _photos_check(output: str, answer: Block | None, folder: Path) -> None:
    real = json.loads(output)
    assert_same_shape(documented_json(answer), real)
    assert real == command_json(folder, "photos", "check", "学生照片-原始.zip", cwd=folder / "资料")
    assert {"photo-pixel-size", "photo-background"} <= {issue["code"] for issue in real["issues"]}


def _students(output: str, answer: Block | None, folder: Path) -> None:
    real = json.loads(output)
    assert_same_shape(documented_json(answer), real)
    with Workspace.open(folder, env={}) as workspace:
        verified = workspace.storage.list(Candidate, school_code=workspace.school_code,
                                          state=VerificationState.VERIFIED)
        school = workspace.school_code
    assert (real["school_code"], real["count"], real["page"], real["per_page"], real["pages"]) == (
        school, len(verified), 2, 10, math.ceil(len(verified) / 10))
    assert [c["name"] for c in real["candidates"]] == [c.name for c in verified[10:20]]
    assert all(c["state_label"] == "信息准确" for c in real["candidates"])
    numbers = {c.id_number for c in verified} | {c.mobile for c in verified}
    assert not [number for number in numbers if number in output]  # masked


def _documents(output: str, answer: Block | None, folder: Path) -> None:
    real = json.loads(output)
    assert_same_shape(documented_json(answer), real)
    # the command after the API: nothing changed in between, so both keep every file and say the same
    assert real == command_json(folder, "documents", "--plan", "DMI-1")
    assert real["printed"] is True and real["written"] == [] and len(real["kept"]) == len(real["files"]) > 0


def _jobs(output: str, answer: Block | None, folder: Path) -> None:
    decoder, answers, at = json.JSONDecoder(), [], 0
    while at < len(output.strip()):  # curl ends no answer with a newline: the two objects follow each other
        value, at = decoder.raw_decode(output, at)
        answers.append(value)
    started, ended = answers
    assert started["plan"] == ended["plan"] == "DMI-1" and started["started_at"] == ended["started_at"]
    assert ended["state"] == "done" and ended["percent"] == 100 and ended["error"] == ""
    assert_same_shape(documented_json(answer), ended)
    assert ended["pack"] == command_json(folder, "documents", "--plan", "DMI-1")  # what the command says


def _openapi(output: str, answer: Block | None, folder: Path) -> None:
    document = json.loads((folder / "openapi.json").read_text("utf-8"))
    validate_openapi(document)
    assert document["openapi"].startswith("3.1")
    routes = set(re.findall(r"^\| `(GET|POST) (/api/\S+)` \|", PAGE.read_text("utf-8"), re.MULTILINE))
    assert routes == {(method.upper(), path) for path, item in document["paths"].items() for method in item
                      if method in ("get", "post")}  # the page's table lists every route, and only those


def _unauthorized(output: str, answer: Block | None, folder: Path) -> None:
    as_documented(output, answer)


def _unreadable_upload(output: str, answer: Block | None, folder: Path) -> None:
    as_documented(output, answer)
    assert not list((folder / ".uploads").glob("*"))


def _unknown_plan(output: str, answer: Block | None, folder: Path) -> None:
    as_documented(output, answer)
    assert not (folder / "output" / "DMI-9").exists()


def _bad_parameter(output: str, answer: Block | None, folder: Path) -> None:
    as_documented(output, answer)


EXAMPLES: list[tuple[str, Check]] = [
    ('-H "Authorization: Bearer $TOKEN" "$XCERT/api/v1/status"', _status),
    ("-F file=@资料/学生名单-原始.xlsx", _students_check),
    ("-F file=@资料/学生照片-原始.zip", _photos_check),
    ('--get "$XCERT/api/v1/students"', _students),
    ('-X POST "$XCERT/api/v1/plans/DMI-1/documents"', _documents),
    ('-X POST "$XCERT/api/v1/plans/DMI-1/documents/jobs"', _jobs),
    ('-o openapi.json "$XCERT/api/openapi.json"', _openapi),
    ('curl -sS -i "$XCERT/api/v1/status"', _unauthorized),
    ('-F file=@资料/学生照片.zip "$XCERT/api/v1/students/check"', _unreadable_upload),
    ('-X POST "$XCERT/api/v1/plans/DMI-9/documents"', _unknown_plan),
    ('"$XCERT/api/v1/students?per_page=900"', _bad_parameter),
]
"""In the page's order: what identifies each example, and what its answer must be."""


def test_every_example_of_the_page_is_checked() -> None:
    found = examples()
    assert len(found) == len(EXAMPLES), [block.body for block, _ in found]
    for (block, _), (mark, _check) in zip(found, EXAMPLES, strict=True):
        assert mark in block.body, f"{block} is not the example {mark!r}"
        assert "curl" in block.body


@pytest.mark.parametrize("number", range(len(EXAMPLES)), ids=[check.__name__.strip("_") for _, check in EXAMPLES])
def test_the_example_answers_what_the_page_says(number: int, served: tuple[Path, str],
                                                 variables: dict[str, str]) -> None:
    folder, _ = served
    block, answer = examples()[number]
    result = run_example(block, folder, variables)
    assert result.returncode == 0, f"{block}: curl exited {result.returncode}: {result.stderr}{result.stdout[:500]}"
    EXAMPLES[number][1](result.stdout, answer, folder)


def test_examples_fail_in_a_script_with_a_wrong_token(served: tuple[Path, str], variables: dict[str, str]) -> None:
    """What the page says of ``--fail-with-body``: with an old token curl exits 22 and still prints the JSON."""
    folder, _ = served
    block, _ = examples()[0]
    result = run_example(block, folder, {**variables, "TOKEN": "an-old-token"})
    assert result.returncode == 22 and "error" in json.loads(result.stdout)

