package dev.tach.discovery.extract;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the summaries of other modules, so that {@link ModuleLinker} can follow imports: base
 * classes, imported test classes and functions, fixtures, marks and parametrize values defined
 * elsewhere. The caller implements it over the project's files and a cache; a module it does not
 * know (the standard library, an uninstalled package) is simply absent, and what depends on it
 * becomes a dynamic note or a documented assumption.
 */
@Api(Api.Status.EXPERIMENTAL)
@FunctionalInterface
public interface SummaryLookup {

  /** The module importable as {@code dottedModuleName}, if the caller can read it. */
  Optional<Found> find(String dottedModuleName);

  /**
   * A module the lookup found.
   *
   * @param path its file relative to the rootdir, {@code /}-separated (used in locations)
   * @param summary its summary
   */
  @Api(Api.Status.EXPERIMENTAL)
  record Found(String path, ModuleSummary summary) {
    public Found {
      requireNonNull(path, "path is null");
      requireNonNull(summary, "summary is null");
    }
  }

  /** A lookup that knows no module. */
  static SummaryLookup none() {
    return name -> Optional.empty();
  }

  /** A lookup over a fixed map from dotted module name to module. */
  static SummaryLookup of(Map<String, Found> modules) {
    Map<String, Found> copy = Map.copyOf(modules);
    return name -> Optional.ofNullable(copy.get(name));
  }
}
