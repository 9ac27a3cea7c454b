from streamlit import *

write("hello")
if button("Refresh"):
    experimental_rerun()
