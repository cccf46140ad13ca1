"""Publishing: `make deploy` and `mkdocs gh-deploy` against a local bare repository, the GitHub
Actions workflow's own commands, the pre-commit hook, `make serve`, and the README's editor
walkthrough (add-article -> extract -> edit -> check -> serve -> deploy). No network: the
remote is a bare repository in a temporary folder and the server listens on 127.0.0.1."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import pytest
import yaml
from conftest import ROOT, run_factdesk

BIN = Path(sys.executable).parent
SEED = ROOT / "seeds" / "000_f7adc2e7615265e7.txt"


def _git_env() -> dict[str, str]:
    # Under `make test-latest` the suite runs inside make with VENV=.venv-latest LATEST=1, which
    # make exports (as variables and in MAKEFLAGS): they would reach the Makefile run in a
    # copied desk and send it to install a virtual environment there. `_make` and `_serving`
    # say which tools to use themselves.
    inherited = {"MAKEFLAGS", "MFLAGS", "MAKEOVERRIDES", "MAKELEVEL", "VENV", "LATEST"}
    env = {name: value for name, value in os.environ.items() if name not in inherited}
    env.update(
        GIT_AUTHOR_NAME="Desk Editor",
        GIT_AUTHOR_EMAIL="editor@example.org",
        GIT_COMMITTER_NAME="Desk Editor",
        GIT_COMMITTER_EMAIL="editor@example.org",
        # The machine's own git configuration (hooks, signing, default branch) stays out.
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
        NO_MKDOCS_2_WARNING="1",
    )
    return env


def _run(args: list[str], cwd: Path, env: Mapping[str, str] | None = None) -> str:
    result = subprocess.run(
        args, cwd=cwd, env=env or _git_env(), capture_output=True, text=True, encoding="utf-8",
        timeout=600, check=False,
    )  # fmt: skip
    assert result.returncode == 0, f"{args}: {result.stdout}\n{result.stderr}"
    return result.stdout


def _repository(site: Path, remote: Path) -> None:
    """`site` as a git repository whose origin is the bare repository `remote`."""
    _run(["git", "init", "--quiet", "--bare", str(remote)], cwd=site.parent)
    _run(["git", "init", "--quiet", "-b", "main"], cwd=site)
    (site / ".gitignore").write_text("/site/\n/.cache/\n", encoding="utf-8")
    _run(["git", "add", "-A"], cwd=site)
    _run(["git", "commit", "--quiet", "-m", "The desk's content"], cwd=site)
    _run(["git", "remote", "add", "origin", str(remote)], cwd=site)


def _published(remote: Path) -> set[str]:
    listing = _run(["git", "ls-tree", "-r", "--name-only", "gh-pages"], cwd=remote)
    return set(listing.splitlines())


def _published_page(remote: Path, path: str) -> lxml.html.HtmlElement:
    html = _run(["git", "show", f"gh-pages:{path}"], cwd=remote)
    return lxml.html.fromstring(html)


def _make(target: str, site: Path, **variables: str) -> subprocess.CompletedProcess[str]:
    """The repository's Makefile target, run in `site` with this environment's tools.

    `-o` keeps make from reinstalling the virtual environment: the tests run inside it.
    """
    args = ["make", "--no-print-directory", "-f", str(ROOT / "Makefile"),
            "-o", ".venv/.installed-stamp", target, f"BIN={BIN}"]  # fmt: skip
    args += [f"{name}={value}" for name, value in variables.items()]
    return subprocess.run(
        args, cwd=site, env=_git_env(), capture_output=True, text=True, encoding="utf-8",
        timeout=600, check=False,
    )  # fmt: skip


# --- deploying -------------------------------------------------------------------------------


def test_gh_deploy_publishes_the_site_to_a_bare_repository(
    copy_site: Callable[[str], Path], tmp_path: Path
) -> None:
    site = copy_site("minimal")
    remote = tmp_path / "pages.git"
    _repository(site, remote)

    _run(
        [str(BIN / "mkdocs"), "gh-deploy", "--force", "--strict", "--remote-name", str(remote)],
        cwd=site,
    )

    files = _published(remote)
    assert {".nojekyll", "index.html", "claims/index.html", "sitemap.xml"} <= files
    assert "claims/no-strikes-on-towns/index.html" in files
    assert "contradictions/towns/index.html" in files
    page = _published_page(remote, "claims/no-strikes-on-towns/index.html")
    heading = page.xpath("//h1")[0].text_content()
    assert "The Example air force does not strike populated areas." in heading
    # Only the built site is published: no content, seeds or configuration.
    assert not any(f.startswith(("content/", "seeds/")) or f == "mkdocs.yml" for f in files)


def test_make_deploy_checks_then_publishes_to_origin(
    copy_site: Callable[[str], Path], tmp_path: Path
) -> None:
    site = copy_site("minimal")
    remote = tmp_path / "pages.git"
    _repository(site, remote)

    result = _make("deploy", site)

    assert result.returncode == 0, result.stderr
    commands = [line for line in result.stdout.splitlines() if line.startswith(str(BIN))]
    assert commands == [
        f"{BIN}/factdesk check --strict",
        f"{BIN}/mkdocs gh-deploy --force --strict",
    ]
    assert {".nojekyll", "index.html", "claims/no-strikes-on-towns/index.html"} <= _published(
        remote
    )


def test_make_deploy_publishes_nothing_when_the_check_warns(
    copy_site: Callable[[str], Path], tmp_path: Path
) -> None:
    site = copy_site("minimal")
    claim = site / "content" / "claims" / "no-strikes-on-towns.yml"
    text = claim.read_text(encoding="utf-8")
    # A verdict that cites no evidence: a warning.
    start, end = text.index("  evidence:"), text.index("  reviewer:")
    claim.write_text(text[:start] + text[end:], encoding="utf-8")
    remote = tmp_path / "pages.git"
    _repository(site, remote)

    result = _make("deploy", site)

    assert result.returncode != 0
    assert "the verdict cites no evidence" in result.stderr
    assert "gh-deploy" not in result.stdout
    branches = _run(["git", "branch", "--list"], cwd=remote)
    assert "gh-pages" not in branches


# --- GitHub Actions --------------------------------------------------------------------------


WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"


def _workflow() -> dict[object, object]:
    loaded = yaml.safe_load(WORKFLOW.read_text("utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def _triggers(workflow: dict[object, object]) -> dict[str, object]:
    # YAML 1.1 reads the key `on` as true.
    triggers = workflow.get("on", workflow.get(True))
    assert isinstance(triggers, dict)
    return triggers


MAIN_ONLY = "github.event_name != 'pull_request' && github.ref == 'refs/heads/main'"
PINNED = re.compile(
    r"^\s*(?:- )?uses: ([\w.-]+/[\w.-]+)(/[\w.-]+)?@([0-9a-f]{40}) # (v\d+\.\d+\.\d+)$"
)


def test_the_workflow_builds_pull_requests_and_publishes_from_main_only() -> None:
    workflow = _workflow()
    triggers = _triggers(workflow)
    assert set(triggers) == {"pull_request", "push", "workflow_dispatch"}
    assert triggers["push"] == {"branches": ["main"]}
    jobs = workflow["jobs"]
    assert isinstance(jobs, dict) and set(jobs) == {"build", "deploy"}
    build = jobs["build"]["steps"]
    runs = [step["run"] for step in build if "run" in step]
    assert runs.index("factdesk check --strict") < runs.index(
        "mkdocs build --strict --site-dir _site"
    )
    upload = next(s for s in build if s.get("uses", "").startswith("actions/upload-pages"))
    assert upload["with"]["path"] == "_site"
    # A pull request is built, never uploaded or deployed.
    assert upload["if"] == MAIN_ONLY
    deploy = jobs["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["if"] == MAIN_ONLY
    assert deploy["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]


def test_the_workflow_grants_each_job_only_what_it_needs() -> None:
    workflow = _workflow()
    # Nothing at the top: a job that names no permissions gets none.
    assert workflow["permissions"] == {}
    jobs = workflow["jobs"]
    assert isinstance(jobs, dict)
    assert jobs["build"]["permissions"] == {"contents": "read"}
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    text = WORKFLOW.read_text(encoding="utf-8")
    # No secret is used, and no trigger runs a fork's code with the base repository's rights.
    assert "secrets." not in text
    for trigger in ("pull_request_target", "workflow_run"):
        assert trigger not in _triggers(workflow)
    checkout = next(
        s for s in jobs["build"]["steps"] if s.get("uses", "").startswith("actions/checkout@")
    )
    assert checkout["with"]["persist-credentials"] is False


def _security_pins() -> dict[str, tuple[str, str]]:
    """The table of pinned actions in SECURITY.md: {action: (release, commit)}."""
    text = (ROOT / "SECURITY.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\s*\| (actions/[\w.-]+) \| (v[\d.]+) \| `([0-9a-f]{40})` \|$", text, re.M)
    return {action: (release, commit) for action, release, commit in rows}


def test_every_action_is_pinned_to_a_commit_as_security_md_says() -> None:
    lines = [line for line in WORKFLOW.read_text("utf-8").splitlines() if "uses:" in line]
    pins: dict[str, set[tuple[str, str]]] = {}
    used = set()
    for line in lines:
        found = PINNED.match(line)
        assert found, f"not pinned to a full commit hash with its release beside it: {line!r}"
        action, inner, commit, release = found.groups()
        used.add(action + (inner or ""))
        pins.setdefault(action, set()).add((release, commit))
    assert sorted(used) == [
        "actions/cache/restore",
        "actions/cache/save",
        "actions/checkout",
        "actions/deploy-pages",
        "actions/setup-python",
        "actions/upload-pages-artifact",
    ]
    # One release of each action's repository (the cache's restore and save are one action).
    assert {action: pin for action, (pin,) in pins.items()} == _security_pins()


def test_security_md_describes_the_workflows_jobs() -> None:
    """SECURITY.md's table of jobs says what the workflow grants and when each job runs."""
    text = (ROOT / "SECURITY.md").read_text(encoding="utf-8")
    rows = dict(
        (job, (runs_for, grants))
        for job, runs_for, grants in re.findall(
            r"^\| `(\w+)` \| ([^|]+) \| ([^|]+) \|$", text, re.M
        )
    )
    jobs = _workflow()["jobs"]
    assert isinstance(jobs, dict)
    assert set(rows) == set(jobs)
    for job, (runs_for, grants) in rows.items():
        permissions = jobs[job]["permissions"]
        assert grants.strip() == ", ".join(f"`{k}: {v}`" for k, v in permissions.items()), job
        assert ("pull requests" in runs_for) == ("if" not in jobs[job]), job
    for phrase in ("## Who may edit which files", "## Reporting a problem", "FD120", "FD121"):
        assert phrase in text


