package dev.tach.resolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tach.api.model.FixtureDefinition;
import dev.tach.api.model.FixtureScope;
import java.util.List;
import org.junit.jupiter.api.Test;

class BuiltinFixturesTest {

  private static List<String> names(String version, boolean pytester) {
    return BuiltinFixtures.forPytest(PytestVersion.parse(version), pytester).stream()
        .map(BuiltinFixture::name)
        .toList();
  }

  @Test
  void pytest9HasSubtestsAndCapteesys() {
    // `pytest --fixtures` of pytest 9.0.3 and 9.1.1, plugin autoload off.
    assertThat(names("9.0.3", false))
        .containsExactly(
            "cache",
            "capsys",
            "capteesys",
            "capsysbinary",
            "capfd",
            "capfdbinary",
            "doctest_namespace",
            "pytestconfig",
            "record_property",
            "record_xml_attribute",
            "record_testsuite_property",
            "tmpdir_factory",
            "tmpdir",
            "caplog",
            "monkeypatch",
            "recwarn",
            "subtests",
            "tmp_path_factory",
            "tmp_path");
    assertThat(names("9.1.1", false)).isEqualTo(names("9.0.3", false));
  }

  @Test
  void pytest84HasCapteesysButNoSubtests() {
    assertThat(names("8.4.2", false)).contains("capteesys").doesNotContain("subtests");
    assertThat(names("8.3.5", false)).doesNotContain("capteesys", "subtests");
  }

  @Test
  void pytest7HasTheOlderSet() {
    assertThat(names("7.4.4", false))
        .hasSize(17)
        .doesNotContain("capteesys", "subtests", "testdir", "pytester");
    BuiltinFixture tmpPath =
        BuiltinFixtures.forPytest(PytestVersion.parse("7.4"), false).stream()
            .filter(f -> f.name().equals("tmp_path"))
            .findFirst()
            .orElseThrow();
    assertThat(tmpPath.summary()).startsWith("Return a temporary directory path object");
  }

  @Test
  void pytesterIsAPluginNotADefault() {
    assertThat(names("9.0.3", true))
        .contains("pytester", "testdir", "linecomp", "LineMatcher", "_pytest", "_sys_snapshot")
        .doesNotContain("request");
    assertThat(names("9.0.3", false)).doesNotContain("pytester", "testdir");
  }

  @Test
  void builtinDefinitionsAreVisibleEverywhere() {
    FixtureDefinition definition =
        BuiltinFixtures.forPytest(PytestVersion.DEFAULT).stream()
            .filter(f -> f.name().equals("tmp_path_factory"))
            .findFirst()
            .orElseThrow()
            .definition();

    assertThat(definition.visibleFrom()).isEmpty();
    assertThat(definition.origin()).isEqualTo(FixtureDefinition.Origin.BUILTIN);
    assertThat(definition.scope()).isEqualTo(FixtureScope.SESSION);
    assertThat(definition.requests()).containsExactly("request");
    assertThat(definition.location().file()).isEqualTo("<builtin>");
  }

  @Test
  void versionsParseFromWhatPytestPrints() {
    assertThat(PytestVersion.parse("pytest 9.0.3")).isEqualTo(new PytestVersion(9, 0));
    assertThat(PytestVersion.parse("9.1.0.dev12+g1a2b")).isEqualTo(new PytestVersion(9, 1));
    assertThat(PytestVersion.parse("10.0").atLeast(9, 1)).isTrue();
    assertThat(PytestVersion.parse("8.4.2").atLeast(9, 0)).isFalse();
    assertThatThrownBy(() -> PytestVersion.parse("6.2.5"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PytestVersion.parse("latest"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
