async def main():
    """The kitchen opens. Every line of the script and every customer's
    arrival is a timer of the loop, armed now, in that order (call_at); a
    customer's order becomes a task of its recipe when the loop handles the
    arrival. The chef works until the last customer has come in and every
    task has ended (steps that go on after their order failed included:
    gather does not cancel them)."""
    loop = asyncio.get_running_loop()
    doors = Doors(len(SCRIPT) + sum(count for _, _, count, _ in ORDERS), loop)
    for at, ev, *what in SCRIPT:
        loop.call_at(at, doors.script, ev, *what)
    for number, (at, recipe) in enumerate(arrivals(), start=1):
        loop.call_at(at, doors.arrive, number, at, recipe)
    await doors.closed
    me = asyncio.current_task()
    while others := asyncio.all_tasks() - {me}:
        finished, _ = await asyncio.wait(others)
        for task in finished:   # their failures were reported as they happened
            if not task.cancelled():
                task.exception()
    summary("concurrent")
