package dev.tach.scheduler.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.channels.SocketChannel;

/** One harness process's socket: frames in, frames out. Sends are serialised. */
public final class Connection implements AutoCloseable {
  private final SocketChannel channel;
  private final Object writeLock = new Object();

  public Connection(SocketChannel channel) {
    this.channel = channel;
  }

  public ObjectNode receive() throws IOException {
    return FrameCodec.read(channel);
  }

  public void send(ObjectNode message) throws IOException {
    synchronized (writeLock) {
      FrameCodec.write(channel, message);
    }
  }

  /** Sends, ignoring a peer that is already gone (its death is reported by its reader). */
  public void sendQuietly(ObjectNode message) {
    try {
      send(message);
    } catch (IOException ignored) {
      // The reader thread sees the EOF and reports the dead peer.
    }
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // Closing a socket that failed is not an error of its own.
    }
  }
}
