package dev.tach.discovery.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.tach.api.Api;
import dev.tach.api.ErrorCode;
import dev.tach.api.TachException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds pytest's rootdir and config file and reads the config, following {@code
 * _pytest/config/findpaths.py} of pytest 9.0 ({@code determine_setup}, {@code locate_config},
 * {@code load_config_dict_from_file}) step by step, so that a static listing and pytest agree.
 *
 * <p>From the common ancestor of the existing paths among the arguments (or the invocation
 * directory) upward, the first directory with one of {@code pytest.toml}, {@code .pytest.toml},
 * {@code pytest.ini}, {@code .pytest.ini} (these always count, even empty), {@code
 * pyproject.toml} with {@code [tool.pytest]} or {@code [tool.pytest.ini_options]}, {@code
 * tox.ini} with {@code [pytest]} or {@code setup.cfg} with {@code [tool:pytest]} wins, in that
 * order.
 */
@Api(Api.Status.EXPERIMENTAL)
public final class PytestConfigLoader {

  /** The file names pytest 9 looks for, in its order of precedence within one directory. */
  public static final List<String> CONFIG_NAMES =
      List.of(
          "pytest.toml",
          ".pytest.toml",
          "pytest.ini",
          ".pytest.ini",
          "pyproject.toml",
          "tox.ini",
          "setup.cfg");

  private static final TomlMapper TOML = new TomlMapper();
  private static final Pattern ENV_VAR = Pattern.compile("\\$(\\w+)|\\$\\{([^}]*)}");

  private PytestConfigLoader() {}

  /** As {@code pytest ARGS} run in {@code invocationDir} without {@code -c}, {@code --rootdir}. */
  public static PytestConfig load(Path invocationDir, List<String> args) {
    return load(invocationDir, args, Optional.empty(), Optional.empty(), List.of());
  }

  /**
   * As {@code pytest [-c configFile] [--rootdir rootdir] [-o k=v ...] ARGS} run in {@code
   * invocationDir}.
   *
   * @param args the command-line arguments; options (starting with {@code -}) are skipped and
   *     node ids count by their file part
   * @param configFile {@code -c/--config-file}, relative to {@code invocationDir}
   * @param rootdirArg {@code --rootdir}, relative to {@code invocationDir}; {@code $VAR} expanded
   * @param overrideIni {@code -o/--override-ini} values, {@code name=value} each
   * @throws TachException E001 for a config file that cannot be read or parsed (with path and
   *     line), E002 for a bad {@code --rootdir} or {@code -o}
   */
  public static PytestConfig load(
      Path invocationDir,
      List<String> args,
      Optional<String> configFile,
      Optional<String> rootdirArg,
      List<String> overrideIni) {
    requireNonNull(invocationDir, "invocationDir is null");
    requireNonNull(args, "args is null");
    requireNonNull(configFile, "configFile is null");
    requireNonNull(rootdirArg, "rootdirArg is null");
    requireNonNull(overrideIni, "overrideIni is null");
    Path cwd = invocationDir.toAbsolutePath().normalize();
    List<Path> dirs = dirsFromArgs(cwd, args);

    Path rootdir = null;
    Optional<Path> inifile;
    Map<String, ConfigValue> config;
    List<String> ignored = List.of();
    if (configFile.isPresent() && !configFile.get().isEmpty()) {
      Path path = absolute(cwd, configFile.get());
      if (!Files.isRegularFile(path)) {
        throw new TachException(
            ErrorCode.E001,
            "config file not found: " + path,
            "check the path given to -c/--config-file");
      }
      inifile = Optional.of(path);
      config = loadConfigFile(path).orElseGet(LinkedHashMap::new);
      if (rootdirArg.isEmpty()) {
        rootdir = path.getParent();
      }
    } else {
      Path ancestor = commonAncestor(cwd, dirs);
      Located located = locate(cwd, List.of(ancestor));
      rootdir = located.rootdir;
      inifile = located.inifile;
      config = located.config;
      ignored = located.ignored;
      if (rootdir == null && rootdirArg.isEmpty()) {
        for (Path candidate = ancestor; candidate != null; candidate = candidate.getParent()) {
          if (Files.isRegularFile(candidate.resolve("setup.py"))) {
            rootdir = candidate;
            break;
          }
        }
        if (rootdir == null) {
          if (!dirs.equals(List.of(ancestor))) {
            Located fromDirs = locate(cwd, dirs);
            rootdir = fromDirs.rootdir;
            inifile = fromDirs.inifile;
            config = fromDirs.config;
          }
          if (rootdir == null) {
            rootdir = commonAncestor(cwd, List.of(cwd, ancestor));
            if (rootdir.getParent() == null) {
              rootdir = ancestor;
            }
          }
        }
      }
    }
    if (rootdirArg.isPresent() && !rootdirArg.get().isEmpty()) {
      rootdir = absolute(cwd, expandVars(rootdirArg.get()));
      if (!Files.isDirectory(rootdir)) {
        throw new TachException(
            ErrorCode.E002,
            "Directory '" + rootdir + "' not found. Check your '--rootdir' option.",
            "pass an existing directory to --rootdir");
      }
    }
    Map<String, ConfigValue> values = new LinkedHashMap<>(config);
    values.putAll(parseOverrides(overrideIni));
    return PytestConfig.of(rootdir, inifile, values, ignored, cwd);
  }

