package dev.tach.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Inputs that make a recursive-descent parser recurse deeply: each gives a result for the file,
 * never a StackOverflowError or a hang.
 */
@Timeout(20)
class DeepInputParsingTest {

  private static final int DEPTH = 10_000;

  static Stream<Arguments> deepExpressions() {
    return Stream.of(
        Arguments.of("not chain", "x = " + "not ".repeat(DEPTH) + "a\n"),
        Arguments.of("unary minus chain", "x = " + "-".repeat(DEPTH) + "a\n"),
        Arguments.of("unary mixed chain", "x = " + "-+~".repeat(DEPTH / 3) + "a\n"),
        Arguments.of("power chain", "x = a" + " ** a".repeat(DEPTH) + "\n"),
        Arguments.of("conditional chain", "x = a" + " if b else a".repeat(DEPTH) + "\n"),
        Arguments.of("lambda chain", "x = " + "lambda: ".repeat(DEPTH) + "a\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("deepExpressions")
  void deeplyRecursiveExpressionIsAResultNotAStackOverflow(String name, String source) {
    ParseOutcome outcome = PythonParsing.parse(source, "deep.py");
    assertThat(outcome).isNotNull();
    if (outcome instanceof SyntaxError error) {
      assertThat(error.kind()).isEqualTo(SyntaxError.Kind.TOO_DEEP);
      assertThat(error.oneLine())
          .isEqualTo("deep.py: E017 SyntaxError: too many nested expressions to parse");
    }
  }

  @Test
  void longAwaitChainIsAnOrdinarySyntaxErrorAsInCpython() {
    String source = "async def f():\n    x = " + "await ".repeat(1_000) + "a\n";
    assertThat(PythonParsing.parse(source, "awaits.py"))
        .isInstanceOfSatisfying(
            SyntaxError.class,
            error -> {
              assertThat(error.kind()).isEqualTo(SyntaxError.Kind.SYNTAX);
              assertThat(error.line()).isEqualTo(2);
            });
  }

  @Test
  void fiveThousandChainedAdditionsParse() {
    String source = "x = a" + " + a".repeat(5_000) + "\n";
    assertThat(PythonParsing.parse(source, "chain.py")).isInstanceOf(ParsedModule.class);
  }

  @Test
  void longChainsOfBinaryOperatorsAndAttributesParse() {
    assertThat(PythonParsing.parse("x = a" + " * b - c | d".repeat(2_000) + "\n", "ops.py"))
        .isInstanceOf(ParsedModule.class);
    assertThat(PythonParsing.parse("x = a" + ".b(1)[2]".repeat(5_000) + "\n", "trailers.py"))
        .isInstanceOf(ParsedModule.class);
    assertThat(PythonParsing.parse("x = a" + " and b or c".repeat(5_000) + "\n", "bool.py"))
        .isInstanceOf(ParsedModule.class);
  }

  @Test
  void parsingStillWorksAfterAStackOverflowWasCaught() {
    PythonParsing.parse("x = " + "not ".repeat(100_000) + "a\n", "deeper.py");
    assertThat(PythonParsing.parse("x = not not a\n", "after.py")).isInstanceOf(ParsedModule.class);
  }
}
