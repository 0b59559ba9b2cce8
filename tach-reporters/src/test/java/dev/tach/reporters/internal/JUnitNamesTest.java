package dev.tach.reporters.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JUnitNamesTest {

  @Test
  void aMethodInAClassGetsTheDottedModuleAndClassAsClassname() {
    assertThat(JUnitNames.of("tests/test_a.py::TestX::test_y[1-2]"))
        .isEqualTo(new JUnitNames("tests.test_a.TestX", "test_y[1-2]", "tests/test_a.py"));
  }

  @Test
  void aFunctionGetsTheDottedModuleAsClassname() {
    assertThat(JUnitNames.of("tests/test_b.py::test_z"))
        .isEqualTo(new JUnitNames("tests.test_b", "test_z", "tests/test_b.py"));
  }

  @Test
  void aParametrizeIdKeepsItsSlashesAndDoubleColons() {
    assertThat(JUnitNames.of("t/test_c.py::test_p[a/b::c.py]"))
        .isEqualTo(new JUnitNames("t.test_c", "test_p[a/b::c.py]", "t/test_c.py"));
  }

  @Test
  void aModuleAloneHasNoClassname() {
    assertThat(JUnitNames.of("tests/test_bad.py"))
        .isEqualTo(new JUnitNames("", "tests.test_bad", "tests/test_bad.py"));
  }

  @Test
  void nestedClassesAllJoinTheClassname() {
    assertThat(JUnitNames.of("test_n.py::TestOuter::TestInner::test_i").classname())
        .isEqualTo("test_n.TestOuter.TestInner");
  }
}
