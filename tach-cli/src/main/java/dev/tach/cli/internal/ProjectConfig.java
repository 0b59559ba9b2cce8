package dev.tach.cli.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.tach.api.ErrorCode;
import dev.tach.api.TachException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code [tool.tach]} of the project's {@code pyproject.toml}: {@code env}, {@code python_path},
 * {@code timeout}, {@code workers}, {@code isolation}.
 *
 * @param root the directory that holds the {@code pyproject.toml} (or the start directory)
 */
public record ProjectConfig(
    Path root,
    Optional<Path> file,
    Map<String, String> env,
    Optional<Path> pythonPath,
    Optional<Duration> timeout,
    Optional<Integer> workers,
    Optional<String> isolation,
    Optional<String> sandbox) {

  private static final TomlMapper TOML = new TomlMapper();

  /** The nearest {@code pyproject.toml} at or above {@code start}; none is an empty config. */
  public static ProjectConfig find(Path start) {
    for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("pyproject.toml");
      if (Files.isRegularFile(candidate)) {
        return load(candidate);
      }
      if (Files.isDirectory(dir.resolve(".git"))) {
        break;
      }
    }
    return new ProjectConfig(
        start.toAbsolutePath().normalize(),
        Optional.empty(),
        Map.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  public static ProjectConfig load(Path pyproject) {
    JsonNode doc;
    try {
      doc = TOML.readTree(Files.readString(pyproject));
    } catch (JacksonException e) {
      throw new TachException(
          ErrorCode.E001,
          pyproject + " is not valid TOML: " + e.getOriginalMessage() + location(e),
          "fix the file, or check it with python3 -c \"import tomllib; tomllib.load(open('pyproject.toml','rb'))\"");
    } catch (IOException e) {
      throw new TachException(ErrorCode.E001, "cannot read " + pyproject + ": " + e.getMessage(), "");
    }
    JsonNode tach = doc == null ? null : doc.path("tool").path("tach");
    Path root = pyproject.toAbsolutePath().getParent();
    if (tach == null || !tach.isObject()) {
      return new ProjectConfig(
          root, Optional.of(pyproject), Map.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
          Optional.empty());
    }
    Map<String, String> env = new LinkedHashMap<>();
    JsonNode envNode = tach.path("env");
    if (!envNode.isMissingNode()) {
      if (!envNode.isObject()) {
        throw bad(pyproject, "env", "a table of strings, e.g. env = { DJANGO_SETTINGS_MODULE = \"app.settings\" }");
      }
      envNode.fields().forEachRemaining(f -> env.put(f.getKey(), f.getValue().asText()));
    }
    Optional<Path> python = text(tach, "python_path", pyproject).map(p -> root.resolve(p).normalize());
    Optional<Duration> timeout = Optional.empty();
    JsonNode t = tach.path("timeout");
    if (!t.isMissingNode()) {
      if (!t.isNumber() || t.asDouble() <= 0) {
        throw bad(pyproject, "timeout", "a positive number of seconds");
      }
      timeout = Optional.of(Duration.ofMillis((long) (t.asDouble() * 1000)));
    }
    Optional<Integer> workers = Optional.empty();
    JsonNode w = tach.path("workers");
    if (!w.isMissingNode()) {
      if (w.isTextual() && w.asText().equals("auto")) {
        workers = Optional.of(Runtime.getRuntime().availableProcessors());
      } else if (w.isInt() && w.asInt() >= 1) {
        workers = Optional.of(w.asInt());
      } else {
        throw bad(pyproject, "workers", "a positive integer or \"auto\"");
      }
    }
    return new ProjectConfig(
        root, Optional.of(pyproject), env, python, timeout, workers, text(tach, "isolation", pyproject),
        text(tach, "sandbox", pyproject));
  }

  private static Optional<String> text(JsonNode table, String key, Path file) {
    JsonNode node = table.path(key);
    if (node.isMissingNode()) {
      return Optional.empty();
    }
    if (!node.isTextual()) {
      throw bad(file, key, "a string");
    }
    return Optional.of(node.asText());
  }

  private static TachException bad(Path file, String key, String expected) {
    return new TachException(
        ErrorCode.E001, file + ": [tool.tach] " + key + " must be " + expected, "see README.md, Configuration");
  }

  private static String location(JacksonException e) {
    return e.getLocation() == null || e.getLocation().getLineNr() < 0
        ? ""
        : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
  }
}
