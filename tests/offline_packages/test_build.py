"""offline_packages.build: ddemu's pack against the official h5package CLI, run side by side."""

from __future__ import annotations

import json
import os
import random
import subprocess
import zipfile
from pathlib import Path

import pytest

from bridge.errors import ConfigError, OfflinePackageError
from offline_packages.build import MirrorFetcher, UrlFetcher, glob_order, pack
from offline_packages.manifest import MANIFEST_NAME, load_package
from offline_packages.verify import verify_package

from .support import (
    APP_ID,
    EXTERNAL_FILES,
    LONG_DIR,
    LONG_FILE,
    NODE,
    https_server,
    make_project,
    needs_official_packer,
    run_official_pack,
    zip_entries,
)

PREFIX = "n.dingtalk.com/dingding/offline-demo-H5"


@needs_official_packer
def test_pack_matches_the_official_packer(tmp_path: Path) -> None:
    """Same tree, same config: the same entries, bytes for bytes, and the same manifest bytes."""
    with https_server(EXTERNAL_FILES) as server:
        project = make_project(tmp_path / "project", server.base_url)
        official = run_official_pack(project, server.ca_file)
        ours = pack(project, out_dir=tmp_path / "ours", fetch=UrlFetcher(context=server.context))
    theirs = zip_entries(project / f"{APP_ID}.zip")
    mine = zip_entries(ours.path)
    # Entry order is not stable in the official packer (archiver stats files
    # asynchronously): compare as sets, and each name once.
    assert len({name for name, _ in theirs}) == len(theirs)
    assert sorted(theirs) == sorted(mine)
    manifest = dict(mine)[MANIFEST_NAME]
    assert manifest == dict(theirs)[MANIFEST_NAME]  # includeUrls in the official order
    assert json.loads(manifest)["globMappingRules"] == []
    # Both skip the same too-long names, and say so.
    assert f"{LONG_DIR}/{LONG_FILE}" in official.stderr
    assert any(LONG_FILE in warning for warning in ours.warnings)


@needs_official_packer
def test_the_compared_tree_has_every_case(tmp_path: Path) -> None:
    """The tree above does exercise ports, trailing slashes, dot files, long and non-ASCII names."""
    with https_server(EXTERNAL_FILES) as server:
        project = make_project(tmp_path / "project", server.base_url)
        ours = pack(project, out_dir=tmp_path, fetch=UrlFetcher(context=server.context))
        port = server.base_url.rsplit(":", 1)[1]
    names = {entry.name for entry in ours.entries}
    urls = json.loads(dict(zip_entries(ours.path))[MANIFEST_NAME])["includeUrls"]
    assert "www.example.com@8443/app/favicon.ico" in names  # a port
    assert "cdn.example.com@8443/static/app.css" in names  # a folder with a port, host lowered
    assert "www.example.com/docs" in names  # a file key with a trailing slash...
    assert "https://www.example.com/docs/" in urls  # ...kept verbatim in includeUrls
    assert f"{PREFIX}/sub/%E6%B7%B1/a%20b.txt" in names  # non-ASCII, percent-encoded
    assert f"{PREFIX}/q" in names and f"{PREFIX}/h" in names  # "?" and "#" cut the name
    assert "https://n.dingtalk.com/dingding/offline-demo-H5/q?x.js" in urls
    assert not any(".env" in name or ".cache" in name or "hidden" in name for name in names)
    assert not any(LONG_FILE in name for name in names)
    externals = [entry for entry in ours.entries if entry.url is None]
    assert {entry.name.split("/")[0] for entry in externals} == {f"127.0.0.1@{port}"}
    assert not any("127.0.0.1" in url for url in urls)  # downloaded, not listed
    assert urls[:3] == [
        f"https://{PREFIX}/10.js",
        f"https://{PREFIX}/9.js",
        f"https://{PREFIX}/a_b.js",
    ]


@needs_official_packer
def test_the_official_package_loads_and_verifies(tmp_path: Path) -> None:
    """A package from the official CLI loads in ddemu, answers its URLs and verifies clean."""
    with https_server(EXTERNAL_FILES) as server:
        project = make_project(tmp_path / "project", server.base_url)
        run_official_pack(project, server.ca_file)
        react = f"{server.base_url}/code/lib/react/18.2.0/umd/react.production.min.js?v=18"
    path = project / f"{APP_ID}.zip"
    with load_package(path) as package:
        assert package.entry_for_url("https://www.example.com:8443/app/favicon.ico") is not None
        entry = package.entry_for_url(react)
        assert entry is not None
        assert entry.read() == EXTERNAL_FILES["/code/lib/react/18.2.0/umd/react.production.min.js"]
        assert package.biz_data == {} and package.glob_mapping_rules == ()
    report = verify_package(path)
    assert report.problems == []


