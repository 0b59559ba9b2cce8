package dev.tach.discovery.extract;

import dev.tach.api.model.TestModule;
import dev.tach.discovery.ParseOutcome;
import dev.tach.discovery.PythonParsing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A development tool, not a test: times summarizing and linking every {@code .py} file under a
 * directory (parse trees and summaries prepared beforehand), best of several rounds.
 *
 * <pre>java -cp ... dev.tach.discovery.extract.ExtractBench ROOT [rounds]</pre>
 */
public final class ExtractBench {

  private ExtractBench() {}

  public static void main(String[] args) throws IOException {
    Path root = Path.of(args[0]).toAbsolutePath().normalize();
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(p -> p.toString().endsWith(".py")).sorted().toList();
    }
    Map<Path, ParseOutcome> trees = new HashMap<>();
    long parseStart = System.nanoTime();
    for (Path file : files) {
      trees.put(file, PythonParsing.parseFile(file, root));
    }
    System.out.printf("parse (cold) %d files: %.0f ms%n", files.size(), (System.nanoTime() - parseStart) / 1e6);
    List<Path> tests =
        files.stream()
            .filter(p -> p.getFileName().toString().matches("test_.*\\.py|conftest\\.py"))
            .toList();
    long bestSummarize = Long.MAX_VALUE;
    long bestLink = Long.MAX_VALUE;
    Map<String, SummaryLookup.Found> modules = new HashMap<>();
    for (int round = 0; round < rounds; round++) {
      long start = System.nanoTime();
      modules.clear();
      for (Path file : files) {
        String name = ModuleSummarizer.moduleName(file);
        ModuleSummary summary =
            ModuleSummarizer.summarize(trees.get(file), name, ModuleSummarizer.isPackageInit(file));
        modules.put(name, new SummaryLookup.Found(root.relativize(file).toString(), summary));
      }
      bestSummarize = Math.min(bestSummarize, System.nanoTime() - start);
      SummaryLookup lookup = name -> Optional.ofNullable(modules.get(name));
      start = System.nanoTime();
      ModuleLinker linker =
          new ModuleLinker(LinkOptions.defaults().withTarget(LinkOptions.PythonTarget.parse("3.11")), lookup);
      int count = 0;
      List<TestModule> linked = new ArrayList<>();
      for (Path file : tests) {
        SummaryLookup.Found found = modules.get(ModuleSummarizer.moduleName(file));
        TestModule module =
            linker.link(
                found.summary(),
                found.path(),
                file.getFileName().toString().equals("conftest.py")
                    ? TestModule.Kind.CONFTEST
                    : TestModule.Kind.TEST);
        count += module.tests().size();
        linked.add(module);
      }
      bestLink = Math.min(bestLink, System.nanoTime() - start);
      if (round == 0) {
        System.out.printf("%d test files, %d tests%n", tests.size(), count);
      }
    }
    System.out.printf(
        "summarize all %d files: %.0f ms; link %d test files: %.0f ms (best of %d)%n",
        files.size(), bestSummarize / 1e6, tests.size(), bestLink / 1e6, rounds);
  }
}
