package dev.tach.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox in real runs: a real zygote, workers and test children in namespaces with
 * overlays, Landlock and seccomp, on this kernel. Skipped with the reason where the machine
 * refuses the full sandbox (the run then says so with its error code).
 */
class SandboxIT {
  private static final String CONFTEST = """
      import os
      import pathlib
      import time

      import pytest

      # A directory outside /tmp and the project (so neither overlay hides it) that tests
      # may write (it is --basetemp's parent): the only way two sandboxed tests can meet.
      RENDEZVOUS = pathlib.Path(os.environ["TACH_IT_RENDEZVOUS"])


      @pytest.fixture
      def meet():
          def meet(me, other, timeout=20.0):
              (RENDEZVOUS / f"{me}.here").write_text(str(os.getpid()))
              deadline = time.monotonic() + timeout
              while not (RENDEZVOUS / f"{other}.here").exists():
                  assert time.monotonic() < deadline, f"{other} never came while {me} held on"
                  time.sleep(0.02)
          return meet
      """;

  private static final String HOLDER = """
      import os
      import socket


      def test_holds_port_1616_and_tmp_x_db_while_the_other_test_holds_them_too(meet):
          with socket.socket() as server:
              server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 0)
              server.bind(("127.0.0.1", 1616))
              server.listen()
              fd = os.open("/tmp/x.db", os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
              try:
                  meet("%s", "%s")
              finally:
                  os.close(fd)
      """;

  private static final String CONFINED = """
      import ctypes
      import errno
      import os
      import pathlib
      import subprocess

      import pytest

      HERE = pathlib.Path(__file__).parent
      LIBC = ctypes.CDLL(None, use_errno=True)


      def test_writes_into_the_project_work_inside_the_test():
          (HERE / "written-by-test.txt").write_text("hello")
          (HERE / "data.txt").write_text("changed")
          assert (HERE / "written-by-test.txt").read_text() == "hello"
          assert (HERE / "data.txt").read_text() == "changed"


      @pytest.mark.parametrize("where", [os.path.expanduser("~"), "/etc"])
      def test_writing_outside_the_sandbox_is_refused(where):
          with pytest.raises(PermissionError):
              open(os.path.join(where, "tach-sandbox-it"), "w")


      def test_mount_fails_with_eperm():
          assert LIBC.mount(b"tmpfs", b"/mnt", b"tmpfs", ctypes.c_ulong(0), None) == -1
          assert ctypes.get_errno() == errno.EPERM


      def test_ptrace_of_the_supervisor_fails_with_eperm():
          supervisor = int(os.environ["TACH_SUPERVISOR_PID"])
          assert LIBC.ptrace(ctypes.c_long(16), ctypes.c_long(supervisor), None, None) == -1  # PTRACE_ATTACH
          assert ctypes.get_errno() == errno.EPERM


      def test_tmp_path_subprocesses_and_dev_null_still_work(tmp_path):
          (tmp_path / "f").write_text("x")
          assert subprocess.run(["echo", "ok"], capture_output=True, text=True).stdout == "ok\\n"
          with open("/dev/null", "w") as null:
              null.write("x")
      """;

  private static final String DAEMON = """
      import os
      import pathlib
      import subprocess
      import time

      RENDEZVOUS = pathlib.Path(os.environ["TACH_IT_RENDEZVOUS"])


      def test_a_leaves_a_setsid_daemon_behind():
          pid = os.fork()
          if pid == 0:  # double fork: the daemon is nobody's child
              daemon = subprocess.Popen(["sleep", "1000"], start_new_session=True)
              (RENDEZVOUS / "daemon.pid").write_text(str(daemon.pid))
              os._exit(0)
          os.waitpid(pid, 0)
          assert (RENDEZVOUS / "daemon.pid").exists()


      def test_b_the_daemon_is_gone():
          pid = int((RENDEZVOUS / "daemon.pid").read_text())
          try:
              os.kill(pid, 0)
          except ProcessLookupError:
              return
          raise AssertionError(f"the daemon {pid} outlived its test")
      """;

  private static final String ENDINGS = """
      import ctypes
      import os
      import time


      def test_segfault():
          ctypes.string_at(0)


      def test_abort():
          os.abort()


      def test_exit():
          os._exit(3)


      def test_sleeps_forever():
          time.sleep(10**6)
      """;

  @TempDir Path dir;
  private Path rendezvous;

  @BeforeEach
  void rendezvous() throws IOException {
    rendezvous = Files.createTempDirectory(Path.of("/var/tmp"), "tach-sandbox-it-");
  }

  @AfterEach
  void cleanUp() {
    TachRun.killLeftovers(dir, "sleep 1000");
    TachRun.deleteTree(rendezvous);
  }

  private TachRun run(String... args) {
    String[] all = Stream.concat(
            Stream.of("--format", "json", "-n", "2", "--timeout", "5"), Stream.of(args))
        .toArray(String[]::new);
    List<String> withBasetemp = Stream.concat(Stream.of(all), Stream.of("--", "--basetemp=" + rendezvous.resolve("base")))
        .toList();
    return TachRun.run(dir, Map.of("TACH_IT_RENDEZVOUS", rendezvous.toString()), withBasetemp.toArray(String[]::new));
  }

