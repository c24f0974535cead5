"""The API users of the site (data/model/users.csv) and their tokens: who may log in to balanz's API.

balanz keeps each user's ``auth_sha``, the sha256 of its token, and logs in whoever's token has that sha256
(balanz/user.py check_auth); a user created with a password has the token user id + password (user.py User).
"""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from balanz_acceptance.core.errors import SetupError

#: The users of the access scenarios are ``api-<user type in lower case>`` in data/model/users.csv.
USER_ID_PREFIX = "api-"

_TOKEN = re.compile(r"\(token (\S+)\)")


def token_of(user_id: str, password: str) -> str:
    """The login token of a user created with a password: balanz keeps sha256(user id + password) as its
    ``auth_sha`` (user.py ``User``) and logs in whoever's token has that sha256 (``check_auth``)."""
    return user_id + password


def auth_sha(token: str) -> str:
    """What balanz keeps of a token in its users file (user.py ``User``: ``auth_sha``, the sha256 in hex)."""
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class ApiUser:
    """One user of balanz's API (data/model/users.csv); its description may document its token."""

    user_id: str
    user_type: str
    token: str | None


def load_api_users(users_csv: Path) -> dict[str, ApiUser]:
    """The users of ``users.csv`` by user id, with the token a description documents as ``(token T)``.

    A documented token must be the one whose sha256 is the user's ``auth_sha``: balanz logs a user in
    when sha256(token) equals it (user.py ``check_auth``).
    """
    if not users_csv.is_file():
        raise SetupError(f"{users_csv}: file missing")
    users: dict[str, ApiUser] = {}
    with users_csv.open(newline="") as handle:
        for row in csv.DictReader(handle):
            user_id = row.get("user_id") or ""
            found = _TOKEN.search(row.get("description") or "")
            token = found.group(1) if found else None
            if token is not None and auth_sha(token) != (row.get("auth_sha") or "").strip():
                raise SetupError(f"{users_csv}: user {user_id}: auth_sha is not the sha256 of its token {token}")
            users[user_id] = ApiUser(user_id, row.get("user_type") or "", token)
    return users


def user_of_type(users: dict[str, ApiUser], user_type: str) -> ApiUser:
    """The access scenarios' user of this type: ``api-<type in lower case>``, of exactly that type."""
    user_id = USER_ID_PREFIX + user_type.lower()
    user = users.get(user_id)
    if user is None or user.user_type != user_type or user.token is None:
        raise SetupError(f"data/model/users.csv has no user {user_id} of type {user_type} with a documented token")
    return user
