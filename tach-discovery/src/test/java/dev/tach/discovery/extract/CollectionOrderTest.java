package dev.tach.discovery.extract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tach.api.model.TestCase;
import dev.tach.api.model.TestModule;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which tests pytest 9 collects from a module, and in which order (checked with real pytest). */
class CollectionOrderTest {

  @Test
  void reboundNameKeepsItsFirstPositionAndDeletedNameMovesToTheEnd() {
    String source =
        "def test_a():\n  pass\n"
            + "def test_b():\n  pass\n"
            + "def test_a():\n  pass\n"
            + "def test_c():\n  pass\n"
            + "del test_c\n"
            + "def test_d():\n  pass\n"
            + "def test_c():\n  pass\n"
            + "test_alias = test_b\n";
    assertThat(Sources.of("test_m.py", source).ids())
        .containsExactly(
            "test_m.py::test_a",
            "test_m.py::test_b",
            "test_m.py::test_d",
            "test_m.py::test_c",
            "test_m.py::test_alias");
  }

  @Test
  void testAttributeSwitchesFunctionsAndClassesOnAndOff() {
    String source =
        "def test_off():\n  pass\n"
            + "test_off.__test__ = False\n"
            + "def check_on():\n  pass\n"
            + "check_on.__test__ = True\n"
            + "class Suite:\n  __test__ = True\n  def test_in_suite(self):\n    pass\n"
            + "class TestOff:\n  __test__ = False\n  def test_never(self):\n    pass\n";
    assertThat(Sources.of("test_m.py", source).ids())
        .containsExactly("test_m.py::check_on", "test_m.py::Suite::test_in_suite");
  }

  @Test
  void classesWithAConstructorAreNotCollected() {
    String source =
        "import dataclasses\n"
            + "class TestInit:\n  def __init__(self):\n    pass\n  def test_x(self):\n    pass\n"
            + "class Base:\n  def __new__(cls):\n    pass\n"
            + "class TestNew(Base):\n  def test_x(self):\n    pass\n"
            + "@dataclasses.dataclass\nclass TestData:\n  def test_x(self):\n    pass\n"
            + "class TestFine:\n  def test_x(self):\n    pass\n";
    TestModule module = Sources.of("test_m.py", source).link("test_m.py");
    assertThat(module.tests()).extracting(TestCase::nodeId).containsExactly("test_m.py::TestFine::test_x");
    assertThat(module.dynamic()).extracting(n -> n.reason())
        .anyMatch(r -> r.contains("TestInit") && r.contains("__init__"));
  }

  @Test
  void inheritedMethodsComeFirstInReversedMroOrder() {
    String source =
        "class A:\n  def test_from_a(self): pass\n  def test_shared(self): pass\n"
            + "class B(A):\n  def test_from_b(self): pass\n"
            + "class C(A):\n  def test_from_c(self): pass\n  def test_shared(self): pass\n"
            + "class TestDiamond(B, C):\n  def test_own(self): pass\n";
    assertThat(Sources.of("test_m.py", source).ids())
        .containsExactly(
            "test_m.py::TestDiamond::test_from_a",
            "test_m.py::TestDiamond::test_from_c",
            "test_m.py::TestDiamond::test_shared",
            "test_m.py::TestDiamond::test_from_b",
            "test_m.py::TestDiamond::test_own");
  }

  @Test
  void aSubclassAttributeHidesTheInheritedTest() {
    Sources sources =
        Sources.of(
                "pkg/test_m.py",
                "from .base import Base\n"
                    + "class TestDerived(Base):\n  test_one = None\n  def test_two(self): pass\n")
            .with("pkg/__init__.py", "")
            .with("pkg/base.py", "class Base:\n  def test_one(self): pass\n  def test_two(self): pass\n");
    assertThat(sources.ids()).containsExactly("pkg/test_m.py::TestDerived::test_two");
  }

  @Test
  void importedTestClassesAndFunctionsAreCollectedInTheImportingModule() {
    Sources sources =
        Sources.of(
                "pkg/test_m.py",
                "from pkg.other import TestShared as TestAlias, test_shared\n"
                    + "from .star import *\n"
                    + "def test_local(): pass\n")
            .with("pkg/__init__.py", "")
            .with("pkg/other.py", "class TestShared:\n  def test_x(self): pass\ndef test_shared(): pass\n")
            .with("pkg/star.py", "def test_starred(): pass\ndef _test_private(): pass\n");
    List<String> ids = sources.ids();
    assertThat(ids)
        .containsExactly(
            "pkg/test_m.py::TestAlias::test_x",
            "pkg/test_m.py::test_shared",
            "pkg/test_m.py::test_starred",
            "pkg/test_m.py::test_local");
    TestCase imported = sources.test("pkg/test_m.py::TestAlias::test_x");
    assertThat(imported.location().file()).isEqualTo("pkg/other.py");
  }

