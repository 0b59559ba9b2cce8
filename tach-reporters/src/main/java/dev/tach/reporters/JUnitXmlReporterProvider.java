package dev.tach.reporters;

import dev.tach.api.Api;
import dev.tach.api.spi.Reporter;
import dev.tach.api.spi.ReporterContext;
import dev.tach.api.spi.ReporterProvider;

/**
 * Provides {@link JUnitXmlReporter} as {@code junit-xml}; the file goes to the option {@value
 * JUnitXmlReporter#PATH_OPTION}.
 */
@Api(Api.Status.STABLE)
public final class JUnitXmlReporterProvider implements ReporterProvider {
  public static final String NAME = "junit-xml";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "a JUnit XML file (pytest's xunit2 shape) for Jenkins, GitLab and GitHub; option "
        + JUnitXmlReporter.PATH_OPTION;
  }

  @Override
  public Reporter create(ReporterContext context) {
    return new JUnitXmlReporter(context);
  }
}
