package dev.tach.discovery.files;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Python's {@code glob.glob(pattern, recursive=True)} relative to a working directory, which pytest
 * applies to each {@code testpaths} entry: wildcards per path component with {@code fnmatch}, names
 * starting with {@code .} only matched by patterns starting with {@code .}, {@code **} as a whole
 * component matching any number of directories, results spelled as the pattern spells them.
 */
final class PyGlob {

  private final Path cwd;

  private PyGlob(Path cwd) {
    this.cwd = cwd;
  }

  /** The matches of {@code pattern}, sorted as pytest sorts them. */
  static List<String> glob(Path cwd, String pattern) {
    List<String> out = new ArrayList<>();
    new PyGlob(cwd).iglob(pattern, false, out);
    if (pattern.startsWith("**") && !out.isEmpty() && out.get(0).isEmpty()) {
      out.remove(0);
    }
    out.sort(PyGlob::compareCodePoints);
    return out;
  }

  static int compareCodePoints(String a, String b) {
    return dev.tach.discovery.internal.PyStrings.compareCodePoints(a, b);
  }

  private void iglob(String pathname, boolean dironly, List<String> out) {
    int slash = pathname.lastIndexOf('/');
    String dirname = slash < 0 ? "" : stripTrailingSlashes(pathname.substring(0, slash + 1));
    String basename = pathname.substring(slash + 1);
    if (!PyFnmatch.hasMagic(pathname)) {
      if (basename.isEmpty() ? isDir(dirname) : lexists(pathname)) {
        out.add(pathname);
      }
      return;
    }
    if (dirname.isEmpty()) {
      if (basename.equals("**")) {
        glob2("", dironly, out);
      } else {
        glob1("", basename, dironly, out);
      }
      return;
    }
    List<String> dirs = new ArrayList<>();
    if (!dirname.equals(pathname) && PyFnmatch.hasMagic(dirname)) {
      iglob(dirname, true, dirs);
    } else {
      dirs.add(dirname);
    }
    for (String dir : dirs) {
      List<String> names = new ArrayList<>();
      if (!PyFnmatch.hasMagic(basename)) {
        if (basename.isEmpty() ? isDir(dir) : lexists(join(dir, basename))) {
          names.add(basename);
        }
      } else if (basename.equals("**")) {
        glob2(dir, dironly, names);
      } else {
        glob1(dir, basename, dironly, names);
      }
      for (String name : names) {
        out.add(join(dir, name));
      }
    }
  }

  private void glob1(String dir, String pattern, boolean dironly, List<String> out) {
    PyFnmatch matcher = PyFnmatch.compile(pattern);
    boolean hiddenPattern = pattern.startsWith(".");
    for (String name : list(dir, dironly)) {
      if ((hiddenPattern || !name.startsWith(".")) && matcher.matches(name)) {
        out.add(name);
      }
    }
  }

  private void glob2(String dir, boolean dironly, List<String> out) {
    out.add("");
    rlist(dir, dironly, "", out);
  }

  private void rlist(String dir, boolean dironly, String prefix, List<String> out) {
    for (String name : list(dir, dironly)) {
      if (!name.startsWith(".")) {
        out.add(prefix + name);
        rlist(dir.isEmpty() ? name : join(dir, name), dironly, prefix + name + "/", out);
      }
    }
  }

  private List<String> list(String dir, boolean dironly) {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(resolve(dir))) {
      for (Path entry : stream) {
        if (!dironly || Files.isDirectory(entry)) {
          names.add(entry.getFileName().toString());
        }
      }
    } catch (IOException | RuntimeException e) {
      // Python's glob skips directories it cannot list.
    }
    return names;
  }

  private Path resolve(String path) {
    return path.isEmpty() ? cwd : cwd.resolve(path);
  }

  private boolean lexists(String path) {
    return Files.exists(resolve(path), LinkOption.NOFOLLOW_LINKS);
  }

  private boolean isDir(String path) {
    return Files.isDirectory(resolve(path));
  }

  private static String join(String dir, String name) {
    if (dir.isEmpty() || dir.endsWith("/")) {
      return dir + name;
    }
    return dir + "/" + name;
  }

  private static String stripTrailingSlashes(String head) {
    int end = head.length();
    while (end > 1 && head.charAt(end - 1) == '/') {
      end--;
    }
    return head.substring(0, end);
  }
}
