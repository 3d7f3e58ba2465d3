"""``xcert serve``: the web workbench and the HTTP API — authentication, the API's JSON against the command
line's, the OpenAPI document against real responses, CSRF, uploads, and the pages in a real browser."""

from __future__ import annotations

import base64
import io
import json
import re
import shutil
import subprocess
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import httpx
import pytest
from jsonschema import Draft202012Validator
from litestar.testing import TestClient
from openapi_spec_validator import validate as validate_openapi
from PIL import Image
from pypdf import PdfReader

from browser import Browser, served_browser
from cli_run import XCERT, run_xcert, xcert
from demo_folders import copy_demo
from xcert_adapters.app.documents import print_pack
from xcert_adapters.app.print_jobs import PrintJobs
from xcert_adapters.app.statistics import statistics_report
from xcert_adapters.web.app import create_app
from xcert_adapters.web.security import SESSION_COOKIE, Gate, is_loopback
from xcert_adapters.workspace import Workspace
from xcert_core.model import AuditEntry, Candidate, SeatAssignment, SeatChange

TOKEN = "test-token-0123456789"
BEARER = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, demo_master: Path) -> Path:
    """The demo school (40 students) after all eleven steps (a copy of the run's demo)."""
    return copy_demo(demo_master, tmp_path_factory.mktemp("web") / "demo")


@pytest.fixture(scope="module")
def full_numbers(demo: Path) -> set[str]:
    with Workspace.open(demo, env={}) as workspace:
        return {c.id_number for c in workspace.storage.list(Candidate)}


@pytest.fixture
def demo_copy(demo: Path, tmp_path: Path) -> Path:
    """A fresh copy of the demo for a test that changes it."""
    copy = tmp_path / "demo"
    shutil.copytree(demo, copy)
    return copy


@pytest.fixture
def client(demo: Path) -> Iterator[TestClient[Any]]:
    with TestClient(create_app(demo, Gate(TOKEN))) as test_client:
        yield test_client


def signed_in(client: TestClient[Any]) -> TestClient[Any]:
    opened = client.get(f"/?token={TOKEN}", follow_redirects=False)
    assert opened.status_code == 303 and opened.headers["location"] == "/"
    return client


# --- authentication ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/students", "/photos", "/plans/", "/plans/DMI-1/documents/", "/audit",
                                  "/api/v1/status", "/api/v1/students", "/api/v1/plans/DMI-1/results",
                                  "/api/v1/plans/DMI-1/fees", "/api/v1/reports/statistics", "/api/openapi.json",
                                  "/no-such-page"])
def test_nothing_is_reachable_without_the_token(client: TestClient[Any], path: str) -> None:
    assert client.get(path).status_code == 401
    assert client.get(path, headers={"Authorization": "Bearer wrong"}).status_code == 401
    with TestClient(client.app, cookies={SESSION_COOKIE: "forged"}) as forged:
        assert forged.get(path).status_code == 401
    assert client.post("/api/v1/students/check", files={"file": ("a.csv", b"x")}).status_code == 401


def test_the_token_opens_a_session_cookie_and_leaves_the_address_bar(client: TestClient[Any]) -> None:
    assert client.get("/?token=wrong").status_code == 401
    opened = client.get(f"/students?token={TOKEN}", follow_redirects=False)
    assert opened.status_code == 303 and opened.headers["location"] == "/students"  # the token is not kept
    cookie = opened.headers["set-cookie"]
    assert cookie.startswith(f"{SESSION_COOKIE}=") and TOKEN not in cookie
    assert "HttpOnly" in cookie and "samesite=strict" in cookie.lower()
    page = client.get("/")
    assert page.status_code == 200 and "报考准备情况" in page.text and '<html lang="zh-CN">' in page.text
    # pages take the cookie only, the API the bearer token only
    assert client.get("/api/v1/status").status_code == 401
    fresh = TestClient(client.app)
    assert fresh.get("/", headers=BEARER).status_code == 401


# --- the API gives the command line's JSON ------------------------------------------------------------------


def test_status_is_the_same_json_as_the_command(client: TestClient[Any], demo: Path) -> None:
    api = client.get("/api/v1/status", headers=BEARER)
    assert api.status_code == 200
    command = xcert("--workspace", str(demo), "status", "--json")
    assert api.json() == json.loads(command.stdout)
    assert api.json()["ready"] is True and len(api.json()["steps"]) == 12  # the eleven, then after the exam


