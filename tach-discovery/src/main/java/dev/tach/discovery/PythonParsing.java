package dev.tach.discovery;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;
import dev.tach.discovery.grammar.PythonLexer;
import dev.tach.discovery.grammar.PythonParser;
import java.io.CharConversionException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;
import org.antlr.v4.runtime.tree.ParseTree;

/**
 * Parses Python 3.8-3.13 source with the project's ANTLR4 grammar. Prediction runs in SLL mode
 * first, which is fast and right for nearly all code, and falls back to full LL only when SLL
 * fails, so that a real syntax error is reported with the LL parser's position.
 */
@Api(Api.Status.EXPERIMENTAL)
public final class PythonParsing {

  /** PEP 263: a coding declaration on line 1 or 2. */
  private static final Pattern CODING =
      Pattern.compile("^[ \\t\\f]*#.*?coding[:=][ \\t]*([-\\w.]+)", Pattern.MULTILINE);

  private PythonParsing() {}

  /** Parses {@code source}; {@code fileName} only labels the outcome. */
  public static ParseOutcome parse(String source, String fileName) {
    requireNonNull(source, "source is null");
    requireNonNull(fileName, "fileName is null");
    FirstError errors = new FirstError(fileName);
    PythonLexer lexer = new PythonLexer(CharStreams.fromString(source, fileName));
    lexer.removeErrorListeners();
    lexer.addErrorListener(errors);
    CommonTokenStream tokens = new CommonTokenStream(lexer);
    try {
      tokens.fill();
      if (errors.first != null) {
        return errors.first;
      }
      PythonParser parser = new PythonParser(tokens);
      parser.removeErrorListeners();
      parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
      parser.setErrorHandler(new BailErrorStrategy());
      try {
        return new ParsedModule(fileName, parser.file_input(), false);
      } catch (ParseCancellationException sllFailed) {
        tokens.seek(0);
        parser.reset();
        parser.addErrorListener(errors);
        parser.getInterpreter().setPredictionMode(PredictionMode.LL);
        parser.setErrorHandler(new DefaultErrorStrategy());
        ParseTree tree = parser.file_input();
        return errors.first != null ? errors.first : new ParsedModule(fileName, tree, true);
      }
    } catch (StackOverflowError tooDeep) {
      return new SyntaxError(fileName, 0, 0, "too many nested parentheses or blocks");
    }
  }

  /**
   * Decodes the bytes of a {@code .py} file as CPython does: UTF-8 unless a PEP 263 coding
   * declaration on the first two lines names another encoding; a UTF-8 BOM is dropped.
   *
   * @throws CharacterCodingException if the bytes are not valid in that encoding
   * @throws CharConversionException if the declared encoding is unknown, or is not UTF-8 in a
   *     file that starts with a UTF-8 BOM (CPython refuses both)
   */
  public static String decode(byte[] bytes) throws IOException {
    requireNonNull(bytes, "bytes is null");
    int offset = 0;
    if (bytes.length >= 3
        && (bytes[0] & 0xFF) == 0xEF
        && (bytes[1] & 0xFF) == 0xBB
        && (bytes[2] & 0xFF) == 0xBF) {
      offset = 3;
    }
    Charset charset = declaredCharset(bytes, offset);
    if (offset > 0 && !charset.equals(StandardCharsets.UTF_8)) {
      throw new CharConversionException("encoding problem: " + charset.name() + " with BOM");
    }
    return charset
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes, offset, bytes.length - offset))
        .toString();
  }

  private static Charset declaredCharset(byte[] bytes, int offset) throws CharConversionException {
    int end = offset;
    int lines = 0;
    while (end < bytes.length && lines < 2) {
      if (bytes[end] == '\n') {
        lines++;
      }
      end++;
    }
    String head = new String(bytes, offset, end - offset, StandardCharsets.ISO_8859_1);
    Matcher matcher = CODING.matcher(head);
    if (!matcher.find()) {
      return StandardCharsets.UTF_8;
    }
    String name = matcher.group(1).toLowerCase(Locale.ROOT).replace('_', '-');
    if (name.equals("utf-8") || name.startsWith("utf-8-")) {
      return StandardCharsets.UTF_8;
    }
    if (name.equals("latin-1") || name.startsWith("latin-1-") || name.startsWith("iso-latin-1")) {
      return StandardCharsets.ISO_8859_1;
    }
    try {
      return Charset.forName(name);
    } catch (IllegalArgumentException unknown) {
      throw new CharConversionException("unknown encoding: " + matcher.group(1));
    }
  }

  /** Keeps the first error reported by the lexer or the parser. */
  private static final class FirstError extends BaseErrorListener {
    private final String fileName;
    private SyntaxError first;

    FirstError(String fileName) {
      this.fileName = fileName;
    }

    @Override
    public void syntaxError(
        Recognizer<?, ?> recognizer,
        Object offendingSymbol,
        int line,
        int charPositionInLine,
        String msg,
        RecognitionException e) {
      if (first == null) {
        first = new SyntaxError(fileName, line, charPositionInLine, msg);
      }
    }
  }
}
