"""The C interface (dangjian.h), through ctypes. Internal: use the package."""
from __future__ import annotations

import ctypes
import os
import pathlib
from typing import Optional

DJ_OK = 0
FORMAT_JSON, FORMAT_BINARY, FORMAT_TEXTPROTO, FORMAT_DELIMITED, FORMAT_TEXT, FORMAT_HTML = 1, 2, 3, 4, 5, 6
DEFAULT_HORIZON = -1  # DJ_AGENDA_DEFAULT_HORIZON


class Buffer(ctypes.Structure):
    _fields_ = [("data", ctypes.c_void_p), ("size", ctypes.c_size_t)]


class LoadOptions(ctypes.Structure):
    _fields_ = [("struct_size", ctypes.c_size_t), ("ignore_unknown_fields", ctypes.c_int)]


class CheckOptions(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("as_of", ctypes.c_char_p),
        ("from_", ctypes.c_char_p),
        ("scope", ctypes.c_char_p),
        ("rules", ctypes.c_char_p),
        ("lang", ctypes.c_char_p),
        ("format", ctypes.c_int),
    ]


class AssessOptions(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("as_of", ctypes.c_char_p),
        ("scope", ctypes.c_char_p),
        ("lang", ctypes.c_char_p),
        ("manual", ctypes.c_char_p),
        ("manual_size", ctypes.c_size_t),
        ("previous", ctypes.c_char_p),
        ("previous_size", ctypes.c_size_t),
        ("format", ctypes.c_int),
    ]


class AgendaOptions(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("as_of", ctypes.c_char_p),
        ("days", ctypes.c_int),
        ("scope", ctypes.c_char_p),
        ("lang", ctypes.c_char_p),
        ("format", ctypes.c_int),
    ]


class StatsOptions(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("as_of", ctypes.c_char_p),
        ("from_", ctypes.c_char_p),
        ("scope", ctypes.c_char_p),
        ("lang", ctypes.c_char_p),
        ("format", ctypes.c_int),
    ]


class EngineOptions(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("as_of", ctypes.c_char_p),
        ("from_", ctypes.c_char_p),
        ("lang", ctypes.c_char_p),
    ]


def _candidates() -> list[pathlib.Path]:
    env = os.environ.get("DANGJIAN_LIBRARY")
    if env:
        return [pathlib.Path(env)]
    here = pathlib.Path(__file__).resolve()
    # Carried in the package (setup.py), then bindings/python/dangjian/_native.py
    # -> the repository's build/lib.
    return [here.parent / "libdangjian.so.0"] + [parent / "build" / "lib" / "libdangjian.so" for parent in here.parents]


_loaded_from = ""  # the library's path, or its name when the loader found it


def _load() -> ctypes.CDLL:
    global _loaded_from
    tried = []
    for path in _candidates():
        tried.append(str(path))
        if path.is_file():
            _loaded_from = str(path)
            return ctypes.CDLL(str(path))
    try:
        library = ctypes.CDLL("libdangjian.so.0")
        _loaded_from = "libdangjian.so.0"
        return library
    except OSError:
        pass
    raise ImportError(
        "dangjian: libdangjian.so not found; build it (make) or set DANGJIAN_LIBRARY. Tried: "
        + ", ".join(tried[:3] + ["libdangjian.so.0"])
    )


lib = _load()

_P = ctypes.c_void_p
_BUF = ctypes.POINTER(Buffer)
# dj_part_fn: (context, part, parts, report, size) -> 0 to go on
PartFn = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_size_t, ctypes.c_void_p,
                          ctypes.c_size_t)
