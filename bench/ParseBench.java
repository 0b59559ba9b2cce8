// Parsing speed of the Python grammar (tach-discovery), in MB/s, on real code.
//
//   bench/parse_bench.sh [DIR...]      (default: this interpreter's stdlib and site-packages)
//
// Runs three rounds over the same files in one JVM: the first is cold (class loading, JIT,
// ANTLR's prediction caches filling up), the later ones warm. Prints files, MB, seconds, MB/s
// and how many files did not parse (the stdlib test in the build checks that every file
// CPython compiles parses; this only measures speed).
import dev.tach.discovery.ParsedModule;
import dev.tach.discovery.PythonParsing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

public class ParseBench {
  public static void main(String[] args) throws IOException {
    List<Path> files = new ArrayList<>();
    for (String dir : args) {
      try (Stream<Path> walk = Files.walk(Path.of(dir))) {
        walk.filter(p -> p.toString().endsWith(".py") && Files.isRegularFile(p)).sorted().forEach(files::add);
      }
    }
    long bytes = 0;
    for (Path file : files) {
      bytes += Files.size(file);
    }
    System.out.printf("%d files, %.1f MB%n", files.size(), bytes / 1e6);
    for (int round = 1; round <= 3; round++) {
      long start = System.nanoTime();
      int failed = 0;
      for (Path file : files) {
        if (!(PythonParsing.parseFile(file, file.getParent()) instanceof ParsedModule)) {
          failed++;
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          "round %d (%s): %.2f s, %.2f MB/s, %d did not parse%n",
          round, round == 1 ? "cold" : "warm", seconds, bytes / 1e6 / seconds, failed);
    }
  }
}
