package dev.tach.discovery.env;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What {@code importlib.util.find_spec} would return for a module found on disk.
 *
 * @param name the dotted module name
 * @param kind what kind of module it is
 * @param origin the file that would be loaded ({@code .py}, {@code __init__.py}, {@code .so},
 *     {@code .pyc}); empty for builtins, frozen modules and namespace packages
 * @param searchLocations {@code submodule_search_locations}: the package's directories (all
 *     portions of a namespace package); empty for a plain module
 */
@Api(Api.Status.EXPERIMENTAL)
public record ModuleSpec(
    String name, Kind kind, Optional<Path> origin, List<Path> searchLocations) {

  /** The kinds of modules the import system finds. */
  @Api(Api.Status.EXPERIMENTAL)
  public enum Kind {
    BUILTIN,
    FROZEN,
    SOURCE,
    BYTECODE,
    EXTENSION,
    PACKAGE,
    NAMESPACE_PACKAGE
  }

  public ModuleSpec {
    requireNonNull(name, "name is null");
    requireNonNull(kind, "kind is null");
    requireNonNull(origin, "origin is null");
    searchLocations = List.copyOf(searchLocations);
  }

  /** Whether submodules can be imported from it. */
  public boolean isPackage() {
    return kind == Kind.PACKAGE || kind == Kind.NAMESPACE_PACKAGE;
  }
}
