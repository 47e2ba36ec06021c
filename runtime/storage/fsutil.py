"""Crash-safe file primitives shared by the embedded store and attachments."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

#: Suffix of temporary files; a crash may leave some, recovery deletes them.
TMP_SUFFIX = ".tmp"

#: Filesystem types on which advisory locks, ``fsync`` or ``rename`` are not
#: reliable enough for the embedded store (``/proc/mounts`` names).
NETWORK_FILESYSTEMS = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb3",
        "smbfs",
        "ncpfs",
        "afs",
        "9p",
        "ceph",
        "glusterfs",
        "lustre",
        "gpfs",
        "davfs",
        "fuse.sshfs",
        "fuse.s3fs",
        "fuse.rclone",
        "fuse.glusterfs",
        "fuse.davfs2",
        "fuse.gcsfuse",
    }
)


def temp_path_for(path: Path) -> Path:
    """A unique temporary sibling of ``path`` (same directory, same filesystem)."""
    return path.with_name(f"{path.name}.{os.getpid()}.{secrets.token_hex(4)}{TMP_SUFFIX}")


def fsync_dir(directory: Path) -> None:
    """Make a directory's entries (renames, unlinks) durable."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def ensure_dir(directory: Path, to_sync: set[Path]) -> None:
    """Create ``directory`` and missing parents, noting parents to fsync."""
    missing: list[Path] = []
    current = directory
    while not current.is_dir():
        missing.append(current)
        current = current.parent
    for folder in reversed(missing):
        folder.mkdir(exist_ok=True)
        to_sync.add(folder.parent)


def atomic_write(path: Path, data: bytes, *, durable: bool = True, sync_dir: bool = True) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves the old or the new content.

    Writes a temporary sibling, fsyncs it, then ``os.replace``s it over the
    target; ``sync_dir`` also fsyncs the directory so the rename itself
    survives a power loss. ``durable=False`` skips both fsyncs (bulk loads).
    """
    tmp = temp_path_for(path)
    try:
        with open(tmp, "xb") as handle:
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if durable and sync_dir:
        fsync_dir(path.parent)


def _unescape_mount(field: str) -> str:
    """Decode the octal escapes (``\\040`` for space) of ``/proc/mounts``."""
    out, i = [], 0
    while i < len(field):
        if field[i] == "\\" and field[i + 1 : i + 4].isdigit():
            out.append(chr(int(field[i + 1 : i + 4], 8)))
            i += 4
        else:
            out.append(field[i])
            i += 1
    return "".join(out)


def filesystem_type(path: Path, mounts_file: Path = Path("/proc/mounts")) -> str | None:
    """Return the filesystem type holding ``path`` (Linux), or None if unknown."""
    try:
        lines = mounts_file.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    target = str(path.resolve())
    best, best_type = "", None
    for line in lines:
        parts = line.split()
        if len(parts) < 3:
            continue
        mount_point = _unescape_mount(parts[1])
        inside = target == mount_point or target.startswith(mount_point.rstrip("/") + "/")
        if inside and len(mount_point) >= len(best):
            best, best_type = mount_point, parts[2]
    return best_type


def is_network_filesystem(path: Path) -> str | None:
    """Return the filesystem type if ``path`` is on a network filesystem, else None."""
    fs_type = filesystem_type(path)
    return fs_type if fs_type in NETWORK_FILESYSTEMS else None
