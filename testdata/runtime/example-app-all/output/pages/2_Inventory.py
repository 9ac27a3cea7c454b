"""Inventory levels and restock requests."""
import os

import plotly.express as px
import streamlit as st

from common.queries import RESTOCK_TABLE, flag_low_stock, get_session, load_inventory

st.title("📦 Inventaire")

session = get_session()


def get_supplier_api_key():
    """Supplier portal key, stored as a Snowflake generic secret."""
    try:
        return st.secrets['inventory_api_key']
    except (ImportError, KeyError, FileNotFoundError):
        # Local development: read it from the environment instead.
        return os.environ.get("INVENTORY_API_KEY", "")


def submit_restock():
    sku = st.session_state["restock_sku"]
    qty = int(st.session_state["restock_qty"])
    session.sql(
        f"INSERT INTO {RESTOCK_TABLE} (SKU, QUANTITY, REQUESTED_BY, REQUESTED_AT) "
        "VALUES (?, ?, CURRENT_USER(), CURRENT_TIMESTAMP())",
        params=[sku, qty],
    ).collect()
    st.session_state["last_restock"] = f"{qty} × {sku}"


site = st.selectbox("Entrepôt", ["", "PAR1", "LYS2", "MRS1"], format_func=lambda c: c or "Tous")
inventory = flag_low_stock(load_inventory(session, site or None))
low = inventory[inventory["LOW_STOCK"]]

st.metric("Références en rupture imminente", len(low))
fig = px.bar(
    inventory.sort_values("ON_HAND").head(20),
    x="SKU",
    y="ON_HAND",
    color="LOW_STOCK",
    hover_data=["PRODUCT_NAME", "WAREHOUSE_CODE", "REORDER_POINT"],
)
st.plotly_chart(fig, use_container_width=True)

st.subheader("Demande de réapprovisionnement")
if low.empty:
    st.success("Aucun article sous le seuil de réapprovisionnement.")
else:
    st.selectbox("SKU", low["SKU"].unique().tolist(), key="restock_sku")
    st.number_input("Quantité", min_value=1, max_value=10000, value=100, key="restock_qty")
    st.button("Envoyer la demande", on_click=submit_restock, type="primary")

if "last_restock" in st.session_state:
    st.info(f"Dernière demande enregistrée : {st.session_state['last_restock']}")

if get_supplier_api_key():
    st.caption("🔗 Synchronisation fournisseur activée")
else:
    st.caption("Synchronisation fournisseur désactivée (secret inventory_api_key absent)")
