package dev.tach.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** The packaged CLI against real Python projects, real pytest, real forks. */
class TachCliIT {
  private static final Path QUICKSTART = Path.of("../examples/quickstart").toAbsolutePath().normalize();

  @TempDir Path dir;

  @AfterEach
  void nothingOfTheRunIsLeft() {
    TachRun.killLeftovers(dir);
  }

  @Test
  void quickstartGivesPytestsOutcomesForEveryTest() {
    TachRun run = TachRun.run(QUICKSTART, "--format", "json", "-n", "2");
    assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
    assertThat(run.statuses())
        .containsOnly(
            entry("tests/test_store.py::test_new_store_is_empty", "pass"),
            entry("tests/test_store.py::test_take_charges_unit_price[apple-2-1.0]", "pass"),
            entry("tests/test_store.py::test_take_charges_unit_price[pear-4-3.0]", "pass"),
            entry("tests/test_store.py::test_take_charges_unit_price[one-fig]", "pass"),
            entry("tests/test_store.py::test_taking_too_much_raises", "pass"),
            entry("tests/test_store.py::test_stock_changes_do_not_leak_between_tests", "pass"),
            entry("tests/test_store.py::test_currency_comes_from_tool_tach_env", "pass"),
            entry("tests/test_store.py::test_value_of_a_full_store", "fail"),
            entry("tests/test_store.py::test_returns_put_items_back", "skip"),
            entry("tests/shipping/test_rates.py::TestShippingCost::test_rate_is_positive[post]", "pass"),
            entry("tests/shipping/test_rates.py::TestShippingCost::test_rate_is_positive[courier]", "pass"),
            entry("tests/shipping/test_rates.py::TestShippingCost::test_heavier_parcels_cost_more", "pass"),
            entry("tests/shipping/test_rates.py::TestShippingCost::test_courier_discount", "xfail"),
            entry("tests/shipping/test_rates.py::test_order_total_includes_shipping", "pass"));
    JsonNode start = run.event("run_start");
    assertThat(start.path("total").asInt()).isEqualTo(14);
    assertThat(start.path("workers").asInt()).isEqualTo(2);
    JsonNode finished = run.event("run_finished");
    assertThat(finished.path("passed").asInt()).isEqualTo(11);
    assertThat(finished.path("failed").asInt()).isEqualTo(1);
    assertThat(finished.path("skipped").asInt()).isEqualTo(1);
    assertThat(finished.path("errors").asInt()).isEqualTo(0);
  }

  @Test
  void humanOutputShowsTheFailureAndAPytestStyleSummary() {
    TachRun run = TachRun.run(QUICKSTART, "-n", "2", "--durations", "3");
    assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
    assertThat(run.stdout)
        .contains("test_value_of_a_full_store")
        .contains("10 apples + 10 pears + 10 figs")
        .contains("slowest 3 durations")
        .containsPattern("1 failed, 11 passed, 1 skipped, 1 xfailed in [0-9.]+s");
    assertThat(run.stderr).doesNotContain("Exception");
  }

  @Test
  void noIsolationGivesTheSameOutcomes() {
    TachRun fork = TachRun.run(QUICKSTART, "--format", "json", "--isolation", "fork");
    TachRun none = TachRun.run(QUICKSTART, "--format", "json", "--isolation", "none");
    assertThat(none.statuses()).as(none.toString()).isEqualTo(fork.statuses());
  }

