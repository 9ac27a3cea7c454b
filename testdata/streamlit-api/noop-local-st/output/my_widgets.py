def experimental_rerun():
    pass


def bokeh_chart():
    pass
