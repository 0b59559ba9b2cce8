package dev.tach.resolver;

import dev.tach.api.model.FixtureDefinition;
import dev.tach.api.model.FixtureScope;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jgrapht.Graph;
import org.jgrapht.graph.AsUnmodifiableGraph;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.DirectedAcyclicGraph;
import org.jgrapht.traverse.TopologicalOrderIterator;

/**
 * The fixtures of one test as pytest computes them, shared by every test that has the same
 * collection parent and the same requests.
 *
 * <p>Two steps, as in pytest. First the closure of names ({@code getfixtureclosure}), walked in the
 * release's {@link ClosureOrder} and stably sorted by the scope of each name's closest definition,
 * widest first: that is {@code item.fixturenames}. Then setup ({@code _fillfixtures}): each name in
 * that order is requested; a request sets up the definition's own requests first, in parameter
 * order. Which definition a request gets is decided like {@code _get_active_fixturedef}: a name
 * already set up for this test is reused; otherwise the closest visible definition, one further out
 * for each definition of the same name already on the request stack (that is how an overriding
 * fixture that requests its own name, directly or through other fixtures, gets the one it
 * overrides). Running out of definitions is pytest's "recursive dependency" (a cycle); finding none
 * is "fixture not found"; a wider-scoped requester of a narrower fixture is a ScopeMismatch.
 */
final class Closure {

  /** Something that would make pytest error at setup. */
  sealed interface Issue permits Missing, Recursion, ScopeMismatch {}

  /**
   * Nobody visible defines {@code name}.
   *
   * @param requester the fixture requesting it; empty when the test does
   */
  record Missing(String name, Optional<FixtureDefinition> requester) implements Issue {}

  /**
   * {@code name} was requested while every visible definition of it was already being set up.
   *
   * @param path the request stack from the first definition of {@code name} to the requester
   */
  record Recursion(String name, List<FixtureDefinition> path) implements Issue {}

  /** {@code requester} is wider scoped than the {@code requested} fixture it uses. */
  record ScopeMismatch(FixtureDefinition requester, FixtureDefinition requested) implements Issue {}

  /** One dependency: {@code dependency} is set up before, and for, {@code dependent}. */
  private record Edge(FixtureNode dependency, FixtureNode dependent) {}

  private final List<String> names;
  private final List<FixtureNode> setupSequence;
  private final List<Edge> edges;
  private final List<Issue> issues;
  private final List<FixtureDefinition> paramSources;
  private ScopeChain scopeChain;
  private Graph<FixtureNode, DefaultEdge> graph;
  private List<FixtureNode> setupOrder;

  private Closure(
      List<String> names,
      List<FixtureNode> setupSequence,
      List<Edge> edges,
      List<Issue> issues,
      List<FixtureDefinition> paramSources) {
    this.names = List.copyOf(names);
    this.setupSequence = List.copyOf(setupSequence);
    this.edges = List.copyOf(edges);
    this.issues = List.copyOf(issues);
    this.paramSources = List.copyOf(paramSources);
  }

  /**
   * Computes the closure of {@code requested} (autouse names, then the test's own requests, without
   * repeats) as seen from {@code context}.
   *
   * @param direct names a direct parametrize supplies: requests for them are satisfied and not
   *     followed
   * @param parametrized every name a parametrize mark supplies, direct or indirect: their fixtures'
   *     own params are not applied
   */
  static Closure compute(
      FixtureIndex.Context context,
      List<String> requested,
      Set<String> direct,
      Set<String> parametrized,
      ClosureOrder order) {
    List<String> names = sortedByScope(walk(context, requested, direct, order), context, direct);
    Setup setup = new Setup(context, direct);
    for (String name : names) {
      setup.request(name);
    }
    return new Closure(
        names,
        setup.sequence,
        setup.edges,
        List.copyOf(setup.issues),
        paramSources(context, names, parametrized));
  }

  /** {@code item.fixturenames}: the closure's names, widest scope first. */
  List<String> names() {
    return names;
  }

  /** What would fail at setup, in the order pytest meets it. */
  List<Issue> issues() {
    return issues;
  }

  /** The definitions whose params parametrize the test, in the order pytest applies them. */
  List<FixtureDefinition> paramSources() {
    return paramSources;
  }

  synchronized ScopeChain scopeChain() {
    if (scopeChain == null) {
      scopeChain = ScopeChain.of(setupSequence);
    }
    return scopeChain;
  }

