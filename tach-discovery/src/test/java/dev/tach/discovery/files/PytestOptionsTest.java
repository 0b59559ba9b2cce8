package dev.tach.discovery.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tach.api.ErrorCode;
import dev.tach.api.TachException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PytestOptionsTest {

  @Test
  void valuesFollowAnEqualsSignOrComeAsTheNextArgument() {
    PytestOptions options =
        PytestOptions.parse(
            List.of(
                "--ignore=a",
                "--ignore",
                "b",
                "--ignore-glob=*.x",
                "--deselect",
                "t.py::x",
                "--confcutdir",
                "c",
                "tests"));
    assertThat(options.ignore()).containsExactly("a", "b");
    assertThat(options.ignoreGlob()).containsExactly("*.x");
    assertThat(options.deselect()).containsExactly("t.py::x");
    assertThat(options.confcutdir()).contains("c");
    assertThat(options.args()).containsExactly("tests");
  }

  @Test
  void shortOptionsTakeAttachedOrNextValuesAndClusterWithFlags() {
    PytestOptions options =
        PytestOptions.parse(
            List.of(
                "-vx",
                "-k",
                "expr and not y",
                "-mslow",
                "-pno:cacheprovider",
                "-rA",
                "-o",
                "x=1",
                "t.py"));
    assertThat(options.keyword()).contains("expr and not y");
    assertThat(options.markExpression()).contains("slow");
    assertThat(options.plugins()).containsExactly("no:cacheprovider");
    assertThat(options.overrideIni()).containsExactly("x=1");
    assertThat(options.args()).containsExactly("t.py");
  }

  @Test
  void valuesOfOptionsThatDoNotMatterAreNotTakenForPaths() {
    PytestOptions options =
        PytestOptions.parse(
            List.of(
                "--tb",
                "short",
                "-W",
                "error",
                "--maxfail",
                "2",
                "-n",
                "4",
                "--debug",
                "--junitxml",
                "out.xml",
                "a.py"));
    assertThat(options.args()).containsExactly("a.py");
  }

  @Test
  void doubleDashEndsOptions() {
    PytestOptions options = PytestOptions.parse(List.of("-q", "--", "-weird.py", "--ignore=x"));
    assertThat(options.args()).containsExactly("-weird.py", "--ignore=x");
    assertThat(options.ignore()).isEmpty();
  }

  @Test
  void flagsAndImportModeAreRead() {
    PytestOptions options =
        PytestOptions.parse(
            List.of(
                "--import-mode=importlib",
                "--noconftest",
                "--keep-duplicates",
                "--collect-in-virtualenv",
                "--doctest-modules",
                "--disable-plugin-autoload",
                "--rootdir",
                "r",
                "-c",
                "cfg.ini"));
    assertThat(options.importMode()).isEqualTo(ImportMode.IMPORTLIB);
    assertThat(options.noconftest()).isTrue();
    assertThat(options.keepDuplicates()).isTrue();
    assertThat(options.collectInVirtualenv()).isTrue();
    assertThat(options.doctestModules()).isTrue();
    assertThat(options.disablePluginAutoload()).isTrue();
    assertThat(options.rootdir()).contains("r");
    assertThat(options.configFile()).contains("cfg.ini");
  }

  @Test
  void badImportModeAndMissingValueAreCommandLineErrors() {
    assertThatThrownBy(() -> PytestOptions.parse(List.of("--import-mode=zip")))
        .isInstanceOfSatisfying(
            TachException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.E002))
        .hasMessageContaining("invalid choice: 'zip'");
    assertThatThrownBy(() -> PytestOptions.parse(List.of("--ignore")))
        .isInstanceOfSatisfying(
            TachException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.E002))
        .hasMessage("argument --ignore: expected one argument");
  }

  @Test
  void addoptsComeFirstThenTheEnvironmentThenTheArguments() throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("tach-opts");
    try {
      java.nio.file.Files.writeString(
          dir.resolve("pytest.ini"), "[pytest]\naddopts = --ignore=from_ini -k ini\n");
      var config = dev.tach.discovery.config.PytestConfigLoader.load(dir, List.of());
      PytestOptions options =
          PytestOptions.parse(
              config, Optional.of("--ignore='from env' -k env"), List.of("-k", "cli"));
      assertThat(options.ignore()).containsExactly("from_ini", "from env");
      assertThat(options.keyword()).contains("cli");
    } finally {
      java.nio.file.Files.deleteIfExists(dir.resolve("pytest.ini"));
      java.nio.file.Files.deleteIfExists(dir);
    }
  }
}
