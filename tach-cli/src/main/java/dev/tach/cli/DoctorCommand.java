package dev.tach.cli;

import dev.tach.api.Api;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The options of {@code tach doctor}: what this machine gives a run, and what is missing. */
@Api(Api.Status.INTERNAL)
@Command(
    name = "doctor",
    aliases = "self-test",
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Checks what a run would get here: kernel, Landlock, seccomp, userfaultfd,",
      "namespaces, overlayfs, cgroup v2, Python, pytest, the sandbox backend and",
      "the isolation strategy. One line per item: ok, warn (a run works without",
      "it) or fail, with the error code and a fix for what is missing."
    },
    footer = {
      "",
      "Exit codes: 0 a run would work (warnings included); 2 it would not: Python",
      "or pytest unusable (E005, E007), an unknown or unavailable isolation",
      "strategy (E002, E019)."
    })
public final class DoctorCommand {

  @Option(names = "--python", paramLabel = "PATH", description = "The interpreter to check (default: the one a run would use).")
  Path python;

  @Option(names = "--sandbox", paramLabel = "NAME", description = "Show what a run forced to this sandbox backend would get (none: isolation off).")
  String sandbox;

  @Option(names = "--format", paramLabel = "text|json", description = "text (default): one line per item; json: one document.")
  String format = "text";

  @Option(names = "--debug", description = "Show stack traces, the probes' timings and the harness probe's output.")
  boolean debug;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean helpRequested;
}
