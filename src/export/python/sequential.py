async def main():
    """The kitchen opens, as blocking code: one chef serves the orders one at
    a time, in arrival order, each step awaited before the next. The script's
    lines and the customers come in at their own times on a thread of their
    own, the world outside (blocking code cannot listen for them, as a
    server's clients queue up in the operating system's backlog while it is
    busy), and wait in `line` for the chef."""
    loop = asyncio.get_running_loop()
    line = asyncio.Queue()
    CLOCK.start_thread(world, loop, line)
    while (order := await line.get()) is not None:
        if order.over:
            continue            # walked out before the chef got to it
        await order.cook()
    summary("sequential")


ARRIVED = []    # the orders that came in, in arrival order (the world adds them)


class Open(list):
    """The orders that came in and have not ended, in arrival order, as the
    chef last looked (`gone`: how many ended before)."""
    gone = 0

    def prune(self):
        still = [order for order in self if not order.over]
        self.gone += len(self) - len(still)
        self[:] = still


OPEN = Open()


def world(loop, line):
    """The world outside the chef: the script's lines and the customers at
    their times (the script first at one moment), whatever the chef is doing."""
    script = [(round(directive[0] * 1000), 0, i, directive)
              for i, directive in enumerate(SCRIPT)]
    customers = ((round(at * 1000), 1, number, (at, recipe))
                 for number, (at, recipe) in enumerate(arrivals(), start=1))
    for _, kind, number, what in heapq.merge(sorted(script), customers):
        at = what[0]
        time.sleep(max(at - now(), 0))
        if kind == 0:
            direct(*what[1:])
            continue
        order = Order(number, what[1], at)
        order.arrive()
        ARRIVED.append(order)
        loop.call_soon_threadsafe(line.put_nowait, order)
    loop.call_soon_threadsafe(line.put_nowait, None)    # no more customers


def notice_walk_outs(order):
    """Blocking code looks at the clock only between steps: every open order
    whose customer has waited its patience or longer walks out now. Raises
    WalkedOut if the chef's own order did."""
    OPEN.extend(ARRIVED[len(OPEN) + OPEN.gone:])
    for other in OPEN:
        patience = other.recipe.patience
        if not other.over and patience is not None and reached(other.at + patience):
            other.give_up("walked out")
    OPEN.prune()
    if order.over:
        raise WalkedOut()