@needs_official_packer
def test_overlapping_mappings_give_one_entry(tmp_path: Path) -> None:
    """Two mappings onto one name: the official packer writes it twice, ddemu once (the last)."""
    project = tmp_path / "project"
    (project / "dist").mkdir(parents=True)
    (project / "dist" / "index.html").write_bytes(b"from the folder")
    (project / "other.html").write_bytes(b"from the file")
    config = {
        "miniAppId": APP_ID,
        "assets": {"https://h.com/app": "./dist", "https://h.com/app/index.html": "./other.html"},
    }
    (project / "localresource.json").write_text(json.dumps(config))
    run_official_pack(project)
    theirs = zip_entries(project / f"{APP_ID}.zip")
    ours = pack(project, out_dir=tmp_path)
    mine = zip_entries(ours.path)
    assert [data for name, data in theirs if name == "h.com/app/index.html"] == [
        b"from the folder",
        b"from the file",
    ]
    assert [data for name, data in mine if name == "h.com/app/index.html"] == [b"from the file"]
    assert dict(theirs)[MANIFEST_NAME] == dict(mine)[MANIFEST_NAME]
    assert any("replaces" in warning for warning in ours.warnings)
    codes = {p.code for p in verify_package(project / f"{APP_ID}.zip").errors}
    assert codes == {"duplicate"}


@needs_official_packer
@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_a_linked_file_is_packed_as_its_target(tmp_path: Path) -> None:
    """The official packer stores a link entry; ddemu packs the file it points to."""
    project = tmp_path / "project"
    (project / "dist").mkdir(parents=True)
    (project / "dist" / "index.html").write_bytes(b"page")
    (project / "dist" / "alias.html").symlink_to("index.html")
    (project / "outside").mkdir()
    (project / "outside" / "secret.txt").write_bytes(b"secret")
    (project / "dist" / "linked").symlink_to("../outside", target_is_directory=True)
    config = {
        "miniAppId": APP_ID,
        "assets": {"https://h.com/app": "./dist", "https://h.com/home": "./dist/alias.html"},
    }
    (project / "localresource.json").write_text(json.dumps(config))
    (project / "outside" / "deeper").mkdir()
    (project / "outside" / "deeper" / "deep.txt").write_bytes(b"deep")
    run_official_pack(project)
    theirs = project / f"{APP_ID}.zip"
    ours = pack(project, out_dir=tmp_path)
    names = {name for name, _ in zip_entries(ours.path)}
    assert {name for name, _ in zip_entries(theirs)} == names
    assert "h.com/app/linked/secret.txt" in names  # right in a linked folder: glob takes it
    assert "h.com/app/linked/deeper/deep.txt" not in names  # deeper: glob does not crawl
    assert dict(zip_entries(ours.path))["h.com/app/alias.html"] == b"page"
    assert {p.code for p in verify_package(theirs).errors} == {"link", "include-url-missing"}
    assert verify_package(ours.path).ok
    assert dict(zip_entries(ours.path))["h.com/home"] == b"page"
    assert sum("symbolic link" in w for w in ours.warnings) == 2
    assert any("linked folder" in w for w in ours.warnings)


@needs_official_packer
def test_glob_mapping_rules_follow_packer_2_0_11(tmp_path: Path) -> None:
    """npm's 2.0.10 ignores the config's globMappingRules; ddemu writes them as 2.0.11 does."""
    rules = {"https://n.dingtalk.com/dingding/offline-demo-H5/": f"https://{PREFIX}/index.html"}
    project = make_project(tmp_path / "project", globMappingRules=rules)
    run_official_pack(project)
    ours = pack(project, out_dir=tmp_path)
    theirs = json.loads(dict(zip_entries(project / f"{APP_ID}.zip"))[MANIFEST_NAME])
    mine = json.loads(dict(zip_entries(ours.path))[MANIFEST_NAME])
    assert theirs["globMappingRules"] == []
    assert mine["globMappingRules"] == [[*rule] for rule in rules.items()]
    assert {k: v for k, v in mine.items() if k != "globMappingRules"} == {
        k: v for k, v in theirs.items() if k != "globMappingRules"
    }


