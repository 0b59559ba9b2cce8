package dev.tach.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tach.api.ErrorCode;
import dev.tach.api.TachException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PythonLocatorTest {
  @TempDir Path dir;

  private Path executable(String relative) throws Exception {
    Path file = dir.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, "#!/bin/sh\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  @Test
  void virtualEnvWinsOverTheProjectVenvAndPath() throws Exception {
    Path venv = executable("active/bin/python");
    executable("project/.venv/bin/python");
    executable("bin/python3");
    PythonLocator locator =
        new PythonLocator(Map.of("VIRTUAL_ENV", dir.resolve("active").toString(), "PATH", dir.resolve("bin").toString()));
    assertThat(locator.locate(Optional.empty(), Optional.empty(), dir.resolve("project"))).isEqualTo(venv);
  }

  @Test
  void theProjectVenvWinsOverPath() throws Exception {
    Path local = executable("project/.venv/bin/python");
    executable("bin/python3");
    PythonLocator locator = new PythonLocator(Map.of("PATH", dir.resolve("bin").toString()));
    assertThat(locator.locate(Optional.empty(), Optional.empty(), dir.resolve("project"))).isEqualTo(local);
  }

  @Test
  void python3OnPathIsTheFallback() throws Exception {
    Path onPath = executable("bin/python3");
    PythonLocator locator = new PythonLocator(Map.of("PATH", "/nonexistent:" + dir.resolve("bin")));
    assertThat(locator.locate(Optional.empty(), Optional.empty(), dir)).isEqualTo(onPath);
  }

  @Test
  void anExplicitInterpreterThatDoesNotExistIsE005() {
    PythonLocator locator = new PythonLocator(Map.of());
    assertThatThrownBy(() -> locator.locate(Optional.of(dir.resolve("nope")), Optional.empty(), dir))
        .isInstanceOfSatisfying(TachException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.E005))
        .hasMessageContaining("--python");
  }

  @Test
  void aPyenvShimIsStartedAsTheInterpreterItRunsWithItsBinDirectoryFirstOnPath() throws Exception {
    Path root = dir.resolve("pyenv");
    Path shim = executable("pyenv/shims/python3");
    Files.writeString(shim, "#!/usr/bin/env bash\nexport PYENV_ROOT=\"" + root + "\"\n"
        + "exec \"" + root + "/libexec/pyenv\" exec \"$program\" \"$@\"\n");
    Path binary = executable("pyenv/versions/3.11.7/bin/python3");
    PythonLocator locator = new PythonLocator(Map.of("PATH", "/usr/bin", "PYENV_VERSION", "3.11.7"));

    PythonLocator.Launch launch = locator.launch(shim, dir, Map.of("FOO", "1"));

    assertThat(launch.executable()).isEqualTo(binary);
    assertThat(launch.env()).containsEntry("FOO", "1").containsEntry("PATH", binary.getParent() + ":/usr/bin");
  }

  @Test
  void anInterpreterThatIsNoShimIsStartedAsItIs() throws Exception {
    Path python = executable("venv/bin/python");
    PythonLocator.Launch launch = new PythonLocator(Map.of("PATH", "/usr/bin")).launch(python, dir, Map.of("FOO", "1"));
    assertThat(launch.executable()).isEqualTo(python);
    assertThat(launch.env()).isEqualTo(Map.of("FOO", "1"));
  }
}
