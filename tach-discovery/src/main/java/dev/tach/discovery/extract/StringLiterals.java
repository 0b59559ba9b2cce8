package dev.tach.discovery.extract;

import java.util.Locale;

/** Decodes Python string and bytes literal tokens the way CPython's tokenizer and compiler do. */
final class StringLiterals {

  private StringLiterals() {}

  /** A decoded literal: its value, whether it is bytes, or null when it has f-string fields. */
  record Decoded(String value, boolean bytes) {}

  /**
   * One piece of an f-string: literal text, or a replacement field ({@code expression} set) with
   * its conversion ({@code r}, {@code s}, {@code a} or empty), its format spec, and whether it
   * is a self-documenting {@code {x=}} field.
   */
  record Piece(String text, String expression, String conversion, String formatSpec, boolean debug) {}

  /**
   * The value of one STRING token, or {@code null} for an f-string with replacement fields
   * (only running it gives the value).
   */
  static Decoded decode(String token) {
    int quote = 0;
    while (quote < token.length() && token.charAt(quote) != '\'' && token.charAt(quote) != '"') {
      quote++;
    }
    String prefix = token.substring(0, quote).toLowerCase(Locale.ROOT);
    boolean raw = prefix.indexOf('r') >= 0;
    boolean bytes = prefix.indexOf('b') >= 0;
    boolean formatted = prefix.indexOf('f') >= 0;
    int quoteLength =
        token.startsWith("'''", quote) || token.startsWith("\"\"\"", quote) ? 3 : 1;
    String body = token.substring(quote + quoteLength, token.length() - quoteLength);
    body = normalizeNewlines(body);
    if (formatted) {
      String plain = withoutDoubledBraces(body);
      if (plain == null) {
        return null;
      }
      body = plain;
    }
    String value = raw ? body : unescape(body, bytes);
    return value == null ? null : new Decoded(value, bytes);
  }

