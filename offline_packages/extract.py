"""Unpacking a package into a folder, and nowhere else.

:func:`extract_package` verifies the package first and writes nothing unless
:func:`~offline_packages.verify.verify_package` found no error. Then it writes
each file entry below the folder, creating every file anew (never through an
existing file or link), and re-reads each entry within the limits. If anything
fails half way, what it wrote is removed: the folder is left as it was found.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from bridge.errors import OfflinePackageError

from .archive import DEFAULT_LIMITS, Limits, MemberKind, open_archive
from .verify import VerifyReport, verify_package

__all__ = ["extract_package"]

_FLAGS = (
    os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
)


def extract_package(
    path: str | os.PathLike[str],
    dest: str | os.PathLike[str],
    *,
    limits: Limits = DEFAULT_LIMITS,
) -> VerifyReport:
    """Verify a package, then write its entries into ``dest`` (``host[@port]/path`` files).

    Args:
        path: The package file, ZIP or legacy tar.gz.
        dest: A folder that does not exist yet or is empty. To install
            atomically, extract into a temporary folder and rename it.
        limits: As for :func:`~offline_packages.verify.verify_package`.

    Returns:
        The verification report (it may hold warnings).

    Raises:
        OfflinePackageError: If the package has errors (nothing is written), if
            ``dest`` is not empty, or if writing fails (what was written is removed).
    """
    report = verify_package(path, limits=limits)
    report.raise_for_problems()
    root = Path(dest)
    created = not root.exists()
    root.mkdir(parents=True, exist_ok=True)
    if any(root.iterdir()):
        raise OfflinePackageError(f"cannot extract into {root}: it is not empty")
    root = root.resolve()
    try:
        with open_archive(path, limits) as archive:
            written: set[str] = set()
            for member in archive.members:
                if member.kind is not MemberKind.FILE or member.name in written:
                    continue  # folders are implied; a same-content duplicate once
                data = archive.read(member, limits.max_entry_size)
                _write(root, member.name, data)
                written.add(member.name)
    except BaseException:
        if created:
            shutil.rmtree(root, ignore_errors=True)
        else:
            for child in root.iterdir():
                if child.is_dir() and not child.is_symlink():
                    shutil.rmtree(child, ignore_errors=True)
                else:
                    child.unlink(missing_ok=True)
        raise
    return report


def _write(root: Path, name: str, data: bytes) -> None:
    """Create ``root/name`` with ``data``, refusing any step outside ``root``."""
    target = root.joinpath(*name.split("/"))
    folder = root
    for part in name.split("/")[:-1]:  # no component may be a link, none may climb out
        folder = folder / part
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            raise OfflinePackageError(f"cannot extract {name}: {folder} is not a folder")
        folder.mkdir(exist_ok=True)
    if os.path.commonpath([root, target.resolve()]) != str(root):
        raise OfflinePackageError(f"cannot extract {name}: it lands outside {root}")
    fd = os.open(target, _FLAGS, 0o644)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
