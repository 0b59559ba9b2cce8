package dev.tach.reporters.internal;

/** ANSI colours for a terminal, or none when the terminal takes none. */
public final class Ansi {
  public static final String RED = "\u001b[31m";
  public static final String GREEN = "\u001b[32m";
  public static final String YELLOW = "\u001b[33m";
  public static final String BOLD_RED = "\u001b[1;31m";
  public static final String BOLD_GREEN = "\u001b[1;32m";
  public static final String BOLD_YELLOW = "\u001b[1;33m";
  public static final String BOLD = "\u001b[1m";
  private static final String RESET = "\u001b[0m";

  private final boolean enabled;

  public Ansi(boolean enabled) {
    this.enabled = enabled;
  }

  /** Appends {@code text} in {@code colour} (one of the constants), or plain when disabled. */
  public StringBuilder paint(StringBuilder out, String colour, CharSequence text) {
    if (enabled) {
      return out.append(colour).append(text).append(RESET);
    }
    return out.append(text);
  }

  /** Appends one character in {@code colour}. */
  public StringBuilder paint(StringBuilder out, String colour, char c) {
    if (enabled) {
      return out.append(colour).append(c).append(RESET);
    }
    return out.append(c);
  }
}
