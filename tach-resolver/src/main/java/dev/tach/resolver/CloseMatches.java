package dev.tach.resolver;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The names most like a misspelt one, for "did you mean" hints: by edit distance with adjacent
 * transpositions (optimal string alignment), case-insensitive. A candidate qualifies when at most a
 * third of the name's characters (at least one) differ, or when one name contains the other ({@code
 * db} in {@code db_session}).
 */
final class CloseMatches {
  private CloseMatches() {}

  /** At most {@code limit} of {@code candidates} closest to {@code name}, best first. */
  static List<String> of(String name, Iterable<String> candidates, int limit) {
    record Scored(String candidate, int distance) {}
    String wanted = name.toLowerCase(Locale.ROOT);
    int allowed = Math.max(1, wanted.length() / 3);
    List<Scored> scored = new ArrayList<>();
    for (String candidate : candidates) {
      String other = candidate.toLowerCase(Locale.ROOT);
      if (candidate.equals(name)) {
        continue;
      }
      int distance = distance(wanted, other);
      boolean contains =
          Math.min(wanted.length(), other.length()) >= 2
              && (other.contains(wanted) || wanted.contains(other));
      if (distance <= allowed || contains) {
        scored.add(new Scored(candidate, distance));
      }
    }
    scored.sort(Comparator.comparingInt(Scored::distance).thenComparing(Scored::candidate));
    return scored.stream().limit(limit).map(Scored::candidate).toList();
  }

  /** Edits (insert, delete, substitute, swap two neighbours) that turn {@code a} into {@code b}. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        int best = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          best = Math.min(best, d[i - 2][j - 2] + 1);
        }
        d[i][j] = best;
      }
    }
    return d[a.length()][b.length()];
  }
}
