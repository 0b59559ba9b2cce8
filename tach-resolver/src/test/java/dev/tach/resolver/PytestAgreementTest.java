package dev.tach.resolver;

import static dev.tach.resolver.Model.conftest;
import static dev.tach.resolver.Model.fixture;
import static dev.tach.resolver.Model.test;
import static dev.tach.resolver.Model.testModule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tach.api.ErrorCode;
import dev.tach.api.model.FixtureScope;
import dev.tach.api.model.TestModule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes small projects, runs the real pytest ({@code -Dtach.python}, plugin autoload off) on them
 * with a probe plugin that records what pytest resolved, and compares with the resolver given the
 * same project stated by hand: node ids, {@code item.fixturenames}, setup errors, setup order and
 * the {@code --fixtures} listing.
 */
@Tag("pytest")
class PytestAgreementTest {

  private static final String PYTHON = System.getProperty("tach.python", "python3");
  private static PytestVersion version;

  @TempDir Path project;
  @TempDir Path probeDir;

  @BeforeAll
  static void findPytest() throws Exception {
    List<String> out = new ArrayList<>();
    int exit;
    try {
      Process process =
          new ProcessBuilder(PYTHON, "-m", "pytest", "--version").redirectErrorStream(true).start();
      out.addAll(read(process));
      exit = process.exitValue();
    } catch (IOException e) {
      System.out.println("PytestAgreementTest skipped: no python interpreter " + PYTHON);
      assumeTrue(false, "no python interpreter: " + e.getMessage());
      return;
    }
    String line = String.join("\n", out);
    if (exit != 0 || !line.contains("pytest ")) {
      System.out.println("PytestAgreementTest skipped: pytest is not importable by " + PYTHON);
    }
    assumeTrue(exit == 0 && line.contains("pytest "), "pytest is not installed for " + PYTHON);
    version = PytestVersion.parse(line.substring(line.indexOf("pytest ")));
  }

  // ---------------------------------------------------------------- fixture params and ids

  private static final Map<String, String> PARAMS_PROJECT =
      Map.of(
          "params/test_a.py",
          """
          import pytest

          @pytest.fixture(scope="module", params=["m1", "m2"])
          def modp(request):
              return request.param

          @pytest.fixture(params=["f1", "f2"])
          def funp(request):
              return request.param

          @pytest.fixture(scope="session", params=["s1", "s2"])
          def sesp(request):
              return request.param

          @pytest.fixture(params=["d1", "d2"])
          def dep(request, funp):
              return request.param

          @pytest.fixture(params=["o1"])
          def outer(request, modp):
              return request.param

          @pytest.mark.parametrize("x", [1, 2])
          def test_direct_then_fixtures(funp, x, modp):
              pass

          def test_three(funp, sesp, modp):
              pass

          @pytest.mark.parametrize("y", ["a"])
          @pytest.mark.parametrize("x", [1])
          def test_two_marks(x, y, funp):
              pass

          def test_dep_on_param(dep):
              pass

          def test_dep_on_param_rev(funp, dep):
              pass

          def test_outer(outer):
              pass
          """,
          "marks/conftest.py",
          """
          import pytest

          @pytest.fixture(params=["c1", "c2"])
          def over(request):
              return request.param

          @pytest.fixture(scope="class", params=["k1"])
          def clsp(request):
              return request.param

          @pytest.fixture(autouse=True, params=["au1", "au2"])
          def zauto(request):
              return request.param
          """,
          "marks/test_b.py",
          """
          import pytest
          pytestmark = pytest.mark.parametrize("mm", ["M"])

          @pytest.fixture
          def over(over):
              return over

          @pytest.fixture(params=["p1"])
          def ind(request):
              return request.param

          @pytest.mark.parametrize("cc", ["C"])
          class TestK:
              @pytest.mark.parametrize("ff", ["F"])
              def test_m(self, ff, cc, mm, over, clsp):
                  pass

              @pytest.mark.parametrize("ind", ["i1", "i2"], indirect=True)
              def test_ind(self, ind, mm, cc):
                  pass

              @pytest.mark.usefixtures("over")
              def test_use(self, mm, cc, clsp):
                  pass

          @pytest.mark.parametrize("over", ["direct"])
          def test_direct_override(over, mm):
              pass
          """,
          "order/conftest.py",
          """
          import pytest

          @pytest.fixture(params=["s1", "s2"])
          def sup(request):
              return request.param

          @pytest.fixture(params=["x1"])
          def extra(request):
              return request.param

          @pytest.fixture(params=["h1", "h2"])
          def hidden(request):
              return request.param
          """,
          "order/test_f.py",
          """
          import pytest

          @pytest.fixture(params=["c1", "c2"])
          def c(request):
              return request.param

          @pytest.fixture
          def a(c):
              pass

          @pytest.fixture(params=["b1", "b2"])
          def b(request):
              return request.param

          def test_ab(a, b):
              pass

          @pytest.fixture
          def sup(sup, extra):
              return sup

          def test_sup(sup):
              pass

          @pytest.fixture
          def hidden():
              pass

          def test_hidden(hidden):
              pass
          """);