def test_zip_structure_is_the_official_one(tmp_path: Path) -> None:
    """Deflate, file entries only, Unix attributes, no comment, the manifest last."""
    result = pack(make_project(tmp_path / "project"), out_dir=tmp_path)
    with zipfile.ZipFile(result.path) as archive:
        infos = archive.infolist()
        assert archive.comment == b""
    assert all(info.compress_type == zipfile.ZIP_DEFLATED for info in infos)
    assert not any(info.is_dir() for info in infos)
    assert all(info.create_system == 3 for info in infos)
    assert all((info.external_attr >> 16) & 0o170000 == 0o100000 for info in infos)
    assert infos[-1].filename == MANIFEST_NAME
    assert (infos[-1].external_attr >> 16) & 0o777 == 0o644


def test_progress_counts_downloads_then_entries(tmp_path: Path) -> None:
    """The progress callback starts at 0 and ends at total, once per download and entry."""
    calls: list[tuple[int, int, str]] = []
    mirror = tmp_path / "mirror" / "g.alicdn.com" / "lib"
    mirror.mkdir(parents=True)
    (mirror / "react.js").write_bytes(b"react")
    project = make_project(
        tmp_path / "project", externalAssets=["https://g.alicdn.com/lib/react.js?v=1"]
    )
    result = pack(
        project,
        out_dir=tmp_path,
        fetch=MirrorFetcher(tmp_path / "mirror"),
        progress=lambda done, total, name: calls.append((done, total, name)),
    )
    total = len(result.entries) + 1
    assert calls[0] == (0, total, "")
    assert calls[1] == (1, total, "https://g.alicdn.com/lib/react.js?v=1")
    assert [done for done, _, _ in calls] == list(range(total + 1))
    assert calls[-1][2] == "g.alicdn.com/lib/react.js"
    assert dict(zip_entries(result.path))["g.alicdn.com/lib/react.js"] == b"react"


def test_a_failed_download_aborts_and_leaves_nothing(tmp_path: Path) -> None:
    """An external asset that cannot be fetched fails the pack; no zip, no temporary file."""
    project = make_project(tmp_path / "project", externalAssets=["https://g.alicdn.com/x.js"])
    out = tmp_path / "out"
    with pytest.raises(OfflinePackageError, match="cannot download external asset"):
        pack(project, out_dir=out, fetch=MirrorFetcher(tmp_path / "empty"))
    assert not out.exists()
    with pytest.raises(OfflinePackageError):
        pack(project, fetch=MirrorFetcher(tmp_path / "empty"))
    assert not [p for p in project.iterdir() if p.suffix in (".zip", ".tmp")]


def test_the_url_fetcher_downloads_over_https(tmp_path: Path) -> None:
    """The default fetcher GETs the URL, query included, and keeps the bytes."""
    with https_server(EXTERNAL_FILES) as server:
        project = make_project(tmp_path / "project", server.base_url)
        result = pack(project, out_dir=tmp_path, fetch=UrlFetcher(context=server.context))
        assert any(request.endswith("?v=18") for request in server.requests)
    externals = [e for e in result.entries if e.url is None]
    assert len(externals) == 2


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"assets": {}}, "miniAppId is missing"),
        ({"miniAppId": "../x"}, "cannot name a file"),
        ({"miniAppId": "1", "assets": {"http://h.com/a": "./a.txt"}}, "https URLs only"),
        ({"miniAppId": "1", "assets": {"https://h.com/a": "./missing"}}, "missing"),
        ({"miniAppId": "1", "assets": ["./dist"]}, "assets must be an object"),
        ({"miniAppId": "1", "externalAssets": "https://x"}, "externalAssets must be a list"),
        ({"miniAppId": "1", "externalAssets": ["ftp://h.com/x"]}, "https URLs only"),
    ],
)
def test_config_errors_name_the_field(tmp_path: Path, config: object, message: str) -> None:
    """A wrong project config is a ConfigError that says what is wrong."""
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / "localresource.json").write_text(json.dumps(config))
    with pytest.raises(ConfigError, match=message):
        pack(tmp_path)
    assert not list(tmp_path.glob("*.zip"))


