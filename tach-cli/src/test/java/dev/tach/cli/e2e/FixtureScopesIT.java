package dev.tach.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Fixture scopes through the whole chain (CLI, scheduler, zygote, workers, test children):
 * fixtures write "setup NAME PID" / "teardown NAME PID" lines, and the lines are counted.
 */
class FixtureScopesIT {
  private static final int TESTS = 12;

  @TempDir Path dir;

  @AfterEach
  void nothingOfTheRunIsLeft() {
    TachRun.killLeftovers(dir);
  }

  private void writeProject() {
    String packageConftest =
        """
        import pytest
        from conftest import logged

        @pytest.fixture(scope="package")
        def pkg_fx():
            yield from logged("package:" + __name__.split(".")[0])
        """;
    String module =
        """
        import pytest
        from conftest import logged

        @pytest.fixture(scope="module")
        def mod_fx():
            yield from logged("module:" + __name__)

        class TestGroup:
            @pytest.fixture(scope="class")
            def cls_fx(self):
                yield from logged("class:" + __name__)

            def test_one(self, session_fx, pkg_fx, mod_fx, cls_fx, fn_fx):
                pass

            def test_two(self, session_fx, pkg_fx, mod_fx, cls_fx, fn_fx):
                pass

        def test_three(session_fx, pkg_fx, mod_fx, fn_fx):
            pass
        """;
    TachRun.project(
        dir,
        "pytest.ini", "[pytest]\n",
        "conftest.py",
        """
        import os
        import pytest

        def logged(name):
            with open(os.environ["SCOPE_LOG"], "a") as f:
                f.write(f"setup {name} {os.getpid()}\\n")
            yield name
            with open(os.environ["SCOPE_LOG"], "a") as f:
                f.write(f"teardown {name} {os.getpid()}\\n")

        @pytest.fixture(scope="session")
        def session_fx():
            yield from logged("session")

        @pytest.fixture
        def fn_fx(request):
            yield from logged("function:" + request.node.nodeid)
        """,
        "pkg_a/__init__.py", "",
        "pkg_a/conftest.py", packageConftest,
        "pkg_a/test_m1.py", module,
        "pkg_a/test_m2.py", module,
        "pkg_b/__init__.py", "",
        "pkg_b/conftest.py", packageConftest,
        "pkg_b/test_m3.py", module,
        "pkg_b/test_m4.py", module);
  }

  private record Line(String event, String name, String pid) {}

  @ParameterizedTest(name = "{0} isolation, {1} workers")
  @CsvSource({"fork, 1", "fork, 4", "none, 1", "none, 4"})
  void everyScopeIsSetUpOncePerWorkerAndTornDownOnceWhereItWasSetUp(String isolation, int workers) throws Exception {
    writeProject();
    // Outside /tmp and the project, which the sandbox overlays (writes there vanish with the
    // test): the parent of --basetemp, which sandboxed tests may write.
    Path shared = Files.createTempDirectory(Path.of("/var/tmp"), "tach-scopes-it-");
    Path log = shared.resolve("scopes.log");
    TachRun run;
    try {
      run = TachRun.run(dir, Map.of("SCOPE_LOG", log.toString()), "--format", "json", "-n", Integer.toString(workers),
          "--isolation", isolation, "--", "--basetemp=" + shared.resolve("base"));
    } finally {
      Files.move(Files.exists(log) ? log : Files.createFile(log), dir.resolve("scopes.log"));
      log = dir.resolve("scopes.log");
      TachRun.deleteTree(shared);
    }
    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.statuses()).hasSize(TESTS).allSatisfy((id, status) -> assertThat(status).isEqualTo("pass"));

    List<Line> lines =
        Files.readAllLines(log).stream().map(l -> l.split(" ")).map(p -> new Line(p[0], p[1], p[2])).toList();
    Map<String, Long> setups = count(lines, "setup");
    Map<String, Long> teardowns = count(lines, "teardown");
    // Every fixture instance is finalized exactly once, in the process that set it up.
    assertThat(teardowns).isEqualTo(setups);
    assertThat(setups.values()).allMatch(n -> n == 1);

    // Workers pull batches, so a fast one may run several modules; but every worker that ran
    // tests set the session up exactly once (checked above), and there are at most -n of them.
    Set<String> sessionPids = pids(lines, "session");
    assertThat(sessionPids).isNotEmpty().hasSizeLessThanOrEqualTo(workers);
    assertThat(namesStartingWith(lines, "function:")).hasSize(TESTS);
    // Each of the four modules is one batch: set up once, in one worker.
    assertThat(namesStartingWith(lines, "module:")).hasSize(4);
    assertThat(namesStartingWith(lines, "class:")).hasSize(4);
    Set<String> modulePids = lines.stream().filter(l -> l.name().startsWith("module:")).map(Line::pid).collect(Collectors.toSet());
    assertThat(sessionPids).containsAll(modulePids);

    Set<String> functionPids =
        lines.stream().filter(l -> l.name().startsWith("function:")).map(Line::pid).collect(Collectors.toSet());
    if (isolation.equals("fork")) {
      // A fresh child per test: no two tests share a process, and none runs in a worker.
      assertThat(functionPids).hasSize(TESTS).doesNotContainAnyElementsOf(sessionPids);
    } else {
      assertThat(sessionPids).containsAll(functionPids);
    }
  }

  private static Map<String, Long> count(List<Line> lines, String event) {
    Map<String, Long> counts = new HashMap<>();
    lines.stream()
        .filter(l -> l.event().equals(event))
        .forEach(l -> counts.merge(l.name() + "@" + l.pid(), 1L, Long::sum));
    return counts;
  }

  private static Set<String> pids(List<Line> lines, String name) {
    return lines.stream().filter(l -> l.event().equals("setup") && l.name().equals(name)).map(Line::pid).collect(Collectors.toSet());
  }

  private static List<Line> namesStartingWith(List<Line> lines, String prefix) {
    return lines.stream().filter(l -> l.event().equals("setup") && l.name().startsWith(prefix)).toList();
  }
}