def test_the_workflows_commands_build_the_site(copy_site: Callable[[str], Path]) -> None:
    """Run the workflow's own check and build steps (not the install) on a copy of a site."""
    site = copy_site("minimal")
    steps = _workflow()["jobs"]["build"]["steps"]  # type: ignore[index]
    commands = [s["run"] for s in steps if "run" in s and "pip install" not in s["run"]]
    assert len(commands) == 2
    for command in commands:
        executable, *args = shlex.split(command)
        _run([str(BIN / executable), *args], cwd=site)
    assert (site / "_site" / "index.html").is_file()
    assert (site / "_site" / "claims" / "no-strikes-on-towns" / "index.html").is_file()


# --- pre-commit ------------------------------------------------------------------------------


def test_the_pre_commit_hook_runs_the_check_on_content_changes(
    copy_site: Callable[[str], Path],
) -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [hook["id"] for hook in hooks] == ["factdesk-check"]
    hook = hooks[0]
    assert hook["entry"] == "factdesk check"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False
    files = re.compile(hook["files"])
    for path in ("content/claims/x.yml", "content/entities.yml", "seeds/report.txt"):
        assert files.search(path), path
    for path in ("docs/index.md", "mkdocs.yml", "generator/cli.py", "tests/content/x.yml"):
        assert not files.search(path), path

    site = copy_site("minimal")
    executable, *args = shlex.split(hook["entry"])
    command = [str(BIN / executable), *args]
    assert subprocess.run(command, cwd=site, capture_output=True, check=False).returncode == 0
    claim = site / "content" / "claims" / "no-strikes-on-towns.yml"
    claim.write_text(claim.read_text("utf-8").replace("Our planes", "Our jets"), "utf-8")
    broken = subprocess.run(
        command, cwd=site, capture_output=True, text=True, encoding="utf-8", check=False
    )
    assert broken.returncode == 1
    assert "quote not found" in broken.stderr