  /**
   * pytest's {@code load_config_dict_from_file}: the pytest section of {@code path}, or empty
   * when the file holds no pytest configuration.
   *
   * @throws TachException E001 when the file cannot be read or parsed
   */
  public static Optional<Map<String, ConfigValue>> loadConfigFile(Path path) {
    String fileName = path.getFileName() == null ? "" : path.getFileName().toString();
    if (fileName.endsWith(".ini")) {
      IniFile ini = parseIni(path);
      if (ini.hasSection("pytest")) {
        return Optional.of(iniValues(ini.section("pytest")));
      } else if (fileName.equals("pytest.ini") || fileName.equals(".pytest.ini")) {
        return Optional.of(new LinkedHashMap<>());
      }
    } else if (fileName.endsWith(".cfg")) {
      IniFile ini = parseIni(path);
      if (ini.hasSection("tool:pytest")) {
        return Optional.of(iniValues(ini.section("tool:pytest")));
      } else if (ini.hasSection("pytest")) {
        throw new TachException(
            ErrorCode.E001,
            path + ": [pytest] section in setup.cfg files is no longer supported, change to"
                + " [tool:pytest] instead.",
            "rename the section to [tool:pytest]");
      }
    } else if (fileName.endsWith(".toml")) {
      return tomlValues(path, fileName, parseToml(path));
    }
    return Optional.empty();
  }

  private static Optional<Map<String, ConfigValue>> tomlValues(
      Path path, String fileName, Map<String, Object> toml) {
    Map<String, ConfigValue> values = new LinkedHashMap<>();
    if (fileName.equals("pytest.toml") || fileName.equals(".pytest.toml")) {
      Object table = toml.get("pytest");
      if (table instanceof Map<?, ?> map) {
        map.forEach((k, v) -> values.put((String) k, toml(v)));
      } else if (table != null && isTruthy(table)) {
        throw notATable(path, "pytest");
      }
      return Optional.of(values);
    }
    Object tool = toml.getOrDefault("tool", Map.of());
    if (!(tool instanceof Map<?, ?> toolTable)) {
      throw notATable(path, "tool");
    }
    Object pytest = toolTable.containsKey("pytest") ? toolTable.get("pytest") : Map.of();
    if (!(pytest instanceof Map<?, ?> pytestTable)) {
      throw notATable(path, "tool.pytest");
    }
    Object iniOptions = pytestTable.get("ini_options");
    boolean hasTomlMode = pytestTable.keySet().stream().anyMatch(k -> !"ini_options".equals(k));
    if (hasTomlMode && iniOptions != null) {
      throw new TachException(
          ErrorCode.E001,
          path
              + ": Cannot use both [tool.pytest] (native TOML types) and"
              + " [tool.pytest.ini_options] (string-based INI format) simultaneously.",
          "use [tool.pytest] with native TOML types or [tool.pytest.ini_options], not both");
    }
    if (hasTomlMode) {
      pytestTable.forEach(
          (k, v) -> {
            if (!"ini_options".equals(k)) {
              values.put((String) k, toml(v));
            }
          });
      return Optional.of(values);
    } else if (iniOptions != null) {
      if (!(iniOptions instanceof Map<?, ?> options)) {
        throw notATable(path, "tool.pytest.ini_options");
      }
      options.forEach(
          (k, v) -> {
            Object scalar = v instanceof List ? v : TomlValues.pythonStr(v);
            values.put(
                (String) k,
                new ConfigValue(scalar, ConfigValue.Mode.INI, ConfigValue.Origin.FILE));
          });
      return Optional.of(values);
    }
    return Optional.empty();
  }

