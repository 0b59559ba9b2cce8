package dev.tach.discovery.extract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tach.api.model.TestCase;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parametrize ids as pytest 9 prints them; each expectation was checked with real pytest. */
class ParametrizeIdsTest {

  private static List<String> ids(String decorators, String signature) {
    return Sources.paramIds("", decorators, signature);
  }

  @Test
  void stackedParametrizeJoinsIdsInPytestOrder() {
    assertThat(
            ids(
                "@pytest.mark.parametrize('x', [1, 2])\n@pytest.mark.parametrize('y', ['a', 'b'])",
                "x, y"))
        .containsExactly("a-1", "a-2", "b-1", "b-2");
  }

  @Test
  void floatsUsePythonsShortestRepr() {
    assertThat(
            ids(
                "@pytest.mark.parametrize('x', [0.1, 1e16, 1e-5, -0.0, 1/3, 2.5e300,"
                    + " float('nan'), 1e22, 123456789012345678.0, 1e3, float('-inf')])",
                "x"))
        .containsExactly(
            "0.1",
            "1e+16",
            "1e-05",
            "-0.0",
            "0.3333333333333333",
            "2.5e+300",
            "nan",
            "1e+22",
            "1.2345678901234568e+17",
            "1000.0",
            "-inf");
  }

  @Test
  void complexNumbersPrintLikePython() {
    assertThat(ids("@pytest.mark.parametrize('x', [1j, 1 + 2j, -1j, 0j, 1 - 0j, 2.5j])", "x"))
        .containsExactly("1j", "(1+2j)", "(-0-1j)", "0j", "(1+0j)", "2.5j");
  }

  @Test
  void duplicateIdsAreNumberedTheWayPytest9Does() {
    assertThat(
            ids("@pytest.mark.parametrize('x', [1, 1, 'a', 'a', 'a0', 2, '21', '2_1'])", "x"))
        .containsExactly("1_0", "1_1", "a1", "a2", "a0", "2", "21", "2_1");
  }

  @Test
  void stringsAndBytesAreAsciiEscaped() {
    assertThat(
            ids(
                "@pytest.mark.parametrize('x', ['tab\\there', 'ünï', '\\U0001f600', 'back\\\\slash',"
                    + " b'\\x00\\xff', b'back\\\\slash', '\\x7f'])",
                "x"))
        .containsExactly(
            "tab\\there",
            "\\xfcn\\xef",
            "\\U0001f600",
            "back\\\\slash",
            "\\x00\\xff",
            "back\\slash",
            "\\x7f");
  }

  @Test
  void disabledEscapingKeepsUnicode() {
    String source =
        "import pytest\n@pytest.mark.parametrize('x', ['ünï', 'a\\nb'])\ndef test_x(x):\n  pass\n";
    LinkOptions raw =
        new LinkOptions(
            List.of("Test"), List.of("test"), true, false, true, "skip", java.util.Optional.empty());
    assertThat(Sources.of("test_m.py", source).options(raw).ids())
        .containsExactly("test_m.py::test_x[ünï]", "test_m.py::test_x[a\nb]");
  }

  @Test
  void objectsWithANameUseItAndOthersUseArgnameAndIndex() {
    String prelude =
        "import math, re, enum\n"
            + "class K: pass\n"
            + "class E(enum.Enum):\n    A = 1\n"
            + "def f(): pass\n";
    assertThat(
            Sources.paramIds(
                prelude,
                "@pytest.mark.parametrize('x', [K, f, len, ValueError, math, re.compile('a+'),"
                    + " E.A, lambda: 0, K(), [1], (2,), {}, None, True, range(2)])",
                "x"))
        .containsExactly(
            "K", "f", "len", "ValueError", "math", "a+", "E.A", "<lambda>", "x8", "x9", "x10",
            "x11", "None", "True", "x14");
  }

  @Test
  void enumMembersPrintAsPythonPrintsThemForTheTarget() {
    String source =
        "import pytest, enum\n"
            + "class Plain(enum.Enum):\n    A = 1\n"
            + "class Text(str, enum.Enum):\n    B = 'bee'\n"
            + "class Number(enum.IntEnum):\n    C = 3\n"
            + "@pytest.mark.parametrize('x', [Plain.A, Text.B, Number.C])\n"
            + "def test_x(x):\n  pass\n";
    LinkOptions py311 = LinkOptions.defaults().withTarget(LinkOptions.PythonTarget.parse("3.11"));
    LinkOptions py310 = LinkOptions.defaults().withTarget(LinkOptions.PythonTarget.parse("3.10"));
    assertThat(Sources.of("test_m.py", source).options(py311).ids())
        .containsExactly(
            "test_m.py::test_x[Plain.A]", "test_m.py::test_x[bee]", "test_m.py::test_x[3]");
    assertThat(Sources.of("test_m.py", source).options(py310).ids())
        .containsExactly(
            "test_m.py::test_x[Plain.A]", "test_m.py::test_x[bee]", "test_m.py::test_x[Number.C]");
  }

  @Test
  void unpackedModuleConstantsAreItems() {
    assertThat(
            Sources.paramIds(
                "A, (B, C) = 1, ('x', 2.5)\nD, E = 'de'\n",
                "@pytest.mark.parametrize('v', [A, B, C, D, E])",
                "v"))
        .containsExactly("1", "x", "2.5", "d", "e");
  }

