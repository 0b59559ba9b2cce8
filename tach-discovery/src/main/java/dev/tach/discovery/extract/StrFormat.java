package dev.tach.discovery.extract;

import java.util.List;
import java.util.Map;

/** {@code str.format(...)} and {@code str % values} for the values the evaluator knows. */
final class StrFormat {

  private StrFormat() {}

  /** {@code template.format(*positional, **keywords)} with fields like {@code {}}, {@code {0!r:>4}}. */
  static String format(
      String template, List<PyValue> positional, Map<String, PyValue> keywords)
      throws Evaluator.NotStatic {
    StringBuilder out = new StringBuilder();
    int automatic = 0;
    int i = 0;
    while (i < template.length()) {
      char c = template.charAt(i);
      if (c == '{' || c == '}') {
        if (i + 1 < template.length() && template.charAt(i + 1) == c) {
          out.append(c);
          i += 2;
          continue;
        }
        if (c == '}') {
          throw new Evaluator.NotStatic("a single '}' in a format string");
        }
        int close = template.indexOf('}', i);
        if (close < 0 || template.substring(i + 1, close).indexOf('{') >= 0) {
          throw new Evaluator.NotStatic("a nested format field");
        }
        String field = template.substring(i + 1, close);
        String spec = "";
        String conversion = "";
        int colon = field.indexOf(':');
        if (colon >= 0) {
          spec = field.substring(colon + 1);
          field = field.substring(0, colon);
        }
        int bang = field.indexOf('!');
        if (bang >= 0) {
          conversion = field.substring(bang + 1);
          field = field.substring(0, bang);
        }
        PyValue value;
        if (field.isEmpty()) {
          value = at(positional, automatic++);
        } else if (field.chars().allMatch(Character::isDigit)) {
          value = at(positional, Integer.parseInt(field));
        } else if (keywords.containsKey(field)) {
          value = keywords.get(field);
        } else {
          throw new Evaluator.NotStatic("format field {" + field + "}");
        }
        out.append(PyFormat.format(convert(value, conversion), spec));
        i = close + 1;
        continue;
      }
      out.append(c);
      i++;
    }
    return out.toString();
  }

  private static PyValue at(List<PyValue> positional, int index) throws Evaluator.NotStatic {
    if (index >= positional.size()) {
      throw new Evaluator.NotStatic("a format field without an argument");
    }
    return positional.get(index);
  }

  private static PyValue convert(PyValue value, String conversion)
      throws Evaluator.NotStatic {
    return switch (conversion) {
      case "" -> value;
      case "r" -> new PyValue.Str(Values.repr(value));
      case "s" -> new PyValue.Str(Values.str(value));
      default -> throw new Evaluator.NotStatic("format conversion !" + conversion);
    };
  }

  /** {@code template % values} with {@code %s %r %d %i %f %x %%} and no mapping keys. */
  static String percent(String template, PyValue values)
      throws Evaluator.NotStatic {
    List<PyValue> arguments =
        values instanceof PyValue.Seq seq && seq.kind().equals("tuple") ? seq.items() : List.of(values);
    StringBuilder out = new StringBuilder();
    int next = 0;
    for (int i = 0; i < template.length(); i++) {
      char c = template.charAt(i);
      if (c != '%') {
        out.append(c);
        continue;
      }
      int start = ++i;
      while (i < template.length() && "-+ #0123456789.".indexOf(template.charAt(i)) >= 0) {
        i++;
      }
      if (i >= template.length()) {
        throw new Evaluator.NotStatic("an incomplete % format");
      }
      char type = template.charAt(i);
      if (type == '%') {
        out.append('%');
        continue;
      }
      String flags = template.substring(start, i);
      if (flags.contains("#") || flags.contains("-") || flags.contains("+") || flags.contains(" ")) {
        throw new Evaluator.NotStatic("% format flags " + flags);
      }
      PyValue value = at(arguments, next++);
      String spec;
      switch (type) {
        case 's' -> {
          value = new PyValue.Str(Values.str(value));
          spec = flags.startsWith("0") ? flags.substring(1) : flags;
          spec = spec.isEmpty() ? "" : ">" + spec;
        }
        case 'r' -> {
          value = new PyValue.Str(Values.repr(value));
          spec = flags.isEmpty() ? "" : ">" + flags;
        }
        case 'd', 'i' -> {
          if (value instanceof PyValue.Float f && !Double.isInfinite(f.value()) && !Double.isNaN(f.value())) {
            value = new PyValue.Int(new java.math.BigDecimal(f.value()).toBigInteger());
          }
          spec = flags + "d";
        }
        case 'f', 'e', 'x', 'X', 'o' -> spec = flags + type;
        default -> throw new Evaluator.NotStatic("% format type " + type);
      }
      out.append(PyFormat.format(value, spec));
    }
    if (next != arguments.size()) {
      throw new Evaluator.NotStatic("not all arguments converted during string formatting");
    }
    return out.toString();
  }
}