  private static boolean isTruthy(Object value) {
    return !(Boolean.FALSE.equals(value)
        || "".equals(value)
        || (value instanceof Number n && n.doubleValue() == 0)
        || (value instanceof List<?> l && l.isEmpty()));
  }

  private static ConfigValue toml(Object value) {
    return new ConfigValue(value, ConfigValue.Mode.TOML, ConfigValue.Origin.FILE);
  }

  private static TachException notATable(Path path, String key) {
    return new TachException(
        ErrorCode.E001, path + ": '" + key + "' is not a table", "make [" + key + "] a table");
  }

  private static Map<String, ConfigValue> iniValues(Map<String, String> section) {
    Map<String, ConfigValue> values = new LinkedHashMap<>();
    section.forEach(
        (k, v) ->
            values.put(k, new ConfigValue(v, ConfigValue.Mode.INI, ConfigValue.Origin.FILE)));
    return values;
  }

  private static IniFile parseIni(Path path) {
    String text = read(path);
    try {
      return IniFile.parse(text);
    } catch (IniFile.IniSyntaxException e) {
      throw new TachException(
          ErrorCode.E001,
          path + ":" + e.line() + ": " + e.getMessage(),
          "fix the INI syntax of " + path.getFileName(),
          e);
    }
  }

  private static Map<String, Object> parseToml(Path path) {
    String text = read(path);
    try {
      Map<String, Object> toml = TOML.readValue(text, new TypeReference<>() {});
      return toml == null ? Map.of() : toml;
    } catch (JacksonException e) {
      JsonLocation location = e.getLocation();
      String line =
          location == null || location.getLineNr() < 1 ? "" : location.getLineNr() + ":";
      throw new TachException(
          ErrorCode.E001,
          path + ":" + line + " " + e.getOriginalMessage(),
          "fix the TOML syntax of " + path.getFileName(),
          e);
    }
  }

