package dev.tach.discovery.env;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;
import java.nio.file.Path;

/**
 * An installed distribution, as {@code importlib.metadata} finds it.
 *
 * @param name its name as its metadata spells it ({@code Name:})
 * @param version its version ({@code Version:})
 * @param metadata the {@code .dist-info} or {@code .egg-info} directory (or file)
 */
@Api(Api.Status.EXPERIMENTAL)
public record Distribution(String name, String version, Path metadata) {
  public Distribution {
    requireNonNull(name, "name is null");
    requireNonNull(version, "version is null");
    requireNonNull(metadata, "metadata is null");
  }
}
