package dev.tach.scheduler.internal;

import java.io.IOException;

/** A peer broke the protocol (docs/protocol.md): bad length, bad JSON, EOF inside a frame. */
public final class ProtocolException extends IOException {
  private static final long serialVersionUID = 1L;

  public ProtocolException(String message) {
    super(message);
  }

  public ProtocolException(String message, Throwable cause) {
    super(message, cause);
  }
}
