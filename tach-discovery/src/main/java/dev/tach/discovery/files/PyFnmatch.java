package dev.tach.discovery.files;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Python's {@code fnmatch.fnmatchcase} (POSIX, so case-sensitive): {@code *} matches any text,
 * slashes included, {@code ?} one character, {@code [seq]}/{@code [!seq]} a set with Python's
 * handling of unterminated brackets, empty ranges and literal backslashes. Each pattern is
 * translated to a {@link Pattern} once.
 */
final class PyFnmatch {

  private final String pattern;
  private final Pattern regex;
  private final String prefix;
  private final String suffix;

  private PyFnmatch(String pattern, Pattern regex, String prefix, String suffix) {
    this.pattern = pattern;
    this.regex = regex;
    this.prefix = prefix;
    this.suffix = suffix;
  }

  /** Compiles {@code pattern}. */
  static PyFnmatch compile(String pattern) {
    if (!hasMagic(pattern)) {
      return new PyFnmatch(pattern, null, pattern, null);
    }
    int star = pattern.indexOf('*');
    String head = star < 0 ? "" : pattern.substring(0, star);
    String tail = star < 0 ? "" : pattern.substring(star + 1);
    if (star >= 0 && !hasMagic(head) && !hasMagic(tail)) {
      // The common shapes (test_*.py, *_test.py, .*) need no regex.
      return new PyFnmatch(pattern, null, head, tail);
    }
    return new PyFnmatch(pattern, Pattern.compile(translate(pattern), Pattern.DOTALL), null, null);
  }

  /** Whether {@code text} matches the whole pattern. */
  boolean matches(String text) {
    if (regex != null) {
      return regex.matcher(text).matches();
    }
    if (suffix == null) {
      return prefix.equals(text);
    }
    return text.length() >= prefix.length() + suffix.length()
        && text.startsWith(prefix)
        && text.endsWith(suffix);
  }

  String pattern() {
    return pattern;
  }

  static boolean hasMagic(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '*' || c == '?' || c == '[') {
        return true;
      }
    }
    return false;
  }

  /** The Java regex for {@code pat}, following CPython's {@code fnmatch.translate}. */
  static String translate(String pat) {
    int[] p = pat.codePoints().toArray();
    int n = p.length;
    StringBuilder out = new StringBuilder();
    boolean lastStar = false;
    int i = 0;
    while (i < n) {
      int c = p[i++];
      if (c == '*') {
        if (!lastStar) {
          out.append(".*");
        }
        lastStar = true;
        continue;
      }
      lastStar = false;
      if (c == '?') {
        out.append('.');
      } else if (c == '[') {
        int j = i;
        if (j < n && p[j] == '!') {
          j++;
        }
        if (j < n && p[j] == ']') {
          j++;
        }
        while (j < n && p[j] != ']') {
          j++;
        }
        if (j >= n) {
          out.append("\\[");
        } else {
          out.append(charClass(p, i, j));
          i = j + 1;
        }
      } else {
        appendLiteral(out, c);
      }
    }
    return out.toString();
  }

  /** The set {@code p[start:end]} (without brackets) as Python's translate builds it. */
  private static String charClass(int[] p, int start, int end) {
    List<int[]> chunks = new ArrayList<>();
    boolean hasHyphen = false;
    for (int k = start; k < end; k++) {
      hasHyphen |= p[k] == '-';
    }
    if (!hasHyphen) {
      chunks.add(slice(p, start, end));
    } else {
      int i = start;
      int k = p[start] == '!' ? start + 2 : start + 1;
      while (true) {
        k = indexOf(p, '-', k, end);
        if (k < 0) {
          break;
        }
        chunks.add(slice(p, i, k));
        i = k + 1;
        k = k + 3;
      }
      int[] chunk = slice(p, i, end);
      if (chunk.length > 0) {
        chunks.add(chunk);
      } else {
        chunks.set(chunks.size() - 1, append(chunks.get(chunks.size() - 1), '-'));
      }
      // Empty ranges (a > b) are dropped, merging their neighbours, as CPython does.
      for (int m = chunks.size() - 1; m > 0; m--) {
        int[] prev = chunks.get(m - 1);
        int[] next = chunks.get(m);
        if (prev.length > 0 && next.length > 0 && prev[prev.length - 1] > next[0]) {
          int[] merged = new int[prev.length - 1 + next.length - 1];
          System.arraycopy(prev, 0, merged, 0, prev.length - 1);
          System.arraycopy(next, 1, merged, prev.length - 1, next.length - 1);
          chunks.set(m - 1, merged);
          chunks.remove(m);
        }
      }
    }
    int total = 0;
    for (int[] chunk : chunks) {
      total += chunk.length;
    }
    if (total == 0) {
      return "(?!)";
    }
    boolean negated = chunks.get(0)[0] == '!';
    if (negated && total == 1) {
      return ".";
    }
    // Joints between chunks are ranges; every other character is literal.
    StringBuilder set = new StringBuilder(negated ? "[^" : "[");
    for (int c = 0; c < chunks.size(); c++) {
      int[] chunk = chunks.get(c);
      int from = c == 0 && negated ? 1 : 0;
      for (int k = from; k < chunk.length; k++) {
        boolean rangeStart = k == chunk.length - 1 && c < chunks.size() - 1;
        appendLiteral(set, chunk[k]);
        if (rangeStart) {
          set.append('-');
        }
      }
    }
    return set.append(']').toString();
  }

  private static void appendLiteral(StringBuilder out, int c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      out.append((char) c);
    } else {
      out.append("\\x{").append(Integer.toHexString(c)).append('}');
    }
  }

  private static int indexOf(int[] p, int c, int from, int to) {
    for (int k = Math.max(from, 0); k < to; k++) {
      if (p[k] == c) {
        return k;
      }
    }
    return -1;
  }

  private static int[] slice(int[] p, int from, int to) {
    int[] s = new int[Math.max(0, to - from)];
    System.arraycopy(p, from, s, 0, s.length);
    return s;
  }

  private static int[] append(int[] p, int c) {
    int[] s = new int[p.length + 1];
    System.arraycopy(p, 0, s, 0, p.length);
    s[p.length] = c;
    return s;
  }
}
