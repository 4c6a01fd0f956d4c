"""The protocol core: targets, schema, sessions, events, snippets, history.

Nothing under ``core`` imports Textual; the TUI and the CLI are two faces over it.

The names the faces use are importable from here (``from gradio_tui.core import Session``);
each loads its module on first use, so ``import gradio_tui.core`` costs nothing at start-up.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gradio_tui.core.apidoc import render_skill as render_skill
    from gradio_tui.core.call import CallState as CallState
    from gradio_tui.core.call import CallStatus as CallStatus
    from gradio_tui.core.debuginfo import DebugInfo as DebugInfo
    from gradio_tui.core.debuginfo import gather_debug as gather_debug
    from gradio_tui.core.debuginfo import render_debug_report as render_debug_report
    from gradio_tui.core.debuginfo import sleep_words as sleep_words
    from gradio_tui.core.errors import HIDDEN_ERROR as HIDDEN_ERROR
    from gradio_tui.core.errors import ArgumentError as ArgumentError
    from gradio_tui.core.errors import AuthRequired as AuthRequired
    from gradio_tui.core.errors import ConnectError as ConnectError
    from gradio_tui.core.errors import GradioTuiError as GradioTuiError
    from gradio_tui.core.errors import HubError as HubError
    from gradio_tui.core.errors import LoginRequired as LoginRequired
    from gradio_tui.core.errors import RateLimited as RateLimited
    from gradio_tui.core.errors import SpaceNotFound as SpaceNotFound
    from gradio_tui.core.errors import SpaceNotRunning as SpaceNotRunning
    from gradio_tui.core.errors import StreamError as StreamError
    from gradio_tui.core.errors import UsageError as UsageError
    from gradio_tui.core.history import CallRecord as CallRecord
    from gradio_tui.core.history import HistoryStore as HistoryStore
    from gradio_tui.core.history import elided_count as elided_count
    from gradio_tui.core.history import events_total as events_total
    from gradio_tui.core.history import history_summary as history_summary
    from gradio_tui.core.history import save_record as save_record
    from gradio_tui.core.hub.logs import stream_logs as stream_logs
    from gradio_tui.core.hub.models import stage_usable as stage_usable
    from gradio_tui.core.hub.models import subdomain_of as subdomain_of
    from gradio_tui.core.hub.search import sort_results as sort_results
    from gradio_tui.core.hub.spaces import describe_stage as describe_stage
    from gradio_tui.core.job import Job as Job
    from gradio_tui.core.mcp import McpCall as McpCall
    from gradio_tui.core.mcp import McpClient as McpClient
    from gradio_tui.core.mcp import McpInfo as McpInfo
    from gradio_tui.core.mcp import McpTool as McpTool
    from gradio_tui.core.mcp import agree as agree
    from gradio_tui.core.mcp import enabled_in as enabled_in
    from gradio_tui.core.mcp import mcp_schema as mcp_schema
    from gradio_tui.core.mcp import tool_header as tool_header
    from gradio_tui.core.monitoring import EndpointLatency as EndpointLatency
    from gradio_tui.core.monitoring import MonitoringSummary as MonitoringSummary
    from gradio_tui.core.monitoring import fetch_monitoring as fetch_monitoring
    from gradio_tui.core.monitoring import fetch_queue_status as fetch_queue_status
    from gradio_tui.core.monitoring import millis as millis
    from gradio_tui.core.monitoring import percent as percent
    from gradio_tui.core.net.auth import find_token as find_token
    from gradio_tui.core.net.auth import origin_of as origin_of
    from gradio_tui.core.net.http import make_client as make_client
    from gradio_tui.core.net.http import ssl_context as ssl_context
    from gradio_tui.core.net.target import AppTarget as AppTarget
    from gradio_tui.core.net.target import is_hf_space_host as is_hf_space_host
    from gradio_tui.core.net.target import parse_target as parse_target
    from gradio_tui.core.net.target import redact_userinfo as redact_userinfo
    from gradio_tui.core.paths import data_dir as data_dir
    from gradio_tui.core.paths import write_private as write_private
    from gradio_tui.core.present import COUNT_LIMIT as COUNT_LIMIT
    from gradio_tui.core.present import cli_summary as cli_summary
    from gradio_tui.core.present import clip as clip
    from gradio_tui.core.present import count as count
    from gradio_tui.core.present import dumps_any as dumps_any
    from gradio_tui.core.present import finite as finite
    from gradio_tui.core.present import number as number
    from gradio_tui.core.present import progress_words as progress_words
    from gradio_tui.core.present import seconds as seconds
    from gradio_tui.core.present import short_json as short_json
    from gradio_tui.core.present import summary as summary
    from gradio_tui.core.protocol.eventdata import EventTrigger as EventTrigger
    from gradio_tui.core.protocol.events import CompleteEvent as CompleteEvent
    from gradio_tui.core.protocol.events import EstimationEvent as EstimationEvent
    from gradio_tui.core.protocol.events import Event as Event
    from gradio_tui.core.protocol.events import GeneratingEvent as GeneratingEvent
    from gradio_tui.core.protocol.events import LogEvent as LogEvent
    from gradio_tui.core.protocol.events import ProcessStartsEvent as ProcessStartsEvent
    from gradio_tui.core.protocol.events import StageEvent as StageEvent
    from gradio_tui.core.protocol.events import StreamingEvent as StreamingEvent
    from gradio_tui.core.protocol.events import cut_large as cut_large
    from gradio_tui.core.protocol.events import is_large as is_large
    from gradio_tui.core.protocol.filedata import is_filedata as is_filedata
    from gradio_tui.core.protocol.filedata import is_url as is_url
    from gradio_tui.core.protocol.filedata import walk_filedata as walk_filedata
    from gradio_tui.core.protocol.fileforms import ONE_PATH_SHAPES as ONE_PATH_SHAPES
    from gradio_tui.core.protocol.fileforms import FilePaths as FilePaths
    from gradio_tui.core.protocol.fileforms import form_shape as form_shape
    from gradio_tui.core.protocol.fileforms import paths_from_value as paths_from_value
    from gradio_tui.core.protocol.fileforms import value_from_paths as value_from_paths
    from gradio_tui.core.protocol.payload import check_value as check_value
    from gradio_tui.core.protocol.schema import AppSchema as AppSchema
    from gradio_tui.core.protocol.schema import Endpoint as Endpoint
    from gradio_tui.core.protocol.schema import Param as Param
    from gradio_tui.core.report import render_report as render_report
    from gradio_tui.core.session import DOWNLOAD_TOTAL_FACTOR as DOWNLOAD_TOTAL_FACTOR
    from gradio_tui.core.session import MAX_DOWNLOAD as MAX_DOWNLOAD
    from gradio_tui.core.session import MAX_DOWNLOAD_FILES as MAX_DOWNLOAD_FILES
    from gradio_tui.core.session import Session as Session
    from gradio_tui.core.session import safe_filename as safe_filename
    from gradio_tui.core.snippets import LANGS as LANGS
    from gradio_tui.core.snippets import render as render
    from gradio_tui.core.snippets import render_session as render_session
    from gradio_tui.core.snippets import session_count as session_count
    from gradio_tui.core.snippets.mcp import render_config as render_config
    from gradio_tui.core.textsafe import json_text as json_text
    from gradio_tui.core.textsafe import line as line
    from gradio_tui.core.textsafe import plain as plain
    from gradio_tui.core.textsafe import register_secret as register_secret
    from gradio_tui.core.wirejson import depth_exceeds as depth_exceeds
    from gradio_tui.core.wirejson import dumps as dumps
    from gradio_tui.core.wirejson import loads as loads

#: where each public name lives (its module is imported when the name is first asked for)
_WHERE: dict[str, str] = {
    "AppSchema": "gradio_tui.core.protocol.schema",
    "AppTarget": "gradio_tui.core.net.target",
    "ArgumentError": "gradio_tui.core.errors",
    "AuthRequired": "gradio_tui.core.errors",
    "COUNT_LIMIT": "gradio_tui.core.present",
    "CallRecord": "gradio_tui.core.history",
    "CallState": "gradio_tui.core.call",
    "CallStatus": "gradio_tui.core.call",
    "CompleteEvent": "gradio_tui.core.protocol.events",
    "ConnectError": "gradio_tui.core.errors",
    "DOWNLOAD_TOTAL_FACTOR": "gradio_tui.core.session",
    "DebugInfo": "gradio_tui.core.debuginfo",
    "Endpoint": "gradio_tui.core.protocol.schema",
    "EndpointLatency": "gradio_tui.core.monitoring",
    "EstimationEvent": "gradio_tui.core.protocol.events",
    "Event": "gradio_tui.core.protocol.events",
    "EventTrigger": "gradio_tui.core.protocol.eventdata",
    "FilePaths": "gradio_tui.core.protocol.fileforms",
    "GeneratingEvent": "gradio_tui.core.protocol.events",
    "GradioTuiError": "gradio_tui.core.errors",
    "HIDDEN_ERROR": "gradio_tui.core.errors",
    "HistoryStore": "gradio_tui.core.history",
    "HubError": "gradio_tui.core.errors",
    "Job": "gradio_tui.core.job",
    "LANGS": "gradio_tui.core.snippets",
    "LogEvent": "gradio_tui.core.protocol.events",
    "LoginRequired": "gradio_tui.core.errors",
    "MAX_DOWNLOAD": "gradio_tui.core.session",
    "MAX_DOWNLOAD_FILES": "gradio_tui.core.session",
    "McpCall": "gradio_tui.core.mcp",
    "McpClient": "gradio_tui.core.mcp",
    "McpInfo": "gradio_tui.core.mcp",
    "McpTool": "gradio_tui.core.mcp",
    "MonitoringSummary": "gradio_tui.core.monitoring",
    "ONE_PATH_SHAPES": "gradio_tui.core.protocol.fileforms",
    "Param": "gradio_tui.core.protocol.schema",
    "ProcessStartsEvent": "gradio_tui.core.protocol.events",
    "RateLimited": "gradio_tui.core.errors",
    "Session": "gradio_tui.core.session",
    "SpaceNotFound": "gradio_tui.core.errors",
    "SpaceNotRunning": "gradio_tui.core.errors",
    "StageEvent": "gradio_tui.core.protocol.events",
    "StreamError": "gradio_tui.core.errors",
    "StreamingEvent": "gradio_tui.core.protocol.events",
    "UsageError": "gradio_tui.core.errors",
    "agree": "gradio_tui.core.mcp",
    "check_value": "gradio_tui.core.protocol.payload",
    "cli_summary": "gradio_tui.core.present",
    "clip": "gradio_tui.core.present",
    "count": "gradio_tui.core.present",
    "cut_large": "gradio_tui.core.protocol.events",
    "data_dir": "gradio_tui.core.paths",
    "depth_exceeds": "gradio_tui.core.wirejson",
    "describe_stage": "gradio_tui.core.hub.spaces",
    "dumps": "gradio_tui.core.wirejson",
    "dumps_any": "gradio_tui.core.present",
    "elided_count": "gradio_tui.core.history",
    "enabled_in": "gradio_tui.core.mcp",
    "events_total": "gradio_tui.core.history",
    "fetch_monitoring": "gradio_tui.core.monitoring",
    "fetch_queue_status": "gradio_tui.core.monitoring",
    "find_token": "gradio_tui.core.net.auth",
    "finite": "gradio_tui.core.present",
    "form_shape": "gradio_tui.core.protocol.fileforms",
    "gather_debug": "gradio_tui.core.debuginfo",
    "history_summary": "gradio_tui.core.history",
    "is_filedata": "gradio_tui.core.protocol.filedata",
    "is_hf_space_host": "gradio_tui.core.net.target",
    "is_large": "gradio_tui.core.protocol.events",
    "is_url": "gradio_tui.core.protocol.filedata",
    "json_text": "gradio_tui.core.textsafe",
    "line": "gradio_tui.core.textsafe",
    "loads": "gradio_tui.core.wirejson",
    "make_client": "gradio_tui.core.net.http",
    "mcp_schema": "gradio_tui.core.mcp",
    "millis": "gradio_tui.core.monitoring",
    "number": "gradio_tui.core.present",
    "origin_of": "gradio_tui.core.net.auth",
    "parse_target": "gradio_tui.core.net.target",
    "paths_from_value": "gradio_tui.core.protocol.fileforms",
    "percent": "gradio_tui.core.monitoring",
    "plain": "gradio_tui.core.textsafe",
    "progress_words": "gradio_tui.core.present",
    "redact_userinfo": "gradio_tui.core.net.target",
    "register_secret": "gradio_tui.core.textsafe",
    "render": "gradio_tui.core.snippets",
    "render_config": "gradio_tui.core.snippets.mcp",
    "render_debug_report": "gradio_tui.core.debuginfo",
    "render_report": "gradio_tui.core.report",
    "render_session": "gradio_tui.core.snippets",
    "render_skill": "gradio_tui.core.apidoc",
    "safe_filename": "gradio_tui.core.session",
    "save_record": "gradio_tui.core.history",
    "seconds": "gradio_tui.core.present",
    "session_count": "gradio_tui.core.snippets",
    "short_json": "gradio_tui.core.present",
    "sleep_words": "gradio_tui.core.debuginfo",
    "sort_results": "gradio_tui.core.hub.search",
    "ssl_context": "gradio_tui.core.net.http",
    "stage_usable": "gradio_tui.core.hub.models",
    "stream_logs": "gradio_tui.core.hub.logs",
    "subdomain_of": "gradio_tui.core.hub.models",
    "summary": "gradio_tui.core.present",
    "tool_header": "gradio_tui.core.mcp",
    "value_from_paths": "gradio_tui.core.protocol.fileforms",
    "walk_filedata": "gradio_tui.core.protocol.filedata",
    "write_private": "gradio_tui.core.paths",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    """PEP 562: load the module that holds ``name`` (once) and give its ``name``."""
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    # Not cached here: a name is read from its module each time, as a function-level import of
    # the module did (a test that patches ``core.session.MAX_DOWNLOAD_FILES`` is seen).
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return sorted([*globals(), *_WHERE])
