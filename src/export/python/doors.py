class Doors:
    """The timers main() arms: the script's lines and the customers. `closed`
    is done when the last of them has been handled."""

    def __init__(self, timers, loop):
        self.left = timers
        self.closed = loop.create_future()

    def _handled(self):
        self.left -= 1
        if not self.left:
            self.closed.set_result(None)

    def script(self, ev, *what):
        direct(ev, *what)
        self._handled()

    def arrive(self, number, at, recipe):
        """A customer comes in: the order becomes a task of its recipe, and
        the customer's patience a timer that runs from `at`, when they came
        in (a late loop keeps them waiting: their clock started anyway). A
        customer noticed after their patience ran out has already left."""
        order = Order(number, recipe, at)
        order.arrive()
        if recipe.patience is not None and reached(at + recipe.patience):
            order.give_up("walked out")
        else:
            task = asyncio.create_task(order.cook())
            if recipe.patience is not None:
                asyncio.get_running_loop().call_at(at + recipe.patience, order.walk_out, task)
        self._handled()
