package dev.tach.discovery.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tach.api.model.TestModule;
import dev.tach.discovery.PythonParsing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SLOW: summarizes and links every {@code .py} file of this machine's CPython standard library
 * as if it were a test module, with a lookup over the whole library, and checks that extraction
 * never throws on real-world Python and that every summary survives a JSON round trip. The
 * library's own {@code test} package (thousands of unittest cases) is the most varied input.
 */
@Tag("stdlib")
class StdlibExtractionTest {

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void everyStdlibFileSummarizesAndLinksWithoutThrowing() throws Exception {
    Path root = stdlibRoot();
    assumeTrue(root != null, "no python3 with a standard library on this machine");
    Map<String, Path> files = new HashMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      walk.filter(p -> p.toString().endsWith(".py"))
          .filter(p -> !p.toString().contains("site-packages"))
          .forEach(p -> files.put(moduleName(root, p), p));
    }
    ObjectMapper mapper = new ObjectMapper();
    Map<String, ModuleSummary> summaries = new HashMap<>();
    List<String> failures = new ArrayList<>();
    SummaryLookup lookup =
        name -> {
          Path file = files.get(name);
          if (file == null) {
            return Optional.empty();
          }
          return Optional.of(
              new SummaryLookup.Found(
                  root.relativize(file).toString(), summary(summaries, name, file, root)));
        };
    ModuleLinker linker =
        new ModuleLinker(LinkOptions.defaults().withTarget(LinkOptions.PythonTarget.parse("3.11")), lookup);
    int tests = 0;
    long start = System.nanoTime();
    for (Map.Entry<String, Path> file : files.entrySet()) {
      String path = root.relativize(file.getValue()).toString();
      try {
        ModuleSummary summary = summary(summaries, file.getKey(), file.getValue(), root);
        String json = mapper.writeValueAsString(summary);
        if (!mapper.readValue(json, ModuleSummary.class).equals(summary)) {
          failures.add(path + ": summary changes in a JSON round trip");
        }
        TestModule module = linker.link(summary, path, TestModule.Kind.TEST);
        tests += module.tests().size();
      } catch (RuntimeException | StackOverflowError e) {
        failures.add(path + ": " + e);
      }
    }
    System.out.printf(
        "stdlib extraction: %d files, %d tests, %.1f s%n",
        files.size(), tests, (System.nanoTime() - start) / 1e9);
    failures.forEach(failure -> System.out.println("  FAILED " + failure));
    assertThat(failures).isEmpty();
    assertThat(tests).isGreaterThan(1000);
  }

  private static ModuleSummary summary(
      Map<String, ModuleSummary> summaries, String name, Path file, Path root) {
    return summaries.computeIfAbsent(
        name,
        n ->
            ModuleSummarizer.summarize(
                PythonParsing.parseFile(file, root), n, ModuleSummarizer.isPackageInit(file)));
  }

  private static String moduleName(Path root, Path file) {
    String relative = root.relativize(file).toString().replace('/', '.');
    relative = relative.substring(0, relative.length() - ".py".length());
    return relative.endsWith(".__init__")
        ? relative.substring(0, relative.length() - ".__init__".length())
        : relative;
  }

  private static Path stdlibRoot() throws InterruptedException {
    try {
      Process process =
          new ProcessBuilder(
                  System.getProperty("tach.python", "python3"),
                  "-c",
                  "import os; print(os.path.dirname(os.__file__))")
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      String out =
          new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      process.waitFor();
      return out.isEmpty() ? null : Path.of(out);
    } catch (IOException noPython) {
      return null;
    }
  }
}
