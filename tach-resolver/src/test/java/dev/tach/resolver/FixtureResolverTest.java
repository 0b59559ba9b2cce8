package dev.tach.resolver;

import static dev.tach.resolver.Model.conftest;
import static dev.tach.resolver.Model.fixture;
import static dev.tach.resolver.Model.plugin;
import static dev.tach.resolver.Model.test;
import static dev.tach.resolver.Model.testModule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tach.api.ErrorCode;
import dev.tach.api.model.FixtureDefinition;
import dev.tach.api.model.FixtureScope;
import dev.tach.api.model.TestModule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.traverse.TopologicalOrderIterator;
import org.junit.jupiter.api.Test;

/**
 * Fixture visibility, overrides, closure order, setup order and setup errors. Expectations marked
 * "pytest 9.0.3" were read off the real pytest with the same project.
 */
class FixtureResolverTest {

  static Resolution resolve(Model.ModuleSpec... modules) {
    return resolve(PytestVersion.DEFAULT, modules);
  }

  static Resolution resolve(PytestVersion version, Model.ModuleSpec... modules) {
    List<TestModule> built = Arrays.stream(modules).map(Model.ModuleSpec::build).toList();
    return FixtureResolver.resolve(ResolverInput.of(built, version));
  }

  static ResolvedTest only(Resolution resolution) {
    assertThat(resolution.tests()).hasSize(1);
    return resolution.tests().get(0);
  }

  static List<String> setup(ResolvedTest test) {
    return test.setupOrder().stream().map(FixtureNode::toString).toList();
  }

  @Test
  void nearestConftestWins() {
    Resolution resolution =
        resolve(
            conftest("").with(fixture("db").line(3)),
            conftest("tests").with(fixture("db").line(5)),
            conftest("tests/unit").with(fixture("other")),
            testModule("tests/unit/test_a.py").with(test("test_x", "db")));

    assertThat(setup(only(resolution))).containsExactly("db (tests/conftest.py:5)");
  }

  @Test
  void classBeatsModuleBeatsConftestBeatsBuiltin() {
    Resolution resolution =
        resolve(
            conftest("").with(fixture("tmp_path").line(2), fixture("value").line(3)),
            testModule("test_a.py")
                .with(fixture("value").line(4), test("test_module", "value", "tmp_path"))
                .inClass("TestX", fixture("value").line(9), test("test_method", "value")));

    assertThat(setup(resolution.test("test_a.py::test_module").orElseThrow()))
        .containsExactly("value (test_a.py:4)", "tmp_path (conftest.py:2)");
    assertThat(setup(resolution.test("test_a.py::TestX::test_method").orElseThrow()))
        .containsExactly("value (test_a.py:9)");
  }

  @Test
  void rootConftestBeatsPluginWithTheSameVisibility() {
    Resolution resolution =
        resolve(
            plugin("pytest_thing").with(fixture("thing").line(1)),
            conftest("").with(fixture("thing").line(7)),
            testModule("test_a.py").with(test("test_x", "thing")));

    assertThat(setup(only(resolution))).containsExactly("thing (conftest.py:7)");
  }

  @Test
  void overrideRequestingItsOwnNameGetsTheOuterDefinition() {
    Resolution resolution =
        resolve(
            conftest("").with(fixture("db").line(3)),
            testModule("test_a.py").with(fixture("db", "db").line(4), test("test_x", "db")));
    ResolvedTest test = only(resolution);

    assertThat(setup(test)).containsExactly("db (conftest.py:3)", "db (test_a.py:4)");
    assertThat(test.problems()).isEmpty();
    FixtureNode outer = test.setupOrder().get(0);
    FixtureNode inner = test.setupOrder().get(1);
    assertThat(test.graph().containsEdge(outer, inner)).isTrue();
    assertThat(test.fixtureNames()).containsExactly("db");
  }

  @Test
  void overrideReachingItsOwnNameThroughAnotherFixtureIsNotACycle() {
    // pytest 9.0.3: passes, module over_a -> needs_a -> conftest over_a.
    Resolution resolution =
        resolve(
            conftest("").with(fixture("over_a").line(5)),
            testModule("test_d.py")
                .with(
                    fixture("over_a", "needs_a").line(17),
                    fixture("needs_a", "over_a").line(19),
                    test("test_override_not_cycle", "over_a")));
    ResolvedTest test = only(resolution);

    assertThat(test.problems()).isEmpty();
    assertThat(setup(test))
        .containsExactly(
            "over_a (conftest.py:5)", "needs_a (test_d.py:19)", "over_a (test_d.py:17)");
  }

