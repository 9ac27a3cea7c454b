def title():
    return "Sales"
