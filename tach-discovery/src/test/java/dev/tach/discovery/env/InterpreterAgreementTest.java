package dev.tach.discovery.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tach.discovery.testing.ExternalCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Asks real interpreters ({@code -Dtach.python}, virtual environments made from it, pyenv's
 * 3.8/3.12/3.13 and the system's {@code /usr/bin/python3} when present) for {@code
 * sys.version_info}, {@code sys.path}, {@code sys.builtin_module_names} and {@code
 * importlib.util.find_spec(name)} of ~80 modules, and compares with what {@link PythonEnvironment}
 * reads from disk. {@link Importability#UNKNOWN} may stand for either answer; {@code YES} for a
 * module Python cannot find, or {@code NO} for one it can, fails.
 */
@Tag("pytest")
class InterpreterAgreementTest {

  @TempDir Path work;

  private static final List<String> MODULES =
      List.of(
          // standard library, packages and submodules, extension modules
          "os",
          "json",
          "json.decoder",
          "collections.abc",
          "xml",
          "xml.etree",
          "xml.etree.ElementTree",
          "email.mime.text",
          "importlib.metadata",
          "concurrent.futures",
          "asyncio",
          "unittest.mock",
          "sqlite3",
          "ctypes",
          "curses",
          "lzma",
          "bz2",
          "zlib",
          "ssl",
          "_ssl",
          "_decimal",
          "decimal",
          "math",
          "array",
          "_json",
          "distutils",
          "lib2to3",
          "imp",
          "asynchat",
          "telnetlib",
          "tomllib",
          "zoneinfo",
          "graphlib",
          "encodings.utf_8",
          "ensurepip",
          "venv",
          "pydoc_data.topics",
          "this",
          // builtins and frozen modules
          "sys",
          "builtins",
          "_thread",
          "itertools",
          "posix",
          "_io",
          "time",
          "gc",
          "marshal",
          "_warnings",
          "_imp",
          "_frozen_importlib",
          "_frozen_importlib_external",
          "__hello__",
          "__phello__.spam",
          "os.path",
          "zipimport",
          "_tokenize",
          "_typing",
          // third-party, when installed
          "pytest",
          "_pytest",
          "_pytest.main",
          "pluggy",
          "numpy",
          "numpy.linalg",
          "networkx",
          "networkx.algorithms.shortest_paths",
          "sympy",
          "setuptools",
          "pip",
          "scipy",
          // missing
          "nonexistent_xyz_tach",
          "numpy.nonexistent_tach",
          "json.nonexistent_tach",
          "xml.nonexistent_tach",
          "string.nonexistent_tach",
          "sys.nonexistent_tach",
          "os.nonexistent_tach",
          // made here on PYTHONPATH
          "tachns",
          "tachns.a",
          "tachns.b",
          "tachns.sub",
          "tachns.sub.mod",
          "tachns.missing",
          "tachpkg",
          "tachpkg.mod",
          "tachpkg.missing",
          "tachmod",
          "tachmod.sub",
          "shadow",
          "tachso",
          "tachpyc");

  private static final String SCRIPT =
      String.join(
          "\n",
          "import sys, json, importlib.util, io, contextlib",
          "path = sys.path[1:]",
          "specs = {}",
          "for m in sys.argv[1].split(','):",
          "    try:",
          "        with contextlib.redirect_stdout(io.StringIO()):",
          "            s = importlib.util.find_spec(m)",
          "        specs[m] = {'found': s is not None, 'origin': s.origin if s else None}",
          "    except Exception as e:",
          "        specs[m] = {'found': False, 'origin': None}",
          "print(json.dumps({'executable': sys.executable, 'version': list(sys.version_info[:3]),",
          "    'path': path, 'builtins': sorted(sys.builtin_module_names), 'specs': specs}))",
          "");

  @ParameterizedTest
  @ValueSource(
      strings = {
        "configured",
        "venv",
        "venvWithSystemSitePackages",
        "pyenv:3.8",
        "pyenv:3.12",
        "pyenv:3.13",
        "system:/usr/bin/python3"
      })
  void staticEnvironmentAgreesWithTheInterpreter(String kind) throws Exception {
    Path dir1 = Files.createDirectories(work.resolve("pp1"));
    Path dir2 = Files.createDirectories(work.resolve("pp2"));
    write(dir1.resolve("tachns/a.py"));
    write(dir1.resolve("tachns/sub/mod.py"));
    write(dir2.resolve("tachns/b.py"));
    write(dir1.resolve("tachpkg/__init__.py"));
    write(dir1.resolve("tachpkg/mod.py"));
    write(dir2.resolve("tachmod.py"));
    Files.createDirectories(dir1.resolve("shadow"));
    write(dir2.resolve("shadow.py"));
    write(dir2.resolve("tachso.so"));
    write(dir2.resolve("tachpyc.pyc"));
    Path cwd = Files.createDirectories(work.resolve("cwd"));

    Path interpreter = interpreter(kind);
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("PYTHONPATH", dir1 + ":" + dir2);
    env.remove("PYTHONHOME");
    env.remove("PYTHONNOUSERSITE");
    env.remove("PYTHONSAFEPATH");

    Map<String, String> processEnv = new HashMap<>();
    processEnv.put("PYTHONPATH", env.get("PYTHONPATH"));
    processEnv.put("PYTHONHOME", null);
    processEnv.put("PYTHONNOUSERSITE", null);
    processEnv.put("PYTHONSAFEPATH", null);
    processEnv.put("PYTHONWARNINGS", "ignore");
    ExternalCommand.Result result =
        ExternalCommand.run(
            List.of(interpreter.toString(), "-c", SCRIPT, String.join(",", MODULES)),
            cwd,
            processEnv,
            120);
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    JsonNode real = new ObjectMapper().readTree(result.stdout());

    PythonEnvironment ours = PythonEnvironment.read(interpreter, env, cwd);

    JsonNode version = real.get("version");
    assertThat(ours.version().major()).isEqualTo(version.get(0).asInt());
    assertThat(ours.version().minor()).isEqualTo(version.get(1).asInt());
    if (ours.version().micro().isPresent()) {
      assertThat(ours.version().micro().getAsInt()).isEqualTo(version.get(2).asInt());
    }

    List<String> realPath = new ArrayList<>();
    real.get("path").forEach(p -> realPath.add(p.asText()));
    assertThat(ours.sysPath()).extracting(Path::toString).containsExactlyElementsOf(realPath);

    TreeSet<String> realBuiltins = new TreeSet<>();
    real.get("builtins").forEach(b -> realBuiltins.add(b.asText()));
    assertThat(new TreeSet<>(ours.builtinModuleNames())).isEqualTo(realBuiltins);

    int unknown = 0;
    List<String> wrong = new ArrayList<>();
    for (String module : MODULES) {
      JsonNode spec = real.get("specs").get(module);
      boolean found = spec.get("found").asBoolean();
      Importability answer = ours.isImportable(module);
      if (answer == Importability.UNKNOWN) {
        unknown++;
      } else if ((answer == Importability.YES) != found) {
        wrong.add(module + ": python " + found + ", Tach " + answer);
      } else if (found && spec.get("origin").asText("").endsWith(".py")) {
        Optional<Path> file = ours.findModuleFile(module, List.of());
        if (!file.map(Path::toString).equals(Optional.of(spec.get("origin").asText()))) {
          wrong.add(module + ": python imports " + spec.get("origin").asText() + ", Tach " + file);
        }
      }
    }
    assertThat(wrong).as("modules Tach answers differently").isEmpty();
    if (kind.equals("venv")) {
      assertThat(ours.isPartlyDynamic()).as("hooks: " + ours.dynamicHooks()).isFalse();
    }
    System.out.println(
        kind
            + " ("
            + real.get("executable").asText()
            + ", "
            + ours.version()
            + "): sys.path, builtins and "
            + (MODULES.size() - unknown)
            + " of "
            + MODULES.size()
            + " find_spec answers agree; "
            + unknown
            + " unknown (dynamic hooks: "
            + ours.dynamicHooks().size()
            + ")");
  }

  private Path interpreter(String kind) throws IOException, InterruptedException {
    String python = ExternalCommand.python();
    switch (kind) {
      case "configured" -> {
        return onPath(python);
      }
      case "venv", "venvWithSystemSitePackages" -> {
        Path venv = work.resolve("venv");
        List<String> command = new ArrayList<>(List.of(python, "-m", "venv", "--without-pip"));
        if (kind.equals("venvWithSystemSitePackages")) {
          command.add("--system-site-packages");
        }
        command.add(venv.toString());
        ExternalCommand.Result made = ExternalCommand.run(command, work, Map.of(), 120);
        assumeTrue(made.exitCode() == 0, "cannot make a venv: " + made.stderr());
        return venv.resolve("bin/python");
      }
      default -> {
        if (kind.startsWith("system:")) {
          Path system = Path.of(kind.substring("system:".length()));
          if (!Files.isExecutable(system)) {
            System.out.println("skipped: no " + system);
          }
          assumeTrue(Files.isExecutable(system), "no " + system);
          return system;
        }
        String version = kind.substring("pyenv:".length());
        ExternalCommand.Result prefix;
        try {
          prefix = ExternalCommand.run(List.of("pyenv", "prefix", version), work, Map.of(), 60);
        } catch (IOException e) {
          throw e;
        }
        if (prefix.exitCode() != 0) {
          System.out.println("skipped: pyenv has no " + version);
        }
        assumeTrue(prefix.exitCode() == 0, "pyenv has no " + version);
        return Path.of(prefix.stdout().strip().split("\n")[0], "bin", "python" + version);
      }
    }
  }

  /** Finds a command on PATH as a shell would, so that a pyenv shim is given as it is. */
  private static Path onPath(String command) {
    if (command.contains("/")) {
      return Path.of(command).toAbsolutePath();
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, command);
      if (Files.isExecutable(candidate)) {
        return candidate.toAbsolutePath();
      }
    }
    System.out.println("skipped: " + command + " is not on PATH");
    assumeTrue(false, command + " is not on PATH");
    return null;
  }

  private static void write(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, "");
  }
}