  /** The definitions in the order pytest sets them up, without building the graph. */
  List<FixtureNode> setupSequence() {
    return setupSequence;
  }

  /** The fixture DAG; an edge goes from a dependency to the fixture that requests it. */
  synchronized Graph<FixtureNode, DefaultEdge> graph() {
    if (graph == null) {
      DirectedAcyclicGraph<FixtureNode, DefaultEdge> dag =
          new DirectedAcyclicGraph<>(DefaultEdge.class);
      setupSequence.forEach(dag::addVertex);
      for (Edge edge : edges) {
        // Cannot close a cycle: a dependency is always set up before its dependent.
        dag.addEdge(edge.dependency(), edge.dependent());
      }
      graph = new AsUnmodifiableGraph<>(dag);
    }
    return graph;
  }

  /**
   * The graph's topological order with ties broken by pytest's setup sequence, which makes it
   * exactly that sequence.
   */
  synchronized List<FixtureNode> setupOrder() {
    if (setupOrder == null) {
      Map<FixtureNode, Integer> position = new HashMap<>();
      for (int i = 0; i < setupSequence.size(); i++) {
        position.put(setupSequence.get(i), i);
      }
      List<FixtureNode> order = new ArrayList<>(setupSequence.size());
      new TopologicalOrderIterator<>(graph(), Comparator.comparing(position::get))
          .forEachRemaining(order::add);
      setupOrder = Collections.unmodifiableList(order);
    }
    return setupOrder;
  }

  private static List<String> walk(
      FixtureIndex.Context context,
      List<String> requested,
      Set<String> direct,
      ClosureOrder order) {
    if (order == ClosureOrder.BREADTH_CLOSEST) {
      LinkedHashSet<String> closure = new LinkedHashSet<>(requested);
      List<String> queue = new ArrayList<>(closure);
      for (int i = 0; i < queue.size(); i++) {
        String name = queue.get(i);
        List<FixtureDefinition> chain = context.chain(name);
        if (direct.contains(name) || chain.isEmpty()) {
          continue;
        }
        for (String dependency : chain.get(chain.size() - 1).requests()) {
          if (closure.add(dependency)) {
            queue.add(dependency);
          }
        }
      }
      return List.copyOf(closure);
    }
    DepthWalk walk = new DepthWalk(context, direct);
    if (order == ClosureOrder.REQUESTED_THEN_DEPTH) {
      walk.closure.addAll(requested);
    }
    requested.forEach(walk::visit);
    return List.copyOf(walk.closure);
  }

  /** pytest 9's {@code process_argname}: depth first, stepping down override chains. */
  private static final class DepthWalk {
    private final FixtureIndex.Context context;
    private final Set<String> direct;
    private final LinkedHashSet<String> closure = new LinkedHashSet<>();
    // pytest's current_indices: -1 is the closest definition, -2 the one it overrides, …
    private final Map<String, Integer> index = new HashMap<>();

    DepthWalk(FixtureIndex.Context context, Set<String> direct) {
      this.context = context;
      this.direct = direct;
    }

    void visit(String name) {
      Integer current = index.get(name);
      if (current != null && current == -1) {
        return;
      }
      closure.add(name);
      List<FixtureDefinition> chain = context.chain(name);
      if (direct.contains(name) || chain.isEmpty()) {
        return;
      }
      int at = current == null ? -1 : current;
      if (-at > chain.size()) {
        return;
      }
      index.put(name, at - 1);
      for (String dependency : chain.get(chain.size() + at).requests()) {
        visit(dependency);
      }
      index.put(name, at);
    }
  }

  private static List<String> sortedByScope(
      List<String> names, FixtureIndex.Context context, Set<String> direct) {
    // A stable sort, widest first, as Python's list.sort(key=..., reverse=True) is.
    List<String> sorted = new ArrayList<>(names.size());
    FixtureScope[] scopes = FixtureScope.values();
    FixtureScope[] closest = new FixtureScope[names.size()];
    for (int i = 0; i < closest.length; i++) {
      closest[i] = closestScope(context, direct, names.get(i));
    }
    for (int s = scopes.length - 1; s >= 0; s--) {
      for (int i = 0; i < closest.length; i++) {
        if (closest[i] == scopes[s]) {
          sorted.add(names.get(i));
        }
      }
    }
    return sorted;
  }

