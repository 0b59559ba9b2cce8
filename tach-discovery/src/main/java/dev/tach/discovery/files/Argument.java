package dev.tach.discovery.files;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A resolved collection argument ({@code _pytest/main.py} {@code CollectionArgument}).
 *
 * @param raw the argument as given
 * @param path the file or directory, absolute
 * @param names the {@code ::} parts after the path
 * @param parametrization the {@code [...]} suffix, if any
 * @param index the argument's position on the command line
 */
record Argument(
    String raw, Path path, List<String> names, Optional<String> parametrization, int index) {

  private static final Comparator<Argument> ORDER =
      Comparator.comparing(Argument::path, Argument::comparePaths)
          .thenComparing(Argument::names, Argument::compareNames)
          .thenComparing(a -> a.parametrization().orElse(""), PyGlob::compareCodePoints);

  /**
   * {@code normalize_collection_arguments}: drops arguments another one subsumes (a directory
   * without parts subsumes everything below it; equal paths compare parts and parametrization),
   * keeping the earlier of duplicates, in command-line order.
   */
  static List<Argument> normalize(List<Argument> args) {
    List<Argument> sorted = new ArrayList<>(args);
    sorted.sort(ORDER.thenComparingInt(Argument::index));
    List<Argument> kept = new ArrayList<>();
    Argument last = null;
    for (Argument arg : sorted) {
      if (last == null || !arg.isSubsumedBy(last)) {
        kept.add(arg);
        last = arg;
      }
    }
    kept.sort(Comparator.comparingInt(Argument::index));
    return kept;
  }

  private boolean isSubsumedBy(Argument by) {
    if (!by.path.equals(path)) {
      return by.names.isEmpty() && path.startsWith(by.path);
    }
    if (by.names.size() > names.size() || !names.subList(0, by.names.size()).equals(by.names)) {
      return false;
    }
    return by.parametrization.isEmpty() || by.parametrization.equals(parametrization);
  }

  /** {@code PurePosixPath} ordering: component by component. */
  private static int comparePaths(Path a, Path b) {
    int n = Math.min(a.getNameCount(), b.getNameCount());
    for (int i = 0; i < n; i++) {
      int c = PyGlob.compareCodePoints(a.getName(i).toString(), b.getName(i).toString());
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.getNameCount(), b.getNameCount());
  }

  private static int compareNames(List<String> a, List<String> b) {
    int n = Math.min(a.size(), b.size());
    for (int i = 0; i < n; i++) {
      int c = PyGlob.compareCodePoints(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }
}
