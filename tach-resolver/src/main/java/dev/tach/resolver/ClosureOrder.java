package dev.tach.resolver;

/**
 * How a pytest release walks a test's fixture requests into its closure ({@code
 * FixtureManager.getfixtureclosure}). The walk decides the order of {@code item.fixturenames}
 * before the stable sort by scope, and that order is the order fixture params are applied in, so it
 * shows in node ids: for {@code test(a, b)} with {@code a(c)} and {@code b}, {@code c} parametrized
 * at function scope, pytest 8.4 and 9.0 make {@code test[b1-c1]} and 9.1 makes {@code test[c1-b1]}
 * (checked with the real releases).
 */
enum ClosureOrder {
  /**
   * pytest 7.x and 8.x: the requested names, then breadth first the requests of the closest
   * definition of each name; an overridden definition's own requests are not followed.
   */
  BREADTH_CLOSEST,
  /**
   * pytest 9.0: the requested names, then depth first each name's requests, following the override
   * chain when a definition requests its own name.
   */
  REQUESTED_THEN_DEPTH,
  /** pytest 9.1 and newer: depth first from each requested name, each name where first reached. */
  DEPTH_FIRST;

  static ClosureOrder of(PytestVersion version) {
    if (version.atLeast(9, 1)) {
      return DEPTH_FIRST;
    }
    return version.atLeast(9, 0) ? REQUESTED_THEN_DEPTH : BREADTH_CLOSEST;
  }
}
