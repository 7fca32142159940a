"""Writing files so that nothing is lost: a reader never sees half a file, and nothing is replaced by surprise.

The content goes to a temporary file in the same folder, is flushed to disk, and then takes the
target's name in one step: an interrupted run leaves either the old file or the complete new one.

Two ways to take the name:

* :func:`write_bytes_atomic` *replaces* the target (``os.replace``). Before it does, the target is
  looked at: a FIFO, a device, a socket, a symbolic link or a read-only file is refused unless the
  caller forces it, because ``os.replace`` would silently swap any of them for a plain file (as root,
  a system device node). A directory is always refused.
* :func:`create_bytes_exclusive` *creates* a new file and never replaces one: the complete temporary
  file is hard-linked to the target name, which the kernel refuses if the name exists. Of two
  writers racing for one name exactly one wins; the other gets :class:`TargetExistsError`. (A check
  for the name followed by a rename would let both "win" and lose one file.)

Every failure is a :class:`WriteError`: one line with the path, what is wrong and the fix, never an
``OSError`` traceback. Read-only is judged by the permission bits, not ``os.access``, because root
may write anything and would otherwise replace a file its owner protected.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from contextvars import ContextVar
from pathlib import Path

from journeys.errors import JourneysError


class WriteError(JourneysError, OSError):
    """A file that cannot or should not be written; the message names the path and the fix."""

    def __str__(self) -> str:  # OSError would format its arguments
        return str(self.args[0])


class TargetExistsError(WriteError, FileExistsError):
    """A new file's name is taken (perhaps by another writer a moment ago)."""


#: Set by :func:`forcing`: replace unusual targets (FIFO, device, symlink, read-only file) anyway.
_FORCE: ContextVar[bool] = ContextVar("journeys_force_writes", default=False)

_KINDS = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISSOCK, "a socket"), (stat.S_ISLNK, "a symbolic link"), (stat.S_ISDIR, "a folder"))


@contextlib.contextmanager
def forcing(force: bool = True) -> Iterator[None]:
    """Within this block, writes replace what :func:`check_target` would refuse (not a folder).

    For front ends whose writes happen deep in library code (the map pages), so that ``--force`` need
    not be threaded through every layer.
    """
    token = _FORCE.set(force)
    try:
        yield
    finally:
        _FORCE.reset(token)


def describe_error(path: Path, err: OSError) -> WriteError:
    """One line for an OSError met while writing ``path``, with a fix a person can act on."""
    code = err.errno
    where = Path(err.filename) if err.filename else path
    if code in (errno.EACCES, errno.EPERM, errno.EROFS):
        fix = "choose a folder you can write to, or change its permissions"
        reason = "the file system is read-only" if code == errno.EROFS else "permission denied"
    elif code == errno.ENOTDIR:
        blocking = _blocking_file(path)
        reason = f"{blocking} is a file, not a folder" if blocking else "a part of the path is a file, not a folder"
        fix = "choose another path, or move that file away"
    elif code == errno.EISDIR:
        reason, fix = "it is a folder", "give a file name, not a folder"
    elif code == errno.ENOSPC:
        reason, fix = "no space left on the device", "free some space or write elsewhere"
    elif code == errno.ENAMETOOLONG:
        reason, fix = "the name is too long", "choose a shorter path"
    else:
        reason, fix = (err.strerror or str(err)).lower(), "choose another path"
    return WriteError(f"cannot write {where}: {reason}. Fix: {fix}")


def _blocking_file(path: Path) -> Path | None:
    """The first part of ``path`` that exists and is not a folder (so nothing can be made below it)."""
    return next((p for p in reversed((path, *path.parents)) if p.exists() and not p.is_dir()), None)


def check_target(target: Path, force: bool = False) -> None:
    """Refuse a target that replacing would harm: anything but a missing or writable regular file.

    ``force`` (or :func:`forcing`) lets a FIFO, device, socket, symlink or read-only file be replaced;
    a folder is never replaced.
    """
    force = force or _FORCE.get()
    try:
        info = target.lstat()
    except FileNotFoundError:
        return
    except OSError as err:
        raise describe_error(target, err) from None
    for test, kind in _KINDS:
        if not test(info.st_mode):
            continue
        if stat.S_ISDIR(info.st_mode):
            raise WriteError(f"cannot write {target}: it is a folder. Fix: give a file name inside it, or another path")
        if force:
            return
        pointee = f" to {os.readlink(target)}" if stat.S_ISLNK(info.st_mode) else ""
        raise WriteError(f"refusing to replace {target}: it is {kind}{pointee}, not a regular file. "
                         "Fix: choose another path, or pass --force to replace it with a plain file")
    read_only = not info.st_mode & 0o222 or (os.geteuid() != 0 and not os.access(target, os.W_OK))
    if read_only and not force:
        raise WriteError(f"refusing to replace {target}: it is read-only. "
                         "Fix: choose another path, make it writable (chmod u+w), or pass --force")