  private static List<Model.ModuleSpec> paramsModel() {
    return List.of(
        testModule("params/test_a.py")
            .with(
                fixture("modp", "request").module().params("m1", "m2"),
                fixture("funp", "request").params("f1", "f2"),
                fixture("sesp", "request").session().params("s1", "s2"),
                fixture("dep", "request", "funp").params("d1", "d2"),
                fixture("outer", "request", "modp").params("o1"),
                test("test_direct_then_fixtures", "funp", "modp").parametrize("x", "1", "2"),
                test("test_three", "funp", "sesp", "modp"),
                test("test_two_marks", "funp").parametrize("x", "1").parametrize("y", "a"),
                test("test_dep_on_param", "dep"),
                test("test_dep_on_param_rev", "funp", "dep"),
                test("test_outer", "outer")),
        conftest("marks")
            .with(
                fixture("over", "request").params("c1", "c2"),
                fixture("clsp", "request").classScoped().params("k1"),
                fixture("zauto", "request").autouse().params("au1", "au2")),
        testModule("marks/test_b.py")
            .with(fixture("over", "over"), fixture("ind", "request").params("p1"))
            .inClass(
                "TestK",
                test("test_m", "over", "clsp")
                    .parametrize("ff", "F")
                    .parametrize("cc", "C")
                    .parametrize("mm", "M"),
                test("test_ind")
                    .indirect("ind", "i1", "i2")
                    .parametrize("cc", "C")
                    .parametrize("mm", "M"),
                test("test_use", "clsp")
                    .usefixtures("over")
                    .parametrize("cc", "C")
                    .parametrize("mm", "M"))
            .with(
                test("test_direct_override").parametrize("over", "direct").parametrize("mm", "M")),
        conftest("order")
            .with(
                fixture("sup", "request").params("s1", "s2"),
                fixture("extra", "request").params("x1"),
                fixture("hidden", "request").params("h1", "h2")),
        testModule("order/test_f.py")
            .with(
                fixture("c", "request").params("c1", "c2"),
                fixture("a", "c"),
                fixture("b", "request").params("b1", "b2"),
                test("test_ab", "a", "b"),
                fixture("sup", "sup", "extra"),
                test("test_sup", "sup"),
                fixture("hidden"),
                test("test_hidden", "hidden")));
  }

  @Test
  void fixtureParamsMakeTheNodeIdsPytestCollects() throws Exception {
    write(PARAMS_PROJECT);
    Resolution resolution = resolve(paramsModel());

    List<String> collected =
        run("--collect-only", "-q", "-p", "no:cacheprovider").stream()
            .filter(line -> line.contains("::"))
            .sorted()
            .toList();
    List<String> ours = resolution.tests().stream().map(ResolvedTest::nodeId).sorted().toList();

    assertThat(ours).isEqualTo(collected);
    assertThat(ours).hasSize(49);
  }

  @Test
  void fixtureNamesMatchItemFixturenames() throws Exception {
    write(PARAMS_PROJECT);
    Resolution resolution = resolve(paramsModel());

    Probe probe = probe();

    assertThat(probe.items).hasSize(resolution.tests().size());
    for (ResolvedTest test : resolution.tests()) {
      List<String> direct = new ArrayList<>(test.test().parametrizedArgs());
      direct.removeAll(test.test().requests());
      List<String> pytestNames = new ArrayList<>(probe.items.get(test.nodeId()));
      pytestNames.removeAll(direct);
      assertThat(test.fixtureNames()).as(test.nodeId()).isEqualTo(pytestNames);
    }
  }