  @Test
  void siblingDirectoryConftestIsInvisible() {
    Resolution resolution =
        resolve(
            conftest("a").with(fixture("only_in_a")),
            testModule("b/test_b.py").with(test("test_x", "only_in_a")));

    assertThat(only(resolution).problems())
        .singleElement()
        .satisfies(p -> assertThat(p.problem().code()).isEqualTo(ErrorCode.E003));
  }

  @Test
  void classFixturesReachOnlyTheClassesThatCollectThem() {
    // pytest 9.0.3: TestSub inherits the fixture and pytest registers it again for TestSub's
    // node; TestOther gets "fixture 'clsfix' not found".
    Resolution resolution =
        resolve(
            testModule("sub/test_c.py")
                .inClass("TestBase", fixture("clsfix"), test("test_base", "clsfix"))
                .inClass("TestSub", fixture("clsfix").line(13), test("test_sub", "clsfix"))
                .inClass("TestOther", test("test_other", "clsfix").line(22)));

    assertThat(resolution.test("sub/test_c.py::TestSub::test_sub").orElseThrow().problems())
        .isEmpty();
    assertThat(resolution.test("sub/test_c.py::TestOther::test_other").orElseThrow().problems())
        .extracting(ResolutionProblem::oneLine)
        .containsExactly(
            "sub/test_c.py:22: E003 fixture 'clsfix' not found for test"
                + " 'sub/test_c.py::TestOther::test_other'");
  }

  @Test
  void autouseFixturesComeFirstRootToLeafAndByFunctionNameWithinAFile() {
    // pytest 9.0.3 --setup-plan: root_a_auto, root_b_auto, aaa_named, sub_auto, mod_auto,
    // cls_auto, clsfix (dir() sorts by attribute name, not fixture name).
    Resolution resolution =
        resolve(
            conftest("")
                .with(
                    fixture("root_b_auto").autouse(),
                    fixture("root_a_auto").autouse(),
                    fixture("aaa_named").function("zzz_func").autouse()),
            conftest("sub").with(fixture("sub_auto").autouse()),
            testModule("sub/test_c.py")
                .with(fixture("mod_auto").autouse())
                .inClass(
                    "TestBase",
                    fixture("cls_auto").autouse(),
                    fixture("clsfix"),
                    test("test_base", "clsfix")));

    assertThat(only(resolution).setupOrder())
        .extracting(FixtureNode::name)
        .containsExactly(
            "root_a_auto",
            "root_b_auto",
            "aaa_named",
            "sub_auto",
            "mod_auto",
            "cls_auto",
            "clsfix");
  }

  @Test
  void iniUsefixturesComeBeforeAutouseAndUsefixturesBeforeArguments() {
    List<TestModule> modules =
        List.of(
            conftest("")
                .with(fixture("auto").autouse(), fixture("ini"), fixture("used"), fixture("arg"))
                .build(),
            testModule("test_a.py").with(test("test_x", "arg").usefixtures("used")).build());
    Resolution resolution =
        FixtureResolver.resolve(
            ResolverInput.of(modules, PytestVersion.DEFAULT).withIniUsefixtures(List.of("ini")));

    assertThat(only(resolution).fixtureNames()).containsExactly("ini", "auto", "used", "arg");
  }

  @Test
  void closureIsSortedByScopeAndSetUpDependenciesFirst() {
    // pytest 9.0.3 --setup-plan for test_order: ss, tmp_path_factory, pk, m1, c1, f2, f1,
    // tmp_path.
    Resolution resolution =
        resolve(
            conftest("pkg")
                .with(fixture("pk").scope(FixtureScope.PACKAGE), fixture("ss").session()),
            testModule("pkg/test_e.py")
                .with(
                    fixture("f1", "m1", "f2"),
                    fixture("f2", "ss"),
                    fixture("m1", "pk").module(),
                    fixture("c1").classScoped(),
                    test("test_order", "f1", "c1", "f2", "tmp_path")));
    ResolvedTest test = only(resolution);

    assertThat(test.fixtureNames())
        .containsExactly(
            "ss", "tmp_path_factory", "pk", "m1", "c1", "f1", "f2", "tmp_path", "request");
    assertThat(test.setupOrder())
        .extracting(FixtureNode::name)
        .containsExactly("ss", "tmp_path_factory", "pk", "m1", "c1", "f2", "f1", "tmp_path");
    assertThat(test.scopeChain().at(FixtureScope.SESSION))
        .extracting(FixtureNode::name)
        .containsExactly("ss", "tmp_path_factory");
    assertThat(test.scopeChain().at(FixtureScope.FUNCTION))
        .extracting(FixtureNode::name)
        .containsExactly("f2", "f1", "tmp_path");
    assertThat(test.scopeChain().byScope().keySet())
        .containsExactly(
            FixtureScope.SESSION,
            FixtureScope.PACKAGE,
            FixtureScope.MODULE,
            FixtureScope.CLASS,
            FixtureScope.FUNCTION);
  }

