package dev.tach.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The bad-input guarantees of {@link PythonParsing#parseFile}: one error per file, no crash. */
class PythonFileParsingTest {

  @TempDir Path root;

  private Path write(String relative, byte[] content) throws IOException {
    Path file = root.resolve(relative);
    Files.createDirectories(file.getParent());
    return Files.write(file, content);
  }

  private SyntaxError errorOf(String relative, byte[] content) throws IOException {
    ParseOutcome outcome = PythonParsing.parseFile(write(relative, content), root);
    assertThat(outcome).isInstanceOf(SyntaxError.class);
    return (SyntaxError) outcome;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void validFileParsesAndIsNamedRelativeToTheRoot() throws IOException {
    ParseOutcome outcome =
        PythonParsing.parseFile(write("pkg/test_a.py", utf8("def test_a():\n    pass\n")), root);
    assertThat(outcome).isInstanceOf(ParsedModule.class);
    assertThat(outcome.fileName()).isEqualTo("pkg/test_a.py");
  }

  @Test
  void syntaxErrorIsPrintedOnOneLineAsE017WithAOneBasedColumn() throws IOException {
    SyntaxError error = errorOf("pkg/test_b.py", utf8("x = 1\ny = 'a' + 'b\n"));
    assertThat(error.kind()).isEqualTo(SyntaxError.Kind.SYNTAX);
    assertThat(error.oneLine())
        .isEqualTo(
            "pkg/test_b.py:2:11: E017 SyntaxError:"
                + " unterminated string literal (detected at line 2)");
  }

  @Test
  void errorWithoutAPositionIsPrintedWithThePathOnly() {
    SyntaxError error = new SyntaxError("a.py", 0, 0, "boom", SyntaxError.Kind.UNREADABLE);
    assertThat(error.oneLine()).isEqualTo("a.py: E017 SyntaxError: boom");
  }

  @Test
  void binaryFileWithNulBytesIsAnErrorAtTheFirstNul() throws IOException {
    byte[] binary = {'x', ' ', '=', ' ', '1', '\n', 'y', '=', 0, 1, 2, (byte) 0xFF, '\n'};
    SyntaxError error = errorOf("test_binary.py", binary);
    assertThat(error.kind()).isEqualTo(SyntaxError.Kind.BINARY);
    assertThat(error.oneLine())
        .isEqualTo("test_binary.py:2:3: E017 SyntaxError: source code cannot contain null bytes");
  }

  @Test
  void invalidUtf8IsAnErrorInCpythonsWords() throws IOException {
    SyntaxError error = errorOf("test_latin.py", new byte[] {'a', 'b', 'c', (byte) 0xFF, '\n'});
    assertThat(error.kind()).isEqualTo(SyntaxError.Kind.NOT_DECODABLE);
    assertThat(error.oneLine())
        .isEqualTo(
            "test_latin.py:1:4: E017 SyntaxError: (unicode error) 'utf-8' codec can't decode byte"
                + " 0xff in position 3: invalid start byte");
  }

  @Test
  void invalidUtf8PositionIsCountedInItsLine() throws IOException {
    byte[] source = {'x', '=', '1', '\n', 's', '=', '"', (byte) 0xE9, 'a', '"', '\n'};
    SyntaxError error = errorOf("test_e.py", source);
    assertThat(error.line()).isEqualTo(2);
    assertThat(error.column()).isEqualTo(3);
    assertThat(error.message())
        .isEqualTo(
            "(unicode error) 'utf-8' codec can't decode byte 0xe9 in position 3:"
                + " invalid continuation byte");
  }

  @Test
  void truncatedUtf8SequenceAtTheEndIsUnexpectedEndOfData() throws IOException {
    SyntaxError error = errorOf("test_end.py", new byte[] {'#', (byte) 0xE2, (byte) 0x82});
    assertThat(error.message())
        .isEqualTo(
            "(unicode error) 'utf-8' codec can't decode bytes in position 1-2:"
                + " unexpected end of data");
  }

  @Test
  void bytesInvalidInTheDeclaredEncodingAreAnError() throws IOException {
    byte[] source =
        "# -*- coding: ascii -*-\nx = '\u00e9'\n".getBytes(StandardCharsets.ISO_8859_1);
    SyntaxError error = errorOf("test_ascii.py", source);
    assertThat(error.kind()).isEqualTo(SyntaxError.Kind.NOT_DECODABLE);
    assertThat(error.line()).isEqualTo(2);
    assertThat(error.message())
        .isEqualTo(
            "(unicode error) 'ascii' codec can't decode byte 0xe9 in position 5:"
                + " ordinal not in range(128)");
  }

  @Test
  void declaredLatin1FileDecodesAndParses() throws IOException {
    byte[] source =
        "# -*- coding: latin-1 -*-\nx = '\u00e9'\n".getBytes(StandardCharsets.ISO_8859_1);
    assertThat(PythonParsing.parseFile(write("test_l1.py", source), root))
        .isInstanceOf(ParsedModule.class);
  }

  @Test
  void unknownDeclaredEncodingIsAnError() throws IOException {
    SyntaxError error = errorOf("test_codec.py", utf8("# coding: no-such-codec\nx = 1\n"));
    assertThat(error.kind()).isEqualTo(SyntaxError.Kind.NOT_DECODABLE);
    assertThat(error.message()).isEqualTo("unknown encoding: no-such-codec");
  }

  @Test
  @Timeout(2)
  void fiftyMegabyteFileIsTooLargeWithoutBeingRead() throws IOException {
    Path big = root.resolve("test_big.py");
    try (RandomAccessFile file = new RandomAccessFile(big.toFile(), "rw")) {
      file.setLength(50L * 1000 * 1000);
    }
    ParseOutcome outcome = PythonParsing.parseFile(big, root);
    assertThat(outcome).isInstanceOf(SyntaxError.class);
    SyntaxError error = (SyntaxError) outcome;
    assertThat(error.kind()).isEqualTo(SyntaxError.Kind.TOO_LARGE);
    assertThat(error.oneLine())
        .isEqualTo(
            "test_big.py: E017 SyntaxError: file is larger than the limit of 16777216 bytes;"
                + " it was not parsed");
  }

  @Test
  void sizeLimitIsConfigurable() throws IOException {
    Path file = write("test_small.py", utf8("x = 1\n"));
    assertThat(PythonParsing.parseFile(file, root, 6)).isInstanceOf(ParsedModule.class);
    assertThat(PythonParsing.parseFile(file, root, 5))
        .isInstanceOfSatisfying(
            SyntaxError.class, e -> assertThat(e.kind()).isEqualTo(SyntaxError.Kind.TOO_LARGE));
  }

  @Test
  void missingFileAndDirectoryAreUnreadableNotAnException() throws IOException {
    assertThat(PythonParsing.parseFile(root.resolve("gone.py"), root))
        .isInstanceOfSatisfying(
            SyntaxError.class, e -> assertThat(e.kind()).isEqualTo(SyntaxError.Kind.UNREADABLE));
    Files.createDirectory(root.resolve("dir.py"));
    assertThat(PythonParsing.parseFile(root.resolve("dir.py"), root))
        .isInstanceOfSatisfying(
            SyntaxError.class, e -> assertThat(e.kind()).isEqualTo(SyntaxError.Kind.UNREADABLE));
  }

  @Test
  @Timeout(10)
  void tenThousandNestedBracketsInAFileAreATooDeepError() throws IOException {
    String deep = "x = " + "[".repeat(10_000) + "1" + "]".repeat(10_000) + "\n";
    SyntaxError error = errorOf("test_deep.py", utf8(deep));
    assertThat(error.kind()).isEqualTo(SyntaxError.Kind.TOO_DEEP);
    assertThat(error.oneLine())
        .isEqualTo("test_deep.py:1:205: E017 SyntaxError: too many nested parentheses");
  }
}
