"""``biz.contact``: the people and department pickers over the corp's address book.

The corp is the one the device is signed in to; a ``corpId`` param naming
another answers "3". See :mod:`jsapi.pickers.contacts` for the rules and
the answers a script gives (``users``: userids, ``departments``: ids).
"""

from __future__ import annotations

from typing import Any

from ..context import Context
from ..pickers.contacts import choose_picker, complex_picker, departments_picker, org_picker
from ..pickers.directory import Directory
from ..registry import Namespace
from .pickers import ask

__all__ = ["directory", "ns"]

ns = Namespace("biz.contact")


def directory(ctx: Context) -> Directory:
    """The address book of the device's corp, avatars served by the platform."""
    corp = ctx.platform.org.corp(ctx.device.corp_id)
    return Directory(corp, ctx.platform.media.base_url)


@ns.method("choose")
def choose(params: dict[str, Any], ctx: Context) -> Any:
    """Pick people: ``[{name, avatar, emplId}]``; default the ``users`` given."""
    return ask(ctx, choose_picker("biz.contact.choose", params, directory(ctx)))


@ns.method("complexPicker")
def complex_picker_(params: dict[str, Any], ctx: Context) -> Any:
    """Pick people and departments: ``{selectedCount, users, departments}``."""
    return ask(ctx, complex_picker("biz.contact.complexPicker", params, directory(ctx)))


@ns.method("departmentsPicker")
def departments_picker_(params: dict[str, Any], ctx: Context) -> Any:
    """Pick departments: ``{userCount, departments, departmentsCount}``."""
    return ask(ctx, departments_picker("biz.contact.departmentsPicker", params, directory(ctx)))


@ns.method("chooseOrg")
def choose_org(params: dict[str, Any], ctx: Context) -> Any:
    """Pick one of the signed-in person's corps: ``{selectCorpId}``; default the current one."""
    org = ctx.platform.org
    corps = {corp_id: org.corp(corp_id).name for corp_id in ctx.device.corps()}
    return ask(ctx, org_picker("biz.contact.chooseOrg", corps, ctx.device.corp_id))
