"""Where policy packs come from: a path, `python:PACKAGE/FILE` or `builtin:NAME`, resolved and
read as TOML, never imported or run (docs/design.md, "Policy").

A pack's text is untrusted input: a path named in the repository's configuration may not leave
the repository, a `python:` file must lie inside its package's folder, a `builtin:` one inside
the packs shipped with the tool, all after resolving `..` and symbolic links. Error lines name
the file and the key, and quote a pack's values only shortened.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from ai_readiness.config import load_toml
from ai_readiness.errors import ConfigError
from ai_readiness.strings import shorten

BUILTIN_DIR = Path(__file__).resolve().parent / "builtin"
MAX_PACK_BYTES = 1024 * 1024  # a pack is a page of TOML; a bigger file is refused, never read whole
# Compiled when first used: a pack named by path never needs them. (Plain classes below, not named
# tuples: defining one costs start-up time, docs/design.md, "Performance".)
_PACKAGE = r"[A-Za-z_][A-Za-z0-9_]*\Z"
_BUILTIN = r"[a-z0-9][a-z0-9-]{0,62}\Z"


class Source:
    """One file of the policy: the repository's configuration, a `--policy` source or a pack."""

    __slots__ = ("confine", "kind", "path", "shown")

    def __init__(self, path: Path, shown: str, kind: str, confine: Path | None) -> None:
        self.path = path  # the file, with links resolved
        self.shown = shown  # how error lines and `config` name it
        self.kind = kind  # "configuration", "policy" (--policy) or "pack" (reached through `extends`)
        # Where a relative path in this file's `extends` must stay (resolved), None for anywhere:
        # the repository for its own files, the package's folder, the built-in packs' folder.
        self.confine = confine


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def builtin_names() -> list[str]:
    """The packs shipped with the tool (`builtin:NAME`)."""
    return sorted(p.stem for p in BUILTIN_DIR.glob("*.toml")) if BUILTIN_DIR.is_dir() else []


def resolve(spec: Any, naming: Source | None, where: str, root: Path, cwd: Path, trusted: bool = True) -> Source:
    """The pack ``spec`` names. ``naming``: the file that names it (None for `--policy`, whose
    paths are relative to the working folder and may lie anywhere); ``where``: the start of an
    error line (the file and the key, or the flag). ``trusted``: a `--policy` source, which a
    package inside the repository may not stand in for."""
    if not isinstance(spec, str) or not spec.strip():
        raise ConfigError(f"{where}: each entry must be a path, python:PACKAGE/FILE or builtin:NAME")
    shown = repr(shorten(spec, 80))
    if spec.startswith("builtin:"):
        return _builtin(spec, shown, where)
    if spec.startswith("python:"):
        return _python(spec, shown, where, root, trusted=trusted and naming is None)
    if "\0" in spec:
        raise ConfigError(f"{where}: {shown} is not a file name")
    real_root = Path(os.path.realpath(root))
    if naming is None:
        path = Path(os.path.realpath(cwd / spec))
        confine = None
        kind = "policy"
        display = spec
    else:
        path = Path(os.path.realpath(naming.path.parent / spec))
        confine = naming.confine
        kind = "pack"
        if confine is not None and not _inside(path, confine):
            what = "the repository" if confine == real_root else "the folder of the pack that names it"
            raise ConfigError(
                f"{where}: {shown} lies outside {what} (after resolving `..` and links): a path in "
                "`extends` must stay inside it; name a shared pack with python:PACKAGE/FILE, or pass it "
                "with --policy"
            )
        display = path.relative_to(real_root).as_posix() if _inside(path, real_root) else os.fspath(path)
    if confine is None and naming is None and _inside(path, real_root):
        confine = real_root  # a --policy file inside the repository: its own extends stay there too
    _check_file(path, shown, where)
    return Source(path, display, kind, confine)


def _check_file(path: Path, shown: str, where: str) -> None:
    if not path.exists():
        raise ConfigError(f"{where}: {shown}: no such file")
    if not path.is_file():
        raise ConfigError(f"{where}: {shown} is not a regular file")