  @Test
  void crashesHangsFloodsAndLeaksEachGetOneResultAndTheRunFinishes() throws Exception {
    TachRun.project(
        dir,
        "pytest.ini", "[pytest]\n",
        "test_bad.py",
        """
        import ctypes, os, subprocess, sys, time

        def test_segfault():
            ctypes.string_at(0)

        def test_abort():
            os.abort()

        def test_exit():
            os._exit(3)

        def test_hang():
            time.sleep(10**6)

        def test_flood():
            chunk = "x" * (1024 * 1024)
            for _ in range(100):
                sys.stdout.write(chunk)

        def test_leaks_a_daemon():
            if os.fork() == 0:
                os.setsid()
                if os.fork() == 0:
                    os.execvp("sleep", ["sleep", "987654"])
                os._exit(0)
            time.sleep(0.2)

        def test_still_fine():
            assert True
        """);
    TachRun run = TachRun.run(dir, "--format", "json", "-n", "2", "--timeout", "3");
    assertThat(run.statuses())
        .as(run.toString())
        .containsOnly(
            entry("test_bad.py::test_segfault", "crash"),
            entry("test_bad.py::test_abort", "crash"),
            entry("test_bad.py::test_exit", "crash"),
            entry("test_bad.py::test_hang", "timeout"),
            entry("test_bad.py::test_flood", "pass"),
            entry("test_bad.py::test_leaks_a_daemon", "pass"),
            entry("test_bad.py::test_still_fine", "pass"));
    assertThat(run.exitCode).isEqualTo(1);
    JsonNode segfault =
        run.events().stream().filter(e -> e.path("test").asText().endsWith("test_segfault") && e.has("status")).findFirst().orElseThrow();
    assertThat(segfault.path("message").asText()).contains("SIGSEGV");
    assertThat(TachRun.leftoversAfter(2000, dir, "987654")).isEmpty();
  }

  @Test
  void aDeadWorkerIsReplacedAndItsUnfinishedTestsRunOnTheNewOne() {
    TachRun.project(
        dir,
        "pytest.ini", "[pytest]\n",
        "test_worker_killer.py",
        """
        import os, signal

        def test_before():
            pass

        def test_kills_its_worker():
            os.kill(os.getppid(), signal.SIGKILL)  # in fork mode the parent is the worker

        def test_after_one():
            pass

        def test_after_two():
            pass
        """);
    TachRun run = TachRun.run(dir, "--format", "json", "-n", "1", "--isolation", "fork");
    assertThat(run.statuses())
        .as(run.toString())
        .containsOnly(
            entry("test_worker_killer.py::test_before", "pass"),
            entry("test_worker_killer.py::test_kills_its_worker", "crash"),
            entry("test_worker_killer.py::test_after_one", "pass"),
            entry("test_worker_killer.py::test_after_two", "pass"));
    assertThat(run.exitCode).isEqualTo(1);
  }

  @Test
  void aCollectionErrorIsReportedAndTheOtherFilesStillRun() {
    TachRun.project(
        dir,
        "pytest.ini", "[pytest]\n",
        "test_broken.py", "import no_such_module_here\n\ndef test_never():\n    pass\n",
        "test_ok.py", "def test_ok():\n    assert 1 + 1 == 2\n",
        "test_optional.py", "import pytest\npytest.importorskip('no_such_optional_dependency')\n");
    TachRun run = TachRun.run(dir, "--format", "json");
    assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
    // A file that skips itself at collection is one skipped test, as pytest counts it.
    assertThat(run.statuses()).containsOnly(entry("test_ok.py::test_ok", "pass"), entry("test_optional.py", "skip"));
    assertThat(run.event("run_finished").path("skipped").asInt()).isEqualTo(1);
    JsonNode error = run.event("collection_error");
    assertThat(error.path("path").asText()).isEqualTo("test_broken.py");
    assertThat(error.path("message").asText()).contains("no_such_module_here");
    assertThat(run.event("run_finished").path("errors").asInt()).isEqualTo(1);
  }

