package dev.tach.reporters;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;
import dev.tach.api.CapturedOutput;
import dev.tach.api.RunEvent;
import dev.tach.api.TestResult;
import dev.tach.api.TestStatus;
import dev.tach.api.spi.Reporter;
import dev.tach.api.spi.ReporterContext;
import dev.tach.reporters.internal.AtomicFiles;
import dev.tach.reporters.internal.HostName;
import dev.tach.reporters.internal.JUnitNames;
import dev.tach.reporters.internal.Millis;
import dev.tach.reporters.internal.PytestText;
import dev.tach.reporters.internal.XmlText;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes a JUnit XML report in the shape pytest's junitxml plugin gives ({@code xunit2} family),
 * which Jenkins, GitLab and GitHub read: one {@code <testsuite name="tach">} in a {@code
 * <testsuites>}, one {@code <testcase classname= name= file= time=>} per test with {@code
 * <failure>} (fail, crash, timeout; the status is the {@code type}), {@code <error>} (error,
 * harness error, collection error) or {@code <skipped>} (skip, xfail), and {@code <system-out>} /
 * {@code <system-err>} when the test printed something.
 *
 * <p>The file named by the option {@value #PATH_OPTION} (relative to the working directory, as
 * pytest's {@code --junitxml}) is written once, when the run finishes, to a temporary file that is
 * then renamed over it, so a reader never sees half a report.
 */
@Api(Api.Status.EXPERIMENTAL)
public final class JUnitXmlReporter implements Reporter {
  /** The reporter option naming the file to write; required. */
  public static final String PATH_OPTION = "junit-xml.path";

  private static final String SUITE_NAME = "tach";
  // The JDK's own StAX writer, whatever else is on the path.
  private static final XMLOutputFactory XML = XMLOutputFactory.newDefaultFactory();
  // pytest's shape, 2024-05-01T12:00:00.123+00:00 (ISO_OFFSET_DATE_TIME would write "Z").
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx", Locale.ROOT);

  private final Path path;
  private final List<Case> cases = new ArrayList<>();
  private OffsetDateTime startedAt = OffsetDateTime.now();
  private long startNanos = System.nanoTime();
  private boolean written;

  /**
   * @throws IllegalArgumentException when the option {@value #PATH_OPTION} is missing or is not a
   *     path
   */
  public JUnitXmlReporter(ReporterContext context) {
    requireNonNull(context, "context is null");
    String option =
        context
            .option(PATH_OPTION)
            .filter(value -> !value.isBlank())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "the junit-xml reporter needs the option "
                            + PATH_OPTION
                            + ": the file to write the report to"));
    this.path = Path.of(option).toAbsolutePath();
  }

  /** The file this reporter writes. */
  public Path path() {
    return path;
  }

  @Override
  public void onEvent(RunEvent event) {
    requireNonNull(event, "event is null");
    if (event instanceof RunEvent.RunStarted) {
      startedAt = OffsetDateTime.now();
      startNanos = System.nanoTime();
    } else if (event instanceof RunEvent.TestFinished finished) {
      cases.add(Case.of(finished.result()));
    } else if (event instanceof RunEvent.CollectionError error) {
      cases.add(Case.of(error));
    } else if (event instanceof RunEvent.RunFinished finished) {
      write(finished.summary().duration());
    }
  }

  /** Writes the report if the run ended without {@link RunEvent.RunFinished}. */
  @Override
  public void close() {
    write(Duration.ofNanos(System.nanoTime() - startNanos));
  }

  private void write(Duration time) {
    if (written) {
      return;
    }
    written = true;
    try {
      AtomicFiles.write(path, out -> writeXml(out, time));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the JUnit XML report " + path + ": " + e, e);
    }
  }

  private void writeXml(OutputStream out, Duration time) throws IOException {
    int failures = 0;
    int errors = 0;
    int skipped = 0;
    for (Case c : cases) {
      switch (c.kind()) {
        case FAILURE -> failures++;
        case ERROR -> errors++;
        case SKIPPED -> skipped++;
        case PASSED -> {}
      }
    }
    try {
      XMLStreamWriter xml = XML.createXMLStreamWriter(out, "UTF-8");
      xml.writeStartDocument("UTF-8", "1.0");
      xml.writeCharacters("\n");
      xml.writeStartElement("testsuites");
      xml.writeAttribute("name", SUITE_NAME);
      counts(xml, failures, errors, skipped, time);
      xml.writeCharacters("\n");
      xml.writeStartElement("testsuite");
      xml.writeAttribute("name", SUITE_NAME);
      counts(xml, failures, errors, skipped, time);
      xml.writeAttribute("timestamp", startedAt.format(TIMESTAMP));
      xml.writeAttribute("hostname", XmlText.printable(HostName.get()));
      xml.writeCharacters("\n");
      for (Case c : cases) {
        c.write(xml);
        xml.writeCharacters("\n");
      }
      xml.writeEndElement();
      xml.writeCharacters("\n");
      xml.writeEndElement();
      xml.writeCharacters("\n");
      xml.writeEndDocument();
      xml.flush();
      xml.close();
    } catch (XMLStreamException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  private void counts(XMLStreamWriter xml, int failures, int errors, int skipped, Duration time)
      throws XMLStreamException {
    xml.writeAttribute("tests", Integer.toString(cases.size()));
    xml.writeAttribute("failures", Integer.toString(failures));
    xml.writeAttribute("errors", Integer.toString(errors));
    xml.writeAttribute("skipped", Integer.toString(skipped));
    xml.writeAttribute("time", Millis.seconds(time));
  }

  private enum Kind {
    PASSED(""),
    FAILURE("failure"),
    ERROR("error"),
    SKIPPED("skipped");

    final String element;

    Kind(String element) {
      this.element = element;
    }
  }

  /** One {@code <testcase>}: only what the report needs, so a long run keeps little. */
  private record Case(
      JUnitNames names,
      Duration time,
      Kind kind,
      String type,
      String message,
      String body,
      String systemOut,
      String systemErr) {

    static Case of(TestResult result) {
      TestStatus status = result.status();
      String details = result.longrepr().isEmpty() ? result.message() : result.longrepr();
      Kind kind;
      String type = status.wireName();
      String message = result.message();
      String body = details;
      switch (status) {
        case PASS, XPASS -> {
          // pytest reports a non-strict xpass as a passed test case.
          kind = Kind.PASSED;
          body = "";
        }
        case FAIL, CRASH, TIMEOUT -> kind = Kind.FAILURE;
        case ERROR, HARNESS_ERROR -> kind = Kind.ERROR;
        case SKIP -> {
          kind = Kind.SKIPPED;
          type = "pytest.skip";
          message = withoutPrefix(message, "Skipped: ");
          body = result.longrepr();
        }
        case XFAIL -> {
          kind = Kind.SKIPPED;
          type = "pytest.xfail";
          message = withoutPrefix(message, "reason: ");
          body = "";
        }
        default -> throw new IllegalStateException("unhandled status " + status);
      }
      CapturedOutput output = result.output();
      return new Case(
          JUnitNames.of(result.nodeId()),
          result.duration(),
          kind,
          type,
          message,
          body,
          systemOut(output),
          withLeaks(withNote(output.stderr(), output, "stderr"), result));
    }

    // --report-leaks: what the test left behind, after its stderr under a header of its own.
    private static String withLeaks(String stderr, TestResult result) {
      if (result.leaks().isEmpty()) {
        return stderr;
      }
      String leaks = section(" Leaks ", String.join("\n", result.leaks().lines()));
      return stderr.isEmpty() || stderr.endsWith("\n") ? stderr + leaks : stderr + "\n" + leaks;
    }

    static Case of(RunEvent.CollectionError error) {
      // pytest's shape for a module that did not collect.
      return new Case(
          JUnitNames.of(error.path()),
          Duration.ZERO,
          Kind.ERROR,
          "",
          "collection failure",
          error.message(),
          "",
          "");
    }

    void write(XMLStreamWriter xml) throws XMLStreamException {
      boolean empty = kind == Kind.PASSED && systemOut.isEmpty() && systemErr.isEmpty();
      if (empty) {
        xml.writeEmptyElement("testcase");
      } else {
        xml.writeStartElement("testcase");
      }
      xml.writeAttribute("classname", XmlText.printable(names.classname()));
      xml.writeAttribute("name", XmlText.printable(names.name()));
      xml.writeAttribute("file", XmlText.printable(names.file()));
      xml.writeAttribute("time", Millis.seconds(time));
      if (empty) {
        return;
      }
      if (kind != Kind.PASSED) {
        if (body.isEmpty()) {
          xml.writeEmptyElement(kind.element);
        } else {
          xml.writeStartElement(kind.element);
        }
        xml.writeAttribute("message", XmlText.printable(message));
        if (!type.isEmpty()) {
          xml.writeAttribute("type", type);
        }
        if (!body.isEmpty()) {
          xml.writeCharacters(XmlText.printable(body));
          xml.writeEndElement();
        }
      }
      element(xml, "system-out", systemOut);
      element(xml, "system-err", systemErr);
      xml.writeEndElement();
    }

    private static void element(XMLStreamWriter xml, String name, String text)
        throws XMLStreamException {
      if (!text.isEmpty()) {
        xml.writeStartElement(name);
        xml.writeCharacters(XmlText.printable(text));
        xml.writeEndElement();
      }
    }

    // pytest's junit_logging=all shape: the log, then stdout, each under a centred header.
    private static String systemOut(CapturedOutput output) {
      String stdout = withNote(output.stdout(), output, "stdout");
      String log = withNote(output.log(), output, "log");
      if (log.isEmpty()) {
        return stdout;
      }
      String joined = section(" Captured Log ", log);
      return stdout.isEmpty() ? joined : joined + section(" Captured Out ", stdout);
    }

    private static String section(String header, String content) {
      int pad = Math.max(PytestText.WIDTH - header.length(), 0);
      String line = "-".repeat(pad / 2) + header + "-".repeat(pad - pad / 2);
      return line + "\n" + content + "\n";
    }

    private static String withNote(String text, CapturedOutput output, String stream) {
      Long cut = output.truncated().get(stream);
      if (cut == null) {
        return text;
      }
      String note = PytestText.truncationNote(cut);
      return text.isEmpty() || text.endsWith("\n") ? text + note + "\n" : text + "\n" + note + "\n";
    }

    private static String withoutPrefix(String text, String prefix) {
      return text.startsWith(prefix) ? text.substring(prefix.length()) : text;
    }
  }
}
