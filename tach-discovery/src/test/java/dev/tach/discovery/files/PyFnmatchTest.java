package dev.tach.discovery.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PyFnmatchTest {

  @Test
  void starMatchesAcrossSlashesLikePythonFnmatch() {
    assertThat(PyFnmatch.compile("/a/*.py").matches("/a/b/c.py")).isTrue();
    assertThat(PyFnmatch.compile("test_*.py").matches("test_.py")).isTrue();
    assertThat(PyFnmatch.compile("test_*.py").matches("test.py")).isFalse();
    assertThat(PyFnmatch.compile("*_test.py").matches("a_test.pyc")).isFalse();
    assertThat(PyFnmatch.compile("a?c").matches("a/c")).isTrue();
    assertThat(PyFnmatch.compile("Test*").matches("test_x")).isFalse();
  }

  @Test
  void bracketSetsFollowCpythonTranslate() {
    assertThat(PyFnmatch.translate("[z-a]")).isEqualTo("(?!)");
    assertThat(PyFnmatch.translate("[!z-a]")).isEqualTo(".");
    assertThat(PyFnmatch.compile("[a-c-e]x").matches("-x")).isTrue();
    assertThat(PyFnmatch.compile("[a-c-e]x").matches("dx")).isFalse();
    assertThat(PyFnmatch.compile("[z-a-c]").matches("-")).isTrue();
    assertThat(PyFnmatch.compile("[z-a-c]").matches("b")).isFalse();
    assertThat(PyFnmatch.compile("[]a]").matches("]")).isTrue();
    assertThat(PyFnmatch.compile("[!]a]").matches("b")).isTrue();
    assertThat(PyFnmatch.compile("[a-]").matches("-")).isTrue();
    assertThat(PyFnmatch.compile("[\\-a]").matches("\\")).isTrue();
    assertThat(PyFnmatch.compile("[&&]").matches("&")).isTrue();
  }

  @Test
  void unterminatedBracketAndBackslashAreLiteral() {
    assertThat(PyFnmatch.compile("[a").matches("[a")).isTrue();
    assertThat(PyFnmatch.compile("a\\*").matches("a\\b")).isTrue();
    assertThat(PyFnmatch.compile("{arch}").matches("{arch}")).isTrue();
  }

  @Test
  void fnmatchExMatchesTheBaseNameOrTheWholePath() {
    Path path = Path.of("/p/tests/foo/bar/doc/test_foo.py");
    assertThat(FnmatchEx.compile("test_*.py").matches(path, "test_foo.py")).isTrue();
    assertThat(FnmatchEx.compile("tests/**/doc/test*.py").matches(path, "test_foo.py")).isTrue();
    assertThat(FnmatchEx.compile("foo/test*.py").matches(path, "test_foo.py")).isFalse();
    assertThat(FnmatchEx.compile("/p/tests/*").matches(path, "test_foo.py")).isTrue();
  }
}
