"""
Runs test apps under Streamlit's AppTest against the fake Snowflake (fake_snowflake.py), scenario by
scenario, and prints what each viewer saw at each step as JSON, for behaviour.test.ts to compare
between an app before and after stcodemod.

    python harness.py <manifest.json>

The manifest lists runs: {"name", "app" (a folder), "scenario" (a scenario.json's content)}. One
process runs them all in turn, as one Streamlit server would run one app after another: between
runs the caches are cleared, the database is built afresh and the app's own modules are forgotten.

A scenario:
    {"entry": "streamlit_app.py",            the main script (default streamlit_app.py)
     "setup": ["CREATE TABLE ...", ...],       SQL run on an empty database first
     "procedures": {"NAME": ["UPDATE ...?"]},  what CALL NAME(args) runs (? are its arguments)
     "steps": [...]}
A step is one of:
    {"viewer": "a"}                            viewer a opens the app (or reruns it)
    {"viewer": "a", "page": "pages/x.py"}      viewer a switches to a page
    {"viewer": "a", "click": "Save"}           clicks the button with that label
    {"viewer": "a", "set": {"Label": value}}   sets widgets by label (text, number, select, checkbox)
    {"sql": "UPDATE ..."}                      someone outside the app changes the data
    {"advance": 601}                           the clock moves on (seconds)
Every viewer step records the viewer's elements (type and value), the number of script runs it
took (a rerun loop is cut off after MAX_RUNS), and the queries it made.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fake_snowflake  # noqa: E402
from fake_snowflake import WORLD  # noqa: E402

MAX_RUNS = 12
TIMEOUT = 10


def main() -> None:
    manifest = json.loads(Path(sys.argv[1]).read_text())
    fake_snowflake.install()
    import pandas  # noqa: F401  (before the clock is faked: pandas keeps the real datetime)
    import streamlit as st
    from streamlit.testing.v1 import AppTest
    from streamlit.testing.v1.local_script_runner import LocalScriptRunner

    fake_snowflake.install_clock()
    runs = RunCounter(LocalScriptRunner)
    results = []
    for entry in manifest:
        results.append({"name": entry["name"], **run_scenario(AppTest, st, runs, Path(entry["app"]), entry["scenario"])})
    print(json.dumps(results, default=str))


class RunCounter:
    """Counts script runs (st.rerun() included), and stops a rerun loop after MAX_RUNS runs in one step."""

    def __init__(self, runner_class: Any) -> None:
        self.count = 0
        original = runner_class._new_module  # called once per run, for its __main__
        counter = self

        def counted(runner: Any, name: str) -> Any:
            counter.count += 1
            if counter.count > MAX_RUNS:
                runner.request_stop()  # the script stops at its next Streamlit call
            return original(runner, name)

        runner_class._new_module = counted


def run_scenario(AppTest: Any, st: Any, runs: RunCounter, app: Path, scenario: dict) -> dict:
    forget_modules(app)
    st.cache_data.clear()
    st.cache_resource.clear()
    WORLD.reset(scenario.get("setup", []), scenario.get("procedures", {}))
    entry = app / scenario.get("entry", "streamlit_app.py")
    viewers: dict[str, Any] = {}
    steps = []
    for step in scenario["steps"]:
        if "sql" in step:
            WORLD.run(step["sql"])
            WORLD.queries.clear()
            steps.append({"sql": step["sql"]})
            continue
        if "advance" in step:
            fake_snowflake.advance(step["advance"])
            steps.append({"advance": step["advance"]})
            continue
        name = step["viewer"]
        first = name not in viewers
        if first:
            viewers[name] = AppTest.from_file(str(entry), default_timeout=TIMEOUT)
        viewer = viewers[name]
        runs.count = 0
        WORLD.queries.clear()
        error = None
        try:
            if not first:
                act(viewer, step)
            viewer.run()
        except Exception as exception:  # noqa: BLE001  (what the viewer would see, recorded)
            error = f"{type(exception).__name__}: {exception}"
        steps.append({
            "viewer": name,
            **{key: step[key] for key in ("page", "click", "set") if key in step},
            "elements": elements(viewer) if error is None else [],
            **({"error": error} if error else {}),
            "runs": runs.count,
            "queries": list(WORLD.queries),
        })
    forget_modules(app)
    return {"steps": steps}


def act(viewer: Any, step: dict) -> None:
    if "page" in step:
        viewer.switch_page(step["page"])
    if "click" in step:
        matching = [button for button in viewer.button if button.label == step["click"]]
        if not matching:
            raise LookupError(f"no button labelled {step['click']!r}")
        matching[0].click()
    for label, value in step.get("set", {}).items():
        widget = next((w for w in widgets(viewer) if getattr(w, "label", None) == label), None)
        if widget is None:
            raise LookupError(f"no widget labelled {label!r}")
        widget.set_value(value)


def widgets(viewer: Any) -> list[Any]:
    return [*viewer.text_input, *viewer.text_area, *viewer.number_input, *viewer.selectbox, *viewer.checkbox,
            *viewer.toggle, *viewer.radio, *viewer.multiselect, *viewer.slider, *viewer.chat_input]


def elements(viewer: Any) -> list[list[Any]]:
    """What the viewer sees: each element's type and value, in page order (blocks left out)."""
    seen = []
    for node in viewer._tree:
        if not hasattr(node, "value") or type(node).__name__ in ("ElementTree", "SpecialBlock"):
            continue
        try:
            value = node.value
        except Exception as exception:  # noqa: BLE001
            value = f"<{type(exception).__name__}>"
        seen.append([node.type, plain(value)])
    return seen


def plain(value: Any) -> Any:
    """A JSON value for an element's value: frames become their rows."""
    if hasattr(value, "to_dict") and hasattr(value, "columns"):
        return {"columns": [str(c) for c in value.columns], "rows": value.astype(str).values.tolist()}
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    return str(value)


def forget_modules(app: Path) -> None:
    """Drops the app's own modules from sys.modules: the next run must import its own copies."""
    root = str(app.resolve())
    for name, module in list(sys.modules.items()):
        file = getattr(module, "__file__", None)
        if file and os.path.abspath(file).startswith(root + os.sep):
            del sys.modules[name]


if __name__ == "__main__":
    main()
