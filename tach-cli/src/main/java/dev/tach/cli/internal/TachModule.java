package dev.tach.cli.internal;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.tach.api.spi.IsolationStrategy;
import dev.tach.api.spi.ReporterProvider;
import java.util.List;
import java.util.Map;

/** The composition root's bindings: plugins, the harness installer, the interpreter lookup. */
public final class TachModule extends AbstractModule {
  private final Map<String, String> env;
  private final boolean discoverPlugins;
  private final List<ReporterProvider> reporters;
  private final List<IsolationStrategy> strategies;

  public TachModule(
      Map<String, String> env,
      boolean discoverPlugins,
      List<ReporterProvider> reporters,
      List<IsolationStrategy> strategies) {
    this.env = Map.copyOf(env);
    this.discoverPlugins = discoverPlugins;
    this.reporters = List.copyOf(reporters);
    this.strategies = List.copyOf(strategies);
  }

  @Provides
  @Singleton
  PluginRegistry pluginRegistry() {
    return PluginRegistry.discover(discoverPlugins, reporters, strategies);
  }

  @Provides
  @Singleton
  HarnessInstaller harnessInstaller() {
    return new HarnessInstaller(HarnessInstaller.defaultCacheRoot(env));
  }

  @Provides
  PythonLocator pythonLocator() {
    return new PythonLocator(env);
  }
}