def _prepare_folder(folder: Path) -> None:
    """Create the folder (and its parents); a file standing where a folder should be is named in the error."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise WriteError(f"cannot write into {folder}: {_blocking_file(folder) or folder} is a file, not a folder. "
                         "Fix: choose another path, or move that file away") from None
    except OSError as err:
        raise describe_error(folder, err) from None


def _new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _mode_for(target: Path) -> int:
    """The replaced file's permissions, or those a new file gets under the current umask."""
    try:
        info = target.lstat()
    except OSError:
        return _new_file_mode()
    return info.st_mode & 0o777 if stat.S_ISREG(info.st_mode) else _new_file_mode()


def _temporary_copy(target: Path, data: bytes, mode: int, durable: bool = True) -> Path:
    """``data`` in a flushed temporary file beside ``target`` (a name the record loader never reads);
    on disk before it is renamed when ``durable``."""
    try:
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as err:
        raise describe_error(target, err) from None
    temp = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            if durable:
                os.fsync(stream.fileno())
        os.chmod(temp, mode)  # mkstemp makes 0600; a record or map is meant to be shared
    except BaseException as err:
        temp.unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise describe_error(target, err) from None
        raise
    return temp


def _sync_folder(folder: Path) -> None:
    """Flush the folder entry, so the new name survives a power cut (best effort)."""
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def write_bytes_atomic(target: Path, data: bytes, force: bool = False, durable: bool = True) -> None:
    """Replace ``target`` with ``data`` in one step; refuse unusual targets unless forced (see :func:`check_target`).

    ``durable=False`` skips the flushes to disk, for a cache whose reader checks every file
    (:func:`journeys.data_paths.keep_file`): a first run over a thousand records spent half a second
    waiting for the disk, and a file a power cut leaves empty or short is made again.
    """
    target = Path(target)
    _prepare_folder(target.parent)
    check_target(target, force)
    temp = _temporary_copy(target, data, _mode_for(target), durable)
    try:
        os.replace(temp, target)
    except BaseException as err:
        temp.unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise describe_error(target, err) from None
        raise
    if durable:
        _sync_folder(target.parent)


def write_text_atomic(target: Path, text: str, force: bool = False) -> None:
    """Replace ``target`` with UTF-8 ``text`` in one step."""
    write_bytes_atomic(target, text.encode("utf-8"), force)


def create_bytes_exclusive(target: Path, data: bytes, exists_fix: str = "choose another name") -> None:
    """Create ``target`` holding ``data``, complete or not at all; raise TargetExistsError if the name is taken.

    The name is taken by ``os.link`` of the finished temporary file, which fails if anything (even a
    dangling symlink) has the name. On a file system without hard links, the name is created with
    ``O_EXCL`` and then filled: still exclusive, though a reader could briefly see it short.
    """
    target = Path(target)
    _prepare_folder(target.parent)
    exists = TargetExistsError(f"{target} exists; {exists_fix}")
    temp = _temporary_copy(target, data, _new_file_mode())
    try:
        os.link(temp, target)
    except FileExistsError:
        raise exists from None
    except OSError as err:
        if err.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOSYS):
            raise describe_error(target, err) from None
        _create_with_excl(target, data, exists)
    finally:
        temp.unlink(missing_ok=True)
    _sync_folder(target.parent)


def _create_with_excl(target: Path, data: bytes, exists: TargetExistsError) -> None:
    try:
        handle = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _new_file_mode())
    except FileExistsError:
        raise exists from None
    except OSError as err:
        raise describe_error(target, err) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException as err:
        target.unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise describe_error(target, err) from None
        raise


def create_text_exclusive(target: Path, text: str, exists_fix: str = "choose another name") -> None:
    """Create ``target`` with UTF-8 ``text``; never replace a file (see :func:`create_bytes_exclusive`)."""
    create_bytes_exclusive(target, text.encode("utf-8"), exists_fix)
