"""The core's registration plug-in (``xcert-registration``): registration issue types and sample reference
data."""

from __future__ import annotations

from xcert_core.hookspecs import Register, RegisterIssueType, hookimpl
from xcert_core.issues.catalogue import defined_in
from xcert_core.ports.reference import ReferenceProviderFactory
from xcert_core.reference_data import SampleCertificates
from xcert_core.registration import issue_types


class RegistrationPlugin:
    """Catalogues the registration rules' issue types and registers the ``sample`` certificate catalogue."""

    @hookimpl
    def xcert_register_issue_types(self, register: RegisterIssueType) -> None:
        for issue_type in defined_in(issue_types):  # the rules, the sheet's and the import's: none imported here
            register(issue_type)

    @hookimpl
    def xcert_register_reference_providers(self, register: Register[ReferenceProviderFactory]) -> None:
        register("sample", SampleCertificates)
