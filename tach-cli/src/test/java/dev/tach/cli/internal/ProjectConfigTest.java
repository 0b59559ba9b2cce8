package dev.tach.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tach.api.ErrorCode;
import dev.tach.api.TachException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectConfigTest {
  @TempDir Path dir;

  @Test
  void toolTachSettingsAreRead() throws Exception {
    Files.writeString(
        dir.resolve("pyproject.toml"),
        """
        [tool.tach]
        env = { A = "1", B = "two" }
        python_path = ".venv/bin/python"
        timeout = 2.5
        workers = 3
        isolation = "none"
        """);
    Files.createDirectories(dir.resolve("tests/deep"));
    ProjectConfig config = ProjectConfig.find(dir.resolve("tests/deep"));
    assertThat(config.root()).isEqualTo(dir.toAbsolutePath());
    assertThat(config.env()).containsEntry("A", "1").containsEntry("B", "two");
    assertThat(config.pythonPath()).contains(dir.toAbsolutePath().resolve(".venv/bin/python"));
    assertThat(config.timeout()).contains(Duration.ofMillis(2500));
    assertThat(config.workers()).contains(3);
    assertThat(config.isolation()).contains("none");
  }

  @Test
  void aProjectWithoutToolTachGetsDefaults() throws Exception {
    Files.writeString(dir.resolve("pyproject.toml"), "[project]\nname = \"x\"\n");
    ProjectConfig config = ProjectConfig.find(dir);
    assertThat(config.env()).isEmpty();
    assertThat(config.workers()).isEmpty();
  }

  @Test
  void brokenTomlIsE001WithItsLine() throws Exception {
    Files.writeString(dir.resolve("pyproject.toml"), "[project]\nname = \"x\"\n[tool.tach\n");
    assertThatThrownBy(() -> ProjectConfig.find(dir))
        .isInstanceOfSatisfying(TachException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.E001))
        .hasMessageContaining("not valid TOML")
        .hasMessageContaining("line 3");
  }

  @Test
  void aWrongTypeIsE001NamingTheKey() throws Exception {
    Files.writeString(dir.resolve("pyproject.toml"), "[tool.tach]\nworkers = -2\n");
    assertThatThrownBy(() -> ProjectConfig.find(dir))
        .isInstanceOf(TachException.class)
        .hasMessageContaining("[tool.tach] workers must be a positive integer or \"auto\"");
  }
}
