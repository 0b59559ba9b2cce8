package dev.tach.discovery;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;

/** A file that did not parse: the first error, at a 1-based line and a 0-based column. */
@Api(Api.Status.EXPERIMENTAL)
public record SyntaxError(String fileName, int line, int column, String message)
    implements ParseOutcome {

  public SyntaxError {
    requireNonNull(fileName, "fileName is null");
    requireNonNull(message, "message is null");
  }

  /** {@code file:line:column: message}, the way compilers print it. */
  @Override
  public String toString() {
    return fileName + ":" + line + ":" + column + ": " + message;
  }
}
