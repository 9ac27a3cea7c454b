current_page = None
