package dev.tach.discovery.files;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;
import dev.tach.api.ErrorCode;
import dev.tach.api.TachException;
import dev.tach.discovery.config.PytestConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The pytest command-line options that decide which files a run reads, picked out of a raw pytest
 * argument list the way pytest's argparse parser reads it ({@code --opt=value}, {@code --opt
 * value}, {@code -kEXPR}, short-option clusters such as {@code -vx} or {@code -rA}, {@code --}
 * ending options). Options that do not matter here are skipped with their values; an option this
 * parser does not know is taken as a flag unless written {@code --opt=value}.
 *
 * @param args the positional arguments (paths and node ids), in order
 * @param ignore {@code --ignore} paths, as given
 * @param ignoreGlob {@code --ignore-glob} patterns, as given
 * @param deselect {@code --deselect} node-id prefixes
 * @param doctestGlob {@code --doctest-glob} patterns (pytest uses {@code test*.txt} when empty)
 * @param plugins {@code -p} values in order, {@code no:name} included
 * @param confcutdir {@code --confcutdir}, as given
 * @param rootdir {@code --rootdir}, as given
 * @param configFile {@code -c/--config-file}, as given
 * @param overrideIni {@code -o/--override-ini} values ({@code name=value})
 * @param keyword {@code -k} (the last one wins, as in pytest)
 * @param markExpression {@code -m}
 * @param importMode {@code --import-mode}
 * @param noconftest {@code --noconftest}
 * @param keepDuplicates {@code --keep-duplicates}
 * @param collectInVirtualenv {@code --collect-in-virtualenv}
 * @param pyargs {@code --pyargs}
 * @param doctestModules {@code --doctest-modules}
 * @param disablePluginAutoload {@code --disable-plugin-autoload}
 */
