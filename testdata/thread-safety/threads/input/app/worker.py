"""Imported by the app: helpers that start threads."""
import asyncio
import functools
import threading
from concurrent.futures import ThreadPoolExecutor

import streamlit as st

placeholder = st.empty()


def notify(message):
    st.toast(message)


def refresh(region):
    data = [region]
    notify(f"{region} refreshed")
    return data


def compute(region):
    return [region]


def start(region):
    threading.Thread(target=refresh, args=(region,)).start()
    threading.Timer(5, functools.partial(refresh, region)).start()
    threading.Thread(target=compute, args=(region,)).start()
    with ThreadPoolExecutor(max_workers=2) as pool:
        pool.submit(lambda: placeholder.write(region))
        pool.map(compute, [region])
    executor = ThreadPoolExecutor()
    executor.submit(st.balloons)


async def fetch(loop, region):
    await asyncio.to_thread(refresh, region)
    await loop.run_in_executor(None, notify, region)


class Poller:
    def run(self):
        threading.Thread(target=self.tick, daemon=True).start()

    def tick(self):
        st.rerun()
