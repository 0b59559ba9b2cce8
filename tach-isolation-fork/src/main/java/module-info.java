/** The {@code fork} (a fresh fork per test) and {@code none} (pytest-xdist-like) isolation strategies. */
module dev.tach.isolation.fork {
  requires transitive dev.tach.api;

  exports dev.tach.isolation.fork;

  provides dev.tach.api.spi.IsolationStrategy with
      dev.tach.isolation.fork.ForkIsolation,
      dev.tach.isolation.fork.NoIsolation;
}
