package dev.tach.cli.internal;

import static java.util.Objects.requireNonNull;

import dev.tach.api.ErrorCode;
import dev.tach.api.ExitCode;
import dev.tach.api.TachException;
import dev.tach.api.model.TestModule;
import dev.tach.discovery.DiscoveredSuite;
import dev.tach.discovery.StaticDiscovery;
import dev.tach.resolver.BuiltinFixtures;
import dev.tach.resolver.FixtureResolver;
import dev.tach.resolver.ImportGraph;
import dev.tach.resolver.PytestVersion;
import dev.tach.resolver.Resolution;
import dev.tach.resolver.ResolutionProblem;
import dev.tach.resolver.ResolvedTest;
import dev.tach.resolver.ResolverInput;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code tach list}: static discovery, fixture resolution and (for {@code --toxic} and {@code
 * --format json}) the import graph, printed without starting Python.
 */
public final class ListService {

  /**
   * What to list and how.
   *
   * @param cwd the invocation directory
   * @param pytestArgs selectors, then the pytest arguments after {@code --}
   * @param format {@code text} or {@code json}
   * @param fixtures list fixtures instead of tests
   * @param toxic list toxic tests and modules instead of tests
   * @param noIgnore ignore {@code .gitignore} and {@code .ignore}
   * @param useCache use the parse cache
   * @param python the interpreter given with {@code --python}
   * @param debug print timings
   * @param env the environment
   */
  public record ListRequest(
      Path cwd,
      List<String> pytestArgs,
      String format,
      boolean fixtures,
      boolean toxic,
      boolean noIgnore,
      boolean useCache,
      Optional<Path> python,
      boolean debug,
      Map<String, String> env) {
    public ListRequest {
      requireNonNull(cwd, "cwd is null");
      pytestArgs = List.copyOf(pytestArgs);
      requireNonNull(format, "format is null");
      requireNonNull(python, "python is null");
      env = Map.copyOf(env);
    }
  }

  /** What static discovery and the resolver made of a suite, selection applied. */
  public record Listing(
      DiscoveredSuite suite,
      Resolution resolution,
      List<ResolvedTest> selected,
      Optional<ImportGraph> imports,
      long startNanos) {

    /** The files of the selected tests. */
    public Set<String> selectedFiles() {
      Set<String> files = new HashSet<>();
      for (ResolvedTest test : selected) {
        files.add(test.test().file());
      }
      return files;
    }
  }

  private ListService() {}

  /** Runs {@code tach list}; returns the exit code. */
  public static int list(ListRequest request, PrintStream out, PrintStream err) {
    if (!request.format().equals("text") && !request.format().equals("json")) {
      throw new TachException(
          ErrorCode.E002, "unknown --format \"" + request.format() + "\"", "use text or json");
    }
    boolean needImports = request.toxic() || request.format().equals("json");
    Listing listing = discover(request, needImports, err);
    ListOutput output = new ListOutput(out, listing);
    if (request.fixtures()) {
      output.fixtures();
    } else if (request.toxic()) {
      output.toxic(request.format().equals("json"));
    } else if (request.format().equals("json")) {
      output.json();
    } else {
      output.text();
    }
    out.flush();
    return report(listing, request, err);
  }

  /** Discovers, resolves and selects: what {@code tach list} and a run's static plan share. */
  public static Listing discover(ListRequest request, boolean needImports, PrintStream err) {
    Optional<Path> python;
    if (request.python().isPresent()) {
      python =
          Optional.of(
              new PythonLocator(request.env())
                  .locate(request.python(), Optional.empty(), request.cwd()));
    } else {
      python = Optional.empty();
      try {
        ProjectConfig project = ProjectConfig.find(request.cwd());
        python =
            Optional.of(
                new PythonLocator(request.env())
                    .locate(Optional.empty(), project.pythonPath(), project.root()));
      } catch (TachException noInterpreter) {
        err.println(
            "tach: warning: " + noInterpreter.getMessage()
                + "; importorskip and installed plugins are not considered");
      }
    }
    long start = System.nanoTime();
    DiscoveredSuite suite =
        StaticDiscovery.discover(
            new StaticDiscovery.Request(
                request.cwd(),
                request.pytestArgs(),
                python,
                request.noIgnore(),
                request.useCache(),
                request.env(),
                needImports));
    PytestVersion version =
        suite.environment()
            .flatMap(e -> e.pytestVersion())
            .map(PytestVersion::parse)
            .orElse(PytestVersion.DEFAULT);
    ResolverInput input =
        ResolverInput.of(suite.allModules(), version)
            .withBuiltins(BuiltinFixtures.forPytest(version, suite.pytester()))
            .withIniUsefixtures(suite.config().linelist("usefixtures", List.of()))
            .withUnreadProviders(suite.unreadPlugins());
    Resolution resolution = FixtureResolver.resolve(input);
    List<ResolvedTest> selected = new ArrayList<>();
    for (ResolvedTest test : resolution.tests()) {
      if (suite.selects(test.test())) {
        selected.add(test);
      }
    }
    Optional<ImportGraph> imports = Optional.empty();
    if (needImports) {
      List<TestModule> modules = new ArrayList<>(suite.allModules());
      modules.addAll(suite.supportModules());
      imports = Optional.of(ImportGraph.build(modules));
    }
    return new Listing(suite, resolution, selected, imports, start);
  }

  /**
   * Prints what is wrong (one line each, with its code) and what only Python could tell, on
   * stderr after the listing, and decides the exit code: 3 when a file did not parse, a
   * fixture is missing or cyclic, or nothing was found; 0 otherwise.
   */
  private static int report(Listing listing, ListRequest request, PrintStream err) {
    DiscoveredSuite suite = listing.suite();
    boolean failed = false;
    Set<String> selectedFiles = listing.selectedFiles();
    Set<String> conftests = new HashSet<>();
    suite.conftests().forEach(c -> conftests.add(c.path()));
    for (var problem : suite.problems()) {
      err.println(problem.oneLine());
      failed = true;
    }
    for (ResolutionProblem problem : listing.resolution().problems()) {
      String file = problem.problem().location().file();
      if (selectedFiles.isEmpty() || selectedFiles.contains(file) || conftests.contains(file)) {
        err.println(problem.oneLine());
        failed |= problem.definite();
      }
    }
    long dynamic = listing.selected().stream().filter(t -> t.test().dynamic().isPresent()).count();
    if (dynamic > 0 || !suite.notes().isEmpty()) {
      err.println(
          "tach: " + dynamic + " test(s) with ids known only at run time and " + suite.notes().size()
              + " other dynamic note(s) (tach list --format json shows them)");
    }
    if (request.debug()) {
      DiscoveredSuite.Stats stats = suite.stats();
      err.printf(
          "tach: %d tests in %d modules (%d skipped at collection); %d files read, %d parsed (%.1f MB), %d ms%n",
          listing.selected().size(),
          suite.testModules().size(),
          suite.skipped().size(),
          stats.files(),
          stats.parsed(),
          stats.bytesParsed() / 1e6,
          stats.millis());
      err.println("tach: discovery phases (ms): " + stats.phases() + "; resolution and output: " + (System.nanoTime() - listing.startNanos()) / 1_000_000 + " ms since discovery began");
    }
    if (listing.selected().isEmpty() && !request.fixtures() && !request.toxic()) {
      err.println("tach: no tests found");
      return ExitCode.NO_TESTS;
    }
    return failed ? ExitCode.NO_TESTS : ExitCode.OK;
  }


}
