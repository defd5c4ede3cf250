"""Unpacking a function's zip into its task folder, refusing anything that would leave it.

The control plane checks zips when they are uploaded, but the agent runs as root inside the guest
and must not trust that: an entry with an absolute path or `..`, a symlink pointing out of the
folder (or a file written through one), more than MAX_BYTES unpacked or more than MAX_ENTRIES
entries is refused with InvalidZipFileException before the runtime starts. Legitimate symlinks
(node_modules/.bin) are kept when they stay inside.
"""

import os
import stat

# Lambda's limit for a deployment package, unzipped.
MAX_BYTES = 250 * 1024 * 1024
MAX_ENTRIES = 20000
MAX_LINK_BYTES = 4096
COPY_CHUNK = 1 << 20


class ZipRefused(Exception):
    """The zip breaks one of the rules above; the message says which entry and why."""


def _inside(root, path):
    return path == root or path.startswith(root + os.sep)


def _entry_path(root, name):
    """The entry's path under root, checked lexically (absolute, `..`, drive letters, NUL)."""
    if "\x00" in name:
        raise ZipRefused("zip entry has a NUL in its name: %r" % name)
    normalized = name.replace("\\", "/")
    if normalized.startswith("/") or (len(normalized) > 1 and normalized[1] == ":"):
        raise ZipRefused("zip entry has an absolute path: %s" % name)
    parts = [p for p in normalized.split("/") if p not in ("", ".")]
    if ".." in parts:
        raise ZipRefused("zip entry escapes the task folder: %s" % name)
    return os.path.join(root, *parts) if parts else root


def _checked_real(root, path, name):
    """Resolves symlinks already unpacked: nothing may be written through one that leads out."""
    real = os.path.realpath(path)
    if not _inside(root, real):
        raise ZipRefused("zip entry escapes the task folder through a symlink: %s" % name)
    return real


def _mode(info):
    return (info.external_attr >> 16) & 0xFFFF


def unpack(zip_path, dest, max_bytes=MAX_BYTES, max_entries=MAX_ENTRIES):
    """Extracts the zip into dest (an existing, empty folder), keeping executable bits (a
    `provided` bootstrap must stay runnable). Raises ZipRefused, or zipfile.BadZipFile for a file
    that is not a zip; dest may then hold part of the zip and is the caller's to remove."""
    import zipfile

    root = os.path.realpath(dest)
    with zipfile.ZipFile(zip_path) as archive:
        infos = archive.infolist()
        if len(infos) > max_entries:
            raise ZipRefused("zip has %d entries, more than the %d allowed" % (len(infos), max_entries))
        declared = sum(info.file_size for info in infos)
        if declared > max_bytes:
            raise ZipRefused("zip unpacks to %d bytes, more than the %d allowed" % (declared, max_bytes))
        written = 0
        links = []
        for info in infos:
            path = _entry_path(root, info.filename)
            mode = _mode(info)
            if info.is_dir() or stat.S_ISDIR(mode):
                real = _checked_real(root, path, info.filename)
                os.makedirs(real, exist_ok=True)
                os.chmod(real, 0o755)
                continue
            parent = _checked_real(root, os.path.dirname(path), info.filename)
            os.makedirs(parent, exist_ok=True)
            target = os.path.join(parent, os.path.basename(path))
            if stat.S_ISLNK(mode):
                link = archive.read(info)[:MAX_LINK_BYTES + 1]
                if len(link) > MAX_LINK_BYTES or b"\x00" in link:
                    raise ZipRefused("zip entry is a malformed symlink: %s" % info.filename)
                text = link.decode("utf-8", "replace")
                pointed = os.path.normpath(os.path.join(parent, text))
                if os.path.isabs(text) or not _inside(root, pointed):
                    raise ZipRefused("zip entry is a symlink out of the task folder: %s -> %s"
                                     % (info.filename, text))
                _replace(target)
                os.symlink(text, target)
                links.append((target, info.filename, text))
                continue
            if stat.S_IFMT(mode) not in (0, stat.S_IFREG):  # 0: a zip made without Unix modes
                raise ZipRefused("zip entry is not a file, folder or symlink: %s" % info.filename)
            _replace(target)
            # O_NOFOLLOW | O_EXCL: the file is new, never an existing symlink's target.
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
            with archive.open(info) as src, os.fdopen(fd, "wb") as out:
                while True:
                    chunk = src.read(COPY_CHUNK)
                    if not chunk:
                        break
                    written += len(chunk)
                    if written > max_bytes:
                        raise ZipRefused("zip unpacks to more than the %d bytes allowed" % max_bytes)
                    out.write(chunk)
            os.chmod(target, 0o755 if mode & 0o111 else 0o644)
        # A link that looked inside when it was made can lead out through links made after it
        # (`a -> b/..`, then `b -> .`): check where each one really ends once all exist.
        for target, name, text in links:
            if not _inside(root, os.path.realpath(target)):
                raise ZipRefused("zip entry is a symlink out of the task folder: %s -> %s" % (name, text))


def _replace(path):
    """A later entry of the same name replaces the earlier one (file or link, never a folder)."""
    if os.path.lexists(path):
        if os.path.isdir(path) and not os.path.islink(path):
            raise ZipRefused("zip entry replaces a folder: %s" % path)
        os.unlink(path)
