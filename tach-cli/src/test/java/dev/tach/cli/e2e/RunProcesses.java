package dev.tach.cli.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The processes of one run, found by a marker: {@code TACH_RUN_MARKER=<marker>} is put into the
 * supervisor's environment, so the zygote, the workers, the test children and whatever the tests
 * start (daemons in their own sessions and namespaces included) inherit it. Zombies do not
 * count: they are dead, only not yet reaped (by init, for orphans).
 */
final class RunProcesses {
  static final String VARIABLE = "TACH_RUN_MARKER";

  private RunProcesses() {}

  /** A live process: pid, its start time (clock ticks since boot, to tell a reused pid) and name. */
  record Proc(long pid, String startTime, String name) {
    @Override
    public String toString() {
      return pid + " (" + name + ")";
    }
  }

  /** Live processes whose environment holds the marker. */
  static List<Proc> find(String marker) {
    byte[] wanted = ("\0" + VARIABLE + "=" + marker + "\0").getBytes(StandardCharsets.UTF_8);
    List<Proc> found = new ArrayList<>();
    for (long pid : pids()) {
      Proc proc = stat(pid);
      if (proc == null) {
        continue;
      }
      try {
        byte[] environ = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"));
        byte[] framed = new byte[environ.length + 2];
        System.arraycopy(environ, 0, framed, 1, environ.length);
        if (contains(framed, wanted)) {
          found.add(proc);
        }
      } catch (IOException | SecurityException gone) {
        // Exited meanwhile, or not ours to read (then it did not inherit our environment).
      }
    }
    return found;
  }

  /**
   * Processes of the run still alive: those with the marker, and those of {@code seen} that are
   * still running under the same pid and start time. (An exiting process has released its memory,
   * environment included, a moment before it becomes a zombie.)
   */
  static List<Proc> alive(String marker, List<Proc> seen) {
    Map<Long, Proc> alive = new LinkedHashMap<>();
    for (Proc proc : find(marker)) {
      alive.put(proc.pid(), proc);
    }
    for (Proc proc : seen) {
      Proc now = stat(proc.pid());
      if (now != null && now.startTime().equals(proc.startTime())) {
        alive.putIfAbsent(now.pid(), now);
      }
    }
    return List.copyOf(alive.values());
  }

  /** Polls until nothing of the run is alive; returns what is left after {@code millis}. */
  static List<Proc> aliveAfter(long millis, String marker, List<Proc> seen) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    List<Proc> left = alive(marker, seen);
    while (!left.isEmpty() && System.nanoTime() < end) {
      Thread.sleep(5);
      left = alive(marker, seen);
    }
    return left;
  }

  /** Cleans up after a failed test: SIGKILLs every process of the run. */
  static void killAll(String marker) {
    for (Proc proc : find(marker)) {
      ProcessHandle.of(proc.pid()).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  /** The mount table of this process's mount namespace, one entry per line. */
  static Set<String> mounts() {
    try {
      return new LinkedHashSet<>(Files.readAllLines(Path.of("/proc/self/mountinfo")));
    } catch (IOException e) {
      throw new AssertionError("cannot read /proc/self/mountinfo", e);
    }
  }

  private static List<Long> pids() {
    try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
      return entries
          .map(p -> p.getFileName().toString())
          .filter(name -> !name.isEmpty() && name.chars().allMatch(Character::isDigit))
          .map(Long::parseLong)
          .toList();
    } catch (IOException e) {
      throw new AssertionError("cannot list /proc", e);
    }
  }

  /** The process's name and start time, or null when it is gone or a zombie. */
  private static Proc stat(long pid) {
    String stat;
    try {
      stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.ISO_8859_1);
    } catch (IOException gone) {
      return null;
    }
    int open = stat.indexOf('(');
    int close = stat.lastIndexOf(')');
    if (open < 0 || close < open) {
      return null;
    }
    // After the name: state (field 3) … starttime (field 22).
    String[] fields = stat.substring(close + 2).split(" ");
    if (fields.length < 20 || fields[0].equals("Z") || fields[0].equals("X")) {
      return null;
    }
    return new Proc(pid, fields[19], stat.substring(open + 1, close));
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
