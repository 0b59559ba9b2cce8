package dev.tach.resolver;

import static dev.tach.resolver.FixtureResolverTest.resolve;
import static dev.tach.resolver.Model.conftest;
import static dev.tach.resolver.Model.fixture;
import static dev.tach.resolver.Model.plugin;
import static dev.tach.resolver.Model.test;
import static dev.tach.resolver.Model.testModule;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FixtureListingTest {

  private static Resolution project() {
    return resolve(
        conftest("")
            .moduleName("conftest")
            .with(
                fixture("root_b_auto").autouse().line(3),
                fixture("root_a_auto").autouse().line(5),
                fixture("aaa_named").function("zzz_func").autouse().line(7)),
        conftest("sub").moduleName("conftest").with(fixture("sub_auto").autouse().line(3)),
        testModule("sub/test_c.py")
            .with(fixture("mod_auto").autouse().line(3))
            .inClass(
                "TestBase",
                fixture("cls_auto").autouse().line(7),
                fixture("clsfix").line(9),
                test("test_base", "clsfix"))
            .inClass("TestOther", test("test_other")));
  }

  @Test
  void listsLikePytestFixturesAfterTheBuiltins() {
    // The real `pytest --fixtures` (9.0.3) of the same project, after tmp_path's entry.
    String expected =
        "\n"
            + "------------------------ fixtures defined from conftest"
            + " ------------------------\n"
            + "root_b_auto -- conftest.py:3\n    no docstring available\n\n"
            + "root_a_auto -- conftest.py:5\n    no docstring available\n\n"
            + "aaa_named -- conftest.py:7\n    no docstring available\n\n"
            + "sub_auto -- sub/conftest.py:3\n    no docstring available\n\n"
            + "\n"
            + "------------------------- fixtures defined from test_c"
            + " -------------------------\n"
            + "mod_auto -- sub/test_c.py:3\n    no docstring available\n\n"
            + "cls_auto -- sub/test_c.py:7\n    no docstring available\n\n"
            + "clsfix -- sub/test_c.py:9\n    no docstring available\n\n";

    String rendered = project().fixtureListing("").render(false);

    assertThat(rendered).startsWith("cache -- .../_pytest/cacheprovider.py\n");
    assertThat(rendered.substring(rendered.indexOf("\n\n-----") + 1)).isEqualTo(expected);
  }

  @Test
  void aClassNodeListsWhatCollectingItRegisters() {
    // pytest 9.0.3 `--fixtures sub/test_c.py::TestOther`: TestBase's fixtures are not listed.
    FixtureListing listing = project().fixtureListing("sub/test_c.py::TestOther");

    assertThat(listing.groups())
        .extracting(g -> g.module().orElse("<pytest>"))
        .containsExactly("<pytest>", "conftest", "test_c");
    assertThat(listing.groups().get(2).entries())
        .extracting(FixtureListing.Entry::name)
        .containsExactly("mod_auto");
  }

  @Test
  void builtinsComeFirstWithoutTitleAndPrivateNamesOnlyWhenVerbose() {
    Resolution resolution =
        resolve(
            plugin("pytest_thing")
                .with(
                    fixture("_private").doc("Hidden.\n\nMore."),
                    fixture("thing").session().doc("A thing.\n\nDetails.")));
    FixtureListing listing = resolution.fixtureListing("");

    assertThat(listing.groups().get(0).module()).isEmpty();
    assertThat(listing.groups().get(0).entries().get(0).name()).isEqualTo("cache");
    String quiet = listing.render(false);
    assertThat(quiet)
        .contains("thing [session scope] -- /site-packages/pytest_thing.py:16\n    A thing.\n\n")
        .doesNotContain("_private")
        .contains("tmp_path_factory [session scope] -- .../_pytest/tmpdir.py\n");
    assertThat(listing.render(true))
        .contains("_private -- /site-packages/pytest_thing.py:13\n    Hidden.\n    \n    More.\n");
  }
}
