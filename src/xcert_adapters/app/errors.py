"""What the application layer raises when a request cannot be honoured."""

from __future__ import annotations

from xcert_core.errors import XcertError


class RequestError(XcertError):
    """A request that names something the workspace does not have (a certificate, site, plan, registration) or
    asks for what its state does not allow. The message is Chinese first, English after a slash; every face shows
    it as it is (the CLI: exit 2; the HTTP API: 4xx)."""
