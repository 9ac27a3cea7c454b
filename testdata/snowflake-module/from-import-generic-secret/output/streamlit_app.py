import openai
import streamlit as stl

client = openai.OpenAI(api_key=stl.secrets["openai_key"])

stl.header("Summaries")
text = stl.text_area("Text to summarise")
if text:
    reply = client.chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": f"Summarise: {text}"}]
    )
    stl.write(reply.choices[0].message.content)
