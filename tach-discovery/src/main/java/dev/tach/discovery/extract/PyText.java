package dev.tach.discovery.extract;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Python's text forms of values, as CPython 3.11 writes them: {@code repr(float)}, {@code
 * str(complex)}, {@code repr(str)} and pytest's {@code ascii_escaped}.
 */
final class PyText {

  private PyText() {}

  /** {@code repr(x)} for a float: the shortest digits that round-trip, Python's layout. */
  static String floatRepr(double x) {
    return formatDouble(x, true);
  }

  /** {@code repr(complex(re, im))}. */
  static String complexRepr(double re, double im) {
    String imag = formatDouble(im, false);
    if (re == 0 && Math.copySign(1.0, re) > 0) {
      return imag + "j";
    }
    String sign = imag.startsWith("-") ? "" : "+";
    return "(" + formatDouble(re, false) + sign + imag + "j)";
  }

  /**
   * CPython's {@code PyOS_double_to_string(x, 'r', 0, flags)}: {@code addDotZero} is {@code
   * Py_DTSF_ADD_DOT_0} ({@code repr(1.0)} is {@code 1.0}; inside a complex it is {@code 1}).
   */
  private static String formatDouble(double x, boolean addDotZero) {
    if (Double.isNaN(x)) {
      return "nan";
    }
    if (Double.isInfinite(x)) {
      return x > 0 ? "inf" : "-inf";
    }
    if (x == 0) {
      String zero = addDotZero ? "0.0" : "0";
      return Math.copySign(1.0, x) < 0 ? "-" + zero : zero;
    }
    BigDecimal exact = new BigDecimal(x);
    BigDecimal shortest = exact;
    for (int precision = 1; precision <= 17; precision++) {
      BigDecimal rounded = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
      if (rounded.doubleValue() == x) {
        shortest = rounded;
        break;
      }
    }
    shortest = shortest.stripTrailingZeros();
    String digits = shortest.unscaledValue().abs().toString();
    // value = 0.digits * 10^decpt
    int decpt = digits.length() - shortest.scale();
    StringBuilder out = new StringBuilder();
    if (x < 0) {
      out.append('-');
    }
    if (decpt > -4 && decpt <= 16) {
      if (decpt <= 0) {
        out.append("0.").append("0".repeat(-decpt)).append(digits);
      } else if (decpt < digits.length()) {
        out.append(digits, 0, decpt).append('.').append(digits, decpt, digits.length());
      } else {
        out.append(digits).append("0".repeat(decpt - digits.length()));
        if (addDotZero) {
          out.append(".0");
        }
      }
    } else {
      out.append(digits.charAt(0));
      if (digits.length() > 1) {
        out.append('.').append(digits, 1, digits.length());
      }
      int exponent = decpt - 1;
      out.append('e').append(exponent < 0 ? '-' : '+');
      String magnitude = Integer.toString(Math.abs(exponent));
      if (magnitude.length() < 2) {
        out.append('0');
      }
      out.append(magnitude);
    }
    return out.toString();
  }

  /**
   * pytest's {@code ascii_escaped} for a str: {@code val.encode("unicode_escape")} decoded as
   * ASCII, so non-ASCII and non-printable characters become {@code \x..}, {@code \\u....} or
   * {@code \\U........} and a backslash is doubled.
   */
  static String asciiEscaped(String value) {
    StringBuilder out = null;
    int length = value.length();
    for (int i = 0; i < length; ) {
      int c = value.codePointAt(i);
      int width = Character.charCount(c);
      String escape = unicodeEscape(c);
      if (escape != null && out == null) {
        out = new StringBuilder(length + 16).append(value, 0, i);
      }
      if (out != null) {
        if (escape != null) {
          out.append(escape);
        } else {
          out.appendCodePoint(c);
        }
      }
      i += width;
    }
    return out == null ? value : out.toString();
  }

