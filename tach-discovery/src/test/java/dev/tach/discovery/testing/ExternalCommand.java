package dev.tach.discovery.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a real program (the Python interpreter, git) for agreement tests: skips the test with a
 * printed reason when the program is missing, never leaves the process behind.
 */
public final class ExternalCommand {

  /** What a finished command printed. */
  public record Result(int exitCode, String stdout, String stderr) {}

  private ExternalCommand() {}

  /** The interpreter agreement tests ask ({@code -Dtach.python}, default {@code python3}). */
  public static String python() {
    return System.getProperty("tach.python", "python3");
  }

  /**
   * Runs {@code command} in {@code dir} with {@code env} (null values remove a variable); skips the
   * calling test if the program cannot be started or does not finish in time.
   */
  public static Result run(
      List<String> command, Path dir, Map<String, String> env, long timeoutSeconds)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.environment().remove("PYTEST_ADDOPTS");
    env.forEach(
        (k, v) -> {
          if (v == null) {
            builder.environment().remove(k);
          } else {
            builder.environment().put(k, v);
          }
        });
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      System.out.println("skipped: cannot run " + command.get(0) + ": " + e.getMessage());
      assumeTrue(false, "cannot run " + command.get(0) + ": " + e.getMessage());
      throw e;
    }
    try {
      process.getOutputStream().close();
      CompletableFuture<String> out = drain(process.getInputStream());
      CompletableFuture<String> err = drain(process.getErrorStream());
      boolean finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
      if (!finished) {
        System.out.println("skipped: " + command + " did not finish in " + timeoutSeconds + " s");
      }
      assumeTrue(finished, command + " did not finish in time");
      return new Result(process.exitValue(), out.join(), err.join());
    } finally {
      process.destroyForcibly();
    }
  }

  /** A command line for printing. */
  public static String show(List<String> command) {
    return String.join(" ", command);
  }

  private static CompletableFuture<String> drain(java.io.InputStream in) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            return "";
          }
        });
  }
}
