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


class Runner(Protocol):
    name: str

    def missing(self, plan: TestPlan) -> str | None:
        """Why this runner cannot run here (a tool not installed, nothing to run), or None."""

    def run(self, side: Side, plan: TestPlan) -> SideResult:
        """Run the tests against one side, in the sandbox."""
