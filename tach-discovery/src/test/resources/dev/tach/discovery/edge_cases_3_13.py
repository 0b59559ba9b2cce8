# Constructs of Python 3.12/3.13 that CPython 3.13 compiles (PEP 695, 696, 701 and more).
x = f"{'\n'.join(a)}"
y = f"{x:{y}.{z}f} {x!r} {x = } {x=!r:^20}"
z = f"""{
    a  # a comment
    + b
}"""
w = f"{'''a'''} {f"{1}"} {"a" if x else 'b'}"
v = f'{x:%Y-%m-%d}' f"{{}}" f'{ x }' f'{(lambda: 1)()}' f"{a['b']:>{width}}"
type X[T] = list[T]
type.x = 1
type[int]
print(type)
match (x)
match[0] = 1
match x:
    case {"a": 1, **rest} if rest:
        case = 1
    case [1, 2, *_] | (3 | 4):
        pass
    case str() | bytes(b"x"):
        pass
    case -1 + 2j:
        pass
    case a.b.c(d, e=f):
        pass
match -x:
    case _:
        pass
class A[T = int, *Ts = *tuple[int, ...], **P = [int]]:
    pass
def g[**P, T: (int, str)](*a: *Ts) -> T: ...
async def h():
    async with (a as b, c as d):
        pass
    return [x async for x in y if await x]
for x in *a, *b:
    pass
def gen():
    x = yield
    y = yield from z
    await_ = (yield)
a[b:c, d] = e
del (a), [b]
x = a if b else lambda: c
with a as (b, c), d as [e, f]:
    pass
if x := 1:
    pass
print(f"{x:=10}", f"{(x:=10)}")
s = rb'\d' br"\"" Rb'''x''' b"x"
n = 0_0 + 00 + 0e0 + 1_2.3_4e-5_6J + 0xdead_BEEF + 0O7_7 + 0B1_0
e = ...
try:
    pass
except* E:
    pass
global_ = not not x
@(lambda f: f)
def q(): pass
