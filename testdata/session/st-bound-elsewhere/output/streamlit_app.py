import streamlit

import util
