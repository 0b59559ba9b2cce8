package dev.tach.discovery.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tach.discovery.config.PytestConfig;
import dev.tach.discovery.config.PytestConfigLoader;
import dev.tach.discovery.testing.ExternalCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Builds project layouts, runs the real {@code pytest --collect-only -q} ({@code -Dtach.python}) on
 * them and compares: the test files in collection order (the file part of the node ids), their
 * module names and the conftests pytest loads, in load order (every file logs {@code __name__} and
 * {@code __file__} when it is imported).
 */
@Tag("pytest")
class PytestCollectionAgreementTest {

  @TempDir Path project;

  private static final String LOG_IMPORT =
      "import os as _os\n"
          + "with open(_os.environ['TACH_LOG'], 'a') as _f:\n"
          + "    _f.write(('C ' if _os.path.basename(__file__) == 'conftest.py' else 'T ')"
          + " + __name__ + ' ' + __file__ + '\\n')\n";
  private static final String TEST = LOG_IMPORT + "def test_ok():\n    pass\n";
  private static final String PARAM_TEST =
      LOG_IMPORT
          + "import pytest\n"
          + "def test_one():\n    pass\n"
          + "@pytest.mark.parametrize('x', [1, 2])\n"
          + "def test_two(x):\n    pass\n";