@Api(Api.Status.EXPERIMENTAL)
public record PytestOptions(
    List<String> args,
    List<String> ignore,
    List<String> ignoreGlob,
    List<String> deselect,
    List<String> doctestGlob,
    List<String> plugins,
    Optional<String> confcutdir,
    Optional<String> rootdir,
    Optional<String> configFile,
    List<String> overrideIni,
    Optional<String> keyword,
    Optional<String> markExpression,
    ImportMode importMode,
    boolean noconftest,
    boolean keepDuplicates,
    boolean collectInVirtualenv,
    boolean pyargs,
    boolean doctestModules,
    boolean disablePluginAutoload) {

  /** pytest 9's builtin options that take one value ({@code _pytest/*.py addoption}). */
  private static final Set<String> VALUE_OPTIONS =
      Set.of(
          "--assert",
          "--basetemp",
          "--capture",
          "--code-highlight",
          "--color",
          "--confcutdir",
          "--deselect",
          "--doctest-glob",
          "--doctest-report",
          "--durations",
          "--durations-min",
          "--ignore",
          "--ignore-glob",
          "--import-mode",
          "--junitprefix",
          "--junit-prefix",
          "--junitxml",
          "--junit-xml",
          "--lfnf",
          "--last-failed-no-failures",
          "--log-auto-indent",
          "--log-cli-date-format",
          "--log-cli-format",
          "--log-cli-level",
          "--log-date-format",
          "--log-disable",
          "--log-file",
          "--log-file-date-format",
          "--log-file-format",
          "--log-file-level",
          "--log-file-mode",
          "--log-format",
          "--log-level",
          "--maxfail",
          "--pastebin",
          "--pdbcls",
          "--rootdir",
          "--show-capture",
          "--tb",
          "--verbosity",
          "--pythonwarnings",
          "--config-file",
          "--override-ini",
          // Common plugins' options (xdist, timeout, cov, rerunfailures, randomly).
          "--numprocesses",
          "--maxprocesses",
          "--dist",
          "--max-worker-restart",
          "--tx",
          "--rsyncdir",
          "--timeout",
          "--timeout-method",
          "--cov-report",
          "--cov-config",
          "--cov-fail-under",
          "--cov-context",
          "--reruns",
          "--reruns-delay",
          "--only-rerun",
          "--randomly-seed");

  /** Options whose value is optional ({@code nargs='?'}): taken only if it is no option. */
  private static final Set<String> OPTIONAL_VALUE_OPTIONS =
      Set.of("--cache-show", "--debug", "--cov");

  /** Short options that take a value. */
  private static final String SHORT_VALUE_OPTIONS = "kmpWcorn";

  /** No options: what {@code pytest} alone means. */
  public static final PytestOptions NONE = parse(List.of());

  public PytestOptions {
    args = List.copyOf(args);
    ignore = List.copyOf(ignore);
    ignoreGlob = List.copyOf(ignoreGlob);
    deselect = List.copyOf(deselect);
    doctestGlob = List.copyOf(doctestGlob);
    plugins = List.copyOf(plugins);
    requireNonNull(confcutdir, "confcutdir is null");
    requireNonNull(rootdir, "rootdir is null");
    requireNonNull(configFile, "configFile is null");
    overrideIni = List.copyOf(overrideIni);
    requireNonNull(keyword, "keyword is null");
    requireNonNull(markExpression, "markExpression is null");
    requireNonNull(importMode, "importMode is null");
  }

  /**
   * Parses {@code addopts} of the config file, then {@code PYTEST_ADDOPTS}, then the arguments, in
   * the order pytest puts them together.
   *
   * @param envAddopts the value of {@code PYTEST_ADDOPTS}, split like a shell would, if set
   * @throws TachException E002 for a bad value ({@code --import-mode=x}, a missing value)
   */
  public static PytestOptions parse(
      PytestConfig config, Optional<String> envAddopts, List<String> args) {
    List<String> all = new ArrayList<>(config.addopts());
    envAddopts.filter(s -> !s.isBlank()).ifPresent(s -> all.addAll(PytestConfig.splitArgs(s)));
    all.addAll(args);
    return parse(all);
  }

  /**
   * Parses a pytest argument list.
   *
   * @throws TachException E002 for a bad value ({@code --import-mode=x}, a missing value)
   */
  public static PytestOptions parse(List<String> argv) {
    Builder b = new Builder();
    int i = 0;
    while (i < argv.size()) {
      String arg = argv.get(i++);
      if (arg.equals("--")) {
        b.args.addAll(argv.subList(i, argv.size()));
        break;
      }
      if (arg.startsWith("--")) {
        int eq = arg.indexOf('=');
        String name = eq < 0 ? arg : arg.substring(0, eq);
        String value = eq < 0 ? null : arg.substring(eq + 1);
        if (value == null && VALUE_OPTIONS.contains(name)) {
          if (i >= argv.size()) {
            throw missingValue(name);
          }
          value = argv.get(i++);
        } else if (value == null
            && OPTIONAL_VALUE_OPTIONS.contains(name)
            && i < argv.size()
            && !argv.get(i).startsWith("-")) {
          value = argv.get(i++);
        }
        b.option(name, value);
      } else if (arg.startsWith("-") && arg.length() > 1 && !isNegativeNumber(arg)) {
        for (int k = 1; k < arg.length(); k++) {
          char c = arg.charAt(k);
          if (SHORT_VALUE_OPTIONS.indexOf(c) >= 0) {
            String value = arg.substring(k + 1);
            if (value.isEmpty()) {
              if (i >= argv.size()) {
                throw missingValue("-" + c);
              }
              value = argv.get(i++);
            }
            b.option("-" + c, value);
            break;
          }
          b.option("-" + c, null);
        }
      } else {
        b.args.add(arg);
      }
    }
    return b.build();
  }

  private static boolean isNegativeNumber(String arg) {
    return arg.length() > 1 && (Character.isDigit(arg.charAt(1)) || arg.charAt(1) == '.');
  }

  private static TachException missingValue(String option) {
    return new TachException(
        ErrorCode.E002,
        "argument " + option + ": expected one argument",
        "give " + option + " a value");
  }

  private static final class Builder {
    final List<String> args = new ArrayList<>();
    final List<String> ignore = new ArrayList<>();
    final List<String> ignoreGlob = new ArrayList<>();
    final List<String> deselect = new ArrayList<>();
    final List<String> doctestGlob = new ArrayList<>();
    final List<String> plugins = new ArrayList<>();
    final List<String> overrideIni = new ArrayList<>();
    String confcutdir;
    String rootdir;
    String configFile;
    String keyword;
    String markExpression;
    ImportMode importMode = ImportMode.PREPEND;
    boolean noconftest;
    boolean keepDuplicates;
    boolean collectInVirtualenv;
    boolean pyargs;
    boolean doctestModules;
    boolean disablePluginAutoload;

    void option(String name, String value) {
      switch (name) {
        case "--ignore" -> ignore.add(value);
        case "--ignore-glob" -> ignoreGlob.add(value);
        case "--deselect" -> deselect.add(value);
        case "--doctest-glob" -> doctestGlob.add(value);
        case "-p" -> plugins.add(value);
        case "--confcutdir" -> confcutdir = value;
        case "--rootdir" -> rootdir = value;
        case "-c", "--config-file" -> configFile = value;
        case "-o", "--override-ini" -> overrideIni.add(value);
        case "-k" -> keyword = value;
        case "-m" -> markExpression = value;
        case "--import-mode" -> {
          try {
            importMode = ImportMode.of(value);
          } catch (IllegalArgumentException e) {
            throw new TachException(
                ErrorCode.E002, e.getMessage(), "use prepend, append or importlib");
          }
        }
        case "--noconftest" -> noconftest = true;
        case "--keepduplicates", "--keep-duplicates" -> keepDuplicates = true;
        case "--collect-in-virtualenv" -> collectInVirtualenv = true;
        case "--pyargs" -> pyargs = true;
        case "--doctest-modules" -> doctestModules = true;
        case "--disable-plugin-autoload" -> disablePluginAutoload = true;
        default -> {
          // Not about which files are read.
        }
      }
    }

    PytestOptions build() {
      return new PytestOptions(
          args,
          ignore,
          ignoreGlob,
          deselect,
          doctestGlob,
          plugins,
          Optional.ofNullable(confcutdir),
          Optional.ofNullable(rootdir),
          Optional.ofNullable(configFile),
          overrideIni,
          Optional.ofNullable(keyword),
          Optional.ofNullable(markExpression),
          importMode,
          noconftest,
          keepDuplicates,
          collectInVirtualenv,
          pyargs,
          doctestModules,
          disablePluginAutoload);
    }
  }
}
