package dev.tach.discovery.select;

import dev.tach.api.Api;
import dev.tach.api.model.Marker;
import dev.tach.api.model.TestCase;
import java.math.BigInteger;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * pytest's {@code -k} and {@code -m} for a statically discovered test ({@code
 * _pytest/mark/__init__.py}). {@code -k} matches, case-insensitively as a substring, the names
 * of the test's nodes (directories below the rootdir, the module's file name, its classes, the
 * function with its parameter ids) and its markers' names; {@code -m} matches marker names,
 * with {@code name(key=value)} comparing a marker's keyword arguments when they are literals.
 * Names a test function gets by attribute assignment at run time are not known statically.
 */
@Api(Api.Status.EXPERIMENTAL)
public final class TestSelection {
  private final Optional<MatchExpression> keyword;
  private final Optional<MatchExpression> markers;

  private TestSelection(Optional<MatchExpression> keyword, Optional<MatchExpression> markers) {
    this.keyword = keyword;
    this.markers = markers;
  }

  /**
   * The selection of {@code -k EXPR} and {@code -m EXPR}, each if given (blank is none, as in
   * pytest).
   *
   * @throws dev.tach.api.TachException E002 for a malformed expression
   */
  public static TestSelection of(Optional<String> keyword, Optional<String> markers) {
    return new TestSelection(
        keyword.map(String::strip).filter(k -> !k.isEmpty()).map(k -> MatchExpression.parse(k, "-k")),
        markers.filter(m -> !m.isBlank()).map(m -> MatchExpression.parse(m, "-m")));
  }

  /** Whether anything is selected by expression at all. */
  public boolean isEmpty() {
    return keyword.isEmpty() && markers.isEmpty();
  }

  /** Whether {@code test} passes both expressions. */
  public boolean selects(TestCase test) {
    if (keyword.isPresent()) {
      Set<String> names = keywordNames(test);
      boolean match = keyword.get().evaluate((ident, kwargs) -> {
        String sub = ident.toLowerCase(Locale.ROOT);
        return names.stream().anyMatch(name -> name.contains(sub));
      });
      if (!match) {
        return false;
      }
    }
    if (markers.isPresent()) {
      return markers.get().evaluate((name, kwargs) -> test.markers().stream()
          .anyMatch(marker -> marker.name().equals(name) && kwargsMatch(marker, kwargs)));
    }
    return true;
  }

  /** The lower-cased names {@code -k} matches against. */
  static Set<String> keywordNames(TestCase test) {
    Set<String> names = new LinkedHashSet<>();
    String file = test.file();
    String[] parts = file.split("/");
    for (String part : parts) {
      if (!part.equals("..") && !part.isEmpty()) {
        names.add(part.toLowerCase(Locale.ROOT));
      }
    }
    for (String cls : test.classes()) {
      names.add(cls.toLowerCase(Locale.ROOT));
    }
    String nodeId = test.nodeId();
    names.add(nodeId.substring(nodeId.lastIndexOf("::") + 2).toLowerCase(Locale.ROOT));
    for (Marker marker : test.markers()) {
      names.add(marker.name().toLowerCase(Locale.ROOT));
    }
    return names;
  }

  private static boolean kwargsMatch(Marker marker, Map<String, Object> wanted) {
    for (Map.Entry<String, Object> entry : wanted.entrySet()) {
      String source = marker.keywords().get(entry.getKey());
      if (source == null || !literalEquals(source.strip(), entry.getValue())) {
        return false;
      }
    }
    return true;
  }

  /** Whether Python source {@code source} is a literal equal to {@code value}. */
  private static boolean literalEquals(String source, Object value) {
    if (value == MatchExpression.NONE) {
      return source.equals("None");
    }
    if (value instanceof Boolean b) {
      return source.equals(b ? "True" : "False");
    }
    if (value instanceof BigInteger i) {
      try {
        return new BigInteger(source.replace("_", "")).equals(i);
      } catch (NumberFormatException notAnInt) {
        return false;
      }
    }
    String text = value.toString();
    if (source.length() >= 2) {
      char q = source.charAt(0);
      if ((q == '\'' || q == '"') && source.charAt(source.length() - 1) == q) {
        return source.substring(1, source.length() - 1).equals(text);
      }
    }
    return false;
  }
}
