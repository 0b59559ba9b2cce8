package dev.tach.reporters;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import dev.tach.api.Api;
import dev.tach.api.RunEvent;
import dev.tach.api.RunSummary;
import dev.tach.api.TestResult;
import dev.tach.api.spi.Reporter;
import dev.tach.api.spi.ReporterContext;
import dev.tach.reporters.internal.Millis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * One JSON object per event and line (NDJSON) on standard output, each line flushed as it is
 * written so a tool can follow the run live. The members, in this order:
 *
 * <pre>
 * {"event":"run_start","total":N,"workers":W}
 * {"event":"test_started","test":NODEID,"worker":K}
 * {"event":"test_finished","test":NODEID,"status":S,"duration_ms":D,"message":M,"worker":K
 *   [,"longrepr":…][,"stdout":…][,"stderr":…]}
 * {"event":"collection_error","path":FILE,"message":M}
 * {"event":"run_finished","passed":P,"failed":F,"skipped":K,"errors":E,"duration_ms":D,
 *   "xfailed":X,"xpassed":Y,"collected":C,"interrupted":B[,"stop_reason":R]}
 * </pre>
 *
 * <p>{@code S} is {@link dev.tach.api.TestStatus#wireName()}; {@code D} is milliseconds as a number
 * with up to three decimals ({@code 12.5}); the bracketed members appear only when not empty. Tools
 * must ignore members they do not know: more may be added after these.
 */
@Api(Api.Status.EXPERIMENTAL)
public final class NdjsonReporter implements Reporter {
  // One factory for every reporter; it never closes the stream it writes to (stdout).
  private static final JsonFactory JSON =
      new JsonFactoryBuilder()
          // Lines are ended by hand; Jackson's default separator would start each with a space.
          .rootValueSeparator((String) null)
          .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
          .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
          .build();

  private final JsonGenerator json;

  public NdjsonReporter(ReporterContext context) {
    requireNonNull(context, "context is null");
    try {
      this.json = JSON.createGenerator(context.out());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write JSON events to standard output", e);
    }
  }

  @Override
  public void onEvent(RunEvent event) {
    requireNonNull(event, "event is null");
    try {
      json.writeStartObject();
      if (event instanceof RunEvent.RunStarted started) {
        json.writeStringField("event", "run_start");
        json.writeNumberField("total", started.total());
        json.writeNumberField("workers", started.workers());
        json.writeStringField("sandbox", started.sandbox());
      } else if (event instanceof RunEvent.TestStarted started) {
        json.writeStringField("event", "test_started");
        json.writeStringField("test", started.nodeId());
        json.writeNumberField("worker", started.worker());
      } else if (event instanceof RunEvent.TestFinished finished) {
        testFinished(finished.result());
      } else if (event instanceof RunEvent.CollectionError error) {
        json.writeStringField("event", "collection_error");
        json.writeStringField("path", error.path());
        json.writeStringField("message", error.message());
      } else if (event instanceof RunEvent.RunFinished finished) {
        runFinished(finished.summary());
      } else if (event instanceof RunEvent.Warning warning) {
        json.writeStringField("event", "warning");
        json.writeStringField("code", warning.code().name());
        json.writeStringField("message", warning.message());
      }
      json.writeEndObject();
      json.writeRaw('\n');
      json.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a JSON event to standard output", e);
    }
  }

  private void testFinished(TestResult result) throws IOException {
    json.writeStringField("event", "test_finished");
    json.writeStringField("test", result.nodeId());
    json.writeStringField("status", result.status().wireName());
    json.writeNumberField("duration_ms", Millis.of(result.duration()));
    json.writeStringField("message", result.message());
    json.writeNumberField("worker", result.worker());
    writeIfNotEmpty("longrepr", result.longrepr());
    writeIfNotEmpty("stdout", result.output().stdout());
    writeIfNotEmpty("stderr", result.output().stderr());
    if (!result.leaks().isEmpty()) {
      json.writeObjectFieldStart("leaks");
      writeLeaks("processes", result.leaks().processes());
      writeLeaks("threads", result.leaks().threads());
      writeLeaks("files", result.leaks().files());
      writeLeaks("environment", result.leaks().environment());
      json.writeEndObject();
    }
  }

  private void writeLeaks(String kind, List<String> entries) throws IOException {
    if (!entries.isEmpty()) {
      json.writeArrayFieldStart(kind);
      for (String entry : entries) {
        json.writeString(entry);
      }
      json.writeEndArray();
    }
  }

  private void runFinished(RunSummary summary) throws IOException {
    json.writeStringField("event", "run_finished");
    json.writeNumberField("passed", summary.passed());
    json.writeNumberField("failed", summary.failed());
    json.writeNumberField("skipped", summary.skipped());
    json.writeNumberField("errors", summary.errors());
    json.writeNumberField("duration_ms", Millis.of(summary.duration()));
    json.writeNumberField("xfailed", summary.xfailed());
    json.writeNumberField("xpassed", summary.xpassed());
    json.writeNumberField("collected", summary.collected());
    json.writeBooleanField("interrupted", summary.interrupted());
    if (summary.stopReason().isPresent()) {
      json.writeStringField("stop_reason", summary.stopReason().get());
    }
  }

  private void writeIfNotEmpty(String name, String value) throws IOException {
    if (!value.isEmpty()) {
      json.writeStringField(name, value);
    }
  }

  /** Flushes; standard output itself stays open. */
  @Override
  public void close() {
    try {
      json.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot flush JSON events to standard output", e);
    }
  }
}