def test_students_check_is_the_same_json_as_the_command(client: TestClient[Any], demo: Path,
                                                        full_numbers: set[str]) -> None:
    roster = demo / "资料" / "学生名单-原始.xlsx"  # the demo's roster with the school's real mistakes
    api = client.post("/api/v1/students/check", files={"file": (roster.name, roster.read_bytes())}, headers=BEARER)
    assert api.status_code == 200
    command = run_xcert("--workspace", demo, "students", "check", roster.name, "--json", cwd=roster.parent)
    assert command.returncode == 1, command.stderr
    assert api.json() == json.loads(command.stdout)
    assert {i["code"] for i in api.json()["issues"]} >= {"pinyin-wrong-reading", "gender-id-mismatch"}
    assert not [number for number in full_numbers if number in api.text]
    assert not list((demo / ".uploads").iterdir())  # the uploaded copy is gone


def test_photos_check_is_the_same_json_as_the_command_and_the_page_lists_every_problem(
        client: TestClient[Any], demo: Path, full_numbers: set[str]) -> None:
    photos = demo / "资料" / "学生照片-原始.zip"  # sizes too large, a PNG named .jpg, a blue background
    upload = {"file": (photos.name, photos.read_bytes())}
    api = client.post("/api/v1/photos/check", files=upload, headers=BEARER)
    assert api.status_code == 200
    command = run_xcert("photos", "check", photos.name, "--json", cwd=photos.parent)
    assert command.returncode == 1, command.stderr
    assert api.json() == json.loads(command.stdout)
    assert {"photo-background", "photo-format-mismatch"} <= {i["code"] for i in api.json()["issues"]}
    signed_in(client)
    page = client.get("/photos")
    assert page.status_code == 200 and "检查照片压缩包" in page.text
    assert client.post("/photos", files=upload).status_code == 403  # no CSRF token
    checked = client.post("/photos", files=upload, data={"_csrf_token": _csrf(page.text)})
    assert len(re.findall(r'<tr class="(error|warning)">', checked.text)) == len(api.json()["issues"])
    assert "可以自动修复" in checked.text
    pictures = re.findall(r'<img class="preview" src="data:image/jpeg;base64,([^"]+)"', checked.text)
    assert len(pictures) == 4  # the four problem photos, each shown small beside its problem
    assert all(Image.open(io.BytesIO(base64.b64decode(p))).size[1] <= 100 for p in pictures)
    assert not [number for number in full_numbers if number in api.text + checked.text]


def test_a_hostile_upload_is_refused_by_name_and_kept_inside(client: TestClient[Any], demo: Path) -> None:
    refused = client.post("/api/v1/students/check", files={"file": ("../../逃逸.xlsx", b"PK\x03\x04 not a zip")},
                          headers=BEARER)
    assert refused.status_code == 422
    message = refused.json()["error"]
    assert message.startswith("逃逸.xlsx") and str(demo) not in message and ".uploads" not in message
    assert not (demo.parent / "逃逸.xlsx").exists() and not (demo / "逃逸.xlsx").exists()
    missing = client.post("/api/v1/students/check", files={"other": ("a.csv", b"x")}, headers=BEARER)
    assert missing.status_code == 400 and "file" in missing.json()["error"]


def test_students_are_listed_a_page_at_a_time_masked(client: TestClient[Any], full_numbers: set[str]) -> None:
    first = client.get("/api/v1/students?per_page=15", headers=BEARER).json()
    assert (first["count"], first["page"], first["pages"], len(first["candidates"])) == (40, 1, 3, 15)
    last = client.get("/api/v1/students?per_page=15&page=3", headers=BEARER).json()
    assert len(last["candidates"]) == 10
    past = client.get("/api/v1/students?per_page=15&page=9", headers=BEARER).json()
    assert past["candidates"] == [] and past["count"] == 40
    every = [c["id_number"] for p in (1, 2, 3)
             for c in client.get(f"/api/v1/students?per_page=15&page={p}", headers=BEARER).json()["candidates"]]
    assert len(set(every)) == 40 and all("*" in number for number in every)
    verified = client.get("/api/v1/students?state=信息准确&per_page=100", headers=BEARER).json()
    assert verified["count"] == 40
    names = [c["name"] for c in verified["candidates"]]
    surname = names[0][0]
    found = client.get("/api/v1/students", params={"q": f" {surname} ", "per_page": 100}, headers=BEARER).json()
    assert [c["name"] for c in found["candidates"]] == [name for name in names if surname in name]
    assert found["count"] == len(found["candidates"]) >= 1
    nobody = client.get("/api/v1/students", params={"q": "无此人", "state": "信息准确"}, headers=BEARER).json()
    assert (nobody["count"], nobody["pages"], nobody["candidates"]) == (0, 1, [])
    assert client.get("/api/v1/students?state=nope", headers=BEARER).status_code == 400
    assert client.get("/api/v1/students?per_page=0", headers=BEARER).status_code == 400
    text = client.get("/api/v1/students?per_page=100", headers=BEARER).text
    assert not [number for number in full_numbers if number in text]


