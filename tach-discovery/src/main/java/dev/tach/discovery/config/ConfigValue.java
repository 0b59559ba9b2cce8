package dev.tach.discovery.config;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;

/**
 * One configuration value as pytest holds it before a plugin asks for it with a type.
 *
 * <p>In {@link Mode#INI} (INI files, {@code [tool.pytest.ini_options]}, {@code -o}) the value
 * is a {@code String} or, from TOML arrays, a {@code List}. In {@link Mode#TOML} ({@code
 * [tool.pytest]}, {@code pytest.toml}) it keeps its TOML type: {@code String}, {@code Boolean},
 * {@code Integer}/{@code Long}/{@code BigInteger}, {@code Double}, {@code List} or {@code Map}.
 *
 * @param value the value, never null
 * @param mode how pytest coerces it when it is read with a type
 * @param origin whether it came from the file or from {@code -o/--override-ini}
 */
@Api(Api.Status.EXPERIMENTAL)
public record ConfigValue(Object value, Mode mode, Origin origin) {

  public ConfigValue {
    requireNonNull(value, "value is null");
    requireNonNull(mode, "mode is null");
    requireNonNull(origin, "origin is null");
  }

  /** The data model of a value: INI strings or native TOML types. */
  @Api(Api.Status.EXPERIMENTAL)
  public enum Mode {
    /** Strings split by the option's type ({@code args}: shlex, {@code linelist}: lines). */
    INI,
    /** Native TOML types, checked strictly against the option's type. */
    TOML
  }

  /** Where a value came from. */
  @Api(Api.Status.EXPERIMENTAL)
  public enum Origin {
    FILE,
    OVERRIDE
  }
}
