/**
 * The Tach API: the model of a run (tests, results, statuses, events), the plugin SPIs
 * ({@link dev.tach.api.spi.Reporter}, {@link dev.tach.api.spi.IsolationStrategy}) and the
 * programmatic entry point {@link dev.tach.api.Tach}. Depends on the JDK only.
 */
module dev.tach.api {
  exports dev.tach.api;
  exports dev.tach.api.spi;
  exports dev.tach.api.model;

  uses dev.tach.api.Launcher;
}
