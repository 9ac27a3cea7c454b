def add_fn(x: int, y: int) -> int:
    return x + y
