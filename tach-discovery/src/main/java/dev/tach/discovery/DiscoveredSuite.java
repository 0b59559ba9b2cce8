package dev.tach.discovery;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;
import dev.tach.api.model.DiscoveryProblem;
import dev.tach.api.model.DynamicNote;
import dev.tach.api.model.TestCase;
import dev.tach.api.model.TestModule;
import dev.tach.discovery.config.PytestConfig;
import dev.tach.discovery.env.PythonEnvironment;
import dev.tach.discovery.files.CollectionPlan;
import dev.tach.discovery.files.PytestOptions;
import java.util.List;
import java.util.Optional;

/**
 * A suite as static discovery read it: what {@link StaticDiscovery#discover} returns.
 *
 * @param config pytest's configuration for this invocation
 * @param options the pytest options of the invocation (ini {@code addopts} included)
 * @param plan the files pytest would collect and the conftests it would load
 * @param environment the interpreter's environment, when an interpreter was given
 * @param testModules the collected test modules, in collection order; a module that a
 *     module-level {@code importorskip} or {@code skip} removes is in {@link #skipped} instead
 * @param conftests the loaded conftests, in load order
 * @param plugins the plugin modules read for their fixtures ({@code pytest11} entry points,
 *     {@code -p NAME}, {@code pytest_plugins})
 * @param supportModules the project's own modules the suite imports, transitively, when the
 *     request asked to follow imports (for the import graph)
 * @param unreadPlugins plugins whose fixtures could not be read (no source, a syntax error):
 *     a fixture they may define cannot be ruled out
 * @param pytester whether pytest's {@code pytester} plugin is enabled ({@code -p pytester})
 * @param skipped test modules pytest would skip as a whole at collection
 * @param moduleSetUp test modules with module-level xunit set-up or tear-down ({@code
 *     setup_module}, {@code setUpModule}, ...), which pytest runs once around all their tests
 * @param problems syntax errors (E017) and what else static discovery found wrong
 * @param notes what only running Python could tell
 * @param stats what the discovery cost
 * @param selection what the invocation selects: node-id arguments, {@code --deselect}, {@code
 *     -k} and {@code -m}
 */
@Api(Api.Status.EXPERIMENTAL)
public record DiscoveredSuite(
    PytestConfig config,
    PytestOptions options,
    CollectionPlan plan,
    Optional<PythonEnvironment> environment,
    List<TestModule> testModules,
    List<TestModule> conftests,
    List<TestModule> plugins,
    List<TestModule> supportModules,
    List<String> unreadPlugins,
    boolean pytester,
    List<SkippedModule> skipped,
    java.util.Set<String> moduleSetUp,
    List<DiscoveryProblem> problems,
    List<DynamicNote> notes,
    Stats stats,
    dev.tach.discovery.select.TestSelection selection) {

  /**
   * A test module pytest would skip at collection.
   *
   * @param path its node id
   * @param line the line of the {@code importorskip} or {@code skip}
   * @param reason pytest's reason, e.g. {@code could not import 'pandas': No module named
   *     'pandas'}
   */
  @Api(Api.Status.EXPERIMENTAL)
  public record SkippedModule(String path, int line, String reason) {
    public SkippedModule {
      requireNonNull(path, "path is null");
      requireNonNull(reason, "reason is null");
    }
  }

  /**
   * What discovery did.
   *
   * @param files the files summarized (test modules, conftests, plugins, modules followed)
   * @param parsed how many of them were parsed (the others came from the cache)
   * @param bytesParsed the size of the parsed files
   * @param millis the wall time of the whole discovery
   * @param phases milliseconds per phase (config, cache-read, files, summaries, link, plugins,
   *     imports, cache-write), in order
   */
  @Api(Api.Status.EXPERIMENTAL)
  public record Stats(int files, int parsed, long bytesParsed, long millis, java.util.Map<String, Long> phases) {
    public Stats {
      phases = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(phases));
    }
  }

  public DiscoveredSuite {
    requireNonNull(config, "config is null");
    requireNonNull(options, "options is null");
    requireNonNull(plan, "plan is null");
    requireNonNull(environment, "environment is null");
    testModules = List.copyOf(testModules);
    conftests = List.copyOf(conftests);
    plugins = List.copyOf(plugins);
    supportModules = List.copyOf(supportModules);
    unreadPlugins = List.copyOf(unreadPlugins);
    skipped = List.copyOf(skipped);
    moduleSetUp = java.util.Set.copyOf(moduleSetUp);
    problems = List.copyOf(problems);
    notes = List.copyOf(notes);
    requireNonNull(stats, "stats is null");
    requireNonNull(selection, "selection is null");
  }

  /** Every module whose fixtures count: plugins, conftests, then test modules. */
  public List<TestModule> allModules() {
    List<TestModule> all = new java.util.ArrayList<>(plugins);
    all.addAll(conftests);
    all.addAll(testModules);
    return List.copyOf(all);
  }

  /**
   * Whether the command line selects {@code test} (whose id is final: fixture parameters
   * included): node-id arguments, {@code --deselect}, {@code -k} and {@code -m}, as pytest
   * applies them.
   */
  public boolean selects(TestCase test) {
    return selection.selects(test);
  }
}
