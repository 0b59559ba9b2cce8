package dev.tach.discovery;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;
import dev.tach.discovery.grammar.PythonLexer;
import dev.tach.discovery.grammar.PythonParser;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
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

  /** The largest file {@link #parseFile(Path, Path)} reads: 16 MiB. */
  public static final long DEFAULT_MAX_FILE_BYTES = 16L * 1024 * 1024;

  /** The largest byte array the JVM allocates reliably. */
  private static final long MAX_READABLE_BYTES = Integer.MAX_VALUE - 16;

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
    errors.tokens(tokens);
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
      // Last resort: the lexer bounds brackets and indentation as CPython does, but unary
      // chains such as "not not not ..." still recurse once per operator in the parser.
      return new SyntaxError(
          fileName, 0, 0, "too many nested expressions to parse", SyntaxError.Kind.TOO_DEEP);
    }
  }

  /**
   * Reads, decodes and parses one {@code .py} file no larger than {@link
   * #DEFAULT_MAX_FILE_BYTES}; see {@link #parseFile(Path, Path, long)}.
   */
  public static ParseOutcome parseFile(Path file, Path root) {
    return parseFile(file, root, DEFAULT_MAX_FILE_BYTES);
  }

  /**
   * Reads, decodes and parses one {@code .py} file. Bad input is a {@link SyntaxError} for this
   * file, with CPython's wording where CPython has one, and never an exception: a file larger
   * than {@code maxBytes} (not read at all), NUL bytes, bytes not valid in the file's encoding,
   * nesting too deep, or a file that cannot be read.
   *
   * @param root the outcome is named by the file's path relative to it, with {@code /}
   * @param maxBytes the largest file that is read
   */
  public static ParseOutcome parseFile(Path file, Path root, long maxBytes) {
    requireNonNull(file, "file is null");
    requireNonNull(root, "root is null");
    if (maxBytes < 0 || maxBytes > MAX_READABLE_BYTES) {
      throw new IllegalArgumentException("maxBytes out of range: " + maxBytes);
    }
    String fileName = displayName(file, root);
    byte[] bytes;
    try {
      bytes = readAtMost(file, maxBytes);
    } catch (IOException unreadable) {
      return new SyntaxError(
          fileName, 0, 0, "cannot read file: " + unreadable, SyntaxError.Kind.UNREADABLE);
    }
    if (bytes == null) {
      return tooLarge(fileName, maxBytes);
    }
    return parseBytes(bytes, fileName);
  }

  /**
   * Decodes (PEP 263, BOM) and parses a file's bytes that the caller has read already; bad
   * input is a {@link SyntaxError} as for {@link #parseFile(Path, Path, long)}.
   */
  public static ParseOutcome parseBytes(byte[] bytes, String fileName) {
    requireNonNull(bytes, "bytes is null");
    requireNonNull(fileName, "fileName is null");
    try {
      return parse(SourceDecoding.decode(bytes, fileName), fileName);
    } catch (SourceDecoding.Undecodable undecodable) {
      return undecodable.error();
    } catch (OutOfMemoryError outOfMemory) {
      // Last resort: the token stream and tree of a file under the limit may still not fit
      // in a small heap; they are garbage once we return, so only this file is lost.
      return new SyntaxError(
          fileName,
          0,
          0,
          "file is too large to parse in the available memory",
          SyntaxError.Kind.TOO_LARGE);
    }
  }

  /** The file's bytes, or null if it has more than {@code maxBytes}. */
  private static byte[] readAtMost(Path file, long maxBytes) throws IOException {
    if (!Files.isRegularFile(file)) {
      // A FIFO or device would block or never end.
      throw new IOException("not a regular file");
    }
    if (Files.size(file) > maxBytes) {
      return null;
    }
    try (InputStream in = Files.newInputStream(file)) {
      // The file may have grown since its size was read.
      byte[] bytes = in.readNBytes((int) maxBytes + 1);
      return bytes.length > maxBytes ? null : bytes;
    }
  }

  private static SyntaxError tooLarge(String fileName, long maxBytes) {
    return new SyntaxError(
        fileName,
        0,
        0,
        "file is larger than the limit of " + maxBytes + " bytes; it was not parsed",
        SyntaxError.Kind.TOO_LARGE);
  }

  private static String displayName(Path file, Path root) {
    Path absoluteFile = file.toAbsolutePath().normalize();
    Path absoluteRoot = root.toAbsolutePath().normalize();
    Path shown =
        absoluteFile.startsWith(absoluteRoot) ? absoluteRoot.relativize(absoluteFile) : file;
    return shown.toString().replace(shown.getFileSystem().getSeparator(), "/");
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

  static Charset declaredCharset(byte[] bytes, int offset) throws CharConversionException {
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

  /**
   * Keeps the first error reported by the lexer or the parser. Parser errors get CPython's
   * wording: {@code invalid syntax} at the offending token, or, when a bracket opened on an
   * earlier line is still open there, {@code '(' was never closed} at that bracket (CPython's
   * {@code _PyPegen_set_syntax_error} does the same).
   */
  private static final class FirstError extends BaseErrorListener {
    private final String fileName;
    private CommonTokenStream tokens;
    private SyntaxError first;

    FirstError(String fileName) {
      this.fileName = fileName;
    }

    void tokens(CommonTokenStream stream) {
      this.tokens = stream;
    }

    /** The innermost bracket still open before {@code offending}, if any. */
    private Token unclosedBracket(Token offending) {
      java.util.ArrayDeque<Token> open = new java.util.ArrayDeque<>();
      for (int i = 0; i < offending.getTokenIndex() && i < tokens.size(); i++) {
        Token token = tokens.get(i);
        String text = token.getText();
        if (text == null || text.length() != 1 || token.getChannel() != Token.DEFAULT_CHANNEL) {
          continue;
        }
        switch (text.charAt(0)) {
          case '(', '[', '{' -> open.push(token);
          case ')', ']', '}' -> {
            if (!open.isEmpty()) {
              open.pop();
            }
          }
          default -> {
            // Not a bracket.
          }
        }
      }
      return open.peek();
    }

    @Override
    public void syntaxError(
        Recognizer<?, ?> recognizer,
        Object offendingSymbol,
        int line,
        int charPositionInLine,
        String msg,
        RecognitionException e) {
      if (first != null) {
        return;
      }
      if (recognizer instanceof Parser && offendingSymbol instanceof Token offending && tokens != null) {
        Token bracket = unclosedBracket(offending);
        if (bracket != null && bracket.getLine() < line) {
          first =
              new SyntaxError(
                  fileName,
                  bracket.getLine(),
                  bracket.getCharPositionInLine(),
                  "'" + bracket.getText() + "' was never closed",
                  SyntaxError.Kind.SYNTAX);
        } else {
          first = new SyntaxError(fileName, line, charPositionInLine, "invalid syntax", SyntaxError.Kind.SYNTAX);
        }
        return;
      }
      SyntaxError.Kind kind =
          msg.startsWith("too many") ? SyntaxError.Kind.TOO_DEEP : SyntaxError.Kind.SYNTAX;
      first = new SyntaxError(fileName, line, charPositionInLine, msg, kind);
    }
  }
}
