package dev.tach.discovery.config;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/** Python's view of values Jackson read from TOML: type names and {@code str()}. */
final class TomlValues {

  private TomlValues() {}

  /** The Python type name pytest puts in its type errors. */
  static String typeName(Object value) {
    if (value instanceof String) {
      return "str";
    } else if (value instanceof Boolean) {
      return "bool";
    } else if (value instanceof Integer || value instanceof Long || value instanceof BigInteger) {
      return "int";
    } else if (value instanceof Number) {
      return "float";
    } else if (value instanceof List) {
      return "list";
    } else if (value instanceof Map) {
      return "dict";
    }
    return value.getClass().getSimpleName();
  }

  /**
   * {@code str(v)} as pytest applies it to scalars of {@code [tool.pytest.ini_options]}; tables
   * and dates are approximated.
   */
  static String pythonStr(Object value) {
    if (value instanceof Boolean b) {
      return b ? "True" : "False";
    } else if (value instanceof Double d) {
      if (d.isNaN()) {
        return "nan";
      } else if (d.isInfinite()) {
        return d > 0 ? "inf" : "-inf";
      }
      return String.valueOf(d);
    }
    return String.valueOf(value);
  }
}
