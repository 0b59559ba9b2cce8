package dev.tach.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InterruptIT {
  @TempDir Path dir;

  @AfterEach
  void nothingOfTheRunIsLeft() {
    TachRun.killLeftovers(dir);
  }

  @Test
  void aKilledSupervisorTakesEveryProcessOfTheRunWithIt() throws Exception {
    StringBuilder tests = new StringBuilder("import time\n\n");
    for (int i = 0; i < 8; i++) {
      tests.append("def test_").append(i).append("():\n    time.sleep(5)\n\n");
    }
    TachRun.project(dir, "pytest.ini", "[pytest]\n", "test_a.py", tests.toString(), "test_b.py", tests.toString());
    Path out = dir.resolve("out.ndjson");
    Process tach =
        TachRun.start(dir, Map.of(), TachRun.command(List.of(), "--format", "json", "-n", "2"), out, dir.resolve("err.txt"));
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (Files.readString(out).split("test_started", -1).length < 3 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(TachRun.leftovers(dir)).as("zygote, workers and test children are running").hasSizeGreaterThanOrEqualTo(5);
      tach.destroyForcibly(); // SIGKILL: no shutdown hook runs, only PR_SET_PDEATHSIG works
      assertThat(TachRun.leftoversAfter(2000, dir)).isEmpty();
    } finally {
      tach.destroyForcibly();
    }
  }

  @Test
  void ctrlCReportsWhatFinishedAndLeavesNoProcessBehind() throws Exception {
    StringBuilder tests = new StringBuilder("import time\n\n");
    for (int i = 0; i < 12; i++) {
      tests.append("def test_").append(i).append("():\n    time.sleep(").append(i == 0 ? "0.1" : "1").append(")\n\n");
    }
    TachRun.project(dir, "pytest.ini", "[pytest]\n", "test_slow_a.py", tests.toString(), "test_slow_b.py", tests.toString());
    Path out = dir.resolve("out.ndjson");
    Path err = dir.resolve("err.txt");
    Process tach = TachRun.start(dir, Map.of(), TachRun.command(List.of(), "--format", "json", "-n", "2"), out, err);
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.readString(out).contains("\"test_finished\"") && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(Files.readString(out)).as(Files.readString(err)).contains("\"test_finished\"");
      new ProcessBuilder("kill", "-INT", Long.toString(tach.pid())).start().waitFor();
      assertThat(tach.waitFor(10, TimeUnit.SECONDS)).as("tach exits after SIGINT").isTrue();
      assertThat(tach.exitValue()).isEqualTo(130);

      List<String> lines = Files.readAllLines(out).stream().filter(l -> !l.isBlank()).toList();
      JsonNode last = new ObjectMapper().readTree(lines.get(lines.size() - 1));
      assertThat(last.path("event").asText()).isEqualTo("run_finished");
      assertThat(last.path("interrupted").asBoolean()).isTrue();
      assertThat(last.path("passed").asInt()).isGreaterThanOrEqualTo(1).isLessThan(24);
      assertThat(TachRun.leftoversAfter(2000, dir)).isEmpty();
    } finally {
      tach.destroyForcibly();
    }
  }
}
