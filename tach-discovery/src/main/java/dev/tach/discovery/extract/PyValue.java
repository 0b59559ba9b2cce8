package dev.tach.discovery.extract;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * A Python value that discovery computed without running Python: literals, containers of them,
 * and the few objects whose only interesting property is their {@code __name__} or that they have
 * none.
 */
sealed interface PyValue {

  /** {@code None}. */
  record None() implements PyValue {}

  /** {@code True} or {@code False}. */
  record Bool(boolean value) implements PyValue {}

  /** An {@code int}. */
  record Int(BigInteger value) implements PyValue {}

  /** A {@code float}. */
  record Float(double value) implements PyValue {}

  /** A {@code complex}. */
  record Complex(double real, double imag) implements PyValue {}

  /** A {@code str}. */
  record Str(String value) implements PyValue {}

  /** A {@code bytes}; each char is one byte. */
  record Bytes(String value) implements PyValue {
    byte[] bytes() {
      byte[] result = new byte[value.length()];
      for (int i = 0; i < result.length; i++) {
        result[i] = (byte) value.charAt(i);
      }
      return result;
    }
  }

  /** A tuple, list or set ({@code kind}), items in iteration order. */
  record Seq(String kind, List<PyValue> items) implements PyValue {}

  /** A dict, keys in insertion order. */
  record Dict(List<PyValue> keys, List<PyValue> values) implements PyValue {}

  /** {@code range(start, stop, step)}. */
  record Range(BigInteger start, BigInteger stop, BigInteger step) implements PyValue {}

  /**
   * An object with a {@code __name__}: a function, class, module, builtin or lambda. {@code
   * symbol} is what it resolved to, for calls and attribute access; {@code assumption} says what
   * was guessed to call it named (null when nothing was).
   */
  record Named(String name, Sym symbol, String assumption) implements PyValue {
    Named(String name, Sym symbol) {
      this(name, symbol, null);
    }
  }

  /**
   * A value discovery could not compute; using it (for an id, a test, an iteration) fails with
   * {@code why}, unless {@code namelessAssumption} is set: then it is taken to be an object
   * without a {@code __name__}, and that guess is reported.
   */
  record Unknown(String why, String namelessAssumption) implements PyValue {}

  /** A lambda, with the scope and comprehension variables it closes over. */
  record Lambda(PyExpr.Lambda lambda, Scope scope, java.util.Map<String, PyValue> closure)
      implements PyValue {}

  /** An object without a {@code __name__} (an instance of {@code typeName}). */
  record Instance(String typeName) implements PyValue {}

  /** A member of an {@code enum.Enum}: {@code str()} gives {@code text}. */
  record EnumMember(String text) implements PyValue {}

  /** A compiled {@code re} pattern. */
  record Pattern(String pattern) implements PyValue {}

  /** {@code pytest.param(*values, marks=..., id=...)}; {@code id} null when not given. */
  record Param(List<PyValue> values, List<MarkRef> marks, PyValue id) implements PyValue {}

  /** A {@code pytest.mark.NAME[(...)]} mark decorator. */
  record Mark(MarkRef mark) implements PyValue {}

  /** {@code pytest.HIDDEN_PARAM}. */
  record Hidden() implements PyValue {}

  /** {@code sys.version_info} of the target interpreter (micro version unknown). */
  record VersionInfo(int major, int minor) implements PyValue {}

  PyValue NONE = new None();
  PyValue TRUE = new Bool(true);
  PyValue FALSE = new Bool(false);

  static PyValue ofBool(boolean value) {
    return value ? TRUE : FALSE;
  }

  static PyValue ofInt(long value) {
    return new Int(BigInteger.valueOf(value));
  }

  /** The items of an iterable value, or null when it is not a known finite iterable. */
  static List<PyValue> iterate(PyValue value, int limit) {
    if (value instanceof Seq seq) {
      if (seq.kind().equals("set") && seq.items().size() > 1) {
        return null;
      }
      return seq.items();
    }
    if (value instanceof Str str) {
      List<PyValue> chars = new ArrayList<>();
      str.value().codePoints().forEach(c -> chars.add(new Str(new String(Character.toChars(c)))));
      return chars;
    }
    if (value instanceof Bytes bytes) {
      List<PyValue> items = new ArrayList<>();
      for (int i = 0; i < bytes.value().length(); i++) {
        items.add(ofInt(bytes.value().charAt(i)));
      }
      return items;
    }
    if (value instanceof Dict dict) {
      return dict.keys();
    }
    if (value instanceof Range range) {
      List<PyValue> items = new ArrayList<>();
      BigInteger i = range.start();
      int sign = range.step().signum();
      while (sign > 0 ? i.compareTo(range.stop()) < 0 : i.compareTo(range.stop()) > 0) {
        if (items.size() >= limit) {
          return null;
        }
        items.add(new Int(i));
        i = i.add(range.step());
      }
      return items;
    }
    return null;
  }
}
