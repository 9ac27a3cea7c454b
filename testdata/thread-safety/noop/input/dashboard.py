"""A second entry script that keeps its code in main(): its globals belong to one run too."""
import streamlit as st

clicks = []


def main():
    if st.button("Click"):
        clicks.append(1)
    st.write(len(clicks))


if __name__ == "__main__":
    main()
