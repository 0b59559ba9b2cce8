package dev.tach.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * Issue 4, "Supervisor faults": SIGKILL, SIGINT and SIGTERM of the JVM at any moment leave no
 * process of the run (zygote, workers, test children, daemons the tests started with setsid or
 * a double fork, processes in their own mount namespace) and no mount behind within 2 seconds;
 * SIGINT and SIGTERM first write the reports of the tests that finished.
 */
class SupervisorFaultsIT {
  private static final int KILLS = 20;
  private static final long WITHIN_MILLIS = 2000;
  /** Kills come at random moments of a run's first seconds at most (the IT's time stays bounded on a slow machine). */
  private static final long LATEST_KILL_MILLIS = 6000;
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * 60 tests of 50–100 ms in 4 modules. Before sleeping, each starts one of: a setsid daemon, a
   * double-forked daemon, a plain child, or (as root, where unshare works) a daemon in its own
   * mount namespace that mounts a tmpfs there.
   */
  private static final String SUITE_MODULE =
      """
      import os
      import subprocess
      import time

      import pytest

      MOUNT_DAEMON = ["unshare", "--mount", "--propagation", "private", "sh", "-c",
                      "mount -t tmpfs tach-fault-test /mnt && exec sleep 1003"]

      @pytest.mark.parametrize("i", range(15))
      def test_work(i):
          kind = i % 4
          if kind == 0:
              subprocess.Popen(["sleep", "1000"], start_new_session=True)
          elif kind == 1:
              if os.fork() == 0:
                  os.setsid()
                  if os.fork() == 0:
                      os.execvp("sleep", ["sleep", "1001"])
                  os._exit(0)
              os.wait()
          elif kind == 2:
              subprocess.Popen(["sleep", "1002"])
          elif os.environ.get("TACH_FAULT_MOUNTS") == "1":
              subprocess.Popen(MOUNT_DAEMON, start_new_session=True, stderr=subprocess.DEVNULL)
          time.sleep(0.05 + (i % 6) * 0.01)
      """;

  @TempDir Path dir;
  private final List<String> markers = new ArrayList<>();
  private Path runTmp;

  @BeforeEach
  void privateTempDirectory() throws IOException {
    // The run directories a killed supervisor leaves (socket, logs) go here, not into /tmp.
    runTmp = Files.createDirectories(dir.resolve("run-tmp"));
  }

  @AfterEach
  void nothingOfTheRunIsLeft() {
    markers.forEach(RunProcesses::killAll);
    TachRun.killLeftovers(dir);
  }

