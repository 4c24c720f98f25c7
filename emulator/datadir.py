"""Where ddemu keeps a device's state between runs, and how it writes there.

An :class:`~emulator.Emulator` has one data directory, ``Emulator(data_dir=...)``;
by default :func:`default_data_dir`. Each device keeps its own folder under it,
``<data_dir>/devices/<device name>`` (:func:`device_dir`), which is
``device.data_dir``: its domain storage lives there, for instance. Nothing is
created until something is written, and every write is atomic
(:func:`write_atomic`), so a crash never leaves half a file behind.
"""

from __future__ import annotations

import os
import tempfile
import weakref
from pathlib import Path
from urllib.parse import quote

__all__ = ["DATA_DIR_ENV", "default_data_dir", "device_dir", "folder_or_temp", "write_atomic"]

#: The environment variable that moves the default data directory.
DATA_DIR_ENV = "DDEMU_HOME"


def default_data_dir() -> Path:
    """Return ``$DDEMU_HOME``, else ``$XDG_DATA_HOME/ddemu``, else ``~/.local/share/ddemu``."""
    forced = os.environ.get(DATA_DIR_ENV)
    if forced:
        return Path(forced).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".local" / "share"
    return base / "ddemu"


def device_dir(data_dir: Path, name: str) -> Path:
    """Return the folder of the device called ``name`` under ``data_dir``.

    The name is percent-encoded, so any device name makes one safe folder name.
    """
    return data_dir / "devices" / quote(name, safe="")


def folder_or_temp(folder: str | Path | None, owner: object, prefix: str) -> Path:
    """Return ``folder``, or when it is None a temporary folder that lives as long as ``owner``.

    For state kept on disk by something that may have no data directory (a
    bare :class:`~emulator.device.Device`, a :class:`~emulator.platform.Platform`
    made in a test): the temporary folder is removed once ``owner`` is
    garbage-collected, or at exit.
    """
    if folder is not None:
        return Path(folder)
    temp = tempfile.TemporaryDirectory(prefix=prefix)
    weakref.finalize(owner, temp.cleanup)
    return Path(temp.name)


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write ``data`` to ``path`` all at once: a temporary file, then a rename.

    Readers see the old content or the new one, never a part. Missing parent
    folders are created. ``str`` is written as UTF-8.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(raw)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
