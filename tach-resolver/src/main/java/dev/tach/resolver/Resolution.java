package dev.tach.resolver;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;
import dev.tach.api.model.FixtureDefinition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The result of {@link FixtureResolver#resolve}: every test with its fixtures, the problems pytest
 * would report at setup, and fixture listings by node. Immutable and thread-safe.
 */
@Api(Api.Status.EXPERIMENTAL)
public final class Resolution {
  private final List<ResolvedTest> tests;
  private final Map<String, ResolvedTest> byNodeId;
  private final List<ResolutionProblem> problems;
  private final FixtureIndex index;

  Resolution(List<ResolvedTest> tests, FixtureIndex index) {
    this.tests = List.copyOf(tests);
    this.index = requireNonNull(index, "index is null");
    Map<String, ResolvedTest> ids = new HashMap<>();
    Set<ResolutionProblem> all = new LinkedHashSet<>();
    for (ResolvedTest test : this.tests) {
      ids.putIfAbsent(test.nodeId(), test);
      all.addAll(test.problems());
    }
    this.byNodeId = ids;
    this.problems = List.copyOf(all);
  }

  /**
   * Every test, fixture params expanded, module by module. Within one function, the first
   * parametrized fixture varies slowest and parametrize marks fastest, the order pytest generates
   * them in; pytest's later reordering of items by higher-scoped params ({@code reorder_items}) is
   * not applied.
   */
  public List<ResolvedTest> tests() {
    return tests;
  }

  /** Every test's problems, each once, in test order. */
  public List<ResolutionProblem> problems() {
    return problems;
  }

  /** The test with this final node id (fixture params included). */
  public Optional<ResolvedTest> test(String nodeId) {
    return Optional.ofNullable(byNodeId.get(nodeId));
  }

  /**
   * The definition each fixture name resolves to from {@code nodeId} (a test's node id, or a class,
   * module or directory), by name. A test sees what its class or module sees.
   */
  public Map<String, FixtureDefinition> visibleFixtures(String nodeId) {
    FixtureIndex.Context context = index.context(contextOf(nodeId));
    Map<String, FixtureDefinition> visible = new LinkedHashMap<>();
    for (String name : context.visibleNames()) {
      List<FixtureDefinition> chain = context.chain(name);
      visible.put(name, chain.get(chain.size() - 1));
    }
    return Collections.unmodifiableMap(visible);
  }

  /**
   * What {@code pytest --fixtures ARG} lists, for {@code ARG} a directory, file or node id relative
   * to the rootdir ({@code ""} for everything): each definition visible from it or defined below
   * it, once per name and location, sorted like pytest (by the length of the visibility node id,
   * then defining module, then location, then name).
   */
  public FixtureListing fixtureListing(String nodeIdOrPath) {
    String at = requireNonNull(nodeIdOrPath, "nodeIdOrPath is null");
    List<FixtureIndex.Registered> chosen = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (FixtureIndex.Registered registered : index.all()) {
      String visibleFrom = registered.definition().visibleFrom();
      boolean collected =
          NodeIds.isSelfOrBelow(at, visibleFrom) || NodeIds.isSelfOrBelow(visibleFrom, at);
      if (collected && seen.add(registered.definition().name() + "\0" + registered.where())) {
        chosen.add(registered);
      }
    }
    // pytest's key has the line in its path; builtins have none here, so registration order
    // (which follows the line) stands in for it.
    chosen.sort(
        Comparator.<FixtureIndex.Registered>comparingInt(r -> r.definition().visibleFrom().length())
            .thenComparing(FixtureIndex.Registered::pythonModule)
            .thenComparing(FixtureIndex.Registered::where)
            .thenComparing(r -> isBuiltin(r) ? "" : r.definition().name()));
    List<FixtureListing.Group> groups = new ArrayList<>();
    Optional<String> title = Optional.empty();
    String current = null;
    List<FixtureListing.Entry> entries = new ArrayList<>();
    for (FixtureIndex.Registered registered : chosen) {
      String module = registered.pythonModule();
      if (!module.equals(current) && !module.startsWith("_pytest.")) {
        if (!entries.isEmpty() || title.isPresent()) {
          groups.add(new FixtureListing.Group(title, entries));
        }
        title = Optional.of(module);
        current = module;
        entries = new ArrayList<>();
      }
      FixtureDefinition definition = registered.definition();
      entries.add(
          new FixtureListing.Entry(
              definition.name(),
              definition.scope(),
              registered.where(),
              definition.doc(),
              definition.origin()));
    }
    if (!entries.isEmpty() || title.isPresent()) {
      groups.add(new FixtureListing.Group(title, entries));
    }
    return new FixtureListing(groups);
  }

  private static boolean isBuiltin(FixtureIndex.Registered registered) {
    return registered.definition().origin() == FixtureDefinition.Origin.BUILTIN;
  }

  /** The collection node whose view {@code nodeId} has: a test's parent, else itself. */
  private String contextOf(String nodeId) {
    requireNonNull(nodeId, "nodeId is null");
    ResolvedTest test = byNodeId.get(nodeId);
    return test != null ? NodeIds.parent(test.test().baseId()) : nodeId;
  }
}
