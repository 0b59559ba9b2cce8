package dev.tach.discovery.grammar;

import java.util.ArrayDeque;
import java.util.Deque;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.IntStream;
import org.antlr.v4.runtime.Lexer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.Interval;

/**
 * The part of the Python tokenizer that a lexer grammar cannot say: the NEWLINE, INDENT and
 * DEDENT tokens of CPython's tokenizer, and f-strings whose replacement fields may hold strings
 * in the same quotes (PEP 701, Python 3.12).
 */
public abstract class PythonLexerBase extends Lexer {

  /** CPython expands a tab to the next multiple of eight columns. */
  private static final int TAB_SIZE = 8;
  /** CPython's tokenizer limits (MAXLEVEL, MAXINDENT); they also bound the parser's recursion. */
  private static final int MAX_BRACKET_DEPTH = 200;

  private static final int MAX_INDENT_LEVELS = 100;

  private final Deque<Token> pending = new ArrayDeque<>();
  /** Indentation levels, each as {columns with tabs of 8, columns with tabs of 1}. */
  private final Deque<int[]> indents = new ArrayDeque<>();
  private int bracketDepth;
  private boolean atLineStart = true;
  private int lineStartIndex;

  protected PythonLexerBase(CharStream input) {
    super(input);
    indents.push(new int[] {0, 0});
  }

  @Override
  public void reset() {
    super.reset();
    pending.clear();
    indents.clear();
    indents.push(new int[] {0, 0});
    bracketDepth = 0;
    atLineStart = true;
    lineStartIndex = 0;
  }

  @Override
  public Token nextToken() {
    while (pending.isEmpty()) {
      fill(super.nextToken());
    }
    return pending.poll();
  }

  private void fill(Token token) {
    if (token.getChannel() != Token.DEFAULT_CHANNEL) {
      pending.add(token);
      return;
    }
    int type = token.getType();
    if (type == PythonLexer.NEWLINE) {
      lineStartIndex = token.getStopIndex() + 1;
      // Inside brackets, and on lines with no token (blank or comment only), a newline is
      // insignificant.
      if (bracketDepth == 0 && !atLineStart) {
        atLineStart = true;
        pending.add(token);
      }
      return;
    }
    if (type == Token.EOF) {
      if (!atLineStart) {
        pending.add(synthetic(PythonLexer.NEWLINE, "<NEWLINE>", token));
        atLineStart = true;
      }
      while (indents.size() > 1) {
        indents.pop();
        pending.add(synthetic(PythonLexer.DEDENT, "<DEDENT>", token));
      }
      pending.add(token);
      return;
    }
    if (atLineStart) {
      atLineStart = false;
      indent(token);
    }
    if (type == PythonLexer.UNTERMINATED_STRING) {
      error(token, "unterminated string literal (detected at line " + token.getLine() + ")");
    } else if (type == PythonLexer.STRING && opensUnterminatedTriple(token.getText())) {
      error(
          token,
          "unterminated triple-quoted string literal (detected at line " + lastLine() + ")");
    }
    switch (type) {
      case PythonLexer.LPAR:
      case PythonLexer.LSQB:
      case PythonLexer.LBRACE:
        bracketDepth++;
        if (bracketDepth == MAX_BRACKET_DEPTH + 1) {
          error(token, "too many nested parentheses");
        }
        break;
      case PythonLexer.RPAR:
      case PythonLexer.RSQB:
      case PythonLexer.RBRACE:
        bracketDepth = Math.max(0, bracketDepth - 1);
        break;
      default:
        break;
    }
    pending.add(token);
  }

  /**
   * An empty string such as {@code ''} directly followed by its quote is the start of a
   * triple-quoted string that never closes: a closed one would have been the longer token.
   */
  private boolean opensUnterminatedTriple(String text) {
    int length = text.length();
    if (length < 2) {
      return false;
    }
    char quote = text.charAt(length - 1);
    return (quote == '\'' || quote == '"')
        && text.charAt(length - 2) == quote
        && (length == 2 || "rRuUbB".indexOf(text.charAt(length - 3)) >= 0)
        && _input.LA(1) == quote;
  }

