import enum
import itertools
import math
import re
import sys

import pytest

from pkg.helpers import CASES, PAIRS, Color, Thing, make_thing, parametrize_n, slow
from pkg import helpers

LOCAL = [1, 2, 3]
SQUARES = [i * i for i in range(4)]
GRID = list(itertools.product([0, 1], ["x", "y"]))
TABLE = {"alpha": 1, "beta": 2}
LOCAL += [4]


class Mode(enum.Enum):
    FAST = "f"
    SLOW = "s"


class Value:
    pass


def factory():
    return Value()


@pytest.mark.parametrize("x", [0, 1, -1, 10**20, 0x1F, 0o17, 0b101, 1_000])
def test_ints(x):
    pass


@pytest.mark.parametrize(
    "x",
    [0.0, -0.0, 0.1, 1.5, 1e3, 1e16, 1.5e-5, 1e-4, 2.5e300, 123456789.123, float("inf"),
     float("-inf"), float("nan"), math.pi, math.inf, 1 / 3, 2 ** 0.5, 3.0e-10],
)
def test_floats(x):
    pass


@pytest.mark.parametrize("x", [1j, 1 + 2j, -1j, 2.5j, 1 - 0j, complex(1, 2), 0j])
def test_complex(x):
    pass


@pytest.mark.parametrize(
    "s",
    ["plain", "", "with space", "tab\there", "new\nline", "back\\slash", "quote'd", 'dq"',
     "ünïcödé", "emoji \U0001f600", "\x00\x1f\x7f", "\u00e9\u0301", r"raw\n", "a" "b",
     "café" + "!", "x" * 3, f"no fields", "dash-and_underscore", "[brackets]", "::colons"],
)
def test_strings(s):
    pass


@pytest.mark.parametrize("b", [b"bytes", b"\x00\xff", b"tab\t", b"back\\slash", rb"raw\n", b""])
def test_bytes(b):
    pass


@pytest.mark.parametrize("v", [True, False, None, ...])
def test_singletons(v):
    pass


@pytest.mark.parametrize(
    "obj",
    [int, len, ValueError, Value, factory, lambda x: x, math, math.sqrt, re.compile("a+b"),
     Color.RED, Mode.SLOW, Value(), object(), [1, 2], (1,), {"k": 1}, {1}, range(3),
     Thing, make_thing, make_thing(1), helpers, sys.maxsize],
)
def test_objects(obj):
    pass


@pytest.mark.parametrize("a,b", [(1, 2), (3, 4)])
def test_two_names_string(a, b):
    pass


@pytest.mark.parametrize(("a", "b"), [(1, "x"), ("y", 2.0)])
def test_two_names_tuple(a, b):
    pass


@pytest.mark.parametrize(["a", "b"], [[None, True], [b"z", -3]])
def test_two_names_list(a, b):
    pass


@pytest.mark.parametrize(" a , b ,", PAIRS)
def test_spaced_names(a, b):
    pass


@pytest.mark.parametrize("x", CASES)
def test_imported_constant(x):
    pass


@pytest.mark.parametrize("x", helpers.CASES)
def test_module_attribute_constant(x):
    pass


@pytest.mark.parametrize("x", LOCAL)
def test_augmented_constant(x):
    pass


@pytest.mark.parametrize("x", SQUARES)
def test_comprehension(x):
    pass


@pytest.mark.parametrize("x,y", GRID)
def test_product(x, y):
    pass


@pytest.mark.parametrize("k,v", TABLE.items())
def test_dict_items(k, v):
    pass


@pytest.mark.parametrize("k", TABLE)
def test_dict_keys(k):
    pass


@pytest.mark.parametrize("i,c", enumerate("ab"))
def test_enumerate(i, c):
    pass


@pytest.mark.parametrize("a,b", zip([1, 2], "xy"))
def test_zip(a, b):
    pass


