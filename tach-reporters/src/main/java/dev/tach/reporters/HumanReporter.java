package dev.tach.reporters;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;
import dev.tach.api.CapturedOutput;
import dev.tach.api.RunEvent;
import dev.tach.api.RunSummary;
import dev.tach.api.TestResult;
import dev.tach.api.TestStatus;
import dev.tach.api.spi.Reporter;
import dev.tach.api.spi.ReporterContext;
import dev.tach.reporters.internal.Ansi;
import dev.tach.reporters.internal.PytestText;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;

/**
 * What pytest prints on a terminal: a header, one progress character per finished test with the
 * percentage at each line end (one line per test when verbose, nothing when quiet), then the
 * errors, the failures with their tracebacks and captured output, the slowest durations, the short
 * test summary and pytest's final line ({@code ==== 1 failed, 9 passed in 0.52s ====}).
 *
 * <p>Each event's text is built in a buffer and written with one flush, so a 7,000-test run costs
 * one small write per test.
 */
@Api(Api.Status.EXPERIMENTAL)
public final class HumanReporter implements Reporter {
  private static final int WIDTH = PytestText.WIDTH;
  // " [ 42%]": pytest wraps when a line and this would no longer fit in the width.
  private static final int PROGRESS_WIDTH = 7;
  // A long failures section is written in pieces of about this size.
  private static final int FLUSH_THRESHOLD = 64 * 1024;

  private final PrintStream out;
  private final PrintStream err;
  private final int verbosity;
  private final int durations;
  private final Ansi ansi;
  private final StringBuilder buffer = new StringBuilder(4096);
  private final List<TestResult> failures = new ArrayList<>();
  private final List<RunEvent.CollectionError> collectionErrors = new ArrayList<>();
  private final List<TestResult> leaked = new ArrayList<>();
  // The slowest tests so far, fastest first, so the head is the one to drop.
  private final PriorityQueue<Timed> slowest;

  private int total;
  private int finished;
  private int column;
  private boolean wroteProgress;
  private boolean anyFailure;
  private long sequence;

  public HumanReporter(ReporterContext context) {
    requireNonNull(context, "context is null");
    this.out = context.out();
    this.err = context.err();
    this.verbosity = context.verbosity();
    this.durations = Math.max(context.durations(), 0);
    this.ansi = new Ansi(context.color());
    this.slowest = new PriorityQueue<>(Math.max(durations, 1) + 1, Timed.FASTEST_FIRST);
  }

  @Override
  public void onEvent(RunEvent event) {
    requireNonNull(event, "event is null");
    if (event instanceof RunEvent.RunStarted started) {
      runStarted(started);
    } else if (event instanceof RunEvent.TestFinished testFinished) {
      testFinished(testFinished.result());
    } else if (event instanceof RunEvent.CollectionError error) {
      collectionErrors.add(error);
    } else if (event instanceof RunEvent.RunFinished runFinished) {
      runFinished(runFinished.summary());
    } else if (event instanceof RunEvent.Warning warning) {
      flush();
      err.println(warning.line());
      err.flush();
    }
    // TestStarted shows nothing: like pytest, a test appears when it ends.
    flush();
  }

  @Override
  public void close() {
    flush();
  }

  private void runStarted(RunEvent.RunStarted started) {
    total = started.total();
    if (verbosity >= 0) {
      ansi.paint(
          buffer,
          Ansi.BOLD,
          "tach: " + count(started.total(), "test") + ", " + count(started.workers(), "worker")
              + (started.sandbox().equals("none") ? "" : ", sandbox " + started.sandbox()));
      buffer.append("\n\n");
    }
  }

