package dev.tach.discovery.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PyGlobTest {

  @TempDir Path dir;

  private void touch(String relative) throws IOException {
    Path path = dir.resolve(relative);
    Files.createDirectories(path.getParent());
    Files.writeString(path, "");
  }

  @Test
  void wildcardsSkipHiddenNamesUnlessThePatternStartsWithADot() throws IOException {
    touch("tests/a.py");
    touch(".hidden/b.py");
    touch("tests_2/c.py");
    assertThat(PyGlob.glob(dir, "*")).containsExactly("tests", "tests_2");
    assertThat(PyGlob.glob(dir, ".*")).containsExactly(".hidden");
    assertThat(PyGlob.glob(dir, "test*/*.py")).containsExactly("tests/a.py", "tests_2/c.py");
  }

  @Test
  void doubleStarMatchesAnyNumberOfDirectories() throws IOException {
    touch("tests/a/b/test_x.py");
    touch("tests/test_y.py");
    assertThat(PyGlob.glob(dir, "tests/**/test_*.py"))
        .containsExactly("tests/a/b/test_x.py", "tests/test_y.py");
    assertThat(PyGlob.glob(dir, "tests/**"))
        .containsExactly(
            "tests/", "tests/a", "tests/a/b", "tests/a/b/test_x.py", "tests/test_y.py");
    assertThat(PyGlob.glob(dir, "**/b")).containsExactly("tests/a/b");
  }

  @Test
  void plainPathsMustExistAndTrailingSlashWantsADirectory() throws IOException {
    touch("tests/a.py");
    assertThat(PyGlob.glob(dir, "tests")).containsExactly("tests");
    assertThat(PyGlob.glob(dir, "tests/")).containsExactly("tests/");
    assertThat(PyGlob.glob(dir, "tests/a.py/")).isEmpty();
    assertThat(PyGlob.glob(dir, "missing")).isEmpty();
  }
}
