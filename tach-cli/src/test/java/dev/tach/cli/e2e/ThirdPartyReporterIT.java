package dev.tach.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A reporter jar built by someone else, dropped on the module path, is found by name. */
class ThirdPartyReporterIT {
  @TempDir Path dir;

  @AfterEach
  void nothingOfTheRunIsLeft() {
    TachRun.killLeftovers(dir);
  }

  @Test
  void aReporterJarOnTheModulePathIsPickedUp() throws Exception {
    Path src = dir.resolve("src/acme/CountingReporterProvider.java");
    Files.createDirectories(src.getParent());
    Files.writeString(
        src,
        """
        package acme;

        import dev.tach.api.RunEvent;
        import dev.tach.api.spi.Reporter;
        import dev.tach.api.spi.ReporterContext;
        import dev.tach.api.spi.ReporterProvider;

        public final class CountingReporterProvider implements ReporterProvider {
          public String name() { return "acme-count"; }

          public Reporter create(ReporterContext context) {
            return new Reporter() {
              int finished;
              public void onEvent(RunEvent event) {
                if (event instanceof RunEvent.TestFinished) finished++;
              }
              public void close() { context.err().println("acme-count: " + finished + " tests"); }
            };
          }
        }
        """);
    Path classes = dir.resolve("classes");
    Path apiJar;
    try (Stream<Path> lib = Files.list(TachRun.DIST.resolve("lib"))) {
      apiJar = lib.filter(p -> p.getFileName().toString().startsWith("tach-api")).findFirst().orElseThrow();
    }
    int javac =
        ToolProvider.getSystemJavaCompiler()
            .run(null, null, null, "-d", classes.toString(), "-cp", apiJar.toString(), src.toString());
    assertThat(javac).isZero();
    Path jar = dir.resolve("plugins/acme-reporter.jar");
    Files.createDirectories(jar.getParent());
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      try (Stream<Path> compiled = Files.list(classes.resolve("acme"))) {
        for (Path file : compiled.toList()) {
          out.putNextEntry(new JarEntry("acme/" + file.getFileName()));
          Files.copy(file, out);
        }
      }
      out.putNextEntry(new JarEntry("META-INF/services/dev.tach.api.spi.ReporterProvider"));
      out.write("acme.CountingReporterProvider\n".getBytes());
      out.closeEntry();
    }
    TachRun.project(dir, "p/pytest.ini", "[pytest]\n", "p/test_x.py", "def test_a():\n    pass\n\ndef test_b():\n    pass\n");
    Path stdout = dir.resolve("out.txt");
    Path stderr = dir.resolve("err.txt");
    Process tach =
        TachRun.start(dir.resolve("p"), Map.of(), TachRun.command(List.of(jar.toString()), "-q", "--reporter", "acme-count"), stdout, stderr);
    assertThat(tach.waitFor()).as(Files.readString(stderr)).isZero();
    assertThat(Files.readString(stderr)).contains("acme-count: 2 tests");
  }

}
