package dev.tach.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tach.api.model.TestCase;
import dev.tach.api.model.TestModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaticDiscoveryTest {

  @TempDir Path dir;

  private void write(String... pathsAndContents) {
    try {
      for (int i = 0; i < pathsAndContents.length; i += 2) {
        Path file = dir.resolve(pathsAndContents[i]);
        Files.createDirectories(file.getParent());
        Files.writeString(file, pathsAndContents[i + 1]);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private DiscoveredSuite discover(Optional<Path> python, boolean cache, String... args) {
    return StaticDiscovery.discover(
        new StaticDiscovery.Request(dir, List.of(args), python, false, cache, Map.of(), false));
  }

  private static List<String> ids(DiscoveredSuite suite) {
    return suite.testModules().stream()
        .flatMap(m -> m.tests().stream())
        .filter(suite::selects)
        .map(TestCase::nodeId)
        .toList();
  }

  private static Optional<Path> python() {
    String name = System.getProperty("tach.python", "python3");
    Path candidate = Path.of(name);
    if (!candidate.isAbsolute()) {
      candidate =
          Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
              .map(d -> Path.of(d, name))
              .filter(Files::isExecutable)
              .findFirst()
              .orElse(null);
    }
    assumeTrue(candidate != null && Files.isExecutable(candidate), "no interpreter " + name);
    return Optional.of(candidate);
  }

  @Test
  void nodeIdArgumentsSelectClassesFunctionsAndParametrizations() {
    write(
        "pytest.ini", "[pytest]\n",
        "test_a.py",
            "import pytest\n\nclass TestA:\n    def test_x(self):\n        pass\n\n"
                + "@pytest.mark.parametrize('n', [1, 2])\ndef test_b(n):\n    pass\n\ndef test_c():\n    pass\n");
    assertThat(ids(discover(Optional.empty(), false, "test_a.py::TestA")))
        .containsExactly("test_a.py::TestA::test_x");
    assertThat(ids(discover(Optional.empty(), false, "test_a.py::test_b[2]")))
        .containsExactly("test_a.py::test_b[2]");
    assertThat(ids(discover(Optional.empty(), false, "test_a.py::test_b")))
        .containsExactly("test_a.py::test_b[1]", "test_a.py::test_b[2]");
    assertThat(ids(discover(Optional.empty(), false, "--deselect", "test_a.py::test_b")))
        .containsExactly("test_a.py::TestA::test_x", "test_a.py::test_c");
  }

  @Test
  void aModuleLevelImportorskipOfAMissingModuleSkipsTheModuleAsPytestDoes() {
    write(
        "pytest.ini", "[pytest]\n",
        "test_needs.py", "import pytest\n\nnp = pytest.importorskip('no_such_module_here')\n\ndef test_x():\n    pass\n",
        "test_has.py", "import pytest\n\njson = pytest.importorskip('json')\n\ndef test_y():\n    pass\n");
    DiscoveredSuite suite = discover(python(), false);
    assertThat(ids(suite)).containsExactly("test_has.py::test_y");
    assertThat(suite.skipped())
        .singleElement()
        .satisfies(s -> {
          assertThat(s.path()).isEqualTo("test_needs.py");
          assertThat(s.line()).isEqualTo(3);
          assertThat(s.reason()).isEqualTo("could not import 'no_such_module_here': No module named 'no_such_module_here'");
        });
  }

  @Test
  void withoutAnInterpreterImportorskipIsAssumedToPass() {
    write(
        "pytest.ini", "[pytest]\n",
        "test_needs.py", "import pytest\n\npytest.importorskip('no_such_module_here')\n\ndef test_x():\n    pass\n");
    assertThat(ids(discover(Optional.empty(), false))).containsExactly("test_needs.py::test_x");
  }

  @Test
  void aLiteralCollectIgnoreIsAppliedAndAComputedOneIsReportedAsDynamic() {
    write(
        "pytest.ini", "[pytest]\n",
        "conftest.py", "collect_ignore = ['test_skipped.py']\n",
        "test_skipped.py", "def test_x():\n    pass\n",
        "test_kept.py", "def test_y():\n    pass\n",
        "sub/conftest.py", "import sys\ncollect_ignore = []\nif sys.platform == 'nope':\n    collect_ignore += ['test_z.py']\n",
        "sub/test_z.py", "def test_z():\n    pass\n");
    DiscoveredSuite suite = discover(Optional.empty(), false);
    assertThat(ids(suite)).containsExactly("sub/test_z.py::test_z", "test_kept.py::test_y");
    assertThat(suite.notes()).anySatisfy(n -> assertThat(n.reason()).contains("collect_ignore is computed at run time"));
  }

  @Test
  void aSyntaxErrorIsAProblemOfItsFileAndTheRestIsDiscovered() {
    write(
        "pytest.ini", "[pytest]\n",
        "test_bad.py", "def test_x(:\n    pass\n",
        "test_good.py", "def test_y():\n    pass\n");
    DiscoveredSuite suite = discover(Optional.empty(), false);
    assertThat(ids(suite)).containsExactly("test_good.py::test_y");
    assertThat(suite.problems())
        .singleElement()
        .satisfies(p -> assertThat(p.oneLine()).isEqualTo("test_bad.py:1:12: E017 SyntaxError: invalid syntax"));
  }

  @Test
  void followingImportsReadsTheProjectsOwnModulesTransitivelyButNotTheStandardLibrary() {
    write(
        "pytest.ini", "[pytest]\n",
        "app/__init__.py", "",
        "app/server.py", "import socket\nfrom app import util\n",
        "app/util.py", "import json\n",
        "tests/test_s.py", "from app import server\n\ndef test_s():\n    pass\n");
    DiscoveredSuite suite =
        StaticDiscovery.discover(
            new StaticDiscovery.Request(dir, List.of(), Optional.empty(), false, false, Map.of(), true));
    assertThat(suite.supportModules())
        .extracting(TestModule::moduleName)
        .containsExactlyInAnyOrder("app", "app.server", "app.util");
  }

  @Test
  void theSecondDiscoveryOfAnUnchangedTreeParsesNothing() {
    write(
        "pytest.ini", "[pytest]\n",
        "test_a.py", "def test_a():\n    pass\n",
        "conftest.py", "import pytest\n\n@pytest.fixture\ndef f():\n    return 1\n");
    DiscoveredSuite first = discover(Optional.empty(), true);
    DiscoveredSuite second = discover(Optional.empty(), true);
    assertThat(first.stats().parsed()).isEqualTo(2);
    assertThat(second.stats().parsed()).isZero();
    assertThat(ids(second)).isEqualTo(ids(first));
    assertThat(second.conftests().get(0).fixtures()).isEqualTo(first.conftests().get(0).fixtures());
    assertThat(dir.resolve(StaticDiscovery.CACHE_FILE)).exists();
  }

  @Test
  void aChangedBaseClassModuleInvalidatesTheCachedLinking() throws Exception {
    write(
        "pytest.ini", "[pytest]\n",
        "base.py", "class Base:\n    def test_one(self):\n        pass\n",
        "test_a.py", "from base import Base\n\nclass TestA(Base):\n    pass\n");
    assertThat(ids(discover(Optional.empty(), true))).containsExactly("test_a.py::TestA::test_one");
    assertThat(ids(discover(Optional.empty(), true))).containsExactly("test_a.py::TestA::test_one");
    assertThat(dir.resolve(StaticDiscovery.SUITE_CACHE_FILE)).exists();

    // Same size, new content: the modification time sends it to be hashed again.
    Files.writeString(dir.resolve("base.py"), "class Base:\n    def test_two(self):\n        pass\n");
    Files.setLastModifiedTime(
        dir.resolve("base.py"),
        java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5_000));
    assertThat(ids(discover(Optional.empty(), true))).containsExactly("test_a.py::TestA::test_two");
  }

  @Test
  void aCorruptLinkedCacheIsIgnored() throws Exception {
    write("pytest.ini", "[pytest]\n", "test_a.py", "def test_a():\n    pass\n");
    discover(Optional.empty(), true);
    Files.writeString(dir.resolve(StaticDiscovery.SUITE_CACHE_FILE), "not smile at all");
    assertThat(ids(discover(Optional.empty(), true))).containsExactly("test_a.py::test_a");
  }
}
