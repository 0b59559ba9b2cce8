package dev.tach.discovery.files;

import java.nio.file.Path;

/**
 * pytest's {@code fnmatch_ex} ({@code _pytest/pathlib.py}): a pattern without {@code /} matches the
 * base name; one with {@code /} matches the whole absolute path, a relative pattern as if it
 * started with {@code *}{@code /}. Used for {@code python_files}, {@code norecursedirs} and {@code
 * --doctest-glob}.
 */
final class FnmatchEx {

  private final PyFnmatch matcher;
  private final boolean wholePath;

  private FnmatchEx(PyFnmatch matcher, boolean wholePath) {
    this.matcher = matcher;
    this.wholePath = wholePath;
  }

  static FnmatchEx compile(String pattern) {
    if (pattern.indexOf('/') < 0) {
      return new FnmatchEx(PyFnmatch.compile(pattern), false);
    }
    return new FnmatchEx(
        PyFnmatch.compile(pattern.startsWith("/") ? pattern : "*/" + pattern), true);
  }

  /** Whether the absolute {@code path}, whose last component is {@code name}, matches. */
  boolean matches(Path path, String name) {
    return matcher.matches(wholePath ? path.toString() : name);
  }
}
