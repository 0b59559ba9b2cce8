package dev.tach.discovery.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tach.api.ErrorCode;
import dev.tach.api.TachException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PytestConfigLoaderTest {

  @TempDir Path project;

  private Path write(String relative, String text) throws IOException {
    Path file = project.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    return file;
  }

  private PytestConfig load(String... args) {
    return PytestConfigLoader.load(project, List.of(args));
  }

  @Test
  void emptyPytestIniIsTheConfigFileAndRootdirIsItsDirectory() throws IOException {
    Path ini = write("pytest.ini", "");
    Files.createDirectories(project.resolve("tests/unit"));

    PytestConfig config = PytestConfigLoader.load(project.resolve("tests/unit"), List.of());

    assertThat(config.rootdir()).isEqualTo(project);
    assertThat(config.inifile()).contains(ini);
    assertThat(config.raw()).isEmpty();
  }

  @Test
  void hiddenPytestIniCountsToo() throws IOException {
    Path ini = write(".pytest.ini", "[pytest]\npython_files = check_*.py\n");

    assertThat(load().inifile()).contains(ini);
    assertThat(load().pythonFiles()).containsExactly("check_*.py");
  }

  @Test
  void withoutConfigTheDefaultsOfPytestApply() {
    PytestConfig config = load();

    assertThat(config.inifile()).isEmpty();
    assertThat(config.pythonFiles()).containsExactly("test_*.py", "*_test.py");
    assertThat(config.pythonClasses()).containsExactly("Test");
    assertThat(config.pythonFunctions()).containsExactly("test");
    assertThat(config.testpaths()).isEmpty();
    assertThat(config.norecursedirs())
        .containsExactly(
            "*.egg", ".*", "_darcs", "build", "CVS", "dist", "node_modules", "venv", "{arch}");
    assertThat(config.pythonpath()).isEmpty();
    assertThat(config.markers()).isEmpty();
    assertThat(config.usefixtures()).isEmpty();
    assertThat(config.addopts()).isEmpty();
  }

  @Test
  void withinOneDirectoryPytestTomlBeatsPytestIniBeatsPyprojectBeatsToxBeatsSetupCfg()
      throws IOException {
    write("setup.cfg", "[tool:pytest]\npython_classes = FromSetupCfg\n");
    write("tox.ini", "[pytest]\npython_classes = FromTox\n");
    write("pyproject.toml", "[tool.pytest.ini_options]\npython_classes = \"FromPyproject\"\n");
    write("pytest.ini", "[pytest]\npython_classes = FromPytestIni\n");
    Path toml = write("pytest.toml", "[pytest]\npython_classes = [\"FromPytestToml\"]\n");

    PytestConfig config = load();

    assertThat(config.inifile()).contains(toml);
    assertThat(config.pythonClasses()).containsExactly("FromPytestToml");
    assertThat(config.ignoredConfigFiles())
        .containsExactly("pytest.ini", "pyproject.toml", "tox.ini", "setup.cfg");

    Files.delete(toml);
    assertThat(load().pythonClasses()).containsExactly("FromPytestIni");
    Files.delete(project.resolve("pytest.ini"));
    assertThat(load().pythonClasses()).containsExactly("FromPyproject");
    Files.delete(project.resolve("pyproject.toml"));
    assertThat(load().pythonClasses()).containsExactly("FromTox");
    Files.delete(project.resolve("tox.ini"));
    assertThat(load().pythonClasses()).containsExactly("FromSetupCfg");
  }

  @Test
  void nearerDirectoryWinsOverABetterFileNameFurtherUp() throws IOException {
    write("pytest.ini", "[pytest]\n");
    Path tox = write("pkg/tox.ini", "[pytest]\ntestpaths = t\n");

    PytestConfig config = load("pkg");

    assertThat(config.rootdir()).isEqualTo(project.resolve("pkg"));
    assertThat(config.inifile()).contains(tox);
  }

  @Test
  void pyprojectCountsOnlyWithAPytestTable() throws IOException {
    write("pyproject.toml", "[tool.black]\nline-length = 100\n");
    Path tox = write("tox.ini", "[pytest]\naddopts = -ra\n");

    assertThat(load().inifile()).contains(tox);

    write("tox.ini", "[tox]\nenvlist = py311\n");
    write("setup.cfg", "[metadata]\nname = x\n");
    Files.createDirectories(project.resolve("src"));
    PytestConfig onlyPyproject = load("src");
    assertThat(onlyPyproject.inifile()).contains(project.resolve("pyproject.toml"));
    assertThat(onlyPyproject.rootdir()).isEqualTo(project);
    assertThat(onlyPyproject.raw()).isEmpty();
  }

  @Test
  void emptyIniOptionsTableStillMakesPyprojectTheConfigFile() throws IOException {
    write("sub/pyproject.toml", "[tool.black]\n");
    Path outer = write("pyproject.toml", "[tool.pytest.ini_options]\n");

    PytestConfig config = load("sub");

    // sub/pyproject.toml is remembered, but a real pytest table further up wins over it.
    assertThat(config.inifile()).contains(outer);
    assertThat(config.rootdir()).isEqualTo(project);
  }

  @Test
  void iniOptionsScalarsBecomePythonStrings() throws IOException {
    write(
        "pyproject.toml",
        "[tool.pytest.ini_options]\n"
            + "xfail_strict = true\n"
            + "timeout = 30\n"
            + "testpaths = [\"tests\", \"integration tests\"]\n"
            + "addopts = \"-ra -q --tb='short form'\"\n");

    PytestConfig config = load();

    assertThat(config.value("xfail_strict").orElseThrow().value()).isEqualTo("True");
    assertThat(config.value("timeout").orElseThrow().value()).isEqualTo("30");
    assertThat(config.value("timeout").orElseThrow().mode()).isEqualTo(ConfigValue.Mode.INI);
    assertThat(config.testpaths()).containsExactly("tests", "integration tests");
    assertThat(config.addopts()).containsExactly("-ra", "-q", "--tb=short form");
  }

  @Test
  void toolPytestTableKeepsNativeTomlTypes() throws IOException {
    write(
        "pyproject.toml",
        "[tool.pytest]\nxfail_strict = true\npython_files = [\"check_*.py\"]\n");

    PytestConfig config = load();

    assertThat(config.value("xfail_strict").orElseThrow().value()).isEqualTo(true);
    assertThat(config.value("xfail_strict").orElseThrow().mode()).isEqualTo(ConfigValue.Mode.TOML);
    assertThat(config.pythonFiles()).containsExactly("check_*.py");
  }

  @Test
  void tomlModeStringWhereAListIsExpectedIsAConfigError() throws IOException {
    write("pyproject.toml", "[tool.pytest]\ntestpaths = \"tests\"\n");

    assertThatThrownBy(this::load)
        .isInstanceOfSatisfying(
            TachException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.E001))
        .hasMessageContaining("testpaths")
        .hasMessageContaining("expects a list");
  }

  @Test
  void bothToolPytestAndIniOptionsIsAConfigError() throws IOException {
    write("pyproject.toml", "[tool.pytest]\nx = 1\n[tool.pytest.ini_options]\ny = \"2\"\n");

    assertThatThrownBy(this::load)
        .isInstanceOfSatisfying(
            TachException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.E001))
        .hasMessageContaining("simultaneously");
  }

  @Test
  void toxIniWithoutPytestSectionAndSetupCfgWithoutToolPytestAreSkipped() throws IOException {
    write("tox.ini", "[tox]\nenvlist = py311\n");
    write("setup.cfg", "[flake8]\nmax-line-length = 100\n");

    assertThat(load().inifile()).isEmpty();
  }

  @Test
  void plainPytestSectionInSetupCfgIsRejectedLikePytestDoes() throws IOException {
    write("setup.cfg", "[pytest]\naddopts = -q\n");

    assertThatThrownBy(this::load)
        .isInstanceOfSatisfying(
            TachException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.E001))
        .hasMessageContaining("[tool:pytest]");
  }

  @Test
  void multiLineIniValuesAreSplitByTheirOptionType() throws IOException {
    write(
        "tox.ini",
        "[pytest]\n"
            + "markers =\n"
            + "    slow: marks tests as slow  # kept, iniconfig has no inline comments\n"
            + "\n"
            + "    # a comment line does not end the value\n"
            + "    serial\n"
            + "testpaths = tests\n"
            + "    docs \"with space\"\n"
            + "norecursedirs = .git build\n"
            + "  node_modules\n"
            + "usefixtures: clean_db\n"
            + "python_functions = test_* check_*\n");

    PytestConfig config = load();

    assertThat(config.markers())
        .containsExactly("slow: marks tests as slow  # kept, iniconfig has no inline comments", "serial");
    assertThat(config.testpaths()).containsExactly("tests", "docs", "with space");
    assertThat(config.norecursedirs()).containsExactly(".git", "build", "node_modules");
    assertThat(config.usefixtures()).containsExactly("clean_db");
    assertThat(config.pythonFunctions()).containsExactly("test_*", "check_*");
  }

  @Test
  void pythonpathIsRelativeToTheConfigFile() throws IOException {
    write("pytest.ini", "[pytest]\npythonpath = src ../shared\n");
    Files.createDirectories(project.resolve("tests"));

    PytestConfig config = PytestConfigLoader.load(project.resolve("tests"), List.of());

    assertThat(config.pythonpath())
        .containsExactly(project.resolve("src"), project.getParent().resolve("shared"));
  }

  @Test
  void commonAncestorOfTheArgumentsIsWhereTheSearchStarts() throws IOException {
    write("a/pytest.ini", "[pytest]\n");
    write("a/x/test_one.py", "");
    write("a/y/test_two.py", "");

    PytestConfig config = load("a/x/test_one.py::test_it", "a/y", "--verbose", "missing");

    assertThat(config.rootdir()).isEqualTo(project.resolve("a"));
  }

  @Test
  void withoutConfigTheNearestSetupPyMakesTheRootdir() throws IOException {
    write("setup.py", "");
    Files.createDirectories(project.resolve("pkg/tests"));

    PytestConfig config = load("pkg/tests");

    assertThat(config.rootdir()).isEqualTo(project);
    assertThat(config.inifile()).isEmpty();
  }

  @Test
  void rootdirOptionReplacesTheRootdirButNotTheConfigFile() throws IOException {
    Path ini = write("pytest.ini", "[pytest]\n");
    Files.createDirectories(project.resolve("elsewhere"));

    PytestConfig config =
        PytestConfigLoader.load(
            project, List.of(), Optional.empty(), Optional.of("elsewhere"), List.of());

    assertThat(config.rootdir()).isEqualTo(project.resolve("elsewhere"));
    assertThat(config.inifile()).contains(ini);
  }

  @Test
  void missingRootdirIsACommandLineError() {
    assertThatThrownBy(
            () ->
                PytestConfigLoader.load(
                    project, List.of(), Optional.empty(), Optional.of("nope"), List.of()))
        .isInstanceOfSatisfying(
            TachException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.E002))
        .hasMessageContaining("--rootdir");
  }

  @Test
  void configFileOptionSkipsTheSearchAndSetsTheRootdir() throws IOException {
    write("pytest.ini", "[pytest]\npython_classes = Near\n");
    Path custom = write("ci/custom.cfg", "[tool:pytest]\npython_classes = Custom\n");

    PytestConfig config =
        PytestConfigLoader.load(
            project, List.of(), Optional.of("ci/custom.cfg"), Optional.empty(), List.of());

    assertThat(config.inifile()).contains(custom);
    assertThat(config.rootdir()).isEqualTo(project.resolve("ci"));
    assertThat(config.pythonClasses()).containsExactly("Custom");
  }

  @Test
  void configFileWithoutPytestSectionGivesDefaults() throws IOException {
    Path other = write("other.ini", "[tox]\n");

    PytestConfig config =
        PytestConfigLoader.load(
            project, List.of(), Optional.of("other.ini"), Optional.empty(), List.of());

    assertThat(config.inifile()).contains(other);
    assertThat(config.pythonFiles()).isEqualTo(PytestConfig.DEFAULT_PYTHON_FILES);
  }

  @Test
  void overrideIniWinsOverTheFile() throws IOException {
    write("pytest.ini", "[pytest]\npython_files = a_*.py\n");

    PytestConfig config =
        PytestConfigLoader.load(
            project,
            List.of(),
            Optional.empty(),
            Optional.empty(),
            List.of("python_files=b_*.py c_*.py"));

    assertThat(config.pythonFiles()).containsExactly("b_*.py", "c_*.py");
    assertThat(config.value("python_files").orElseThrow().origin())
        .isEqualTo(ConfigValue.Origin.OVERRIDE);
  }

  @Test
  void brokenTomlIsE001WithPathAndLine() throws IOException {
    Path file = write("pyproject.toml", "[tool.pytest.ini_options]\nx = 1\ny = [1,\n");

    assertThatThrownBy(this::load)
        .isInstanceOfSatisfying(
            TachException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.E001))
        .hasMessageStartingWith(file + ":");
  }

  @Test
  void brokenTomlTableHeaderNamesItsLine() throws IOException {
    Path file = write("pyproject.toml", "[project]\nname = \"x\"\n[tool.pytest\n");

    assertThatThrownBy(this::load).hasMessageStartingWith(file + ":3:");
  }

  @Test
  void brokenIniIsE001WithPathAndLine() throws IOException {
    Path file = write("tox.ini", "[tox]\nenvlist = py311\nthis line has no separator\n");

    assertThatThrownBy(this::load)
        .isInstanceOfSatisfying(
            TachException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.E001))
        .hasMessage(file + ":3: unexpected line: 'this line has no separator'");
  }

  @Test
  void nonUtf8ConfigIsE001() throws IOException {
    Path file = project.resolve("pytest.ini");
    Files.write(file, new byte[] {'[', 'p', ']', '\n', (byte) 0xff, '\n'});

    assertThatThrownBy(this::load)
        .isInstanceOfSatisfying(
            TachException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.E001))
        .hasMessageContaining("UTF-8");
  }
}
