"""``ddemu pack``, ``keygen``, ``sign`` and ``verify`` (emulator/cli_packages.py)."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from emulator.cli import main
from offline_packages.manifest import MANIFEST_NAME

from ..offline_packages.support import (
    APP_ID,
    EXTERNAL_FILES,
    LONG_FILE,
    https_server,
    make_project,
    needs_official_packer,
    run_official_pack,
    zip_entries,
)


def run(argv: list[str]) -> int:
    """Run ``ddemu ARGV`` in this process; return its exit status."""
    try:
        main(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


@pytest.fixture
def signed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, Path]:
    """A packed project, a key pair, and PACKAGE.sig for version 0.0.1; the package and key."""
    project = make_project(tmp_path / "project")
    assert run(["pack", str(project), "--out", str(tmp_path / "out")]) == 0
    package = tmp_path / "out" / f"{APP_ID}.zip"
    assert run(["keygen", str(tmp_path / "publisher")]) == 0
    args = ["--private-key", str(tmp_path / "publisher.private.pem"), "--app-id", APP_ID]
    assert run(["sign", str(package), *args, "--version", "0.0.1"]) == 0
    capsys.readouterr()
    return package, tmp_path / "publisher.public.pem"


@needs_official_packer
def test_pack_matches_the_official_cli(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`ddemu pack` and `h5package pack` on one project give the same entries and manifest."""
    with https_server(EXTERNAL_FILES) as server:
        project = make_project(tmp_path / "project", server.base_url)
        run_official_pack(project, server.ca_file)
        monkeypatch.setenv("SSL_CERT_FILE", str(server.ca_file))  # the default fetcher's trust
        assert run(["pack", str(project), "--out", str(tmp_path / "ours"), "--no-progress"]) == 0
    out, err = capsys.readouterr()
    ours = tmp_path / "ours" / f"{APP_ID}.zip"
    assert sorted(zip_entries(ours)) == sorted(zip_entries(project / f"{APP_ID}.zip"))
    assert out.splitlines()[0] == f"packed {APP_ID}:"
    assert "  https://n.dingtalk.com/dingding/offline-demo-H5/  <- 15 files" in out
    assert "  https://www.example.com:8443/app/favicon.ico  <- public/favicon.ico" in out
    assert f"  {server.base_url}/code/lib/react-dom" in out
    assert f"wrote {ours}: 21 files and localresource.json (19 includeUrls)" in out
    assert f"ddemu: warning: skipped dist/{'d' * 40}/{LONG_FILE}" in err
    assert "[#" not in err  # --no-progress


