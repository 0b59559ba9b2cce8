package dev.tach.api;

import static java.util.Objects.requireNonNull;

import dev.tach.api.spi.IsolationStrategy;
import dev.tach.api.spi.Reporter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a run needs. Build one with {@link #builder(Path)}; values left unset take the
 * project's {@code [tool.tach]} configuration, then the defaults.
 *
 * @param selectors paths and node ids, as on pytest's command line (empty: pytest's own
 *     {@code testpaths} / rootdir rules)
 * @param pytestArgs arguments given to pytest as they are ({@code -p}, {@code -o}, conftest options)
 * @param workers the number of workers, or empty for the configured value / the CPU count
 * @param isolation the name of the isolation strategy, or empty for the configured one / {@code fork}
 * @param sandbox the name of the sandbox backend ({@code none}: no sandbox), or empty for the
 *     best this machine allows (unless {@code TACH_NO_ISOLATION} is set)
 * @param reporters reporters handed in directly, used in addition to the selected ones
 * @param strategies strategies handed in directly; they win over same-named plugins
 * @param discoverPlugins whether to load reporters and strategies with ServiceLoader
 * @param reportLeaks list what each test left behind (processes, threads, files, environment)
 * @param failOnLeak a passing test that leaked fails (implies {@code reportLeaks})
 */
@Api(Api.Status.EXPERIMENTAL)
public record RunRequest(
    Path projectDir,
    List<String> selectors,
    List<String> pytestArgs,
    Optional<String> keyword,
    Optional<String> markers,
    Optional<Integer> workers,
    Optional<String> isolation,
    Optional<String> sandbox,
    Optional<Duration> timeout,
    int maxFail,
    Optional<Path> python,
    Map<String, String> env,
    List<Reporter> reporters,
    List<IsolationStrategy> strategies,
    boolean discoverPlugins,
    boolean reportLeaks,
    boolean failOnLeak) {

  public RunRequest {
    requireNonNull(projectDir, "projectDir is null");
    selectors = List.copyOf(selectors);
    pytestArgs = List.copyOf(pytestArgs);
    requireNonNull(keyword, "keyword is null");
    requireNonNull(markers, "markers is null");
    requireNonNull(workers, "workers is null");
    requireNonNull(isolation, "isolation is null");
    requireNonNull(sandbox, "sandbox is null");
    requireNonNull(timeout, "timeout is null");
    requireNonNull(python, "python is null");
    env = Map.copyOf(env);
    reporters = List.copyOf(reporters);
    strategies = List.copyOf(strategies);
    if (maxFail < 0) {
      throw new IllegalArgumentException("maxFail must be >= 0 (0: no limit), got " + maxFail);
    }
  }

  public static Builder builder(Path projectDir) {
    return new Builder(projectDir);
  }

  /** Builds a {@link RunRequest}. */
  @Api(Api.Status.EXPERIMENTAL)
  public static final class Builder {
    private final Path projectDir;
    private final List<String> selectors = new ArrayList<>();
    private final List<String> pytestArgs = new ArrayList<>();
    private String keyword;
    private String markers;
    private Integer workers;
    private String isolation;
    private String sandbox;
    private Duration timeout;
    private int maxFail;
    private Path python;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<Reporter> reporters = new ArrayList<>();
    private final List<IsolationStrategy> strategies = new ArrayList<>();
    private boolean discoverPlugins = true;
    private boolean reportLeaks;
    private boolean failOnLeak;

    private Builder(Path projectDir) {
      this.projectDir = requireNonNull(projectDir, "projectDir is null");
    }

    public Builder select(String... pathsOrNodeIds) {
      selectors.addAll(List.of(pathsOrNodeIds));
      return this;
    }

    public Builder pytestArgs(String... args) {
      pytestArgs.addAll(List.of(args));
      return this;
    }

    public Builder keyword(String expression) {
      this.keyword = expression;
      return this;
    }

    public Builder markers(String expression) {
      this.markers = expression;
      return this;
    }

    public Builder workers(int count) {
      if (count < 1) {
        throw new IllegalArgumentException("workers must be >= 1, got " + count);
      }
      this.workers = count;
      return this;
    }

    public Builder isolation(String name) {
      this.isolation = name;
      return this;
    }

    /** The sandbox backend by name; {@code none} turns the sandbox off. */
    public Builder sandbox(String name) {
      this.sandbox = name;
      return this;
    }

    public Builder timeout(Duration perTest) {
      this.timeout = perTest;
      return this;
    }

    public Builder maxFail(int count) {
      this.maxFail = count;
      return this;
    }

    public Builder python(Path interpreter) {
      this.python = interpreter;
      return this;
    }

    public Builder env(String name, String value) {
      env.put(name, value);
      return this;
    }

    public Builder reporter(Reporter reporter) {
      reporters.add(requireNonNull(reporter, "reporter is null"));
      return this;
    }

    public Builder strategy(IsolationStrategy strategy) {
      strategies.add(requireNonNull(strategy, "strategy is null"));
      return this;
    }

    /** Turns ServiceLoader discovery off: only what was handed in is used. */
    public Builder discoverPlugins(boolean discover) {
      this.discoverPlugins = discover;
      return this;
    }

    /** Lists what each test left behind ({@code --report-leaks}). */
    public Builder reportLeaks(boolean report) {
      this.reportLeaks = report;
      return this;
    }

    /** Fails a passing test that leaked ({@code --fail-on-leak}); implies {@link #reportLeaks}. */
    public Builder failOnLeak(boolean fail) {
      this.failOnLeak = fail;
      return this;
    }

    public RunRequest build() {
      return new RunRequest(
          projectDir,
          selectors,
          pytestArgs,
          Optional.ofNullable(keyword),
          Optional.ofNullable(markers),
          Optional.ofNullable(workers),
          Optional.ofNullable(isolation),
          Optional.ofNullable(sandbox),
          Optional.ofNullable(timeout),
          maxFail,
          Optional.ofNullable(python),
          env,
          reporters,
          strategies,
          discoverPlugins,
          reportLeaks || failOnLeak,
          failOnLeak);
    }
  }
}
