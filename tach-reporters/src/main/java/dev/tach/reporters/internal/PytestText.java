package dev.tach.reporters.internal;

import dev.tach.api.RunSummary;
import java.time.Duration;
import java.util.Locale;
import java.util.StringJoiner;

/** The text shapes of pytest's terminal reporter, so Tach's output reads like pytest's. */
public final class PytestText {
  /** The terminal width pytest assumes when it cannot ask the terminal. */
  public static final int WIDTH = 80;

  private PytestText() {}

  /**
   * A separator line with a centred title, exactly as pytest's {@code TerminalWriter.sep} draws it:
   * as long as possible without exceeding {@code width}.
   */
  public static String sep(char sepChar, String title, int width) {
    int n = Math.max((width - title.length() - 2) / 2, 1);
    String fill = String.valueOf(sepChar).repeat(n);
    String line = fill + " " + title + " " + fill;
    return line.length() + 1 <= width ? line + sepChar : line;
  }

  /**
   * pytest's final line without its separators: {@code 2 failed, 10 passed, 1 error in 1.23s}, only
   * non-zero counts, or {@code no tests ran in 0.01s}.
   */
  public static String statsLine(RunSummary summary) {
    StringJoiner parts = new StringJoiner(", ");
    part(parts, summary.failed(), "failed");
    part(parts, summary.passed(), "passed");
    part(parts, summary.skipped(), "skipped");
    part(parts, summary.xfailed(), "xfailed");
    part(parts, summary.xpassed(), "xpassed");
    part(parts, summary.errors(), summary.errors() == 1 ? "error" : "errors");
    String counts = parts.length() == 0 ? "no tests ran" : parts.toString();
    return counts + " in " + sessionDuration(summary.duration());
  }

  private static void part(StringJoiner parts, int count, String word) {
    if (count > 0) {
      parts.add(count + " " + word);
    }
  }

  /** {@code 1.23s} under a minute, {@code 75.12s (0:01:15)} above, like pytest. */
  public static String sessionDuration(Duration duration) {
    double seconds = duration.toNanos() / 1e9;
    String text = String.format(Locale.ROOT, "%.2fs", seconds);
    if (seconds < 60) {
      return text;
    }
    long whole = duration.getSeconds();
    long days = whole / 86_400;
    String clock =
        String.format(
            Locale.ROOT, "%d:%02d:%02d", whole % 86_400 / 3600, whole % 3600 / 60, whole % 60);
    String dayPart = days == 0 ? "" : days + (days == 1 ? " day, " : " days, ");
    return text + " (" + dayPart + clock + ")";
  }

  /** The first line of a possibly multi-line message. */
  public static String firstLine(String text) {
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }

  /** Text without its trailing line breaks, so a block ends in exactly one. */
  public static String stripTrailingNewlines(String text) {
    int end = text.length();
    while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
      end--;
    }
    return text.substring(0, end);
  }

  /** The note printed where the harness cut a captured stream. */
  public static String truncationNote(long bytesCut) {
    return "[\u2026 " + bytesCut + " bytes cut \u2026]";
  }
}