  @Test
  void collectImportedTestsOffKeepsOnlyLocalDefinitions() {
    LinkOptions options =
        new LinkOptions(
            List.of("Test"), List.of("test"), false, false, false, "skip", java.util.Optional.empty());
    Sources sources =
        Sources.of("pkg/test_m.py", "from pkg.other import test_shared\ndef test_local(): pass\n")
            .with("pkg/__init__.py", "")
            .with("pkg/other.py", "def test_shared(): pass\n")
            .options(options);
    assertThat(sources.ids()).containsExactly("pkg/test_m.py::test_local");
  }

  @Test
  void nestedClassesStaticAndClassMethodsAreCollected() {
    String source =
        "class TestOuter:\n"
            + "  @staticmethod\n  def test_static(x=1): pass\n"
            + "  @classmethod\n  def test_cls(cls): pass\n"
            + "  @property\n  def test_prop(self): return 1\n"
            + "  test_data = [1]\n"
            + "  class TestInner:\n    def test_in(self): pass\n"
            + "  class Helper:\n    def test_hidden(self): pass\n";
    assertThat(Sources.of("test_m.py", source).ids())
        .containsExactly(
            "test_m.py::TestOuter::test_static",
            "test_m.py::TestOuter::test_cls",
            "test_m.py::TestOuter::TestInner::test_in");
  }

  @Test
  void unittestCasesCollectEveryTestMethodSortedByName() {
    Sources sources =
        Sources.of(
                "pkg/test_m.py",
                "import unittest\nfrom .base import UtBase\nimport pytest\n"
                    + "class Mine(unittest.TestCase):\n"
                    + "  def test_zeta(self): pass\n  def testNo(self): pass\n  def test_alpha(self): pass\n"
                    + "  @pytest.mark.parametrize('x', [1])\n  def test_param(self, x): pass\n"
                    + "  test_value = 3\n"
                    + "class Derived(UtBase):\n  def test_b(self): pass\n"
                    + "class RunOnly(unittest.TestCase):\n  def runTest(self): pass\n")
            .with("pkg/__init__.py", "")
            .with("pkg/base.py", "import unittest\nclass UtBase(unittest.TestCase):\n  def test_z(self): pass\n  def test_a(self): pass\n");
    TestModule module = sources.link("pkg/test_m.py");
    assertThat(module.tests())
        .extracting(TestCase::nodeId)
        .containsExactly(
            "pkg/test_m.py::UtBase::test_a",
            "pkg/test_m.py::UtBase::test_z",
            "pkg/test_m.py::Mine::testNo",
            "pkg/test_m.py::Mine::test_alpha",
            "pkg/test_m.py::Mine::test_param",
            "pkg/test_m.py::Mine::test_zeta",
            "pkg/test_m.py::Derived::test_a",
            "pkg/test_m.py::Derived::test_b",
            "pkg/test_m.py::Derived::test_z",
            "pkg/test_m.py::RunOnly::runTest");
    assertThat(module.tests()).allMatch(t -> t.kind() == TestCase.Kind.UNITTEST);
  }

  @Test
  void pythonClassesAndFunctionsGlobsAndPrefixes() {
    LinkOptions options =
        new LinkOptions(
            List.of("*Suite", "Check"), List.of("check_*", "verify"), false, false, true, "skip",
            java.util.Optional.empty());
    String source =
        "def check_one(): pass\ndef checkless(): pass\ndef verify_two(): pass\ndef test_no(): pass\n"
            + "class MySuite:\n  def verify(self): pass\n"
            + "class Checker:\n  def check_x(self): pass\n"
            + "class TestNo:\n  def check_y(self): pass\n";
    assertThat(Sources.of("test_m.py", source).options(options).ids())
        .containsExactly(
            "test_m.py::check_one",
            "test_m.py::verify_two",
            "test_m.py::MySuite::verify",
            "test_m.py::Checker::check_x");
  }

  @Test
  void fixturesAndNonCallablesAreNotTests() {
    String source =
        "import pytest\nfrom pytest import fixture\n"
            + "@pytest.fixture\ndef test_fix(): return 1\n"
            + "@fixture(name='other')\ndef test_named(): return 2\n"
            + "test_number = 3\n"
            + "async def test_async(): pass\n";
    TestModule module = Sources.of("test_m.py", source).link("test_m.py");
    assertThat(module.tests()).extracting(TestCase::nodeId).containsExactly("test_m.py::test_async");
    assertThat(module.tests().get(0).async()).isTrue();
  }

  @Test
  void abstractClassesAreSkipped() {
    String source =
        "import abc\n"
            + "class TestAbstract(abc.ABC):\n"
            + "  @abc.abstractmethod\n  def make(self): ...\n"
            + "  def test_x(self): pass\n"
            + "class TestConcrete(TestAbstract):\n  def make(self): return 1\n";
    assertThat(Sources.of("test_m.py", source).ids())
        .containsExactly("test_m.py::TestConcrete::test_x");
  }
}
