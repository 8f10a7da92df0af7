"""Handing credentials to git without putting them on its command line.

Any local user can read a process's command line (`ps`, `/proc/PID/cmdline`), and git passes the
remote URL on to the helper processes it starts (`git-remote-https NAME URL`). So a URL is split
before git sees it: git gets the URL without user and password, and a credential helper that
prints them from two environment variables of the git process (readable by its owner only).
The helper is a shell function in git's configuration, given with `-c`, so it names the
variables, never their values; an empty `credential.helper` first drops any helper from the
user's configuration, so no `store` helper ever writes the token to disk.
"""

from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit, urlunsplit

# Set by exlib for the git processes it starts, never read from a site's settings: hence no
# EXLIB_ prefix, which names settings.
USERNAME_VARIABLE = "GIT_REMOTE_USERNAME_FOR_EXLIB"
PASSWORD_VARIABLE = "GIT_REMOTE_PASSWORD_FOR_EXLIB"
_HELPER = (
    '!exlib_credentials() { test "$1" = get || return 0; '
    f'printf \'username=%s\\npassword=%s\\n\' "${USERNAME_VARIABLE}" "${PASSWORD_VARIABLE}"; }}; exlib_credentials'
)


@dataclass(frozen=True)
class GitCredentials:
    """A user name and password (a token) for an HTTP(S) git remote; the password never shows in repr()."""

    username: str
    password: str = field(repr=False)

    def config_args(self) -> list[str]:
        """`-c` options for git: no helper from the user's configuration, then ours."""
        return ["-c", "credential.helper=", "-c", f"credential.helper={_HELPER}"]

    def environment(self) -> dict[str, str]:
        return {USERNAME_VARIABLE: self.username, PASSWORD_VARIABLE: self.password}


@dataclass(frozen=True)
class GitRemote:
    """A remote's URL as git may see it (no password or token in it), and the credentials apart."""

    url: str
    credentials: GitCredentials | None = None

    @classmethod
    def parse(cls, url: str) -> "GitRemote":
        """Split `https://user:token@host/x.git` into `https://host/x.git` and (user, token).

        Only HTTP(S) credentials can go through a helper; over ssh a user name is an account,
        kept in the URL, and a password there would never be used: it is dropped.
        """
        try:
            parts = urlsplit(url)
            username, password = parts.username, parts.password
        except ValueError:  # not a URL git would parse either; git's own error will say so
            return cls(url)
        if "://" not in url or "@" not in parts.netloc:
            return cls(url)
        host = parts.netloc.rpartition("@")[2]
        if parts.scheme.lower() in ("http", "https"):
            # A lone user name over HTTP(S) is usually a token (`https://TOKEN@host`).
            credentials = GitCredentials(unquote(username or ""), unquote(password or ""))
            return cls(urlunsplit(parts._replace(netloc=host)), credentials)
        kept = f"{username}@{host}" if username else host
        return cls(urlunsplit(parts._replace(netloc=kept)))

    def git_args(self) -> list[str]:
        """The `-c` options to put before git's command."""
        return self.credentials.config_args() if self.credentials else []

    def environment(self) -> dict[str, str]:
        return self.credentials.environment() if self.credentials else {}
