package dev.tach.cli.internal;

import dev.tach.api.ErrorCode;
import dev.tach.api.TachException;
import dev.tach.discovery.env.PythonEnvironment;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the project's interpreter: {@code --python}, then {@code [tool.tach] python_path}, then
 * {@code $VIRTUAL_ENV}, then {@code .venv/} in the project, then {@code python3} on PATH.
 */
public final class PythonLocator {
  private final Map<String, String> env;

  public PythonLocator(Map<String, String> env) {
    this.env = env;
  }

  public Path locate(Optional<Path> explicit, Optional<Path> configured, Path projectRoot) {
    if (explicit.isPresent()) {
      return usable(explicit.get(), "--python");
    }
    if (configured.isPresent()) {
      return usable(configured.get(), "[tool.tach] python_path");
    }
    String venv = env.get("VIRTUAL_ENV");
    if (venv != null && !venv.isBlank()) {
      return usable(Path.of(venv, "bin", "python"), "$VIRTUAL_ENV");
    }
    Path local = projectRoot.resolve(".venv/bin/python");
    if (Files.isExecutable(local)) {
      return local;
    }
    return onPath("python3")
        .orElseThrow(
            () ->
                new TachException(
                    ErrorCode.E005,
                    "no python3 on PATH and no virtual environment found",
                    "install Python 3.10+ or pass --python PATH"));
  }

  /** How a run starts the harness's interpreter: the executable and the run's environment. */
  public record Launch(Path executable, Map<String, String> env) {}

  /**
   * The harness is started as the interpreter itself, not through a pyenv shim: a shim is a bash
   * script that forks pyenv's helpers before it execs Python, and should the supervisor die
   * meanwhile, those would outlive it by as long as they take (seconds on a busy machine) — the
   * harness guards its process tree only once Python runs (docs/protocol.md, "Faults"). The
   * {@code PATH} that {@code pyenv exec} would set (the version's bin directory first) goes with
   * it, so what the tests start resolves as under the shim.
   *
   * @param runEnv the variables the run adds to this process's environment
   */
  public Launch launch(Path python, Path projectDir, Map<String, String> runEnv) {
    Map<String, String> lookup = new LinkedHashMap<>(env);
    lookup.putAll(runEnv);
    Optional<Path> target = PythonEnvironment.pyenvShimTarget(python, lookup, projectDir);
    if (target.isEmpty()) {
      return new Launch(python, runEnv);
    }
    Map<String, String> launchEnv = new LinkedHashMap<>(runEnv);
    String path = lookup.getOrDefault("PATH", "");
    launchEnv.put("PATH", target.get().getParent() + (path.isEmpty() ? "" : File.pathSeparator + path));
    return new Launch(target.get(), launchEnv);
  }

  private Path usable(Path candidate, String source) {
    Path resolved = candidate;
    if (!candidate.toString().contains(File.separator)) {
      resolved = onPath(candidate.toString()).orElse(candidate);
    }
    if (!Files.isRegularFile(resolved) || !Files.isExecutable(resolved)) {
      throw new TachException(
          ErrorCode.E005,
          "the interpreter " + candidate + " (from " + source + ") does not exist or is not executable",
          "point " + source + " at a Python 3.10+ executable");
    }
    return resolved;
  }

  private Optional<Path> onPath(String name) {
    String path = env.getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
