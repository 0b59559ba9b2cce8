package dev.tach.resolver;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;
import dev.tach.api.model.FixtureDefinition;
import dev.tach.api.model.FixtureScope;
import java.util.List;
import java.util.Optional;

/**
 * What {@code pytest --fixtures [path]} shows: the fixtures registered when collecting a path or
 * node id (those visible from it and those defined below it), builtins first, then grouped by the
 * Python module that defines them.
 *
 * @param groups the groups in pytest's order; the first holds pytest's own fixtures and has no
 *     title
 */
@Api(Api.Status.EXPERIMENTAL)
public record FixtureListing(List<Group> groups) {

  private static final int WIDTH = 80;

  public FixtureListing {
    groups = List.copyOf(groups);
  }

  /**
   * One section of the listing.
   *
   * @param module the defining module pytest names in the section title ({@code fixtures defined
   *     from MODULE}); empty for the untitled section of pytest's own fixtures
   * @param entries its fixtures, in pytest's order
   */
  @Api(Api.Status.EXPERIMENTAL)
  public record Group(Optional<String> module, List<Entry> entries) {
    public Group {
      requireNonNull(module, "module is null");
      entries = List.copyOf(entries);
    }
  }

  /**
   * One fixture in the listing.
   *
   * @param name the fixture name
   * @param scope its scope
   * @param where {@code file:line}, or {@code .../_pytest/module.py} for pytest's own
   * @param doc its docstring, if any
   * @param origin what kind of place defines it
   */
  @Api(Api.Status.EXPERIMENTAL)
  public record Entry(
      String name,
      FixtureScope scope,
      String where,
      Optional<String> doc,
      FixtureDefinition.Origin origin) {
    public Entry {
      requireNonNull(name, "name is null");
      requireNonNull(scope, "scope is null");
      requireNonNull(where, "where is null");
      requireNonNull(doc, "doc is null");
      requireNonNull(origin, "origin is null");
    }
  }

  /**
   * The listing as pytest prints it (80 columns, no colours). Without {@code verbose}, names
   * starting with {@code _} are left out and docstrings cut to their first paragraph, as {@code
   * pytest --fixtures} does; with it, everything, as {@code -v} does.
   */
  public String render(boolean verbose) {
    StringBuilder out = new StringBuilder();
    for (Group group : groups) {
      group.module().ifPresent(m -> out.append('\n').append(sep("fixtures defined from " + m)));
      for (Entry entry : group.entries()) {
        if (!verbose && entry.name().startsWith("_")) {
          continue;
        }
        out.append(entry.name());
        if (entry.scope() != FixtureScope.FUNCTION) {
          out.append(" [").append(entry.scope().pytestName()).append(" scope]");
        }
        out.append(" -- ").append(entry.where()).append('\n');
        String doc = entry.doc().orElse("");
        if (doc.isBlank()) {
          out.append("    no docstring available\n");
        } else {
          String shown = verbose ? doc : doc.split("\n\n", 2)[0];
          shown.lines().forEach(line -> out.append("    ").append(line).append('\n'));
        }
        out.append('\n');
      }
    }
    return out.toString();
  }

  /** pytest's {@code TerminalWriter.sep("-", title)} at 80 columns. */
  private static String sep(String title) {
    int fill = Math.max((WIDTH - title.length() - 2) / 2, 1);
    String line = "-".repeat(fill) + " " + title + " " + "-".repeat(fill);
    return (line.length() + 1 <= WIDTH ? line + "-" : line) + '\n';
  }
}
