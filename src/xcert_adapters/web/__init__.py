"""The web workbench and the HTTP API (``xcert serve``): a second face over :mod:`xcert_adapters.app`.

Pages (server-rendered, Chinese, following the platform's menus and the eleven steps) and the versioned JSON API
under ``/api/v1/`` call the same application functions as the command line and render the same payloads
(:mod:`xcert_adapters.app.payloads`). Every request is authenticated (:mod:`xcert_adapters.web.security`); the
server binds to loopback unless the workspace has accounts.
"""
