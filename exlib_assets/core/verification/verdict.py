"""The outcome of verifying one example version, in the shape `exlib library verify --json` prints."""

from dataclasses import dataclass, field

PASSED = "passed"
FAILED = "failed"
NO_RUNNER = "no runner"
VERDICTS = (PASSED, FAILED, NO_RUNNER)
OUTPUT_EXCERPT_CHARS = 4000


@dataclass
class TestOutcome:
    name: str
    outcome: str  # passed | failed | error | skipped

    def to_dict(self) -> dict:
        return {"name": self.name, "outcome": self.outcome}


@dataclass
class SideResult:
    """One side of a verification: the reference solution, or the student view.

    `passed`: every test passed. `loaded`: the code loaded or compiled (a student view that does
    not is as broken as one that passes). `problem`: what stopped the run (timeout, limit), if anything.
    """

    passed: bool
    loaded: bool
    tests: list[TestOutcome] = field(default_factory=list)
    output: str = ""
    problem: str | None = None

    def failing(self) -> list[str]:
        return [test.name for test in self.tests if test.outcome in ("failed", "error")]

    def to_dict(self) -> dict:
        return {
            "passed": self.passed,
            "loaded": self.loaded,
            "tests": [test.to_dict() for test in self.tests],
            "output": excerpt(self.output),
            "problem": self.problem,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "SideResult":
        return cls(
            passed=bool(data["passed"]),
            loaded=bool(data.get("loaded", True)),
            tests=[TestOutcome(t["name"], t["outcome"]) for t in data.get("tests", [])],
            output=data.get("output", ""),
            problem=data.get("problem"),
        )


@dataclass
class Verdict:
    example: str  # identifier@version
    verdict: str
    runner: str | None
    reference: SideResult | None = None
    template: SideResult | None = None
    reasons: list[str] = field(default_factory=list)
    seconds: float = 0.0
    network: str = ""
    digest: str | None = None

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)

    def to_dict(self) -> dict:
        return {
            "example": self.example,
            "verdict": self.verdict,
            "reason": self.reason or None,
            "reference": self.reference.to_dict() if self.reference else None,
            "template": self.template.to_dict() if self.template else None,
            "runner": self.runner,
            "seconds": round(self.seconds, 3),
            "network": self.network,
        }


def judge(example: str, runner: str, reference: SideResult, template: SideResult) -> Verdict:
    """`passed` when the reference passes and the student view loads but does not pass."""
    reasons = []
    if not reference.passed:
        failing = reference.failing()
        named = f": {', '.join(failing[:10])}" if failing else ""
        reasons.append(f"the reference solution does not pass its tests ({reference.problem or 'tests failed'}){named}")
    if not template.loaded:
        reasons.append(f"the student template does not load or compile ({template.problem or 'see its output'})")
    elif template.passed:
        reasons.append("the student template already passes every test: students would have nothing to do")
    return Verdict(
        example=example,
        verdict=FAILED if reasons else PASSED,
        runner=runner,
        reference=reference,
        template=template,
        reasons=reasons,
    )


def excerpt(output: str) -> str:
    """The end of an output, where test tools put their summary."""
    if len(output) <= OUTPUT_EXCERPT_CHARS:
        return output
    return "[...]\n" + output[-OUTPUT_EXCERPT_CHARS:]
