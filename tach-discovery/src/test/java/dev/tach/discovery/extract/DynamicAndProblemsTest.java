package dev.tach.discovery.extract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tach.api.ErrorCode;
import dev.tach.api.model.DynamicNote;
import dev.tach.api.model.TestCase;
import dev.tach.api.model.TestModule;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What static discovery cannot know is reported, and errors are problems, never exceptions. */
class DynamicAndProblemsTest {

  @Test
  void syntaxErrorIsE017WithoutTests() {
    TestModule module = Sources.of("test_bad.py", "def test_x(:\n  pass\n").link("test_bad.py");
    assertThat(module.tests()).isEmpty();
    assertThat(module.problems()).singleElement().satisfies(p -> {
      assertThat(p.code()).isEqualTo(ErrorCode.E017);
      assertThat(p.location().line()).isEqualTo(1);
      assertThat(p.oneLine()).startsWith("test_bad.py:1:").contains("E017 SyntaxError");
    });
  }

  @Test
  void versionChecksAreDecidedForAKnownTarget() {
    String source =
        "import sys\n"
            + "if sys.version_info >= (3, 10):\n  def test_new(): pass\nelse:\n  def test_old(): pass\n"
            + "if sys.version_info[:2] < (3, 8) or sys.platform == 'win32':\n  def test_ancient(): pass\n";
    LinkOptions target = LinkOptions.defaults().withTarget(LinkOptions.PythonTarget.parse("3.11"));
    assertThat(Sources.of("test_m.py", source).options(target).ids())
        .containsExactly("test_m.py::test_new");
    List<TestCase> unknown = Sources.of("test_m.py", source).link("test_m.py").tests();
    assertThat(unknown).extracting(TestCase::function).containsExactly("test_new", "test_old", "test_ancient");
    assertThat(unknown).allMatch(t -> t.dynamic().isPresent());
  }

  @Test
  void testsMadeInLoopsOrByHooksAreFlagged() {
    String source =
        "for n in range(3):\n  def test_loop(): pass\n"
            + "def pytest_generate_tests(metafunc): pass\n"
            + "def test_plain(): pass\n"
            + "globals()['test_made'] = lambda: None\n"
            + "setattr(object(), 'test_other', None)\n";
    TestModule module = Sources.of("test_m.py", source).link("test_m.py");
    assertThat(module.tests()).allMatch(t -> t.dynamic().isPresent());
    assertThat(module.tests().get(0).dynamic().get()).contains("in a loop");
    assertThat(module.tests().get(1).dynamic().get()).contains("pytest_generate_tests");
    assertThat(module.hooks()).containsExactly("pytest_generate_tests");
    assertThat(module.dynamic()).extracting(DynamicNote::reason)
        .anyMatch(r -> r.contains("globals()"))
        .anyMatch(r -> r.contains("setattr()"));
  }

  @Test
  void moduleLevelSkipsAndRequiredImports() {
    TestModule skipped =
        Sources.of(
                "test_m.py",
                "import pytest\npytest.skip('not here', allow_module_level=True)\ndef test_x(): pass\n")
            .link("test_m.py");
    assertThat(skipped.tests()).isEmpty();
    assertThat(skipped.dynamic()).extracting(DynamicNote::reason)
        .anyMatch(r -> r.contains("skipped at import time"));
    TestModule required =
        Sources.of(
                "test_m.py",
                "import pytest\nnp = pytest.importorskip('numpy', minversion='1.20')\n"
                    + "class TestC:\n  pd = pytest.importorskip('pandas')\n  def test_x(self):\n    pytest.importorskip('inside')\n")
            .link("test_m.py");
    assertThat(required.requiredImports())
        .extracting(r -> r.module() + r.minVersion().map(v -> ">=" + v).orElse(""))
        .containsExactly("numpy>=1.20", "pandas");
    assertThat(required.tests()).hasSize(1);
  }

  @Test
  void pytestPluginsAndHooksAreListed() {
    TestModule conftest =
        Sources.of(
                "conftest.py",
                "pytest_plugins = ('a.b', 'c')\ndef pytest_configure(config): pass\n"
                    + "def pytest_collection_modifyitems(items): pass\ndef helper(): pass\n")
            .link("conftest.py");
    assertThat(conftest.pytestPlugins()).containsExactly("a.b", "c");
    assertThat(conftest.hooks()).containsExactly("pytest_configure", "pytest_collection_modifyitems");
    assertThat(conftest.tests()).isEmpty();
  }