def _builtin(spec: str, shown: str, where: str) -> Source:
    name = spec[len("builtin:") :]
    known = builtin_names()
    if not re.match(_BUILTIN, name) or name not in known:
        listed = ", ".join(f"builtin:{n}" for n in known) or "none"
        raise ConfigError(f"{where}: {shown} is not a built-in pack (built-in packs: {listed})")
    folder = Path(os.path.realpath(BUILTIN_DIR))
    path = Path(os.path.realpath(folder / f"{name}.toml"))
    if not _inside(path, folder):  # pragma: no cover - only if the installation itself is tampered with
        raise ConfigError(f"{where}: {shown} lies outside the built-in packs' folder")
    _check_file(path, shown, where)
    return Source(path, f"builtin:{name}", "pack", folder)


def _python(spec: str, shown: str, where: str, root: Path, trusted: bool) -> Source:
    """`python:PACKAGE/FILE`: a file of an installed package, found without importing it: the
    import system's finders say where the package's folder is (``find_spec`` of a top-level name
    runs no code of the package), and the file is read from there as text."""
    import importlib.util

    rest = spec[len("python:") :]
    package, _, name = rest.partition("/")
    if not re.match(_PACKAGE, package) or not name or name.startswith("/") or "\\" in name or "\0" in name:
        raise ConfigError(
            f"{where}: {shown} must read python:PACKAGE/FILE, such as python:acme_policy/policy.toml "
            "(PACKAGE: a top-level package name)"
        )
    try:
        spec_found = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        spec_found = None
    locations = list(spec_found.submodule_search_locations or []) if spec_found is not None else []
    if not locations:
        raise ConfigError(
            f"{where}: {shown}: no installed package {package!r} (install it where ai-readiness runs: "
            "pre-commit's additional_dependencies, the Action's policy-packages input)"
        )
    real_root = Path(os.path.realpath(root))
    for location in locations:
        folder = Path(os.path.realpath(location))
        if trusted and _inside(folder, real_root):
            raise ConfigError(
                f"{where}: {shown}: the package {package!r} is found inside the repository being linted, "
                "where a change could replace it: install the package, or name the pack by its path"
            )
        path = Path(os.path.realpath(folder / name))
        if not _inside(path, folder):
            raise ConfigError(f"{where}: {shown} lies outside the package's folder (after resolving `..` and links)")
        if path.is_file():
            return Source(path, f"python:{package}/{name}", "pack", folder)
    raise ConfigError(f"{where}: {shown}: the package {package!r} holds no such file")


def read(source: Source) -> dict[str, Any]:
    """A pack as data: TOML, read as text and parsed, never imported or run."""
    try:
        size = source.path.stat().st_size
    except OSError as exc:
        raise ConfigError(f"{source.shown}: cannot read the policy pack: {exc.strerror or exc}") from exc
    if size > MAX_PACK_BYTES:
        raise ConfigError(f"{source.shown}: the policy pack is larger than {MAX_PACK_BYTES} bytes")
    if source.shown.startswith("builtin:"):
        parsed = _parsed_builtin(source.path)
        if parsed is not None:
            return parsed
    return load_toml(source.path, source.shown, "policy pack")


# The built-in packs parsed ahead, as JSON (`scripts/generate_builtin_packs.py`): the regulation
# profiles hold eighty requirements, and parsing their TOML (with tomllib's import) cost more than
# compiling them (docs/design.md, "Regulation profiles"). Each entry carries the TOML it was parsed
# from; a pack whose text differs is parsed from its TOML as any other.
PARSED = BUILTIN_DIR / "_parsed.json"


def _parsed_builtin(path: Path) -> dict[str, Any] | None:
    import json

    try:
        text = path.read_bytes().decode("utf-8")
        cache = json.loads(PARSED.read_bytes())
    except (OSError, ValueError):
        return None
    entry = cache.get(path.name) if isinstance(cache, dict) else None
    if not isinstance(entry, dict) or entry.get("toml") != text:
        return None
    data = entry.get("data")
    return data if isinstance(data, dict) else None


def parsed_builtin_packs() -> str:
    """The text of `builtin/_parsed.json`: every built-in pack without a TOML date or time."""
    import datetime as _dt
    import json

    def plain(value: Any) -> bool:
        if isinstance(value, dict):
            return all(plain(v) for v in value.values())
        if isinstance(value, list):
            return all(plain(v) for v in value)
        return not isinstance(value, (_dt.date, _dt.time))

    cache = {}
    for path in sorted(BUILTIN_DIR.glob("*.toml")):
        data = load_toml(path, path.name, "policy pack")
        if plain(data):
            cache[path.name] = {"toml": path.read_bytes().decode("utf-8"), "data": data}
    return json.dumps(cache, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"
