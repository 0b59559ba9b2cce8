package dev.tach.discovery.env;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * pyenv's shims ({@code ~/.pyenv/shims/python3}) are shell scripts that pick a version at run time;
 * this resolves one to the interpreter it would run, as {@code pyenv version-name} does: {@code
 * PYENV_VERSION}, else the nearest {@code .python-version} at or above the working directory, else
 * {@code $PYENV_ROOT/version}; the first listed version that has the program.
 */
final class PyenvShim {

  private static final Pattern ROOT = Pattern.compile("export PYENV_ROOT=\"([^\"]+)\"");

  private PyenvShim() {}

  /** The interpreter the shim at {@code path} runs, or empty if it is no pyenv shim. */
  static Optional<Path> resolve(Path path, Map<String, String> env, Path cwd) {
    String head;
    try (InputStream in = Files.newInputStream(path)) {
      head = new String(in.readNBytes(2048), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return Optional.empty();
    }
    if (!head.startsWith("#!") || !head.contains("pyenv\" exec")) {
      return Optional.empty();
    }
    Matcher m = ROOT.matcher(head);
    Path root =
        m.find()
            ? Path.of(m.group(1))
            : Path.of(env.getOrDefault("PYENV_ROOT", path.getParent().getParent().toString()));
    String versions = env.get("PYENV_VERSION");
    if (versions == null || versions.isBlank()) {
      versions = versionFile(cwd).or(() -> read(root.resolve("version"))).orElse("system");
    }
    String program = path.getFileName().toString();
    for (String version : versions.split("[:\\s]+")) {
      if (version.isEmpty() || version.equals("system")) {
        continue;
      }
      Path candidate = root.resolve("versions").resolve(version).resolve("bin").resolve(program);
      if (Files.isRegularFile(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static Optional<String> versionFile(Path cwd) {
    for (Path dir = cwd; dir != null; dir = dir.getParent()) {
      Optional<String> text = read(dir.resolve(".python-version"));
      if (text.isPresent()) {
        return text;
      }
    }
    return Optional.empty();
  }

  private static Optional<String> read(Path file) {
    try {
      return Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip())
          .filter(s -> !s.isEmpty());
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
