"""Source files the build cannot read, found before anything opens them.

A vault holds whatever its owner's disk holds: symlinks to files that are gone, symlinks that
point at themselves, fifos (opening one blocks the build for good), files of another user,
notes saved in Latin-1. Each of these is a reason not to publish that one file, said once;
none of them may end the build with a traceback.
"""

from __future__ import annotations

import codecs
import errno
import os
import stat
from dataclasses import dataclass

_KINDS = {stat.S_IFIFO: "a fifo", stat.S_IFSOCK: "a socket", stat.S_IFCHR: "a device", stat.S_IFBLK: "a device"}


def unreadable(path: str) -> str | None:
    """Why the file at ``path`` cannot be published, or None for a readable regular file.

    One ``stat`` and one ``access`` call: the file itself is not opened.
    """
    try:
        info = os.stat(path)
    except OSError as error:
        return _stat_problem(path, error)
    if stat.S_ISDIR(info.st_mode):
        return "a folder where a file was expected"
    if not stat.S_ISREG(info.st_mode):
        return f"not a regular file ({_KINDS.get(stat.S_IFMT(info.st_mode), 'a special file')})"
    if not os.access(path, os.R_OK):
        return "cannot be read (permission denied)"
    return None


def _stat_problem(path: str, error: OSError) -> str:
    if error.errno == errno.ENOENT and os.path.islink(path):
        return "broken symlink (its target does not exist)"
    return os_error_reason(error)


def os_error_reason(error: OSError) -> str:
    """``error`` in the words of the warnings: "cannot be read (permission denied)"."""
    if error.errno == errno.ELOOP:
        return "symlink loop"
    return f"cannot be read ({(error.strerror or str(error)).lower()})"


def loops_back(folder: str) -> bool:
    """Whether ``folder`` is a symlink to itself or to a folder that contains it.

    MkDocs follows symlinked folders in ``docs_dir``: through such a link it finds the same
    files again at every level, until the system refuses to resolve the path.
    """
    if not os.path.islink(folder):
        return False
    target = os.path.realpath(folder)
    parent = os.path.realpath(os.path.dirname(folder))
    return parent == target or parent.startswith(target.rstrip(os.sep) + os.sep)


@dataclass(frozen=True)
class NotUtf8:
    """Where a note stops being UTF-8: its 1-based line, and the 1-based offset of the bad byte."""

    line: int
    byte: int

    def __str__(self) -> str:
        return f"not valid UTF-8 (byte {self.byte})"


def decode_text(data: bytes) -> str | NotUtf8:
    """A note's text as MkDocs reads it (UTF-8, a leading byte order mark dropped), or where it is not UTF-8."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        return NotUtf8(line=data.count(b"\n", 0, error.start) + 1, byte=error.start + 1)
    return text[1:] if data.startswith(codecs.BOM_UTF8) else text
