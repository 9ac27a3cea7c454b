import pathlib


def load():
    return (pathlib.Path(__file__).parents[1] / "dashboard/data/sales.csv").read_text()
