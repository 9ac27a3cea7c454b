import asyncio
import enum
import fractions
import inspect
import random
from enum import Enum, IntEnum


class Region(str, Enum):
    EMEA = "emea"
    APAC = "apac"


class Level(IntEnum):
    LOW = 1


class Plain(enum.Enum):
    A = 1


@asyncio.coroutine
def ticker():
    while True:
        yield


@asyncio.coroutine
def wrapped():
    return asyncio.sleep(1)


async def main(loop):
    await asyncio.sleep(1, loop=loop)
    queue = asyncio.Queue(loop=loop)
    return queue


args, varargs, keywords, defaults = inspect.getargspec(main)
print(inspect.formatargspec(args))
print(fractions.gcd(4, -6))
print(random.sample({1, 2, 3}, 2), random.sample([1, 2, 3], 2))
print(f"{Region.EMEA}", Level.LOW, Plain.A)
