"""Where exlib keeps its state, read from environment variables.

The embedded default keeps everything under `EXLIB_HOME` (default `./.exlib`): a SQLite
database, a folder of example storage and local bare git repositories. Production points the
same code at PostgreSQL, S3/MinIO and GitLab by setting the variables below; nothing else
changes.
"""

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from exlib_assets.core.errors import ExlibError
from exlib_assets.core.redaction import MASK, redact_text

DEFAULT_LIBRARY = "default"
DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_EXAMPLE_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class SizeLimits:
    """How large one file and one whole example may be, in bytes."""

    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    max_example_bytes: int = DEFAULT_MAX_EXAMPLE_BYTES


# A course may push with its own GitLab token (a project or group access token that can reach
# only its repositories): EXLIB_GITLAB_TOKEN__PROG1_2026 for course prog1_2026.
COURSE_TOKEN_PREFIX = "EXLIB_GITLAB_TOKEN__"
# A site's own test command for an execution backend without a built-in runner:
# EXLIB_VERIFY_COMMAND__JULIA for executionBackend `julia` (see core/verification/runner_choice.py).
VERIFY_COMMAND_PREFIX = "EXLIB_VERIFY_COMMAND__"


def course_token_variable(slug: str) -> str:
    """The variable holding course `slug`'s own GitLab token: upper case, other characters as `_`."""
    return COURSE_TOKEN_PREFIX + re.sub(r"[^A-Z0-9]", "_", slug.upper())


@dataclass(frozen=True, repr=False)
class Settings:
    home: Path
    database_url: str
    storage_url: str
    library: str
    git_url: str
    limits: SizeLimits = SizeLimits()
    # Secrets: __repr__ below masks them, and the passwords in the URLs above.
    gitlab_token: str | None = None
    # Per-course GitLab tokens, by variable name (see `course_token_variable`).
    gitlab_course_tokens: Mapping[str, str] = field(default_factory=dict)
    # Site commands verifying other execution backends, by variable (EXLIB_VERIFY_COMMAND__JULIA).
    verify_commands: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> "Settings":
        env = os.environ if environ is None else environ
        home = Path(env.get("EXLIB_HOME") or ".exlib").absolute()
        return cls(
            home=home,
            database_url=env.get("EXLIB_DATABASE_URL") or f"sqlite:///{home / 'exlib.db'}",
            storage_url=env.get("EXLIB_STORAGE_URL") or str(home / "storage"),
            library=env.get("EXLIB_LIBRARY") or DEFAULT_LIBRARY,
            git_url=env.get("EXLIB_GIT_URL") or str(home / "git"),
            limits=SizeLimits(
                max_file_bytes=_positive_int(env, "EXLIB_MAX_FILE_BYTES", DEFAULT_MAX_FILE_BYTES),
                max_example_bytes=_positive_int(env, "EXLIB_MAX_EXAMPLE_BYTES", DEFAULT_MAX_EXAMPLE_BYTES),
            ),
            gitlab_token=env.get("EXLIB_GITLAB_TOKEN") or None,
            gitlab_course_tokens={
                name: value for name, value in env.items() if name.startswith(COURSE_TOKEN_PREFIX) and value
            },
            verify_commands={
                name: value for name, value in env.items() if name.startswith(VERIFY_COMMAND_PREFIX) and value
            },
        )

    def to_env(self, *, include_secrets: bool = False) -> dict[str, str]:
        """The EXLIB_* variables `from_env` reads these settings back from, every one spelled out.

        `include_secrets` adds the GitLab tokens; pass it only for the environment of a process
        that pushes with them, and never log the result. Passwords inside the URLs stay, as the
        process needs them to connect at all.
        """
        env = {
            "EXLIB_HOME": str(self.home.absolute()),
            "EXLIB_DATABASE_URL": self.database_url,
            "EXLIB_STORAGE_URL": self.storage_url,
            "EXLIB_LIBRARY": self.library,
            "EXLIB_GIT_URL": self.git_url,
            "EXLIB_MAX_FILE_BYTES": str(self.limits.max_file_bytes),
            "EXLIB_MAX_EXAMPLE_BYTES": str(self.limits.max_example_bytes),
            **self.verify_commands,
        }
        if include_secrets:
            if self.gitlab_token:
                env["EXLIB_GITLAB_TOKEN"] = self.gitlab_token
            env.update(self.gitlab_course_tokens)
        return env

    def __repr__(self) -> str:
        # Settings end up in tracebacks, logs and debuggers: URLs lose their passwords and tokens,
        # tokens show only whether they are set (and, per course, under which variable).
        tokens = {name: MASK for name in sorted(self.gitlab_course_tokens)}
        return (
            f"Settings(home={str(self.home)!r}, database_url={redact_text(self.database_url)!r}, "
            f"storage_url={redact_text(self.storage_url)!r}, library={self.library!r}, "
            f"git_url={redact_text(self.git_url)!r}, limits={self.limits!r}, "
            f"gitlab_token={MASK if self.gitlab_token else None!r}, gitlab_course_tokens={tokens!r})"
        )

    @property
    def is_embedded_database(self) -> bool:
        """True when the database is the embedded default's SQLite file under EXLIB_HOME."""
        return self.database_url == f"sqlite:///{self.home / 'exlib.db'}"


def _positive_int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value <= 0:
        raise ExlibError(f"{name}={raw!r} is not a positive whole number of bytes; fix or unset it.")
    return value