  @Test
  void aSupervisorSigkilledAtTwentyRandomMomentsLeavesNoProcessAndNoMountWithinTwoSeconds() throws Exception {
    long seed = Long.getLong("tach.kill.seed", System.nanoTime());
    System.out.println("kill test: seed " + seed + " (repeat with -Dtach.kill.seed=" + seed + ")");
    Random random = new Random(seed);
    boolean mounts = mountNamespacesWork();
    System.out.println("kill test: daemons in their own mount namespace " + (mounts ? "included" : "left out (not root or unshare refused)"));
    TachRun.project(dir, "pytest.ini", "[pytest]\n", "test_a.py", SUITE_MODULE, "test_b.py", SUITE_MODULE,
        "test_c.py", SUITE_MODULE, "test_d.py", SUITE_MODULE);
    Set<String> mountsBefore = RunProcesses.mounts();

    // One whole run: it passes, and its length is the span the kills are spread over (capped).
    String first = newMarker();
    long started = System.nanoTime();
    Process whole = start(first, mounts, "whole");
    assertThat(whole.waitFor(60, TimeUnit.SECONDS)).as("a whole run ends").isTrue();
    long runMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    assertThat(whole.exitValue()).as(Files.readString(dir.resolve("whole.err"))).isZero();
    assertThat(RunProcesses.aliveAfter(WITHIN_MILLIS, first, List.of())).isEmpty();
    System.out.println("kill test: a whole run takes " + runMillis + " ms");

    long span = Math.min(runMillis, LATEST_KILL_MILLIS);
    List<Long> cleanupMillis = new ArrayList<>();
    int withHarness = 0;
    int withTestProcesses = 0;
    StringBuilder log = new StringBuilder();
    for (int kill = 1; kill <= KILLS; kill++) {
      String marker = newMarker();
      long delay = 300 + (long) (random.nextDouble() * Math.max(1, span - 300));
      long start = System.nanoTime();
      Process tach = start(marker, mounts, "kill");
      try {
        Thread.sleep(Math.max(0, delay - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)));
        List<RunProcesses.Proc> before = RunProcesses.find(marker);
        tach.destroyForcibly(); // SIGKILL: no shutdown hook runs
        long killed = System.nanoTime();
        List<RunProcesses.Proc> left = RunProcesses.aliveAfter(WITHIN_MILLIS, marker, before);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
        withHarness += before.stream().anyMatch(p -> p.name().startsWith("python")) ? 1 : 0;
        withTestProcesses += before.stream().anyMatch(p -> p.name().equals("sleep")) ? 1 : 0;
        log.append(String.format("  kill %2d after %4d ms: %2d processes of the run, none left after %d ms%n",
            kill, delay, before.size(), millis));
        assertThat(left)
            .as("kill %d after %d ms (seed %d): processes of the run left %d ms after the SIGKILL; alive before: %s",
                kill, delay, seed, WITHIN_MILLIS, before)
            .isEmpty();
        Set<String> newMounts = new HashSet<>(RunProcesses.mounts());
        newMounts.removeAll(mountsBefore);
        assertThat(newMounts).as("mounts the run left (kill %d, seed %d)", kill, seed).isEmpty();
        cleanupMillis.add(millis);
        // The zygote removes the run directory; only a JVM killed before it started Python
        // leaves one, which nobody could remove.
        List<Path> runDirs = runDirsAfter(WITHIN_MILLIS);
        if (before.stream().noneMatch(p -> p.name().startsWith("python"))) {
          runDirs.forEach(TachRun::deleteTree);
        } else {
          assertThat(runDirs)
              .as("run directories left (kill %d after %d ms, seed %d), holding %s; alive before: %s",
                  kill, delay, seed, contents(runDirs), before)
              .isEmpty();
        }
      } finally {
        tach.destroyForcibly();
        tach.waitFor(10, TimeUnit.SECONDS);
      }
    }
    List<Long> sorted = cleanupMillis.stream().sorted().toList();
    System.out.print(log);
    System.out.println("kill test: " + withHarness + " of " + KILLS + " kills hit a running harness, " + withTestProcesses
        + " tests with their daemons; no process left after median " + sorted.get(sorted.size() / 2) + " ms, max "
        + sorted.get(sorted.size() - 1) + " ms");
    assertThat(withHarness).as("kills that hit a running harness (seed %d)", seed).isGreaterThanOrEqualTo(KILLS / 4);
  }

  @Test
  void sigintWritesTheReportsOfTheFinishedTestsExitsWith130AndLeavesNoProcess() throws Exception {
    interruptedRunReportsAndCleansUp("INT", 130);
  }

  @Test
  void sigtermWritesTheReportsOfTheFinishedTestsExitsWith143AndLeavesNoProcess() throws Exception {
    interruptedRunReportsAndCleansUp("TERM", 143);
  }

  /** Quick tests finish, slow ones (with daemons) are running when the signal comes. */
  private void interruptedRunReportsAndCleansUp(String signal, int exitCode) throws Exception {
    StringBuilder tests =
        new StringBuilder("import os, subprocess, time\n\nimport pytest\n\n@pytest.mark.parametrize('i', range(4))\n"
            + "def test_quick(i):\n    pass\n\n");
    tests.append("@pytest.mark.parametrize('i', range(8))\ndef test_slow(i):\n")
        .append("    subprocess.Popen(['sleep', '1000'], start_new_session=True)\n")
        .append("    if os.fork() == 0:\n        os.setsid()\n        if os.fork() == 0:\n")
        .append("            os.execvp('sleep', ['sleep', '1001'])\n        os._exit(0)\n    os.wait()\n")
        .append("    time.sleep(30)\n");
    TachRun.project(dir, "pytest.ini", "[pytest]\n", "test_one.py", tests.toString(),
        "test_two.py", tests.toString().replace("def test_", "def test_two_"));
    String marker = newMarker();
    Path out = dir.resolve("signal.out");
    Path junit = dir.resolve("reports/junit.xml");
    Process tach = start(marker, false, "signal", "--junit-xml", junit.toString());
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while ((finished(out).size() < 8 || daemons(marker) < 4) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(finished(out)).as(Files.readString(dir.resolve("signal.err"))).hasSize(8);
      List<RunProcesses.Proc> before = RunProcesses.find(marker);

      new ProcessBuilder("kill", "-" + signal, Long.toString(tach.pid())).start().waitFor();
      long signalled = System.nanoTime();
      List<RunProcesses.Proc> left = RunProcesses.aliveAfter(WITHIN_MILLIS, marker, before);
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalled);
      assertThat(left).as("processes of the run %d ms after SIG%s", WITHIN_MILLIS, signal).isEmpty();
      assertThat(tach.waitFor(WITHIN_MILLIS, TimeUnit.MILLISECONDS)).as("tach exits after SIG%s", signal).isTrue();
      System.out.println("SIG" + signal + ": tach exited and no process of the run was left after " + millis + " ms");
      assertThat(tach.exitValue()).isEqualTo(exitCode);

      List<String> lines = Files.readAllLines(out).stream().filter(l -> !l.isBlank()).toList();
      JsonNode last = JSON.readTree(lines.get(lines.size() - 1));
      assertThat(last.path("event").asText()).isEqualTo("run_finished");
      assertThat(last.path("interrupted").asBoolean()).isTrue();
      List<String> finished = finished(out);
      assertThat(finished).hasSize(8).allMatch(id -> id.contains("test_quick") || id.contains("test_two_quick"));
      assertThat(last.path("passed").asInt()).isEqualTo(finished.size());

      Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junit.toFile());
      NodeList cases = xml.getElementsByTagName("testcase");
      List<String> names = new ArrayList<>();
      for (int i = 0; i < cases.getLength(); i++) {
        names.add(cases.item(i).getAttributes().getNamedItem("name").getNodeValue());
      }
      assertThat(names).containsExactlyInAnyOrderElementsOf(
          finished.stream().map(id -> id.substring(id.lastIndexOf("::") + 2)).toList());
      assertThat(Files.readString(dir.resolve("signal.err"))).doesNotContain("Exception", "\tat ");
    } finally {
      tach.destroyForcibly();
    }
  }

  private static List<String> contents(List<Path> dirs) throws IOException {
    List<String> found = new ArrayList<>();
    for (Path d : dirs) {
      try (var walk = Files.walk(d)) {
        walk.forEach(p -> found.add(d.relativize(p).toString()));
      }
    }
    return found;
  }

  /** The run directories still in the runs' temporary directory after up to {@code millis}. */
  private List<Path> runDirsAfter(long millis) throws IOException, InterruptedException {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (true) {
      List<Path> left;
      try (var list = Files.list(runTmp)) {
        left = list.filter(p -> p.getFileName().toString().startsWith("tach-")).toList();
      }
      if (left.isEmpty() || System.nanoTime() > end) {
        return left;
      }
      Thread.sleep(20);
    }
  }

  private Process start(String marker, boolean mounts, String name, String... extraArgs) {
    List<String> args = new ArrayList<>(List.of("--format", "json", "-n", "2"));
    args.addAll(List.of(extraArgs));
    return TachRun.start(
        dir,
        Map.of(
            RunProcesses.VARIABLE, marker,
            "TACH_FAULT_MOUNTS", mounts ? "1" : "0",
            "JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + runTmp),
        TachRun.command(List.of(), args.toArray(String[]::new)),
        dir.resolve(name + ".out"),
        dir.resolve(name + ".err"));
  }

  private String newMarker() {
    String marker = UUID.randomUUID().toString();
    markers.add(marker);
    return marker;
  }

  /** Node ids of the tests the NDJSON output reports as finished. */
  private static List<String> finished(Path ndjson) throws IOException {
    List<String> ids = new ArrayList<>();
    for (String line : Files.readAllLines(ndjson)) {
      if (line.contains("\"test_finished\"")) {
        ids.add(JSON.readTree(line).path("test").asText());
      }
    }
    return ids;
  }

  private static long daemons(String marker) {
    return RunProcesses.find(marker).stream().filter(p -> p.name().equals("sleep")).count();
  }

  /** Whether this user may start a process in a mount namespace of its own and mount there. */
  private static boolean mountNamespacesWork() throws InterruptedException {
    try {
      Process probe =
          new ProcessBuilder("unshare", "--mount", "--propagation", "private", "sh", "-c", "mount -t tmpfs probe /mnt")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0;
    } catch (IOException e) {
      return false;
    }
  }
}