  // ------------------------------------------------------- errors, setup order, listings

  private static final Map<String, String> SETUP_PROJECT =
      new TreeMap<>(
          Map.of(
              "conftest.py",
              """
              import pytest

              @pytest.fixture(autouse=True)
              def root_b_auto(): pass

              @pytest.fixture(autouse=True)
              def root_a_auto(): pass

              @pytest.fixture(autouse=True, name="aaa_named")
              def zzz_func(): pass

              @pytest.fixture
              def over_a():
                  return "conftest"
              """,
              "sub/conftest.py",
              """
              import pytest

              @pytest.fixture(autouse=True)
              def sub_auto():
                  \"\"\"The sub directory's autouse fixture.

                  More than one paragraph.\"\"\"
              """,
              "sub/test_c.py",
              """
              import pytest

              @pytest.fixture(autouse=True)
              def mod_auto(): pass

              class TestBase:
                  @pytest.fixture(autouse=True)
                  def cls_auto(self): pass

                  @pytest.fixture
                  def clsfix(self): pass

                  def test_base(self, clsfix): pass

              class TestSub(TestBase):
                  def test_sub(self, clsfix): pass

              class TestOther:
                  def test_other(self, clsfix): pass
              """,
              "test_d.py",
              """
              import pytest

              @pytest.fixture
              def selfish(selfish): pass

              def test_selfish(selfish): pass

              @pytest.fixture
              def cyc_a(cyc_b): pass

              @pytest.fixture
              def cyc_b(cyc_a): pass

              def test_cycle(cyc_a): pass

              @pytest.fixture
              def over_a(needs_a):
                  return "module"

              @pytest.fixture
              def needs_a(over_a):
                  return over_a

              def test_override_not_cycle(over_a): pass

              @pytest.fixture(scope="module")
              def wide(narrow): pass

              @pytest.fixture
              def narrow(): pass

              def test_scope_mismatch(wide): pass

              def test_missing(tmp_pth): pass

              @pytest.fixture
              def usesmissing(nope): pass

              def test_missing_deep(usesmissing): pass
              """,
              "pkg/__init__.py",
              "",
              "pkg/conftest.py",
              """
              import pytest

              @pytest.fixture(scope="package")
              def pk(): pass

              @pytest.fixture(scope="session")
              def ss(): pass
              """,
              "pkg/test_e.py",
              """
              import pytest

              @pytest.fixture
              def f1(m1, f2): pass

              @pytest.fixture
              def f2(ss): pass

              @pytest.fixture(scope="module")
              def m1(pk): pass

              @pytest.fixture(scope="class")
              def c1(): pass

              def test_order(f1, c1, f2, tmp_path): pass

              @pytest.mark.usefixtures("f2")
              def test_usefix(c1, request): pass
              """,
              "cyc/conftest.py",
              """
              import pytest

              @pytest.fixture
              def a(b): pass
              """,
              "cyc/test_x.py",
              """
              import pytest

              @pytest.fixture
              def a(b): pass

              @pytest.fixture
              def b(a): pass

              def test_chain_runs_out(a): pass
              """));

