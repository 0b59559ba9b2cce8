package dev.tach.platform;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;

/** A system call failed: which one and its errno by name ({@code "EPERM"}, {@code "ENOSYS"}). */
@Api(Api.Status.EXPERIMENTAL)
public final class SyscallException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String call;
  private final String errno;

  public SyscallException(String call, String errno, String description) {
    super(call + ": " + errno + " (" + description + ")");
    this.call = requireNonNull(call, "call is null");
    this.errno = requireNonNull(errno, "errno is null");
  }

  /** The call as written in C, e.g. {@code close(-1)}. */
  public String call() {
    return call;
  }

  /** The errno's name, e.g. {@code EBADF}. */
  public String errno() {
    return errno;
  }
}
