"""Safe under shared serving: nothing to report."""
import random
import threading

import matplotlib.pyplot as plt
import streamlit as st

from lib.registry import remember

# The entry script runs in a fresh namespace on every run: this dict belongs to one run.
history = {}


def record(event):
    history[event] = True


rng = random.Random(42)
fig, ax = plt.subplots()
ax.plot([1, 2, 3])
st.pyplot(fig)


def crunch(numbers):
    return sum(numbers)


threading.Thread(target=crunch, args=([1, 2],)).start()
record(remember("start"))
st.write(rng.random())
