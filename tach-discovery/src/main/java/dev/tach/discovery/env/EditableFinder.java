package dev.tach.discovery.env;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The package roots of a setuptools editable install ({@code __editable___NAME_finder.py},
 * installed by an {@code __editable__.NAME.pth} line): its generated {@code MAPPING} of top-level
 * names to directories or files, and {@code NAMESPACES} of namespace packages to their directories.
 * The finder is appended to {@code sys.meta_path}, after the path finder.
 */
final class EditableFinder {

  private static final Pattern MODULE = Pattern.compile("import\\s+(__editable___[\\w]+_finder)");
  private static final Pattern STRING =
      Pattern.compile("'((?:[^'\\\\]|\\\\.)*)'|\"((?:[^\"\\\\]|\\\\.)*)\"");

  final Path source;
  final Map<String, Path> mapping;
  final Map<String, List<Path>> namespaces;

  private EditableFinder(
      Path source, Map<String, Path> mapping, Map<String, List<Path>> namespaces) {
    this.source = source;
    this.mapping = mapping;
    this.namespaces = namespaces;
  }

  /** The finder module a {@code .pth} line imports, if it is a setuptools editable finder. */
  static Optional<String> finderModule(String line) {
    Matcher m = MODULE.matcher(line);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** Reads the generated finder; empty if its dictionaries cannot be read. */
  static Optional<EditableFinder> read(Path source) {
    String text;
    try {
      text = Files.readString(source, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return Optional.empty();
    }
    Optional<String> mapping = dictLiteral(text, "MAPPING");
    if (mapping.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Path> roots = new LinkedHashMap<>();
    List<String> strings = strings(mapping.get());
    for (int i = 0; i + 1 < strings.size(); i += 2) {
      roots.put(strings.get(i), Path.of(strings.get(i + 1)));
    }
    Map<String, List<Path>> namespaces = new LinkedHashMap<>();
    Optional<String> ns = dictLiteral(text, "NAMESPACES");
    if (ns.isPresent()) {
      Matcher entry =
          Pattern.compile("(" + STRING.pattern() + ")\\s*:\\s*\\[([^\\]]*)\\]").matcher(ns.get());
      while (entry.find()) {
        List<String> key = strings(entry.group(1));
        List<Path> dirs = new ArrayList<>();
        strings(entry.group(4)).forEach(s -> dirs.add(Path.of(s)));
        if (!key.isEmpty()) {
          namespaces.put(key.get(0), dirs);
        }
      }
    }
    return Optional.of(new EditableFinder(source, roots, namespaces));
  }

  /** The text between the braces of {@code NAME = {...}} (with an optional annotation). */
  private static Optional<String> dictLiteral(String text, String name) {
    Matcher m = Pattern.compile("(?m)^" + name + "\\s*(?::[^=\\n]*)?=\\s*\\{").matcher(text);
    if (!m.find()) {
      return Optional.empty();
    }
    int depth = 1;
    int i = m.end();
    char quote = 0;
    for (; i < text.length() && depth > 0; i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        if (c == '\\') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '{') {
        depth++;
      } else if (c == '}') {
        depth--;
      }
    }
    return depth == 0 ? Optional.of(text.substring(m.end(), i - 1)) : Optional.empty();
  }

  private static List<String> strings(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = STRING.matcher(text);
    while (m.find()) {
      out.add(unescape(m.group(1) != null ? m.group(1) : m.group(2)));
    }
    return out;
  }

  private static String unescape(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char next = s.charAt(++i);
        out.append(
            switch (next) {
              case 'n' -> '\n';
              case 't' -> '\t';
              default -> next;
            });
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