  /**
   * The pieces of an f-string token with replacement fields, or null when it is not an f-string
   * or a field is more than this reader follows (nested fields in a format spec).
   */
  static java.util.List<Piece> fStringPieces(String token) {
    int quote = 0;
    while (quote < token.length() && token.charAt(quote) != '\'' && token.charAt(quote) != '"') {
      quote++;
    }
    String prefix = token.substring(0, quote).toLowerCase(Locale.ROOT);
    if (prefix.indexOf('f') < 0) {
      return null;
    }
    boolean raw = prefix.indexOf('r') >= 0;
    int quoteLength =
        token.startsWith("'''", quote) || token.startsWith("\"\"\"", quote) ? 3 : 1;
    String body = normalizeNewlines(token.substring(quote + quoteLength, token.length() - quoteLength));
    java.util.List<Piece> pieces = new java.util.ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < body.length()) {
      char c = body.charAt(i);
      if (c == '\\' && !raw && i + 2 < body.length() && body.charAt(i + 1) == 'N'
          && body.charAt(i + 2) == '{') {
        int close = body.indexOf('}', i);
        if (close < 0) {
          return null;
        }
        literal.append(body, i, close + 1);
        i = close + 1;
        continue;
      }
      if (c == '{' || c == '}') {
        if (i + 1 < body.length() && body.charAt(i + 1) == c) {
          literal.append(c);
          i += 2;
          continue;
        }
        if (c == '}') {
          return null;
        }
        if (literal.length() > 0) {
          String text = raw ? literal.toString() : unescape(literal.toString(), false);
          if (text == null) {
            return null;
          }
          pieces.add(new Piece(text, null, "", "", false));
          literal.setLength(0);
        }
        int end = fieldEnd(body, i + 1);
        if (end < 0) {
          return null;
        }
        Piece field = field(body.substring(i + 1, end));
        if (field == null) {
          return null;
        }
        pieces.add(field);
        i = end + 1;
        continue;
      }
      literal.append(c);
      i++;
    }
    if (literal.length() > 0) {
      String text = raw ? literal.toString() : unescape(literal.toString(), false);
      if (text == null) {
        return null;
      }
      pieces.add(new Piece(text, null, "", "", false));
    }
    return pieces;
  }

  /** The index of the brace closing a field that starts at {@code from}, or -1. */
  private static int fieldEnd(String body, int from) {
    int depth = 0;
    char inQuote = 0;
    for (int i = from; i < body.length(); i++) {
      char c = body.charAt(i);
      if (inQuote != 0) {
        if (c == '\\') {
          i++;
        } else if (c == inQuote) {
          inQuote = 0;
        }
        continue;
      }
      switch (c) {
        case '\'', '"' -> inQuote = c;
        case '(', '[', '{' -> depth++;
        case ')', ']' -> depth--;
        case '}' -> {
          if (depth == 0) {
            return i;
          }
          depth--;
        }
        default -> {}
      }
    }
    return -1;
  }

  /** Splits a field's text into expression, {@code =}, conversion and format spec. */
  private static Piece field(String text) {
    int depth = 0;
    char inQuote = 0;
    int split = text.length();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (inQuote != 0) {
        if (c == inQuote) {
          inQuote = 0;
        }
        continue;
      }
      if (c == '\'' || c == '"') {
        inQuote = c;
      } else if (c == '(' || c == '[' || c == '{') {
        depth++;
      } else if (c == ')' || c == ']' || c == '}') {
        depth--;
      } else if (depth == 0 && (c == '!' || c == ':')) {
        if (c == '!' && i + 1 < text.length() && text.charAt(i + 1) == '=') {
          i++;
          continue;
        }
        split = i;
        break;
      }
    }
    String expression = text.substring(0, split);
    String rest = text.substring(split);
    boolean debug = false;
    String trimmed = expression.stripTrailing();
    if (trimmed.endsWith("=") && !trimmed.endsWith("==") && !trimmed.endsWith("!=")
        && !trimmed.endsWith("<=") && !trimmed.endsWith(">=")) {
      debug = true;
      expression = trimmed.substring(0, trimmed.length() - 1);
    }
    String conversion = "";
    String spec = "";
    if (rest.startsWith("!")) {
      if (rest.length() < 2) {
        return null;
      }
      conversion = rest.substring(1, 2);
      rest = rest.substring(2);
    }
    if (rest.startsWith(":")) {
      spec = rest.substring(1);
      if (spec.indexOf('{') >= 0) {
        return null;
      }
    } else if (!rest.isEmpty()) {
      return null;
    }
    if (expression.isBlank()) {
      return null;
    }
    return new Piece(text.substring(0, split), expression, conversion, spec, debug);
  }

  private static String normalizeNewlines(String body) {
    if (body.indexOf('\r') < 0) {
      return body;
    }
    return body.replace("\r\n", "\n").replace('\r', '\n');
  }

  /** An f-string body without fields, {@code {{}} and {@code }}} undoubled; null with fields. */
  private static String withoutDoubledBraces(String body) {
    StringBuilder out = new StringBuilder(body.length());
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '{' || c == '}') {
        if (i + 1 < body.length() && body.charAt(i + 1) == c) {
          out.append(c);
          i++;
          continue;
        }
        return null;
      }
      out.append(c);
    }
    return out.toString();
  }

  private static String unescape(String body, boolean bytes) {
    if (body.indexOf('\\') < 0) {
      return body;
    }
    StringBuilder out = new StringBuilder(body.length());
    int i = 0;
    while (i < body.length()) {
      char c = body.charAt(i);
      if (c != '\\' || i + 1 >= body.length()) {
        out.append(c);
        i++;
        continue;
      }
      char next = body.charAt(i + 1);
      i += 2;
      switch (next) {
        case '\n' -> {}
        case '\\' -> out.append('\\');
        case '\'' -> out.append('\'');
        case '"' -> out.append('"');
        case 'a' -> out.append('\u0007');
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'v' -> out.append('\u000b');
        case '0', '1', '2', '3', '4', '5', '6', '7' -> {
          int value = next - '0';
          int digits = 1;
          while (digits < 3 && i < body.length() && body.charAt(i) >= '0' && body.charAt(i) <= '7') {
            value = value * 8 + (body.charAt(i) - '0');
            i++;
            digits++;
          }
          if (bytes) {
            out.append((char) (value & 0xFF));
          } else {
            out.appendCodePoint(value);
          }
        }
        case 'x' -> {
          int value = hex(body, i, 2);
          if (value < 0) {
            return null;
          }
          out.append((char) value);
          i += 2;
        }
        case 'u', 'U' -> {
          if (bytes) {
            out.append('\\').append(next);
            break;
          }
          int length = next == 'u' ? 4 : 8;
          int value = hex(body, i, length);
          if (value < 0 || value > 0x10FFFF) {
            return null;
          }
          out.appendCodePoint(value);
          i += length;
        }
        case 'N' -> {
          if (bytes) {
            out.append("\\N");
            break;
          }
          int close = body.indexOf('}', i);
          if (i >= body.length() || body.charAt(i) != '{' || close < 0) {
            return null;
          }
          try {
            out.appendCodePoint(Character.codePointOf(body.substring(i + 1, close)));
          } catch (IllegalArgumentException unknownName) {
            return null;
          }
          i = close + 1;
        }
        default -> out.append('\\').append(next);
      }
    }
    return out.toString();
  }

  private static int hex(String text, int from, int length) {
    if (from + length > text.length()) {
      return -1;
    }
    int value = 0;
    for (int i = from; i < from + length; i++) {
      int digit = Character.digit(text.charAt(i), 16);
      if (digit < 0) {
        return -1;
      }
      value = value * 16 + digit;
    }
    return value;
  }
}
