package dev.tach.discovery.extract;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Python's {@code format(value, spec)} for str, int, bool and float values and the common part of
 * the format mini-language ({@code [[fill]align][sign][#][0][width][,|_][.precision][type]} with
 * types {@code s d b o x X f F e E %}); other specs are reported as not static.
 */
final class PyFormat {

  private static final Pattern SPEC =
      Pattern.compile(
          "(?:(?<fill>.)?(?<align>[<>=^]))?(?<sign>[-+ ])?(?<alt>#)?(?<zero>0)?(?<width>\\d+)?"
              + "(?<group>[,_])?(?:\\.(?<precision>\\d+))?(?<type>[sbdoxXfFeE%])?",
          Pattern.DOTALL);

  private PyFormat() {}

  static String format(PyValue value, String spec)
      throws Evaluator.NotStatic {
    if (spec.isEmpty()) {
      return Values.str(value);
    }
    Matcher m = SPEC.matcher(spec);
    if (!m.matches() || m.group("alt") != null) {
      throw new Evaluator.NotStatic("format spec " + spec);
    }
    String type = m.group("type");
    Integer precision = m.group("precision") == null ? null : Integer.parseInt(m.group("precision"));
    String sign = m.group("sign") == null ? "-" : m.group("sign");
    String group = m.group("group");
    boolean numeric;
    String body;
    boolean negative = false;
    if (value instanceof PyValue.Str str) {
      if (type != null && !type.equals("s") || m.group("sign") != null || group != null) {
        throw new Evaluator.NotStatic("format spec " + spec + " for a str");
      }
      body = precision == null ? str.value() : truncate(str.value(), precision);
      numeric = false;
    } else if (value instanceof PyValue.Int || value instanceof PyValue.Bool) {
      BigInteger number =
          value instanceof PyValue.Int i
              ? i.value()
              : ((PyValue.Bool) value).value() ? BigInteger.ONE : BigInteger.ZERO;
      if (type == null && value instanceof PyValue.Bool b && m.group("sign") == null
          && group == null && m.group("zero") == null) {
        body = b.value() ? "True" : "False";
        numeric = false;
      } else if (type == null || "dbxXo".contains(type)) {
        if (precision != null) {
          throw new Evaluator.NotStatic("precision in an integer format");
        }
        negative = number.signum() < 0;
        int radix = type == null || type.equals("d") ? 10 : type.equals("b") ? 2 : type.equals("o") ? 8 : 16;
        body = number.abs().toString(radix);
        if ("X".equals(type)) {
          body = body.toUpperCase(java.util.Locale.ROOT);
        }
        body = grouped(body, group, radix);
        numeric = true;
      } else {
        return floatFormat(number.doubleValue(), m, type, precision, sign, group);
      }
    } else if (value instanceof PyValue.Float f) {
      if (type == null) {
        if (precision != null) {
          throw new Evaluator.NotStatic("format spec " + spec + " for a float");
        }
        negative = f.value() < 0 || (f.value() == 0 && 1 / f.value() < 0);
        String repr = PyText.floatRepr(Math.abs(f.value()));
        body = group == null ? repr : grouped(repr, group, 10);
        numeric = true;
      } else if ("fFeE%".contains(type)) {
        return floatFormat(f.value(), m, type, precision, sign, group);
      } else {
        throw new Evaluator.NotStatic("format spec " + spec + " for a float");
      }
    } else {
      throw new Evaluator.NotStatic("format() of " + Values.describeValue(value));
    }
    return pad(m, body, numeric, negative, sign);
  }

  private static String floatFormat(
      double x, Matcher m, String type, Integer precision, String sign, String group)
      throws Evaluator.NotStatic {
    if (!"fFeE%".contains(type)) {
      throw new Evaluator.NotStatic("format type " + type + " for a number");
    }
    int digits = precision == null ? 6 : precision;
    boolean negative = x < 0 || (x == 0 && 1 / x < 0);
    double magnitude = Math.abs(x);
    String body;
    if (Double.isNaN(x)) {
      body = "nan";
      negative = false;
    } else if (Double.isInfinite(x)) {
      body = "inf";
    } else if (type.equals("f") || type.equals("F") || type.equals("%")) {
      BigDecimal exact = new BigDecimal(magnitude);
      if (type.equals("%")) {
        exact = exact.movePointRight(2);
      }
      body = exact.setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
      if (group != null) {
        int dot = body.indexOf('.');
        String whole = dot < 0 ? body : body.substring(0, dot);
        body = grouped(whole, group, 10) + (dot < 0 ? "" : body.substring(dot));
      }
      if (type.equals("%")) {
        body = body + "%";
      }
    } else {
      if (magnitude == 0) {
        body = "0" + (digits > 0 ? "." + "0".repeat(digits) : "") + "e+00";
      } else {
        BigDecimal rounded =
            new BigDecimal(magnitude).round(new MathContext(digits + 1, RoundingMode.HALF_EVEN));
        int exponent = rounded.precision() - rounded.scale() - 1;
        String mantissa = rounded.unscaledValue().toString();
        mantissa = (mantissa + "0".repeat(digits + 1)).substring(0, digits + 1);
        body =
            mantissa.charAt(0)
                + (digits > 0 ? "." + mantissa.substring(1) : "")
                + "e"
                + (exponent < 0 ? "-" : "+")
                + (Math.abs(exponent) < 10 ? "0" : "")
                + Math.abs(exponent);
      }
    }
    if (type.equals("F") || type.equals("E")) {
      body = body.toUpperCase(java.util.Locale.ROOT);
    }
    return pad(m, body, true, negative, sign);
  }

  private static String truncate(String text, int codePoints) {
    int end = text.offsetByCodePoints(0, Math.min(codePoints, text.codePointCount(0, text.length())));
    return text.substring(0, end);
  }

  private static String grouped(String digits, String group, int radix) {
    if (group == null) {
      return digits;
    }
    int size = radix == 10 ? 3 : 4;
    StringBuilder out = new StringBuilder();
    int dot = digits.indexOf('.');
    String whole = dot < 0 ? digits : digits.substring(0, dot);
    for (int i = 0; i < whole.length(); i++) {
      if (i > 0 && (whole.length() - i) % size == 0) {
        out.append(group);
      }
      out.append(whole.charAt(i));
    }
    return out + (dot < 0 ? "" : digits.substring(dot));
  }

  private static String pad(Matcher m, String body, boolean numeric, boolean negative, String sign) {
    String prefix = "";
    if (numeric) {
      prefix = negative ? "-" : sign.equals("+") ? "+" : sign.equals(" ") ? " " : "";
    }
    int width = m.group("width") == null ? 0 : Integer.parseInt(m.group("width"));
    String align = m.group("align");
    String fill = m.group("fill") == null ? " " : m.group("fill");
    if (align == null && m.group("zero") != null && numeric) {
      align = "=";
      fill = "0";
    } else if (align == null && m.group("zero") != null) {
      fill = "0";
    }
    if (align == null) {
      align = numeric ? ">" : "<";
    }
    int length = (prefix + body).codePointCount(0, (prefix + body).length());
    int missing = Math.max(0, width - length);
    return switch (align) {
      case "<" -> prefix + body + fill.repeat(missing);
      case "^" -> fill.repeat(missing / 2) + prefix + body + fill.repeat(missing - missing / 2);
      case "=" -> prefix + fill.repeat(missing) + body;
      default -> fill.repeat(missing) + prefix + body;
    };
  }
}
