package dev.tach.platform;

import dev.tach.api.Api;

/** An open file descriptor from {@link Os}; closing it twice is harmless. */
@Api(Api.Status.EXPERIMENTAL)
public final class Fd implements AutoCloseable {
  private final Os os;
  private final int number;
  private final String origin;
  private boolean closed;

  Fd(Os os, int number, String origin) {
    this.os = os;
    this.number = number;
    this.origin = origin;
  }

  int number() {
    return number;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      os.close(number);
    }
  }

  @Override
  public String toString() {
    return "fd " + number + " from " + origin;
  }
}
