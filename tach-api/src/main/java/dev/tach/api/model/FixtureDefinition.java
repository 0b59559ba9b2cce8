package dev.tach.api.model;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;
import java.util.List;
import java.util.Optional;

/**
 * A fixture as its definition states it ({@code @pytest.fixture} or a builtin).
 *
 * @param name the name tests request it by ({@code name=} or the function's name)
 * @param function the name of the defining function, or the fixture name for builtins
 * @param location where it is defined; {@code <builtin>} for pytest's own fixtures
 * @param origin what kind of place defines it
 * @param visibleFrom the node id prefix under which it is visible, pytest's {@code baseid}:
 *     {@code ""} for builtins, plugins and the rootdir's conftest, a directory such as
 *     {@code pkg/tests} for a conftest, {@code pkg/test_a.py} for a module,
 *     {@code pkg/test_a.py::TestX} for a class
 * @param scope its scope; {@link FixtureScope#FUNCTION} when {@link #scopeDynamic()}
 * @param scopeDynamic whether the scope is computed at run time (a callable)
 * @param autouse whether every test under {@link #visibleFrom()} uses it
 * @param requests the fixtures it requests (its parameters), in order, {@code request} included
 * @param paramIds the ids its {@code params=} produce, in order; empty when not parametrized
 * @param paramsDynamic whether {@code params=} could not be evaluated statically
 * @param doc its docstring, if any, for {@code tach list --fixtures}
 */
@Api(Api.Status.EXPERIMENTAL)
public record FixtureDefinition(
    String name,
    String function,
    SourceLocation location,
    Origin origin,
    String visibleFrom,
    FixtureScope scope,
    boolean scopeDynamic,
    boolean autouse,
    List<String> requests,
    List<String> paramIds,
    boolean paramsDynamic,
    Optional<String> doc) {

  /** What kind of place defines a fixture. */
  @Api(Api.Status.EXPERIMENTAL)
  public enum Origin {
    /** pytest itself. */
    BUILTIN,
    /** an installed plugin ({@code pytest11} entry point) or a {@code pytest_plugins} module. */
    PLUGIN,
    /** a {@code conftest.py}. */
    CONFTEST,
    /** a test module. */
    MODULE,
    /** a test class. */
    CLASS
  }

  public FixtureDefinition {
    requireNonNull(name, "name is null");
    requireNonNull(function, "function is null");
    requireNonNull(location, "location is null");
    requireNonNull(origin, "origin is null");
    requireNonNull(visibleFrom, "visibleFrom is null");
    requireNonNull(scope, "scope is null");
    requests = List.copyOf(requests);
    paramIds = List.copyOf(paramIds);
    requireNonNull(doc, "doc is null");
  }

  /** Whether {@code params=} parametrizes the tests that use it. */
  public boolean parametrized() {
    return !paramIds.isEmpty() || paramsDynamic;
  }
}
