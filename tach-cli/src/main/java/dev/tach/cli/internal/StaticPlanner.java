package dev.tach.cli.internal;

import dev.tach.api.model.FixtureScope;
import dev.tach.api.model.TestCase;
import dev.tach.api.model.TestModule;
import dev.tach.cli.internal.ListService.Listing;
import dev.tach.resolver.FixtureNode;
import dev.tach.resolver.ResolutionProblem;
import dev.tach.resolver.ResolvedTest;
import dev.tach.scheduler.StaticPlan;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A run's static discovery: it runs on its own thread while the zygote starts and collects,
 * prints the problems it finds (E017 syntax errors, E003 missing fixtures, E018 cycles) as soon
 * as it has them, long before pytest reports them, and gives the scheduler its plan. pytest's
 * collection stays the authority; any failure here only means there is no plan.
 */
final class StaticPlanner {

  private StaticPlanner() {}

  /** Starts discovery; the supplier answers with the plan once discovery has finished. */
  static Supplier<Optional<StaticPlan>> start(
      Path cwd, List<String> pytestArgs, Path python, Map<String, String> env, PrintStream err, boolean debug) {
    Consumer<String> log = debug ? line -> err.println("tach: debug: " + line) : line -> {};
    CompletableFuture<Optional<StaticPlan>> plan = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                plan.complete(Optional.of(plan(cwd, pytestArgs, python, env, err, log)));
              } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
                log.accept("static discovery failed, the run goes on without it: " + e);
                plan.complete(Optional.empty());
              }
            },
            "tach-static-discovery");
    thread.setDaemon(true);
    thread.start();
    return () -> {
      if (!plan.isDone()) {
        log.accept("static discovery had not finished when pytest had collected; not used");
      }
      return plan.getNow(Optional.empty());
    };
  }

  private static StaticPlan plan(
      Path cwd, List<String> pytestArgs, Path python, Map<String, String> env, PrintStream err, Consumer<String> log) {
    long start = System.nanoTime();
    ListService.ListRequest request =
        new ListService.ListRequest(cwd, pytestArgs, "text", false, false, false, true, Optional.of(python), false, env);
    Listing listing = ListService.discover(request, false, new PrintStream(PrintStream.nullOutputStream()));
    for (var problem : listing.suite().problems()) {
      err.println(problem.oneLine());
    }
    Set<String> selectedFiles = listing.selectedFiles();
    for (ResolutionProblem problem : listing.resolution().problems()) {
      if (problem.definite() && selectedFiles.contains(problem.problem().location().file())) {
        err.println(problem.oneLine());
      }
    }
    Set<String> nodeIds = new LinkedHashSet<>();
    for (ResolvedTest test : listing.selected()) {
      nodeIds.add(test.nodeId());
    }
    Set<String> splittable = splittable(listing);
    log.accept(
        String.format(
            "static discovery: %d tests in %d modules (%d splittable) in %d ms",
            nodeIds.size(),
            listing.suite().testModules().size(),
            splittable.size(),
            (System.nanoTime() - start) / 1_000_000));
    return new StaticPlan(nodeIds, splittable, log);
  }

  /**
   * Modules whose tests share nothing wider than a function (a session fixture is set up once
   * per worker whatever the batches): module-level tests only, no class-, module- or
   * package-scoped fixture, no module-level xunit set-up.
   */
  static Set<String> splittable(Listing listing) {
    Map<String, Boolean> byModule = new HashMap<>();
    for (TestModule module : listing.suite().testModules()) {
      byModule.put(module.path(), !listing.suite().moduleSetUp().contains(module.path()));
    }
    for (ResolvedTest test : listing.selected()) {
      String file = test.test().file();
      if (!byModule.getOrDefault(file, false)) {
        continue;
      }
      boolean shares = test.test().kind() != TestCase.Kind.FUNCTION || test.test().dynamic().isPresent();
      for (FixtureNode fixture : test.setupOrder()) {
        FixtureScope scope = fixture.scope();
        if (scope != FixtureScope.FUNCTION && scope != FixtureScope.SESSION) {
          shares = true;
        }
      }
      if (shares) {
        byModule.put(file, false);
      }
    }
    Set<String> splittable = new LinkedHashSet<>();
    byModule.forEach((module, ok) -> {
      if (ok) {
        splittable.add(module);
      }
    });
    return splittable;
  }
}
