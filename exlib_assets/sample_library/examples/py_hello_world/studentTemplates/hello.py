"""Hello world: the first exercise of the course."""


def greet(name="World"):
    """Return the greeting 'Hello, <name>!'."""
    # TODO: build and return the greeting string.
    #       An empty (or blank) name should greet the "World".
    raise NotImplementedError


if __name__ == "__main__":
    print(greet())
