"""Tracking codes: random, checked, readable, forgiving to read back."""

import itertools
import re

from kiosk.tracking import ALPHABET, group, new_code, normalise

SHAPE = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{3}$")


def test_shape_and_uniqueness():
    codes = {new_code() for _ in range(5000)}
    assert len(codes) == 5000
    assert all(SHAPE.match(code) for code in codes)


def test_normalise_is_case_and_confusable_tolerant():
    code = new_code()
    sloppy = code.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert normalise(sloppy) == code
    assert normalise(f"http://192.168.1.10:8000/s/{code.lower()}") == code
    assert normalise("  " + code.replace("-", "") + "\n") == code


def test_every_single_substitution_is_caught():
    body = new_code().replace("-", "")
    for index, symbol in itertools.product(range(len(body)), ALPHABET):
        if symbol != body[index]:
            assert normalise(body[:index] + symbol + body[index + 1 :]) is None


def test_most_adjacent_swaps_are_caught():
    caught = total = 0
    for _ in range(300):
        body = new_code().replace("-", "")
        for index in range(len(body) - 1):
            if body[index] == body[index + 1]:
                continue
            swapped = body[:index] + body[index + 1] + body[index] + body[index + 2 :]
            total += 1
            caught += normalise(swapped) is None
    assert caught / total > 0.9


def test_malformed_inputs():
    for text in [
        "",
        "ABC",
        "K7QM-2XPA-9R",
        "K7QM-2XPA-9RTT",
        "K7QM-2XPA-9R!",
        None,
        42,
        "UUUU-UUUU-UUU",
    ]:
        assert normalise(text) is None


def test_group():
    assert group("ABCDEFGHJKM") == "ABCD-EFGH-JKM"