def test_config_must_be_strict_json(tmp_path: Path) -> None:
    """Comments are refused, as fs-extra's readJson refuses them, with line and column."""
    (tmp_path / "localresource.json").write_text('{\n  // the id\n  "miniAppId": "1"\n}')
    with pytest.raises(ConfigError, match="line 2, column 3: not strict JSON"):
        pack(tmp_path)


def test_numeric_app_id_and_config_elsewhere(tmp_path: Path) -> None:
    """A numeric miniAppId names the zip; the config may be elsewhere, paths stay the project's."""
    (tmp_path / "project" / "dist").mkdir(parents=True)
    (tmp_path / "project" / "dist" / "a.js").write_text("a")
    config = tmp_path / "configs" / "prod.json"
    config.parent.mkdir()
    config.write_text(json.dumps({"miniAppId": 42, "assets": {"https://h.com/": "dist"}}))
    result = pack(tmp_path / "project", config)
    assert result.path == tmp_path / "project" / "42.zip"
    assert [e.name for e in result.entries] == ["h.com/a.js"]


def test_the_package_is_never_packed_into_itself(tmp_path: Path) -> None:
    """With an assets folder that holds the output, the previous package is skipped."""
    (tmp_path / "index.html").write_text("hi")
    (tmp_path / "localresource.json").write_text(
        json.dumps({"miniAppId": "7", "assets": {"https://h.com/": "."}})
    )
    pack(tmp_path)
    again = pack(tmp_path)
    names = {entry.name for entry in again.entries}
    assert names == {"h.com/index.html", "h.com/localresource.json"}
    assert any("package being written" in warning for warning in again.warnings)


def test_biz_data_goes_into_the_manifest(tmp_path: Path) -> None:
    """bizData, the official code mode's appendBizData, is written as given."""
    result = pack(make_project(tmp_path / "p"), out_dir=tmp_path, biz_data={"assetVersion": "1"})
    with load_package(result.path) as package:
        assert package.biz_data == {"assetVersion": "1"}


def test_mirror_fetcher_stays_in_its_folder(tmp_path: Path) -> None:
    """A mirror maps https://host/path to host/path below its folder, and nothing else."""
    (tmp_path / "h.com@8443").mkdir()
    (tmp_path / "h.com@8443" / "x.js").write_bytes(b"x")
    fetch = MirrorFetcher(tmp_path)
    assert fetch("https://H.com:8443/x.js?q=1") == b"x"
    with pytest.raises(OfflinePackageError, match="not in"):
        fetch("https://h.com/y.js")


#: Names whose order is checked against Node's localeCompare; the non-ASCII
#: ones are those ddemu orders as ICU does.
ORDER_SAMPLES = [
    "é.js", "e.js", "E.js", "f.js", "深.js", "中.js", "a.js", "Z.js", "z.js", "ä.js",
    "Ä.js", "ß.js", "ss.js", "α.js", "я.js", "가.js", "あ.js", "１.js", "1.js", "ab",
    "aB", "Ab", "a_b", "a-b", "a/b", "a.b", "a~b", "a$b", "10", "9", "_x", "ñ", "n",
    "o", "ø", "ö", "œ", "æ", "ae", "ｂ", "b", "á", "€", "¥a", "½", "²", "µ", "Ω.js",
]  # fmt: skip


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_glob_order_is_node_locale_compare() -> None:
    """Folder listings sort as glob 8 sorts them: localeCompare(b, 'en'), ICU's root order."""
    rng = random.Random(8)
    alphabet = " _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$0123456789abcXYZ"
    names = ORDER_SAMPLES + [
        "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 6))) for _ in range(2000)
    ]
    names = list(dict.fromkeys(names))
    script = (
        "const a = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "a.sort((x, y) => x.localeCompare(y, 'en'));"
        "console.log(JSON.stringify(a));"
    )
    assert NODE is not None
    done = subprocess.run(
        [NODE, "-e", script], input=json.dumps(names), capture_output=True, text=True, check=True
    )
    node_order = json.loads(done.stdout)
    # Node's sort is stable and some names tie (canonically equivalent): check pairs.
    assert [
        (a, b)
        for a, b in zip(node_order, node_order[1:], strict=False)
        if glob_order(a) > glob_order(b)
    ] == []