# The .pre-commit-config.yaml that `factdesk init` writes and the README shows: a local hook, so
# pre-commit needs no network and uses the factdesk installed with the site.
PRE_COMMIT_CONFIG = (ROOT / "site_templates" / "desk" / "pre-commit-config.yaml").read_text("utf-8")


def test_the_readme_shows_the_desks_pre_commit_config() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    hooks = PRE_COMMIT_CONFIG[PRE_COMMIT_CONFIG.index("repos:") :]
    assert f"```yaml\n{hooks}```" in readme


def test_the_documented_pre_commit_config_blocks_a_broken_commit(
    copy_site: Callable[[str], Path], tmp_path: Path
) -> None:
    hook = yaml.safe_load(PRE_COMMIT_CONFIG)["repos"][0]["hooks"][0]
    published = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))[0]
    for key in ("id", "entry", "files", "pass_filenames"):
        assert hook[key] == published[key], key
    site = copy_site("minimal")
    _repository(site, tmp_path / "pages.git")
    (site / ".pre-commit-config.yaml").write_text(PRE_COMMIT_CONFIG, encoding="utf-8")
    env = _git_env()
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["PRE_COMMIT_HOME"] = str(tmp_path / "pre-commit-cache")
    _run(["pre-commit", "install"], cwd=site, env=env)
    assert (site / ".git" / "hooks" / "pre-commit").is_file()
    _run(["git", "add", ".pre-commit-config.yaml"], cwd=site, env=env)
    _run(["git", "commit", "--quiet", "-m", "Check content before each commit"], cwd=site, env=env)

    claim = site / "content" / "claims" / "no-strikes-on-towns.yml"
    good = claim.read_text("utf-8")
    claim.write_text(good.replace("Our planes", "Our jets"), "utf-8")
    _run(["git", "add", "-A"], cwd=site, env=env)
    refused = subprocess.run(
        ["git", "commit", "-m", "A misquote"], cwd=site, env=env, capture_output=True,
        text=True, encoding="utf-8", timeout=300, check=False,
    )  # fmt: skip
    assert refused.returncode != 0
    assert "quote not found" in refused.stdout + refused.stderr
    claim.write_text(good, "utf-8")
    _run(["git", "add", "-A"], cwd=site, env=env)
    # Nothing left to commit in content/: the hook is skipped for other files.
    (site / "docs" / "notes.md").write_text("# Notes\n", encoding="utf-8")
    _run(["git", "add", "-A"], cwd=site, env=env)
    _run(["git", "commit", "--quiet", "-m", "Notes"], cwd=site, env=env)


