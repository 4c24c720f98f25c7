"""ddemu's emulated DingTalk client: devices, the open platform, servers and tools.

Users import :class:`Emulator` from here::

    from emulator import Emulator
"""

from __future__ import annotations

from .calls import *  # noqa: F403
from .calls import __all__ as _calls_all
from .clock import *  # noqa: F403
from .clock import __all__ as _clock_all
from .device import *  # noqa: F403
from .device import __all__ as _device_all
from .emulator import *  # noqa: F403
from .emulator import __all__ as _emulator_all
from .inbox import *  # noqa: F403
from .inbox import __all__ as _inbox_all
from .org import *  # noqa: F403
from .org import __all__ as _org_all
from .platform import *  # noqa: F403
from .platform import __all__ as _platform_all
from .profiles import *  # noqa: F403
from .profiles import __all__ as _profiles_all
from .tokens import *  # noqa: F403
from .tokens import __all__ as _tokens_all

__all__ = [
    *_calls_all,
    *_clock_all,
    *_device_all,
    *_emulator_all,
    *_inbox_all,
    *_org_all,
    *_platform_all,
    *_profiles_all,
    *_tokens_all,
]
