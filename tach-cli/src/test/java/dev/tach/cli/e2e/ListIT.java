package dev.tach.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tach list}: the packaged CLI against real projects, compared with real pytest. */
class ListIT {
  private static final String PYTHON = System.getProperty("tach.python", "python3");
  private static final Path QUICKSTART = Path.of("../examples/quickstart").toAbsolutePath().normalize();

  @TempDir Path dir;

  @AfterEach
  void nothingOfTheRunIsLeft() {
    TachRun.killLeftovers(dir);
  }

  private static Set<String> lines(String text) {
    return Arrays.stream(text.split("\n")).filter(l -> !l.isBlank()).collect(Collectors.toCollection(TreeSet::new));
  }

  /** The ids {@code pytest --collect-only -q} prints in {@code dir}. */
  private static Set<String> pytestIds(Path dir) throws IOException, InterruptedException {
    Process pytest =
        new ProcessBuilder(PYTHON, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider")
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    try {
      String out = new String(pytest.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(pytest.waitFor(300, TimeUnit.SECONDS)).isTrue();
      return Arrays.stream(out.split("\n"))
          .filter(l -> l.contains("::") && !l.startsWith(" "))
          .collect(Collectors.toCollection(TreeSet::new));
    } finally {
      pytest.destroyForcibly();
    }
  }

  private static Path networkx() {
    try {
      Process find =
          new ProcessBuilder(PYTHON, "-c", "import networkx, os; print(os.path.dirname(networkx.__file__))")
              .redirectErrorStream(true)
              .start();
      String out = new String(find.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      find.waitFor(60, TimeUnit.SECONDS);
      assumeTrue(find.exitValue() == 0, "networkx is not installed for " + PYTHON + ": " + out);
      return Path.of(out);
    } catch (IOException | InterruptedException e) {
      assumeTrue(false, "no python interpreter: " + e);
      throw new AssertionError(e);
    }
  }

  @Test
  void listsExactlyTheNodeIdsPytestCollectsOnNetworkx() throws Exception {
    Path suite = networkx();
    TachRun list = TachRun.run(suite, "list", "--no-cache", "--python", PYTHON);
    Set<String> expected = pytestIds(suite);
    Set<String> listed = lines(list.stdout);
    Set<String> missing = new TreeSet<>(expected);
    missing.removeAll(listed);
    Set<String> extra = new TreeSet<>(listed);
    extra.removeAll(expected);
    System.out.printf("networkx: pytest %d ids, tach list %d; missing %d, extra %d%n", expected.size(), listed.size(), missing.size(), extra.size());
    assertThat(expected).hasSizeGreaterThan(5000);
    assertThat(missing).as("collected by pytest, not listed").isEmpty();
    assertThat(extra).as("listed, not collected by pytest").isEmpty();
  }

  @Test
  void quickstartListingEqualsPytestsAndStartsNoPython() throws Exception {
    // No interpreter on PATH and none given: the listing still works (importorskip and
    // installed plugins are then not considered, and a warning says so).
    TachRun list = TachRun.run(QUICKSTART, Map.of("PATH", "/nonexistent", "VIRTUAL_ENV", ""), "list", "--no-cache");
    assertThat(list.exitCode).as(list.toString()).isZero();
    assertThat(lines(list.stdout)).isEqualTo(pytestIds(QUICKSTART));
    assertThat(list.stderr).contains("warning");
  }

  @Test
  void aSyntaxErrorIsE017WithFileLineAndColumnAndTheRestIsStillListed() {
    TachRun.project(
        dir,
        "pytest.ini", "[pytest]\n",
        "test_good.py", "def test_one():\n    pass\n",
        "test_bad.py", "def test_two():\n    x = (1,\n    return x\n");
    TachRun list = TachRun.run(dir, "list", "--python", PYTHON);
    assertThat(list.exitCode).as(list.toString()).isEqualTo(3);
    assertThat(lines(list.stdout)).containsExactly("test_good.py::test_one");
    assertThat(list.stderr).containsPattern("test_bad.py:2:\\d+: E017 SyntaxError: '\\(' was never closed");
    assertThat(list.stderr).doesNotContain("Exception");
  }

  @Test
  void aMissingFixtureIsE003WithCloseNamesAndACycleIsE018() {
    TachRun.project(
        dir,
        "pytest.ini", "[pytest]\n",
        "conftest.py",
            "import pytest\n\n@pytest.fixture\ndef database_url():\n    return 'sqlite://'\n\n"
                + "@pytest.fixture\ndef chicken(egg):\n    return 1\n\n@pytest.fixture\ndef egg(chicken):\n    return 2\n",
        "test_db.py",
            "def test_connects(database_ur1):\n    pass\n\ndef test_breakfast(egg):\n    pass\n\ndef test_fine(database_url):\n    pass\n");
    TachRun list = TachRun.run(dir, "list", "--python", PYTHON);
    assertThat(list.exitCode).as(list.toString()).isEqualTo(3);
    assertThat(lines(list.stdout))
        .containsExactly("test_db.py::test_breakfast", "test_db.py::test_connects", "test_db.py::test_fine");
    assertThat(list.stderr)
        .containsPattern("test_db.py:1: E003 .*'database_ur1'.*database_url")
        .containsPattern("E018 .*(chicken|egg).* -> .*(egg|chicken)");
  }

  @Test
  void jsonGivesFileLineMarkersFixturesAndScopesPerTest() throws Exception {
    TachRun.project(
        dir,
        "pytest.ini", "[pytest]\n",
        "conftest.py", "import pytest\n\n@pytest.fixture(scope='session')\ndef server():\n    yield 1\n",
        "test_api.py",
            "import pytest\n\npytestmark = pytest.mark.api\n\n@pytest.fixture(scope='module')\ndef client(server):\n    return server\n\n"
                + "@pytest.mark.slow\n@pytest.mark.parametrize('n', [1, 2])\ndef test_get(client, n, tmp_path):\n    pass\n");
    TachRun list = TachRun.run(dir, "list", "--format", "json", "--python", PYTHON);
    assertThat(list.exitCode).as(list.toString()).isZero();
    JsonNode doc = new ObjectMapper().readTree(list.stdout);
    assertThat(doc.path("version").asInt()).isEqualTo(1);
    JsonNode first = doc.path("tests").get(0);
    assertThat(first.path("nodeid").asText()).isEqualTo("test_api.py::test_get[1]");
    assertThat(first.path("file").asText()).isEqualTo("test_api.py");
    assertThat(first.path("line").asInt()).isEqualTo(11);
    assertThat(first.path("markers").findValuesAsText("name")).containsExactly("parametrize", "slow", "api");
    assertThat(first.path("fixtures").toString()).contains("server", "client", "tmp_path");
    assertThat(first.path("scopes").path("session").toString()).contains("server");
    assertThat(first.path("scopes").path("module").toString()).contains("client");
    assertThat(doc.path("tests")).hasSize(2);
  }

  @Test
  void fixturesListsWhatIsVisibleWithScopeAndDocLikePytest() {
    TachRun.project(
        dir,
        "pytest.ini", "[pytest]\n",
        "conftest.py", "import pytest\n\n@pytest.fixture(scope='module')\ndef inventory():\n    \"\"\"A store with ten of everything.\"\"\"\n    return {}\n",
        "test_x.py", "def test_x(inventory):\n    pass\n");
    TachRun list = TachRun.run(dir, "list", "--fixtures", "--python", PYTHON);
    assertThat(list.exitCode).as(list.toString()).isZero();
    assertThat(list.stdout)
        .contains("inventory [module scope]")
        .contains("A store with ten of everything.")
        .contains("tmp_path");
  }

  @Test
  void toxicShowsTheImportChainToAThreadOrSocketModule() {
    TachRun.project(
        dir,
        "pytest.ini", "[pytest]\n",
        "app/__init__.py", "",
        "app/server.py", "import socket\n\ndef serve():\n    pass\n",
        "tests/test_server.py", "from app import server\n\ndef test_serve():\n    server.serve()\n",
        "tests/test_pure.py", "def test_add():\n    assert 1 + 1 == 2\n");
    TachRun list = TachRun.run(dir, "list", "--toxic", "--python", PYTHON);
    assertThat(list.exitCode).as(list.toString()).isZero();
    assertThat(list.stdout)
        .contains("tests/test_server.py::test_serve")
        .containsPattern("tests/test_server.py -> app.server -> socket")
        .doesNotContain("test_pure.py::test_add")
        .contains("1 of 2 tests are toxic");
  }

  @Test
  void aRepeatedListingOfAnUnchangedTreeParsesNothing() throws Exception {
    TachRun.project(
        dir,
        "pytest.ini", "[pytest]\n",
        "test_a.py", "def test_a():\n    pass\n",
        "test_b.py", "def test_b():\n    pass\n");
    TachRun first = TachRun.run(dir, "list", "--debug", "--python", PYTHON);
    assertThat(first.stderr).containsPattern("[1-9]\\d* parsed");
    TachRun second = TachRun.run(dir, "list", "--debug", "--python", PYTHON);
    assertThat(second.stderr).contains(" 0 parsed");
    assertThat(second.stdout).isEqualTo(first.stdout);

    Files.writeString(dir.resolve("test_b.py"), "def test_b():\n    pass\n\ndef test_c():\n    pass\n");
    TachRun third = TachRun.run(dir, "list", "--debug", "--python", PYTHON);
    assertThat(third.stderr).contains(" 1 parsed");
    assertThat(lines(third.stdout)).contains("test_b.py::test_c");
  }

  @Test
  void aRunReportsAStaticSyntaxErrorAndPytestsCollectionErrorBoth() {
    TachRun.project(
        dir,
        "pytest.ini", "[pytest]\n",
        "test_good.py", "def test_one():\n    pass\n",
        "test_bad.py", "def test_two(:\n    pass\n");
    TachRun run = TachRun.run(dir, "--python", PYTHON, "-n", "1");
    assertThat(run.stderr).as(run.toString()).containsPattern("test_bad.py:1:\\d+: E017 SyntaxError");
    assertThat(run.stdout).contains("test_bad.py");
    assertThat(run.exitCode).isNotZero();
  }

  @Test
  void keywordAndMarkerExpressionsSelectWhatPytestSelects() throws Exception {
    TachRun.project(
        dir,
        "pytest.ini", "[pytest]\nmarkers =\n    slow\n    level\n",
        "pkg/__init__.py", "",
        "pkg/test_shop.py",
            "import pytest\n\nclass TestCart:\n    def test_add(self):\n        pass\n\n"
                + "    @pytest.mark.slow\n    def test_checkout(self):\n        pass\n\n"
                + "@pytest.mark.level(n=2)\n@pytest.mark.parametrize('item', ['apple', 'Pear'])\ndef test_price(item):\n    pass\n",
        "test_other.py", "import pytest\n\n@pytest.mark.slow\ndef test_slow_other():\n    pass\n\ndef test_plain():\n    pass\n");
    for (String[] args :
        new String[][] {
          {"-k", "cart and not checkout"},
          {"-k", "pear"},
          {"-k", "pkg or plain"},
          {"-k", "test_shop.py and price"},
          {"-m", "slow"},
          {"-m", "not slow"},
          {"-m", "level(n=2)"},
          {"-m", "level(n=3)"},
          {"-k", "price", "-m", "level"}
        }) {
      java.util.List<String> tach = new java.util.ArrayList<>(java.util.List.of("list", "--python", PYTHON));
      tach.addAll(java.util.List.of(args));
      TachRun list = TachRun.run(dir, tach.toArray(String[]::new));
      java.util.List<String> pytest =
          new java.util.ArrayList<>(java.util.List.of(PYTHON, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"));
      pytest.addAll(java.util.List.of(args));
      Process process = new ProcessBuilder(pytest).directory(dir.toFile()).redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      process.waitFor(120, TimeUnit.SECONDS);
      Set<String> expected =
          Arrays.stream(out.split("\n")).filter(l -> l.contains("::")).collect(Collectors.toCollection(TreeSet::new));
      assertThat(lines(list.stdout)).as(String.join(" ", args) + "\n" + list).isEqualTo(expected);
    }
  }

  @Test
  void aMalformedKeywordExpressionIsOneLineE002() {
    TachRun.project(dir, "pytest.ini", "[pytest]\n", "test_a.py", "def test_a():\n    pass\n");
    TachRun list = TachRun.run(dir, "list", "-k", "a and (b", "--python", PYTHON);
    assertThat(list.exitCode).isEqualTo(2);
    assertThat(list.stderr.strip()).startsWith("error[E002]: Wrong expression passed to '-k'").doesNotContain("\n");
  }
}
