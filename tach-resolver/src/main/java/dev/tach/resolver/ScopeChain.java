package dev.tach.resolver;

import dev.tach.api.Api;
import dev.tach.api.model.FixtureScope;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which fixtures a test sets up at each scope, in setup order: what a worker must have alive
 * (session, package, module, class) before it forks the test child, and what the child sets up
 * itself (function). A fixture whose scope is computed at run time is counted as function scoped,
 * as the model states it.
 *
 * @param byScope every scope, widest first, with its fixtures in setup order (maybe none)
 */
@Api(Api.Status.EXPERIMENTAL)
public record ScopeChain(Map<FixtureScope, List<FixtureNode>> byScope) {

  public ScopeChain {
    Map<FixtureScope, List<FixtureNode>> copy = new LinkedHashMap<>();
    for (int i = FixtureScope.values().length - 1; i >= 0; i--) {
      FixtureScope scope = FixtureScope.values()[i];
      copy.put(scope, List.copyOf(byScope.getOrDefault(scope, List.of())));
    }
    byScope = Collections.unmodifiableMap(copy);
  }

  /** Groups {@code setupOrder} by scope, keeping the order within each scope. */
  static ScopeChain of(List<FixtureNode> setupOrder) {
    Map<FixtureScope, List<FixtureNode>> byScope = new LinkedHashMap<>();
    for (FixtureNode node : setupOrder) {
      byScope.computeIfAbsent(node.scope(), s -> new ArrayList<>()).add(node);
    }
    return new ScopeChain(byScope);
  }

  /** The fixtures set up at {@code scope}, in setup order. */
  public List<FixtureNode> at(FixtureScope scope) {
    return byScope.get(scope);
  }
}
