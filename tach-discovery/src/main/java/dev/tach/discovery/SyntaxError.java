package dev.tach.discovery;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;
import dev.tach.api.ErrorCode;

/**
 * A file that did not parse: the first error, at a 1-based line and a 0-based column. A line of
 * 0 means the error has no position in the file (it is too large, or could not be read).
 */
@Api(Api.Status.EXPERIMENTAL)
public record SyntaxError(String fileName, int line, int column, String message, Kind kind)
    implements ParseOutcome {

  /** Why the file did not parse; only {@link #SYNTAX} comes from the grammar itself. */
  @Api(Api.Status.EXPERIMENTAL)
  public enum Kind {
    /** The text is not Python: a grammar or tokenizer error. */
    SYNTAX,
    /** Nesting too deep for CPython's limits or for the parser's stack. */
    TOO_DEEP,
    /** The bytes are not valid in the file's encoding (UTF-8 unless declared). */
    NOT_DECODABLE,
    /** The file holds NUL bytes: it is binary, not Python source. */
    BINARY,
    /** The file is larger than the parse limit; it was not read. */
    TOO_LARGE,
    /** The file could not be read. */
    UNREADABLE
  }

  public SyntaxError {
    requireNonNull(fileName, "fileName is null");
    requireNonNull(message, "message is null");
    requireNonNull(kind, "kind is null");
  }

  /** A grammar error ({@link Kind#SYNTAX}). */
  public SyntaxError(String fileName, int line, int column, String message) {
    this(fileName, line, column, message, Kind.SYNTAX);
  }

  /**
   * The line the CLI prints for this error: {@code path:line:col: E017 SyntaxError: message},
   * with a 1-based column like CPython's {@code offset}, or {@code path: E017 SyntaxError:
   * message} when the error has no position.
   */
  public String oneLine() {
    String where = line > 0 ? fileName + ":" + line + ":" + (column + 1) : fileName;
    return where + ": " + ErrorCode.E017.name() + " SyntaxError: " + message;
  }

  /** {@code file:line:column: message}, the way compilers print it. */
  @Override
  public String toString() {
    return fileName + ":" + line + ":" + column + ": " + message;
  }
}
