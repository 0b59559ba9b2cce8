package dev.tach.discovery.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IniFileTest {

  @Test
  void equalsAndColonBothSeparateKeyFromValue() throws Exception {
    IniFile ini = IniFile.parse("[s]\na = 1\nb: 2\nc = http://x:1\nd: e=f\n");

    assertThat(ini.section("s"))
        .containsEntry("a", "1")
        .containsEntry("b", "2")
        .containsEntry("c", "http://x:1")
        .containsEntry("d", "e=f");
  }

  @Test
  void indentedLinesContinueTheValueAcrossBlankAndCommentLines() throws Exception {
    IniFile ini = IniFile.parse("[s]\nk =\n  one\n\n  ; note\n\ttwo\r\nnext = x\n");

    assertThat(ini.section("s")).containsEntry("k", "one\ntwo").containsEntry("next", "x");
  }

  @Test
  void commentLinesAndSectionTrailingCommentsAreIgnoredButValueCommentsKept() throws Exception {
    IniFile ini = IniFile.parse("# top\n[s] # why\nk = v # not a comment\n");

    assertThat(ini.hasSection("s")).isTrue();
    assertThat(ini.section("s")).containsEntry("k", "v # not a comment");
  }

  @Test
  void keyBeforeAnySectionIsRejected() {
    assertThatThrownBy(() -> IniFile.parse("k = v\n"))
        .hasMessage("no section header defined");
  }

  @Test
  void duplicateSectionAndDuplicateKeyAreRejectedWithTheirLine() {
    assertThatThrownBy(() -> IniFile.parse("[s]\n[s]\n"))
        .isInstanceOfSatisfying(
            IniFile.IniSyntaxException.class, e -> assertThat(e.line()).isEqualTo(2))
        .hasMessage("duplicate section 's'");
    assertThatThrownBy(() -> IniFile.parse("[s]\nk = 1\n\nk = 2\n"))
        .isInstanceOfSatisfying(
            IniFile.IniSyntaxException.class, e -> assertThat(e.line()).isEqualTo(4))
        .hasMessage("duplicate name 'k'");
  }

  @Test
  void continuationWithoutAKeyIsRejected() {
    assertThatThrownBy(() -> IniFile.parse("[s]\n  orphan\n"))
        .isInstanceOfSatisfying(
            IniFile.IniSyntaxException.class, e -> assertThat(e.line()).isEqualTo(2))
        .hasMessage("unexpected value continuation");
  }

  @Test
  void emptySectionNameIsRejected() {
    assertThatThrownBy(() -> IniFile.parse("[]\n")).hasMessage("empty section name");
  }
}
