import locale
import os
import random
import sys

import numpy as np
import streamlit as st

from lib import settings

sys.path.insert(0, "lib")
os.chdir(os.path.dirname(__file__))
locale.setlocale(locale.LC_ALL, "fr_FR.UTF-8")
np.random.seed(0)
st.title("Report")


def export(path):
    os.environ["EXPORT_DIR"] = path
    os.environ.update({"FORMAT": "csv"})
    del os.environ["TMP"]
    os.putenv("LANG", "C")
    random.seed(path)
    sys.path = [path] + sys.path
