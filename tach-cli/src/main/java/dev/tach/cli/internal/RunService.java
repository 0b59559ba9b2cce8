package dev.tach.cli.internal;

import dev.tach.api.ErrorCode;
import dev.tach.api.RunRequest;
import dev.tach.api.RunSummary;
import dev.tach.api.TachException;
import dev.tach.api.spi.Availability;
import dev.tach.api.spi.IsolationStrategy;
import dev.tach.api.spi.Reporter;
import dev.tach.api.spi.ReporterContext;
import dev.tach.api.spi.SandboxBackend;
import dev.tach.api.spi.SandboxContext;
import dev.tach.api.spi.SandboxPolicy;
import dev.tach.scheduler.Engine;
import dev.tach.scheduler.EngineConfig;
import dev.tach.scheduler.SandboxPlanner;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * Resolves a {@link RunRequest} against the project ({@code [tool.tach]}, the interpreter, the
 * selected plugins) into an engine run, and runs it.
 */
public final class RunService {
  public static final String DEFAULT_ISOLATION = "fork";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Path TMP = Path.of("/tmp");

  private final PluginRegistry plugins;
  private final HarnessInstaller installer;
  private final PythonLocator pythonLocator;

  @Inject
  public RunService(PluginRegistry plugins, HarnessInstaller installer, PythonLocator pythonLocator) {
    this.plugins = plugins;
    this.installer = installer;
    this.pythonLocator = pythonLocator;
  }

  /**
   * Runs the request.
   *
   * @param reporterNames reporters to create from plugins, besides those in the request
   * @param context what the created reporters get
   * @param onEngine receives the engine before it starts, so a shutdown hook can interrupt it
   * @param keepRunDir keep the harness logs (--debug)
   */
  public RunSummary run(
      RunRequest request,
      List<String> reporterNames,
      ReporterContext context,
      Consumer<Engine> onEngine,
      boolean keepRunDir) {
    Path cwd = request.projectDir().toAbsolutePath().normalize();
    if (!Files.isDirectory(cwd)) {
      throw new TachException(ErrorCode.E004, "project directory not found: " + cwd, "");
    }
    checkSelectorsExist(cwd, request.selectors());
    ProjectConfig project = ProjectConfig.find(commonRoot(cwd, request.selectors()));
    Path python = pythonLocator.locate(request.python(), project.pythonPath(), project.root());

    String strategyName = request.isolation().or(project::isolation).orElse(DEFAULT_ISOLATION);
    IsolationStrategy strategy = plugins.strategy(strategyName);
    Availability availability = strategy.availability();
    if (!availability.available()) {
      throw new TachException(
          availability.code().orElse(ErrorCode.E019),
          "isolation strategy \"" + strategyName + "\" is not available here: " + availability.reason(),
          "choose another with --isolation");
    }
    int workers =
        request.workers().or(project::workers).orElse(Runtime.getRuntime().availableProcessors());

    List<Reporter> reporters = new ArrayList<>();
    for (String name : reporterNames) {
      reporters.add(plugins.reporter(name).create(context));
    }
    reporters.addAll(request.reporters());
    CompositeReporter reporter = new CompositeReporter(reporters, context.err());

    Map<String, String> env = new LinkedHashMap<>(project.env());
    env.putAll(request.env());
    Map<String, String> fullEnv = discoveryEnv(env);
    Optional<SandboxPlanner> sandbox = sandboxPlanner(
        request.sandbox().or(project::sandbox), fullEnv, pytestArgs(request),
        cwd.startsWith(project.root()) ? project.root() : cwd);
    PythonLocator.Launch harness = pythonLocator.launch(python, cwd, env);
    EngineConfig config =
        new EngineConfig(
            cwd,
            harness.executable(),
            installer.install(version()),
            pytestArgs(request),
            workers,
            request.timeout().or(project::timeout),
            request.maxFail(),
            harness.env(),
            START_TIMEOUT,
            keepRunDir,
            StaticPlanner.start(cwd, pytestArgs(request), python, fullEnv, context.err(), keepRunDir),
            sandbox,
            EngineConfig.LeakCheck.of(request.reportLeaks(), request.failOnLeak()));
    Engine engine = new Engine();
    onEngine.accept(engine);
    return engine.run(config, strategy, reporter);
  }

