"""The offline-package commands of ``ddemu``: pack, keygen, sign, verify.

::

    ddemu pack [PROJECT_DIR] [--config FILE] [--out DIR]   # as `h5package pack` does
    ddemu keygen OUT_PREFIX                                # an Ed25519 key pair, PEM
    ddemu sign PACKAGE --private-key PEM --app-id ID --version V
    ddemu verify PACKAGE [--public-key PEM [--signature SIG] [--app-id ID] [--version V]]
    ddemu install PACKAGE... [--app-id ID] [--fault KIND]...  # publish, then open on a device

``verify`` exits with 0 when the package has no error, 1 when it has (or its
signature fails), and 2 on bad usage; the others exit with 2 on any error.
See docs/reference/offline-packages.md.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bridge.errors import ConfigError, DdemuError, OfflinePackageError
from offline_packages.build import MirrorFetcher, PackedEntry, PackResult, pack
from offline_packages.manifest import load_package
from offline_packages.sign import (
    PackageSignature,
    key_id,
    load_private_key,
    load_public_key,
    sign_package,
    verify_signature,
    write_key_pair,
)
from offline_packages.verify import verify_package

from .offline import FAULTS

if TYPE_CHECKING:
    from .emulator import Emulator

__all__ = [
    "PACKAGE_COMMANDS",
    "ProgressBar",
    "add_package_commands",
    "publish_for_window",
    "run_package_command",
]

#: The subcommands this module adds to ``ddemu``.
PACKAGE_COMMANDS = ("pack", "keygen", "sign", "verify", "install")


def add_package_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the subcommands of :data:`PACKAGE_COMMANDS` to ``ddemu``'s parser."""
    pack_parser = commands.add_parser(
        "pack",
        help="pack a project into <miniAppId>.zip, as DingTalk's h5package CLI does",
        description="Pack the assets a project's localresource.json maps to URLs into a "
        "DingTalk offline package, <miniAppId>.zip, with the rules of the official "
        "`h5package pack` (dingtalk-h5package-opensdk).",
    )
    pack_parser.add_argument(
        "project", nargs="?", default=".", metavar="PROJECT_DIR",
        help="the project folder; asset paths are relative to it (default: .)",
    )  # fmt: skip
    pack_parser.add_argument(
        "--config", metavar="FILE",
        help="the project's config (default: PROJECT_DIR/localresource.json)",
    )  # fmt: skip
    pack_parser.add_argument(
        "--out", metavar="DIR", help="where to write the package (default: PROJECT_DIR)"
    )
    pack_parser.add_argument(
        "--external-dir", metavar="DIR",
        help="read externalAssets from DIR/<host>/<path> instead of downloading them (offline)",
    )  # fmt: skip
    pack_parser.add_argument(
        "--progress", action=argparse.BooleanOptionalAction, default=None,
        help="show a progress bar on stderr (default: when stderr is a terminal)",
    )  # fmt: skip

    keygen = commands.add_parser(
        "keygen",
        help="write an Ed25519 key pair to sign packages with",
        description="Write OUT_PREFIX.private.pem (keep it secret) and OUT_PREFIX.public.pem.",
    )
    keygen.add_argument("prefix", metavar="OUT_PREFIX", help="path and start of the file names")
    keygen.add_argument("--force", action="store_true", help="overwrite existing key files")

    sign = commands.add_parser(
        "sign",
        help="sign a package as a version of an app (ddemu's own signature file)",
        description="Write PACKAGE.sig: the package's sha256, app id and version, signed "
        "with Ed25519. The package itself is not changed.",
    )
    sign.add_argument("package", metavar="PACKAGE")
    sign.add_argument("--private-key", required=True, metavar="PEM")
    sign.add_argument("--app-id", required=True, metavar="ID", help="the miniAppId")
    sign.add_argument("--version", required=True, metavar="V", help="the version, e.g. 0.0.1")
    sign.add_argument("--out", metavar="SIG", help="the signature file (default: PACKAGE.sig)")

    verify = commands.add_parser(
        "verify",
        help="check a package: structure, hostile content, and its signature if given",
        description="Check a package (ZIP, or the legacy tar.gz) and print a report. "
        "Exit status: 0 no error, 1 errors found or a bad signature, 2 bad usage.",
    )
    install = commands.add_parser(
        "install",
        help="publish packages as successive versions and open each on an emulated device",
        description="Publish each PACKAGE as the next version of the app on a fresh emulated "
        "platform, and open the app on a device after each, as a page with dd_mini_app_id "
        "does: download, verify, install. --fault makes the last open meet a fault. Prints "
        "what each open ended with; exits with 0 if the app ends enabled, 1 if online.",
    )
    install.add_argument("packages", nargs="+", metavar="PACKAGE")
    install.add_argument(
        "--app-id", metavar="ID", help="the miniAppId (default: the first package's file name)"
    )
    install.add_argument(
        "--fault", action="append", default=[], choices=FAULTS,
        help="a fault for the last open (repeatable)",
    )  # fmt: skip
    install.add_argument(
        "--data-dir", metavar="DIR", help="the device's data folder (default: a temporary one)"
    )
    verify.add_argument("package", metavar="PACKAGE")
    verify.add_argument("--public-key", metavar="PEM", help="check the signature with this key")
    verify.add_argument(
        "--signature", metavar="SIG", help="the signature file (default: PACKAGE.sig)"
    )
    verify.add_argument("--app-id", metavar="ID", help="the app the package must be signed for")
    verify.add_argument("--version", metavar="V", help="the version it must be signed as")