  /** The line of the input's last character, where CPython "detects" an unclosed string. */
  private int lastLine() {
    int size = _input.size();
    int from = _input.index();
    int line = getLine();
    String rest = from < size ? _input.getText(Interval.of(from, size - 1)) : "";
    for (int i = 0; i < rest.length(); i++) {
      char c = rest.charAt(i);
      if (c == '\n' || (c == '\r' && (i + 1 == rest.length() || rest.charAt(i + 1) != '\n'))) {
        line++;
      }
    }
    String all = size > 0 ? _input.getText(Interval.of(size - 1, size - 1)) : "";
    return all.equals("\n") || all.equals("\r") ? line - 1 : line;
  }

  /** Compares the indentation of the line that {@code first} starts with the open levels. */
  private void indent(Token first) {
    int column = 0;
    int altColumn = 0;
    int start = Math.min(lineStartIndex, first.getStartIndex());
    String prefix =
        first.getStartIndex() > start
            ? _input.getText(Interval.of(start, first.getStartIndex() - 1))
            : "";
    for (int i = 0; i < prefix.length(); i++) {
      char c = prefix.charAt(i);
      if (c == ' ') {
        column++;
        altColumn++;
      } else if (c == '\t') {
        column = (column / TAB_SIZE + 1) * TAB_SIZE;
        altColumn++;
      } else if (c == '\f') {
        column = 0;
        altColumn = 0;
      }
    }
    int[] top = indents.peek();
    if (column > top[0]) {
      if (altColumn <= top[1]) {
        error(first, "inconsistent use of tabs and spaces in indentation");
      }
      indents.push(new int[] {column, altColumn});
      if (indents.size() > MAX_INDENT_LEVELS) {
        error(first, "too many levels of indentation");
      }
      pending.add(synthetic(PythonLexer.INDENT, "<INDENT>", first));
      return;
    }
    while (column < indents.peek()[0]) {
      indents.pop();
      pending.add(synthetic(PythonLexer.DEDENT, "<DEDENT>", first));
    }
    top = indents.peek();
    if (column != top[0]) {
      error(first, "unindent does not match any outer indentation level");
    } else if (altColumn != top[1]) {
      error(first, "inconsistent use of tabs and spaces in indentation");
    }
  }

  private Token synthetic(int type, String text, Token at) {
    return _factory.create(
        _tokenFactorySourcePair,
        type,
        text,
        Token.DEFAULT_CHANNEL,
        at.getStartIndex(),
        at.getStartIndex() - 1,
        at.getLine(),
        at.getCharPositionInLine());
  }

  private void error(Token at, String message) {
    getErrorListenerDispatch()
        .syntaxError(this, null, at.getLine(), at.getCharPositionInLine(), message, null);
  }

  // ---- f-strings -------------------------------------------------------------------------

  /**
   * Called after the prefix and the opening quote of an f-string: consumes the rest of it,
   * replacement fields and nested strings included, and makes the whole a {@code STRING}.
   */
  protected void scanFString() {
    int quote = _input.LA(-1);
    String prefix = _input.getText(Interval.of(_tokenStartCharIndex, _input.index() - 2));
    boolean raw = prefix.indexOf('r') >= 0 || prefix.indexOf('R') >= 0;
    boolean triple = openTriple(quote);
    if (!fStringBody(quote, triple, raw)) {
      unterminated(triple);
    }
    setType(PythonLexer.STRING);
  }

  private boolean openTriple(int quote) {
    if (_input.LA(1) == quote && _input.LA(2) == quote) {
      take();
      take();
      return true;
    }
    return false;
  }

  private void take() {
    getInterpreter().consume(_input);
  }

  private boolean closes(int quote, boolean triple) {
    if (_input.LA(1) != quote) {
      return false;
    }
    if (!triple) {
      take();
      return true;
    }
    if (_input.LA(2) == quote && _input.LA(3) == quote) {
      take();
      take();
      take();
      return true;
    }
    return false;
  }

  private static boolean isLineEnd(int c) {
    return c == '\n' || c == '\r';
  }

