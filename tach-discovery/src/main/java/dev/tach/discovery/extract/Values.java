package dev.tach.discovery.extract;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Python's value semantics for the values discovery computes: arithmetic, comparisons,
 * equality, truth, iteration, {@code str()} and {@code repr()}. Anything outside them throws
 * {@link Evaluator.NotStatic}.
 */
final class Values {

  private Values() {}

  static PyValue unary(String op, PyValue value) throws Evaluator.NotStatic {
    switch (op) {
      case "not" -> {
        return PyValue.ofBool(!truth(value));
      }
      case "-" -> {
        if (value instanceof PyValue.Bool || value instanceof PyValue.Int) {
          return new PyValue.Int(integer(value).negate());
        }
        if (value instanceof PyValue.Float f) {
          return new PyValue.Float(-f.value());
        }
        if (value instanceof PyValue.Complex c) {
          return new PyValue.Complex(-c.real(), -c.imag());
        }
      }
      case "+" -> {
        if (value instanceof PyValue.Bool || value instanceof PyValue.Int) {
          return new PyValue.Int(integer(value));
        }
        if (value instanceof PyValue.Float || value instanceof PyValue.Complex) {
          return value;
        }
      }
      case "~" -> {
        if (value instanceof PyValue.Bool || value instanceof PyValue.Int) {
          return new PyValue.Int(integer(value).not());
        }
      }
      default -> {}
    }
    throw new Evaluator.NotStatic("unary " + op + " of a value that is not a number");
  }

  static PyValue binary(PyValue left, String op, PyValue right) throws Evaluator.NotStatic {
    if (isNumber(left) && isNumber(right)) {
      return arithmetic(left, op, right);
    }
    if (op.equals("+")) {
      if (left instanceof PyValue.Str a && right instanceof PyValue.Str b) {
        return new PyValue.Str(a.value() + b.value());
      }
      if (left instanceof PyValue.Bytes a && right instanceof PyValue.Bytes b) {
        return new PyValue.Bytes(a.value() + b.value());
      }
      if (left instanceof PyValue.Seq a
          && right instanceof PyValue.Seq b
          && a.kind().equals(b.kind())
          && !a.kind().equals("set")
          && !a.kind().equals("iterator")) {
        List<PyValue> items = new ArrayList<>(a.items());
        items.addAll(b.items());
        checkSize(items.size());
        return new PyValue.Seq(a.kind(), items);
      }
    }
    if (op.equals("*")) {
      if (isInteger(right) && !isNumber(left)) {
        return repeat(left, integer(right));
      }
      if (isInteger(left) && !isNumber(right)) {
        return repeat(right, integer(left));
      }
    }
    if (op.equals("%") && left instanceof PyValue.Str format) {
      return new PyValue.Str(StrFormat.percent(format.value(), right));
    }
    if (op.equals("|") && left instanceof PyValue.Dict a && right instanceof PyValue.Dict b) {
      List<PyValue> keys = new ArrayList<>(a.keys());
      List<PyValue> dictValues = new ArrayList<>(a.values());
      for (int i = 0; i < b.keys().size(); i++) {
        put(keys, dictValues, b.keys().get(i), b.values().get(i));
      }
      return new PyValue.Dict(keys, dictValues);
    }
    for (PyValue side : List.of(left, right)) {
      if (side instanceof PyValue.Unknown unknown) {
        throw new Evaluator.NotStatic(unknown.why());
      }
    }
    throw new Evaluator.NotStatic("operator " + op + " on these values");
  }

