package dev.tach.discovery.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tach.api.ErrorCode;
import dev.tach.api.TachException;
import dev.tach.discovery.config.PytestConfig;
import dev.tach.discovery.config.PytestConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCollectorTest {

  @TempDir Path root;

  private void touch(String... relatives) throws IOException {
    for (String relative : relatives) {
      write(relative, "");
    }
  }

  private void write(String relative, String text) throws IOException {
    Path path = root.resolve(relative);
    Files.createDirectories(path.getParent());
    Files.writeString(path, text);
  }

  private CollectionPlan collect(String... args) {
    return collect(CollectionSettings.DEFAULT, root, args);
  }

  private CollectionPlan collect(CollectionSettings settings, Path cwd, String... args) {
    PytestOptions options = PytestOptions.parse(List.of(args));
    PytestConfig config =
        PytestConfigLoader.load(
            cwd, options.args(), options.configFile(), options.rootdir(), options.overrideIni());
    return FileCollector.collect(config, cwd, options, settings);
  }

  private static List<String> nodePaths(CollectionPlan plan) {
    return plan.testFiles().stream().map(TestFile::nodeId).toList();
  }

  private static List<String> conftestPaths(CollectionPlan plan) {
    return plan.conftests().stream().map(SourceFile::nodePath).toList();
  }

  @Test
  void entriesAreSortedByNameWithFilesAndDirectoriesInterleaved() throws IOException {
    touch(
        "pytest.ini", "test_b.py", "test_a/test_x.py", "test_c.py", "Z/test_z.py", "_u/test_u.py");
    assertThat(nodePaths(collect()))
        .containsExactly(
            "Z/test_z.py", "_u/test_u.py", "test_a/test_x.py", "test_b.py", "test_c.py");
  }

  @Test
  void aPackageCollectsItsInitFirst() throws IOException {
    write("pytest.ini", "[pytest]\npython_files = *.py\n");
    touch("pkg/__init__.py", "pkg/_a.py", "pkg/b.py", "plain/_a.py", "plain/__init__x.py");
    assertThat(nodePaths(collect("pkg", "plain")))
        .containsExactly(
            "pkg/__init__.py", "pkg/_a.py", "pkg/b.py", "plain/__init__x.py", "plain/_a.py");
  }

  @Test
  void moduleNamesFollowTheChainOfInitFilesUpToANonIdentifierDirectory() throws IOException {
    touch(
        "pytest.ini",
        "a/__init__.py",
        "a/b/__init__.py",
        "a/b/test_x.py",
        "plain/test_y.py",
        "bad-name/__init__.py",
        "bad-name/pkg/__init__.py",
        "bad-name/pkg/test_z.py");
    assertThat(collect().testFiles())
        .extracting(f -> f.file().moduleName())
        .containsExactly("a.b.test_x", "pkg.test_z", "test_y");
  }

  @Test
  void importlibModeNamesFilesOutsidePackagesAfterTheirPath() throws IOException {
    touch("pytest.ini", "tests/in.dir/test_x.py", "tests/pkg/__init__.py", "tests/pkg/test_y.py");
    assertThat(collect("--import-mode=importlib").testFiles())
        .extracting(f -> f.file().moduleName())
        .containsExactly("tests.in_dir.test_x", "pkg.test_y");
  }

  @Test
  void pycacheVirtualenvsAndNorecursedirsAreSkipped() throws IOException {
    touch(
        "pytest.ini",
        "__pycache__/test_a.py",
        "venv1/pyvenv.cfg",
        "venv1/test_b.py",
        "conda/conda-meta/history",
        "conda/test_c.py",
        "build/test_d.py",
        ".tox/test_e.py",
        "x.egg/test_f.py",
        "ok/test_g.py");
    assertThat(nodePaths(collect())).containsExactly("ok/test_g.py");
    assertThat(nodePaths(collect("--collect-in-virtualenv")))
        .containsExactly("conda/test_c.py", "ok/test_g.py", "venv1/test_b.py");
  }

  @Test
  void norecursedirsPatternsWithASlashMatchTheWholePath() throws IOException {
    write("pytest.ini", "[pytest]\nnorecursedirs = a/skip\n");
    touch("a/skip/test_x.py", "b/skip/test_y.py", "build/test_z.py");
    assertThat(nodePaths(collect())).containsExactly("b/skip/test_y.py", "build/test_z.py");
  }

  @Test
  void explicitFilesAreCollectedEvenWhenTheyDoNotMatchOrAreIgnored() throws IOException {
    touch("pytest.ini", "build/helper.py", "tests/util.py");
    CollectionPlan plan = collect("build/helper.py", "tests/util.py");
    assertThat(nodePaths(plan)).containsExactly("build/helper.py", "tests/util.py");
    assertThat(plan.testFiles()).allMatch(TestFile::explicit);
  }

  @Test
  void nodeIdArgumentsKeepTheirSelectionsInArgumentOrder() throws IOException {
    touch("pytest.ini", "t/test_a.py", "t/test_b.py");
    CollectionPlan plan =
        collect("t/test_b.py::TestX::test_y[1-2]", "t/test_a.py::test_z", "t/test_b.py::test_w");
    assertThat(nodePaths(plan))
        .containsExactly(
            "t/test_b.py::TestX::test_y[1-2]", "t/test_a.py::test_z", "t/test_b.py::test_w");
    assertThat(plan.testFiles().get(0).names()).containsExactly("TestX", "test_y");
    assertThat(plan.testFiles().get(0).parametrization()).contains("[1-2]");
  }

  @Test
  void overlappingArgumentsAreCollectedOnceUnlessDuplicatesAreKept() throws IOException {
    touch("pytest.ini", "t/test_a.py", "t/sub/test_b.py");
    assertThat(nodePaths(collect("t/sub/test_b.py", "t", "t/test_a.py::x", "t")))
        .containsExactly("t/sub/test_b.py", "t/test_a.py");
    assertThat(nodePaths(collect("--keep-duplicates", "t/test_a.py", "t/test_a.py")))
        .containsExactly("t/test_a.py", "t/test_a.py");
  }

  @Test
  void missingPathIsE004InPytestsWording() throws IOException {
    touch("pytest.ini");
    assertThatThrownBy(() -> collect("tests/nope.py::test_x"))
        .isInstanceOfSatisfying(
            TachException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.E004))
        .hasMessage("file or directory not found: tests/nope.py::test_x");
  }

  @Test
  void directoryWithSelectionPartsIsACommandLineError() throws IOException {
    touch("pytest.ini", "tests/test_a.py");
    assertThatThrownBy(() -> collect("tests::test_a"))
        .isInstanceOfSatisfying(
            TachException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.E002))
        .hasMessage("directory argument cannot contain :: selection parts: tests::test_a");
  }

  @Test
  void testpathsAreGlobbedOnlyWhenRunFromTheRootdirWithoutArguments() throws IOException {
    write("pytest.ini", "[pytest]\ntestpaths = unit* it\n");
    touch("unit_a/test_1.py", "unit_b/test_2.py", "it/test_3.py", "other/test_4.py");
    CollectionPlan plan = collect();
    assertThat(plan.argsSource()).isEqualTo(CollectionPlan.ArgsSource.TESTPATHS);
    assertThat(plan.args()).containsExactly("unit_a", "unit_b", "it");
    assertThat(nodePaths(plan))
        .containsExactly("unit_a/test_1.py", "unit_b/test_2.py", "it/test_3.py");
    CollectionPlan fromOther = collect(CollectionSettings.DEFAULT, root.resolve("other"));
    assertThat(fromOther.argsSource()).isEqualTo(CollectionPlan.ArgsSource.INVOCATION_DIR);
    assertThat(nodePaths(fromOther)).containsExactly("other/test_4.py");
  }

  @Test
  void testpathsMatchingNothingFallBackToTheInvocationDirectoryWithAWarning() throws IOException {
    write("pytest.ini", "[pytest]\ntestpaths = nothing*\n");
    touch("test_here.py");
    CollectionPlan plan = collect();
    assertThat(plan.argsSource()).isEqualTo(CollectionPlan.ArgsSource.INVOCATION_DIR);
    assertThat(nodePaths(plan)).containsExactly("test_here.py");
    assertThat(plan.problems()).anyMatch(p -> p.startsWith("No files were found in testpaths"));
  }

  @Test
  void ignoreAndIgnoreGlobLeaveOutPathsAndPatterns() throws IOException {
    touch("pytest.ini", "a/test_1.py", "b/test_2.py", "b/test_slow.py", "c/d/test_3.py");
    assertThat(nodePaths(collect("--ignore=a/", "--ignore-glob=*_slow.py", "--ignore-glob=*/d")))
        .containsExactly("b/test_2.py");
  }

  @Test
  void conftestCollectIgnoreIsAskedNearestConftestFirst() throws IOException {
    touch(
        "pytest.ini",
        "conftest.py",
        "t/conftest.py",
        "t/test_a.py",
        "t/test_b.py",
        "u/test_c.py",
        "u/test_d.py");
    ConftestVariables variables =
        new ConftestVariables() {
          @Override
          public Optional<List<String>> collectIgnore(Path conftest) {
            return conftest.equals(root.resolve("conftest.py"))
                ? Optional.of(List.of("u/test_c.py", "t/test_a.py"))
                : conftest.equals(root.resolve("t/conftest.py"))
                    ? Optional.of(List.of())
                    : Optional.empty();
          }

          @Override
          public Optional<List<String>> collectIgnoreGlob(Path conftest) {
            return conftest.equals(root.resolve("conftest.py"))
                ? Optional.of(List.of("*_d.py"))
                : Optional.empty();
          }
        };
    CollectionPlan plan =
        collect(CollectionSettings.DEFAULT.withConftestVariables(variables), root);
    assertThat(nodePaths(plan)).containsExactly("t/test_a.py", "t/test_b.py");
  }

  @Test
  void extraIgnorePredicateLeavesOutWhatItAccepts() throws IOException {
    touch("pytest.ini", "a/test_1.py", "b/test_2.py");
    CollectionPlan plan =
        collect(
            CollectionSettings.DEFAULT.withExtraIgnore(p -> p.getFileName().toString().equals("a")),
            root);
    assertThat(nodePaths(plan)).containsExactly("b/test_2.py");
  }

  @Test
  void gitignoreInsideARepositorySkipsFilesAndDirectories() throws IOException {
    Files.createDirectories(root.resolve(".git/info"));
    write(".git/info/exclude", "test_excluded.py\n");
    write(".gitignore", "gen/\ntest_gen_*.py\n!test_gen_keep.py\n");
    write("sub/.gitignore", "test_local.py\n");
    touch(
        "pytest.ini",
        "gen/test_a.py",
        "test_gen_1.py",
        "test_gen_keep.py",
        "test_excluded.py",
        "sub/test_local.py",
        "sub/test_ok.py",
        "test_root.py");
    assertThat(nodePaths(collect()))
        .containsExactly("sub/test_ok.py", "test_gen_keep.py", "test_root.py");
    assertThat(nodePaths(collect(CollectionSettings.DEFAULT.withNoIgnore(true), root)))
        .containsExactly(
            "gen/test_a.py",
            "sub/test_local.py",
            "sub/test_ok.py",
            "test_excluded.py",
            "test_gen_1.py",
            "test_gen_keep.py",
            "test_root.py");
  }

  @Test
  void gitignoreOutsideARepositoryIsNotReadButDotIgnoreIs() throws IOException {
    write(".gitignore", "test_a.py\n");
    write(".ignore", "test_b.py\n");
    touch("pytest.ini", "test_a.py", "test_b.py", "test_c.py");
    assertThat(nodePaths(collect())).containsExactly("test_a.py", "test_c.py");
  }

  @Test
  void dotIgnoreWinsOverGitignoreAndDeeperFilesWin() throws IOException {
    Files.createDirectories(root.resolve(".git"));
    write(".gitignore", "test_*.py\n");
    write(".ignore", "!test_keep.py\n");
    write("sub/.gitignore", "!test_sub.py\n");
    touch("pytest.ini", "test_drop.py", "test_keep.py", "sub/test_sub.py", "sub/test_other.py");
    assertThat(nodePaths(collect())).containsExactly("sub/test_sub.py", "test_keep.py");
  }

  @Test
  void fileUnderAnIgnoredDirectoryCannotBeReincluded() throws IOException {
    Files.createDirectories(root.resolve(".git"));
    write(".gitignore", "out/\n!out/test_back.py\n");
    touch("pytest.ini", "out/test_back.py", "test_x.py");
    assertThat(nodePaths(collect())).containsExactly("test_x.py");
  }

  @Test
  void explicitArgumentsAreCollectedEvenIfIgnored() throws IOException {
    Files.createDirectories(root.resolve(".git"));
    write(".gitignore", "gen/\n");
    touch("pytest.ini", "gen/test_a.py", "gen/test_b.py");
    assertThat(nodePaths(collect("gen/test_a.py"))).containsExactly("gen/test_a.py");
    assertThat(nodePaths(collect("gen"))).containsExactly("gen/test_a.py", "gen/test_b.py");
  }

  @Test
  void globalExcludesFileIsFoundLikeGitAndAppliesInsideRepositories() throws IOException {
    Path home = Files.createDirectories(root.resolve("home"));
    Path xdg = Files.createDirectories(root.resolve("xdg/git"));
    Files.writeString(xdg.resolve("ignore"), "test_global.py\n");
    assertThat(CollectionSettings.globalGitignore(java.util.Map.of("HOME", home.toString())))
        .isEmpty();
    java.util.Map<String, String> env =
        java.util.Map.of(
            "HOME", home.toString(), "XDG_CONFIG_HOME", root.resolve("xdg").toString());
    assertThat(CollectionSettings.globalGitignore(env)).contains(xdg.resolve("ignore"));
    Files.writeString(home.resolve("custom_ignore"), "test_custom.py\n");
    Files.writeString(
        home.resolve(".gitconfig"),
        "[user]\n  name = x\n[core]\n  excludesFile = ~/custom_ignore\n");
    assertThat(CollectionSettings.globalGitignore(env)).contains(home.resolve("custom_ignore"));

    Path repo = Files.createDirectories(root.resolve("repo"));
    Files.createDirectories(repo.resolve(".git"));
    touch("repo/pytest.ini", "repo/test_custom.py", "repo/test_kept.py");
    CollectionSettings settings =
        CollectionSettings.DEFAULT.withGlobalGitignore(CollectionSettings.globalGitignore(env));
    assertThat(nodePaths(collect(settings, repo))).containsExactly("test_kept.py");
  }

  @Test
  void worktreeGitFileLeadsToTheCommonInfoExclude() throws IOException {
    Path common = Files.createDirectories(root.resolve("main.git"));
    Files.createDirectories(common.resolve("info"));
    Files.writeString(common.resolve("info/exclude"), "test_excluded.py\n");
    Path gitdir = Files.createDirectories(common.resolve("worktrees/wt"));
    Files.writeString(gitdir.resolve("commondir"), "../..\n");
    write("wt/.git", "gitdir: " + gitdir + "\n");
    touch("wt/pytest.ini", "wt/test_excluded.py", "wt/test_kept.py");
    assertThat(nodePaths(collect(CollectionSettings.DEFAULT, root.resolve("wt"))))
        .containsExactly("test_kept.py");
  }

  @Test
  void conftestsLoadFromTheArgumentsFirstThenAsCollectionEntersDirectories() throws IOException {
    touch(
        "pytest.ini",
        "conftest.py",
        "a/conftest.py",
        "a/test_a.py",
        "b/conftest.py",
        "b/test_b.py",
        "b/c/conftest.py",
        "b/c/test_c.py",
        "build/conftest.py",
        "tests_x/conftest.py",
        "empty/conftest.py");
    CollectionPlan plan = collect();
    assertThat(conftestPaths(plan))
        .containsExactly(
            "conftest.py",
            "tests_x/conftest.py",
            "a/conftest.py",
            "b/conftest.py",
            "b/c/conftest.py",
            "empty/conftest.py");
    assertThat(plan.conftestsFor(root.resolve("b/c/test_c.py")))
        .extracting(SourceFile::nodePath)
        .containsExactly("conftest.py", "b/conftest.py", "b/c/conftest.py");
    assertThat(plan.conftests()).allMatch(c -> c.role() == SourceFile.Role.CONFTEST);
    assertThat(plan.conftests().get(0).moduleName()).isEqualTo("conftest");
  }

  @Test
  void confcutdirStopsConftestsAboveIt() throws IOException {
    touch("pytest.ini", "conftest.py", "sub/conftest.py", "sub/t/conftest.py", "sub/t/test_a.py");
    CollectionPlan plan = collect("--confcutdir=sub", "sub/t");
    assertThat(plan.confcutdir()).isEqualTo(root.resolve("sub"));
    assertThat(conftestPaths(plan)).containsExactly("sub/conftest.py", "sub/t/conftest.py");
    assertThat(conftestPaths(collect("--noconftest"))).isEmpty();
  }

  @Test
  void confcutdirMustBeADirectory() throws IOException {
    touch("pytest.ini");
    assertThatThrownBy(() -> collect("--confcutdir=missing"))
        .isInstanceOfSatisfying(
            TachException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.E002));
  }

  @Test
  void deselectPrefixesAreHandedToTheCaller() throws IOException {
    touch("pytest.ini", "test_a.py");
    assertThat(collect("--deselect", "test_a.py::test_x").deselect())
        .containsExactly("test_a.py::test_x");
  }

  @Test
  void doctestTextFilesAreCollectedAndOtherExplicitFilesReported() throws IOException {
    touch("pytest.ini", "test_notes.txt", "notes.txt", "readme.rst", "data.json");
    assertThat(collect().testFiles())
        .extracting(f -> f.file().nodePath() + " " + f.file().role())
        .containsExactly("test_notes.txt DOCTEST_TEXT");
    CollectionPlan plan = collect("readme.rst", "data.json");
    assertThat(plan.testFiles())
        .extracting(f -> f.file().nodePath() + " " + f.file().role())
        .containsExactly("readme.rst DOCTEST_TEXT");
    assertThat(plan.notCollected()).containsExactly("data.json");
  }

  @Test
  void symbolicLinkLoopIsReportedNotFollowed() throws IOException {
    touch("pytest.ini", "a/test_a.py");
    Files.createSymbolicLink(root.resolve("a/loop"), root.resolve("a"));
    Files.createSymbolicLink(root.resolve("linked"), root.resolve("a"));
    CollectionPlan plan = collect();
    assertThat(nodePaths(plan)).containsExactly("a/test_a.py", "linked/test_a.py");
    assertThat(plan.problems()).anyMatch(p -> p.startsWith("symbolic link loop"));
  }

  @Test
  void pyargsIsRefused() throws IOException {
    touch("pytest.ini");
    assertThatThrownBy(() -> collect("--pyargs", "pkg"))
        .isInstanceOfSatisfying(
            TachException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.E002));
  }
}
