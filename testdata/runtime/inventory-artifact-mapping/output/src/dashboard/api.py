import json

import snowflake_api


def ask(question):
    response = snowflake_api.send_snow_api_request("POST", "/api/v2/cortex/agent:run", {}, {}, {"q": question}, None, 30000)
    return json.loads(response["content"])
