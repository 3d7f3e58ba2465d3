"""The reference-data port: certificate catalogue, program catalogue (专业目录) and region codes.

A provider never invents data: what it does not know it does not return, and rules then check format only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol, runtime_checkable

from xcert_core.model import Certificate, Program


@runtime_checkable
class ReferenceProvider(Protocol):
    def certificates(self) -> Iterable[Certificate]: ...

    def programs(self) -> Iterable[Program]: ...


ReferenceProviderFactory = Callable[[], ReferenceProvider]
