package dev.tach.discovery;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tach.api.Api;
import dev.tach.api.ErrorCode;
import dev.tach.api.model.DiscoveryProblem;
import dev.tach.api.model.DynamicNote;
import dev.tach.api.model.RequiredImport;
import dev.tach.api.model.SourceLocation;
import dev.tach.api.model.TestModule;
import dev.tach.discovery.DiscoveredSuite.SkippedModule;
import dev.tach.discovery.cache.ContentCache;
import dev.tach.discovery.config.PytestConfig;
import dev.tach.discovery.config.PytestConfigLoader;
import dev.tach.discovery.env.Importability;
import dev.tach.discovery.env.PytestPlugin;
import dev.tach.discovery.env.PythonEnvironment;
import dev.tach.discovery.extract.Binding;
import dev.tach.discovery.extract.LinkOptions;
import dev.tach.discovery.extract.ModuleLinker;
import dev.tach.discovery.extract.ModuleSummarizer;
import dev.tach.discovery.extract.ModuleSummary;
import dev.tach.discovery.extract.PyExpr;
import dev.tach.discovery.extract.SummaryLookup;
import dev.tach.discovery.files.CollectionPlan;
import dev.tach.discovery.files.CollectionSettings;
import dev.tach.discovery.files.ConftestVariables;
import dev.tach.discovery.files.FileCollector;
import dev.tach.discovery.files.PytestOptions;
import dev.tach.discovery.files.SourceFile;
import dev.tach.discovery.files.TestFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Static discovery end to end: pytest's configuration, the files it would collect, each file's
 * summary (from the parse cache or parsed, in parallel), linked into the {@code tach-api} model
 * with base classes and imported names followed into other modules, module-level {@code
 * importorskip} decided against the interpreter's installed packages, and the plugins whose
 * fixtures count. No Python process starts.
 *
 * <p>Fixture resolution (E003, E018, fixture parameters in node ids) is {@code tach-resolver}'s
 * work on the returned modules.
 */
@Api(Api.Status.EXPERIMENTAL)
public final class StaticDiscovery {

  /** Packages whose modules are never read to follow a name: pytest's own. */
  private static final Set<String> NOT_FOLLOWED = Set.of("pytest", "_pytest", "pluggy", "py");

  /** Module-level xunit functions: pytest runs them once around all of a module's tests. */
  private static final Set<String> XUNIT_MODULE_SETUP =
      Set.of("setup_module", "teardown_module", "setUpModule", "tearDownModule");

  /** Where the parse cache lives, relative to the rootdir. */
  public static final String CACHE_FILE = ".tach/cache/discovery.smile";

  /**
   * What to discover.
   *
   * @param invocationDir the directory pytest would run in
   * @param pytestArgs pytest's command line: paths and node ids, and options such as {@code -c},
   *     {@code --rootdir}, {@code -o}, {@code --ignore}, {@code --deselect}, {@code -p}
   * @param python the interpreter whose environment decides {@code importorskip} and plugins
   * @param noIgnore do not honour {@code .gitignore} and {@code .ignore} files
   * @param useCache read and write the parse cache
   * @param env the environment variables ({@code PYTEST_ADDOPTS}, {@code PYTHONPATH}, ...)
   * @param followImports also read the project's own modules that the suite imports,
   *     transitively (for the import graph and toxicity); installed packages outside the
   *     rootdir stay leaves
   */
  @Api(Api.Status.EXPERIMENTAL)
  public record Request(
      Path invocationDir,
      List<String> pytestArgs,
      Optional<Path> python,
      boolean noIgnore,
      boolean useCache,
      Map<String, String> env,
      boolean followImports) {
    public Request {
      requireNonNull(invocationDir, "invocationDir is null");
      pytestArgs = List.copyOf(pytestArgs);
      requireNonNull(python, "python is null");
      env = Map.copyOf(env);
    }
  }

