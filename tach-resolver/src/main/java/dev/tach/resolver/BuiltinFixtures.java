package dev.tach.resolver;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;
import dev.tach.api.model.FixtureScope;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * pytest's builtin fixtures per release, for resolution and for {@code --fixtures} listings, from
 * the table {@code builtin-fixtures.tsv} next to this class.
 *
 * <p>Checked against the real {@code pytest --fixtures -v} (names, scopes, modules, first docstring
 * paragraph, order) and {@code FixtureDef.argnames} of pytest 8.4.2, 9.0.3 and 9.1.1, with {@code
 * PYTEST_DISABLE_PLUGIN_AUTOLOAD=1}, with and without {@code -p pytester}. The 7.x rows follow the
 * 7.4 documentation ({@code doc/en/builtin.rst}); 8.0–8.3 are assumed equal to 8.4 except for
 * {@code capteesys}, which 8.4 added. {@code subtests} is new in 9.0. The {@code pytester} plugin
 * (off unless {@code -p pytester} or {@code pytest_plugins = ["pytester"]}) adds {@code pytester},
 * {@code testdir}, {@code linecomp}, {@code LineMatcher} and three private fixtures.
 *
 * <p>{@code request} is not a fixture definition in any of these releases: pytest answers it for
 * every requester and never lists it, so it is not in the table either; see {@link #REQUEST}.
 */
@Api(Api.Status.EXPERIMENTAL)
public final class BuiltinFixtures {

  /** The pseudo fixture every test and fixture can request: the requesting context. */
  public static final String REQUEST = "request";

  /** One row: a fixture and the releases [since, until) that have it as stated. */
  private record Row(BuiltinFixture fixture, PytestVersion since, PytestVersion until) {}

  private static final List<Row> ROWS = load();

  private BuiltinFixtures() {}

  /**
   * The builtin fixtures of {@code version} with pytest's default plugins ({@code pytester} off).
   */
  public static List<BuiltinFixture> forPytest(PytestVersion version) {
    return forPytest(version, false);
  }

  /**
   * The builtin fixtures of {@code version}, in the order pytest lists them. Releases newer than
   * the newest one checked get the newest table.
   *
   * @param pytester whether the {@code pytester} plugin is active
   */
  public static List<BuiltinFixture> forPytest(PytestVersion version, boolean pytester) {
    requireNonNull(version, "version is null");
    List<BuiltinFixture> fixtures = new ArrayList<>();
    for (Row row : ROWS) {
      boolean released = version.compareTo(row.since()) >= 0;
      boolean current = row.until() == null || version.compareTo(row.until()) < 0;
      if (released && current && (pytester || !row.fixture().pytesterPlugin())) {
        fixtures.add(row.fixture());
      }
    }
    return List.copyOf(fixtures);
  }

  private static List<Row> load() {
    List<Row> rows = new ArrayList<>();
    try (InputStream in = BuiltinFixtures.class.getResourceAsStream("builtin-fixtures.tsv")) {
      if (in == null) {
        throw new IllegalStateException("builtin-fixtures.tsv is missing from tach-resolver");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (!line.isBlank() && !line.startsWith("#")) {
          rows.add(row(line));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.copyOf(rows);
  }

  private static Row row(String line) {
    String[] cells = line.split("\t", -1);
    if (cells.length != 8) {
      throw new IllegalStateException("builtin-fixtures.tsv: not 8 cells: " + line);
    }
    FixtureScope scope =
        FixtureScope.fromPytestName(cells[1])
            .orElseThrow(() -> new IllegalStateException("builtin-fixtures.tsv: " + line));
    List<String> requests = cells[3].isEmpty() ? List.of() : Arrays.asList(cells[3].split(","));
    BuiltinFixture fixture =
        new BuiltinFixture(
            cells[0],
            scope,
            cells[2],
            requests,
            cells[7].replace("\\n", "\n"),
            cells[6].equals("pytester"));
    return new Row(
        fixture,
        PytestVersion.parse(cells[4]),
        cells[5].isEmpty() ? null : PytestVersion.parse(cells[5]));
  }
}
