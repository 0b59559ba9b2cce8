package dev.tach.discovery.files;

import dev.tach.api.ErrorCode;
import dev.tach.api.TachException;
import dev.tach.discovery.config.ConfigValue;
import dev.tach.discovery.config.PytestConfig;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One static run of pytest 9's collection ({@code _pytest/main.py} {@code Session.collect}, {@code
 * Dir.collect}, {@code pytest_ignore_collect}; {@code _pytest/python.py} {@code Package.collect},
 * {@code pytest_collect_file}; {@code _pytest/config/__init__.py} {@code _decide_args}, {@code
 * _set_initial_conftests}, {@code _loadconftestmodules}), reading only directory listings and file
 * types.
 */
final class Collection {

  private static final Comparator<Entry> BY_NAME =
      (a, b) -> PyGlob.compareCodePoints(a.name, b.name);
  private static final Comparator<Entry> INIT_FIRST =
      Comparator.comparing((Entry e) -> !e.name.equals("__init__.py")).thenComparing(BY_NAME);

  private final PytestConfig config;
  private final Path cwd;
  private final Path rootdir;
  private final Path confcutdir;
  private final PytestOptions options;
  private final CollectionSettings settings;
  private final List<FnmatchEx> pythonFiles = new ArrayList<>();
  private final List<FnmatchEx> norecursedirs = new ArrayList<>();
  private final List<FnmatchEx> doctestGlobs = new ArrayList<>();
  private final Set<Path> ignorePaths = new HashSet<>();
  private final List<PyFnmatch> ignoreGlobs = new ArrayList<>();
  private final IgnoreTree ignoreTree;
  private final ModuleNames moduleNames;
  private final String rootdirPrefix;

  private Set<Path> initialPaths = Set.of();
  private Set<Path> initialPathsWithParents = Set.of();
  private final Map<Path, Boolean> hasConftest = new HashMap<>();
  private final Map<Path, List<SourceFile>> conftestChains = new HashMap<>();
  private final Set<Path> conftestDirsLoaded = new HashSet<>();
  private final Map<Path, SourceFile> conftests = new LinkedHashMap<>();
  private final Map<Path, Set<Path>> collectIgnore = new HashMap<>();
  private final Map<Path, List<PyFnmatch>> collectIgnoreGlob = new HashMap<>();
  private final List<TestFile> testFiles = new ArrayList<>();
  private final List<String> notCollected = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();

  Collection(
      PytestConfig config, Path invocationDir, PytestOptions options, CollectionSettings settings) {
    this.config = config;
    this.cwd = invocationDir.toAbsolutePath().normalize();
    this.rootdir = config.rootdir().toAbsolutePath().normalize();
    this.options = options;
    this.settings = settings;
    this.confcutdir = confcutdir();
    config.pythonFiles().forEach(p -> pythonFiles.add(FnmatchEx.compile(p)));
    config.norecursedirs().forEach(p -> norecursedirs.add(FnmatchEx.compile(p)));
    (options.doctestGlob().isEmpty() ? List.of("test*.txt") : options.doctestGlob())
        .forEach(p -> doctestGlobs.add(FnmatchEx.compile(p)));
    options.ignore().forEach(p -> ignorePaths.add(absolute(cwd, p)));
    options
        .ignoreGlob()
        .forEach(p -> ignoreGlobs.add(PyFnmatch.compile(absolute(cwd, p).toString())));
    this.ignoreTree =
        settings.noIgnore()
            ? null
            : new IgnoreTree(
                settings.globalGitignore().map(IgnoreFile::read).orElse(IgnoreFile.EMPTY));
    this.moduleNames = new ModuleNames(options.importMode(), rootdir);
    this.rootdirPrefix = rootdir.getParent() == null ? "/" : rootdir + "/";
  }

