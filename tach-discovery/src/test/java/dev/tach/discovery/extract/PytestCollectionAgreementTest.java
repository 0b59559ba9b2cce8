package dev.tach.discovery.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tach.api.ErrorCode;
import dev.tach.api.model.FixtureDefinition;
import dev.tach.api.model.Marker;
import dev.tach.api.model.TestCase;
import dev.tach.api.model.TestModule;
import dev.tach.discovery.PythonParsing;
import dev.tach.discovery.config.PytestConfig;
import dev.tach.discovery.config.PytestConfigLoader;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
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
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the real pytest ({@code -Dtach.python}) on corpora of tricky test files and compares
 * what it collects with the static view: node ids and their order per file, marker names in
 * {@code iter_markers} order, requested fixtures, and fixture definitions (baseid, scope,
 * argnames, param ids). A small plugin ({@code tach_collect_dump.py}) writes pytest's side as JSON
 * lines. Tests that the static view marks dynamic may differ, and exactly the expected ones are.
 */
@Tag("pytest")
class PytestCollectionAgreementTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Per corpus: the base ids that static discovery must report as dynamic. */
  private static final Map<String, Set<String>> EXPECTED_DYNAMIC =
      Map.of(
          "default",
          Set.of(
              "pkg/test_conditional.py::test_no_json",
              "pkg/test_conditional.py::test_in_loop",
              "pkg/test_errors.py::test_unknown_arg",
              "pkg/test_generate_hook.py::test_generated",
              "pkg/test_generate_hook.py::test_not_generated",
              "pkg/test_inherit.py::TestInheritsInit::test_walrus_base",
              "pkg/test_params.py::test_objects",
              "pkg/test_params.py::test_computed_values",
              "pkg/test_params.py::test_function_results",
              "pkg/deep/test_nasty.py::TestWithMeta::test_written"),
          "custom_ini",
          Set.of());

  @TempDir Path project;

  @ParameterizedTest
  @ValueSource(strings = {"default", "custom_ini"})
  void staticCollectionAgreesWithPytest(String corpus) throws Exception {
    copyCorpus(corpus);
    Path dump = project.resolve(".tach-dump.jsonl");
    PytestRun pytest = runPytest(dump);
    Map<String, JsonNode> items = new LinkedHashMap<>();
    List<JsonNode> fixtures = new ArrayList<>();
    for (String line : Files.readAllLines(dump, StandardCharsets.UTF_8)) {
      JsonNode node = JSON.readTree(line);
      if (node.has("nodeid")) {
        items.put(node.get("nodeid").asText(), node);
      } else {
        fixtures.add(node);
      }
    }

    PytestConfig config = PytestConfigLoader.load(project, List.of());
    LinkOptions options = LinkOptions.from(config).withTarget(pytest.target());
    Map<String, TestModule> modules = linkAll(options, config.pythonFiles());

    Set<String> pytestFiles = new TreeSet<>();
    items.keySet().forEach(id -> pytestFiles.add(fileOf(id)));
    List<String> problems = new ArrayList<>();
    Set<String> dynamicBaseIds = new TreeSet<>();
    for (TestModule module : modules.values()) {
      if (module.kind() != TestModule.Kind.TEST) {
        continue;
      }
      String file = module.path();
      if (pytest.errors().contains(file)) {
        boolean explained =
            module.problems().stream().anyMatch(p -> p.code() == ErrorCode.E017)
                || module.tests().stream()
                    .anyMatch(t -> t.dynamic().orElse("").contains("collection error"));
        if (!explained) {
          problems.add(file + ": pytest reports a collection error that static discovery misses");
        }
        module.tests().stream()
            .filter(t -> t.dynamic().isPresent())
            .forEach(t -> dynamicBaseIds.add(t.baseId()));
        continue;
      }
      boolean skipped =
          module.requiredImports().stream().anyMatch(r -> r.module().startsWith("tach_missing_"))
              || module.dynamic().stream().anyMatch(n -> n.reason().contains("skipped at import"));
      if (skipped) {
        if (pytestFiles.contains(file)) {
          problems.add(file + ": pytest collects a module static discovery says is skipped");
        }
        continue;
      }
      compareModule(module, items, problems, dynamicBaseIds);
    }
    for (String id : items.keySet()) {
      if (!modules.containsKey(fileOf(id))) {
        problems.add(id + ": pytest collects it from a file static discovery did not read");
      }
    }
    compareFixtures(modules, fixtures, pytest.errors(), problems);

    assertThat(problems).isEmpty();
    assertThat(dynamicBaseIds).isEqualTo(EXPECTED_DYNAMIC.get(corpus));
    // the comparison ran on a substantial sample, not on an empty dump
    assertThat(compared[0]).as("tests compared").isGreaterThan(items.size() * 9 / 10);
    assertThat(fixtures).as("fixtures compared").isNotEmpty();
  }

  private final int[] compared = {0};

  private void compareModule(
      TestModule module,
      Map<String, JsonNode> items,
      List<String> problems,
      Set<String> dynamicBaseIds) {
    List<String> ours = new ArrayList<>();
    Set<String> dynamicBases = new LinkedHashSet<>();
    for (TestCase test : module.tests()) {
      ours.add(test.nodeId());
      if (test.dynamic().isPresent()) {
        dynamicBases.add(test.baseId());
        dynamicBases.add(test.baseId().substring(0, test.baseId().lastIndexOf("::")));
        dynamicBaseIds.add(test.baseId());
      }
      JsonNode item = items.get(test.nodeId());
      if (item == null) {
        if (test.dynamic().isEmpty()) {
          problems.add(test.nodeId() + ": static only");
        }
        continue;
      }
      compared[0]++;
      List<String> markers = new ArrayList<>();
      item.get("markers").forEach(m -> markers.add(m.asText()));
      List<String> ourMarkers = test.markers().stream().map(Marker::name).toList();
      if (!ourMarkers.equals(markers)) {
        problems.add(test.nodeId() + ": markers " + ourMarkers + ", pytest " + markers);
      }
      List<String> initial = new ArrayList<>();
      item.get("initialnames").forEach(n -> initial.add(n.asText()));
      Set<String> autouse = new LinkedHashSet<>();
      item.get("autouse").forEach(n -> autouse.add(n.asText()));
      Set<String> unexplained = new LinkedHashSet<>(initial);
      unexplained.removeAll(autouse);
      unexplained.removeAll(test.requests());
      unexplained.removeAll(test.parametrizedArgs());
      boolean ordered = isSubsequence(test.requests(), initial);
      if (!unexplained.isEmpty() || !ordered) {
        problems.add(
            test.nodeId() + ": requests " + test.requests() + " (parametrized "
                + test.parametrizedArgs() + "), pytest " + initial + " (autouse " + autouse + ")");
      }
    }
    List<String> theirs = new ArrayList<>();
    for (String id : items.keySet()) {
      if (fileOf(id).equals(module.path())) {
        theirs.add(id);
        String base = baseOf(id);
        if (!ours.contains(id)
            && !dynamicBases.contains(base)
            && !dynamicBases.contains(base.substring(0, base.lastIndexOf("::")))) {
          problems.add(id + ": pytest only");
        }
      }
    }
    List<String> oursShared = ours.stream().filter(theirs::contains).toList();
    List<String> theirsShared = theirs.stream().filter(ours::contains).toList();
    if (!oursShared.equals(theirsShared)) {
      problems.add(module.path() + ": order " + oursShared + ", pytest " + theirsShared);
    }
  }

  private static void compareFixtures(
      Map<String, TestModule> modules,
      List<JsonNode> fixtures,
      Set<String> errors,
      List<String> problems) {
    Map<String, FixtureDefinition> ours = new HashMap<>();
    for (TestModule module : modules.values()) {
      for (FixtureDefinition fixture : module.fixtures()) {
        ours.put(fixture.name() + "@" + fixture.visibleFrom(), fixture);
      }
    }
    for (JsonNode record : fixtures) {
      String name = record.get("fixture").asText();
      String baseid = record.get("baseid").asText();
      FixtureDefinition fixture = ours.get(name + "@" + baseid);
      if (fixture == null) {
        problems.add("fixture " + name + " at '" + baseid + "': not found statically");
        continue;
      }
      List<String> argnames = new ArrayList<>();
      record.get("argnames").forEach(a -> argnames.add(a.asText()));
      List<String> ids = new ArrayList<>();
      record.get("ids").forEach(a -> ids.add(a.asText()));
      boolean same =
          fixture.scope().pytestName().equals(record.get("scope").asText())
              && fixture.requests().equals(argnames)
              && (fixture.paramsDynamic() || fixture.paramIds().equals(ids));
      if (!same) {
        problems.add(
            "fixture " + name + " at '" + baseid + "': static " + fixture.scope() + " "
                + fixture.requests() + " " + fixture.paramIds() + ", pytest " + record);
      }
    }
  }

  private static boolean isSubsequence(List<String> part, List<String> whole) {
    int i = 0;
    for (String name : whole) {
      if (i < part.size() && part.get(i).equals(name)) {
        i++;
      }
    }
    return i == part.size();
  }

  private static String fileOf(String nodeId) {
    int separator = nodeId.indexOf("::");
    return separator < 0 ? nodeId : nodeId.substring(0, separator);
  }

  private static String baseOf(String nodeId) {
    int bracket = nodeId.indexOf('[');
    return bracket < 0 ? nodeId : nodeId.substring(0, bracket);
  }

  private Map<String, TestModule> linkAll(LinkOptions options, List<String> pythonFiles)
      throws IOException {
    Map<String, Path> files = new LinkedHashMap<>();
    try (Stream<Path> walk = Files.walk(project)) {
      walk.filter(p -> p.toString().endsWith(".py")).sorted().forEach(p -> files.put(relative(p), p));
    }
    Map<String, SummaryLookup.Found> byModule = new HashMap<>();
    Map<String, ModuleSummary> byPath = new HashMap<>();
    for (Map.Entry<String, Path> file : files.entrySet()) {
      Path path = file.getValue();
      ModuleSummary summary =
          ModuleSummarizer.summarize(
              PythonParsing.parseFile(path, project),
              ModuleSummarizer.moduleName(path),
              ModuleSummarizer.isPackageInit(path));
      byPath.put(file.getKey(), summary);
      byModule.put(summary.moduleName(), new SummaryLookup.Found(file.getKey(), summary));
    }
    ModuleLinker linker = new ModuleLinker(options, SummaryLookup.of(byModule));
    Map<String, TestModule> modules = new LinkedHashMap<>();
    for (Map.Entry<String, Path> file : files.entrySet()) {
      String name = file.getValue().getFileName().toString();
      TestModule.Kind kind;
      if (name.equals("conftest.py")) {
        kind = TestModule.Kind.CONFTEST;
      } else if (pythonFiles.stream().anyMatch(g -> name.matches(NameFilter.fnmatchRegex(g)))) {
        kind = TestModule.Kind.TEST;
      } else {
        continue;
      }
      modules.put(file.getKey(), linker.link(byPath.get(file.getKey()), file.getKey(), kind));
    }
    return modules;
  }

  private String relative(Path file) {
    return project.relativize(file).toString().replace('\\', '/');
  }

  private void copyCorpus(String corpus) throws IOException, URISyntaxException {
    Path source = Path.of(getClass().getResource("corpus/" + corpus).toURI());
    try (Stream<Path> walk = Files.walk(source)) {
      for (Path path : walk.toList()) {
        Path target = project.resolve(source.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.copy(path, target);
        }
      }
    }
    Path plugins = Files.createDirectories(project.resolve(".tach-plugins"));
    try (var in = getClass().getResourceAsStream("tach_collect_dump.py")) {
      Files.copy(in, plugins.resolve("tach_collect_dump.py"));
    }
  }

  /** What pytest reported: files it failed to collect, and the interpreter it ran on. */
  private record PytestRun(Set<String> errors, LinkOptions.PythonTarget target) {}

  private PytestRun runPytest(Path dump) throws IOException, InterruptedException {
    String python = System.getProperty("tach.python", "python3");
    ProcessBuilder builder =
        new ProcessBuilder(
                python,
                "-c",
                "import sys, runpy; print('TACH_TARGET', sys.version_info[0], sys.version_info[1],"
                    + " sys.platform, flush=True); sys.argv = ['pytest', '--collect-only', '-q',"
                    + " '-p', 'no:cacheprovider', '-p', 'tach_collect_dump']; "
                    + "runpy.run_module('pytest', run_name='__main__')")
            .directory(project.toFile())
            .redirectErrorStream(true);
    builder.environment().remove("PYTEST_ADDOPTS");
    builder.environment().put("PYTHONPATH", project.resolve(".tach-plugins").toString());
    builder.environment().put("TACH_COLLECT_DUMP", dump.toString());
    builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      assumeTrue(false, "no python interpreter: " + e.getMessage());
      throw e;
    }
    String output;
    try {
      output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assumeTrue(process.waitFor(120, TimeUnit.SECONDS), "pytest did not finish");
    } finally {
      process.destroyForcibly();
    }
    assumeTrue(
        Files.exists(dump) && !output.contains("No module named pytest"),
        "pytest is not installed for this interpreter: " + output);
    Set<String> errors = new TreeSet<>();
    LinkOptions.PythonTarget target = null;
    for (String line : output.lines().toList()) {
      if (line.startsWith("ERROR ")) {
        errors.add(line.substring("ERROR ".length()).split(" ")[0]);
      } else if (line.startsWith("TACH_TARGET ")) {
        String[] parts = line.split(" ");
        target =
            new LinkOptions.PythonTarget(
                Integer.parseInt(parts[1]), Integer.parseInt(parts[2]), parts[3]);
      }
    }
    return new PytestRun(errors, Optional.ofNullable(target).orElseThrow());
  }
}
