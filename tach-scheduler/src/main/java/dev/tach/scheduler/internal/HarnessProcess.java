package dev.tach.scheduler.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.IntConsumer;

/**
 * The zygote process. It is started, and waited for, by a thread of its own that lives as long
 * as the process: the harness sets {@code PR_SET_PDEATHSIG}, which fires when the <em>thread</em>
 * that forked it ends, so the launching thread must not be a pool thread that may retire.
 * Output goes to files in the run directory, never to a pipe someone must drain.
 */
public final class HarnessProcess {
  /** How long the zygote gets to kill its tree after SIGTERM before everything is SIGKILLed. */
  static final long TERM_GRACE_MILLIS = 1000;

  private final Process process;
  private final Path stderr;

  private HarnessProcess(Process process, Path stderr) {
    this.process = process;
    this.stderr = stderr;
  }

  /**
   * Starts the command.
   *
   * @param onExit called with the exit code when the process ends, on the parent thread
   */
  public static HarnessProcess start(
      List<String> command, Path workDir, Map<String, String> env, Path logDir, IntConsumer onExit)
      throws IOException {
    Path out = logDir.resolve("harness.out");
    Path err = logDir.resolve("harness.err");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
            .redirectError(ProcessBuilder.Redirect.appendTo(err.toFile()));
    builder.environment().putAll(env);
    CompletableFuture<Process> started = new CompletableFuture<>();
    Thread parent =
        new Thread(
            () -> {
              Process p;
              try {
                p = builder.start();
              } catch (IOException | RuntimeException e) {
                started.completeExceptionally(e);
                return;
              }
              started.complete(p);
              int code = waitUninterruptibly(p);
              onExit.accept(code);
            },
            "tach-harness-parent");
    parent.setDaemon(true);
    parent.start();
    try {
      return new HarnessProcess(started.get(), err);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      throw new IOException(cause.getMessage(), cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting the harness", e);
    }
  }

  private static int waitUninterruptibly(Process p) {
    while (true) {
      try {
        return p.waitFor();
      } catch (InterruptedException ignored) {
        // Only the process's end ends this thread (see the class comment).
      }
    }
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Waits up to {@code millis} for the process to end. */
  public boolean waitFor(long millis) {
    try {
      return process.waitFor(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    }
  }

  /**
   * Kills the zygote and every process below it. SIGTERM first: the zygote is a guard
   * (docs/protocol.md, "Faults") that kills everything below it, daemons that left the process
   * tree for the zygote included, and then dies; what is still alive after {@link
   * #TERM_GRACE_MILLIS} (a zygote that had not installed its handler yet, or hangs) is
   * SIGKILLed with the descendants seen before and after.
   */
  public void killTree() {
    ProcessHandle root = process.toHandle();
    if (!root.isAlive()) {
      return;
    }
    List<ProcessHandle> before = root.descendants().toList();
    root.destroy();
    waitFor(TERM_GRACE_MILLIS);
    ProcessTrees.kill(root);
    before.forEach(ProcessHandle::destroyForcibly);
  }

  /** The last non-blank lines the harness wrote to stderr, for error messages. */
  public List<String> stderrTail(int lines) {
    return tail(stderr, lines);
  }

  public Path stderrFile() {
    return stderr;
  }

  static List<String> tail(Path file, int lines) {
    try {
      if (!Files.exists(file)) {
        return List.of();
      }
      byte[] bytes = Files.readAllBytes(file);
      int from = Math.max(0, bytes.length - 64 * 1024);
      List<String> all =
          new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8)
              .lines()
              .filter(l -> !l.isBlank())
              .toList();
      return all.subList(Math.max(0, all.size() - lines), all.size());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
