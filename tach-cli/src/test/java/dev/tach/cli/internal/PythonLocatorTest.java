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
}
