package dev.tach.discovery.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tach.discovery.config.PytestConfig;
import dev.tach.discovery.config.PytestConfigLoader;
import dev.tach.discovery.env.ModuleSpec;
import dev.tach.discovery.env.PythonEnvironment;
import dev.tach.discovery.testing.ExternalCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Walks the installed networkx package (about 100 directories, 1,300 entries) and times it. */
@Tag("pytest")
class FileCollectorSpeedTest {

  @Test
  void walkingNetworkxTakesAFewMilliseconds() {
    Optional<Path> networkx = networkx();
    assumeTrue(networkx.isPresent(), "networkx is not installed for " + ExternalCommand.python());
    Path root = networkx.get();
    PytestConfig config = PytestConfigLoader.load(root, List.of());
    long first = 0;
    long best = Long.MAX_VALUE;
    int files = 0;
    for (int i = 0; i < 30; i++) {
      long start = System.nanoTime();
      CollectionPlan plan = FileCollector.collect(config, root, PytestOptions.parse(List.of()));
      long elapsed = System.nanoTime() - start;
      files = plan.testFiles().size();
      if (i == 0) {
        first = elapsed;
      }
      best = Math.min(best, elapsed);
    }
    System.out.printf(
        "networkx (%s): %d test files; first walk %.1f ms (cold JVM), best of 30 %.1f ms%n",
        root, files, first / 1e6, best / 1e6);
    assertThat(files).isGreaterThan(100);
    assertThat(best / 1e6).isLessThan(40.0);
  }

  private static Optional<Path> networkx() {
    String python = ExternalCommand.python();
    Path interpreter = null;
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, python);
      if (Files.isExecutable(candidate)) {
        interpreter = candidate;
        break;
      }
    }
    if (python.contains("/")) {
      interpreter = Path.of(python);
    }
    if (interpreter == null) {
      return Optional.empty();
    }
    try {
      return PythonEnvironment.read(interpreter)
          .findSpec("networkx", List.of())
          .flatMap(ModuleSpec::origin)
          .map(Path::getParent);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
