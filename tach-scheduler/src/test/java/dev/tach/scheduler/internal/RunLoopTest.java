package dev.tach.scheduler.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tach.api.Leaks;
import dev.tach.api.TestItem;
import dev.tach.api.TestResult;
import dev.tach.api.TestStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunLoopTest {

  private static TestItem item(String id) {
    return new TestItem(id, id.substring(0, id.indexOf("::")), 1, Optional.empty());
  }

  @Test
  void batchesKeepAModulesTestsTogetherInOrderAndPutTheBiggestFirst() {
    List<TestItem> items =
        List.of(
            item("a.py::t1"),
            item("b.py::t1"),
            item("b.py::C::t2"),
            item("b.py::t3"),
            item("c.py::t1"),
            item("c.py::t2"));
    List<List<TestItem>> batches = RunLoop.batchesByModule(items);
    assertThat(batches).extracting(b -> b.get(0).module()).containsExactly("b.py", "c.py", "a.py");
    assertThat(batches.get(0)).extracting(TestItem::nodeId).containsExactly("b.py::t1", "b.py::C::t2", "b.py::t3");
  }

  private static List<TestItem> module(String path, int tests) {
    return java.util.stream.IntStream.range(0, tests).mapToObj(i -> item(path + "::t" + i)).toList();
  }

  @Test
  void aSplittableModuleIsCutIntoChunksAndOthersStayWhole() {
    List<TestItem> items = new java.util.ArrayList<>(module("big.py", 200));
    items.addAll(module("shared.py", 100));
    List<List<TestItem>> batches = RunLoop.batches(items, 2, java.util.Set.of("big.py"));
    // 300 tests, 2 workers: chunks of 300 / 8 = 38 tests.
    assertThat(batches).filteredOn(b -> b.get(0).module().equals("big.py"))
        .hasSize(6)
        .allSatisfy(b -> assertThat(b.size()).isLessThanOrEqualTo(38));
    assertThat(batches).filteredOn(b -> b.get(0).module().equals("shared.py")).singleElement()
        .satisfies(b -> assertThat(b).hasSize(100));
    assertThat(batches.stream().flatMap(List::stream).map(TestItem::nodeId).distinct().count()).isEqualTo(300);
    assertThat(batches.get(0).get(0).module()).isEqualTo("shared.py");
  }

  @Test
  void oneWorkerOrASmallModuleIsNeverSplit() {
    assertThat(RunLoop.batches(module("big.py", 200), 1, java.util.Set.of("big.py"))).hasSize(1);
    assertThat(RunLoop.batches(module("small.py", RunLoop.MIN_CHUNK), 4, java.util.Set.of("small.py"))).hasSize(1);
  }

  @Test
  void aResultFrameBecomesATestResultWithItsOutputAndTruncation() {
    ObjectNode frame =
        FrameCodec.message("result")
            .put("test", "a.py::t")
            .put("status", "crash")
            .put("duration_ms", 12.5)
            .put("message", "test process killed by signal 11 (SIGSEGV)")
            .put("stderr", "Fatal Python error: Segmentation fault");
    frame.putObject("truncated").put("stdout", 42);
    TestResult result = RunLoop.resultOf(frame, 3);
    assertThat(result.status()).isEqualTo(TestStatus.CRASH);
    assertThat(result.duration()).isEqualTo(Duration.ofMillis(12).plusNanos(500_000));
    assertThat(result.output().stderr()).startsWith("Fatal Python error");
    assertThat(result.output().truncated()).containsEntry("stdout", 42L);
    assertThat(result.worker()).isEqualTo(3);
  }

  @Test
  void anUnknownStatusIsAHarnessErrorNotADroppedResult() {
    ObjectNode frame = FrameCodec.message("result").put("test", "a.py::t").put("status", "weird");
    TestResult result = RunLoop.resultOf(frame, 1);
    assertThat(result.status()).isEqualTo(TestStatus.HARNESS_ERROR);
    assertThat(result.message()).contains("weird");
  }

  @Test
  void theLeaksOfAResultAreReadKindByKindAndAbsentMeansNone() {
    ObjectNode frame = FrameCodec.message("result").put("test", "a.py::t").put("status", "pass");
    assertThat(RunLoop.resultOf(frame, 1).leaks()).isEqualTo(Leaks.NONE);
    frame.putObject("leaks").putArray("threads").add("leaky-thread (daemon)");
    ((ObjectNode) frame.get("leaks")).putArray("environment").add("+X").add("~Y");
    Leaks leaks = RunLoop.resultOf(frame, 1).leaks();
    assertThat(leaks.threads()).containsExactly("leaky-thread (daemon)");
    assertThat(leaks.environment()).containsExactly("+X", "~Y");
    assertThat(leaks.processes()).isEmpty();
    assertThat(leaks.files()).isEmpty();
  }

  @Test
  void failOnLeakFailsOnlyAPassingTestThatLeaked() {
    ObjectNode frame = FrameCodec.message("result").put("test", "a.py::t").put("status", "pass");
    frame.putObject("leaks").putArray("files").add("out.txt").add("b.txt");
    TestResult failed = RunLoop.failIfLeaked(RunLoop.resultOf(frame, 1));
    assertThat(failed.status()).isEqualTo(TestStatus.FAIL);
    assertThat(failed.message()).isEqualTo("leaked: files: out.txt, b.txt");
    assertThat(failed.leaks().files()).containsExactly("out.txt", "b.txt");

    TestResult clean = RunLoop.resultOf(FrameCodec.message("result").put("test", "a.py::u").put("status", "pass"), 1);
    assertThat(RunLoop.failIfLeaked(clean)).isSameAs(clean);
    frame.put("status", "skip");
    TestResult skipped = RunLoop.resultOf(frame, 1);
    assertThat(RunLoop.failIfLeaked(skipped)).isSameAs(skipped);
  }
}
