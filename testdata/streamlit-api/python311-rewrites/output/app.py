import asyncio
import base64
import collections
import collections.abc
import inspect
from base64 import decodebytes as unb64
from collections.abc import Mapping, MutableMapping as MM
from collections import OrderedDict  # typing helpers
from collections.abc import Sequence

import streamlit as st


def is_config(value):
    return isinstance(value, (Mapping, MM, collections.abc.Iterable)) and not isinstance(value, Sequence)


def encode(raw):
    return base64.encodebytes(raw)


def decode(text):
    return unb64(text)


def arity(fn):
    spec = inspect.getargspec(fn)
    return len(inspect.getfullargspec(fn).args), inspect.getfullargspec(fn).varkw, spec


async def fetch(delay):
    await asyncio.sleep(delay)
    value = await compute(delay + 1)
    return value


# still used by the poller
async def compute(x):
    result = await (asyncio.wait_for(asyncio.sleep(0, x), timeout=1) or x)
    return result


st.write(is_config(OrderedDict()), arity(encode))
