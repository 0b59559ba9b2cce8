package dev.tach.discovery.files;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One line of a {@code .gitignore} or {@code .ignore} file with git's meaning ({@code
 * gitignore(5)}, {@code wildmatch}): {@code !} negates, a trailing {@code /} matches directories
 * only, a pattern without an inner or leading slash matches the base name at any depth, any other
 * is anchored to the file's directory; {@code **} between slashes spans directories, {@code *} and
 * {@code ?} stop at slashes, {@code [...]} is a set (with {@code !}/{@code ^}, ranges, POSIX
 * classes), a backslash escapes the next character.
 */
final class IgnorePattern {

  /** What a pattern says about a path. */
  enum Match {
    NONE,
    IGNORE,
    WHITELIST
  }

  private final String source;
  private final boolean negated;
  private final boolean directoryOnly;
  private final boolean basenameOnly;
  private final String literal;
  private final String suffix;
  private final Pattern regex;

  private IgnorePattern(
      String source,
      boolean negated,
      boolean directoryOnly,
      boolean basenameOnly,
      String literal,
      String suffix,
      Pattern regex) {
    this.source = source;
    this.negated = negated;
    this.directoryOnly = directoryOnly;
    this.basenameOnly = basenameOnly;
    this.literal = literal;
    this.suffix = suffix;
    this.regex = regex;
  }

  /**
   * Parses one line (without its line break); empty for blank lines, comments and patterns that can
   * never match (an unterminated {@code [} or a trailing backslash, as in git).
   */
  static Optional<IgnorePattern> parse(String line) {
    String text = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    if (text.isEmpty() || text.charAt(0) == '#') {
      return Optional.empty();
    }
    text = trimTrailingSpaces(text);
    boolean negated = false;
    if (text.startsWith("!")) {
      negated = true;
      text = text.substring(1);
    }
    boolean directoryOnly = false;
    if (text.endsWith("/")) {
      directoryOnly = true;
      text = text.substring(0, text.length() - 1);
    }
    boolean basenameOnly = text.indexOf('/') < 0;
    if (!basenameOnly && text.startsWith("/")) {
      text = text.substring(1);
    }
    if (text.isEmpty()) {
      return Optional.empty();
    }
    if (isPlain(text)) {
      return Optional.of(
          new IgnorePattern(line, negated, directoryOnly, basenameOnly, text, null, null));
    }
    if (basenameOnly && text.startsWith("*") && isPlain(text.substring(1))) {
      return Optional.of(
          new IgnorePattern(line, negated, directoryOnly, true, null, text.substring(1), null));
    }
    String regex = translate(text, !basenameOnly);
    if (regex == null) {
      return Optional.empty();
    }
    return Optional.of(
        new IgnorePattern(
            line,
            negated,
            directoryOnly,
            basenameOnly,
            null,
            null,
            Pattern.compile(regex, Pattern.DOTALL)));
  }

  /**
   * Matches a path below the pattern file's directory.
   *
   * @param relative the path relative to that directory, {@code /}-separated
   * @param name the path's last component
   */
  Match match(String relative, String name, boolean isDirectory) {
    if (directoryOnly && !isDirectory) {
      return Match.NONE;
    }
    String text = basenameOnly ? name : relative;
    boolean hit;
    if (literal != null) {
      hit = literal.equals(text);
    } else if (suffix != null) {
      hit = text.endsWith(suffix);
    } else {
      hit = regex.matcher(text).matches();
    }
    if (!hit) {
      return Match.NONE;
    }
    return negated ? Match.WHITELIST : Match.IGNORE;
  }

  @Override
  public String toString() {
    return source;
  }