  private void testFinished(TestResult result) {
    finished++;
    TestStatus status = result.status();
    if (!result.leaks().isEmpty()) {
      leaked.add(result);
    }
    if (status.failsRun()) {
      anyFailure = true;
      failures.add(result);
    }
    if (durations > 0) {
      slowest.add(new Timed(result.nodeId(), result.duration(), sequence++));
      if (slowest.size() > durations) {
        slowest.poll();
      }
    }
    if (verbosity >= 1) {
      buffer.append(result.nodeId()).append(' ');
      ansi.paint(buffer, colour(status), word(status));
      buffer.append(" (").append(roundedMillis(result.duration())).append(" ms)\n");
    } else if (verbosity == 0) {
      wroteProgress = true;
      ansi.paint(buffer, colour(status), letter(status));
      column++;
      if (column + PROGRESS_WIDTH + 1 >= WIDTH) {
        ansi.paint(buffer, progressColour(), progressMessage());
        buffer.append('\n');
        column = 0;
      }
    }
  }

  private void runFinished(RunSummary summary) {
    if (column > 0) {
      String message = progressMessage();
      buffer.append(" ".repeat(Math.max(WIDTH - column - 1 - message.length(), 0)));
      ansi.paint(buffer, progressColour(), message).append('\n');
      column = 0;
    }
    if (wroteProgress || verbosity >= 1) {
      buffer.append('\n');
    }
    collectionErrorsSection();
    failuresSection();
    leaksSection();
    durationsSection();
    shortSummary();
    if (summary.interrupted()) {
      sepLine('!', "Interrupted" + summary.stopReason().map(r -> ": " + r).orElse(""), Ansi.RED);
    } else if (summary.stopReason().isPresent()) {
      sepLine('!', summary.stopReason().get(), Ansi.RED);
    }
    String stats = PytestText.statsLine(summary);
    if (verbosity >= 0) {
      ansi.paint(buffer, mainColour(summary), PytestText.sep('=', stats, WIDTH)).append('\n');
    } else {
      ansi.paint(buffer, mainColour(summary), stats).append('\n');
    }
  }

  private void collectionErrorsSection() {
    if (collectionErrors.isEmpty()) {
      return;
    }
    sepLine('=', "ERRORS", null);
    for (RunEvent.CollectionError error : collectionErrors) {
      sepLine('_', "ERROR collecting " + error.path(), Ansi.BOLD_RED);
      block(error.message());
      flushIfLarge();
    }
  }

  private void failuresSection() {
    if (failures.isEmpty()) {
      return;
    }
    sepLine('=', "FAILURES", null);
    for (TestResult result : failures) {
      sepLine('_', result.nodeId(), Ansi.BOLD_RED);
      block(result.longrepr().isEmpty() ? result.message() : result.longrepr());
      CapturedOutput output = result.output();
      captured("stdout", output.stdout(), output);
      captured("stderr", output.stderr(), output);
      captured("log", output.log(), output);
      flushIfLarge();
    }
  }

  private void captured(String stream, String text, CapturedOutput output) {
    Long cut = output.truncated().get(stream);
    if (text.isEmpty() && cut == null) {
      return;
    }
    sepLine('-', "Captured " + stream, null);
    block(text);
    if (cut != null) {
      ansi.paint(buffer, Ansi.YELLOW, PytestText.truncationNote(cut)).append('\n');
    }
  }

  private void durationsSection() {
    if (durations == 0) {
      return;
    }
    sepLine('=', "slowest " + durations + " durations", null);
    List<Timed> ranked = new ArrayList<>(slowest);
    ranked.sort(Timed.FASTEST_FIRST.reversed());
    for (Timed timed : ranked) {
      double seconds = timed.duration().toNanos() / 1e9;
      buffer.append(String.format(Locale.ROOT, "%.2fs %s\n", seconds, timed.nodeId()));
    }
  }

  private void shortSummary() {
    if (failures.isEmpty() && collectionErrors.isEmpty()) {
      return;
    }
    sepLine('=', "short test summary info", null);
    // pytest's order: failures first, then errors.
    for (TestResult result : failures) {
      if (!isError(result.status())) {
        summaryLine(word(result.status()), result.nodeId(), result.message());
      }
    }
    for (RunEvent.CollectionError error : collectionErrors) {
      summaryLine("ERROR", error.path(), error.message());
    }
    for (TestResult result : failures) {
      if (isError(result.status())) {
        summaryLine(word(result.status()), result.nodeId(), result.message());
      }
    }
  }