  record Layout(String name, Map<String, String> files, String cwd, List<String> args) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Layout> layouts() {
    return Stream.of(
        new Layout(
            "packagesConftestsAndDefaultSkips",
            files(
                "pytest.ini", "[pytest]\n",
                "conftest.py", LOG_IMPORT,
                "test_root.py", TEST,
                "a_test.py", TEST,
                "tests/__init__.py", "",
                "tests/conftest.py", LOG_IMPORT,
                "tests/test_b.py", TEST,
                "tests/test_a.py", TEST,
                "tests/Test_upper.py", TEST,
                "tests/helper.py", TEST,
                "tests/x_test.py", TEST,
                "tests/sub/__init__.py", "",
                "tests/sub/conftest.py", LOG_IMPORT,
                "tests/sub/test_c.py", TEST,
                "tests/sub_b/test_sub_b.py", TEST,
                "tests/plain/conftest.py", LOG_IMPORT,
                "tests/plain/test_d.py", TEST,
                "tests/test_dir/test_e.py", TEST,
                "tests/__pycache__/test_cached.py", TEST,
                "pkg/__init__.py", "",
                "pkg/test_pkg.py", TEST,
                "pkg/sub-dir/__init__.py", "",
                "pkg/sub-dir/test_f.py", TEST,
                "build/conftest.py", LOG_IMPORT,
                "build/test_build.py", TEST,
                "node_modules/test_node.py", TEST,
                ".venv/pyvenv.cfg",
                "home = /usr/bin\n",
                ".venv/lib/test_in_dot_venv.py",
                TEST,
                "venvlike/pyvenv.cfg", "home = /usr/bin\n",
                "venvlike/test_in_venv.py", TEST,
                "condalike/conda-meta/history", "",
                "condalike/test_in_conda.py", TEST,
                ".hidden/test_hidden.py", TEST,
                "thing.egg/test_egg.py", TEST,
                "Zeta/test_zeta.py", TEST,
                "alpha.py", TEST,
                "test_notes.txt", ">>> 1 + 1\n2\n"),
            "",
            List.of()),
        new Layout(
            "testpathsGlobsAndNorecursedirs",
            files(
                "pytest.ini",
                    "[pytest]\ntestpaths = tests/unit* integration\nnorecursedirs = skip*"
                        + " */deep/x\npython_files = check_*.py test_*.py\n",
                "tests/unit1/test_u1.py", TEST,
                "tests/unit1/skipme/test_skipped.py", TEST,
                "tests/unit1/deep/x/test_x.py", TEST,
                "tests/unit1/deep/y/test_y.py", TEST,
                "tests/unit2/check_u2.py", TEST,
                "tests/unit2/conftest.py", LOG_IMPORT,
                "tests/other/test_other.py", TEST,
                "tests/testing/conftest.py", LOG_IMPORT,
                "integration/test_i.py", TEST,
                "integration/build/test_build_ok.py", TEST,
                "test_top.py", TEST),
            "",
            List.of()),
        new Layout(
            "explicitFilesAndNodeIds",
            files(
                "setup.cfg", "[tool:pytest]\n",
                "tests/conftest.py", LOG_IMPORT,
                "tests/test_b.py", PARAM_TEST,
                "tests/test_a.py", TEST,
                "tests/helper.py", TEST,
                "tests/build/test_in_build.py", TEST,
                "other/__init__.py", "",
                "other/conftest.py", LOG_IMPORT,
                "other/test_o.py", TEST,
                "other/deeper/test_deeper.py", TEST),
            "",
            List.of(
                "tests/test_b.py::test_two[1]",
                "tests/helper.py",
                "other",
                "tests/test_a.py",
                "tests/test_b.py::test_one",
                "other/deeper/test_deeper.py",
                "tests/build/test_in_build.py")),
        new Layout(
            "ignoreOptionsAndConfcutdir",
            files(
                "tox.ini", "[pytest]\n",
                "conftest.py", LOG_IMPORT,
                "sub/conftest.py", LOG_IMPORT,
                "sub/tests/conftest.py", LOG_IMPORT,
                "sub/tests/test_keep.py", TEST,
                "sub/tests/test_slow.py", TEST,
                "sub/tests/skip/test_skip.py", TEST,
                "sub/tests/skip2/conftest.py", LOG_IMPORT,
                "sub/tests/skip2/test_skip2.py", TEST,
                "sub/tests/venvlike/pyvenv.cfg", "",
                "sub/tests/venvlike/test_venv_collected.py", TEST),
            "",
            List.of(
                "--ignore=sub/tests/skip",
                "--ignore-glob=*_slow.py",
                "--ignore-glob",
                "*/skip2",
                "--confcutdir",
                "sub",
                "--collect-in-virtualenv",
                "sub")),
        new Layout(
            "runFromASubdirectory",
            files(
                "pyproject.toml", "[tool.pytest.ini_options]\ntestpaths = ['nothing']\n",
                "conftest.py", LOG_IMPORT,
                "tests/conftest.py", LOG_IMPORT,
                "tests/test_t.py", TEST,
                "tests/sub/conftest.py", LOG_IMPORT,
                "tests/sub/test_s.py", TEST,
                "tests/sub/tests_more/conftest.py", LOG_IMPORT,
                "tests/sub/tests_more/test_m.py", TEST,
                "tests/sub/testing_data/conftest.py", LOG_IMPORT),
            "tests/sub",
            List.of()),
        new Layout(
            "importlibModeNames",
            files(
                "pytest.ini", "[pytest]\n",
                "conftest.py", LOG_IMPORT,
                "tests/conftest.py", LOG_IMPORT,
                "tests/test_one.py", TEST,
                "tests/inner/test_one_more.py", TEST,
                "tests/pkg/__init__.py", "",
                "tests/pkg/test_in_pkg.py", TEST,
                "tests/dotted.dir/test_dotted.py", TEST),
            "",
            List.of("--import-mode=importlib")),
        new Layout(
            "collectIgnoreInConftest",
            files(
                "pytest.ini", "[pytest]\n",
                "conftest.py",
                    LOG_IMPORT
                        + "collect_ignore = ['tests/test_gone.py']\n"
                        + "collect_ignore_glob = ['*/globbed*']\n",
                "tests/test_gone.py", TEST,
                "tests/test_stays.py", TEST,
                "tests/globbed_dir/test_g.py", TEST,
                "tests/sub/conftest.py", LOG_IMPORT + "collect_ignore = []\n",
                "tests/sub/globbed_file_test.py", TEST,
                "tests/sub/test_here.py", TEST),
            "",
            List.of()),
        new Layout(
            "filesOutsideTheRootdir",
            files(
                "root/pytest.ini", "[pytest]\n",
                "root/test_in_root.py", TEST,
                "other/conftest.py", LOG_IMPORT,
                "other/test_o.py", TEST,
                "other/inner/test_i.py", TEST,
                "lone/test_lone.py", TEST),
            "",
            List.of("--rootdir=root", "other", "lone/test_lone.py", "root")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layouts")
  void staticListingMatchesWhatPytestCollectsAndLoads(Layout layout) throws Exception {
    for (Map.Entry<String, String> file : layout.files().entrySet()) {
      Path path = project.resolve(file.getKey());
      Files.createDirectories(path.getParent());
      Files.writeString(path, file.getValue());
    }
    Path cwd = project.resolve(layout.cwd()).toRealPath();
    Path log = Files.createTempFile("tach-collect", ".log");
    try {
      PytestOptions options = PytestOptions.parse(layout.args());
      PytestConfig config =
          PytestConfigLoader.load(
              cwd, options.args(), options.configFile(), options.rootdir(), options.overrideIni());
      CollectionPlan plan =
          FileCollector.collect(
              config,
              cwd,
              options,
              CollectionSettings.DEFAULT
                  .withNoIgnore(true)
                  .withConftestVariables(new RegexConftestVariables()));

      List<String> command =
          new ArrayList<>(
              List.of(
                  ExternalCommand.python(),
                  "-m",
                  "pytest",
                  "--collect-only",
                  "-q",
                  "-p",
                  "no:cacheprovider"));
      command.addAll(layout.args());
      Map<String, String> env = new HashMap<>();
      env.put("TACH_LOG", log.toString());
      env.put("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1");
      env.put("PYTHONDONTWRITEBYTECODE", "1");
      ExternalCommand.Result result = ExternalCommand.run(command, cwd, env, 120);
      assumeTrue(
          !result.stdout().contains("No module named pytest"),
          "pytest is not installed for " + ExternalCommand.python());
      assertThat(result.exitCode())
          .as("pytest exit code; output:\n" + result.stdout() + result.stderr())
          .isIn(0, 5);

      List<String> pytestFiles = new ArrayList<>();
      for (String line : result.stdout().lines().toList()) {
        if (line.contains("::")) {
          addIfNew(pytestFiles, line.substring(0, line.indexOf("::")));
        }
      }
      List<String> ourFiles = new ArrayList<>();
      for (TestFile file : plan.testFiles()) {
        addIfNew(ourFiles, file.file().nodePath());
      }
      assertThat(ourFiles).as("test files in collection order").isEqualTo(pytestFiles);

      Map<String, String> imported = new LinkedHashMap<>();
      List<String> conftests = new ArrayList<>();
      for (String line : Files.readAllLines(log)) {
        String[] parts = line.split(" ", 3);
        if (parts[0].equals("T")) {
          imported.putIfAbsent(Path.of(parts[2]).toString(), parts[1]);
        } else {
          conftests.add(parts[1] + " " + parts[2]);
        }
      }
      Map<String, String> ourModules = new LinkedHashMap<>();
      for (TestFile file : plan.testFiles()) {
        if (file.file().role() == SourceFile.Role.DOCTEST_TEXT) {
          continue;
        }
        ourModules.putIfAbsent(file.file().path().toString(), file.file().moduleName());
      }
      assertThat(ourModules).as("module names of test files").containsExactlyEntriesOf(imported);
      assertThat(plan.conftests())
          .extracting(c -> c.moduleName() + " " + c.path())
          .as("conftests in load order")
          .containsExactlyElementsOf(conftests);
      System.out.println(
          layout.name()
              + ": pytest and Tach agree on "
              + ourFiles.size()
              + " test files and "
              + conftests.size()
              + " conftests");
    } finally {
      Files.deleteIfExists(log);
    }
  }

  private static void addIfNew(List<String> list, String value) {
    if (list.isEmpty() || !list.get(list.size() - 1).equals(value)) {
      list.add(value);
    }
  }

  private static Map<String, String> files(String... pairs) {
    Map<String, String> files = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      files.put(pairs[i], pairs[i + 1]);
    }
    return files;
  }

  /** Reads {@code collect_ignore[_glob] = [...]} lines of string literals. */
  private static final class RegexConftestVariables implements ConftestVariables {
    @Override
    public Optional<List<String>> collectIgnore(Path conftest) {
      return read(conftest, "collect_ignore");
    }

    @Override
    public Optional<List<String>> collectIgnoreGlob(Path conftest) {
      return read(conftest, "collect_ignore_glob");
    }

    private static Optional<List<String>> read(Path conftest, String name) {
      String text;
      try {
        text = Files.readString(conftest, StandardCharsets.UTF_8);
      } catch (IOException e) {
        return Optional.empty();
      }
      Matcher m = Pattern.compile("(?m)^" + name + " = \\[([^\\]]*)\\]").matcher(text);
      if (!m.find()) {
        return Optional.empty();
      }
      List<String> values = new ArrayList<>();
      Matcher s = Pattern.compile("'([^']*)'").matcher(m.group(1));
      while (s.find()) {
        values.add(s.group(1));
      }
      return Optional.of(values);
    }
  }
}
