import openai
import streamlit as stl
from _snowflake import get_generic_secret_string

client = openai.OpenAI(api_key=get_generic_secret_string("openai_key"))

stl.header("Summaries")
text = stl.text_area("Text to summarise")
if text:
    reply = client.chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": f"Summarise: {text}"}]
    )
    stl.write(reply.choices[0].message.content)
