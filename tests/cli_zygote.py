"""A warm ``xcert`` to fork from: the test helper :func:`cli_run.run_xcert` asks this process for each command
instead of starting a fresh Python, which would spend ~0.6 s of a core importing xcert, click, openpyxl, reportlab,
Pillow and SQLAlchemy before a command that itself takes ~25 ms.

Run as ``python cli_zygote.py SOCKET``: it imports every command's module (and the libraries commands import
lazily), listens on the Unix seqpacket socket ``SOCKET``, prints ``ready`` and serves forever. Per request — one
packet holding the JSON ``{"args", "cwd", "env"}`` and three file descriptors (stdin, stdout, stderr) — it forks a
*waiter*, which forks the *command*: that child takes the descriptors as 0, 1 and 2, the working directory, the
environment and ``sys.argv`` it was given, and runs ``xcert_adapters.cli.main`` exactly as the console script does;
it exits as the interpreter would (``SystemExit``'s code, 1 and a traceback for an uncaught exception, the exit
handlers run, the streams flushed), only without tearing down the zygote's heap.
The waiter sends the command's pid, then its exit code as :func:`os.waitstatus_to_exitcode` gives it.

What a fresh process has and a forked one does not: its own hash seed and its own interpreter start-up (a module
imported at start-up reading the environment would see the zygote's: none of xcert's does, every variable is read
when used). ``XCERT_TEST_FRESH=1`` makes :func:`cli_run.run_xcert` start a fresh process for every command.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import signal
import socket
import sys
import traceback
from typing import NoReturn

LIBRARIES = ("openpyxl", "python_calamine", "reportlab.pdfgen.canvas", "reportlab.pdfbase.ttfonts", "PIL.Image",
             "PIL.JpegImagePlugin", "PIL.PngImagePlugin", "sqlalchemy", "pypinyin", "stdnum.cn.ric", "defusedxml",
             "rich.progress", "zxingcpp", "argon2")
"""Libraries xcert imports inside functions (so a command pays only for its own): imported here once."""


def warm() -> None:
    """Import every command's module and the libraries commands import lazily, and read the one large data file
    the rules read whatever the environment; run no command."""
    from xcert_adapters.cli import app  # noqa: PLC0415

    for target in app.COMMANDS.values():
        importlib.import_module(target.split(":", maxsplit=1)[0])
    for name in LIBRARIES:
        with contextlib.suppress(ImportError):  # an optional library not installed: the command reports it
            importlib.import_module(name)
    from xcert_core.roster.rules import names  # noqa: PLC0415

    names._char_readings()  # pypinyin's character dictionary (40,000 readings), read once: data, not state


def run_command(request: dict[str, object], fds: list[int]) -> NoReturn:
    """Become the command: its descriptors, directory, environment and arguments; then run it."""
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        os.close(fd)
    os.chdir(str(request["cwd"]))
    os.environ.clear()
    os.environ.update(request["env"])  # type: ignore[arg-type]
    args = [str(arg) for arg in request["args"]]  # type: ignore[attr-defined]
    sys.argv = ["-c", *args]
    from xcert_adapters.cli import main  # noqa: PLC0415
    from xcert_adapters.cli.process_exit import quick_exit  # noqa: PLC0415

    code: object = 0  # as `python -c "…; main()"` ends when main returns
    try:
        main(args)
    except SystemExit as exit_:
        code = exit_.code
    except BaseException:  # what the interpreter does with an uncaught exception
        traceback.print_exc()
        code = 1
    quick_exit(code)  # the exit handlers, not the interpreter's teardown of the zygote's whole heap: ~0.4 s a command


def wait_for_command(connection: socket.socket) -> NoReturn:
    """The waiter: receive one request, fork the command, report its pid and then its exit code."""
    message, fds, _, _ = socket.recv_fds(connection, 1 << 20, 3)
    request = json.loads(message)
    pid = os.fork()
    if pid == 0:
        connection.close()
        run_command(request, fds)
    for fd in fds:
        os.close(fd)
    with contextlib.suppress(OSError):  # the test gave up on the command (its timeout): nobody to tell
        connection.send(f"{pid}".encode())
        _, status = os.waitpid(pid, 0)
        connection.send(f"{os.waitstatus_to_exitcode(status)}".encode())
    os._exit(0)


def serve(path: str) -> NoReturn:
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    listener.bind(path)
    listener.listen(64)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the waiters reap themselves
    print("ready", flush=True)
    while True:
        connection, _ = listener.accept()
        if os.fork() == 0:
            listener.close()
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # the waiter waits for its command
            wait_for_command(connection)
        connection.close()


if __name__ == "__main__":
    warm()
    serve(sys.argv[1])
