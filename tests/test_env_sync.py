"""environment.yml (conda) and pyproject.toml (pip) must list the same dependencies."""
from __future__ import annotations

import re
import tomllib

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

from conftest import REPO_ROOT

CONDA_TO_PYPI = {"matplotlib-base": "matplotlib", "dask": "dask"}
CONDA_ONLY = {"python", "pip"}


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _conda_spec(spec: str) -> tuple[str, SpecifierSet]:
    """Turn a conda match spec ('pkg>=1,<2', 'pkg=1.2', 'pkg 1.2.*') into a PyPI name and specifier."""
    m = re.match(r"^([A-Za-z0-9_.\-]+)\s*(.*)$", spec.strip())
    name, rest = m.group(1), m.group(2).strip()
    if re.match(r"^=[^=]", rest):
        rest = "==" + rest[1:] + ("" if rest.endswith("*") else ".*")
    elif re.match(r"^\d", rest):
        rest = "==" + rest
    return _norm(CONDA_TO_PYPI.get(name, name)), SpecifierSet(rest.replace(" ", ""))


def env_requirements() -> tuple[dict[str, SpecifierSet], str]:
    env = yaml.safe_load((REPO_ROOT / "environment.yml").read_text())
    assert "conda-forge" in env["channels"]
    deps, python = {}, None
    for item in env["dependencies"]:
        if isinstance(item, dict):
            for line in item["pip"]:
                if line.startswith("-e"):
                    continue
                req = Requirement(line.split("#")[0].strip())
                deps[_norm(req.name)] = req.specifier
            continue
        name, spec = _conda_spec(item)
        if name == "python":
            python = item.split("=", 1)[1]
        elif name not in CONDA_ONLY:
            deps[name] = spec
    return deps, python


def project_requirements() -> tuple[dict[str, SpecifierSet], str]:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]
    reqs = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        reqs += extra
    return {_norm(Requirement(r).name): Requirement(r).specifier for r in reqs}, project["requires-python"]


def test_every_pyproject_dependency_is_in_environment_yml_with_the_same_range():
    env, _ = env_requirements()
    project, _ = project_requirements()
    for name, spec in project.items():
        assert name in env, f"{name} is in pyproject.toml but not in environment.yml"
        assert env[name] == spec, f"{name}: environment.yml {env[name]} != pyproject.toml {spec}"


def test_environment_yml_has_nothing_pyproject_lacks():
    env, _ = env_requirements()
    project, _ = project_requirements()
    assert sorted(set(env) - set(project)) == []


def test_python_version_agrees():
    _, python = env_requirements()
    _, requires = project_requirements()
    assert SpecifierSet(requires).contains(python + ".0")


@pytest.mark.parametrize("spec, name, specifier", [
    ("matplotlib-base>=3.8,<4", "matplotlib", ">=3.8,<4"),
    ("seaborn=0.13", "seaborn", "==0.13.*"),
    ("nltk 3.9.*", "nltk", "==3.9.*"),
])
def test_conda_spec_conversion(spec, name, specifier):
    assert _conda_spec(spec) == (name, SpecifierSet(specifier))
