import asyncio
import base64
import collections
import inspect
from asyncio import coroutine
from base64 import decodestring as unb64
from collections import Mapping, MutableMapping as MM
from collections import OrderedDict, Sequence  # typing helpers

import streamlit as st


def is_config(value):
    return isinstance(value, (Mapping, MM, collections.Iterable)) and not isinstance(value, Sequence)


def encode(raw):
    return base64.encodestring(raw)


def decode(text):
    return unb64(text)


def arity(fn):
    spec = inspect.getargspec(fn)
    return len(inspect.getargspec(fn).args), inspect.getargspec(fn).keywords, spec


@asyncio.coroutine
def fetch(delay):
    yield from asyncio.sleep(delay)
    value = yield from compute(delay + 1)
    return value


@coroutine  # still used by the poller
def compute(x):
    result = yield from asyncio.wait_for(asyncio.sleep(0, x), timeout=1) or x
    return result


st.write(is_config(OrderedDict()), arity(encode))
