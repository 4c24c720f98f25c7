"""DingTalk offline packages (H5离线包): the format, packing, verifying, signing.

- :mod:`.manifest`: the package format, :func:`load_package`, :func:`write_package`,
  :func:`url_to_entry` / :func:`entry_to_url`;
- :mod:`.project`: the project's ``localresource.json`` that the packer reads;
- :mod:`.build`: :func:`pack`, as the official ``h5package pack`` does;
- :mod:`.verify` and :mod:`.extract`: hostile-content checks, safe unpacking;
- :mod:`.sign`: ddemu's sha256 + Ed25519 signature, kept beside the package;
- :mod:`.store`: the publisher's side, versions and release state on disk;
- :mod:`.install`: the device's side, fetch, verify, install atomically, look up;
- :mod:`.archive` and :mod:`.urls`: ZIP/tar.gz reading within limits, and URL
  parsing as Node does it.

See docs/reference/offline-packages.md.
"""

from __future__ import annotations

from .archive import *  # noqa: F403
from .archive import __all__ as _archive_all
from .build import *  # noqa: F403
from .build import __all__ as _build_all
from .extract import *  # noqa: F403
from .extract import __all__ as _extract_all
from .install import *  # noqa: F403
from .install import __all__ as _install_all
from .manifest import *  # noqa: F403
from .manifest import __all__ as _manifest_all
from .project import *  # noqa: F403
from .project import __all__ as _project_all
from .sign import *  # noqa: F403
from .sign import __all__ as _sign_all
from .store import *  # noqa: F403
from .store import __all__ as _store_all
from .urls import *  # noqa: F403
from .urls import __all__ as _urls_all
from .verify import *  # noqa: F403
from .verify import __all__ as _verify_all

__all__ = [
    *_archive_all,
    *_build_all,
    *_extract_all,
    *_install_all,
    *_manifest_all,
    *_project_all,
    *_sign_all,
    *_store_all,
    *_urls_all,
    *_verify_all,
]