# --- make serve ------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, ""


@contextmanager
def _serving(site: Path, terminal: Path | None = None) -> Iterator[str]:
    """`make serve` in `site` on a free local port; yields the address once it answers. With
    `terminal`, everything it prints goes to that file."""
    port = _free_port()
    args = ["make", "--no-print-directory", "-f", str(ROOT / "Makefile"), "-o",
            ".venv/.installed-stamp", "serve", f"BIN={BIN}", f"ADDR=127.0.0.1:{port}"]  # fmt: skip
    output = open(terminal, "w", encoding="utf-8") if terminal else None  # noqa: SIM115
    server = subprocess.Popen(
        args, cwd=site, env=_git_env(), stdout=output or subprocess.DEVNULL,
        stderr=output or subprocess.PIPE, start_new_session=True,
    )  # fmt: skip
    # mkdocs serve mounts the site under the path of its site_url.
    config = yaml.safe_load((site / "mkdocs.yml").read_text(encoding="utf-8"))
    address = f"http://127.0.0.1:{port}{urlsplit(config.get('site_url') or '/').path or '/'}"
    try:
        # Wait for the first build: poll until the server answers (bounded, not timed).
        for _ in range(600):
            if server.poll() is not None:
                stderr = server.stderr.read().decode() if server.stderr else ""
                pytest.fail(f"make serve stopped: {stderr}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    pass
            except OSError:
                subprocess.run(["sleep", "0.1"], check=False)
                continue
            if _get(address)[0] == 200:
                break
        else:
            pytest.fail("make serve never answered")
        yield address
    finally:
        # The server runs in its own session: stop make and mkdocs, and nothing else.
        with suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            with suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        if server.stderr:
            server.stderr.close()
        if output:
            output.close()


def test_make_serve_serves_the_site(copy_site: Callable[[str], Path], tmp_path: Path) -> None:
    site = copy_site("minimal")
    terminal = tmp_path / "terminal.txt"
    with _serving(site, terminal) as address:
        status, html = _get(address + "claims/no-strikes-on-towns/")
        assert status == 200
        page = lxml.html.fromstring(html)
        assert "does not strike populated areas" in page.xpath("//h1")[0].text_content()
        assert _get(address + "claims/no-such-claim/")[0] == 404
        # Saving a content file rebuilds the site.
        claim = site / "content" / "claims" / "no-strikes-on-towns.yml"
        claim.write_text(
            claim.read_text("utf-8").replace(
                "claim: The Example air force does not strike populated areas.",
                "claim: The Example air force never strikes populated areas.",
            ),
            "utf-8",
        )
        for _ in range(600):
            if "never strikes populated areas" in _get(address + "claims/no-strikes-on-towns/")[1]:
                break
            subprocess.run(["sleep", "0.1"], check=False)
        else:
            pytest.fail("the saved change never reached the served page")
        # Quiet: the address, and nothing an editor cannot act on (no progress lines, no
        # --dirty notice, no site_url mismatch) at the start or after a save.
        printed = terminal.read_text(encoding="utf-8").splitlines()
        assert printed == [f"Serving on {address} - rebuilt on every save; Ctrl-C stops it"]


# --- the README's walkthrough ------------------------------------------------------------------


# What the editor writes in step 3: the claim restated, its date, a verdict (the source is the
# dossier's R6), and no status: draft. Values from /work/research/syria-2015.md, section 2.7.
PUBLISHED_S4 = """\
claim: Russia is not recruiting volunteers to fight in Syria.
claimant: maria-zakharova
date: 2015-10-06
appearances:
  - article: wire-roundup
    quote: Volunteers are not being called upon, enlisted or campaigned for
verdict:
  rating: unproven
  conclusion: The briefing took place; its English wording was not found.
  evidence:
    - title: "Foreign Ministry: No volunteers recruited in Russia to fight in Syria"
      outlet: Russia Beyond the Headlines (first published by TASS)
      url: https://www.rbth.com/news/2015/10/06/foreign-ministry-no-volunteers-recruited-in-rusia-to-fight-in-syria_480237
      date: 2015-10-06
      note: The Foreign Ministry briefing of Tuesday 6 October 2015.
  reviewer: Desk editor
  reviewed: 2015-11-01
"""


def test_the_editors_walkthrough(copy_site: Callable[[str], Path], tmp_path: Path) -> None:
    """The commands of the README's editor section, in order, as an editor types them."""
    site = copy_site("minimal")
    remote = tmp_path / "pages.git"
    _repository(site, remote)
    downloads = tmp_path / "Downloads"
    downloads.mkdir()
    shutil.copy2(SEED, downloads / "roundup.txt")

    # 1. Record the collected text.
    added = run_factdesk(
        "add-article", str(downloads / "roundup.txt"), "--id", "wire-roundup",
        "--outlet", "Unknown wire round-up", "--published", "2015-10-07/2015-10-08", cwd=site,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    # 2. Propose drafts: look first, then write them.
    looked = run_factdesk("extract", "wire-roundup", "--dry-run", cwd=site)
    assert "would write content/claims/wire-roundup-s4.yml" in looked.stdout
    extracted = run_factdesk("extract", "wire-roundup", cwd=site)
    assert extracted.returncode == 0, extracted.stderr
    # 3. Edit: publish one claim, fix its speaker's entry, delete the drafts not pursued; the
    # rest stay drafts.
    claims = site / "content" / "claims"
    (claims / "wire-roundup-s4.yml").write_text(PUBLISHED_S4, encoding="utf-8")
    entities = site / "content" / "entities.yml"
    listed = yaml.safe_load(entities.read_text("utf-8"))
    for entry in listed:
        if entry["id"] == "maria-zakharova":
            entry["description"] = "Spokeswoman of the Russian Ministry of Foreign Affairs."
            # Checked by the editor, so published with the claim that names her.
            del entry["status"]
    entities.write_text(yaml.safe_dump(listed, allow_unicode=True, sort_keys=False), "utf-8")
    for number in (2, 7, 9, 14):
        (claims / f"wire-roundup-s{number}.yml").unlink()
    checked = run_factdesk("check", "--strict", cwd=site)
    assert checked.returncode == 0, checked.stderr
    _run(["git", "add", "-A"], cwd=site)
    _run(["git", "commit", "--quiet", "-m", "Zakharova on volunteers"], cwd=site)
    # 4. Look at it.
    with _serving(site) as address:
        status, html = _get(address + "claims/wire-roundup-s4/")
        assert status == 200 and "Russia is not recruiting volunteers" in html
        assert _get(address + "claims/wire-roundup-s15/")[0] == 404  # still a draft
    # 5. Publish.
    deployed = _make("deploy", site)
    assert deployed.returncode == 0, deployed.stderr
    files = _published(remote)
    assert "claims/wire-roundup-s4/index.html" in files
    assert not any("wire-roundup-s15" in f for f in files)
