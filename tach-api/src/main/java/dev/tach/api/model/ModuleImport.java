package dev.tach.api.model;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;
import java.util.List;

/**
 * One {@code import} or {@code from … import} statement.
 *
 * @param module the absolute dotted module name, relative imports resolved against the
 *     importing module's package (e.g. {@code pkg.util} for {@code from .util import x} in
 *     {@code pkg/test_a.py})
 * @param names for {@code from M import a, b}: {@code [a, b]} (each may be a submodule of
 *     {@code M} or an attribute); empty for {@code import M}; {@code [*]} for a star import
 * @param line the 1-based line of the statement
 * @param atImportTime whether it runs when the module is imported (module or class body, not
 *     inside a function)
 * @param guarded whether it sits in a {@code try} block or under {@code if}, so that its
 *     failure or absence does not stop the module from importing
 */
@Api(Api.Status.EXPERIMENTAL)
public record ModuleImport(
    String module, List<String> names, int line, boolean atImportTime, boolean guarded) {

  public ModuleImport {
    requireNonNull(module, "module is null");
    names = List.copyOf(names);
  }
}