def test_the_openapi_document_is_valid_and_describes_the_real_responses(client: TestClient[Any],
                                                                         demo: Path) -> None:
    document = client.get("/api/openapi.json", headers=BEARER).json()
    validate_openapi(document)
    assert {"/api/v1/status", "/api/v1/students/check", "/api/v1/students", "/api/v1/photos/check",
            "/api/v1/plans/{plan_code}/documents"} <= set(document["paths"])
    assert not [path for path in document["paths"] if not path.startswith("/api/")]  # pages are not in it
    roster = demo / "资料" / "学生名单.xlsx"
    real = {
        ("/api/v1/status", "get"): client.get("/api/v1/status", headers=BEARER),
        ("/api/v1/students", "get"): client.get("/api/v1/students?per_page=5", headers=BEARER),
        ("/api/v1/students/check", "post"): client.post(
            "/api/v1/students/check", files={"file": (roster.name, roster.read_bytes())}, headers=BEARER),
    }
    for (path, method), response in real.items():
        schema = document["paths"][path][method]["responses"][str(response.status_code)]["content"][
            "application/json"]["schema"]
        validator = Draft202012Validator({**schema, "components": document["components"]})
        errors = [e.message for e in validator.iter_errors(response.json())]
        assert errors == [], (path, errors[:3])


# --- pages ------------------------------------------------------------------------------------------------------


def test_the_roster_check_form_needs_its_csrf_token_and_shows_every_issue(client: TestClient[Any],
                                                                           demo: Path) -> None:
    signed_in(client)
    page = client.get("/students")
    assert page.status_code == 200 and "学生列表（共 40 名）" in page.text and "信息准确 40" in page.text
    roster = demo / "资料" / "学生名单-原始.xlsx"
    upload = {"file": (roster.name, roster.read_bytes())}
    assert client.post("/students/check", files=upload).status_code == 403  # no CSRF token
    token = re.search(r'name="_csrf_token" value="([^"]+)"', page.text)
    assert token is not None
    checked = client.post("/students/check", files=upload, data={"_csrf_token": token[1]})
    assert checked.status_code == 200
    api = client.post("/api/v1/students/check", files=upload, headers=BEARER).json()
    rows = re.findall(r"<tr class=\"(error|warning)\" data-code=", checked.text)
    assert len(rows) == len(api["issues"]) > 0  # every issue, each with its own row and suggestion
    for issue in api["issues"]:
        assert issue["message"].replace("“", "&#34;")[:10] in checked.text or issue["message"][:10] in checked.text


def test_lists_in_pages_are_masked(client: TestClient[Any], full_numbers: set[str]) -> None:
    signed_in(client)
    for path in ("/", "/students", "/students?page=1&q=", "/students?state=verified"):
        text = client.get(path).text
        assert not [number for number in full_numbers if number in text], path


def _csrf(page: str) -> str:
    token = re.search(r'name="_csrf_token" value="([^"]+)"', page)
    assert token is not None
    return token[1]


