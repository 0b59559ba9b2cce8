package dev.tach.discovery.env;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Installed distributions as {@code importlib.metadata} finds them: {@code *.dist-info} and {@code
 * *.egg-info} entries of each search-path directory, in search-path order, the {@code Name:} and
 * {@code Version:} headers of their {@code METADATA}/{@code PKG-INFO}, and their {@code
 * entry_points.txt}.
 */
final class InstalledMetadata {

  /** One entry of an {@code entry_points.txt} group. */
  record EntryPoint(String name, String module, Optional<String> attribute) {}

  private InstalledMetadata() {}

  /** The metadata directories (or {@code .egg-info} files) in {@code dir}, sorted by name. */
  static List<Path> metadataEntries(ModuleFinder finder, Path dir) {
    List<Path> entries = new ArrayList<>();
    var names = finder.listing(dir);
    if (names == null) {
      return entries;
    }
    List<String> sorted = new ArrayList<>(names);
    sorted.sort(null);
    for (String name : sorted) {
      if (name.endsWith(".dist-info") || name.endsWith(".egg-info")) {
        entries.add(dir.resolve(name));
      }
    }
    return entries;
  }

  /** The normalized project name a metadata directory's name stands for. */
  static String nameOf(Path metadata) {
    String file = metadata.getFileName().toString();
    String stem = file.substring(0, file.lastIndexOf('.'));
    int dash = stem.indexOf('-');
    return normalize(dash < 0 ? stem : stem.substring(0, dash));
  }

  /** PEP 503 normalization, with {@code _} as importlib.metadata's lookup uses it. */
  static String normalize(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "_");
  }

  /** Reads {@code Name:} and {@code Version:}; empty if the metadata cannot be read. */
  static Optional<Distribution> read(Path metadata) {
    Path file =
        Files.isDirectory(metadata)
            ? metadata.resolve(
                metadata.getFileName().toString().endsWith(".dist-info") ? "METADATA" : "PKG-INFO")
            : metadata;
    String name = null;
    String version = null;
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = reader.readLine()) != null && !line.isEmpty()) {
        if (line.regionMatches(true, 0, "Name:", 0, 5) && name == null) {
          name = line.substring(5).strip();
        } else if (line.regionMatches(true, 0, "Version:", 0, 8) && version == null) {
          version = line.substring(8).strip();
        }
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    if (name == null || version == null) {
      return Optional.empty();
    }
    return Optional.of(new Distribution(name, version, metadata));
  }

  /** The entries of {@code group} in the distribution's {@code entry_points.txt}, in order. */
  static List<EntryPoint> entryPoints(Path metadata, String group) {
    List<EntryPoint> found = new ArrayList<>();
    Path file = metadata.resolve("entry_points.txt");
    if (!Files.isRegularFile(file)) {
      return found;
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return found;
    }
    String section = null;
    for (String raw : lines) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      if (line.startsWith("[") && line.endsWith("]")) {
        section = line.substring(1, line.length() - 1).strip();
        continue;
      }
      int eq = line.indexOf('=');
      if (!group.equals(section) || eq < 0) {
        continue;
      }
      String name = line.substring(0, eq).strip();
      String value = line.substring(eq + 1).strip();
      int extras = value.indexOf('[');
      if (extras >= 0) {
        value = value.substring(0, extras).strip();
      }
      int colon = value.indexOf(':');
      String module = (colon < 0 ? value : value.substring(0, colon)).strip();
      Optional<String> attribute =
          colon < 0 ? Optional.empty() : Optional.of(value.substring(colon + 1).strip());
      found.add(new EntryPoint(name, module, attribute));
    }
    return found;
  }
}
