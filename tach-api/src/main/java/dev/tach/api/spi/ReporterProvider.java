package dev.tach.api.spi;

import dev.tach.api.Api;

/**
 * Makes a {@link Reporter} by name. Built-in names: {@code human}, {@code json},
 * {@code junit-xml}. A third-party jar on the module or class path adds a name, which
 * {@code tach --reporter NAME} turns on.
 */
@Api(Api.Status.STABLE)
public interface ReporterProvider {

  /** The name users select the reporter by; unique among providers. */
  String name();

  /** One line for {@code tach --help} and error messages. */
  default String description() {
    return name();
  }

  /** Creates the reporter for one run. */
  Reporter create(ReporterContext context);
}
