package dev.tach.discovery.select;

import dev.tach.api.Api;
import dev.tach.api.model.Marker;
import dev.tach.api.model.TestCase;
import dev.tach.discovery.files.TestFile;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which statically discovered tests a command line selects, as pytest applies it: node-id
 * arguments ({@code t.py::TestA}, {@code t.py::test_b[1]}), {@code --deselect} prefixes, and
 * {@code -k} / {@code -m} ({@code _pytest/mark/__init__.py}). {@code -k} matches, case-insensitively as a substring, the names
 * of the test's nodes (directories below the rootdir, the module's file name, its classes, the
 * function with its parameter ids) and its markers' names; {@code -m} matches marker names,
 * with {@code name(key=value)} comparing a marker's keyword arguments when they are literals.
 * Names a test function gets by attribute assignment at run time are not known statically.
 */
@Api(Api.Status.EXPERIMENTAL)
public final class TestSelection {
  private final Optional<MatchExpression> keyword;
  private final Optional<MatchExpression> markers;
  /** Node-id arguments by file node id; a file absent here is selected whole. */
  private final Map<String, List<TestFile>> arguments;
  private final List<String> deselect;

  private TestSelection(
      Optional<MatchExpression> keyword,
      Optional<MatchExpression> markers,
      Map<String, List<TestFile>> arguments,
      List<String> deselect) {
    this.keyword = keyword;
    this.markers = markers;
    this.arguments = arguments;
    this.deselect = deselect;
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
        markers.filter(m -> !m.isBlank()).map(m -> MatchExpression.parse(m, "-m")),
        Map.of(),
        List.of());
  }

  /**
   * This selection with the collection's arguments: the test files with their {@code ::}
   * selections, and the {@code --deselect} prefixes.
   */
  public TestSelection withArguments(List<TestFile> files, List<String> deselectPrefixes) {
    Map<String, List<TestFile>> byFile = new HashMap<>();
    for (TestFile file : files) {
      byFile.computeIfAbsent(file.file().nodePath(), f -> new ArrayList<>()).add(file);
    }
    return new TestSelection(keyword, markers, byFile, List.copyOf(deselectPrefixes));
  }

  /** Whether the command line selects {@code test}, whose id is final (fixture params in). */
  public boolean selects(TestCase test) {
    String nodeId = test.nodeId();
    for (String prefix : deselect) {
      if (nodeId.startsWith(prefix)) {
        return false;
      }
    }
    List<TestFile> selections = arguments.get(test.file());
    if (selections != null
        && selections.stream().noneMatch(s -> s.isWholeFile() || matches(s, test))) {
      return false;
    }
    return matchesExpressions(test);
  }

  private static boolean matches(TestFile selection, TestCase test) {
    List<String> path = new ArrayList<>(test.classes());
    path.add(test.function());
    List<String> names = selection.names();
    if (names.size() > path.size() || !path.subList(0, names.size()).equals(names)) {
      return false;
    }
    return selection.parametrization().isEmpty()
        || (names.size() == path.size()
            && test.nodeId().equals(test.baseId() + selection.parametrization().get()));
  }

  /** Whether {@code test} passes {@code -k} and {@code -m}. */
  private boolean matchesExpressions(TestCase test) {
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
