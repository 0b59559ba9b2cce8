package dev.tach.api.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tach.api.ErrorCode;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TestCaseTest {

  private static TestCase test(String baseId, List<String> parts) {
    return new TestCase(
        baseId, parts, "test_y", List.of("TestX"), new SourceLocation("pkg/test_a.py", 3),
        TestCase.Kind.METHOD, false, List.of(), List.of(), List.of(), Optional.empty());
  }

  @Test
  void nodeIdJoinsIdPartsWithDashesInBrackets() {
    assertThat(test("pkg/test_a.py::TestX::test_y", List.of("1", "a")).nodeId())
        .isEqualTo("pkg/test_a.py::TestX::test_y[1-a]");
    assertThat(test("pkg/test_a.py::TestX::test_y", List.of()).nodeId())
        .isEqualTo("pkg/test_a.py::TestX::test_y");
  }

  @Test
  void fileIsTheNodeIdBeforeTheFirstSeparator() {
    assertThat(test("pkg/test_a.py::TestX::test_y", List.of("x::y")).file())
        .isEqualTo("pkg/test_a.py");
  }

  @Test
  void withIdPartInsertsAtTheGivenPosition() {
    TestCase base = test("t.py::test_y", List.of("1"));
    assertThat(base.withIdPart(0, "p").nodeId()).isEqualTo("t.py::test_y[p-1]");
    assertThat(base.withIdPart(1, "p").nodeId()).isEqualTo("t.py::test_y[1-p]");
    assertThat(base.nodeId()).isEqualTo("t.py::test_y[1]");
  }

  @Test
  void problemsPrintAsOneLineWithLocationAndCode() {
    DiscoveryProblem problem =
        new DiscoveryProblem(
            ErrorCode.E003, new SourceLocation("t.py", 4), 0, "fixture 'db' not found");
    assertThat(problem.oneLine()).isEqualTo("t.py:4: E003 fixture 'db' not found");
  }

  @Test
  void scopesOrderFromFunctionToSession() {
    assertThat(FixtureScope.SESSION.isWiderThan(FixtureScope.MODULE)).isTrue();
    assertThat(FixtureScope.fromPytestName("package")).contains(FixtureScope.PACKAGE);
    assertThat(FixtureScope.fromPytestName("global")).isEmpty();
  }
}