  private void summaryLine(String word, String nodeId, String message) {
    ansi.paint(buffer, Ansi.RED, word).append(' ').append(nodeId);
    String first = PytestText.firstLine(message).strip();
    if (!first.isEmpty()) {
      buffer.append(" - ").append(first);
    }
    buffer.append('\n');
  }

  /** {@code --report-leaks}: one line per test and kind of leak, like pytest's warnings summary. */
  private void leaksSection() {
    if (leaked.isEmpty()) {
      return;
    }
    sepLine('=', "LEAKS", Ansi.YELLOW);
    for (TestResult result : leaked) {
      for (String line : result.leaks().lines()) {
        buffer.append(result.nodeId()).append(": ").append(line).append('\n');
      }
    }
    buffer.append('\n');
    flushIfLarge();
  }

  private void sepLine(char sepChar, String title, String colour) {
    String line = PytestText.sep(sepChar, title, WIDTH);
    if (colour == null) {
      buffer.append(line);
    } else {
      ansi.paint(buffer, colour, line);
    }
    buffer.append('\n');
  }

  private void block(String text) {
    String body = PytestText.stripTrailingNewlines(text);
    if (!body.isEmpty()) {
      buffer.append(body).append('\n');
    }
  }

  private String progressMessage() {
    int percent = total <= 0 ? 100 : Math.min(finished * 100 / total, 100);
    return String.format(Locale.ROOT, " [%3d%%]", percent);
  }

  private String progressColour() {
    return anyFailure ? Ansi.RED : Ansi.GREEN;
  }

  private void flushIfLarge() {
    if (buffer.length() >= FLUSH_THRESHOLD) {
      flush();
    }
  }

  private void flush() {
    if (buffer.length() > 0) {
      out.append(buffer);
      out.flush();
      buffer.setLength(0);
    }
  }

  private static String mainColour(RunSummary summary) {
    if (summary.failed() > 0 || summary.errors() > 0) {
      return Ansi.BOLD_RED;
    }
    if (summary.passed() > 0 && summary.xpassed() == 0 && !summary.interrupted()) {
      return Ansi.BOLD_GREEN;
    }
    return Ansi.BOLD_YELLOW;
  }

  private static boolean isError(TestStatus status) {
    return status == TestStatus.ERROR || status == TestStatus.HARNESS_ERROR;
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  private static long roundedMillis(Duration duration) {
    return (duration.toNanos() + 500_000) / 1_000_000;
  }

  private static char letter(TestStatus status) {
    return switch (status) {
      case PASS -> '.';
      case FAIL -> 'F';
      case ERROR -> 'E';
      case SKIP -> 's';
      case XFAIL -> 'x';
      case XPASS -> 'X';
      case CRASH -> 'C';
      case TIMEOUT -> 'T';
      case HARNESS_ERROR -> 'H';
    };
  }

  private static String word(TestStatus status) {
    return switch (status) {
      case PASS -> "PASSED";
      case FAIL -> "FAILED";
      case ERROR -> "ERROR";
      case SKIP -> "SKIPPED";
      case XFAIL -> "XFAIL";
      case XPASS -> "XPASS";
      case CRASH -> "CRASHED";
      case TIMEOUT -> "TIMEOUT";
      case HARNESS_ERROR -> "HARNESS_ERROR";
    };
  }

  private static String colour(TestStatus status) {
    return switch (status) {
      case PASS -> Ansi.GREEN;
      case SKIP, XFAIL, XPASS -> Ansi.YELLOW;
      case FAIL, ERROR, CRASH, TIMEOUT, HARNESS_ERROR -> Ansi.RED;
    };
  }

  private record Timed(String nodeId, Duration duration, long sequence) {
    // Ties rank the earlier test as slower, so the first of equals is kept and listed first.
    static final Comparator<Timed> FASTEST_FIRST =
        Comparator.comparing(Timed::duration)
            .thenComparing(Comparator.comparingLong(Timed::sequence).reversed());
  }
}
