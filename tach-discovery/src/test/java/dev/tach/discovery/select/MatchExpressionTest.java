package dev.tach.discovery.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tach.api.TachException;
import java.math.BigInteger;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MatchExpressionTest {

  private static boolean eval(String expression, Set<String> truths) {
    return MatchExpression.parse(expression, "-k").evaluate((ident, kwargs) -> truths.contains(ident));
  }

  @Test
  void andBindsTighterThanOrAndNotTighterThanAnd() {
    assertThat(eval("a or b and c", Set.of("a"))).isTrue();
    assertThat(eval("(a or b) and c", Set.of("a"))).isFalse();
    assertThat(eval("not a and b", Set.of("b"))).isTrue();
    assertThat(eval("not (a and b)", Set.of("a", "b"))).isFalse();
  }

  @Test
  void identifiersTakePytestsCharactersAndAnEmptyExpressionMatchesNothing() {
    assertThat(eval("test_x[1-2]", Set.of("test_x[1-2]"))).isTrue();
    assertThat(eval("pkg/test_a.py::T", Set.of("pkg/test_a.py::T"))).isTrue();
    assertThat(eval("", Set.of())).isFalse();
  }

  @Test
  void keywordArgumentsAreStringsIntegersBooleansOrNone() {
    MatchExpression expression = MatchExpression.parse("m(a='x', b=-3, c=True, d=None)", "-m");
    Map<String, Object>[] seen = new Map[1];
    expression.evaluate((ident, kwargs) -> {
      seen[0] = kwargs;
      return true;
    });
    assertThat(seen[0])
        .containsEntry("a", "x")
        .containsEntry("b", BigInteger.valueOf(-3))
        .containsEntry("c", true)
        .containsEntry("d", MatchExpression.NONE);
  }

  @Test
  void malformedExpressionsAreE002WithPytestsWording() {
    assertThatThrownBy(() -> MatchExpression.parse("a and (b", "-k"))
        .isInstanceOf(TachException.class)
        .hasMessageContaining("Wrong expression passed to '-k'")
        .hasMessageContaining("expected right parenthesis; got end of input");
    assertThatThrownBy(() -> MatchExpression.parse("a $ b", "-k"))
        .hasMessageContaining("unexpected character \"$\"");
    assertThatThrownBy(() -> MatchExpression.parse("m(class=1)", "-m"))
        .hasMessageContaining("unexpected reserved python keyword `class`");
  }
}
