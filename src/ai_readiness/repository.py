"""Where a report comes from: the repository's name, web address and commit (README, "report";
docs/design.md, "Reports and exports").

Each field comes from GitHub's variables when they are set (`GITHUB_REPOSITORY`,
`GITHUB_SERVER_URL`, `GITHUB_SHA`), else from git: the `origin` remote, with any credentials
stripped and an scp-like or ssh address turned into its https form, and `HEAD`. An origin that is a
local path or a `file://` address is no remote. Without a remote the url is null and the name is
the root folder's name; outside git the commit is null too.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ai_readiness.discovery import Root, git_env

_SERVER = re.compile(r"https?://[A-Za-z0-9.-]+(:[0-9]+)?(/[A-Za-z0-9._~/-]*)?")
_NAME = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")
_SHA = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")
# `user@host:owner/repo.git`: git's scp-like syntax (no scheme; a colon before any slash).
_SCP = re.compile(r"(?:[^@/]+@)?(?P<host>[^:/\[\]]+):(?P<path>(?!/).+)")
_SCHEMES = {"https": "https", "http": "http", "ssh": "https", "git": "https", "git+ssh": "https", "ssh+git": "https"}


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", *args], cwd=root, env=git_env(), capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 and done.stdout.strip() else None


def web_address(remote: str) -> str | None:
    """The https (or http) address of a git remote, without credentials, port of another
    protocol, `.git` or trailing slash; None for a local path, a `file://` address or anything
    that does not name a host and a path."""
    remote = remote.strip()
    scheme_match = re.match(r"([A-Za-z][A-Za-z0-9+.-]*)://", remote)
    if scheme_match:
        scheme = _SCHEMES.get(scheme_match.group(1).lower())
        if scheme is None:
            return None  # file://, or a protocol with no web address
        try:
            parts = urlsplit(remote)
            host = parts.hostname
            port = parts.port if scheme_match.group(1).lower() in ("http", "https") else None
        except ValueError:
            return None
        path = parts.path
    else:
        scp = _SCP.fullmatch(remote)
        # A Windows drive (`C:\\repo`, `C:/repo`) is a local path, not a host.
        if scp is None or len(scp.group("host")) == 1:
            return None
        scheme, host, port, path = "https", scp.group("host"), None, "/" + scp.group("path")
    path = path.rstrip("/")
    if path.endswith(".git"):
        path = path[: -len(".git")]
    path = path.rstrip("/")
    if not host or not re.fullmatch(r"[A-Za-z0-9.-]+", host) or not re.fullmatch(r"(/[A-Za-z0-9._~-]+)+", path):
        return None
    return f"{scheme}://{host.lower()}{f':{port}' if port else ''}{path}"


def identify(root: Root, env: Mapping[str, str] | None = None) -> dict[str, Any]:
    """``{"name", "url", "commit"}`` of the repository at ``root``."""
    env = os.environ if env is None else env
    server = env.get("GITHUB_SERVER_URL", "").rstrip("/")
    name = env.get("GITHUB_REPOSITORY", "")
    sha = env.get("GITHUB_SHA", "")
    from_env_name = name if _NAME.fullmatch(name) else None
    from_env_url = f"{server}/{name}" if from_env_name and _SERVER.fullmatch(server) else None
    from_env_commit = sha if _SHA.fullmatch(sha) else None

    url = from_env_url
    if url is None and root.is_git:
        remote = _git(root.path, "remote", "get-url", "origin")
        url = web_address(remote) if remote else None
    if from_env_name:
        name = from_env_name
    elif url is not None:
        name = url.split("/", 3)[3]  # owner/repo (the whole path on hosts with nested groups)
    else:
        name = root.path.name or str(root.path)
    commit = from_env_commit
    if commit is None and root.is_git:
        head = _git(root.path, "rev-parse", "--verify", "--quiet", "HEAD")
        commit = head if head and _SHA.fullmatch(head) else None
    return {"name": name, "url": url, "commit": commit}
