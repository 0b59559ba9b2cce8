package dev.tach.resolver;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;
import dev.tach.api.model.Marker;
import dev.tach.api.model.ModuleImport;
import dev.tach.api.model.RequiredImport;
import dev.tach.api.model.TestCase;
import dev.tach.api.model.TestModule;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jgrapht.Graph;
import org.jgrapht.GraphPath;
import org.jgrapht.alg.interfaces.ShortestPathAlgorithm.SingleSourcePaths;
import org.jgrapht.alg.shortestpath.BFSShortestPath;
import org.jgrapht.graph.AsGraphUnion;
import org.jgrapht.graph.AsUnmodifiableGraph;
import org.jgrapht.graph.EdgeReversedGraph;
import org.jgrapht.graph.MaskSubgraph;
import org.jgrapht.graph.SimpleDirectedGraph;

/**
 * Which module imports which, and which tests are toxic for in-process isolation because of it.
 *
 * <p>Vertices are the modules given (test modules and conftests by their path, because their
 * dotted names need not be unique; other modules by dotted name) and every module they import
 * that was not given (by dotted name, as leaves). An edge {@code a -> b} means {@code a}
 * imports {@code b}: an import statement, {@code from M import x} (to {@code M}, and to {@code
 * M.x} when that is a known module), a module-level {@code pytest.importorskip}, a {@code
 * pytest_plugins} entry, and from each dotted module to its parent package. Imports inside
 * functions are kept as {@link ImportEdge.Kind#DEFERRED} edges and do not spread toxicity.
 *
 * <p>A module is toxic when a {@link ToxicRoot} is reachable from it through import-time edges;
 * its reason is the shortest such chain (JGraphT's breadth-first shortest paths from all roots
 * at once over the reversed graph). A test is toxic when marked {@code
 * @pytest.mark.tach_toxic}, when its module is, or when a conftest in its directory or above is
 * (the zygote imports those for it); the shortest of these chains is its reason.
 */
@Api(Api.Status.EXPERIMENTAL)
public final class ImportGraph {

  /** The marker that declares a test toxic: {@code @pytest.mark.tach_toxic(reason="...")}. */
  public static final String TOXIC_MARKER = "tach_toxic";

  private static final String ROOTS = "\0toxic roots";

  private final Graph<String, ImportEdge> graph;
  private final Map<String, ToxicityReason> reasons;
  private final Map<String, String> vertexByName;
  private final Map<String, String> vertexByPath;
  private final List<Map.Entry<String, String>> conftestsDeepestFirst;

  private ImportGraph(
      Graph<String, ImportEdge> graph,
      Map<String, ToxicityReason> reasons,
      Map<String, String> vertexByName,
      Map<String, String> vertexByPath,
      List<Map.Entry<String, String>> conftestsDeepestFirst) {
    this.graph = new AsUnmodifiableGraph<>(graph);
    this.reasons = Collections.unmodifiableMap(reasons);
    this.vertexByName = vertexByName;
    this.vertexByPath = vertexByPath;
    this.conftestsDeepestFirst = List.copyOf(conftestsDeepestFirst);
  }

  /** The import graph of {@code modules} with the {@link ToxicRoots#defaults()}. */
  public static ImportGraph build(Collection<TestModule> modules) {
    return build(modules, ToxicRoots.defaults());
  }

  /** The import graph of {@code modules}, toxic where {@code roots} are reachable. */
  public static ImportGraph build(Collection<TestModule> modules, List<ToxicRoot> roots) {
    requireNonNull(modules, "modules is null");
    requireNonNull(roots, "roots is null");
    Map<String, String> byName = new HashMap<>();
    Map<String, String> byPath = new HashMap<>();
    Map<String, String> nameOfVertex = new HashMap<>();
    List<Map.Entry<String, String>> conftests = new ArrayList<>();
    // Other modules first: their dotted names win over a test module's (maybe ambiguous) one.
    List<TestModule> ordered = new ArrayList<>(modules);
    ordered.sort(Comparator.comparing(m -> m.kind() != TestModule.Kind.SUPPORT));
    for (TestModule module : ordered) {
      String vertex = vertexOf(module);
      byName.putIfAbsent(module.moduleName(), vertex);
      byPath.put(module.path(), vertex);
      nameOfVertex.put(vertex, module.moduleName());
      if (module.kind() == TestModule.Kind.CONFTEST) {
        conftests.add(Map.entry(NodeIds.parent(module.path()), vertex));
      }
    }
    conftests.sort(
        Comparator.comparing((Map.Entry<String, String> e) -> e.getKey().length()).reversed());

    Builder builder = new Builder(byName, roots);
    for (TestModule module : modules) {
      builder.addModule(module, vertexOf(module));
    }
    builder.addParentPackages(nameOfVertex);
    return new ImportGraph(
        builder.graph, toxicity(builder.graph, nameOfVertex, roots), byName, byPath, conftests);
  }

