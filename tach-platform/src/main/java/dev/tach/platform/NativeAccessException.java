package dev.tach.platform;

import dev.tach.api.Api;

/** Java cannot make system calls here: not Linux, or libc could not be bound. */
@Api(Api.Status.EXPERIMENTAL)
public final class NativeAccessException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NativeAccessException(String message, Throwable cause) {
    super(message, cause);
  }
}
