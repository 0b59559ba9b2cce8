package dev.tach.scheduler.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HarnessProcessTest {
  @TempDir Path dir;
  private HarnessProcess process;

  @AfterEach
  void nothingIsLeft() throws Exception {
    if (process != null) {
      ProcessTrees.kill(process.pid());
    }
    if (Files.exists(dir.resolve("child")) && !Files.readString(dir.resolve("child")).isBlank()) {
      ProcessTrees.kill(child());
    }
  }

  /** A stand-in zygote with a child; {@code onTerm} is its SIGTERM trap. */
  private HarnessProcess zygote(String onTerm) throws Exception {
    String script = "trap '" + onTerm + "' TERM; sleep 100 & echo $! > child; wait; wait";
    process = HarnessProcess.start(List.of("sh", "-c", script), dir, Map.of(), dir, code -> {});
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!(Files.exists(dir.resolve("child")) && !Files.readString(dir.resolve("child")).isBlank())
        && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    return process;
  }

  private long child() throws Exception {
    return Long.parseLong(Files.readString(dir.resolve("child")).strip());
  }

  @Test
  void killTreeLetsTheZygoteKillItsTreeOnSigtermFirst() throws Exception {
    zygote("touch termed; kill -9 $(cat child); exit 0");
    long child = child();
    process.killTree();
    assertThat(dir.resolve("termed")).exists();
    assertThat(process.isAlive()).isFalse();
    assertThat(goneWithin(child, 2000)).isTrue();
  }

  @Test
  void aZygoteThatIgnoresSigtermIsKilledWithItsTreeAfterTheGrace() throws Exception {
    zygote("");
    long child = child();
    long start = System.nanoTime();
    process.killTree();
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(process.waitFor(2000)).isTrue();
    assertThat(millis).isBetween(HarnessProcess.TERM_GRACE_MILLIS - 50, HarnessProcess.TERM_GRACE_MILLIS + 2000);
    assertThat(goneWithin(child, 2000)).isTrue();
  }

  /** Whether the process is gone or a zombie (dead, not yet reaped by init) within the time. */
  private static boolean goneWithin(long pid, long millis) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (true) {
      String stat;
      try {
        stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      } catch (java.io.IOException gone) {
        return true;
      }
      if (stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z")) {
        return true;
      }
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(10);
    }
  }
}
