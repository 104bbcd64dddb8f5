"""Site profiles: TOML files holding site knowledge (URL rules, selectors, label words)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from crawler.errors import UserError

PROFILE_DIR = Path(__file__).parent
DEFAULT_PROFILE = "herford"
GENERIC_PROFILE = "generic"


class ProfileError(UserError):
    """A profile that cannot be found or read."""


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


@dataclass(frozen=True)
class Profile:
    """A loaded profile: `profile.get("labels.phone")` reads a dotted key."""

    name: str
    data: dict[str, Any] = field(default_factory=dict)

    def get(self, key: str, default: Any = None) -> Any:
        """Return the value at a dotted key such as ``"urls.drop_params"``."""
        node: Any = self.data
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                return default
            node = node[part]
        return node

    def words(self, key: str) -> list[str]:
        """Return a list of strings at a dotted key (empty if absent)."""
        value = self.get(key, [])
        return [value] if isinstance(value, str) else list(value)

    def patterns(self, key: str) -> list[re.Pattern[str]]:
        """Return the compiled, case-insensitive regexes listed at a dotted key."""
        return self._compiled.setdefault(key, [re.compile(p, re.I) for p in self.words(key)])

    @cached_property
    def _compiled(self) -> dict[str, list[re.Pattern[str]]]:
        return {}

    def __hash__(self) -> int:
        return hash(self.name)


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except OSError as exc:
        raise ProfileError(f"profile {path} cannot be read: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"profile {path} is not valid TOML: {exc}") from None


def _resolve(name_or_path: str) -> Path:
    candidate = Path(name_or_path)
    if candidate.suffix == ".toml" or candidate.exists():
        if not candidate.is_file():
            raise ProfileError(f"profile file not found: {name_or_path}")
        return candidate
    bundled = PROFILE_DIR / f"{name_or_path}.toml"
    if not bundled.is_file():
        known = ", ".join(sorted(p.stem for p in PROFILE_DIR.glob("*.toml")))
        raise ProfileError(f"unknown profile {name_or_path!r} (bundled: {known})")
    return bundled


def load_profile(name_or_path: str | None = None) -> Profile:
    """Load a bundled profile by name or a TOML file by path; `None` loads the generic profile.

    A profile may say ``extends = "generic"`` (or another name/path) to inherit everything it
    does not set itself.
    """
    path = _resolve(name_or_path or GENERIC_PROFILE)
    data = _read(path)
    seen = {path.resolve()}
    while parent_name := data.pop("extends", None):
        parent_path = _resolve(parent_name)
        if parent_path.resolve() in seen:
            raise ProfileError(f"profile {path} extends itself through {parent_name!r}")
        seen.add(parent_path.resolve())
        parent = _read(parent_path)
        grand = parent.pop("extends", None)
        data = _merge(parent, data)
        if grand:
            data["extends"] = grand
    return Profile(name=path.stem, data=data)
