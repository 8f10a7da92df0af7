"""Hello world: the first exercise of the course."""


# BEGIN SOLUTION
def greet(name="World"):
    """Return the greeting 'Hello, <name>!'."""
    name = name.strip() or "World"
    return f"Hello, {name}!"
# END SOLUTION


if __name__ == "__main__":
    print(greet())