  private static List<Model.ModuleSpec> setupModel() {
    return List.of(
        conftest("")
            .with(
                fixture("root_b_auto").autouse().line(4),
                fixture("root_a_auto").autouse().line(7),
                fixture("aaa_named").function("zzz_func").autouse().line(10),
                fixture("over_a").line(13)),
        conftest("sub")
            .moduleName("conftest")
            .with(
                fixture("sub_auto")
                    .autouse()
                    .line(4)
                    .doc("The sub directory's autouse fixture.\n\nMore than one paragraph.")),
        testModule("sub/test_c.py")
            .with(fixture("mod_auto").autouse().line(4))
            .inClass(
                "TestBase",
                fixture("cls_auto").autouse().line(8),
                fixture("clsfix").line(11),
                test("test_base", "clsfix"))
            .inClass(
                "TestSub",
                fixture("cls_auto").autouse().line(8),
                fixture("clsfix").line(11),
                test("test_base", "clsfix"),
                test("test_sub", "clsfix"))
            .inClass("TestOther", test("test_other", "clsfix")),
        testModule("test_d.py")
            .with(
                fixture("selfish", "selfish"),
                test("test_selfish", "selfish"),
                fixture("cyc_a", "cyc_b"),
                fixture("cyc_b", "cyc_a"),
                test("test_cycle", "cyc_a"),
                fixture("over_a", "needs_a"),
                fixture("needs_a", "over_a"),
                test("test_override_not_cycle", "over_a"),
                fixture("wide", "narrow").module(),
                fixture("narrow"),
                test("test_scope_mismatch", "wide"),
                test("test_missing", "tmp_pth"),
                fixture("usesmissing", "nope"),
                test("test_missing_deep", "usesmissing")),
        conftest("pkg")
            .moduleName("pkg.conftest")
            .with(fixture("pk").scope(FixtureScope.PACKAGE), fixture("ss").session()),
        testModule("pkg/test_e.py")
            .moduleName("pkg.test_e")
            .with(
                fixture("f1", "m1", "f2"),
                fixture("f2", "ss"),
                fixture("m1", "pk").module(),
                fixture("c1").classScoped(),
                test("test_order", "f1", "c1", "f2", "tmp_path"),
                test("test_usefix", "c1", "request").usefixtures("f2")),
        conftest("cyc").with(fixture("a", "b")),
        testModule("cyc/test_x.py")
            .with(fixture("a", "b"), fixture("b", "a"), test("test_chain_runs_out", "a")));
  }

  @Test
  void setupErrorsAndFixtureNamesMatchPytest() throws Exception {
    write(SETUP_PROJECT);
    Resolution resolution = resolve(setupModel());

    Probe probe = probe();

    Map<String, String> ourErrors = new TreeMap<>();
    for (ResolvedTest test : resolution.tests()) {
      assertThat(test.fixtureNames()).as(test.nodeId()).isEqualTo(probe.items.get(test.nodeId()));
      if (!test.problems().isEmpty()) {
        ourErrors.put(test.nodeId(), summary(test.problems().get(0)));
      }
    }
    assertThat(ourErrors).isEqualTo(probe.errors);
    assertThat(ourErrors).hasSize(7);
  }

  @Test
  void setupOrderMatchesPytestForAFreshSession() throws Exception {
    write(SETUP_PROJECT);
    Resolution resolution = resolve(setupModel());

    for (String nodeId :
        List.of(
            "pkg/test_e.py::test_order",
            "pkg/test_e.py::test_usefix",
            "sub/test_c.py::TestSub::test_sub",
            "test_d.py::test_override_not_cycle")) {
      Probe probe = probe(nodeId);
      List<String> ours =
          resolution.test(nodeId).orElseThrow().setupOrder().stream()
              .map(n -> n.name() + "@" + n.definition().visibleFrom())
              .toList();
      assertThat(ours).as(nodeId).isEqualTo(probe.setups.get(nodeId));
    }
  }

  @Test
  void fixtureListingMatchesPytestFixtures() throws Exception {
    write(SETUP_PROJECT);
    Resolution resolution = resolve(setupModel());

    for (String arg : List.of("sub/test_c.py::TestOther", "sub")) {
      List<String> out = run("--fixtures", arg);
      int first = indexOf(out, "cache -- ");
      int last = out.size() - 1;
      while (!out.get(last).startsWith("=====")) {
        last--;
      }
      String pytest =
          String.join("\n", out.subList(first, last))
              .replaceAll("(\\.\\.\\./_pytest/\\S+\\.py):\\d+", "$1");

      assertThat(resolution.fixtureListing(arg).render(false).stripTrailing())
          .as(arg)
          .isEqualTo(pytest.stripTrailing());
    }
  }

  private static final Pattern FIXTURE_LINE =
      Pattern.compile("^([A-Za-z_]\\w*)(?: \\[(\\w+) scope\\])? -- (\\S+)$");

