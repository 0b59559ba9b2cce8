package dev.tach.api;

import static java.util.Objects.requireNonNull;

/**
 * An error a user must see as one line: {@code error[E004]: path not found: tests/x.py (hint: …)}.
 * The CLI prints {@link #oneLine()} and exits with {@link ErrorCode#exitCode()}; the stack
 * trace only with {@code --debug}.
 */
@Api(Api.Status.STABLE)
public class TachException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final String hint;

  public TachException(ErrorCode code, String message, String hint) {
    this(code, message, hint, null);
  }

  public TachException(ErrorCode code, String message, String hint, Throwable cause) {
    super(requireNonNull(message, "message is null"), cause);
    this.code = requireNonNull(code, "code is null");
    this.hint = hint == null ? "" : hint;
  }

  public ErrorCode code() {
    return code;
  }

  public String hint() {
    return hint;
  }

  /** The message as the CLI prints it. */
  public String oneLine() {
    String line = "error[" + code + "]: " + getMessage().strip().replace('\n', ' ');
    return hint.isEmpty() ? line : line + " (hint: " + hint + ")";
  }
}
