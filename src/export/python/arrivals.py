def arrivals():
    """Every customer in order of arrival, as (kitchen time, Recipe): by time,
    then the order of ORDERS, then count (heapq.merge: lazy, even for big
    counts)."""
    def one_line(index, at, recipe, count, every):
        r = Recipe(recipe, *MENU[recipe])
        for i in range(count):
            yield round((at + i * every) * 1000), index, i, r
    lines = (one_line(index, *line) for index, line in enumerate(ORDERS))
    for ms, _, _, recipe in heapq.merge(*lines):
        yield ms / 1000, recipe
