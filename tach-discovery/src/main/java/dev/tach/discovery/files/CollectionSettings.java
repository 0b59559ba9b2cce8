package dev.tach.discovery.files;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What Tach adds to pytest's own rules when it lists the files of a run.
 *
 * @param noIgnore Tach's {@code --no-ignore}: {@code .gitignore}, {@code .ignore}, {@code
 *     .git/info/exclude} and the global git excludes file are not read
 * @param extraIgnore paths (files and directories) to leave out as if pytest ignored them
 * @param conftestVariables {@code collect_ignore}/{@code collect_ignore_glob} of loaded conftests
 * @param globalGitignore git's {@code core.excludesFile}, applied inside git repositories
 */
@Api(Api.Status.EXPERIMENTAL)
public record CollectionSettings(
    boolean noIgnore,
    Predicate<Path> extraIgnore,
    ConftestVariables conftestVariables,
    Optional<Path> globalGitignore) {

  /** Ignore files respected, nothing else added, no global git excludes file. */
  public static final CollectionSettings DEFAULT =
      new CollectionSettings(false, path -> false, ConftestVariables.NONE, Optional.empty());

  public CollectionSettings {
    requireNonNull(extraIgnore, "extraIgnore is null");
    requireNonNull(conftestVariables, "conftestVariables is null");
    requireNonNull(globalGitignore, "globalGitignore is null");
  }

  /** These settings with {@code noIgnore} set as given. */
  public CollectionSettings withNoIgnore(boolean value) {
    return new CollectionSettings(value, extraIgnore, conftestVariables, globalGitignore);
  }

  /** These settings with another {@code collect_ignore} source. */
  public CollectionSettings withConftestVariables(ConftestVariables value) {
    return new CollectionSettings(noIgnore, extraIgnore, value, globalGitignore);
  }

  /** These settings with another extra ignore predicate. */
  public CollectionSettings withExtraIgnore(Predicate<Path> value) {
    return new CollectionSettings(noIgnore, value, conftestVariables, globalGitignore);
  }

  /** These settings with another global git excludes file ({@link #globalGitignore(Map)}). */
  public CollectionSettings withGlobalGitignore(Optional<Path> value) {
    return new CollectionSettings(noIgnore, extraIgnore, conftestVariables, value);
  }

  /**
   * git's global excludes file for a user, as git finds it: {@code core.excludesFile} of {@code
   * ~/.gitconfig} if set there (a plain {@code excludesfile = path} line of {@code [core]}), else
   * {@code $XDG_CONFIG_HOME/git/ignore}, else {@code ~/.config/git/ignore}; empty if that file does
   * not exist.
   */
  public static Optional<Path> globalGitignore(Map<String, String> env) {
    String home = env.get("HOME");
    Path configured = home == null ? null : coreExcludesFile(Path.of(home, ".gitconfig"), home);
    Path file;
    if (configured != null) {
      file = configured;
    } else if (env.get("XDG_CONFIG_HOME") != null && !env.get("XDG_CONFIG_HOME").isEmpty()) {
      file = Path.of(env.get("XDG_CONFIG_HOME"), "git", "ignore");
    } else if (home != null) {
      file = Path.of(home, ".config", "git", "ignore");
    } else {
      return Optional.empty();
    }
    return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
  }

  private static Path coreExcludesFile(Path gitconfig, String home) {
    if (!Files.isRegularFile(gitconfig)) {
      return null;
    }
    String section = "";
    Path found = null;
    try {
      for (String raw : Files.readAllLines(gitconfig, StandardCharsets.UTF_8)) {
        String line = raw.strip();
        if (line.startsWith("[")) {
          section = line.replaceAll("[\\[\\]\\s]", "").toLowerCase(java.util.Locale.ROOT);
        } else if (section.equals("core") && line.contains("=")) {
          String key = line.substring(0, line.indexOf('=')).strip();
          if (key.equalsIgnoreCase("excludesfile")) {
            String value = line.substring(line.indexOf('=') + 1).strip();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
              value = value.substring(1, value.length() - 1);
            }
            found = value.startsWith("~/") ? Path.of(home, value.substring(2)) : Path.of(value);
          }
        }
      }
    } catch (IOException e) {
      return null;
    }
    return found;
  }
}
