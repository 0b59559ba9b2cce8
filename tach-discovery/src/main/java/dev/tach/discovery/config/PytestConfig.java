package dev.tach.discovery.config;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;
import dev.tach.api.ErrorCode;
import dev.tach.api.TachException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * pytest's configuration for one invocation: where the rootdir is, which file configured it, and
 * the values static discovery reads, already split as pytest would split them.
 *
 * @param rootdir pytest's rootdir (node ids are relative to it)
 * @param inifile the config file pytest uses ({@code configfile:} in its header), if any
 * @param raw every key of the config file and of {@code -o}, unconverted, in file order
 * @param pythonFiles {@code python_files} (default {@code test_*.py *_test.py})
 * @param pythonClasses {@code python_classes} (default {@code Test})
 * @param pythonFunctions {@code python_functions} (default {@code test})
 * @param testpaths {@code testpaths}, as written (pytest globs them relative to the rootdir)
 * @param norecursedirs {@code norecursedirs} (default: pytest's list)
 * @param pythonpath {@code pythonpath}, resolved against the config file's directory
 * @param markers {@code markers}, one registration ({@code name: description}) per entry
 * @param usefixtures {@code usefixtures}
 * @param addopts {@code addopts} split into arguments, not interpreted
 * @param ignoredConfigFiles names of other files next to {@code inifile} that also hold pytest
 *     configuration and lose to it (pytest warns about them)
 */
@Api(Api.Status.EXPERIMENTAL)
public record PytestConfig(
    Path rootdir,
    Optional<Path> inifile,
    Map<String, ConfigValue> raw,
    List<String> pythonFiles,
    List<String> pythonClasses,
    List<String> pythonFunctions,
    List<String> testpaths,
    List<String> norecursedirs,
    List<Path> pythonpath,
    List<String> markers,
    List<String> usefixtures,
    List<String> addopts,
    List<String> ignoredConfigFiles) {

  /** pytest 9's default {@code python_files}. */
  public static final List<String> DEFAULT_PYTHON_FILES = List.of("test_*.py", "*_test.py");

  /** pytest 9's default {@code python_classes}. */
  public static final List<String> DEFAULT_PYTHON_CLASSES = List.of("Test");

  /** pytest 9's default {@code python_functions}. */
  public static final List<String> DEFAULT_PYTHON_FUNCTIONS = List.of("test");

  /** pytest 9's default {@code norecursedirs} ({@code _pytest/main.py}). */
  public static final List<String> DEFAULT_NORECURSEDIRS =
      List.of("*.egg", ".*", "_darcs", "build", "CVS", "dist", "node_modules", "venv", "{arch}");

  public PytestConfig {
    requireNonNull(rootdir, "rootdir is null");
    requireNonNull(inifile, "inifile is null");
    raw = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(raw, "raw is null")));
    pythonFiles = List.copyOf(pythonFiles);
    pythonClasses = List.copyOf(pythonClasses);
    pythonFunctions = List.copyOf(pythonFunctions);
    testpaths = List.copyOf(testpaths);
    norecursedirs = List.copyOf(norecursedirs);
    pythonpath = List.copyOf(pythonpath);
    markers = List.copyOf(markers);
    usefixtures = List.copyOf(usefixtures);
    addopts = List.copyOf(addopts);
    ignoredConfigFiles = List.copyOf(ignoredConfigFiles);
  }

  /**
   * Builds the typed view of {@code raw} as pytest's {@code getini} would.
   *
   * @param invocationDir the directory {@code pythonpath} is relative to when there is no
   *     config file
   * @throws TachException E001 when a value has the wrong type for its option
   */
  static PytestConfig of(
      Path rootdir,
      Optional<Path> inifile,
      Map<String, ConfigValue> raw,
      List<String> ignoredConfigFiles,
      Path invocationDir) {
    Path base = inifile.map(Path::getParent).orElse(invocationDir);
    List<Path> pythonpath = new ArrayList<>();
    for (String entry : args(raw, inifile, "pythonpath", List.of())) {
      pythonpath.add(base.resolve(entry).normalize());
    }
    return new PytestConfig(
        rootdir,
        inifile,
        raw,
        args(raw, inifile, "python_files", DEFAULT_PYTHON_FILES),
        args(raw, inifile, "python_classes", DEFAULT_PYTHON_CLASSES),
        args(raw, inifile, "python_functions", DEFAULT_PYTHON_FUNCTIONS),
        args(raw, inifile, "testpaths", List.of()),
        args(raw, inifile, "norecursedirs", DEFAULT_NORECURSEDIRS),
        pythonpath,
        linelist(raw, inifile, "markers", List.of()),
        args(raw, inifile, "usefixtures", List.of()),
        args(raw, inifile, "addopts", List.of()),
        ignoredConfigFiles);
  }

  /** The unconverted value of {@code key}, if the file or {@code -o} set it. */
  public Optional<ConfigValue> value(String key) {
    return Optional.ofNullable(raw.get(key));
  }

  /** {@code key} read as pytest's {@code args} type (INI text split like {@code shlex}). */
  public List<String> args(String key, List<String> defaultValue) {
    return args(raw, inifile, key, defaultValue);
  }

  /**
   * Splits {@code text} into arguments as pytest splits {@code PYTEST_ADDOPTS} and INI {@code
   * args} values ({@code shlex.split}).
   *
   * @throws IllegalArgumentException for an unterminated quote or a trailing escape
   */
  public static List<String> splitArgs(String text) {
    return PythonText.shlexSplit(text);
  }

  /** {@code key} read as pytest's {@code linelist} type (INI text split at line breaks). */
  public List<String> linelist(String key, List<String> defaultValue) {
    return linelist(raw, inifile, key, defaultValue);
  }

  private static List<String> args(
      Map<String, ConfigValue> raw, Optional<Path> inifile, String key, List<String> fallback) {
    ConfigValue value = raw.get(key);
    if (value == null) {
      return fallback;
    }
    if (value.mode() == ConfigValue.Mode.INI && value.value() instanceof String text) {
      try {
        return PythonText.shlexSplit(text);
      } catch (IllegalArgumentException e) {
        throw typeError(inifile, key, e.getMessage() + " in " + PythonText.repr(text));
      }
    }
    return stringList(inifile, key, value, "args");
  }

  private static List<String> linelist(
      Map<String, ConfigValue> raw, Optional<Path> inifile, String key, List<String> fallback) {
    ConfigValue value = raw.get(key);
    if (value == null) {
      return fallback;
    }
    if (value.mode() == ConfigValue.Mode.INI && value.value() instanceof String text) {
      List<String> lines = new ArrayList<>();
      for (String line : text.split("\n", -1)) {
        String stripped = PythonText.strip(line);
        if (!stripped.isEmpty()) {
          lines.add(stripped);
        }
      }
      return lines;
    }
    return stringList(inifile, key, value, "linelist");
  }

  private static List<String> stringList(
      Optional<Path> inifile, String key, ConfigValue value, String type) {
    if (!(value.value() instanceof List<?> list)) {
      throw typeError(
          inifile,
          key,
          "expects a list for type '" + type + "', got " + TomlValues.typeName(value.value()));
    }
    List<String> strings = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      if (!(list.get(i) instanceof String s)) {
        throw typeError(
            inifile,
            key,
            "expects a list of strings, but item at index "
                + i
                + " is "
                + TomlValues.typeName(list.get(i)));
      }
      strings.add(s);
    }
    return strings;
  }

  private static TachException typeError(Optional<Path> inifile, String key, String detail) {
    String where = inifile.map(Path::toString).orElse("-o/--override-ini");
    return new TachException(
        ErrorCode.E001,
        where + ": config option '" + key + "' " + detail,
        "fix the value of '" + key + "' in " + where);
  }
}
