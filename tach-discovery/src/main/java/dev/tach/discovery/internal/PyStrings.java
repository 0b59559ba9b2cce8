package dev.tach.discovery.internal;

/** Python's string semantics that discovery needs in several packages. Not exported. */
public final class PyStrings {
  private PyStrings() {}

  /** Python's {@code str < str}: code point order (Java's {@code compareTo} is UTF-16 order). */
  public static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }
}
