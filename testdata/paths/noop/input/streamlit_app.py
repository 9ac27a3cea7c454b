import pandas as pd

frame = pd.read_csv("data/sales.csv")
