package dev.tach.discovery.extract;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;

/**
 * One {@code @decorator} line of a function or class.
 *
 * @param line the 1-based line of the {@code @}
 * @param expression the decorator expression
 * @param source its source text, without the {@code @}
 */
@Api(Api.Status.EXPERIMENTAL)
public record Decorator(int line, PyExpr expression, String source) {
  public Decorator {
    requireNonNull(expression, "expression is null");
    requireNonNull(source, "source is null");
  }
}