  private static String read(Path path) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .decode(ByteBuffer.wrap(Files.readAllBytes(path)))
          .toString();
    } catch (CharacterCodingException e) {
      throw new TachException(
          ErrorCode.E001, path + ": not valid UTF-8", "save the file as UTF-8", e);
    } catch (IOException e) {
      throw new TachException(
          ErrorCode.E001, path + ": cannot read: " + e.getMessage(), "check the file", e);
    }
  }

  private record Located(
      Path rootdir, Optional<Path> inifile, Map<String, ConfigValue> config, List<String> ignored) {
    static final Located NONE = new Located(null, Optional.empty(), new LinkedHashMap<>(), List.of());
  }

  /** pytest's {@code locate_config}. */
  private static Located locate(Path cwd, List<Path> dirs) {
    List<Path> starts = dirs.isEmpty() ? List.of(cwd) : dirs;
    Path foundPyproject = null;
    for (Path start : starts) {
      for (Path base = start; base != null; base = base.getParent()) {
        for (int i = 0; i < CONFIG_NAMES.size(); i++) {
          Path candidate = base.resolve(CONFIG_NAMES.get(i));
          if (!Files.isRegularFile(candidate)) {
            continue;
          }
          if (CONFIG_NAMES.get(i).equals("pyproject.toml") && foundPyproject == null) {
            foundPyproject = candidate;
          }
          Optional<Map<String, ConfigValue>> config = loadConfigFile(candidate);
          if (config.isPresent()) {
            List<String> ignored = new ArrayList<>();
            for (String remainder : CONFIG_NAMES.subList(i + 1, CONFIG_NAMES.size())) {
              Path other = base.resolve(remainder);
              if (Files.isRegularFile(other) && loadConfigFile(other).isPresent()) {
                ignored.add(remainder);
              }
            }
            return new Located(base, Optional.of(candidate), config.get(), ignored);
          }
        }
      }
    }
    if (foundPyproject != null) {
      return new Located(
          foundPyproject.getParent(), Optional.of(foundPyproject), new LinkedHashMap<>(), List.of());
    }
    return Located.NONE;
  }

  /** pytest's {@code get_dirs_from_args}: existing paths among the arguments, as directories. */
  private static List<Path> dirsFromArgs(Path cwd, List<String> args) {
    List<Path> dirs = new ArrayList<>();
    for (String arg : args) {
      if (arg.startsWith("-")) {
        continue;
      }
      int nodeIdSeparator = arg.indexOf("::");
      String filePart = nodeIdSeparator >= 0 ? arg.substring(0, nodeIdSeparator) : arg;
      Path path;
      try {
        path = absolute(cwd, filePart);
      } catch (InvalidPathException e) {
        continue;
      }
      if (Files.isDirectory(path)) {
        dirs.add(path);
      } else if (Files.exists(path)) {
        dirs.add(path.getParent());
      }
    }
    return dirs;
  }

  /** pytest's {@code get_common_ancestor}. */
  private static Path commonAncestor(Path cwd, List<Path> paths) {
    Path common = null;
    for (Path path : paths) {
      if (!Files.exists(path)) {
        continue;
      }
      if (common == null) {
        common = path;
      } else if (path.startsWith(common)) {
        continue;
      } else if (common.startsWith(path)) {
        common = path;
      } else {
        common = commonPath(path, common);
      }
    }
    if (common == null) {
      return cwd;
    }
    return Files.isRegularFile(common) ? common.getParent() : common;
  }

  private static Path commonPath(Path a, Path b) {
    Path shared = a.getRoot();
    int n = Math.min(a.getNameCount(), b.getNameCount());
    for (int i = 0; i < n && a.getName(i).equals(b.getName(i)); i++) {
      shared = shared.resolve(a.getName(i));
    }
    return shared;
  }

  private static Map<String, ConfigValue> parseOverrides(List<String> overrides) {
    Map<String, ConfigValue> values = new LinkedHashMap<>();
    for (String override : overrides) {
      int equals = override.indexOf('=');
      if (equals < 0) {
        throw new TachException(
            ErrorCode.E002,
            "-o/--override-ini expects option=value style (got: "
                + PythonText.repr(override)
                + ").",
            "write -o name=value");
      }
      values.put(
          override.substring(0, equals),
          new ConfigValue(
              override.substring(equals + 1), ConfigValue.Mode.INI, ConfigValue.Origin.OVERRIDE));
    }
    return values;
  }

  private static Path absolute(Path cwd, String path) {
    return cwd.resolve(path).toAbsolutePath().normalize();
  }

  /** {@code os.path.expandvars}: unknown variables are left as written. */
  private static String expandVars(String text) {
    Matcher matcher = ENV_VAR.matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String name = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
      String value = System.getenv(name);
      matcher.appendReplacement(out, Matcher.quoteReplacement(value == null ? matcher.group() : value));
    }
    matcher.appendTail(out);
    return out.toString();
  }
}
