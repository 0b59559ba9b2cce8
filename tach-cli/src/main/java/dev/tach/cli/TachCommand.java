package dev.tach.cli;

import dev.tach.api.Api;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The options of {@code tach}; {@link Main} turns them into a run. */
@Api(Api.Status.INTERNAL)
@Command(
    name = "tach",
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Runs a pytest suite: collects once in a Python zygote, then runs every test isolated in",
      "a fork of a worker, in parallel. Arguments after -- go to pytest as they are."
    },
    footer = {
      "",
      "Environment: TACH_FORMAT (human|json), TACH_JUNIT_XML (path), TACH_NO_ISOLATION=1, VIRTUAL_ENV, NO_COLOR.",
      "Exit codes: 0 all passed, 1 tests failed, 2 configuration error, 3 no tests / discovery",
      "error, 4 runtime error, 130 interrupted."
    })
public final class TachCommand {

  @Parameters(paramLabel = "PATH|NODEID", description = "Files, directories or node ids to run (default: pytest's testpaths).")
  List<String> selectors = new ArrayList<>();

  @Option(names = "-k", paramLabel = "EXPR", description = "Only tests whose names match EXPR (pytest -k).")
  String keyword;

  @Option(names = "-m", paramLabel = "EXPR", description = "Only tests whose markers match EXPR (pytest -m).")
  String markers;

  @Option(names = {"-x", "--exitfirst"}, description = "Stop after the first failure.")
  boolean exitFirst;

  @Option(names = "--maxfail", paramLabel = "N", description = "Stop after N failures.")
  Integer maxFail;

  @Option(names = {"-n", "--workers"}, paramLabel = "N|auto", description = "Number of workers (default: [tool.tach] workers, else one per CPU).")
  String workers;

  @Option(names = "--timeout", paramLabel = "SECONDS", description = "Per-test timeout; a test over it is killed and reported as timeout. @pytest.mark.timeout(N) wins.")
  Double timeout;

  @Option(names = "--isolation", paramLabel = "NAME", description = "fork (default): a fresh fork per test; none: tests share their worker, like pytest-xdist.")
  String isolation;

  @Option(
      names = "--sandbox",
      paramLabel = "NAME",
      description = "Sandbox backend: landlock-seccomp, namespaces, degraded or none (default: the best this machine allows; see tach doctor).")
  String sandbox;

  @Option(
      names = "--no-isolation",
      description = "No sandbox: tests share the machine's network and files (also TACH_NO_ISOLATION=1).")
  boolean noIsolation;

  @Option(
      names = "--no-import-inheritance",
      description = "In fork mode, do not import in the worker what a test child imported (each child then imports it again).")
  boolean noImportInheritance;

  @Option(
      names = "--report-leaks",
      description = "List what each test left behind: processes, threads, files written into the project, changed environment variables.")
  boolean reportLeaks;

  @Option(names = "--fail-on-leak", description = "A passing test that left something behind fails (implies --report-leaks).")
  boolean failOnLeak;

  @Option(names = "--format", paramLabel = "human|json", description = "Output: human (default) or json (NDJSON events on stdout).")
  String format;

  @Option(names = "--junit-xml", paramLabel = "FILE", description = "Also write a JUnit XML report to FILE.")
  Path junitXml;

  @Option(names = "--reporter", paramLabel = "NAME", description = "Also use the reporter plugin NAME (repeatable).")
  List<String> reporters = new ArrayList<>();

  @Option(names = "--durations", paramLabel = "N", description = "List the N slowest tests.")
  int durations;

  @Option(names = "--python", paramLabel = "PATH", description = "The interpreter (default: $VIRTUAL_ENV, .venv/, python3 on PATH).")
  Path python;

  @Option(names = {"-q", "--quiet"}, description = "Less output.")
  boolean[] quiet = new boolean[0];

  @Option(names = {"-v", "--verbose"}, description = "More output: one line per test.")
  boolean[] verbose = new boolean[0];

  @Option(names = "--color", paramLabel = "auto|always|never", description = "Colour the human output (default: auto).")
  String color = "auto";

  @Option(names = "--debug", description = "Show stack traces and keep the harness logs.")
  boolean debug;

  @Option(names = {"-V", "--version"}, versionHelp = true, description = "Print the version and exit.")
  boolean versionRequested;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean helpRequested;
}
