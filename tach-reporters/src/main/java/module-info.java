/**
 * The built-in reporters: {@code human} (pytest-like terminal output), {@code json} (one JSON event
 * per line) and {@code junit-xml} (a report file for Jenkins, GitLab and GitHub).
 */
module dev.tach.reporters {
  requires transitive dev.tach.api;
  requires com.fasterxml.jackson.databind;
  requires java.xml;

  exports dev.tach.reporters;

  provides dev.tach.api.spi.ReporterProvider with
      dev.tach.reporters.HumanReporterProvider,
      dev.tach.reporters.NdjsonReporterProvider,
      dev.tach.reporters.JUnitXmlReporterProvider;
}
