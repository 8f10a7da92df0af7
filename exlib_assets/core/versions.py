"""Version tags of examples and the constraints that pick one of them.

Authors tag versions freely (`1.0`, `v1.2`, `2.0.0`, `2.0.0-beta.1`, `1.0rc1`). Tags are
compared by their semantic value, never as text and never by upload order: `1.10` is newer
than `1.9`, and `1.2`, `v1.2` and `1.2.0` are the same version.
"""

import functools
import operator
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from packaging.version import InvalidVersion
from packaging.version import Version as PackagingVersion

from exlib_assets.core.errors import InvalidVersionError, NotFoundError

VALID_TAG_EXAMPLES = "`1.0`, `v1.2`, `2.0.0`, `2.0.0-beta.1`"
ACCEPTED_CONSTRAINTS = (
    "`latest` (or `*`), an exact version (`1.2`, `v1.2`, `=1.2`, `==1.2`), "
    "a caret range (`^1.2`), a tilde range (`~1.2`), "
    "or comparators such as `>=1.0,<2` (operators >=, >, <=, <, ==, =, !=)"
)
MAX_TAG_LENGTH = 64

# Tags end up in storage keys and partition keys, so only plain characters are allowed; this
# also keeps packaging's epochs (`1!2.0`) and local versions (`1.0+abc`) out.
_TAG_CHARACTERS = re.compile(r"[A-Za-z0-9._-]+")
# `1.1-contrib.2`: the second contribution proposed as version 1.1, not yet accepted.
_CONTRIBUTION = re.compile(r"(?P<release>\d+(?:\.\d+)*)-contrib\.(?P<number>\d+)")

# sort_key uses fixed-width fields of digits and lowercase letters only, so that every SQL
# collation (even ones that ignore punctuation) orders it exactly like the versions.
_KEY_DIGITS = 8
_KEY_RELEASE_PARTS = 4
_KEY_MAX_NUMBER = 10**_KEY_DIGITS - 1
_PHASE_DEV_ONLY = "a"  # `1.0.dev1` comes before `1.0a1`
_PHASE_OF_PRERELEASE = {"a": "b", "b": "c", "rc": "d"}
_PHASE_FINAL = "e"


@functools.total_ordering
@dataclass(frozen=True, eq=False)
class Version:
    """One version tag: keeps the tag as written, compares and hashes by semantic value."""

    tag: str
    parsed: PackagingVersion = field(repr=False)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Version):
            return NotImplemented
        return self.parsed == other.parsed

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Version):
            return NotImplemented
        return self.parsed < other.parsed

    def __hash__(self) -> int:
        return hash(self.parsed)

    def __str__(self) -> str:
        return self.tag

    @property
    def release(self) -> tuple[int, ...]:
        """The release numbers without trailing zeros: `(1, 2)` for `1.2`, `v1.2` and `1.2.0`."""
        return _release(self.parsed)

    @property
    def normalized(self) -> str:
        """The canonical text, equal exactly when the versions are equal: `1.2` for `v1.2` and
        `1.2.0`, `2.0b1` for `2.0.0-beta.1`."""
        numbers = list(self.release) + [0] * max(0, 2 - len(self.release))
        text = ".".join(str(number) for number in numbers)
        if self.parsed.pre is not None:
            text += f"{self.parsed.pre[0]}{self.parsed.pre[1]}"
        if self.parsed.post is not None:
            text += f".post{self.parsed.post}"
        if self.parsed.dev is not None:
            text += f".dev{self.parsed.dev}"
        return text

    @property
    def is_prerelease(self) -> bool:
        """True for alpha, beta, release-candidate and development versions."""
        return self.parsed.is_prerelease

    @property
    def sort_key(self) -> str:
        """Text that sorts (byte-wise, e.g. in SQL `ORDER BY`) in the same order as the versions."""
        numbers = self.release + (0,) * (_KEY_RELEASE_PARTS - len(self.release))
        key = "".join(_padded(number) for number in numbers)
        pre, post, dev = self.parsed.pre, self.parsed.post, self.parsed.dev
        if pre is not None:
            key += _PHASE_OF_PRERELEASE[pre[0]] + _padded(pre[1])
        elif post is None and dev is not None:
            key += _PHASE_DEV_ONLY + _padded(0)
        else:
            key += _PHASE_FINAL + _padded(0)
        key += ("0" + _padded(0)) if post is None else ("1" + _padded(post))
        # A development release comes before the same version without `.devN`.
        key += ("1" + _padded(0)) if dev is None else ("0" + _padded(dev))
        return key


