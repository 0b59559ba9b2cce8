package dev.tach.cli.internal;

import dev.tach.api.ErrorCode;
import dev.tach.api.TachException;
import dev.tach.api.spi.IsolationStrategy;
import dev.tach.api.spi.ReporterProvider;
import dev.tach.api.spi.SandboxBackend;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * The reporters, isolation strategies and sandbox backends of a run: found with ServiceLoader (module path or
 * class path) unless discovery is off, plus those handed in directly, which win. A plugin that
 * fails to load is an error naming it, never skipped in silence.
 */
public final class PluginRegistry {
  private final Map<String, ReporterProvider> reporters;
  private final Map<String, IsolationStrategy> strategies;
  private final Map<String, SandboxBackend> sandboxes;

  public PluginRegistry(
      Map<String, ReporterProvider> reporters,
      Map<String, IsolationStrategy> strategies,
      Map<String, SandboxBackend> sandboxes) {
    this.reporters = Map.copyOf(reporters);
    this.strategies = Map.copyOf(strategies);
    this.sandboxes = Map.copyOf(sandboxes);
  }

  public static PluginRegistry discover(
      boolean discover, List<ReporterProvider> givenReporters, List<IsolationStrategy> givenStrategies) {
    Map<String, ReporterProvider> reporters = new LinkedHashMap<>();
    Map<String, IsolationStrategy> strategies = new LinkedHashMap<>();
    Map<String, SandboxBackend> sandboxes = new LinkedHashMap<>();
    if (discover) {
      load(ReporterProvider.class, ReporterProvider::name, reporters);
      load(IsolationStrategy.class, IsolationStrategy::name, strategies);
      load(SandboxBackend.class, SandboxBackend::name, sandboxes);
    }
    givenReporters.forEach(r -> reporters.put(r.name(), r));
    givenStrategies.forEach(s -> strategies.put(s.name(), s));
    return new PluginRegistry(reporters, strategies, sandboxes);
  }

  private static <T> void load(Class<T> type, Function<T, String> name, Map<String, T> into) {
    ServiceLoader<T> loader = ServiceLoader.load(type, PluginRegistry.class.getClassLoader());
    var iterator = loader.stream().iterator();
    while (true) {
      ServiceLoader.Provider<T> provider;
      T plugin;
      try {
        if (!iterator.hasNext()) {
          return;
        }
        provider = iterator.next();
        plugin = provider.get();
      } catch (ServiceConfigurationError e) {
        throw new TachException(
            ErrorCode.E016,
            "a " + type.getSimpleName() + " plugin failed to load: " + e.getMessage(),
            "remove or fix the jar that provides it");
      }
      String key = name.apply(plugin);
      T previous = into.putIfAbsent(key, plugin);
      if (previous != null && previous.getClass() != plugin.getClass()) {
        throw new TachException(
            ErrorCode.E016,
            "two " + type.getSimpleName() + " plugins are named \"" + key + "\": "
                + previous.getClass().getName() + " (" + location(previous) + ") and "
                + plugin.getClass().getName() + " (" + location(plugin) + ")",
            "remove one of the jars");
      }
    }
  }

  private static String location(Object plugin) {
    var source = plugin.getClass().getProtectionDomain().getCodeSource();
    return source == null ? plugin.getClass().getModule().toString() : source.getLocation().toString();
  }

  public ReporterProvider reporter(String name) {
    ReporterProvider provider = reporters.get(name);
    if (provider == null) {
      throw new TachException(
          ErrorCode.E002, "no reporter named \"" + name + "\"", "available: " + String.join(", ", reporters.keySet()));
    }
    return provider;
  }

  public IsolationStrategy strategy(String name) {
    IsolationStrategy strategy = strategies.get(name);
    if (strategy == null) {
      throw new TachException(
          ErrorCode.E002,
          "no isolation strategy named \"" + name + "\"",
          "available: " + String.join(", ", strategies.keySet()));
    }
    return strategy;
  }

  public Collection<ReporterProvider> reporters() {
    return reporters.values();
  }

  public Collection<IsolationStrategy> strategies() {
    return strategies.values();
  }

  /** The sandbox backends found; {@link SandboxChooser} picks one. */
  public Collection<SandboxBackend> sandboxes() {
    return sandboxes.values();
  }
}
