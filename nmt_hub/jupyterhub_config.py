# JupyterHub configuration of the lab-room hub. `python -m nmt_hub start` (make hub) writes
# <state>/hub.json and runs `jupyterhub -f` this file with NMT_HUB_STATE=<state>.
import os
from pathlib import Path

from nmt_hub.room import Settings

c = get_config()  # noqa: F821  (provided by traitlets when JupyterHub loads this file)

s = Settings.load(os.environ["NMT_HUB_STATE"])
state = s.root
bin_dir = Path(s.venv_bin)

# -- where the hub listens, and where it keeps its state ------------------------------------------
c.JupyterHub.bind_url = f"http://{s.ip}:{s.port}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = s.hub_port
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{s.proxy_api_port}"
c.ConfigurableHTTPProxy.command = [s.proxy_command or "configurable-http-proxy"]
c.ConfigurableHTTPProxy.pid_file = str(state / "proxy.pid")
c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(state / "jupyterhub.pid")
c.JupyterHub.cleanup_servers = True  # a restart stops the servers; files stay in the homes
c.JupyterHub.template_paths = [str(Path(__file__).parent / "templates")]
c.JupyterHub.template_vars = {"students": len(s.students)}
# a room logs in at once: let them all start, and give a loaded server time
c.JupyterHub.concurrent_spawn_limit = 0
c.JupyterHub.active_server_limit = 0

# -- who may log in: the class list and the instructor, first-use passwords ------------------------
c.JupyterHub.authenticator_class = "nmt_hub.auth.ClassAuthenticator"
c.ClassAuthenticator.dbm_path = str(state / "passwords.dbm")
c.ClassAuthenticator.prefix = s.prefix
c.ClassAuthenticator.create_users = False
c.ClassAuthenticator.min_password_length = 6
c.Authenticator.allowed_users = set(s.students) | {s.instructor}
c.Authenticator.admin_users = {s.instructor}
c.JupyterHub.load_groups = {"instructors": {"users": [s.instructor]}, "students": {"users": sorted(s.students)}}

# -- every user's server: the course environment, JupyterLab in Chinese, role's extensions --------
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [str(bin_dir / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 180
c.Spawner.args = ["--ServerApp.terminals_enabled=True"]


def _environment(spawner):
    role = "instructor" if spawner.user.name == s.instructor else "student"
    spawner.environment.update({
        "PATH": f"{bin_dir}:/usr/local/bin:/usr/bin:/bin",
        "JUPYTER_CONFIG_PATH": str(s.config_dir(role)),
        "NMT_HUB_ROLE": role,
        "NMT_HUB_STATE": str(state),
        "LANG": "C.UTF-8",
    })


c.Spawner.pre_spawn_hook = _environment