def _padded(number: int) -> str:
    return str(number).zfill(_KEY_DIGITS)


def _release(parsed: PackagingVersion) -> tuple[int, ...]:
    numbers = list(parsed.release)
    while numbers and numbers[-1] == 0:
        numbers.pop()
    return tuple(numbers)


def parse_version(tag: str) -> Version:
    """Parse a version tag such as `1.0`, `v1.2`, `2.0.0` or `2.0.0-beta.1`."""
    version, problem = _try_parse_version(tag)
    if version is None:
        raise InvalidVersionError(
            f"{tag!r} is not a valid version tag: {problem}. Use a tag like {VALID_TAG_EXAMPLES}."
        )
    return version


def _try_parse_version(tag: str) -> tuple[Version | None, str | None]:
    """The version, or None and what is wrong with the tag."""
    problem = _tag_problem(tag)
    if problem is None:
        parsed = _packaging_version(tag)
        problem = "it is not a version number" if parsed is None else _size_problem(parsed)
    if problem is not None:
        return None, problem
    return Version(tag=tag, parsed=parsed), None


def _tag_problem(tag: object) -> str | None:
    if not isinstance(tag, str):
        return f"expected text, got {type(tag).__name__}"
    if not tag:
        return "it is empty"
    if len(tag) > MAX_TAG_LENGTH:
        return f"it is longer than {MAX_TAG_LENGTH} characters"
    if not _TAG_CHARACTERS.fullmatch(tag):
        return "only letters, digits, '.', '-' and '_' are allowed"
    return None


def _packaging_version(tag: str) -> PackagingVersion | None:
    text = tag[1:] if tag[:1] in ("v", "V") else tag
    contribution = _CONTRIBUTION.fullmatch(text)
    if contribution:
        # A contribution waiting for review comes before the release it proposes, like a development release.
        text = f"{contribution['release']}.dev{contribution['number']}"
    try:
        return PackagingVersion(text)
    except InvalidVersion:
        return None


def _size_problem(parsed: PackagingVersion) -> str | None:
    """Versions must fit the fixed-width fields of `Version.sort_key`."""
    release = _release(parsed)
    if len(release) > _KEY_RELEASE_PARTS:
        return f"it has more than {_KEY_RELEASE_PARTS} release numbers"
    numbers = [*release, parsed.pre[1] if parsed.pre else None, parsed.post, parsed.dev]
    if any(number is not None and number > _KEY_MAX_NUMBER for number in numbers):
        return f"its numbers must be at most {_KEY_MAX_NUMBER}"
    return None


def sort_versions(tags: Iterable[str]) -> list[str]:
    """The tags in ascending semantic order (equal versions ordered by their text)."""
    return [version.tag for version in sorted(_parse_all(tags), key=_ordering)]


def latest_version(tags: Iterable[str]) -> str | None:
    """The highest final release, else the highest prerelease; None when there are no tags."""
    versions = _parse_all(tags)
    if not versions:
        return None
    finals = [version for version in versions if not version.is_prerelease]
    return max(finals or versions, key=_ordering).tag


def _parse_all(tags: Iterable[str]) -> list[Version]:
    return [parse_version(tag) for tag in tags]


def _ordering(version: Version) -> tuple[Version, str]:
    return (version, version.tag)


_OPERATORS: dict[str, Callable[[Version, Version], bool]] = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
    "==": operator.eq,
    "!=": operator.ne,
}
_COMPARATOR = re.compile(r"(>=|<=|==|!=|>|<|=)?\s*(.*)", re.DOTALL)
# Comparators are separated by commas, or by spaces before the next operator (`>=1.0 <2`).
_COMPARATOR_SEPARATOR = re.compile(r"\s*,\s*|\s+(?=[<>=!])")
_LATEST_WORDS = ("", "*", "latest")


@dataclass(frozen=True)
class Comparator:
    """One condition of a constraint, e.g. `>= 1.0`."""

    operator: str
    version: Version

    def allows(self, version: Version) -> bool:
        return _OPERATORS[self.operator](version, self.version)


