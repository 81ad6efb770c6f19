"""Every machine runs the versions the tests ran with: constraints.txt pins the whole venv."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata

from webapp.paths import ROOT


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(lines) -> dict[str, str]:
    found = {}
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"constraints.txt: '{line}' is not an exact pin (name==version)"
            found[canonical(name)] = version
    return found


CONSTRAINTS = pins((ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines())


def test_every_installed_package_is_pinned_at_the_version_installed():
    installed = {canonical(d.metadata["Name"]): d.version for d in metadata.distributions()}
    installed.pop("referral-map")  # the project itself
    installed.pop("setuptools", None)  # the venv's own; the build's is pinned in pyproject.toml
    unpinned = sorted(set(installed) - set(CONSTRAINTS))
    assert not unpinned, f"not in constraints.txt (run `make constraints`): {unpinned}"
    drifted = {n: (installed[n], CONSTRAINTS[n]) for n in installed if installed[n] != CONSTRAINTS[n]}
    assert not drifted, f"installed vs constraints.txt: {drifted}"


def test_pyproject_pins_agree_with_the_constraints():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = pins(project["dependencies"] + project["optional-dependencies"]["test"])
    assert {"gunicorn", "hypothesis"} <= set(declared)
    assert {n: v for n, v in declared.items() if CONSTRAINTS.get(n) != v} == {}