  private static String vertexOf(TestModule module) {
    return module.kind() == TestModule.Kind.SUPPORT ? module.moduleName() : module.path();
  }

  /** Collects vertices and edges. */
  private static final class Builder {
    private final SimpleDirectedGraph<String, ImportEdge> graph =
        new SimpleDirectedGraph<>(ImportEdge.class);
    private final Map<String, String> byName;
    private final List<ToxicRoot> roots;

    Builder(Map<String, String> byName, List<ToxicRoot> roots) {
      this.byName = byName;
      this.roots = roots;
    }

    void addModule(TestModule module, String vertex) {
      graph.addVertex(vertex);
      for (ModuleImport statement : module.imports()) {
        if (statement.module().isEmpty()) {
          continue;
        }
        ImportEdge.Kind kind =
            statement.atImportTime() ? ImportEdge.Kind.IMPORT : ImportEdge.Kind.DEFERRED;
        link(vertex, statement.module(), kind, statement.line());
        for (String name : statement.names()) {
          String submodule = statement.module() + "." + name;
          if (!name.equals("*") && isKnown(submodule)) {
            link(vertex, submodule, kind, statement.line());
          }
        }
      }
      for (RequiredImport required : module.requiredImports()) {
        link(vertex, required.module(), ImportEdge.Kind.IMPORT, required.line());
      }
      for (String plugin : module.pytestPlugins()) {
        link(vertex, plugin, ImportEdge.Kind.PYTEST_PLUGINS, 0);
      }
    }

    private boolean isKnown(String moduleName) {
      return byName.containsKey(moduleName)
          || roots.stream().anyMatch(root -> root.module().equals(moduleName));
    }

    /** Adds {@code a.b -> a} for every dotted module, up to the top-level package. */
    void addParentPackages(Map<String, String> nameOfVertex) {
      Deque<String> pending = new ArrayDeque<>(graph.vertexSet());
      while (!pending.isEmpty()) {
        String vertex = pending.removeFirst();
        String name = nameOfVertex.getOrDefault(vertex, vertex);
        int dot = name.lastIndexOf('.');
        if (dot <= 0) {
          continue;
        }
        String parent = byName.getOrDefault(name.substring(0, dot), name.substring(0, dot));
        if (graph.addVertex(parent)) {
          pending.addLast(parent);
        }
        if (!parent.equals(vertex) && !graph.containsEdge(vertex, parent)) {
          graph.addEdge(vertex, parent, new ImportEdge(ImportEdge.Kind.PARENT_PACKAGE, 0));
        }
      }
    }

    private void link(String from, String moduleName, ImportEdge.Kind kind, int line) {
      String to = byName.getOrDefault(moduleName, moduleName);
      if (to.equals(from)) {
        return;
      }
      graph.addVertex(to);
      ImportEdge existing = graph.getEdge(from, to);
      if (existing != null) {
        if (existing.atImportTime() || kind == ImportEdge.Kind.DEFERRED) {
          return;
        }
        graph.removeEdge(existing);
      }
      graph.addEdge(from, to, new ImportEdge(kind, line));
    }
  }