  @Test
  void graphEdgesPointFromDependencyToDependentAndItsTopologicalOrderIsTheSetupOrder() {
    Resolution resolution =
        resolve(
            testModule("test_a.py")
                .with(
                    fixture("a", "b", "c"),
                    fixture("b", "c"),
                    fixture("c"),
                    fixture("s").session(),
                    test("test_x", "a", "s")));
    ResolvedTest test = only(resolution);
    Graph<FixtureNode, DefaultEdge> graph = test.graph();
    FixtureNode a = node(test, "a");
    FixtureNode b = node(test, "b");
    FixtureNode c = node(test, "c");

    assertThat(graph.containsEdge(c, b)).isTrue();
    assertThat(graph.containsEdge(b, a)).isTrue();
    assertThat(graph.containsEdge(c, a)).isTrue();
    assertThat(graph.edgeSet()).hasSize(3);
    List<FixtureNode> order = new ArrayList<>();
    new TopologicalOrderIterator<>(graph).forEachRemaining(order::add);
    assertThat(order.indexOf(c)).isLessThan(order.indexOf(b));
    assertThat(test.setupOrder()).extracting(FixtureNode::name).containsExactly("s", "c", "b", "a");
  }

  private static FixtureNode node(ResolvedTest test, String name) {
    return test.setupOrder().stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void missingFixtureNamesCloseMatches() {
    Resolution resolution =
        resolve(testModule("test_d.py").with(test("test_missing", "tmp_pth").line(29)));

    assertThat(only(resolution).problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.definite()).isTrue();
              assertThat(p.oneLine())
                  .isEqualTo(
                      "test_d.py:29: E003 fixture 'tmp_pth' not found for test"
                          + " 'test_d.py::test_missing'; close matches: tmp_path");
            });
  }

  @Test
  void missingFixtureOfAFixtureIsReportedWhereThatFixtureIsDefined() {
    Resolution resolution =
        resolve(
            testModule("test_d.py")
                .with(
                    fixture("usesmissing", "nope").line(31),
                    fixture("nope_not").line(40),
                    test("test_missing_deep", "usesmissing").line(33)));

    assertThat(only(resolution).problems())
        .extracting(ResolutionProblem::oneLine)
        .containsExactly(
            "test_d.py:31: E003 fixture 'nope' not found for test 'test_d.py::test_missing_deep'"
                + " (requested by fixture 'usesmissing' at test_d.py:31);"
                + " close matches: nope_not");
  }

  @Test
  void parametrizedArgumentsNeedNoFixture() {
    Resolution resolution =
        resolve(
            testModule("test_a.py")
                .with(
                    fixture("uses_x", "x"),
                    test("test_direct", "uses_x").parametrize("x", "1", "2"),
                    test("test_indirect").indirect("y", "1")));

    assertThat(resolution.problems()).isEmpty();
    assertThat(resolution.tests())
        .extracting(ResolvedTest::nodeId)
        .containsExactly(
            "test_a.py::test_direct[1]",
            "test_a.py::test_direct[2]",
            "test_a.py::test_indirect[1]");
  }

  @Test
  void missingFixtureIsOnlyPossibleWhenProvidersAreIncomplete() {
    List<TestModule> modules =
        List.of(testModule("test_a.py").with(test("test_x", "mocker")).build());
    Resolution resolution =
        FixtureResolver.resolve(
            ResolverInput.of(modules, PytestVersion.DEFAULT)
                .withUnreadProviders(List.of("plugin pytest_mock")));

    assertThat(resolution.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.definite()).isFalse();
              assertThat(p.problem().message())
                  .endsWith(
                      "; it may come from a fixture provider tach could not read (plugin"
                          + " pytest_mock)");
            });
  }

  @Test
  void cycleIsPrintedAsItsRequestPath() {
    // pytest 9.0.3: "recursive dependency involving fixture 'cyc_a' detected".
    Resolution resolution =
        resolve(
            testModule("test_d.py")
                .with(
                    fixture("cyc_a", "cyc_b").line(8),
                    fixture("cyc_b", "cyc_a").line(10),
                    test("test_cycle", "cyc_a").line(13)));

    assertThat(only(resolution).problems())
        .extracting(ResolutionProblem::oneLine)
        .containsExactly(
            "test_d.py:10: E018 fixture dependency cycle for test 'test_d.py::test_cycle':"
                + " cyc_a (test_d.py:8) -> cyc_b (test_d.py:10) -> cyc_a (test_d.py:8)");
    assertThat(only(resolution).setupOrder()).isEmpty();
  }

  @Test
  void requestingItsOwnNameWithNothingToOverrideIsACycle() {
    // pytest 9.0.3: "recursive dependency involving fixture 'selfish' detected".
    Resolution resolution =
        resolve(
            testModule("test_d.py")
                .with(fixture("selfish", "selfish").line(3), test("test_selfish", "selfish")));

    assertThat(only(resolution).problems())
        .extracting(ResolutionProblem::oneLine)
        .containsExactly(
            "test_d.py:3: E018 fixture dependency cycle for test 'test_d.py::test_selfish':"
                + " selfish (test_d.py:3) -> selfish (test_d.py:3); a fixture that requests its"
                + " own name needs an outer definition to override");
  }

  @Test
  void cycleAcrossAnOverrideChainIsFoundWhereTheChainRunsOut() {
    // test -> a (module) -> b -> a (conftest) -> b: b is already being set up and has no
    // outer definition.
    Resolution resolution =
        resolve(
            conftest("").with(fixture("a", "b").line(2)),
            testModule("test_x.py")
                .with(fixture("a", "b").line(4), fixture("b", "a").line(6), test("test_x", "a")));

    assertThat(only(resolution).problems())
        .extracting(p -> p.problem().message())
        .containsExactly(
            "fixture dependency cycle for test 'test_x.py::test_x':"
                + " b (test_x.py:6) -> a (conftest.py:2) -> b (test_x.py:6)");
  }

  @Test
  void widerScopedFixtureRequestingANarrowerOneIsAScopeMismatch() {
    Resolution resolution =
        resolve(
            testModule("test_d.py")
                .with(
                    fixture("wide", "narrow").module().line(22),
                    fixture("narrow").line(24),
                    test("test_scope_mismatch", "wide")));

    assertThat(only(resolution).problems())
        .extracting(ResolutionProblem::oneLine)
        .containsExactly(
            "test_d.py:22: E018 ScopeMismatch for test 'test_d.py::test_scope_mismatch':"
                + " module-scoped fixture 'wide' (test_d.py:22) requests function-scoped"
                + " fixture 'narrow' (test_d.py:24)");
  }

  @Test
  void dynamicScopesAreNotJudged() {
    Resolution resolution =
        resolve(
            testModule("test_a.py")
                .with(
                    fixture("wide", "narrow").session(),
                    fixture("narrow").dynamicScope(),
                    test("test_x", "wide")));

    assertThat(only(resolution).problems()).isEmpty();
  }

  @Test
  void visibleFixturesMapEachNameToItsWinner() {
    Resolution resolution =
        resolve(
            conftest("").with(fixture("db").line(1)),
            testModule("t/test_a.py").with(fixture("db").line(2), test("test_x")));

    assertThat(resolution.visibleFixtures("t/test_a.py::test_x").get("db").location().toString())
        .isEqualTo("t/test_a.py:2");
    assertThat(resolution.visibleFixtures("t").get("db").location().toString())
        .isEqualTo("conftest.py:1");
    assertThat(resolution.visibleFixtures("t"))
        .containsKey("tmp_path")
        .doesNotContainKey("request");
  }

  @Test
  void testsSharingAParentAndRequestsShareOneClosure() {
    Resolution resolution =
        resolve(
            testModule("test_a.py")
                .with(fixture("a"), test("test_1", "a"), test("test_2", "a"), test("test_3")));

    assertThat(resolution.tests().get(0).graph()).isSameAs(resolution.tests().get(1).graph());
    assertThat(resolution.tests().get(2).graph()).isNotSameAs(resolution.tests().get(0).graph());
  }

  @Test
  void pluginFixturesAreVisibleEverywhere() {
    Resolution resolution =
        resolve(
            plugin("pytest_mock.plugin").with(fixture("mocker")),
            testModule("deep/down/test_a.py").with(test("test_x", "mocker")));

    assertThat(only(resolution).problems()).isEmpty();
    assertThat(only(resolution).setupOrder())
        .extracting(n -> n.definition().origin())
        .containsExactly(FixtureDefinition.Origin.PLUGIN);
  }
}
