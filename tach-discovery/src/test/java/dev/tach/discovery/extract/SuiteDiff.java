package dev.tach.discovery.extract;

import dev.tach.api.model.FixtureDefinition;
import dev.tach.api.model.RequiredImport;
import dev.tach.api.model.TestCase;
import dev.tach.api.model.TestModule;
import dev.tach.discovery.PythonParsing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A development tool, not a test (surefire does not run it): links every test file under a
 * directory and compares the node ids with what {@code pytest --collect-only -q} printed there.
 *
 * <pre>
 * java -cp ... dev.tach.discovery.extract.SuiteDiff ROOT PYTEST_IDS_FILE [missing,modules]
 * </pre>
 *
 * Modules whose unconditional {@code importorskip} names a missing module are left out, as pytest
 * skips them. Prints the ids only one side has, by file, and the time spent.
 */
public final class SuiteDiff {

  private SuiteDiff() {}

  public static void main(String[] args) throws IOException {
    Path root = Path.of(args[0]).toAbsolutePath().normalize();
    Set<String> expected = new TreeSet<>();
    for (String line : Files.readAllLines(Path.of(args[1]))) {
      if (line.contains("::")) {
        expected.add(line.strip());
      }
    }
    Set<String> missingModules =
        args.length > 2 ? Set.of(args[2].split(",")) : Set.of();
    run(root, missingModules);
    // the second run shows the time with a warm JVM
    Result result = run(root, missingModules);
    Set<String> onlyPytest = new TreeSet<>(expected);
    onlyPytest.removeAll(result.ids);
    Set<String> onlyOurs = new TreeSet<>(result.ids);
    onlyOurs.removeAll(expected);
    onlyOurs.removeIf(id -> result.skippedFiles.contains(id.substring(0, id.indexOf("::"))));
    onlyPytest.removeIf(id -> result.skippedFiles.contains(id.substring(0, id.indexOf("::"))));
    System.out.printf(
        "pytest ids: %d, ours: %d (dynamic without ids: %d, with dynamic reason: %d), files: %d,"
            + " skipped files: %s%n",
        expected.size(),
        result.ids.size(),
        result.dynamicWithoutIds.size(),
        result.dynamicCount,
        result.files,
        result.skippedFiles);
    System.out.printf(
        "ids in skipped files: %d; ids from fixture params= (%d tests expanded): %d%n",
        result.skippedIds, result.fixtureParamTests, result.fixtureParamIds);
    System.out.printf(
        "time: parse %.0f ms, summarize %.0f ms, link %.0f ms (lookups read %d more files in"
            + " %.0f ms)%n",
        result.parseNanos / 1e6, result.summarizeNanos / 1e6, result.linkNanos / 1e6,
        result.lookupParses, result.lookupNanos / 1e6);
    // differences inside a class or function static discovery marked dynamic are explained
    Set<String> explainedPytest = new TreeSet<>();
    for (String id : onlyPytest) {
      String owner = id.contains("[") ? id.substring(0, id.indexOf('[')) : id;
      String parent = owner.substring(0, owner.lastIndexOf("::"));
      if (result.dynamicOwners.contains(owner) || result.dynamicOwners.contains(parent)) {
        explainedPytest.add(id);
      }
    }
    onlyPytest.removeAll(explainedPytest);
    Set<String> explainedOurs = new TreeSet<>();
    for (String id : onlyOurs) {
      if (result.dynamicIds.contains(id)) {
        explainedOurs.add(id);
      }
    }
    onlyOurs.removeAll(explainedOurs);
    System.out.println(
        "only pytest: " + onlyPytest.size() + " (and " + explainedPytest.size()
            + " under tests marked dynamic)");
    print(System.getProperty("explained") != null ? explainedPytest : onlyPytest);
    System.out.println(
        "only ours: " + onlyOurs.size() + " (and " + explainedOurs.size() + " marked dynamic)");
    print(System.getProperty("explained") != null ? explainedOurs : onlyOurs);
    System.out.println("dynamic without ids:");
    result.dynamicWithoutIds.forEach(line -> System.out.println("  " + line));
    if (System.getProperty("notes") != null) {
      result.notes.forEach(line -> System.out.println("  note " + line));
      result.dynamicReasons.forEach(line -> System.out.println("  reason " + line));
    }
  }

