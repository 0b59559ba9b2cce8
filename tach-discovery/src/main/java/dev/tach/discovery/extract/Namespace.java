package dev.tach.discovery.extract;

import dev.tach.api.Api;
import java.util.List;

/**
 * The names a module body or a class body binds, in the order its statements bind them, with
 * the functions and classes it defines. A name bound twice appears twice; Python's namespace
 * dict keeps the first position and the last value.
 *
 * @param bindings every binding in statement order
 * @param functions the functions defined directly in this body, in order ({@link Binding#index()}
 *     of a {@link Binding.Kind#FUNCTION} binding points here)
 * @param classes the classes defined directly in this body, in order ({@link Binding#index()} of
 *     a {@link Binding.Kind#CLASS} binding points here)
 * @param attributeAssignments statements {@code name.attribute = value} in this body, e.g. {@code
 *     test_x.__test__ = False}
 */
@Api(Api.Status.EXPERIMENTAL)
public record Namespace(
    List<Binding> bindings,
    List<FunctionSummary> functions,
    List<ClassSummary> classes,
    List<AttributeAssignment> attributeAssignments) {

  /** A body that binds nothing. */
  public static final Namespace EMPTY = new Namespace(List.of(), List.of(), List.of(), List.of());

  public Namespace {
    bindings = List.copyOf(bindings);
    functions = List.copyOf(functions);
    classes = List.copyOf(classes);
    attributeAssignments = List.copyOf(attributeAssignments);
  }

  /**
   * {@code target.attribute = value} in a module or class body.
   *
   * @param target the name whose attribute is set
   * @param attribute the attribute
   * @param value the assigned expression
   * @param position the number of bindings in the body before this statement
   * @param line the 1-based line
   */
  @Api(Api.Status.EXPERIMENTAL)
  public record AttributeAssignment(
      String target, String attribute, PyExpr value, int position, int line) {}
}