def test_the_seat_map_shows_who_sits_where_and_moves_and_swaps_record_the_change(
        demo_copy: Path, full_numbers: set[str]) -> None:
    """排考与座位: the plan's rooms, a room's seat map (masked), a move to a free seat and a swap, each through the
    application layer with an audit record; a refused move says why and changes nothing."""
    copy = demo_copy
    with TestClient(create_app(copy, Gate(TOKEN))) as browser:
        signed_in(browser)
        plans = browser.get("/plans/")
        assert plans.status_code == 200 and "DMI-1" in plans.text and "座位图" in plans.text
        link = re.search(r'href="(/plans/DMI-1/seats\?site=[^"]+)"', plans.text)
        assert link is not None
        url = link[1].replace("&amp;", "&")
        page = browser.get(url)
        assert page.status_code == 200 and "座位图" in page.text
        assert not [number for number in full_numbers if number in page.text]
        tickets = re.findall(r'data-seat="(\d+)" data-ticket="(\d+)"', page.text)
        free = re.findall(r'class="seat free" data-seat="(\d+)"', page.text)
        assert tickets
        (seat_a, ticket_a), (_, ticket_b) = tickets[0], tickets[1]
        form = dict(re.findall(r'name="(site|room|session)" value="([^"]*)"', page.text))
        with Workspace.open(copy, env={}) as workspace:
            before = {a.key: a for a in workspace.storage.list(SeatAssignment, plan_code="DMI-1")}
        swapped = browser.post(url.split("?")[0], data={**form, "action": "swap", "ticket": ticket_a,
                                                          "other": ticket_b, "reason": "测试互换",
                                                          "_csrf_token": _csrf(page.text)})
        assert swapped.status_code == 200 and "已互换" in swapped.text
        assert re.search(rf'data-seat="{seat_a}" data-ticket="{ticket_b}"', swapped.text)
        with Workspace.open(copy, env={}) as workspace:
            after = {a.key: a for a in workspace.storage.list(SeatAssignment, plan_code="DMI-1")}
            log = workspace.storage.list(SeatChange, plan_code="DMI-1")
        moved = [key for key in before if before[key] != after[key]]
        assert len(moved) == 2 and log[-1].action == "swap" and log[-1].reason == "测试互换"
        assert "测试互换" in swapped.text  # the change log on the page
        if free:
            target = free[0]
            moved_page = browser.post(url.split("?")[0], data={**form, "action": "move", "ticket": ticket_a,
                                                                 "seat": target, "_csrf_token": _csrf(page.text)})
            assert "已把准考证号" in moved_page.text
            assert re.search(rf'data-seat="{target}" data-ticket="{ticket_a}"', moved_page.text)
        taken = browser.post(url.split("?")[0], data={**form, "action": "move", "ticket": ticket_a,
                                                        "seat": seat_a, "_csrf_token": _csrf(page.text)})
        assert "调整未完成" in taken.text  # the seat is someone else's
        unknown = browser.post(url.split("?")[0], data={**form, "action": "move", "ticket": "000",
                                                          "seat": "1", "_csrf_token": _csrf(page.text)})
        assert "没有准考证号" in unknown.text
        assert browser.post(url.split("?")[0], data={**form, "action": "move", "ticket": ticket_a,
                                                       "seat": "1"}).status_code == 403  # no CSRF token


def test_loopback_only() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5") and not is_loopback("example.org")


# --- the command ------------------------------------------------------------------------------------------------


