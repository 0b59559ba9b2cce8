package dev.tach.discovery.files;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The dotted name pytest imports a file under ({@code _pytest/pathlib.py}: {@code
 * resolve_package_path}, {@code compute_module_name}, {@code module_name_from_path}): the highest
 * chain of directories with an {@code __init__.py} and an identifier name above the file makes the
 * package part; a file outside any package is its stem ({@code prepend}, {@code append}) or named
 * after its path below the rootdir ({@code importlib}).
 */
final class ModuleNames {

  private final ImportMode mode;
  private final Path rootdir;
  private final Map<Path, Boolean> packageDirs = new HashMap<>();
  private final Map<Path, String> packagePrefixes = new HashMap<>();
  private static final String NOT_A_PACKAGE = "";

  ModuleNames(ImportMode mode, Path rootdir) {
    this.mode = mode;
    this.rootdir = rootdir;
  }

  /** Records whether {@code dir} holds an {@code __init__.py} file, known from a listing. */
  void remember(Path dir, boolean hasInitFile) {
    packageDirs.putIfAbsent(dir, hasInitFile);
  }

  String of(Path file) {
    String prefix = packagePrefix(file.getParent());
    String stem = withoutSuffix(file.getFileName().toString());
    if (!prefix.isEmpty()) {
      return stem.equals("__init__") ? prefix : prefix + "." + stem;
    }
    if (mode == ImportMode.IMPORTLIB) {
      return fromPath(file);
    }
    return stem;
  }

  /**
   * The dotted name of package directory {@code dir} as {@code resolve_package_path} finds its root
   * (the highest unbroken chain of package directories above it), or empty if {@code dir} is no
   * package.
   */
  private String packagePrefix(Path dir) {
    if (dir == null || dir.getFileName() == null) {
      return NOT_A_PACKAGE;
    }
    String prefix = packagePrefixes.get(dir);
    if (prefix == null) {
      String name = dir.getFileName().toString();
      if (!isPackageDir(dir) || !isIdentifier(name)) {
        prefix = NOT_A_PACKAGE;
      } else {
        String above = packagePrefix(dir.getParent());
        prefix = above.isEmpty() ? name : above + "." + name;
      }
      packagePrefixes.put(dir, prefix);
    }
    return prefix;
  }

  /** {@code module_name_from_path(path, rootdir)}. */
  private String fromPath(Path file) {
    Path stripped = file.resolveSibling(withoutSuffix(file.getFileName().toString()));
    Path relative =
        stripped.startsWith(rootdir)
            ? rootdir.relativize(stripped)
            : stripped.getRoot() == null ? stripped : stripped.getRoot().relativize(stripped);
    int count = relative.getNameCount();
    if (count >= 2 && relative.getFileName().toString().equals("__init__")) {
      count--;
    }
    StringBuilder name = new StringBuilder();
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        name.append('.');
      }
      name.append(relative.getName(i).toString().replace('.', '_'));
    }
    return name.toString();
  }

  private boolean isPackageDir(Path dir) {
    return packageDirs.computeIfAbsent(dir, d -> Files.isRegularFile(d.resolve("__init__.py")));
  }

  /** {@code Path.with_suffix("")}: drops the last {@code .ext} unless the name starts with it. */
  static String withoutSuffix(String name) {
    return name.substring(0, name.length() - suffix(name).length());
  }

  /** {@code PurePath.suffix}. */
  static String suffix(String name) {
    int dot = name.lastIndexOf('.');
    if (dot > 0 && dot < name.length() - 1) {
      return name.substring(dot);
    }
    return "";
  }

  /** {@code str.isidentifier()}. */
  static boolean isIdentifier(String s) {
    if (s.isEmpty()) {
      return false;
    }
    int first = s.codePointAt(0);
    if (first != '_' && !Character.isUnicodeIdentifierStart(first)) {
      return false;
    }
    for (int i = Character.charCount(first); i < s.length(); ) {
      int c = s.codePointAt(i);
      if (!Character.isUnicodeIdentifierPart(c) || Character.isIdentifierIgnorable(c)) {
        return false;
      }
      i += Character.charCount(c);
    }
    return true;
  }
}
