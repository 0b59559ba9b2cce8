package dev.tach.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Command-line errors that need no Python: one line, a code, the right exit status. */
class MainTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    Main main =
        new Main(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of("PATH", System.getenv("PATH")),
            dir,
            false);
    return main.execute(args);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8).strip();
  }

  @Test
  void anUnknownOptionIsE002ExitTwo() {
    assertThat(run("--frobnicate")).isEqualTo(2);
    assertThat(stderr()).startsWith("error[E002]: Unknown option: '--frobnicate'").doesNotContain("\n");
  }

  @Test
  void aMissingPathIsE004() {
    assertThat(run("tests/nope.py::test_x")).isEqualTo(2);
    assertThat(stderr()).startsWith("error[E004]: path not found: tests/nope.py");
  }

  @Test
  void exitFirstAndMaxfailTogetherAreRefused() {
    assertThat(run("-x", "--maxfail", "2")).isEqualTo(2);
    assertThat(stderr()).startsWith("error[E002]");
  }

  @Test
  void aNegativeTimeoutIsRefused() {
    assertThat(run("--timeout", "-1")).isEqualTo(2);
    assertThat(stderr()).startsWith("error[E002]: --timeout must be a positive number");
  }

  @Test
  void anUnknownFormatIsRefused() {
    assertThat(run("--format", "xml")).isEqualTo(2);
    assertThat(stderr()).contains("use human or json");
  }

  @Test
  void helpListsTheOptionsAndExitsZero() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("--isolation", "--junit-xml", "--maxfail", "Exit codes");
  }

  @Test
  void doctorRefusesAnUnknownFormatBeforeProbing() {
    assertThat(run("doctor", "--format", "xml")).isEqualTo(2);
    assertThat(stderr()).isEqualTo("error[E002]: unknown --format \"xml\" (hint: use text or json)");
  }

  @Test
  void selfTestIsAnAliasOfDoctor() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("doctor, self-test");
    out.reset();
    assertThat(run("self-test", "--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Usage: tach doctor");
  }
}