  /**
   * The shortest chain from each toxic vertex to a root: one breadth-first search over the reversed
   * import-time graph, started from a virtual vertex joined to every root.
   */
  private static Map<String, ToxicityReason> toxicity(
      Graph<String, ImportEdge> graph, Map<String, String> nameOfVertex, List<ToxicRoot> roots) {
    SimpleDirectedGraph<String, ImportEdge> seeds = new SimpleDirectedGraph<>(ImportEdge.class);
    seeds.addVertex(ROOTS);
    Map<String, ToxicRoot> rootOf = new HashMap<>();
    for (String vertex : new TreeSet<>(graph.vertexSet())) {
      String name = nameOfVertex.getOrDefault(vertex, vertex);
      roots.stream()
          .filter(root -> root.matches(name))
          .findFirst()
          .ifPresent(
              root -> {
                rootOf.put(vertex, root);
                seeds.addVertex(vertex);
                seeds.addEdge(ROOTS, vertex, new ImportEdge(ImportEdge.Kind.IMPORT, 0));
              });
    }
    Graph<String, ImportEdge> importers =
        new EdgeReversedGraph<>(new MaskSubgraph<>(graph, v -> false, e -> !e.atImportTime()));
    SingleSourcePaths<String, ImportEdge> paths =
        new BFSShortestPath<>(new AsGraphUnion<>(importers, seeds)).getPaths(ROOTS);
    Map<String, ToxicityReason> reasons = new HashMap<>();
    for (String vertex : graph.vertexSet()) {
      GraphPath<String, ImportEdge> path = paths.getPath(vertex);
      if (path == null) {
        continue;
      }
      List<String> chain = new ArrayList<>(path.getVertexList().subList(1, path.getLength() + 1));
      Collections.reverse(chain);
      String root = chain.get(chain.size() - 1);
      reasons.put(vertex, new ToxicityReason(chain, root, rootOf.get(root).reason()));
    }
    return reasons;
  }

  /**
   * The graph, unmodifiable: vertices are module paths (test modules, conftests) or dotted names
   * (everything else); {@code a -> b} means {@code a} imports {@code b}.
   */
  public Graph<String, ImportEdge> graph() {
    return graph;
  }

  /** Every toxic vertex, roots included, sorted. */
  public Set<String> toxicModules() {
    return Collections.unmodifiableSet(new TreeSet<>(reasons.keySet()));
  }

  /**
   * Why a module is toxic: {@code module} is a vertex (a path or dotted name), a given module's
   * path, or a given module's dotted name.
   */
  public Optional<ToxicityReason> reasonFor(String module) {
    requireNonNull(module, "module is null");
    String vertex =
        graph.containsVertex(module)
            ? module
            : vertexByPath.getOrDefault(module, vertexByName.get(module));
    return Optional.ofNullable(vertex == null ? null : reasons.get(vertex));
  }

  /**
   * Why a test is toxic: its {@code tach_toxic} marker, else the shortest chain through its module
   * or a conftest that applies to it (its module's first, then the closest conftest's, when they
   * are equally short).
   */
  public Optional<ToxicityReason> reasonFor(TestCase test) {
    requireNonNull(test, "test is null");
    for (Marker marker : test.markers()) {
      if (marker.name().equals(TOXIC_MARKER)) {
        return Optional.of(
            new ToxicityReason(
                List.of(test.nodeId()), "@pytest.mark." + TOXIC_MARKER, markerReason(marker)));
      }
    }
    ToxicityReason best = null;
    String file = test.file();
    String own = vertexByPath.get(file);
    if (own != null) {
      best = reasons.get(own);
    }
    for (Map.Entry<String, String> conftest : conftestsDeepestFirst) {
      ToxicityReason reason = reasons.get(conftest.getValue());
      if (reason != null && NodeIds.isSelfOrBelow(file, conftest.getKey())) {
        List<String> chain = new ArrayList<>();
        chain.add(file);
        chain.addAll(reason.chain());
        if (best == null || chain.size() < best.chain().size()) {
          best = new ToxicityReason(chain, reason.root(), reason.why());
        }
      }
    }
    return Optional.ofNullable(best);
  }

  /** Whether {@link #reasonFor(TestCase)} finds a reason. */
  public boolean isToxic(TestCase test) {
    return reasonFor(test).isPresent();
  }

  private static String markerReason(Marker marker) {
    String text =
        marker
            .keywords()
            .getOrDefault("reason", marker.args().isEmpty() ? "" : marker.args().get(0));
    String stripped = text.strip();
    if (stripped.length() >= 2
        && (stripped.startsWith("\"") && stripped.endsWith("\"")
            || stripped.startsWith("'") && stripped.endsWith("'"))) {
      stripped = stripped.substring(1, stripped.length() - 1);
    }
    return stripped.isEmpty()
        ? "marked " + TOXIC_MARKER
        : "marked " + TOXIC_MARKER + ": " + stripped;
  }
}
