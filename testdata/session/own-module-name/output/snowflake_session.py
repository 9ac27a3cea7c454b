"""The app's own helpers around its session."""


def warehouse_name(session):
    return session.get_current_warehouse()