  @Test
  void unreadableBasesMakeTestsDynamicButKeepThem() {
    String source =
        "from somewhere_else import Base\n"
            + "class TestC(Base):\n  def test_x(self): pass\n"
            + "class Helper(Base):\n  def test_maybe_unittest(self): pass\n";
    TestModule module = Sources.of("test_m.py", source).link("test_m.py");
    assertThat(module.tests()).singleElement().satisfies(t -> {
      assertThat(t.nodeId()).isEqualTo("test_m.py::TestC::test_x");
      assertThat(t.dynamic()).hasValueSatisfying(r -> assertThat(r).contains("somewhere_else.Base"));
    });
    assertThat(module.dynamic()).extracting(DynamicNote::reason)
        .anyMatch(r -> r.contains("Helper") && r.contains("unittest"));
  }

  @Test
  void weirdButValidPythonNeverThrows() {
    String source =
        "import pytest\n"
            + "class TestA(TestA if False else object): pass\n"
            + "X = X\n"
            + "a = b = c = a\n"
            + "from . import nothing\n"
            + "from .missing import *\n"
            + "@pytest.mark.parametrize('x', X)\ndef test_cycle(x): pass\n"
            + "@pytest.mark.parametrize('x', [1], ids=[object()])\ndef test_bad_ids(x): pass\n"
            + "@pytest.mark.parametrize(*['x', [1]])\ndef test_star(x): pass\n"
            + "@pytest.mark.parametrize('x', [1, 2], ids=['only one'])\ndef test_count(x): pass\n"
            + "class TestLoop(TestLoop2):\n  pass\nclass TestLoop2(TestLoop):\n  def test_y(self): pass\n"
            + "type Alias = int\n"
            + "match 1:\n  case 1:\n    def test_matched(): pass\n"
            + "try:\n  pass\nexcept* ValueError:\n  pass\n"
            + "lambda: (yield)\n"
            + "test_z = pytest.mark.skip(lambda: 0)\n";
    TestModule module = Sources.of("pkg/test_m.py", source).with("pkg/__init__.py", "").link("pkg/test_m.py");
    assertThat(module.problems()).isEmpty();
    assertThat(module.tests()).extracting(TestCase::function)
        .contains("test_cycle", "test_bad_ids", "test_star", "test_count", "test_matched");
    assertThat(module.tests()).filteredOn(t -> !t.function().equals("test_y"))
        .allMatch(t -> t.dynamic().isPresent());
  }

  @Test
  void classesWhoseMetaclassMayRewriteThemAreDynamic() {
    String source =
        "class Meta(type):\n  pass\n"
            + "class Base:\n  def __init_subclass__(cls): pass\n"
            + "class TestMeta(metaclass=Meta):\n  def test_a(self): pass\n"
            + "class TestSub(Base):\n  def test_b(self): pass\n"
            + "import abc\nclass TestAbcMeta(metaclass=abc.ABCMeta):\n  def test_c(self): pass\n";
    TestModule module = Sources.of("test_m.py", source).link("test_m.py");
    assertThat(module.tests()).extracting(TestCase::function)
        .containsExactly("test_a", "test_b", "test_c");
    assertThat(module.tests().get(0).dynamic())
        .hasValueSatisfying(r -> assertThat(r).contains("metaclass Meta"));
    assertThat(module.tests().get(1).dynamic())
        .hasValueSatisfying(r -> assertThat(r).contains("__init_subclass__"));
    assertThat(module.tests().get(2).dynamic()).isEmpty();
  }

  @Test
  void reasonsAndNotesAreOneLine() {
    String source =
        "import pytest\nif x:\n  pytest.skip('''multi\nline''', allow_module_level=True)\n"
            + "@pytest.mark.parametrize('x', [\n  compute(\n    1)\n])\ndef test_x(x): pass\n";
    TestModule module = Sources.of("test_m.py", source).link("test_m.py");
    assertThat(module.dynamic()).isNotEmpty();
    assertThat(module.dynamic()).extracting(DynamicNote::reason).allMatch(r -> !r.contains("\n"));
    assertThat(module.tests()).allMatch(t -> !t.dynamic().orElse("").contains("\n"));
  }

  @Test
  void generatorTestsAreACollectionError() {
    TestCase test =
        Sources.of("test_m.py", "def test_gen():\n  yield 1\n").test("test_m.py::test_gen");
    assertThat(test.dynamic()).hasValueSatisfying(r -> assertThat(r).contains("'yield'"));
  }

  @Test
  void emptyOptionalsStayEmpty() {
    TestCase test = Sources.of("test_m.py", "def test_x(): pass\n").test("test_m.py::test_x");
    assertThat(test.dynamic()).isEqualTo(Optional.empty());
    assertThat(test.location().line()).isEqualTo(1);
    assertThat(test.kind()).isEqualTo(TestCase.Kind.FUNCTION);
  }
}