  private static void assumeFullSandbox(TachRun run) {
    assumeThat(run.event("run_start").path("sandbox").asText())
        .as("the full sandbox is unavailable here: %s", run.stderr)
        .isEqualTo("landlock-seccomp");
  }

  @Test
  void twoTestsBindTheSamePortAndCreateTheSameTmpFileExclusivelyAtTheSameMoment() {
    TachRun.project(dir,
        "pytest.ini", "[pytest]\n",
        "conftest.py", CONFTEST,
        "test_first.py", HOLDER.formatted("first", "second"),
        "test_second.py", HOLDER.formatted("second", "first"));
    TachRun run = run();
    assumeFullSandbox(run);
    assertThat(run.statuses()).as(run.toString()).containsOnly(
        Map.entry("test_first.py::test_holds_port_1616_and_tmp_x_db_while_the_other_test_holds_them_too", "pass"),
        Map.entry("test_second.py::test_holds_port_1616_and_tmp_x_db_while_the_other_test_holds_them_too", "pass"));
    assertThat(Path.of("/tmp/x.db")).doesNotExist();
  }

  @Test
  void confinedTestsLeaveNothingInTheProjectAndCannotTouchTheMachine() throws IOException {
    TachRun.project(dir,
        "pytest.ini", "[pytest]\n",
        "conftest.py", CONFTEST,
        "data.txt", "original",
        "test_confined.py", CONFINED,
        "test_daemon.py", DAEMON,
        "test_endings.py", ENDINGS);
    TachRun run = run();
    assumeFullSandbox(run);
    assertThat(run.statuses()).as(run.toString()).containsOnly(
        Map.entry("test_confined.py::test_writes_into_the_project_work_inside_the_test", "pass"),
        Map.entry("test_confined.py::test_writing_outside_the_sandbox_is_refused[" + System.getProperty("user.home") + "]", "pass"),
        Map.entry("test_confined.py::test_writing_outside_the_sandbox_is_refused[/etc]", "pass"),
        Map.entry("test_confined.py::test_mount_fails_with_eperm", "pass"),
        Map.entry("test_confined.py::test_ptrace_of_the_supervisor_fails_with_eperm", "pass"),
        Map.entry("test_confined.py::test_tmp_path_subprocesses_and_dev_null_still_work", "pass"),
        Map.entry("test_daemon.py::test_a_leaves_a_setsid_daemon_behind", "pass"),
        Map.entry("test_daemon.py::test_b_the_daemon_is_gone", "pass"),
        Map.entry("test_endings.py::test_segfault", "crash"),
        Map.entry("test_endings.py::test_abort", "crash"),
        Map.entry("test_endings.py::test_exit", "crash"),
        Map.entry("test_endings.py::test_sleeps_forever", "timeout"));
    assertThat(dir.resolve("written-by-test.txt")).doesNotExist();
    assertThat(dir.resolve("data.txt")).hasContent("original");
    assertThat(Path.of(System.getProperty("user.home"), "tach-sandbox-it")).doesNotExist();
    assertThat(Path.of("/etc/tach-sandbox-it")).doesNotExist();
  }

  @Test
  void withoutIsolationTheSameWritesReachTheProject() {
    TachRun.project(dir,
        "pytest.ini", "[pytest]\n",
        "conftest.py", CONFTEST,
        "data.txt", "original",
        "test_confined.py", CONFINED);
    TachRun run = run("--no-isolation", "-k", "project");
    assertThat(run.event("run_start").path("sandbox").asText()).isEqualTo("none");
    assertThat(run.statuses()).as(run.toString())
        .containsExactly(Map.entry("test_confined.py::test_writes_into_the_project_work_inside_the_test", "pass"));
    assertThat(dir.resolve("written-by-test.txt")).hasContent("hello");
  }

  @Test
  void aWorkerThatCannotEnterTheSandboxWarnsOnceWithE012AndItsTestsStillRun() throws IOException {
    // overlayfs options cannot carry a ',' in a path: the worker layer fails on every worker.
    Path odd = Files.createDirectories(dir.resolve("odd,name"));
    TachRun.project(odd, "pytest.ini", "[pytest]\n", "test_ok.py", "def test_a():\n    pass\n\ndef test_b():\n    pass\n");
    TachRun run = TachRun.run(odd, "-n", "2", "--sandbox", "namespaces");
    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.stderr.lines().filter(l -> l.startsWith("warning E012: ")).toList())
        .as(run.toString())
        .singleElement().asString().contains("overlays").contains("odd,name");
  }

  @Test
  void anUnknownSandboxIsAConfigurationError() {
    TachRun run = TachRun.run(dir, "--sandbox", "jail");
    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.stderr).contains("E002").contains("no sandbox backend named \"jail\"");
  }
}
