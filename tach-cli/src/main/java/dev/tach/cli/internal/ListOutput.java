package dev.tach.cli.internal;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.tach.api.model.DynamicNote;
import dev.tach.api.model.FixtureScope;
import dev.tach.api.model.Marker;
import dev.tach.api.model.TestCase;
import dev.tach.api.model.TestModule;
import dev.tach.cli.internal.ListService.Listing;
import dev.tach.discovery.DiscoveredSuite;
import dev.tach.resolver.FixtureNode;
import dev.tach.resolver.ImportGraph;
import dev.tach.resolver.ResolutionProblem;
import dev.tach.resolver.ResolvedTest;
import dev.tach.resolver.ToxicityReason;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The four shapes of {@code tach list}'s standard output. */
final class ListOutput {
  /** The version of the {@code --format json} document; bumped on incompatible changes. */
  static final int JSON_VERSION = 1;

  private final PrintStream out;
  private final Listing listing;

  ListOutput(PrintStream out, Listing listing) {
    this.out = out;
    this.listing = listing;
  }

  /** One node id per line, in collection order. */
  void text() {
    StringBuilder lines = new StringBuilder();
    for (ResolvedTest test : listing.selected()) {
      lines.append(test.nodeId()).append('\n');
    }
    out.print(lines);
  }

  /** {@code pytest --fixtures}: the fixtures visible from the selection, grouped by file. */
  void fixtures() {
    List<String> args = listing.suite().plan().args();
    String at = "";
    if (args.size() == 1) {
      at = listing.suite().plan().rootdir().relativize(
              listing.suite().plan().rootdir().resolve(pathPart(args.get(0))).normalize())
          .toString()
          .replace('\\', '/');
    }
    out.print(listing.resolution().fixtureListing(at).render(false));
  }

  private static String pathPart(String arg) {
    int sep = arg.indexOf("::");
    return sep < 0 ? arg : arg.substring(0, sep);
  }

