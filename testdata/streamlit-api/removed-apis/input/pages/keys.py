import streamlit
import streamlit.util
from streamlit.type_util import Key, to_key


def widget_key(key: Key):
    return to_key(key)


streamlit.write(streamlit.util.calc_md5("x"), widget_key("k"))
