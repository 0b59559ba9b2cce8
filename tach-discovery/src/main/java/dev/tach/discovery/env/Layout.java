package dev.tach.discovery.env;

import dev.tach.api.ErrorCode;
import dev.tach.api.TachException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where an interpreter's files are, found as CPython's {@code getpath} and {@code site.venv} find
 * them on POSIX: a {@code pyvenv.cfg} next to the executable or one directory up makes a virtual
 * environment whose {@code home} is the base interpreter's directory; the prefix is the first
 * directory at or above the (real) executable's directory holding {@code lib/pythonX.Y/os.py}
 * ({@code lib64} on distributions whose {@code platlibdir} it is); {@code PYTHONHOME} overrides the
 * search.
 */
final class Layout {

  private static final Pattern VERSIONED_NAME = Pattern.compile("python(\\d)\\.(\\d+)(t?)");
  private static final Pattern STDLIB_DIR = Pattern.compile("python(\\d)\\.(\\d+)(t?)");
  private static final Pattern PATCHLEVEL =
      Pattern.compile("#define\\s+PY_VERSION\\s+\"(\\d+\\.\\d+\\.\\d+)[^\"]*\"");

  Path interpreter;
  Path executable;
  PythonVersion version;
  String threadSuffix = "";
  Optional<PyvenvCfg> venv = Optional.empty();
  Path prefix;
  Path execPrefix;
  Path basePrefix;
  Path baseExecPrefix;
  String platlibdir = "lib";
  boolean debianScheme;

  private Layout() {}

  /**
   * @throws TachException E005 when the interpreter does not exist or its standard library cannot
   *     be found
   */
  static Layout read(Path interpreter, Map<String, String> env, Path cwd) {
    Layout layout = new Layout();
    Path exe = cwd.resolve(interpreter).normalize();
    if (!Files.exists(exe)) {
      throw notUsable(interpreter, "Python interpreter not found: " + interpreter);
    }
    exe = PyenvShim.resolve(exe, env, cwd).orElse(exe);
    layout.interpreter = cwd.resolve(interpreter).normalize();
    layout.executable = exe;
    Path real;
    try {
      real = exe.toRealPath();
    } catch (IOException e) {
      throw notUsable(interpreter, "cannot resolve the interpreter " + exe + ": " + e.getMessage());
    }
    Path exeDir = exe.getParent();
    layout.venv = PyvenvCfg.read(exeDir.resolve("pyvenv.cfg"));
    if (layout.venv.isEmpty() && exeDir.getParent() != null) {
      layout.venv = PyvenvCfg.read(exeDir.getParent().resolve("pyvenv.cfg"));
    }

    Optional<PythonVersion> version = Optional.empty();
    if (layout.venv.isPresent()) {
      PyvenvCfg cfg = layout.venv.get();
      version = cfg.get("version_info").flatMap(PythonVersion::parse);
      if (version.isEmpty()) {
        version = cfg.get("version").flatMap(PythonVersion::parse);
      }
    }
    for (Path name : List.of(exe.getFileName(), real.getFileName())) {
      Matcher m = VERSIONED_NAME.matcher(name.toString());
      if (m.matches()) {
        layout.threadSuffix = m.group(3);
        if (version.isEmpty()) {
          version =
              Optional.of(
                  new PythonVersion(
                      Integer.parseInt(m.group(1)),
                      Integer.parseInt(m.group(2)),
                      OptionalInt.empty()));
        }
        break;
      }
    }

    if (version.isEmpty()) {
      version = versionFromLibpython(real);
    }
    Path searchStart =
        layout
            .venv
            .flatMap(c -> c.get("home"))
            .map(h -> cwd.resolve(h).normalize())
            .orElse(real.getParent());
    String home = env.get("PYTHONHOME");
    if (home != null && !home.isEmpty()) {
      String[] parts = home.split(":", 2);
      layout.basePrefix = cwd.resolve(parts[0]).normalize();
      layout.baseExecPrefix =
          parts.length > 1 ? cwd.resolve(parts[1]).normalize() : layout.basePrefix;
      if (version.isEmpty()) {
        version = versionFromStdlibDirs(layout.basePrefix, layout);
      }
      if (version.isEmpty()) {
        throw notUsable(interpreter, "cannot tell the Python version of " + interpreter);
      }
      layout.version = version.get();
      if (Files.isDirectory(layout.basePrefix.resolve("lib64").resolve(layout.stdlibName()))
          && !Files.isDirectory(layout.basePrefix.resolve("lib").resolve(layout.stdlibName()))) {
        layout.platlibdir = "lib64";
      }
    } else {
      Path found = null;
      for (Path dir = searchStart; dir != null && found == null; dir = dir.getParent()) {
        Optional<PythonVersion> candidate = version;
        if (candidate.isEmpty()) {
          candidate = versionFromStdlibDirs(dir, layout);
        }
        if (candidate.isPresent()) {
          String name = "python" + candidate.get().majorMinor() + layout.threadSuffix;
          for (String libdir : List.of("lib", "lib64")) {
            Path stdlib = dir.resolve(libdir).resolve(name);
            if (Files.isRegularFile(stdlib.resolve("os.py"))
                || Files.isRegularFile(stdlib.resolve("os.pyc"))) {
              found = dir;
              layout.platlibdir = libdir;
              version = candidate;
              break;
            }
          }
        }
      }
      if (found == null) {
        throw notUsable(
            interpreter,
            "cannot find the standard library (lib/python"
                + version.map(PythonVersion::majorMinor).orElse("X.Y")
                + "/os.py) at or above "
                + searchStart);
      }
      layout.version = version.get();
      layout.basePrefix = found;
      layout.baseExecPrefix = found;
      for (Path dir = searchStart; dir != null; dir = dir.getParent()) {
        if (Files.isDirectory(
            dir.resolve(layout.platlibdir).resolve(layout.stdlibName()).resolve("lib-dynload"))) {
          layout.baseExecPrefix = dir;
          break;
        }
      }
    }
    if (layout.version.micro().isEmpty()) {
      layout.version = withMicro(layout.version, layout.basePrefix, layout.stdlibName());
    }
    if (layout.venv.isPresent()) {
      layout.prefix = exeDir.getParent();
      layout.execPrefix = layout.prefix;
    } else {
      layout.prefix = layout.basePrefix;
      layout.execPrefix = layout.baseExecPrefix;
    }
    layout.debianScheme = isDebianSite(layout.stdlib().resolve("site.py"));
    return layout;
  }

