package dev.tach.resolver;

import static dev.tach.resolver.FixtureResolverTest.resolve;
import static dev.tach.resolver.Model.conftest;
import static dev.tach.resolver.Model.fixture;
import static dev.tach.resolver.Model.test;
import static dev.tach.resolver.Model.testModule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tach.api.model.TestCase;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Node ids that fixture params add. Every expected id list was produced by the real pytest (9.0.3
 * installed; 8.4.2 and 9.1.1 where a version is named) with the same project; the order within a
 * list is the order pytest generates them in, before {@code reorder_items}.
 */
class FixtureParamsTest {

  private static final Model.FixtureSpec MODP =
      fixture("modp", "request").module().params("m1", "m2");
  private static final Model.FixtureSpec FUNP = fixture("funp", "request").params("f1", "f2");
  private static final Model.FixtureSpec SESP =
      fixture("sesp", "request").session().params("s1", "s2");

  private static List<String> ids(Resolution resolution, String function) {
    return resolution.tests().stream()
        .filter(t -> t.test().function().equals(function))
        .map(t -> t.nodeId().substring(t.nodeId().indexOf('[')))
        .toList();
  }

  @Test
  void fixtureParamsComeBeforeParametrizeIdsWiderScopeFirst() {
    Resolution resolution =
        resolve(
            testModule("test_a.py")
                .with(
                    MODP,
                    FUNP,
                    SESP,
                    test("test_direct_then_fixtures", "funp", "modp").parametrize("x", "1", "2"),
                    test("test_two_fixtures", "funp", "modp"),
                    test("test_three", "funp", "sesp", "modp")));

    assertThat(ids(resolution, "test_direct_then_fixtures"))
        .containsExactly(
            "[m1-f1-1]",
            "[m1-f1-2]",
            "[m1-f2-1]",
            "[m1-f2-2]",
            "[m2-f1-1]",
            "[m2-f1-2]",
            "[m2-f2-1]",
            "[m2-f2-2]");
    assertThat(ids(resolution, "test_two_fixtures"))
        .containsExactly("[m1-f1]", "[m1-f2]", "[m2-f1]", "[m2-f2]");
    assertThat(ids(resolution, "test_three"))
        .containsExactly(
            "[s1-m1-f1]",
            "[s1-m1-f2]",
            "[s1-m2-f1]",
            "[s1-m2-f2]",
            "[s2-m1-f1]",
            "[s2-m1-f2]",
            "[s2-m2-f1]",
            "[s2-m2-f2]");
  }

  @Test
  void parametrizedFixtureDependingOnAParametrizedFixture() {
    Resolution resolution =
        resolve(
            testModule("test_a.py")
                .with(
                    MODP,
                    FUNP,
                    fixture("dep", "request", "funp").params("d1", "d2"),
                    fixture("outer", "request", "modp").params("o1"),
                    test("test_two_marks", "funp").parametrize("x", "1").parametrize("y", "a"),
                    test("test_dep_on_param", "dep"),
                    test("test_dep_on_param_rev", "funp", "dep"),
                    test("test_outer", "outer")));

    assertThat(ids(resolution, "test_two_marks")).containsExactly("[f1-1-a]", "[f2-1-a]");
    assertThat(ids(resolution, "test_dep_on_param"))
        .containsExactly("[d1-f1]", "[d1-f2]", "[d2-f1]", "[d2-f2]");
    assertThat(ids(resolution, "test_dep_on_param_rev"))
        .containsExactly("[f1-d1]", "[f1-d2]", "[f2-d1]", "[f2-d2]");
    assertThat(ids(resolution, "test_outer")).containsExactly("[m1-o1]", "[m2-o1]");
    assertThat(resolution.test("test_a.py::test_outer[m2-o1]").orElseThrow().fixtureParams())
        .containsExactly(Map.entry("modp", "m2"), Map.entry("outer", "o1"));
  }

