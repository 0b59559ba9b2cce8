package dev.tach.resolver;

import static dev.tach.resolver.Model.conftest;
import static dev.tach.resolver.Model.support;
import static dev.tach.resolver.Model.test;
import static dev.tach.resolver.Model.testModule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tach.api.model.TestCase;
import dev.tach.api.model.TestModule;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImportGraphTest {

  private static ImportGraph graph(Model.ModuleSpec... modules) {
    return ImportGraph.build(Arrays.stream(modules).map(Model.ModuleSpec::build).toList());
  }

  private static TestCase firstTest(Model.ModuleSpec module) {
    return module.build().tests().get(0);
  }

  @Test
  void toxicityFollowsImportsToTheRootAndNamesTheShortestChain() {
    Model.ModuleSpec testA =
        testModule("tests/test_a.py")
            .moduleName("tests.test_a")
            .imports("mypkg.client")
            .imports("mypkg.server")
            .with(test("test_x"));
    ImportGraph graph =
        graph(
            testA,
            support("mypkg.client").imports("mypkg.wire"),
            support("mypkg.wire").imports("socket"),
            support("mypkg.server").imports("socket"),
            support("mypkg"));

    assertThat(graph.reasonFor(firstTest(testA)).orElseThrow().text())
        .isEqualTo("tests/test_a.py -> mypkg.server -> socket (opens sockets)");
    assertThat(graph.reasonFor("mypkg.client").orElseThrow().chain())
        .containsExactly("mypkg.client", "mypkg.wire", "socket");
    assertThat(graph.toxicModules())
        .containsExactly("mypkg.client", "mypkg.server", "mypkg.wire", "socket", "tests/test_a.py");
    assertThat(graph.reasonFor("mypkg")).isEmpty();
  }

  @Test
  void importsInsideFunctionsAreEdgesButDoNotSpreadToxicity() {
    Model.ModuleSpec testA =
        testModule("test_a.py").importsInFunction("subprocess").with(test("test_x"));
    ImportGraph graph = graph(testA);

    assertThat(graph.graph().getEdge("test_a.py", "subprocess").kind())
        .isEqualTo(ImportEdge.Kind.DEFERRED);
    assertThat(graph.isToxic(firstTest(testA))).isFalse();
  }

  @Test
  void anImportAtModuleLevelOutranksADeferredOneOfTheSameModule() {
    ImportGraph graph =
        graph(testModule("test_a.py").importsInFunction("threading").imports("threading"));

    assertThat(graph.graph().getEdge("test_a.py", "threading").kind())
        .isEqualTo(ImportEdge.Kind.IMPORT);
    assertThat(graph.reasonFor("test_a.py")).isPresent();
  }

  @Test
  void submodulesOfRootsAndFromImportsOfSubmodulesAreToxic() {
    ImportGraph graph =
        graph(
            testModule("test_pool.py").imports("multiprocessing.pool"),
            testModule("test_futures.py").importsFrom("concurrent", "futures"),
            testModule("test_path.py").importsFrom("os", "path"));

    assertThat(graph.reasonFor("test_pool.py").orElseThrow().text())
        .isEqualTo(
            "test_pool.py -> multiprocessing.pool"
                + " (starts processes and a resource tracker, shares semaphores)");
    assertThat(graph.reasonFor("test_futures.py").orElseThrow().chain())
        .containsExactly("test_futures.py", "concurrent.futures");
    assertThat(graph.graph().containsEdge("multiprocessing.pool", "multiprocessing")).isTrue();
    assertThat(graph.graph().containsVertex("os.path")).isFalse();
    assertThat(graph.reasonFor("test_path.py")).isEmpty();
  }

  @Test
  void fromImportOfALocalSubmoduleLinksToIt() {
    ImportGraph graph =
        graph(
            testModule("test_a.py").importsFrom("mypkg", "server"),
            support("mypkg"),
            support("mypkg.server").imports("asyncio"));

    assertThat(graph.reasonFor("test_a.py").orElseThrow().chain())
        .containsExactly("test_a.py", "mypkg.server", "asyncio");
  }

  @Test
  void aToxicPackageInitMakesItsSubmodulesToxic() {
    ImportGraph graph =
        graph(
            testModule("test_a.py").imports("mypkg.util"),
            support("mypkg").imports("signal"),
            support("mypkg.util"));

    assertThat(graph.reasonFor("test_a.py").orElseThrow().text())
        .isEqualTo(
            "test_a.py -> mypkg.util -> mypkg -> signal (installs process-wide signal"
                + " handlers)");
  }

  @Test
  void aConftestsToxicityReachesTheTestsBelowItsDirectoryOnly() {
    Model.ModuleSpec below = testModule("tests/net/test_a.py").with(test("test_a"));
    Model.ModuleSpec beside = testModule("other/test_b.py").with(test("test_b"));
    ImportGraph graph =
        graph(
            conftest("tests").imports("mypkg.server"),
            support("mypkg.server").importorskip("grpc"),
            below,
            beside);

    assertThat(graph.reasonFor(firstTest(below)).orElseThrow().text())
        .isEqualTo(
            "tests/net/test_a.py -> tests/conftest.py -> mypkg.server -> grpc"
                + " (starts C-core threads and holds connections; not fork-safe)");
    assertThat(graph.isToxic(firstTest(beside))).isFalse();
  }

  @Test
  void pytestPluginsAreImportedWithTheConftest() {
    Model.ModuleSpec testA = testModule("test_a.py").with(test("test_a"));
    ImportGraph graph =
        graph(conftest("").pytestPlugins("myplugin"), support("myplugin").imports("zmq"), testA);

    assertThat(graph.graph().getEdge("conftest.py", "myplugin").kind())
        .isEqualTo(ImportEdge.Kind.PYTEST_PLUGINS);
    assertThat(graph.reasonFor(firstTest(testA)).orElseThrow().chain())
        .containsExactly("test_a.py", "conftest.py", "myplugin", "zmq");
  }

  @Test
  void markedTestsAreToxicWithTheMarkersReason() {
    Model.ModuleSpec testA =
        testModule("test_a.py")
            .with(test("test_x").marker(ImportGraph.TOXIC_MARKER, "\"starts a daemon\""));

    assertThat(graph(testA).reasonFor(firstTest(testA)).orElseThrow().text())
        .isEqualTo("test_a.py::test_x (marked tach_toxic: starts a daemon)");
  }

  @Test
  void conftestsWithTheSameDottedNameStayApart() {
    Model.ModuleSpec testA = testModule("a/test_a.py").with(test("test_a"));
    Model.ModuleSpec testB = testModule("b/test_b.py").with(test("test_b"));
    ImportGraph graph = graph(conftest("a").imports("ssl"), conftest("b"), testA, testB);

    assertThat(graph.isToxic(firstTest(testA))).isTrue();
    assertThat(graph.isToxic(firstTest(testB))).isFalse();
  }

  @Test
  void callersChooseTheirRoots() {
    List<TestModule> modules =
        List.of(testModule("test_a.py").imports("numpy").imports("mylib").build());
    ImportGraph graph = ImportGraph.build(modules, List.of(new ToxicRoot("mylib", "starts a JVM")));

    assertThat(graph.reasonFor("test_a.py").orElseThrow().text())
        .isEqualTo("test_a.py -> mylib (starts a JVM)");
  }

  @Test
  void graphIsUnmodifiable() {
    ImportGraph graph = graph(testModule("test_a.py").imports("json"));

    assertThatThrownBy(() -> graph.graph().addVertex("x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
