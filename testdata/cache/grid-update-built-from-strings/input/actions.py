def set_status(session, tabname, task_id, status):
    session.sql("UPDATE " + tabname + " SET STATUS = '" + status + "' WHERE ID = " + str(task_id)).collect()
