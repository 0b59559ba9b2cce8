package dev.tach.discovery.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tach.discovery.files.IgnorePattern.Match;
import org.junit.jupiter.api.Test;

class IgnorePatternTest {

  private static Match match(String pattern, String path, boolean dir) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    return IgnorePattern.parse(pattern).orElseThrow().match(path, name, dir);
  }

  private static boolean ignores(String pattern, String path) {
    return match(pattern, path, false) == Match.IGNORE;
  }

  @Test
  void commentsBlankLinesAndNeverMatchingPatternsAreDropped() {
    assertThat(IgnorePattern.parse("# comment")).isEmpty();
    assertThat(IgnorePattern.parse("")).isEmpty();
    assertThat(IgnorePattern.parse("   ")).isEmpty();
    assertThat(IgnorePattern.parse("foo[")).isEmpty();
    assertThat(IgnorePattern.parse("foo\\")).isEmpty();
  }

  @Test
  void trailingSpacesAreTrimmedUnlessEscapedAndCarriageReturnsGo() {
    assertThat(ignores("name   ", "name")).isTrue();
    assertThat(ignores("name\\ ", "name ")).isTrue();
    assertThat(ignores("name\\ ", "name")).isFalse();
    assertThat(ignores("name\r", "name")).isTrue();
  }

  @Test
  void bangNegatesAndBackslashEscapesHashAndBang() {
    assertThat(match("!keep.log", "keep.log", false)).isEqualTo(Match.WHITELIST);
    assertThat(ignores("\\!bang", "!bang")).isTrue();
    assertThat(ignores("\\#hash", "#hash")).isTrue();
  }

  @Test
  void patternWithoutSlashMatchesTheBaseNameAtAnyDepth() {
    assertThat(ignores("*.log", "a/b/c.log")).isTrue();
    assertThat(ignores("build", "src/build")).isTrue();
    assertThat(ignores("a?c", "abc")).isTrue();
  }

  @Test
  void leadingOrMiddleSlashAnchorsToTheFilesDirectory() {
    assertThat(ignores("/build", "build")).isTrue();
    assertThat(ignores("/build", "src/build")).isFalse();
    assertThat(ignores("doc/frotz", "doc/frotz")).isTrue();
    assertThat(ignores("doc/frotz", "a/doc/frotz")).isFalse();
    assertThat(ignores("docs/*.tmp", "docs/deep/b.tmp")).isFalse();
  }

  @Test
  void trailingSlashMatchesDirectoriesOnly() {
    assertThat(match("out/", "out", true)).isEqualTo(Match.IGNORE);
    assertThat(match("out/", "out", false)).isEqualTo(Match.NONE);
  }

  @Test
  void doubleStarSpansDirectoriesOnlyBetweenSlashes() {
    assertThat(ignores("**/cache", "cache")).isTrue();
    assertThat(ignores("**/cache", "a/b/cache")).isTrue();
    assertThat(ignores("foo/**/bar", "foo/bar")).isTrue();
    assertThat(ignores("foo/**/bar", "foo/x/y/bar")).isTrue();
    assertThat(ignores("deep/**", "deep/a/b")).isTrue();
    assertThat(ignores("deep/**", "deep")).isFalse();
    assertThat(ignores("a**b/c", "a/x/b/c")).isFalse();
    assertThat(ignores("a**b/c", "axxb/c")).isTrue();
  }

  @Test
  void characterClassesIncludingPosixClassesNeverMatchSlash() {
    assertThat(ignores("[Tt]emp", "temp")).isTrue();
    assertThat(ignores("[!a]x", "bx")).isTrue();
    assertThat(ignores("[!a]x", "ax")).isFalse();
    assertThat(ignores("[^a]x", "ax")).isFalse();
    assertThat(ignores("[[:digit:]]n", "1n")).isTrue();
    assertThat(ignores("a[/]b/c", "a/b/c")).isFalse();
    assertThat(ignores("a[!x]b/c", "a/b/c")).isFalse();
    assertThat(ignores("[z-a]", "z")).isTrue();
  }
}