  @Test
  void exitFirstStopsAfterTheFirstFailure() {
    StringBuilder tests = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      tests.append("def test_fails_").append(i).append("():\n    assert False\n\n");
    }
    TachRun.project(dir, "pytest.ini", "[pytest]\n", "test_many.py", tests.toString());
    TachRun run = TachRun.run(dir, "--format", "json", "-n", "1", "-x");
    assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
    assertThat(run.statuses()).hasSize(1).containsValue("fail");
    assertThat(run.event("run_finished").path("stop_reason").asText()).isEqualTo("stopping after 1 failure");
  }

  @Test
  void junitXmlIsWrittenForCiTools() throws Exception {
    Path report = dir.resolve("reports/junit.xml");
    TachRun run = TachRun.run(QUICKSTART, "-q", "--junit-xml", report.toString());
    assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
    Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile());
    assertThat(xml.getElementsByTagName("testcase").getLength()).isEqualTo(14);
    assertThat(xml.getElementsByTagName("failure").getLength()).isEqualTo(1);
  }

  @Test
  void keywordAndMarkerSelectionArePytests() {
    TachRun run = TachRun.run(QUICKSTART, "--format", "json", "-k", "take and not too_much");
    assertThat(run.statuses().keySet())
        .containsExactlyInAnyOrder(
            "tests/test_store.py::test_take_charges_unit_price[apple-2-1.0]",
            "tests/test_store.py::test_take_charges_unit_price[pear-4-3.0]",
            "tests/test_store.py::test_take_charges_unit_price[one-fig]");
    assertThat(run.exitCode).isZero();
  }

  @Test
  void aSuiteWithoutTestsExitsThree() {
    TachRun.project(dir, "pytest.ini", "[pytest]\n", "test_nothing.py", "X = 1\n");
    TachRun run = TachRun.run(dir, "--format", "json");
    assertThat(run.exitCode).as(run.toString()).isEqualTo(3);
    assertThat(run.event("run_finished").path("passed").asInt()).isZero();
  }

  @Test
  void badInputIsOneLineWithItsCodeAndNoStackTrace() {
    Path broken = dir.resolve("broken");
    TachRun.project(broken, "pyproject.toml", "[tool.tach\nworkers = 2\n", "test_a.py", "def test_a():\n    pass\n");
    assertOneLineError(TachRun.run(broken), 2, "error[E001]");
    Path clean = dir.resolve("clean");
    TachRun.project(clean, "test_a.py", "def test_a():\n    pass\n");
    assertOneLineError(TachRun.run(clean, "--no-such-option"), 2, "error[E002]");
    assertOneLineError(TachRun.run(clean, "tests/missing.py"), 2, "error[E004]");
    assertOneLineError(TachRun.run(clean, "--python", "/nonexistent/python3"), 2, "error[E005]");
    assertOneLineError(TachRun.run(clean, "-n", "zero"), 2, "error[E002]");
    assertOneLineError(TachRun.run(clean, "--isolation", "teleport"), 2, "error[E002]");
  }

  @Test
  void anInterpreterWithoutPytestIsE007() throws Exception {
    Path venv = dir.resolve("venv");
    Process make = new ProcessBuilder(System.getProperty("tach.python", "python3"), "-m", "venv", "--without-pip", venv.toString())
        .inheritIO().start();
    assertThat(make.waitFor()).isZero();
    TachRun.project(dir, "p/test_a.py", "def test_a():\n    pass\n");
    TachRun run = TachRun.run(dir.resolve("p"), "--python", venv.resolve("bin/python").toString());
    assertOneLineError(run, 2, "error[E007]");
  }

  private static void assertOneLineError(TachRun run, int exitCode, String prefix) {
    assertThat(run.exitCode).as(run.toString()).isEqualTo(exitCode);
    assertThat(run.stderr.strip()).as(run.toString()).startsWith(prefix).doesNotContain("\n").doesNotContain("\tat ");
  }

  @Test
  void versionPrintsAndExitsZero() {
    TachRun run = TachRun.run(dir, "--version");
    assertThat(run.exitCode).isZero();
    assertThat(run.stdout).startsWith("tach ");
  }

  @Test
  void envAndTimeoutComeFromToolTach() {
    TachRun.project(
        dir,
        "pyproject.toml", "[tool.tach]\ntimeout = 2\nenv = { GREETING = \"hej\" }\n",
        "test_cfg.py",
        "import os, time\n\ndef test_env():\n    assert os.environ['GREETING'] == 'hej'\n\ndef test_slow():\n    time.sleep(60)\n");
    TachRun run = TachRun.run(dir, "--format", "json");
    assertThat(run.statuses())
        .as(run.toString())
        .containsOnly(entry("test_cfg.py::test_env", "pass"), entry("test_cfg.py::test_slow", "timeout"));
  }

  @Test
  void pytestArgumentsAfterDoubleDashReachPytest() {
    TachRun.project(
        dir,
        "conftest.py", "def pytest_addoption(parser):\n    parser.addoption('--flavour', default='plain')\n",
        "test_opt.py", "def test_flavour(request):\n    assert request.config.getoption('flavour') == 'mint'\n");
    TachRun run = TachRun.run(dir, "--format", "json", "--", "--flavour", "mint");
    assertThat(run.statuses()).as(run.toString()).containsOnly(entry("test_opt.py::test_flavour", "pass"));
  }
}
