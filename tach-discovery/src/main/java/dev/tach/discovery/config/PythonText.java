package dev.tach.discovery.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The few Python string operations pytest's configuration reading relies on, with Python's
 * definitions of whitespace and line breaks rather than Java's ({@code str.isspace} counts
 * U+00A0 and U+0085, {@code str.splitlines} breaks at U+2028 and friends).
 */
final class PythonText {

  private PythonText() {}

  /** {@code str.isspace()} for one character. */
  static boolean isSpace(char c) {
    return Character.isWhitespace(c)
        || c == '\u0085'
        || c == '\u00a0'
        || c == '\u2007'
        || c == '\u202f';
  }

  private static boolean isLineBreak(char c) {
    return switch (c) {
      case '\n', '\r', '\u000b', '\u000c', '\u001c', '\u001d', '\u001e', '\u0085', '\u2028',
          '\u2029' -> true;
      default -> false;
    };
  }

  /** {@code str.splitlines()}: line breaks removed, {@code \r\n} counted as one. */
  static List<String> splitLines(String text) {
    List<String> lines = new ArrayList<>();
    int start = 0;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (isLineBreak(c)) {
        lines.add(text.substring(start, i));
        i += c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n' ? 2 : 1;
        start = i;
      } else {
        i++;
      }
    }
    if (start < text.length()) {
      lines.add(text.substring(start));
    }
    return lines;
  }

  static String lstrip(String s) {
    int start = 0;
    while (start < s.length() && isSpace(s.charAt(start))) {
      start++;
    }
    return s.substring(start);
  }

  static String rstrip(String s) {
    int end = s.length();
    while (end > 0 && isSpace(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(0, end);
  }

  static String strip(String s) {
    return lstrip(rstrip(s));
  }

  /** A readable approximation of Python's {@code repr(str)} for error messages. */
  static String repr(String s) {
    char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
    StringBuilder out = new StringBuilder().append(quote);
    for (char c : s.toCharArray()) {
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        default -> {
          if (c == quote) {
            out.append('\\');
          }
          out.append(c);
        }
      }
    }
    return out.append(quote).toString();
  }

  /**
   * {@code shlex.split(s)} (POSIX mode, no comments), which pytest applies to {@code args} and
   * {@code paths} values read from INI text.
   *
   * @throws IllegalArgumentException with shlex's wording for an unclosed quote or a trailing
   *     backslash
   */
  static List<String> shlexSplit(String s) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
        i++;
      } else if (c == '\\') {
        if (i + 1 >= s.length()) {
          throw new IllegalArgumentException("No escaped character");
        }
        word.append(s.charAt(i + 1));
        inWord = true;
        i += 2;
      } else if (c == '\'') {
        int close = s.indexOf('\'', i + 1);
        if (close < 0) {
          throw new IllegalArgumentException("No closing quotation");
        }
        word.append(s, i + 1, close);
        inWord = true;
        i = close + 1;
      } else if (c == '"') {
        i++;
        while (true) {
          if (i >= s.length()) {
            throw new IllegalArgumentException("No closing quotation");
          }
          char d = s.charAt(i);
          if (d == '"') {
            i++;
            break;
          }
          if (d == '\\' && i + 1 < s.length() && (s.charAt(i + 1) == '"' || s.charAt(i + 1) == '\\')) {
            word.append(s.charAt(i + 1));
            i += 2;
          } else if (d == '\\' && i + 1 >= s.length()) {
            throw new IllegalArgumentException("No escaped character");
          } else {
            word.append(d);
            i++;
          }
        }
        inWord = true;
      } else {
        word.append(c);
        inWord = true;
        i++;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }
}
