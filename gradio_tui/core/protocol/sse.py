"""Server-sent events from raw bytes: an incremental, size-bounded decoder.

Pure (no I/O), so the session stream, the tests and the property tests share it. It reads the
bytes as they arrive, in chunks of any size: lines end with CRLF, LF or CR (a CR at the end of
one chunk and an LF at the start of the next are one line end); invalid UTF-8 becomes U+FFFD;
a leading BOM is dropped. Fields follow the WHATWG rules as ``httpx_sse`` applies them (a blank
line dispatches a frame when it has data, an event name, an id or a retry).

A frame may not grow past ``max_frame`` characters: a server that streams one endless line
would otherwise fill the memory. ``FrameTooLarge`` says so, and the stream is dropped.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

MAX_FRAME = 256 * 1024 * 1024   # characters in one frame (a 50 MB output is ~50 M)
_LINE_END = re.compile(r"\r\n|\r|\n")


class FrameTooLarge(ValueError):
    """One SSE frame (or line) grew past the decoder's limit."""


@dataclass
class SSEFrame:
    data: str = ""
    event: str = ""
    id: str = ""
    retry: int | None = None

    def text(self, limit: int | None = None) -> str:
        """The frame as the server wrote it (our raw view), its data cut to ``limit`` characters."""
        head = f"event: {self.event}\n" if self.event and self.event != "message" else ""
        data, more = self.data, ""
        if limit is not None and len(data) > limit:
            data, more = data[:limit], f"…[{len(data) - limit} characters not kept]"
        return head + "\n".join(f"data: {line}" for line in data.split("\n")) + more


class SSEDecoder:
    def __init__(self, max_frame: int = MAX_FRAME) -> None:
        self.max_frame = max_frame
        self._utf8 = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._line: list[str] = []       # pieces of the line not yet ended
        self._line_len = 0
        self._after_cr = False           # the last text ended with CR: skip an LF that follows
        self._started = False
        self._event = ""
        self._data: list[str] = []
        self._data_len = 0
        self._id = ""
        self._retry: int | None = None

    @property
    def pending(self) -> bool:
        """Part of a frame has arrived (a line or fields not yet dispatched)."""
        return bool(self._line or self._data or self._event)

    # --- input -----------------------------------------------------------------------------------
    def feed(self, chunk: bytes) -> list[SSEFrame]:
        """The frames completed by ``chunk``."""
        return self._feed_text(self._utf8.decode(chunk))

    def close(self) -> list[SSEFrame]:
        """End of stream: a last line without its end is read, an unended frame discarded."""
        frames = self._feed_text(self._utf8.decode(b"", final=True))
        if self._line:
            line = "".join(self._line)
            self._line, self._line_len = [], 0
            self._field(line)
        return frames

    # --- lines -----------------------------------------------------------------------------------
    def _feed_text(self, text: str) -> list[SSEFrame]:
        if not text:
            return []
        if not self._started:
            self._started = True
            if text.startswith("\ufeff"):
                text = text[1:]
        pos = 0
        if self._after_cr and text.startswith("\n"):
            pos = 1
        self._after_cr = False
        frames: list[SSEFrame] = []
        for match in _LINE_END.finditer(text, pos):
            piece = text[pos:match.start()]
            value = None
            if self._line:
                self._line.append(piece)
                first = self._line[0]
                if len(first) > 5 and first.startswith("data:"):   # a long data line: its value
                    self._line[0] = first[6:] if first[5] == " " else first[5:]   # joined once, not copied again
                    value = "".join(self._line)
                else:
                    piece = "".join(self._line)
                self._line, self._line_len = [], 0
            if value is not None:
                self._check(len(value))
                self._add_data(value)
                frame = None
            else:
                self._check(len(piece))
                if piece:
                    self._field(piece)
                    frame = None
                else:
                    frame = self._dispatch()
            if frame is not None:
                frames.append(frame)
            pos = match.end()
            if match.group() == "\r" and pos == len(text):
                self._after_cr = True
        rest = text[pos:]
        if rest:
            self._line.append(rest)
            self._line_len += len(rest)
            self._check(0)
        return frames

    def _check(self, extra: int) -> None:
        if self._line_len + self._data_len + extra > self.max_frame:
            raise FrameTooLarge(f"a message from the app is larger than {self.max_frame // (1024 * 1024)} MB")

    def _field(self, line: str) -> None:
        if line.startswith(":"):
            return None                  # a comment (keep-alive)
        name, _, value = line.partition(":")
        if value.startswith(" "):
            value = value[1:]
        if name == "data":
            self._add_data(value)
        elif name == "event":
            self._event = value
        elif name == "id":
            if "\0" not in value:
                self._id = value
        elif name == "retry":
            try:
                self._retry = int(value)
            except ValueError:
                pass
        return None

    def _add_data(self, value: str) -> None:
        self._data.append(value)
        self._data_len += len(value) + 1

    def _dispatch(self) -> SSEFrame | None:
        if not (self._event or self._data or self._id or self._retry is not None):
            return None
        frame = SSEFrame(data="\n".join(self._data), event=self._event, id=self._id, retry=self._retry)
        self._event, self._data, self._data_len, self._retry = "", [], 0, None   # the id persists
        return frame


def decode_all(chunks: list[bytes], max_frame: int = MAX_FRAME) -> list[SSEFrame]:
    """Every frame of a whole stream given as chunks (tests, captures)."""
    decoder = SSEDecoder(max_frame)
    frames: list[SSEFrame] = []
    for chunk in chunks:
        frames += decoder.feed(chunk)
    return frames + decoder.close()
