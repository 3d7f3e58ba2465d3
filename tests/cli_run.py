"""The one way the tests run the ``xcert`` command: a child process of its own running the console script's
``main``, so exit codes, stderr and the masking of every printed line are the real ones.

The child is forked from a warm interpreter (:mod:`cli_zygote`, one per test process, started on first use) rather
than started fresh: a fresh Python spends ~0.6 s of a core importing before a command that takes ~25 ms, and the
suite runs the command about a thousand times. The child gets its own stdin, stdout and stderr (pipes, as
:func:`subprocess.run` gives), working directory, environment and arguments, and exits as a process exits.
``XCERT_TEST_FRESH=1`` starts a fresh ``python -c`` for every command instead (the zygote's docstring says what
differs), and so does a command given its own ``PYTHON…`` variables (``PYTHONPATH`` for a plug-in on another path):
the interpreter reads those only when it starts. ``test_cli_run.py`` holds both ways to the same output and exit
codes.

``plugins=False`` runs without third-party plug-ins (``XCERT_DISABLE_PLUGINS=*``), as the tests of the core's own
rules do. Every run is recorded by the session's CLI trace (``conftest.py``), which
``cli/test_every_option_is_run.py`` reads.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import locale
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

XCERT = [sys.executable, "-c", "from xcert_adapters.cli import main; main()"]
"""The command line that starts ``xcert`` in this interpreter."""

ZYGOTE_SCRIPT = Path(__file__).with_name("cli_zygote.py")


class _Zygote:
    """The warm interpreter of this test process (a new one after a fork of this process, e.g. a web server's)."""

    def __init__(self) -> None:
        self.folder = tempfile.mkdtemp(prefix="xcert-zygote-")
        self.path = os.path.join(self.folder, "socket")
        self.owner = os.getpid()
        self.process = subprocess.Popen([sys.executable, str(ZYGOTE_SCRIPT), self.path], stdin=subprocess.DEVNULL,
                                        stdout=subprocess.PIPE, text=True)
        assert self.process.stdout is not None
        ready = self.process.stdout.readline().strip()
        if ready != "ready":
            raise RuntimeError(f"the xcert zygote did not start (it said {ready!r})")
        atexit.register(self.stop)

    def stop(self) -> None:
        if os.getpid() == self.owner:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()
            shutil.rmtree(self.folder, ignore_errors=True)  # the socket's folder


_zygote: _Zygote | None = None
_zygote_lock = threading.Lock()


def _the_zygote() -> _Zygote:
    """This process's zygote: a new one on first use, after a fork of this process, or when the last one has gone
    (its process ended, or its socket was removed with the temporary files)."""
    global _zygote  # noqa: PLW0603 - one per test process, made on first use
    with _zygote_lock:
        if (_zygote is None or _zygote.owner != os.getpid() or _zygote.process.poll() is not None
                or not os.path.exists(_zygote.path)):
            if _zygote is not None and _zygote.owner == os.getpid():
                _zygote.stop()
            _zygote = _Zygote()
        return _zygote


def _text(data: bytes) -> str:
    """Bytes as :func:`subprocess.run` with ``text=True`` decodes them: the locale's encoding, universal
    newlines."""
    return data.decode(locale.getpreferredencoding(False)).replace("\r\n", "\n").replace("\r", "\n")


def _forked(args: list[str], cwd: Path | None, env: dict[str, str], stdin: str | None,
            timeout: float) -> subprocess.CompletedProcess[str]:
    zygote = _the_zygote()
    in_read, in_write = os.pipe()
    out_read, out_write = os.pipe()
    err_read, err_write = os.pipe()
    request = json.dumps({"args": args, "cwd": str(cwd or os.getcwd()), "env": env}).encode()
    with socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET) as connection:
        connection.connect(zygote.path)
        socket.send_fds(connection, [request], [in_read, out_write, err_write])
        for fd in (in_read, out_write, err_write):
            os.close(fd)
        pid = int(connection.recv(64))
        chunks: dict[int, list[bytes]] = {out_read: [], err_read: []}

        def drain(fd: int) -> None:
            with os.fdopen(fd, "rb") as stream:
                chunks[fd].append(stream.read())

        readers = [threading.Thread(target=drain, args=(fd,), daemon=True) for fd in (out_read, err_read)]
        for reader in readers:
            reader.start()
        with contextlib.suppress(BrokenPipeError), os.fdopen(in_write, "wb") as writer:  # as subprocess.run does
            writer.write((stdin or "").encode(locale.getpreferredencoding(False)))  # when the input is not read
        connection.settimeout(timeout)
        try:
            code = int(connection.recv(64))
        except TimeoutError:
            os.kill(pid, signal.SIGKILL)
            raise subprocess.TimeoutExpired([*XCERT, *args], timeout) from None
        for reader in readers:
            reader.join()
    return subprocess.CompletedProcess([*XCERT, *args], code, _text(b"".join(chunks[out_read])),
                                       _text(b"".join(chunks[err_read])))


def run_xcert(*args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None,
              plugins: bool = True, stdin: str | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run ``xcert ARGS`` to completion and return what it printed and its exit code (never raises for a
    non-zero exit; :class:`subprocess.TimeoutExpired` after ``timeout`` seconds, the command killed)."""
    extra = {**({} if plugins else {"XCERT_DISABLE_PLUGINS": "*"}), **(env or {})}
    full_env = {**os.environ, **extra}
    start_up = {key for key in {*full_env, *os.environ} if key.startswith("PYTHON")}
    read_at_start_up = any(full_env.get(key) != os.environ.get(key) for key in start_up)  # PYTHONPATH, …
    if os.environ.get("XCERT_TEST_FRESH") == "1" or read_at_start_up or not hasattr(socket, "send_fds"):
        return subprocess.run([*XCERT, *map(str, args)], capture_output=True, text=True, timeout=timeout,
                              check=False, cwd=cwd, input=stdin, env=full_env)
    return _forked([str(arg) for arg in args], cwd, full_env, stdin, timeout)


def xcert(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``xcert ARGS`` with the installed plug-ins: :func:`run_xcert` in the form most test modules use."""
    return run_xcert(*args, env=env)
