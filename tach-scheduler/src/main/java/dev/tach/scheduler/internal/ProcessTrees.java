package dev.tach.scheduler.internal;

import java.util.List;

/** Killing a process with everything below it. */
public final class ProcessTrees {
  private ProcessTrees() {}

  /** SIGKILLs the process and its descendants, leaves first (a missing pid is not an error). */
  public static void kill(long pid) {
    ProcessHandle.of(pid).ifPresent(ProcessTrees::kill);
  }

  public static void kill(ProcessHandle root) {
    List<ProcessHandle> below = root.descendants().toList();
    root.destroyForcibly();
    for (int i = below.size() - 1; i >= 0; i--) {
      below.get(i).destroyForcibly();
    }
  }
}
