package dev.tach.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.CharConversionException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PythonParsingTest {

  private static ParseOutcome parse(String source) {
    return PythonParsing.parse(source, "sample.py");
  }

  private static void assertParses(String source) {
    ParseOutcome outcome = parse(source);
    assertThat(outcome).as("parsing:%n%s", source).isInstanceOf(ParsedModule.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "\n\n# only a comment\n",
        "x = 1\n",
        "x = 1",
        "a, *b = c\nx: int = 5\ny: list[int]\nz += 1\na = b = c = yield_ = 0\n",
        "import os.path as p, sys\nfrom . import a\nfrom ..x.y import (b as c, d,)\nfrom ... import e\nfrom m import *\n",
        "def f(a, /, b: int = 1, *args: str, c, d=2, **kw) -> None:\n    return a\n",
        "def f(*, a): pass\ndef g(*args: *Ts): pass\n",
        "@decorator\n@mod.attr(1, k=2)\n@x[0].y or z\ndef f():\n    pass\n",
        "@dataclass\nclass C(Base, metaclass=M):\n    x: int = 0\n    def m(self): ...\n",
        "async def f():\n    async for x in y:\n        await x\n    async with a as b, c:\n        pass\n    return [i async for i in g()]\n",
        "if (n := len(a)) > 10:\n    print(n)\nwhile chunk := f.read(10):\n    pass\n[y for x in data if (y := f(x))]\n",
        "f = lambda: 0\ng = lambda x, *a, k=1, **kw: x\nh = lambda *, k: k\ni = lambda x, /, y: y\n",
        "a = [x for x in range(10) if x if x > 1 for y in x]\nb = {k: v for k, v in d.items()}\nc = {x for x in s}\nd = (x for x in s)\nf(x for x in y)\n",
        "print(*a, *b, **c, **d)\nx = *a, *b\nreturn_ = [*a, *b]\nd = {**a, 'b': 1}\n",
        "type Point = tuple[float, float]\ntype ListOrSet[T] = list[T] | set[T]\n",
        "def f[T: int, *Ts, **P](x: T) -> T: pass\nclass C[T = int, *Ts = *tuple[int]]: pass\n",
        "type = 1\nmatch = 2\ncase = 3\n_ = 4\nprint(type, match, case, _)\nmatch.group(1)\nmatch(x)\ntype(x)\n",
        "x = b'bytes' rb'raw' Rb\"\\d\" BR'''x'''\ny = r'\\n' u'u' '''tri\nple''' \"\"\"a\"b\"\"\"\n",
        "x = 1_000_000 + 0x_FF + 0o17 + 0b1010 + 1_0.5e-1_0 + 3.14j + 1J + .5 + 5. + 1e10\n",
        "x = ...\ny = a[...]\nz = a[1:2, ::3, :, *b]\n",
        "with (open(a) as f, open(b) as g,):\n    pass\nwith (a, b):\n    pass\nwith a:\n    pass\n",
        "try:\n    pass\nexcept* ValueError as e:\n    pass\nexcept* (TypeError, KeyError):\n    pass\n",
        "try:\n    pass\nexcept ValueError:\n    pass\nexcept (A, B) as e:\n    raise X from e\nexcept:\n    raise\nelse:\n    pass\nfinally:\n    pass\n",
        "for i, j in x:\n    continue\nelse:\n    break\nwhile True:\n    pass\nelse:\n    pass\n",
        "global a, b\nnonlocal c\ndel a, b[0], c.d\nassert x, 'msg'\npass; pass;\n",
        "x = 1 if a else 2 if b else 3\ny = not a and b or c\nz = a < b <= c != d is not e not in f\nw = a | b ^ c & d << 1 >> 2 + 3 - 4 * 5 / 6 // 7 % 8 @ m ** -9\n",
        "x = (1,\n     2)\ny = [\n  1,\n\n  # comment\n  2,\n]\nz = 1 + \\\n    2\n",
      })
  void coreStatementsAndExpressionsParse(String source) {
    assertParses(source);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "match command.split():\n    case [action]:\n        pass\n    case [action, obj]:\n        pass\n    case Point(x=0, y=0):\n        pass\n    case [Point(x=0, y=0), *rest]:\n        pass\n    case {'x': x, **rest}:\n        pass\n    case 1 | 2 | -3 | 4+5j | 'a' 'b' | None | True:\n        pass\n    case (a, b) as t if a > b:\n        pass\n    case Color.RED:\n        pass\n    case _:\n        pass\n",
        "match x, y:\n    case a, b:\n        pass\n    case *_, last:\n        pass\n",
        "match = {}\nmatch['a'] = 1\ncase = [match]\n",
      })
  void matchStatementsAndSoftKeywordsParse(String source) {
    assertParses(source);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "x = f'a {b} c'\n",
        "x = f'{a!r:>{width}} {b:.2f} {{literal}} {c=}'\n",
        "x = f\"{'nested'}\" F'{\"other\"}' rf'\\d{x}' fR\"{y}\"\n",
        "x = f'{\"\\n\".join(a)}'\n",
        "x = f'{f'{f'{x}'}'}'\n",
        "x = f'{d['key']}'\n",
        "x = f'''\n{a\n + b}\n'''\n",
        "x = f'{a != b} {a!s} {x:{'>'}10}'\n",
        "x = f'{ {\"a\": 1}[\"a\"] } {lambda_}'\n",
        "x = f'\\N{BULLET} {y}'\n",
      })
  void fStringsIncludingNestedQuotesAreSingleTokens(String source) {
    assertParses(source);
  }

  @Test
  void indentationWithTabsSpacesContinuationsAndBlankLinesParses() {
    assertParses("if a:\n\tif b:\n\t\tx = 1\n\n   \n\t# c\n\ty = 2\nz = 3\n");
    assertParses("if a:\n  \tx = 1\n  \ty = 2\n");
    assertParses("class A:\n    def f(self):\n        return 1\n\n\n    def g(self):\n        pass\n# end");
    assertParses("if a:\r\n    x = 1\r\nelse:\r\n    y = 2\r\n");
    assertParses("x = [1,\n2] ; y = 3\nif x: pass\nelif y: pass\nelse: pass\n");
  }

  @Test
  void tabsAndSpacesThatCpythonFindsInconsistentAreATabError() {
    ParseOutcome outcome = parse("if a:\n        x = 1\n\ty = 2\n");
    assertThat(outcome).isInstanceOf(SyntaxError.class);
    assertThat(((SyntaxError) outcome).message()).contains("inconsistent use of tabs");
  }

  @Test
  void bomAndCodingLineAreAccepted() {
    assertParses("\uFEFF# -*- coding: utf-8 -*-\nx = 1\n");
  }

  @Test
  void decodeHonoursCodingDeclarationAndBom() throws Exception {
    byte[] latin1 = "# -*- coding: latin-1 -*-\nx = '\u00e9'\n".getBytes(StandardCharsets.ISO_8859_1);
    assertThat(PythonParsing.decode(latin1)).contains("'\u00e9'");
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'x', '=', '1'};
    assertThat(PythonParsing.decode(bom)).isEqualTo("x=1");
  }

  @Test
  void decodeRefusesUnknownEncodingsAsCpythonDoes() {
    byte[] unknown = "# coding: no-such-codec\nx = 1\n".getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> PythonParsing.decode(unknown))
        .isInstanceOf(CharConversionException.class)
        .hasMessageContaining("no-such-codec");
  }

  @Test
  void syntaxErrorReportsItsLine() {
    ParseOutcome outcome = parse("x = 1\ny = 2\ndef f(:\n    pass\n");
    assertThat(outcome).isInstanceOf(SyntaxError.class);
    assertThat(((SyntaxError) outcome).line()).isEqualTo(3);
    assertThat(outcome.fileName()).isEqualTo("sample.py");
  }

  @Test
  void unclosedBracketIsASyntaxError() {
    assertThat(parse("x = (1,\ny = 2\n")).isInstanceOf(SyntaxError.class);
  }

  @Test
  void badDedentIsReportedOnItsLine() {
    ParseOutcome outcome = parse("if a:\n    x = 1\n  y = 2\n");
    assertThat(outcome).isInstanceOf(SyntaxError.class);
    assertThat(((SyntaxError) outcome).line()).isEqualTo(3);
  }

  @Test
  void tenThousandNestedBracketsGiveASyntaxErrorNotAStackOverflow() {
    String deep = "x = " + "(".repeat(10_000) + "1" + ")".repeat(10_000) + "\n";
    ParseOutcome outcome = parse(deep);
    assertThat(outcome).isInstanceOf(SyntaxError.class);
    assertThat(((SyntaxError) outcome).message()).isEqualTo("too many nested parentheses");
  }

  @Test
  void nestingLimitsAreCpythons() {
    assertParses("x = " + "(".repeat(200) + "1" + ")".repeat(200) + "\n");
    assertThat(parse("x = " + "(".repeat(201) + "1" + ")".repeat(201) + "\n"))
        .isInstanceOf(SyntaxError.class);
    assertParses(nestedIfs(99));
    ParseOutcome tooDeep = parse(nestedIfs(100));
    assertThat(tooDeep).isInstanceOf(SyntaxError.class);
    assertThat(((SyntaxError) tooDeep).line()).isEqualTo(101);
  }

  private static String nestedIfs(int levels) {
    StringBuilder source = new StringBuilder();
    for (int level = 0; level < levels; level++) {
      source.append(" ".repeat(level)).append("if x:\n");
    }
    return source.append(" ".repeat(levels)).append("pass\n").toString();
  }

  @Test
  void constructsOfPython312And313Parse() throws Exception {
    try (var in = getClass().getResourceAsStream("edge_cases_3_13.py")) {
      assertParses(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void unexpectedIndentIsASyntaxError() {
    assertThat(parse("x = 1\n    y = 2\n")).isInstanceOf(SyntaxError.class);
  }

  @Test
  void unterminatedStringIsReportedWithCpythonsMessage() {
    ParseOutcome outcome = parse("x = 'a' + 'b\ny = 1\n");
    assertThat(outcome).hasToString("sample.py:1:10: unterminated string literal (detected at line 1)");
  }

  @Test
  void unterminatedFStringIsReportedOnItsLine() {
    ParseOutcome outcome = parse("x = 1\ny = f'{a'\n");
    assertThat(outcome).isInstanceOf(SyntaxError.class);
    assertThat(((SyntaxError) outcome).line()).isEqualTo(2);
  }

  @Test
  void unterminatedTripleQuotedStringIsReportedWithCpythonsMessage() {
    assertThat(parse("x = 1\ny = '''abc\ndef\n"))
        .hasToString(
            "sample.py:2:4: unterminated triple-quoted string literal (detected at line 3)");
    assertThat(parse("x = 1\ny = rb\"\"\"abc\n\ndef"))
        .hasToString(
            "sample.py:2:4: unterminated triple-quoted string literal (detected at line 4)");
  }

  @Test
  void unterminatedTripleQuotedStringIsReportedEvenAfterOtherQuotes() {
    ParseOutcome outcome = parse("x = '''a''' + ''\ny = \"\"\"\nz = ''\n");
    assertThat(outcome)
        .hasToString(
            "sample.py:2:4: unterminated triple-quoted string literal (detected at line 3)");
  }

  @Test
  void emptyStringsAndClosedTripleQuotedStringsStillParse() {
    assertParses("x = '' + \"\" + '''''' + ''' ' '' ''' + \"\"\"\"\"\"\ny = ('', '')\n");
  }

  @Test
  void unterminatedTripleQuotedFStringIsReportedWithCpythonsMessage() {
    assertThat(parse("x = 1\ny = f'''{a}\nrest\n"))
        .hasToString(
            "sample.py:2:4: unterminated triple-quoted f-string literal (detected at line 3)");
  }

  @Test
  void syntaxErrorRendersAsOneE017Line() {
    SyntaxError error = (SyntaxError) parse("x = 1\ny = '''abc\n");
    assertThat(error.oneLine())
        .isEqualTo(
            "sample.py:2:5: E017 SyntaxError: unterminated triple-quoted string literal"
                + " (detected at line 2)");
  }
}
