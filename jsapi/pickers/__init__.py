"""The pickers' own logic: date patterns, regions, the address book, answers and results.

The handlers in :mod:`jsapi.biz` turn each picker call into a
:class:`~jsapi.pickers.basic.PickerRequest` and put it to the device's UI
broker (:mod:`emulator.ui`).
"""
