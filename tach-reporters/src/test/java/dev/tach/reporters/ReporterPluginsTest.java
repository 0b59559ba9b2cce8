package dev.tach.reporters;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tach.api.spi.ReporterProvider;
import dev.tach.api.testing.ExportedTypes;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ReporterPluginsTest {

  @Test
  void serviceLoaderFindsTheThreeReportersByName() {
    Map<String, ReporterProvider> providers =
        ServiceLoader.load(ReporterProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .collect(Collectors.toMap(ReporterProvider::name, p -> p));

    assertThat(providers).containsKeys("human", "json", "junit-xml");
    assertThat(providers.get("human")).isInstanceOf(HumanReporterProvider.class);
    assertThat(providers.get("json")).isInstanceOf(NdjsonReporterProvider.class);
    assertThat(providers.get("junit-xml")).isInstanceOf(JUnitXmlReporterProvider.class);
  }

  @Test
  void providersCreateTheirReporters() {
    var context =
        new Runs.Terminal()
            .context(0, false, 0, Map.of(JUnitXmlReporter.PATH_OPTION, "target/unused.xml"));
    assertThat(new HumanReporterProvider().create(context)).isInstanceOf(HumanReporter.class);
    assertThat(new NdjsonReporterProvider().create(context)).isInstanceOf(NdjsonReporter.class);
    assertThat(new JUnitXmlReporterProvider().create(context)).isInstanceOf(JUnitXmlReporter.class);
  }

  @Test
  void exportedTypesSayHowStableTheyAre() {
    assertThat(ExportedTypes.withoutApiMarker(Path.of("target/classes"))).isEmpty();
  }
}