def run_package_command(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Run one of :data:`PACKAGE_COMMANDS`; return the exit status.

    Bad usage goes through ``parser.error`` (status 2).
    """
    try:
        if args.command == "verify":
            return _verify(args, parser)
        if args.command == "install":
            return _install(args)
        if args.command == "pack":
            _pack(args)
        elif args.command == "keygen":
            _keygen(args)
        else:
            _sign(args)
    except DdemuError as exc:
        print(f"ddemu: error: {exc}", file=sys.stderr)
        return 2
    return 0


def publish_for_window(emu: Emulator, package: str, url: str | None) -> str:
    """Publish ``package`` (``<miniAppId>.zip``) on ``emu``'s platform; the page to open.

    The page is ``url``, or the package's first ``includeUrls`` entry, with
    ``dd_mini_app_id`` added to its query.

    Raises:
        ConfigError: If the package cannot be read or has no page to open.
        OfflinePackageError: If it fails to build.
    """
    path = Path(package)
    if not path.is_file():
        raise ConfigError(f"{path}: no such package")
    app_id = path.name.split(".")[0]
    owner = next(a.app_key for c in emu.org.corps.values() for a in c.apps)
    emu.platform.packages.deploy(app_id, path, owner=owner)
    if url is None:
        with load_package(path) as loaded:
            pages = [u for u in loaded.include_urls if u.endswith((".html", ".htm"))]
        if not pages:
            raise ConfigError(f"{path}: no HTML page in includeUrls; give --package-url")
        url = pages[0]
    return url + ("&" if "?" in url else "?") + f"dd_mini_app_id={app_id}"


def _install(args: argparse.Namespace) -> int:
    from .emulator import Emulator as Made

    packages = [Path(p) for p in args.packages]
    app_id = args.app_id or packages[0].name.split(".")[0]
    with tempfile.TemporaryDirectory(prefix="ddemu-install-") as temp:
        emu = Made(app=temp, data_dir=args.data_dir or Path(temp) / "data")
        owner = next(a.app_key for c in emu.org.corps.values() for a in c.apps)
        state = None
        for number, package in enumerate(packages, 1):
            version = emu.platform.packages.deploy(app_id, package, owner=owner)
            if number == len(packages):
                for fault in args.fault:
                    emu.offline.inject(fault, app_id=app_id)
            state = emu.offline.open(app_id)
            print(f"published {version}; open: {state.status.value}, {state.reason}")
        assert state is not None
        installed = state.installed
        print(f"result: {'package app ' + installed.version if installed else 'online'}")
        return 0 if installed is not None else 1


class ProgressBar:
    """A one-line progress bar, redrawn in place with ``\\r``; ends its line when done."""

    def __init__(self, stream: TextIO, width: int = 30) -> None:
        self.stream = stream
        self.width = width
        self._shown = 0

    def __call__(self, done: int, total: int, name: str) -> None:
        filled = self.width * done // total if total else self.width
        label = name if len(name) <= 40 else "…" + name[-39:]
        line = f"[{'#' * filled}{'.' * (self.width - filled)}] {done}/{total} {label}"
        self.stream.write("\r" + line.ljust(self._shown))
        self._shown = len(line)
        if done >= total:
            self.stream.write("\n")
            self._shown = 0
        self.stream.flush()


def _pack(args: argparse.Namespace) -> None:
    show = args.progress if args.progress is not None else sys.stderr.isatty()
    result = pack(
        args.project,
        args.config,
        args.out,
        progress=ProgressBar(sys.stderr) if show else None,
        fetch=MirrorFetcher(args.external_dir) if args.external_dir else None,
    )
    for warning in result.warnings:
        print(f"ddemu: warning: {warning}", file=sys.stderr)
    print(_summary(result, Path(args.project)))


def _summary(result: PackResult, project: Path) -> str:
    """What ``ddemu pack`` prints: each mapping with what it gave, then the package."""
    mappings: dict[str, list[PackedEntry]] = {}
    for entry in result.entries:
        mappings.setdefault(entry.mapping, []).append(entry)
    lines = [f"packed {result.app_id}:"]
    for mapping, entries in mappings.items():
        first = entries[0]
        if not isinstance(first.source, Path):
            lines.append(f"  {mapping}  (external asset, downloaded)")
        elif first.url == mapping:
            lines.append(f"  {mapping}  <- {_relative(first.source, project)}")
        else:
            lines.append(f"  {mapping}/  <- {len(entries)} files")
    lines.append(
        f"wrote {result.path}: {len(result.entries)} files and localresource.json "
        f"({len(result.manifest.include_urls)} includeUrls), {result.size} bytes"
    )
    return "\n".join(lines)


def _relative(path: Path, project: Path) -> str:
    try:
        return path.relative_to(project).as_posix()
    except ValueError:
        return str(path)


def _keygen(args: argparse.Namespace) -> None:
    private_path, public_path = write_key_pair(args.prefix, overwrite=args.force)
    public_key = load_public_key(public_path)
    print(f"wrote {private_path} (the private key: keep it secret)")
    print(f"wrote {public_path} (the public key, key id {key_id(public_key)})")


def _sign(args: argparse.Namespace) -> None:
    package = Path(args.package)
    if not package.is_file():
        raise ConfigError(f"{package}: no such file")
    private_key = load_private_key(args.private_key)
    try:
        signature = sign_package(
            package, app_id=args.app_id, version=args.version, private_key=private_key
        )
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    out = signature.write(args.out or f"{package}.sig")
    print(
        f"wrote {out}: app {signature.app_id} version {signature.version}, "
        f"sha256 {signature.sha256}, key id {signature.key_id}"
    )


def _verify(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    package = Path(args.package)
    signing = (args.signature, args.app_id, args.version)
    if args.public_key is None and any(value is not None for value in signing):
        parser.error("verify: --signature, --app-id and --version need --public-key")
    if not package.is_file():
        parser.error(f"verify: {package}: no such file")
    try:
        public_key = load_public_key(args.public_key) if args.public_key else None
    except ConfigError as exc:
        parser.error(f"verify: {exc}")
    try:
        report = verify_package(package)
    except OfflinePackageError as exc:
        print(f"error: {exc}")
        return 1
    print(report.format_text())
    failed = not report.ok
    bad_signature = False
    if public_key is not None:
        sig_path = Path(args.signature or f"{package}.sig")
        try:
            signature = PackageSignature.read(sig_path)
            verify_signature(
                package, signature, public_key, app_id=args.app_id, version=args.version
            )
        except OfflinePackageError as exc:
            print(f"error: signature {sig_path}: {exc} [signature]")
            bad_signature = True
        else:
            print(
                f"signature: ok, app {signature.app_id} version {signature.version}, "
                f"key id {signature.key_id}"
            )
    counts = f"{len(report.errors)} errors, {len(report.warnings)} warnings"
    if bad_signature:
        counts += ", a bad signature"
    print(f"result:   {'refused' if failed or bad_signature else 'ok'} ({counts})")
    return 1 if failed or bad_signature else 0
