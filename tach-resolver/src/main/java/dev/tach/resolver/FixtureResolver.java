package dev.tach.resolver;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;
import dev.tach.api.ErrorCode;
import dev.tach.api.model.DiscoveryProblem;
import dev.tach.api.model.FixtureDefinition;
import dev.tach.api.model.SourceLocation;
import dev.tach.api.model.TestCase;
import dev.tach.api.model.TestModule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Resolves a statically discovered suite's fixtures the way pytest does at collection and setup:
 * which definition each request gets (closest visible one; an override requesting its own name gets
 * the one it overrides), the closure and its setup order, node ids with fixture params, and the
 * setup errors pytest would raise.
 *
 * <p>Problems, one per test that would hit them (pytest errors each such test at setup):
 *
 * <ul>
 *   <li><b>E003</b> a requested fixture with no visible definition, with up to three close names
 *       among the visible ones. Not reported for names a parametrize mark supplies. Indefinite
 *       ({@link ResolutionProblem#definite()} false) when {@link ResolverInput#providersComplete()}
 *       is false.
 *   <li><b>E018</b> a fixture dependency cycle, pytest's "recursive dependency involving fixture":
 *       printed as the request path {@code a (file:line) -> b (file:line) -> a (file:line)}.
 *       Requesting one's own name is an override, not a cycle, while an outer definition is left to
 *       take. The cycle is found while simulating pytest's request stack, not by running a cycle
 *       detector over a graph of definitions: which definition a request gets depends on what is
 *       already on the stack (module {@code a} requests {@code b}, {@code b} requests {@code a} and
 *       gets the conftest's {@code a}, which pytest accepts), so a static graph would report cycles
 *       pytest does not have. The resulting {@link ResolvedTest#graph()} is a JGraphT {@code
 *       DirectedAcyclicGraph}, which itself refuses any edge that would close a cycle.
 *   <li><b>E018</b> also for pytest's ScopeMismatch, a wider-scoped fixture requesting a narrower
 *       one. No code names it; E018 is the closer one because both are an invalid edge between two
 *       existing fixtures, fixed by changing a fixture's requests or scope, while E003 means a
 *       definition is missing or misspelt. The message starts with {@code ScopeMismatch} so the two
 *       stay apart.
 * </ul>
 *
 * <p>Resolution is linear in the number of tests: visibility is indexed once per collection node,
 * and the closure is computed once per (node, requests) and shared.
 */
@Api(Api.Status.EXPERIMENTAL)
public final class FixtureResolver {
  private static final int CLOSE_MATCHES = 3;

  private final ResolverInput input;
  private final FixtureIndex index;
  private final ClosureOrder order;
  private final Map<ClosureKey, Closure> closures = new HashMap<>();
  private final List<ResolvedTest> resolved = new ArrayList<>();

  private FixtureResolver(ResolverInput input) {
    this.input = input;
    this.index = FixtureIndex.of(input);
    this.order = ClosureOrder.of(input.pytestVersion());
  }

  /** Resolves every test of {@code input}'s modules. */
  public static Resolution resolve(ResolverInput input) {
    requireNonNull(input, "input is null");
    FixtureResolver resolver = new FixtureResolver(input);
    for (TestModule module : input.modules()) {
      List<TestCase> tests = module.tests();
      for (int start = 0, end; start < tests.size(); start = end) {
        String baseId = tests.get(start).baseId();
        end = start + 1;
        while (end < tests.size() && tests.get(end).baseId().equals(baseId)) {
          end++;
        }
        resolver.resolveFunction(tests.subList(start, end));
      }
    }
    return new Resolution(resolver.resolved, resolver.index);
  }

  /** A test with its closure and problems, before fixture params. */
  private record Prepared(TestCase test, Closure closure, List<ResolutionProblem> problems) {}

  /** The parameter sets of one function, in discovery order. */
  private void resolveFunction(List<TestCase> parameterSets) {
    List<Prepared> prepared = new ArrayList<>(parameterSets.size());
    boolean shared = true;
    for (TestCase test : parameterSets) {
      Prepared next = prepare(test);
      shared &= prepared.isEmpty() || prepared.get(0).closure() == next.closure();
      prepared.add(next);
    }
    if (shared) {
      expand(prepared, prepared.get(0).closure());
    } else {
      prepared.forEach(p -> expand(List.of(p), p.closure()));
    }
  }

  /** What makes two tests' closures the same: their collection parent and their requests. */
  private record ClosureKey(
      String context, List<String> requested, Set<String> direct, Set<String> parametrized) {}

  private Prepared prepare(TestCase test) {
    FixtureIndex.Context context = index.context(NodeIds.parent(test.baseId()));
    List<String> requested = context.autouse();
    if (!test.requests().isEmpty()) {
      requested = new ArrayList<>(requested);
      for (String name : test.requests()) {
        if (!requested.contains(name)) {
          requested.add(name);
        }
      }
    }
    Set<String> parametrized = Set.of();
    Set<String> direct = Set.of();
    if (!test.parametrizedArgs().isEmpty()) {
      parametrized = Set.copyOf(test.parametrizedArgs());
      Set<String> supplied = new HashSet<>(parametrized);
      supplied.removeAll(test.requests());
      direct = Set.copyOf(supplied);
    }
    ClosureKey key = new ClosureKey(context.nodeId(), requested, direct, parametrized);
    Closure closure = closures.get(key);
    if (closure == null) {
      closure = Closure.compute(context, requested, direct, parametrized, order);
      closures.put(key, closure);
    }
    if (closure.issues().isEmpty()) {
      return new Prepared(test, closure, List.of());
    }
    List<ResolutionProblem> problems = new ArrayList<>();
    for (Closure.Issue issue : closure.issues()) {
      if (issue instanceof Closure.Missing missing && parametrized.contains(missing.name())) {
        continue;
      }
      problems.add(problem(issue, test, context));
    }
    return new Prepared(test, closure, List.copyOf(problems));
  }

  /**
   * Multiplies the parameter sets by the closure's fixture params. pytest applies fixture params
   * before parametrize marks (its FixtureManager's {@code pytest_generate_tests} runs first), in
   * closure order, so their ids come first and the first varies slowest.
   */
  private void expand(List<Prepared> parameterSets, Closure closure) {
    // unittest.TestCase methods are not generated through Metafunc: no fixture params.
    if (closure.paramSources().isEmpty()
        || parameterSets.get(0).test().kind() == TestCase.Kind.UNITTEST) {
      for (Prepared set : parameterSets) {
        resolved.add(new ResolvedTest(set.test(), set.test(), closure, Map.of(), set.problems()));
      }
      return;
    }
    List<FixtureDefinition> sources = new ArrayList<>();
    List<String> dynamic = new ArrayList<>();
    for (FixtureDefinition source : closure.paramSources()) {
      if (source.paramsDynamic()) {
        dynamic.add(
            "params of fixture '"
                + source.name()
                + "' ("
                + source.location()
                + ") are computed at run time");
      } else {
        sources.add(source);
      }
    }
    if (closure.paramSources().size() > 1) {
      for (FixtureNode node : closure.setupSequence()) {
        if (node.definition().scopeDynamic()) {
          dynamic.add(
              "scope of fixture '"
                  + node.name()
                  + "' ("
                  + node.definition().location()
                  + ") is computed at run time; fixture-param ids may come in another order");
        }
      }
    }
    List<List<String>> combinations = new ArrayList<>();
    combinations.add(List.of());
    for (FixtureDefinition source : sources) {
      List<List<String>> next = new ArrayList<>();
      for (List<String> prefix : combinations) {
        for (String id : source.paramIds()) {
          List<String> ids = new ArrayList<>(prefix);
          ids.add(id);
          next.add(ids);
        }
      }
      combinations = next;
    }
    for (List<String> ids : combinations) {
      Map<String, String> params = new LinkedHashMap<>();
      for (int i = 0; i < ids.size(); i++) {
        params.put(sources.get(i).name(), ids.get(i));
      }
      for (Prepared set : parameterSets) {
        TestCase test = set.test();
        for (int i = 0; i < ids.size(); i++) {
          test = test.withIdPart(i, ids.get(i));
        }
        if (!dynamic.isEmpty()) {
          List<String> reasons = new ArrayList<>();
          test.dynamic().ifPresent(reasons::add);
          reasons.addAll(dynamic);
          test = test.withDynamic(String.join("; ", reasons));
        }
        resolved.add(new ResolvedTest(test, set.test(), closure, params, set.problems()));
      }
    }
  }

  private ResolutionProblem problem(
      Closure.Issue issue, TestCase test, FixtureIndex.Context context) {
    String forTest = " for test '" + test.nodeId() + "'";
    if (issue instanceof Closure.Missing missing) {
      StringBuilder message =
          new StringBuilder("fixture '")
              .append(missing.name())
              .append("' not found")
              .append(forTest);
      missing
          .requester()
          .ifPresent(
              r ->
                  message
                      .append(" (requested by fixture '")
                      .append(r.name())
                      .append("' at ")
                      .append(r.location())
                      .append(')'));
      List<String> close = CloseMatches.of(missing.name(), context.visibleNames(), CLOSE_MATCHES);
      if (!close.isEmpty()) {
        message.append("; close matches: ").append(String.join(", ", close));
      }
      if (!input.providersComplete()) {
        message
            .append("; it may come from a fixture provider tach could not read (")
            .append(String.join(", ", input.unreadProviders()))
            .append(')');
      }
      SourceLocation where =
          missing.requester().map(FixtureDefinition::location).orElse(test.location());
      return new ResolutionProblem(
          new DiscoveryProblem(ErrorCode.E003, where, 0, message.toString()),
          input.providersComplete());
    }
    if (issue instanceof Closure.Recursion recursion) {
      List<FixtureDefinition> path = recursion.path();
      String cycle =
          path.stream().map(FixtureResolver::place).collect(Collectors.joining(" -> "))
              + " -> "
              + place(path.get(0));
      boolean selfOnly = path.stream().allMatch(d -> d.name().equals(recursion.name()));
      String hint =
          selfOnly
              ? "; a fixture that requests its own name needs an outer definition to override"
              : "";
      return new ResolutionProblem(
          new DiscoveryProblem(
              ErrorCode.E018,
              path.get(path.size() - 1).location(),
              0,
              "fixture dependency cycle" + forTest + ": " + cycle + hint),
          true);
    }
    Closure.ScopeMismatch mismatch = (Closure.ScopeMismatch) issue;
    FixtureDefinition requester = mismatch.requester();
    FixtureDefinition requested = mismatch.requested();
    return new ResolutionProblem(
        new DiscoveryProblem(
            ErrorCode.E018,
            requester.location(),
            0,
            "ScopeMismatch"
                + forTest
                + ": "
                + requester.scope().pytestName()
                + "-scoped fixture "
                + describe(requester)
                + " requests "
                + requested.scope().pytestName()
                + "-scoped fixture "
                + describe(requested)),
        true);
  }

  private static String place(FixtureDefinition definition) {
    return definition.name() + " (" + definition.location() + ")";
  }

  private static String describe(FixtureDefinition definition) {
    return "'" + definition.name() + "' (" + definition.location() + ")";
  }
}
