package dev.tach.scheduler.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FrameCodecTest {

  private static ObjectNode readFrom(byte[] bytes) throws Exception {
    return FrameCodec.read(Channels.newChannel(new ByteArrayInputStream(bytes)));
  }

  private static byte[] frame(String json) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
  }

  @Test
  void aWrittenFrameReadsBackAsTheSameMessage() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ObjectNode message = FrameCodec.message("result").put("test", "t.py::test_é").put("duration_ms", 1.5);
    FrameCodec.write(Channels.newChannel(out), message);
    assertThat(readFrom(out.toByteArray())).isEqualTo(message);
  }

  @Test
  void aCleanEofBetweenFramesIsTheEndNotAnError() throws Exception {
    assertThat(readFrom(new byte[0])).isNull();
  }

  @Test
  void anEofInsideAFrameIsAnErrorNotAHang() {
    byte[] cut = java.util.Arrays.copyOf(frame("{\"type\":\"ready\"}"), 8);
    assertThatThrownBy(() -> readFrom(cut))
        .isInstanceOf(EOFException.class)
        .hasMessageContaining("closed inside a frame");
  }

  @Test
  void anOversizedLengthIsRejectedBeforeAnyAllocation() {
    byte[] header = ByteBuffer.allocate(4).putInt(FrameCodec.MAX_FRAME + 1).array();
    assertThatThrownBy(() -> readFrom(header))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("outside 1..67108864");
    byte[] huge = ByteBuffer.allocate(4).putInt(-1).array();
    assertThatThrownBy(() -> readFrom(huge)).isInstanceOf(ProtocolException.class);
  }

  @Test
  void aZeroLengthFrameIsRejected() {
    assertThatThrownBy(() -> readFrom(new byte[4])).isInstanceOf(ProtocolException.class);
  }

  @Test
  void malformedJsonAndMissingTypeAreProtocolErrors() {
    assertThatThrownBy(() -> readFrom(frame("{not json")))
        .isInstanceOf(ProtocolException.class)
        .hasMessageStartingWith("frame is not valid JSON");
    assertThatThrownBy(() -> readFrom(frame("[1,2]")))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("\"type\"");
    assertThatThrownBy(() -> readFrom(frame("{\"kind\":\"x\"}"))).isInstanceOf(ProtocolException.class);
  }
}
