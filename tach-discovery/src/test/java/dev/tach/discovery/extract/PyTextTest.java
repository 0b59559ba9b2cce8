package dev.tach.discovery.extract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Python's text forms, compared with what CPython 3.11 prints. */
class PyTextTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "0.1|0.1",
        "1.0|1.0",
        "100.0|100.0",
        "1e15|1000000000000000.0",
        "1e16|1e+16",
        "0.0001|0.0001",
        "0.00001|1e-05",
        "123456.789|123456.789",
        "5e-324|5e-324",
        "1.7976931348623157e308|1.7976931348623157e+308",
        "0.30000000000000004|0.30000000000000004",
        "-2.5|-2.5",
        "9007199254740993|9007199254740992.0"
      })
  void floatReprIsShortestRoundTrip(double value, String python) {
    assertThat(PyText.floatRepr(value)).isEqualTo(python);
  }

  @Test
  void specialFloatsAndComplexNumbers() {
    assertThat(PyText.floatRepr(Double.NaN)).isEqualTo("nan");
    assertThat(PyText.floatRepr(Double.NEGATIVE_INFINITY)).isEqualTo("-inf");
    assertThat(PyText.floatRepr(-0.0)).isEqualTo("-0.0");
    assertThat(PyText.complexRepr(0, 1)).isEqualTo("1j");
    assertThat(PyText.complexRepr(-0.0, -1)).isEqualTo("(-0-1j)");
    assertThat(PyText.complexRepr(1.5, 1e20)).isEqualTo("(1.5+1e+20j)");
    assertThat(PyText.complexRepr(1, Double.NaN)).isEqualTo("(1+nanj)");
  }

  @Test
  void asciiEscapingMatchesPytest() {
    assertThat(PyText.asciiEscaped("plain [x]::y")).isEqualTo("plain [x]::y");
    assertThat(PyText.asciiEscaped("é\u0301\n\\\u0000")).isEqualTo("\\xe9\\u0301\\n\\\\\\x00");
    assertThat(PyText.asciiEscaped("\uD83D\uDE00")).isEqualTo("\\U0001f600");
    assertThat(PyText.asciiEscaped(new byte[] {'a', '\\', (byte) 0xff, '\t', 0x7f}))
        .isEqualTo("a\\\\xff\\t\\x7f");
  }

  @Test
  void reprQuotesLikePython() {
    assertThat(PyText.strRepr("it's")).isEqualTo("\"it's\"");
    assertThat(PyText.strRepr("a\"b'c")).isEqualTo("'a\"b\\'c'");
    assertThat(PyText.strRepr("é\u200b")).isEqualTo("'é\\u200b'");
    assertThat(PyText.bytesRepr(new byte[] {'x', (byte) 0x80})).isEqualTo("b'x\\x80'");
  }
}
