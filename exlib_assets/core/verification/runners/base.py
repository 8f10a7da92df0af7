"""What every runner is given and must answer."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from exlib_assets.core.verification.layout import Side
from exlib_assets.core.verification.sandbox import Limits
from exlib_assets.core.verification.verdict import SideResult


@dataclass(frozen=True)
class TestPlan:
    """What to run: the example's `testFiles`, its parsed `test.yaml` (if any) and its backend's
    settings from meta.yaml."""

    example: str  # identifier@version
    test_files: tuple[str, ...]
    test_yaml: Mapping[str, Any] | None
    backend_settings: Mapping[str, Any] = field(default_factory=dict)
    limits: Limits = Limits()

    def yaml_properties(self) -> Mapping[str, Any]:
        properties = (self.test_yaml or {}).get("properties")
        return properties if isinstance(properties, dict) else {}

    def declared_timeout(self) -> float | None:
        """The seconds the example says one run of its tests may take (executionBackend
        settings, else test.yaml), or None when it says nothing usable."""
        return declared_timeout(self.backend_settings, self.test_yaml)


def declared_timeout(settings: Mapping[str, Any], test_yaml: Mapping[str, Any] | None) -> float | None:
    properties = (test_yaml or {}).get("properties")
    declared = settings.get("timeout") or (properties.get("timeout") if isinstance(properties, dict) else None)
    if isinstance(declared, int | float) and not isinstance(declared, bool) and declared > 0:
        return float(declared)
    return None


class Runner(Protocol):
    name: str

    def missing(self, plan: TestPlan) -> str | None:
        """Why this runner cannot run here (a tool not installed, nothing to run), or None."""

    def run(self, side: Side, plan: TestPlan) -> SideResult:
        """Run the tests against one side, in the sandbox."""