  /** The literal part of an f-string, up to and including its closing quote. */
  private boolean fStringBody(int quote, boolean triple, boolean raw) {
    while (true) {
      int c = _input.LA(1);
      if (c == IntStream.EOF || (!triple && isLineEnd(c))) {
        return false;
      }
      if (closes(quote, triple)) {
        return true;
      }
      if (c == '\\') {
        take();
        int next = _input.LA(1);
        if (!raw && next == 'N' && _input.LA(2) == '{') {
          while (_input.LA(1) != '}' && _input.LA(1) != IntStream.EOF && !isLineEnd(_input.LA(1))) {
            take();
          }
          if (_input.LA(1) == '}') {
            take();
          }
        } else if (next != '{' && next != '}' && next != IntStream.EOF) {
          take();
        }
        continue;
      }
      take();
      if (c == '{') {
        if (_input.LA(1) == '{') {
          take();
        } else if (!replacementField(quote, triple)) {
          return false;
        }
      } else if (c == '}' && _input.LA(1) == '}') {
        take();
      }
    }
  }

  /** A replacement field after its '{', up to and including the matching '}'. */
  private boolean replacementField(int quote, boolean triple) {
    int depth = 0;
    while (true) {
      int c = _input.LA(1);
      if (c == IntStream.EOF) {
        return false;
      }
      if (c == '\'' || c == '"') {
        if (!nestedString()) {
          return false;
        }
        continue;
      }
      if (c == '#') {
        while (_input.LA(1) != IntStream.EOF && !isLineEnd(_input.LA(1))) {
          take();
        }
        continue;
      }
      take();
      switch (c) {
        case '(':
        case '[':
        case '{':
          depth++;
          break;
        case ')':
        case ']':
          depth--;
          break;
        case '}':
          if (depth == 0) {
            return true;
          }
          depth--;
          break;
        case '!':
          if (depth == 0 && _input.LA(1) != '=') {
            // A conversion (!r, !s, !a); what follows is a name, then ':' or '}'.
            break;
          }
          if (_input.LA(1) == '=') {
            take();
          }
          break;
        case ':':
          if (depth == 0) {
            return formatSpec(quote, triple);
          }
          break;
        case '=':
        case '<':
        case '>':
          // Consume the second character of '==', '!=', '<=', '>=' so it is not read alone.
          if (_input.LA(1) == '=') {
            take();
          }
          break;
        default:
          break;
      }
    }
  }

  /** A format spec after its ':', up to and including the '}' that ends the field. */
  private boolean formatSpec(int quote, boolean triple) {
    while (true) {
      int c = _input.LA(1);
      if (c == IntStream.EOF || (!triple && isLineEnd(c))) {
        return false;
      }
      if (c == quote && (!triple || (_input.LA(2) == quote && _input.LA(3) == quote))) {
        return false;
      }
      take();
      if (c == '{') {
        if (!replacementField(quote, triple)) {
          return false;
        }
      } else if (c == '}') {
        return true;
      }
    }
  }

  /** A string inside a replacement field, f-string or not, from its opening quote. */
  private boolean nestedString() {
    int quote = _input.LA(1);
    boolean fString = false;
    boolean raw = false;
    int back = -1;
    while (back >= -2 && "fFrRbBuU".indexOf(_input.LA(back)) >= 0) {
      int p = _input.LA(back);
      fString |= p == 'f' || p == 'F';
      raw |= p == 'r' || p == 'R';
      back--;
    }
    int before = _input.LA(back);
    if (back < -1 && (Character.isLetterOrDigit(before) || before == '_')) {
      // The letters end a name or keyword ("if'x'"), they are no string prefix.
      fString = false;
      raw = false;
    }
    take();
    boolean triple = openTriple(quote);
    if (fString) {
      return fStringBody(quote, triple, raw);
    }
    while (true) {
      int c = _input.LA(1);
      if (c == IntStream.EOF || (!triple && isLineEnd(c))) {
        return false;
      }
      if (closes(quote, triple)) {
        return true;
      }
      take();
      if (c == '\\' && _input.LA(1) != IntStream.EOF) {
        take();
      }
    }
  }

  private void unterminated(boolean triple) {
    String message =
        triple
            ? "unterminated triple-quoted f-string literal (detected at line " + lastLine() + ")"
            : "unterminated f-string literal (detected at line " + getLine() + ")";
    getErrorListenerDispatch()
        .syntaxError(
            this, null, _tokenStartLine, _tokenStartCharPositionInLine, message, null);
  }
}
