package dev.tach.resolver;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;
import dev.tach.api.model.TestCase;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultEdge;

/**
 * One test after fixture resolution: its final node id (fixture params included), the fixtures it
 * uses and the order pytest sets them up in, and what would fail at setup. Immutable; tests that
 * share a collection parent and requests share the fixture data.
 */
@Api(Api.Status.EXPERIMENTAL)
public final class ResolvedTest {
  private final TestCase test;
  private final TestCase source;
  private final Closure closure;
  private final Map<String, String> fixtureParams;
  private final List<ResolutionProblem> problems;
  private final String nodeId;

  ResolvedTest(
      TestCase test,
      TestCase source,
      Closure closure,
      Map<String, String> fixtureParams,
      List<ResolutionProblem> problems) {
    this.test = requireNonNull(test, "test is null");
    this.source = requireNonNull(source, "source is null");
    this.closure = requireNonNull(closure, "closure is null");
    this.fixtureParams =
        fixtureParams.isEmpty()
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(fixtureParams));
    this.problems = List.copyOf(problems);
    this.nodeId = test.nodeId();
  }

  /**
   * The test as pytest collects it: {@link #source()} with the ids of its fixtures' params inserted
   * before the parametrize ids, and {@link TestCase#dynamic()} set when a fixture's params could
   * not be read.
   */
  public TestCase test() {
    return test;
  }

  /** The test as discovery stated it, before fixture params. */
  public TestCase source() {
    return source;
  }

  /** The final node id: {@code test().nodeId()}. */
  public String nodeId() {
    return nodeId;
  }

  /**
   * pytest's {@code item.fixturenames}: autouse names, the test's requests and everything they
   * request, sorted by the scope of each name's closest definition, widest first (stable). Includes
   * {@code request} and names nobody defines; omits the test's own directly parametrized arguments
   * (pytest lists those too, as pseudo fixtures).
   */
  public List<String> fixtureNames() {
    return closure.names();
  }

  /**
   * The fixture definitions set up for this test, in pytest's setup order: the topological order of
   * {@link #graph()} (JGraphT's {@code TopologicalOrderIterator}) with ties broken the way pytest's
   * {@code _fillfixtures} walks, which it reproduces exactly. An overriding fixture that requests
   * its own name comes after the definition it overrides.
   */
  public List<FixtureNode> setupOrder() {
    return closure.setupOrder();
  }

  /**
   * The fixture DAG, unmodifiable: one vertex per definition set up, an edge {@code u -> v} when
   * {@code v} requests {@code u} ("u is needed by v"), so edges point the way setup goes. Built on
   * first use and shared with tests of the same closure.
   */
  public Graph<FixtureNode, DefaultEdge> graph() {
    return closure.graph();
  }

  /** The setup order grouped by scope. */
  public ScopeChain scopeChain() {
    return closure.scopeChain();
  }

  /** For each parametrized fixture, the param id this test runs with, in id order. */
  public Map<String, String> fixtureParams() {
    return fixtureParams;
  }

  /** What pytest would report when setting this test up: E003 and E018 problems. */
  public List<ResolutionProblem> problems() {
    return problems;
  }

  @Override
  public String toString() {
    return nodeId();
  }
}