  private final Request request;
  /** Smile (binary JSON): a third smaller than JSON and about twice as fast to read. */
  private final ObjectMapper mapper =
      new ObjectMapper(
              com.fasterxml.jackson.dataformat.smile.SmileFactory.builder()
                  // Paths, names and marks repeat in every test: written once, referenced after.
                  .enable(com.fasterxml.jackson.dataformat.smile.SmileGenerator.Feature.CHECK_SHARED_STRING_VALUES)
                  .build())
          .registerModule(new com.fasterxml.jackson.datatype.jdk8.Jdk8Module())
          .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private final Map<Path, ModuleSummary> summaries = new HashMap<>();
  private final AtomicInteger parsed = new AtomicInteger();
  private final AtomicLong bytesParsed = new AtomicLong();
  private final List<DynamicNote> notes = new ArrayList<>();
  private ContentCache<ModuleSummary> cache;
  private LinkedSuite previous;
  private final Map<Path, String> contentKeys = new java.util.concurrent.ConcurrentHashMap<>();
  /** What conftests set collect_ignore[_glob] to, by content key and variable. */
  private final Map<String, ConftestAnswer> answers = new java.util.concurrent.ConcurrentHashMap<>();
  private Path rootdir;
  private final Map<String, Long> phases = new LinkedHashMap<>();
  private long phaseStart = System.nanoTime();

  /** Ends the current phase of the run under {@code name}, for --debug. */
  private void phase(String name) {
    long now = System.nanoTime();
    phases.merge(name, (now - phaseStart) / 1_000_000, Long::sum);
    phaseStart = now;
  }

  private StaticDiscovery(Request request) {
    this.request = request;
  }

  /**
   * Discovers the suite.
   *
   * @throws dev.tach.api.TachException E001/E002 for bad configuration or options, E004 for a
   *     path that does not exist, E005 for an interpreter that is not there
   */
  public static DiscoveredSuite discover(Request request) {
    requireNonNull(request, "request is null");
    return new StaticDiscovery(request).run();
  }

