package dev.tach.discovery.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Asks the real pytest ({@code -Dtach.python}) for its rootdir and configfile and compares. */
@Tag("pytest")
class PytestAgreementTest {

  @TempDir Path project;

  private static final Map<String, Map<String, String>> LAYOUTS =
      Map.of(
          "allKindsInOneDirectory",
          Map.of(
              "setup.cfg", "[tool:pytest]\n",
              "tox.ini", "[pytest]\n",
              "pyproject.toml", "[tool.pytest.ini_options]\n",
              "tests/test_a.py", ""),
          "nearerPyprojectWithoutTableLosesToSetupCfgAbove",
          Map.of("setup.cfg", "[tool:pytest]\n", "pkg/pyproject.toml", "[tool.black]\n"),
          "pyprojectWithoutTableIsTheFallback",
          Map.of("pkg/pyproject.toml", "[tool.black]\n", "pkg/tests/test_a.py", ""),
          "setupPyMakesTheRootdir",
          Map.of("setup.py", "", "pkg/tests/test_a.py", ""),
          "nativeTomlTableInASubdirectory",
          Map.of("pytest.ini", "[pytest]\n", "pkg/pyproject.toml", "[tool.pytest]\nx = 1\n"));

  @ParameterizedTest
  @ValueSource(
      strings = {
        "allKindsInOneDirectory",
        "nearerPyprojectWithoutTableLosesToSetupCfgAbove",
        "pyprojectWithoutTableIsTheFallback",
        "setupPyMakesTheRootdir",
        "nativeTomlTableInASubdirectory"
      })
  void rootdirAndConfigFileMatchRealPytest(String layout) throws Exception {
    for (Map.Entry<String, String> file : LAYOUTS.get(layout).entrySet()) {
      Path path = project.resolve(file.getKey());
      Files.createDirectories(path.getParent());
      Files.writeString(path, file.getValue());
    }
    Path cwd = Files.createDirectories(project.resolve("pkg"));

    List<String> header = pytestHeader(cwd);
    PytestConfig config = PytestConfigLoader.load(cwd, List.of());

    Path rootdir = Path.of(value(header, "rootdir: "));
    assertThat(config.rootdir()).isEqualTo(rootdir);
    Optional<Path> configfile =
        Optional.ofNullable(value(header, "configfile: "))
            .map(name -> rootdir.resolve(name.split(" ")[0]).normalize());
    assertThat(config.inifile()).isEqualTo(configfile);
  }

  private static String value(List<String> lines, String prefix) {
    return lines.stream()
        .filter(line -> line.startsWith(prefix))
        .map(line -> line.substring(prefix.length()).strip())
        .findFirst()
        .orElse(null);
  }

  private static List<String> pytestHeader(Path cwd) throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(
                System.getProperty("tach.python", "python3"),
                "-m",
                "pytest",
                "--collect-only",
                "-p",
                "no:cacheprovider")
            .directory(cwd.toFile())
            .redirectErrorStream(true);
    builder.environment().remove("PYTEST_ADDOPTS");
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      assumeTrue(false, "no python interpreter: " + e.getMessage());
      throw e;
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assumeTrue(process.waitFor(60, TimeUnit.SECONDS), "pytest did not finish");
    List<String> lines = new ArrayList<>(output.lines().toList());
    assumeTrue(
        lines.stream().anyMatch(line -> line.startsWith("rootdir: ")),
        "pytest is not installed for this interpreter");
    return lines;
  }
}
