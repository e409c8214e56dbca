"""A student (or the instructor) at the hub, over HTTP: log in through the login form, start the
server, then use JupyterLab's REST API and nbgrader's assignment list, as the browser does.

Used by the end-to-end test and the room benchmark (``bench/hub_room.py``).
"""

from __future__ import annotations

import json
import time
from urllib.parse import quote

import requests


class HubError(RuntimeError):
    pass


class HubUser:
    def __init__(self, base: str, name: str, password: str, timeout: float = 60):
        self.base = base.rstrip("/")
        self.name = name
        self.password = password
        self.timeout = timeout
        self.http = requests.Session()
        self.token: str | None = None

    # -- the hub ---------------------------------------------------------------------------------
    def login(self) -> None:
        r = self.http.get(f"{self.base}/hub/login", timeout=self.timeout)
        r.raise_for_status()
        xsrf = self.http.cookies.get("_xsrf", "")
        r = self.http.post(f"{self.base}/hub/login?next=", timeout=self.timeout, allow_redirects=False,
                           data={"username": self.name, "password": self.password, "_xsrf": xsrf})
        if r.status_code != 302:
            raise HubError(f"{self.name} 登录失败（HTTP {r.status_code}）")
        xsrf = self.http.cookies.get("_xsrf", xsrf)
        me = self.http.get(f"{self.base}/hub/api/user", timeout=self.timeout, headers={"X-XSRFToken": xsrf})
        if me.status_code == 200:  # the hub's name for this login (学号 2023001 → account s2023001)
            self.name = me.json()["name"]
        r = self.http.post(f"{self.base}/hub/api/users/{self.name}/tokens", timeout=self.timeout,
                           headers={"X-XSRFToken": xsrf, "Referer": f"{self.base}/hub/token"},
                           json={"note": "nmt_hub.client", "expires_in": 4 * 3600})
        if r.status_code not in (200, 201):
            raise HubError(f"{self.name} 取不到 API 令牌（HTTP {r.status_code}）：{r.text[:300]}")
        self.token = r.json()["token"]

    def hub_api(self, method: str, path: str, **kw) -> requests.Response:
        return self.http.request(method, f"{self.base}/hub/api/{path}", timeout=self.timeout,
                                 headers={"Authorization": f"token {self.token}"}, **kw)

    def start(self, deadline: float = 300) -> float:
        """Start this user's server and wait until it answers; returns the seconds it took."""
        t0 = time.monotonic()
        r = self.hub_api("POST", f"users/{self.name}/server")
        if r.status_code not in (201, 202, 400):  # 400: already running
            raise HubError(f"{self.name} 的服务器启动失败（HTTP {r.status_code}）：{r.text[:300]}")
        while time.monotonic() - t0 < deadline:
            info = self.hub_api("GET", f"users/{self.name}").json()
            server = (info.get("servers") or {}).get("")
            if server and server.get("ready"):
                try:
                    if self.api("GET", "api/status").status_code == 200:
                        return time.monotonic() - t0
                except requests.RequestException:
                    pass
            time.sleep(0.5)
        raise HubError(f"{self.name} 的服务器 {deadline:.0f} 秒内没有启动")

    def stop(self) -> None:
        self.hub_api("DELETE", f"users/{self.name}/server")

    # -- the user's server ---------------------------------------------------------------------------
    def api(self, method: str, path: str, **kw) -> requests.Response:
        kw.setdefault("timeout", self.timeout)
        return self.http.request(method, f"{self.base}/user/{self.name}/{path}",
                                 headers={"Authorization": f"token {self.token}"}, **kw)

    def contents(self, path: str) -> dict:
        r = self.api("GET", f"api/contents/{quote(path)}")
        r.raise_for_status()
        return r.json()

    def put_notebook(self, path: str, nb: dict) -> None:
        r = self.api("PUT", f"api/contents/{quote(path)}", json={"type": "notebook", "format": "json", "content": nb})
        if r.status_code not in (200, 201):
            raise HubError(f"{self.name} 保存 {path} 失败（HTTP {r.status_code}）：{r.text[:300]}")

    def assignments(self, course: str) -> list[dict]:
        r = self.api("GET", "assignments", params={"course_id": course})
        r.raise_for_status()
        out = r.json()
        if not out.get("success"):
            raise HubError(f"{self.name} 的作业列表出错：{out.get('value')}")
        return out["value"]

    def action(self, action: str, course: str, assignment: str) -> dict:
        """nbgrader's assignment list: ``fetch``, ``submit`` or ``fetch_feedback``."""
        r = self.api("POST", f"assignments/{action}", data={"course_id": course, "assignment_id": assignment},
                     timeout=max(self.timeout, 120))
        r.raise_for_status()
        return json.loads(r.text)
