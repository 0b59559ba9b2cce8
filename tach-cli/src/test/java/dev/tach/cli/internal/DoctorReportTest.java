package dev.tach.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tach.api.ErrorCode;
import dev.tach.api.spi.SandboxSupport;
import dev.tach.cli.internal.DoctorReport.Item;
import dev.tach.cli.internal.DoctorReport.Status;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The doctor's report: its lines, its JSON, its exit code; and the harness probe read as sandbox support. */
class DoctorReportTest {

  private static String print(DoctorReport report, boolean json) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    if (json) {
      report.printJson(out);
    } else {
      report.printText(out);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static DoctorReport withWarning() {
    DoctorReport report = new DoctorReport("tach doctor: test");
    report.add(Item.ok("kernel", "kernel", "Linux 6.18", List.of()));
    report.add(Item.missing(Status.WARN, "landlock", "landlock", "unavailable: ENOSYS", Optional.of(ErrorCode.E006),
        "a kernel with Landlock", List.of("JVM: unavailable")));
    return report;
  }

  @Test
  void aMissingItemIsOneLineWithStatusValueCodeAndFix() {
    String text = print(withWarning(), false);
    assertThat(text.lines()).containsExactly(
        "tach doctor: test",
        "ok    kernel                    Linux 6.18",
        "warn  landlock                  unavailable: ENOSYS [E006]; fix: a kernel with Landlock",
        "                                - JVM: unavailable",
        "a run would work (1 warning)");
  }

  @Test
  void warningsKeepExitZeroAndTheFirstFailureDecidesTheExitCode() {
    DoctorReport report = withWarning();
    assertThat(report.exitCode()).isZero();
    report.add(Item.missing(Status.FAIL, "pytest", "pytest", "not importable", Optional.of(ErrorCode.E007), "pip install pytest", List.of()));
    report.add(Item.missing(Status.FAIL, "harness", "harness", "gone", Optional.of(ErrorCode.E014), "", List.of()));
    assertThat(report.exitCode()).isEqualTo(2);
    assertThat(report.verdict()).isEqualTo("a run would not work: pytest (E007)");
  }

  @Test
  void jsonHasEveryItemWithNullsForWhatIsNotMissing() throws Exception {
    DoctorReport report = withWarning();
    report.section("sandbox", Map.of("backend", "degraded"));
    report.timing("total", 12);
    JsonNode doc = new ObjectMapper().readTree(print(report, true));
    assertThat(doc.path("status").asText()).isEqualTo("warn");
    assertThat(doc.path("exit_code").asInt()).isZero();
    assertThat(doc.path("items")).hasSize(2);
    assertThat(doc.path("items").get(0).path("code").isNull()).isTrue();
    assertThat(doc.path("items").get(1).path("code").asText()).isEqualTo("E006");
    assertThat(doc.path("items").get(1).path("notes").get(0).asText()).isEqualTo("JVM: unavailable");
    assertThat(doc.path("sandbox").path("backend").asText()).isEqualTo("degraded");
    assertThat(doc.path("timings_ms").path("total").asLong()).isEqualTo(12);
  }

  @Test
  void theHarnessProbeBecomesTheSandboxSupportARunWouldUse() throws Exception {
    JsonNode probe = new ObjectMapper().readTree(
        "{\"euid\": 1000, \"sandbox\": {\"landlock_abi\": 0, \"seccomp\": true, \"namespaces\": false,"
            + " \"overlayfs\": true, \"reasons\": {\"landlock_abi\": \"ENOSYS\", \"namespaces\": \"unshare: EPERM\"}}}");
    SandboxSupport support = DoctorService.support(probe);
    assertThat(support.landlockAbi()).isZero();
    assertThat(support.seccomp()).isTrue();
    assertThat(support.namespaces()).isFalse();
    assertThat(support.userNamespace()).isTrue();
    assertThat(support.overlayfs()).isTrue();
    assertThat(support.reason("landlock")).isEqualTo("ENOSYS");
    assertThat(support.reason("namespaces")).isEqualTo("unshare: EPERM");
  }
}
