package dev.tach.cli.internal;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.tach.api.spi.IsolationStrategy;
import dev.tach.api.spi.ReporterProvider;
import java.util.List;
import java.util.Map;

/** The one place that creates the injector (STYLE.md: nothing else calls Guice). */
public final class CompositionRoot {
  static {
    // Guice's generated fast classes live in the unnamed module and cannot reach our
    // non-exported packages; plain reflection (through `opens`) is all a few bindings need.
    if (System.getProperty("guice_bytecode_gen_option") == null) {
      System.setProperty("guice_bytecode_gen_option", "DISABLED");
    }
  }

  private CompositionRoot() {}

  /** The run service, wired with the plugins found (and those handed in). */
  public static RunService runService(
      Map<String, String> env,
      boolean discoverPlugins,
      List<ReporterProvider> reporters,
      List<IsolationStrategy> strategies) {
    Injector injector = Guice.createInjector(new TachModule(env, discoverPlugins, reporters, strategies));
    return injector.getInstance(RunService.class);
  }

  /** {@code tach doctor}, wired with the plugins found. */
  public static DoctorService doctorService(Map<String, String> env) {
    Injector injector = Guice.createInjector(new TachModule(env, true, List.of(), List.of()));
    return injector.getInstance(DoctorService.class);
  }
}
