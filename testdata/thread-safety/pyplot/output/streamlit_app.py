import matplotlib.pyplot as plt
import streamlit as st

plt.plot([1, 2, 3])
st.pyplot()
st.sidebar.pyplot(clear_figure=True)
fig, ax = plt.subplots()
st.pyplot(fig)
