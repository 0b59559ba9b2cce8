package dev.tach.resolver;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;
import dev.tach.api.model.TestModule;
import java.util.Collection;
import java.util.List;

/**
 * Everything fixture resolution looks at.
 *
 * @param modules every module discovery read, in the order pytest would register them (the order
 *     matters only between two definitions of one name at the same node id, such as two plugins):
 *     plugin modules, conftests top-down, test modules. Their tests are resolved; their fixtures
 *     provide. A class fixture inherited by a subclass must be stated for each class whose node
 *     collects it ({@code visibleFrom} = that class's node id), because pytest registers it once
 *     per collected class.
 * @param pytestVersion the pytest release the suite runs under; it decides the closure order and so
 *     the order of fixture-param ids
 * @param builtins pytest's own fixtures, usually {@link BuiltinFixtures#forPytest}
 * @param iniUsefixtures the {@code usefixtures} ini option: names every test requests first
 * @param unreadProviders places that may define fixtures but whose definitions the caller could not
 *     read statically (an installed plugin, {@code pytest_plugins} naming a module not parsed, a
 *     conftest adding fixtures dynamically), one short description each; empty when the providers
 *     are complete
 */
@Api(Api.Status.EXPERIMENTAL)
public record ResolverInput(
    List<TestModule> modules,
    PytestVersion pytestVersion,
    List<BuiltinFixture> builtins,
    List<String> iniUsefixtures,
    List<String> unreadProviders) {

  public ResolverInput {
    modules = List.copyOf(modules);
    requireNonNull(pytestVersion, "pytestVersion is null");
    builtins = List.copyOf(builtins);
    iniUsefixtures = List.copyOf(iniUsefixtures);
    unreadProviders = List.copyOf(unreadProviders);
  }

  /**
   * {@code modules} under {@code version} with its default builtin fixtures, no ini {@code
   * usefixtures}, and complete providers.
   */
  public static ResolverInput of(Collection<TestModule> modules, PytestVersion version) {
    return new ResolverInput(
        List.copyOf(modules), version, BuiltinFixtures.forPytest(version), List.of(), List.of());
  }

  /** This input with the ini option {@code usefixtures} set to {@code names}. */
  public ResolverInput withIniUsefixtures(List<String> names) {
    return new ResolverInput(modules, pytestVersion, builtins, names, unreadProviders);
  }

  /** This input noting {@code providers} as places fixtures may come from unseen. */
  public ResolverInput withUnreadProviders(List<String> providers) {
    return new ResolverInput(modules, pytestVersion, builtins, iniUsefixtures, providers);
  }

  /** This input with {@code fixtures} as pytest's own fixtures (e.g. with {@code -p pytester}). */
  public ResolverInput withBuiltins(List<BuiltinFixture> fixtures) {
    return new ResolverInput(modules, pytestVersion, fixtures, iniUsefixtures, unreadProviders);
  }

  /** Whether every place that could define a fixture was read, so a missing one is certain. */
  public boolean providersComplete() {
    return unreadProviders.isEmpty();
  }
}
