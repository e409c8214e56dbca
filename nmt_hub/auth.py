"""Log in with the 学号 from the class list; the first password used becomes the password.

FirstUseAuthenticator keeps (hashed) passwords in a dbm file in the hub's state directory.
Only accounts made from the class list (and the instructor) may log in; a student may type the
学号 (``2023001``) or the account name (``s2023001``).
"""

from __future__ import annotations

from firstuseauthenticator import FirstUseAuthenticator
from traitlets import Unicode


class ClassAuthenticator(FirstUseAuthenticator):
    prefix = Unicode("s", config=True, help="account name = prefix + 学号 (lower case)")

    def normalize_username(self, username):
        name = super().normalize_username(username.strip())
        allowed = self.allowed_users or set()
        if name not in allowed and f"{self.prefix}{name}" in allowed:
            name = f"{self.prefix}{name}"
        return name
