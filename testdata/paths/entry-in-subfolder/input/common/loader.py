import pathlib


def load():
    return pathlib.Path("data/sales.csv").read_text()
