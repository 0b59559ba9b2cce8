package dev.tach.discovery.extract;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;
import java.util.List;

/**
 * A {@code def} in a module or class body.
 *
 * @param name the function's name
 * @param line the 1-based line of the {@code def} keyword
 * @param async whether it is an {@code async def}
 * @param decorators its decorators, top to bottom as written
 * @param parameters its parameters in order
 * @param docstring its docstring when it is decorated (a fixture's is shown by {@code --fixtures}),
 *     else {@code null}
 * @param generator whether its body (nested functions excluded) contains {@code yield}
 */
@Api(Api.Status.EXPERIMENTAL)
public record FunctionSummary(
    String name,
    int line,
    boolean async,
    List<Decorator> decorators,
    List<Parameter> parameters,
    String docstring,
    boolean generator) {

  public FunctionSummary {
    requireNonNull(name, "name is null");
    decorators = List.copyOf(decorators);
    parameters = List.copyOf(parameters);
  }

  /**
   * One parameter.
   *
   * @param name its name
   * @param kind how it is passed, as {@code inspect.Parameter.kind} says
   * @param hasDefault whether it has a default value
   */
  @Api(Api.Status.EXPERIMENTAL)
  public record Parameter(String name, Kind kind, boolean hasDefault) {

    /** {@code inspect.Parameter}'s kinds. */
    @Api(Api.Status.EXPERIMENTAL)
    public enum Kind {
      POSITIONAL_ONLY,
      POSITIONAL_OR_KEYWORD,
      VAR_POSITIONAL,
      KEYWORD_ONLY,
      VAR_KEYWORD
    }

    public Parameter {
      requireNonNull(name, "name is null");
      requireNonNull(kind, "kind is null");
    }
  }
}