  /**
   * Chooses the sandbox when the zygote has probed the machine; empty when the user turned it
   * off. An unknown {@code --sandbox} name fails here, before anything starts.
   */
  private Optional<SandboxPlanner> sandboxPlanner(
      Optional<String> forced, Map<String, String> env, List<String> pytestArgs, Path projectDir) {
    if (SandboxChooser.disabled(false, forced, env)) {
      return Optional.empty();
    }
    Collection<SandboxBackend> backends = plugins.sandboxes();
    forced.ifPresent(name -> SandboxChooser.requireKnown(backends, name));
    List<Path> extraWritable = extraWritable(env, pytestArgs, projectDir);
    return Optional.of(support -> {
      SandboxChooser.Choice choice = SandboxChooser.choose(backends, forced, false, support);
      Optional<SandboxPolicy> policy = choice.backend()
          .map(backend -> backend.policy(new SandboxContext(projectDir, TMP, extraWritable, support)));
      return new SandboxPlanner.Plan(policy, choice.warnings());
    });
  }

  /** Where tests must write besides the project and /tmp: $TMPDIR and pytest's --basetemp. */
  static List<Path> extraWritable(Map<String, String> env, List<String> pytestArgs, Path projectDir) {
    List<Path> paths = new ArrayList<>();
    String tmpdir = env.getOrDefault("TMPDIR", "");
    if (!tmpdir.isEmpty()) {
      paths.add(Path.of(tmpdir).toAbsolutePath().normalize());
    }
    for (int i = 0; i < pytestArgs.size(); i++) {
      String arg = pytestArgs.get(i);
      String value = null;
      if (arg.startsWith("--basetemp=")) {
        value = arg.substring("--basetemp=".length());
      } else if (arg.equals("--basetemp") && i + 1 < pytestArgs.size()) {
        value = pytestArgs.get(i + 1);
      }
      if (value != null && !value.isEmpty()) {
        // pytest empties --basetemp first, so its parent must be writable too.
        Path base = projectDir.resolve(value).toAbsolutePath().normalize();
        paths.add(base.getParent() == null ? base : base.getParent());
      }
    }
    paths.removeIf(p -> p.startsWith(TMP) || p.startsWith(projectDir));
    return paths;
  }

  /** The environment the zygote sees: this process's, with the run's variables on top. */
  private static Map<String, String> discoveryEnv(Map<String, String> runEnv) {
    Map<String, String> env = new LinkedHashMap<>(System.getenv());
    env.putAll(runEnv);
    return env;
  }

  /** Reporters' standard streams for a programmatic run that created none by name. */
  public static ReporterContext silentContext(Path projectDir) {
    PrintStream sink = new PrintStream(PrintStream.nullOutputStream());
    return new ReporterContext(sink, System.err, projectDir, 0, false, 0, Map.of());
  }

  static List<String> pytestArgs(RunRequest request) {
    List<String> args = new ArrayList<>(request.selectors());
    request.keyword().ifPresent(k -> args.addAll(List.of("-k", k)));
    request.markers().ifPresent(m -> args.addAll(List.of("-m", m)));
    args.addAll(request.pytestArgs());
    return args;
  }

  private static void checkSelectorsExist(Path cwd, List<String> selectors) {
    for (String selector : selectors) {
      if (selector.startsWith("-")) {
        continue;
      }
      Path path = cwd.resolve(pathPart(selector));
      if (!Files.exists(path)) {
        throw new TachException(
            ErrorCode.E004,
            "path not found: " + pathPart(selector),
            "paths and node ids are relative to " + cwd);
      }
    }
  }

  private static String pathPart(String selector) {
    int sep = selector.indexOf("::");
    return sep < 0 ? selector : selector.substring(0, sep);
  }

  /** Where to look for pyproject.toml: the deepest directory that holds every selected path. */
  private static Path commonRoot(Path cwd, List<String> selectors) {
    Path common = null;
    for (String selector : selectors) {
      Path p = cwd.resolve(pathPart(selector)).normalize();
      Path dir = Files.isDirectory(p) ? p : p.getParent();
      if (common == null) {
        common = dir;
      } else {
        while (!dir.startsWith(common)) {
          common = common.getParent();
        }
      }
    }
    return common == null ? cwd : common;
  }

  public static String version() {
    try (InputStream in = RunService.class.getResourceAsStream("/dev/tach/cli/version.properties")) {
      if (in == null) {
        return "dev";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "dev");
    } catch (IOException e) {
      return "dev";
    }
  }
}