  /** {@code pythonX.Y} (with {@code t} for a free-threaded build). */
  String stdlibName() {
    return "python" + version.majorMinor() + threadSuffix;
  }

  Path stdlib() {
    return basePrefix.resolve(platlibdir).resolve(stdlibName());
  }

  Path stdlibZip() {
    return basePrefix
        .resolve(platlibdir)
        .resolve("python" + version.major() + version.minor() + threadSuffix + ".zip");
  }

  Path libDynload() {
    return baseExecPrefix.resolve(platlibdir).resolve(stdlibName()).resolve("lib-dynload");
  }

  /** {@code site.getsitepackages(prefixes)}, Debian's variant when the stdlib is Debian's. */
  List<Path> sitePackages(List<Path> prefixes) {
    List<Path> dirs = new ArrayList<>();
    List<String> libdirs = platlibdir.equals("lib") ? List.of("lib") : List.of(platlibdir, "lib");
    List<Path> seen = new ArrayList<>();
    for (Path p : prefixes) {
      if (seen.contains(p)) {
        continue;
      }
      seen.add(p);
      if (debianScheme) {
        if (venv.isPresent()) {
          dirs.add(p.resolve("lib").resolve(stdlibName()).resolve("site-packages"));
        }
        dirs.add(p.resolve("local/lib").resolve(stdlibName()).resolve("dist-packages"));
        dirs.add(p.resolve("lib/python3/dist-packages"));
        for (String libdir : libdirs) {
          dirs.add(p.resolve(libdir).resolve(stdlibName()).resolve("dist-packages"));
        }
      } else {
        for (String libdir : libdirs) {
          dirs.add(p.resolve(libdir).resolve(stdlibName()).resolve("site-packages"));
        }
      }
    }
    return dirs;
  }

  private static Optional<PythonVersion> versionFromStdlibDirs(Path prefix, Layout layout) {
    List<Matcher> found = new ArrayList<>();
    for (String libdir : List.of("lib", "lib64")) {
      Path lib = prefix.resolve(libdir);
      if (!Files.isDirectory(lib)) {
        continue;
      }
      try (DirectoryStream<Path> stream = Files.newDirectoryStream(lib, "python3.*")) {
        for (Path dir : stream) {
          Matcher m = STDLIB_DIR.matcher(dir.getFileName().toString());
          if (m.matches() && Files.isRegularFile(dir.resolve("os.py"))) {
            found.add(m);
          }
        }
      } catch (IOException e) {
        // not a prefix
      }
    }
    if (found.size() != 1) {
      return Optional.empty();
    }
    Matcher m = found.get(0);
    layout.threadSuffix = m.group(3);
    return Optional.of(
        new PythonVersion(
            Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), OptionalInt.empty()));
  }

  /** The version of the {@code libpythonX.Y.so} a shared-library build links. */
  private static Optional<PythonVersion> versionFromLibpython(Path real) {
    ElfSymbols elf = ElfSymbols.read(real);
    if (elf == null) {
      return Optional.empty();
    }
    Pattern libpython = Pattern.compile("libpython(\\d)\\.(\\d+)t?\\.so.*");
    for (String needed : elf.needed) {
      Matcher m = libpython.matcher(needed);
      if (m.matches()) {
        return Optional.of(
            new PythonVersion(
                Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), OptionalInt.empty()));
      }
    }
    return Optional.empty();
  }

  /** Adds the micro version from {@code include/pythonX.Y/patchlevel.h}, if installed. */
  private static PythonVersion withMicro(PythonVersion version, Path prefix, String stdlibName) {
    Path header = prefix.resolve("include").resolve(stdlibName).resolve("patchlevel.h");
    try {
      Matcher m = PATCHLEVEL.matcher(Files.readString(header, StandardCharsets.ISO_8859_1));
      if (m.find()) {
        Optional<PythonVersion> full = PythonVersion.parse(m.group(1));
        if (full.isPresent()
            && full.get().major() == version.major()
            && full.get().minor() == version.minor()) {
          return full.get();
        }
      }
    } catch (IOException e) {
      // headers are optional
    }
    return version;
  }

  /** Debian and Ubuntu patch {@code site.py} to use {@code dist-packages}. */
  private static boolean isDebianSite(Path sitePy) {
    try (InputStream in = Files.newInputStream(sitePy)) {
      String text = new String(in.readNBytes(1 << 20), StandardCharsets.UTF_8);
      return text.contains("\"dist-packages\"");
    } catch (IOException e) {
      return false;
    }
  }

  static TachException notUsable(Path interpreter, String message) {
    return new TachException(
        ErrorCode.E005,
        message,
        "point Tach at a CPython 3.8+ interpreter (" + interpreter + " was given)");
  }
}
