"""The output seam (#20 item 4): the built-in folder store puts whole files, privately, never outside its folder,
and leaves equal bytes alone; a plug-in's store, chosen by ``name://…``, receives every file of every school's
package — so packages can go to an object store instead of a shared folder."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from test_cross_invigilation import GUEST, HOME, two_schools
from xcert_adapters.app.publishing import ASSIGNMENTS, publish_plan
from xcert_adapters.app.scheduling import schedule_in_workspace
from xcert_adapters.outputs.folder import FolderOutputStore
from xcert_adapters.workspace import Workspace
from xcert_core.hookspecs import Register, hookimpl
from xcert_core.plugins import PluginError, make_plugin_manager
from xcert_core.ports.outputs import OutputStore, OutputStoreFactory, checked_name, store_name


def test_the_folder_store_puts_whole_private_files_once(tmp_path: Path) -> None:
    source = tmp_path / "a.pdf"
    source.write_bytes(b"%PDF-1.4 one")
    store = FolderOutputStore(str(tmp_path / "发布"))
    where = Path(store.put("4133010001/打印材料/准考证.pdf", source))
    assert where == tmp_path / "发布" / "4133010001" / "打印材料" / "准考证.pdf"
    assert where.read_bytes() == b"%PDF-1.4 one"
    assert stat.S_IMODE(where.stat().st_mode) == 0o600
    assert all(stat.S_IMODE(folder.stat().st_mode) == 0o700 for folder in (where.parent, where.parent.parent))
    before = where.stat().st_mtime_ns
    store.put("4133010001/打印材料/准考证.pdf", source)
    assert where.stat().st_mtime_ns == before  # the same bytes: left alone
    source.write_bytes(b"%PDF-1.4 two")
    store.put("4133010001/打印材料/准考证.pdf", source)
    assert where.read_bytes() == b"%PDF-1.4 two"
    assert not [p for p in (tmp_path / "发布").rglob(".put-*")]  # no temporary file left


@given(st.lists(st.sampled_from(["a", "..", ".", "", "b c", "子"]), min_size=1, max_size=4),
       st.booleans())
def test_no_name_leaves_the_store(parts: list[str], absolute: bool) -> None:
    name = ("/" if absolute else "") + "/".join(parts)
    if absolute or any(part in ("", ".", "..") for part in parts):
        with pytest.raises(ValueError, match="not a file name"):
            checked_name(name)
    else:
        assert list(checked_name(name).parts) == parts


def test_a_backslash_or_an_empty_name_is_refused(tmp_path: Path) -> None:
    store = FolderOutputStore(str(tmp_path))
    for name in ("..\\x", "", "a\\..\\..\\b"):
        with pytest.raises(ValueError):
            store.put(name, tmp_path)


def test_the_target_chooses_the_store() -> None:
    assert store_name("/srv/发布") == "folder" and store_name("C:/发布") == "folder"
    assert store_name("s3://bucket/prefix") == "s3" and store_name("folder:///srv") == "folder"
    assert isinstance(make_plugin_manager().output_store("/tmp/x"), FolderOutputStore)
    with pytest.raises(PluginError):
        make_plugin_manager().output_store("nosuch://bucket")


class MemoryStores:
    """A plug-in with an object store kept in memory: what an S3 plug-in would be."""

    def __init__(self) -> None:
        self.objects: dict[str, bytes] = {}

    @hookimpl
    def xcert_register_output_stores(self, register: Register[OutputStoreFactory]) -> None:
        objects = self.objects

        class Store:
            def __init__(self, target: str) -> None:
                self.prefix = target.removeprefix("mem://")

            def put(self, name: str, source: Path) -> str:
                key = f"{self.prefix}/{checked_name(name)}"
                objects[key] = source.read_bytes()
                return f"mem://{key}"

        register("mem", Store)


def test_packages_go_to_a_plug_ins_store(tmp_path: Path) -> None:
    stores = MemoryStores()
    plugins = make_plugin_manager(plugins=[stores])
    assert isinstance(plugins.output_store("mem://bucket"), OutputStore)
    root = two_schools(tmp_path / "ws")
    with Workspace.open(root, env={}, plugins=plugins) as workspace:
        assert schedule_in_workspace(workspace, "P1", per_room=1).outcome.stored
        packages = publish_plan(workspace, "P1", "mem://bucket")
    for package in packages:
        assembled = {f"bucket/{package.school_code}/{p.relative_to(package.folder).as_posix()}": p.read_bytes()
                     for p in package.folder.rglob("*") if p.is_file()}
        assert {k: v for k, v in stores.objects.items() if k.startswith(f"bucket/{package.school_code}/")} == assembled
        assert f"mem://bucket/{package.school_code}/{ASSIGNMENTS}" in package.files
    assert {key.split("/")[1] for key in stores.objects} == {HOME, GUEST}
    assert not (tmp_path / "mem:").exists()
