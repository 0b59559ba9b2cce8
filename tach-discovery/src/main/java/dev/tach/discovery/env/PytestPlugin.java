package dev.tach.discovery.env;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A {@code pytest11} entry point: a plugin pytest loads at startup unless {@code -p no:NAME},
 * {@code --disable-plugin-autoload} or {@code PYTEST_DISABLE_PLUGIN_AUTOLOAD} says otherwise.
 *
 * @param name the entry point's name (what {@code -p no:NAME} refers to)
 * @param module the module it loads ({@code pytest_cov.plugin})
 * @param attribute the attribute after {@code :}, if the entry point names one
 * @param distribution the distribution that declares it
 * @param source the module's {@code .py} file, if it is found on the search path
 */
@Api(Api.Status.EXPERIMENTAL)
public record PytestPlugin(
    String name,
    String module,
    Optional<String> attribute,
    Distribution distribution,
    Optional<Path> source) {
  public PytestPlugin {
    requireNonNull(name, "name is null");
    requireNonNull(module, "module is null");
    requireNonNull(attribute, "attribute is null");
    requireNonNull(distribution, "distribution is null");
    requireNonNull(source, "source is null");
  }
}
