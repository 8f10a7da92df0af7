"""What one deploy run of a course is asked to do.

A plain deploy, an update, a rollback and a roll-forward all write a course repository the same
way; they differ only in what they ask for. Each has a named constructor, so a caller says which
one it is instead of setting the right combination of options; the options are checked when
the request is made, before anything is read or written.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from exlib_assets.core.errors import ExlibError

# How a deployed folder with local edits is brought to a new version:
# keep - refuse (a conflict), the default of a plain deploy; overwrite - replace the edits (git
# history keeps them); merge - three-way, with conflicts left on a proposal branch.
STRATEGIES = ("keep", "overwrite", "merge")
# Which changes go to a proposal branch instead of `main`: only merge conflicts, also updates
# of customized deployments (policy auto), or every update (policy propose).
PROPOSALS = ("conflicts", "customized", "all")
# Names the run in the commit message and the history rows.
PURPOSES = ("deploy", "update", "rollback", "roll-forward")


@dataclass(frozen=True)
class DeployRequest:
    course: str
    # The content paths to deploy; empty: every content of the course.
    paths: tuple[str, ...] = ()
    # What happens to local edits, for every path not named in `strategy_by_path`.
    strategy: str = "keep"
    strategy_by_path: Mapping[str, str] = field(default_factory=dict)
    proposals: str = "conflicts"
    # {path: version} deployed instead of what the path's constraint wants.
    targets: Mapping[str, str] = field(default_factory=dict)
    purpose: str = "deploy"
    dry_run: bool = False
    # Assign a missing dependency next to the content needing it, and deploy it in the same run.
    with_dependencies: bool = False
    actor: str = "exlib"

    def __post_init__(self) -> None:
        # Read-only copies: a request handed on cannot be changed under the run reading it.
        object.__setattr__(self, "paths", tuple(self.paths or ()))
        object.__setattr__(self, "strategy_by_path", MappingProxyType(dict(self.strategy_by_path)))
        object.__setattr__(self, "targets", MappingProxyType(dict(self.targets or {})))
        for name in [self.strategy, *self.strategy_by_path.values()]:
            if name not in STRATEGIES:
                raise ExlibError(f"unknown strategy {name!r}; use one of {', '.join(STRATEGIES)}.")
        if self.proposals not in PROPOSALS:
            raise ExlibError(f"unknown proposal mode {self.proposals!r}; use one of {', '.join(PROPOSALS)}.")
        if self.purpose not in PURPOSES:
            raise ExlibError(f"unknown purpose {self.purpose!r}; use one of {', '.join(PURPOSES)}.")

    @classmethod
    def deploy(
        cls,
        course: str,
        paths: Iterable[str] | None = None,
        *,
        overwrite: bool = False,
        with_dependencies: bool = False,
        dry_run: bool = False,
        actor: str = "exlib",
    ) -> "DeployRequest":
        """Deploy what the contents (all, or those at `paths`) want; local edits are a conflict
        unless `overwrite`."""
        return cls(
            course,
            tuple(paths or ()),
            strategy="overwrite" if overwrite else "keep",
            with_dependencies=with_dependencies,
            dry_run=dry_run,
            actor=actor,
        )

    @classmethod
    def update(
        cls,
        course: str,
        strategies: Mapping[str, str],
        *,
        proposals: str = "conflicts",
        dry_run: bool = False,
        actor: str = "exlib",
    ) -> "DeployRequest":
        """Bring the paths of `strategies` ({path: strategy}) to the version they want."""
        return cls(
            course,
            tuple(sorted(strategies)),
            strategy_by_path=strategies,
            proposals=proposals,
            purpose="update",
            dry_run=dry_run,
            actor=actor,
        )

    @classmethod
    def rollback(
        cls, course: str, path: str, version: str, *, strategy: str, dry_run: bool = False, actor: str = "exlib"
    ) -> "DeployRequest":
        """Put `version` back at `path`, whatever its constraint wants."""
        return cls(
            course,
            (path,),
            strategy=strategy,
            targets={path: version},
            purpose="rollback",
            dry_run=dry_run,
            actor=actor,
        )

    @classmethod
    def roll_forward(cls, course: str, targets: Mapping[str, str], *, actor: str = "exlib") -> "DeployRequest":
        """The first deploy of a rolled-forward course: every content, at `targets` where given."""
        return cls(course, targets=targets, purpose="roll-forward", actor=actor)

    def strategy_for(self, path: str) -> str:
        return self.strategy_by_path.get(path, self.strategy)
