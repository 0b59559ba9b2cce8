package dev.tach.isolation.fork;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tach.api.TestItem;
import dev.tach.api.spi.IsolationStrategy;
import dev.tach.api.spi.TestIsolation;
import dev.tach.api.testing.ExportedTypes;
import java.nio.file.Path;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class IsolationPluginsTest {
  private static final TestItem ITEM = new TestItem("t/test_a.py::test_x", "t/test_a.py", 3, Optional.empty());

  @Test
  void bothStrategiesAreFoundByServiceLoaderOnTheClassPath() {
    var names =
        ServiceLoader.load(IsolationStrategy.class).stream()
            .map(p -> p.get().name())
            .collect(Collectors.toSet());
    assertThat(names).contains("fork", "none");
  }

  @Test
  void forkRunsEveryTestInAFreshChildAndNoneRunsItInTheWorker() {
    assertThat(new ForkIsolation().isolationFor(ITEM).workerMode()).isEqualTo(TestIsolation.FORK);
    assertThat(new NoIsolation().isolationFor(ITEM).workerMode()).isEqualTo(TestIsolation.INLINE);
  }

  @Test
  void exportedTypesSayHowStableTheyAre() {
    assertThat(ExportedTypes.withoutApiMarker(Path.of("target/classes"))).isEmpty();
  }
}