  private DiscoveredSuite run() {
    long start = System.nanoTime();
    Path cwd = request.invocationDir().toAbsolutePath().normalize();
    PytestConfig config = PytestConfigLoader.load(cwd, request.pytestArgs());
    rootdir = config.rootdir();
    PytestOptions options =
        PytestOptions.parse(
            config, Optional.ofNullable(request.env().get("PYTEST_ADDOPTS")), request.pytestArgs());
    dev.tach.discovery.select.TestSelection selection =
        dev.tach.discovery.select.TestSelection.of(options.keyword(), options.markExpression());
    Optional<PythonEnvironment> environment =
        request.python().map(p -> PythonEnvironment.read(p, request.env(), cwd));
    phase("config");
    previous = request.useCache() && !request.followImports() ? readLinked() : null;
    phase("cache-read");

    CollectionSettings settings =
        CollectionSettings.DEFAULT
            .withNoIgnore(request.noIgnore())
            .withGlobalGitignore(CollectionSettings.globalGitignore(request.env()))
            .withConftestVariables(new ConftestLiterals());
    CollectionPlan plan = FileCollector.collect(config, cwd, options, settings);
    selection = selection.withArguments(plan.testFiles(), plan.deselect());
    phase("files");

    List<SourceFile> sources = new ArrayList<>(plan.conftests());
    Set<Path> seen = new LinkedHashSet<>();
    for (TestFile file : plan.testFiles()) {
      if (file.file().role() == SourceFile.Role.TEST && seen.add(file.file().path())) {
        sources.add(file.file());
      }
    }
    List<Path> extraRoots = new ArrayList<>(importRoots(sources));
    // The ini's pythonpath, then the invocation directory: the harness (like python -m pytest)
    // starts with it on sys.path.
    Path iniDir = config.inifile().map(Path::getParent).orElse(rootdir);
    for (String entry : config.linelist("pythonpath", List.of())) {
      extraRoots.add(iniDir.resolve(entry).normalize());
    }
    extraRoots.add(cwd);

    String key = suiteKey(config, sources, environment);
    List<TestModule> conftests;
    List<TestModule> allTests;
    Map<String, SkippedModule> unconditionalSkips;
    Set<String> sharedSetUp;
    List<DiscoveryProblem> problems;
    List<TestModule> plugins;
    List<String> unreadPlugins;
    boolean pytester;
    List<TestModule> supportModules = List.of();
    if (previous != null && previous.key().equals(key) && unchanged(previous.files())) {
      // Nothing the last linking read has changed: its result stands.
      conftests = previous.conftests();
      allTests = previous.testModules();
      unconditionalSkips = previous.moduleSkips();
      sharedSetUp = new LinkedHashSet<>(previous.moduleSetUp());
      problems = previous.problems();
      plugins = previous.plugins();
      unreadPlugins = previous.unreadPlugins();
      pytester = previous.pytester();
      phase("linked-cache");
    } else {
      summarizeAll(sources);
      phase("summaries");
      FileLookup lookup = new FileLookup(sources, extraRoots, environment);
      LinkOptions linkOptions = LinkOptions.from(config);
      if (environment.isPresent()) {
        linkOptions =
            linkOptions.withTarget(
                new LinkOptions.PythonTarget(
                    environment.get().version().major(), environment.get().version().minor(), "linux"));
      }
      ModuleLinker linker = new ModuleLinker(linkOptions, lookup);

      problems = new ArrayList<>();
      conftests = new ArrayList<>();
      for (SourceFile conftest : plan.conftests()) {
        TestModule module =
            linker.link(summaries.get(conftest.path()), conftest.nodePath(), TestModule.Kind.CONFTEST);
        conftests.add(module);
        problems.addAll(module.problems());
      }
      allTests = new ArrayList<>();
      unconditionalSkips = new LinkedHashMap<>();
      sharedSetUp = new LinkedHashSet<>();
      Set<String> linked = new LinkedHashSet<>();
      for (SourceFile file : sources) {
        if (file.role() != SourceFile.Role.TEST || !linked.add(file.nodePath())) {
          continue;
        }
        ModuleSummary summary = summaries.get(file.path());
        TestModule module = linker.link(summary, file.nodePath(), TestModule.Kind.TEST);
        problems.addAll(module.problems());
        allTests.add(module);
        for (ModuleSummary.SkipCall skip : summary.skips()) {
          if (!skip.guarded()) {
            unconditionalSkips.putIfAbsent(
                module.path(), new SkippedModule(module.path(), skip.line(), skip.reason()));
          }
        }
        if (summary.namespace().functions().stream().anyMatch(f -> XUNIT_MODULE_SETUP.contains(f.name()))) {
          sharedSetUp.add(module.path());
        }
      }
      phase("link");
      plugins = new ArrayList<>();
      unreadPlugins = new ArrayList<>();
      pytester =
          readPlugins(options, environment, conftests, allTests, extraRoots, linker, plugins, unreadPlugins);
      phase("plugins");
      if (request.followImports()) {
        supportModules = followImports(allTests, conftests, lookup, linker);
      } else if (request.useCache()) {
        writeLinked(
            new LinkedSuite(
                key, fileKeys(), fileStats(), conftests, allTests, unconditionalSkips, List.copyOf(sharedSetUp),
                problems, plugins, unreadPlugins, pytester, answers));
      }
    }

    List<TestModule> testModules = new ArrayList<>();
    List<SkippedModule> skipped = new ArrayList<>();
    for (TestModule module : allTests) {
      Optional<SkippedModule> skip =
          Optional.ofNullable(unconditionalSkips.get(module.path()))
              .or(() -> importSkip(module, environment, extraRoots));
      if (skip.isPresent()) {
        skipped.add(skip.get());
        sharedSetUp.remove(module.path());
      } else {
        testModules.add(module);
      }
    }
    phase("imports");

    for (String problem : plan.problems()) {
      notes.add(new DynamicNote(new SourceLocation(".", 0), problem));
    }
    if (cache != null) {
      cache.save();
    }
    phase("cache-write");
    long millis = (System.nanoTime() - start) / 1_000_000;
    return new DiscoveredSuite(
        config,
        options,
        plan,
        environment,
        testModules,
        conftests,
        plugins,
        supportModules,
        unreadPlugins,
        pytester,
        skipped,
        sharedSetUp,
        problems,
        notes,
        new DiscoveredSuite.Stats(summaries.size(), parsed.get(), bytesParsed.get(), millis, phases),
        selection);
  }

  // ---------------------------------------------------------------- the linked-suite cache

  /**
   * A whole linking, cached in {@link #SUITE_CACHE_FILE}: valid while the key (configuration,
   * interpreter, the collected files and their contents) is the same and every other file the
   * linking read (base classes' modules, plugins) is unchanged. A hit reads one file instead of
   * every file's summary and skips linking; importorskip is still decided against the
   * interpreter as it is now.
   *
   * @param key {@link #suiteKey}
   * @param files every file the linking read, absolute path to content key
   * @param stats the same files' size and modification time when their key was taken: a file
   *     whose size and time are unchanged is not read again (git's index does the same)
   * @param conftests the linked conftests
   * @param testModules every linked test module, including those a skip removes
   * @param moduleSkips unconditional module-level skips, by module path
   * @param moduleSetUp modules with module-level xunit set-up
   * @param problems what linking found wrong
   * @param plugins the linked plugin modules
   * @param unreadPlugins plugins that could not be read
   * @param pytester whether {@code -p pytester} is on
   * @param conftestAnswers what conftests set {@code collect_ignore[_glob]} to
   */
  record LinkedSuite(
      String key,
      Map<String, String> files,
      Map<String, String> stats,
      List<TestModule> conftests,
      List<TestModule> testModules,
      Map<String, SkippedModule> moduleSkips,
      List<String> moduleSetUp,
      List<DiscoveryProblem> problems,
      List<TestModule> plugins,
      List<String> unreadPlugins,
      boolean pytester,
      Map<String, ConftestAnswer> conftestAnswers) {}

