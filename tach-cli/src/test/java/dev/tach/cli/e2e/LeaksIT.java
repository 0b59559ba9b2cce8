package dev.tach.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --report-leaks} and {@code --fail-on-leak} in real runs: one test leaves a {@code sleep}
 * daemon, one a thread, one a file in the project, one an environment variable; one is clean.
 */
class LeaksIT {
  private static final String DAEMON_MARKER = "sleep 987654";

  private static final String LEAKY = """
      import os
      import pathlib
      import subprocess
      import threading

      HERE = pathlib.Path(__file__).parent


      def test_leaves_a_sleep_daemon():
          subprocess.Popen(["sleep", "987654"], start_new_session=True)


      def test_leaves_a_thread():
          threading.Thread(target=threading.Event().wait, name="leaky-thread", daemon=True).start()


      def test_writes_a_file_into_the_project():
          (HERE / "leaked.txt").write_text("left behind")


      def test_sets_an_environment_variable():
          os.environ["TACH_LEAKED_VARIABLE"] = "1"


      def test_cleans_up_after_itself(monkeypatch, tmp_path):
          monkeypatch.setenv("TACH_RESTORED_VARIABLE", "1")
          (tmp_path / "scratch.txt").write_text("temporary files are no leak")
          subprocess.run(["true"], check=True)
          thread = threading.Thread(target=lambda: None)
          thread.start()
          thread.join()
      """;

  private static final String ID = "test_leaky.py::";

  @TempDir Path dir;
  private Path basetemp;

  @BeforeEach
  void writeProject() throws IOException {
    TachRun.project(dir, "pytest.ini", "[pytest]\n", "test_leaky.py", LEAKY);
    basetemp = Files.createTempDirectory(Path.of("/var/tmp"), "tach-leaks-it-");
  }

  @AfterEach
  void cleanUp() {
    TachRun.killLeftovers(dir, DAEMON_MARKER);
    TachRun.deleteTree(basetemp);
  }

  private TachRun run(String... args) {
    List<String> all = Stream.concat(
            Stream.concat(Stream.of("-n", "2", "--timeout", "30"), Stream.of(args)),
            Stream.of("--", "--basetemp=" + basetemp.resolve("base")))
        .toList();
    return TachRun.run(dir, all.toArray(String[]::new));
  }

  private static void assumeOverlays(TachRun run) {
    assumeThat(run.event("run_start").path("sandbox").asText())
        .as("the sandbox's overlays are unavailable here: %s", run.stderr)
        .isIn("landlock-seccomp", "namespaces");
  }

  private static Map<String, JsonNode> leaksByTest(TachRun run) {
    Map<String, JsonNode> leaks = new LinkedHashMap<>();
    for (JsonNode event : run.events()) {
      if (event.path("event").asText().equals("test_finished") && event.has("leaks")) {
        leaks.put(event.path("test").asText().substring(ID.length()), event.path("leaks"));
      }
    }
    return leaks;
  }

  @Test
  void reportLeaksListsExactlyTheDaemonTheThreadTheFileAndTheVariableAndKeepsThemPassing() throws Exception {
    Path junit = dir.resolve("junit.xml");
    TachRun run = run("--format", "json", "--report-leaks", "--junit-xml", junit.toString());
    assumeOverlays(run);
    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.statuses().values()).as(run.toString()).hasSize(5).containsOnly("pass");

    Map<String, JsonNode> leaks = leaksByTest(run);
    assertThat(leaks.keySet()).as(run.toString()).containsExactlyInAnyOrder(
        "test_leaves_a_sleep_daemon", "test_leaves_a_thread",
        "test_writes_a_file_into_the_project", "test_sets_an_environment_variable");
    JsonNode processes = leaks.get("test_leaves_a_sleep_daemon").path("processes");
    assertThat(processes).hasSize(1);
    assertThat(processes.get(0).asText()).matches("\\d+ " + DAEMON_MARKER);
    assertThat(leaks.get("test_leaves_a_thread").toString()).isEqualTo("{\"threads\":[\"leaky-thread (daemon)\"]}");
    assertThat(leaks.get("test_writes_a_file_into_the_project").toString()).isEqualTo("{\"files\":[\"leaked.txt\"]}");
    assertThat(leaks.get("test_sets_an_environment_variable").toString())
        .isEqualTo("{\"environment\":[\"+TACH_LEAKED_VARIABLE\"]}");

