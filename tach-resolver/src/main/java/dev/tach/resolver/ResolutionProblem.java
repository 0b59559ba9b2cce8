package dev.tach.resolver;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;
import dev.tach.api.model.DiscoveryProblem;

/**
 * A problem pytest would report when it sets a test up, found statically.
 *
 * @param problem the problem with its code, location and one-line message
 * @param definite false when the problem may be wrong because the resolution did not see every
 *     place fixtures can come from ({@link ResolverInput#providersComplete()}): a caller should
 *     then warn rather than fail. Only a missing fixture (E003) can be indefinite.
 */
@Api(Api.Status.EXPERIMENTAL)
public record ResolutionProblem(DiscoveryProblem problem, boolean definite) {

  public ResolutionProblem {
    requireNonNull(problem, "problem is null");
  }

  /** The line a user sees: {@link DiscoveryProblem#oneLine()}. */
  public String oneLine() {
    return problem.oneLine();
  }
}
