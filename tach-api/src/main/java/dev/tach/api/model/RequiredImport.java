package dev.tach.api.model;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;
import java.util.Optional;

/**
 * A module-level {@code pytest.importorskip("M")}: when {@code M} is not importable, pytest
 * skips the whole module at collection and lists none of its tests.
 *
 * @param module the dotted module name
 * @param minVersion the {@code minversion=} argument, if given
 * @param line the 1-based line of the call
 */
@Api(Api.Status.EXPERIMENTAL)
public record RequiredImport(String module, Optional<String> minVersion, int line) {

  public RequiredImport {
    requireNonNull(module, "module is null");
    requireNonNull(minVersion, "minVersion is null");
  }
}
