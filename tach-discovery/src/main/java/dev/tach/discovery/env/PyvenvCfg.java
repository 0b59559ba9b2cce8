package dev.tach.discovery.env;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A {@code pyvenv.cfg}, read as {@code site.venv()} reads it: {@code key = value} lines. */
final class PyvenvCfg {

  final Path file;
  private final Map<String, String> values;

  private PyvenvCfg(Path file, Map<String, String> values) {
    this.file = file;
    this.values = values;
  }

  static Optional<PyvenvCfg> read(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    Map<String, String> values = new HashMap<>();
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        int eq = line.indexOf('=');
        if (eq >= 0) {
          values.put(
              line.substring(0, eq).strip().toLowerCase(java.util.Locale.ROOT),
              line.substring(eq + 1).strip());
        }
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.of(new PyvenvCfg(file, values));
  }

  Optional<String> get(String key) {
    return Optional.ofNullable(values.get(key));
  }

  /** {@code include-system-site-packages}; {@code site.py} treats a missing key as true. */
  boolean includeSystemSitePackages() {
    return get("include-system-site-packages")
        .orElse("true")
        .toLowerCase(java.util.Locale.ROOT)
        .equals("true");
  }
}