  /** What {@code unicode_escape} writes for one code point, or null if it is kept as is. */
  private static String unicodeEscape(int c) {
    switch (c) {
      case '\\':
        return "\\\\";
      case '\t':
        return "\\t";
      case '\n':
        return "\\n";
      case '\r':
        return "\\r";
      default:
        break;
    }
    if (c >= 0x20 && c < 0x7F) {
      return null;
    }
    if (c < 0x100) {
      return String.format("\\x%02x", c);
    }
    if (c < 0x10000) {
      return String.format("\\u%04x", c);
    }
    return String.format("\\U%08x", c);
  }

  /**
   * pytest's {@code ascii_escaped} for bytes: bytes 0x80 and above become {@code \x..}, and so do
   * non-printable ASCII bytes, except that tab, newline and carriage return become {@code \t},
   * {@code \n} and {@code \r}; a backslash stays single.
   */
  static String asciiEscaped(byte[] value) {
    StringBuilder out = new StringBuilder(value.length);
    for (byte b : value) {
      int c = b & 0xFF;
      switch (c) {
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        default -> {
          if (c >= 0x20 && c < 0x7F) {
            out.append((char) c);
          } else {
            out.append(String.format("\\x%02x", c));
          }
        }
      }
    }
    return out.toString();
  }

  /** {@code repr(s)} for a str. */
  static String strRepr(String value) {
    char quote = value.indexOf('\'') >= 0 && value.indexOf('"') < 0 ? '"' : '\'';
    StringBuilder out = new StringBuilder(value.length() + 2).append(quote);
    for (int i = 0; i < value.length(); ) {
      int c = value.codePointAt(i);
      i += Character.charCount(c);
      if (c == quote || c == '\\') {
        out.append('\\').appendCodePoint(c);
      } else if (c == '\t') {
        out.append("\\t");
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c == '\r') {
        out.append("\\r");
      } else if (c < 0x20 || c == 0x7F) {
        out.append(String.format("\\x%02x", c));
      } else if (c < 0x7F || printable(c)) {
        out.appendCodePoint(c);
      } else if (c < 0x100) {
        out.append(String.format("\\x%02x", c));
      } else if (c < 0x10000) {
        out.append(String.format("\\u%04x", c));
      } else {
        out.append(String.format("\\U%08x", c));
      }
    }
    return out.append(quote).toString();
  }

  /** {@code repr(b)} for bytes. */
  static String bytesRepr(byte[] value) {
    boolean hasSingle = false;
    boolean hasDouble = false;
    for (byte b : value) {
      hasSingle |= b == '\'';
      hasDouble |= b == '"';
    }
    char quote = hasSingle && !hasDouble ? '"' : '\'';
    StringBuilder out = new StringBuilder(value.length + 3).append('b').append(quote);
    for (byte b : value) {
      int c = b & 0xFF;
      if (c == quote || c == '\\') {
        out.append('\\').append((char) c);
      } else if (c == '\t') {
        out.append("\\t");
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c == '\r') {
        out.append("\\r");
      } else if (c < 0x20 || c >= 0x7F) {
        out.append(String.format("\\x%02x", c));
      } else {
        out.append((char) c);
      }
    }
    return out.append(quote).toString();
  }

  /** Python's {@code str.isprintable()} for one non-ASCII code point. */
  private static boolean printable(int c) {
    switch (Character.getType(c)) {
      case Character.CONTROL:
      case Character.FORMAT:
      case Character.SURROGATE:
      case Character.PRIVATE_USE:
      case Character.UNASSIGNED:
      case Character.LINE_SEPARATOR:
      case Character.PARAGRAPH_SEPARATOR:
      case Character.SPACE_SEPARATOR:
        return false;
      default:
        return true;
    }
  }

  /** Python's {@code str < str}: code point order. */
  static int compareCodePoints(String a, String b) {
    return dev.tach.discovery.internal.PyStrings.compareCodePoints(a, b);
  }
}
