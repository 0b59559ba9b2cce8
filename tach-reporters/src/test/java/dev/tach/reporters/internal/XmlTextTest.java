package dev.tach.reporters.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class XmlTextTest {

  @Test
  void textXmlAllowsIsReturnedAsItIs() {
    String text = "tab\there\nnew line\r é ✓ \ud83d\ude00 <&>\"";
    assertThat(XmlText.printable(text)).isSameAs(text);
  }

  @Test
  void forbiddenCharactersBecomeVisibleHexLikePytest() {
    assertThat(XmlText.printable("a\u0000b\u001bc\u0008\u000b\u000c\u001f\u007f"))
        .isEqualTo("a#x00b#x1Bc#x08#x0B#x0C#x1F#x7F");
    assertThat(XmlText.printable("\ufffe\uffff")).isEqualTo("#xFFFE#xFFFF");
  }

  @Test
  void unpairedSurrogatesAreEscapedAndPairsKept() {
    assertThat(XmlText.printable("\ud800x\udc00\ud83d\ude00\ud83d"))
        .isEqualTo("#xD800x#xDC00\ud83d\ude00#xD83D");
  }
}