  @Test
  void overridesAutouseClassAndModuleMarksIndirectAndUsefixtures() {
    Resolution resolution =
        resolve(
            conftest("")
                .with(
                    fixture("over", "request").params("c1", "c2"),
                    fixture("clsp", "request").classScoped().params("k1"),
                    fixture("zauto", "request").autouse().params("au1", "au2")),
            testModule("test_b.py")
                .with(
                    fixture("over", "over"),
                    fixture("ind", "request").params("p1"),
                    test("test_direct_override")
                        .parametrize("over", "direct")
                        .parametrize("mm", "M"))
                .inClass(
                    "TestK",
                    test("test_m", "over", "clsp")
                        .parametrize("ff", "F")
                        .parametrize("cc", "C")
                        .parametrize("mm", "M"),
                    test("test_ind")
                        .indirect("ind", "i1", "i2")
                        .parametrize("cc", "C")
                        .parametrize("mm", "M"),
                    test("test_use", "clsp")
                        .usefixtures("over")
                        .parametrize("cc", "C")
                        .parametrize("mm", "M")));

    assertThat(ids(resolution, "test_m"))
        .containsExactly(
            "[k1-au1-c1-F-C-M]", "[k1-au1-c2-F-C-M]", "[k1-au2-c1-F-C-M]", "[k1-au2-c2-F-C-M]");
    assertThat(ids(resolution, "test_use"))
        .containsExactly(
            "[k1-au1-c1-C-M]", "[k1-au1-c2-C-M]", "[k1-au2-c1-C-M]", "[k1-au2-c2-C-M]");
    assertThat(ids(resolution, "test_ind"))
        .containsExactly("[au1-i1-C-M]", "[au1-i2-C-M]", "[au2-i1-C-M]", "[au2-i2-C-M]");
    assertThat(ids(resolution, "test_direct_override"))
        .containsExactly("[au1-direct-M]", "[au2-direct-M]");
  }

  private static Model.ModuleSpec closureOrderProject() {
    return testModule("test_f.py")
        .with(
            fixture("c", "request").params("c1", "c2"),
            fixture("a", "c"),
            fixture("b", "request").params("b1", "b2"),
            test("test_ab", "a", "b"));
  }

  @Test
  void pytest90And84ApplyRequestedNamesBeforeTheirDependencies() {
    for (String version : List.of("8.4.2", "9.0.3")) {
      assertThat(ids(resolve(PytestVersion.parse(version), closureOrderProject()), "test_ab"))
          .as(version)
          .containsExactly("[b1-c1]", "[b1-c2]", "[b2-c1]", "[b2-c2]");
    }
  }

  @Test
  void pytest91AppliesParamsDepthFirst() {
    assertThat(ids(resolve(PytestVersion.parse("9.1.1"), closureOrderProject()), "test_ab"))
        .containsExactly("[c1-b1]", "[c1-b2]", "[c2-b1]", "[c2-b2]");
  }

  @Test
  void overridingFixtureThatRequestsItselfTakesTheOverriddenParams() {
    Resolution resolution =
        resolve(
            conftest("")
                .with(
                    fixture("sup", "request").params("s1", "s2"),
                    fixture("extra", "request").params("x1")),
            testModule("test_f.py").with(fixture("sup", "sup", "extra"), test("test_sup", "sup")));

    assertThat(ids(resolution, "test_sup")).containsExactly("[s1-x1]", "[s2-x1]");
  }

  @Test
  void overridingFixtureWithoutParamsThatDoesNotRequestItselfHidesTheParams() {
    Resolution resolution =
        resolve(
            conftest("").with(fixture("sup", "request").params("s1", "s2")),
            testModule("test_f.py").with(fixture("sup"), test("test_sup", "sup")));

    assertThat(resolution.tests())
        .extracting(ResolvedTest::nodeId)
        .containsExactly("test_f.py::test_sup");
  }

  @Test
  void paramsComputedAtRunTimeMakeTheTestDynamic() {
    Resolution resolution =
        resolve(
            testModule("test_a.py")
                .with(
                    fixture("backend").dynamicParams().line(5),
                    FUNP,
                    test("test_x", "backend", "funp")));

    assertThat(resolution.tests())
        .extracting(ResolvedTest::nodeId)
        .containsExactly("test_a.py::test_x[f1]", "test_a.py::test_x[f2]");
    assertThat(resolution.tests().get(0).test().dynamic())
        .contains("params of fixture 'backend' (test_a.py:5) are computed at run time");
  }

  @Test
  void unittestMethodsGetNoFixtureParams() {
    Resolution resolution =
        resolve(
            conftest("").with(fixture("auto", "request").autouse().params("a1", "a2")),
            testModule("test_u.py").inClass("TestU", test("test_x").unittest()));

    assertThat(resolution.tests())
        .extracting(ResolvedTest::nodeId)
        .containsExactly("test_u.py::TestU::test_x");
  }

  @Test
  void expandedTestsKeepTheirSourceAndShareItsProblems() {
    Resolution resolution =
        resolve(testModule("test_a.py").with(FUNP, test("test_x", "funp", "nothing_here")));

    assertThat(resolution.tests()).hasSize(2);
    TestCase source = resolution.tests().get(0).source();
    assertThat(source.idParts()).isEmpty();
    assertThat(source.dynamic()).isEqualTo(Optional.empty());
    assertThat(resolution.problems()).hasSize(1);
  }
}