  private static void print(Set<String> ids) {
    Map<String, List<String>> byFile = new TreeMap<>();
    for (String id : ids) {
      byFile.computeIfAbsent(id.substring(0, id.indexOf("::")), k -> new ArrayList<>()).add(id);
    }
    byFile.forEach(
        (file, list) -> {
          System.out.println("  " + file + " (" + list.size() + ")");
          list.stream().limit(8).forEach(id -> System.out.println("      " + id));
        });
  }

  private static final class Result {
    final Set<String> ids = new TreeSet<>();
    final List<String> dynamicWithoutIds = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    final List<String> dynamicReasons = new ArrayList<>();
    final Set<String> skippedFiles = new TreeSet<>();
    final Set<String> dynamicOwners = new java.util.HashSet<>();
    final Set<String> dynamicIds = new java.util.HashSet<>();
    int dynamicCount;
    int fixtureParamIds;
    int fixtureParamTests;
    int skippedIds;
    int files;
    long parseNanos;
    long summarizeNanos;
    long linkNanos;
    int lookupParses;
    long lookupNanos;
  }

  /**
   * A rough stand-in for the resolver, to check {@code paramIds}: the test's ids with the ids
   * of parametrized fixtures it uses (from its module and conftests, most specific first) put
   * in front, as pytest's fixture manager parametrizes before the marks do.
   */
  private static List<String> withFixtureParams(
      TestCase test, TestModule module, List<TestModule> conftests) {
    List<FixtureDefinition> visible = new ArrayList<>();
    for (TestModule conftest : conftests) {
      visible.addAll(conftest.fixtures());
    }
    visible.addAll(module.fixtures());
    visible.removeIf(
        f ->
            !(f.visibleFrom().isEmpty()
                || test.baseId().equals(f.visibleFrom())
                || test.baseId().startsWith(f.visibleFrom() + "::")
                || test.baseId().startsWith(f.visibleFrom() + "/")));
    List<String> closure = new ArrayList<>();
    for (FixtureDefinition f : visible) {
      if (f.autouse()) {
        closure.add(f.name());
      }
    }
    closure.addAll(test.requests());
    List<FixtureDefinition> parametrized = new ArrayList<>();
    for (int i = 0; i < closure.size(); i++) {
      String name = closure.get(i);
      FixtureDefinition best = null;
      for (FixtureDefinition f : visible) {
        if (f.name().equals(name)
            && (best == null || f.visibleFrom().length() >= best.visibleFrom().length())) {
          best = f;
        }
      }
      if (best == null) {
        continue;
      }
      for (String request : best.requests()) {
        if (!closure.contains(request)) {
          closure.add(request);
        }
      }
      if (!best.paramIds().isEmpty() && !test.parametrizedArgs().contains(name)
          && !parametrized.contains(best)) {
        parametrized.add(best);
      }
    }
    parametrized.sort((a, b) -> b.scope().compareTo(a.scope()));
    List<List<String>> prefixes = new ArrayList<>();
    prefixes.add(List.of());
    for (FixtureDefinition f : parametrized) {
      List<List<String>> next = new ArrayList<>();
      for (List<String> prefix : prefixes) {
        for (String id : f.paramIds()) {
          List<String> longer = new ArrayList<>(prefix);
          longer.add(id);
          next.add(longer);
        }
      }
      prefixes = next;
    }
    List<String> ids = new ArrayList<>();
    for (List<String> prefix : prefixes) {
      List<String> parts = new ArrayList<>(prefix);
      parts.addAll(test.idParts());
      ids.add(parts.isEmpty() ? test.baseId() : test.baseId() + "[" + String.join("-", parts) + "]");
    }
    return ids;
  }

