package dev.tach.scheduler.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/** Length-prefixed JSON frames: a 4-byte big-endian length, then that many bytes of UTF-8 JSON. */
public final class FrameCodec {
  /** The largest frame either side accepts (docs/protocol.md, MAX_FRAME). */
  public static final int MAX_FRAME = 64 * 1024 * 1024;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private FrameCodec() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static ObjectNode message(String type) {
    return MAPPER.createObjectNode().put("type", type);
  }

  /**
   * Reads one frame.
   *
   * @return the message, or null on a clean EOF between frames
   * @throws ProtocolException on a bad length, bad JSON, a missing type or EOF inside a frame
   */
  public static ObjectNode read(ReadableByteChannel in) throws IOException {
    ByteBuffer header = ByteBuffer.allocate(4);
    if (!readFully(in, header, true)) {
      return null;
    }
    long length = Integer.toUnsignedLong(header.flip().getInt());
    if (length == 0 || length > MAX_FRAME) {
      throw new ProtocolException(
          "frame length " + length + " is outside 1.." + MAX_FRAME + " bytes");
    }
    ByteBuffer body = ByteBuffer.allocate((int) length);
    readFully(in, body, false);
    JsonNode node;
    try {
      node = MAPPER.readTree(body.array());
    } catch (JsonProcessingException e) {
      throw new ProtocolException("frame is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (node == null || !node.isObject() || !node.path("type").isTextual()) {
      throw new ProtocolException("frame is not a JSON object with a \"type\"");
    }
    return (ObjectNode) node;
  }

  /** Writes one frame; the caller serialises writers of one channel. */
  public static void write(WritableByteChannel out, ObjectNode message) throws IOException {
    byte[] body = MAPPER.writeValueAsBytes(message);
    if (body.length > MAX_FRAME) {
      throw new ProtocolException("refusing to send a frame of " + body.length + " bytes");
    }
    ByteBuffer frame = ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).flip();
    while (frame.hasRemaining()) {
      out.write(frame);
    }
  }

  private static boolean readFully(ReadableByteChannel in, ByteBuffer buffer, boolean eofAllowed)
      throws IOException {
    while (buffer.hasRemaining()) {
      if (in.read(buffer) < 0) {
        if (eofAllowed && buffer.position() == 0) {
          return false;
        }
        throw new EOFException(
            "connection closed inside a frame (" + buffer.position() + " of " + buffer.limit() + " bytes)");
      }
    }
    return true;
  }
}
