from absolute import absolute


def test_positive():
    assert absolute(3) == 3


def test_negative():
    assert absolute(-3) == 3
