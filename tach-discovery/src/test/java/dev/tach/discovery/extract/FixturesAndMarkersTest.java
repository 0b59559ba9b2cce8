package dev.tach.discovery.extract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tach.api.model.FixtureDefinition;
import dev.tach.api.model.FixtureScope;
import dev.tach.api.model.Marker;
import dev.tach.api.model.TestCase;
import dev.tach.api.model.TestModule;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fixture definitions, markers and requested fixtures as pytest 9 sees them. */
class FixturesAndMarkersTest {

  private static FixtureDefinition fixture(TestModule module, String name) {
    return module.fixtures().stream()
        .filter(f -> f.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no fixture " + name + " in " + module.fixtures()));
  }

  @Test
  void fixtureDecoratorArgumentsAreRead() {
    String source =
        "import pytest\nfrom pytest import fixture\n"
            + "@pytest.fixture(scope='module', autouse=True, name='renamed')\n"
            + "def impl(request, tmp_path, unused=3):\n  '''Gives a thing.'''\n  yield 1\n"
            + "@fixture(params=[1, 'two', None, pytest.param(4, id='four')], ids=['one', None, None, None])\n"
            + "def numbers(request):\n  return request.param\n"
            + "@pytest.fixture(params=[], scope=lambda fixture_name, config: 'session')\n"
            + "def nothing(): pass\n"
            + "@pytest.yield_fixture\ndef old(): yield\n";
    TestModule module = Sources.of("pkg/test_m.py", source).link("pkg/test_m.py");
    FixtureDefinition renamed = fixture(module, "renamed");
    assertThat(renamed.function()).isEqualTo("impl");
    assertThat(renamed.scope()).isEqualTo(FixtureScope.MODULE);
    assertThat(renamed.autouse()).isTrue();
    assertThat(renamed.requests()).containsExactly("request", "tmp_path");
    assertThat(renamed.visibleFrom()).isEqualTo("pkg/test_m.py");
    assertThat(renamed.origin()).isEqualTo(FixtureDefinition.Origin.MODULE);
    assertThat(renamed.doc()).hasValue("Gives a thing.");
    assertThat(fixture(module, "numbers").paramIds()).containsExactly("one", "two", "None", "four");
    assertThat(fixture(module, "nothing").paramIds()).containsExactly("NOTSET");
    assertThat(fixture(module, "nothing").scopeDynamic()).isTrue();
    assertThat(fixture(module, "old").scope()).isEqualTo(FixtureScope.FUNCTION);
  }

  @Test
  void conftestAndClassFixturesAreVisibleFromTheirNodes() {
    Sources sources =
        Sources.of(
                "pkg/tests/test_m.py",
                "import pytest\nclass TestC:\n"
                    + "  @pytest.fixture\n  def method_fix(self, other):\n    return 1\n"
                    + "  @pytest.fixture\n  @staticmethod\n  def static_fix(a):\n    return 1\n"
                    + "  def test_x(self, method_fix): pass\n")
            .with("pkg/tests/conftest.py", "import pytest\n@pytest.fixture\ndef shared(): pass\n")
            .with("conftest.py", "import pytest\n@pytest.fixture\ndef root(): pass\n");
    TestModule test = sources.link("pkg/tests/test_m.py");
    assertThat(fixture(test, "method_fix").visibleFrom()).isEqualTo("pkg/tests/test_m.py::TestC");
    assertThat(fixture(test, "method_fix").requests()).containsExactly("other");
    assertThat(fixture(test, "static_fix").requests()).containsExactly("a");
    assertThat(fixture(sources.link("pkg/tests/conftest.py"), "shared").visibleFrom())
        .isEqualTo("pkg/tests");
    assertThat(fixture(sources.link("conftest.py"), "root").visibleFrom()).isEmpty();
    assertThat(fixture(sources.link("conftest.py"), "root").origin())
        .isEqualTo(FixtureDefinition.Origin.CONFTEST);
  }

  @Test
  void markersComeClosestFirstWithBaseClassMarksBeforeTheClassesOwn() {
    Sources sources =
        Sources.of(
                "pkg/test_m.py",
                "import pytest as pt\nfrom pytest import mark\nfrom .base import Base\n"
                    + "pytestmark = [pt.mark.module_level]\n"
                    + "@mark.derived\nclass TestC(Base):\n"
                    + "  pytestmark = mark.in_body\n"
                    + "  @mark.outer\n  @mark.inner(1, key='v')\n  def test_x(self): pass\n")
            .with("pkg/__init__.py", "")
            .with("pkg/base.py", "import pytest\n@pytest.mark.base\nclass Base: pass\n");
    TestCase test = sources.test("pkg/test_m.py::TestC::test_x");
    assertThat(test.markers())
        .extracting(Marker::name)
        .containsExactly("inner", "outer", "base", "in_body", "derived", "module_level");
    Marker inner = test.markers().get(0);
    assertThat(inner.args()).containsExactly("1");
    assertThat(inner.keywords()).containsEntry("key", "'v'");
    assertThat(inner.location().line()).isEqualTo(9);
    assertThat(test.markers().get(2).location().file()).isEqualTo("pkg/base.py");
  }

  @Test
  void requestsPutUsefixturesFirstAndDropSelfDefaultsAndDirectParameters() {
    String source =
        "import pytest\n"
            + "pytestmark = pytest.mark.usefixtures('from_module')\n"
            + "@pytest.mark.usefixtures('from_class')\n"
            + "class TestC:\n"
            + "  @pytest.mark.usefixtures('from_function', 'second')\n"
            + "  @pytest.mark.parametrize('x', [1])\n"
            + "  def test_x(self, tmp_path, x, from_class, opt=None, *args, **kwargs): pass\n";
    TestCase test = Sources.of("test_m.py", source).test("test_m.py::TestC::test_x[1]");
    assertThat(test.requests())
        .containsExactly("from_function", "second", "from_class", "from_module", "tmp_path");
    assertThat(test.parametrizedArgs()).containsExactly("x");
  }

  @Test
  void mockPatchDecoratorsConsumeLeadingArguments() {
    String source =
        "from unittest import mock\nfrom unittest.mock import patch\nimport unittest.mock as um\n"
            + "@mock.patch('os.getcwd')\n"
            + "@patch('os.sep', new='/')\n"
            + "@patch.object(um, 'DEFAULT')\n"
            + "@patch.dict('os.environ', {'A': '1'})\n"
            + "@patch.multiple('os', sep='/')\n"
            + "def test_x(first_mock, second_mock, real_fixture): pass\n"
            + "class TestC:\n"
            + "  @patch('os.getcwd', new_callable=mock.MagicMock)\n"
            + "  def test_m(self, m, fix): pass\n";
    Sources sources = Sources.of("test_m.py", source);
    assertThat(sources.test("test_m.py::test_x").requests()).containsExactly("real_fixture");
    assertThat(sources.test("test_m.py::TestC::test_m").requests()).containsExactly("fix");
  }

  @Test
  void classLevelPatchDecoratorsPatchEveryTestMethod() {
    String source =
        "from unittest import mock\n"
            + "@mock.patch('os.getcwd')\n"
            + "class Base:\n  def test_inherited(self, cwd, fix): pass\n"
            + "@mock.patch('os.sep')\n"
            + "class TestC(Base):\n"
            + "  def test_own(self, sep, fix): pass\n"
            + "  def helper(self, a): pass\n";
    Sources sources = Sources.of("test_m.py", source);
    assertThat(sources.test("test_m.py::TestC::test_inherited").requests()).isEmpty();
    assertThat(sources.test("test_m.py::TestC::test_own").requests()).containsExactly("fix");
  }

  @Test
  void unittestTestsRequestOnlyUsefixtures() {
    String source =
        "import unittest, pytest\n"
            + "@pytest.mark.usefixtures('db')\n"
            + "class Case(unittest.TestCase):\n  def test_x(self): pass\n";
    TestCase test = Sources.of("test_m.py", source).test("test_m.py::Case::test_x");
    assertThat(test.requests()).containsExactly("db");
    assertThat(test.kind()).isEqualTo(TestCase.Kind.UNITTEST);
    assertThat(test.markers()).extracting(Marker::name).containsExactly("usefixtures");
  }

  @Test
  void parameterSetMarksFollowTheFunctionsOwnMarks() {
    String source =
        "import pytest\n"
            + "@pytest.mark.parametrize('x', [pytest.param(1, marks=[pytest.mark.a, pytest.mark.b])])\n"
            + "@pytest.mark.own\n"
            + "def test_x(x): pass\n";
    TestCase test = Sources.of("test_m.py", source).test("test_m.py::test_x[1]");
    assertThat(test.markers()).extracting(Marker::name).containsExactly("own", "parametrize", "a", "b");
  }

  @Test
  void xunitSetupFunctionsBecomeAutouseFixtures() {
    String source =
        "def setup_module(module): pass\n"
            + "class TestC:\n  def setup_method(self, method): pass\n  def test_x(self): pass\n";
    TestModule module = Sources.of("pkg/test_m.py", source).link("pkg/test_m.py");
    assertThat(module.fixtures())
        .extracting(f -> f.name() + "@" + f.visibleFrom() + ":" + f.scope().pytestName())
        .containsExactlyInAnyOrder(
            "_xunit_setup_module_fixture_pkg.test_m@pkg/test_m.py:module",
            "_xunit_setup_method_fixture_TestC@pkg/test_m.py::TestC:function");
    assertThat(module.fixtures()).allMatch(FixtureDefinition::autouse);
  }

  @Test
  void importedFixturesAreRegisteredUnderTheImportingModule() {
    Sources sources =
        Sources.of("pkg/test_m.py", "from pkg.fixtures import shared as alias\ndef test_x(alias): pass\n")
            .with("pkg/__init__.py", "")
            .with("pkg/fixtures.py", "import pytest\n@pytest.fixture\ndef shared(): pass\n");
    FixtureDefinition alias = fixture(sources.link("pkg/test_m.py"), "alias");
    assertThat(alias.visibleFrom()).isEqualTo("pkg/test_m.py");
    assertThat(alias.location().file()).isEqualTo("pkg/fixtures.py");
    assertThat(alias.function()).isEqualTo("shared");
    assertThat(List.of(alias.requests())).containsExactly(List.of());
  }
}
