package dev.tach.discovery.extract;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;
import dev.tach.discovery.config.ConfigValue;
import dev.tach.discovery.config.PytestConfig;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The pytest settings and the target interpreter that decide what {@link ModuleLinker} reports.
 *
 * @param pythonClasses {@code python_classes}: name prefixes, or fnmatch globs when they hold
 *     {@code *}, {@code ?} or {@code [}
 * @param pythonFunctions {@code python_functions}, the same way
 * @param disableTestIdEscaping {@code
 *     disable_test_id_escaping_and_forfeit_all_rights_to_community_support}: non-ASCII ids are
 *     kept as they are
 * @param strictParametrizationIds {@code strict_parametrization_ids} (or {@code strict}):
 *     duplicate parametrize ids are a collection error instead of being numbered
 * @param collectImportedTests {@code collect_imported_tests}: whether test functions and
 *     classes imported into a test module are collected there too (pytest's default: yes)
 * @param emptyParameterSetMark {@code empty_parameter_set_mark}: {@code skip}, {@code xfail} or
 *     {@code fail_at_collect}
 * @param target the interpreter the suite runs on, to decide {@code if sys.version_info ...}
 *     and {@code if sys.platform ...} at module level; empty to treat such blocks as maybe-run
 */
@Api(Api.Status.EXPERIMENTAL)
public record LinkOptions(
    List<String> pythonClasses,
    List<String> pythonFunctions,
    boolean disableTestIdEscaping,
    boolean strictParametrizationIds,
    boolean collectImportedTests,
    String emptyParameterSetMark,
    Optional<PythonTarget> target) {

  /**
   * The interpreter tests run on.
   *
   * @param major e.g. 3
   * @param minor e.g. 11
   * @param platform {@code sys.platform}, e.g. {@code linux}
   */
  @Api(Api.Status.EXPERIMENTAL)
  public record PythonTarget(int major, int minor, String platform) {
    public PythonTarget {
      requireNonNull(platform, "platform is null");
    }

    /** Parses {@code "3.11"} (with {@code linux} as the platform). */
    public static PythonTarget parse(String version) {
      String[] parts = version.strip().split("\\.");
      return new PythonTarget(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), "linux");
    }
  }

  public LinkOptions {
    pythonClasses = List.copyOf(pythonClasses);
    pythonFunctions = List.copyOf(pythonFunctions);
    requireNonNull(emptyParameterSetMark, "emptyParameterSetMark is null");
    requireNonNull(target, "target is null");
  }

  /** pytest 9's defaults, target interpreter unknown. */
  public static LinkOptions defaults() {
    return new LinkOptions(
        PytestConfig.DEFAULT_PYTHON_CLASSES,
        PytestConfig.DEFAULT_PYTHON_FUNCTIONS,
        false,
        false,
        true,
        "skip",
        Optional.empty());
  }

  /** The options {@code config} sets, target interpreter unknown. */
  public static LinkOptions from(PytestConfig config) {
    requireNonNull(config, "config is null");
    Optional<Boolean> strictIds = bool(config, "strict_parametrization_ids");
    return new LinkOptions(
        config.pythonClasses(),
        config.pythonFunctions(),
        bool(config, "disable_test_id_escaping_and_forfeit_all_rights_to_community_support")
            .orElse(false),
        strictIds.orElseGet(() -> bool(config, "strict").orElse(false)),
        bool(config, "collect_imported_tests").orElse(true),
        config
            .value("empty_parameter_set_mark")
            .map(v -> v.value().toString().strip())
            .filter(v -> !v.isEmpty())
            .orElse("skip"),
        Optional.empty());
  }

  /** These options with {@code target} as the interpreter. */
  public LinkOptions withTarget(PythonTarget target) {
    return new LinkOptions(
        pythonClasses,
        pythonFunctions,
        disableTestIdEscaping,
        strictParametrizationIds,
        collectImportedTests,
        emptyParameterSetMark,
        Optional.of(target));
  }

  /** pytest's {@code bool} ini type ({@code _strtobool}); unparsable values count as unset. */
  private static Optional<Boolean> bool(PytestConfig config, String key) {
    Optional<ConfigValue> value = config.value(key);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    Object raw = value.get().value();
    if (raw instanceof Boolean b) {
      return Optional.of(b);
    }
    switch (raw.toString().strip().toLowerCase(Locale.ROOT)) {
      case "y", "yes", "t", "true", "on", "1":
        return Optional.of(true);
      case "n", "no", "f", "false", "off", "0":
        return Optional.of(false);
      default:
        return Optional.empty();
    }
  }
}
