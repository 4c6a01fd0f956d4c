"""The chat view of a chat endpoint (ChatInterface / Chatbot apps): the conversation so far, a
message box, the reply streaming in. The history lives in the app's session (State under our
session_hash); *New conversation* starts a new session, so the app forgets it too.

*Form* (F9) shows the endpoint's plain form instead; the form of a chat endpoint carries a
``ChatLink`` back (F9 again). The chat view stays mounted meanwhile: the conversation is kept."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Input, Static

from gradio_tui.core import Endpoint, plain
from gradio_tui.tui.format import value_text
from gradio_tui.tui.keymap import shown_key
from gradio_tui.tui.runs import RunState
from gradio_tui.tui.widgets.image_view import image_views


def reply_text(value: Any) -> str:
    """What a chat endpoint's output says, whatever shape the app gives it."""
    if value is None:
        return ""
    if isinstance(value, str):
        return plain(value)
    if isinstance(value, dict):
        for key in ("text", "content", "value"):
            if key in value:
                return reply_text(value[key])
        if "path" in value:
            return f"[file {plain(str(value.get('orig_name') or value['path']))}]"
    if isinstance(value, list):
        messages = [m for m in value if isinstance(m, dict) and m.get("role") == "assistant"]
        if messages:
            return reply_text(messages[-1].get("content"))
        if value and all(isinstance(v, dict) and v.get("type") == "text" for v in value):
            return "".join(reply_text(v) for v in value)
    return value_text(value)


class ChatMessage(Static):
    def __init__(self, role: str, text: str, *, id: str | None = None) -> None:
        super().__init__(Text(text), id=id, classes=f"chat-message -{role}")
        self.border_title = "you" if role == "user" else "app"


class ChatView(Vertical):
    HELP = """\
## Chat

A chat endpoint (a ChatInterface or a Chatbot app): type a message and press **Enter**.
The reply streams in; the conversation's history is kept by the app in this session.

- **ctrl+n** starts a new conversation (a new session: the app forgets the history)
- **Form** (or **F9**) shows the endpoint's plain parameter form instead; its *Chat view*
  button (or **F9** again) comes back to this conversation, kept as it was
- Every message is also a run in the run list, with its events and its export
"""

    class Send(Message):
        def __init__(self, view: ChatView, text: str) -> None:
            super().__init__()
            self.view = view
            self.text = text

    class NewConversation(Message):
        pass

    class ShowForm(Message):
        def __init__(self, endpoint: Endpoint) -> None:
            super().__init__()
            self.endpoint = endpoint

    class ShowChat(Message):
        """Back from the form of a chat endpoint to its chat view."""

        def __init__(self, endpoint: Endpoint) -> None:
            super().__init__()
            self.endpoint = endpoint

    def __init__(self, endpoint: Endpoint, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="chat-view")
        self.endpoint = endpoint
        self.turns: list[tuple[str, str]] = []
        self._replies: dict[int, ChatMessage] = {}

    def compose(self) -> ComposeResult:
        title = Text(f"💬 {plain(self.endpoint.route)}", style="bold")
        title.append("  chat · history kept in this session", style="dim")
        yield Static(title, classes="form-title")
        with VerticalScroll(classes="chat-conversation"):
            yield Static(Text("Say something to start.", style="dim"), classes="chat-empty")
        with Horizontal(classes="chat-input-row"):
            yield Input(placeholder="Message (Enter sends)", classes="chat-input")
            yield Button("Send", variant="primary", classes="chat-send", compact=True)
        with Horizontal(classes="chat-buttons"):
            yield Button(f"New chat {shown_key(self.app, 'reset', 'ctrl+n')}", classes="chat-new", compact=True)
            yield Button(f"Form {shown_key(self.app, 'chat.toggle', 'f9')}", classes="chat-form", compact=True)

    def focus_input(self, _attempt: int = 0) -> None:
        boxes = self.query(".chat-input")
        if boxes:
            boxes.first().focus()
        elif _attempt < 20:
            self.call_after_refresh(self.focus_input, _attempt + 1)

    def _conversation(self) -> VerticalScroll:
        return self.query_one(".chat-conversation", VerticalScroll)

    def add_user(self, text: str) -> None:
        self.turns.append(("user", text))
        self.query(".chat-empty").remove()
        self._conversation().mount(ChatMessage("user", plain(text)))
        self._conversation().scroll_end(animate=False)

    def add_reply(self, run: RunState) -> None:
        bubble = ChatMessage("app", "…")
        self._replies[run.number] = bubble
        self._conversation().mount(bubble)
        self._conversation().scroll_end(animate=False)

    def update_reply(self, run: RunState) -> None:
        bubble = self._replies.get(run.number)
        if bubble is None:
            return
        if run.status == "error":
            bubble.update(Text(f"✗ {plain(run.error or 'the call failed')}", style="red"))
            bubble.set_class(True, "-error")
        elif run.outputs:
            bubble.update(Text(reply_text(run.outputs[0])))
        elif run.status == "cancelled":
            bubble.update(Text("(cancelled)", style="dim"))
        if run.finished and run.outputs:
            self.turns.append(("app", reply_text(run.outputs[0])))
            self._show_images(bubble, run.outputs[0])
        self._conversation().scroll_end(animate=False)

    def _show_images(self, bubble: ChatMessage, value: Any) -> None:
        """The reply's images (``image_view``) drawn under its bubble: of a message list, the
        messages after the last one of the user."""
        if isinstance(value, list) and any(isinstance(m, dict) and "role" in m for m in value):
            last_user = max((i for i, m in enumerate(value) if isinstance(m, dict) and m.get("role") == "user"),
                            default=-1)
            value = value[last_user + 1:]
        views = image_views([("app", value)])
        if views:
            self._conversation().mount_all(views, after=bubble)

    def clear(self) -> None:
        self.turns.clear()
        self._replies.clear()
        conversation = self._conversation()
        conversation.remove_children()
        conversation.mount(Static(Text("New conversation. Say something to start.", style="dim"),
                                  classes="chat-empty"))

    def _send(self) -> None:
        box = self.query_one(".chat-input", Input)
        text = box.value.strip()
        if not text:
            return
        box.value = ""
        self.post_message(self.Send(self, text))

    @on(Input.Submitted, ".chat-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._send()

    @on(Button.Pressed, ".chat-send")
    def _send_button(self, event: Button.Pressed) -> None:
        event.stop()
        self._send()

    @on(Button.Pressed, ".chat-new")
    def _new(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.NewConversation())

    @on(Button.Pressed, ".chat-form")
    def _form(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.ShowForm(self.endpoint))


class ChatLink(Horizontal):
    """The way back from the form of a chat endpoint to its chat view (a bar over the form)."""

    DEFAULT_CSS = """
    ChatLink { height: auto; margin: 0 0 1 0; }
    ChatLink > .chat-link-words { width: 1fr; padding: 0 1 0 0; }
    ChatLink > Button { width: auto; min-width: 8; }
    """

    def __init__(self, endpoint: Endpoint) -> None:
        super().__init__(classes="chat-link")
        self.endpoint = endpoint

    def compose(self) -> ComposeResult:
        yield Static(Text("A chat endpoint, shown as its form.", style="dim"), classes="chat-link-words")
        yield Button("💬 Chat view F9", classes="chat-back", compact=True)

    @on(Button.Pressed, ".chat-back")
    def _back(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(ChatView.ShowChat(self.endpoint))