  /** The toxic tests and modules with the import chain that makes each toxic. */
  void toxic(boolean json) {
    ImportGraph graph = listing.imports().orElseThrow();
    if (json) {
      writeJson(g -> {
        g.writeArrayFieldStart("modules");
        for (String module : graph.toxicModules()) {
          Optional<ToxicityReason> reason = graph.reasonFor(module);
          g.writeStartObject();
          g.writeStringField("module", module);
          writeReason(g, reason);
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("tests");
        for (ResolvedTest test : listing.selected()) {
          Optional<ToxicityReason> reason = graph.reasonFor(test.test());
          if (reason.isPresent()) {
            g.writeStartObject();
            g.writeStringField("nodeid", test.nodeId());
            writeReason(g, reason);
            g.writeEndObject();
          }
        }
        g.writeEndArray();
      });
      return;
    }
    StringBuilder text = new StringBuilder();
    int toxicTests = 0;
    for (ResolvedTest test : listing.selected()) {
      Optional<ToxicityReason> reason = graph.reasonFor(test.test());
      if (reason.isPresent()) {
        toxicTests++;
        text.append(test.nodeId()).append("\n    ").append(reason.get().text()).append('\n');
      }
    }
    text.append(toxicTests)
        .append(" of ")
        .append(listing.selected().size())
        .append(" tests are toxic (they would run as fork under the snapshot strategy)\n");
    out.print(text);
  }

  private static void writeReason(JsonGenerator g, Optional<ToxicityReason> reason) throws IOException {
    if (reason.isEmpty()) {
      return;
    }
    g.writeArrayFieldStart("chain");
    for (String step : reason.get().chain()) {
      g.writeString(step);
    }
    g.writeEndArray();
    g.writeStringField("root", reason.get().root());
    g.writeStringField("why", reason.get().why());
  }

  /** One JSON document: every test with file, line, markers, fixtures and scopes. */
  void json() {
    DiscoveredSuite suite = listing.suite();
    Optional<ImportGraph> graph = listing.imports();
    writeJson(g -> {
      g.writeStringField("rootdir", suite.plan().rootdir().toString());
      suite.config().inifile().ifPresent(f -> writeString(g, "inifile", f.toString()));
      g.writeArrayFieldStart("tests");
      for (ResolvedTest resolved : listing.selected()) {
        TestCase test = resolved.test();
        g.writeStartObject();
        g.writeStringField("nodeid", test.nodeId());
        g.writeStringField("file", test.location().file());
        g.writeNumberField("line", test.location().line());
        g.writeStringField("function", test.function());
        g.writeArrayFieldStart("classes");
        for (String cls : test.classes()) {
          g.writeString(cls);
        }
        g.writeEndArray();
        g.writeStringField("kind", test.kind().name().toLowerCase(java.util.Locale.ROOT));
        g.writeBooleanField("async", test.async());
        g.writeArrayFieldStart("markers");
        for (Marker marker : test.markers()) {
          writeMarker(g, marker);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("fixtures");
        for (FixtureNode fixture : resolved.setupOrder()) {
          g.writeString(fixture.name());
        }
        g.writeEndArray();
        g.writeObjectFieldStart("scopes");
        for (FixtureScope scope : List.of(FixtureScope.SESSION, FixtureScope.PACKAGE, FixtureScope.MODULE, FixtureScope.CLASS, FixtureScope.FUNCTION)) {
          List<FixtureNode> at = resolved.scopeChain().at(scope);
          if (!at.isEmpty()) {
            g.writeArrayFieldStart(scope.pytestName());
            for (FixtureNode fixture : at) {
              g.writeString(fixture.name());
            }
            g.writeEndArray();
          }
        }
        g.writeEndObject();
        if (!resolved.fixtureParams().isEmpty()) {
          g.writeObjectFieldStart("fixture_params");
          for (Map.Entry<String, String> param : resolved.fixtureParams().entrySet()) {
            g.writeStringField(param.getKey(), param.getValue());
          }
          g.writeEndObject();
        }
        if (test.dynamic().isPresent()) {
          g.writeStringField("dynamic", test.dynamic().get());
        }
        if (graph.isPresent()) {
          Optional<ToxicityReason> reason = graph.get().reasonFor(test);
          if (reason.isPresent()) {
            g.writeStringField("toxic", reason.get().text());
          }
        }
        g.writeEndObject();
      }
      g.writeEndArray();

      g.writeArrayFieldStart("skipped_modules");
      for (DiscoveredSuite.SkippedModule skipped : suite.skipped()) {
        g.writeStartObject();
        g.writeStringField("file", skipped.path());
        g.writeNumberField("line", skipped.line());
        g.writeStringField("reason", skipped.reason());
        g.writeEndObject();
      }
      g.writeEndArray();

      g.writeArrayFieldStart("problems");
      for (var problem : suite.problems()) {
        writeProblem(g, problem, true);
      }
      for (ResolutionProblem problem : listing.resolution().problems()) {
        writeProblem(g, problem.problem(), problem.definite());
      }
      g.writeEndArray();

      g.writeArrayFieldStart("dynamic");
      for (TestModule module : suite.testModules()) {
        for (DynamicNote note : module.dynamic()) {
          writeNote(g, note);
        }
      }
      for (DynamicNote note : suite.notes()) {
        writeNote(g, note);
      }
      g.writeEndArray();

      g.writeArrayFieldStart("unread_plugins");
      for (String plugin : suite.unreadPlugins()) {
        g.writeString(plugin);
      }
      g.writeEndArray();
    });
  }

  private static void writeMarker(JsonGenerator g, Marker marker) throws IOException {
    g.writeStartObject();
    g.writeStringField("name", marker.name());
    g.writeArrayFieldStart("args");
    for (String arg : marker.args()) {
      g.writeString(arg);
    }
    g.writeEndArray();
    g.writeObjectFieldStart("kwargs");
    for (Map.Entry<String, String> kw : marker.keywords().entrySet()) {
      g.writeStringField(kw.getKey(), kw.getValue());
    }
    g.writeEndObject();
    g.writeNumberField("line", marker.location().line());
    g.writeEndObject();
  }

  private static void writeProblem(
      JsonGenerator g, dev.tach.api.model.DiscoveryProblem problem, boolean definite)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("code", problem.code().name());
    g.writeStringField("file", problem.location().file());
    g.writeNumberField("line", problem.location().line());
    g.writeNumberField("column", problem.column());
    g.writeStringField("message", problem.message());
    g.writeBooleanField("definite", definite);
    g.writeEndObject();
  }

  private static void writeNote(JsonGenerator g, DynamicNote note) throws IOException {
    g.writeStartObject();
    g.writeStringField("file", note.location().file());
    g.writeNumberField("line", note.location().line());
    g.writeStringField("reason", note.reason());
    g.writeEndObject();
  }

  private static void writeString(JsonGenerator g, String field, String value) {
    try {
      g.writeStringField(field, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What fills the top-level object. */
  private interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  private void writeJson(Body body) {
    try (JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeNumberField("version", JSON_VERSION);
      body.write(g);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.println();
  }
}
