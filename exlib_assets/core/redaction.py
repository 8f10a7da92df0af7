"""Masking secrets in text: literal secrets, and any password or token inside a URL."""

import re
from collections.abc import Iterable

MASK = "***"

# `scheme://userinfo@` anywhere in a text: the userinfo may hold a password or a token.
URL_USERINFO = re.compile(r"(?P<scheme>\b[A-Za-z][A-Za-z0-9+.-]*://)(?P<userinfo>[^/@\s'\"]+)@")


def redact_text(text: str, secrets: Iterable[str] = ()) -> str:
    """`text` with every literal secret and every password/token inside a URL replaced by `***`."""

    def replace(match: re.Match[str]) -> str:
        scheme, userinfo = match["scheme"], match["userinfo"]
        user, has_password, _ = userinfo.partition(":")
        if has_password:
            return f"{scheme}{user}:{MASK}@"
        return f"{scheme}{MASK}@" if scheme.lower().startswith("http") else match[0]

    # Literal secrets first and longest first: a password holding `@` would otherwise be cut in two
    # by the URL pattern, and a secret that contains another is masked whole.
    for secret in sorted({s for s in secrets if s}, key=len, reverse=True):
        text = text.replace(secret, MASK)
    return URL_USERINFO.sub(replace, text)