  CollectionPlan run() {
    if (options.pyargs()) {
      throw new TachException(
          ErrorCode.E002,
          "--pyargs is not supported by static discovery",
          "pass file or directory paths instead of module names");
    }
    if (isTrue(config.value("consider_namespace_packages"))) {
      problems.add(
          "consider_namespace_packages is set: module names of files in namespace packages"
              + " depend on sys.path and may differ from the ones listed");
    }
    CollectionPlan.ArgsSource source = CollectionPlan.ArgsSource.ARGS;
    List<String> args = options.args();
    if (args.isEmpty()) {
      source = CollectionPlan.ArgsSource.INVOCATION_DIR;
      if (cwd.equals(rootdir)) {
        List<String> globbed = new ArrayList<>();
        for (String pattern : config.testpaths()) {
          globbed.addAll(PyGlob.glob(cwd, pattern));
        }
        if (!globbed.isEmpty()) {
          source = CollectionPlan.ArgsSource.TESTPATHS;
          args = globbed;
        } else if (!config.testpaths().isEmpty()) {
          problems.add(
              "No files were found in testpaths; consider removing or adjusting your testpaths"
                  + " configuration. Searching recursively from the current directory instead.");
        }
      }
      if (source == CollectionPlan.ArgsSource.INVOCATION_DIR) {
        args = List.of(cwd.toString());
      }
    }
    loadInitialConftests(args);
    List<Argument> resolved = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      resolved.add(resolve(args.get(i), i));
    }
    List<Argument> parts = options.keepDuplicates() ? resolved : Argument.normalize(resolved);
    Set<Path> initial = new HashSet<>();
    Set<Path> withParents = new HashSet<>();
    for (Argument arg : parts) {
      initial.add(arg.path());
      for (Path p = arg.path(); p != null; p = p.getParent()) {
        withParents.add(p);
      }
    }
    initialPaths = initial;
    initialPathsWithParents = withParents;
    for (Argument arg : parts) {
      collectArgument(arg);
    }
    return new CollectionPlan(
        rootdir,
        confcutdir,
        args,
        source,
        testFiles,
        List.copyOf(conftests.values()),
        options.deselect(),
        notCollected,
        problems);
  }

  private Path confcutdir() {
    if (options.confcutdir().isPresent()) {
      Path dir = absolute(cwd, options.confcutdir().get());
      if (!Files.isDirectory(dir)) {
        throw new TachException(
            ErrorCode.E002,
            "argument --confcutdir: --confcutdir must be a directory, given: "
                + options.confcutdir().get(),
            "pass an existing directory to --confcutdir");
      }
      return dir;
    }
    return config.inifile().map(f -> f.toAbsolutePath().normalize().getParent()).orElse(rootdir);
  }

  // ---- arguments -------------------------------------------------------------------------

  private Argument resolve(String arg, int index) {
    int bracket = arg.indexOf('[');
    String base = bracket < 0 ? arg : arg.substring(0, bracket);
    List<String> split = List.of(base.split("::", -1));
    String strpath = split.get(0);
    List<String> names = split.subList(1, split.size());
    if (bracket >= 0 && names.isEmpty()) {
      throw new TachException(
          ErrorCode.E002,
          "path cannot contain [] parametrization: " + arg,
          "add the test name before the [...] parametrization");
    }
    Optional<String> parametrization =
        bracket < 0 ? Optional.empty() : Optional.of(arg.substring(bracket));
    Path path = absolute(cwd, strpath);
    if (!Files.exists(path)) {
      throw new TachException(
          ErrorCode.E004,
          "file or directory not found: " + arg,
          "check the path; it is relative to " + cwd);
    }
    if (!names.isEmpty() && Files.isDirectory(path)) {
      throw new TachException(
          ErrorCode.E002,
          "directory argument cannot contain :: selection parts: " + arg,
          "select tests with ::name only after a file");
    }
    return new Argument(arg, path, names, parametrization, index);
  }

  private void collectArgument(Argument arg) {
    for (Path dir : collectorChain(arg.path())) {
      loadConftests(dir);
    }
    Path path = arg.path();
    if (Files.isDirectory(path)) {
      Listing listing = list(path);
      if (listing != null) {
        collectDirectory(path, listing);
      }
    } else if (Files.isRegularFile(path)) {
      collectFile(path, true, arg.names(), arg.parametrization(), arg.raw());
    } else {
      notCollected.add(arg.raw());
    }
  }

  /** The directories {@code Session.collect} collects above an argument, outermost first. */
  private List<Path> collectorChain(Path path) {
    List<Path> chain = new ArrayList<>();
    for (Path p = path.getParent(); p != null; p = p.getParent()) {
      if (!inConfcutdir(p)) {
        break;
      }
      chain.add(0, p);
    }
    return chain;
  }

  // ---- the walk ----------------------------------------------------------------------------

  private void collectDirectory(Path dir, Listing listing) {
    loadConftests(dir);
    IgnoreTree.Node node =
        ignoreTree == null
            ? null
            : ignoreTree.node(dir, listing.hasGit, listing.hasGitignore, listing.hasIgnore);
    for (Entry entry : listing.entries) {
      if (entry.kind == Kind.DIRECTORY) {
        boolean initial = initialPathsWithParents.contains(entry.path);
        if (!initial && isIgnored(entry.path, entry.name, true, dir, node)) {
          continue;
        }
        if (entry.symlink && isLoop(dir, entry.path)) {
          continue;
        }
        Listing child = list(entry.path);
        if (child == null) {
          continue;
        }
        if (!initial && !options.collectInVirtualenv() && child.isVirtualenv(entry.path)) {
          continue;
        }
        collectDirectory(entry.path, child);
      } else if (entry.kind == Kind.FILE) {
        boolean initial = initialPaths.contains(entry.path);
        if (!initial && isIgnored(entry.path, entry.name, false, dir, node)) {
          continue;
        }
        collectFile(entry.path, initial, List.of(), Optional.empty(), entry.path.toString());
      }
    }
  }

  private void collectFile(
      Path path, boolean initial, List<String> names, Optional<String> param, String arg) {
    String name = path.getFileName().toString();
    String suffix = ModuleNames.suffix(name);
    if (suffix.equals(".py")) {
      if (initial || matchesAny(pythonFiles, path, name)) {
        SourceFile file =
            new SourceFile(path, nodePath(path), moduleNames.of(path), SourceFile.Role.TEST);
        testFiles.add(new TestFile(file, names, param, initial));
      }
      return;
    }
    boolean doctest =
        (initial && (suffix.equals(".txt") || suffix.equals(".rst")))
            || matchesAny(doctestGlobs, path, name);
    if (doctest) {
      SourceFile file = new SourceFile(path, nodePath(path), "", SourceFile.Role.DOCTEST_TEXT);
      testFiles.add(new TestFile(file, names, param, initial));
    } else if (initial) {
      notCollected.add(arg);
    }
  }

  /** {@code pytest_ignore_collect}, then Tach's additions; the virtualenv check is the caller's. */
  private boolean isIgnored(
      Path path, String name, boolean isDirectory, Path parent, IgnoreTree.Node node) {
    if (name.equals("__pycache__")) {
      return true;
    }
    if (ignorePaths.contains(path) || conftestIgnores(path, parent)) {
      return true;
    }
    if (!ignoreGlobs.isEmpty() || settings.conftestVariables() != ConftestVariables.NONE) {
      String text = path.toString();
      for (PyFnmatch glob : ignoreGlobs) {
        if (glob.matches(text)) {
          return true;
        }
      }
      for (PyFnmatch glob : conftestIgnoreGlobs(parent)) {
        if (glob.matches(text)) {
          return true;
        }
      }
    }
    if (isDirectory && matchesAny(norecursedirs, path, name)) {
      return true;
    }
    if (settings.extraIgnore().test(path)) {
      return true;
    }
    if (node != null) {
      if (isDirectory && name.equals(".git")) {
        return true;
      }
      return node.isIgnored(path, name, isDirectory);
    }
    return false;
  }

  private boolean conftestIgnores(Path path, Path parent) {
    if (settings.conftestVariables() == ConftestVariables.NONE) {
      return false;
    }
    List<SourceFile> chain = conftestChains.getOrDefault(parent, List.of());
    for (int i = chain.size() - 1; i >= 0; i--) {
      Path conftest = chain.get(i).path();
      Set<Path> paths =
          collectIgnore.computeIfAbsent(
              conftest,
              c -> {
                Optional<List<String>> value = settings.conftestVariables().collectIgnore(c);
                if (value.isEmpty()) {
                  return null;
                }
                Set<Path> set = new HashSet<>();
                value.get().forEach(v -> set.add(absolute(c.getParent(), v)));
                return set;
              });
      if (paths != null) {
        return paths.contains(path);
      }
    }
    return false;
  }

  private List<PyFnmatch> conftestIgnoreGlobs(Path parent) {
    if (settings.conftestVariables() == ConftestVariables.NONE) {
      return List.of();
    }
    List<SourceFile> chain = conftestChains.getOrDefault(parent, List.of());
    for (int i = chain.size() - 1; i >= 0; i--) {
      Path conftest = chain.get(i).path();
      List<PyFnmatch> globs =
          collectIgnoreGlob.computeIfAbsent(
              conftest,
              c -> {
                Optional<List<String>> value = settings.conftestVariables().collectIgnoreGlob(c);
                if (value.isEmpty()) {
                  return null;
                }
                List<PyFnmatch> list = new ArrayList<>();
                value
                    .get()
                    .forEach(
                        v -> list.add(PyFnmatch.compile(absolute(c.getParent(), v).toString())));
                return list;
              });
      if (globs != null) {
        return globs;
      }
    }
    return List.of();
  }

  private boolean isLoop(Path dir, Path link) {
    try {
      Path target = link.toRealPath();
      if (dir.toRealPath().startsWith(target)) {
        problems.add("symbolic link loop not followed: " + link + " -> " + target);
        return true;
      }
    } catch (IOException e) {
      return false;
    }
    return false;
  }

  // ---- conftests ---------------------------------------------------------------------------

  /** {@code _set_initial_conftests}: the arguments' directories and their {@code test*} dirs. */
  private void loadInitialConftests(List<String> args) {
    if (options.noconftest()) {
      return;
    }
    boolean foundAnchor = false;
    for (String arg : args) {
      int sep = arg.indexOf("::");
      Path anchor = absolute(cwd, sep < 0 ? arg : arg.substring(0, sep));
      if (Files.exists(anchor)) {
        tryLoadConftest(anchor);
        foundAnchor = true;
      }
    }
    if (!foundAnchor) {
      tryLoadConftest(cwd);
    }
  }

  private void tryLoadConftest(Path anchor) {
    boolean isDirectory = Files.isDirectory(anchor);
    loadConftests(isDirectory ? anchor : anchor.getParent());
    if (isDirectory) {
      // pytest iterates anchor.glob("test*") in directory (readdir) order, as listed here.
      PyFnmatch test = PyFnmatch.compile("test*");
      List<Path> dirs = new ArrayList<>();
      try (DirectoryStream<Path> stream = Files.newDirectoryStream(anchor)) {
        for (Path child : stream) {
          if (test.matches(child.getFileName().toString()) && Files.isDirectory(child)) {
            dirs.add(child);
          }
        }
      } catch (IOException e) {
        return;
      }
      dirs.forEach(this::loadConftests);
    }
  }

  /** {@code _loadconftestmodules(dir)}: the conftests from the top down to {@code dir}. */
  private void loadConftests(Path dir) {
    if (options.noconftest() || !conftestDirsLoaded.add(dir)) {
      return;
    }
    for (SourceFile conftest : conftestChain(dir)) {
      conftests.putIfAbsent(conftest.path(), conftest);
    }
  }

  private List<SourceFile> conftestChain(Path dir) {
    List<SourceFile> chain = conftestChains.get(dir);
    if (chain != null) {
      return chain;
    }
    Path parent = dir.getParent();
    List<SourceFile> above = parent == null ? List.of() : conftestChain(parent);
    if (inConfcutdir(dir)
        && hasConftest.computeIfAbsent(dir, d -> Files.isRegularFile(d.resolve("conftest.py")))) {
      Path path = dir.resolve("conftest.py");
      SourceFile conftest = conftests.get(path);
      if (conftest == null) {
        conftest =
            new SourceFile(
                path,
                slashed(rootdir.relativize(path)),
                moduleNames.of(path),
                SourceFile.Role.CONFTEST);
      }
      List<SourceFile> own = new ArrayList<>(above);
      own.add(conftest);
      chain = List.copyOf(own);
    } else {
      chain = above;
    }
    conftestChains.put(dir, chain);
    return chain;
  }

  /** {@code _is_in_confcutdir}: not a proper ancestor of the confcutdir. */
  private boolean inConfcutdir(Path dir) {
    return !(confcutdir.startsWith(dir) && !confcutdir.equals(dir));
  }

  // ---- listings ----------------------------------------------------------------------------

  private enum Kind {
    FILE,
    DIRECTORY,
    OTHER
  }

  private record Entry(String name, Path path, Kind kind, boolean symlink) {}

  /** A directory's entries in pytest's order, and what its file names tell. */
  private static final class Listing {
    List<Entry> entries;
    boolean hasGit;
    boolean hasGitignore;
    boolean hasIgnore;
    boolean hasPyvenvCfg;
    boolean hasCondaMeta;

    /** {@code _in_venv}: a {@code pyvenv.cfg} file, or {@code conda-meta/history}. */
    boolean isVirtualenv(Path dir) {
      return hasPyvenvCfg
          || (hasCondaMeta && Files.isRegularFile(dir.resolve("conda-meta").resolve("history")));
    }
  }

  private Listing list(Path dir) {
    List<Entry> entries = new ArrayList<>();
    Listing listing = new Listing();
    boolean hasInit = false;
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      for (Path path : stream) {
        String name = path.getFileName().toString();
        Kind kind;
        boolean symlink = false;
        try {
          BasicFileAttributes attrs =
              Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
          if (attrs.isSymbolicLink()) {
            symlink = true;
            attrs = Files.readAttributes(path, BasicFileAttributes.class);
          }
          kind =
              attrs.isDirectory() ? Kind.DIRECTORY : attrs.isRegularFile() ? Kind.FILE : Kind.OTHER;
        } catch (IOException e) {
          kind = Kind.OTHER;
        }
        entries.add(new Entry(name, path, kind, symlink));
        switch (name) {
          case "__init__.py" -> hasInit = kind == Kind.FILE;
          case ".git" -> listing.hasGit = kind != Kind.OTHER;
          case ".gitignore" -> listing.hasGitignore = kind == Kind.FILE;
          case ".ignore" -> listing.hasIgnore = kind == Kind.FILE;
          case "pyvenv.cfg" -> listing.hasPyvenvCfg = kind == Kind.FILE;
          case "conda-meta" -> listing.hasCondaMeta = kind == Kind.DIRECTORY;
          case "conftest.py" -> hasConftest.putIfAbsent(dir, kind == Kind.FILE);
          default -> {
            // nothing to note
          }
        }
      }
    } catch (IOException e) {
      problems.add("cannot list directory " + dir + ": " + e);
      return null;
    }
    hasConftest.putIfAbsent(dir, false);
    moduleNames.remember(dir, hasInit);
    entries.sort(hasInit ? INIT_FIRST : BY_NAME);
    listing.entries = entries;
    return listing;
  }

  // ---- helpers -----------------------------------------------------------------------------

  private String nodePath(Path file) {
    String text = file.toString();
    if (text.startsWith(rootdirPrefix)) {
      return text.substring(rootdirPrefix.length());
    }
    for (Path p = file; p != null; p = p.getParent()) {
      if (initialPaths.contains(p)) {
        return slashed(p.relativize(file));
      }
    }
    return slashed(rootdir.relativize(file));
  }

  private static String slashed(Path relative) {
    return relative.toString();
  }

  private static boolean matchesAny(List<FnmatchEx> patterns, Path path, String name) {
    for (FnmatchEx pattern : patterns) {
      if (pattern.matches(path, name)) {
        return true;
      }
    }
    return false;
  }

  /** {@code os.path.abspath(base / text)}. */
  static Path absolute(Path base, String text) {
    return base.resolve(text).normalize();
  }

  private static boolean isTrue(Optional<ConfigValue> value) {
    if (value.isEmpty()) {
      return false;
    }
    Object v = value.get().value();
    if (v instanceof Boolean b) {
      return b;
    }
    String s = String.valueOf(v).strip().toLowerCase(java.util.Locale.ROOT);
    return s.equals("true")
        || s.equals("1")
        || s.equals("yes")
        || s.equals("y")
        || s.equals("t")
        || s.equals("on");
  }
}
