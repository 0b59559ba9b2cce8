package dev.tach.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs the packaged {@code tach} distribution (tach-cli.jar + lib/ on the module path, as the
 * {@code ./tach} launcher does) in a project directory, and finds what the run left behind.
 */
public final class TachRun {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final Path DIST = Path.of(System.getProperty("tach.distribution", "target"));

  public final int exitCode;
  public final String stdout;
  public final String stderr;

  private TachRun(int exitCode, String stdout, String stderr) {
    this.exitCode = exitCode;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /** The java command of the distribution, extra module path entries appended. */
  public static List<String> command(List<String> extraModulePath, String... args) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    StringBuilder modulePath =
        new StringBuilder(DIST.resolve("tach-cli.jar").toAbsolutePath() + ":" + DIST.resolve("lib").toAbsolutePath());
    extraModulePath.forEach(p -> modulePath.append(':').append(p));
    List<String> command = new ArrayList<>(List.of(java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    command.addAll(List.of("--module-path", modulePath.toString(), "--add-modules", "ALL-MODULE-PATH"));
    command.addAll(List.of("--module", "dev.tach.cli/dev.tach.cli.Main"));
    command.addAll(List.of(args));
    return command;
  }

  public static Process start(Path projectDir, Map<String, String> env, List<String> command, Path out, Path err) {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(projectDir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    builder.environment().put("XDG_CACHE_HOME", DIST.resolve("it-cache").toAbsolutePath().toString());
    builder.environment().remove("TACH_FORMAT");
    builder.environment().remove("TACH_JUNIT_XML");
    builder.environment().putAll(env);
    try {
      return builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static TachRun run(Path projectDir, String... args) {
    return run(projectDir, Map.of(), args);
  }

  public static TachRun run(Path projectDir, Map<String, String> env, String... args) {
    try {
      Path out = Files.createTempFile("tach-out", ".txt");
      Path err = Files.createTempFile("tach-err", ".txt");
      Process process = start(projectDir, env, command(List.of(), args), out, err);
      if (!process.waitFor(180, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        killLeftovers(projectDir);
        throw new AssertionError("tach did not finish within 180 s; stderr: " + Files.readString(err));
      }
      TachRun run = new TachRun(process.exitValue(), Files.readString(out), Files.readString(err));
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
      return run;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The NDJSON events of a {@code --format json} run. */
  public List<JsonNode> events() {
    List<JsonNode> events = new ArrayList<>();
    for (String line : stdout.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      try {
        events.add(JSON.readTree(line));
      } catch (IOException e) {
        throw new AssertionError("not a JSON line: " + line + "\nstderr: " + stderr, e);
      }
    }
    return events;
  }

  /** Status of every finished test by node id; fails if a test finished twice. */
  public Map<String, String> statuses() {
    Map<String, String> statuses = new LinkedHashMap<>();
    for (JsonNode event : events()) {
      if (event.path("event").asText().equals("test_finished")) {
        String previous = statuses.put(event.path("test").asText(), event.path("status").asText());
        assertThat(previous).as("second result for %s", event.path("test").asText()).isNull();
      }
    }
    return statuses;
  }

  public JsonNode event(String name) {
    return events().stream()
        .filter(e -> e.path("event").asText().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " event in:\n" + stdout + "\nstderr:\n" + stderr));
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
  }

  /** Processes whose working directory or command line points into {@code dir}. */
  public static List<ProcessHandle> leftovers(Path dir, String... markers) {
    String root = dir.toAbsolutePath().normalize().toString();
    List<ProcessHandle> found = new ArrayList<>();
    try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
      for (ProcessHandle p : all.toList()) {
        if (p.pid() == ProcessHandle.current().pid()) {
          continue;
        }
        String cwd = "";
        String cmdline = "";
        try {
          cwd = Files.readSymbolicLink(Path.of("/proc", Long.toString(p.pid()), "cwd")).toString();
          cmdline = new String(Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "cmdline")), StandardCharsets.UTF_8);
        } catch (IOException | UnsupportedOperationException ignored) {
          // Gone, or not ours to read.
        }
        boolean marked = Stream.of(markers).anyMatch(cmdline::contains);
        if (cwd.startsWith(root) || marked) {
          found.add(p);
        }
      }
    }
    return found;
  }

  /** Cleans up after a failed test: nothing it started may outlive it. */
  public static void killLeftovers(Path dir, String... markers) {
    leftovers(dir, markers).forEach(ProcessHandle::destroyForcibly);
  }

  /** Waits up to {@code millis} for the leftovers to vanish and returns those that did not. */
  public static List<ProcessHandle> leftoversAfter(long millis, Path dir, String... markers) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    List<ProcessHandle> left = leftovers(dir, markers);
    while (!left.isEmpty() && System.nanoTime() < end) {
      Thread.sleep(50);
      left = leftovers(dir, markers);
    }
    return left;
  }

  /** Deletes a directory and everything in it. */
  public static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes files of a test project: path, content, path, content… */
  public static Path project(Path dir, String... pathsAndContents) {
    try {
      for (int i = 0; i < pathsAndContents.length; i += 2) {
        Path file = dir.resolve(pathsAndContents[i]);
        Files.createDirectories(file.getParent());
        Files.writeString(file, pathsAndContents[i + 1].stripIndent());
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
