package dev.tach.api.model;

import dev.tach.api.Api;
import java.util.Locale;
import java.util.Optional;

/** pytest's fixture scopes, narrowest first. */
@Api(Api.Status.EXPERIMENTAL)
public enum FixtureScope {
  FUNCTION,
  CLASS,
  MODULE,
  PACKAGE,
  SESSION;

  /** The name pytest uses: {@code "function"}, {@code "class"}, … */
  public String pytestName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The scope pytest calls {@code name}, if it is one. */
  public static Optional<FixtureScope> fromPytestName(String name) {
    for (FixtureScope scope : values()) {
      if (scope.pytestName().equals(name)) {
        return Optional.of(scope);
      }
    }
    return Optional.empty();
  }

  /** Whether a fixture of this scope lives longer than one of {@code other}. */
  public boolean isWiderThan(FixtureScope other) {
    return compareTo(other) > 0;
  }
}
