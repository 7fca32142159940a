"""Writing files so that a reader never sees half of one.

The content goes to a temporary file in the same folder, is flushed to disk, and then replaces the
target in one rename: an interrupted run leaves either the old file or the complete new one.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_bytes_atomic(target: Path, data: bytes) -> None:
    """Replace ``target`` with ``data`` in one step."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, _mode_for(target))  # mkstemp makes 0600; a record or map is meant to be shared
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _mode_for(target: Path) -> int:
    """The replaced file's permissions, or those a new file gets under the current umask."""
    try:
        return target.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_text_atomic(target: Path, text: str) -> None:
    """Replace ``target`` with UTF-8 ``text`` in one step."""
    write_bytes_atomic(target, text.encode("utf-8"))
