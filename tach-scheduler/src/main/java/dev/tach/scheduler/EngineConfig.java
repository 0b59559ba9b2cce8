package dev.tach.scheduler;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A resolved run: every value decided (the CLI merges options, {@code pyproject.toml} and
 * defaults into this).
 *
 * @param projectDir where pytest runs (its rootdir search starts here)
 * @param python the interpreter
 * @param harnessPath the directory that holds the {@code tach_harness} package
 * @param pytestArgs the complete pytest command line (selectors, {@code -k}, {@code -m}, pass-through)
 * @param workers how many workers to fork
 * @param timeout the per-test deadline when the test has no {@code timeout} mark
 * @param maxFail stop after this many failures, 0 for never
 * @param env variables added to the harness environment
 * @param startTimeout how long the harness may take to connect
 * @param keepRunDir keep the run directory (socket, harness logs) for debugging
 * @param plan what static discovery knew before the zygote collected: asked for once, when the
 *     zygote has collected; empty when static discovery did not run or has not finished
 * @param sandbox chooses the sandbox once the zygote has probed the machine; empty when the
 *     sandbox is off (the zygote then does not probe)
 * @param leaks whether the harness reports what each test left behind, and whether a passing
 *     test that leaked fails
 */
@Api(Api.Status.INTERNAL)
public record EngineConfig(
    Path projectDir,
    Path python,
    Path harnessPath,
    List<String> pytestArgs,
    int workers,
    Optional<Duration> timeout,
    int maxFail,
    Map<String, String> env,
    Duration startTimeout,
    boolean keepRunDir,
    Supplier<Optional<StaticPlan>> plan,
    Optional<SandboxPlanner> sandbox,
    LeakCheck leaks) {

  /** {@code --report-leaks} / {@code --fail-on-leak}. */
  public enum LeakCheck {
    OFF,
    REPORT,
    FAIL;

    public static LeakCheck of(boolean report, boolean fail) {
      return fail ? FAIL : report ? REPORT : OFF;
    }
  }

  public EngineConfig {
    requireNonNull(projectDir, "projectDir is null");
    requireNonNull(python, "python is null");
    requireNonNull(harnessPath, "harnessPath is null");
    pytestArgs = List.copyOf(pytestArgs);
    requireNonNull(timeout, "timeout is null");
    env = Map.copyOf(env);
    requireNonNull(startTimeout, "startTimeout is null");
    requireNonNull(plan, "plan is null");
    requireNonNull(sandbox, "sandbox is null");
    requireNonNull(leaks, "leaks is null");
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be >= 1, got " + workers);
    }
  }

}
