"""Members of a zip file (docx, odt), also of a truncated or damaged one, read with size limits."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"
MAX_MEMBER_BYTES = 64 * 1024 * 1024  # unpacked size read from one member (zip bombs)
_LOCAL_HEADER = struct.Struct("<4sHHHHHIIIHH")  # 30 bytes before the name
_CHUNK = 64 * 1024


class ZipParts:
    """The members of a zip archive.

    The central directory at the end of the file lists the members. When it is missing (a
    truncated download) or unreadable, the members are found from the local header in front of
    each one, as far as the bytes go; `truncated` is then True and a member cut off by the end
    of the file gives what could be unpacked. A member that fails to unpack from the directory
    (bad CRC, damaged data) is also read from its local header, and its name goes to `damaged`.
    """

    def __init__(self, body: bytes):
        self._body = body
        self._zip: zipfile.ZipFile | None = None
        self._local: dict[str, tuple[int, bytes]] | None = None
        self.truncated = False
        self.damaged: list[str] = []
        self.oversized: list[str] = []
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(body))
            self.names = [info.filename for info in self._zip.infolist()]
        except Exception:  # BadZipFile, ValueError, struct.error, NotImplementedError …
            self._zip = None
            self.truncated = True
            self.names = list(self._local_members())

    def __contains__(self, name: str) -> bool:
        return name in self.names

    def read(self, name: str, limit: int = MAX_MEMBER_BYTES) -> bytes | None:
        """The unpacked bytes of a member (at most `limit`), None if there is no such member."""
        if name not in self.names:
            return None
        if self._zip is not None:
            try:
                with self._zip.open(name) as member:
                    data = member.read(limit + 1)
            except Exception:
                self.damaged.append(name)
            else:
                return self._capped(name, data, limit)
        local = self._local_members().get(name)
        if local is None:
            return b""
        method, raw = local
        return self._capped(name, _unpack(method, raw, limit + 1), limit)

    def _capped(self, name: str, data: bytes, limit: int) -> bytes:
        if len(data) > limit:
            self.oversized.append(name)
            return data[:limit]
        return data

    def _local_members(self) -> dict[str, tuple[int, bytes]]:
        """name -> (compression method, packed bytes), from the local file headers."""
        if self._local is None:
            self._local = {}
            body, pos = self._body, 0
            while (pos := body.find(ZIP_MAGIC, pos)) >= 0 and pos + _LOCAL_HEADER.size <= len(body):
                fields = _LOCAL_HEADER.unpack_from(body, pos)
                flags, method, packed, name_len, extra_len = (
                    fields[2],
                    fields[3],
                    fields[7],
                    fields[9],
                    fields[10],
                )
                name_at = pos + _LOCAL_HEADER.size
                start = name_at + name_len + extra_len
                if start > len(body):
                    break
                name = body[name_at : name_at + name_len].decode(
                    "utf-8" if flags & 0x800 else "cp437", "replace"
                )
                size_known = not flags & 0x08 and packed != 0xFFFFFFFF
                raw = body[start : start + packed] if size_known else body[start:]
                self._local.setdefault(name, (method, raw))
                pos = start + packed if size_known else pos + len(ZIP_MAGIC)
        return self._local


def _unpack(method: int, raw: bytes, limit: int) -> bytes:
    """Unpack stored or deflated bytes, keeping what comes out before damage or the end."""
    if method == 0:
        return raw[:limit]
    if method != 8:
        return b""
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    out = bytearray()
    for at in range(0, len(raw), _CHUNK):
        try:
            out += inflater.decompress(raw[at : at + _CHUNK], limit - len(out))
        except zlib.error:
            break
        if len(out) >= limit or inflater.eof:
            break
    return bytes(out)
