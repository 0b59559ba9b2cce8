package dev.tach.reporters.internal;

/**
 * Makes text safe for XML 1.0 the way pytest's junitxml ({@code bin_xml_escape}) does: a character
 * XML 1.0 forbids becomes a visible {@code #x1B}, not an entity, because no entity can stand for it
 * in XML 1.0.
 */
public final class XmlText {
  private XmlText() {}

  /**
   * {@code text} with every character XML 1.0 forbids replaced by {@code #xNN} / {@code #xNNNN}.
   */
  public static String printable(String text) {
    int first = firstForbidden(text);
    if (first < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, first);
    for (int i = first; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        out.append(c).append(text.charAt(++i));
      } else if (allowed(c)) {
        out.append(c);
      } else {
        out.append(c <= 0xFF ? String.format("#x%02X", (int) c) : String.format("#x%04X", (int) c));
      }
    }
    return out.toString();
  }

  private static int firstForbidden(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (!allowed(c)) {
        return i;
      }
    }
    return -1;
  }

  // XML 1.0 Char, minus DEL and the C1 controls pytest also makes visible; surrogates only in
  // pairs.
  private static boolean allowed(char c) {
    return c == '\t'
        || c == '\n'
        || c == '\r'
        || (c >= 0x20 && c <= 0x7E)
        || (c >= 0x80 && c <= 0xD7FF)
        || (c >= 0xE000 && c <= 0xFFFD);
  }
}
