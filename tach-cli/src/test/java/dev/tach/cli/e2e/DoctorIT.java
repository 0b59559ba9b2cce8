package dev.tach.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tach doctor}: the packaged CLI on this machine's kernel, with a real interpreter. */
class DoctorIT {
  private static final String PYTHON = System.getProperty("tach.python", "python3");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> ITEMS = List.of(
      "java", "kernel", "user", "landlock", "seccomp", "namespaces", "overlayfs", "userfaultfd",
      "userfaultfd_wp", "userfaultfd_wp_async", "pagemap_scan", "cgroup_v2", "python", "pytest",
      "sandbox", "isolation");

  @TempDir Path dir;

  @AfterEach
  void nothingOfTheRunIsLeft() {
    TachRun.killLeftovers(dir);
  }

  private static JsonNode json(TachRun run) {
    try {
      return JSON.readTree(run.stdout);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + run, e);
    }
  }

  /** The items of a JSON report by id. */
  private static Map<String, JsonNode> items(JsonNode report) {
    Map<String, JsonNode> items = new TreeMap<>();
    report.path("items").forEach(i -> items.put(i.path("id").asText(), i));
    return items;
  }

  /** Skips with the item's own line when the kernel or user refuses what it checks. */
  private static void skipUnlessOk(JsonNode item) {
    boolean ok = item.path("status").asText().equals("ok");
    if (!ok) {
      System.out.println("skipped: " + item.path("label").asText() + ": " + item.path("value").asText());
    }
    assumeTrue(ok, () -> item.path("label").asText() + ": " + item.path("value").asText());
  }

  @Test
  void onThisMachineLandlockAndNamespacesWorkAndARunGetsTheFullSandbox() {
    TachRun run = TachRun.run(dir, "doctor", "--python", PYTHON);
    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.stdout).containsPattern("(?m)^ok +kernel +Linux \\d+\\.\\d+");
    assertThat(run.stdout).containsPattern("(?m)^ok +python +Python 3\\.");
    assertThat(run.stdout).containsPattern("(?m)^ok +pytest +pytest \\d");
    assertThat(run.stdout).containsPattern("(?m)^ok +isolation strategy +fork \\(the default\\)");
    assertThat(run.stdout).containsPattern("(?m)^a run would work");
    assertThat(run.stderr).as("nothing on stderr when a run would work").isEmpty();
    Map<String, JsonNode> items = items(json(TachRun.run(dir, "doctor", "--python", PYTHON, "--format", "json")));
    skipUnlessOk(items.get("landlock"));
    assertThat(items.get("landlock").path("value").asText()).matches("ABI [1-9]\\d*");
    skipUnlessOk(items.get("namespaces"));
    skipUnlessOk(items.get("seccomp"));
    skipUnlessOk(items.get("overlayfs"));
    assertThat(run.stdout).containsPattern("(?m)^ok +sandbox backend +landlock-seccomp \\(the best this machine allows\\)");
  }

  @Test
  void jsonFormatIsOneDocumentWithEveryItem() {
    TachRun run = TachRun.run(dir, "doctor", "--python", PYTHON, "--format", "json");
    assertThat(run.exitCode).as(run.toString()).isZero();
    JsonNode report = json(run);
    assertThat(items(report).keySet()).containsExactlyInAnyOrderElementsOf(ITEMS);
    for (JsonNode item : report.path("items")) {
      assertThat(item.path("status").asText()).as(item.toString()).isIn("ok", "warn", "fail");
      assertThat(item.path("value").asText()).as(item.toString()).isNotBlank();
      if (!item.path("status").asText().equals("ok")) {
        assertThat(item.path("fix").isNull() && item.path("code").isNull())
            .as("a missing item says its code or a fix: %s", item)
            .isFalse();
      }
    }
    assertThat(report.path("exit_code").asInt()).isZero();
    assertThat(report.path("sandbox").path("backend").asText()).isNotBlank();
    assertThat(report.path("sandbox").path("support").has("landlock_abi")).isTrue();
    assertThat(report.path("isolation").path("strategy").asText()).isEqualTo("fork");
    assertThat(report.path("timings_ms").path("total").asLong()).isPositive();
  }

  @Test
  void aMissingInterpreterIsE005AndExitTwo() {
    TachRun run = TachRun.run(dir, "doctor", "--python", dir.resolve("no/python").toString());
    assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
    assertThat(run.stdout).containsPattern("(?m)^fail +python .*\\[E005\\]; fix: ");
    assertThat(run.stdout).contains("a run would not work: python (E005)");
    assertThat(run.stderr.strip()).startsWith("error[E005]: ").doesNotContain("\n");
    // The kernel items are still there: a broken interpreter hides nothing else.
    assertThat(run.stdout).containsPattern("(?m)^\\w+ +landlock ");
  }

  @Test
  void aProgramThatIsNotPythonIsE005() {
    TachRun run = TachRun.run(dir, "doctor", "--python", "/bin/false");
    assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
    assertThat(run.stderr).startsWith("error[E005]: python: the interpreter /bin/false could not run the harness probe");
  }

  @Test
  void anInterpreterWithoutPytestIsE007AndExitTwo() throws Exception {
    Path venv = dir.resolve("venv");
    Process create = new ProcessBuilder(PYTHON, "-m", "venv", "--without-pip", venv.toString()).inheritIO().start();
    assertThat(create.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assumeTrue(create.exitValue() == 0, "python -m venv failed");
    TachRun run = TachRun.run(dir, "doctor", "--python", venv.resolve("bin/python").toString());
    assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
    assertThat(run.stdout).containsPattern("(?m)^ok +python +Python 3\\.");
    assertThat(run.stdout).containsPattern("(?m)^fail +pytest +not importable by .*No module named 'pytest'.*\\[E007\\]; fix: .* -m pip install pytest");
    assertThat(run.stderr).startsWith("error[E007]: pytest: not importable");
  }

  @Test
  void selfTestWithSandboxDegradedReportsTheDegradedBackend() {
    TachRun run = TachRun.run(dir, "self-test", "--python", PYTHON, "--sandbox", "degraded");
    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.stdout).containsPattern("(?m)^ok +sandbox backend +degraded \\(forced with --sandbox degraded\\)");
  }

  @Test
  void anUnknownSandboxBackendIsE002() {
    TachRun run = TachRun.run(dir, "doctor", "--sandbox", "bogus");
    assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
    assertThat(run.stderr.strip())
        .isEqualTo("error[E002]: no sandbox backend named \"bogus\" (hint: available: landlock-seccomp, namespaces, degraded, none)");
  }

  @Test
  void isolationOffByEnvironmentMeansNoSandbox() {
    TachRun run = TachRun.run(dir, Map.of("TACH_NO_ISOLATION", "1"), "doctor", "--python", PYTHON);
    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.stdout).containsPattern("(?m)^ok +sandbox backend +none: isolation is off");
  }

  @Test
  void theIsolationStrategyComesFromPyproject() {
    TachRun.project(dir, "pyproject.toml", "[tool.tach]\nisolation = \"none\"\n");
    TachRun run = TachRun.run(dir, "doctor", "--python", PYTHON);
    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.stdout).containsPattern("(?m)^ok +isolation strategy +none \\(\\[tool.tach\\] isolation in .*pyproject.toml\\)");

    TachRun.project(dir, "pyproject.toml", "[tool.tach]\nisolation = \"teleport\"\n");
    TachRun bad = TachRun.run(dir, "doctor", "--python", PYTHON);
    assertThat(bad.exitCode).as(bad.toString()).isEqualTo(2);
    assertThat(bad.stdout).containsPattern("(?m)^fail +isolation strategy +no strategy named \"teleport\".*\\[E002\\]");
  }

  @Test
  void asAnUnprivilegedUserNamespacesTakeTheUserNamespacePath() throws Exception {
    assumeTrue(System.getProperty("user.name").equals("root"), "needs root to switch to uid 65534");
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "no setpriv (util-linux)");
    // The test's interpreter usually lives under /root (pyenv), which uid 65534 cannot read.
    Path python = Path.of("/usr/bin/python3");
    assumeTrue(Files.isExecutable(python), "no /usr/bin/python3 for uid 65534");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path cache = Files.createDirectories(dir.resolve("cache"));
    Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxrwxrwx"));
    List<String> command =
        new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
    command.addAll(TachRun.command(List.of(), "doctor", "--python", python.toString(), "--format", "json"));
    Path out = Files.createTempFile("doctor", ".out");
    Path err = Files.createTempFile("doctor", ".err");
    Process process = TachRun.start(dir, Map.of("XDG_CACHE_HOME", cache.toString(), "HOME", dir.toString()), command, out, err);
    assertThat(process.waitFor(180, TimeUnit.SECONDS)).isTrue();
    String stdout = Files.readString(out);
    String stderr = Files.readString(err);
    Files.delete(out);
    Files.delete(err);
    assumeTrue(!stdout.isBlank(), () -> "doctor did not run as uid 65534: " + stderr);
    JsonNode report = JSON.readTree(stdout);
    Map<String, JsonNode> items = items(report);
    // /usr/bin/python3 may lack pytest: then E007 is the only failure.
    if (process.exitValue() != 0) {
      assertThat(process.exitValue()).as(stdout + stderr).isEqualTo(2);
      assertThat(items.get("pytest").path("code").asText()).isEqualTo("E007");
    }
    assertThat(items.get("user").path("value").asText()).startsWith("uid 65534: namespaces need a user namespace");
    assertThat(report.path("sandbox").path("support").path("user_namespace").asBoolean()).isTrue();
    skipUnlessOk(items.get("namespaces"));
    assertThat(items.get("namespaces").path("value").asText()).startsWith("user + mount + network: unshare works");
    skipUnlessOk(items.get("userfaultfd"));
    assertThat(items.get("userfaultfd").path("value").asText()).contains("UFFD_USER_MODE_ONLY");
  }

  @Test
  void aRunLoadsNoClassOfTheNativeBinding() throws Exception {
    TachRun.project(dir, "tests/test_a.py", "def test_a():\n    assert True\n");
    Path classes = dir.resolve("classes.log");
    List<String> command = new ArrayList<>(TachRun.command(List.of(), "-n", "1", "--python", PYTHON));
    command.add(1, "-Xlog:class+load=info:file=" + classes);
    Path out = Files.createTempFile("run", ".out");
    Path err = Files.createTempFile("run", ".err");
    Process process = TachRun.start(dir, Map.of(), command, out, err);
    assertThat(process.waitFor(180, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(Files.readString(out) + Files.readString(err)).isZero();
    Files.delete(out);
    Files.delete(err);
    String loaded = Files.readString(classes);
    assertThat(loaded).contains("dev.tach.scheduler.");
    assertThat(loaded).doesNotContain(" jnr.", "com.kenai.jffi", "dev.tach.platform.");
  }

  @Test
  void withoutSystemCallsFromJavaTheHarnessStillDecidesAndJnrIsNeverLoaded() throws Exception {
    Path classes = dir.resolve("classes.log");
    List<String> command = new ArrayList<>(TachRun.command(List.of(), "doctor", "--python", PYTHON, "--format", "json"));
    command.add(1, "-Xlog:class+load=info:file=" + classes);
    Path out = Files.createTempFile("doctor", ".out");
    Path err = Files.createTempFile("doctor", ".err");
    Process process = TachRun.start(dir, Map.of("TACH_NO_NATIVE", "1"), command, out, err);
    assertThat(process.waitFor(180, TimeUnit.SECONDS)).isTrue();
    String stdout = Files.readString(out);
    assertThat(process.exitValue()).as(stdout + Files.readString(err)).isZero();
    Files.delete(out);
    Files.delete(err);
    Map<String, JsonNode> items = items(JSON.readTree(stdout));
    assertThat(items.get("java").path("status").asText()).isEqualTo("warn");
    assertThat(items.get("java").path("value").asText()).contains("no system calls from Java", "TACH_NO_NATIVE");
    assertThat(items.get("userfaultfd").path("value").asText()).contains("not probed");
    // Landlock comes from the harness; a JVM that did not look is no disagreement.
    skipUnlessOk(items.get("landlock"));
    assertThat(items.get("landlock").path("notes").get(0).asText()).startsWith("JVM: unavailable (not probed");
    assertThat(Files.readString(classes)).doesNotContain(" jnr.", "com.kenai.jffi");
  }
}