  @Test
  void builtinFixturesAreWhatPytestLists() throws Exception {
    write(Map.of());
    for (boolean pytester : List.of(false, true)) {
      List<String> pytest = new ArrayList<>();
      for (String line :
          run(
              pytester
                  ? new String[] {"--fixtures", "-v", "-p", "pytester"}
                  : new String[] {"--fixtures", "-v"})) {
        Matcher matcher = FIXTURE_LINE.matcher(line);
        if (matcher.matches()) {
          String scope = matcher.group(2) == null ? "function" : matcher.group(2);
          pytest.add(
              matcher.group(1) + " " + scope + " " + matcher.group(3).replaceAll(":\\d+$", ""));
        }
      }
      List<String> ours =
          BuiltinFixtures.forPytest(version, pytester).stream()
              .map(f -> f.name() + " " + f.scope().pytestName() + " " + f.prettyPath())
              .toList();

      assertThat(ours).as("pytester " + pytester).isEqualTo(pytest);
    }
  }

  // ----------------------------------------------------------------------------- plumbing

  private static final Pattern MISSING = Pattern.compile("fixture '([^']+)' not found");
  private static final Pattern CYCLE_END = Pattern.compile("-> (\\S+) \\([^)]*\\)(;.*)?$");
  private static final Pattern NARROW = Pattern.compile("requests \\w+-scoped fixture '([^']+)'");

  /** Our first problem as the probe states pytest's: {@code missing x}, {@code cycle x}, … */
  private static String summary(ResolutionProblem problem) {
    String message = problem.problem().message();
    Matcher matcher;
    if (problem.problem().code() == ErrorCode.E003 && (matcher = MISSING.matcher(message)).find()) {
      return "missing " + matcher.group(1);
    }
    if (message.startsWith("ScopeMismatch") && (matcher = NARROW.matcher(message)).find()) {
      return "scope " + matcher.group(1);
    }
    matcher = CYCLE_END.matcher(message);
    return matcher.find() ? "cycle " + matcher.group(1) : "other " + message;
  }

  private static int indexOf(List<String> lines, String prefix) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(prefix)) {
        return i;
      }
    }
    throw new AssertionError("no line starts with " + prefix + " in\n" + String.join("\n", lines));
  }

  private Resolution resolve(List<Model.ModuleSpec> specs) {
    List<TestModule> modules = specs.stream().map(Model.ModuleSpec::build).toList();
    return FixtureResolver.resolve(ResolverInput.of(modules, version));
  }

  private void write(Map<String, String> files) throws IOException {
    Files.writeString(project.resolve("pytest.ini"), "[pytest]\n");
    for (Map.Entry<String, String> file : files.entrySet()) {
      Path path = project.resolve(file.getKey());
      Files.createDirectories(path.getParent());
      Files.writeString(path, file.getValue());
    }
  }

  /** What the probe plugin recorded. */
  private static final class Probe {
    final Map<String, List<String>> items = new LinkedHashMap<>();
    final Map<String, String> errors = new TreeMap<>();
    final Map<String, List<String>> setups = new LinkedHashMap<>();
  }

  private Probe probe(String... args) throws Exception {
    try (InputStream in = getClass().getResourceAsStream("tach_probe.py")) {
      Files.write(probeDir.resolve("tach_probe.py"), in.readAllBytes());
    }
    Path out = probeDir.resolve("probe.txt");
    List<String> command = new ArrayList<>(List.of("-q", "-p", "tach_probe"));
    command.addAll(Arrays.asList(args));
    run(command.toArray(String[]::new));
    Probe probe = new Probe();
    for (String line : Files.readAllLines(out)) {
      String[] fields = line.split("\t", -1);
      switch (fields[0]) {
        case "item" ->
            probe.items.put(
                fields[1], fields[2].isEmpty() ? List.of() : List.of(fields[2].split(",")));
        case "error" -> probe.errors.put(fields[1], fields[2]);
        case "setup" ->
            probe.setups.computeIfAbsent(fields[1], k -> new ArrayList<>()).add(fields[2]);
        default -> {}
      }
    }
    return probe;
  }

  private List<String> run(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(PYTHON, "-m", "pytest"));
    command.addAll(Arrays.asList(args));
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true);
    builder.environment().remove("PYTEST_ADDOPTS");
    builder.environment().put("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1");
    builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
    builder.environment().put("PYTHONPATH", probeDir.toString());
    builder.environment().put("TACH_PROBE_OUT", probeDir.resolve("probe.txt").toString());
    return read(builder.start());
  }

  private static List<String> read(Process process) throws Exception {
    try {
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        throw new AssertionError("pytest did not finish in 120 s");
      }
      return output.lines().toList();
    } finally {
      process.destroyForcibly();
    }
  }
}
