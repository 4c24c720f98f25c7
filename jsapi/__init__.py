"""The container's native methods: a registry of pure handlers and the injected JS shim."""

from __future__ import annotations

from .builtin import *  # noqa: F403
from .builtin import __all__ as _builtin_all
from .catalog import *  # noqa: F403
from .catalog import __all__ as _catalog_all
from .context import *  # noqa: F403
from .context import __all__ as _context_all
from .pageauth import *  # noqa: F403
from .pageauth import __all__ as _pageauth_all
from .registry import *  # noqa: F403
from .registry import __all__ as _registry_all
from .shim import *  # noqa: F403
from .shim import __all__ as _shim_all
from .signature import *  # noqa: F403
from .signature import __all__ as _signature_all

__all__ = [
    *_builtin_all,
    *_catalog_all,
    *_context_all,
    *_pageauth_all,
    *_registry_all,
    *_shim_all,
    *_signature_all,
]