@dataclass(frozen=True)
class VersionConstraint:
    """Which versions of an example are acceptable, as written in meta.yaml or by a lecturer.

    A prerelease only matches a range that names a prerelease of the same release
    (`>=2.0.0-beta.1` matches `2.0.0-rc.1` but not `2.1.0-beta.1`), so that ranges never
    drift onto unfinished versions by accident.
    """

    text: str
    is_exact: bool
    comparators: tuple[Comparator, ...]

    @property
    def is_latest(self) -> bool:
        return not self.comparators

    def allows(self, version: Version | str) -> bool:
        """Whether this version may be picked. `latest` allows every version; `resolve` prefers
        final releases."""
        candidate = version if isinstance(version, Version) else parse_version(version)
        if candidate.is_prerelease and not self.is_latest:
            named = {c.version.release for c in self.comparators if c.version.is_prerelease}
            if candidate.release not in named:
                return False
        return all(comparator.allows(candidate) for comparator in self.comparators)

    def resolve(self, tags: Iterable[str], *, example: str | None = None) -> str:
        """The original tag of the highest allowed version among `tags`.

        `latest` picks the highest final release, and a prerelease only when no final release
        exists. `example` only makes the error message name what was looked up.
        """
        versions = _parse_all(tags)
        allowed = [version for version in versions if self.allows(version)]
        if self.is_latest:
            allowed = [version for version in allowed if not version.is_prerelease] or allowed
        if not allowed:
            raise NotFoundError(self._nothing_matches(versions, example))
        return max(allowed, key=_ordering).tag

    def _nothing_matches(self, versions: list[Version], example: str | None) -> str:
        subject = f"example {example!r}" if example else "the example"
        if not versions:
            return f"No version of {subject} matches {self.text!r}: it has no versions yet."
        available = ", ".join(version.tag for version in sorted(versions, key=_ordering))
        return (
            f"No version of {subject} matches {self.text!r}; available versions: {available}. "
            "Pick one of these or widen the constraint."
        )


def parse_constraint(text: str) -> VersionConstraint:
    """Parse `latest`, an exact version, `^1.2`, `~1.2` or comparators like `>=1.0,<2`."""
    if not isinstance(text, str):
        raise InvalidVersionError(f"Version constraint {text!r} is not text; accepted forms: {ACCEPTED_CONSTRAINTS}.")
    stripped = text.strip()
    if stripped.lower() in _LATEST_WORDS:
        return VersionConstraint(text=stripped or "latest", is_exact=False, comparators=())
    if stripped[0] in "^~":
        base = _version_in_constraint(stripped, stripped[1:].strip())
        numbers = base.parsed.release
        position = _caret_position(numbers) if stripped[0] == "^" else _tilde_position(numbers)
        upper = _version_in_constraint(stripped, _bumped(numbers, position))
        return VersionConstraint(
            text=stripped,
            is_exact=False,
            comparators=(Comparator(">=", base), Comparator("<", upper)),
        )
    return _comparator_constraint(stripped)


def _comparator_constraint(text: str) -> VersionConstraint:
    parts = _COMPARATOR_SEPARATOR.split(text)
    comparators = []
    for part in parts:
        if not part:
            raise _bad_constraint(text, "there is an empty condition between commas")
        symbol, tag = _COMPARATOR.fullmatch(part).groups()
        if symbol is None and len(parts) > 1:
            raise _bad_constraint(text, f"{part!r} needs an operator such as >= or <")
        comparators.append(Comparator("==" if symbol in (None, "=") else symbol, _version_in_constraint(text, tag)))
    is_exact = len(comparators) == 1 and comparators[0].operator == "=="
    return VersionConstraint(text=text, is_exact=is_exact, comparators=tuple(comparators))


def _version_in_constraint(text: str, tag: str) -> Version:
    if not tag:
        raise _bad_constraint(text, "a version is missing after the operator")
    version, problem = _try_parse_version(tag)
    if version is None:
        raise _bad_constraint(text, f"{tag!r} is not a version: {problem}")
    return version


def _bad_constraint(text: str, problem: str) -> InvalidVersionError:
    return InvalidVersionError(
        f"{text!r} is not a valid version constraint ({problem}). Accepted forms: {ACCEPTED_CONSTRAINTS}."
    )


def _caret_position(numbers: tuple[int, ...]) -> int:
    """`^1.2` -> `<2`, `^0.2` -> `<0.3`, `^0.0.3` -> `<0.0.4`: the first non-zero number is kept."""
    return next((i for i, number in enumerate(numbers) if number), len(numbers) - 1)


def _tilde_position(numbers: tuple[int, ...]) -> int:
    """`~1` -> `<2`, `~1.2` and `~1.2.3` -> `<1.3`: the major and, if given, the minor are kept."""
    return 0 if len(numbers) == 1 else 1


def _bumped(numbers: tuple[int, ...], position: int) -> str:
    """The upper bound's tag: the number at `position` plus one, later numbers dropped."""
    return ".".join(str(number) for number in [*numbers[:position], numbers[position] + 1])
