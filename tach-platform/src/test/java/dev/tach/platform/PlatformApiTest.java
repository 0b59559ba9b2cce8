package dev.tach.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tach.api.testing.ExportedTypes;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PlatformApiTest {

  @Test
  void exportedTypesSayHowStableTheyAre() {
    assertThat(ExportedTypes.withoutApiMarker(Path.of("target/classes"))).isEmpty();
  }
}