_signatures = {
    "dj_version_number": ([], ctypes.c_int),
    "dj_version_string": ([], ctypes.c_char_p),
    "dj_check_version": ([ctypes.c_int], ctypes.c_int),
    "dj_last_error": ([], ctypes.c_char_p),
    "dj_buffer_free": ([_BUF], None),
    "dj_profile_builtin": ([ctypes.c_char_p, ctypes.POINTER(_P)], ctypes.c_int),
    "dj_profile_parse": ([ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int, ctypes.POINTER(_P)], ctypes.c_int),
    "dj_profile_destroy": ([_P], None),
    "dj_profile_resolved": ([_P, ctypes.c_int, _BUF], ctypes.c_int),
    "dj_profile_list": ([ctypes.c_int, _BUF], ctypes.c_int),
    "dj_snapshot_load": ([ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int, ctypes.POINTER(_P)], ctypes.c_int),
    "dj_snapshot_load_with": ([ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_void_p, ctypes.POINTER(_P)],
                              ctypes.c_int),
    "dj_snapshot_load_file": ([ctypes.c_char_p, ctypes.c_void_p, ctypes.POINTER(_P)], ctypes.c_int),
    "dj_snapshot_destroy": ([_P], None),
    "dj_sample": ([_BUF], ctypes.c_int),
    "dj_check": ([_P, _P, ctypes.POINTER(CheckOptions), _BUF], ctypes.c_int),
    "dj_agenda": ([_P, _P, ctypes.POINTER(AgendaOptions), _BUF], ctypes.c_int),
    "dj_agenda_for_rules": ([_P, _P, ctypes.POINTER(AgendaOptions), ctypes.c_char_p, _BUF], ctypes.c_int),
    "dj_rules": ([ctypes.c_char_p, ctypes.c_int, _BUF], ctypes.c_int),
    "dj_profile_rules": ([_P, ctypes.c_char_p, ctypes.c_int, _BUF], ctypes.c_int),
    "dj_dues_standard": ([ctypes.c_int, ctypes.c_int64, _P, ctypes.POINTER(ctypes.c_int64)], ctypes.c_int),
    "dj_assess": ([_P, _P, ctypes.c_char_p, ctypes.c_size_t, ctypes.POINTER(AssessOptions), _BUF], ctypes.c_int),
    "dj_run_cases": ([ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_char_p, _BUF], ctypes.c_int),
    "dj_engine_create": ([ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int, _P, ctypes.POINTER(EngineOptions),
                          ctypes.POINTER(_P)], ctypes.c_int),
    "dj_engine_destroy": ([_P], None),
    "dj_engine_apply": ([_P, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int, _BUF], ctypes.c_int),
    "dj_engine_report": ([_P, ctypes.c_int, _BUF], ctypes.c_int),
    "dj_engine_export": ([_P, ctypes.c_int, _BUF], ctypes.c_int),
    "dj_engine_apply_batch": ([_P, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int, _BUF], ctypes.c_int),
    "dj_engine_advance": ([_P, ctypes.c_char_p, ctypes.c_int, _BUF], ctypes.c_int),
    "dj_engine_agenda": ([_P, ctypes.POINTER(AgendaOptions), ctypes.c_char_p, _BUF], ctypes.c_int),
    "dj_engine_assess": ([_P, ctypes.c_char_p, ctypes.c_size_t, ctypes.POINTER(AssessOptions), _BUF], ctypes.c_int),
    "dj_stats": ([_P, _P, ctypes.POINTER(StatsOptions), _BUF], ctypes.c_int),
    "dj_check_parts": ([ctypes.c_char_p, ctypes.c_uint64, _P, ctypes.POINTER(CheckOptions), _P, _P], ctypes.c_int),
    "dj_split": ([ctypes.c_char_p, ctypes.c_char_p, ctypes.c_uint64, _P, ctypes.POINTER(ctypes.c_size_t)], ctypes.c_int),
    "dj_split_parts": ([ctypes.c_char_p, ctypes.POINTER(ctypes.c_size_t)], ctypes.c_int),
    "dj_check_split_parts": ([ctypes.c_char_p, ctypes.POINTER(ctypes.c_size_t), ctypes.c_size_t, _P,
                              ctypes.POINTER(CheckOptions), _P, _P], ctypes.c_int),
    "dj_stats_split_parts": ([ctypes.c_char_p, ctypes.POINTER(ctypes.c_size_t), ctypes.c_size_t, _P,
                              ctypes.POINTER(StatsOptions), ctypes.POINTER(ctypes.c_char_p),
                              ctypes.POINTER(ctypes.c_size_t), ctypes.c_size_t, _BUF], ctypes.c_int),
}
for _name, (_args, _result) in _signatures.items():
    _fn = getattr(lib, _name)
    _fn.argtypes = _args
    _fn.restype = _result


def last_error() -> str:
    return lib.dj_last_error().decode("utf-8", "replace")


def take(buffer: Buffer) -> bytes:
    """The buffer's bytes; the buffer is freed."""
    try:
        return ctypes.string_at(buffer.data, buffer.size) if buffer.size else b""
    finally:
        lib.dj_buffer_free(ctypes.byref(buffer))


_CODES = {1: "INVALID_ARGUMENT", 2: "BAD_INPUT", 3: "NOT_FOUND", 4: "INTERNAL", 5: "VERSION_MISMATCH", 6: "NO_MEMORY",
          7: "STOPPED"}


class Error(Exception):
    """A failure of the library: ``code`` (the C interface's DJ_ number), ``name`` and ``message``."""

    def __init__(self, code: int, message: str):
        super().__init__(f"{_CODES.get(code, code)}: {message}")
        self.code = code
        self.name = _CODES.get(code, str(code))
        self.message = message


def encode(text: Optional[str], name: str = "text") -> Optional[bytes]:
    """A string argument as the C interface takes it (NUL-terminated UTF-8):
    one holding a NUL would reach the library cut short, so it is refused."""
    if text is None:
        return None
    if not isinstance(text, str):
        raise Error(1, f"{name}: a string, not {type(text).__name__}")
    if "\0" in text:
        raise Error(1, f"{name}: {text!r} holds a NUL character")
    return text.encode("utf-8")
