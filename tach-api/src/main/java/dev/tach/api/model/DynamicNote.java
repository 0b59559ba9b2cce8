package dev.tach.api.model;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;

/**
 * Something static discovery saw but cannot know without running Python: parametrize values
 * computed at run time, a {@code pytest_generate_tests} hook, a conditional module-level skip,
 * tests made in a loop. {@code tach list} reports these instead of silently dropping tests.
 *
 * @param location where it is written
 * @param reason what is dynamic, one line
 */
@Api(Api.Status.EXPERIMENTAL)
public record DynamicNote(SourceLocation location, String reason) {

  public DynamicNote {
    requireNonNull(location, "location is null");
    requireNonNull(reason, "reason is null");
  }
}