  private static boolean isPlain(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '*' || c == '?' || c == '[' || c == '\\') {
        return false;
      }
    }
    return true;
  }

  /** git's trim_trailing_spaces: unescaped trailing spaces (not tabs) go. */
  private static String trimTrailingSpaces(String s) {
    int lastSpace = -1;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == ' ') {
        if (lastSpace < 0) {
          lastSpace = i;
        }
      } else if (c == '\\') {
        i++;
        if (i >= s.length()) {
          return s;
        }
        lastSpace = -1;
      } else {
        lastSpace = -1;
      }
    }
    return lastSpace < 0 ? s : s.substring(0, lastSpace);
  }

  /**
   * The Java regex for a wildmatch pattern, or null if it can never match.
   *
   * @param pathname git's {@code WM_PATHNAME}: wildcards stop at {@code /}, {@code **} spans
   */
  static String translate(String pattern, boolean pathname) {
    int[] p = pattern.codePoints().toArray();
    int n = p.length;
    StringBuilder out = new StringBuilder();
    String star = pathname ? "[^/]*" : ".*";
    int i = 0;
    while (i < n) {
      int c = p[i];
      if (c == '\\') {
        if (i + 1 >= n) {
          return null;
        }
        appendLiteral(out, p[i + 1]);
        i += 2;
      } else if (c == '*') {
        int j = i;
        while (j < n && p[j] == '*') {
          j++;
        }
        boolean doubleStar = j - i >= 2;
        boolean afterSlash = i == 0 || p[i - 1] == '/';
        if (pathname && doubleStar && afterSlash && j == n) {
          out.append(".*");
        } else if (pathname && doubleStar && afterSlash && p[j] == '/') {
          out.append("(?:.*/)?");
          j++;
        } else {
          out.append(star);
        }
        i = j;
      } else if (c == '?') {
        out.append(pathname ? "[^/]" : ".");
        i++;
      } else if (c == '[') {
        int end = bracket(p, i, pathname, out);
        if (end < 0) {
          return null;
        }
        i = end;
      } else {
        appendLiteral(out, c);
        i++;
      }
    }
    return out.toString();
  }

  /** Appends the set starting at {@code p[open] == '['}; returns the index after it, or -1. */
  private static int bracket(int[] p, int open, boolean pathname, StringBuilder out) {
    int n = p.length;
    int i = open + 1;
    boolean negated = false;
    if (i < n && (p[i] == '!' || p[i] == '^')) {
      negated = true;
      i++;
    }
    StringBuilder items = new StringBuilder();
    int prev = 0;
    boolean first = true;
    while (true) {
      if (i >= n) {
        return -1;
      }
      int c = p[i];
      if (c == ']' && !first) {
        break;
      }
      first = false;
      if (c == '\\') {
        i++;
        if (i >= n) {
          return -1;
        }
        c = p[i];
        appendLiteral(items, c);
        prev = c;
      } else if (c == '-' && prev != 0 && i + 1 < n && p[i + 1] != ']') {
        i++;
        int hi = p[i];
        if (hi == '\\') {
          i++;
          if (i >= n) {
            return -1;
          }
          hi = p[i];
        }
        // Replace the single low end already emitted by the range low-hi.
        if (hi >= prev) {
          items.append('-');
          appendLiteral(items, hi);
        }
        prev = 0;
      } else if (c == '[' && i + 1 < n && p[i + 1] == ':') {
        int s = i + 2;
        int k = s;
        while (k < n && p[k] != ']') {
          k++;
        }
        if (k >= n) {
          return -1;
        }
        if (k - 1 < s || p[k - 1] != ':') {
          appendLiteral(items, '[');
          prev = '[';
        } else {
          String cls = posixClass(new String(p, s, k - 1 - s));
          if (cls == null) {
            return -1;
          }
          items.append(cls);
          i = k;
          prev = 0;
        }
      } else {
        appendLiteral(items, c);
        prev = c;
      }
      i++;
    }
    if (negated) {
      out.append("[^").append(items);
      if (pathname) {
        out.append('/');
      }
      out.append(']');
    } else {
      out.append('[').append(items);
      if (pathname) {
        out.append("&&[^/]");
      }
      out.append(']');
    }
    return i + 1;
  }

  private static String posixClass(String name) {
    return switch (name) {
      case "alnum" -> "\\p{Alnum}";
      case "alpha" -> "\\p{Alpha}";
      case "blank" -> "\\p{Blank}";
      case "cntrl" -> "\\p{Cntrl}";
      case "digit" -> "\\p{Digit}";
      case "graph" -> "\\p{Graph}";
      case "lower" -> "\\p{Lower}";
      case "print" -> "\\p{Print}";
      case "punct" -> "\\p{Punct}";
      case "space" -> "\\p{Space}";
      case "upper" -> "\\p{Upper}";
      case "xdigit" -> "\\p{XDigit}";
      default -> null;
    };
  }

  private static void appendLiteral(StringBuilder out, int c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      out.append((char) c);
    } else {
      out.append("\\x{").append(Integer.toHexString(c)).append('}');
    }
  }
}
