package dev.tach.discovery.env;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;
import dev.tach.api.TachException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment of a CPython interpreter on Linux, read from disk without starting it: the
 * version, the prefixes (a virtual environment's and its base interpreter's), the standard library,
 * {@code lib-dynload}, site-packages, the user site, {@code PYTHONPATH} and the {@code .pth} files,
 * put together into {@code sys.path} as {@code getpath} and {@code site} do. Code that runs at
 * startup ({@code import} lines of {@code .pth} files, {@code sitecustomize}) is recorded as
 * {@linkplain #dynamicHooks() dynamic hooks}; where one could provide a module the disk does not,
 * the answer is {@link Importability#UNKNOWN}.
 *
 * <p>{@code sys.path[0]} (the script's directory, or the working directory for {@code -m}/{@code
 * -c}) depends on how the interpreter is started and is not part of {@link #sysPath()}; callers
 * pass it, or the directories pytest's import mode inserts, as {@code extraRoots}.
 */
@Api(Api.Status.EXPERIMENTAL)
public final class PythonEnvironment {

  private static final Pattern NSPKG_NAME = Pattern.compile("\\*\\(\\s*'([\\w.]+)'");
  private static final Pattern DYNLOAD_SUFFIX = Pattern.compile(".*(\\.cpython-[^.]+\\.so)");
  private static final Set<String> NOTHING = Set.of();
  private static final Pattern DISTUTILS_DEFAULT =
      Pattern.compile("environ\\.get\\(\\s*var\\s*,\\s*['\"](\\w+)['\"]");

  private final Layout layout;
  private final List<Path> pythonpath;
  private final Optional<Path> userSite;
  private final List<Path> sitePackages = new ArrayList<>();
  private final List<Path> sysPath = new ArrayList<>();
  private final Set<Path> known = new HashSet<>();
  private final List<PthFile> pthFiles = new ArrayList<>();
  private final Map<String, DynamicHook> hooks = new java.util.LinkedHashMap<>();
  private final List<EditableFinder> editables = new ArrayList<>();
  private final Set<String> builtins;
  private final Set<String> frozenOnly;
  private final List<String> extensionSuffixes;
  private final ModuleFinder finder;
  private final Map<String, Optional<Distribution>> distributions = new HashMap<>();
  private final String setuptoolsUseDistutils;
  private boolean distutilsShim;

  private PythonEnvironment(Layout layout, Map<String, String> env, Path cwd) {
    this.layout = layout;
    this.extensionSuffixes = extensionSuffixes(layout);
    this.finder = new ModuleFinder(extensionSuffixes);
    this.builtins = builtinModules(layout);
    this.frozenOnly = BuiltinModules.frozenOnly(layout.version);
    this.setuptoolsUseDistutils = env.get("SETUPTOOLS_USE_DISTUTILS");

    List<Path> fromEnv = new ArrayList<>();
    String pythonpathVar = env.get("PYTHONPATH");
    if (pythonpathVar != null && !pythonpathVar.isEmpty()) {
      for (String entry : pythonpathVar.split(":", -1)) {
        fromEnv.add(cwd.resolve(entry).normalize());
      }
    }
    this.pythonpath = List.copyOf(fromEnv);
    fromEnv.forEach(this::addPath);
    addPath(layout.stdlibZip());
    addPath(layout.stdlib());
    addPath(layout.libDynload());

    boolean venv = layout.venv.isPresent();
    boolean systemSite = layout.venv.map(PyvenvCfg::includeSystemSitePackages).orElse(true);
    if (venv) {
      addSitePackages(List.of(layout.prefix));
    }
    String noUserSite = env.get("PYTHONNOUSERSITE");
    boolean enableUserSite = (noUserSite == null || noUserSite.isEmpty()) && (!venv || systemSite);
    Optional<Path> user = Optional.empty();
    String userBase = env.get("PYTHONUSERBASE");
    if ((userBase == null || userBase.isEmpty()) && env.get("HOME") != null) {
      userBase = Path.of(env.get("HOME"), ".local").toString();
    }
    if (enableUserSite && userBase != null && !userBase.isEmpty()) {
      Path dir =
          cwd.resolve(userBase)
              .normalize()
              .resolve("lib")
              .resolve(layout.stdlibName())
              .resolve("site-packages");
      if (Files.isDirectory(dir)) {
        user = Optional.of(dir);
        addSiteDir(dir);
      }
    }
    this.userSite = user;
    List<Path> prefixes =
        venv
            ? (systemSite
                ? List.of(layout.prefix, layout.basePrefix, layout.baseExecPrefix)
                : List.of(layout.prefix))
            : List.of(layout.prefix, layout.execPrefix);
    addSitePackages(prefixes);
    addCustomizeHook("sitecustomize");
    if (enableUserSite) {
      addCustomizeHook("usercustomize");
    }
  }

  /**
   * Reads the environment of {@code interpreter} as this process's environment variables and
   * working directory would start it.
   *
   * @throws TachException E005 when the interpreter or its standard library cannot be found
   */
  public static PythonEnvironment read(Path interpreter) {
    return read(interpreter, System.getenv(), Path.of("").toAbsolutePath());
  }

  /**
   * Reads the environment of {@code interpreter} started with {@code env} ({@code PYTHONPATH},
   * {@code PYTHONHOME}, {@code PYTHONNOUSERSITE}, {@code PYTHONUSERBASE}, {@code HOME}, pyenv's
   * {@code PYENV_VERSION}) in {@code workingDirectory}.
   *
   * @param interpreter the interpreter's path; a virtual environment's {@code bin/python} and pyenv
   *     shims are followed to what they run
   * @throws TachException E005 when the interpreter or its standard library cannot be found
   */
  public static PythonEnvironment read(
      Path interpreter, Map<String, String> env, Path workingDirectory) {
    requireNonNull(interpreter, "interpreter is null");
    requireNonNull(env, "env is null");
    requireNonNull(workingDirectory, "workingDirectory is null");
    Path cwd = workingDirectory.toAbsolutePath().normalize();
    return new PythonEnvironment(Layout.read(interpreter, env, cwd), env, cwd);
  }

  /**
   * The interpreter a pyenv shim at {@code interpreter} would run from {@code workingDirectory}
   * with {@code env}, or empty when it is no pyenv shim (or pyenv would run the system's Python).
   */
  public static Optional<Path> pyenvShimTarget(
      Path interpreter, Map<String, String> env, Path workingDirectory) {
    requireNonNull(interpreter, "interpreter is null");
    requireNonNull(env, "env is null");
    return PyenvShim.resolve(interpreter, env, workingDirectory.toAbsolutePath().normalize());
  }

  // ---- what the environment is ------------------------------------------------------------

  /** The interpreter path as given, made absolute. */
  public Path interpreter() {
    return layout.interpreter;
  }

  /** The interpreter that runs (a pyenv shim resolved), symbolic links not resolved. */
  public Path executable() {
    return layout.executable;
  }

  public PythonVersion version() {
    return layout.version;
  }

  /** {@code sys.prefix}: the virtual environment, or the installation. */
  public Path prefix() {
    return layout.prefix;
  }

  /** {@code sys.base_prefix}: the installation the standard library comes from. */
  public Path basePrefix() {
    return layout.basePrefix;
  }

  /** Whether a {@code pyvenv.cfg} makes this a virtual environment. */
  public boolean isVirtualEnvironment() {
    return layout.venv.isPresent();
  }

  /** The virtual environment's {@code pyvenv.cfg}, if any. */
  public Optional<Path> pyvenvCfg() {
    return layout.venv.map(c -> c.file);
  }

  /** Whether the base installation's site-packages are on the path. */
  public boolean includesSystemSitePackages() {
    return layout.venv.map(PyvenvCfg::includeSystemSitePackages).orElse(true);
  }

  /** The standard library directory ({@code lib/pythonX.Y}). */
  public Path stdlib() {
    return layout.stdlib();
  }

  /** {@code lib-dynload}, the standard library's extension modules, if it exists. */
  public Optional<Path> libDynload() {
    return Optional.of(layout.libDynload()).filter(Files::isDirectory);
  }

  /** The site-packages directories on the path (virtual environment first), user site apart. */
  public List<Path> sitePackages() {
    return Collections.unmodifiableList(sitePackages);
  }

  /** The user site-packages directory, if it exists and {@code site} adds it. */
  public Optional<Path> userSite() {
    return userSite;
  }

  /** The {@code PYTHONPATH} entries, absolute. */
  public List<Path> pythonpath() {
    return pythonpath;
  }

  /** {@code sys.path} after startup, without {@code sys.path[0]}. */
  public List<Path> sysPath() {
    return Collections.unmodifiableList(sysPath);
  }

  /** The {@code .pth} files processed, in processing order. */
  public List<PthFile> pthFiles() {
    return Collections.unmodifiableList(pthFiles);
  }

  /** The startup code that can change what is importable, in the order it runs. */
  public List<DynamicHook> dynamicHooks() {
    return List.copyOf(hooks.values());
  }

  /** Whether startup code could make modules importable that the disk does not show. */
  public boolean isPartlyDynamic() {
    return hooks.values().stream()
        .anyMatch(h -> !h.resolved() && h.onlyModules().map(m -> !m.isEmpty()).orElse(true));
  }

  /** {@code sys.builtin_module_names}. */
  public Set<String> builtinModuleNames() {
    return Collections.unmodifiableSet(builtins);
  }

  /** {@code importlib.machinery.EXTENSION_SUFFIXES}. */
  public List<String> extensionSuffixes() {
    return extensionSuffixes;
  }

  // ---- modules ------------------------------------------------------------------------------

  /** Whether {@code import NAME} would find the module ({@code importlib.util.find_spec}). */
  public Importability isImportable(String dottedModule) {
    return isImportable(dottedModule, List.of());
  }

  /** As {@link #isImportable(String)} with {@code extraRoots} searched before {@code sys.path}. */
  public Importability isImportable(String dottedModule, List<Path> extraRoots) {
    return lookup(dottedModule, extraRoots).importability;
  }

  /** The spec of the module, if it is found on disk (empty when not found or unknown). */
  public Optional<ModuleSpec> findSpec(String dottedModule, List<Path> extraRoots) {
    return Optional.ofNullable(lookup(dottedModule, extraRoots).spec);
  }

  /**
   * The Python source that {@code import NAME} would run: the {@code .py} file, or a package's
   * {@code __init__.py}; empty for builtins, extension modules, namespace packages and modules not
   * found.
   *
   * @param extraRoots directories searched before {@code sys.path}, as pytest's {@code prepend}
   *     import mode puts the rootdir-based package roots first
   */
  public Optional<Path> findModuleFile(String dottedModule, List<Path> extraRoots) {
    return findSpec(dottedModule, extraRoots)
        .flatMap(ModuleSpec::origin)
        .filter(p -> p.getFileName().toString().endsWith(".py"));
  }

  private record Lookup(Importability importability, ModuleSpec spec) {}

  private Lookup lookup(String name, List<Path> extraRoots) {
    requireNonNull(name, "dottedModule is null");
    String[] parts = name.split("\\.", -1);
    for (String part : parts) {
      if (part.isEmpty()) {
        return new Lookup(Importability.NO, null);
      }
    }
    if (name.equals("os.path")) {
      return new Lookup(
          Importability.YES,
          new ModuleSpec(
              name,
              ModuleSpec.Kind.SOURCE,
              Optional.of(layout.stdlib().resolve("posixpath.py")),
              List.of()));
    }
    if (frozenOnly.contains(name)) {
      return new Lookup(
          Importability.YES,
          new ModuleSpec(name, ModuleSpec.Kind.FROZEN, Optional.empty(), List.of()));
    }
    String top = parts[0];
    if (builtins.contains(top)) {
      if (parts.length == 1) {
        return new Lookup(
            Importability.YES,
            new ModuleSpec(name, ModuleSpec.Kind.BUILTIN, Optional.empty(), List.of()));
      }
      return new Lookup(Importability.NO, null);
    }
    List<Path> path = new ArrayList<>(extraRoots);
    path.addAll(sysPath);
    ModuleSpec spec = top.equals("distutils") ? distutilsFromSetuptools(path) : null;
    if (spec == null) {
      spec = finder.find(top, top, path).orElse(null);
    }
    if (spec == null) {
      spec = editableSpec(top);
    }
    if (spec == null) {
      return new Lookup(unknownOrNo(top), null);
    }
    StringBuilder fullname = new StringBuilder(top);
    for (int i = 1; i < parts.length; i++) {
      ModuleSpec parent = spec;
      fullname.append('.').append(parts[i]);
      if (!parent.isPackage()) {
        // Only the module's own code (sys.modules entries) could make a submodule importable.
        boolean couldFake =
            parent.kind() != ModuleSpec.Kind.SOURCE || mentions(parent.origin(), "sys.modules");
        return new Lookup(couldFake ? Importability.UNKNOWN : Importability.NO, null);
      }
      spec = finder.find(parts[i], fullname.toString(), parent.searchLocations()).orElse(null);
      if (spec == null) {
        boolean pathChanged =
            parent.kind() == ModuleSpec.Kind.PACKAGE
                && (!parent.origin().map(p -> p.toString().endsWith(".py")).orElse(false)
                    || mentions(parent.origin(), "__path__")
                    || mentions(parent.origin(), "sys.modules"));
        return new Lookup(pathChanged ? Importability.UNKNOWN : unknownOrNo(top), null);
      }
    }
    return new Lookup(Importability.YES, spec);
  }

  /**
   * {@code _distutils_hack.DistutilsMetaFinder}: with {@code SETUPTOOLS_USE_DISTUTILS=local} (the
   * default the {@code .pth} line names when unset) {@code import distutils} loads {@code
   * setuptools._distutils}, if setuptools is there; otherwise the shim steps aside.
   */
  private ModuleSpec distutilsFromSetuptools(List<Path> path) {
    if (!distutilsShim) {
      return null;
    }
    Optional<ModuleSpec> setuptools = finder.find("setuptools", "setuptools", path);
    if (setuptools.isEmpty() || !setuptools.get().isPackage()) {
      return null;
    }
    return finder
        .find("_distutils", "setuptools._distutils", setuptools.get().searchLocations())
        .filter(ModuleSpec::isPackage)
        .map(s -> new ModuleSpec("distutils", s.kind(), s.origin(), s.searchLocations()))
        .orElse(null);
  }

  private Importability unknownOrNo(String top) {
    for (DynamicHook hook : hooks.values()) {
      if (hook.mayProvide(top)) {
        return Importability.UNKNOWN;
      }
    }
    return Importability.NO;
  }

  private ModuleSpec editableSpec(String top) {
    for (EditableFinder editable : editables) {
      Path root = editable.mapping.get(top);
      if (root != null) {
        if (Files.isRegularFile(root)) {
          String file = root.getFileName().toString();
          ModuleSpec.Kind kind =
              file.endsWith(".py")
                  ? ModuleSpec.Kind.SOURCE
                  : file.endsWith(".pyc") ? ModuleSpec.Kind.BYTECODE : ModuleSpec.Kind.EXTENSION;
          return new ModuleSpec(top, kind, Optional.of(root), List.of());
        }
        Path init = root.resolve("__init__.py");
        if (Files.isRegularFile(init)) {
          return new ModuleSpec(top, ModuleSpec.Kind.PACKAGE, Optional.of(init), List.of(root));
        }
      }
      List<Path> namespace = editable.namespaces.get(top);
      if (namespace != null) {
        return new ModuleSpec(top, ModuleSpec.Kind.NAMESPACE_PACKAGE, Optional.empty(), namespace);
      }
    }
    return null;
  }

  private static boolean mentions(Optional<Path> file, String text) {
    if (file.isEmpty()) {
      return false;
    }
    try (InputStream in = Files.newInputStream(file.get())) {
      return new String(in.readNBytes(4 << 20), StandardCharsets.UTF_8).contains(text);
    } catch (IOException e) {
      return true;
    }
  }

  // ---- distributions -------------------------------------------------------------------

  /**
   * The first distribution named {@code name} (compared as PEP 503 normalizes names) in {@code
   * sys.path} order, as {@code importlib.metadata.distribution(name)} finds it.
   */
  public Optional<Distribution> installedDistribution(String name) {
    String wanted = InstalledMetadata.normalize(name);
    return distributions.computeIfAbsent(
        wanted,
        w -> {
          for (Path dir : sysPath) {
            for (Path metadata : InstalledMetadata.metadataEntries(finder, dir)) {
              if (InstalledMetadata.nameOf(metadata).equals(w)) {
                Optional<Distribution> dist = InstalledMetadata.read(metadata);
                if (dist.isPresent()) {
                  return dist;
                }
              }
            }
          }
          return Optional.empty();
        });
  }

  /** The installed pytest's version ({@code pytest.__version__} as its metadata says). */
  public Optional<String> pytestVersion() {
    return installedDistribution("pytest").map(Distribution::version);
  }

  /**
   * The {@code pytest11} entry points of all installed distributions, in {@code sys.path} order
   * (distributions of one directory by name), the first of each plugin name only, as pluggy's
   * {@code load_setuptools_entrypoints} registers them.
   */
  public List<PytestPlugin> pytestPlugins() {
    Map<String, PytestPlugin> plugins = new java.util.LinkedHashMap<>();
    for (Path dir : sysPath) {
      for (Path metadata : InstalledMetadata.metadataEntries(finder, dir)) {
        if (!Files.isDirectory(metadata)) {
          continue;
        }
        List<InstalledMetadata.EntryPoint> entries =
            InstalledMetadata.entryPoints(metadata, "pytest11");
        if (entries.isEmpty()) {
          continue;
        }
        Optional<Distribution> dist = InstalledMetadata.read(metadata);
        if (dist.isEmpty()) {
          continue;
        }
        for (InstalledMetadata.EntryPoint entry : entries) {
          plugins.computeIfAbsent(
              entry.name(),
              n ->
                  new PytestPlugin(
                      n,
                      entry.module(),
                      entry.attribute(),
                      dist.get(),
                      findModuleFile(entry.module(), List.of())));
        }
      }
    }
    return List.copyOf(plugins.values());
  }

  // ---- building sys.path ------------------------------------------------------------------

  private void addPath(Path dir) {
    if (known.add(dir)) {
      sysPath.add(dir);
    }
  }

  private void addSitePackages(List<Path> prefixes) {
    for (Path dir : layout.sitePackages(prefixes)) {
      if (Files.isDirectory(dir)) {
        if (!sitePackages.contains(dir)) {
          sitePackages.add(dir);
        }
        addSiteDir(dir);
      }
    }
  }

  /** {@code site.addsitedir}: the directory, then its {@code .pth} files sorted by name. */
  private void addSiteDir(Path dir) {
    addPath(dir);
    Set<String> names = finder.listing(dir);
    if (names == null) {
      return;
    }
    List<String> pth = new ArrayList<>();
    for (String name : names) {
      if (name.endsWith(".pth")) {
        pth.add(name);
      }
    }
    pth.sort(null);
    for (String name : pth) {
      processPth(dir, dir.resolve(name));
    }
  }

  private void processPth(Path siteDir, Path file) {
    List<String> lines;
    try {
      String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
      if (text.startsWith("\uFEFF")) {
        text = text.substring(1);
      }
      lines = List.of(text.split("\n", -1));
    } catch (IOException e) {
      return;
    }
    List<Path> added = new ArrayList<>();
    List<String> code = new ArrayList<>();
    for (String line : lines) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      if (line.startsWith("import ") || line.startsWith("import\t")) {
        code.add(line.strip());
        addHook(siteDir, file, line.strip());
        continue;
      }
      Path dir = siteDir.resolve(line.stripTrailing()).normalize();
      if (!known.contains(dir) && Files.exists(dir)) {
        addPath(dir);
        added.add(dir);
      }
    }
    if (pthFiles.stream().noneMatch(p -> p.file().equals(file))) {
      pthFiles.add(new PthFile(file, added, code));
    }
  }

  private void addHook(Path siteDir, Path file, String line) {
    String key = file + "\n" + line;
    if (hooks.containsKey(key)) {
      return;
    }
    Optional<String> editable = EditableFinder.finderModule(line);
    DynamicHook hook;
    if (editable.isPresent()) {
      Optional<EditableFinder> finderFile =
          EditableFinder.read(siteDir.resolve(editable.get() + ".py"));
      if (finderFile.isPresent()) {
        editables.add(finderFile.get());
        Set<String> names = new LinkedHashSet<>(finderFile.get().mapping.keySet());
        names.addAll(finderFile.get().namespaces.keySet());
        hook = new DynamicHook(file, line, Optional.of(names), true);
      } else {
        hook = new DynamicHook(file, line, Optional.empty(), false);
      }
    } else if (line.contains("_distutils_hack")) {
      // setuptools' shim (a meta path finder ahead of the path finder) serves distutils from
      // setuptools/_distutils when enabled; lookups model it, see distutilsFromSetuptools.
      Matcher m = DISTUTILS_DEFAULT.matcher(line);
      String which =
          setuptoolsUseDistutils != null ? setuptoolsUseDistutils : m.find() ? m.group(1) : "local";
      distutilsShim |= which.equals("local");
      hook = new DynamicHook(file, line, Optional.of(Set.of("distutils")), true);
    } else if (line.matches("import\\s+_virtualenv\\s*")) {
      hook = new DynamicHook(file, line, Optional.of(NOTHING), false);
    } else if (file.getFileName().toString().endsWith("-nspkg.pth")) {
      Set<String> names = new LinkedHashSet<>();
      Matcher m = NSPKG_NAME.matcher(line);
      while (m.find()) {
        names.add(m.group(1).split("\\.")[0]);
      }
      hook = new DynamicHook(file, line, Optional.of(names), false);
    } else {
      hook = new DynamicHook(file, line, Optional.empty(), false);
    }
    hooks.put(key, hook);
  }

  /** {@code site.execsitecustomize}/{@code execusercustomize}: an importable module runs. */
  private void addCustomizeHook(String module) {
    Optional<ModuleSpec> spec = finder.find(module, module, sysPath);
    if (spec.isEmpty()) {
      return;
    }
    Path source = spec.get().origin().orElseGet(() -> spec.get().searchLocations().get(0));
    // Debian's sitecustomize only installs apport's exception hook.
    boolean harmless =
        mentions(Optional.of(source), "apport_python_hook")
            && !mentions(Optional.of(source), "sys.path")
            && !mentions(Optional.of(source), "meta_path");
    hooks.put(
        source + "\n" + module,
        new DynamicHook(
            source, "import " + module, harmless ? Optional.of(NOTHING) : Optional.empty(), false));
  }

  // ---- the interpreter binary ---------------------------------------------------------

  private static List<String> extensionSuffixes(Layout layout) {
    String platform = null;
    Path dynload = layout.libDynload();
    try (var stream = Files.newDirectoryStream(dynload, "*.so")) {
      for (Path file : stream) {
        Matcher m = DYNLOAD_SUFFIX.matcher(file.getFileName().toString());
        if (m.matches()) {
          platform = m.group(1);
          break;
        }
      }
    } catch (IOException e) {
      // derived below
    }
    if (platform == null) {
      String arch = System.getProperty("os.arch");
      String machine =
          switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> arch;
          };
      platform =
          ".cpython-"
              + layout.version.major()
              + layout.version.minor()
              + layout.threadSuffix
              + "-"
              + machine
              + "-linux-gnu.so";
    }
    List<String> suffixes = new ArrayList<>();
    suffixes.add(platform);
    if (layout.threadSuffix.isEmpty()) {
      suffixes.add(".abi3.so");
    }
    suffixes.add(".so");
    return List.copyOf(suffixes);
  }

  /** The default build's builtins plus the {@code PyInit_} functions the binaries define. */
  private static Set<String> builtinModules(Layout layout) {
    Set<String> names = new HashSet<>(BuiltinModules.builtin(layout.version));
    Path real;
    try {
      real = layout.executable.toRealPath();
    } catch (IOException e) {
      return names;
    }
    ElfSymbols exe = ElfSymbols.read(real);
    if (exe == null) {
      return names;
    }
    List<ElfSymbols> binaries = new ArrayList<>(List.of(exe));
    for (String needed : exe.needed) {
      if (needed.startsWith("libpython")) {
        findLibrary(needed, exe.runPaths, real.getParent(), layout)
            .map(ElfSymbols::read)
            .ifPresent(binaries::add);
      }
    }
    for (ElfSymbols binary : binaries) {
      for (String symbol : binary.definedSymbols) {
        if (symbol.startsWith("PyInit_")) {
          names.add(symbol.substring("PyInit_".length()));
        }
      }
    }
    return names;
  }

  private static Optional<Path> findLibrary(
      String name, List<String> runPaths, Path origin, Layout layout) {
    List<Path> dirs = new ArrayList<>();
    for (String runPath : runPaths) {
      if (!runPath.isEmpty()) {
        dirs.add(
            Path.of(
                runPath
                    .replace("$ORIGIN", origin.toString())
                    .replace("${ORIGIN}", origin.toString())));
      }
    }
    dirs.add(layout.basePrefix.resolve("lib"));
    dirs.add(layout.basePrefix.resolve("lib64"));
    for (String system :
        List.of(
            "/usr/local/lib",
            "/usr/lib/x86_64-linux-gnu",
            "/usr/lib/aarch64-linux-gnu",
            "/usr/lib64",
            "/usr/lib",
            "/lib")) {
      dirs.add(Path.of(system));
    }
    for (Path dir : dirs) {
      Path candidate = dir.resolve(name);
      if (Files.isRegularFile(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