  private static Result run(Path root, Set<String> missingModules) throws IOException {
    Result result = new Result();
    Map<String, Path> modules = new HashMap<>();
    List<Path> testFiles = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) {
      walk.filter(p -> p.toString().endsWith(".py"))
          .filter(p -> !p.toString().contains("__pycache__"))
          .forEach(
              p -> {
                modules.put(ModuleSummarizer.moduleName(p), p);
                String name = p.getFileName().toString();
                if (name.matches("test_.*\\.py|.*_test\\.py|conftest\\.py")) {
                  testFiles.add(p);
                }
              });
    }
    testFiles.sort(null);
    Map<String, ModuleSummary> cache = new HashMap<>();
    List<TestModule> conftests = new ArrayList<>();
    int[] lookupParses = {0};
    long[] lookupNanos = {0};
    SummaryLookup lookup =
        name -> {
          Path file = modules.get(name);
          if (file == null) {
            return Optional.empty();
          }
          ModuleSummary summary =
              cache.computeIfAbsent(
                  name,
                  n -> {
                    lookupParses[0]++;
                    long begin = System.nanoTime();
                    ModuleSummary parsed = summarize(file, root, n, null);
                    lookupNanos[0] += System.nanoTime() - begin;
                    return parsed;
                  });
          return Optional.of(new SummaryLookup.Found(relative(root, file), summary));
        };
    LinkOptions options = LinkOptions.defaults().withTarget(LinkOptions.PythonTarget.parse("3.11"));
    ModuleLinker linker = new ModuleLinker(options, lookup);
    for (Path file : testFiles) {
      String moduleName = ModuleSummarizer.moduleName(file);
      ModuleSummary summary = cache.get(moduleName);
      if (summary == null) {
        summary = summarize(file, root, moduleName, result);
        cache.put(moduleName, summary);
      }
      boolean conftest = file.getFileName().toString().equals("conftest.py");
      long start = System.nanoTime();
      long lookupBefore = lookupNanos[0];
      TestModule module =
          linker.link(
              summary, relative(root, file), conftest ? TestModule.Kind.CONFTEST : TestModule.Kind.TEST);
      result.linkNanos += System.nanoTime() - start - (lookupNanos[0] - lookupBefore);
      if (conftest) {
        conftests.add(module);
        continue;
      }
      result.files++;
      for (RequiredImport required : module.requiredImports()) {
        String top = required.module().split("\\.")[0];
        if (missingModules.contains(top)) {
          result.skippedFiles.add(module.path());
        }
      }
      module.dynamic().forEach(note -> result.notes.add(note.location() + " " + note.reason()));
      for (TestCase test : module.tests()) {
        if (test.dynamic().isPresent()) {
          result.dynamicCount++;
          result.dynamicOwners.add(test.baseId());
          result.dynamicOwners.add(test.baseId().substring(0, test.baseId().lastIndexOf("::")));
          result.dynamicReasons.add(test.nodeId() + " :: " + test.dynamic().get());
          if (test.idParts().isEmpty() && !test.parametrizedArgs().isEmpty()) {
            result.dynamicWithoutIds.add(test.baseId() + " :: " + test.dynamic().get());
            continue;
          }
        }
        List<String> expanded = withFixtureParams(test, module, conftests);
        if (!expanded.contains(test.nodeId())) {
          result.fixtureParamIds += expanded.size();
          result.fixtureParamTests++;
        }
        if (result.skippedFiles.contains(module.path())) {
          result.skippedIds += expanded.size();
        }
        for (String id : expanded) {
          result.ids.add(id);
          if (test.dynamic().isPresent()) {
            result.dynamicIds.add(id);
          }
        }
      }
    }
    result.lookupParses = lookupParses[0];
    result.lookupNanos = lookupNanos[0];
    return result;
  }

  private static ModuleSummary summarize(Path file, Path root, String moduleName, Result timing) {
    long start = System.nanoTime();
    var outcome = PythonParsing.parseFile(file, root);
    long parsed = System.nanoTime();
    ModuleSummary summary =
        ModuleSummarizer.summarize(outcome, moduleName, ModuleSummarizer.isPackageInit(file));
    if (timing != null) {
      timing.parseNanos += parsed - start;
      timing.summarizeNanos += System.nanoTime() - parsed;
    }
    return summary;
  }

  private static String relative(Path root, Path file) {
    return root.relativize(file).toString().replace('\\', '/');
  }
}
