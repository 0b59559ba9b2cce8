package dev.tach.discovery.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An INI file read the way pytest reads one: with the {@code iniconfig} package (checked against
 * iniconfig 2.3 as used by pytest 9.0), not Python's configparser. The differences matter: a
 * comment char inside a value is kept, {@code key: value} only counts when the part before
 * {@code =} holds a colon, blank and comment lines do not end a continuation, and a duplicate
 * section or key is an error.
 */
final class IniFile {

  private static final String COMMENT_CHARS = "#;";

  private final Map<String, Map<String, String>> sections;

  private IniFile(Map<String, Map<String, String>> sections) {
    this.sections = sections;
  }

  boolean hasSection(String name) {
    return sections.containsKey(name);
  }

  /** The keys of a section in file order; empty if there is no such section. */
  Map<String, String> section(String name) {
    return sections.getOrDefault(name, Map.of());
  }

  /**
   * Parses {@code data}; {@code origin} names the file in errors.
   *
   * @throws IniSyntaxException with the 1-based line of the first problem
   */
  static IniFile parse(String data) throws IniSyntaxException {
    List<Entry> entries = new ArrayList<>();
    String section = null;
    List<String> lines = PythonText.splitLines(data);
    for (int index = 0; index < lines.size(); index++) {
      int lineNumber = index + 1;
      String line = lines.get(index);
      String stripped = PythonText.lstrip(line);
      if (!stripped.isEmpty() && COMMENT_CHARS.indexOf(stripped.charAt(0)) >= 0) {
        continue;
      }
      line = PythonText.rstrip(line);
      if (line.isEmpty()) {
        continue;
      }
      if (line.charAt(0) == '[') {
        String header = line;
        for (char c : COMMENT_CHARS.toCharArray()) {
          int at = header.indexOf(c);
          if (at >= 0) {
            header = header.substring(0, at);
          }
          header = PythonText.rstrip(header);
        }
        if (header.charAt(header.length() - 1) == ']') {
          String name = header.substring(1, header.length() - 1);
          if (name.isEmpty()) {
            throw new IniSyntaxException(lineNumber, "empty section name");
          }
          section = name;
          entries.add(new Entry(lineNumber, section, null, null));
        } else {
          continuation(entries, lineNumber, PythonText.strip(line));
        }
      } else if (!PythonText.isSpace(line.charAt(0))) {
        int equals = line.indexOf('=');
        String name;
        String value;
        if (equals >= 0 && line.substring(0, equals).indexOf(':') < 0) {
          name = line.substring(0, equals);
          value = line.substring(equals + 1);
        } else {
          int colon = line.indexOf(':');
          if (colon < 0) {
            throw new IniSyntaxException(lineNumber, "unexpected line: " + PythonText.repr(line));
          }
          name = line.substring(0, colon);
          value = line.substring(colon + 1);
        }
        entries.add(
            new Entry(lineNumber, section, PythonText.strip(name), PythonText.strip(value)));
      } else {
        continuation(entries, lineNumber, PythonText.strip(line));
      }
    }
    return new IniFile(collect(entries));
  }

  private static void continuation(List<Entry> entries, int lineNumber, String data)
      throws IniSyntaxException {
    if (entries.isEmpty() || entries.get(entries.size() - 1).name == null) {
      throw new IniSyntaxException(lineNumber, "unexpected value continuation");
    }
    Entry last = entries.remove(entries.size() - 1);
    String value = last.value.isEmpty() ? data : last.value + "\n" + data;
    entries.add(new Entry(last.line, last.section, last.name, value));
  }

  private static Map<String, Map<String, String>> collect(List<Entry> entries)
      throws IniSyntaxException {
    Map<String, Map<String, String>> sections = new LinkedHashMap<>();
    for (Entry entry : entries) {
      if (entry.section == null) {
        throw new IniSyntaxException(entry.line, "no section header defined");
      }
      if (entry.name == null) {
        if (sections.containsKey(entry.section)) {
          throw new IniSyntaxException(
              entry.line, "duplicate section " + PythonText.repr(entry.section));
        }
        sections.put(entry.section, new LinkedHashMap<>());
      } else {
        Map<String, String> values = sections.get(entry.section);
        if (values.containsKey(entry.name)) {
          throw new IniSyntaxException(entry.line, "duplicate name " + PythonText.repr(entry.name));
        }
        values.put(entry.name, entry.value);
      }
    }
    sections.replaceAll((name, values) -> Collections.unmodifiableMap(values));
    return Collections.unmodifiableMap(sections);
  }

  private record Entry(int line, String section, String name, String value) {}

  /** A line iniconfig rejects; {@link #line()} is 1-based. */
  static final class IniSyntaxException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int line;

    IniSyntaxException(int line, String message) {
      super(message);
      this.line = line;
    }

    int line() {
      return line;
    }
  }
}
