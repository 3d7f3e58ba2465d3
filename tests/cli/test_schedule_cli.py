"""``xcert schedule``: real files, a real subprocess, the JSON contract, determinism and exit codes."""

from __future__ import annotations

import json
import subprocess
from collections import Counter
from pathlib import Path

from openpyxl import Workbook, load_workbook

from cli_run import run_xcert
from xcert_core.privacy import mask_id_number

REG_HEADER = ("*考生姓名", "*证件号码", "*考生类型", "*证书编号", "*报考证书", "*证书等级", "*考核站点编号",
              "*考核站点名称", "班级")
ROOM_HEADER = ("*考核站点编号", "*考核站点名称", "*考场名称", "*考场类型", "*考位数", "行数", "列数")
PROCTOR_HEADER = ("*教师编号", "*教师姓名", "*手机号码", "所属院校", "所在区域", "*监考类型", "不可监考场次")
CERTIFICATE = "1550001066020254"
NAME = "数字媒体交互设计职业技能等级证书"
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def ident(n: int) -> str:
    body = f"14010520040315{n:03d}"
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, WEIGHTS, strict=True)) % 11]


def xcert(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """``xcert ARGS`` without third-party plug-ins: the core's own rules only."""
    return run_xcert(*args, plugins=False)


def write_xlsx(path: Path, title: str, header: tuple[str, ...], rows: list[tuple[object, ...]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([title])
    sheet.append(["注意说明：……"])
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


def registrations(path: Path, count: int, site: str = "18") -> Path:
    rows = [(f"考生{n}", ident(n), "院校考生", CERTIFICATE, NAME, "中级", site, "考核站点", f"{n % 2 + 1}班")
            for n in range(1, count + 1)]
    return write_xlsx(path, "按证书批量导入报考模板", REG_HEADER, rows)


def rooms(path: Path, *seats: int) -> Path:
    rows = [("18", "考核站点", f"信息楼30{i}", "普通考场", n, None, None) for i, n in enumerate(seats, start=1)]
    return write_xlsx(path, "考场导入模板", ROOM_HEADER, rows)


def proctors(path: Path, proctor_count: int, inspector_count: int = 1) -> Path:
    rows = [(f"T{i:02d}", f"老师{i}", f"1381234{i:04d}", "本校", "太原", "监考", None) for i in range(proctor_count)]
    rows += [(f"X{i:02d}", f"巡考{i}", f"1391234{i:04d}", "本校", "太原", "巡考", None)
             for i in range(inspector_count)]
    return write_xlsx(path, "监考人员导入模板", PROCTOR_HEADER, rows)


def test_templates(tmp_path: Path) -> None:
    assert xcert("schedule", "template-rooms", tmp_path / "r.xlsx").returncode == 0
    assert [c.value for c in load_workbook(tmp_path / "r.xlsx").active[3]] == list(ROOM_HEADER)
    assert xcert("schedule", "template-proctors", tmp_path / "p.xlsx").returncode == 0
    assert [c.value for c in load_workbook(tmp_path / "p.xlsx").active[3]] == list(PROCTOR_HEADER)
    assert xcert("schedule", "template-rooms", tmp_path / "r.xlsx").returncode == 2  # exists, no --force


def test_everyone_seated_json_contract_and_determinism(tmp_path: Path) -> None:
    args = ("schedule", "--registrations", registrations(tmp_path / "报考.xlsx", 20),
            "--rooms", rooms(tmp_path / "考场.xlsx", 12, 12), "--proctors", proctors(tmp_path / "监考.xlsx", 4),
            "--seed", "7", "--json")
    result = xcert(*args)
    assert result.returncode == 0, result.stdout + result.stderr
    out = json.loads(result.stdout)
    assert set(out) == {"assignments", "proctors", "issues"} and out["issues"] == []
    seats = out["assignments"]
    assert all(set(a) == {"row", "id_number", "ticket_no", "session", "site", "room", "seat"} for a in seats)
    assert sorted(a["row"] for a in seats) == list(range(4, 24))  # the registration sheet's rows: the key
    numbers = {n + 3: ident(n) for n in range(1, 21)}
    assert all(a["id_number"] == mask_id_number(numbers[a["row"]]) for a in seats)  # masked, as everywhere
    assert all(ident(n) not in result.stdout for n in range(1, 21))
    assert {a["site"] for a in seats} == {"18"}
    assert all(isinstance(a["seat"], int) and a["seat"] >= 1 and a["session"] == "S1" for a in seats)
    assert len({(a["room"], a["seat"]) for a in seats}) == 20 and len({a["ticket_no"] for a in seats}) == 20
    assert Counter(a["room"] for a in seats) == {"信息楼301": 12, "信息楼302": 8}
    roles = Counter((p["role"], p["room"]) for p in out["proctors"])
    assert roles == {("监考", "信息楼301"): 2, ("监考", "信息楼302"): 2, ("巡考", None): 1}
    assert xcert(*args).stdout == result.stdout
    other = json.loads(xcert(*args[:-3], "--seed", "8", "--json").stdout)["assignments"]
    assert sorted(a["row"] for a in other) == sorted(a["row"] for a in seats)


def test_shortfalls_exit_1_with_the_number_missing(tmp_path: Path) -> None:
    result = xcert("schedule", "--registrations", registrations(tmp_path / "报考.xlsx", 10),
                   "--rooms", rooms(tmp_path / "考场.xlsx", 8), "--proctors", proctors(tmp_path / "监考.xlsx", 1),
                   "--seed", "1", "--json")
    assert result.returncode == 1, result.stderr
    out = json.loads(result.stdout)
    assert len(out["assignments"]) == 8
    by_code = {i["code"]: i["message"] for i in out["issues"]}
    assert "“18”场次“S1”" in by_code["sched-seat-shortfall"] and "还差 2 个" in by_code["sched-seat-shortfall"]
    assert "还差 1 人" in by_code["sched-proctor-shortfall"]
    human = xcert("schedule", "--registrations", tmp_path / "报考.xlsx", "--rooms", tmp_path / "考场.xlsx",
                  "--seed", "1")
    assert human.returncode == 1 and "还差 2 个" in human.stdout and "整个文件" not in human.stdout


def test_plan_file_sessions_and_subjects(tmp_path: Path) -> None:
    plan = tmp_path / "计划.toml"
    plan.write_text(f"""year = 2026
[[exam]]
certificate = "{CERTIFICATE}"
code = "P1"
[[exam.subject]]
code = "T"
name = "理论考试"
[[exam.subject]]
code = "P"
name = "实操考试"
kind = "实操"
[[exam.session]]
code = "AM"
subject = "T"
date = 2026-06-13
start = 09:00:00
end = 10:30:00
[[exam.session]]
code = "PM"
subject = "P"
date = "2026-06-13"
start = "14:00"
end = "16:00"
""", "utf-8")
    result = xcert("schedule", "--registrations", registrations(tmp_path / "报考.xlsx", 5),
                   "--rooms", rooms(tmp_path / "考场.xlsx", 6), "--plan", plan, "--seed", "3", "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    seats = json.loads(result.stdout)["assignments"]
    assert Counter(a["session"] for a in seats) == {"AM": 5, "PM": 5}
    tickets = {a["row"]: a["ticket_no"] for a in seats if a["session"] == "AM"}
    assert all(tickets[a["row"]] == a["ticket_no"] for a in seats)
    assert all(t.startswith("2026") for t in tickets.values())


def test_unusable_input_exits_2(tmp_path: Path) -> None:
    reg = registrations(tmp_path / "报考.xlsx", 3)
    good_rooms = rooms(tmp_path / "考场.xlsx", 6)
    no_header = write_xlsx(tmp_path / "x.xlsx", "考场", ("甲", "乙"), [("1", "2")])
    result = xcert("schedule", "--registrations", reg, "--rooms", no_header, "--seed", "1", "--json")
    assert result.returncode == 2 and "表头" in result.stderr and "Traceback" not in result.stderr
    bad_plan = tmp_path / "计划.toml"
    bad_plan.write_text("[[exam]]\ncertificate = ", "utf-8")
    result = xcert("schedule", "--registrations", reg, "--rooms", good_rooms, "--plan", bad_plan, "--seed", "1")
    assert result.returncode == 2 and "TOML" in result.stderr
    bad_plan.write_text(f'[[exam]]\ncertificate = "{CERTIFICATE}"\n', "utf-8")
    result = xcert("schedule", "--registrations", reg, "--rooms", good_rooms, "--plan", bad_plan, "--seed", "1")
    assert result.returncode == 2 and "场次" in result.stderr
    result = xcert("schedule", "--registrations", reg, "--rooms", good_rooms)
    assert result.returncode == 2 and "--seed" in result.stderr


def test_balanced_fill_and_reserved_seats_change_who_sits_where(tmp_path: Path) -> None:
    """``--fill balanced`` spreads 20 candidates over two 12-seat rooms evenly; ``--reserve 3`` keeps three
    seats of each room free, so the first room takes nine in order."""
    common = ("schedule", "--registrations", registrations(tmp_path / "报考.xlsx", 20),
              "--rooms", rooms(tmp_path / "考场.xlsx", 12, 12), "--seed", "7", "--per-room", "0", "--inspectors", "0",
              "--json")
    balanced = json.loads(xcert(*common, "--fill", "balanced").stdout)["assignments"]
    assert Counter(a["room"] for a in balanced) == {"信息楼301": 10, "信息楼302": 10}
    reserved = xcert(*common, "--reserve", "3")
    seats = json.loads(reserved.stdout)["assignments"]
    assert Counter(a["room"] for a in seats) == {"信息楼301": 9, "信息楼302": 9}  # 18 of 20: two not seated
    assert reserved.returncode == 1 and max(a["seat"] for a in seats) <= 9
    short = json.loads(reserved.stdout)["issues"]
    assert short and short[0]["severity"] == "error"


def test_the_year_numbers_the_tickets_and_the_certificate_catalogue_is_the_one_given(tmp_path: Path) -> None:
    """``--year`` is in every ticket number; ``--certificates`` replaces the guide's six (a certificate it does not
    list makes the registration sheet's rows unusable)."""
    common = ("schedule", "--registrations", registrations(tmp_path / "报考.xlsx", 4), "--rooms",
              rooms(tmp_path / "考场.xlsx", 12), "--seed", "1", "--per-room", "0", "--inspectors", "0", "--json")
    tickets = [a["ticket_no"] for a in json.loads(xcert(*common, "--year", "2031").stdout)["assignments"]]
    assert len(tickets) == 4 and all("2031" in t for t in tickets)
    catalogue = tmp_path / "证书.csv"
    catalogue.write_text(f"证书编号,证书名称,证书等级\n{CERTIFICATE},{NAME},中级\n", "utf-8")
    assert xcert(*common, "--certificates", catalogue).returncode == 0
    other = tmp_path / "其他证书.csv"
    other.write_text("证书编号,证书名称,证书等级\n1560007066020952,移动流媒体技术职业技能等级证书,中级\n", "utf-8")
    refused = xcert(*common, "--certificates", other)
    assert refused.returncode == 1 and "reg-certificate-unknown" in refused.stdout
