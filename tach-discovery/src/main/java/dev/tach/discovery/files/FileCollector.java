package dev.tach.discovery.files;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;
import dev.tach.api.TachException;
import dev.tach.discovery.config.PytestConfig;
import java.nio.file.Path;

/**
 * Lists the files a pytest 9 run would collect and the conftests it would load, in pytest's order,
 * without running Python.
 *
 * <p>As pytest: the arguments (or {@code testpaths}, globbed, when there are none and the run
 * starts in the rootdir, or the invocation directory) are resolved, overlapping ones dropped;
 * directories are walked depth-first with entries sorted by name, files and directories
 * interleaved, {@code __init__.py} first in a package; {@code __pycache__}, {@code --ignore},
 * {@code --ignore-glob}, {@code collect_ignore[_glob]}, virtualenvs and {@code norecursedirs} are
 * skipped; {@code .py} files matching {@code python_files} and {@code test*.txt} doctest files are
 * collected; a file or directory given as an argument is collected even where it would be skipped.
 * Conftests load from the arguments' directories (and their {@code test*} subdirectories) first,
 * then from each directory collection enters, from the confcutdir down.
 *
 * <p>Tach adds, unless {@link CollectionSettings#noIgnore()}: entries ignored by {@code .gitignore}
 * files (inside a git repository), {@code .git/info/exclude}, the global git excludes file and
 * {@code .ignore} files are skipped like ripgrep skips them.
 */
@Api(Api.Status.EXPERIMENTAL)
public final class FileCollector {

  private FileCollector() {}

  /**
   * The files of {@code pytest ARGS} run in {@code invocationDir}.
   *
   * @param config the configuration {@link dev.tach.discovery.config.PytestConfigLoader} found for
   *     this invocation
   * @param invocationDir the directory pytest would run in
   * @param options the pytest options, {@link PytestOptions#parse(java.util.List)} of the args
   * @param settings what Tach adds to pytest's rules
   * @throws TachException E004 {@code file or directory not found: ARG} for a missing path; E002
   *     for a bad {@code --confcutdir}, a directory with {@code ::} parts, {@code --pyargs}
   */
  public static CollectionPlan collect(
      PytestConfig config, Path invocationDir, PytestOptions options, CollectionSettings settings) {
    requireNonNull(config, "config is null");
    requireNonNull(invocationDir, "invocationDir is null");
    requireNonNull(options, "options is null");
    requireNonNull(settings, "settings is null");
    return new Collection(config, invocationDir, options, settings).run();
  }

  /** As {@link #collect(PytestConfig, Path, PytestOptions, CollectionSettings)} with defaults. */
  public static CollectionPlan collect(
      PytestConfig config, Path invocationDir, PytestOptions options) {
    return collect(config, invocationDir, options, CollectionSettings.DEFAULT);
  }
}
