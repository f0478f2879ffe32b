"""Per-user settings that do not belong in a study file (the coder's name, recent studies).

Stored as JSON in the user's config folder (platformdirs); CASECODER_CONFIG_DIR overrides the
folder so tests and scripts never touch a real user's settings.
"""

from __future__ import annotations

import getpass
import json
import os
from pathlib import Path

import platformdirs


def config_dir() -> Path:
    override = os.environ.get("CASECODER_CONFIG_DIR")
    return Path(override) if override else Path(platformdirs.user_config_dir("casecoder"))


def data_dir() -> Path:
    override = os.environ.get("CASECODER_DATA_DIR")
    return Path(override) if override else Path(platformdirs.user_data_dir("casecoder"))


def _settings_file() -> Path:
    return config_dir() / "settings.json"


def load_settings() -> dict:
    try:
        return json.loads(_settings_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def save_setting(key: str, value: object) -> None:
    """Write one setting atomically (write a sibling file, then rename over the old one)."""
    settings = load_settings()
    settings[key] = value
    path = _settings_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(settings, indent=2), encoding="utf-8")
    os.replace(tmp, path)


def coder_name() -> str:
    """Who is coding: the saved name, else the login name."""
    return saved_coder_name() or login_name()


def saved_coder_name() -> str | None:
    """The "Coding as" name chosen on this computer, if one ever was."""
    name = load_settings().get("coder")
    return str(name) if name else None


def login_name() -> str:
    """The computer's login name: what work goes under when nobody chose a name."""
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name on some systems
        return "coder"


def coder_name_is_set() -> bool:
    """Whether the user has said who is coding (else the login name stands in)."""
    return bool(load_settings().get("coder"))


def set_coder_name(name: str) -> None:
    name = name.strip()
    if not name:
        raise ValueError("the coder name cannot be empty")
    save_setting("coder", name)


def spelling_language() -> str:
    """The language memos and notes are spell-checked in (a dictionary's name: "en", "de", or a
    language the user added), kept per user since it follows the writer, not the study."""
    language = load_settings().get("spelling_language")
    return str(language) if language else "en"


def set_spelling_language(language: str) -> None:
    language = language.strip()
    if not language:
        raise ValueError("the spelling language cannot be empty")
    save_setting("spelling_language", language)
