package dev.tach.api;

import java.util.ArrayList;
import java.util.List;

/**
 * What a test left behind ({@code --report-leaks}), one line per thing; every list is empty
 * unless leaks were asked for.
 *
 * @param processes processes still alive when the test ended ({@code "<pid> <command line>"});
 *     they were killed afterwards
 * @param threads Python threads started by the test and still alive at its end
 * @param files files the test wrote into the project, relative to it (needs the sandbox's overlays)
 * @param environment environment variables the test added ({@code +NAME}), removed ({@code -NAME})
 *     or changed ({@code ~NAME})
 */
@Api(Api.Status.EXPERIMENTAL)
public record Leaks(List<String> processes, List<String> threads, List<String> files, List<String> environment) {
  public static final Leaks NONE = new Leaks(List.of(), List.of(), List.of(), List.of());

  public Leaks {
    processes = List.copyOf(processes);
    threads = List.copyOf(threads);
    files = List.copyOf(files);
    environment = List.copyOf(environment);
  }

  public boolean isEmpty() {
    return processes.isEmpty() && threads.isEmpty() && files.isEmpty() && environment.isEmpty();
  }

  /** One line per non-empty kind: {@code "processes: 123 sleep 1000"}, lists joined with {@code ", "}. */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    add(lines, "processes", processes);
    add(lines, "threads", threads);
    add(lines, "files", files);
    add(lines, "environment", environment);
    return lines;
  }

  private static void add(List<String> lines, String kind, List<String> entries) {
    if (!entries.isEmpty()) {
      lines.add(kind + ": " + String.join(", ", entries));
    }
  }
}
