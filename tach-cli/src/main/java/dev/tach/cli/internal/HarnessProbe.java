package dev.tach.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tach.api.ErrorCode;
import dev.tach.api.TachException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code python -m tach_harness probe} with the installed harness, as a run starts the zygote
 * (the harness first on {@code sys.path}, the project as working directory): Python's and
 * pytest's versions and the sandbox probe of the process that would apply the sandbox.
 */
final class HarnessProbe {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final Path stdout;
  private final Path stderr;
  private final Path python;
  private final long startNanos;

  private HarnessProbe(Process process, Path stdout, Path stderr, Path python, long startNanos) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
    this.python = python;
    this.startNanos = startNanos;
  }

  /**
   * What the probe printed, and how long it took.
   *
   * @param report the JSON object
   * @param stderr what the interpreter wrote on stderr (for --debug)
   */
  record Result(JsonNode report, String stderr, long millis) {}

  /** Starts the probe; {@link #await} collects it. */
  static HarnessProbe start(Path python, Path harnessPath, Path workDir, Map<String, String> env) {
    String boot =
        "import sys; sys.path[0] = sys.argv.pop(1); import runpy;"
            + " runpy.run_module('tach_harness', run_name='__main__', alter_sys=True)";
    long start = System.nanoTime();
    try {
      Path out = Files.createTempFile("tach-probe", ".json");
      Path err = Files.createTempFile("tach-probe", ".err");
      ProcessBuilder builder =
          new ProcessBuilder(List.of(python.toString(), "-c", boot, harnessPath.toString(), "probe"))
              .directory(workDir.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      builder.environment().putAll(env);
      return new HarnessProbe(builder.start(), out, err, python, start);
    } catch (IOException e) {
      throw new TachException(
          ErrorCode.E005, "cannot start the Python interpreter " + python + ": " + e.getMessage(), "pass --python PATH");
    }
  }

  /**
   * Waits for the report.
   *
   * @throws TachException E005 when the interpreter ran but printed no report (not Python, or
   *     too old for the harness), E014 when the harness is missing or the probe hangs
   */
  Result await(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new TachException(
            ErrorCode.E014,
            "the harness probe of " + python + " did not answer in " + timeout.toSeconds() + " s",
            "run it by hand: " + python + " -m tach_harness probe (from the harness directory)");
      }
      String out = Files.readString(stdout);
      String err = Files.readString(stderr);
      long millis = (System.nanoTime() - startNanos) / 1_000_000;
      String last = err.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("no output");
      if (process.exitValue() != 0 || out.isBlank()) {
        if (err.contains("No module named 'tach_harness'") || err.contains("No module named tach_harness")) {
          throw new TachException(ErrorCode.E014, "the harness is missing for " + python + ": " + last, "rebuild tach (mvn -B install)");
        }
        throw new TachException(
            ErrorCode.E005,
            "the interpreter " + python + " could not run the harness probe (exit " + process.exitValue() + "): " + last,
            "point --python at a Python 3.10+ executable");
      }
      try {
        return new Result(JSON.readTree(out), err, millis);
      } catch (IOException e) {
        throw new TachException(ErrorCode.E014, "the harness probe printed no JSON: " + out.strip(), "run with --debug");
      }
    } catch (IOException e) {
      throw new TachException(ErrorCode.E014, "cannot read the harness probe's output: " + e.getMessage(), "");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new TachException(ErrorCode.E014, "interrupted while waiting for the harness probe", "");
    } finally {
      if (process.isAlive()) {
        process.destroyForcibly();
      }
      try {
        Files.deleteIfExists(stdout);
        Files.deleteIfExists(stderr);
      } catch (IOException ignored) {
        // Temporary files; the system cleans them up eventually.
      }
    }
  }

  /** Stops the probe without waiting (the report is not needed after all). */
  void abandon() {
    process.destroyForcibly();
    try {
      Files.deleteIfExists(stdout);
      Files.deleteIfExists(stderr);
    } catch (IOException ignored) {
      // As above.
    }
  }
}
