package dev.tach.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tach.api.RunEvent;
import dev.tach.api.RunSummary;
import dev.tach.api.spi.IsolationStrategy;
import dev.tach.api.spi.TestIsolation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineTest {
  @TempDir Path dir;

  @Test
  void anEngineInterruptedBeforeItRunsStartsNoHarnessAndReportsAnInterruptedRun() throws Exception {
    Path started = dir.resolve("started");
    // Were the "interpreter" started, it would leave a file behind.
    Path python = dir.resolve("python");
    Files.writeString(python, "#!/bin/sh\ntouch " + started + "\n");
    python.toFile().setExecutable(true);
    EngineConfig config =
        new EngineConfig(dir, python, dir, List.of(), 1, Optional.empty(), 0, Map.of(), Duration.ofSeconds(5), false,
            Optional::empty, Optional.empty(), EngineConfig.LeakCheck.OFF);
    IsolationStrategy fork =
        new IsolationStrategy() {
          @Override
          public String name() {
            return "fork";
          }

          @Override
          public TestIsolation isolationFor(dev.tach.api.TestItem test) {
            return new TestIsolation(TestIsolation.FORK, "");
          }
        };
    List<RunEvent> events = new ArrayList<>();

    Engine engine = new Engine();
    engine.interrupt(); // a Ctrl-C between creating the engine and running it
    RunSummary summary = engine.run(config, fork, events::add);

    assertThat(summary.interrupted()).isTrue();
    assertThat(events).singleElement().isInstanceOf(RunEvent.RunFinished.class);
    Thread.sleep(100);
    assertThat(started).doesNotExist();
  }
}