  /**
   * A conftest's {@code collect_ignore} or {@code collect_ignore_glob}.
   *
   * @param value the literal list, or {@code null} when the conftest does not set it statically
   * @param note why it is not applied (computed at run time), or {@code null}
   * @param line the line of the note
   */
  record ConftestAnswer(List<String> value, String note, int line) {}

  /** Where the linked-suite cache lives, relative to the rootdir. */
  public static final String SUITE_CACHE_FILE = ".tach/cache/suite.smile";

  private LinkedSuite readLinked() {
    try {
      LinkedSuite stored = mapper.readValue(rootdir.resolve(SUITE_CACHE_FILE).toFile(), LinkedSuite.class);
      return stored != null && stored.key() != null && stored.files() != null ? stored : null;
    } catch (IOException | RuntimeException missingOrCorrupt) {
      return null;
    }
  }

  private void writeLinked(LinkedSuite suite) {
    try {
      ContentCache.writeAtomically(rootdir.resolve(SUITE_CACHE_FILE), mapper.writer(), suite);
    } catch (IOException | RuntimeException unwritable) {
      // A cache that cannot be written only means the next listing links again.
    }
  }

  /**
   * The content key of a file (its SHA-256), once per run; {@code "-"} if unreadable. A file
   * whose size and modification time are those the previous linking recorded keeps the key it
   * had then, without being read.
   */
  private String contentKey(Path file) {
    return contentKeys.computeIfAbsent(file.toAbsolutePath().normalize(), f -> {
      String path = f.toString();
      if (previous != null && previous.stats() != null && previous.files() != null) {
        String known = previous.files().get(path);
        if (known != null && stat(f).equals(previous.stats().get(path))) {
          return known;
        }
      }
      try {
        return ContentCache.key(Files.readAllBytes(f));
      } catch (IOException | OutOfMemoryError unreadable) {
        return "-";
      }
    });
  }

