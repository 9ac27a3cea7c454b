import json

import _snowflake


def ask(question):
    response = _snowflake.send_snow_api_request("POST", "/api/v2/cortex/agent:run", {}, {}, {"q": question}, None, 30000)
    return json.loads(response["content"])
