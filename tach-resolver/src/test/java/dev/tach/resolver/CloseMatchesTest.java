package dev.tach.resolver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CloseMatchesTest {

  private static final List<String> NAMES =
      List.of(
          "capfd",
          "capsys",
          "capsysbinary",
          "monkeypatch",
          "tmp_path",
          "tmp_path_factory",
          "tmpdir",
          "db_session",
          "recwarn");

  @Test
  void countsSwapsOfNeighboursAsOneEdit() {
    assertThat(CloseMatches.distance("capssy", "capsys")).isEqualTo(1);
    assertThat(CloseMatches.distance("tmpdir", "tmp_path")).isEqualTo(5);
    assertThat(CloseMatches.distance("", "abc")).isEqualTo(3);
  }

  @Test
  void bestFirstAtMostTheLimit() {
    assertThat(CloseMatches.of("capsy", NAMES, 3)).containsExactly("capsys", "capsysbinary");
    assertThat(CloseMatches.of("monkeypach", NAMES, 3)).containsExactly("monkeypatch");
    assertThat(CloseMatches.of("tmp_dir", NAMES, 2)).containsExactly("tmpdir");
    assertThat(CloseMatches.of("tmp", NAMES, 2)).containsExactly("tmpdir", "tmp_path");
  }

  @Test
  void containmentCountsEvenWhenFarApart() {
    assertThat(CloseMatches.of("session", NAMES, 3)).containsExactly("db_session");
  }

  @Test
  void unrelatedNamesAreNotOffered() {
    assertThat(CloseMatches.of("client", NAMES, 3)).isEmpty();
  }
}
