"""Tests of emulator.events: which events a page hears, and whether it prevented them."""

from __future__ import annotations

import threading

import pytest

from bridge.errors import ConfigError
from emulator.events import NON_BRIDGE_EVENTS, Events, check_event_name
from tests.fakes import FakePage


@pytest.mark.parametrize(
    "name", ["resume", "pause", "backbutton", "navTitle", "__message__", "bizEvent.beaconUpdate"]
)
def test_event_names_pages_hear(name: str) -> None:
    """The library's DOM events and any bizEvent.<name> are accepted."""
    check_event_name(name)


@pytest.mark.parametrize("name", ["resumed", "click", "bizEvent.", "bizEvent.a b", "beaconUpdate"])
def test_other_event_names_are_refused(name: str) -> None:
    """Any other name fails with a ConfigError that lists the valid ones."""
    with pytest.raises(ConfigError, match="resume, pause, online, offline, backbutton") as info:
        check_event_name(name)
    assert "bizEvent.<name>" in str(info.value)


def test_non_bridge_events_are_the_librarys() -> None:
    """The list is dingtalk-jsapi 3.2.9's NON_BRIDGE_EVENTS: 41 names, no duplicates."""
    assert len(NON_BRIDGE_EVENTS) == len(set(NON_BRIDGE_EVENTS)) == 41
    assert NON_BRIDGE_EVENTS[:5] == ("resume", "pause", "online", "offline", "backbutton")


def test_fire_reaches_every_attached_page() -> None:
    """An event goes to every attached page with its data; a detached one gets nothing."""
    events, one, two = Events(), FakePage("s1"), FakePage("s2")
    events.attach(one)
    events.attach(two)
    assert events.sessions == [one, two]
    delivery = events.fire("resume", {"from": "python"})
    assert delivery.pages == ("s1", "s2")
    assert one.events == two.events == [("resume", {"from": "python"})]
    events.detach(one)
    events.fire("pause")
    assert one.events == [("resume", {"from": "python"})]
    assert two.events[-1] == ("pause", None)


def test_fire_refuses_unknown_names_and_sends_nothing() -> None:
    """A name no page hears raises before anything is sent."""
    events, page = Events(), FakePage()
    events.attach(page)
    with pytest.raises(ConfigError):
        events.fire("wakeup")
    assert page.events == []


def test_fire_with_no_page_open() -> None:
    """With no page open the delivery reaches nobody and cannot say it was prevented."""
    delivery = Events().fire("backbutton")
    assert delivery.pages == ()
    assert delivery.prevented(timeout=0) is None


def test_page_answers_whether_it_prevented() -> None:
    """The page's answers pair with the events in order; prevented() reports them."""
    events, page = Events(), FakePage()
    events.attach(page)
    first = events.fire("backbutton")
    second = events.fire("backbutton")
    events.acknowledge(page, "backbutton", True)
    events.acknowledge(page, "backbutton", False)
    assert first.prevented(timeout=0) is True
    assert second.prevented(timeout=0) is False


def test_prevented_waits_for_the_answer() -> None:
    """prevented() waits for an answer that arrives from another thread."""
    events, page = Events(), FakePage()
    events.attach(page)
    delivery = events.fire("backbutton")
    timer = threading.Timer(0.05, events.acknowledge, args=(page, "backbutton", True))
    timer.start()
    try:
        assert delivery.prevented(timeout=5) is True
    finally:
        timer.join()


def test_page_that_does_not_answer_is_unknown_at_once() -> None:
    """A page whose shim does not answer events gives None without waiting."""
    events, page = Events(), FakePage(answers_events=False)
    events.attach(page)
    assert events.fire("backbutton").prevented(timeout=60) is None


def test_any_page_preventing_counts() -> None:
    """Of several pages, one that prevented is enough; unknown ones do not count."""
    events, one, two, mute = (
        Events(),
        FakePage("s1"),
        FakePage("s2"),
        FakePage("s3", answers_events=False),
    )
    for page in (one, two, mute):
        events.attach(page)
    delivery = events.fire("backbutton")
    events.acknowledge(one, "backbutton", False)
    assert delivery.prevented(timeout=0) is False  # s2 has not answered yet
    events.acknowledge(two, "backbutton", True)
    assert delivery.prevented(timeout=0) is True


def test_closing_page_leaves_its_events_unknown() -> None:
    """Events a page had not answered when it closed are unknown."""
    events, page = Events(), FakePage()
    events.attach(page)
    delivery = events.fire("backbutton")
    events.detach(page)
    assert delivery.prevented(timeout=0) is None


def test_answer_for_a_later_event_skips_the_earlier() -> None:
    """An answer naming a later event settles it; the skipped ones are unknown."""
    events, page = Events(), FakePage()
    events.attach(page)
    resume = events.fire("resume")
    back = events.fire("backbutton")
    events.acknowledge(page, "backbutton", True)
    assert resume.prevented(timeout=0) is None
    assert back.prevented(timeout=0) is True


def test_answer_for_an_event_never_sent_is_ignored() -> None:
    """A stray answer changes nothing: the pending event still waits for its own."""
    events, page = Events(), FakePage()
    events.attach(page)
    back = events.fire("backbutton")
    events.acknowledge(page, "pause", True)
    events.acknowledge(page, "backbutton", False)
    assert back.prevented(timeout=0) is False
