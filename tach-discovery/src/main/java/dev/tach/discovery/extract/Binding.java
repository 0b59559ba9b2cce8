package dev.tach.discovery.extract;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;
import java.util.List;

/**
 * One statement binding one name in a module or class body.
 *
 * @param name the bound name ({@code *} for a star import)
 * @param line the 1-based line of the statement
 * @param kind what binds it
 * @param index for {@link Kind#FUNCTION} and {@link Kind#CLASS}: the position in the
 *     namespace's functions or classes; otherwise -1
 * @param module for imports: the absolute module imported (for {@code import a.b} without
 *     {@code as}, the name {@code a} is bound to module {@code a}); otherwise {@code null}
 * @param attribute for {@code from M import x}: {@code x}; otherwise {@code null}
 * @param value for {@link Kind#ASSIGN}: the assigned expression; for {@link Kind#UNKNOWN}: an
 *     {@link PyExpr.Opaque} saying what binds it; otherwise {@code null}
 * @param guards the {@code if}/{@code elif}/{@code else} tests the statement sits under,
 *     outermost first
 * @param flow the other control flow it sits in
 */
@Api(Api.Status.EXPERIMENTAL)
public record Binding(
    String name,
    int line,
    Kind kind,
    int index,
    String module,
    String attribute,
    PyExpr value,
    List<Guard> guards,
    Flow flow) {

  /** What kind of statement binds a name. */
  @Api(Api.Status.EXPERIMENTAL)
  public enum Kind {
    /** {@code def}. */
    FUNCTION,
    /** {@code class}. */
    CLASS,
    /** {@code import M} or {@code import M as n}: the name is a module. */
    IMPORT,
    /** {@code from M import x [as n]}: an attribute or submodule of {@code M}. */
    FROM_IMPORT,
    /** {@code from M import *}: every public name of {@code M}. */
    STAR_IMPORT,
    /** {@code n = value}, {@code n: T = value}, {@code n += value} (as {@code n = n + value}). */
    ASSIGN,
    /** {@code del n}. */
    DELETE,
    /** a loop target, {@code with ... as n}, an unpacking, a walrus, ...: value unknown. */
    UNKNOWN
  }

  /** The control flow around a binding, besides {@code if} tests. */
  @Api(Api.Status.EXPERIMENTAL)
  public enum Flow {
    /** runs whenever the body runs. */
    ALWAYS,
    /** in a {@code try} body or its {@code else}: runs unless something raises first. */
    TRY,
    /** in an {@code except} handler: runs only when something raised. */
    EXCEPT,
    /** in a loop body: runs any number of times. */
    LOOP,
    /** in a {@code match} case. */
    MATCH
  }

  /**
   * One test a statement sits under: {@code if test:} gives {@code expected == true}, its
   * {@code else:} gives {@code false}.
   *
   * @param test the tested expression
   * @param expected the truth value the test must have for the statement to run
   * @param line the 1-based line of the test
   */
  @Api(Api.Status.EXPERIMENTAL)
  public record Guard(PyExpr test, boolean expected, int line) {
    public Guard {
      requireNonNull(test, "test is null");
    }
  }

  public Binding {
    requireNonNull(name, "name is null");
    requireNonNull(kind, "kind is null");
    guards = List.copyOf(guards);
    requireNonNull(flow, "flow is null");
  }

  /** Whether the statement may not run, or run more than once. */
  public boolean conditional() {
    return !guards.isEmpty() || flow != Flow.ALWAYS;
  }
}