  /** A file's size and modification time, {@code "-"} if it cannot be read. */
  private static String stat(Path file) {
    try {
      java.nio.file.attribute.BasicFileAttributes attributes =
          Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class);
      return attributes.size() + ":" + attributes.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
    } catch (IOException unreadable) {
      return "-";
    }
  }

  /** What a linking depends on besides the files it read. */
  private String suiteKey(PytestConfig config, List<SourceFile> sources, Optional<PythonEnvironment> environment) {
    StringBuilder key = new StringBuilder(cacheFormat()).append('\n');
    key.append(rootdir).append('\n').append(request.invocationDir().toAbsolutePath().normalize()).append('\n');
    key.append(String.join("\0", withoutSelection(request.pytestArgs()))).append('\n');
    key.append(request.env().getOrDefault("PYTEST_ADDOPTS", "")).append('\n');
    key.append(request.env().getOrDefault("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "")).append('\n');
    config.inifile().ifPresent(f -> key.append(f).append('=').append(contentKey(f)).append('\n'));
    if (environment.isPresent()) {
      // The interpreter that runs, not the path it was named by: a pyenv shim and the binary
      // it resolves to are one environment and share one cached linking.
      key.append(environment.get().executable().toAbsolutePath().normalize()).append(' ').append(environment.get().version()).append('\n');
      for (PytestPlugin plugin : environment.get().pytestPlugins()) {
        key.append(plugin.name()).append('=').append(plugin.module()).append('@').append(plugin.source().map(Path::toString).orElse("")).append('\n');
      }
    }
    for (SourceFile source : sources) {
      key.append(source.nodePath()).append('=').append(contentKey(source.path())).append('\n');
    }
    return ContentCache.key(key.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** The arguments without {@code -k}/{@code -m}: they select after linking, not before. */
  private static List<String> withoutSelection(List<String> args) {
    List<String> kept = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--")) {
        kept.addAll(args.subList(i, args.size()));
        break;
      }
      if (arg.equals("-k") || arg.equals("-m")) {
        i++;
      } else if (!arg.startsWith("-k") && !arg.startsWith("-m")) {
        kept.add(arg);
      }
    }
    return kept;
  }

  /** Whether every file still has the content key recorded. */
  private boolean unchanged(Map<String, String> files) {
    for (Map.Entry<String, String> file : files.entrySet()) {
      if (!file.getValue().equals(contentKey(Path.of(file.getKey())))) {
        return false;
      }
    }
    return true;
  }

  /** The content keys of every file summarized in this run. */
  private Map<String, String> fileKeys() {
    Map<String, String> keys = new java.util.TreeMap<>();
    for (Path file : summaries.keySet()) {
      keys.put(file.toAbsolutePath().normalize().toString(), contentKey(file));
    }
    return keys;
  }

  /** The size and modification time of every file summarized in this run. */
  private Map<String, String> fileStats() {
    Map<String, String> stats = new java.util.TreeMap<>();
    for (Path file : summaries.keySet()) {
      stats.put(file.toAbsolutePath().normalize().toString(), stat(file));
    }
    return stats;
  }

  // ---------------------------------------------------------------- summaries and the cache

  /** The cache format: the summary format and the build of this code, so a new build re-reads. */
  private static String cacheFormat() {
    String build = "dev";
    try {
      Path location =
          Path.of(StaticDiscovery.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (Files.isRegularFile(location)) {
        build = Files.size(location) + "-" + Files.getLastModifiedTime(location).toMillis();
      }
    } catch (Exception unknown) {
      // No code source (a custom class loader): the summary format alone names the cache.
    }
    return "summary-" + ModuleSummary.FORMAT + "-" + build;
  }

  /** Summarizes every file, in parallel: from the cache where it can, else parsed. */
  private void summarizeAll(List<SourceFile> sources) {
    int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), sources.size()));
    if (threads == 1) {
      for (SourceFile source : sources) {
        summaryOf(source.path(), source.moduleName());
      }
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread thread = new Thread(r, "tach-discovery");
      thread.setDaemon(true);
      return thread;
    });
    try {
      Map<Path, Future<ModuleSummary>> futures = new LinkedHashMap<>();
      for (SourceFile source : sources) {
        if (!summaries.containsKey(source.path())) {
          futures.computeIfAbsent(
              source.path(), p -> pool.submit(() -> summarize(p, source.moduleName())));
        }
      }
      for (Map.Entry<Path, Future<ModuleSummary>> entry : futures.entrySet()) {
        summaries.put(entry.getKey(), entry.getValue().get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the suite", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** The summary cache, read the first time a summary is needed; {@code null} without one. */
  private synchronized ContentCache<ModuleSummary> cache() {
    if (cache == null && request.useCache()) {
      cache = ContentCache.open(rootdir.resolve(CACHE_FILE), cacheFormat(), ModuleSummary.class, mapper);
    }
    return cache;
  }

  /** One file's summary; never throws: an unreadable file is a summary with its error. */
  private ModuleSummary summarize(Path file, String moduleName) {
    ContentCache<ModuleSummary> cache = cache();
    boolean packageInit = ModuleSummarizer.isPackageInit(file);
    byte[] bytes;
    try {
      bytes = Files.size(file) > PythonParsing.DEFAULT_MAX_FILE_BYTES ? null : Files.readAllBytes(file);
    } catch (IOException unreadable) {
      bytes = null;
    }
    if (bytes == null) {
      // Too large or unreadable: parseFile says which, as an E017 for this file.
      parsed.incrementAndGet();
      return ModuleSummarizer.summarize(PythonParsing.parseFile(file, rootdir), moduleName, packageInit);
    }
    // The file is read and hashed once: its content key serves the linked-suite cache too.
    String content = ContentCache.key(bytes);
    contentKeys.putIfAbsent(file.toAbsolutePath().normalize(), content);
    String key = null;
    if (cache != null) {
      key =
          ContentCache.key(
              content.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
              moduleName,
              Boolean.toString(packageInit),
              displayName(file));
      Optional<ModuleSummary> cached = cache.get(key);
      if (cached.isPresent()) {
        return cached.get();
      }
    }
    ParseOutcome outcome = PythonParsing.parseBytes(bytes, displayName(file));
    parsed.incrementAndGet();
    bytesParsed.addAndGet(bytes.length);
    ModuleSummary summary = ModuleSummarizer.summarize(outcome, moduleName, packageInit);
    if (key != null) {
      cache.put(key, summary);
    }
    return summary;
  }

  private ModuleSummary summaryOf(Path file, String moduleName) {
    return summaries.computeIfAbsent(file, f -> summarize(f, moduleName));
  }

  /** A file's name in locations: relative to the rootdir when inside it, else absolute. */
  private String displayName(Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    return absolute.startsWith(rootdir)
        ? rootdir.relativize(absolute).toString().replace('\\', '/')
        : absolute.toString();
  }

  // ---------------------------------------------------------------- imports

  /**
   * The directories pytest's {@code prepend} import mode puts on {@code sys.path}: for each
   * module, the directory above its outermost package.
   */
  private static List<Path> importRoots(List<SourceFile> sources) {
    Set<Path> roots = new LinkedHashSet<>();
    for (SourceFile source : sources) {
      if (source.moduleName().isEmpty()) {
        continue;
      }
      Path dir = source.path().toAbsolutePath().normalize().getParent();
      int depth = source.moduleName().split("\\.", -1).length - 1;
      if (ModuleSummarizer.isPackageInit(source.path())) {
        depth++;
      }
      for (int i = 0; i < depth && dir != null; i++) {
        dir = dir.getParent();
      }
      if (dir != null) {
        roots.add(dir);
      }
    }
    return List.copyOf(roots);
  }

  /** Finds other modules' summaries: the suite's own files first, then the import path. */
  private final class FileLookup implements SummaryLookup {
    private final Map<String, SourceFile> byName = new HashMap<>();
    private final List<Path> extraRoots;
    private final Optional<PythonEnvironment> environment;
    private final Map<String, Optional<Found>> found = new HashMap<>();

    FileLookup(List<SourceFile> sources, List<Path> extraRoots, Optional<PythonEnvironment> environment) {
      for (SourceFile source : sources) {
        byName.putIfAbsent(source.moduleName(), source);
      }
      this.extraRoots = extraRoots;
      this.environment = environment;
    }

    /**
     * Base classes, imported tests and parametrize values are followed into the project's and
     * installed packages' modules, not into the standard library or pytest itself: what a test
     * suite takes from those is not tests, and reading them would cost more than all the rest.
     */
    @Override
    public Optional<Found> find(String name) {
      Optional<Found> known = found.get(name);
      if (known == null) {
        known =
            isFollowed(name)
                ? locate(name)
                    .filter(this::outsideStdlib)
                    .map(file -> new Found(displayName(file), summaryOf(file, name)))
                : Optional.empty();
        found.put(name, known);
      }
      return known;
    }

    private boolean isFollowed(String name) {
      String top = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
      return !NOT_FOLLOWED.contains(top);
    }

    private boolean outsideStdlib(Path file) {
      if (environment.isEmpty()) {
        return true;
      }
      Path absolute = file.toAbsolutePath().normalize();
      Path stdlib = environment.get().stdlib();
      boolean inSite =
          environment.get().sitePackages().stream().anyMatch(absolute::startsWith)
              || absolute.startsWith(rootdir);
      return inSite || !absolute.startsWith(stdlib);
    }

    Optional<Path> locate(String name) {
      SourceFile source = byName.get(name);
      if (source != null) {
        return Optional.of(source.path());
      }
      if (environment.isPresent()) {
        return environment.get().findModuleFile(name, extraRoots);
      }
      String relative = name.replace('.', '/');
      for (Path root : extraRoots) {
        for (Path candidate : List.of(root.resolve(relative + ".py"), root.resolve(relative).resolve("__init__.py"))) {
          if (Files.isRegularFile(candidate)) {
            return Optional.of(candidate);
          }
        }
      }
      return Optional.empty();
    }
  }

  /**
   * The project's modules the suite imports, transitively, breadth first (each level read in
   * parallel): a module counts when its file is inside the rootdir; parent packages of an
   * imported module count too, as Python imports them first.
   */
  private List<TestModule> followImports(
      List<TestModule> testModules, List<TestModule> conftests, FileLookup lookup, ModuleLinker linker) {
    Set<String> known = new LinkedHashSet<>();
    List<TestModule> frontier = new ArrayList<>(conftests);
    frontier.addAll(testModules);
    frontier.forEach(m -> known.add(m.moduleName()));
    List<TestModule> support = new ArrayList<>();
    while (!frontier.isEmpty()) {
      Map<String, Path> next = new LinkedHashMap<>();
      for (TestModule module : frontier) {
        for (dev.tach.api.model.ModuleImport imported : module.imports()) {
          List<String> candidates = new ArrayList<>();
          String[] parts = imported.module().split("\\.");
          StringBuilder prefix = new StringBuilder();
          for (String part : parts) {
            prefix.append(prefix.length() == 0 ? "" : ".").append(part);
            candidates.add(prefix.toString());
          }
          for (String name : imported.names()) {
            if (!name.equals("*")) {
              candidates.add(imported.module() + "." + name);
            }
          }
          for (String candidate : candidates) {
            if (known.add(candidate)) {
              lookup.locate(candidate).filter(this::isLocal).ifPresent(f -> next.put(candidate, f));
            }
          }
        }
      }
      List<SourceFile> level = new ArrayList<>();
      next.forEach((name, file) -> level.add(new SourceFile(file, displayName(file), name, SourceFile.Role.TEST)));
      summarizeAll(level);
      frontier = new ArrayList<>();
      for (SourceFile file : level) {
        TestModule module = linker.link(summaries.get(file.path()), file.nodePath(), TestModule.Kind.SUPPORT);
        support.add(module);
        frontier.add(module);
      }
    }
    return support;
  }

  /** Whether a module file belongs to the project (not an installed package outside it). */
  private boolean isLocal(Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    return absolute.startsWith(rootdir);
  }

  // ---------------------------------------------------------------- module-level skips

  /**
   * Whether pytest skips the module at collection because of an {@code importorskip} of a
   * module the interpreter does not have. Without an interpreter, importorskip is assumed to
   * succeed. (An unconditional module-level {@code pytest.skip(allow_module_level=True)} is
   * found while linking.)
   */
  private Optional<SkippedModule> importSkip(
      TestModule module, Optional<PythonEnvironment> environment, List<Path> extraRoots) {
    if (environment.isEmpty()) {
      return Optional.empty();
    }
    for (RequiredImport required : module.requiredImports()) {
      Importability importable = environment.get().isImportable(required.module(), extraRoots);
      if (importable == Importability.YES) {
        if (required.minVersion().isPresent()) {
          notes.add(
              new DynamicNote(
                  new SourceLocation(module.path(), required.line()),
                  "importorskip(\"" + required.module() + "\", minversion=" + required.minVersion().get()
                      + ") is assumed to pass: the installed version is not compared statically"));
        }
        continue;
      }
      if (importable == Importability.UNKNOWN) {
        notes.add(
            new DynamicNote(
                new SourceLocation(module.path(), required.line()),
                "importorskip(\"" + required.module() + "\"): not on the import path, but the"
                    + " interpreter runs start-up code (.pth) that could provide it; assumed missing"));
      }
      String top = required.module();
      return Optional.of(
          new SkippedModule(
              module.path(),
              required.line(),
              "could not import '" + top + "': No module named '" + top + "'"));
    }
    return Optional.empty();
  }

  // ---------------------------------------------------------------- plugins

  /**
   * Reads the plugins whose fixtures count: installed {@code pytest11} entry points (unless
   * disabled with {@code -p no:NAME} or autoload is off), {@code -p MODULE}, and the {@code
   * pytest_plugins} of conftests and test modules.
   *
   * @return whether the {@code pytester} builtin plugin is enabled
   */
  private boolean readPlugins(
      PytestOptions options,
      Optional<PythonEnvironment> environment,
      List<TestModule> conftests,
      List<TestModule> testModules,
      List<Path> extraRoots,
      ModuleLinker linker,
      List<TestModule> plugins,
      List<String> unread) {
    Set<String> disabled = new LinkedHashSet<>();
    List<String> named = new ArrayList<>();
    for (String plugin : options.plugins()) {
      if (plugin.startsWith("no:")) {
        disabled.add(plugin.substring(3));
      } else {
        named.add(plugin);
      }
    }
    boolean pytester = named.contains("pytester") && !disabled.contains("pytester");
    boolean autoload =
        !options.disablePluginAutoload() && !request.env().containsKey("PYTEST_DISABLE_PLUGIN_AUTOLOAD");
    Set<String> modules = new LinkedHashSet<>();
    if (environment.isPresent()) {
      for (PytestPlugin plugin : environment.get().pytestPlugins()) {
        boolean wanted = autoload ? !disabled.contains(plugin.name()) : named.contains(plugin.name());
        if (!wanted) {
          continue;
        }
        if (plugin.source().isEmpty()) {
          unread.add(plugin.name() + " (" + plugin.module() + ": no Python source)");
          continue;
        }
        modules.add(plugin.module());
        Path source = plugin.source().get();
        linkPlugin(plugin.module(), source, linker, plugins, unread);
      }
    } else {
      unread.add("installed plugins (no interpreter to read them from)");
    }
    List<String> wanted = new ArrayList<>();
    for (String name : named) {
      if (!isBuiltinPlugin(name)) {
        wanted.add(name);
      }
    }
    for (TestModule module : conftests) {
      wanted.addAll(module.pytestPlugins());
    }
    for (TestModule module : testModules) {
      wanted.addAll(module.pytestPlugins());
    }
    FileLookup locator = new FileLookup(List.of(), extraRoots, environment);
    for (String module : wanted) {
      if (!modules.add(module) || disabled.contains(module)) {
        continue;
      }
      Optional<Path> file = locator.locate(module);
      if (file.isEmpty()) {
        unread.add(module + " (not found on the import path)");
        continue;
      }
      linkPlugin(module, file.get(), linker, plugins, unread);
    }
    return pytester;
  }

  private void linkPlugin(
      String module, Path source, ModuleLinker linker, List<TestModule> plugins, List<String> unread) {
    ModuleSummary summary = summaryOf(source, module);
    if (summary.syntaxError() != null) {
      unread.add(module + " (" + summary.syntaxError().oneLine() + ")");
      return;
    }
    plugins.add(linker.link(summary, displayName(source), TestModule.Kind.SUPPORT));
  }

  /** pytest's own plugins that {@code -p} can name (their fixtures are the builtin table's). */
  private static boolean isBuiltinPlugin(String name) {
    return name.equals("pytester") || name.equals("legacypath") || name.startsWith("_pytest.");
  }

  // ---------------------------------------------------------------- collect_ignore

  /**
   * {@code collect_ignore} and {@code collect_ignore_glob} of a conftest, when the conftest
   * binds them once, unconditionally, to a list of string literals; any other binding is
   * reported as dynamic and not applied.
   */
  private final class ConftestLiterals implements ConftestVariables {
    @Override
    public Optional<List<String>> collectIgnore(Path conftest) {
      return literal(conftest, "collect_ignore");
    }

    @Override
    public Optional<List<String>> collectIgnoreGlob(Path conftest) {
      return literal(conftest, "collect_ignore_glob");
    }

    private Optional<List<String>> literal(Path conftest, String variable) {
      String key = contentKey(conftest) + "\0" + variable;
      ConftestAnswer answer = answers.get(key);
      if (answer == null && previous != null && previous.conftestAnswers() != null) {
        answer = previous.conftestAnswers().get(key);
      }
      if (answer == null) {
        answer = read(conftest, variable);
      }
      answers.put(key, answer);
      if (answer.note() != null) {
        DynamicNote note = new DynamicNote(new SourceLocation(displayName(conftest), answer.line()), answer.note());
        if (!notes.contains(note)) {
          notes.add(note);
        }
      }
      return Optional.ofNullable(answer.value());
    }

    private ConftestAnswer read(Path conftest, String variable) {
      ModuleSummary summary = summaryOf(conftest, ModuleSummarizer.moduleName(conftest));
      List<Binding> bindings = new ArrayList<>();
      for (Binding binding : summary.namespace().bindings()) {
        if (binding.name().equals(variable)) {
          bindings.add(binding);
        }
      }
      if (bindings.isEmpty()) {
        return new ConftestAnswer(null, null, 0);
      }
      if (bindings.size() == 1) {
        Binding only = bindings.get(0);
        if (only.kind() == Binding.Kind.ASSIGN
            && only.guards().isEmpty()
            && only.flow() == Binding.Flow.ALWAYS
            && only.value() instanceof PyExpr.Sequence sequence
            && sequence.items().stream().allMatch(i -> i instanceof PyExpr.Str)) {
          return new ConftestAnswer(
              sequence.items().stream().map(i -> ((PyExpr.Str) i).value()).toList(), null, 0);
        }
      }
      return new ConftestAnswer(
          null,
          variable + " is computed at run time; the static listing does not apply it",
          bindings.get(0).line());
    }
  }
}
