"""Drives `cadctl mcp` with the official Python MCP SDK (PyPI `mcp`), as an assistant's client would.

Run by Tests/MCPTests/PythonClientTests.swift against the sandbox. Environment: CADCTL (the binary),
MCP_ROOT (the --root), MCP_OUTSIDE (a file outside the root), MCP_SERVER_ENV (a JSON object of the
variables the server gets: base URLs, keys, CADCTL_CONFIG). Prints one JSON report on stdout; every message
the client received is in it (so the caller can check that no key appears anywhere).
"""

import asyncio
import base64
import json
import os
import sys

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client


def dump(value):
    return value.model_dump(mode="json", by_alias=True, exclude_none=True)


async def main() -> dict:
    report: dict = {"calls": {}, "progress": []}
    server_env = json.loads(os.environ["MCP_SERVER_ENV"])
    params = StdioServerParameters(
        command=os.environ["CADCTL"], args=["mcp", "--root", os.environ["MCP_ROOT"]], env=server_env)
    with open(os.environ["MCP_STDERR"], "w") as errlog:
        async with stdio_client(params, errlog=errlog) as (read, write):
            async with ClientSession(read, write) as session:
                initialized = await session.initialize()
                report["initialize"] = dump(initialized)
                tools = await session.list_tools()
                report["tools"] = [tool.name for tool in tools.tools]

                async def progress(value, total, message):
                    report["progress"].append({"progress": value, "total": total, "message": message})

                async def call(name, arguments, **options):
                    result = await session.call_tool(name, arguments, **options)
                    report["calls"][name if name not in report["calls"] else name + "#2"] = dump(result)
                    return result

                await call("list_models", {})
                generated = await call(
                    "generate_part",
                    {"prompt": "A 40x20x10 mm box", "provider": "orville", "dir": "parts"},
                    progress_callback=progress)
                await call("inspect", {"path": os.environ["MCP_OUTSIDE"]})
                await call("run_pipeline", {"pipeline": {"steps": [{"operation": "not.an.operation"}]}})
                files = (generated.structured_content or {}).get("files") or []
                if files:
                    preview = await call("preview", {"path": files[0], "view": "front"})
                    images = [item for item in preview.content if item.type == "image"]
                    report["preview_image"] = {
                        "count": len(images),
                        "mime": images[0].mime_type if images else None,
                        "png": bool(images) and base64.b64decode(images[0].data)[:8] == b"\x89PNG\r\n\x1a\n",
                    }
    return report


if __name__ == "__main__":
    outcome = asyncio.run(main())
    json.dump(outcome, sys.stdout)
    sys.stdout.write("\n")