def test_pack_in_the_current_folder_with_a_progress_bar(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without PROJECT_DIR, `ddemu pack` packs the current folder into it; --progress draws."""
    mirror = tmp_path / "mirror" / "g.alicdn.com"
    mirror.mkdir(parents=True)
    (mirror / "react.js").write_bytes(b"react")
    project = make_project(tmp_path / "project", externalAssets=["https://g.alicdn.com/react.js"])
    monkeypatch.chdir(project)
    assert run(["pack", "--progress", "--external-dir", str(tmp_path / "mirror")]) == 0
    out, err = capsys.readouterr()
    assert (project / f"{APP_ID}.zip").is_file()
    assert "  https://g.alicdn.com/react.js  (external asset, downloaded)" in out
    assert "\r[..............................] 0/21 " in err  # redrawn in place
    assert "\r[##############################] 21/21 " in err and err.endswith("\n")


def test_pack_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A project without config, or with a bad one, fails with `ddemu: error:` and status 2."""
    assert run(["pack", str(tmp_path)]) == 2
    assert "ddemu: error:" in capsys.readouterr().err
    (tmp_path / "localresource.json").write_text('{"miniAppId": "1", "assets": {"x": "."}}')
    assert run(["pack", str(tmp_path)]) == 2
    assert "assets key 'x': not an absolute URL" in capsys.readouterr().err


def test_keygen_refuses_to_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """keygen writes both PEM files and names the key; a second run needs --force."""
    assert run(["keygen", str(tmp_path / "k")]) == 0
    out = capsys.readouterr().out
    assert f"wrote {tmp_path / 'k.private.pem'} (the private key: keep it secret)" in out
    assert "key id " in out
    assert run(["keygen", str(tmp_path / "k")]) == 2
    assert "not overwriting" in capsys.readouterr().err
    assert run(["keygen", str(tmp_path / "k"), "--force"]) == 0


def test_verify_a_signed_package(
    signed: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """verify with the public key, app id and version: the report, `signature: ok`, status 0."""
    package, public = signed
    argv = ["verify", str(package), "--public-key", str(public), "--app-id", APP_ID]
    assert run([*argv, "--version", "0.0.1"]) == 0
    out = capsys.readouterr().out
    assert f"package:  {package} (zip," in out
    assert "hosts:    127.0.0.1" not in out and "n.dingtalk.com (15)" in out
    assert f"signature: ok, app {APP_ID} version 0.0.1" in out
    assert out.rstrip().endswith("result:   ok (0 errors, 0 warnings)")


def test_verify_detects_tampering(
    signed: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """One byte changed, or the wrong version asked: status 1 and the reason."""
    package, public = signed
    argv = ["verify", str(package), "--public-key", str(public)]
    assert run([*argv, "--version", "0.0.2"]) == 1
    assert "signed as version 0.0.1, not as version 0.0.2 [signature]" in capsys.readouterr().out
    data = bytearray(package.read_bytes())
    data[-30] ^= 0xFF  # in the central directory's tail: still a readable zip
    package.write_bytes(bytes(data))
    assert run(argv) == 1
    out = capsys.readouterr().out
    assert "the package was altered" in out
    assert "refused" in out


def test_verify_reports_hostile_content(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A package with a traversal and no manifest: each problem printed, status 1."""
    path = tmp_path / "evil.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("../../evil.sh", "rm -rf /")
    assert run(["verify", str(path)]) == 1
    out = capsys.readouterr().out
    assert "error: ../../evil.sh: has a '..' segment" in out and "[path-traversal]" in out
    assert "[manifest-missing]" in out
    assert "result:   refused (2 errors, 0 warnings)" in out
    path.write_bytes(b"not a zip")
    assert run(["verify", str(path)]) == 1
    assert "neither a ZIP nor a tar.gz" in capsys.readouterr().out


def test_verify_usage_errors_exit_2(
    signed: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Signature options without a key, a missing package or a bad key file: status 2."""
    package, _ = signed
    assert run(["verify", str(package), "--version", "0.0.1"]) == 2
    assert "need --public-key" in capsys.readouterr().err
    assert run(["verify", str(tmp_path / "missing.zip")]) == 2
    assert "no such file" in capsys.readouterr().err
    (tmp_path / "bad.pem").write_text("junk")
    assert run(["verify", str(package), "--public-key", str(tmp_path / "bad.pem")]) == 2
    assert "not a PEM public key" in capsys.readouterr().err


def test_the_console_command_packs_and_verifies(tmp_path: Path) -> None:
    """`python -m emulator pack` then `verify`, as separate processes, as a user runs them."""
    project = make_project(tmp_path / "project")
    packed = subprocess.run(
        [sys.executable, "-m", "emulator", "pack", str(project), "--progress"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert packed.returncode == 0, packed.stderr
    assert "[##############################]" in packed.stderr
    package = project / f"{APP_ID}.zip"
    with zipfile.ZipFile(package) as archive:
        manifest = json.loads(archive.read(MANIFEST_NAME))
    assert manifest["bundleMode"] == 2 and len(manifest["includeUrls"]) == 19
    verified = subprocess.run(
        [sys.executable, "-m", "emulator", "verify", str(package)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "result:   ok" in verified.stdout


def _two_versions(tmp_path: Path) -> list[str]:
    from offline_packages.manifest import Manifest, write_package

    paths = []
    for number, text in enumerate((b"one", b"two"), 1):
        path = tmp_path / f"v{number}" / "5000000002761167.zip"
        path.parent.mkdir()
        url = "https://n.dingtalk.com/app/index.html"
        write_package(path, [("n.dingtalk.com/app/index.html", text)], Manifest((url,)))
        paths.append(str(path))
    return paths


def test_install_publishes_and_opens_each_version(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`ddemu install A B` installs 0.0.1 then 0.0.2 on a device and exits 0."""
    assert run(["install", *_two_versions(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "published 0.0.2; open: enable, installed 0.0.2" in out
    assert out.endswith("result: package app 0.0.2\n")


@pytest.mark.parametrize(
    ("fault", "said"),
    [("bad-signature", "signature mismatch"), ("storage-gone", "download failed")],
)
def test_install_fault_keeps_the_previous_version(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fault: str, said: str
) -> None:
    """`--fault` on the update: the previous version stays in effect."""
    assert run(["install", *_two_versions(tmp_path), "--fault", fault]) == 0
    out = capsys.readouterr().out
    assert f"open: enable, {said}" in out and out.endswith("result: package app 0.0.1\n")


def test_install_fault_on_first_install_ends_online(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A truncated first download: nothing installed, exit status 1."""
    assert run(["install", _two_versions(tmp_path)[0], "--fault", "truncated"]) == 1
    assert "download truncated" in capsys.readouterr().out