def test_serve_prints_the_token_url_first_and_refuses_public_hosts(demo: Path) -> None:
    refused = xcert("--workspace", str(demo), "serve", "--host", "0.0.0.0")
    assert refused.returncode == 2 and "账户" in refused.stderr
    process = subprocess.Popen([*XCERT,
                                "--workspace", str(demo), "serve", "--port", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        first = process.stdout.readline().strip()
        match = re.fullmatch(r"http://127\.0\.0\.1:(\d+)/\?token=([\w-]{40,})", first)
        assert match, first
        import httpx  # noqa: PLC0415

        base = f"http://127.0.0.1:{match[1]}"
        for _ in range(50):
            try:
                response = httpx.get(f"{base}/api/v1/status", headers={"Authorization": f"Bearer {match[2]}"})
                break
            except httpx.ConnectError:
                import time  # noqa: PLC0415

                time.sleep(0.1)
        assert response.status_code == 200 and response.json()["ready"] is True
        assert httpx.get(f"{base}/").status_code == 401
        with httpx.Client(base_url=base, follow_redirects=True) as browser:
            assert browser.get(f"/?token={match[2]}").status_code == 200  # redirected, with the cookie
    finally:
        process.terminate()
        _, errors = process.communicate(timeout=20)
    assert match[2] not in errors  # no access log: the token never reaches a log


# --- a real browser -------------------------------------------------------------------------------------------


@pytest.fixture
def chromium(demo_copy: Path, tmp_path: Path) -> Iterator[Browser]:
    """A fresh copy of the demo served by ``xcert serve``, headless Chromium driving it."""
    with served_browser(demo_copy, tmp_path) as browser:
        yield browser


def test_a_teacher_checks_a_roster_and_moves_a_seat_in_the_browser(chromium: Browser, demo: Path) -> None:
    """In headless Chromium: open the token URL, read the dashboard, go to 考生管理, upload the roster with
    mistakes and see the issue table, open a seat map and drag a candidate onto a free seat; screenshots of
    each page are kept for a person to look at."""
    from selenium.webdriver.common.by import By  # noqa: PLC0415

    driver, url, after, shots = chromium.driver, chromium.url, chromium.after, chromium.shots
    driver.get(url)
    assert "token=" not in driver.current_url  # the token left the address bar
    assert "报考准备情况" in driver.find_element(By.TAG_NAME, "h1").text
    assert len(driver.find_elements(By.CSS_SELECTOR, "li.step")) == 12 and "十一个步骤都已完成" in driver.page_source
    driver.save_screenshot(str(shots / "dashboard.png"))

    after(driver.find_element(By.LINK_TEXT, "考生管理").click)
    assert "学生列表（共 40 名）" in driver.page_source
    driver.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(str(demo / "资料" / "学生名单-原始.xlsx"))
    after(driver.find_element(By.CSS_SELECTOR, "form.upload button").click)
    table = driver.find_element(By.CSS_SELECTOR, "table.issues")
    codes = {cell.text for cell in table.find_elements(By.CSS_SELECTOR, "td code")}
    assert {"pinyin-wrong-reading", "gender-id-mismatch"} <= codes
    driver.save_screenshot(str(shots / "students-check.png"))

    after(driver.find_element(By.LINK_TEXT, "排考与座位").click)
    after(driver.find_elements(By.LINK_TEXT, "座位图")[1].click)  # the second room: 10 of 30 seats taken
    source = driver.find_elements(By.CSS_SELECTOR, "table.seatmap td.taken")[0]
    target = driver.find_elements(By.CSS_SELECTOR, "table.seatmap td.free")[0]
    ticket, seat = source.get_attribute("data-ticket"), target.get_attribute("data-seat")
    driver.save_screenshot(str(shots / "seat-map.png"))
    after(lambda: driver.execute_script(  # an HTML5 drag and drop, as a mouse makes it, onto a free seat
        "const dt = new DataTransfer();"
        "arguments[0].dispatchEvent(new DragEvent('dragstart', {dataTransfer: dt, bubbles: true}));"
        "arguments[1].dispatchEvent(new DragEvent('dragover', {dataTransfer: dt, bubbles: true}));"
        "arguments[1].dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true}));",
        source, target))
    moved = driver.find_element(By.CSS_SELECTOR, f"table.seatmap td[data-seat='{seat}']")
    assert moved.get_attribute("data-ticket") == ticket and "已把准考证号" in driver.page_source
    driver.save_screenshot(str(shots / "seat-map-moved.png"))

    driver.delete_all_cookies()
    after(lambda: driver.get(url.split("?")[0] + "students"))  # a new page, loaded (not the seat map's reload)
    assert "需要令牌" in driver.page_source


def test_the_printed_pack_is_generated_listed_and_downloaded(demo_copy: Path) -> None:
    """打印材料: the page says whether the pack shows the current data, generates it like ``xcert documents``, and
    serves only the files its manifest lists; the API gives the command's JSON."""
    copy = demo_copy
    with TestClient(create_app(copy, Gate(TOKEN))) as browser:
        signed_in(browser)
        page = browser.get("/plans/DMI-1/documents/")
        assert page.status_code == 200 and "与当前数据一致" in page.text and "准考证-全部.pdf" in page.text
        ticket = browser.get("/plans/DMI-1/documents/准考证-全部.pdf")
        assert ticket.status_code == 200 and ticket.content.startswith(b"%PDF")
        assert "attachment" in ticket.headers["content-disposition"]
        for hostile in ("..%2F..%2Fxcert.toml", "xcert.db", "manifest.json", "%2Fetc%2Fpasswd"):
            assert browser.get(f"/plans/DMI-1/documents/{hostile}").status_code == 404, hostile
        with Workspace.open(copy, env={}) as workspace:  # a renamed student: the pack is stale
            person = workspace.storage.list(Candidate)[0]
            workspace.storage.put(attrs.evolve(person, name=person.name + "某"))
        stale = browser.get("/plans/DMI-1/documents/")
        assert "数据已有改动" in stale.text
        assert browser.post("/plans/DMI-1/documents/").status_code == 403  # no CSRF token
        started = browser.post("/plans/DMI-1/documents/", data={"_csrf_token": _csrf(stale.text)},
                               follow_redirects=False)
        assert started.status_code == 303 and started.headers["location"] == "/plans/DMI-1/documents/"
        page = browser.get("/plans/DMI-1/documents/")
        for _ in range(300):  # the page shows the job's progress until it has ended
            if "正在生成打印材料" not in page.text:
                break
            assert 'hx-get="/plans/DMI-1/documents/progress"' in page.text
            time.sleep(0.1)
            page = browser.get("/plans/DMI-1/documents/")
        assert "已生成" in page.text and "与当前数据一致" in page.text
        assert browser.get("/plans/DMI-1/documents/progress").headers["hx-refresh"] == "true"
    with TestClient(create_app(copy, Gate(TOKEN))) as api:
        payload = api.post("/api/v1/plans/DMI-1/documents", headers=BEARER).json()
    command = xcert("--workspace", str(copy), "documents", "--plan", "DMI-1", "--json")
    assert command.returncode == 0
    assert payload == json.loads(command.stdout)  # nothing changed in between: both keep every file
    assert payload["written"] == [] and len(payload["kept"]) == len(payload["files"]) > 0



def test_a_second_print_request_joins_the_running_job_and_progress_is_readable(demo_copy: Path) -> None:
    """Two starts while a job runs give the same job (nothing is printed twice); progress counts the pack's
    weight file by file up to the total; the finished job stays visible, and the next start is a new job."""
    gate_open, calls = threading.Event(), []

    def slow_printer(workspace: Workspace, plan_code: str, **options: Any) -> Any:
        calls.append(plan_code)
        assert gate_open.wait(30)
        return print_pack(workspace, plan_code, force=True, **options)

    jobs = PrintJobs(lambda: Workspace.open(demo_copy, env={}), printer=slow_printer)
    first, started = jobs.start("DMI-1", actor="王老师", channel="工作台")
    second, joined_started = jobs.start("DMI-1", actor="李老师", channel="API")
    assert started and not joined_started and second is first and first.snapshot().state == "running"
    gate_open.set()
    assert first.wait(120)
    done = first.snapshot()
    assert calls == ["DMI-1"] and done.state == "done" and done.percent == 100 and done.total > 0
    assert done.done == done.total and done.pack is not None and len(done.pack.written) == len(done.pack.files)
    assert jobs.current("DMI-1") is first
    third, started_again = jobs.start("DMI-1", actor="王老师", channel="工作台")
    assert started_again and third is not first and third.wait(120) and calls == ["DMI-1", "DMI-1"]
    with Workspace.open(demo_copy, env={}) as workspace:
        generated = [e for e in workspace.storage.list(AuditEntry) if e.action == "documents.generate"]
    assert [e.actor for e in generated] == ["王老师", "王老师"]


def test_a_failed_print_job_says_why_in_chinese(demo_copy: Path) -> None:
    jobs = PrintJobs(lambda: Workspace.open(demo_copy, env={}))
    job, _ = jobs.start("NOPLAN", actor="王老师", channel="工作台")
    assert job.wait(60)
    failed = job.snapshot()
    assert failed.state == "failed" and "NOPLAN" in failed.error and failed.pack is None


def test_the_platform_page_exports_lists_downloads_and_syncs(demo_copy: Path, demo: Path) -> None:
    with TestClient(create_app(demo_copy, Gate(TOKEN))) as browser:
        signed_in(browser)
        page = browser.get("/platform/")
        exported = browser.post("/platform/export", data={"_csrf_token": _csrf(page.text)})
        assert exported.status_code == 200 and "已导出" in exported.text
        files = re.findall(r'href="/platform/files/([^"]+)"', exported.text)
        assert files and any("学生照片" in httpx.URL("/" + f).path for f in files)
        first = browser.get(f"/platform/files/{files[0]}")
        assert first.status_code == 200 and first.content[:2] == b"PK"  # an xlsx or a zip
        for hostile in ("..%2Fxcert.toml", "xcert.db", "%2Fetc%2Fpasswd"):
            assert browser.get(f"/platform/files/{hostile}").status_code == 404
        with (demo / "资料" / "平台导出-排考明细.xlsx").open("rb") as export:
            synced = browser.post("/platform/sync", data={"_csrf_token": _csrf(page.text)},
                                  files={"file": ("排考明细.xlsx", export.read())})
        assert synced.status_code == 200 and "已同步" in synced.text and "行无变化" in synced.text
        broken = browser.post("/platform/sync", data={"_csrf_token": _csrf(page.text)},
                              files={"file": ("排考明细.xlsx", b"not a workbook")})
        assert broken.status_code == 200 and "未完成" in broken.text and "排考明细.xlsx" in broken.text
    with Workspace.open(demo_copy, env={}) as workspace:
        actions = [e.action for e in workspace.storage.list(AuditEntry)]
    assert actions.count("platform.export") == 1 and actions.count("platform.sync") == 1


def test_the_statistics_page_draws_the_workspace_as_charts(client: TestClient[Any], full_numbers: set[str],
                                                           demo: Path) -> None:
    """The page shows the statistics report of ``xcert report statistics``: the same sections and charts."""
    page = signed_in(client).get("/stats/")
    assert page.status_code == 200
    with Workspace.open(demo, env={}) as workspace:
        report = statistics_report(workspace)
    assert page.text.count('<svg class="chart"') == len(report.charts) >= 10
    for chart in report.charts:
        assert f"<title>{chart.title}</title>" in page.text
    for section in report.sections:
        assert f"<h2>{section.heading}</h2>" in page.text
    ids = re.findall(r'<clipPath id="([^"]+)"', page.text)
    assert len(ids) == len(set(ids)) == len(report.charts)  # no chart clipped to another's size
    # after the exam: the demo's scores give its results, the same counts as xcert results
    assert "DMI-1 缺考</text>" in page.text and "DMI-1 待出成绩</text>" in page.text
    counts = json.loads(xcert("--workspace", demo, "results", "--plan", "DMI-1", "--json").stdout)["counts"]
    assert f"{counts['passed']} / 40 人</text>" in page.text and f"{counts['failed']} / 40 人</text>" in page.text
    assert "信息准确</text>" in page.text and "40 / 40 人" in page.text  # every candidate verified
    assert not [number for number in full_numbers if number in page.text]


def test_the_api_gives_results_fees_and_reports_as_the_commands_do(client: TestClient[Any], demo: Path,
                                                                   full_numbers: set[str]) -> None:
    results = client.get("/api/v1/plans/DMI-1/results", headers=BEARER)
    assert results.status_code == 200
    assert results.json() == json.loads(xcert("--workspace", demo, "results", "--plan", "DMI-1", "--json").stdout)
    fees = client.get("/api/v1/plans/DMI-1/fees", headers=BEARER)
    assert fees.status_code == 200
    assert fees.json() == json.loads(xcert("--workspace", demo, "fees", "list", "--plan", "DMI-1", "--json").stdout)
    assert fees.json()["summary"]["owed"] == 3
    assert not [n for n in full_numbers if n in results.text + fees.text]
    unknown = client.get("/api/v1/plans/NOPE/fees", headers=BEARER)
    assert 400 <= unknown.status_code < 500 and "NOPE" in unknown.json()["error"]
    report = client.get("/api/v1/reports/statistics", headers=BEARER)
    assert report.status_code == 200 and report.headers["content-type"] == "application/pdf"
    assert "filename*=UTF-8''" in report.headers["content-disposition"]
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(report.content)).pages)
    assert "统计分析报告" in text and "考证结果" in text and not [n for n in full_numbers if n in text]
    weekly = client.get("/api/v1/reports/weekly?week_ending=2020-01-07", headers=BEARER)
    assert weekly.status_code == 200 and len(PdfReader(io.BytesIO(weekly.content)).pages) == 1
    assert "01月07日" in PdfReader(io.BytesIO(weekly.content)).pages[0].extract_text()
    assert client.get("/api/v1/reports/weekly?week_ending=yesterday", headers=BEARER).status_code == 400


