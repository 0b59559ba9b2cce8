package dev.tach.discovery.extract;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;
import java.util.List;

/**
 * A {@code class} statement in a module or class body.
 *
 * @param name the class's name
 * @param line the 1-based line of the {@code class} keyword
 * @param decorators its decorators, top to bottom as written
 * @param bases the arguments of the class statement: bases (positional) and keywords such as
 *     {@code metaclass=}
 * @param namespace its body
 * @param docstring not kept ({@code null}): nothing shows a class's docstring
 */
@Api(Api.Status.EXPERIMENTAL)
public record ClassSummary(
    String name,
    int line,
    List<Decorator> decorators,
    List<PyExpr.Argument> bases,
    Namespace namespace,
    String docstring) {

  public ClassSummary {
    requireNonNull(name, "name is null");
    decorators = List.copyOf(decorators);
    bases = List.copyOf(bases);
    requireNonNull(namespace, "namespace is null");
  }

  /** Whether the body defines {@code __init__} or {@code __new__} (pytest skips such classes). */
  public boolean definesConstructor() {
    return binds("__init__") || binds("__new__");
  }

  /** The expression last assigned to {@code __test__} in the body, or null. */
  public PyExpr testAttribute() {
    return lastAssigned("__test__");
  }

  /** The expression last assigned to {@code pytestmark} in the body, or null. */
  public PyExpr pytestmark() {
    return lastAssigned("pytestmark");
  }

  private PyExpr lastAssigned(String name) {
    PyExpr value = null;
    for (Binding binding : namespace.bindings()) {
      if (binding.name().equals(name) && binding.kind() == Binding.Kind.ASSIGN) {
        value = binding.value();
      }
    }
    return value;
  }

  /** Whether the body binds {@code name} (unconditionally or not). */
  public boolean binds(String name) {
    for (Binding binding : namespace.bindings()) {
      if (binding.name().equals(name)) {
        return true;
      }
    }
    return false;
  }
}
