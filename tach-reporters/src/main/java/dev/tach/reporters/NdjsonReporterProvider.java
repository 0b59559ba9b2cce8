package dev.tach.reporters;

import dev.tach.api.Api;
import dev.tach.api.spi.Reporter;
import dev.tach.api.spi.ReporterContext;
import dev.tach.api.spi.ReporterProvider;

/** Provides {@link NdjsonReporter} as {@code json}: one JSON event per line on standard output. */
@Api(Api.Status.STABLE)
public final class NdjsonReporterProvider implements ReporterProvider {
  public static final String NAME = "json";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "one JSON object per event and line (NDJSON) on standard output, for tools";
  }

  @Override
  public Reporter create(ReporterContext context) {
    return new NdjsonReporter(context);
  }
}