    assertThat(dir.resolve("leaked.txt")).doesNotExist();
    assertThat(TachRun.leftoversAfter(2000, dir, DAEMON_MARKER)).as("the leaked daemon is still killed").isEmpty();
    assertThat(Files.readString(junit)).contains("threads: leaky-thread (daemon)").contains("Leaks");
  }

  @Test
  void theHumanReportHasALeaksSectionWithOneLinePerTestAndKind() {
    TachRun run = run("--report-leaks", "--color", "never", "--sandbox", "namespaces");
    assumeThat(run.stderr).as("the namespaces backend is unavailable here").doesNotContain("E012");
    assertThat(run.exitCode).as(run.toString()).isZero();
    String section = run.stdout.substring(run.stdout.indexOf(" LEAKS "));
    assertThat(section.lines().filter(l -> l.startsWith(ID)).toList()).as(run.toString()).containsExactlyInAnyOrder(
        ID + "test_leaves_a_sleep_daemon: processes: " + section.replaceAll("(?s).*processes: (\\d+ sleep 987654).*", "$1"),
        ID + "test_leaves_a_thread: threads: leaky-thread (daemon)",
        ID + "test_writes_a_file_into_the_project: files: leaked.txt",
        ID + "test_sets_an_environment_variable: environment: +TACH_LEAKED_VARIABLE");
  }

  @Test
  void failOnLeakTurnsTheFourLeakersIntoFailuresAndExitsWithOne() {
    TachRun run = run("--format", "json", "--fail-on-leak");
    assumeOverlays(run);
    assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
    assertThat(run.statuses()).as(run.toString()).containsOnly(
        Map.entry(ID + "test_leaves_a_sleep_daemon", "fail"),
        Map.entry(ID + "test_leaves_a_thread", "fail"),
        Map.entry(ID + "test_writes_a_file_into_the_project", "fail"),
        Map.entry(ID + "test_sets_an_environment_variable", "fail"),
        Map.entry(ID + "test_cleans_up_after_itself", "pass"));
    Map<String, String> messages = new LinkedHashMap<>();
    run.events().stream().filter(e -> e.path("event").asText().equals("test_finished"))
        .forEach(e -> messages.put(e.path("test").asText().substring(ID.length()), e.path("message").asText()));
    assertThat(messages.get("test_leaves_a_thread")).isEqualTo("leaked: threads: leaky-thread (daemon)");
    assertThat(messages.get("test_writes_a_file_into_the_project")).isEqualTo("leaked: files: leaked.txt");
    assertThat(messages.get("test_sets_an_environment_variable")).isEqualTo("leaked: environment: +TACH_LEAKED_VARIABLE");
    assertThat(messages.get("test_leaves_a_sleep_daemon")).matches("leaked: processes: \\d+ " + DAEMON_MARKER);
  }

  @Test
  void withoutTheOptionsNothingIsReported() {
    TachRun json = run("--format", "json");
    assertThat(json.exitCode).as(json.toString()).isZero();
    assertThat(leaksByTest(json)).isEmpty();
    TachRun human = run("--color", "never");
    assertThat(human.exitCode).as(human.toString()).isZero();
    assertThat(human.stdout).doesNotContain("LEAKS").doesNotContain("leaked");
  }

  @Test
  void withoutTheSandboxFilesAreNotComparedButTheOtherLeaksAre() throws IOException {
    TachRun run = run("--format", "json", "--report-leaks", "--no-isolation");
    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(leaksByTest(run).keySet()).as(run.toString()).containsExactlyInAnyOrder(
        "test_leaves_a_sleep_daemon", "test_leaves_a_thread", "test_sets_an_environment_variable");
    assertThat(dir.resolve("leaked.txt")).hasContent("left behind");
    Files.delete(dir.resolve("leaked.txt"));
  }
}
