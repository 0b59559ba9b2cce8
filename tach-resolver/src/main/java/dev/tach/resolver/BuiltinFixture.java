package dev.tach.resolver;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;
import dev.tach.api.model.FixtureDefinition;
import dev.tach.api.model.FixtureScope;
import dev.tach.api.model.SourceLocation;
import java.util.List;
import java.util.Optional;

/**
 * A fixture pytest itself provides ({@code tmp_path}, {@code capsys}, …), as {@code pytest
 * --fixtures} shows it.
 *
 * @param name the fixture name
 * @param scope its scope
 * @param pytestModule the {@code _pytest} module defining it, e.g. {@code _pytest.capture}
 * @param requests the fixtures it requests, in order ({@code request} included)
 * @param summary the first paragraph of its docstring, as {@code pytest --fixtures} prints it
 *     without {@code -v}
 * @param pytesterPlugin whether it exists only with {@code -p pytester}
 */
@Api(Api.Status.EXPERIMENTAL)
public record BuiltinFixture(
    String name,
    FixtureScope scope,
    String pytestModule,
    List<String> requests,
    String summary,
    boolean pytesterPlugin) {

  /** The file name pytest's own fixtures are located at in the model. */
  public static final String LOCATION = "<builtin>";

  public BuiltinFixture {
    requireNonNull(name, "name is null");
    requireNonNull(scope, "scope is null");
    requireNonNull(pytestModule, "pytestModule is null");
    requests = List.copyOf(requests);
    requireNonNull(summary, "summary is null");
  }

  /**
   * Where {@code pytest --fixtures} says it is, without the line: {@code .../_pytest/capture.py}.
   */
  public String prettyPath() {
    return ".../" + pytestModule.replace('.', '/') + ".py";
  }

  /** This fixture as the model states fixtures: origin BUILTIN, visible everywhere. */
  public FixtureDefinition definition() {
    return new FixtureDefinition(
        name,
        name,
        new SourceLocation(LOCATION, 0),
        FixtureDefinition.Origin.BUILTIN,
        "",
        scope,
        false,
        false,
        requests,
        List.of(),
        false,
        summary.isEmpty() ? Optional.empty() : Optional.of(summary));
  }
}