  @Test
  void emptyParameterListGivesOneNotsetTestMarkedSkip() {
    List<TestCase> tests =
        Sources.of(
                "test_m.py",
                "import pytest\n@pytest.mark.parametrize('a,b', [])\ndef test_x(a, b):\n  pass\n")
            .link("test_m.py")
            .tests();
    assertThat(tests).singleElement().satisfies(t -> {
      assertThat(t.nodeId()).isEqualTo("test_m.py::test_x[NOTSET]");
      // the function's own marks first, then the marks of its parameter set
      assertThat(t.markers()).extracting(m -> m.name()).containsExactly("parametrize", "skip");
      assertThat(t.markers().get(1).keywords())
          .containsEntry("reason", "'got empty parameter set for (a, b)'");
    });
  }

  @Test
  void explicitIdsWinAndNoneFallsBack() {
    assertThat(
            ids(
                "@pytest.mark.parametrize('x', [1, pytest.param(2, id='two'), 3, 4],"
                    + " ids=['a', 'ignored', None, 7])",
                "x"))
        .containsExactly("a", "two", "3", "7");
  }

  @Test
  void hiddenParamLeavesNoIdPiece() {
    assertThat(
            Sources.of(
                    "test_m.py",
                    "import pytest\n"
                        + "@pytest.mark.parametrize('x', [pytest.param(1, id=pytest.HIDDEN_PARAM), 2])\n"
                        + "def test_x(x):\n  pass\n")
                .ids())
        .containsExactly("test_m.py::test_x", "test_m.py::test_x[2]");
  }

  @Test
  void idsCallablesThatAreLambdasOrStrAreApplied() {
    assertThat(ids("@pytest.mark.parametrize('x', [3.14159], ids=lambda v: f'{v:.2f}|{v:e}|{v:10.3f}|{v:%}')", "x"))
        .containsExactly("3.14|3.141590e+00|     3.142|314.159000%");
    assertThat(ids("@pytest.mark.parametrize('x', [(1, 'a'), None], ids=str)", "x"))
        .containsExactly("(1, 'a')", "None");
  }

  @Test
  void fStringValuesAreFormatted() {
    assertThat(
            ids(
                "@pytest.mark.parametrize('x', [f\"{n:03d}-{n!r}-{'s'!s:>3}\" for n in (1, 22)])",
                "x"))
        .containsExactly("001-1-  s", "022-22-  s");
  }

  @Test
  void moduleConstantsComprehensionsAndItertoolsAreEvaluated() {
    String prelude =
        "import itertools\nBASE = [1, 2]\nBASE += [3]\nGRID = itertools.product('ab', range(2))\n";
    assertThat(Sources.paramIds(prelude, "@pytest.mark.parametrize('x', [b * 10 for b in BASE if b > 1])", "x"))
        .containsExactly("20", "30");
    assertThat(Sources.paramIds(prelude, "@pytest.mark.parametrize('c,n', GRID)", "c, n"))
        .containsExactly("a-0", "a-1", "b-0", "b-1");
  }

  @Test
  void valuesFromImportedModulesAreFollowed() {
    Sources sources =
        Sources.of(
                "pkg/test_m.py",
                "import pytest\nfrom .data import CASES\nfrom . import data\n"
                    + "@pytest.mark.parametrize('x', CASES + data.MORE)\ndef test_x(x):\n  pass\n")
            .with("pkg/__init__.py", "")
            .with("pkg/data.py", "CASES = ['a', 'b']\nMORE = (1.5,)\nMORE = list(MORE)\n");
    assertThat(sources.ids()).containsExactly(
        "pkg/test_m.py::test_x[a]", "pkg/test_m.py::test_x[b]", "pkg/test_m.py::test_x[1.5]");
  }

  @Test
  void valuesThatOnlyRunningCanComputeMakeOneDynamicTest() {
    List<TestCase> tests =
        Sources.of(
                "test_m.py",
                "import pytest\ndef compute():\n  return [1]\n"
                    + "@pytest.mark.parametrize('x', compute())\ndef test_x(x):\n  pass\n")
            .link("test_m.py")
            .tests();
    assertThat(tests).singleElement().satisfies(t -> {
      assertThat(t.idParts()).isEmpty();
      assertThat(t.parametrizedArgs()).containsExactly("x");
      assertThat(t.dynamic()).hasValueSatisfying(r -> assertThat(r).contains("compute()"));
    });
  }

  @Test
  void indirectArgumentsAreFixtureRequests() {
    TestCase test =
        Sources.of(
                "test_m.py",
                "import pytest\n"
                    + "@pytest.mark.parametrize('fix,y', [(1, 2)], indirect=['fix'])\n"
                    + "def test_x(fix, y, other):\n  pass\n")
            .test("test_m.py::test_x[1-2]");
    assertThat(test.requests()).containsExactly("fix", "other");
    assertThat(test.parametrizedArgs()).containsExactly("y", "fix");
  }

  @Test
  void classAndModuleParametrizeApplyAfterTheFunctionsOwn() {
    String source =
        "import pytest\n"
            + "pytestmark = pytest.mark.parametrize('m', ['mod'])\n"
            + "@pytest.mark.parametrize('c', [1])\n"
            + "class TestC:\n"
            + "    @pytest.mark.parametrize('f', ['fn'])\n"
            + "    def test_x(self, c, f, m):\n        pass\n";
    assertThat(Sources.of("test_m.py", source).ids())
        .containsExactly("test_m.py::TestC::test_x[fn-1-mod]");
  }

  @Test
  void duplicateIdsAreACollectionErrorWhenStrict() {
    LinkOptions strict =
        new LinkOptions(
            List.of("Test"), List.of("test"), false, true, true, "skip", java.util.Optional.empty());
    TestCase test =
        Sources.of(
                "test_m.py",
                "import pytest\n@pytest.mark.parametrize('x', [1, 1])\ndef test_x(x):\n  pass\n")
            .options(strict)
            .test("test_m.py::test_x");
    assertThat(test.dynamic()).hasValueSatisfying(r -> assertThat(r).contains("collection error"));
  }
}
