package dev.tach.discovery.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tach.discovery.testing.ExternalCommand;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds a git repository with tricky {@code .gitignore} files and compares the files Tach's
 * matcher keeps with the untracked, not ignored files real git lists ({@code git ls-files --others
 * --exclude-standard}).
 */
@Tag("git")
class GitignoreAgreementTest {

  @TempDir Path repo;
  @TempDir Path home;

  private static final String ROOT_GITIGNORE =
      String.join(
          "\n",
          "# a comment",
          "*.log",
          "!keep.log",
          "/build/",
          "docs/*.tmp",
          "**/cache/",
          "foo/**/bar",
          "\\#hash",
          "\\!bang",
          "trailing\\ ",
          "name-with-space   ",
          "[Tt]emp*",
          "a?c",
          "deep/**",
          "!deep/keep",
          "out/",
          "!out/important.txt",
          "/anchored.txt",
          "mid/dle.txt",
          "*.py[cod]",
          "[!a]x.dat",
          "[[:digit:]]num.txt",
          "**/leading/x",
          "star*/file",
          "dir_only/",
          "a\\*b",
          "ends/**/",
          "trail*/**",
          "!trail_keep/**",
          "");

  private static final String SUB_GITIGNORE =
      String.join("\r\n", "*.txt", "!important.txt", "/local_only", "nested/", "!*.log", "");

  @Test
  void keptFilesMatchGitLsFilesOthers() throws Exception {
    write(".gitignore", ROOT_GITIGNORE);
    write("sub/.gitignore", SUB_GITIGNORE);
    write("sub/deeper/.gitignore", "!*.txt\n/only_here.py\n");
    write("whitelist/.gitignore", "*\n!*/\n!*.py\n");
    write("whitelist/inner/.gitignore", "!keep.txt\n");
    write(
        "sub2/.gitignore",
        "a/b.txt\nx/**/y/*.md\n\\[br\n[a-c]range\n!/sub2keep/\n**\n!**/\n!*.keep\n");
    for (String file :
        List.of(
            "app.log",
            "keep.log",
            "sub/keep.log",
            "sub/other.log",
            "build/x.py",
            "sub/build/y.py",
            "docs/a.tmp",
            "docs/deep/b.tmp",
            "cache/c.py",
            "x/cache/c.py",
            "x/cache.py",
            "foo/bar",
            "foo/x/bar",
            "foo/x/y/bar",
            "foo/bar.py",
            "#hash",
            "!bang",
            "trailing ",
            "trailing",
            "name-with-space",
            "Temp1",
            "temp2",
            "TEMP3",
            "abc",
            "a/c",
            "abbc",
            "deep/file",
            "deep/keep",
            "deep/d/keep",
            "out/important.txt",
            "anchored.txt",
            "sub/anchored.txt",
            "mid/dle.txt",
            "x/mid/dle.txt",
            "m.pyc",
            "m.pyo",
            "m.pyx",
            "bx.dat",
            "ax.dat",
            "1num.txt",
            "anum.txt",
            "sub/a.txt",
            "sub/important.txt",
            "sub/local_only",
            "sub/deeper/local_only",
            "sub/nested/n.py",
            "sub/nested",
            "sub/deeper/d.txt",
            "sub/deeper/only_here.py",
            "sub/deeper/more/only_here.py",
            "x/leading/x",
            "leading/x",
            "stars/file",
            "star/x/file",
            "dir_only/f.py",
            "sub/dir_only",
            "a*b",
            "axb",
            "ends/e/f.py",
            "ends/f.py",
            "trail1/t.py",
            "trail_keep/k.py",
            "excluded_by_info",
            "sub/excluded_by_info",
            "plain.py",
            "src/pkg/__init__.py",
            "src/pkg/test_mod.py",
            "whitelist/a.txt",
            "whitelist/b.py",
            "whitelist/inner/c.txt",
            "whitelist/inner/keep.txt",
            "whitelist/inner/d.py",
            "sub2/a/b.txt",
            "sub2/z/a/b.txt",
            "sub2/x/y/r.md",
            "sub2/x/q/y/r.md",
            "sub2/x/y/r.txt",
            "sub2/[br",
            "sub2/brange",
            "sub2/drange",
            "sub2/f.keep",
            "sub2/g.other",
            "sub2/sub2keep/h.keep")) {
      if (file.equals("sub/nested")) {
        continue;
      }
      write(file, "x\n");
    }
    Files.createDirectories(repo.resolve("sub/nested"));
    Files.writeString(repo.resolve("sub/nested/n2.py"), "");
    Map<String, String> env =
        Map.of(
            "HOME", home.toString(),
            "XDG_CONFIG_HOME", home.toString(),
            "GIT_CONFIG_NOSYSTEM", "1");
    ExternalCommand.Result init = ExternalCommand.run(List.of("git", "init", "-q"), repo, env, 60);
    assumeTrue(init.exitCode() == 0, "git init failed: " + init.stderr());
    Files.writeString(repo.resolve(".git/info/exclude"), "excluded_by_info\n");

    ExternalCommand.Result listed =
        ExternalCommand.run(
            List.of(
                "git",
                "-c",
                "core.quotePath=false",
                "ls-files",
                "-z",
                "--others",
                "--exclude-standard"),
            repo,
            env,
            60);
    assertThat(listed.exitCode()).as(listed.stderr()).isZero();
    TreeSet<String> expected = new TreeSet<>(List.of(listed.stdout().split("\0")));
    expected.remove("");

    TreeSet<String> kept = new TreeSet<>();
    walk(new IgnoreTree(IgnoreFile.EMPTY), repo, kept);
    assertThat(kept).isEqualTo(expected);
    System.out.println("git and Tach agree on " + kept.size() + " kept files");
  }

  private void walk(IgnoreTree tree, Path dir, TreeSet<String> kept) throws IOException {
    List<Path> children = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      stream.forEach(children::add);
    }
    IgnoreTree.Node node =
        tree.node(
            dir,
            Files.exists(dir.resolve(".git")),
            Files.isRegularFile(dir.resolve(".gitignore")),
            Files.isRegularFile(dir.resolve(".ignore")));
    for (Path child : children) {
      String name = child.getFileName().toString();
      boolean isDirectory = Files.isDirectory(child);
      if (name.equals(".git") || node.isIgnored(child, name, isDirectory)) {
        continue;
      }
      if (isDirectory) {
        walk(tree, child, kept);
      } else {
        kept.add(repo.relativize(child).toString());
      }
    }
  }

  private void write(String relative, String text) throws IOException {
    Path path = repo.resolve(relative);
    Files.createDirectories(path.getParent());
    Files.writeString(path, text);
  }
}