def test_a_bad_parameter_or_a_too_large_upload_is_a_chinese_page_not_a_500(client: TestClient[Any]) -> None:
    signed_in(client)
    bad = client.get("/students?page=0")
    assert bad.status_code == 400 and "页码" in bad.text and "Traceback" not in bad.text
    api = client.get("/api/v1/students?page=0", headers=BEARER)
    assert api.status_code == 400 and "error" in api.json()


def test_photos_are_repaired_in_the_page_and_the_list_shows_thumbnails(demo_copy: Path, demo: Path,
                                                                      full_numbers: set[str]) -> None:
    photos = demo / "资料" / "学生照片-原始.zip"
    with TestClient(create_app(demo_copy, Gate(TOKEN))) as browser:
        page = signed_in(browser).get("/photos")
        fixed = browser.post("/photos/fix", data={"_csrf_token": _csrf(page.text)},
                             files={"file": (photos.name, photos.read_bytes())})
        assert fixed.status_code == 200 and "已修复并写入 39 张照片" in fixed.text
        assert "photo-background" in fixed.text  # the blue background cannot be repaired: it is listed
        link = re.search(r'href="/photos/fixed/([^"]+)"', fixed.text)
        assert link is not None
        repaired = browser.get(f"/photos/fixed/{link[1]}")
        assert repaired.status_code == 200 and repaired.content[:2] == b"PK"
        with zipfile.ZipFile(io.BytesIO(repaired.content)) as archive:
            assert len(archive.namelist()) == 39  # the blue one is left out
        assert browser.get("/photos/fixed/..%2F..%2Fxcert.db").status_code == 404
        students = browser.get("/students")
        refs = re.findall(r'src="/students/photo/([0-9a-f]+)"', students.text)
        assert len(refs) == 40 and not [n for n in full_numbers if n in students.text]
        thumbnail = browser.get(f"/students/photo/{refs[0]}")
        assert thumbnail.status_code == 200 and thumbnail.headers["content-type"].startswith("image/")
        assert Image.open(io.BytesIO(thumbnail.content)).size == (295, 413)
        assert browser.get("/students/photo/0123456789abcdef0123").status_code == 404
    with Workspace.open(demo_copy, env={}) as workspace:
        assert [e.action for e in workspace.storage.list(AuditEntry)] == ["photos.fix"]


