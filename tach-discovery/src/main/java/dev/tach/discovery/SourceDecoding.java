package dev.tach.discovery;

import dev.tach.api.Api;
import java.io.CharConversionException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Turns the bytes of a {@code .py} file into text the way CPython does, and says where and why
 * it could not, in CPython's words: NUL bytes, and bytes not valid in the file's encoding.
 */
@Api(Api.Status.INTERNAL)
final class SourceDecoding {

  private SourceDecoding() {}

  /** The file could not be decoded; {@link #error()} says where and why. */
  static final class Undecodable extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient SyntaxError error;

    Undecodable(SyntaxError error) {
      super(error.toString(), null, false, false);
      this.error = error;
    }

    SyntaxError error() {
      return error;
    }
  }

  static String decode(byte[] bytes, String fileName) throws Undecodable {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == 0) {
        throw new Undecodable(
            at(
                bytes,
                i,
                fileName,
                "source code cannot contain null bytes",
                SyntaxError.Kind.BINARY));
      }
    }
    int offset = hasUtf8Bom(bytes) ? 3 : 0;
    Charset charset;
    try {
      charset = PythonParsing.declaredCharset(bytes, offset);
    } catch (CharConversionException unknown) {
      throw new Undecodable(
          new SyntaxError(
              fileName, 1, 0, unknown.getMessage(), SyntaxError.Kind.NOT_DECODABLE));
    }
    if (offset > 0 && !charset.equals(StandardCharsets.UTF_8)) {
      throw new Undecodable(
          new SyntaxError(
              fileName,
              1,
              0,
              "encoding problem: " + charset.name().toLowerCase(Locale.ROOT) + " with BOM",
              SyntaxError.Kind.NOT_DECODABLE));
    }
    CharsetDecoder decoder =
        charset
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, offset, bytes.length - offset);
    double maxChars = (bytes.length - offset) * (double) decoder.maxCharsPerByte();
    CharBuffer out = CharBuffer.allocate((int) Math.ceil(maxChars) + 1);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      int position = in.position();
      throw new Undecodable(
          at(
              bytes,
              position,
              fileName,
              "(unicode error) " + reason(charset, bytes, position, result),
              SyntaxError.Kind.NOT_DECODABLE));
    }
    return out.flip().toString();
  }

  private static boolean hasUtf8Bom(byte[] bytes) {
    return bytes.length >= 3
        && (bytes[0] & 0xFF) == 0xEF
        && (bytes[1] & 0xFF) == 0xBB
        && (bytes[2] & 0xFF) == 0xBF;
  }

  /** Python's {@code UnicodeDecodeError} text, with the position counted in the byte's line. */
  private static String reason(Charset charset, byte[] bytes, int position, CoderResult result) {
    int inLine = position - lineStart(bytes, position);
    int first = bytes[position] & 0xFF;
    if (charset.equals(StandardCharsets.US_ASCII)) {
      return String.format(
          Locale.ROOT,
          "'ascii' codec can't decode byte 0x%02x in position %d: ordinal not in range(128)",
          first,
          inLine);
    }
    if (!charset.equals(StandardCharsets.UTF_8)) {
      String why =
          result.isUnmappable() ? "character maps to <undefined>" : "illegal multibyte sequence";
      return String.format(
          Locale.ROOT,
          "'%s' codec can't decode byte 0x%02x in position %d: %s",
          pythonCodecName(charset),
          first,
          inLine,
          why);
    }
    int expected = first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : 2;
    if (first < 0xC2 || first > 0xF4) {
      return utf8(first, inLine, inLine, "invalid start byte");
    }
    int next = position + 1;
    while (next < bytes.length && next < position + expected && (bytes[next] & 0xC0) == 0x80) {
      next++;
    }
    if (next == bytes.length) {
      return utf8(first, inLine, inLine + next - position - 1, "unexpected end of data");
    }
    return utf8(first, inLine, inLine, "invalid continuation byte");
  }

  /** Python's name for a codec Java knows as {@code windows-1252} and the like. */
  private static String pythonCodecName(Charset charset) {
    String name = charset.name().toLowerCase(Locale.ROOT);
    return name.startsWith("windows-") ? "cp" + name.substring("windows-".length()) : name;
  }

  private static String utf8(int first, int from, int to, String why) {
    return from == to
        ? String.format(
            Locale.ROOT,
            "'utf-8' codec can't decode byte 0x%02x in position %d: %s",
            first,
            from,
            why)
        : String.format(
            Locale.ROOT, "'utf-8' codec can't decode bytes in position %d-%d: %s", from, to, why);
  }

  private static int lineStart(byte[] bytes, int position) {
    int start = position;
    while (start > 0 && bytes[start - 1] != '\n' && bytes[start - 1] != '\r') {
      start--;
    }
    return start;
  }

  /** An error at byte {@code position}: its 1-based line and its 0-based byte column. */
  private static SyntaxError at(
      byte[] bytes, int position, String fileName, String message, SyntaxError.Kind kind) {
    int line = 1;
    for (int i = 0; i < position; i++) {
      boolean loneCarriageReturn =
          bytes[i] == '\r' && (i + 1 >= bytes.length || bytes[i + 1] != '\n');
      if (bytes[i] == '\n' || loneCarriageReturn) {
        line++;
      }
    }
    return new SyntaxError(fileName, line, position - lineStart(bytes, position), message, kind);
  }
}