@pytest.mark.parametrize("x", range(2, 8, 3))
def test_range(x):
    pass


@pytest.mark.parametrize("x", [i for i in range(10) if i % 3 == 0])
def test_filtered_comprehension(x):
    pass


@pytest.mark.parametrize("c", "xyz")
def test_string_as_values(c):
    pass


@pytest.mark.parametrize("x", (i for i in range(2)))
def test_generator_values(x):
    pass


@pytest.mark.parametrize("x", [(i for i in range(2)), iter([1])])
def test_generator_as_value(x):
    pass


@pytest.mark.parametrize(
    "x",
    [
        pytest.param(1, id="one"),
        pytest.param(2, marks=pytest.mark.xfail),
        pytest.param(3, marks=[pytest.mark.slow, pytest.mark.skip(reason="no")], id="three"),
        pytest.param("ünï", id="ïd"),
        pytest.param(5, id=None),
    ],
)
def test_param_objects(x):
    pass


@pytest.mark.parametrize("x", [pytest.param(1, id=pytest.HIDDEN_PARAM), 2])
def test_hidden_param(x):
    pass


@pytest.mark.parametrize("x", [1, 2, 3], ids=["a", None, "c"])
def test_ids_list(x):
    pass


@pytest.mark.parametrize("x", [1, 2], ids=[10, 2.5])
def test_ids_numbers(x):
    pass


@pytest.mark.parametrize("x", [1, 2], ids=[pytest.HIDDEN_PARAM, "b"])
def test_ids_hidden(x):
    pass


@pytest.mark.parametrize("x", [(1, 2), "ab", None], ids=str)
def test_ids_str(x):
    pass


@pytest.mark.parametrize("x", [1, 2], ids=(f"case{i}" for i in range(2)))
def test_ids_generator(x):
    pass


@pytest.mark.parametrize("x", [1, 1, 1])
def test_duplicates(x):
    pass


@pytest.mark.parametrize("x", ["a", "a", "a0", "b1", "b1"])
def test_duplicates_with_suffixes(x):
    pass


@pytest.mark.parametrize("x", [1, 2], ids=["same", "same"])
def test_duplicate_ids(x):
    pass


@pytest.mark.parametrize("x", [])
def test_empty(x):
    pass


@pytest.mark.parametrize("x,y", [])
def test_empty_two(x, y):
    pass


@pytest.mark.parametrize("x", [1, 2])
@pytest.mark.parametrize("y", ["a", "b"])
def test_stacked(x, y):
    pass


@pytest.mark.parametrize("z", [True])
@pytest.mark.parametrize("x", [1, 2])
@pytest.mark.parametrize("y", [None])
def test_stacked_three(x, y, z):
    pass


@parametrize_n
def test_imported_mark(n):
    pass


@slow
@pytest.mark.parametrize("x", [1])
def test_alias_mark(x):
    pass


@pytest.fixture
def fix(request):
    return request.param


@pytest.mark.parametrize("fix", [1, 2], indirect=True)
def test_indirect(fix):
    pass


@pytest.mark.parametrize("fix,y", [(1, 2)], indirect=["fix"])
def test_indirect_list(fix, y):
    pass


@pytest.mark.parametrize(argnames="x", argvalues=[7, 8])
def test_keyword_arguments(x):
    pass


@pytest.mark.parametrize("x", [Value, Value])
def test_duplicate_names(x):
    pass


@pytest.mark.parametrize("x", [[1], [2]])
def test_list_values(x):
    pass


@pytest.mark.parametrize("x", [1, 2], ids=lambda v: f"v{v}")
def test_ids_lambda(x):
    pass


def compute():
    return [1, 2]


@pytest.mark.parametrize("x", compute())
def test_computed_values(x):
    pass


@pytest.mark.parametrize("x", [factory(), factory()])
def test_function_results(x):
    pass


pytestmark = [pytest.mark.filterwarnings("ignore")]
