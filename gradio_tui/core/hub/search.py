"""Finding Spaces by what they do: semantic search, the keyword listing, and the fallback between them.

Semantic search (``/api/spaces/semantic-search``) is the default; the keyword listing
(``/api/spaces?search=…``, which matches the Space id only) is the second mode and the fallback
when semantic search fails. Limit and sort are applied here, on our side.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx

from gradio_tui.core.errors import HubError, RateLimited, UsageError
from gradio_tui.core.hub.client import hub_request, json_or_error
from gradio_tui.core.hub.models import BROKEN_STAGES, SpaceResult

SORTS = ("relevance", "likes", "trending")
MAX_QUERY = 250
KEYWORD_EXPAND = ("sdk", "likes", "runtime", "subdomain", "cardData", "tags", "author", "private")
KEYWORD_SORT = {"likes": "likes", "trending": "trendingScore"}


@dataclass
class SearchResults:
    results: list[SpaceResult] = field(default_factory=list)
    mode: str = "semantic"                 # "semantic" or "keyword"
    fallback_reason: str | None = None     # why semantic search was not used, when it fell back

    def __iter__(self) -> Iterator[SpaceResult]:
        return iter(self.results)

    def __len__(self) -> int:
        return len(self.results)

    def to_json(self) -> list[dict[str, Any]]:
        return [result.to_json() for result in self.results]


def parse_results(data: Any) -> list[SpaceResult]:
    """A bare JSON array of Space objects; anything unusable is skipped, never fatal."""
    if isinstance(data, dict):       # tolerate a wrapped answer ({"spaces": [...]}, …)
        data = next((v for v in data.values() if isinstance(v, list)), None)
    if not isinstance(data, list):
        raise ValueError("not a list")
    results = []
    for item in data:
        result = SpaceResult.from_json(item)
        if result is not None:
            results.append(result)
    return results


def sort_results(results: list[SpaceResult], sort: str) -> list[SpaceResult]:
    """``relevance`` keeps the Hub's order (best first); the others sort descending, unknowns last."""
    if sort == "relevance":
        return list(results)
    if sort == "likes":
        return sorted(results, key=lambda r: (r.likes is None, -(r.likes or 0)))
    if sort == "trending":
        return sorted(results, key=lambda r: (r.trending is None, -(r.trending or 0.0)))
    raise UsageError(f"unknown sort {sort!r}", hint=f"use one of {', '.join(SORTS)}")


async def semantic_search(query: str, *, client: httpx.AsyncClient, token: str | None, sdk: str | None = "gradio",
                          filters: tuple[str, ...] = (), include_non_running: bool = False,
                          category: str | None = None) -> list[SpaceResult]:
    params: list[tuple[str, str]] = [("q", query[:MAX_QUERY])]
    if sdk:
        params.append(("sdk", sdk))
    params += [("filter", tag) for tag in filters]
    if include_non_running:
        params.append(("includeNonRunning", "true"))
    if category:
        params.append(("category", category))
    response = await hub_request(client, "GET", "/api/spaces/semantic-search", token=token, params=params)
    try:
        return parse_results(json_or_error(response, "semantic search"))
    except ValueError:
        raise HubError("semantic search answered something that is not a list of Spaces") from None


async def keyword_search(query: str, *, client: httpx.AsyncClient, token: str | None, sdk: str | None = "gradio",
                         filters: tuple[str, ...] = (), include_non_running: bool = False,
                         sort: str = "relevance", limit: int | None = None) -> list[SpaceResult]:
    params: list[tuple[str, str]] = []
    if query:
        params.append(("search", query))
    if sdk:
        params.append(("filter", sdk))
    params += [("filter", tag) for tag in filters]
    if sort in KEYWORD_SORT:
        params.append(("sort", KEYWORD_SORT[sort]))
    if limit:
        params.append(("limit", str(limit * (1 if include_non_running else 2))))
    params += [("expand", value) for value in KEYWORD_EXPAND]
    response = await hub_request(client, "GET", "/api/spaces", token=token, params=params)
    try:
        results = parse_results(json_or_error(response, "Space listing"))
    except ValueError:
        raise HubError("the Space listing answered something that is not a list of Spaces") from None
    if not include_non_running:
        results = [r for r in results if r.stage not in BROKEN_STAGES]
    return results


async def search_spaces(query: str, *, client: httpx.AsyncClient, token: str | None = None, limit: int | None = 20,
                        sort: str = "relevance", keyword: bool = False, include_non_running: bool = False,
                        filters: tuple[str, ...] | list[str] = (), category: str | None = None,
                        sdk: str | None = "gradio") -> SearchResults:
    """Search Spaces; semantic unless ``keyword``, falling back to keyword when semantic fails.

    A 429 is not a reason to fall back (the listing is rate-limited too): it raises ``RateLimited``.
    """
    if sort not in SORTS:
        raise UsageError(f"unknown sort {sort!r}", hint=f"use one of {', '.join(SORTS)}")
    if limit is not None and limit < 1:
        raise UsageError("--limit must be at least 1")
    filters = tuple(filters)
    query = (query or "").strip()
    outcome = SearchResults(mode="keyword" if keyword else "semantic")
    if not keyword:
        try:
            outcome.results = await semantic_search(query, client=client, token=token, sdk=sdk, filters=filters,
                                                    include_non_running=include_non_running, category=category)
        except RateLimited:
            raise
        except HubError as err:
            outcome.mode = "keyword"
            outcome.fallback_reason = f"semantic search failed ({err.message}); showing keyword matches on Space ids"
    if outcome.mode == "keyword":
        outcome.results = await keyword_search(query, client=client, token=token, sdk=sdk, filters=filters,
                                               include_non_running=include_non_running, sort=sort, limit=limit)
    outcome.results = sort_results(outcome.results, sort)
    if limit is not None:
        outcome.results = outcome.results[:limit]
    return outcome