  private static FixtureScope closestScope(
      FixtureIndex.Context context, Set<String> direct, String name) {
    List<FixtureDefinition> chain = context.chain(name);
    return direct.contains(name) || chain.isEmpty()
        ? FixtureScope.FUNCTION
        : chain.get(chain.size() - 1).scope();
  }

  /**
   * pytest's {@code FixtureManager.pytest_generate_tests}: for each name in closure order that no
   * parametrize mark supplies, the closest definition with params; a definition without params
   * stands for the one it overrides only when it requests its own name.
   */
  private static List<FixtureDefinition> paramSources(
      FixtureIndex.Context context, List<String> names, Set<String> parametrized) {
    List<FixtureDefinition> sources = new ArrayList<>();
    for (String name : names) {
      if (parametrized.contains(name)) {
        continue;
      }
      List<FixtureDefinition> chain = context.chain(name);
      for (int i = chain.size() - 1; i >= 0; i--) {
        FixtureDefinition definition = chain.get(i);
        if (definition.parametrized()) {
          sources.add(definition);
          break;
        }
        if (!definition.requests().contains(name)) {
          break;
        }
      }
    }
    return sources;
  }

  /** pytest's setup of one item: {@code _fillfixtures} and {@code _get_active_fixturedef}. */
  private static final class Setup {
    private final FixtureIndex.Context context;
    private final Set<String> direct;
    private final Map<String, FixtureDefinition> done = new HashMap<>();
    private final Set<String> failed = new HashSet<>();
    private final List<FixtureDefinition> stack = new ArrayList<>();
    private final Set<FixtureNode> setUp = new HashSet<>();
    private final List<FixtureNode> sequence = new ArrayList<>();
    private final List<Edge> edges = new ArrayList<>();
    private final Set<Issue> issues = new LinkedHashSet<>();

    Setup(FixtureIndex.Context context, Set<String> direct) {
      this.context = context;
      this.direct = direct;
    }

    /**
     * Requests {@code name} for the top of the stack (the test when empty). Returns whether it
     * could be set up. pytest stops a test's setup at the first error; here a failed name is
     * remembered instead, so that the rest is still checked but each error is reported once.
     */
    boolean request(String name) {
      if (name.equals(BuiltinFixtures.REQUEST) || direct.contains(name)) {
        return true;
      }
      if (failed.contains(name)) {
        return false;
      }
      FixtureDefinition requester = stack.isEmpty() ? null : stack.get(stack.size() - 1);
      FixtureDefinition cached = done.get(name);
      if (cached != null) {
        return use(requester, cached);
      }
      List<FixtureDefinition> chain = context.chain(name);
      if (chain.isEmpty()) {
        issues.add(new Missing(name, Optional.ofNullable(requester)));
        return fail(name);
      }
      int onStack = 0;
      int first = -1;
      for (int i = 0; i < stack.size(); i++) {
        if (stack.get(i).name().equals(name)) {
          onStack++;
          first = first < 0 ? i : first;
        }
      }
      if (onStack >= chain.size()) {
        issues.add(new Recursion(name, List.copyOf(stack.subList(first, stack.size()))));
        return fail(name);
      }
      FixtureDefinition definition = chain.get(chain.size() - 1 - onStack);
      if (!scopeFits(requester, definition)) {
        return false;
      }
      stack.add(definition);
      boolean ready = true;
      for (String dependency : definition.requests()) {
        ready &= request(dependency);
      }
      stack.remove(stack.size() - 1);
      if (!ready) {
        return fail(name);
      }
      FixtureNode node = node(definition);
      if (setUp.add(node)) {
        sequence.add(node);
      }
      done.put(name, definition);
      if (requester != null) {
        edges.add(new Edge(node, node(requester)));
      }
      return true;
    }

    private boolean fail(String name) {
      failed.add(name);
      return false;
    }

    /** A request answered by a definition already set up for this test. */
    private boolean use(FixtureDefinition requester, FixtureDefinition used) {
      if (!scopeFits(requester, used)) {
        return false;
      }
      if (requester != null) {
        edges.add(new Edge(node(used), node(requester)));
      }
      return true;
    }

    private boolean scopeFits(FixtureDefinition requester, FixtureDefinition used) {
      if (requester != null
          && !requester.scopeDynamic()
          && !used.scopeDynamic()
          && requester.scope().isWiderThan(used.scope())) {
        issues.add(new ScopeMismatch(requester, used));
        return false;
      }
      return true;
    }

    private static FixtureNode node(FixtureDefinition definition) {
      return new FixtureNode(definition);
    }
  }
}
