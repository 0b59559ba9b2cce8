package dev.tach.discovery.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The patterns of one {@code .gitignore}/{@code .ignore}/{@code info/exclude} file, in order. */
final class IgnoreFile {

  static final IgnoreFile EMPTY = new IgnoreFile(List.of());

  private final List<IgnorePattern> patterns;

  private IgnoreFile(List<IgnorePattern> patterns) {
    this.patterns = patterns;
  }

  /** Reads {@code file}; a missing or unreadable file has no patterns, as for git. */
  static IgnoreFile read(Path file) {
    try {
      return parse(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
    } catch (IOException e) {
      return EMPTY;
    }
  }

  static IgnoreFile parse(String text) {
    String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
    List<IgnorePattern> patterns = new ArrayList<>();
    for (String line : body.split("\n", -1)) {
      IgnorePattern.parse(line).ifPresent(patterns::add);
    }
    return patterns.isEmpty() ? EMPTY : new IgnoreFile(List.copyOf(patterns));
  }

  boolean isEmpty() {
    return patterns.isEmpty();
  }

  /** The last pattern that matches decides, as in git. */
  IgnorePattern.Match match(String relative, String name, boolean isDirectory) {
    for (int i = patterns.size() - 1; i >= 0; i--) {
      IgnorePattern.Match match = patterns.get(i).match(relative, name, isDirectory);
      if (match != IgnorePattern.Match.NONE) {
        return match;
      }
    }
    return IgnorePattern.Match.NONE;
  }
}
