"""
A fake Snowflake for running test apps under Streamlit's AppTest: stub `snowflake.snowpark`,
`snowflake.snowpark.context.get_active_session`, `snowflake.cortex` and `st.connection("snowflake")`,
all answering from one in-memory sqlite3 database, with every query logged.

It runs the simple SQL test apps use (SELECT, INSERT, UPDATE, DELETE, CREATE TABLE, SHOW TABLES,
INFORMATION_SCHEMA.TABLES, CALL of procedures a scenario defines). Snowflake's functions whose answer
changes from call to call are deterministic here, so that two runs of one scenario can be compared:
CURRENT_TIMESTAMP, time.time() and datetime.now() read a fake clock, UUID_STRING counts, and Cortex
COMPLETE answers "answer N to <prompt>" with a counter. The clock moves when a scenario says so, and
by a simulated latency with each query (the n-th query of a scenario takes n tenths of a second), so
that timings an app shows depend on the queries it really made.
"""
from __future__ import annotations

import datetime as _datetime
import re
import sqlite3
import sys
import time as _time
import types
from typing import Any

EPOCH = 1_767_225_600.0  # 2026-01-01T00:00:00Z: where the fake clock starts


class World:
    """Everything the fake Snowflake holds; `reset` starts a scenario afresh."""

    def __init__(self) -> None:
        self.reset([], {})

    def reset(self, setup: list[str], procedures: dict[str, list[str]]) -> None:
        self.db = sqlite3.connect(":memory:", check_same_thread=False)
        self.db.create_function("SF_NOW", 0, lambda: self.timestamp())
        self.db.create_function("SF_TODAY", 0, lambda: self.timestamp()[:10])
        self.db.create_function("UUID_STRING", 0, self.next_uuid)
        self.db.create_function("COMPLETE", 2, self.complete)
        self.db.create_function("AI_COMPLETE", 2, self.complete)
        self.procedures = {name.upper(): statements for name, statements in procedures.items()}
        self.clock = EPOCH
        self.elapsed = 0.0
        self.counter = 0
        self.query_count = 0
        self.queries: list[str] = []
        for statement in setup:
            self.db.execute(translate(statement))
        self.db.commit()

    def now(self) -> float:
        """What time.time() says: the scenario's clock plus the simulated time queries took."""
        return self.clock + self.elapsed

    def timestamp(self) -> str:
        return _datetime.datetime.fromtimestamp(self.now(), _datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S")

    def next_uuid(self) -> str:
        self.counter += 1
        return f"00000000-0000-4000-8000-{self.counter:012d}"

    def complete(self, model: Any, prompt: Any) -> str:
        self.counter += 1
        return f"answer {self.counter} to {prompt}"

    def run(self, sql: str, params: Any = None) -> tuple[list[str], list[tuple]]:
        """Runs one statement; returns column names (upper-cased, as Snowflake names them) and rows."""
        self.log(" ".join(sql.split()))
        call = re.match(r"\s*CALL\s+([\w.$]+)\s*\((.*)\)\s*;?\s*$", sql, re.I | re.S)
        if call:
            return self.call(call.group(1), parse_literals(call.group(2)))
        try:
            cursor = self.db.execute(translate(sql), tuple(params or ()))
        except sqlite3.Error as error:
            raise SnowparkSQLException(f"SQL compilation error: {error}") from None
        self.db.commit()
        columns = [column[0].upper() for column in cursor.description or []]
        return columns, cursor.fetchall()

    def log(self, query: str) -> None:
        self.queries.append(query)
        self.query_count += 1
        self.elapsed += self.query_count / 10

    def call(self, name: str, args: list[Any]) -> tuple[list[str], list[tuple]]:
        statements = self.procedures.get(name.split(".")[-1].upper())
        if statements is None:
            raise SnowparkSQLException(f"Unknown procedure {name}")
        for statement in statements:
            placeholders = statement.count("?")
            self.db.execute(translate(statement), tuple(args[:placeholders]))
        self.db.commit()
        return [name.split(".")[-1].upper()], [("done",)]


def parse_literals(text: str) -> list[Any]:
    """The arguments of a CALL written as SQL literals: numbers and quoted strings."""
    values: list[Any] = []
    for match in re.finditer(r"'((?:[^']|'')*)'|(-?\d+(?:\.\d+)?)", text):
        if match.group(1) is not None:
            values.append(match.group(1).replace("''", "'"))
        else:
            number = match.group(2)
            values.append(float(number) if "." in number else int(number))
    return values


def translate(sql: str) -> str:
    """Snowflake SQL as sqlite3 runs it, for the subset test apps use."""
    text = sql.strip().rstrip(";")
    show = re.match(r"SHOW\s+TABLES(?:\s+LIKE\s+'([^']*)')?", text, re.I)
    if show:
        like = f" AND upper(name) LIKE upper('{show.group(1)}')" if show.group(1) else ""
        return f"SELECT name AS name FROM sqlite_master WHERE type = 'table'{like} ORDER BY name"
    text = re.sub(r"\bCREATE\s+OR\s+REPLACE\s+TABLE\s+", "CREATE TABLE ", text, flags=re.I)
    text = re.sub(r"\b(?:\w+\.)?INFORMATION_SCHEMA\.TABLES\b",
                  "(SELECT upper(name) AS TABLE_NAME FROM sqlite_master WHERE type = 'table')", text, flags=re.I)
    text = re.sub(r"\bSNOWFLAKE\.CORTEX\.", "", text, flags=re.I)
    text = re.sub(r"\b(?:CURRENT_TIMESTAMP|SYSDATE|GETDATE|LOCALTIMESTAMP)\b(\s*\(\s*\))?", "SF_NOW()", text, flags=re.I)
    text = re.sub(r"\bCURRENT_DATE\b(\s*\(\s*\))?", "SF_TODAY()", text, flags=re.I)
    return text


WORLD = World()


class SnowparkSQLException(Exception):
    pass


class SnowparkSessionException(Exception):
    pass


class Row(tuple):
    """A Snowpark Row: a tuple whose fields are also reached by name."""

    def __new__(cls, names: list[str], values: tuple) -> "Row":
        row = super().__new__(cls, values)
        row._names = names
        return row

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return tuple.__getitem__(self, self._names.index(key.upper()))
        return tuple.__getitem__(self, key)

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except ValueError:
            raise AttributeError(name) from None

    def as_dict(self) -> dict[str, Any]:
        return dict(zip(self._names, self))

    asDict = as_dict


class DataFrame:
    """A lazy Snowpark DataFrame: its query runs each time it is materialised."""

    def __init__(self, sql: str, params: Any = None) -> None:
        self._sql = sql
        self._params = params

    def _run(self) -> tuple[list[str], list[tuple]]:
        return WORLD.run(self._sql, self._params)

    def collect(self) -> list[Row]:
        columns, rows = self._run()
        return [Row(columns, row) for row in rows]

    def to_pandas(self):
        import pandas as pd

        columns, rows = self._run()
        return pd.DataFrame.from_records(rows, columns=columns)

    toPandas = to_pandas

    def first(self) -> Row | None:
        rows = self.collect()
        return rows[0] if rows else None

    def count(self) -> int:
        return len(self.collect())

    def filter(self, condition: str) -> "DataFrame":
        return DataFrame(f"SELECT * FROM ({self._sql}) WHERE {condition}", self._params)

    where = filter

    def limit(self, n: int) -> "DataFrame":
        return DataFrame(f"SELECT * FROM ({self._sql}) LIMIT {int(n)}", self._params)


class FileOperation:
    def put_stream(self, *args: Any, **kwargs: Any) -> None:
        WORLD.log("PUT (stream)")

    def put(self, *args: Any, **kwargs: Any) -> None:
        WORLD.log("PUT")


class Session:
    """The one Snowpark session of the fake account (the app owner's)."""

    class _Builder:
        def configs(self, *args: Any, **kwargs: Any) -> "Session._Builder":
            return self

        config = configs

        def create(self) -> "Session":
            return SESSION

        getOrCreate = create

    builder = _Builder()

    def __init__(self) -> None:
        self.file = FileOperation()
        self.connection = FakeConnectorConnection()

    def sql(self, query: str, params: Any = None) -> DataFrame:
        return DataFrame(query, params)

    def table(self, name: Any) -> DataFrame:
        table = name if isinstance(name, str) else ".".join(name)
        return DataFrame(f"SELECT * FROM {table}")

    def call(self, name: str, *args: Any) -> Any:
        WORLD.log(f"CALL {name}")
        _, rows = WORLD.call(name, list(args))
        return rows[0][0]

    def write_pandas(self, frame: Any, table_name: str, *args: Any, auto_create_table: bool = False,
                     overwrite: bool = False, **kwargs: Any) -> None:
        WORLD.log(f"WRITE_PANDAS {table_name}")
        frame.to_sql(table_name, WORLD.db, if_exists="replace" if overwrite else "append", index=False)
        WORLD.db.commit()

    def get_current_user(self) -> str:
        return '"APP_OWNER"'

    def get_current_role(self) -> str:
        return '"APP_ROLE"'


class FakeCursor:
    def __init__(self) -> None:
        self._rows: list[tuple] = []
        self.description: list[tuple] | None = None

    def execute(self, sql: str, params: Any = None) -> "FakeCursor":
        columns, self._rows = WORLD.run(sql, params)
        self.description = [(column,) for column in columns]
        return self

    def fetchall(self) -> list[tuple]:
        return list(self._rows)

    def fetchone(self) -> tuple | None:
        return self._rows[0] if self._rows else None

    def fetch_pandas_all(self):
        import pandas as pd

        return pd.DataFrame.from_records(self._rows, columns=[c[0] for c in self.description or []])

    def close(self) -> None:
        pass


class FakeConnectorConnection:
    def cursor(self) -> FakeCursor:
        return FakeCursor()

    def is_closed(self) -> bool:
        return False


class SnowflakeConnection:
    """What `st.connection("snowflake")` returns."""

    def session(self) -> Session:
        return SESSION

    def query(self, sql: str, ttl: Any = None, params: Any = None, **kwargs: Any):
        return DataFrame(sql, params).to_pandas()

    def cursor(self) -> FakeCursor:
        return FakeCursor()

    @property
    def raw_connection(self) -> FakeConnectorConnection:
        return SESSION.connection


SESSION = Session()
CONNECTION = SnowflakeConnection()


def get_active_session() -> Session:
    return SESSION


def _module(name: str, **attributes: Any) -> types.ModuleType:
    module = types.ModuleType(name)
    module.__dict__.update(attributes)
    sys.modules[name] = module
    return module


def _cortex_complete(model: str, prompt: Any, *args: Any, **kwargs: Any) -> str:
    WORLD.log("CORTEX COMPLETE")
    return WORLD.complete(model, prompt)


def install() -> None:
    """Puts the stubs in sys.modules and replaces st.connection; call before any app runs."""
    snowflake = _module("snowflake")
    snowflake.__path__ = []  # a package, so that submodules import
    snowpark = _module("snowflake.snowpark", Session=Session, DataFrame=DataFrame, Row=Row, Table=DataFrame)
    snowpark.__path__ = []
    snowflake.snowpark = snowpark
    context = _module("snowflake.snowpark.context", get_active_session=get_active_session)
    snowpark.context = context
    exceptions = _module("snowflake.snowpark.exceptions", SnowparkSQLException=SnowparkSQLException,
                         SnowparkSessionException=SnowparkSessionException)
    snowpark.exceptions = exceptions
    functions = _module("snowflake.snowpark.functions", col=lambda name: name, lit=lambda value: value)
    snowpark.functions = functions
    cortex = _module("snowflake.cortex", Complete=_cortex_complete, complete=_cortex_complete)
    snowflake.cortex = cortex

    import streamlit as st

    def connection(name: str = "snowflake", *args: Any, **kwargs: Any) -> SnowflakeConnection:
        return CONNECTION

    st.connection = connection


def install_clock() -> None:
    """time.time(), datetime.now() and the ttl of Streamlit's caches read the fake clock."""
    from streamlit.runtime.caching import cache_utils
    from streamlit.testing.v1 import local_script_runner

    # st.cache_data's ttl reads this timer (Streamlit keeps it swappable for tests); only the
    # scenario moves it, so that a ttl runs out at the same step in every run.
    cache_utils.TTLCACHE_TIMER = lambda: WORLD.clock
    # AppTest's own timeout keeps the real clock.
    local_script_runner.time = types.SimpleNamespace(time=_time.time, sleep=_time.sleep)
    _time.time = WORLD.now

    class FakeDatetime(_datetime.datetime):
        @classmethod
        def now(cls, tz: Any = None) -> "_datetime.datetime":
            return _datetime.datetime.fromtimestamp(WORLD.now(), tz)

        @classmethod
        def today(cls) -> "_datetime.datetime":
            return cls.now()

        @classmethod
        def utcnow(cls) -> "_datetime.datetime":
            return _datetime.datetime.fromtimestamp(WORLD.now(), _datetime.timezone.utc).replace(tzinfo=None)

    _datetime.datetime = FakeDatetime


def advance(seconds: float) -> None:
    WORLD.clock += seconds
