package dev.tach.discovery.env;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * {@code importlib}'s {@code PathFinder} over directories and zip files: in each search-path entry
 * a directory {@code name} with {@code __init__} plus a module suffix is a package, a file {@code
 * name} plus a suffix (extension suffixes, {@code .py}, {@code .pyc}, in that order) is a module,
 * and a directory without {@code __init__} is one portion of a namespace package that is used only
 * if no entry has a module or package of that name. Directory listings are cached, as {@code
 * FileFinder} caches them.
 */
final class ModuleFinder {

  private final List<String> suffixes;
  private final Map<Path, Set<String>> listings = new HashMap<>();
  private final Map<Path, Set<String>> zipNames = new HashMap<>();
  private final Map<Path, Path> zipOf = new HashMap<>();
  private static final Path NO_ARCHIVE = Path.of("");

  /**
   * @param extensionSuffixes {@code EXTENSION_SUFFIXES} of the interpreter, in its order
   */
  ModuleFinder(List<String> extensionSuffixes) {
    List<String> all = new ArrayList<>(extensionSuffixes);
    all.add(".py");
    all.add(".pyc");
    this.suffixes = List.copyOf(all);
  }

  /** The spec of {@code fullname}, whose last component is {@code tail}, on {@code path}. */
  Optional<ModuleSpec> find(String tail, String fullname, List<Path> path) {
    List<Path> portions = new ArrayList<>();
    for (Path entry : path) {
      Set<String> names = listing(entry);
      if (names != null) {
        Optional<ModuleSpec> spec = findInDirectory(entry, names, tail, fullname, portions);
        if (spec.isPresent()) {
          return spec;
        }
      } else {
        Path archive = zipArchive(entry);
        if (archive != null) {
          String prefix = archive.equals(entry) ? "" : archive.relativize(entry) + "/";
          Optional<ModuleSpec> spec = findInZip(archive, prefix, entry, tail, fullname, portions);
          if (spec.isPresent()) {
            return spec;
          }
        }
      }
    }
    if (!portions.isEmpty()) {
      return Optional.of(
          new ModuleSpec(fullname, ModuleSpec.Kind.NAMESPACE_PACKAGE, Optional.empty(), portions));
    }
    return Optional.empty();
  }

  private Optional<ModuleSpec> findInDirectory(
      Path entry, Set<String> names, String tail, String fullname, List<Path> portions) {
    if (names.contains(tail)) {
      Path base = entry.resolve(tail);
      Set<String> inner = listing(base);
      if (inner != null) {
        for (String suffix : suffixes) {
          String init = "__init__" + suffix;
          if (inner.contains(init) && Files.isRegularFile(base.resolve(init))) {
            return Optional.of(
                new ModuleSpec(
                    fullname,
                    ModuleSpec.Kind.PACKAGE,
                    Optional.of(base.resolve(init)),
                    List.of(base)));
          }
        }
        portions.add(base);
      }
    }
    for (String suffix : suffixes) {
      String file = tail + suffix;
      if (names.contains(file) && Files.isRegularFile(entry.resolve(file))) {
        return Optional.of(
            new ModuleSpec(fullname, kindOf(suffix), Optional.of(entry.resolve(file)), List.of()));
      }
    }
    return Optional.empty();
  }

  /** {@code zipimport}: a package, a module ({@code .py}/{@code .pyc}) or a namespace portion. */
  private Optional<ModuleSpec> findInZip(
      Path archive, String prefix, Path entry, String tail, String fullname, List<Path> portions) {
    Set<String> names = zipNames.computeIfAbsent(archive, ModuleFinder::readZip);
    if (names.isEmpty()) {
      return Optional.empty();
    }
    tail = prefix + tail;
    for (String suffix : List.of(".py", ".pyc")) {
      if (names.contains(tail + "/__init__" + suffix)) {
        return Optional.of(
            new ModuleSpec(
                fullname,
                ModuleSpec.Kind.PACKAGE,
                Optional.of(archive.resolve(tail).resolve("__init__" + suffix)),
                List.of(archive.resolve(tail))));
      }
    }
    for (String suffix : List.of(".py", ".pyc")) {
      if (names.contains(tail + suffix)) {
        return Optional.of(
            new ModuleSpec(
                fullname, kindOf(suffix), Optional.of(archive.resolve(tail + suffix)), List.of()));
      }
    }
    if (names.contains(tail + "/")) {
      portions.add(archive.resolve(tail));
    }
    return Optional.empty();
  }

  private static ModuleSpec.Kind kindOf(String suffix) {
    return switch (suffix) {
      case ".py" -> ModuleSpec.Kind.SOURCE;
      case ".pyc" -> ModuleSpec.Kind.BYTECODE;
      default -> ModuleSpec.Kind.EXTENSION;
    };
  }

  /** The zip file {@code entry} is or lies in, or null. */
  private Path zipArchive(Path entry) {
    Path archive = zipOf.computeIfAbsent(entry, ModuleFinder::findArchive);
    return archive == NO_ARCHIVE ? null : archive;
  }

  private static Path findArchive(Path entry) {
    for (Path p = entry; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p)) {
        return p;
      }
      if (Files.exists(p)) {
        return NO_ARCHIVE;
      }
    }
    return NO_ARCHIVE;
  }

  /** The names in directory {@code dir}, or null if it is not a readable directory. */
  Set<String> listing(Path dir) {
    if (listings.containsKey(dir)) {
      return listings.get(dir);
    }
    Set<String> names = null;
    if (Files.isDirectory(dir)) {
      names = new HashSet<>();
      try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
        for (Path child : stream) {
          names.add(child.getFileName().toString());
        }
      } catch (IOException e) {
        names = Set.of();
      }
    }
    listings.put(dir, names);
    return names;
  }

  /** Top-level names of a zip archive: files, and directories with a trailing slash. */
  private static Set<String> readZip(Path archive) {
    Set<String> names = new HashSet<>();
    try (ZipFile zip = new ZipFile(archive.toFile())) {
      var entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        String name = entry.getName();
        names.add(name);
        for (int slash = name.indexOf('/'); slash >= 0; slash = name.indexOf('/', slash + 1)) {
          names.add(name.substring(0, slash + 1));
        }
      }
    } catch (IOException e) {
      return Set.of();
    }
    return names;
  }
}
