package dev.tach.api.model;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;
import dev.tach.api.ErrorCode;

/**
 * Something static discovery found wrong, with its error code: a syntax error (E017), a
 * fixture nobody defines (E003), a fixture cycle (E018).
 *
 * @param code the error code
 * @param location the file and line it is about
 * @param column the 1-based column, 0 when unknown
 * @param message the message, one line, without the location and code
 */
@Api(Api.Status.EXPERIMENTAL)
public record DiscoveryProblem(
    ErrorCode code, SourceLocation location, int column, String message) {

  public DiscoveryProblem {
    requireNonNull(code, "code is null");
    requireNonNull(location, "location is null");
    requireNonNull(message, "message is null");
  }

  /** {@code file:line[:column]: CODE message}, the one line a user sees. */
  public String oneLine() {
    StringBuilder where = new StringBuilder(location.file());
    if (location.line() > 0) {
      where.append(':').append(location.line());
      if (column > 0) {
        where.append(':').append(column);
      }
    }
    return where + ": " + code + " " + message;
  }
}
