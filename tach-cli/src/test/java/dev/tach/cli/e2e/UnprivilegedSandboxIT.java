package dev.tach.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same sandbox for a user who is not root: tach runs as uid 65534 (nobody) through
 * {@code setpriv}, with the system's Python and pytest unpacked from the local wheels, and the
 * harness gets its namespaces through a user namespace. Skipped with the reason where the
 * machine cannot do that (not root to switch users, no setpriv, no wheels, or unprivileged
 * user namespaces refused).
 */
class UnprivilegedSandboxIT {
  private static final Path SETPRIV = Path.of("/usr/bin/setpriv");
  private static final Path SYSTEM_PYTHON = Path.of("/usr/bin/python3");
  private static final Path WHEELS = Path.of("/opt/pypi/files");
  private static final List<String> PYTEST_WHEELS = List.of("pytest-9", "pluggy-", "iniconfig-", "packaging-");

  @TempDir Path base;

  @AfterEach
  void nothingOfTheRunIsLeft() {
    TachRun.killLeftovers(base);
  }

  @Test
  void nobodyGetsTheFullSandboxThroughAUserNamespace() throws Exception {
    assumeThat(System.getProperty("user.name")).as("switching to uid 65534 needs root").isEqualTo("root");
    assumeThat(SETPRIV).as("setpriv (util-linux)").isExecutable();
    assumeThat(SYSTEM_PYTHON).as("a Python outside /root").isExecutable();
    List<Path> wheels = pytestWheels();
    assumeThat(wheels).as("pytest's wheels in " + WHEELS).hasSize(PYTEST_WHEELS.size());

    Path site = base.resolve("site");
    for (Path wheel : wheels) {
      unzip(wheel, site);
    }
    Path project = TachRun.project(base.resolve("project"),
        "pytest.ini", "[pytest]\n",
        "data.txt", "original",
        "test_nobody.py", """
            import os
            import socket
            import pathlib

            import pytest

            HERE = pathlib.Path(__file__).parent


            def test_binds_port_1616_and_writes_the_project():
                with socket.socket() as server:
                    server.bind(("127.0.0.1", 1616))
                (HERE / "data.txt").write_text("changed")
                assert os.getuid() == 0  # root inside its own user namespace only:
                assert open("/proc/self/uid_map").read().split() == ["0", "65534", "1"]


            def test_etc_and_home_are_refused():
                for where in ("/etc", "/root"):
                    with pytest.raises(PermissionError):
                        open(os.path.join(where, "tach-nobody"), "w")
            """);
    Path cache = Files.createDirectories(base.resolve("cache"));
    chownTree(base, "nobody");

    List<String> command = new ArrayList<>(List.of(
        SETPRIV.toString(), "--reuid=65534", "--regid=65534", "--clear-groups", "--"));
    command.addAll(TachRun.command(List.of(), "--format", "json", "-n", "2", "--python", SYSTEM_PYTHON.toString()));
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PYTHONPATH", site.toString());
    env.put("XDG_CACHE_HOME", cache.toString());
    env.put("HOME", base.toString());
    Path out = base.resolve("out.ndjson");
    Path err = base.resolve("err.txt");
    Process tach = TachRun.start(project, env, command, out, err);
    try {
      assertThat(tach.waitFor(180, TimeUnit.SECONDS)).as("tach finishes").isTrue();
    } finally {
      tach.destroyForcibly();
    }
    String stderr = Files.readString(err);
    List<JsonNode> events = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    for (String line : Files.readAllLines(out)) {
      if (!line.isBlank()) {
        events.add(json.readTree(line));
      }
    }
    JsonNode start = events.stream().filter(e -> e.path("event").asText().equals("run_start")).findFirst()
        .orElseThrow(() -> new AssertionError("no run_start; stderr:\n" + stderr));
    assumeThat(start.path("sandbox").asText()).as("the full sandbox for nobody here: %s", stderr)
        .isEqualTo("landlock-seccomp");
    Map<String, String> statuses = new LinkedHashMap<>();
    events.stream().filter(e -> e.path("event").asText().equals("test_finished"))
        .forEach(e -> statuses.put(e.path("test").asText(), e.path("status").asText()));
    assertThat(statuses).as(stderr + "\n" + events).containsOnly(
        Map.entry("test_nobody.py::test_binds_port_1616_and_writes_the_project", "pass"),
        Map.entry("test_nobody.py::test_etc_and_home_are_refused", "pass"));
    assertThat(project.resolve("data.txt")).hasContent("original");
  }

  private static List<Path> pytestWheels() throws IOException {
    if (!Files.isDirectory(WHEELS)) {
      return List.of();
    }
    List<Path> found = new ArrayList<>();
    try (Stream<Path> files = Files.list(WHEELS)) {
      List<Path> all = files.filter(p -> p.toString().endsWith("-py3-none-any.whl")).sorted().toList();
      for (String prefix : PYTEST_WHEELS) {
        all.stream().filter(p -> p.getFileName().toString().startsWith(prefix)).reduce((a, b) -> b).ifPresent(found::add);
      }
    }
    return found;
  }

  private static void unzip(Path wheel, Path into) throws IOException {
    try (InputStream in = Files.newInputStream(wheel); ZipInputStream zip = new ZipInputStream(in)) {
      for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
        Path target = into.resolve(entry.getName()).normalize();
        if (!target.startsWith(into)) {
          throw new IOException("a wheel entry outside its directory: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(zip, target);
        }
      }
    }
  }

  private static void chownTree(Path root, String user) throws IOException {
    UserPrincipalLookupService users = root.getFileSystem().getUserPrincipalLookupService();
    var owner = users.lookupPrincipalByName(user);
    var group = users.lookupPrincipalByGroupName("nogroup");
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.toList()) {
        Files.setOwner(p, owner);
        Files.getFileAttributeView(p, java.nio.file.attribute.PosixFileAttributeView.class).setGroup(group);
      }
    }
  }
}