  static PyValue repeat(PyValue value, BigInteger times) throws Evaluator.NotStatic {
    int count = Math.max(0, times.min(BigInteger.valueOf(Evaluator.MAX_ITEMS + 1L)).intValue());
    if (value instanceof PyValue.Str str) {
      checkSize((long) str.value().length() * count);
      return new PyValue.Str(str.value().repeat(count));
    }
    if (value instanceof PyValue.Bytes bytes) {
      checkSize((long) bytes.value().length() * count);
      return new PyValue.Bytes(bytes.value().repeat(count));
    }
    if (value instanceof PyValue.Seq seq
        && (seq.kind().equals("list") || seq.kind().equals("tuple"))) {
      checkSize((long) seq.items().size() * count);
      List<PyValue> items = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        items.addAll(seq.items());
      }
      return new PyValue.Seq(seq.kind(), items);
    }
    throw new Evaluator.NotStatic("operator * on these values");
  }

  static boolean isNumber(PyValue value) {
    return value instanceof PyValue.Int
        || value instanceof PyValue.Bool
        || value instanceof PyValue.Float
        || value instanceof PyValue.Complex;
  }

  static boolean isInteger(PyValue value) {
    return value instanceof PyValue.Int || value instanceof PyValue.Bool;
  }

  static PyValue arithmetic(PyValue left, String op, PyValue right) throws Evaluator.NotStatic {
    if (left instanceof PyValue.Complex || right instanceof PyValue.Complex) {
      double[] a = complex(left);
      double[] b = complex(right);
      switch (op) {
        case "+" -> {
          return new PyValue.Complex(a[0] + b[0], a[1] + b[1]);
        }
        case "-" -> {
          return new PyValue.Complex(a[0] - b[0], a[1] - b[1]);
        }
        case "*" -> {
          return new PyValue.Complex(a[0] * b[0] - a[1] * b[1], a[0] * b[1] + a[1] * b[0]);
        }
        default -> throw new Evaluator.NotStatic("complex operator " + op);
      }
    }
    if (left instanceof PyValue.Float || right instanceof PyValue.Float || op.equals("/")) {
      double a = toDouble(left);
      double b = toDouble(right);
      switch (op) {
        case "+" -> {
          return new PyValue.Float(a + b);
        }
        case "-" -> {
          return new PyValue.Float(a - b);
        }
        case "*" -> {
          return new PyValue.Float(a * b);
        }
        case "/" -> {
          if (b == 0) {
            throw new Evaluator.NotStatic("division by zero");
          }
          if (isInteger(left) && isInteger(right)) {
            return new PyValue.Float(exactDivide(integer(left), integer(right)));
          }
          return new PyValue.Float(a / b);
        }
        case "**" -> {
          if (a < 0 && b != Math.rint(b)) {
            throw new Evaluator.NotStatic("a negative number to a fractional power");
          }
          return new PyValue.Float(Math.pow(a, b));
        }
        case "//" -> {
          if (b == 0) {
            throw new Evaluator.NotStatic("division by zero");
          }
          return new PyValue.Float(Math.floor(a / b));
        }
        case "%" -> {
          if (b == 0) {
            throw new Evaluator.NotStatic("division by zero");
          }
          double mod = a % b;
          if (mod != 0 && (mod < 0) != (b < 0)) {
            mod += b;
          }
          return new PyValue.Float(mod);
        }
        default -> throw new Evaluator.NotStatic("float operator " + op);
      }
    }
    BigInteger a = integer(left);
    BigInteger b = integer(right);
    switch (op) {
      case "+" -> {
        return new PyValue.Int(a.add(b));
      }
      case "-" -> {
        return new PyValue.Int(a.subtract(b));
      }
      case "*" -> {
        return new PyValue.Int(a.multiply(b));
      }
      case "//", "%" -> {
        if (b.signum() == 0) {
          throw new Evaluator.NotStatic("division by zero");
        }
        BigInteger[] qr = a.divideAndRemainder(b);
        if (qr[1].signum() != 0 && qr[1].signum() != b.signum()) {
          qr[0] = qr[0].subtract(BigInteger.ONE);
          qr[1] = qr[1].add(b);
        }
        return new PyValue.Int(op.equals("//") ? qr[0] : qr[1]);
      }
      case "**" -> {
        if (b.signum() < 0) {
          return new PyValue.Float(Math.pow(a.doubleValue(), b.doubleValue()));
        }
        if (b.bitLength() > 16 || a.bitLength() * b.longValue() > 100_000) {
          throw new Evaluator.NotStatic("a power too large to compute");
        }
        return new PyValue.Int(a.pow(b.intValue()));
      }
      case "<<" -> {
        if (b.signum() < 0 || b.bitLength() > 16) {
          throw new Evaluator.NotStatic("a shift out of range");
        }
        return new PyValue.Int(a.shiftLeft(b.intValue()));
      }
      case ">>" -> {
        if (b.signum() < 0) {
          throw new Evaluator.NotStatic("a negative shift");
        }
        return new PyValue.Int(a.shiftRight(b.min(BigInteger.valueOf(1 << 20)).intValue()));
      }
      case "&" -> {
        return new PyValue.Int(a.and(b));
      }
      case "|" -> {
        return new PyValue.Int(a.or(b));
      }
      case "^" -> {
        return new PyValue.Int(a.xor(b));
      }
      default -> throw new Evaluator.NotStatic("int operator " + op);
    }
  }

  /** int / int rounded once, as Python does. */
  static double exactDivide(BigInteger a, BigInteger b) {
    if (a.bitLength() <= 53 && b.bitLength() <= 53) {
      return a.doubleValue() / b.doubleValue();
    }
    return new BigDecimal(a).divide(new BigDecimal(b), java.math.MathContext.DECIMAL128).doubleValue();
  }

  static double[] complex(PyValue value) throws Evaluator.NotStatic {
    if (value instanceof PyValue.Complex c) {
      return new double[] {c.real(), c.imag()};
    }
    return new double[] {toDouble(value), 0};
  }

  static double toDouble(PyValue value) throws Evaluator.NotStatic {
    if (value instanceof PyValue.Float f) {
      return f.value();
    }
    if (value instanceof PyValue.Int i) {
      return i.value().doubleValue();
    }
    if (value instanceof PyValue.Bool b) {
      return b.value() ? 1 : 0;
    }
    throw new Evaluator.NotStatic("a value that is not a real number");
  }

  static BigInteger integer(PyValue value) throws Evaluator.NotStatic {
    if (value instanceof PyValue.Int i) {
      return i.value();
    }
    if (value instanceof PyValue.Bool b) {
      return b.value() ? BigInteger.ONE : BigInteger.ZERO;
    }
    throw new Evaluator.NotStatic("a value that is not an int");
  }

  static double parseFloat(String text) throws Evaluator.NotStatic {
    String t = text.strip().toLowerCase(Locale.ROOT).replace("_", "");
    switch (t) {
      case "inf", "+inf", "infinity", "+infinity" -> {
        return Double.POSITIVE_INFINITY;
      }
      case "-inf", "-infinity" -> {
        return Double.NEGATIVE_INFINITY;
      }
      case "nan", "+nan", "-nan" -> {
        return Double.NaN;
      }
      default -> {
        try {
          if (!t.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)(e[+-]?\\d+)?")) {
            throw new NumberFormatException(t);
          }
          return Double.parseDouble(t);
        } catch (NumberFormatException e) {
          throw new Evaluator.NotStatic("float() of " + PyText.strRepr(text));
        }
      }
    }
  }

  /** The value of a number literal. */
  static PyValue number(String literal) throws Evaluator.NotStatic {
    String text = literal.replace("_", "").toLowerCase(Locale.ROOT);
    if (text.endsWith("j")) {
      return new PyValue.Complex(0, Double.parseDouble(text.substring(0, text.length() - 1)));
    }
    if (text.startsWith("0x")) {
      return new PyValue.Int(new BigInteger(text.substring(2), 16));
    }
    if (text.startsWith("0o")) {
      return new PyValue.Int(new BigInteger(text.substring(2), 8));
    }
    if (text.startsWith("0b")) {
      return new PyValue.Int(new BigInteger(text.substring(2), 2));
    }
    if (text.contains(".") || text.contains("e")) {
      return new PyValue.Float(Double.parseDouble(text));
    }
    try {
      return new PyValue.Int(new BigInteger(text));
    } catch (NumberFormatException e) {
      throw new Evaluator.NotStatic("a number literal " + literal);
    }
  }

  static boolean compare(PyValue left, String op, PyValue right) throws Evaluator.NotStatic {
    switch (op) {
      case "==" -> {
        return same(left, right);
      }
      case "!=" -> {
        return !same(left, right);
      }
      case "in" -> {
        return contains(right, left);
      }
      case "not in" -> {
        return !contains(right, left);
      }
      case "is", "is not" -> {
        boolean singletonLeft = left instanceof PyValue.None || left instanceof PyValue.Bool;
        boolean singletonRight = right instanceof PyValue.None || right instanceof PyValue.Bool;
        if (!singletonLeft && !singletonRight) {
          throw new Evaluator.NotStatic("identity of computed values");
        }
        boolean identical = singletonLeft && singletonRight && same(left, right);
        return op.equals("is") == identical;
      }
      default -> {
        int order = order(left, right);
        return switch (op) {
          case "<" -> order < 0;
          case "<=" -> order <= 0;
          case ">" -> order > 0;
          case ">=" -> order >= 0;
          default -> throw new Evaluator.NotStatic("comparison " + op);
        };
      }
    }
  }

  static boolean contains(PyValue container, PyValue item) throws Evaluator.NotStatic {
    if (container instanceof PyValue.Str haystack) {
      if (item instanceof PyValue.Str needle) {
        return haystack.value().contains(needle.value());
      }
      throw new Evaluator.NotStatic("'in <str>' of a value that is not a str");
    }
    for (PyValue candidate : iterate(container)) {
      if (same(candidate, item)) {
        return true;
      }
    }
    return false;
  }

  /** Python's {@code ==} for the values this evaluator knows. */
  static boolean same(PyValue a, PyValue b) throws Evaluator.NotStatic {
    if (isNumber(a) && isNumber(b)) {
      if (a instanceof PyValue.Complex || b instanceof PyValue.Complex) {
        double[] x = complex(a);
        double[] y = complex(b);
        return x[0] == y[0] && x[1] == y[1];
      }
      if (isInteger(a) && isInteger(b)) {
        return integer(a).equals(integer(b));
      }
      return toDouble(a) == toDouble(b);
    }
    if (a instanceof PyValue.Str x && b instanceof PyValue.Str y) {
      return x.value().equals(y.value());
    }
    if (a instanceof PyValue.Bytes x && b instanceof PyValue.Bytes y) {
      return x.value().equals(y.value());
    }
    if (a instanceof PyValue.None || b instanceof PyValue.None) {
      return a instanceof PyValue.None && b instanceof PyValue.None;
    }
    if (a instanceof PyValue.Seq x && b instanceof PyValue.Seq y) {
      if (category(x) == null || category(y) == null) {
        throw new Evaluator.NotStatic("comparison of iterators");
      }
      if (!x.kind().equals(y.kind())) {
        return false;
      }
      if (x.items().size() != y.items().size()) {
        return false;
      }
      for (int i = 0; i < x.items().size(); i++) {
        if (!same(x.items().get(i), y.items().get(i))) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof PyValue.VersionInfo || b instanceof PyValue.VersionInfo) {
      return order(a, b) == 0;
    }
    if (a instanceof PyValue.Dict x && b instanceof PyValue.Dict y) {
      if (x.keys().size() != y.keys().size()) {
        return false;
      }
      for (int i = 0; i < x.keys().size(); i++) {
        boolean found = false;
        for (int j = 0; j < y.keys().size() && !found; j++) {
          found =
              same(x.keys().get(i), y.keys().get(j)) && same(x.values().get(i), y.values().get(j));
        }
        if (!found) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof PyValue.Named x
        && b instanceof PyValue.Named y
        && x.symbol() != null
        && y.symbol() != null) {
      return x.name().equals(y.name())
          && LinkContext.qualifiedName(x.symbol()).equals(LinkContext.qualifiedName(y.symbol()));
    }
    if (presumedObject(a) && presumedObject(b)) {
      return a == b; // objects without __eq__ compare by identity
    }
    for (PyValue side : List.of(a, b)) {
      if (side instanceof PyValue.Unknown unknown) {
        throw new Evaluator.NotStatic(unknown.why());
      }
    }
    String left = category(a);
    String right = category(b);
    if (left != null && right != null && !left.equals(right)) {
      return false;
    }
    throw new Evaluator.NotStatic("equality of computed values");
  }

  static boolean presumedObject(PyValue value) {
    return value instanceof PyValue.Instance
        || value instanceof PyValue.Unknown unknown && unknown.namelessAssumption() != null;
  }

  /** The kind of a value whose equality with other kinds is always false, or null. */
  static String category(PyValue value) {
    if (isNumber(value)) {
      return "number";
    }
    if (value instanceof PyValue.Seq seq) {
      return seq.kind().equals("iterator") || seq.kind().equals("generator") ? null : seq.kind();
    }
    if (value instanceof PyValue.Instance
        || value instanceof PyValue.EnumMember
        || value instanceof PyValue.Unknown) {
      return null;
    }
    return value.getClass().getSimpleName();
  }

  /** Python's ordering for numbers, strings, bytes and sequences; throws for anything else. */
  static int order(PyValue a, PyValue b) throws Evaluator.NotStatic {
    if (a instanceof PyValue.VersionInfo version) {
      return versionOrder(version, b);
    }
    if (b instanceof PyValue.VersionInfo version) {
      return -versionOrder(version, a);
    }
    if (isNumber(a) && isNumber(b)) {
      if (a instanceof PyValue.Complex || b instanceof PyValue.Complex) {
        throw new Evaluator.NotStatic("ordering of complex numbers");
      }
      if (isInteger(a) && isInteger(b)) {
        return integer(a).compareTo(integer(b));
      }
      double x = toDouble(a);
      double y = toDouble(b);
      if (Double.isNaN(x) || Double.isNaN(y)) {
        throw new Evaluator.NotStatic("ordering with nan");
      }
      return Double.compare(x == 0 ? 0 : x, y == 0 ? 0 : y);
    }
    if (a instanceof PyValue.Str x && b instanceof PyValue.Str y) {
      return PyText.compareCodePoints(x.value(), y.value());
    }
    if (a instanceof PyValue.Bytes x && b instanceof PyValue.Bytes y) {
      return x.value().compareTo(y.value());
    }
    if (a instanceof PyValue.Seq x
        && b instanceof PyValue.Seq y
        && x.kind().equals(y.kind())
        && (x.kind().equals("tuple") || x.kind().equals("list"))) {
      for (int i = 0; i < Math.min(x.items().size(), y.items().size()); i++) {
        if (!same(x.items().get(i), y.items().get(i))) {
          return order(x.items().get(i), y.items().get(i));
        }
      }
      return Integer.compare(x.items().size(), y.items().size());
    }
    throw new Evaluator.NotStatic("ordering of these values");
  }

  /** {@code sys.version_info} against a tuple; its micro version is unknown. */
  static int versionOrder(PyValue.VersionInfo version, PyValue other) throws Evaluator.NotStatic {
    if (!(other instanceof PyValue.Seq tuple) || !tuple.kind().equals("tuple")) {
      throw new Evaluator.NotStatic("sys.version_info compared with a value that is not a tuple");
    }
    int[] known = {version.major(), version.minor()};
    for (int i = 0; i < tuple.items().size(); i++) {
      if (i >= 2) {
        throw new Evaluator.NotStatic("the target's micro version is unknown");
      }
      int order = BigInteger.valueOf(known[i]).compareTo(integer(tuple.items().get(i)));
      if (order != 0) {
        return order;
      }
    }
    return 1;
  }

  static void sort(List<PyValue> items) throws Evaluator.NotStatic {
    for (int i = 1; i < items.size(); i++) {
      PyValue item = items.get(i);
      int j = i - 1;
      while (j >= 0 && order(items.get(j), item) > 0) {
        items.set(j + 1, items.get(j));
        j--;
      }
      items.set(j + 1, item);
    }
  }

  /** The items of an iterable value. */
  static List<PyValue> iterate(PyValue value) throws Evaluator.NotStatic {
    List<PyValue> items = PyValue.iterate(value, Evaluator.MAX_ITEMS);
    if (value instanceof PyValue.Unknown unknown) {
      throw new Evaluator.NotStatic(unknown.why());
    }
    if (items == null) {
      if (value instanceof PyValue.Seq seq && seq.kind().equals("set")) {
        throw new Evaluator.NotStatic("iteration order of a set");
      }
      throw new Evaluator.NotStatic("iterating a value that is not a known sequence");
    }
    return items;
  }

  static PyValue set(List<PyValue> items) throws Evaluator.NotStatic {
    List<PyValue> unique = new ArrayList<>();
    for (PyValue item : items) {
      boolean seen = false;
      for (PyValue kept : unique) {
        if (same(kept, item)) {
          seen = true;
          break;
        }
      }
      if (!seen) {
        unique.add(item);
      }
    }
    return new PyValue.Seq("set", unique);
  }

  static void put(List<PyValue> keys, List<PyValue> dictValues, PyValue key, PyValue value)
      throws Evaluator.NotStatic {
    for (int i = 0; i < keys.size(); i++) {
      if (same(keys.get(i), key)) {
        dictValues.set(i, value);
        return;
      }
    }
    keys.add(key);
    dictValues.add(value);
    checkSize(keys.size());
  }

  static void checkSize(long size) throws Evaluator.NotStatic {
    if (size > Evaluator.MAX_ITEMS) {
      throw new Evaluator.NotStatic("more than " + Evaluator.MAX_ITEMS + " items");
    }
  }

  /** Python's truth value. */
  static boolean truth(PyValue value) throws Evaluator.NotStatic {
    if (value instanceof PyValue.None) {
      return false;
    }
    if (value instanceof PyValue.Bool b) {
      return b.value();
    }
    if (value instanceof PyValue.Int i) {
      return i.value().signum() != 0;
    }
    if (value instanceof PyValue.Float f) {
      return f.value() != 0;
    }
    if (value instanceof PyValue.Complex c) {
      return c.real() != 0 || c.imag() != 0;
    }
    if (value instanceof PyValue.Str s) {
      return !s.value().isEmpty();
    }
    if (value instanceof PyValue.Bytes b) {
      return !b.value().isEmpty();
    }
    if (value instanceof PyValue.Seq seq) {
      return seq.kind().equals("iterator") || !seq.items().isEmpty();
    }
    if (value instanceof PyValue.Dict dict) {
      return !dict.keys().isEmpty();
    }
    if (value instanceof PyValue.Range range) {
      return !iterate(range).isEmpty();
    }
    if (value instanceof PyValue.Instance instance) {
      throw new Evaluator.NotStatic("the truth of an instance of " + instance.typeName());
    }
    if (value instanceof PyValue.Unknown unknown) {
      throw new Evaluator.NotStatic(unknown.why());
    }
    return true;
  }

  /** Python's {@code str(value)}. */
  static String str(PyValue value) throws Evaluator.NotStatic {
    if (value instanceof PyValue.Str s) {
      return s.value();
    }
    if (value instanceof PyValue.EnumMember member) {
      return member.text();
    }
    return repr(value);
  }

  /** Python's {@code repr(value)} for literal values. */
  static String repr(PyValue value) throws Evaluator.NotStatic {
    if (value instanceof PyValue.None) {
      return "None";
    }
    if (value instanceof PyValue.Bool b) {
      return b.value() ? "True" : "False";
    }
    if (value instanceof PyValue.Int i) {
      return i.value().toString();
    }
    if (value instanceof PyValue.Float f) {
      return PyText.floatRepr(f.value());
    }
    if (value instanceof PyValue.Complex c) {
      return PyText.complexRepr(c.real(), c.imag());
    }
    if (value instanceof PyValue.Str s) {
      return PyText.strRepr(s.value());
    }
    if (value instanceof PyValue.Bytes b) {
      return PyText.bytesRepr(b.bytes());
    }
    if (value instanceof PyValue.Seq seq) {
      StringBuilder out = new StringBuilder();
      String open;
      String close;
      switch (seq.kind()) {
        case "tuple" -> {
          open = "(";
          close = seq.items().size() == 1 ? ",)" : ")";
        }
        case "list" -> {
          open = "[";
          close = "]";
        }
        case "set" -> {
          if (seq.items().isEmpty()) {
            return "set()";
          }
          if (seq.items().size() > 1) {
            throw new Evaluator.NotStatic("repr() of a set");
          }
          open = "{";
          close = "}";
        }
        default -> throw new Evaluator.NotStatic("repr() of an iterator");
      }
      out.append(open);
      for (int i = 0; i < seq.items().size(); i++) {
        if (i > 0) {
          out.append(", ");
        }
        out.append(repr(seq.items().get(i)));
      }
      return out.append(close).toString();
    }
    if (value instanceof PyValue.Dict dict) {
      StringBuilder out = new StringBuilder("{");
      for (int i = 0; i < dict.keys().size(); i++) {
        if (i > 0) {
          out.append(", ");
        }
        out.append(repr(dict.keys().get(i))).append(": ").append(repr(dict.values().get(i)));
      }
      return out.append('}').toString();
    }
    if (value instanceof PyValue.Range range) {
      return "range("
          + range.start()
          + ", "
          + range.stop()
          + (range.step().equals(BigInteger.ONE) ? "" : ", " + range.step())
          + ")";
    }
    throw new Evaluator.NotStatic("repr() of " + describeValue(value));
  }

  static String describeValue(PyValue value) {
    if (value instanceof PyValue.Unknown unknown) {
      return unknown.why();
    }
    if (value instanceof PyValue.Named named) {
      return named.name();
    }
    if (value instanceof PyValue.Lambda) {
      return "<lambda>";
    }
    if (value instanceof PyValue.Instance instance) {
      return "an instance of " + instance.typeName();
    }
    return value.getClass().getSimpleName().toLowerCase(Locale.ROOT);
  }
}
