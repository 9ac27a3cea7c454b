"""Calls the SUPPORT_AGENT Cortex Agent and collects its streamed answer."""
import json

try:
    import _snowflake
except ImportError:  # running locally
    _snowflake = None

AGENT_PATH = "/api/v2/databases/SUPPORT_DB/schemas/AGENTS/agents/SUPPORT_AGENT:run"
TIMEOUT_MS = 60000


def parse_events(raw):
    """Yield (event, data) pairs from a server-sent events body."""
    for chunk in raw.split("\n\n"):
        event, data = None, []
        for line in chunk.splitlines():
            if line.startswith("event:"):
                event = line[len("event:"):].strip()
            elif line.startswith("data:"):
                data.append(line[len("data:"):].strip())
        if event and data:
            yield event, json.loads("\n".join(data))


def run_agent(prompt):
    if _snowflake is None:
        raise RuntimeError("Cortex Agents need Streamlit in Snowflake")
    body = {"messages": [{"role": "user", "content": [{"type": "text", "text": prompt}]}]}
    resp = _snowflake.send_snow_api_request("POST", AGENT_PATH, {}, {}, body, None, TIMEOUT_MS)
    if resp["status"] != 200:
        return f"Agent call failed: {resp['status']} {resp['reason']}"
    text = []
    for event, data in parse_events(resp["content"]):
        if event == "response.text.delta":
            text.append(data.get("text", ""))
    return "".join(text)
