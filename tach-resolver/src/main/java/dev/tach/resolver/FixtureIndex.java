package dev.tach.resolver;

import dev.tach.api.model.FixtureDefinition;
import dev.tach.api.model.TestModule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every fixture definition of a suite in pytest's registration order, and per collection node which
 * of them it sees. Built once per resolution; the per-node views are memoized.
 *
 * <p>pytest keeps, per fixture name, a list of definitions "from furthest to closest" and uses the
 * last one visible from the requesting node. pytest 9.0 gets that order from registration (plugins
 * first, then conftests top-down as collection reaches them, then modules, then classes); 9.1 sorts
 * by visibility explicitly, keeping registration order among equals. Both come to the same key,
 * used here: the length of {@code visibleFrom} (all node ids visible from one node are prefixes of
 * each other), then builtin &lt; plugin &lt; conftest &lt; module &lt; class, then the order the
 * caller gave the modules, then the defining function's name (pytest walks a module or class with
 * {@code dir()}, which sorts attribute names).
 */
final class FixtureIndex {

  /** A definition and what ordering and listing need to know about where it comes from. */
  record Registered(FixtureDefinition definition, String pythonModule, String where) {}

  private final List<Registered> all;
  private final Map<String, List<FixtureDefinition>> byName;
  private final Map<String, List<String>> autouseByNodeId;
  private final Map<String, Context> contexts = new ConcurrentHashMap<>();

  private FixtureIndex(List<Registered> all, List<String> iniUsefixtures) {
    this.all = List.copyOf(all);
    Map<String, List<FixtureDefinition>> names = new HashMap<>();
    Map<String, List<String>> autouse = new HashMap<>();
    autouse.put("", new ArrayList<>(iniUsefixtures));
    for (Registered registered : all) {
      FixtureDefinition definition = registered.definition();
      names.computeIfAbsent(definition.name(), k -> new ArrayList<>()).add(definition);
      if (definition.autouse()) {
        autouse
            .computeIfAbsent(definition.visibleFrom(), k -> new ArrayList<>())
            .add(definition.name());
      }
    }
    names.replaceAll((name, list) -> List.copyOf(list));
    autouse.replaceAll((id, list) -> List.copyOf(list));
    this.byName = names;
    this.autouseByNodeId = autouse;
  }

  /** Indexes the builtins and every module's fixtures of {@code input}. */
  static FixtureIndex of(ResolverInput input) {
    record Ranked(Registered registered, int moduleIndex, int position) {}
    List<Ranked> ranked = new ArrayList<>();
    int position = 0;
    for (BuiltinFixture builtin : input.builtins()) {
      ranked.add(
          new Ranked(
              new Registered(builtin.definition(), builtin.pytestModule(), builtin.prettyPath()),
              -1,
              position++));
    }
    int moduleIndex = 0;
    for (TestModule module : input.modules()) {
      for (FixtureDefinition definition : module.fixtures()) {
        ranked.add(
            new Ranked(
                new Registered(definition, module.moduleName(), definition.location().toString()),
                moduleIndex,
                position++));
      }
      moduleIndex++;
    }
    ranked.sort(
        Comparator.<Ranked>comparingInt(r -> r.registered().definition().visibleFrom().length())
            .thenComparingInt(r -> originRank(r.registered().definition().origin()))
            .thenComparingInt(Ranked::moduleIndex)
            // pytest's own fixtures keep the table's order (their source order).
            .thenComparing(r -> r.moduleIndex() < 0 ? "" : r.registered().definition().function())
            .thenComparingInt(Ranked::position));
    return new FixtureIndex(
        ranked.stream().map(Ranked::registered).toList(), input.iniUsefixtures());
  }

  private static int originRank(FixtureDefinition.Origin origin) {
    return switch (origin) {
      case BUILTIN -> 0;
      case PLUGIN -> 1;
      case CONFTEST -> 2;
      case MODULE -> 3;
      case CLASS -> 4;
    };
  }

  /** Every definition, in registration order. */
  List<Registered> all() {
    return all;
  }

  /** What the node {@code nodeId} (a class, module or directory) sees. */
  Context context(String nodeId) {
    return contexts.computeIfAbsent(nodeId, Context::new);
  }

  /**
   * The fixtures visible from one collection node, as pytest's {@code _matchfactories} sees them.
   */
  final class Context {
    private final String nodeId;
    private final List<String> ancestors;
    private final Set<String> ancestorSet;
    private final List<String> autouse;
    private final Map<String, List<FixtureDefinition>> chains = new ConcurrentHashMap<>();
    private volatile SortedSet<String> visibleNames;

    private Context(String nodeId) {
      this.nodeId = nodeId;
      this.ancestors = NodeIds.selfAndAncestors(nodeId);
      this.ancestorSet = new HashSet<>(ancestors);
      Map<String, Boolean> names = new LinkedHashMap<>();
      for (String ancestor : ancestors) {
        for (String name : autouseByNodeId.getOrDefault(ancestor, List.of())) {
          names.putIfAbsent(name, Boolean.TRUE);
        }
      }
      this.autouse = List.copyOf(names.keySet());
    }

    String nodeId() {
      return nodeId;
    }

    /** The autouse names (ini {@code usefixtures} first) in pytest's order, without repeats. */
    List<String> autouse() {
      return autouse;
    }

    /** The definitions of {@code name} visible here, furthest first; the last one wins. */
    List<FixtureDefinition> chain(String name) {
      return chains.computeIfAbsent(name, this::computeChain);
    }

    private List<FixtureDefinition> computeChain(String name) {
      List<FixtureDefinition> chain = new ArrayList<>(2);
      for (FixtureDefinition definition : byName.getOrDefault(name, List.of())) {
        if (ancestorSet.contains(definition.visibleFrom())) {
          chain.add(definition);
        }
      }
      return chain.isEmpty() ? List.of() : Collections.unmodifiableList(chain);
    }

    /** Every fixture name with a definition visible here, sorted. */
    SortedSet<String> visibleNames() {
      SortedSet<String> names = visibleNames;
      if (names == null) {
        TreeSet<String> found = new TreeSet<>();
        for (String name : byName.keySet()) {
          if (!chain(name).isEmpty()) {
            found.add(name);
          }
        }
        names = Collections.unmodifiableSortedSet(found);
        visibleNames = names;
      }
      return names;
    }
  }
}
