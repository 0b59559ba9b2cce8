package dev.tach.discovery.extract;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * pytest's {@code _matches_prefix_or_glob_option}: a name matches an entry of {@code
 * python_classes} or {@code python_functions} when it starts with it, or, for an entry holding
 * {@code *}, {@code ?} or {@code [}, when {@code fnmatch} accepts it.
 */
final class NameFilter {

  private final List<String> prefixes;
  private final List<Pattern> globs = new ArrayList<>();

  NameFilter(List<String> entries) {
    this.prefixes = List.copyOf(entries);
    for (String entry : entries) {
      if (entry.indexOf('*') >= 0 || entry.indexOf('?') >= 0 || entry.indexOf('[') >= 0) {
        globs.add(Pattern.compile(fnmatchRegex(entry), Pattern.DOTALL));
      }
    }
  }

  boolean matches(String name) {
    for (String prefix : prefixes) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    for (Pattern glob : globs) {
      if (glob.matcher(name).matches()) {
        return true;
      }
    }
    return false;
  }

  /** Python's {@code fnmatch.translate}: {@code *}, {@code ?}, {@code [seq]}, {@code [!seq]}. */
  static String fnmatchRegex(String pattern) {
    StringBuilder regex = new StringBuilder();
    int i = 0;
    int n = pattern.length();
    while (i < n) {
      char c = pattern.charAt(i++);
      if (c == '*') {
        regex.append(".*");
      } else if (c == '?') {
        regex.append('.');
      } else if (c == '[') {
        int j = i;
        if (j < n && pattern.charAt(j) == '!') {
          j++;
        }
        if (j < n && pattern.charAt(j) == ']') {
          j++;
        }
        while (j < n && pattern.charAt(j) != ']') {
          j++;
        }
        if (j >= n) {
          regex.append("\\[");
        } else {
          String body = pattern.substring(i, j).replace("\\", "\\\\");
          i = j + 1;
          StringBuilder set = new StringBuilder("[");
          if (body.startsWith("!")) {
            set.append('^');
            body = body.substring(1);
          } else if (body.startsWith("^")) {
            set.append('\\');
          }
          for (char b : body.toCharArray()) {
            if (b == '[' || b == '&' || b == '~' || b == '|') {
              set.append('\\');
            }
            set.append(b);
          }
          regex.append(set).append(']');
        }
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return regex.toString();
  }
}
