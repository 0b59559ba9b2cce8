package dev.tach.cli;

import dev.tach.api.Api;
import dev.tach.api.ErrorCode;
import dev.tach.api.ExitCode;
import dev.tach.api.RunRequest;
import dev.tach.api.RunSummary;
import dev.tach.api.TachException;
import dev.tach.api.spi.ReporterContext;
import dev.tach.cli.internal.RunService;
import dev.tach.cli.internal.CompositionRoot;
import dev.tach.cli.internal.DoctorService;
import dev.tach.cli.internal.ListService;
import dev.tach.scheduler.Engine;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;

/** {@code tach [OPTIONS] [PATHS or NODE IDS…] [-- PYTEST ARGS…]}. */
@Api(Api.Status.INTERNAL)
public final class Main {
  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;
  private final Path cwd;
  private final boolean interactive;

  public Main(PrintStream out, PrintStream err, Map<String, String> env, Path cwd, boolean interactive) {
    this.out = out;
    this.err = err;
    this.env = Map.copyOf(env);
    this.cwd = cwd;
    this.interactive = interactive;
  }

  public static void main(String[] args) {
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, java.nio.charset.StandardCharsets.UTF_8);
    int code =
        new Main(out, System.err, System.getenv(), Path.of("").toAbsolutePath(), System.console() != null)
            .execute(args);
    out.flush();
    System.exit(code);
  }

  /** Runs the command line and returns the exit code; never throws. */
  public int execute(String... args) {
    int split = Arrays.asList(args).indexOf("--");
    String[] own = split < 0 ? args : Arrays.copyOfRange(args, 0, split);
    List<String> passThrough = split < 0 ? List.of() : List.of(Arrays.copyOfRange(args, split + 1, args.length));
    TachCommand command = new TachCommand();
    ListCommand listCommand = new ListCommand();
    DoctorCommand doctorCommand = new DoctorCommand();
    CommandLine cli =
        new CommandLine(command)
            .addSubcommand("list", listCommand)
            .addSubcommand("doctor", doctorCommand)
            .setCaseInsensitiveEnumValuesAllowed(true);
    boolean debug = Arrays.asList(own).contains("--debug");
    try {
      CommandLine.ParseResult parsed = cli.parseArgs(own);
      if (parsed.subcommand() != null) {
        CommandLine sub = parsed.subcommand().commandSpec().commandLine();
        if (sub.isUsageHelpRequested()) {
          sub.usage(out);
          return ExitCode.OK;
        }
        if (sub.getCommand() == doctorCommand) {
          return doctor(doctorCommand);
        }
        return list(listCommand, passThrough);
      }
      if (cli.isUsageHelpRequested()) {
        cli.usage(out);
        return ExitCode.OK;
      }
      if (cli.isVersionHelpRequested()) {
        out.println("tach " + RunService.version());
        return ExitCode.OK;
      }
      return run(command, passThrough);
    } catch (CommandLine.ParameterException e) {
      err.println("error[E002]: " + e.getMessage() + " (hint: tach --help)");
      return ExitCode.CONFIG_ERROR;
    } catch (TachException e) {
      err.println(e.oneLine());
      if (debug) {
        e.printStackTrace(err);
      }
      return e.code().exitCode();
    } catch (RuntimeException | Error e) {
      err.println(
          "error[" + ErrorCode.E020 + "]: internal error: " + e.toString().lines().findFirst().orElse("")
              + (debug ? "" : " (hint: run with --debug for the stack trace and report it)"));
      if (debug) {
        e.printStackTrace(err);
      }
      return ErrorCode.E020.exitCode();
    } finally {
      out.flush();
    }
  }

  private int list(ListCommand c, List<String> passThrough) {
    List<String> pytestArgs = new ArrayList<>(c.selectors);
    if (c.keyword != null) {
      pytestArgs.addAll(List.of("-k", c.keyword));
    }
    if (c.markers != null) {
      pytestArgs.addAll(List.of("-m", c.markers));
    }
    pytestArgs.addAll(passThrough);
    return ListService.list(
        new ListService.ListRequest(
            cwd,
            pytestArgs,
            c.format,
            c.fixtures,
            c.toxic,
            c.noIgnore,
            !c.noCache,
            java.util.Optional.ofNullable(c.python),
            c.debug,
            env),
        out,
        err);
  }

  private int doctor(DoctorCommand c) {
    return CompositionRoot.doctorService(env)
        .doctor(
            new DoctorService.DoctorRequest(
                cwd, java.util.Optional.ofNullable(c.python), java.util.Optional.ofNullable(c.sandbox), c.format, c.debug, env),
            out,
            err);
  }

  private int run(TachCommand c, List<String> passThrough) {
    RunRequest.Builder request = RunRequest.builder(cwd);
    request.select(c.selectors.toArray(String[]::new)).pytestArgs(passThrough.toArray(String[]::new));
    if (c.keyword != null) {
      request.keyword(c.keyword);
    }
    if (c.markers != null) {
      request.markers(c.markers);
    }
    if (c.exitFirst && c.maxFail != null) {
      throw new TachException(ErrorCode.E002, "-x and --maxfail both given", "use one");
    }
    if (c.maxFail != null && c.maxFail < 1) {
      throw new TachException(ErrorCode.E002, "--maxfail must be at least 1, got " + c.maxFail, "");
    }
    request.maxFail(c.exitFirst ? 1 : c.maxFail == null ? 0 : c.maxFail);
    if (c.workers != null) {
      request.workers(parseWorkers(c.workers));
    }
    if (c.timeout != null) {
      if (!(c.timeout > 0)) {
        throw new TachException(ErrorCode.E002, "--timeout must be a positive number of seconds, got " + c.timeout, "");
      }
      request.timeout(Duration.ofMillis((long) (c.timeout * 1000)));
    }
    if (c.isolation != null) {
      request.isolation(c.isolation);
    }
    if (c.noIsolation && c.sandbox != null && !c.sandbox.equals("none")) {
      throw new TachException(
          ErrorCode.E002, "--no-isolation and --sandbox " + c.sandbox + " contradict each other", "drop one");
    }
    if (c.noIsolation) {
      request.sandbox("none");
    } else if (c.sandbox != null) {
      request.sandbox(c.sandbox);
    }
    if (c.python != null) {
      request.python(c.python);
    }
    if (c.noImportInheritance) {
      request.env("TACH_IMPORT_INHERITANCE", "0");
    }
    request.reportLeaks(c.reportLeaks).failOnLeak(c.failOnLeak);

    String format = c.format != null ? c.format : env.getOrDefault("TACH_FORMAT", "human");
    if (!format.equals("human") && !format.equals("json")) {
      throw new TachException(ErrorCode.E002, "unknown --format \"" + format + "\"", "use human or json");
    }
    List<String> reporterNames = new ArrayList<>();
    reporterNames.add(format);
    Map<String, String> options = new LinkedHashMap<>();
    Path junit = c.junitXml != null ? c.junitXml : env.containsKey("TACH_JUNIT_XML") ? Path.of(env.get("TACH_JUNIT_XML")) : null;
    if (junit != null) {
      reporterNames.add("junit-xml");
      options.put("junit-xml.path", cwd.resolve(junit).toString());
    }
    reporterNames.addAll(c.reporters);
    ReporterContext context =
        new ReporterContext(out, err, cwd, c.verbose.length - c.quiet.length, color(c.color), c.durations, options);

    RunService service = CompositionRoot.runService(env, true, List.of(), List.of());
    AtomicReference<Engine> engine = new AtomicReference<>();
    // Ctrl-C / SIGTERM: the hook stops the harness and lets the reporters flush what finished.
    Thread hook = new Thread(() -> {
      Engine running = engine.get();
      if (running != null) {
        running.interrupt();
      }
      out.flush();
    }, "tach-interrupt");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      RunSummary summary = service.run(request.build(), reporterNames, context, engine::set, c.debug);
      return summary.exitCode();
    } finally {
      engine.set(null);
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The JVM is already exiting (an interrupt): the hook is running.
      }
    }
  }

  private static int parseWorkers(String value) {
    if (value.equals("auto")) {
      return Runtime.getRuntime().availableProcessors();
    }
    try {
      int n = Integer.parseInt(value);
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // Falls through to the error below.
    }
    throw new TachException(ErrorCode.E002, "-n must be a positive number or auto, got \"" + value + "\"", "");
  }

  private boolean color(String mode) {
    return switch (mode) {
      case "always" -> true;
      case "never" -> false;
      case "auto" -> interactive && !env.containsKey("NO_COLOR") && !"dumb".equals(env.get("TERM"));
      default -> throw new TachException(ErrorCode.E002, "unknown --color \"" + mode + "\"", "use auto, always or never");
    };
  }
}