def test_a_page_of_a_printed_pdf_is_previewed_as_an_image(client: TestClient[Any]) -> None:
    page = signed_in(client).get("/plans/DMI-1/documents/")
    assert "预览第 1 页" in page.text
    preview = client.get("/plans/DMI-1/documents/准考证-全部.pdf/page/1")
    assert preview.status_code == 200 and preview.headers["content-type"] == "image/png"
    image = Image.open(io.BytesIO(preview.content))
    assert abs(image.size[0] - 893) <= 2 and abs(image.size[1] - 1263) <= 2  # A4 at 1.5 pixels a point
    assert client.get("/plans/DMI-1/documents/准考证-全部.pdf/page/41").status_code == 404  # 40 tickets
    assert client.get("/plans/DMI-1/documents/准考证-全部.pdf/page/0").status_code == 404
    assert client.get("/plans/DMI-1/documents/排考明细.xlsx/page/1").status_code == 404
    assert client.get("/plans/DMI-1/documents/..%2F..%2Fxcert.db/page/1").status_code == 404


def test_the_roster_check_in_the_page_leaves_a_private_report_to_download(demo_copy: Path, demo: Path) -> None:
    roster = demo / "资料" / "学生名单-原始.xlsx"
    with TestClient(create_app(demo_copy, Gate(TOKEN))) as browser:
        page = signed_in(browser).get("/students")
        checked = browser.post("/students/check", data={"_csrf_token": _csrf(page.text)},
                               files={"file": (roster.name, roster.read_bytes())})
        assert 'id="code-filter"' in checked.text and 'data-code="gender-id-mismatch"' in checked.text
        link = re.search(r'href="/students/reports/([^"]+)"', checked.text)
        assert link is not None
        report = browser.get(f"/students/reports/{link[1]}")
        assert report.status_code == 200 and report.content[:2] == b"PK"
        assert browser.get("/students/reports/..%2F..%2Fxcert.db").status_code == 404
    written = demo_copy / "output" / "检查报告" / "学生名单-原始-错误报告.xlsx"
    assert oct(written.stat().st_mode & 0o777) == "0o600" and oct(written.parent.stat().st_mode & 0o777) == "0o700"
